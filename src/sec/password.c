#include "sec/password.h"

#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sec/common_passwords.h"
#include "util/text.h"

/* Cost parameters: libsodium's "interactive" limits (2 passes, 64 MiB). */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

enum wb_status
sec_init(struct wb_err *err)
{
	if (sodium_init() < 0)
		return wb_err_set(err, WB_ERR_DB, "libsodium failed to initialise");
	return WB_OK;
}

/* True when needle (ASCII case-folded) occurs in haystack. */
static bool
contains_folded(const char *haystack, const char *needle)
{
	size_t hn = strlen(haystack), nn = strlen(needle);

	if (nn == 0 || nn > hn)
		return false;
	for (size_t i = 0; i + nn <= hn; i++) {
		size_t k = 0;
		while (k < nn && tolower((unsigned char)haystack[i + k]) ==
				 tolower((unsigned char)needle[k]))
			k++;
		if (k == nn)
			return true;
	}
	return false;
}

/*
 * Decodes the valid UTF-8 string s into at most PASSWORD_MAX_LENGTH code
 * points, folded for comparison: full-width forms (U+FF01..U+FF5E, typed with
 * a Chinese input method) become their ASCII letters, digits and signs, and
 * ASCII upper case becomes lower case.  Returns the number of code points.
 */
static size_t
decode_folded(const char *s, int32_t out[PASSWORD_MAX_LENGTH])
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	size_t n = 0;

	while (*p && n < PASSWORD_MAX_LENGTH) {
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
		if (k <= 0)
			break;
		p += k;
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		out[n++] = c;
	}
	return n;
}

/* True for white space and invisible characters: Unicode Zs, Zl, Zp (U+3000
 * included), controls (tab, newline ...) and format characters (U+200B, U+FEFF). */
static bool
is_blank(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
		return true;
	default:
		return false;
	}
}

/* True when every one of the n code points is blank. */
static bool
all_blank(const int32_t *cp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank(cp[i]))
			return false;
	return true;
}

/* True for what is stripped around the core of a password: ASCII digits,
 * punctuation and white space ("Password2024!" has the core "password"). */
static bool
is_padding(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
	       (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E) || is_blank(c);
}

/*
 * Narrows [*b, *e) to the core of the password: first the trailing padding
 * is dropped, then (when leading is true) the leading padding too.
 */
static void
core_bounds(const int32_t *cp, size_t *b, size_t *e, bool leading)
{
	while (*e > *b && is_padding(cp[*e - 1]))
		(*e)--;
	while (leading && *b < *e && is_padding(cp[*b]))
		(*b)++;
}

/* True when cp[b..e) is on the common-password list.  Code points outside
 * ASCII never match (the list is ASCII). */
static bool
listed(const int32_t *cp, size_t b, size_t e)
{
	char word[PASSWORD_MAX_LENGTH];

	for (size_t i = b; i < e; i++) {
		if (cp[i] <= 0 || cp[i] > 0x7E)
			return false;
		word[i - b] = (char)cp[i];
	}
	return common_password_listed(word, e - b);
}

/* True when the folded password, the password without its trailing digits
 * and signs, or without those at both ends, is a common password. */
static bool
is_common(const int32_t *cp, size_t n)
{
	size_t b = 0, e = n;

	if (listed(cp, 0, n))
		return true;
	core_bounds(cp, &b, &e, false);
	if (e > b && e < n && listed(cp, b, e))
		return true;
	core_bounds(cp, &b, &e, true);
	return e > b && b > 0 && listed(cp, b, e);
}

/*
 * Sequences a trivial password walks along, forwards or backwards: the
 * alphabet, the digits, the rows of a US keyboard (unshifted, and the shifted
 * digit row), the whole keyboard row after row, the column walks
 * ("1qaz2wsx", "zaq1xsw2", "1qazxsw2" ...) and the two top rows in turn
 * ("1q2w3e4r", "q1w2e3r4").
 */
static const char *const walks[] = {
	"abcdefghijklmnopqrstuvwxyz",
	"0123456789",
	"`1234567890-=",
	"~!@#$%^&*()_+",
	"qwertyuiop[]\\",
	"asdfghjkl;'",
	"zxcvbnm,./",
	"qwertyuiopasdfghjklzxcvbnm",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
	"zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
	"1qazxsw23edcvfr45tgbnhy67ujm,ki89ol./;p0",
	"qazwsxedcrfvtgbyhnujmik,ol.p;/",
	"1q2w3e4r5t6y7u8i9o0p-[=]",
	"q1w2e3r4t5y6u7i8o9p0[-]=",
};

/*
 * Length of the longest trivial piece starting at cp[i]: one character
 * repeated, or a stretch of one of the walks, forwards or backwards.  At least 1.
 */
static size_t
piece_length(const int32_t *cp, size_t n, size_t i)
{
	size_t best, k;

	for (k = i + 1; k < n && cp[k] == cp[i]; k++)
		;
	best = k - i;
	for (size_t w = 0; w < sizeof(walks) / sizeof(walks[0]); w++) {
		const unsigned char *walk = (const unsigned char *)walks[w];
		size_t m = strlen(walks[w]);

		for (size_t j = 0; j < m; j++) {
			if (walk[j] != cp[i])
				continue;
			for (k = 1; i + k < n && j + k < m && cp[i + k] == walk[j + k]; k++)
				;
			if (k > best)
				best = k;
			for (k = 1; i + k < n && k <= j && cp[i + k] == walk[j - k]; k++)
				;
			if (k > best)
				best = k;
		}
	}
	return best;
}

/* True when cp[0..n) repeats a unit of at most n/2 code points
 * ("abcabcabc", "1212121", "Tongxiang!Tongxiang!"). */
static bool
is_periodic(const int32_t *cp, size_t n)
{
	for (size_t p = 1; p <= n / 2; p++) {
		size_t i = p;
		while (i < n && cp[i] == cp[i - p])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * True when cp[0..n) is trivially patterned: a repeated unit, or made of
 * trivial pieces (see piece_length) that are at most two, or three
 * characters long on average ("abcdefghij", "9876543210", "qwertyuiop",
 * "1qaz2wsx3edc", "abcdefg123!").
 */
static bool
is_patterned(const int32_t *cp, size_t n)
{
	size_t pieces = 0;

	if (is_periodic(cp, n))
		return true;
	for (size_t i = 0; i < n; i += piece_length(cp, n, i))
		pieces++;
	return pieces <= 2 || n >= 3 * pieces;
}

/* Number of different code points in cp[0..n). */
static size_t
distinct_count(const int32_t *cp, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < i && cp[j] != cp[i])
			j++;
		if (j == i)
			count++;
	}
	return count;
}

enum wb_status
password_check_policy(const char *password, const char *login, const char *display_name,
		      struct wb_err *err)
{
	int32_t cp[PASSWORD_MAX_LENGTH];
	size_t n, b = 0, e;

	if (password == NULL || !text_is_utf8(password, strlen(password)))
		return wb_err_set(err, WB_ERR_INVALID, "密码必须是有效的文本");
	n = text_utf8_length(password);
	if (n < PASSWORD_MIN_LENGTH)
		return wb_err_set(err, WB_ERR_INVALID, "密码至少 %d 个字符", PASSWORD_MIN_LENGTH);
	if (n > PASSWORD_MAX_LENGTH)
		return wb_err_set(err, WB_ERR_INVALID, "密码最多 %d 个字符", PASSWORD_MAX_LENGTH);
	if (login && contains_folded(password, login))
		return wb_err_set(err, WB_ERR_INVALID, "密码不能包含登录名");
	if (display_name && strlen(display_name) >= 2 && contains_folded(password, display_name))
		return wb_err_set(err, WB_ERR_INVALID, "密码不能包含姓名");
	n = decode_folded(password, cp);
	if (all_blank(cp, n))
		return wb_err_set(err, WB_ERR_INVALID, "密码不能只由空白组成");
	if (is_common(cp, n))
		return wb_err_set(err, WB_ERR_INVALID, "密码过于常见，请换一个");
	e = n;
	core_bounds(cp, &b, &e, true);
	if (is_patterned(cp, n) || (e - b >= 4 && is_patterned(cp + b, e - b)))
		return wb_err_set(err, WB_ERR_INVALID,
				  "密码规律过于简单（重复、连续或键盘排列），请换一个");
	if (distinct_count(cp, n) < 4)
		return wb_err_set(err, WB_ERR_INVALID, "密码至少要有 4 个不同的字符");
	return WB_OK;
}

enum wb_status
password_hash(const char *password, char out[PASSWORD_HASH_MAX], struct wb_err *err)
{
	if (crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM) != 0)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory hashing a password");
	return WB_OK;
}

bool
password_verify(const char *password, const char *hash)
{
	if (password == NULL || hash == NULL)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
password_generate(char out[17])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[16] = '\0';
}
