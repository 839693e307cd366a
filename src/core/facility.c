#include "core/facility.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/division.h"
#include "core/sheet.h"

static const char *const station_status[] = { "运行", "筹建", "撤销", NULL };
static const char *const home_kind[] = { "基础型", "示范型", NULL };
static const char *const home_level[] = { "县级", "嘉兴市级", "省级", NULL };
static const char *const ownership[] = { "公办", "民办", NULL };
static const char *const institution_status[] = { "运行", "停办", NULL };
static const char *const stages[] = { "幼儿园", "小学", "初中", "九年一贯制", "完全中学",
				      "高中", "中职", "特殊教育", NULL };

#define NOTE { "备注", FCOL_NOTE, FV_TEXT, NULL, false, true }

static const struct facility_field station[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "镇街代码", FCOL_DIVISION, FV_TOWN, NULL, true, false },
	{ "成立日期", FCOL_OPENED_ON, FV_DATE, NULL, true, false },
	{ "状态", FCOL_STATUS, FV_LIST, station_status, true, false },
	NOTE,
};
static const struct facility_field rescue[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "成立日期", FCOL_OPENED_ON, FV_DATE, NULL, true, false },
	{ "实体化运行", FCOL_ENTITY, FV_YESNO, NULL, true, false },
	NOTE,
};
static const struct facility_field children_home[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "村社区代码", FCOL_DIVISION, FV_VILLAGE, NULL, true, false },
	{ "类型", FCOL_KIND, FV_LIST, home_kind, true, false },
	{ "命名级别", FCOL_LEVEL, FV_LIST, home_level, false, false },
	{ "命名日期", FCOL_NAMED_ON, FV_DATE, NULL, false, false },
	NOTE,
};
static const struct facility_field post[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_TOWN_OR_VILLAGE, NULL, true, false },
	{ "建成日期", FCOL_OPENED_ON, FV_DATE, NULL, true, false },
	NOTE,
};
static const struct facility_field childcare[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "托位数", FCOL_PLACES, FV_COUNT, NULL, true, false },
	{ "性质", FCOL_OWNERSHIP, FV_LIST, ownership, true, false },
	{ "普惠", FCOL_INCLUSIVE, FV_YESNO, NULL, true, false },
	{ "备案日期", FCOL_OPENED_ON, FV_DATE, NULL, true, false },
	NOTE,
};
static const struct facility_field rehab[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "协议开始日期", FCOL_AGREEMENT_FROM, FV_DATE, NULL, false, false },
	{ "协议结束日期", FCOL_AGREEMENT_TO, FV_DATE, NULL, false, false },
	NOTE,
};
static const struct facility_field school[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "学段", FCOL_STAGE, FV_LIST, stages, true, false },
	{ "智安校园建成日期", FCOL_SMART_ON, FV_DATE, NULL, false, false },
	NOTE,
};
static const struct facility_field org[] = {
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "统一社会信用代码", FCOL_CREDIT_CODE, FV_CREDIT_CODE, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "服务领域", FCOL_FIELD, FV_TEXT, NULL, true, false },
	NOTE,
};
static const struct facility_field project[] = {
	{ "项目名称", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "承接组织", FCOL_CONTRACTOR, FV_TEXT, NULL, true, false },
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false },
	{ "金额(元)", FCOL_AMOUNT, FV_MONEY, NULL, true, false },
	{ "开始日期", FCOL_STARTS_ON, FV_DATE, NULL, true, false },
	{ "结束日期", FCOL_ENDS_ON, FV_DATE, NULL, true, false },
	NOTE,
};
static const struct facility_field supervisor[] = {
	{ "姓名", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "镇街代码", FCOL_DIVISION, FV_TOWN, NULL, true, false },
	{ "手机", FCOL_PHONE, FV_PHONE, NULL, true, false },
	{ "任职日期", FCOL_APPOINTED_ON, FV_DATE, NULL, true, false },
	NOTE,
};
static const struct facility_field director[] = {
	{ "姓名", FCOL_NAME, FV_TEXT, NULL, true, false },
	{ "村社区代码", FCOL_DIVISION, FV_VILLAGE, NULL, true, false },
	{ "手机", FCOL_PHONE, FV_PHONE, NULL, true, false },
	{ "任职日期", FCOL_APPOINTED_ON, FV_DATE, NULL, true, false },
	NOTE,
};

/* The institutions only background checks (入职查询) need: hospitals,
 * out-of-school training and child welfare institutions. */
#define INSTITUTION_FIELDS { \
	{ "名称", FCOL_NAME, FV_TEXT, NULL, true, false }, \
	{ "区划代码", FCOL_DIVISION, FV_DIVISION, NULL, true, false }, \
	{ "状态", FCOL_STATUS, FV_LIST, institution_status, false, false }, \
	{ "联系电话", FCOL_PHONE, FV_PHONE, NULL, false, false }, \
	NOTE, \
}
static const struct facility_field hospital[] = INSTITUTION_FIELDS;
static const struct facility_field training[] = INSTITUTION_FIELDS;
static const struct facility_field welfare[] = INSTITUTION_FIELDS;

#define SPEC(code, title, f) { code, title, sizeof(f) / sizeof(f[0]), f }

static const struct facility_spec specs[FACILITY_TYPE__MAX] = {
	[FACILITY_STATION] = SPEC("station", "未保站", station),
	[FACILITY_RESCUE] = SPEC("rescue", "未成年人救助保护机构", rescue),
	[FACILITY_CHILDREN_HOME] = SPEC("children_home", "儿童之家", children_home),
	[FACILITY_POST] = SPEC("post", "妇女儿童驿站", post),
	[FACILITY_CHILDCARE] = SPEC("childcare", "托育机构", childcare),
	[FACILITY_REHAB] = SPEC("rehab", "残疾儿童定点康复机构", rehab),
	[FACILITY_SCHOOL] = SPEC("school", "学校", school),
	[FACILITY_ORG] = SPEC("org", "社会组织", org),
	[FACILITY_PROJECT] = SPEC("project", "政府购买服务项目", project),
	[FACILITY_SUPERVISOR] = SPEC("supervisor", "儿童督导员", supervisor),
	[FACILITY_DIRECTOR] = SPEC("director", "儿童主任", director),
	[FACILITY_HOSPITAL] = SPEC("hospital", "医院", hospital),
	[FACILITY_TRAINING] = SPEC("training", "校外培训机构", training),
	[FACILITY_WELFARE] = SPEC("welfare", "儿童福利机构", welfare),
};

const char *const facility_type_codes[FACILITY_TYPE__MAX + 1] = {
	"station", "rescue", "children_home", "post", "childcare", "rehab", "school", "org",
	"project", "supervisor", "director", "hospital", "training", "welfare", NULL,
};

static const char *const col_names[FCOL__MAX] = {
	[FCOL_NAME] = "name", [FCOL_DIVISION] = "division_code", [FCOL_STATUS] = "status",
	[FCOL_OPENED_ON] = "opened_on", [FCOL_ENTITY] = "entity", [FCOL_KIND] = "kind",
	[FCOL_LEVEL] = "level", [FCOL_NAMED_ON] = "named_on", [FCOL_PLACES] = "places",
	[FCOL_OWNERSHIP] = "ownership", [FCOL_INCLUSIVE] = "inclusive",
	[FCOL_AGREEMENT_FROM] = "agreement_from", [FCOL_AGREEMENT_TO] = "agreement_to",
	[FCOL_STAGE] = "stage", [FCOL_SMART_ON] = "smart_on", [FCOL_CREDIT_CODE] = "credit_code",
	[FCOL_FIELD] = "field", [FCOL_CONTRACTOR] = "contractor", [FCOL_AMOUNT] = "amount",
	[FCOL_STARTS_ON] = "starts_on", [FCOL_ENDS_ON] = "ends_on", [FCOL_PHONE] = "phone",
	[FCOL_APPOINTED_ON] = "appointed_on", [FCOL_NOTE] = "note",
};

const struct facility_spec *
facility_spec(enum facility_type t)
{
	return (unsigned)t < FACILITY_TYPE__MAX ? &specs[t] : NULL;
}

enum facility_type
facility_type_parse(const char *code)
{
	for (int t = 0; code && t < FACILITY_TYPE__MAX; t++)
		if (strcmp(code, specs[t].code) == 0)
			return (enum facility_type)t;
	return FACILITY_TYPE__MAX;
}

const char *
facility_col_name(enum facility_col c)
{
	return (unsigned)c < FCOL__MAX ? col_names[c] : "";
}

bool
facility_col_is_int(enum facility_col c)
{
	return c == FCOL_PLACES || c == FCOL_AMOUNT;
}

const struct facility_field *
facility_field_of(const struct facility_spec *s, enum facility_col c)
{
	for (size_t i = 0; s && i < s->nfields; i++)
		if (s->fields[i].col == c)
			return &s->fields[i];
	return NULL;
}

static void
report(facility_problem_fn fn, void *arg, const char *header, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report(facility_problem_fn fn, void *arg, const char *header, const char *fmt, ...)
{
	struct facility_problem p = { .header = header ? header : "" };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p.reason, sizeof(p.reason), fmt, ap);
	va_end(ap);
	if (fn)
		fn(&p, arg);
}

/* NFKC-normalised and trimmed s into out (core/sheet.h). */
static void
normalise(const char *s, char *out, size_t n)
{
	sheet_normalise(s, out, n);
}

/* Passes a header problem of sheet_map_header on as a facility problem. */
struct header_sink {
	facility_problem_fn fn;
	void *arg;
};

static void
header_problem(const char *header, const char *reason, void *arg)
{
	struct header_sink *k = arg;
	struct facility_problem p = { .header = header };

	snprintf(p.reason, sizeof(p.reason), "%s", reason);
	if (k->fn)
		k->fn(&p, k->arg);
}

int
facility_map_header(const struct facility_spec *s, const char *const *headers, size_t n,
		    int *map, facility_problem_fn fn, void *arg)
{
	const char *known[FCOL__MAX];
	bool optional[FCOL__MAX];
	struct header_sink sink = { fn, arg };

	for (size_t f = 0; f < s->nfields && f < FCOL__MAX; f++) {
		known[f] = s->fields[f].header;
		optional[f] = s->fields[f].optional_header;
	}
	return sheet_map_header(known, optional, s->nfields < FCOL__MAX ? s->nfields : FCOL__MAX,
				s->title, headers, n, map, header_problem, &sink);
}

bool
facility_parse_date(const char *s, char out[11])
{
	return sheet_parse_date(s, out);
}

static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool
facility_credit_code_valid(const char *s)
{
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10,
					 30, 28 };
	int sum = 0, check;

	if (s == NULL || strlen(s) != 18)
		return false;
	for (int i = 0; i < 18; i++) {
		const char *c = s[i] ? strchr(credit_chars, s[i]) : NULL;
		if (c == NULL)
			return false;
		if (i < 17)
			sum += (int)(c - credit_chars) * weights[i];
	}
	check = (31 - sum % 31) % 31;
	return s[17] == credit_chars[check];
}

void
facility_town_of(const char *division, char out[10])
{
	enum division_level l = division_level_of(division);

	out[0] = '\0';
	if (l == DIVISION_TOWN || l == DIVISION_VILLAGE)
		snprintf(out, 10, "%.9s", division);
}

static const char *
kind_hint(enum facility_value_kind k)
{
	switch (k) {
	case FV_TOWN:
		return "应为 9 位镇（街道）代码";
	case FV_VILLAGE:
		return "应为 12 位村（社区）代码";
	case FV_TOWN_OR_VILLAGE:
		return "应为 9 位镇（街道）或 12 位村（社区）代码";
	default:
		return "应为 6 位县（市）、9 位镇（街道）或 12 位村（社区）代码";
	}
}

/* Checks one value v (normalised) of field f; writes its canonical form to
 * out; returns the number of problems reported. */
static int
check_value(const struct facility_field *f, const char *v, char *out, size_t n,
	    facility_problem_fn fn, void *arg)
{
	enum division_level l;
	long long num;
	int64_t fen;
	char *end;

	out[0] = '\0';
	if (v[0] == '\0') {
		if (f->required) {
			report(fn, arg, f->header, "「%s」不能为空", f->header);
			return 1;
		}
		return 0;
	}
	switch (f->kind) {
	case FV_TEXT:
		if (strlen(v) >= n) {
			report(fn, arg, f->header, "「%s」太长", f->header);
			return 1;
		}
		snprintf(out, n, "%s", v);
		return 0;
	case FV_TOWN:
	case FV_VILLAGE:
	case FV_TOWN_OR_VILLAGE:
	case FV_DIVISION:
		l = division_level_of(v);
		if ((f->kind == FV_TOWN && l != DIVISION_TOWN) ||
		    (f->kind == FV_VILLAGE && l != DIVISION_VILLAGE) ||
		    (f->kind == FV_TOWN_OR_VILLAGE && l != DIVISION_TOWN && l != DIVISION_VILLAGE) ||
		    l == DIVISION_INVALID) {
			report(fn, arg, f->header, "「%s」%.40s %s", f->header, v, kind_hint(f->kind));
			return 1;
		}
		snprintf(out, n, "%s", v);
		return 0;
	case FV_DATE:
		if (n < 11 || !sheet_parse_date(v, out)) {
			report(fn, arg, f->header, "「%s」%.40s 不是有效日期（应为 YYYY-MM-DD）",
			       f->header, v);
			return 1;
		}
		return 0;
	case FV_LIST:
		for (const char *const *x = f->values; *x; x++)
			if (strcmp(v, *x) == 0) {
				snprintf(out, n, "%s", v);
				return 0;
			}
		{
			char allowed[FACILITY_REASON_MAX] = "";
			for (const char *const *x = f->values; *x; x++)
				snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed),
					 "%s%s", x == f->values ? "" : "/", *x);
			report(fn, arg, f->header, "「%s」%.40s 不在可选值中（%s）", f->header, v,
			       allowed);
		}
		return 1;
	case FV_YESNO:
		if (strcmp(v, "是") == 0 || strcmp(v, "否") == 0) {
			snprintf(out, n, "%s", v);
			return 0;
		}
		report(fn, arg, f->header, "「%s」%.40s 应为“是”或“否”", f->header, v);
		return 1;
	case FV_COUNT:
		num = strtoll(v, &end, 10);
		if (*end != '\0' || v[0] < '0' || v[0] > '9' || num < 0 || num > 1000000000) {
			report(fn, arg, f->header, "「%s」%.40s 应为不小于 0 的整数", f->header, v);
			return 1;
		}
		snprintf(out, n, "%lld", num);
		return 0;
	case FV_MONEY:
		if (!sheet_parse_money(v, &fen)) {
			report(fn, arg, f->header, "「%s」%.40s 应为金额（元，最多两位小数）", f->header,
			       v);
			return 1;
		}
		snprintf(out, n, "%lld", (long long)fen);
		return 0;
	case FV_PHONE:
		if (!sheet_mobile_valid(v)) {
			report(fn, arg, f->header, "「%s」应为 11 位手机号码", f->header);
			return 1;
		}
		snprintf(out, n, "%s", v);
		return 0;
	case FV_CREDIT_CODE:
		if (!facility_credit_code_valid(v)) {
			report(fn, arg, f->header, "「%s」%.40s 不是有效的统一社会信用代码（校验位不符）",
			       f->header, v);
			return 1;
		}
		snprintf(out, n, "%s", v);
		return 0;
	}
	return 0;
}

/* True when raw value s is empty after normalising. */
static bool
blank(const char *s)
{
	char v[FACILITY_VALUE_MAX];

	normalise(s, v, sizeof(v));
	return v[0] == '\0';
}

int
facility_validate(const struct facility_spec *s, const char *const in[FCOL__MAX],
		  char out[FCOL__MAX][FACILITY_VALUE_MAX], facility_problem_fn fn, void *arg)
{
	const struct facility_field *a, *b;
	int problems = 0;

	for (int c = 0; c < FCOL__MAX; c++)
		out[c][0] = '\0';
	for (size_t i = 0; i < s->nfields; i++) {
		const struct facility_field *f = &s->fields[i];
		char v[FACILITY_VALUE_MAX];
		normalise(in[f->col], v, sizeof(v));
		if (f->kind == FV_CREDIT_CODE)
			for (char *p = v; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
		problems += check_value(f, v, out[f->col], FACILITY_VALUE_MAX, fn, arg);
	}
	/* rules between fields */
	a = facility_field_of(s, FCOL_AGREEMENT_FROM);
	b = facility_field_of(s, FCOL_AGREEMENT_TO);
	if (a && b && out[FCOL_AGREEMENT_TO][0] && blank(in[FCOL_AGREEMENT_FROM])) {
		report(fn, arg, a->header, "有「%s」时「%s」不能为空", b->header, a->header);
		problems++;
	}
	if (a && b && out[FCOL_AGREEMENT_FROM][0] && out[FCOL_AGREEMENT_TO][0] &&
	    strcmp(out[FCOL_AGREEMENT_TO], out[FCOL_AGREEMENT_FROM]) < 0) {
		report(fn, arg, b->header, "「%s」早于「%s」", b->header, a->header);
		problems++;
	}
	a = facility_field_of(s, FCOL_STARTS_ON);
	b = facility_field_of(s, FCOL_ENDS_ON);
	if (a && b && out[FCOL_STARTS_ON][0] && out[FCOL_ENDS_ON][0] &&
	    strcmp(out[FCOL_ENDS_ON], out[FCOL_STARTS_ON]) < 0) {
		report(fn, arg, b->header, "「%s」早于「%s」", b->header, a->header);
		problems++;
	}
	a = facility_field_of(s, FCOL_LEVEL);
	b = facility_field_of(s, FCOL_NAMED_ON);
	if (a && b && out[FCOL_LEVEL][0] && blank(in[FCOL_NAMED_ON])) {
		report(fn, arg, b->header, "有「%s」时「%s」不能为空", a->header, b->header);
		problems++;
	}
	return problems;
}

void
facility_format(const struct facility_field *f, const char *v, char *out, size_t n)
{
	if (f && f->kind == FV_MONEY && v && v[0]) {
		sheet_format_money(strtoll(v, NULL, 10), out, n);
		return;
	}
	snprintf(out, n, "%s", v ? v : "");
}
