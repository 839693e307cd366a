/* Keyed blind index for exact-match look-ups of encrypted values (ID numbers):
 * hex of BLAKE2b-256 keyed with keys->index over "domain\0value".  Equal
 * inputs under one key give equal indexes; without the key an index reveals
 * nothing and cannot be recomputed from a guess. */
#ifndef WB_SEC_BLINDINDEX_H
#define WB_SEC_BLINDINDEX_H

#include <sodium.h>
#include <stddef.h>

#include "sec/keyfile.h"
#include "util/err.h"

#define BLINDINDEX_HEX_SIZE 65   /* 64 lower-case hex digits and a NUL */

/*
 * Writes the blind index of value[0..len) in domain (a short name such as
 * "idnumber", without NUL bytes, so that equal values of different kinds get
 * different indexes) into out.  The value is hashed exactly as given:
 * normalise it first.  WB_ERR_INVALID when domain is NULL or empty or value
 * is NULL with len > 0.
 */
enum wb_status blindindex_compute(const struct keyset *keys, const char *domain,
				  const void *value, size_t len, char out[BLINDINDEX_HEX_SIZE],
				  struct wb_err *err);

/* Blind index of an ID number in domain "idnumber": the input is first
 * normalised with idnumber_normalise (so "…002x" and "…002X" match).
 * WB_ERR_INVALID, from the normaliser, when it is not 18 digits/X. */
enum wb_status blindindex_idnumber(const struct keyset *keys, const char *id,
				   char out[BLINDINDEX_HEX_SIZE], struct wb_err *err);

/* The same under index-key generation gen (1..keys->nindex) instead of the
 * current one: what a row indexed before an unfinished rotation holds.
 * WB_ERR_INVALID for a generation the key set does not have. */
enum wb_status blindindex_compute_gen(const struct keyset *keys, int gen, const char *domain,
				      const void *value, size_t len,
				      char out[BLINDINDEX_HEX_SIZE], struct wb_err *err);

/* Blind index of a canonical ID number (18 characters, as idnumber_normalise
 * writes it) in domain (a short name: "registry" for the offender
 * registry's `match`, "staff" for a roster's `id_bidx`) under the registry
 * key of background checks (not the index key): the same number gives the
 * same value across key rotations.  WB_ERR_INVALID when keys has no
 * registry key (keyfile_ensure_registry adds one). */
enum wb_status blindindex_registry(const struct keyset *keys, const char *domain, const char *id,
				   char out[BLINDINDEX_HEX_SIZE], struct wb_err *err);

/* blindindex_registry of many numbers in one domain: the keyed hash's state
 * after the key and the domain, made once (blindindex_registry_prepare),
 * copied for each number (blindindex_prepared), which saves one of the two
 * BLAKE2b blocks a number costs.  It holds key material: wipe it with
 * blindindex_prepared_wipe.  Same errors as blindindex_registry. */
struct blindindex_prepared {
	crypto_generichash_state st;
};
enum wb_status blindindex_registry_prepare(const struct keyset *keys, const char *domain,
					   struct blindindex_prepared *p, struct wb_err *err);
enum wb_status blindindex_prepared(const struct blindindex_prepared *p, const char *id,
				   char out[BLINDINDEX_HEX_SIZE], struct wb_err *err);
void blindindex_prepared_wipe(struct blindindex_prepared *p);

#endif
