/* 督办 levels and the year-end rubric. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/supervise.h"

#define DAY 86400
#define JUN1 1654012800   /* 2022-06-01 00:00 China */

static struct light_rules
rules(void)
{
	struct light_rules r;

	light_rules_defaults(&r);
	return r;
}

static void
test_levels_rise_with_time(void **state)
{
	struct light_rules r = rules();
	struct task_times t = { TASK_IN_PROGRESS, JUN1, JUN1, JUN1 + 30 * DAY, JUN1 + DAY };
	int64_t days;
	(void)state;

	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 29 * DAY, &days), 0);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 31 * DAY, &days), 1);
	assert_int_equal(days, 1);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 46 * DAY, &days), 2);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 61 * DAY, &days), 3);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 400 * DAY, &days), 3);
	t.status = TASK_CLOSED;
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 400 * DAY, &days), 0);
}

static void
test_unsigned_tasks_are_overdue_after_the_sign_period(void **state)
{
	struct light_rules r = rules();
	struct task_times t = { TASK_PENDING, JUN1, 0, JUN1 + 300 * DAY, 0 };
	int64_t days;
	(void)state;

	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 4 * DAY, &days), 0);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 6 * DAY, &days), 1);
	assert_int_equal(supervision_level(&t, &r, 15, JUN1 + 21 * DAY, &days), 2);
}

static void
test_a_perfect_unit_keeps_its_base(void **state)
{
	struct light_rules r = rules();
	struct score_rules s;
	int64_t reports[] = { JUN1 + 10 * DAY, JUN1 + 40 * DAY, JUN1 + 70 * DAY };
	struct score_task t = {
		.times = { TASK_CLOSED, JUN1, JUN1 + DAY, JUN1 + 100 * DAY, reports[2] },
		.closed_at = JUN1 + 80 * DAY, .reports = reports, .nreports = 3,
	};
	struct unit_score u = { 0 };
	(void)state;

	score_rules_defaults(&s);
	score_add_task(&u, &t, &s, &r, JUN1 + 200 * DAY);
	score_finish(&u, &s);
	assert_int_equal(u.tasks, 1);
	assert_int_equal(u.closed_on_time, 1);
	assert_int_equal(u.missed_reports, 0);
	assert_true(u.score == 100);
}

static void
test_deductions(void **state)
{
	struct light_rules r = rules();
	struct score_rules s;
	/* signed 10 days late, no reports, 30 days overdue and still open, 督办 level 3 */
	struct score_task t = {
		.times = { TASK_IN_PROGRESS, JUN1, JUN1 + 10 * DAY, JUN1 + 60 * DAY, 0 },
		.supervision_levels = 3,
	};
	struct unit_score u = { 0 };
	(void)state;

	score_rules_defaults(&s);
	score_add_task(&u, &t, &s, &r, JUN1 + 90 * DAY);
	score_finish(&u, &s);
	assert_int_equal(u.signed_late, 1);
	assert_int_equal(u.overdue_tasks, 1);
	assert_int_equal(u.overdue_days, 30);
	/* whole months inside [June 11, August 30): July */
	assert_int_equal(u.missed_reports, 1);
	/* 100 - 2 (late) - 10 (30 days × 0.5, capped at 10) - 1 (July) - 6 (督办) */
	assert_true(u.score == 81);
}

/* The same conduct per task costs the same whatever the number of tasks:
 * a unit with 9 tasks, 3 of them late like test_deductions' task, scores
 * what a unit with 3 tasks, 1 of them late, scores; the parts add up. */
static void
test_scores_are_normalised_by_tasks(void **state)
{
	struct light_rules r = rules();
	struct score_rules s;
	struct score_task bad = {
		.times = { TASK_IN_PROGRESS, JUN1, JUN1 + 10 * DAY, JUN1 + 60 * DAY, 0 },
		.supervision_levels = 3,
	};
	struct score_task good = {
		.times = { TASK_CLOSED, JUN1, JUN1 + DAY, JUN1 + 60 * DAY, 0 },
		.closed_at = JUN1 + 20 * DAY,
	};
	struct unit_score big = { 0 }, small = { 0 };
	double parts = 0;
	(void)state;

	score_rules_defaults(&s);
	for (int i = 0; i < 9; i++)
		score_add_task(&big, i % 3 == 0 ? &bad : &good, &s, &r, JUN1 + 90 * DAY);
	for (int i = 0; i < 3; i++)
		score_add_task(&small, i == 0 ? &bad : &good, &s, &r, JUN1 + 90 * DAY);
	score_finish(&big, &s);
	score_finish(&small, &s);
	assert_int_equal(big.tasks, 9);
	assert_int_equal(big.signed_late, 3);
	assert_true(big.score > 93.6 && big.score < 93.7);   /* 100 - 19 / 3 */
	assert_true(big.score - small.score < 1e-9 && small.score - big.score < 1e-9);
	for (int p = 0; p < SCORE_PARTS; p++)
		parts += big.deduction[p];
	assert_true(100 - parts - big.score < 1e-9);
	assert_true(big.deduction[SCORE_SIGN_LATE] > 0.66 && big.deduction[SCORE_SIGN_LATE] < 0.67);
}

static void
test_targets(void **state)
{
	struct light_rules r = rules();
	struct score_rules s;
	struct score_task t = {
		.times = { TASK_CLOSED, JUN1, JUN1, JUN1 + 100 * DAY, 0 },
		.closed_at = JUN1 + 20 * DAY, .targets = 3, .targets_met = 1,
	};
	struct unit_score u = { 0 };
	(void)state;

	assert_true(target_met(">=", 80, 0, 80));
	assert_false(target_met(">=", 80, 0, 79.9));
	assert_true(target_met("<=", 5, 0, 5));
	assert_true(target_met("range", 5, 10, 7.5));
	assert_true(target_met("range", 5, 10, 10.5));   /* exceeded, still met */
	assert_false(target_met("range", 5, 10, 4.9));
	assert_true(target_met("=", 11, 0, 11));
	assert_true(target_met("=", 11, 0, 12));         /* "=" is reached, not hit exactly */
	assert_false(target_met("=", 11, 0, 10));
	score_rules_defaults(&s);
	score_add_task(&u, &t, &s, &r, JUN1 + 30 * DAY);
	score_finish(&u, &s);
	assert_int_equal(u.targets, 3);
	assert_int_equal(u.targets_met, 1);
	assert_true(u.score == 94);   /* two targets missed, 3 points each */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_rise_with_time),
		cmocka_unit_test(test_unsigned_tasks_are_overdue_after_the_sign_period),
		cmocka_unit_test(test_a_perfect_unit_keeps_its_base),
		cmocka_unit_test(test_deductions),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_scores_are_normalised_by_tasks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
