/* http/reply: the audit detail a handler sets is cut to its buffer on a UTF-8
 * character boundary (Chinese is 3 bytes a character), never in half. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/request.h"
#include "store/org.h"

/* True when s is whole UTF-8: no lead byte is missing its continuation bytes
 * (enough for what these tests cut: 1- and 3-byte characters). */
static bool
whole_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* A detail longer than the buffer, shifted by 0, 1 and 2 ASCII bytes so the
 * buffer's end falls on each byte of a character: the kept text is a whole
 * prefix of what was given, within the buffer, at most one character short. */
static void
test_long_chinese_detail_cut_on_character(void **state)
{
	static struct request r;
	char want[1024];

	(void)state;
	for (int shift = 0; shift < 3; shift++) {
		size_t len;

		snprintf(want, sizeof(want), "%.*s", shift, "ab");
		for (int i = 0; i < 60; i++)      /* 900 bytes */
			strcat(want, "账号已锁定");
		memset(&r, 0, sizeof(r));
		request_audit_detail(&r, "%s", want);
		len = strlen(r.audit_detail);
		assert_true(len < sizeof(r.audit_detail));
		assert_true(len + 3 >= sizeof(r.audit_detail) - 1);
		assert_true(whole_utf8(r.audit_detail));
		assert_memory_equal(r.audit_detail, want, len);
		assert_int_equal((len - (size_t)shift) % 3, 0);
	}
}

/* A detail that fits is kept whole, with its Chinese and its numbers. */
static void
test_short_detail_kept(void **state)
{
	static struct request r;

	(void)state;
	request_audit_detail(&r, "导出 %d 行", 93);
	assert_string_equal(r.audit_detail, "导出 93 行");
	request_audit_detail(&r, "%s → %s", "签收", "已签收");
	assert_string_equal(r.audit_detail, "签收 → 已签收");
}

/* store_copy_text, which the detail (and every row the store reads) goes
 * through: a character that does not fit whole is left out. */
static void
test_copy_text_boundary(void **state)
{
	char out[8];

	(void)state;
	store_copy_text(out, 4, "李丽");        /* 3 bytes + NUL: one character */
	assert_string_equal(out, "李");
	store_copy_text(out, 6, "李丽");        /* 5 bytes: still one */
	assert_string_equal(out, "李");
	store_copy_text(out, 7, "李丽");        /* 6 bytes: both */
	assert_string_equal(out, "李丽");
	store_copy_text(out, 3, "李丽");        /* less than a character: empty */
	assert_string_equal(out, "");
	store_copy_text(out, sizeof(out), NULL);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_chinese_detail_cut_on_character),
		cmocka_unit_test(test_short_detail_kept),
		cmocka_unit_test(test_copy_text_boundary),
	};

	return cmocka_run_group_tests_name("http reply", tests, NULL, NULL);
}
