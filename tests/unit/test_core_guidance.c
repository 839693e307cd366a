/* Family-education orders: who may issue which instrument, the next
 * session's due date and the moments of its light. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/guidance.h"

#define DAY 86400
/* 2026-03-11 00:00 in China (UTC+8) */
#define MAR11 1773158400

static void
test_issuers(void **state)
{
	(void)state;
	assert_int_equal(guidance_issuer_of("市法院"), ISSUER_COURT);
	assert_int_equal(guidance_issuer_of("桐乡市人民检察院"), ISSUER_PROCURATORATE);
	assert_int_equal(guidance_issuer_of("市公安局"), ISSUER_POLICE);
	assert_int_equal(guidance_issuer_of("市妇联"), ISSUER_OTHER);
	assert_int_equal(guidance_issuer_of(NULL), ISSUER_OTHER);
	/* 家庭教育指导令: a court only */
	assert_true(guidance_may_issue(GUIDANCE_ORDER, ISSUER_COURT));
	assert_false(guidance_may_issue(GUIDANCE_ORDER, ISSUER_PROCURATORATE));
	assert_false(guidance_may_issue(GUIDANCE_ORDER, ISSUER_POLICE));
	/* 督促监护令: a procuratorate only */
	assert_true(guidance_may_issue(GUIDANCE_SUPERVISE, ISSUER_PROCURATORATE));
	assert_false(guidance_may_issue(GUIDANCE_SUPERVISE, ISSUER_COURT));
	assert_false(guidance_may_issue(GUIDANCE_SUPERVISE, ISSUER_POLICE));
	/* 责令接受家庭教育指导: any of the three, nobody else */
	assert_true(guidance_may_issue(GUIDANCE_INSTRUCT, ISSUER_POLICE));
	assert_true(guidance_may_issue(GUIDANCE_INSTRUCT, ISSUER_COURT));
	assert_true(guidance_may_issue(GUIDANCE_INSTRUCT, ISSUER_PROCURATORATE));
	for (int k = 0; k <= GUIDANCE_KIND__MAX; k++)
		assert_false(guidance_may_issue((enum guidance_kind)k, ISSUER_OTHER));
	for (int k = 0; k < GUIDANCE_KIND__MAX; k++)
		assert_int_equal(guidance_kind_parse(guidance_kind_title((enum guidance_kind)k)), k);
	assert_int_equal(guidance_kind_parse("指导令"), GUIDANCE_KIND__MAX);
	assert_int_equal(guidance_kind_parse(NULL), GUIDANCE_KIND__MAX);
	assert_true(guidance_result_valid("部分履行"));
	assert_false(guidance_result_valid("履行了"));
	assert_false(guidance_result_valid(NULL));
}

static void
test_next_due(void **state)
{
	char due[11];

	(void)state;
	/* no session yet: from the period's start */
	assert_true(guidance_next_due("2026-03-01", "2027-02-28", "", 7, due));
	assert_string_equal(due, "2026-03-08");
	assert_true(guidance_next_due("2026-03-01", "2027-02-28", NULL, 30, due));
	assert_string_equal(due, "2026-03-31");
	/* from the last session held */
	assert_true(guidance_next_due("2026-03-01", "2027-02-28", "2026-03-10", 7, due));
	assert_string_equal(due, "2026-03-17");
	/* a session before the period does not count */
	assert_true(guidance_next_due("2026-03-01", "2027-02-28", "2026-02-20", 7, due));
	assert_string_equal(due, "2026-03-08");
	/* across a month and a leap day */
	assert_true(guidance_next_due("2028-02-25", "2028-12-31", "", 5, due));
	assert_string_equal(due, "2028-03-01");
	/* the last day of the period is still owed; a day after it is not */
	assert_true(guidance_next_due("2026-03-01", "2026-03-08", "", 7, due));
	assert_string_equal(due, "2026-03-08");
	assert_false(guidance_next_due("2026-03-01", "2026-03-07", "", 7, due));
	assert_string_equal(due, "");
	/* bad input */
	assert_false(guidance_next_due("2026-03-01", "2027-02-28", "", 0, due));
	assert_false(guidance_next_due("2026-03-01", "2027-02-28", "", 367, due));
	assert_true(guidance_next_due("2026-03-01", "2027-03-02", "", 366, due));
	assert_string_equal(due, "2027-03-02");
	assert_false(guidance_next_due("2026-02-30", "2027-02-28", "", 7, due));
	assert_false(guidance_next_due("2026-03-01", "2027-02-28", "2026-3-1", 7, due));
}

static void
test_moments(void **state)
{
	int64_t y, r;

	(void)state;
	assert_true(guidance_light_moments("2026-03-11", &y, &r));
	/* red once 2026-03-11 has ended in China; yellow from the start of 03-09 */
	assert_int_equal(r, MAR11 + DAY);
	assert_int_equal(y, MAR11 - 2 * DAY);
	assert_false(guidance_light_moments("", &y, &r));
	assert_int_equal(y, 0);
	assert_int_equal(r, 0);
	assert_false(guidance_light_moments("2026-13-01", &y, &r));
	assert_int_equal(guidance_period_end("2026-03-11"), MAR11 + DAY);
	assert_int_equal(guidance_period_end("x"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issuers),
		cmocka_unit_test(test_next_due),
		cmocka_unit_test(test_moments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
