/*
 * The key file as a running server sees it: loaded at start, and loaded
 * again when the file changes on disk (`weibao keys rotate` adds a
 * generation), so servers go on reading and writing through a rotation
 * without a restart.  Readers take the current keyset with one atomic load;
 * keysets replaced are kept (wiped) until the keyring is freed, so a request
 * that still holds one is never left with freed memory.
 */
#ifndef WB_SEC_KEYRING_H
#define WB_SEC_KEYRING_H

#include "sec/keyfile.h"

struct keyring;

/* Loads path; NULL with err set on failure.  Free with keyring_free(). */
struct keyring *keyring_open(const char *path, struct wb_err *err);

/* The current keyset.  At most once a second it looks whether the file
 * changed (inode, size, time) and loads it again; a file that does not load
 * leaves the keys as they were (and is reported on stderr once). */
const struct keyset *keyring_get(struct keyring *kr);

/* Wipes and frees every keyset and kr (NULL is fine). */
void keyring_free(struct keyring *kr);

#endif
