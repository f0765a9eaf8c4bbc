/* The age of facts: which dates are old on a given build date, where that
 * date comes from (SOURCE_DATE_EPOCH or the clock, in UTC), site.yaml's
 * age_notice and the check that its contact page exists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "age.h"
#include "buf.h"
#include "config.h"
#include "load.h"
#include "locale.h"
#include "markdown.h"
#include "model.h"

static void S_is_old(void)
{
	/* More than three years: exactly three is not. */
	CHECK(!age_is_old("2018-03-01", "2021-03-01", 3));
	CHECK(age_is_old("2018-03-01", "2021-03-02", 3));
	CHECK(age_is_old("2018-02-28", "2021-03-01", 3));
	CHECK(!age_is_old("2018-03-02", "2021-03-01", 3));
	/* A year is 1 January of it, a month its first day. */
	CHECK(!age_is_old("2018", "2021-01-01", 3));
	CHECK(age_is_old("2018", "2021-01-02", 3));
	CHECK(!age_is_old("2018-06", "2021-06-01", 3));
	CHECK(age_is_old("2018-06", "2021-06-02", 3));
	/* 29 February: the day three years before does not exist, and it
	 * still falls between the 28th and 1 March. */
	CHECK(age_is_old("2021-02-28", "2024-02-29", 3));
	CHECK(!age_is_old("2021-03-01", "2024-02-29", 3));
	CHECK(age_is_old("2020-02-29", "2023-03-01", 3));
	CHECK(!age_is_old("2020-02-29", "2023-02-28", 3));
	/* Years and months are compared before days. */
	CHECK(age_is_old("2013", "2026-12-06", 3));
	CHECK(!age_is_old("2025-12-31", "2026-01-01", 1));
	CHECK(age_is_old("2024-12-31", "2026-01-01", 1));
	/* A date in the future is never old. */
	CHECK(!age_is_old("2030-01-01", "2026-12-06", 1));
}

static void S_build_date(void)
{
	char day[AGE_DATE_SIZE];
	struct diags d;
	diags_init(&d);
	/* 1 March 2018 00:00:00 UTC, and its last second. */
	setenv("SOURCE_DATE_EPOCH", "1519862400", 1);
	CHECK(age_build_date(day, &d) == 0);
	CHECK_STR(day, "2018-03-01");
	setenv("SOURCE_DATE_EPOCH", "1519948799", 1);
	CHECK(age_build_date(day, &d) == 0);
	CHECK_STR(day, "2018-03-01");
	/* UTC, whatever the time zone says. */
	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	CHECK(age_build_date(day, &d) == 0);
	CHECK_STR(day, "2018-03-01");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	CHECK(age_build_date(day, &d) == 0);
	CHECK_STR(day, "1970-01-01");
	CHECK(d.n == 0);
	/* Anything but a whole number of seconds is an error, not 1970. */
	const char *bad[] = {"",   "abc", "12x", "-1",
			     "+5", " 5",  "1.5", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		diags_release(&d);
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		CHECK(age_build_date(day, &d) == -1);
		CHECK(d.n == 1 && d.errors == 1);
		CHECK(d.n == 1 && !strcmp(d.v[0].path, "SOURCE_DATE_EPOCH"));
	}
	diags_release(&d);
	setenv("SOURCE_DATE_EPOCH", "abc", 1);
	CHECK(age_build_date(day, NULL) == -1); /* no d: said nothing */
	/* Unset: the clock, in UTC. */
	unsetenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char want[32];
	snprintf(want, sizeof want, "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	CHECK(age_build_date(day, &d) == 0);
	/* (A test run across midnight UTC could see the next day.) */
	CHECK_STR(day, want);
	setenv("TZ", "UTC", 1);
	tzset();
	diags_release(&d);
}

static const char S_site[] =
    "title: T\nbase_url: https://x.example/\nsource: sv\n"
    "languages:\n  - {code: sv, tag: sv, locale: sv}\n";

/* Loads content/site.yaml with the given age_notice line. */
static int S_config(struct config *cfg, struct diags *d, const char *age)
{
	char *text = xasprintf("%s%s", S_site, age);
	harness_write("content/site.yaml", text);
	free(text);
	config_release(cfg);
	diags_release(d);
	return config_load(cfg, "content/site.yaml", d);
}

static void S_config_cases(void)
{
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	struct diags d;
	diags_init(&d);
	CHECK(S_config(&cfg, &d, "") == 0);
	CHECK(cfg.age_years == 0 && cfg.age_contact == NULL);
	CHECK(S_config(&cfg, &d,
		       "age_notice: {years: 3, contact: kontakter}\n") == 0);
	CHECK(d.n == 0);
	CHECK(cfg.age_years == 3);
	CHECK_STR(cfg.age_contact, "kontakter");
	CHECK(cfg.age_contact_line == 6 && cfg.age_contact_col == 33);
	/* Written as a link target, it is the same page. */
	CHECK(S_config(&cfg, &d,
		       "age_notice:\n  years: 5\n  contact: "
		       "kontakter/index.md\n") == 0);
	CHECK(cfg.age_years == 5);
	CHECK_STR(cfg.age_contact, "kontakter");
	CHECK(cfg.age_contact_line == 8 && cfg.age_contact_col == 12);

	struct {
		const char *yaml, *msg;
		int line, col;
	} bad[] = {
	    {"age_notice: 3\n",
	     "'age_notice' must be a mapping such as {years: 3, contact: "
	     "kontakter}",
	     6, 13},
	    {"age_notice: {years: three, contact: kontakter}\n",
	     "'years' in 'age_notice' must be a whole number from 1 to 100, "
	     "not 'three'",
	     6, 21},
	    {"age_notice: {years: 0, contact: kontakter}\n",
	     "'years' in 'age_notice' must be a whole number from 1 to 100, "
	     "not '0'",
	     6, 21},
	    {"age_notice: {years: 3}\n",
	     "'age_notice' needs both 'years' and 'contact' (e.g. {years: "
	     "3, contact: kontakter})",
	     6, 13},
	    {"age_notice: {years: 3, contact: /sv/kontakter}\n",
	     "invalid contact page '/sv/kontakter' in 'age_notice' (write "
	     "its path from the language folder, e.g. 'kontakter')",
	     6, 33},
	    {"age_notice: {years: 3, contact: x, yeras: 4}\n",
	     "unknown key 'yeras' in 'age_notice' (known: years, contact)", 6,
	     36},
	    {"age_notice: {years: 3, contact: x, years: 4}\n",
	     "duplicate key 'years' (the first is on line 6; remove one of "
	     "them)",
	     6, 36},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK(S_config(&cfg, &d, bad[i].yaml) == -1);
		CHECK(d.n == 1);
		if (d.n == 1) {
			CHECK_STR(d.v[0].msg, bad[i].msg);
			CHECK(d.v[0].line == bad[i].line);
			CHECK(d.v[0].col == bad[i].col);
			if (d.v[0].line != bad[i].line ||
			    d.v[0].col != bad[i].col)
				fprintf(stderr, "  at %d:%d\n", d.v[0].line,
					d.v[0].col);
		}
		CHECK(cfg.age_years == 0);
	}
	config_release(&cfg);
	diags_release(&d);
}

/* age_check_site: the contact page must be a page of the site. */
static void S_check_site(void)
{
	harness_write("content/sv/index.md", "---\ntitle: Start\n---\nText.\n");
	harness_write("content/sv/kontakter/index.md",
		"---\ntitle: Kontakter\n---\nText.\n");
	const char *cases[] = {"kontakter", "kontaktr", "nowhere/at/all"};
	for (size_t i = 0; i < 3; i++) {
		struct config cfg;
		memset(&cfg, 0, sizeof cfg);
		struct diags d;
		diags_init(&d);
		char *age = xasprintf("age_notice: {years: 3, contact: %s}\n",
				      cases[i]);
		CHECK(S_config(&cfg, &d, age) == 0);
		free(age);
		struct page **pages;
		size_t n;
		pages_list(&cfg, ".", &pages, &n, &d);
		for (size_t k = 0; k < n; k++)
			page_load(pages[k], NULL, &d);
		struct site site;
		site_build(&site, &cfg, pages, n, &d);
		CHECK(d.errors == 0);
		diags_release(&d);
		int rc = age_check_site(&site, &d);
		if (i == 0) {
			CHECK(rc == 0 && d.n == 0);
		} else {
			CHECK(rc == -1 && d.n == 1);
			if (d.n == 1) {
				CHECK_STR(d.v[0].path, "content/site.yaml");
				CHECK(d.v[0].line == 6 && d.v[0].col == 33);
				CHECK_STR(d.v[0].msg,
					  i == 1 ? "age_notice contact page "
						   "'kontaktr.md' does not "
						   "exist (did you mean "
						   "'kontakter'?)"
						 : "age_notice contact page "
						   "'nowhere/at/all.md' does "
						   "not exist");
			}
		}
		site_release(&site);
		config_release(&cfg);
		diags_release(&d);
	}
}

int main(void)
{
	locale_pin_default();
	markdown_init();
	S_is_old();
	S_build_date();
	char tmpl[] = "/tmp/skylt-age-XXXXXX";
	if (!mkdtemp(tmpl) || chdir(tmpl) != 0)
		return harness_done("age");
	S_config_cases();
	S_check_site();
	char *cmd = xasprintf("rm -rf %s", tmpl);
	CHECK(system(cmd) == 0);
	free(cmd);
	return harness_done("age");
}
