/* Masking of personal information for display in lists.  Pure.
 *
 * Text is walked by user-perceived characters (extended grapheme clusters,
 * via utf8proc): for Chinese text these are exactly the code points, and a
 * character made of a base and combining marks is never split.  Every
 * masked character becomes one ASCII '*'. */
#ifndef WB_CORE_MASK_H
#define WB_CORE_MASK_H

#include <stdbool.h>
#include <stddef.h>

enum mask_kind {
	MASK_IDNUMBER,   /* 330483********123X: first 6 and last 4 kept */
	MASK_NAME,       /* 张*明, 张*, 欧**锋, *: first and last kept */
	MASK_PHONE,      /* 138****5678: first 3 and last 4 kept */
	MASK_ADDRESS,    /* first 6 characters kept, then **** */
	MASK__MAX
};

/* An output buffer of MASK_OUT_SIZE(strlen(in)) bytes always suffices. */
#define MASK_OUT_SIZE(inlen) ((inlen) + 5)

/*
 * Writes the masked form of in (NUL-terminated UTF-8) into out[0..outlen).
 * False, with out set to "" when outlen > 0, when in is NULL, not valid
 * UTF-8, or the result does not fit.  The rules per kind:
 *  - MASK_IDNUMBER: n >= 10 characters: first 6, n-10 stars, last 4 (8 stars
 *    for 18 characters); shorter: all stars.
 *  - MASK_NAME: 1 character: "*"; 2: first then "*"; n >= 3: first, n-2
 *    stars, last.  "" stays "".
 *  - MASK_PHONE: n >= 8: first 3, n-7 stars, last 4 (4 stars for 11
 *    digits); shorter: all stars.
 *  - MASK_ADDRESS: more than 6 characters: the first 6 then "****"; 1 to 6
 *    characters: the first half (rounded down) then "****", so a short
 *    address is never shown whole.  "" stays "".
 */
bool mask_text(enum mask_kind kind, const char *in, char *out, size_t outlen);

/* The same, in a malloc'd string the caller frees; NULL for invalid input
 * (as above) or when out of memory. */
char *mask_dup(enum mask_kind kind, const char *in);

/* Shorthands for mask_text with one kind. */
bool mask_idnumber(const char *in, char *out, size_t outlen);
bool mask_name(const char *in, char *out, size_t outlen);
bool mask_phone(const char *in, char *out, size_t outlen);
bool mask_address(const char *in, char *out, size_t outlen);

#endif
