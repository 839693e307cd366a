/*
 * libFuzzer target of the ID-number functions (src/core/idnumber.c) and the
 * masking of personal information (src/core/mask.c).  The input, up to its
 * first NUL, is a typed-in ID number, name, phone or address; its first
 * bytes also make two dates for the date arithmetic.  Checked:
 *  - idnumber_normalise gives 18 characters of [0-9X] (or "" and an error)
 *    and is idempotent;
 *  - an ID number idnumber_validate accepts has a valid birth date not after
 *    today, the right check character, a non-negative age, and is exactly
 *    what idnumber_generate makes from its parts;
 *  - the functions that take any string (check character, birth date, age)
 *    never read past its end;
 *  - id_date_compare is antisymmetric and id_date_age agrees with it;
 *  - mask_text succeeds on every valid UTF-8 string with the documented
 *    buffer size, refuses anything else, gives valid UTF-8 no longer than
 *    the rules allow, needs exactly strlen(result) + 1 bytes, and on
 *    printable ASCII (one character per byte) gives exactly the documented
 *    pattern.
 * A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnumber.h"
#include "core/mask.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct id_date today = { 2026, 6, 30 };

static void
check_normalise(const char *s)
{
	struct wb_err err = { 0 };
	char out[IDNUMBER_SIZE], again[IDNUMBER_SIZE];

	memset(out, 'Z', sizeof(out));
	if (idnumber_normalise(s, out, &err) != WB_OK) {
		if (out[0] != '\0' || err.status != WB_ERR_INVALID || err.msg[0] == '\0' ||
		    !text_is_utf8(err.msg, strlen(err.msg)))
			abort();
		return;
	}
	if (strlen(out) != IDNUMBER_LEN || strspn(out, "0123456789X") != IDNUMBER_LEN)
		abort();
	if (idnumber_normalise(out, again, &err) != WB_OK || strcmp(out, again) != 0)
		abort();
	(void)idnumber_validate(out, today, &err);
}

static void
check_validate(const char *s)
{
	struct wb_err err = { 0 };
	struct id_date birth = { 0, 0, 0 };
	char address[7], regen[IDNUMBER_SIZE];
	int age;

	/* these take any string and must stay within it */
	(void)idnumber_check_char(s);
	(void)idnumber_age(s, today);
	if (idnumber_birth_date(s, &birth) && !id_date_valid(birth))
		abort();
	if (idnumber_validate(s, today, &err) != WB_OK) {
		if (err.status != WB_ERR_INVALID || err.msg[0] == '\0')
			abort();
		return;
	}
	if (strlen(s) != IDNUMBER_LEN || !idnumber_birth_date(s, &birth) ||
	    id_date_compare(birth, today) > 0 || idnumber_check_char(s) != s[17])
		abort();
	age = idnumber_age(s, today);
	if (age < 0 || age != id_date_age(birth, today) || age > today.year - birth.year)
		abort();
	if (idnumber_sex(s) != ((s[16] - '0') % 2 ? ID_SEX_MALE : ID_SEX_FEMALE))
		abort();
	memcpy(address, s, 6);
	address[6] = '\0';
	if (idnumber_generate(address, birth, (s[14] - '0') * 100 + (s[15] - '0') * 10 + (s[16] - '0'),
			      regen, &err) != WB_OK ||
	    strcmp(regen, s) != 0)
		abort();
}

static int
byte_int(const uint8_t *data, size_t size, size_t i, int span, int base)
{
	return base + (i < size ? data[i] % span : 0);
}

static void
check_dates(const uint8_t *data, size_t size)
{
	struct id_date a = { byte_int(data, size, 0, 256, 1790) + byte_int(data, size, 1, 2, 0) * 7954,
			     byte_int(data, size, 2, 15, -1), byte_int(data, size, 3, 34, -1) };
	struct id_date b = { byte_int(data, size, 4, 256, 1790) + byte_int(data, size, 5, 2, 0) * 7954,
			     byte_int(data, size, 6, 15, -1), byte_int(data, size, 7, 34, -1) };
	int ab = id_date_compare(a, b), ba = id_date_compare(b, a), age = id_date_age(a, b);
	char id[IDNUMBER_SIZE];
	struct wb_err err = { 0 };
	struct id_date back;

	if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0) || id_date_compare(a, a) != 0)
		abort();
	if (!id_date_valid(a) || !id_date_valid(b) || ab > 0) {
		if (age != -1)
			abort();
	} else if (age < 0 || age > b.year - a.year || (ab == 0 && age != 0)) {
		abort();
	}
	if (idnumber_generate("330483", a, byte_int(data, size, 8, 1000, 0), id, &err) == WB_OK) {
		if (!id_date_valid(a) || !idnumber_birth_date(id, &back) ||
		    id_date_compare(a, back) != 0 || idnumber_check_char(id) != id[17])
			abort();
		if ((idnumber_validate(id, today, &err) == WB_OK) != (id_date_compare(a, today) <= 0))
			abort();
	} else if (id_date_valid(a)) {
		abort();
	}
}

/* The documented mask of n printable ASCII characters s. */
static void
expected_mask(enum mask_kind kind, const char *s, size_t n, char *out)
{
	size_t head, tail, o = 0;

	switch (kind) {
	case MASK_IDNUMBER:
		head = n >= 10 ? 6 : 0;
		tail = n >= 10 ? 4 : 0;
		break;
	case MASK_NAME:
		head = n >= 2 ? 1 : 0;
		tail = n >= 3 ? 1 : 0;
		break;
	case MASK_PHONE:
		head = n >= 8 ? 3 : 0;
		tail = n >= 8 ? 4 : 0;
		break;
	default:
		head = n > 6 ? 6 : n / 2;
		memcpy(out, s, head);
		strcpy(out + head, n ? "****" : "");
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[o++] = i < head || i >= n - tail ? s[i] : '*';
	out[o] = '\0';
}

static void
check_mask(const char *s)
{
	size_t n = strlen(s), size = MASK_OUT_SIZE(n);
	bool valid = text_is_utf8(s, n), ascii = true;
	char *out = malloc(size), *exp = malloc(size), small[1];

	if (out == NULL || exp == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		ascii &= s[i] >= 0x20 && s[i] < 0x7F;
	for (int k = 0; k < MASK__MAX; k++) {
		char *dup = mask_dup((enum mask_kind)k, s);
		size_t len;

		if (mask_text((enum mask_kind)k, s, out, size) != valid || (dup != NULL) != valid)
			abort();
		if (!valid) {
			if (out[0] != '\0')
				abort();
			continue;
		}
		len = strlen(out);
		if (strcmp(dup, out) != 0 || !text_is_utf8(out, len) ||
		    len > (k == MASK_ADDRESS ? n + 4 : n))
			abort();
		free(dup);
		if (ascii) {
			expected_mask((enum mask_kind)k, s, n, exp);
			if (strcmp(exp, out) != 0)
				abort();
		}
		/* strlen + 1 bytes suffice; one fewer does not, and leaves "" */
		strcpy(exp, out);
		if (!mask_text((enum mask_kind)k, s, out, len + 1) || strcmp(exp, out) != 0)
			abort();
		if (len > 0 && (mask_text((enum mask_kind)k, s, out, len) || out[0] != '\0'))
			abort();
	}
	/* the shorthands are mask_text of their kind */
	{
		bool (*const shorthand[MASK__MAX])(const char *, char *, size_t) = {
			[MASK_IDNUMBER] = mask_idnumber, [MASK_NAME] = mask_name,
			[MASK_PHONE] = mask_phone, [MASK_ADDRESS] = mask_address,
		};
		for (int k = 0; k < MASK__MAX; k++) {
			bool ok = mask_text((enum mask_kind)k, s, exp, size);
			if (shorthand[k](s, out, size) != ok || strcmp(out, exp) != 0)
				abort();
		}
	}
	if (mask_text(MASK__MAX, s, out, size) || out[0] != '\0' ||
	    mask_text(MASK_NAME, s, small, 0) || mask_text(MASK_NAME, NULL, out, size))
		abort();
	free(out);
	free(exp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	check_normalise(s);
	check_validate(s);
	check_dates(data, size);
	check_mask(s);
	free(s);
	return 0;
}
