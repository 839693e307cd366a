/* Measures of a case: every state × event × actor against the grid below
 * (written from the contract, not from the table in case_measure.c), the
 * kinds list, and the moments of the lights of a measure and a listing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/case_measure.h"

/*
 * One row a state, one column an event in enum order: accept, decline,
 * deliver, close, cancel.  "-": refused in that state (409, whoever asks);
 * otherwise who may take it (U the assigned unit, H the case's handler), the
 * state after it, and what it needs (n note, d delivered_on).
 */
static const char *const grid[MEASURE_STATE__MAX][MEASURE_EVENT__MAX] = {
	[MEASURE_ASSIGNED] = { "U accepted", "U declined n", "-", "-", "H cancelled n" },
	[MEASURE_ACCEPTED] = { "-", "-", "U delivered nd", "-", "H cancelled n" },
	[MEASURE_DELIVERED] = { "-", "-", "-", "U closed", "-" },
	[MEASURE_CLOSED] = { "-", "-", "-", "-", "-" },
	[MEASURE_CANCELLED] = { "-", "-", "-", "-", "-" },
	[MEASURE_DECLINED] = { "-", "-", "-", "-", "-" },
};

static unsigned
actors_of(const char *cell)
{
	unsigned a = 0;

	for (const char *p = cell; *p && *p != ' '; p++)
		a |= *p == 'U' ? MEASURE_BY_UNIT : *p == 'H' ? MEASURE_BY_HANDLER : 0;
	return a;
}

static void
test_every_state_event_and_actor(void **state)
{
	(void)state;
	for (int s = 0; s < MEASURE_STATE__MAX; s++) {
		for (int e = 0; e < MEASURE_EVENT__MAX; e++) {
			const char *cell = grid[s][e];
			char where[96], to[24] = "", needs[8] = "";

			assert_non_null(cell);
			snprintf(where, sizeof(where), "%s × %s",
				 measure_state_code((enum measure_state)s),
				 measure_event_code((enum measure_event)e));
			if (strcmp(cell, "-") != 0)
				sscanf(strchr(cell, ' ') + 1, "%23s %7s", to, needs);
			for (unsigned who = 0; who < 4; who++) {
				struct measure_step step = { .to = MEASURE_STATE__MAX };
				enum measure_verdict v = measure_event_check(
					(enum measure_state)s, (enum measure_event)e, who, &step);
				unsigned want_needs = 0;

				if (strcmp(cell, "-") == 0) {
					if (v != MEASURE_WRONG_STATE)
						fail_msg("%s by %u: %d, want 409", where, who, v);
					continue;
				}
				if (v != ((who & actors_of(cell)) ? MEASURE_ALLOWED
								  : MEASURE_WRONG_ACTOR))
					fail_msg("%s by %u: %d", where, who, v);
				if (step.to != measure_state_parse(to))
					fail_msg("%s leads to %s, want %s", where,
						 measure_state_code(step.to), to);
				assert_int_equal(step.actors, actors_of(cell));
				if (strchr(needs, 'n'))
					want_needs |= MEASURE_NEED_NOTE;
				if (strchr(needs, 'd'))
					want_needs |= MEASURE_NEED_DELIVERED_ON;
				if (step.needs != want_needs)
					fail_msg("%s needs %u, want %u", where, step.needs, want_needs);
			}
		}
	}
	/* out of range */
	assert_int_equal(measure_event_check(MEASURE_STATE__MAX, MEASURE_EV_ACCEPT, ~0u, NULL),
			 MEASURE_WRONG_STATE);
	assert_int_equal(measure_event_check(MEASURE_ASSIGNED, MEASURE_EVENT__MAX, ~0u, NULL),
			 MEASURE_WRONG_STATE);
}

static void
test_codes_and_live(void **state)
{
	(void)state;
	for (enum measure_state s = 0; s < MEASURE_STATE__MAX; s++) {
		assert_int_equal(measure_state_parse(measure_state_code(s)), s);
		assert_true(strlen(measure_state_title(s)) > 0);
		assert_int_equal(measure_state_live(s),
				 s == MEASURE_ASSIGNED || s == MEASURE_ACCEPTED);
	}
	for (enum measure_event e = 0; e < MEASURE_EVENT__MAX; e++) {
		assert_int_equal(measure_event_parse(measure_event_code(e)), e);
		assert_true(strlen(measure_event_title(e)) > 0);
	}
	assert_string_equal(measure_state_title(MEASURE_DELIVERED), "已落实");
	assert_int_equal(measure_state_parse("closed "), MEASURE_STATE__MAX);
	assert_int_equal(measure_event_parse(NULL), MEASURE_EVENT__MAX);
	for (enum case_state s = 0; s < CASE_STATE__MAX; s++)
		assert_int_equal(measure_case_state_ok(s), s == CASE_ASSESSING ||
				 s == CASE_IN_CARE || s == CASE_FOLLOW_UP);
}

static void
test_kinds(void **state)
{
	(void)state;
	assert_true(case_measure_kinds_valid(CASE_MEASURE_KINDS_DEFAULT));
	assert_true(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, "心理疏导"));
	assert_true(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, "家庭教育指导"));
	assert_false(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, "心理"));
	assert_false(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, ""));
	assert_false(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, NULL));
	assert_false(case_measure_kind_allowed(CASE_MEASURE_KINDS_DEFAULT, "司法救助,心理疏导"));
	assert_true(case_measure_kinds_valid("心理疏导"));
	assert_false(case_measure_kinds_valid(""));
	assert_false(case_measure_kinds_valid("心理疏导,"));
	assert_false(case_measure_kinds_valid(",心理疏导"));
	assert_false(case_measure_kinds_valid("心理疏导,,司法救助"));
	assert_false(case_measure_kinds_valid("心理疏导,司法救助,心理疏导"));
	assert_true(case_measure_kinds_valid("一二三四五六七八九十一二三四五六"));    /* 16 */
	assert_false(case_measure_kinds_valid("一二三四五六七八九十一二三四五六七"));  /* 17 */
}

static void
test_moments(void **state)
{
	struct id_date due, deadline;
	int64_t y, r;

	(void)state;
	assert_true(id_date_parse_iso("2026-03-10", &due));
	/* 2026-03-10 00:00 +08:00 = 2026-03-09 16:00 UTC = 1773072000 */
	assert_int_equal(measure_day_start(due), 1773072000);
	measure_moments(due, 3, &y, &r);
	assert_int_equal(r, 1773072000 + 86400);          /* the end of the due day */
	assert_int_equal(y, 1773072000 - 3 * 86400);      /* 00:00 three days before */
	measure_moments(due, 0, &y, &r);
	assert_int_equal(y, 1773072000);
	measure_moments(due, -5, &y, &r);                 /* taken as 0 */
	assert_int_equal(y, 1773072000);

	/* the next report: period days after the day (in China) of the moment */
	{
		struct id_date d = listing_next_due(1773072000 + 23 * 3600, 7);   /* 3-10 23:00 */
		char s[11];

		id_date_format(d, s);
		assert_string_equal(s, "2026-03-17");
		d = listing_next_due(1773072000 - 60, 1);                          /* 3-09 23:59 */
		id_date_format(d, s);
		assert_string_equal(s, "2026-03-10");
	}
	/* the earlier of the report's day and the deadline */
	assert_true(id_date_parse_iso("2026-04-30", &deadline));
	listing_moments(due, deadline, &y, &r);
	assert_int_equal(y, 1773072000 - 86400);
	assert_int_equal(r, 1773072000 + 86400);
	listing_moments(deadline, due, &y, &r);
	assert_int_equal(y, 1773072000 - 86400);
	assert_int_equal(r, 1773072000 + 86400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_event_and_actor),
		cmocka_unit_test(test_codes_and_live),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_moments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
