/* core/allowance: the month's payment of a child across a standard change,
 * an 18th birthday and a category that begins mid-month. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/allowance.h"

static struct id_date
d(int y, int m, int dd)
{
	return (struct id_date){ y, m, dd };
}

/* 桐乡-like standards: orphans 2,150 元 dispersed / 2,580 元 central a
 * month, raised on 2022-07-01. */
static const struct allowance_standard standards[] = {
	{ CHILD_ORPHAN, SUPPORT_DISPERSED, { 2021, 1, 1 }, 195000 },
	{ CHILD_ORPHAN, SUPPORT_DISPERSED, { 2022, 7, 1 }, 215000 },
	{ CHILD_ORPHAN, SUPPORT_CENTRAL, { 2021, 1, 1 }, 258000 },
};

static struct parent_period dead_father, dead_mother;

static struct child_facts
orphan_born(struct id_date birth)
{
	struct child_facts f;

	memset(&f, 0, sizeof(f));
	f.birth_known = true;
	f.birth = birth;
	dead_father = (struct parent_period){ PARENT_DEAD, DISABILITY_NONE, 0, { 2015, 1, 1 },
					      false, { 0, 0, 0 } };
	dead_mother = dead_father;
	f.father = (struct parent_history){ &dead_father, 1 };
	f.mother = (struct parent_history){ &dead_mother, 1 };
	return f;
}

static bool
pay(const struct child_facts *f, enum placement p, int y, int m, struct allowance_line *out)
{
	struct child_rules cr = child_rules_default();
	struct allowance_rules ar = allowance_rules_default();

	return allowance_for_month(f, p, y, m, &cr, &ar, standards,
				   sizeof(standards) / sizeof(standards[0]), out);
}

static void
test_names(void **state)
{
	(void)state;
	for (int p = 0; p < PLACEMENT__MAX; p++)
		assert_int_equal(placement_parse(placement_name((enum placement)p)), p);
	for (int m = 0; m < SUPPORT__MAX; m++)
		assert_int_equal(support_mode_parse(support_mode_name((enum support_mode)m)), m);
	assert_int_equal(placement_parse("寄宿"), PLACEMENT__MAX);
	assert_int_equal(placement_parse(NULL), PLACEMENT__MAX);
}

static void
test_standard_change(void **state)
{
	struct child_facts f = orphan_born(d(2012, 5, 20));
	struct allowance_line l;

	(void)state;
	assert_true(pay(&f, PLACEMENT_FAMILY, 2022, 6, &l));
	assert_int_equal(l.fen, 195000);
	assert_int_equal(l.mode, SUPPORT_DISPERSED);
	assert_int_equal(l.category, CHILD_ORPHAN);
	assert_true(pay(&f, PLACEMENT_RELATIVE, 2022, 7, &l));
	assert_int_equal(l.fen, 215000);
	assert_true(pay(&f, PLACEMENT_INSTITUTION, 2022, 7, &l));
	assert_int_equal(l.fen, 258000);
	assert_int_equal(l.mode, SUPPORT_CENTRAL);
	/* before any standard: nothing to pay */
	assert_false(pay(&f, PLACEMENT_FAMILY, 2020, 12, &l));
}

static void
test_standard_in_force_on_the_first_day(void **state)
{
	struct allowance_standard s[] = {
		{ CHILD_ORPHAN, SUPPORT_DISPERSED, { 2022, 1, 1 }, 100000 },
		{ CHILD_ORPHAN, SUPPORT_DISPERSED, { 2022, 3, 2 }, 120000 },
	};

	(void)state;
	assert_int_equal(allowance_standard_on(s, 2, CHILD_ORPHAN, SUPPORT_DISPERSED, d(2022, 3, 1)),
			 100000);
	assert_int_equal(allowance_standard_on(s, 2, CHILD_ORPHAN, SUPPORT_DISPERSED, d(2022, 3, 2)),
			 120000);
	/* 事实无人抚养 follows the 孤儿 standard unless it has its own */
	assert_int_equal(allowance_standard_on(s, 2, CHILD_DE_FACTO, SUPPORT_DISPERSED, d(2022, 4, 1)),
			 120000);
	assert_int_equal(allowance_standard_on(s, 2, CHILD_DE_FACTO, SUPPORT_CENTRAL, d(2022, 4, 1)), -1);
	assert_int_equal(allowance_standard_on(s, 2, CHILD_LEFT_BEHIND, SUPPORT_DISPERSED, d(2022, 4, 1)),
			 -1);
}

static void
test_18th_birthday_month_paid_then_stops(void **state)
{
	struct child_facts f = orphan_born(d(2004, 8, 31));
	struct allowance_line l;

	(void)state;
	assert_true(pay(&f, PLACEMENT_FAMILY, 2022, 8, &l));   /* the month of the birthday */
	assert_int_equal(l.fen, 215000);
	assert_false(pay(&f, PLACEMENT_FAMILY, 2022, 9, &l));
	f.birth = d(2004, 9, 1);   /* 18 on the month's first day: not eligible on any day */
	assert_false(pay(&f, PLACEMENT_FAMILY, 2022, 9, &l));
	assert_true(pay(&f, PLACEMENT_FAMILY, 2022, 8, &l));
}

static void
test_category_beginning_mid_month(void **state)
{
	struct child_facts f = orphan_born(d(2012, 5, 20));
	struct allowance_line l;

	(void)state;
	dead_mother.start = d(2022, 3, 31);   /* the second parent dies on the month's last day */
	assert_false(pay(&f, PLACEMENT_FAMILY, 2022, 2, &l));
	assert_true(pay(&f, PLACEMENT_FAMILY, 2022, 3, &l));
	assert_int_equal(l.category, CHILD_ORPHAN);
}

static void
test_paid_once_by_the_first_category(void **state)
{
	struct child_facts f = orphan_born(d(2012, 5, 20));
	struct parent_period ill = { PARENT_SERIOUSLY_ILL, DISABILITY_NONE, 0, { 2020, 1, 1 }, false,
				     { 0, 0, 0 } };
	struct parent_period ill_then_dead[] = {
		ill, { PARENT_DEAD, DISABILITY_NONE, 0, { 2022, 7, 20 }, false, { 0, 0, 0 } },
	};
	struct child_rules cr = child_rules_default();
	struct allowance_rules ar = allowance_rules_default();
	struct allowance_standard s[] = {
		{ CHILD_ORPHAN, SUPPORT_DISPERSED, { 2021, 1, 1 }, 200000 },
		{ CHILD_DE_FACTO, SUPPORT_DISPERSED, { 2021, 1, 1 }, 180000 },
		{ CHILD_POVERTY, SUPPORT_DISPERSED, { 2021, 1, 1 }, 60000 },
	};
	struct allowance_line l;

	(void)state;
	/* mother seriously ill, father dies on 15 May: 事实无人抚养 from then */
	f.mother = (struct parent_history){ &ill, 1 };
	dead_father.start = d(2022, 5, 15);
	assert_false(allowance_for_month(&f, PLACEMENT_FAMILY, 2022, 4, &cr, &ar, s, 3, &l));
	assert_true(allowance_for_month(&f, PLACEMENT_FAMILY, 2022, 5, &cr, &ar, s, 3, &l));
	assert_int_equal(l.category, CHILD_DE_FACTO);
	assert_int_equal(l.fen, 180000);
	/* a poor family's child in several categories is paid once, by the first */
	f.economy = ECONOMY_DIBAO;
	ar.paid[2] = CHILD_POVERTY;
	ar.npaid = 3;
	assert_true(allowance_for_month(&f, PLACEMENT_FAMILY, 2022, 6, &cr, &ar, s, 3, &l));
	assert_int_equal(l.category, CHILD_DE_FACTO);
	assert_true(allowance_for_month(&f, PLACEMENT_FAMILY, 2022, 4, &cr, &ar, s, 3, &l));
	assert_int_equal(l.category, CHILD_POVERTY);
	assert_int_equal(l.fen, 60000);
	/* the whole month is judged: 孤儿 from the 20th outranks 事实无人抚养 */
	f.mother = (struct parent_history){ ill_then_dead, 2 };
	assert_true(allowance_for_month(&f, PLACEMENT_FAMILY, 2022, 7, &cr, &ar, s, 3, &l));
	assert_int_equal(l.category, CHILD_ORPHAN);
	assert_int_equal(l.fen, 200000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_standard_change),
		cmocka_unit_test(test_standard_in_force_on_the_first_day),
		cmocka_unit_test(test_18th_birthday_month_paid_then_stops),
		cmocka_unit_test(test_category_beginning_mid_month),
		cmocka_unit_test(test_paid_once_by_the_first_category),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
