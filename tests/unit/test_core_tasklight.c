/* The task status machine and the traffic lights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/tasklight.h"

#define DAY 86400
/* 2022-06-15 12:00 in China (UTC+8) */
#define JUN15 1655265600
/* 2022-06-01 00:00 and 2022-07-01 00:00 in China */
#define JUN1 1654012800
#define JUL1 1656604800
#define MAY1 1651334400
#define APR1 1648742400

static struct light_rules
rules(enum report_period p)
{
	struct light_rules r;

	light_rules_defaults(&r);
	r.period = p;
	return r;
}

static void
test_transitions(void **state)
{
	(void)state;
	assert_int_equal(task_transition(TASK_PENDING, TASK_SIGN), TASK_SIGNED);
	assert_int_equal(task_transition(TASK_PENDING, TASK_REPORT), TASK_STATUS__MAX);
	assert_int_equal(task_transition(TASK_SIGNED, TASK_REPORT), TASK_IN_PROGRESS);
	assert_int_equal(task_transition(TASK_IN_PROGRESS, TASK_REPORT), TASK_IN_PROGRESS);
	assert_int_equal(task_transition(TASK_IN_PROGRESS, TASK_REQUEST_CLOSE), TASK_CLOSE_REQUESTED);
	assert_int_equal(task_transition(TASK_CLOSE_REQUESTED, TASK_RETURN), TASK_IN_PROGRESS);
	assert_int_equal(task_transition(TASK_CLOSE_REQUESTED, TASK_ACCEPT), TASK_CLOSED);
	assert_int_equal(task_transition(TASK_IN_PROGRESS, TASK_ACCEPT), TASK_STATUS__MAX);
	for (int a = 0; a < TASK_ACTION__MAX; a++)
		assert_int_equal(task_transition(TASK_CLOSED, (enum task_action)a), TASK_STATUS__MAX);
	assert_true(task_action_by_unit(TASK_SIGN));
	assert_false(task_action_by_unit(TASK_ACCEPT));
	assert_int_equal(task_status_parse("close_requested"), TASK_CLOSE_REQUESTED);
	assert_int_equal(task_status_parse("done"), TASK_STATUS__MAX);
	assert_string_equal(task_status_title(TASK_PENDING), "待签收");
}

static void
test_periods_in_china_time(void **state)
{
	struct light_rules m = rules(PERIOD_MONTHLY), q = rules(PERIOD_QUARTERLY);
	(void)state;

	assert_int_equal(period_start(&m, JUN15), JUN1);
	assert_int_equal(period_next(&m, JUN15), JUL1);
	/* 2022-05-31 23:30 in China is still May, though June 1 in some zones */
	assert_int_equal(period_start(&m, JUN1 - 1800), MAY1);
	assert_int_equal(period_start(&q, JUN15), APR1);
	assert_int_equal(period_next(&q, JUN15), JUL1);
	/* December rolls into the next year */
	assert_int_equal(period_next(&m, 1671537600 /* 2022-12-20 20:00 */), 1672502400 /* 2023-01-01 */);
}

static void
test_lights_deadline(void **state)
{
	struct light_rules r = rules(PERIOD_MONTHLY);
	struct task_times t = { .status = TASK_IN_PROGRESS, .created_at = JUN1, .signed_at = JUN1,
				.deadline = JUN15 + 30 * DAY, .last_report_at = JUN15 };
	const char *why;
	(void)state;

	assert_int_equal(task_light(&t, &r, JUN15, &why), LIGHT_GREEN);
	assert_string_equal(why, "");
	assert_int_equal(task_light(&t, &r, t.deadline - 3 * DAY, &why), LIGHT_YELLOW);
	assert_int_equal(task_light(&t, &r, t.deadline + 1, &why), LIGHT_RED);
	assert_string_equal(why, "已超过办理期限");
	t.status = TASK_CLOSED;
	assert_int_equal(task_light(&t, &r, t.deadline + 100 * DAY, &why), LIGHT_GREEN);
	assert_int_equal(days_overdue(t.deadline, t.deadline + 3 * DAY + 5), 3);
	assert_int_equal(days_overdue(t.deadline, t.deadline - 5), 0);
}

static void
test_lights_signing(void **state)
{
	struct light_rules r = rules(PERIOD_MONTHLY);
	struct task_times t = { .status = TASK_PENDING, .created_at = JUN1,
				.deadline = JUN1 + 200 * DAY };
	const char *why;
	(void)state;

	assert_int_equal(task_light(&t, &r, JUN1 + DAY, &why), LIGHT_GREEN);
	assert_int_equal(task_light(&t, &r, JUN1 + 4 * DAY + 3600, &why), LIGHT_YELLOW);
	assert_int_equal(task_light(&t, &r, JUN1 + 5 * DAY + 1, &why), LIGHT_RED);
	assert_string_equal(why, "逾期未签收");
}

static void
test_lights_reports(void **state)
{
	struct light_rules r = rules(PERIOD_MONTHLY);
	struct task_times t = { .status = TASK_SIGNED, .created_at = APR1, .signed_at = APR1 + DAY,
				.deadline = APR1 + 300 * DAY, .last_report_at = 0 };
	const char *why;
	(void)state;

	/* signed on 2 April: April was not a whole period, so early in May
	 * nothing is owed; by June, May's report is */
	assert_int_equal(task_light(&t, &r, MAY1 + 2 * DAY, &why), LIGHT_GREEN);
	assert_int_equal(task_light(&t, &r, JUN15, &why), LIGHT_RED);
	assert_string_equal(why, "上期未报送进展");
	t.last_report_at = MAY1 + 10 * DAY;      /* May's report */
	assert_int_equal(task_light(&t, &r, JUN15, &why), LIGHT_GREEN);
	/* late in June with no June report yet: yellow */
	assert_int_equal(task_light(&t, &r, JUL1 - 2 * DAY, &why), LIGHT_YELLOW);
	assert_string_equal(why, "本期进展待报送");
	t.last_report_at = JUN15;
	assert_int_equal(task_light(&t, &r, JUL1 - 2 * DAY, &why), LIGHT_GREEN);
	/* quarterly periods forgive the missing May report */
	r = rules(PERIOD_QUARTERLY);
	t.last_report_at = APR1 + 5 * DAY;
	assert_int_equal(task_light(&t, &r, JUN15 - 10 * DAY, &why), LIGHT_GREEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_periods_in_china_time),
		cmocka_unit_test(test_lights_deadline),
		cmocka_unit_test(test_lights_signing),
		cmocka_unit_test(test_lights_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
