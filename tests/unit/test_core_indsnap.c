/* core/indsnap: the in-memory snapshot of the registers the indicators count
 * — dates as days (none: never on or before a date, always after), the
 * counts per town as of a date, distinct villages with a 驿站, the stages of
 * the schools, what a scope sees (a division prefix, its own records), the
 * county's own records, a snapshot of thousands of codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/indsnap.h"

#define TOWN_A "330483001"
#define TOWN_B "330483003"
#define STAGES "|幼儿园|小学|初中|九年一贯制|完全中学|高中|"

struct groups {
	int n;
	struct ind_counts g[16];
};

static void
collect(const struct ind_counts *c, void *arg)
{
	struct groups *g = arg;

	if (g->n < 16)
		g->g[g->n++] = *c;
}

/* The counts of group town ("" the county's own); zero when absent. */
static struct ind_counts
group(const struct indsnap *s, const struct indsnap_filter *f, const char *as_of,
      const char *stages, const char *town)
{
	struct groups g = { 0 };
	struct ind_counts none = { 0 };

	assert_true(indsnap_counts(s, f, as_of, stages, collect, &g));
	for (int i = 0; i < g.n; i++)
		if (strcmp(g.g[i].town_code, town) == 0)
			return g.g[i];
	return none;
}

static void
add(struct indsnap *s, struct indsnap_row r)
{
	assert_true(indsnap_add(s, &r));
}

static void
test_days(void **state)
{
	(void)state;
	assert_int_equal(indsnap_day("2022-06-30"), 20220630);
	assert_true(indsnap_day("2022-06-29") < indsnap_day("2022-06-30"));
	assert_true(indsnap_day("2021-12-31") < indsnap_day("2022-01-01"));
	assert_int_equal(indsnap_day(NULL), INDSNAP_NEVER);
	assert_int_equal(indsnap_day(""), INDSNAP_NEVER);
	assert_int_equal(indsnap_day("2022-6-30"), INDSNAP_NEVER);
	assert_int_equal(indsnap_day("2022x06-30"), INDSNAP_NEVER);
}

/* A small county: town A with a village, town B, the county's own rehab. */
static struct indsnap *
small(void)
{
	struct indsnap *s = indsnap_new("42");

	assert_non_null(s);
	add(s, (struct indsnap_row){ .type = "station", .division = TOWN_A, .town = TOWN_A,
				     .status = "运行", .opened_on = "2022-03-01" });
	add(s, (struct indsnap_row){ .type = "station", .division = TOWN_B, .town = TOWN_B,
				     .status = "筹建", .opened_on = "2022-03-01" });
	add(s, (struct indsnap_row){ .type = "station", .division = TOWN_B, .town = TOWN_B,
				     .status = "运行" });   /* no date: never opened */
	add(s, (struct indsnap_row){ .type = "children_home", .division = TOWN_A "201",
				     .town = TOWN_A, .kind = "示范型", .level = "省级",
				     .named_on = "2022-05-01" });
	add(s, (struct indsnap_row){ .type = "children_home", .division = TOWN_A "202",
				     .town = TOWN_A, .kind = "示范型", .named_on = "2022-07-01" });
	add(s, (struct indsnap_row){ .type = "rehab", .division = TOWN_A, .town = TOWN_A,
				     .agreement_from = "2021-01-01", .agreement_to = "2022-06-29" });
	add(s, (struct indsnap_row){ .type = "rehab", .division = TOWN_A, .town = TOWN_A,
				     .agreement_from = "2022-01-01" });    /* open-ended */
	add(s, (struct indsnap_row){ .type = "rehab", .division = "330483" });   /* the county's */
	add(s, (struct indsnap_row){ .type = "childcare", .division = TOWN_A, .town = TOWN_A,
				     .places = 40, .opened_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "childcare", .division = TOWN_A, .town = TOWN_A,
				     .places = 0, .opened_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "post", .division = TOWN_A, .town = TOWN_A,
				     .opened_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "post", .division = TOWN_A "201", .town = TOWN_A,
				     .opened_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "post", .division = TOWN_A "201", .town = TOWN_A,
				     .opened_on = "2022-02-01" });  /* the same village again */
	add(s, (struct indsnap_row){ .type = "school", .division = TOWN_A, .town = TOWN_A,
				     .stage = "小学", .smart_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "school", .division = TOWN_A, .town = TOWN_A,
				     .stage = "初中", .smart_on = "2022-07-01" });
	add(s, (struct indsnap_row){ .type = "school", .division = TOWN_A, .town = TOWN_A,
				     .stage = "中职", .smart_on = "2022-01-01" });
	add(s, (struct indsnap_row){ .type = "school", .division = TOWN_B, .town = TOWN_B,
				     .stage = "幼儿园", .created_by = 9 });
	add(s, (struct indsnap_row){ .type = "org", .division = TOWN_A, .town = TOWN_A });  /* not read */
	return s;
}

static void
test_counts_as_of_a_date(void **state)
{
	struct indsnap_filter all = { .all = true };
	struct indsnap *s = small();
	struct ind_counts a, b, county;

	(void)state;
	assert_string_equal(indsnap_gen(s), "42");
	assert_int_equal(indsnap_records(s), 17);   /* the org is not kept */
	a = group(s, &all, "2022-06-30", STAGES, TOWN_A);
	b = group(s, &all, "2022-06-30", STAGES, TOWN_B);
	county = group(s, &all, "2022-06-30", STAGES, "");
	assert_int_equal(a.n[INDC_STATIONS], 1);
	assert_int_equal(b.n[INDC_STATIONS], 0);          /* 筹建, and one with no date */
	assert_int_equal(a.n[INDC_HOMES_MODEL], 1);
	assert_int_equal(a.n[INDC_HOMES_MODEL_CITY], 1);
	assert_int_equal(a.n[INDC_REHAB], 2);
	assert_int_equal(a.n[INDC_REHAB_AGREED], 1);      /* lapsed the day before */
	assert_int_equal(county.n[INDC_REHAB], 1);
	assert_int_equal(county.n[INDC_REHAB_AGREED], 0); /* no agreement */
	assert_int_equal(a.n[INDC_PLACES], 40);           /* and a place count of zero */
	assert_int_equal(a.n[INDC_POSTS_TOWN], 1);
	assert_int_equal(a.n[INDC_POSTS_VILLAGES], 1);    /* one village, two 驿站 */
	assert_int_equal(a.n[INDC_SCHOOLS], 2);           /* 中职 not counted */
	assert_int_equal(a.n[INDC_SCHOOLS_SMART], 1);     /* the 初中 built after the date */
	assert_int_equal(b.n[INDC_SCHOOLS], 1);
	assert_int_equal(b.n[INDC_SCHOOLS_SMART], 0);     /* not built */
	a = group(s, &all, "2022-06-29", STAGES, TOWN_A);
	assert_int_equal(a.n[INDC_REHAB_AGREED], 2);      /* its last day */
	a = group(s, &all, "2021-12-31", STAGES, TOWN_A);
	assert_int_equal(a.n[INDC_PLACES], 0);
	assert_int_equal(a.n[INDC_POSTS_TOWN] + a.n[INDC_POSTS_VILLAGES], 0);
	a = group(s, &all, "2022-06-30", "|中职|", TOWN_A);
	assert_int_equal(a.n[INDC_SCHOOLS], 1);
	a = group(s, &all, "2022-06-30", "|", TOWN_A);
	assert_int_equal(a.n[INDC_SCHOOLS], 0);
	indsnap_free(s);
}

static void
test_what_a_scope_sees(void **state)
{
	struct indsnap_filter town_b = { .prefix = TOWN_B };
	struct indsnap_filter village = { .prefix = TOWN_A "201" };
	struct indsnap_filter own = { .owner_id = 9 };
	struct indsnap_filter nothing = { 0 };
	struct indsnap *s = small();
	struct ind_counts a, b, county;
	struct groups g = { 0 };

	(void)state;
	a = group(s, &town_b, "2022-06-30", STAGES, TOWN_A);
	b = group(s, &town_b, "2022-06-30", STAGES, TOWN_B);
	county = group(s, &town_b, "2022-06-30", STAGES, "");
	assert_int_equal(a.n[INDC_REHAB] + a.n[INDC_PLACES] + a.n[INDC_SCHOOLS], 0);
	assert_int_equal(county.n[INDC_REHAB], 0);
	assert_int_equal(b.n[INDC_SCHOOLS], 1);
	a = group(s, &village, "2022-06-30", STAGES, TOWN_A);
	assert_int_equal(a.n[INDC_HOMES_MODEL], 1);
	assert_int_equal(a.n[INDC_POSTS_VILLAGES], 1);
	assert_int_equal(a.n[INDC_POSTS_TOWN], 0);         /* the town's own is not the village's */
	assert_int_equal(a.n[INDC_REHAB], 0);
	b = group(s, &own, "2022-06-30", STAGES, TOWN_B);
	assert_int_equal(b.n[INDC_SCHOOLS], 1);            /* what they created, alone */
	assert_int_equal(b.n[INDC_STATIONS], 0);
	assert_true(indsnap_counts(s, &nothing, "2022-06-30", STAGES, collect, &g));
	assert_int_equal(g.n, 0);
	indsnap_free(s);
}

struct names {
	int n;
	char code[16][16];
};

static void
town_name(const struct indsnap_town *t, void *arg)
{
	struct names *w = arg;

	if (w->n < 16)
		snprintf(w->code[w->n++], sizeof(w->code[0]), "%s", t->code);
}

static void
test_towns_and_population(void **state)
{
	struct indsnap *s = indsnap_new("");
	struct indsnap_town a = { .code = TOWN_A, .name = "甲镇", .villages = 0 };
	struct indsnap_town b = { .code = TOWN_B, .name = "乙镇", .has_population = true,
				  .population = 50000, .villages = 2 };
	struct names w = { 0 };
	bool known;
	int64_t pop;

	(void)state;
	assert_true(indsnap_add_town(s, &a));   /* a town with no villages */
	assert_true(indsnap_add_town(s, &b));
	indsnap_towns(s, &(struct indsnap_filter){ .all = true }, town_name, &w);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.code[0], TOWN_A);
	memset(&w, 0, sizeof(w));
	indsnap_towns(s, &(struct indsnap_filter){ .prefix = TOWN_B "201" }, town_name, &w);
	assert_int_equal(w.n, 0);                /* a village's user sees no town line */
	indsnap_county_population(s, &known, &pop);
	assert_false(known);                     /* a county without a population */
	indsnap_set_county_population(s, true, 700000);
	indsnap_county_population(s, &known, &pop);
	assert_true(known);
	assert_int_equal(pop, 700000);
	indsnap_free(s);
}

static void
test_many_codes(void **state)
{
	struct indsnap *s = indsnap_new("1");
	struct indsnap_filter all = { .all = true };
	char v[16];
	struct ind_counts a;

	(void)state;
	for (int i = 0; i < 5000; i++) {   /* 1,000 villages in each town, each with two or three 驿站 */
		snprintf(v, sizeof(v), "%s%03d", i % 2 ? TOWN_A : TOWN_B, (i / 2) % 1000);
		add(s, (struct indsnap_row){ .type = "post", .division = v,
					     .town = i % 2 ? TOWN_A : TOWN_B,
					     .opened_on = "2022-01-01" });
	}
	a = group(s, &all, "2022-12-31", STAGES, TOWN_A);
	assert_int_equal(a.n[INDC_POSTS_VILLAGES], 1000);
	indsnap_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_counts_as_of_a_date),
		cmocka_unit_test(test_what_a_scope_sees),
		cmocka_unit_test(test_towns_and_population),
		cmocka_unit_test(test_many_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
