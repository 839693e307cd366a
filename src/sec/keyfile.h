/* The key file: secrets kept outside the database, created by `weibao init`. */
#ifndef WB_SEC_KEYFILE_H
#define WB_SEC_KEYFILE_H

#include "util/err.h"

#define KEY_BYTES 32

struct keyset {
	unsigned char field[KEY_BYTES];   /* XChaCha20-Poly1305 field encryption */
	unsigned char index[KEY_BYTES];   /* BLAKE2b blind index of ID numbers */
	unsigned char session[KEY_BYTES];  /* keyed hash of session tokens */
	unsigned char audit[KEY_BYTES];   /* keyed hash of the audit chain */
};

/* Creates path (mode 0600, refusing to overwrite) with fresh random keys,
 * which are also written to *keys. */
enum wb_status keyfile_create(const char *path, struct keyset *keys, struct wb_err *err);

/* Loads path; refuses a file readable by group or others, or malformed. */
enum wb_status keyfile_load(const char *path, struct keyset *keys, struct wb_err *err);

/* Wipes the keys from memory. */
void keyset_wipe(struct keyset *keys);

#endif
