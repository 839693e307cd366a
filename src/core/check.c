#include "core/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/sheet.h"
#include "util/text.h"

const char *const check_registry_headers[CHKREG__MAX] = { "姓名", "身份证号", "类别", "记录日期" };
const char *const check_categories[] = { "性侵害", "虐待", "拐卖", "暴力伤害", NULL };
const char *const check_roster_headers[CHKROS__MAX] = { "姓名", "身份证号", "岗位", "同意书编号",
							"入职日期" };

static void
report(check_problem_fn fn, void *arg, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report(check_problem_fn fn, void *arg, const char *column, const char *fmt, ...)
{
	struct check_problem p = { .column = column ? column : "" };
	va_list ap;

	if (fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(p.message, sizeof(p.message), fmt, ap);
	va_end(ap);
	fn(&p, arg);
}

struct header_sink {
	check_problem_fn fn;
	void *arg;
};

static void
header_problem(const char *header, const char *reason, void *arg)
{
	struct header_sink *s = arg;

	report(s->fn, s->arg, header, "%s", reason);
}

int
check_map_header(bool registry, const char *const *headers, size_t n, int *map,
		 check_problem_fn fn, void *arg)
{
	static const bool reg_optional[CHKREG__MAX] = { false, false, false, false };
	static const bool ros_optional[CHKROS__MAX] = { false, false, false, false, true };
	struct header_sink sink = { fn, arg };

	if (registry)
		return sheet_map_header(check_registry_headers, reg_optional, CHKREG__MAX,
					"违法犯罪记录库", headers, n, map, header_problem, &sink);
	return sheet_map_header(check_roster_headers, ros_optional, CHKROS__MAX, "入职查询名单",
				headers, n, map, header_problem, &sink);
}

/* The canonical, valid ID number of raw into out; false after putting the
 * reason into msg (n bytes). */
static bool
id_of(const char *raw, struct id_date today, char out[IDNUMBER_SIZE], char *msg, size_t n)
{
	struct wb_err err = { 0 };

	if (raw == NULL || raw[0] == '\0') {
		snprintf(msg, n, "缺少身份证号");
		return false;
	}
	if (idnumber_normalise(raw, out, &err) != WB_OK ||
	    idnumber_validate(out, today, &err) != WB_OK) {
		size_t l = strnlen(err.msg, n - 1);

		memcpy(msg, err.msg, l);   /* the idnumber messages are short */
		msg[l] = '\0';
		out[0] = '\0';
		return false;
	}
	return true;
}

/* A date given as text into out; false when it is not a date or lies after
 * today. */
static bool
date_of(const char *raw, struct id_date today, char out[11])
{
	struct id_date d;

	if (!sheet_parse_date(raw, out) || !id_date_parse_iso(out, &d))
		return false;
	return id_date_compare(d, today) <= 0;
}

int
check_registry_row(const char *const in[CHKREG__MAX], struct id_date today,
		   struct check_registry_row *out, check_problem_fn fn, void *arg)
{
	char v[CHECK_TEXT_SIZE], msg[160];
	int problems = 0;

	memset(out, 0, sizeof(*out));
	sheet_normalise(in[CHKREG_NAME], v, sizeof(v));
	if (v[0] == '\0') {
		report(fn, arg, check_registry_headers[CHKREG_NAME], "缺少姓名");
		problems++;
	}
	if (!id_of(in[CHKREG_ID], today, out->id, msg, sizeof(msg))) {
		report(fn, arg, check_registry_headers[CHKREG_ID], "%s", msg);
		problems++;
	}
	sheet_normalise(in[CHKREG_CATEGORY], v, sizeof(v));
	for (int i = 0; check_categories[i]; i++)
		if (strcmp(v, check_categories[i]) == 0)
			out->category = check_categories[i];
	if (out->category == NULL) {
		report(fn, arg, check_registry_headers[CHKREG_CATEGORY],
		       v[0] ? "类别应为性侵害、虐待、拐卖或暴力伤害之一" : "缺少类别");
		problems++;
	}
	sheet_normalise(in[CHKREG_DATE], v, sizeof(v));
	if (v[0] == '\0') {
		report(fn, arg, check_registry_headers[CHKREG_DATE], "缺少记录日期");
		problems++;
	} else if (!date_of(v, today, out->recorded_on)) {
		report(fn, arg, check_registry_headers[CHKREG_DATE], "记录日期不是有效日期或晚于今天");
		problems++;
	}
	return problems;
}

/* raw normalised into out (CHECK_TEXT_SIZE bytes); false when longer than
 * CHECK_TEXT_CHARS characters. */
static bool
text_of(const char *raw, char out[CHECK_TEXT_SIZE])
{
	char buf[CHECK_TEXT_SIZE * 2];

	if (raw && strlen(raw) >= sizeof(buf) - 1)
		return false;
	sheet_normalise(raw, buf, sizeof(buf));
	if (strlen(buf) >= CHECK_TEXT_SIZE || text_utf8_length(buf) > CHECK_TEXT_CHARS)
		return false;
	memcpy(out, buf, strlen(buf) + 1);
	return true;
}

bool
check_roster_row(const char *const in[CHKROS__MAX], struct id_date today,
		 struct check_roster_row *out, struct check_problem *why)
{
	char v[CHECK_TEXT_SIZE];

	why->column = "";
	why->message[0] = '\0';
	out->hired_on[0] = '\0';
	if (!text_of(in[CHKROS_NAME], out->name)) {
		why->column = check_roster_headers[CHKROS_NAME];
		snprintf(why->message, sizeof(why->message), "姓名超过%d个字", CHECK_TEXT_CHARS);
		return false;
	}
	if (out->name[0] == '\0') {
		why->column = check_roster_headers[CHKROS_NAME];
		snprintf(why->message, sizeof(why->message), "缺少姓名");
		return false;
	}
	if (!id_of(in[CHKROS_ID], today, out->id, why->message, sizeof(why->message))) {
		why->column = check_roster_headers[CHKROS_ID];
		return false;
	}
	if (!text_of(in[CHKROS_POST], out->post)) {
		why->column = check_roster_headers[CHKROS_POST];
		snprintf(why->message, sizeof(why->message), "岗位超过%d个字", CHECK_TEXT_CHARS);
		return false;
	}
	if (!text_of(in[CHKROS_CONSENT], out->consent)) {
		why->column = check_roster_headers[CHKROS_CONSENT];
		snprintf(why->message, sizeof(why->message), "同意书编号超过%d个字", CHECK_TEXT_CHARS);
		return false;
	}
	sheet_normalise(in[CHKROS_HIRED], v, sizeof(v));
	if (v[0] && !date_of(v, today, out->hired_on)) {
		why->column = check_roster_headers[CHKROS_HIRED];
		snprintf(why->message, sizeof(why->message), "入职日期不是有效日期或晚于今天");
		out->hired_on[0] = '\0';
		return false;
	}
	return true;
}

bool
check_institution_type(enum facility_type t)
{
	return t == FACILITY_SCHOOL || t == FACILITY_CHILDCARE || t == FACILITY_RESCUE ||
	       t == FACILITY_HOSPITAL || t == FACILITY_TRAINING || t == FACILITY_WELFARE;
}

bool
check_supervisor_unit(const char *config, const char *type, char *out, size_t n)
{
	size_t tl = type ? strlen(type) : 0;
	const char *p = config;

	if (n > 0)
		out[0] = '\0';
	while (p && *p && tl > 0) {
		size_t len = strcspn(p, ",");
		const char *colon = memchr(p, ':', len);

		while (*p == ' ')
			p++, len--;
		if (colon && (size_t)(colon - p) == tl && memcmp(p, type, tl) == 0) {
			size_t vl = len - tl - 1;

			while (vl > 0 && colon[vl] == ' ')
				vl--;
			if (vl == 0 || vl >= n)
				return false;
			memcpy(out, colon + 1, vl);
			out[vl] = '\0';
			return true;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

bool
check_supervisor_units_valid(const char *value)
{
	const char *p = value;

	if (value == NULL || *value == '\0')
		return false;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *colon = memchr(p, ':', len);
		char type[32];
		size_t tl;

		while (len > 0 && *p == ' ')
			p++, len--;
		if (colon == NULL || (tl = (size_t)(colon - p)) == 0 || tl >= sizeof(type) ||
		    (size_t)(colon - p) + 1 >= len)
			return false;
		memcpy(type, p, tl);
		type[tl] = '\0';
		if (!check_institution_type(facility_type_parse(type)))
			return false;
		p += len;
		if (*p == ',' && *++p == '\0')
			return false;
	}
	return true;
}

size_t
check_person_join(const char *id, const char *name, char *out, size_t n)
{
	size_t il = strlen(id), nl = strlen(name);

	if (il + 1 + nl + 1 > n || memchr(name, '\t', nl))
		return 0;
	memcpy(out, id, il);
	out[il] = '\t';
	memcpy(out + il + 1, name, nl + 1);
	return il + 1 + nl;
}

bool
check_person_split(const char *plain, size_t len, char id[IDNUMBER_SIZE], char *name,
		   size_t name_size)
{
	const char *tab = memchr(plain, '\t', len);
	size_t il, nl;

	if (tab == NULL || (il = (size_t)(tab - plain)) != IDNUMBER_LEN)
		return false;
	nl = len - il - 1;
	if (nl + 1 > name_size)
		return false;
	memcpy(id, plain, il);
	id[il] = '\0';
	memcpy(name, tab + 1, nl);
	name[nl] = '\0';
	return true;
}
