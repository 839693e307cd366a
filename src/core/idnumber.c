#include "core/idnumber.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define IDNUMBER_INPUT_MAX 256   /* longer input is refused before decoding */

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool
id_date_valid(struct id_date d)
{
	if (d.year < 1800 || d.year > 9999 || d.month < 1 || d.month > 12)
		return false;
	return d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

int
id_date_compare(struct id_date a, struct id_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

struct id_date
id_date_add_months(struct id_date d, int n)
{
	long m = (long)d.year * 12 + (d.month - 1) + n;
	struct id_date r;

	r.year = (int)(m / 12);
	r.month = (int)(m % 12) + 1;
	r.day = d.day;
	if (r.day > days_in_month(r.year, r.month))
		r.day = days_in_month(r.year, r.month);
	return r;
}

/* Day numbers after Howard Hinnant's days_from_civil. */
long
id_date_days(struct id_date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct id_date
id_date_from_days(long n)
{
	long z = n + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct id_date r;

	r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.year = (int)(yoe + era * 400 + (r.month <= 2));
	return r;
}

struct id_date
id_date_of_time(int64_t t, int utc_offset_s)
{
	int64_t s = t + utc_offset_s;
	int64_t days = s / 86400 - (s % 86400 < 0);

	return id_date_from_days((long)days);
}

void
id_date_format(struct id_date d, char out[11])
{
	unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100, dd = (unsigned)d.day % 100;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + dd / 10);
	out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
}

bool
id_date_parse_iso(const char *s, struct id_date *d)
{
	struct id_date x = { 0, 0, 0 };

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	x.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	x.month = (s[5] - '0') * 10 + (s[6] - '0');
	x.day = (s[8] - '0') * 10 + (s[9] - '0');
	if (!id_date_valid(x))
		return false;
	*d = x;
	return true;
}

struct id_date
id_date_add_days(struct id_date d, int n)
{
	return id_date_from_days(id_date_days(d) + n);
}

int
id_date_age(struct id_date birth, struct id_date at)
{
	int age;

	if (!id_date_valid(birth) || !id_date_valid(at) || id_date_compare(at, birth) < 0)
		return -1;
	age = at.year - birth.year;
	if (id_date_compare(at, id_date_add_months(birth, 12 * age)) < 0)
		age--;
	return age;
}

/* ASCII character a normalised ID may hold for code point cp, or '\0'. */
static char
id_char_of(utf8proc_int32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)   /* full-width digits */
		return (char)('0' + (cp - 0xFF10));
	if (cp == 'x' || cp == 'X' || cp == 0xFF58 || cp == 0xFF38)
		return 'X';
	return '\0';
}

static bool
is_space(utf8proc_int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

enum wb_status
idnumber_normalise(const char *in, char out[IDNUMBER_SIZE], struct wb_err *err)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
	const char *why = "身份证号应为18位";
	utf8proc_int32_t cp;
	size_t len, i = 0, n = 0;
	bool started = false, gap = false;

	if (in == NULL || (len = strlen(in)) > IDNUMBER_INPUT_MAX)
		goto bad;
	while (i < len) {
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		char c;

		if (k <= 0) {
			why = "身份证号不是有效的文本";
			goto bad;
		}
		i += (size_t)k;
		if (is_space(cp)) {
			gap = started;
			continue;
		}
		if (gap) {
			why = "身份证号中间不能有空格";
			goto bad;
		}
		started = true;
		if ((c = id_char_of(cp)) == '\0') {
			why = "身份证号只能包含数字和X";
			goto bad;
		}
		if (n == IDNUMBER_LEN)
			goto bad;
		out[n++] = c;
	}
	if (n != IDNUMBER_LEN)
		goto bad;
	out[n] = '\0';
	return WB_OK;
bad:
	out[0] = '\0';
	return wb_err_set(err, WB_ERR_INVALID, "%s", why);
}

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

char
idnumber_check_char(const char *id)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char checks[] = "10X98765432";
	int sum = 0;

	if (id == NULL || strnlen(id, 17) < 17 || !all_digits(id, 17))
		return '\0';
	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * weights[i];
	return checks[sum % 11];
}

/* Value of the n ASCII digits at s (caller checked they are digits). */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool
idnumber_birth_date(const char *id, struct id_date *out)
{
	struct id_date d;

	if (id == NULL || strnlen(id, 14) < 14 || !all_digits(id + 6, 8))
		return false;
	d.year = digits_value(id + 6, 4);
	d.month = digits_value(id + 10, 2);
	d.day = digits_value(id + 12, 2);
	if (!id_date_valid(d))
		return false;
	*out = d;
	return true;
}

enum wb_status
idnumber_validate(const char *id, struct id_date today, struct wb_err *err)
{
	struct id_date birth;
	char check;

	if (id == NULL || strlen(id) != IDNUMBER_LEN)
		return wb_err_set(err, WB_ERR_INVALID, "身份证号应为18位");
	if (!all_digits(id, 17) || !((id[17] >= '0' && id[17] <= '9') || id[17] == 'X'))
		return wb_err_set(err, WB_ERR_INVALID, "身份证号前17位应为数字，最后一位为数字或X");
	if (!idnumber_birth_date(id, &birth))
		return wb_err_set(err, WB_ERR_INVALID, "身份证号中的出生日期无效");
	if (!id_date_valid(today) || id_date_compare(birth, today) > 0)
		return wb_err_set(err, WB_ERR_INVALID, "身份证号中的出生日期晚于今天");
	check = idnumber_check_char(id);
	if (check != id[17])
		return wb_err_set(err, WB_ERR_INVALID, "身份证号校验位不正确");
	return WB_OK;
}

enum id_sex
idnumber_sex(const char *id)
{
	return ((id[16] - '0') % 2) ? ID_SEX_MALE : ID_SEX_FEMALE;
}

int
idnumber_age(const char *id, struct id_date at)
{
	struct id_date birth;

	if (!idnumber_birth_date(id, &birth))
		return -1;
	return id_date_age(birth, at);
}

enum wb_status
idnumber_generate(const char *address, struct id_date birth, int sequence,
		  char out[IDNUMBER_SIZE], struct wb_err *err)
{
	out[0] = '\0';
	if (address == NULL || strlen(address) != 6 || !all_digits(address, 6))
		return wb_err_set(err, WB_ERR_INVALID, "地址码应为6位数字");
	if (!id_date_valid(birth))
		return wb_err_set(err, WB_ERR_INVALID, "出生日期无效");
	if (sequence < 0 || sequence > 999)
		return wb_err_set(err, WB_ERR_INVALID, "顺序码应在0到999之间");
	memcpy(out, address, 6);
	out[6] = (char)('0' + birth.year / 1000);
	out[7] = (char)('0' + birth.year / 100 % 10);
	out[8] = (char)('0' + birth.year / 10 % 10);
	out[9] = (char)('0' + birth.year % 10);
	out[10] = (char)('0' + birth.month / 10);
	out[11] = (char)('0' + birth.month % 10);
	out[12] = (char)('0' + birth.day / 10);
	out[13] = (char)('0' + birth.day % 10);
	out[14] = (char)('0' + sequence / 100);
	out[15] = (char)('0' + sequence / 10 % 10);
	out[16] = (char)('0' + sequence % 10);
	out[17] = idnumber_check_char(out);
	out[18] = '\0';
	return WB_OK;
}
