/* Per-field encryption of personal information at rest (XChaCha20-Poly1305).
 *
 * A token is "v1:" followed by URL-safe base64 (no padding) of
 * nonce (24 random bytes) ‖ ciphertext ‖ tag (16 bytes); it fits a TEXT
 * column.  The associated data binds the token to one cell: table name,
 * column name and row id, each length-prefixed, so a token copied to another
 * row, column or table no longer decrypts.  The row id must therefore be
 * known before encrypting (insert, then update the encrypted columns in the
 * same transaction, or allocate the id first). */
#ifndef WB_SEC_FIELDCRYPT_H
#define WB_SEC_FIELDCRYPT_H

#include <stddef.h>
#include <stdint.h>

#include "sec/keyfile.h"
#include "util/err.h"

#define FIELDCRYPT_MAX_PLAIN (1024 * 1024)   /* largest value encrypted, bytes */
#define FIELDCRYPT_MAX_NAME 128              /* longest table or column name */

/*
 * Encrypts plain[0..len) under keys->field (the current generation, which
 * the token names: "v1:" for the first, "kN:" for generation N) for the cell (table, column,
 * row_id).  On WB_OK *token is a malloc'd NUL-terminated token the caller
 * frees.  WB_ERR_INVALID when len exceeds FIELDCRYPT_MAX_PLAIN or a name is
 * NULL, empty or longer than FIELDCRYPT_MAX_NAME; WB_ERR_NOMEM.  plain may be
 * NULL when len is 0 (the empty string encrypts to a token too).
 */
enum wb_status fieldcrypt_encrypt(const struct keyset *keys, const char *table,
				  const char *column, int64_t row_id, const void *plain,
				  size_t len, char **token, struct wb_err *err);

/* Nonces for many tokens made by one thread without a system call each: a
 * random 16-byte prefix (fieldcrypt_nonces_init) and a 64-bit counter,
 * which never repeat under one key while the prefix is random.  A forked
 * process must call fieldcrypt_nonces_init again. */
struct fieldcrypt_nonces {
	unsigned char prefix[16];
	uint64_t counter;
};
void fieldcrypt_nonces_init(struct fieldcrypt_nonces *n);

/* The size of a token of a plaintext of len bytes, NUL included. */
#define FIELDCRYPT_TOKEN_SIZE(len) (8 + ((24 + (len) + 16) * 4 + 2) / 3 + 1)

/* fieldcrypt_encrypt into out (outsize bytes, FIELDCRYPT_TOKEN_SIZE(len)
 * suffice) with the next nonce of *nonces, allocating nothing (bulk writes
 * of many rows).  Returns the token's length, or 0 for a bad name, too
 * large a value or too small a buffer. */
size_t fieldcrypt_encrypt_to(const struct keyset *keys, const char *table, const char *column,
			     int64_t row_id, const void *plain, size_t len,
			     struct fieldcrypt_nonces *nonces, char *out, size_t outsize);

/* fieldcrypt_encrypt of a NUL-terminated string. */
enum wb_status fieldcrypt_encrypt_str(const struct keyset *keys, const char *table,
				      const char *column, int64_t row_id, const char *plain,
				      char **token, struct wb_err *err);

/*
 * Decrypts a token made by fieldcrypt_encrypt for the same cell.  On WB_OK
 * *plain is a malloc'd buffer of *len bytes plus a terminating NUL (so text
 * can be used as a string); the caller frees it with fieldcrypt_free.
 * WB_ERR_INVALID when the token is malformed (no "v1:" prefix, not base64,
 * too short or too long) or a name is bad; WB_ERR_DENIED when the token is
 * well formed but does not authenticate: altered, moved to another cell, or
 * encrypted under another key.  *plain is NULL on failure.  len may be NULL.
 */
enum wb_status fieldcrypt_decrypt(const struct keyset *keys, const char *table,
				  const char *column, int64_t row_id, const char *token,
				  char **plain, size_t *len, struct wb_err *err);

/* The generation of the field key a token was encrypted under (1 for
 * "v1:", N for "kN:"), 0 when it is not a token; *prefix_len (may be NULL)
 * receives the length of its prefix. */
int fieldcrypt_generation(const char *token, size_t *prefix_len);

/* Wipes len bytes of a plaintext returned by fieldcrypt_decrypt and frees
 * it; len is the *len it returned (strlen(plain) for text).  NULL is fine. */
void fieldcrypt_free(char *plain, size_t len);

#endif
