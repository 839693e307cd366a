/* util/text: text_copy cuts at a whole UTF-8 character; text_utf8_scrub drops split ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

/* What a byte-counted cut leaves: the split character's bytes dropped,
 * whole characters kept, wherever the damage is. */
static void
test_scrub_drops_split_characters(void **state)
{
	char buf[64], cut[16];

	(void)state;
	strcpy(buf, "张小明");
	assert_int_equal(text_utf8_scrub(buf), 9);
	assert_string_equal(buf, "张小明");
	memcpy(cut, "张小明", 7);   /* 7 bytes: 张小 and the first byte of 明 */
	cut[7] = '\0';
	assert_int_equal(strlen(cut), 7);
	assert_int_equal(text_utf8_scrub(cut), 6);
	assert_string_equal(cut, "张小");
	snprintf(buf, sizeof(buf), "「%.4s」应为男或女", "男女不详");   /* 男 and one byte */
	text_utf8_scrub(buf);
	assert_string_equal(buf, "「男」应为男或女");
	strcpy(buf, "a\xF0\x9F\x98");   /* a four-byte character cut after three */
	assert_int_equal(text_utf8_scrub(buf), 1);
	assert_string_equal(buf, "a");
	strcpy(buf, "\x80\xBFok");
	assert_int_equal(text_utf8_scrub(buf), 2);
	assert_string_equal(buf, "ok");
	buf[0] = '\0';
	assert_int_equal(text_utf8_scrub(buf), 0);
}

static void
test_blank(void **state)
{
	(void)state;
	assert_true(text_is_blank(""));
	assert_true(text_is_blank(" \t\n\r"));
	assert_true(text_is_blank("\xE3\x80\x80\xE2\x80\x8B\xEF\xBB\xBF"));   /* U+3000, U+200B, BOM */
	assert_false(text_is_blank(" 孩 "));
	assert_false(text_is_blank("\xE2\x80\x8B" "a"));
	assert_false(text_is_blank("\xFF"));   /* not UTF-8: not blank, refused elsewhere */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_fits),
		cmocka_unit_test(test_copy_cut_at_a_character),
		cmocka_unit_test(test_scrub_drops_split_characters),
		cmocka_unit_test(test_blank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
