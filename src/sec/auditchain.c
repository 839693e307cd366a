#include "sec/auditchain.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char AUDIT_GENESIS_HASH[AUDIT_HASH_HEX_SIZE] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Opens the hashed serialisation; a new layout gets a new version. */
static const char hash_context[] = "weibao/audit/v1";

static void
put_u64(crypto_generichash_state *st, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_generichash_update(st, b, sizeof(b));
}

/* A string as: flag byte (0 NULL, 1 present), 8-byte length, bytes. */
static void
put_str(crypto_generichash_state *st, const char *s)
{
	unsigned char flag = s != NULL;
	size_t n = s ? strlen(s) : 0;

	crypto_generichash_update(st, &flag, 1);
	put_u64(st, n);
	if (n > 0)
		crypto_generichash_update(st, (const unsigned char *)s, n);
}

void
auditchain_hash(const struct keyset *keys, const struct audit_event *ev,
		char out[AUDIT_HASH_HEX_SIZE])
{
	crypto_generichash_state st;
	unsigned char h[32];
	char prev[AUDIT_HASH_HEX_SIZE];

	/* prev_hash is a fixed array: hash at most its 64 characters. */
	memcpy(prev, ev->prev_hash, AUDIT_HASH_HEX_SIZE - 1);
	prev[AUDIT_HASH_HEX_SIZE - 1] = '\0';

	crypto_generichash_init(&st, keys->audit, KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)hash_context, sizeof(hash_context));
	put_str(&st, prev);
	put_u64(&st, (uint64_t)ev->id);
	put_u64(&st, (uint64_t)ev->at);
	put_u64(&st, (uint64_t)ev->user_id);
	put_str(&st, ev->login);
	put_str(&st, ev->client_addr);
	put_str(&st, ev->action);
	put_str(&st, ev->object_type);
	put_str(&st, ev->object_id);
	put_str(&st, ev->outcome);
	put_str(&st, ev->detail);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, AUDIT_HASH_HEX_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}

void
auditchain_seal(const struct keyset *keys, struct audit_event *ev, const char *prev_hash)
{
	snprintf(ev->prev_hash, sizeof(ev->prev_hash), "%s", prev_hash);
	auditchain_hash(keys, ev, ev->hash);
}

/* True when the hash strings a and b (each up to 64 characters) are equal. */
static bool
hash_equal(const char *a, const char *b)
{
	size_t n = strnlen(a, AUDIT_HASH_HEX_SIZE - 1);

	return n == AUDIT_HASH_HEX_SIZE - 1 && strnlen(b, AUDIT_HASH_HEX_SIZE - 1) == n &&
	       sodium_memcmp(a, b, n) == 0;
}

ptrdiff_t
auditchain_verify_from(const struct keyset *keys, const char *prev_hash, int64_t prev_id,
		       const struct audit_event *events, size_t n)
{
	char expect[AUDIT_HASH_HEX_SIZE];

	for (size_t i = 0; i < n; i++) {
		const struct audit_event *ev = &events[i];
		const char *want_prev = i == 0 ? prev_hash : events[i - 1].hash;
		int64_t last_id = i == 0 ? prev_id : events[i - 1].id;

		if (ev->id <= last_id || !hash_equal(ev->prev_hash, want_prev))
			return (ptrdiff_t)i;
		auditchain_hash(keys, ev, expect);
		if (!hash_equal(ev->hash, expect))
			return (ptrdiff_t)i;
	}
	return -1;
}

ptrdiff_t
auditchain_verify(const struct keyset *keys, const struct audit_event *events, size_t n)
{
	return auditchain_verify_from(keys, AUDIT_GENESIS_HASH, INT64_MIN, events, n);
}

void
auditchain_head_mac(const struct keyset *keys, int64_t last_id, const char *last_hash,
		    char out[AUDIT_HASH_HEX_SIZE])
{
	crypto_generichash_blake2b_state st;
	unsigned char mac[32], id[8];

	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)last_id >> (56 - 8 * i));
	crypto_generichash_blake2b_init(&st, keys->audit, sizeof(keys->audit), sizeof(mac));
	crypto_generichash_blake2b_update(&st, (const unsigned char *)"weibao-audit-head", 18);
	crypto_generichash_blake2b_update(&st, id, sizeof(id));
	crypto_generichash_blake2b_update(&st, (const unsigned char *)last_hash, strlen(last_hash));
	crypto_generichash_blake2b_final(&st, mac, sizeof(mac));
	sodium_bin2hex(out, AUDIT_HASH_HEX_SIZE, mac, sizeof(mac));
}
