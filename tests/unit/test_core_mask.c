/* core/mask: display masking of ID numbers, names, phones and addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mask.h"

/* Masks in with kind into a buffer of exactly MASK_OUT_SIZE and checks the result. */
static void
expect(enum mask_kind kind, const char *in, const char *want)
{
	size_t size = MASK_OUT_SIZE(strlen(in));
	char *out = malloc(size);

	assert_non_null(out);
	assert_true(mask_text(kind, in, out, size));
	assert_string_equal(out, want);
	free(out);
}

static void
test_idnumber_18(void **state)
{
	(void)state;
	expect(MASK_IDNUMBER, "33048320150601123X", "330483********123X");
}

static void
test_idnumber_shorthand(void **state)
{
	char out[32];

	(void)state;
	assert_true(mask_idnumber("330483201506011234", out, sizeof(out)));
	assert_string_equal(out, "330483********1234");
}

static void
test_idnumber_15_digits(void **state)
{
	(void)state;
	expect(MASK_IDNUMBER, "330483150601123", "330483*****1123");
}

static void
test_idnumber_short_all_stars(void **state)
{
	(void)state;
	expect(MASK_IDNUMBER, "123456789", "*********");
}

static void
test_name_three_chars(void **state)
{
	char out[32];

	(void)state;
	assert_true(mask_name("张三明", out, sizeof(out)));
	assert_string_equal(out, "张*明");
}

static void
test_name_two_chars(void **state)
{
	(void)state;
	expect(MASK_NAME, "张三", "张*");
}

static void
test_name_four_chars(void **state)
{
	(void)state;
	expect(MASK_NAME, "欧阳一锋", "欧**锋");
}

static void
test_name_one_char(void **state)
{
	(void)state;
	expect(MASK_NAME, "张", "*");
}

static void
test_name_empty(void **state)
{
	(void)state;
	expect(MASK_NAME, "", "");
}

static void
test_name_with_middle_dot(void **state)
{
	(void)state;
	expect(MASK_NAME, "阿依·买买提", "阿****提");
}

static void
test_name_latin(void **state)
{
	(void)state;
	expect(MASK_NAME, "Li", "L*");
}

static void
test_name_combining_mark_kept_whole(void **state)
{
	/* "José" with é as e + U+0301: the last character is two code points. */
	(void)state;
	expect(MASK_NAME, "Jose\xcc\x81", "J**e\xcc\x81");
}

static void
test_name_supplementary_plane(void **state)
{
	/* 𠮷 (U+20BB7) is four bytes in UTF-8. */
	(void)state;
	expect(MASK_NAME, "\xf0\xa0\xae\xb7" "三" "\xf0\xa0\xae\xb7", "\xf0\xa0\xae\xb7*\xf0\xa0\xae\xb7");
}

static void
test_phone_mobile(void **state)
{
	char out[16];

	(void)state;
	assert_true(mask_phone("13812345678", out, sizeof(out)));
	assert_string_equal(out, "138****5678");
}

static void
test_phone_landline(void **state)
{
	(void)state;
	expect(MASK_PHONE, "0573-88123456", "057******3456");
}

static void
test_phone_short_all_stars(void **state)
{
	(void)state;
	expect(MASK_PHONE, "8812345", "*******");
}

static void
test_address_long(void **state)
{
	char out[64];

	(void)state;
	assert_true(mask_address("浙江省嘉兴市桐乡市梧桐街道某路1号", out, sizeof(out)));
	assert_string_equal(out, "浙江省嘉兴市****");
}

static void
test_address_exactly_seven(void **state)
{
	(void)state;
	expect(MASK_ADDRESS, "一二三四五六七", "一二三四五六****");
}

static void
test_address_short_not_shown_whole(void **state)
{
	(void)state;
	expect(MASK_ADDRESS, "某村5号", "某村****");
}

static void
test_address_empty(void **state)
{
	(void)state;
	expect(MASK_ADDRESS, "", "");
}

static void
test_invalid_utf8_rejected(void **state)
{
	char out[32] = "junk";

	(void)state;
	assert_false(mask_name("\xe5\xbc", out, sizeof(out)));
	assert_string_equal(out, "");
}

static void
test_null_input_rejected(void **state)
{
	char out[32] = "junk";

	(void)state;
	assert_false(mask_name(NULL, out, sizeof(out)));
	assert_string_equal(out, "");
	assert_null(mask_dup(MASK_NAME, NULL));
}

static void
test_small_buffer_rejected(void **state)
{
	char out[6] = "junk";

	(void)state;
	/* "张*明" needs 3 + 1 + 3 + 1 = 8 bytes. */
	assert_false(mask_name("张三明", out, sizeof(out)));
	assert_string_equal(out, "");
}

static void
test_exact_buffer_accepted(void **state)
{
	char out[8];

	(void)state;
	assert_true(mask_name("张三明", out, sizeof(out)));
	assert_string_equal(out, "张*明");
}

static void
test_bad_kind_rejected(void **state)
{
	char out[32];

	(void)state;
	assert_false(mask_text(MASK__MAX, "张三", out, sizeof(out)));
}

static void
test_dup_returns_malloced_mask(void **state)
{
	char *s;

	(void)state;
	s = mask_dup(MASK_IDNUMBER, "11010519491231002X");
	assert_non_null(s);
	assert_string_equal(s, "110105********002X");
	free(s);
}

static void
test_dup_invalid_is_null(void **state)
{
	(void)state;
	assert_null(mask_dup(MASK_ADDRESS, "\xff"));
}

static void
test_out_size_always_suffices(void **state)
{
	static const char *const inputs[] = {
		"", "a", "张", "ab", "一二三四五六", "一二三四五六七八九十", "x\xcc\x81",
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", "0573-88123456",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		for (int k = 0; k < MASK__MAX; k++) {
			char *s = mask_dup((enum mask_kind)k, inputs[i]);
			assert_non_null(s);
			free(s);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnumber_18),
		cmocka_unit_test(test_idnumber_shorthand),
		cmocka_unit_test(test_idnumber_15_digits),
		cmocka_unit_test(test_idnumber_short_all_stars),
		cmocka_unit_test(test_name_three_chars),
		cmocka_unit_test(test_name_two_chars),
		cmocka_unit_test(test_name_four_chars),
		cmocka_unit_test(test_name_one_char),
		cmocka_unit_test(test_name_empty),
		cmocka_unit_test(test_name_with_middle_dot),
		cmocka_unit_test(test_name_latin),
		cmocka_unit_test(test_name_combining_mark_kept_whole),
		cmocka_unit_test(test_name_supplementary_plane),
		cmocka_unit_test(test_phone_mobile),
		cmocka_unit_test(test_phone_landline),
		cmocka_unit_test(test_phone_short_all_stars),
		cmocka_unit_test(test_address_long),
		cmocka_unit_test(test_address_exactly_seven),
		cmocka_unit_test(test_address_short_not_shown_whole),
		cmocka_unit_test(test_address_empty),
		cmocka_unit_test(test_invalid_utf8_rejected),
		cmocka_unit_test(test_null_input_rejected),
		cmocka_unit_test(test_small_buffer_rejected),
		cmocka_unit_test(test_exact_buffer_accepted),
		cmocka_unit_test(test_bad_kind_rejected),
		cmocka_unit_test(test_dup_returns_malloced_mask),
		cmocka_unit_test(test_dup_invalid_is_null),
		cmocka_unit_test(test_out_size_always_suffices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
