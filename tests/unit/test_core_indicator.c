/* core/indicator: the figure of each formula kind, the rule a target is met
 * by, and the county line of a per-town target — with the edge cases of the
 * registers: nothing to count, a town without villages, a county without a
 * population, a place count of zero. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/indicator.h"

static const struct indicator_value unknown = { false, 0 };

static struct indicator_value
known(double v)
{
	return (struct indicator_value){ true, v };
}

static void
test_kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < IND_KIND__MAX; k++)
		assert_int_equal(indicator_kind_parse(indicator_kind_name((enum indicator_kind)k)), k);
	assert_int_equal(indicator_kind_parse("share"), IND_KIND__MAX);
	assert_int_equal(indicator_kind_parse(NULL), IND_KIND__MAX);
	assert_null(indicator_kind_name(IND_KIND__MAX));
}

static void
test_count_is_the_number(void **state)
{
	struct indicator_value v = indicator_compute(IND_COUNT, 11, 0);

	(void)state;
	assert_true(v.known);
	assert_true(v.actual == 11);
	v = indicator_compute(IND_COUNT, 0, 0);     /* nothing registered: a count of 0 */
	assert_true(v.known);
	assert_true(v.actual == 0);
}

static void
test_shares_are_percent(void **state)
{
	(void)state;
	assert_true(fabs(indicator_compute(IND_DIVISION_SHARE, 10, 11).actual - 90.909090) < 1e-4);
	assert_true(indicator_compute(IND_STATUS_SHARE, 3, 4).actual == 75);
	assert_true(indicator_compute(IND_COVERAGE, 5, 5).actual == 100);
}

static void
test_nothing_to_count_is_unknown(void **state)
{
	(void)state;
	/* a town with no villages, no rehab institutions, no staff */
	assert_false(indicator_compute(IND_DIVISION_SHARE, 0, 0).known);
	assert_false(indicator_compute(IND_STATUS_SHARE, 0, 0).known);
	assert_false(indicator_compute(IND_COVERAGE, 0, 0).known);
	assert_false(indicator_compute(IND_DIVISION_SHARE, 1, -1).known);
}

static void
test_per_thousand_residents(void **state)
{
	struct indicator_value v = indicator_compute(IND_PER_THOUSAND, 2100, 700000);

	(void)state;
	assert_true(v.known);
	assert_true(fabs(v.actual - 3.0) < 1e-9);
	/* a county without a population: no rate, never met */
	assert_false(indicator_compute(IND_PER_THOUSAND, 2100, 0).known);
	assert_false(indicator_met(">=", 3, 0, indicator_compute(IND_PER_THOUSAND, 2100, 0)));
	/* a place count of zero over known residents is a rate of zero */
	v = indicator_compute(IND_PER_THOUSAND, 0, 700000);
	assert_true(v.known);
	assert_true(v.actual == 0);
	assert_false(indicator_met(">=", 3, 0, v));
}

static void
test_standard_against_its_floor(void **state)
{
	(void)state;
	assert_true(indicator_met(">=", 1900, 0, indicator_compute(IND_STANDARD, 1950, 0)));
	assert_false(indicator_met(">=", 1900, 0, indicator_compute(IND_STANDARD, 1899.5, 0)));
}

static void
test_met_rules(void **state)
{
	(void)state;
	assert_true(indicator_met(">=", 11, 0, known(11)));
	assert_false(indicator_met(">=", 11, 0, known(10.999)));
	assert_true(indicator_met("=", 100, 0, known(100)));
	assert_true(indicator_met("=", 100, 0, known(101)));     /* reached */
	assert_false(indicator_met("=", 100, 0, known(99.96)));  /* shows 100.0, is not */
	assert_true(indicator_met(">", 90, 0, known(90.01)));
	assert_false(indicator_met(">", 90, 0, known(90)));
	assert_true(indicator_met("<=", 5, 0, known(5)));
	assert_false(indicator_met("<=", 5, 0, known(5.01)));
	assert_true(indicator_met("<", 5, 0, known(4.9)));
	assert_false(indicator_met("<", 5, 0, known(5)));
	assert_false(indicator_met("~", 5, 0, known(5)));
	assert_false(indicator_met(NULL, 5, 0, known(5)));
	assert_false(indicator_met(">=", 0, 0, unknown));        /* 0 ÷ 0 meets nothing */
}

static void
test_range_from_its_lower_bound(void **state)
{
	(void)state;
	/* a first-batch coverage of 5%–10% */
	assert_false(indicator_met("range", 5, 10, known(4.99)));
	assert_true(indicator_met("range", 5, 10, known(5)));
	assert_true(indicator_met("range", 5, 10, known(10)));
	assert_false(indicator_exceeded("range", 10, known(10)));
	assert_true(indicator_met("range", 5, 10, known(12.5)));
	assert_true(indicator_exceeded("range", 10, known(12.5)));
	assert_false(indicator_exceeded(">=", 10, known(12.5)));
	assert_false(indicator_exceeded("range", 10, unknown));
}

static void
test_shown_one_decimal(void **state)
{
	(void)state;
	assert_true(indicator_shown(90.909090) == 90.9);
	assert_true(indicator_shown(14.95) == 15.0 || indicator_shown(14.95) == 14.9);  /* binary */
	assert_true(indicator_shown(2.25) == 2.3);
	assert_true(indicator_shown(0) == 0);
}

static void
test_per_town_counts_towns_meeting(void **state)
{
	/* 示范型 homes ÷ villages ≥ 15% in every town; the third has no villages */
	struct indicator_town towns[] = { { 3, 20, { 0 }, 0 }, { 2, 20, { 0 }, 0 }, { 0, 0, { 0 }, 0 } };
	bool all;
	size_t n = indicator_per_town(IND_DIVISION_SHARE, ">=", 15, 0, towns, 3, &all);

	(void)state;
	assert_int_equal(n, 1);
	assert_false(all);
	assert_true(towns[0].met);
	assert_true(towns[0].value.actual == 15);
	assert_false(towns[1].met);
	assert_true(towns[1].value.actual == 10);
	assert_false(towns[2].value.known);
	assert_false(towns[2].met);

	towns[1].num = 4;
	towns[2].num = 1;
	towns[2].den = 5;
	assert_int_equal(indicator_per_town(IND_DIVISION_SHARE, ">=", 15, 0, towns, 3, &all), 3);
	assert_true(all);
	assert_int_equal(indicator_per_town(IND_DIVISION_SHARE, ">=", 15, 0, towns, 0, &all), 0);
	assert_false(all);   /* no towns: not met */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names_round_trip),
		cmocka_unit_test(test_count_is_the_number),
		cmocka_unit_test(test_shares_are_percent),
		cmocka_unit_test(test_nothing_to_count_is_unknown),
		cmocka_unit_test(test_per_thousand_residents),
		cmocka_unit_test(test_standard_against_its_floor),
		cmocka_unit_test(test_met_rules),
		cmocka_unit_test(test_range_from_its_lower_bound),
		cmocka_unit_test(test_shown_one_decimal),
		cmocka_unit_test(test_per_town_counts_towns_meeting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
