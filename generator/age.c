/* The age of facts. Dates are compared as (year, month, day) triples, never
 * as times: a page's 'updated' is a calendar date with no time zone, and the
 * build date is taken in UTC, so that a build does not depend on TZ. */
#include "age.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "frontmatter.h"

int age_build_date(char out[AGE_DATE_SIZE], struct diags *d)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	if (epoch) {
		/* The reproducible-builds convention: a decimal count of
		 * seconds; anything else is refused rather than read as 0
		 * (1970), which would mark every page as old. */
		char *end = NULL;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (!*epoch || *end || errno || v < 0 || epoch[0] == '+' ||
		    epoch[0] == ' ' || (long long)(time_t)v != v) {
			if (d)
				diags_add(d, SEV_ERROR, "SOURCE_DATE_EPOCH", 0,
					  0,
					  "'%s' is not a whole number of "
					  "seconds since 1970-01-01 (unset it "
					  "to date the build by the clock)",
					  epoch);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	struct tm tm;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999) {
		if (d)
			diags_add(d, SEV_ERROR, "SOURCE_DATE_EPOCH", 0, 0,
				  "'%s' is beyond the year 9999",
				  epoch ? epoch : "");
		return -1;
	}
	/* Room for any int, though the year has four digits by now. */
	char full[48];
	snprintf(full, sizeof full, "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, full, AGE_DATE_SIZE - 1);
	out[AGE_DATE_SIZE - 1] = '\0';
	return 0;
}

/* (year, month, day) of a date as precise as its source: a missing month or
 * day is the first. */
static void S_ymd(const char *s, int v[3])
{
	size_t n = strlen(s);
	v[0] = atoi(s);
	v[1] = n >= 7 ? atoi(s + 5) : 1;
	v[2] = n >= 10 ? atoi(s + 8) : 1;
}

int age_is_old(const char *updated, const char *today, int years)
{
	int u[3], t[3];
	S_ymd(updated, u);
	S_ymd(today, t);
	/* The same day years earlier; on 29 February that day may not
	 * exist, but as a triple it still sorts between the 28th and 1
	 * March, which is all the comparison needs. */
	t[0] -= years;
	for (int i = 0; i < 3; i++)
		if (u[i] != t[i])
			return u[i] < t[i];
	return 0;
}

/* The set whose path is nearest to rel, for "did you mean", or NULL when
 * none is plausibly a typo of it. */
static const struct tset *S_nearest(const struct site *s, const char *rel)
{
	const struct tset *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < s->nsets; i++) {
		size_t dist = edit_distance(rel, s->sets[i]->rel);
		if (dist < best_d) {
			best_d = dist;
			best = s->sets[i];
		}
	}
	return best && (best_d <= 2 || 3 * best_d <= strlen(rel)) ? best : NULL;
}

int age_check_site(const struct site *s, struct diags *d)
{
	const struct config *cfg = s->cfg;
	if (!cfg->age_years || site_find(s, cfg->age_contact))
		return 0;
	struct buf m = BUF_INIT;
	buf_printf(&m, "age_notice contact page '%s.md' does not exist",
		   cfg->age_contact);
	const struct tset *near = S_nearest(s, cfg->age_contact);
	if (near && *near->rel)
		buf_printf(&m, " (did you mean '%s'?)", near->rel);
	diags_add(d, SEV_ERROR, "content/site.yaml", cfg->age_contact_line,
		  cfg->age_contact_col, "%s", m.ptr);
	buf_release(&m);
	return -1;
}
