/* The case state machine, every state × event × actor, against the grid
 * below (written from the issue, not from the table in case_flow.c), and
 * the deadlines of each stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/case_flow.h"

/*
 * One row a state, one column an event in enum order: accept, reject,
 * assess, start_care, follow_up, request_close, approve_close, return,
 * transfer, accept_transfer, reopen, police_accept.  "-": refused in that
 * state (409, whoever asks); otherwise who may take it (H handler, O office,
 * R the receiving unit, P police) and the state after it ("=" the same).
 */
static const char *const grid[CASE_STATE__MAX][CASE_EVENT__MAX] = {
	[CASE_NEW] = { "H accepted", "H rejected", "-", "-", "-", "-", "-", "-",
		       "H transferring", "-", "-", "P =" },
	[CASE_ACCEPTED] = { "-", "-", "H assessing", "-", "-", "-", "-", "-",
			    "H transferring", "-", "-", "P =" },
	[CASE_ASSESSING] = { "-", "-", "H =", "H in_care", "-", "H close_requested", "-", "-",
			     "H transferring", "-", "-", "P =" },
	[CASE_IN_CARE] = { "-", "-", "H =", "-", "H follow_up", "H close_requested", "-", "-",
			   "-", "-", "-", "P =" },
	[CASE_FOLLOW_UP] = { "-", "-", "H =", "-", "H =", "H close_requested", "-", "-",
			     "-", "-", "-", "P =" },
	[CASE_CLOSE_REQUESTED] = { "-", "-", "-", "-", "-", "-", "O closed", "O in_care",
				   "-", "-", "-", "P =" },
	[CASE_CLOSED] = { "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "O in_care", "-" },
	[CASE_REJECTED] = { "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "O accepted", "-" },
	[CASE_TRANSFERRING] = { "-", "-", "-", "-", "-", "-", "-", "RO accepted", "-",
				"R accepted", "-", "P =" },
};

static unsigned
actors_of(const char *cell)
{
	unsigned a = 0;

	for (const char *p = cell; *p && *p != ' '; p++)
		a |= *p == 'H' ? CASE_BY_HANDLER : *p == 'O' ? CASE_BY_OFFICE :
		     *p == 'R' ? CASE_BY_RECEIVER : *p == 'P' ? CASE_BY_POLICE : 0;
	return a;
}

static void
test_every_state_event_and_actor(void **state)
{
	(void)state;
	for (int s = 0; s < CASE_STATE__MAX; s++) {
		for (int e = 0; e < CASE_EVENT__MAX; e++) {
			const char *cell = grid[s][e];
			char where[96];

			assert_non_null(cell);
			snprintf(where, sizeof(where), "%s × %s", case_state_code((enum case_state)s),
				 case_event_code((enum case_event)e));
			/* every combination of the four actors, none included */
			for (unsigned who = 0; who < 16; who++) {
				struct case_step step = { .to = CASE_STATE__MAX };
				enum case_verdict v = case_event_check((enum case_state)s,
								       (enum case_event)e, who,
								       false, &step);

				if (strcmp(cell, "-") == 0) {
					if (v != CASE_WRONG_STATE)
						fail_msg("%s by %u: %d, want 409", where, who, v);
					continue;
				}
				const char *to = strchr(cell, ' ') + 1;
				enum case_verdict want = (who & actors_of(cell)) ? CASE_ALLOWED :
							 CASE_WRONG_ACTOR;

				if (v != want)
					fail_msg("%s by %u: %d, want %d", where, who, v, want);
				if (strcmp(to, "=") == 0 ? step.to != (enum case_state)s :
				    step.to != case_state_parse(to))
					fail_msg("%s leads to %s, want %s", where,
						 case_state_code(step.to), to);
				assert_int_equal(step.actors, actors_of(cell));
			}
		}
	}
}

static void
test_police_once(void **state)
{
	struct case_step step;

	(void)state;
	assert_int_equal(case_event_check(CASE_IN_CARE, CASE_EV_POLICE_ACCEPT, CASE_BY_POLICE, true,
					  &step), CASE_ALREADY);
	assert_int_equal(case_event_check(CASE_IN_CARE, CASE_EV_POLICE_ACCEPT, CASE_BY_POLICE, false,
					  &step), CASE_ALLOWED);
	assert_int_equal(step.to, CASE_IN_CARE);
	assert_true(step.needs & CASE_NEED_POLICE_KIND);
	/* a handler is not the police, recorded or not */
	assert_int_equal(case_event_check(CASE_NEW, CASE_EV_POLICE_ACCEPT, CASE_BY_HANDLER, true,
					  &step), CASE_WRONG_ACTOR);
	assert_int_equal(case_event_check(CASE_CLOSED, CASE_EV_POLICE_ACCEPT, CASE_BY_POLICE, false,
					  &step), CASE_WRONG_STATE);
}

static void
test_needs(void **state)
{
	struct case_step step;

	(void)state;
	case_event_check(CASE_NEW, CASE_EV_REJECT, CASE_BY_HANDLER, false, &step);
	assert_int_equal(step.needs, CASE_NEED_REASON);
	case_event_check(CASE_NEW, CASE_EV_ACCEPT, CASE_BY_HANDLER, false, &step);
	assert_int_equal(step.needs, 0);
	case_event_check(CASE_ACCEPTED, CASE_EV_ASSESS, CASE_BY_HANDLER, false, &step);
	assert_int_equal(step.needs, CASE_NEED_RISK);
	case_event_check(CASE_ACCEPTED, CASE_EV_TRANSFER, CASE_BY_HANDLER, false, &step);
	assert_int_equal(step.needs, CASE_NEED_UNIT | CASE_NEED_REASON);
	for (enum case_state s = 0; s < CASE_STATE__MAX; s++) {
		/* every way back or out of the way carries a reason */
		if (case_event_check(s, CASE_EV_RETURN, ~0u, false, &step) == CASE_ALLOWED)
			assert_true(step.needs & CASE_NEED_REASON);
		if (case_event_check(s, CASE_EV_REOPEN, ~0u, false, &step) == CASE_ALLOWED)
			assert_true(step.needs & CASE_NEED_REASON);
		if (case_event_check(s, CASE_EV_REQUEST_CLOSE, ~0u, false, &step) == CASE_ALLOWED)
			assert_true(step.needs & CASE_NEED_REASON);
	}
}

static void
test_codes_round_trip(void **state)
{
	(void)state;
	for (enum case_state s = 0; s < CASE_STATE__MAX; s++) {
		assert_int_equal(case_state_parse(case_state_code(s)), s);
		assert_true(strlen(case_state_title(s)) > 0);
	}
	for (enum case_event e = 0; e < CASE_EVENT__MAX; e++) {
		assert_int_equal(case_event_parse(case_event_code(e)), e);
		assert_true(strlen(case_event_title(e)) > 0);
	}
	assert_int_equal(case_state_parse("closed "), CASE_STATE__MAX);
	assert_int_equal(case_event_parse(NULL), CASE_EVENT__MAX);
	assert_int_equal(case_risk_parse("紧急"), CASE_RISK_URGENT);
	assert_int_equal(case_risk_parse(""), CASE_RISK__MAX);
	assert_int_equal(police_kind_parse("刑事"), POLICE_CRIMINAL);
	assert_int_equal(police_kind_parse("民事"), POLICE_KIND__MAX);
	assert_null(case_situation_title(0));
	assert_null(case_situation_title(10));
	for (int n = 1; n <= CASE_SITUATIONS; n++)
		assert_non_null(case_situation_title(n));
	assert_false(case_state_open(CASE_CLOSED));
	assert_false(case_state_open(CASE_REJECTED));
	assert_true(case_state_open(CASE_TRANSFERRING));
}

static void
test_urgency(void **state)
{
	struct case_rules r;

	(void)state;
	case_rules_defaults(&r);
	for (int n = 1; n <= CASE_SITUATIONS; n++) {
		bool want = n <= 5 || n == 9;

		assert_int_equal(case_urgent(1u << n, &r), want);
	}
	assert_true(case_urgent((1u << 6) | (1u << 2), &r));   /* any urgent one makes it urgent */
	assert_false(case_urgent((1u << 6) | (1u << 7) | (1u << 8), &r));
	r.urgent_situations = 1u << 6;                          /* configured otherwise */
	assert_true(case_urgent(1u << 6, &r));
	assert_false(case_urgent(1u << 1, &r));
}

static void
test_stage_moments(void **state)
{
	struct case_rules r;
	int64_t y, red;
	const int64_t t0 = 1700000000;

	(void)state;
	case_rules_defaults(&r);
	/* urgent: accepted within 2 hours, yellow after 1.5 */
	assert_true(case_stage_moments(&(struct case_clock){ CASE_NEW, true, CASE_RISK_NONE, t0 },
				       &r, &y, &red));
	assert_int_equal(red - t0, 2 * 3600);
	assert_int_equal(y - t0, 90 * 60);
	/* others within 24 hours */
	case_stage_moments(&(struct case_clock){ CASE_NEW, false, CASE_RISK_NONE, t0 }, &r, &y, &red);
	assert_int_equal(red - t0, 24 * 3600);
	assert_int_equal(y - t0, 18 * 3600);
	/* assessment: 24 h urgent, 72 h otherwise */
	case_stage_moments(&(struct case_clock){ CASE_ACCEPTED, true, CASE_RISK_NONE, t0 }, &r, &y,
			   &red);
	assert_int_equal(red - t0, 24 * 3600);
	case_stage_moments(&(struct case_clock){ CASE_ACCEPTED, false, CASE_RISK_NONE, t0 }, &r, &y,
			   &red);
	assert_int_equal(red - t0, 72 * 3600);
	/* later stages follow the assessed risk, not the intake urgency */
	case_stage_moments(&(struct case_clock){ CASE_ASSESSING, true, CASE_RISK_LOW, t0 }, &r, &y,
			   &red);
	assert_int_equal(red - t0, 15 * 86400);
	case_stage_moments(&(struct case_clock){ CASE_ASSESSING, false, CASE_RISK_URGENT, t0 }, &r,
			   &y, &red);
	assert_int_equal(red - t0, 24 * 3600);
	case_stage_moments(&(struct case_clock){ CASE_FOLLOW_UP, false, CASE_RISK_HIGH, t0 }, &r, &y,
			   &red);
	assert_int_equal(red - t0, 7 * 86400);
	case_stage_moments(&(struct case_clock){ CASE_IN_CARE, false, CASE_RISK_LOW, t0 }, &r, &y,
			   &red);
	assert_int_equal(red - t0, 30 * 86400);
	case_stage_moments(&(struct case_clock){ CASE_CLOSE_REQUESTED, false, CASE_RISK_LOW, t0 }, &r,
			   &y, &red);
	assert_int_equal(red - t0, 5 * 86400);
	case_stage_moments(&(struct case_clock){ CASE_TRANSFERRING, false, CASE_RISK_NONE, t0 }, &r,
			   &y, &red);
	assert_int_equal(red - t0, 3 * 86400);
	/* closed and refused cases have no deadline */
	assert_false(case_stage_moments(&(struct case_clock){ CASE_CLOSED, true, CASE_RISK_HIGH, t0 },
					&r, &y, &red));
	assert_int_equal(y, 0);
	assert_int_equal(red, 0);
	assert_false(case_stage_moments(&(struct case_clock){ CASE_REJECTED, true, CASE_RISK_NONE, t0 },
					&r, &y, &red));
	/* the reporting unit told within 3 days of the police's acceptance */
	case_feedback_moments(t0, &r, &y, &red);
	assert_int_equal(red - t0, 3 * 86400);
	assert_true(y > t0 && y < red);
	/* a configured share for yellow, kept within 0–100 */
	r.warn_percent = 150;
	case_stage_moments(&(struct case_clock){ CASE_NEW, true, CASE_RISK_NONE, t0 }, &r, &y, &red);
	assert_int_equal(y, red);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_event_and_actor),
		cmocka_unit_test(test_police_once),
		cmocka_unit_test(test_needs),
		cmocka_unit_test(test_codes_round_trip),
		cmocka_unit_test(test_urgency),
		cmocka_unit_test(test_stage_moments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
