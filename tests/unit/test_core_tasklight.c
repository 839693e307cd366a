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

/* A small deterministic generator (xorshift), for the property test. */
static uint64_t
next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
test_moments_agree_with_the_light(void **state)
{
	static const enum task_status statuses[] = { TASK_PENDING, TASK_SIGNED, TASK_IN_PROGRESS,
						     TASK_CLOSE_REQUESTED, TASK_CLOSED };
	uint64_t x = 88172645463325252ULL;
	(void)state;

	for (int i = 0; i < 20000; i++) {
		struct light_rules r = rules(next_random(&x) % 2 ? PERIOD_QUARTERLY : PERIOD_MONTHLY);
		struct task_times t;
		int64_t yellow, red, now;
		const char *why;

		r.warn_days = (int)(next_random(&x) % 20);
		r.sign_days = (int)(next_random(&x) % 10);
		t.status = statuses[next_random(&x) % 5];
		t.created_at = APR1 + (int64_t)(next_random(&x) % (200 * DAY));
		t.signed_at = t.status == TASK_PENDING ? 0
			      : t.created_at + (int64_t)(next_random(&x) % (20 * DAY));
		t.last_report_at = t.status == TASK_PENDING || next_random(&x) % 3 == 0
				   ? 0 : t.signed_at + (int64_t)(next_random(&x) % (90 * DAY));
		t.deadline = t.created_at + (int64_t)(next_random(&x) % (400 * DAY));
		task_light_moments(&t, &r, &yellow, &red);
		for (int k = 0; k < 20; k++) {
			now = t.created_at + (int64_t)(next_random(&x) % (500 * DAY));
			if (k == 0 && red)
				now = red;
			if (k == 1 && red)
				now = red - 1;
			if (k == 2 && yellow)
				now = yellow;
			if (k == 3 && yellow)
				now = yellow - 1;
			if (task_light(&t, &r, now, &why) != task_light_at(yellow, red, now))
				fail_msg("task %d status %d at %lld: light %d, moments say %d", i,
					 t.status, (long long)now, task_light(&t, &r, now, &why),
					 task_light_at(yellow, red, now));
		}
	}
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
		cmocka_unit_test(test_moments_agree_with_the_light),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
