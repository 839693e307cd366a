#include "sec/sealed.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "WEIBAO-SEALED 1\n"
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

struct sealed_writer {
	FILE *f;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char plain[SEALED_CHUNK];
	size_t n;               /* bytes waiting in plain */
	unsigned char cipher[SEALED_CHUNK + ABYTES];
	int failed;
};

struct sealed_reader {
	FILE *f;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char plain[SEALED_CHUNK];
	size_t n, off;          /* plain[off..n) not yet handed out */
	unsigned char cipher[SEALED_CHUNK + ABYTES];
	int done, failed;
	char error[120];
};

/* The key of purpose `context` (8 bytes), derived from the audit key: the
 * one key `weibao keys rotate` never replaces, so old backups stay readable. */
static void
derive_key(const struct keyset *keys, const char *context, unsigned char *key)
{
	crypto_kdf_derive_from_key(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, 1, context,
				   keys->audit);
}

/* Encrypts and writes one message of n bytes with tag. */
static int
push(struct sealed_writer *w, const unsigned char *p, size_t n, unsigned char tag)
{
	unsigned long long clen;
	unsigned char len[4];

	crypto_secretstream_xchacha20poly1305_push(&w->st, w->cipher, &clen, p, n, NULL, 0, tag);
	len[0] = (unsigned char)(clen >> 24);
	len[1] = (unsigned char)(clen >> 16);
	len[2] = (unsigned char)(clen >> 8);
	len[3] = (unsigned char)clen;
	if (fwrite(len, 1, 4, w->f) != 4 || fwrite(w->cipher, 1, clen, w->f) != clen) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

struct sealed_writer *
sealed_writer_open(FILE *f, const struct keyset *keys, const char *context, const char *meta,
		   struct wb_err *err)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	struct sealed_writer *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	w->f = f;
	derive_key(keys, context, key);
	crypto_secretstream_xchacha20poly1305_init_push(&w->st, header, key);
	sodium_memzero(key, sizeof(key));
	if (strlen(meta) > SEALED_CHUNK || fwrite(MAGIC, 1, strlen(MAGIC), f) != strlen(MAGIC) ||
	    fwrite(header, 1, sizeof(header), f) != sizeof(header) ||
	    push(w, (const unsigned char *)meta, strlen(meta), 0) != 0) {
		sealed_abandon(w);
		wb_err_set(err, WB_ERR_IO, "cannot write the sealed file");
		return NULL;
	}
	return w;
}

int
sealed_write(const void *p, size_t n, void *arg)
{
	struct sealed_writer *w = arg;
	const unsigned char *b = p;

	while (n > 0 && !w->failed) {
		size_t take = SEALED_CHUNK - w->n < n ? SEALED_CHUNK - w->n : n;
		memcpy(w->plain + w->n, b, take);
		w->n += take;
		b += take;
		n -= take;
		if (w->n == SEALED_CHUNK) {
			push(w, w->plain, w->n, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
			w->n = 0;
		}
	}
	return w->failed ? -1 : 0;
}

enum wb_status
sealed_close(struct sealed_writer *w, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	if (!w->failed)
		push(w, w->plain, w->n, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	if (w->failed || fflush(w->f) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot write the sealed file (disk full?)");
	sealed_abandon(w);
	return rc;
}

void
sealed_abandon(struct sealed_writer *w)
{
	if (w == NULL)
		return;
	sodium_memzero(w, sizeof(*w));
	free(w);
}

/* Reads and decrypts the next message into plain; its tag in *tag. */
static int
pull(struct sealed_reader *r, unsigned char *tag)
{
	unsigned char len[4];
	unsigned long long plen;
	size_t clen;

	if (fread(len, 1, 4, r->f) != 4) {
		snprintf(r->error, sizeof(r->error), "the file is cut short");
		return -1;
	}
	clen = (size_t)len[0] << 24 | (size_t)len[1] << 16 | (size_t)len[2] << 8 | len[3];
	if (clen < ABYTES || clen > sizeof(r->cipher) || fread(r->cipher, 1, clen, r->f) != clen) {
		snprintf(r->error, sizeof(r->error), "the file is cut short or damaged");
		return -1;
	}
	if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->plain, &plen, tag, r->cipher, clen,
						       NULL, 0) != 0) {
		snprintf(r->error, sizeof(r->error),
			 "the file was altered, or sealed with another key file");
		return -1;
	}
	r->n = (size_t)plen;
	r->off = 0;
	return 0;
}

struct sealed_reader *
sealed_reader_open(FILE *f, const struct keyset *keys, const char *context, char **meta,
		   struct wb_err *err)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	struct sealed_reader *r = calloc(1, sizeof(*r));
	char magic[sizeof(MAGIC)];
	unsigned char tag;

	*meta = NULL;
	if (r == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->f = f;
	if (fread(magic, 1, strlen(MAGIC), f) != strlen(MAGIC) ||
	    memcmp(magic, MAGIC, strlen(MAGIC)) != 0 ||
	    fread(header, 1, sizeof(header), f) != sizeof(header)) {
		sealed_reader_free(r);
		wb_err_set(err, WB_ERR_INVALID, "not a weibao backup file");
		return NULL;
	}
	derive_key(keys, context, key);
	if (crypto_secretstream_xchacha20poly1305_init_pull(&r->st, header, key) != 0 ||
	    pull(r, &tag) != 0 || tag != 0) {
		sodium_memzero(key, sizeof(key));
		wb_err_set(err, WB_ERR_INVALID, "the backup cannot be opened: %s",
			   r->error[0] ? r->error : "bad header");
		sealed_reader_free(r);
		return NULL;
	}
	sodium_memzero(key, sizeof(key));
	*meta = malloc(r->n + 1);
	if (*meta == NULL) {
		sealed_reader_free(r);
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(*meta, r->plain, r->n);
	(*meta)[r->n] = '\0';
	r->n = r->off = 0;
	return r;
}

long
sealed_read(void *p, size_t n, void *arg)
{
	struct sealed_reader *r = arg;
	unsigned char tag = 0;

	if (r->failed)
		return -1;
	while (r->off == r->n) {
		if (r->done)
			return 0;
		if (pull(r, &tag) != 0) {
			r->failed = 1;
			return -1;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			int c = fgetc(r->f);
			if (c != EOF) {
				snprintf(r->error, sizeof(r->error), "data follows the end of the file");
				r->failed = 1;
				return -1;
			}
			r->done = 1;
		}
	}
	if (n > r->n - r->off)
		n = r->n - r->off;
	memcpy(p, r->plain + r->off, n);
	r->off += n;
	return (long)n;
}

const char *
sealed_reader_error(const struct sealed_reader *r)
{
	return r->error;
}

int
sealed_reader_done(const struct sealed_reader *r)
{
	return r->done && r->off == r->n;
}

void
sealed_reader_free(struct sealed_reader *r)
{
	if (r == NULL)
		return;
	sodium_memzero(r, sizeof(*r));
	free(r);
}
