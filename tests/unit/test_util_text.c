/* util/text: text_copy cuts at a whole UTF-8 character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/text.h"

static void
test_copy_fits(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(text_copy(buf, sizeof(buf), "张小明"), 9);
	assert_string_equal(buf, "张小明");
	assert_int_equal(text_copy(buf, sizeof(buf), ""), 0);
	assert_string_equal(buf, "");
	assert_int_equal(text_copy(buf, 10, "张小明"), 9);   /* exactly fits with its NUL */
	assert_string_equal(buf, "张小明");
}

static void
test_copy_cut_at_a_character(void **state)
{
	char buf[16];

	(void)state;
	/* 8 bytes of room: 张小 (6 bytes), never half of 明 */
	assert_int_equal(text_copy(buf, 9, "张小明"), 6);
	assert_string_equal(buf, "张小");
	assert_int_equal(text_copy(buf, 8, "张小明"), 6);
	assert_int_equal(text_copy(buf, 7, "张小明"), 6);
	assert_int_equal(text_copy(buf, 6, "张小明"), 3);
	assert_string_equal(buf, "张");
	assert_int_equal(text_copy(buf, 3, "张小明"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(text_copy(buf, 1, "abc"), 0);
	assert_string_equal(buf, "");
	assert_int_equal(text_copy(buf, 3, "abc"), 2);
	assert_string_equal(buf, "ab");
	/* a four-byte character */
	assert_int_equal(text_copy(buf, 5, "a\xF0\x9F\x98\x80"), 1);
	assert_string_equal(buf, "a");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_fits),
		cmocka_unit_test(test_copy_cut_at_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
