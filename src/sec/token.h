/* Session and CSRF tokens.  A session token is given to the browser and
 * stored only as its keyed hash; a CSRF token is compared in constant time. */
#ifndef WB_SEC_TOKEN_H
#define WB_SEC_TOKEN_H

#include <stdbool.h>

#include "sec/keyfile.h"

#define TOKEN_RANDOM_BYTES 32
#define TOKEN_TEXT_SIZE 44        /* 43 URL-safe base64 characters and a NUL */
#define TOKEN_HASH_HEX_SIZE 65    /* 64 lower-case hex digits and a NUL */

/* Writes a fresh token (32 random bytes, URL-safe base64 without padding)
 * into out. */
void token_generate(char out[TOKEN_TEXT_SIZE]);

/* Writes the hex of BLAKE2b-256 keyed with keys->session over token (as
 * given; NULL hashes like "") into out: the form stored in the database. */
void token_hash(const struct keyset *keys, const char *token, char out[TOKEN_HASH_HEX_SIZE]);

/* True when a and b are equal strings; the time taken depends only on their
 * lengths, not on where they differ.  False when either is NULL. */
bool token_equal(const char *a, const char *b);

#endif
