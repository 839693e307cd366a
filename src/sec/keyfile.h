/* The key file: secrets kept outside the database, created by `weibao init`. */
#ifndef WB_SEC_KEYFILE_H
#define WB_SEC_KEYFILE_H

#include <stdbool.h>

#include "util/err.h"

#define KEY_BYTES 32
#define KEY_MAX_GENS 32     /* generations of the field and index keys kept */

/*
 * The keys.  The field-encryption and blind-index keys come in generations
 * (`weibao keys rotate` adds one and re-encrypts under it); field and index
 * are the current generation's, field_gens/index_gens all of them, so data
 * written under an older generation stays readable.  The session and audit
 * keys are never replaced (the audit chain and sealed backups rest on the
 * audit key).  The registry key makes the blind index of the offender
 * registry's ID numbers (background checks): a key of its own that rotation
 * leaves alone, so the registry and the rosters' `match` values never need
 * re-computing; `weibao init` writes it, and a key file made before it gains
 * it on first need (keyfile_ensure_registry).
 */
struct keyset {
	unsigned char field[KEY_BYTES];   /* XChaCha20-Poly1305 field encryption (current) */
	unsigned char index[KEY_BYTES];   /* BLAKE2b blind index of ID numbers (current) */
	unsigned char session[KEY_BYTES];  /* keyed hash of session tokens */
	unsigned char audit[KEY_BYTES];   /* keyed hash of the audit chain */
	int field_gen, index_gen;         /* the current generations, from 1 */
	int nfield, nindex;               /* generations present: 1..n */
	unsigned char field_gens[KEY_MAX_GENS][KEY_BYTES];   /* generation g at [g - 1] */
	unsigned char index_gens[KEY_MAX_GENS][KEY_BYTES];
	unsigned char registry[KEY_BYTES];   /* BLAKE2b blind index of the offender registry */
	bool has_registry;                /* false: a key file made before background checks */
};

/* Writes keys to path atomically (path.new, mode 0600, synced, renamed),
 * every generation included, under an exclusive lock of path.lock.  When
 * keys has no registry key but the file on disk has one, that one is kept
 * (a rotation that loaded the file before the registry key was added). */
enum wb_status keyfile_save(const char *path, const struct keyset *keys, struct wb_err *err);

/* Adds a fresh random generation of the field key (index: false) or of the
 * index key (index: true) and makes it current.  WB_ERR_INVALID when
 * KEY_MAX_GENS are used up. */
enum wb_status keyset_add_generation(struct keyset *keys, bool index, struct wb_err *err);

/* Fills keys with fresh random keys, each at its first generation (what
 * keyfile_create writes; tests use it for throw-away keys). */
void keyset_random(struct keyset *keys);

/* Creates path (mode 0600, refusing to overwrite) with fresh random keys,
 * which are also written to *keys. */
enum wb_status keyfile_create(const char *path, struct keyset *keys, struct wb_err *err);

/* Loads path; refuses a file readable by group or others, or malformed. */
enum wb_status keyfile_load(const char *path, struct keyset *keys, struct wb_err *err);

/* Makes sure the key file at path holds a registry key: when keys (loaded
 * from path) has none, takes path.lock, loads the file again and, if it
 * still has none, adds a fresh random one and saves; keys->registry and
 * keys->has_registry are then set.  *created (may be NULL) says whether
 * this call made the key. */
enum wb_status keyfile_ensure_registry(const char *path, struct keyset *keys, bool *created,
				       struct wb_err *err);

/* Wipes the keys from memory. */
void keyset_wipe(struct keyset *keys);

#endif
