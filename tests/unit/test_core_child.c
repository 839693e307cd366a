/* core/child: the categories of a child in difficulty derived on a date from
 * the parents' status histories, with dates on both sides of every 6-month
 * boundary and of the 16th and 18th birthdays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/child.h"

static struct id_date
d(int y, int m, int dd)
{
	return (struct id_date){ y, m, dd };
}

static struct parent_period
open_period(enum parent_status s, struct id_date start)
{
	return (struct parent_period){ s, DISABILITY_NONE, 0, start, false, { 0, 0, 0 } };
}

static struct parent_period
closed_period(enum parent_status s, struct id_date start, struct id_date end)
{
	return (struct parent_period){ s, DISABILITY_NONE, 0, start, true, end };
}

static struct parent_period
disabled(enum disability_kind k, int grade, struct id_date start)
{
	return (struct parent_period){ PARENT_DISABLED, k, grade, start, false, { 0, 0, 0 } };
}

/* A child born 2012-05-20 with one period per parent (NULL: no history). */
static struct child_facts
facts(const struct parent_period *father, const struct parent_period *mother)
{
	struct child_facts f;

	memset(&f, 0, sizeof(f));
	f.birth_known = true;
	f.birth = d(2012, 5, 20);
	f.father = (struct parent_history){ father, father ? 1 : 0 };
	f.mother = (struct parent_history){ mother, mother ? 1 : 0 };
	return f;
}

static unsigned
cats(const struct child_facts *f, struct id_date on)
{
	struct child_rules r = child_rules_default();

	return child_derive(f, on, &r).categories;
}

static void
test_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < PARENT_STATUS__MAX; s++)
		assert_int_equal(parent_status_parse(parent_status_name((enum parent_status)s)), s);
	for (int k = 0; k < DISABILITY__MAX; k++)
		assert_int_equal(disability_kind_parse(disability_kind_name((enum disability_kind)k)), k);
	for (int e = 0; e < ECONOMY__MAX; e++)
		assert_int_equal(family_economy_parse(family_economy_name((enum family_economy)e)), e);
	assert_int_equal(parent_status_parse("离异"), PARENT_STATUS__MAX);
	assert_int_equal(parent_status_parse(NULL), PARENT_STATUS__MAX);
	assert_int_equal(disability_kind_parse(NULL), DISABILITY_NONE);
	assert_int_equal(family_economy_parse("低收入"), ECONOMY__MAX);
	assert_string_equal(child_category_name(CHILD_DE_FACTO), "事实无人抚养儿童");
	assert_null(child_category_name(CHILD_ORPHAN | CHILD_DE_FACTO));
	assert_null(child_category_name(0));
}

static void
test_orphan(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2019, 3, 2));
	struct parent_period missing = open_period(PARENT_DECLARED_MISSING, d(2020, 1, 5));
	struct parent_period not_found = open_period(PARENT_NOT_FOUND, d(2012, 5, 20));
	struct parent_period normal = open_period(PARENT_NORMAL, d(2012, 5, 20));
	struct child_facts f = facts(&dead, &missing);
	struct child_facts foundling = facts(&not_found, &not_found);
	struct child_facts one = facts(&dead, &normal);

	(void)state;
	assert_int_equal(cats(&f, d(2022, 1, 1)), CHILD_ORPHAN);
	/* the day before the second status began: one parent gone only */
	assert_int_equal(cats(&f, d(2020, 1, 4)), 0);
	assert_int_equal(cats(&f, d(2020, 1, 5)), CHILD_ORPHAN);
	assert_int_equal(cats(&foundling, d(2022, 1, 1)), CHILD_ORPHAN);
	assert_int_equal(cats(&one, d(2022, 1, 1)), 0);
	/* a declaration revoked (ended) no longer counts after its last day */
	missing = closed_period(PARENT_DECLARED_MISSING, d(2020, 1, 5), d(2021, 6, 30));
	assert_int_equal(cats(&f, d(2021, 6, 30)), CHILD_ORPHAN);
	assert_int_equal(cats(&f, d(2021, 7, 1)), 0);
}

static void
test_de_facto_disability_grades(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2019, 3, 2));
	struct parent_period mother;
	struct child_facts f = facts(&dead, &mother);
	struct id_date on = d(2022, 1, 1);

	(void)state;
	mother = disabled(DISABILITY_PHYSICAL, 2, d(2015, 1, 1));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
	mother = disabled(DISABILITY_PHYSICAL, 3, d(2015, 1, 1));
	assert_int_equal(cats(&f, on), 0);
	mother = disabled(DISABILITY_INTELLECTUAL, 3, d(2015, 1, 1));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
	mother = disabled(DISABILITY_MENTAL, 4, d(2015, 1, 1));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
	mother = disabled(DISABILITY_VISION, 4, d(2015, 1, 1));
	assert_int_equal(cats(&f, on), 0);
	mother = open_period(PARENT_SERIOUSLY_ILL, d(2021, 12, 31));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
	mother = open_period(PARENT_GUARDIANSHIP_REVOKED, d(2021, 1, 1));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
	mother = open_period(PARENT_DEPORTED, d(2021, 1, 1));
	assert_int_equal(cats(&f, on), CHILD_DE_FACTO);
}

static void
test_de_facto_both_unable(void **state)
{
	struct parent_period ill = open_period(PARENT_SERIOUSLY_ILL, d(2020, 1, 1));
	struct parent_period prison = open_period(PARENT_IMPRISONED, d(2021, 1, 1));
	struct parent_period not_found = open_period(PARENT_NOT_FOUND, d(2012, 5, 20));
	struct child_facts f = facts(&ill, &prison);
	struct child_facts nf = facts(&not_found, &ill);

	(void)state;
	assert_int_equal(cats(&f, d(2022, 1, 1)), CHILD_DE_FACTO);
	assert_int_equal(cats(&f, d(2020, 12, 31)), 0);
	/* 查找不到 is not in the rule's "死亡/宣告死亡/宣告失踪" */
	assert_int_equal(cats(&nf, d(2022, 1, 1)), 0);
}

static void
test_custody_term_six_months(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2019, 3, 2));
	struct parent_period term;
	struct child_facts f = facts(&dead, &term);

	(void)state;
	/* 2020-01-01 to 2020-06-30 is six whole months */
	term = closed_period(PARENT_IMPRISONED, d(2020, 1, 1), d(2020, 6, 30));
	assert_int_equal(cats(&f, d(2020, 3, 1)), CHILD_DE_FACTO);
	term = closed_period(PARENT_IMPRISONED, d(2020, 1, 1), d(2020, 6, 29));
	assert_int_equal(cats(&f, d(2020, 3, 1)), 0);
	/* month-end: from 31 August six months run to the last day of February */
	term = closed_period(PARENT_DRUG_REHAB, d(2020, 8, 31), d(2021, 2, 27));
	assert_int_equal(cats(&f, d(2020, 12, 1)), CHILD_DE_FACTO);
	term = closed_period(PARENT_DRUG_REHAB, d(2020, 8, 31), d(2021, 2, 26));
	assert_int_equal(cats(&f, d(2020, 12, 1)), 0);
	/* an open term is long enough from its first day */
	term = open_period(PARENT_OTHER_RESTRICTION, d(2021, 12, 31));
	assert_int_equal(cats(&f, d(2021, 12, 30)), 0);
	assert_int_equal(cats(&f, d(2021, 12, 31)), CHILD_DE_FACTO);
	/* a long term that is over no longer counts */
	term = closed_period(PARENT_IMPRISONED, d(2015, 1, 1), d(2020, 12, 31));
	assert_int_equal(cats(&f, d(2020, 12, 31)), CHILD_DE_FACTO);
	assert_int_equal(cats(&f, d(2021, 1, 1)), 0);
}

static void
test_lost_contact_six_months_after_report(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2019, 3, 2));
	struct parent_period lost = open_period(PARENT_LOST_CONTACT, d(2020, 1, 31));
	struct child_facts f = facts(&lost, &dead);

	(void)state;
	assert_int_equal(cats(&f, d(2020, 7, 30)), 0);
	assert_int_equal(cats(&f, d(2020, 7, 31)), CHILD_DE_FACTO);
	lost.start = d(2020, 8, 31);
	assert_int_equal(cats(&f, d(2021, 2, 27)), 0);
	assert_int_equal(cats(&f, d(2021, 2, 28)), CHILD_DE_FACTO);
}

static void
test_left_behind_and_16th_birthday(void **state)
{
	struct parent_period away1 = open_period(PARENT_MIGRANT_WORKER, d(2015, 1, 1));
	struct parent_period away2 = open_period(PARENT_MIGRANT_WORKER, d(2016, 1, 1));
	struct parent_period normal = open_period(PARENT_NORMAL, d(2012, 5, 20));
	struct parent_period ill = open_period(PARENT_SERIOUSLY_ILL, d(2016, 1, 1));
	struct parent_period dead = open_period(PARENT_DEAD, d(2016, 1, 1));
	struct child_facts f = facts(&away1, &away2);
	struct child_facts half = facts(&away1, &normal);
	struct child_facts with_ill = facts(&ill, &away1);
	struct child_facts with_dead = facts(&away1, &dead);

	(void)state;
	assert_int_equal(cats(&f, d(2015, 12, 31)), 0);
	assert_int_equal(cats(&f, d(2016, 1, 1)), CHILD_LEFT_BEHIND);
	assert_int_equal(cats(&f, d(2028, 5, 19)), CHILD_LEFT_BEHIND);
	assert_int_equal(cats(&f, d(2028, 5, 20)), 0);   /* 16th birthday */
	assert_int_equal(cats(&half, d(2020, 1, 1)), 0);
	assert_int_equal(cats(&with_ill, d(2020, 1, 1)), CHILD_LEFT_BEHIND);
	assert_int_equal(cats(&with_dead, d(2020, 1, 1)), CHILD_LEFT_BEHIND);
	f.rural_household = true;
	assert_int_equal(cats(&f, d(2020, 1, 1)), CHILD_LEFT_BEHIND | CHILD_RURAL_LEFT_BEHIND);
	/* without a birth date the age is unknown: never counted 留守 */
	f.birth_known = false;
	assert_int_equal(cats(&f, d(2020, 1, 1)), 0);
}

static void
test_strongest_period_decides(void **state)
{
	struct parent_period father[] = {
		open_period(PARENT_MIGRANT_WORKER, d(2015, 1, 1)),
		open_period(PARENT_SERIOUSLY_ILL, d(2019, 6, 1)),
	};
	struct parent_period mother = open_period(PARENT_DEAD, d(2018, 1, 1));
	struct child_facts f = facts(NULL, &mother);
	struct child_rules r = child_rules_default();
	struct child_result res;

	(void)state;
	f.father = (struct parent_history){ father, 2 };
	assert_int_equal(cats(&f, d(2019, 5, 31)), CHILD_LEFT_BEHIND);
	res = child_derive(&f, d(2019, 6, 1), &r);
	assert_int_equal(res.categories, CHILD_DE_FACTO);
	assert_int_equal(res.father.role, ROLE_UNABLE);
	assert_int_equal(res.father.period, 1);
	assert_int_equal(res.mother.role, ROLE_GONE);
	assert_int_equal(res.mother.period, 0);
}

static void
test_adult_from_18th_birthday(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2010, 1, 1));
	struct child_facts f = facts(&dead, &dead);
	struct child_rules r = child_rules_default();
	struct child_result res;

	(void)state;
	res = child_derive(&f, d(2030, 5, 19), &r);
	assert_int_equal(res.categories, CHILD_ORPHAN);
	assert_int_equal(res.age, 17);
	assert_false(res.adult);
	res = child_derive(&f, d(2030, 5, 20), &r);
	assert_int_equal(res.categories, 0);
	assert_int_equal(res.age, 18);
	assert_true(res.adult);
	/* born on 29 February: 18 on the last day of February of a common year */
	f.birth = d(2008, 2, 29);
	assert_int_equal(cats(&f, d(2026, 2, 27)), CHILD_ORPHAN);
	assert_int_equal(cats(&f, d(2026, 2, 28)), 0);
}

static void
test_turns_adult_within(void **state)
{
	struct child_rules r = child_rules_default();
	struct id_date birth = d(2008, 12, 31);

	(void)state;
	assert_true(child_turns_adult_within(birth, d(2026, 12, 1), 30, &r));
	assert_false(child_turns_adult_within(birth, d(2026, 11, 30), 30, &r));
	assert_true(child_turns_adult_within(birth, d(2026, 12, 30), 30, &r));
	assert_false(child_turns_adult_within(birth, d(2026, 12, 31), 30, &r));   /* already 18 */
}

static void
test_difficulty_classes(void **state)
{
	struct child_facts f = facts(NULL, NULL);
	struct child_rules r = child_rules_default();
	struct id_date on = d(2022, 1, 1);

	(void)state;
	assert_int_equal(cats(&f, on), 0);
	f.economy = ECONOMY_DIBIAN;
	assert_int_equal(cats(&f, on), CHILD_DIFFICULTY | CHILD_POVERTY);
	r.poverty[ECONOMY_DIBIAN] = false;   /* configured out */
	assert_int_equal(child_derive(&f, on, &r).categories, 0);
	f.economy = ECONOMY_NONE;
	f.disability = DISABILITY_HEARING;
	f.disability_grade = 4;
	assert_int_equal(cats(&f, on), CHILD_DIFFICULTY | CHILD_OWN_DISABILITY | CHILD_DISABLED);
	f.disability_grade = 0;   /* not certified: no grade */
	assert_int_equal(cats(&f, on), 0);
	f.guardianship_lacking = true;
	assert_int_equal(cats(&f, on), CHILD_DIFFICULTY | CHILD_GUARDIANSHIP);
}

static void
test_reasons_name_the_facts(void **state)
{
	struct parent_period dead = open_period(PARENT_DEAD, d(2019, 3, 2));
	struct parent_period term = closed_period(PARENT_IMPRISONED, d(2020, 1, 1), d(2024, 12, 31));
	struct parent_period lost = open_period(PARENT_LOST_CONTACT, d(2020, 1, 31));
	struct parent_period dis = disabled(DISABILITY_INTELLECTUAL, 3, d(2015, 1, 1));
	struct child_facts f = facts(&dead, &term);
	struct child_rules r = child_rules_default();
	struct child_result res = child_derive(&f, d(2022, 1, 1), &r);
	char buf[512], tiny[8];

	(void)state;
	assert_true(child_reason(&f, &res, &r, CHILD_DE_FACTO, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "父亲：死亡（2019-03-02起）；母亲：服刑在押（2020-01-01至2024-12-31）");
	assert_int_equal(child_reason(&f, &res, &r, CHILD_ORPHAN, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* cut to the buffer, the length needed still returned */
	assert_int_equal(child_reason(&f, &res, &r, CHILD_DE_FACTO, tiny, sizeof(tiny)),
			 strlen("父亲：死亡（2019-03-02起）；母亲：服刑在押（2020-01-01至2024-12-31）"));
	assert_true(strlen(tiny) < sizeof(tiny));

	f.mother = (struct parent_history){ &lost, 1 };
	res = child_derive(&f, d(2022, 1, 1), &r);
	child_reason(&f, &res, &r, CHILD_DE_FACTO, buf, sizeof(buf));
	assert_string_equal(buf, "父亲：死亡（2019-03-02起）；母亲：失联（2020-01-31报告，已满6个月）");

	f.mother = (struct parent_history){ &dis, 1 };
	f.economy = ECONOMY_DIBAO;
	f.disability = DISABILITY_PHYSICAL;
	f.disability_grade = 2;
	res = child_derive(&f, d(2022, 1, 1), &r);
	child_reason(&f, &res, &r, CHILD_DE_FACTO, buf, sizeof(buf));
	assert_string_equal(buf, "父亲：死亡（2019-03-02起）；母亲：残疾（智力三级，2015-01-01起）");
	child_reason(&f, &res, &r, CHILD_DIFFICULTY, buf, sizeof(buf));
	assert_string_equal(buf, "家庭经济：低保；本人残疾：肢体二级");
}

static void
test_left_behind_reason_gives_age(void **state)
{
	struct parent_period away = open_period(PARENT_MIGRANT_WORKER, d(2015, 1, 1));
	struct child_facts f = facts(&away, &away);
	struct child_rules r = child_rules_default();
	struct child_result res;
	char buf[512];

	(void)state;
	f.rural_household = true;
	res = child_derive(&f, d(2022, 1, 1), &r);
	child_reason(&f, &res, &r, CHILD_RURAL_LEFT_BEHIND, buf, sizeof(buf));
	assert_string_equal(buf, "父亲：外出务工（2015-01-01起）；母亲：外出务工（2015-01-01起）"
				 "；未满16周岁（9岁）；农业户口");
}

static void
test_next_change(void **state)
{
	struct parent_period father[] = {
		closed_period(PARENT_IMPRISONED, d(2020, 1, 1), d(2024, 12, 31)),
		open_period(PARENT_LOST_CONTACT, d(2025, 3, 31)),
	};
	struct parent_period mother = open_period(PARENT_MIGRANT_WORKER, d(2023, 2, 1));
	struct child_facts f = facts(NULL, &mother);
	struct child_rules r = child_rules_default();
	struct id_date next = { 0, 0, 0 };

	(void)state;
	f.father = (struct parent_history){ father, 2 };
	assert_true(child_next_change(&f, d(2022, 1, 1), &r, &next));
	assert_int_equal(id_date_compare(next, d(2023, 2, 1)), 0);      /* mother leaves */
	assert_true(child_next_change(&f, d(2023, 2, 1), &r, &next));
	assert_int_equal(id_date_compare(next, d(2025, 1, 1)), 0);      /* the day after the term */
	assert_true(child_next_change(&f, d(2025, 1, 1), &r, &next));
	assert_int_equal(id_date_compare(next, d(2025, 3, 31)), 0);     /* reported lost */
	assert_true(child_next_change(&f, d(2025, 3, 31), &r, &next));
	assert_int_equal(id_date_compare(next, d(2025, 9, 30)), 0);     /* six months after */
	assert_true(child_next_change(&f, d(2025, 9, 30), &r, &next));
	assert_int_equal(id_date_compare(next, d(2028, 5, 20)), 0);     /* 16th birthday */
	assert_true(child_next_change(&f, d(2028, 5, 20), &r, &next));
	assert_int_equal(id_date_compare(next, d(2030, 5, 20)), 0);     /* 18th birthday */
	assert_false(child_next_change(&f, d(2030, 5, 20), &r, &next));
	/* and the derivation does change on each of those days */
	assert_int_not_equal(cats(&f, d(2025, 9, 29)), cats(&f, d(2025, 9, 30)));
	f.birth_known = false;
	assert_false(child_next_change(&f, d(2025, 9, 30), &r, &next));
}

static void
test_adult_cutoff_agrees_with_age(void **state)
{
	struct child_rules r = child_rules_default();
	struct id_date on = { 2024, 1, 1 };

	(void)state;
	/* every day of four years, against every birth date near the cutoff */
	for (int d = 0; d < 4 * 366; d++, on = id_date_add_days(on, 1)) {
		struct id_date cut = child_adult_cutoff(on, &r);

		assert_true(id_date_age(cut, on) >= 18);
		assert_true(id_date_age(id_date_add_days(cut, 1), on) < 18);
	}
	on = (struct id_date){ 2026, 2, 28 };
	assert_int_equal(child_adult_cutoff(on, &r).day, 29);   /* 2008-02-29 is 18 that day */
}

static void
test_purge_day_and_cutoff(void **state)
{
	struct child_rules r = child_rules_default();
	struct id_date on = { 2024, 1, 1 };

	(void)state;
	/* 18th birthday + 3 calendar years */
	assert_int_equal(id_date_compare(child_purge_day(d(2005, 6, 15), 3, &r), d(2026, 6, 15)), 0);
	/* 29 February: 28 February where it does not exist, the 29th where it does */
	assert_int_equal(id_date_compare(child_purge_day(d(2004, 2, 29), 3, &r), d(2025, 2, 28)), 0);
	assert_int_equal(id_date_compare(child_purge_day(d(2004, 2, 29), 2, &r), d(2024, 2, 28)), 0);
	assert_int_equal(id_date_compare(child_purge_day(d(2000, 2, 29), 4, &r), d(2022, 2, 28)), 0);
	/* the boundary itself: due on the day, not the day before */
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2026, 6, 15), 3, &r), d(2005, 6, 15)), 0);
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2026, 6, 14), 3, &r), d(2005, 6, 14)), 0);
	/* on 28 February of a common year the 29 February births are due too */
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2025, 2, 28), 3, &r), d(2004, 2, 29)), 0);
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2025, 2, 27), 3, &r), d(2004, 2, 27)), 0);
	/* in a leap year the 29th is its own day */
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2028, 2, 28), 3, &r), d(2007, 2, 28)), 0);
	assert_int_equal(id_date_compare(child_purge_cutoff(d(2028, 2, 29), 3, &r), d(2007, 2, 28)), 0);
	/* every day of four years: the cutoff is due, the day after it is not */
	for (int k = 0; k < 4 * 366; k++, on = id_date_add_days(on, 1)) {
		for (int years = 0; years <= 5; years++) {
			struct id_date cut = child_purge_cutoff(on, years, &r);

			assert_true(id_date_compare(child_purge_day(cut, years, &r), on) <= 0);
			assert_true(id_date_compare(child_purge_day(id_date_add_days(cut, 1), years, &r),
						    on) > 0);
		}
	}
}

static void
test_visit_intervals_and_month_ends(void **state)
{
	struct visit_rules r = visit_rules_default();
	struct id_date due, given;

	(void)state;
	assert_int_equal(child_visit_interval(CHILD_ORPHAN, &r), 1);
	assert_int_equal(child_visit_interval(CHILD_DE_FACTO | CHILD_DISABLED, &r), 1);
	assert_int_equal(child_visit_interval(CHILD_LEFT_BEHIND, &r), 3);
	assert_int_equal(child_visit_interval(CHILD_DIFFICULTY | CHILD_POVERTY, &r), 3);
	assert_int_equal(child_visit_interval(0, &r), 3);

	/* monthly: the same day next month, or that month's last day */
	assert_true(child_visit_next_due(d(2026, 3, 15), CHILD_ORPHAN, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2026, 4, 15)), 0);
	assert_true(child_visit_next_due(d(2026, 1, 31), CHILD_ORPHAN, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2026, 2, 28)), 0);
	assert_true(child_visit_next_due(d(2028, 1, 31), CHILD_DE_FACTO, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2028, 2, 29)), 0);
	assert_true(child_visit_next_due(d(2026, 3, 31), CHILD_ORPHAN, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2026, 4, 30)), 0);
	assert_true(child_visit_next_due(d(2026, 12, 15), CHILD_ORPHAN, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2027, 1, 15)), 0);
	/* quarterly */
	assert_true(child_visit_next_due(d(2026, 11, 30), CHILD_LEFT_BEHIND, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2027, 2, 28)), 0);
	assert_true(child_visit_next_due(d(2026, 5, 31), CHILD_DISABLED, &r, NULL, &due));
	assert_int_equal(id_date_compare(due, d(2026, 8, 31)), 0);

	/* a date the visitor gives: from the visit day to the interval's end */
	given = d(2026, 4, 1);
	assert_true(child_visit_next_due(d(2026, 3, 15), CHILD_ORPHAN, &r, &given, &due));
	assert_int_equal(id_date_compare(due, given), 0);
	given = d(2026, 4, 15);
	assert_true(child_visit_next_due(d(2026, 3, 15), CHILD_ORPHAN, &r, &given, &due));
	given = d(2026, 4, 16);
	assert_false(child_visit_next_due(d(2026, 3, 15), CHILD_ORPHAN, &r, &given, &due));
	given = d(2026, 3, 14);
	assert_false(child_visit_next_due(d(2026, 3, 15), CHILD_ORPHAN, &r, &given, &due));
	given = d(2026, 6, 15);
	assert_true(child_visit_next_due(d(2026, 3, 15), CHILD_LEFT_BEHIND, &r, &given, &due));

	/* configurable */
	r.other_months = 2;
	r.monthly = CHILD_ORPHAN;
	assert_int_equal(child_visit_interval(CHILD_DE_FACTO, &r), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_de_facto_disability_grades),
		cmocka_unit_test(test_de_facto_both_unable),
		cmocka_unit_test(test_custody_term_six_months),
		cmocka_unit_test(test_lost_contact_six_months_after_report),
		cmocka_unit_test(test_left_behind_and_16th_birthday),
		cmocka_unit_test(test_strongest_period_decides),
		cmocka_unit_test(test_adult_from_18th_birthday),
		cmocka_unit_test(test_turns_adult_within),
		cmocka_unit_test(test_difficulty_classes),
		cmocka_unit_test(test_reasons_name_the_facts),
		cmocka_unit_test(test_left_behind_reason_gives_age),
		cmocka_unit_test(test_next_change),
		cmocka_unit_test(test_adult_cutoff_agrees_with_age),
		cmocka_unit_test(test_purge_day_and_cutoff),
		cmocka_unit_test(test_visit_intervals_and_month_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
