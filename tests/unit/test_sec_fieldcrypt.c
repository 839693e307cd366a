/* sec/fieldcrypt: per-field XChaCha20-Poly1305 tokens bound to their cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "sec/fieldcrypt.h"

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

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

/* Encrypts a synthetic name for children.name of row 42; the caller frees. */
static char *
encrypt_name(void)
{
	char *tok = NULL;

	assert_int_equal(fieldcrypt_encrypt_str(&keys, "children", "name", 42, "测试甲", &tok, NULL),
			 WB_OK);
	assert_non_null(tok);
	return tok;
}

/* Status of decrypting tok for (table, column, row) under k; frees any plaintext. */
static enum wb_status
try_decrypt(const struct keyset *k, const char *table, const char *column, int64_t row,
	    const char *tok)
{
	char *plain = (char *)"sentinel";
	size_t len = 99;
	enum wb_status rc = fieldcrypt_decrypt(k, table, column, row, tok, &plain, &len, NULL);

	if (rc == WB_OK)
		fieldcrypt_free(plain, len);
	else {
		assert_null(plain);
		assert_int_equal(len, 0);
	}
	return rc;
}

/* Returns a malloc'd copy of tok with byte `at` of its decoded body XORed with 1. */
static char *
flip_byte(const char *tok, size_t at)
{
	size_t b64len = strlen(tok + 3), binlen;
	unsigned char *bin = malloc(b64len);
	char *out;

	assert_non_null(bin);
	assert_int_equal(sodium_base642bin(bin, b64len, tok + 3, b64len, NULL, &binlen, NULL, B64), 0);
	assert_true(at < binlen);
	bin[at] ^= 1;
	out = malloc(strlen(tok) + 1);
	assert_non_null(out);
	memcpy(out, "v1:", 3);
	sodium_bin2base64(out + 3, b64len + 1, bin, binlen, B64);
	free(bin);
	return out;
}

static void
test_round_trip(void **state)
{
	char *tok = encrypt_name(), *plain = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(fieldcrypt_decrypt(&keys, "children", "name", 42, tok, &plain, &len, NULL),
			 WB_OK);
	assert_string_equal(plain, "测试甲");
	assert_int_equal(len, strlen("测试甲"));
	fieldcrypt_free(plain, len);
	free(tok);
}

static void
test_token_is_printable_v1(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_memory_equal(tok, "v1:", 3);
	for (const char *p = tok + 3; *p; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
				       *p));
	/* 24 nonce + 9 bytes + 16 tag = 49 bytes -> 66 base64 characters. */
	assert_int_equal(strlen(tok), 3 + 66);
	free(tok);
}

static void
test_plaintext_not_in_token(void **state)
{
	char *tok = NULL;

	(void)state;
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "children", "name", 1, "SYNTHETIC", &tok, NULL),
			 WB_OK);
	assert_null(strstr(tok, "SYNTHETIC"));
	free(tok);
}

static void
test_fresh_nonce_each_time(void **state)
{
	char *a = encrypt_name(), *b = encrypt_name();

	(void)state;
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/* A forked child continues from a copy of its parent's nonce state: it
 * must draw a fresh one, or parent and child would seal with equal nonces
 * (here: equal tokens for the same value of the same cell). */
static void
test_fresh_nonce_after_fork(void **state)
{
	char *warm = encrypt_name(), *mine, theirs[256] = { 0 };
	int fds[2];
	pid_t pid;
	int status = 0;

	(void)state;
	free(warm);   /* this thread's nonce state now exists */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *child = encrypt_name();
		size_t n = strlen(child) < sizeof(theirs) - 1 ? strlen(child) : sizeof(theirs) - 1;

		_exit(write(fds[1], child, n) == (ssize_t)n ? 0 : 1);
	}
	close(fds[1]);
	assert_true(read(fds[0], theirs, sizeof(theirs) - 1) > 0);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	mine = encrypt_name();
	assert_string_not_equal(mine, theirs);
	free(mine);
}

/* Threads seal with nonces of their own. */
static void *
seal_once(void *arg)
{
	*(char **)arg = encrypt_name();
	return NULL;
}

static void
test_fresh_nonce_per_thread(void **state)
{
	char *a = NULL, *b = NULL;
	pthread_t t1, t2;

	(void)state;
	assert_int_equal(pthread_create(&t1, NULL, seal_once, &a), 0);
	assert_int_equal(pthread_join(t1, NULL), 0);
	assert_int_equal(pthread_create(&t2, NULL, seal_once, &b), 0);
	assert_int_equal(pthread_join(t2, NULL), 0);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

static void
test_empty_string_round_trip(void **state)
{
	char *tok = NULL, *plain = NULL;
	size_t len = 99;

	(void)state;
	assert_int_equal(fieldcrypt_encrypt(&keys, "children", "address", 7, NULL, 0, &tok, NULL),
			 WB_OK);
	assert_int_equal(fieldcrypt_decrypt(&keys, "children", "address", 7, tok, &plain, &len, NULL),
			 WB_OK);
	assert_string_equal(plain, "");
	assert_int_equal(len, 0);
	fieldcrypt_free(plain, len);
	free(tok);
}

static void
test_one_mib_round_trip(void **state)
{
	size_t n = FIELDCRYPT_MAX_PLAIN;
	char *big = malloc(n), *tok = NULL, *plain = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)(i * 7 + 3);
	assert_int_equal(fieldcrypt_encrypt(&keys, "cases", "narrative", 9, big, n, &tok, NULL), WB_OK);
	assert_int_equal(fieldcrypt_decrypt(&keys, "cases", "narrative", 9, tok, &plain, &len, NULL),
			 WB_OK);
	assert_int_equal(len, n);
	assert_memory_equal(plain, big, n);
	fieldcrypt_free(plain, len);
	free(tok);
	free(big);
}

static void
test_over_one_mib_rejected(void **state)
{
	size_t n = FIELDCRYPT_MAX_PLAIN + 1;
	char *big = calloc(1, n), *tok = (char *)"sentinel";

	(void)state;
	assert_non_null(big);
	assert_int_equal(fieldcrypt_encrypt(&keys, "cases", "narrative", 9, big, n, &tok, NULL),
			 WB_ERR_INVALID);
	assert_null(tok);
	free(big);
}

static void
test_binary_with_nul_round_trip(void **state)
{
	static const char bytes[] = { 'a', 0, 'b', 0 };
	char *tok = NULL, *plain = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(fieldcrypt_encrypt(&keys, "t", "c", 1, bytes, sizeof(bytes), &tok, NULL),
			 WB_OK);
	assert_int_equal(fieldcrypt_decrypt(&keys, "t", "c", 1, tok, &plain, &len, NULL), WB_OK);
	assert_int_equal(len, sizeof(bytes));
	assert_memory_equal(plain, bytes, sizeof(bytes));
	fieldcrypt_free(plain, len);
	free(tok);
}

static void
test_tampered_ciphertext_denied(void **state)
{
	char *tok = encrypt_name(), *bad = flip_byte(tok, 24 + 2);

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, bad), WB_ERR_DENIED);
	free(bad);
	free(tok);
}

static void
test_tampered_nonce_denied(void **state)
{
	char *tok = encrypt_name(), *bad = flip_byte(tok, 0);

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, bad), WB_ERR_DENIED);
	free(bad);
	free(tok);
}

static void
test_tampered_tag_denied(void **state)
{
	char *tok = encrypt_name(), *bad = flip_byte(tok, 24 + 9 + 15);

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, bad), WB_ERR_DENIED);
	free(bad);
	free(tok);
}

static void
test_other_row_denied(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 43, tok), WB_ERR_DENIED);
	free(tok);
}

static void
test_other_column_denied(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "guardian_name", 42, tok), WB_ERR_DENIED);
	free(tok);
}

static void
test_other_table_denied(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_int_equal(try_decrypt(&keys, "reports", "name", 42, tok), WB_ERR_DENIED);
	free(tok);
}

static void
test_names_bound_unambiguously(void **state)
{
	char *tok = NULL;

	(void)state;
	/* ("ab", "c") and ("a", "bc") concatenate alike but are different cells. */
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "ab", "c", 1, "x", &tok, NULL), WB_OK);
	assert_int_equal(try_decrypt(&keys, "a", "bc", 1, tok), WB_ERR_DENIED);
	assert_int_equal(try_decrypt(&keys, "ab", "c", 1, tok), WB_OK);
	free(tok);
}

static void
test_wrong_key_denied(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_int_equal(try_decrypt(&other_keys, "children", "name", 42, tok), WB_ERR_DENIED);
	free(tok);
}

static void
test_truncated_by_a_byte_denied(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	/* 64 of the 66 characters: still valid base64, of 48 bytes instead of 49. */
	tok[3 + 64] = '\0';
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok), WB_ERR_DENIED);
	free(tok);
}

static void
test_truncated_below_minimum_invalid(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	tok[3 + 52] = '\0';   /* 39 bytes: less than nonce + tag */
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok), WB_ERR_INVALID);
	free(tok);
}

static void
test_truncated_to_bad_length_invalid(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	tok[strlen(tok) - 1] = '\0';   /* 65 characters: 1 mod 4 is never base64 */
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok), WB_ERR_INVALID);
	free(tok);
}

static void
test_garbage_base64_invalid(void **state)
{
	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42,
				     "v1:!!!!not*base64@@@@AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
			 WB_ERR_INVALID);
}

static void
test_padded_base64_invalid(void **state)
{
	char *tok = encrypt_name(), *padded = malloc(strlen(tok) + 3);

	(void)state;
	assert_non_null(padded);
	strcpy(padded, tok);
	strcat(padded, "==");
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, padded), WB_ERR_INVALID);
	free(padded);
	free(tok);
}

static void
test_missing_prefix_invalid(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok + 3), WB_ERR_INVALID);
	free(tok);
}

static void
test_other_version_invalid(void **state)
{
	char *tok = encrypt_name();

	(void)state;
	tok[1] = '2';
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok), WB_ERR_INVALID);
	free(tok);
}

static void
test_empty_and_null_token_invalid(void **state)
{
	(void)state;
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, ""), WB_ERR_INVALID);
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, "v1:"), WB_ERR_INVALID);
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, NULL), WB_ERR_INVALID);
}

static void
test_overlong_token_invalid(void **state)
{
	size_t n = 3 + 1500000;
	char *tok = malloc(n + 1);

	(void)state;
	assert_non_null(tok);
	memcpy(tok, "v1:", 3);
	memset(tok + 3, 'A', n - 3);
	tok[n] = '\0';
	assert_int_equal(try_decrypt(&keys, "children", "name", 42, tok), WB_ERR_INVALID);
	free(tok);
}

static void
test_bad_names_invalid(void **state)
{
	char long_name[FIELDCRYPT_MAX_NAME + 2], *tok = (char *)"sentinel";

	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "", "name", 1, "x", &tok, NULL),
			 WB_ERR_INVALID);
	assert_null(tok);
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "children", NULL, 1, "x", &tok, NULL),
			 WB_ERR_INVALID);
	assert_int_equal(fieldcrypt_encrypt_str(&keys, long_name, "name", 1, "x", &tok, NULL),
			 WB_ERR_INVALID);
}

static void
test_null_value_invalid(void **state)
{
	char *tok = (char *)"sentinel";

	(void)state;
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "children", "name", 1, NULL, &tok, NULL),
			 WB_ERR_INVALID);
	assert_null(tok);
	assert_int_equal(fieldcrypt_encrypt(&keys, "children", "name", 1, NULL, 3, &tok, NULL),
			 WB_ERR_INVALID);
}

static void
test_negative_and_large_row_ids(void **state)
{
	char *tok = NULL;

	(void)state;
	assert_int_equal(fieldcrypt_encrypt_str(&keys, "t", "c", INT64_MAX, "x", &tok, NULL), WB_OK);
	assert_int_equal(try_decrypt(&keys, "t", "c", INT64_MAX, tok), WB_OK);
	assert_int_equal(try_decrypt(&keys, "t", "c", -1, tok), WB_ERR_DENIED);
	free(tok);
}

/* A rotation: tokens of the old generation stay readable once a new one is
 * current; new tokens name their generation; a key file without it refuses. */
static void
test_generations(void **state)
{
	struct keyset k = keys, old = keys;
	struct wb_err err = { 0 };
	char *v1, *v2, *plain;
	size_t len;
	(void)state;

	assert_int_equal(fieldcrypt_encrypt_str(&k, "t", "c", 7, "桐乡", &v1, &err), WB_OK);
	assert_int_equal(fieldcrypt_generation(v1, NULL), 1);
	assert_int_equal(keyset_add_generation(&k, false, &err), WB_OK);
	assert_int_equal(k.field_gen, 2);
	assert_int_equal(fieldcrypt_encrypt_str(&k, "t", "c", 7, "乌镇", &v2, &err), WB_OK);
	assert_int_equal(fieldcrypt_generation(v2, NULL), 2);
	assert_int_equal(strncmp(v2, "k2:", 3), 0);
	assert_int_equal(fieldcrypt_decrypt(&k, "t", "c", 7, v1, &plain, &len, &err), WB_OK);
	assert_string_equal(plain, "桐乡");
	fieldcrypt_free(plain, len);
	assert_int_equal(fieldcrypt_decrypt(&k, "t", "c", 7, v2, &plain, &len, &err), WB_OK);
	assert_string_equal(plain, "乌镇");
	fieldcrypt_free(plain, len);
	assert_int_equal(fieldcrypt_decrypt(&old, "t", "c", 7, v2, &plain, &len, &err), WB_ERR_DENIED);
	assert_int_equal(fieldcrypt_generation("k0:abc", NULL), 0);
	assert_int_equal(fieldcrypt_generation("k99:abc", NULL), 0);
	assert_int_equal(fieldcrypt_generation("x1:abc", NULL), 0);
	free(v1);
	free(v2);
	keyset_wipe(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generations),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_token_is_printable_v1),
		cmocka_unit_test(test_plaintext_not_in_token),
		cmocka_unit_test(test_fresh_nonce_each_time),
		cmocka_unit_test(test_fresh_nonce_after_fork),
		cmocka_unit_test(test_fresh_nonce_per_thread),
		cmocka_unit_test(test_empty_string_round_trip),
		cmocka_unit_test(test_one_mib_round_trip),
		cmocka_unit_test(test_over_one_mib_rejected),
		cmocka_unit_test(test_binary_with_nul_round_trip),
		cmocka_unit_test(test_tampered_ciphertext_denied),
		cmocka_unit_test(test_tampered_nonce_denied),
		cmocka_unit_test(test_tampered_tag_denied),
		cmocka_unit_test(test_other_row_denied),
		cmocka_unit_test(test_other_column_denied),
		cmocka_unit_test(test_other_table_denied),
		cmocka_unit_test(test_names_bound_unambiguously),
		cmocka_unit_test(test_wrong_key_denied),
		cmocka_unit_test(test_truncated_by_a_byte_denied),
		cmocka_unit_test(test_truncated_below_minimum_invalid),
		cmocka_unit_test(test_truncated_to_bad_length_invalid),
		cmocka_unit_test(test_garbage_base64_invalid),
		cmocka_unit_test(test_padded_base64_invalid),
		cmocka_unit_test(test_missing_prefix_invalid),
		cmocka_unit_test(test_other_version_invalid),
		cmocka_unit_test(test_empty_and_null_token_invalid),
		cmocka_unit_test(test_overlong_token_invalid),
		cmocka_unit_test(test_bad_names_invalid),
		cmocka_unit_test(test_null_value_invalid),
		cmocka_unit_test(test_negative_and_large_row_ids),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
