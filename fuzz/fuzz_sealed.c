/*
 * libFuzzer target of the sealed-file reader (src/sec/sealed.c), which
 * `weibao restore` runs on a file from anywhere: it must never crash, and
 * must hand out exactly what was sealed or refuse.  The key set is fixed
 * (the audit key is 0x5a bytes), and libsodium's random numbers come from a
 * generator reset for every input, so each input runs the same way.  The
 * first byte chooses what the rest becomes:
 *  0  the file itself;
 *  1  the file after a correct magic line (header and messages fuzzed);
 *  2  a file sealed by sealed_writer: flags, a position, a byte, a repeat
 *     count, the metadata up to a NUL, then the content (repeated up to
 *     three chunks long).  Flags damage it: cut at the position, flip the
 *     byte there, append bytes, or read with another purpose or key file.
 *     Undamaged, the reader must return the metadata and the content
 *     exactly; damaged, it must refuse it, at open or at a later read;
 *  3  a file sealed message by message with libsodium here: each message a
 *     tag byte, a 16-bit length and its bytes (repeated when the input is
 *     shorter), so that tags out of order, a missing or early final
 *     message, empty and oversized messages are tried; the reader must do
 *     exactly what the format says.
 * The reads use a buffer size from the input.  A violation aborts, which
 * the fuzzer reports.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sec/keyfile.h"
#include "sec/sealed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAGIC "WEIBAO-SEALED 1\n"
#define CONTEXT "wbbackup"
#define MAX_FILE (4 * SEALED_CHUNK)

/* --- deterministic random numbers for libsodium (stream headers) --- */

static uint64_t rng_state;

static void
rng_buf(void *buf, size_t n)
{
	unsigned char *p = buf;

	for (size_t i = 0; i < n; i++) {
		rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
		p[i] = (unsigned char)(rng_state >> 56);
	}
}

static uint32_t
rng_random(void)
{
	uint32_t v;

	rng_buf(&v, sizeof(v));
	return v;
}

static const char *
rng_name(void)
{
	return "fuzz-deterministic";
}

static struct randombytes_implementation rng_impl = {
	.implementation_name = rng_name,
	.random = rng_random,
	.buf = rng_buf,
};

static struct keyset keys, other_keys;

static void
init(void)
{
	if (randombytes_set_implementation(&rng_impl) != 0 || sodium_init() < 0)
		abort();
	memset(&keys, 0, sizeof(keys));
	memset(keys.audit, 0x5a, sizeof(keys.audit));
	memset(&other_keys, 0, sizeof(other_keys));
	memset(other_keys.audit, 0xa5, sizeof(other_keys.audit));
}

/* A growing byte buffer. */
struct bytes {
	unsigned char *p;
	size_t n, cap;
};

static void
put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* What reading a file gave. */
struct outcome {
	bool opened, done;      /* done: read to the authenticated end */
	char *meta;
	struct bytes content;
};

static void
outcome_free(struct outcome *o)
{
	free(o->meta);
	free(o->content.p);
}

/* Reads file[0..n) with the keys and purpose, bufsize bytes at a time. */
static void
read_file(const unsigned char *file, size_t n, const struct keyset *k, const char *context,
	  size_t bufsize, struct outcome *o)
{
	struct wb_err err = { 0 };
	struct sealed_reader *r;
	unsigned char *buf;
	FILE *f;
	long got;

	memset(o, 0, sizeof(*o));
	/* fmemopen refuses an empty buffer: give it one byte it cannot see */
	f = fmemopen(n ? (void *)file : (void *)"", n ? n : 1, "rb");
	if (f == NULL)
		abort();
	if (n == 0)
		fgetc(f);
	r = sealed_reader_open(f, k, context, &o->meta, &err);
	if (r == NULL) {
		if (o->meta != NULL || err.msg[0] == '\0')
			abort();
		fclose(f);
		return;
	}
	o->opened = true;
	if (o->meta == NULL)
		abort();
	if ((buf = malloc(bufsize)) == NULL)
		abort();
	while ((got = sealed_read(buf, bufsize, r)) > 0) {
		if ((size_t)got > bufsize)
			abort();
		put(&o->content, buf, (size_t)got);
	}
	if (got == 0) {
		if (!sealed_reader_done(r))
			abort();
		o->done = true;
		if (sealed_read(buf, bufsize, r) != 0)   /* and stays at the end */
			abort();
	} else {
		const char *why = sealed_reader_error(r);
		if (got != -1 || why == NULL || why[0] == '\0' || sealed_reader_done(r) ||
		    sealed_read(buf, bufsize, r) != -1)   /* and stays failed */
			abort();
	}
	free(buf);
	sealed_reader_free(r);
	fclose(f);
}

static size_t
read_size(const uint8_t *data, size_t size)
{
	/* 1..4096, or a whole chunk */
	if (size == 0)
		return 1;
	return data[0] == 0xFF ? SEALED_CHUNK : 1 + (size_t)data[0] * 16;
}

/* Modes 0 and 1: any bytes; only read_file's checks apply (a damaged file
 * must fail cleanly, and stay failed). */
static void
raw(const uint8_t *data, size_t size, bool magic)
{
	struct bytes file = { 0 };
	struct outcome o;

	if (magic)
		put(&file, MAGIC, strlen(MAGIC));
	put(&file, data, size);
	read_file(file.p, file.n, &keys, CONTEXT, read_size(data, size), &o);
	outcome_free(&o);
	free(file.p);
}

/* Mode 2: sealed_writer, then damage. */
static void
written(const uint8_t *data, size_t size)
{
	struct wb_err err = { 0 };
	struct bytes file = { 0 }, content = { 0 };
	struct sealed_writer *w;
	struct outcome o;
	unsigned flags, repeat;
	size_t pos, meta_len, bufsize;
	unsigned char flip;
	char *meta;
	FILE *f;
	char *mem = NULL;
	size_t memlen = 0;
	bool damaged = false;

	if (size < 8)
		return;
	flags = data[0];
	pos = (size_t)data[1] << 16 | (size_t)data[2] << 8 | data[3];
	flip = data[4] ? data[4] : 1;
	repeat = data[5];
	bufsize = read_size(data + 6, 1);
	data += 7, size -= 7;
	meta_len = strnlen((const char *)data, size);
	if ((meta = malloc(meta_len + 1)) == NULL)
		abort();
	memcpy(meta, data, meta_len);
	meta[meta_len] = '\0';
	data += meta_len + (meta_len < size), size -= meta_len + (meta_len < size);
	/* repeat 0: the content once; else copies up to repeat * 1 KiB, at most 3 chunks */
	put(&content, data, size);
	if (repeat && size) {
		size_t want = (size_t)repeat * 1024;
		if (want > 3 * SEALED_CHUNK + 7)
			want = 3 * SEALED_CHUNK + 7;
		while (content.n < want)
			put(&content, data, size < want - content.n ? size : want - content.n);
	}

	if ((f = open_memstream(&mem, &memlen)) == NULL)
		abort();
	rng_state = 1;
	w = sealed_writer_open(f, &keys, CONTEXT, meta, &err);
	if (w == NULL)
		abort();
	/* in pieces of varying size, as the backup writers do */
	for (size_t off = 0, step = 1; off < content.n; off += step, step = step * 3 + 1) {
		if (step > content.n - off)
			step = content.n - off;
		if (sealed_write(content.p + off, step, w) != 0)
			abort();
	}
	if (sealed_close(w, &err) != WB_OK || fclose(f) != 0)
		abort();
	put(&file, mem, memlen);
	free(mem);

	if ((flags & 1) && pos < file.n) {
		file.n = pos;
		damaged = true;
	}
	if ((flags & 2) && file.n > 0) {
		file.p[pos % file.n] ^= flip;
		damaged = true;
	}
	if (flags & 4) {
		put(&file, &flip, 1);
		damaged = true;
	}
	if (flags & 8)
		damaged = true;
	read_file(file.p, file.n, (flags & 16) ? &other_keys : &keys,
		  (flags & 8) ? "wbfuzzed" : CONTEXT, bufsize, &o);
	if ((flags & 16))
		damaged = true;
	if (!damaged) {
		if (!o.opened || !o.done || strcmp(o.meta, meta) != 0 || o.content.n != content.n ||
		    (content.n && memcmp(o.content.p, content.p, content.n) != 0))
			abort();
	} else if (o.done) {
		abort();
	}
	outcome_free(&o);
	free(content.p);
	free(file.p);
	free(meta);
}

/* Mode 3: messages sealed here, with any tags and lengths.  The format
 * says: the first message (the metadata) must have tag 0; then each
 * message's bytes are handed out in order, and the file ends well exactly
 * when a FINAL message is the last one; a message longer than SEALED_CHUNK
 * is damage. */
static void
messages(const uint8_t *data, size_t size)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	struct bytes file = { 0 }, expect = { 0 };
	struct outcome o;
	size_t bufsize = read_size(data, size), i = 1, nmsg = 0, final_at = 0;
	unsigned char *plain, *cipher;
	bool open_ok = false, stopped = false;
	char *meta = NULL;

	if (size < 2)
		return;
	plain = malloc(SEALED_CHUNK + 2048);
	cipher = malloc(SEALED_CHUNK + 2048 + crypto_secretstream_xchacha20poly1305_ABYTES);
	if (plain == NULL || cipher == NULL)
		abort();
	crypto_kdf_derive_from_key(key, sizeof(key), 1, CONTEXT, keys.audit);
	rng_state = 2;
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	put(&file, MAGIC, strlen(MAGIC));
	put(&file, header, sizeof(header));
	while (i + 3 <= size && file.n < MAX_FILE) {
		unsigned char tag = data[i], len[4];
		size_t n = (size_t)data[i + 1] << 8 | data[i + 2];
		unsigned long long clen;
		const uint8_t *src = data + i + 3;
		size_t avail = size - i - 3;

		/* lengths above 0xF000 mean "about a chunk": SEALED_CHUNK - 8 .. + 2047 */
		if (n > 0xF000)
			n = SEALED_CHUNK - 8 + (n - 0xF000) % 2056;
		for (size_t k = 0; k < n; k++)
			plain[k] = avail ? src[k % avail] : (unsigned char)k;
		i += 3 + (n < avail ? n : avail);
		crypto_secretstream_xchacha20poly1305_push(&st, cipher, &clen, plain, n, NULL, 0, tag);
		len[0] = (unsigned char)(clen >> 24);
		len[1] = (unsigned char)(clen >> 16);
		len[2] = (unsigned char)(clen >> 8);
		len[3] = (unsigned char)clen;
		put(&file, len, 4);
		put(&file, cipher, clen);
		nmsg++;
		if (stopped)
			continue;
		if (n > SEALED_CHUNK || (nmsg == 1 && tag != 0)) {
			stopped = true;              /* refused here */
		} else if (nmsg == 1) {
			open_ok = true;
			if ((meta = malloc(n + 1)) == NULL)
				abort();
			memcpy(meta, plain, n);
			meta[n] = '\0';
		} else {
			put(&expect, plain, n);
			if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
				stopped = true;
				final_at = nmsg;
			}
		}
	}
	read_file(file.p, file.n, &keys, CONTEXT, bufsize, &o);
	if (o.opened != open_ok || (open_ok && strcmp(o.meta, meta) != 0))
		abort();
	if (o.done != (final_at != 0 && final_at == nmsg))
		abort();
	/* what was handed out is the expected content, or a beginning of it */
	if (o.content.n > expect.n || (o.done && o.content.n != expect.n) ||
	    (o.content.n && memcmp(o.content.p, expect.p, o.content.n) != 0))
		abort();
	outcome_free(&o);
	sodium_memzero(key, sizeof(key));
	free(meta);
	free(expect.p);
	free(file.p);
	free(plain);
	free(cipher);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		init();
		ready = true;
	}
	rng_state = 0;
	if (size == 0) {
		raw(data, 0, false);
		return 0;
	}
	switch (data[0] & 3) {
	case 0:
		raw(data + 1, size - 1, false);
		break;
	case 1:
		raw(data + 1, size - 1, true);
		break;
	case 2:
		written(data + 1, size - 1);
		break;
	default:
		messages(data + 1, size - 1);
		break;
	}
	return 0;
}
