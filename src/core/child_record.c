#include "core/child_record.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/division.h"
#include "util/text.h"

const char *const child_headers[CC__MAX] = {
	[CC_NAME] = "姓名",
	[CC_ID_NUMBER] = "身份证号",
	[CC_VILLAGE] = "村社区代码",
	[CC_PLACEMENT] = "安置方式",
	[CC_DISABILITY] = "残疾类别",
	[CC_DISABILITY_GRADE] = "残疾等级",
	[CC_ECONOMY] = "家庭经济",
	[CC_GUARDIAN_NAME] = "监护人姓名",
	[CC_GUARDIAN_RELATION] = "监护人关系",
	[CC_GUARDIAN_PHONE] = "监护人手机",
	[CC_FATHER_STATUS] = "父亲状况",
	[CC_FATHER_DISABILITY] = "父亲残疾类别",
	[CC_FATHER_GRADE] = "父亲残疾等级",
	[CC_FATHER_START] = "父亲状况开始日期",
	[CC_FATHER_END] = "父亲状况结束日期",
	[CC_MOTHER_STATUS] = "母亲状况",
	[CC_MOTHER_DISABILITY] = "母亲残疾类别",
	[CC_MOTHER_GRADE] = "母亲残疾等级",
	[CC_MOTHER_START] = "母亲状况开始日期",
	[CC_MOTHER_END] = "母亲状况结束日期",
	[CC_HOUSEHOLD] = "户籍类型",
	[CC_SCHOOL] = "就读学校",
	[CC_ADDRESS] = "家庭住址",
	[CC_SEX] = "性别",
	[CC_BIRTH_DATE] = "出生日期",
	[CC_FATHER_EVIDENCE] = "父亲状况证明",
	[CC_MOTHER_EVIDENCE] = "母亲状况证明",
};

const bool child_header_optional[CC__MAX] = {
	[CC_HOUSEHOLD] = true, [CC_SCHOOL] = true, [CC_ADDRESS] = true, [CC_SEX] = true,
	[CC_BIRTH_DATE] = true, [CC_FATHER_EVIDENCE] = true, [CC_MOTHER_EVIDENCE] = true,
};

/* The problems of one row, counted. */
struct checker {
	sheet_header_fn fn;
	void *arg;
	int problems;
};

static void
problem(struct checker *k, enum child_col c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
problem(struct checker *k, enum child_col c, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	text_utf8_scrub(reason);   /* a %.40s may have cut a character */
	k->problems++;
	if (k->fn)
		k->fn(child_headers[c], reason, k->arg);
}

/* Copies v into out[n], cut to fit (callers have checked it fits). */
static void
copy(char *out, size_t n, const char *v)
{
	size_t len = strlen(v);

	if (len >= n)
		len = n - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

/* Normalised text of column c into out; false when it is empty. */
static bool
cell(const char *const in[CC__MAX], enum child_col c, char *out, size_t n)
{
	sheet_normalise(in[c], out, n);
	return out[0] != '\0';
}

/* Copies column c into out, refusing text longer than max characters
 * (counted as UTF-8 lead bytes). */
static void
text(struct checker *k, const char *const in[CC__MAX], enum child_col c, char *out, size_t n,
     size_t max)
{
	char v[2048];
	size_t chars = 0;

	out[0] = '\0';
	if (!cell(in, c, v, sizeof(v)))
		return;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars > max || strlen(v) >= n) {
		problem(k, c, "「%s」超过 %zu 个字", child_headers[c], max);
		return;
	}
	copy(out, n, v);
}

int
child_grade_parse(const char *s)
{
	static const char *const forms[][3] = {
		{ "1", "1级", "一级" }, { "2", "2级", "二级" }, { "3", "3级", "三级" }, { "4", "4级", "四级" },
	};

	for (int g = 0; s && g < 4; g++)
		for (int f = 0; f < 3; f++)
			if (strcmp(s, forms[g][f]) == 0)
				return g + 1;
	return 0;
}

/* A disability kind and grade from columns ck and cg (both or neither). */
static void
disability(struct checker *k, const char *const in[CC__MAX], enum child_col ck, enum child_col cg,
	   enum disability_kind *kind, int *grade)
{
	char kv[64], gv[64];
	bool has_k = cell(in, ck, kv, sizeof(kv)), has_g = cell(in, cg, gv, sizeof(gv));

	*kind = DISABILITY_NONE;
	*grade = 0;
	if (!has_k && !has_g)
		return;
	if (!has_k) {
		problem(k, ck, "填写了「%s」，还需填写「%s」", child_headers[cg], child_headers[ck]);
		return;
	}
	*kind = disability_kind_parse(kv);
	if (*kind == DISABILITY__MAX || *kind == DISABILITY_NONE) {
		problem(k, ck, "「%s」%.40s 应为视力、听力、言语、肢体、智力、精神或多重",
			child_headers[ck], kv);
		*kind = DISABILITY_NONE;
		return;
	}
	if (!has_g) {
		problem(k, cg, "填写了「%s」，还需填写「%s」（一级至四级）", child_headers[ck],
			child_headers[cg]);
		return;
	}
	*grade = child_grade_parse(gv);
	if (*grade == 0)
		problem(k, cg, "「%s」%.40s 应为一级、二级、三级或四级", child_headers[cg], gv);
}

/* A date of column c into *d; false (reported) when not a date. */
static bool
date_cell(struct checker *k, const char *const in[CC__MAX], enum child_col c, struct id_date *d,
	  bool *given)
{
	char v[64], iso[11];

	*given = cell(in, c, v, sizeof(v));
	if (!*given)
		return true;
	if (!sheet_parse_date(v, iso)) {
		problem(k, c, "「%s」%.40s 不是有效日期（应为 YYYY-MM-DD）", child_headers[c], v);
		return false;
	}
	sscanf(iso, "%d-%d-%d", &d->year, &d->month, &d->day);
	return true;
}

/* One parent's columns: status, disability, start, end, evidence. */
static void
parent(struct checker *k, const char *const in[CC__MAX], const enum child_col cols[6],
       struct id_date today, struct child_parent_input *out)
{
	char sv[64];
	bool has_start = false, has_end = false, ok_start, ok_end;
	struct parent_period *p = &out->period;

	memset(out, 0, sizeof(*out));
	disability(k, in, cols[1], cols[2], &p->disability, &p->grade);
	ok_start = date_cell(k, in, cols[3], &p->start, &has_start);
	ok_end = date_cell(k, in, cols[4], &p->end, &has_end);
	text(k, in, cols[5], out->evidence, sizeof(out->evidence), 80);
	if (!cell(in, cols[0], sv, sizeof(sv))) {
		if (has_start || has_end || p->disability != DISABILITY_NONE)
			problem(k, cols[0], "填写了日期或残疾情况，还需填写「%s」",
				child_headers[cols[0]]);
		return;
	}
	p->status = parent_status_parse(sv);
	if (p->status == PARENT_STATUS__MAX) {
		problem(k, cols[0], "「%s」%.40s 不在可选范围内（正常、死亡、宣告死亡、宣告失踪、"
			"查找不到、残疾、重病、服刑在押、强制隔离戒毒、其他限制人身自由、失联、"
			"被撤销监护资格、被遣送出境、外出务工）", child_headers[cols[0]], sv);
		return;
	}
	if (p->status == PARENT_DISABLED && p->disability == DISABILITY_NONE &&
	    !cell(in, cols[1], sv, sizeof(sv)))
		problem(k, cols[1], "状况为残疾时须填写「%s」和「%s」", child_headers[cols[1]],
			child_headers[cols[2]]);
	if (p->status != PARENT_DISABLED && p->disability != DISABILITY_NONE)
		problem(k, cols[1], "状况不是残疾时「%s」应为空", child_headers[cols[1]]);
	if (!has_start && p->status != PARENT_NORMAL && ok_start)
		problem(k, cols[3], "状况为%s时须填写「%s」", parent_status_name(p->status),
			child_headers[cols[3]]);
	if (has_start && ok_start && id_date_compare(p->start, today) > 0)
		problem(k, cols[3], "「%s」不能晚于今天", child_headers[cols[3]]);
	if (has_end && ok_end && has_start && ok_start && id_date_compare(p->end, p->start) < 0)
		problem(k, cols[4], "「%s」早于开始日期", child_headers[cols[4]]);
	p->ended = has_end && ok_end;
	if (!has_start)
		p->start = (struct id_date){ 1900, 1, 1 };   /* 正常 without a date: always */
	out->present = true;
}

/* The ID number, or the temporary registration's birth date and sex. */
static void
identity(struct checker *k, const char *const in[CC__MAX], struct id_date today,
	 struct child_record *out)
{
	char v[64], sex[16];
	bool has_birth = false;
	struct id_date birth = { 0, 0, 0 };
	struct wb_err err = { 0 };
	bool has_sex = cell(in, CC_SEX, sex, sizeof(sex));

	date_cell(k, in, CC_BIRTH_DATE, &birth, &has_birth);
	if (has_sex && strcmp(sex, "男") != 0 && strcmp(sex, "女") != 0)
		problem(k, CC_SEX, "「性别」%.20s 应为男或女", sex);
	if (cell(in, CC_ID_NUMBER, v, sizeof(v))) {
		if (idnumber_normalise(v, out->id_number, &err) != WB_OK ||
		    idnumber_validate(out->id_number, today, &err) != WB_OK) {
			problem(k, CC_ID_NUMBER, "%s", err.msg);
			out->id_number[0] = '\0';
			return;
		}
		idnumber_birth_date(out->id_number, &out->birth);
		out->birth_known = true;
		snprintf(out->sex, sizeof(out->sex), "%s",
			 idnumber_sex(out->id_number) == ID_SEX_MALE ? "男" : "女");
		if (has_birth && id_date_compare(birth, out->birth) != 0)
			problem(k, CC_BIRTH_DATE, "「出生日期」与身份证号不符");
		if (has_sex && strcmp(sex, out->sex) != 0)
			problem(k, CC_SEX, "「性别」与身份证号不符");
	} else {
		out->birth_known = has_birth && birth.year != 0;
		out->birth = birth;
		if (has_sex && (strcmp(sex, "男") == 0 || strcmp(sex, "女") == 0))
			copy(out->sex, sizeof(out->sex), sex);
	}
	if (out->birth_known && id_date_compare(out->birth, today) > 0)
		problem(k, CC_BIRTH_DATE, "出生日期晚于今天");
	else if (out->birth_known && id_date_age(out->birth, today) >= 18)
		problem(k, out->id_number[0] ? CC_ID_NUMBER : CC_BIRTH_DATE,
			"已满 18 周岁（%d 岁），不属于未成年人", id_date_age(out->birth, today));
}

int
child_record_validate(const char *const in[CC__MAX], struct id_date today,
		      struct child_record *out, sheet_header_fn fn, void *arg)
{
	static const enum child_col father_cols[6] = { CC_FATHER_STATUS, CC_FATHER_DISABILITY,
						       CC_FATHER_GRADE, CC_FATHER_START,
						       CC_FATHER_END, CC_FATHER_EVIDENCE };
	static const enum child_col mother_cols[6] = { CC_MOTHER_STATUS, CC_MOTHER_DISABILITY,
						       CC_MOTHER_GRADE, CC_MOTHER_START,
						       CC_MOTHER_END, CC_MOTHER_EVIDENCE };
	struct checker k = { fn, arg, 0 };
	char v[256];

	memset(out, 0, sizeof(*out));
	text(&k, in, CC_NAME, out->name, sizeof(out->name), 50);
	if (out->name[0] == '\0' && k.problems == 0)
		problem(&k, CC_NAME, "「姓名」不能为空");
	identity(&k, in, today, out);
	if (!cell(in, CC_VILLAGE, v, sizeof(v)))
		problem(&k, CC_VILLAGE, "「村社区代码」不能为空");
	else if (division_level_of(v) != DIVISION_VILLAGE)
		problem(&k, CC_VILLAGE, "「村社区代码」%.40s 应为 12 位村（社区）代码", v);
	else
		copy(out->village, sizeof(out->village), v);
	out->placement = PLACEMENT__MAX;
	if (!cell(in, CC_PLACEMENT, v, sizeof(v)))
		problem(&k, CC_PLACEMENT, "「安置方式」不能为空");
	else if ((out->placement = placement_parse(v)) == PLACEMENT__MAX)
		problem(&k, CC_PLACEMENT, "「安置方式」%.40s 应为家庭、亲属抚养、机构集中养育或家庭寄养", v);
	disability(&k, in, CC_DISABILITY, CC_DISABILITY_GRADE, &out->disability,
		   &out->disability_grade);
	cell(in, CC_ECONOMY, v, sizeof(v));
	out->economy = family_economy_parse(v);
	if (out->economy == ECONOMY__MAX) {
		problem(&k, CC_ECONOMY, "「家庭经济」%.40s 应为低保、低边、特困或空", v);
		out->economy = ECONOMY_NONE;
	}
	text(&k, in, CC_GUARDIAN_NAME, out->guardian_name, sizeof(out->guardian_name), 50);
	text(&k, in, CC_GUARDIAN_RELATION, out->guardian_relation, sizeof(out->guardian_relation), 10);
	if (out->guardian_name[0] && !out->guardian_relation[0])
		problem(&k, CC_GUARDIAN_RELATION, "填写了监护人姓名，还需填写「监护人关系」");
	if (!out->guardian_name[0] && out->guardian_relation[0])
		problem(&k, CC_GUARDIAN_NAME, "填写了监护人关系，还需填写「监护人姓名」");
	if (cell(in, CC_GUARDIAN_PHONE, v, sizeof(v))) {
		if (!sheet_mobile_valid(v))
			problem(&k, CC_GUARDIAN_PHONE, "「监护人手机」应为 11 位手机号码");
		else
			copy(out->guardian_phone, sizeof(out->guardian_phone), v);
	}
	parent(&k, in, father_cols, today, &out->father);
	parent(&k, in, mother_cols, today, &out->mother);
	if (cell(in, CC_HOUSEHOLD, v, sizeof(v))) {
		if (strcmp(v, "农业") != 0 && strcmp(v, "非农业") != 0)
			problem(&k, CC_HOUSEHOLD, "「户籍类型」%.40s 应为农业或非农业", v);
		else
			copy(out->household, sizeof(out->household), v);
	}
	text(&k, in, CC_SCHOOL, out->school, sizeof(out->school), 60);
	text(&k, in, CC_ADDRESS, out->address, sizeof(out->address), 200);
	return k.problems;
}

bool
child_bank_account_parse(const char *in, char out[33])
{
	char v[256];
	size_t n = 0;

	out[0] = '\0';
	sheet_normalise(in, v, sizeof(v));
	for (const char *p = v; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n >= 32)
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n >= 6;
}
