/* Failed sign-ins per client address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "sec/throttle.h"

static void
test_blocks_at_the_limit_within_the_window(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_false(throttle_blocked("10.0.0.1", 1000 + i, 900, 5));
		throttle_fail("10.0.0.1", 1000 + i, 900);
	}
	assert_false(throttle_blocked("10.0.0.1", 1005, 900, 5));
	throttle_fail("10.0.0.1", 1005, 900);
	assert_true(throttle_blocked("10.0.0.1", 1006, 900, 5));
	assert_false(throttle_blocked("10.0.0.2", 1006, 900, 5));
	assert_false(throttle_blocked("10.0.0.1", 1000 + 901, 900, 5));
}

static void
test_success_clears(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		throttle_fail("10.0.0.3", 2000, 900);
	assert_true(throttle_blocked("10.0.0.3", 2001, 900, 5));
	throttle_clear("10.0.0.3");
	assert_false(throttle_blocked("10.0.0.3", 2001, 900, 5));
}

static void
test_table_full_reuses_oldest(void **state)
{
	char addr[32];
	(void)state;

	for (int i = 0; i < 5000; i++) {
		snprintf(addr, sizeof(addr), "192.0.2.%d", i);
		throttle_fail(addr, 3000 + i, 900);
	}
	for (int i = 0; i < 5; i++)
		throttle_fail("198.51.100.7", 9000, 900);
	assert_true(throttle_blocked("198.51.100.7", 9001, 900, 5));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_at_the_limit_within_the_window),
		cmocka_unit_test(test_success_clears),
		cmocka_unit_test(test_table_full_reuses_oldest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
