/* Front matter: good blocks of every kind fill the struct, and every kind of
 * bad block gets its message at the exact file:line:col, counting the YAML from
 * line 2 of the file as load.c does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "diag.h"
#include "buf.h"
#include "frontmatter.h"

static struct frontmatter fm;
static struct diags d;

/* Parses yaml as the front matter of content/sv/x.md after releasing what the
 * previous case left, so that LeakSanitizer sees every path. */
static int S_parse(const char *yaml)
{
	frontmatter_release(&fm);
	diags_release(&d);
	return frontmatter_parse(&fm, yaml, strlen(yaml), "content/sv/x.md", 2,
				 &d);
}

#define CHECK_DIAG(i, sev_, line_, col_, msg_)                                 \
	do {                                                                   \
		CHECK(d.n > (i));                                              \
		if (d.n > (i)) {                                               \
			CHECK(d.v[i].sev == (sev_));                           \
			CHECK(d.v[i].line == (line_));                         \
			CHECK(d.v[i].col == (col_));                           \
			CHECK_STR(d.v[i].msg, msg_);                           \
			CHECK_STR(d.v[i].path, "content/sv/x.md");             \
		}                                                              \
	} while (0)

static void S_good_page(void)
{
	CHECK(S_parse("title: Asyl i Sverige\n"
		      "summary: Hur det går till.\n"
		      "updated: 2024-02-29\n"
		      "order: 3\n"
		      "source: 6f1c0d2e9a7b4c35\n") == 0);
	CHECK(d.n == 0);
	CHECK_STR(fm.title, "Asyl i Sverige");
	CHECK_STR(fm.summary, "Hur det går till.");
	CHECK(fm.kind == KIND_PAGE);
	CHECK_STR(fm.updated, "2024-02-29");
	CHECK_STR(fm.source, "6f1c0d2e9a7b4c35");
	CHECK(fm.order == 3 && fm.has_order);
	CHECK(fm.term == NULL && fm.contact == NULL && fm.nphones == 0);

	/* A blank optional value is absent, not an error. */
	CHECK(S_parse("title: x\nsummary:\norder: -2\n") == 0);
	CHECK(d.n == 0);
	CHECK(fm.summary == NULL);
	CHECK(fm.order == -2 && fm.has_order);
}

static void S_good_authority(void)
{
	CHECK(S_parse("title: Migrationsverket\n"
		      "kind: authority\n"
		      "contact: kontakter/migrationsverket.md\n"
		      "web: https://www.migrationsverket.se\n") == 0);
	CHECK(d.n == 0);
	CHECK(fm.kind == KIND_AUTHORITY);
	CHECK_STR(fm.contact, "kontakter/migrationsverket");
	CHECK(fm.contact_loc.line == 4);
	CHECK(fm.contact_loc.col == 10);
	CHECK_STR(fm.web, "https://www.migrationsverket.se");

	CHECK(S_parse("kind: municipality\n"
		      "title: Karlskoga kommun\n"
		      "contact: kontakter/karlskoga\n") == 0);
	CHECK(d.n == 0);
	CHECK(fm.kind == KIND_MUNICIPALITY);
	CHECK_STR(fm.contact, "kontakter/karlskoga");
	CHECK_STR(page_kind_name(fm.kind), "municipality");
}

static void S_good_term(void)
{
	/* kind after the term keys: kind is read first wherever it stands. */
	CHECK(S_parse("title: Permanent uppehållstillstånd\n"
		      "term: permanent uppehållstillstånd\n"
		      "abbr: PUT\n"
		      "kind: term\n") == 0);
	CHECK(d.n == 0);
	CHECK(fm.kind == KIND_TERM);
	CHECK_STR(fm.term, "permanent uppehållstillstånd");
	CHECK_STR(fm.abbr, "PUT");
}

static void S_good_contact(void)
{
	CHECK(
	    S_parse("title: Karlskoga kommun\n"
		    "kind: contact\n"
		    "phones:\n"
		    "  - number: \"+4658661000\"\n"
		    "    display: 0586-610 00\n"
		    "    label: Växel\n"
		    "  - {number: \"+46771235235\", display: 0771-235 235}\n"
		    "email: kommun@karlskoga.se\n"
		    "web: http://www.karlskoga.se\n"
		    "address:\n"
		    "  street: Kyrkbacken 6\n"
		    "  postcode: 691 83\n"
		    "  city: Karlskoga\n"
		    "hours:\n"
		    "  - days: mo-fr\n"
		    "    opens: \"08:00\"\n"
		    "    closes: 16:30\n"
		    "  - {days: sa, opens: \"10:00\", closes: \"13:00\"}\n") ==
	    0);
	CHECK(d.n == 0);
	CHECK(fm.kind == KIND_CONTACT);
	CHECK(fm.nphones == 2);
	if (fm.nphones == 2) {
		CHECK_STR(fm.phones[0].e164, "+4658661000");
		CHECK_STR(fm.phones[0].display, "0586-610 00");
		CHECK_STR(fm.phones[0].label, "Växel");
		CHECK_STR(fm.phones[1].e164, "+46771235235");
		CHECK(fm.phones[1].label == NULL);
	}
	CHECK_STR(fm.email, "kommun@karlskoga.se");
	CHECK_STR(fm.web, "http://www.karlskoga.se");
	CHECK_STR(fm.address.street, "Kyrkbacken 6");
	CHECK_STR(fm.address.postcode, "691 83");
	CHECK_STR(fm.address.city, "Karlskoga");
	CHECK(fm.nhours == 2);
	if (fm.nhours == 2) {
		CHECK(fm.hours[0].first_day == 1 && fm.hours[0].last_day == 5);
		CHECK_STR(fm.hours[0].opens, "08:00");
		CHECK_STR(fm.hours[0].closes, "16:30");
		CHECK(fm.hours[1].first_day == 6 && fm.hours[1].last_day == 6);
	}
}

static void S_syntax_errors(void)
{
	CHECK(S_parse("title: x\nweb: a: b\n") < 0);
	CHECK(d.n == 1);
	CHECK_DIAG(0, SEV_ERROR, 3, 7,
		   "invalid front matter: mapping values are not allowed in "
		   "this context (a value with ': ' in it must be in quotes: "
		   "web: \"a: b\")");

	/* Columns count characters: "Åäö" is six bytes but three columns. */
	CHECK(S_parse("title: Åäö: x\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 2, 11,
		   "invalid front matter: mapping values are not allowed in "
		   "this context (a value with ': ' in it must be in quotes: "
		   "title: \"Åäö: x\")");

	/* libyaml's reader gives only a byte offset for bad UTF-8. */
	CHECK(S_parse("title: ok\nsummary: \xC3\xA5\xFF\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 3, 11,
		   "invalid front matter: invalid leading UTF-8 octet");

	CHECK(S_parse("- title\n- x\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 2, 1,
		   "wrong type for front matter: expected lines of 'key: "
		   "value' such as 'title: …', found a list");

	/* load.c ends the block at a bare '---' or '...', but a marker with
	 * something after it still reaches libyaml. */
	CHECK(S_parse("title: x\n... # end\nsummary: y\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 4, 1,
		   "invalid front matter: did not find expected <document "
		   "start>");
	CHECK(S_parse("title: x\n--- # more\nsummary: y\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 4, 1,
		   "front matter holds a second YAML document (remove the "
		   "'---' line before it)");
}

/* Size and nesting are bounded before libyaml reads the text. */
static void S_bounds(void)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "title: x\nsummary: ");
	while (b.len <= FRONTMATTER_MAX_BYTES)
		buf_puts(&b, "ord ");
	CHECK(S_parse(b.ptr) < 0);
	CHECK(d.n == 1);
	CHECK(d.n && d.v[0].line == 1 && d.v[0].col == 1 &&
	      strstr(d.v[0].msg, "front matter is 16386 bytes, more than the "
				 "16384") == d.v[0].msg);
	buf_release(&b);

	/* 16 levels are read; the 17th '[' is the error. */
	CHECK(S_parse("title: x\nx: [[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]\n") == 0);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "unknown key 'x'"));
	CHECK(
	    S_parse("title: x\nweb: {a: [[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]}\n") <
	    0);
	CHECK_DIAG(0, SEV_ERROR, 3, 25,
		   "front matter nests lists or mappings more than 16 deep: "
		   "write it flatter");

	/* Brackets in quoted text and comments are not nesting. */
	CHECK(S_parse("title: \"[[[[[[[[[[[[[[[[[[[[ \\\" [[[[[\"\n"
		      "summary: '[[[[[[[[[[[[[[[[[[[[ '' [[[[[' # [[[[[[[[[\n"
		      "# [[[[[[[[[[[[[[[[[[[[[[\n") == 0);
	/* An apostrophe inside a word does not start a quoted text. */
	CHECK(
	    S_parse("title: it's\nweb: [[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]\n") <
	    0);
	CHECK(d.n && strstr(d.v[0].msg, "nests") != NULL);
}

static void S_missing(void)
{
	CHECK(S_parse("summary: s\n") < 0);
	CHECK(d.n == 1);
	CHECK_DIAG(0, SEV_ERROR, 1, 1,
		   "missing required key 'title' (add a line such as 'title: "
		   "…')");

	CHECK(S_parse("") < 0);
	CHECK_DIAG(0, SEV_ERROR, 1, 1,
		   "missing required key 'title' (add a line such as 'title: "
		   "…')");

	CHECK(S_parse("kind: term\ntitle: PUT\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 1, 1,
		   "missing required key 'term' (add a line such as 'term: "
		   "…')");

	CHECK(S_parse("title:\nsummary: s\n") < 0);
	CHECK(d.n == 1);
	CHECK_DIAG(0, SEV_ERROR, 2, 1,
		   "empty value for 'title' (write it after 'title: ')");
}

static void S_bad_values(void)
{
	CHECK(S_parse("title: x\nupdated: 2018-02-30\n") < 0);
	CHECK(fm.updated == NULL);
	CHECK_DIAG(0, SEV_ERROR, 3, 10,
		   "date '2018-02-30' for 'updated' does not exist (month 02 "
		   "of 2018 has 28 days)");

	CHECK(S_parse("title: x\nupdated: 2018-3-1\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 3, 10,
		   "invalid date '2018-3-1' for 'updated' (write it as "
		   "YYYY-MM-DD, e.g. '2018-03-01', or YYYY-MM or YYYY when the "
		   "day is not known)");

	/* A date as precise as its source. */
	CHECK(S_parse("title: x\nupdated: 2013\n") == 0);
	CHECK_STR(fm.updated, "2013");
	CHECK(S_parse("title: x\nupdated: 2018-03\n") == 0);
	CHECK_STR(fm.updated, "2018-03");
	CHECK(S_parse("title: x\nupdated: 2018-13\n") < 0);

	CHECK(S_parse("title: x\nkind: contakt\n") < 0);
	CHECK(d.n == 1);
	CHECK(fm.kind == KIND_PAGE);
	CHECK_DIAG(0, SEV_ERROR, 3, 7,
		   "unknown kind 'contakt' (use one of page, authority, term, "
		   "contact, municipality; did you mean 'contact'?)");

	CHECK(S_parse("title: x\nsummary: a\ntitle: y\n") < 0);
	CHECK_STR(fm.title, "x");
	CHECK_DIAG(0, SEV_ERROR, 4, 1,
		   "duplicate key 'title' (the first is on line 2; remove one "
		   "of them)");

	CHECK(S_parse("title:\n  sv: Asyl\n") < 0);
	CHECK(fm.title == NULL);
	CHECK(d.n == 1);
	CHECK_DIAG(0, SEV_ERROR, 3, 3,
		   "wrong type for 'title': expected a string, found a mapping "
		   "(write the value on the same line as its key)");

	CHECK(S_parse("title: x\norder: 2.5\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 3, 8,
		   "'order' must be a whole number, not '2.5' (e.g. 'order: "
		   "2')");

	CHECK(S_parse("title: x\nkind: authority\ncontact: ../x\n") < 0);
	CHECK(fm.contact == NULL);
	CHECK_DIAG(0, SEV_ERROR, 4, 10,
		   "invalid contact page '../x' (write its path from the "
		   "language folder without a leading '/' or '..', e.g. "
		   "'kontakter/karlskoga')");
}

static void S_bad_contact(void)
{
	CHECK(S_parse("title: x\n"
		      "kind: contact\n"
		      "phones:\n"
		      "  - number: 0586-610 00\n"
		      "    display: 0586-610 00\n"
		      "  - display: 0771-235 235\n"
		      "  - number: \"+46771235235\"\n"
		      "    display: 0771-235 235\n") < 0);
	CHECK(d.n == 2);
	CHECK_DIAG(0, SEV_ERROR, 5, 13,
		   "phone number '0586-610 00' is not in E.164 form (write "
		   "'+', the country code and the number without spaces or "
		   "the leading 0, e.g. '+4658661000')");
	CHECK_DIAG(1, SEV_ERROR, 7, 5,
		   "missing key 'number' in 'phones' (add a line such as "
		   "'number: +4658661000')");
	/* The good phone is kept; a failed parse is still safe to release. */
	CHECK(fm.nphones == 1);

	CHECK(S_parse("title: x\nkind: contact\nphones: \"+4658661000\"\n") <
	      0);
	CHECK_DIAG(0, SEV_ERROR, 4, 9,
		   "wrong type for 'phones': expected a list of mappings, "
		   "found a string (start each item on its own line with '- "
		   "number: +4658661000')");

	CHECK(S_parse("title: x\n"
		      "kind: contact\n"
		      "hours:\n"
		      "  - {days: fr-mo, opens: \"08:00\", closes: \"16:00\"}\n"
		      "  - {days: mon, opens: \"08:00\", closes: \"16:00\"}\n"
		      "  - {days: mo, opens: \"16:00\", closes: \"08:00\"}\n"
		      "  - {days: mo, opens: \"8:00\", closes: \"16:00\"}\n") <
	      0);
	CHECK(d.n == 4);
	CHECK(fm.nhours == 0);
	CHECK_DIAG(0, SEV_ERROR, 5, 12,
		   "days 'fr-mo' run backwards (write the earlier day first, "
		   "e.g. 'mo-fr'; split a range over the weekend in two)");
	CHECK_DIAG(1, SEV_ERROR, 6, 12,
		   "invalid days 'mon' (use one day or a range of two-letter "
		   "days mo tu we th fr sa su, e.g. 'mo-fr' or 'sa')");
	CHECK_DIAG(2, SEV_ERROR, 7, 40,
		   "closing time '08:00' is not after opening time '16:00'");
	CHECK_DIAG(3, SEV_ERROR, 8, 23,
		   "invalid time '8:00' for 'opens' (write it as HH:MM on a "
		   "24-hour clock, e.g. '08:00' or '16:30')");

	CHECK(S_parse("title: x\nkind: contact\nemail: kommun.se\n"
		      "web: www.kommun.se\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 4, 8,
		   "invalid email address 'kommun.se' (it needs one '@' with a "
		   "name before it and a domain after it)");
	CHECK_DIAG(1, SEV_ERROR, 5, 6,
		   "web address 'www.kommun.se' must start with 'https://' or "
		   "'http://' (e.g. 'https://www.migrationsverket.se')");
}

static void S_warnings(void)
{
	CHECK(S_parse("titel: x\ntitle: y\nfoo: z\n") == 0);
	CHECK(d.n == 2 && d.warnings == 2 && d.errors == 0);
	CHECK_DIAG(0, SEV_WARNING, 2, 1,
		   "unknown key 'titel' (did you mean 'title'?)");
	CHECK_DIAG(1, SEV_WARNING, 4, 1, "unknown key 'foo'");

	CHECK(S_parse("title: x\nphones:\n  - number: \"+4658661000\"\n"
		      "term: y\n") == 0);
	CHECK(d.n == 2);
	CHECK_DIAG(0, SEV_WARNING, 3, 1,
		   "key 'phones' is not used by kind 'page' and is ignored");
	CHECK_DIAG(1, SEV_WARNING, 5, 1,
		   "key 'term' is not used by kind 'page' and is ignored");
	CHECK(fm.nphones == 0 && fm.term == NULL);

	CHECK(S_parse("title: x\nkind: contact\n"
		      "address: {street: a, ctiy: b}\n") == 0);
	CHECK_DIAG(0, SEV_WARNING, 4, 22,
		   "unknown key 'ctiy' in 'address' (did you mean 'city'?)");
}

static void S_distance(void)
{
	CHECK(edit_distance("", "") == 0);
	CHECK(edit_distance("title", "title") == 0);
	CHECK(edit_distance("titel", "title") == 2);
	CHECK(edit_distance("kitten", "sitting") == 3);
	CHECK(edit_distance("", "abc") == 3);
	CHECK(edit_distance("åäö", "aao") == 3);
	CHECK(edit_distance("åäö", "åäo") == 1);
	CHECK(edit_distance("Göteborg", "Goteborg") == 1);
	CHECK(edit_distance("مرحبا", "مرحب") == 1);

	CHECK_STR(page_kind_name(KIND_PAGE), "page");
	CHECK_STR(page_kind_name(KIND_AUTHORITY), "authority");
	CHECK_STR(page_kind_name(KIND_TERM), "term");
	CHECK_STR(page_kind_name(KIND_CONTACT), "contact");
	CHECK_STR(page_kind_name(KIND_MUNICIPALITY), "municipality");
}

/* ---- translations: the facts come from the source ---- */

static struct frontmatter src_fm;
static const struct fm_source src = {&src_fm, "content/sv/x.md", 0};

static int S_parse_tr(const char *yaml)
{
	frontmatter_release(&fm);
	diags_release(&d);
	int rc = frontmatter_parse_translation(&fm, yaml, strlen(yaml),
					       "content/ar/x.md", 2, &src, &d);
	diags_sort(&d); /* as main.c prints them */
	return rc;
}

#define CHECK_TR(i, sev_, line_, col_, msg_)                                   \
	do {                                                                   \
		CHECK(d.n > (i));                                              \
		if (d.n > (i)) {                                               \
			CHECK(d.v[i].sev == (sev_));                           \
			CHECK(d.v[i].line == (line_));                         \
			CHECK(d.v[i].col == (col_));                           \
			CHECK_STR(d.v[i].msg, msg_);                           \
			CHECK_STR(d.v[i].path, "content/ar/x.md");             \
		}                                                              \
	} while (0)

static void S_translation(void)
{
	const char *sv =
	    "title: Servicecenter\n"
	    "kind: contact\n"
	    "updated: 2018-03-01\n"
	    "order: 2\n"
	    "phones:\n"
	    "  - {number: \"+4658661000\", display: \"0586-610 00\", "
	    "label: Servicecenter}\n"
	    "  - {number: \"+4658662200\", display: \"0586-622 00\"}\n"
	    "email: kommun@karlskoga.se\n"
	    "address: {street: Katrinedalsgatan 4, city: Karlskoga}\n"
	    "hours:\n"
	    "  - {days: mo-fr, opens: \"07:30\", closes: \"17:00\"}\n";
	struct diags sd;
	diags_init(&sd);
	CHECK(frontmatter_parse(&src_fm, sv, strlen(sv), "content/sv/x.md", 2,
				&sd) == 0);
	CHECK(sd.n == 0);
	diags_release(&sd);

	/* Only what is per language: the facts are the source's, the kind
	 * too (so 'phones' is a contact's key here). */
	CHECK(S_parse_tr("title: مركز الخدمة\n"
			 "phones:\n"
			 "  - {label: مركز الخدمة}\n") == 0);
	CHECK(d.n == 0);
	CHECK(fm.kind == KIND_CONTACT);
	CHECK_STR(fm.title, "مركز الخدمة");
	CHECK_STR(fm.updated, "2018-03-01");
	CHECK(fm.order == 2 && fm.has_order);
	CHECK(fm.nphones == 2);
	if (fm.nphones == 2) {
		CHECK_STR(fm.phones[0].e164, "+4658661000");
		CHECK_STR(fm.phones[0].display, "0586-610 00");
		CHECK_STR(fm.phones[0].label, "مركز الخدمة");
		CHECK_STR(fm.phones[1].e164, "+4658662200");
		CHECK(fm.phones[1].label == NULL);
	}
	CHECK_STR(fm.email, "kommun@karlskoga.se");
	CHECK_STR(fm.address.street, "Katrinedalsgatan 4");
	CHECK(fm.address.postcode == NULL);
	CHECK(fm.nhours == 1 && fm.hours[0].first_day == 1 &&
	      fm.hours[0].last_day == 5);

	/* A different phone number is an error at its value; the same one a
	 * warning that it can go. */
	CHECK(S_parse_tr("title: t\n"
			 "phones:\n"
			 "  - {number: \"+4658661001\", label: a}\n"
			 "  - {number: \"+4658662200\"}\n") == -1);
	CHECK(d.n == 2);
	CHECK_TR(0, SEV_ERROR, 4, 14,
		 "'number' of phone 1 is '+4658661001' here but '+4658661000' "
		 "in 'content/sv/x.md' (remove it: translations take it from "
		 "that file)");
	CHECK_TR(1, SEV_WARNING, 5, 14,
		 "'number' of phone 2 repeats the value in 'content/sv/x.md' "
		 "and can be removed (translations take it from that file)");
	/* Whatever a translation writes, the source's number is shown. */
	CHECK(fm.nphones == 2 && !strcmp(fm.phones[0].e164, "+4658661000"));

	/* Scalars, structures and the kind. */
	CHECK(S_parse_tr(
		  "title: t\n"
		  "kind: contact\n"
		  "updated: 2019\n"
		  "email: kommun@karlskoga.se\n"
		  "address: {street: Katrinedalsgatan 5, city: Karlskoga}\n"
		  "hours:\n"
		  "  - {days: mo-fr, opens: \"07:30\", closes: \"17:00\"}\n"
		  "phones:\n"
		  "  - {label: a}\n") == -1);
	CHECK(d.n == 5);
	CHECK_TR(0, SEV_WARNING, 3, 7,
		 "'kind' repeats the value in 'content/sv/x.md' and can be "
		 "removed (translations take it from that file)");
	CHECK_TR(1, SEV_ERROR, 4, 10,
		 "'updated' is '2019' here but '2018-03-01' in "
		 "'content/sv/x.md' (remove it: translations take it from "
		 "that file)");
	CHECK_TR(2, SEV_WARNING, 5, 8,
		 "'email' repeats the value in 'content/sv/x.md' and can be "
		 "removed (translations take it from that file)");
	CHECK_TR(3, SEV_ERROR, 6, 10,
		 "'address' differs from the one in 'content/sv/x.md' "
		 "(remove it: translations take it from that file)");
	CHECK_TR(4, SEV_WARNING, 8, 3,
		 "'hours' repeats the value in 'content/sv/x.md' and can be "
		 "removed (translations take it from that file)");
	CHECK_STR(fm.updated, "2018-03-01");
	CHECK_STR(fm.address.street, "Katrinedalsgatan 4");

	/* A fact the source does not have; another kind; a phone too many;
	 * a missing label. */
	CHECK(S_parse_tr("title: t\n"
			 "kind: page\n"
			 "web: https://example.org\n"
			 "phones:\n"
			 "  - {}\n"
			 "  - {label: b}\n"
			 "  - {label: c}\n") == -1);
	CHECK(d.n == 5);
	CHECK_TR(0, SEV_WARNING, 1, 1,
		 "phone 1 has no label here ('Servicecenter' in "
		 "'content/sv/x.md'; give it under 'phones' as "
		 "'- {label: …}' in the same place)");
	CHECK_TR(1, SEV_ERROR, 3, 7,
		 "'kind' is 'page' here but 'contact' in 'content/sv/x.md' "
		 "(remove it: translations take it from that file)");
	CHECK_TR(2, SEV_ERROR, 4, 6,
		 "'web' is not in 'content/sv/x.md' (facts are written only "
		 "there: remove it here, or add it there)");
	CHECK_TR(3, SEV_WARNING, 7, 13,
		 "phone 2 has no label in 'content/sv/x.md', so this one is "
		 "ignored (add one there first)");
	CHECK_TR(4, SEV_ERROR, 8, 5,
		 "phone 3 is not in 'content/sv/x.md', which has 2 (numbers "
		 "are written only there; here give each phone's label in "
		 "the same order)");
	CHECK(fm.web == NULL && fm.nphones == 2 && fm.phones[1].label == NULL);

	/* When the source itself has errors, its facts are taken as they
	 * are and nothing more is said about them. */
	const struct fm_source broken = {&src_fm, "content/sv/x.md", 1};
	frontmatter_release(&fm);
	diags_release(&d);
	const char *y = "title: t\nupdated: 2019\n";
	CHECK(frontmatter_parse_translation(
		  &fm, y, strlen(y), "content/ar/x.md", 2, &broken, &d) == 0);
	CHECK(d.n == 0);
	CHECK_STR(fm.updated, "2018-03-01");
	frontmatter_release(&src_fm);
}

/* 'org': one of four words on a contact page, a fact its translations
 * inherit and may not contradict. */
static void S_org(void)
{
	for (size_t i = 0; i < ORG_COUNT; i++) {
		char *y = xasprintf("title: x\nkind: contact\norg: %s\n",
				    org_names[i]);
		CHECK(S_parse(y) == 0);
		CHECK(d.n == 0);
		CHECK_STR(fm.org, org_names[i]);
		free(y);
	}
	CHECK(S_parse("title: x\nkind: contact\norg: authorty\n") < 0);
	CHECK(d.n == 1);
	CHECK(fm.org == NULL);
	CHECK_DIAG(0, SEV_ERROR, 4, 6,
		   "unknown org 'authorty' (use one of authority, "
		   "municipality, health, information; did you mean "
		   "'authority'?)");
	CHECK(S_parse("title: x\nkind: contact\norg: kyrka\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 4, 6,
		   "unknown org 'kyrka' (use one of authority, municipality, "
		   "health, information)");
	CHECK(S_parse("title: x\nkind: contact\norg: [health]\n") < 0);
	CHECK_DIAG(0, SEV_ERROR, 4, 6,
		   "wrong type for 'org': expected a string, found a list "
		   "(write the value on the same line as its key)");
	/* Only a contact says what it is. */
	CHECK(S_parse("title: x\nkind: authority\norg: authority\n") == 0);
	CHECK_DIAG(0, SEV_WARNING, 4, 1,
		   "key 'org' is not used by kind 'authority' and is ignored");
	CHECK(fm.org == NULL);

	const char *sv = "title: Vårdguiden\nkind: contact\norg: health\n";
	struct diags sd;
	diags_init(&sd);
	CHECK(frontmatter_parse(&src_fm, sv, strlen(sv), "content/sv/x.md", 2,
				&sd) == 0);
	diags_release(&sd);
	CHECK(S_parse_tr("title: 1177\n") == 0);
	CHECK(d.n == 0);
	CHECK_STR(fm.org, "health");
	CHECK(S_parse_tr("title: 1177\norg: health\n") == 0);
	CHECK_TR(0, SEV_WARNING, 3, 6,
		 "'org' repeats the value in 'content/sv/x.md' and can be "
		 "removed (translations take it from that file)");
	CHECK(S_parse_tr("title: 1177\norg: information\n") < 0);
	CHECK_TR(0, SEV_ERROR, 3, 6,
		 "'org' is 'information' here but 'health' in "
		 "'content/sv/x.md' (remove it: translations take it from "
		 "that file)");
	CHECK_STR(fm.org, "health");
	frontmatter_release(&src_fm);
	/* A source without one: a translation cannot add it. */
	sv = "title: Vårdguiden\nkind: contact\n";
	diags_init(&sd);
	CHECK(frontmatter_parse(&src_fm, sv, strlen(sv), "content/sv/x.md", 2,
				&sd) == 0);
	diags_release(&sd);
	CHECK(S_parse_tr("title: 1177\norg: health\n") < 0);
	CHECK_TR(0, SEV_ERROR, 3, 6,
		 "'org' is not in 'content/sv/x.md' (facts are written only "
		 "there: remove it here, or add it there)");
	CHECK(fm.org == NULL);
	frontmatter_release(&src_fm);
}

int main(void)
{
	diags_init(&d);
	S_good_page();
	S_good_authority();
	S_good_term();
	S_good_contact();
	S_syntax_errors();
	S_bounds();
	S_missing();
	S_bad_values();
	S_bad_contact();
	S_warnings();
	S_distance();
	S_translation();
	S_org();
	frontmatter_release(&fm);
	diags_release(&d);
	return harness_done("frontmatter");
}
