/*
 * Sealed files: a stream encrypted and authenticated in chunks
 * (XChaCha20-Poly1305 secretstream of libsodium) under a key derived from
 * the key file, used for backups.  A file cut short, reordered, altered or
 * sealed with another key file is refused when read.
 *
 * Layout: "WEIBAO-SEALED 1\n", the stream header, then messages of at most
 * SEALED_CHUNK bytes, each a 4-byte big-endian length and its ciphertext;
 * the first message is the caller's metadata (a line of JSON), the last one
 * carries the FINAL tag.
 */
#ifndef WB_SEC_SEALED_H
#define WB_SEC_SEALED_H

#include <stddef.h>
#include <stdio.h>

#include "sec/keyfile.h"
#include "util/err.h"

#define SEALED_CHUNK 65536

struct sealed_writer;
struct sealed_reader;

/* Starts sealing into f (which the caller closes) for the purpose `context`
 * (8 characters, e.g. "wbbackup") and writes meta as the first message.
 * NULL with err set on failure; finish with sealed_close(). */
struct sealed_writer *sealed_writer_open(FILE *f, const struct keyset *keys, const char *context,
					 const char *meta, struct wb_err *err);
/* Appends n bytes; 0 on success, -1 on a write error (err kept in w). */
int sealed_write(const void *p, size_t n, void *w);
/* Writes the final message and frees w; WB_OK only if every write worked. */
enum wb_status sealed_close(struct sealed_writer *w, struct wb_err *err);
/* Frees w without finishing: the file is left unusable (a failed backup). */
void sealed_abandon(struct sealed_writer *w);

/* Opens a sealed file; *meta receives the metadata (malloc'd, the caller
 * frees it).  NULL with err set when f is not a sealed file of this key file
 * and purpose. */
struct sealed_reader *sealed_reader_open(FILE *f, const struct keyset *keys, const char *context,
					 char **meta, struct wb_err *err);
/* Reads up to n bytes into p: the count, 0 at the authenticated end, -1 when
 * the file is damaged or cut short (reason in r, see sealed_reader_error). */
long sealed_read(void *p, size_t n, void *r);
/* The reason of the last failure of r. */
const char *sealed_reader_error(const struct sealed_reader *r);
/* True when the FINAL message was read. */
int sealed_reader_done(const struct sealed_reader *r);
void sealed_reader_free(struct sealed_reader *r);

#endif
