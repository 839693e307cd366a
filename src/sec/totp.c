#include "sec/totp.h"

#include <oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Crockford's base32 alphabet: no i, l, o or u to misread. */
static const char recovery_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* Prefix of the hashed input: keeps these hashes apart from any other use of
 * the session key. */
static const char recovery_context[] = "weibao/totp-recovery/v1";

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_status = OATH_CRYPTO_ERROR;

static void
oath_start(void)
{
	oath_status = oath_init();
}

/* True when liboath is initialised (once per process). */
static bool
oath_ready(void)
{
	pthread_once(&oath_once, oath_start);
	return oath_status == OATH_OK;
}

void
totp_secret_generate(unsigned char out[TOTP_SECRET_BYTES])
{
	randombytes_buf(out, TOTP_SECRET_BYTES);
}

enum wb_status
totp_base32(const unsigned char *secret, size_t len, char *out, size_t outlen, struct wb_err *err)
{
	char *b32 = NULL;
	size_t n = 0;

	if (outlen > 0)
		out[0] = '\0';
	if (!oath_ready() || oath_base32_encode((const char *)secret, len, &b32, &n) != OATH_OK)
		return wb_err_set(err, WB_ERR_INVALID, "cannot encode the secret");
	while (n > 0 && b32[n - 1] == '=')
		n--;
	if (n + 1 > outlen) {
		free(b32);
		return wb_err_set(err, WB_ERR_INVALID, "the secret's base32 does not fit");
	}
	memcpy(out, b32, n);
	out[n] = '\0';
	sodium_memzero(b32, n);
	free(b32);
	return WB_OK;
}

int64_t
totp_step_of(int64_t now)
{
	return now >= 0 ? now / TOTP_STEP_SECONDS : -1;
}

bool
totp_code_format_ok(const char *code, unsigned digits)
{
	if (code == NULL || strlen(code) != digits)
		return false;
	for (unsigned i = 0; i < digits; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

struct compare {
	const char *code;
	unsigned digits;
};

/* liboath's strcmp-like callback: 0 on a match, compared in constant time. */
static int
compare_code(void *handle, const char *test_otp)
{
	const struct compare *c = handle;

	if (strlen(test_otp) != c->digits)
		return 1;
	return sodium_memcmp(test_otp, c->code, c->digits) == 0 ? 0 : 1;
}

enum totp_result
totp_check(const unsigned char *secret, size_t len, int64_t now, unsigned digits,
	   int64_t last_step, const char *code, int64_t *step)
{
	struct compare c = { code, digits };
	uint64_t counter = 0;
	int pos = 0, rc;

	if (digits < 6 || digits > 8 || now < 0 || !totp_code_format_ok(code, digits) ||
	    !oath_ready())
		return TOTP_WRONG;
	rc = oath_totp_validate3_callback((const char *)secret, len, (time_t)now, TOTP_STEP_SECONDS,
					  0, digits, TOTP_WINDOW, &pos, &counter, compare_code, &c);
	if (rc < 0)
		return TOTP_WRONG;
	if ((int64_t)counter <= last_step)
		return TOTP_REPLAYED;
	if (step)
		*step = (int64_t)counter;
	return TOTP_OK;
}

enum wb_status
totp_generate(const unsigned char *secret, size_t len, int64_t now, unsigned digits, char *out,
	      struct wb_err *err)
{
	out[0] = '\0';
	if (digits < 6 || digits > 8 || now < 0 || !oath_ready() ||
	    oath_totp_generate((const char *)secret, len, (time_t)now, TOTP_STEP_SECONDS, 0, digits,
			       out) != OATH_OK)
		return wb_err_set(err, WB_ERR_INVALID, "cannot make a one-time code");
	return WB_OK;
}

/* True when s is non-empty and only letters, digits, . _ - (safe in a URI). */
static bool
uri_safe(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789._-") == n;
}

enum wb_status
totp_uri(const char *issuer, const char *login, const char *secret_b32, char *out, size_t len,
	 struct wb_err *err)
{
	int n;

	if (len > 0)
		out[0] = '\0';
	if (!uri_safe(issuer) || !uri_safe(login) || !uri_safe(secret_b32))
		return wb_err_set(err, WB_ERR_INVALID, "issuer, login or secret not URI-safe");
	n = snprintf(out, len, "otpauth://totp/%s:%s?secret=%s&issuer=%s", issuer, login,
		     secret_b32, issuer);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			out[0] = '\0';
		return wb_err_set(err, WB_ERR_INVALID, "otpauth URI too long");
	}
	return WB_OK;
}

void
totp_recovery_generate(char out[TOTP_RECOVERY_TEXT_SIZE])
{
	size_t o = 0;

	for (int i = 0; i < TOTP_RECOVERY_CHARS; i++) {
		if (i == TOTP_RECOVERY_CHARS / 2)
			out[o++] = '-';
		out[o++] = recovery_alphabet[randombytes_uniform(sizeof(recovery_alphabet) - 1)];
	}
	out[o] = '\0';
}

bool
totp_recovery_normalise(const char *in, char out[TOTP_RECOVERY_CHARS + 1])
{
	size_t n = 0;

	out[0] = '\0';
	if (in == NULL)
		return false;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == 'i' || c == 'l')
			c = '1';
		else if (c == 'o')
			c = '0';
		if (c == '\0' || strchr(recovery_alphabet, c) == NULL || n == TOTP_RECOVERY_CHARS) {
			out[0] = '\0';
			return false;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (n != TOTP_RECOVERY_CHARS) {
		out[0] = '\0';
		return false;
	}
	return true;
}

void
totp_recovery_hash(const struct keyset *keys, int64_t user_id, const char *normalised,
		   char out[TOTP_RECOVERY_HASH_SIZE])
{
	crypto_generichash_state st;
	unsigned char h[32], id[8];
	uint64_t u = (uint64_t)user_id;

	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)(u >> (8 * i));
	crypto_generichash_init(&st, keys->session, KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)recovery_context,
				  sizeof(recovery_context));
	crypto_generichash_update(&st, id, sizeof(id));
	crypto_generichash_update(&st, (const unsigned char *)normalised, strlen(normalised));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, TOTP_RECOVERY_HASH_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}
