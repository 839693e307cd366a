/* sec/token: session and CSRF tokens, their keyed hash, constant-time equality. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sec/token.h"

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
test_generate_43_url_safe_chars(void **state)
{
	char t[TOKEN_TEXT_SIZE];

	(void)state;
	token_generate(t);
	assert_int_equal(strlen(t), 43);
	assert_int_equal(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 43);
}

static void
test_generate_decodes_to_32_bytes(void **state)
{
	char t[TOKEN_TEXT_SIZE];
	unsigned char raw[64];
	size_t n = 0;

	(void)state;
	token_generate(t);
	assert_int_equal(sodium_base642bin(raw, sizeof(raw), t, strlen(t), NULL, &n, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	assert_int_equal(n, TOKEN_RANDOM_BYTES);
}

static void
test_generate_differs_each_time(void **state)
{
	char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];

	(void)state;
	token_generate(a);
	token_generate(b);
	assert_string_not_equal(a, b);
}

static void
test_hash_is_deterministic_hex(void **state)
{
	char t[TOKEN_TEXT_SIZE], a[TOKEN_HASH_HEX_SIZE], b[TOKEN_HASH_HEX_SIZE];

	(void)state;
	token_generate(t);
	token_hash(&keys, t, a);
	token_hash(&keys, t, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
}

static void
test_hash_differs_by_key(void **state)
{
	char t[TOKEN_TEXT_SIZE], a[TOKEN_HASH_HEX_SIZE], b[TOKEN_HASH_HEX_SIZE];

	(void)state;
	token_generate(t);
	token_hash(&keys, t, a);
	token_hash(&other_keys, t, b);
	assert_string_not_equal(a, b);
}

static void
test_hash_uses_session_key_only(void **state)
{
	struct keyset k = keys;
	char a[TOKEN_HASH_HEX_SIZE], b[TOKEN_HASH_HEX_SIZE];

	(void)state;
	randombytes_buf(k.field, sizeof(k.field));
	randombytes_buf(k.index, sizeof(k.index));
	randombytes_buf(k.audit, sizeof(k.audit));
	token_hash(&keys, "synthetic-token", a);
	token_hash(&k, "synthetic-token", b);
	assert_string_equal(a, b);
}

static void
test_hash_differs_by_token(void **state)
{
	char a[TOKEN_HASH_HEX_SIZE], b[TOKEN_HASH_HEX_SIZE];

	(void)state;
	token_hash(&keys, "synthetic-token-a", a);
	token_hash(&keys, "synthetic-token-b", b);
	assert_string_not_equal(a, b);
}

static void
test_hash_is_not_unkeyed_blake2b(void **state)
{
	unsigned char h[32];
	char plain[65], keyed[TOKEN_HASH_HEX_SIZE];

	(void)state;
	crypto_generichash(h, sizeof(h), (const unsigned char *)"tok", 3, NULL, 0);
	sodium_bin2hex(plain, sizeof(plain), h, sizeof(h));
	token_hash(&keys, "tok", keyed);
	assert_string_not_equal(plain, keyed);
}

static void
test_equal_same(void **state)
{
	(void)state;
	assert_true(token_equal("abcDEF-_123", "abcDEF-_123"));
}

static void
test_equal_differs_in_last_char(void **state)
{
	(void)state;
	assert_false(token_equal("abcDEF-_123", "abcDEF-_124"));
}

static void
test_equal_differs_in_first_char(void **state)
{
	(void)state;
	assert_false(token_equal("xbcDEF-_123", "abcDEF-_123"));
}

static void
test_equal_prefix_is_not_equal(void **state)
{
	(void)state;
	assert_false(token_equal("abcDEF", "abcDEF-_123"));
	assert_false(token_equal("abcDEF-_123", "abcDEF"));
}

static void
test_equal_empty(void **state)
{
	(void)state;
	assert_true(token_equal("", ""));
	assert_false(token_equal("", "a"));
}

static void
test_equal_null_is_false(void **state)
{
	(void)state;
	assert_false(token_equal(NULL, "a"));
	assert_false(token_equal("a", NULL));
	assert_false(token_equal(NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_43_url_safe_chars),
		cmocka_unit_test(test_generate_decodes_to_32_bytes),
		cmocka_unit_test(test_generate_differs_each_time),
		cmocka_unit_test(test_hash_is_deterministic_hex),
		cmocka_unit_test(test_hash_differs_by_key),
		cmocka_unit_test(test_hash_uses_session_key_only),
		cmocka_unit_test(test_hash_differs_by_token),
		cmocka_unit_test(test_hash_is_not_unkeyed_blake2b),
		cmocka_unit_test(test_equal_same),
		cmocka_unit_test(test_equal_differs_in_last_char),
		cmocka_unit_test(test_equal_differs_in_first_char),
		cmocka_unit_test(test_equal_prefix_is_not_equal),
		cmocka_unit_test(test_equal_empty),
		cmocka_unit_test(test_equal_null_is_false),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
