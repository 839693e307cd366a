/* sec/totp: RFC 6238 codes (the RFC's SHA-1 test vectors), the window of
 * steps, replays, code format, the otpauth URI and recovery codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sec/totp.h"

/* RFC 6238 appendix B: the SHA-1 seed is the ASCII of "12345678901234567890". */
static const unsigned char rfc_secret[] = "12345678901234567890";
#define RFC_LEN 20

static const struct {
	int64_t time;
	const char *code8;
} vectors[] = {
	{ 59, "94287082" },
	{ 1111111109, "07081804" },
	{ 1111111111, "14050471" },
	{ 1234567890, "89005924" },
	{ 2000000000, "69279037" },
	{ 20000000000, "65353130" },
};
#define NVECTORS (sizeof(vectors) / sizeof(vectors[0]))

static struct keyset keys, other_keys;

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	keyset_random(&keys);
	keyset_random(&other_keys);
	return 0;
}

static void
test_rfc6238_sha1_vectors_8_digits(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVECTORS; i++) {
		int64_t step = -1;
		assert_int_equal(totp_check(rfc_secret, RFC_LEN, vectors[i].time, 8, 0,
					    vectors[i].code8, &step), TOTP_OK);
		assert_int_equal(step, vectors[i].time / 30);
	}
}

/* A 6-digit code is the same truncated number modulo 10^6: the last six
 * digits of the RFC's 8-digit vectors. */
static void
test_rfc6238_sha1_vectors_6_digits(void **state)
{
	char code[9];

	(void)state;
	for (size_t i = 0; i < NVECTORS; i++) {
		const char *six = vectors[i].code8 + 2;
		assert_int_equal(totp_check(rfc_secret, RFC_LEN, vectors[i].time, TOTP_DIGITS, 0, six,
					    NULL), TOTP_OK);
		assert_int_equal(totp_generate(rfc_secret, RFC_LEN, vectors[i].time, TOTP_DIGITS, code,
					       NULL), WB_OK);
		assert_string_equal(code, six);
		assert_int_equal(totp_generate(rfc_secret, RFC_LEN, vectors[i].time, 8, code, NULL),
				 WB_OK);
		assert_string_equal(code, vectors[i].code8);
	}
}

static void
test_wrong_code_refused(void **state)
{
	(void)state;
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 59, 8, 0, "94287083", NULL), TOTP_WRONG);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1111111111, 6, 0, "000000", NULL),
			 TOTP_WRONG);
}

/* One step either side of now is accepted (a phone's clock drifts); two are not. */
static void
test_window_is_one_step_either_side(void **state)
{
	const char *code = "081804";   /* step 37037036 (time 1111111109) */

	(void)state;
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1111111109 + 30, 6, 0, code, NULL), TOTP_OK);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1111111109 - 30, 6, 0, code, NULL), TOTP_OK);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1111111109 + 90, 6, 0, code, NULL),
			 TOTP_WRONG);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1111111109 - 90, 6, 0, code, NULL),
			 TOTP_WRONG);
}

/* The step of a code accepted before cannot be used again, nor one before it. */
static void
test_replayed_step_refused(void **state)
{
	int64_t step = 0;

	(void)state;
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1234567890, 6, 0, "005924", &step), TOTP_OK);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1234567890, 6, step, "005924", NULL),
			 TOTP_REPLAYED);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1234567890, 6, step + 5, "005924", NULL),
			 TOTP_REPLAYED);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 1234567890, 6, step - 1, "005924", NULL),
			 TOTP_OK);
}

static void
test_code_format(void **state)
{
	(void)state;
	assert_true(totp_code_format_ok("012345", 6));
	assert_false(totp_code_format_ok("12345", 6));
	assert_false(totp_code_format_ok("1234567", 6));
	assert_false(totp_code_format_ok("12a456", 6));
	assert_false(totp_code_format_ok(" 12345", 6));
	assert_false(totp_code_format_ok("123456 ", 6));
	assert_false(totp_code_format_ok("", 6));
	assert_false(totp_code_format_ok(NULL, 6));
	/* a malformed code is simply wrong, never an error */
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 59, 6, 0, "28708", NULL), TOTP_WRONG);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 59, 6, 0, "+287082", NULL), TOTP_WRONG);
	assert_int_equal(totp_check(rfc_secret, RFC_LEN, 59, 5, 0, "87082", NULL), TOTP_WRONG);
}

static void
test_step_of(void **state)
{
	(void)state;
	assert_int_equal(totp_step_of(0), 0);
	assert_int_equal(totp_step_of(29), 0);
	assert_int_equal(totp_step_of(30), 1);
	assert_int_equal(totp_step_of(1111111109), 37037036);
}

static void
test_base32_of_rfc_secret(void **state)
{
	char b32[TOTP_SECRET_B32_SIZE], small[10];

	(void)state;
	assert_int_equal(totp_base32(rfc_secret, RFC_LEN, b32, sizeof(b32), NULL), WB_OK);
	assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(totp_base32(rfc_secret, RFC_LEN, small, sizeof(small), NULL),
			 WB_ERR_INVALID);
}

static void
test_generated_secrets_differ(void **state)
{
	unsigned char a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
	char t[TOTP_SECRET_B32_SIZE];

	(void)state;
	totp_secret_generate(a);
	totp_secret_generate(b);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(totp_base32(a, sizeof(a), t, sizeof(t), NULL), WB_OK);
	assert_int_equal(strlen(t), 32);
}

static void
test_uri(void **state)
{
	char uri[TOTP_URI_MAX], tiny[20];

	(void)state;
	assert_int_equal(totp_uri("weibao", "wz.admin", "GEZDGNBVGY3TQOJQ", uri, sizeof(uri), NULL),
			 WB_OK);
	assert_string_equal(uri, "otpauth://totp/weibao:wz.admin?secret=GEZDGNBVGY3TQOJQ&issuer=weibao");
	assert_int_equal(totp_uri("weibao", "a b", "GEZD", uri, sizeof(uri), NULL), WB_ERR_INVALID);
	assert_int_equal(totp_uri("weibao", "a&secret=x", "GEZD", uri, sizeof(uri), NULL),
			 WB_ERR_INVALID);
	assert_int_equal(totp_uri("weibao", "admin", "GEZD", tiny, sizeof(tiny), NULL),
			 WB_ERR_INVALID);
	assert_string_equal(tiny, "");
}

static void
test_recovery_code_shape(void **state)
{
	char a[TOTP_RECOVERY_TEXT_SIZE], b[TOTP_RECOVERY_TEXT_SIZE], n[TOTP_RECOVERY_CHARS + 1];

	(void)state;
	totp_recovery_generate(a);
	totp_recovery_generate(b);
	assert_int_equal(strlen(a), 11);
	assert_int_equal(a[5], '-');
	assert_string_not_equal(a, b);
	assert_true(totp_recovery_normalise(a, n));
	assert_int_equal(strlen(n), TOTP_RECOVERY_CHARS);
	assert_int_equal(strspn(n, "0123456789abcdefghjkmnpqrstvwxyz"), TOTP_RECOVERY_CHARS);
}

/* What a user types: capitals, spaces, no hyphen, i/l for 1 and o for 0. */
static void
test_recovery_normalise(void **state)
{
	char n[TOTP_RECOVERY_CHARS + 1];

	(void)state;
	assert_true(totp_recovery_normalise("ab1cd-0ef23", n));
	assert_string_equal(n, "ab1cd0ef23");
	assert_true(totp_recovery_normalise(" AB1CD 0EF23 ", n));
	assert_string_equal(n, "ab1cd0ef23");
	assert_true(totp_recovery_normalise("abicdoefL3", n));
	assert_string_equal(n, "ab1cd0ef13");
	assert_false(totp_recovery_normalise("ab1cd-0ef2", n));      /* too short */
	assert_false(totp_recovery_normalise("ab1cd-0ef234", n));    /* too long */
	assert_false(totp_recovery_normalise("ab1cd-0efu3", n));     /* u is not in the alphabet */
	assert_false(totp_recovery_normalise("ab1cd_0ef23", n));
	assert_false(totp_recovery_normalise("", n));
	assert_false(totp_recovery_normalise(NULL, n));
}

static void
test_recovery_hash_keyed_per_user(void **state)
{
	char a[TOTP_RECOVERY_HASH_SIZE], b[TOTP_RECOVERY_HASH_SIZE];

	(void)state;
	totp_recovery_hash(&keys, 7, "ab1cd0ef23", a);
	totp_recovery_hash(&keys, 7, "ab1cd0ef23", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	totp_recovery_hash(&keys, 8, "ab1cd0ef23", b);
	assert_string_not_equal(a, b);
	totp_recovery_hash(&other_keys, 7, "ab1cd0ef23", b);
	assert_string_not_equal(a, b);
	totp_recovery_hash(&keys, 7, "ab1cd0ef24", b);
	assert_string_not_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_sha1_vectors_8_digits),
		cmocka_unit_test(test_rfc6238_sha1_vectors_6_digits),
		cmocka_unit_test(test_wrong_code_refused),
		cmocka_unit_test(test_window_is_one_step_either_side),
		cmocka_unit_test(test_replayed_step_refused),
		cmocka_unit_test(test_code_format),
		cmocka_unit_test(test_step_of),
		cmocka_unit_test(test_base32_of_rfc_secret),
		cmocka_unit_test(test_generated_secrets_differ),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_recovery_code_shape),
		cmocka_unit_test(test_recovery_normalise),
		cmocka_unit_test(test_recovery_hash_keyed_per_user),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
