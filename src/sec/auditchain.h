/* The pure part of the hash-chained audit log: hashing one event and
 * verifying a run of events.  Storage is the store layer's job. */
#ifndef WB_SEC_AUDITCHAIN_H
#define WB_SEC_AUDITCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "sec/keyfile.h"

#define AUDIT_HASH_HEX_SIZE 65   /* 64 lower-case hex digits and a NUL */

/* prev_hash of the first event: 64 '0'. */
extern const char AUDIT_GENESIS_HASH[AUDIT_HASH_HEX_SIZE];

/*
 * One row of audit_events.  The strings are borrowed (the struct owns
 * nothing); NULL stands for SQL NULL and hashes differently from "".
 * user_id has no NULL: store an absent user as 0 (ids start at 1) both when
 * writing and when reading back for verification.
 */
struct audit_event {
	int64_t id, at, user_id;
	const char *login, *client_addr, *action, *object_type, *object_id, *outcome, *detail;
	char prev_hash[AUDIT_HASH_HEX_SIZE];
	char hash[AUDIT_HASH_HEX_SIZE];
};

/*
 * Writes into out the hash of ev: hex of BLAKE2b-256 keyed with keys->audit
 * over an unambiguous serialisation of ev->prev_hash, id, at, user_id and
 * every string field (each with a NULL flag and a length).  ev->hash is not
 * an input.  out may be ev->hash.
 */
void auditchain_hash(const struct keyset *keys, const struct audit_event *ev,
		     char out[AUDIT_HASH_HEX_SIZE]);

/* Links ev after the event whose hash is prev_hash (AUDIT_GENESIS_HASH for
 * the first event): sets ev->prev_hash, then ev->hash.  ev->id and ev->at
 * must already hold their final values. */
void auditchain_seal(const struct keyset *keys, struct audit_event *ev, const char *prev_hash);

/* Writes into out the keyed hash that seals the chain head (the last event's
 * id and hash), so that the head cannot be rewritten without the key. */
void auditchain_head_mac(const struct keyset *keys, int64_t last_id, const char *last_hash,
			 char out[AUDIT_HASH_HEX_SIZE]);

/*
 * Verifies events[0..n), which must be the whole log in id order.  Returns
 * the index of the first bad event, or -1 when the chain is intact.  An
 * event is bad when its hash does not match its contents (modified), its
 * prev_hash is not the previous event's hash (AUDIT_GENESIS_HASH for the
 * first) (an event before it deleted, inserted or moved), or its id is not
 * greater than the previous one's.  Deleting events from the end of the log
 * is not detectable here: compare the last hash with one kept elsewhere.
 */
ptrdiff_t auditchain_verify(const struct keyset *keys, const struct audit_event *events, size_t n);

/*
 * The same for a run of events that continues a chain already verified (to
 * verify a long log page by page): prev_hash and prev_id are the hash and id
 * of the event just before events[0].  Returns the index within events.
 */
ptrdiff_t auditchain_verify_from(const struct keyset *keys, const char *prev_hash, int64_t prev_id,
				 const struct audit_event *events, size_t n);

#endif
