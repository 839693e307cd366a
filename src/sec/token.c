#include "sec/token.h"

#include <sodium.h>
#include <string.h>

/* Prefix of the hashed input: keeps these hashes apart from any other use of
 * the session key. */
static const char hash_context[] = "weibao/session-token/v1";

void
token_generate(char out[TOKEN_TEXT_SIZE])
{
	unsigned char raw[TOKEN_RANDOM_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_SIZE, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
token_hash(const struct keyset *keys, const char *token, char out[TOKEN_HASH_HEX_SIZE])
{
	crypto_generichash_state st;
	unsigned char h[32];

	if (token == NULL)
		token = "";
	crypto_generichash_init(&st, keys->session, KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)hash_context, sizeof(hash_context));
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, TOKEN_HASH_HEX_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}

bool
token_equal(const char *a, const char *b)
{
	size_t n;

	if (a == NULL || b == NULL)
		return false;
	n = strlen(a);
	if (n != strlen(b))
		return false;
	if (n == 0)
		return true;
	return sodium_memcmp(a, b, n) == 0;
}
