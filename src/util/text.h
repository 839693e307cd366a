/* Text input: UTF-8 checks and conversion of GB18030 files (Excel exports). */
#ifndef WB_UTIL_TEXT_H
#define WB_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* True when s[0..n) is well-formed UTF-8 with no NUL byte. */
bool text_is_utf8(const char *s, size_t n);

/* True when the valid UTF-8 string s holds a control or an invisible format
 * character (Unicode categories Cc and Cf: bidirectional overrides such as
 * U+202E, zero-width characters, …), which must not reach a name that others
 * read (file names, display names). */
bool text_has_hidden_chars(const char *s);

/* True when the valid UTF-8 string s shows nothing: empty, or only
 * separators (spaces, U+3000, line and paragraph separators), controls and
 * invisible format characters (zero-width spaces, BOM, …) — a required text
 * so written was not given. */
bool text_is_blank(const char *s);

/* Copies the string src into dst (size bytes, size > 0), NUL-terminated,
 * cut after the last whole UTF-8 character that fits; returns the bytes
 * copied.  snprintf(dst, size, "%s", src) without the format machinery, for
 * loops over many rows. */
size_t text_copy(char *dst, size_t size, const char *src);

/* Drops, in place, every byte of s that does not belong to a well-formed
 * UTF-8 character — what a byte-counted cut (`%.40s`, a full snprintf
 * buffer) leaves of a character it split; returns the new length.  Text
 * that goes into JSON, the audit chain or a spreadsheet passes here. */
size_t text_utf8_scrub(char *s);

/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_length(const char *s);

/*
 * Returns a malloc'd, NUL-terminated UTF-8 copy of buf (the caller frees it):
 * a UTF-8 byte-order mark is dropped; text that is not UTF-8 is converted from
 * GB18030.  Binary input (NUL bytes) and text in neither encoding give NULL
 * with the reason in err.  *outlen receives the length when not NULL.
 */
char *text_to_utf8(const char *buf, size_t len, size_t *outlen, struct wb_err *err);

/* Reads a whole file into a malloc'd NUL-terminated buffer the caller frees.
 * Refuses files larger than max bytes. */
char *text_read_file(const char *path, size_t max, size_t *len, struct wb_err *err);

#endif
