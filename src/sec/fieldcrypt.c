#include "sec/fieldcrypt.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "v1:" for the first generation of the field key, "k<N>:" for generation N */
#define TOKEN_PREFIX "v1:"
#define PREFIX_MAX 8
#define B64_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

/* Context string opening the associated data, NUL included, so these
 * tokens can never be confused with another use of the field key. */
static const char ad_context[] = "weibao/field/v1";

/* Associated data: context ‖ be64 len ‖ table ‖ be64 len ‖ column ‖ be64 row_id. */
#define AD_MAX (sizeof(ad_context) + 3 * 8 + 2 * FIELDCRYPT_MAX_NAME)

static void
put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static bool
name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strlen(name) <= FIELDCRYPT_MAX_NAME;
}

/* Writes the associated data for a cell into ad (AD_MAX bytes); returns its
 * length, or 0 when a name is unusable. */
static size_t
build_ad(unsigned char ad[AD_MAX], const char *table, const char *column, int64_t row_id)
{
	size_t n = 0, tl, cl;

	if (!name_ok(table) || !name_ok(column))
		return 0;
	tl = strlen(table);
	cl = strlen(column);
	memcpy(ad, ad_context, sizeof(ad_context));
	n = sizeof(ad_context);
	put_be64(ad + n, tl);
	n += 8;
	memcpy(ad + n, table, tl);
	n += tl;
	put_be64(ad + n, cl);
	n += 8;
	memcpy(ad + n, column, cl);
	n += cl;
	put_be64(ad + n, (uint64_t)row_id);
	n += 8;
	return n;
}

/*
 * Nonces: 16 random bytes drawn once a thread (and again in a forked child,
 * whose copy of the thread's state its parent keeps using) followed by a
 * 64-bit counter.  XChaCha20's 192-bit nonce leaves room for both, and a
 * cell then costs no getrandom() call — a bulk import seals millions.
 */
static atomic_uint fork_generation;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static _Thread_local struct {
	bool ready;
	unsigned generation;
	uint64_t counter;
	unsigned char prefix[NONCE_BYTES - 8];
} nonces;

static void
after_fork(void)
{
	atomic_fetch_add(&fork_generation, 1);
}

static void
watch_forks(void)
{
	pthread_atfork(NULL, NULL, after_fork);
}

/* Writes a nonce never used before by this process into n. */
static void
next_nonce(unsigned char n[NONCE_BYTES])
{
	unsigned generation;

	pthread_once(&atfork_once, watch_forks);
	generation = atomic_load(&fork_generation);
	if (!nonces.ready || nonces.generation != generation) {
		randombytes_buf(nonces.prefix, sizeof(nonces.prefix));
		nonces.counter = 0;
		nonces.generation = generation;
		nonces.ready = true;
	}
	memcpy(n, nonces.prefix, sizeof(nonces.prefix));
	put_be64(n + sizeof(nonces.prefix), nonces.counter++);
}

/* Seals plain[0..len) under the current field key with a fresh nonce, using
 * bin (NONCE_BYTES + len + TAG_BYTES bytes) for the binary token, and writes
 * the text token — generation prefix and base64 — into out (outsize bytes,
 * FIELDCRYPT_TOKEN_SIZE(len) suffice); returns its length. */
static size_t
seal(const struct keyset *keys, const unsigned char *ad, size_t adlen, const void *plain,
     size_t len, unsigned char *bin, char *out, size_t outsize)
{
	unsigned long long clen;
	size_t prefix;

	next_nonce(bin);
	crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_BYTES, &clen, plain, len, ad, adlen,
						   NULL, bin, keys->field);
	if (keys->field_gen <= 1) {
		memcpy(out, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
		prefix = sizeof(TOKEN_PREFIX) - 1;
	} else {
		prefix = (size_t)snprintf(out, PREFIX_MAX, "k%d:", keys->field_gen);
	}
	sodium_bin2base64(out + prefix, outsize - prefix, bin, NONCE_BYTES + len + TAG_BYTES,
			  B64_VARIANT);
	return prefix + strlen(out + prefix);
}

enum wb_status
fieldcrypt_encrypt(const struct keyset *keys, const char *table, const char *column,
		   int64_t row_id, const void *plain, size_t len, char **token,
		   struct wb_err *err)
{
	unsigned char ad[AD_MAX], *bin = NULL;
	size_t adlen, binlen, b64size;
	char *out = NULL;

	*token = NULL;
	if (len > FIELDCRYPT_MAX_PLAIN)
		return wb_err_set(err, WB_ERR_INVALID, "value too large to encrypt (%zu bytes)", len);
	if (plain == NULL && len > 0)
		return wb_err_set(err, WB_ERR_INVALID, "no value to encrypt");
	if ((adlen = build_ad(ad, table, column, row_id)) == 0)
		return wb_err_set(err, WB_ERR_INVALID, "bad table or column name for field encryption");
	if (plain == NULL)
		plain = "";

	binlen = NONCE_BYTES + len + TAG_BYTES;
	b64size = sodium_base64_ENCODED_LEN(binlen, B64_VARIANT);
	bin = malloc(binlen);
	out = malloc(PREFIX_MAX + b64size);
	if (bin == NULL || out == NULL) {
		free(bin);
		free(out);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory encrypting a field");
	}
	seal(keys, ad, adlen, plain, len, bin, out, PREFIX_MAX + b64size);
	free(bin);   /* nonce and ciphertext only: nothing secret to wipe */
	*token = out;
	return WB_OK;
}

size_t
fieldcrypt_encrypt_to(const struct keyset *keys, const char *table, const char *column,
		      int64_t row_id, const void *plain, size_t len, char *out, size_t outsize)
{
	unsigned char ad[AD_MAX], bin[NONCE_BYTES + 512 + TAG_BYTES];
	size_t adlen;

	if (len > 512 || (plain == NULL && len > 0) || outsize < FIELDCRYPT_TOKEN_SIZE(len) ||
	    (adlen = build_ad(ad, table, column, row_id)) == 0)
		return 0;
	return seal(keys, ad, adlen, plain ? plain : "", len, bin, out, outsize);
}

enum wb_status
fieldcrypt_encrypt_str(const struct keyset *keys, const char *table, const char *column,
		       int64_t row_id, const char *plain, char **token, struct wb_err *err)
{
	if (plain == NULL) {
		*token = NULL;
		return wb_err_set(err, WB_ERR_INVALID, "no value to encrypt");
	}
	return fieldcrypt_encrypt(keys, table, column, row_id, plain, strlen(plain), token, err);
}

int
fieldcrypt_generation(const char *token, size_t *prefix_len)
{
	int gen = 0, n = 0;

	if (token && strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) == 0) {
		gen = 1;
		n = (int)strlen(TOKEN_PREFIX);
	} else if (token && (sscanf(token, "k%d:%n", &gen, &n) != 1 || n == 0 || gen < 2 ||
			     gen > KEY_MAX_GENS)) {
		gen = 0;
	}
	if (prefix_len)
		*prefix_len = gen ? (size_t)n : 0;
	return gen;
}

enum wb_status
fieldcrypt_decrypt(const struct keyset *keys, const char *table, const char *column,
		   int64_t row_id, const char *token, char **plain, size_t *len,
		   struct wb_err *err)
{
	static const size_t b64_max =
		sodium_base64_ENCODED_LEN(NONCE_BYTES + FIELDCRYPT_MAX_PLAIN + TAG_BYTES,
					  B64_VARIANT) - 1;
	unsigned char ad[AD_MAX], *bin = NULL;
	unsigned long long mlen;
	size_t adlen, b64len, binmax, binlen, prefix;
	enum wb_status rc = WB_OK;
	char *m = NULL;
	int gen;

	*plain = NULL;
	if (len)
		*len = 0;
	if ((adlen = build_ad(ad, table, column, row_id)) == 0)
		return wb_err_set(err, WB_ERR_INVALID, "bad table or column name for field encryption");
	gen = fieldcrypt_generation(token, &prefix);
	if (gen == 0)
		return wb_err_set(err, WB_ERR_INVALID, "not an encrypted field token");
	if (gen > keys->nfield)
		return wb_err_set(err, WB_ERR_DENIED, "encrypted under generation %d of the field key, "
				  "which this key file does not have", gen);
	b64len = strlen(token + prefix);
	if (b64len > b64_max)
		return wb_err_set(err, WB_ERR_INVALID, "encrypted field token too long");
	binmax = b64len / 4 * 3 + 3;
	if ((bin = malloc(binmax)) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory decrypting a field");
	if (sodium_base642bin(bin, binmax, token + prefix, b64len, NULL, &binlen, NULL,
			      B64_VARIANT) != 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "encrypted field token is not valid base64");
		goto out;
	}
	if (binlen < NONCE_BYTES + TAG_BYTES) {
		rc = wb_err_set(err, WB_ERR_INVALID, "encrypted field token too short");
		goto out;
	}
	if ((m = malloc(binlen - NONCE_BYTES - TAG_BYTES + 1)) == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory decrypting a field");
		goto out;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)m, &mlen, NULL,
						       bin + NONCE_BYTES, binlen - NONCE_BYTES,
						       ad, adlen, bin,
						       gen == keys->field_gen ? keys->field
									      : keys->field_gens[gen - 1]) != 0) {
		free(m);
		m = NULL;
		rc = wb_err_set(err, WB_ERR_DENIED,
				"encrypted field does not authenticate (altered, moved or other key)");
		goto out;
	}
	m[mlen] = '\0';
	*plain = m;
	if (len)
		*len = (size_t)mlen;
out:
	free(bin);
	return rc;
}

void
fieldcrypt_free(char *plain, size_t len)
{
	if (plain == NULL)
		return;
	sodium_memzero(plain, len);
	free(plain);
}
