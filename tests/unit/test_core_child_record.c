/* core/child_record: one row of the children's template checked — a good
 * row with its canonical values, a temporary registration, and every kind
 * of problem named with its column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/child_record.h"

static const struct id_date today = { 2022, 6, 1 };

struct problems {
	char text[2048];
	int n;
};

static void
note(const char *header, const char *reason, void *arg)
{
	struct problems *p = arg;
	size_t len = strlen(p->text);

	snprintf(p->text + len, sizeof(p->text) - len, "%s|%s;", header, reason);
	p->n++;
}

/* A good row: a boy born 2012-05-20 (valid check character), father in
 * prison, mother dead. */
static void
good_row(const char *in[CC__MAX], char *id)
{
	struct wb_err err = { 0 };

	assert_int_equal(idnumber_generate("330483", (struct id_date){ 2012, 5, 20 }, 123, id, &err),
			 WB_OK);
	memset(in, 0, sizeof(const char *) * CC__MAX);
	in[CC_NAME] = " 张小明 ";
	in[CC_ID_NUMBER] = id;
	in[CC_VILLAGE] = "330483001201";
	in[CC_PLACEMENT] = "亲属抚养";
	in[CC_DISABILITY] = "听力";
	in[CC_DISABILITY_GRADE] = "三级";
	in[CC_ECONOMY] = "低保";
	in[CC_GUARDIAN_NAME] = "张大山";
	in[CC_GUARDIAN_RELATION] = "祖父";
	in[CC_GUARDIAN_PHONE] = "13800138000";
	in[CC_FATHER_STATUS] = "服刑在押";
	in[CC_FATHER_START] = "2020/1/1";
	in[CC_FATHER_END] = "2024-12-31";
	in[CC_MOTHER_STATUS] = "死亡";
	in[CC_MOTHER_START] = "2019-03-02";
	in[CC_HOUSEHOLD] = "农业";
}

static void
test_good_row(void **state)
{
	const char *in[CC__MAX];
	char id[IDNUMBER_SIZE];
	struct child_record r;
	struct problems p = { "", 0 };

	(void)state;
	good_row(in, id);
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 0);
	assert_string_equal(p.text, "");
	assert_string_equal(r.name, "张小明");
	assert_string_equal(r.id_number, id);
	assert_true(r.birth_known);
	assert_int_equal(r.birth.year, 2012);
	assert_string_equal(r.sex, "男");   /* sequence 123 is odd */
	assert_string_equal(r.village, "330483001201");
	assert_int_equal(r.placement, PLACEMENT_RELATIVE);
	assert_int_equal(r.disability, DISABILITY_HEARING);
	assert_int_equal(r.disability_grade, 3);
	assert_int_equal(r.economy, ECONOMY_DIBAO);
	assert_string_equal(r.guardian_phone, "13800138000");
	assert_true(r.father.present);
	assert_int_equal(r.father.period.status, PARENT_IMPRISONED);
	assert_true(r.father.period.ended);
	assert_int_equal(r.father.period.start.month, 1);
	assert_true(r.mother.present);
	assert_false(r.mother.period.ended);
	assert_string_equal(r.household, "农业");
}

static void
test_temporary_number(void **state)
{
	const char *in[CC__MAX];
	char id[IDNUMBER_SIZE];
	struct child_record r;
	struct problems p = { "", 0 };

	(void)state;
	good_row(in, id);
	in[CC_ID_NUMBER] = "";
	in[CC_BIRTH_DATE] = "2021-10-01";
	in[CC_SEX] = "女";
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 0);
	assert_string_equal(r.id_number, "");
	assert_true(r.birth_known);
	assert_string_equal(r.sex, "女");
	in[CC_BIRTH_DATE] = NULL;
	in[CC_SEX] = NULL;
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 0);
	assert_false(r.birth_known);
}

static void
test_every_problem_named(void **state)
{
	const char *in[CC__MAX];
	char id[IDNUMBER_SIZE];
	struct child_record r;
	struct problems p = { "", 0 };

	(void)state;
	good_row(in, id);
	in[CC_NAME] = "";
	in[CC_ID_NUMBER] = "330483201205201234";   /* wrong check character */
	in[CC_VILLAGE] = "330483001";
	in[CC_PLACEMENT] = "寄宿";
	in[CC_DISABILITY_GRADE] = "五级";
	in[CC_ECONOMY] = "低收入";
	in[CC_GUARDIAN_RELATION] = "";
	in[CC_GUARDIAN_PHONE] = "0573-88888888";
	in[CC_FATHER_STATUS] = "离异";
	in[CC_MOTHER_STATUS] = "残疾";
	in[CC_MOTHER_START] = "2023-01-01";
	in[CC_MOTHER_END] = "2020-01-01";
	in[CC_HOUSEHOLD] = "城镇";
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 13);
	assert_non_null(strstr(p.text, "姓名|「姓名」不能为空;"));
	assert_non_null(strstr(p.text, "身份证号|身份证号"));
	assert_non_null(strstr(p.text, "村社区代码|「村社区代码」330483001 应为 12 位村（社区）代码;"));
	assert_non_null(strstr(p.text, "安置方式|「安置方式」寄宿 应为"));
	assert_non_null(strstr(p.text, "残疾等级|「残疾等级」五级 应为一级、二级、三级或四级;"));
	assert_non_null(strstr(p.text, "家庭经济|「家庭经济」低收入 应为"));
	assert_non_null(strstr(p.text, "监护人关系|填写了监护人姓名，还需填写「监护人关系」;"));
	assert_non_null(strstr(p.text, "监护人手机|「监护人手机」应为 11 位手机号码;"));
	assert_non_null(strstr(p.text, "父亲状况|「父亲状况」离异 不在可选范围内"));
	assert_non_null(strstr(p.text, "母亲残疾类别|状况为残疾时须填写「母亲残疾类别」和「母亲残疾等级」;"));
	assert_non_null(strstr(p.text, "母亲状况开始日期|「母亲状况开始日期」不能晚于今天;"));
	assert_non_null(strstr(p.text, "母亲状况结束日期|「母亲状况结束日期」早于开始日期;"));
	assert_non_null(strstr(p.text, "户籍类型|「户籍类型」城镇 应为农业或非农业;"));
	assert_int_equal(p.n, 13);   /* each reported once */
}

static void
test_pairs_and_dates(void **state)
{
	const char *in[CC__MAX];
	char id[IDNUMBER_SIZE];
	struct child_record r;
	struct problems p = { "", 0 };

	(void)state;
	good_row(in, id);
	in[CC_DISABILITY_GRADE] = "";                 /* a kind without its grade */
	in[CC_FATHER_START] = "2020-02-30";            /* no such day */
	in[CC_MOTHER_START] = "";                      /* 死亡 needs its date */
	in[CC_SEX] = "女";                              /* the number says 男 */
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 4);
	assert_non_null(strstr(p.text, "残疾等级|填写了「残疾类别」，还需填写「残疾等级」（一级至四级）;"));
	assert_non_null(strstr(p.text, "父亲状况开始日期|「父亲状况开始日期」2020-02-30 不是有效日期"));
	assert_non_null(strstr(p.text, "母亲状况开始日期|状况为死亡时须填写「母亲状况开始日期」;"));
	assert_non_null(strstr(p.text, "性别|「性别」与身份证号不符;"));
}

static void
test_adult_refused(void **state)
{
	const char *in[CC__MAX];
	char id[IDNUMBER_SIZE];
	struct child_record r;
	struct problems p = { "", 0 };
	struct wb_err err = { 0 };

	(void)state;
	good_row(in, id);
	assert_int_equal(idnumber_generate("330483", (struct id_date){ 2004, 6, 1 }, 124, id, &err),
			 WB_OK);
	assert_int_equal(child_record_validate(in, today, &r, note, &p), 1);
	assert_string_equal(p.text, "身份证号|已满 18 周岁（18 岁），不属于未成年人;");
	assert_int_equal(idnumber_generate("330483", (struct id_date){ 2004, 6, 2 }, 124, id, &err),
			 WB_OK);
	assert_int_equal(child_record_validate(in, today, &r, note, NULL), 0);
}

static void
test_grades(void **state)
{
	(void)state;
	assert_int_equal(child_grade_parse("1"), 1);
	assert_int_equal(child_grade_parse("2级"), 2);
	assert_int_equal(child_grade_parse("四级"), 4);
	assert_int_equal(child_grade_parse("5"), 0);
	assert_int_equal(child_grade_parse(""), 0);
	assert_int_equal(child_grade_parse(NULL), 0);
}

/* Bank accounts: digits only once spaces, hyphens and full-width forms are
 * dropped; 6 to 32 of them. */
static void
test_bank_account(void **state)
{
	char out[33];

	(void)state;
	assert_true(child_bank_account_parse("6222 0212-3456 7890 123", out));
	assert_string_equal(out, "6222021234567890123");
	assert_true(child_bank_account_parse("６２１７００００１２", out));
	assert_string_equal(out, "6217000012");
	assert_true(child_bank_account_parse("123456", out));
	assert_false(child_bank_account_parse("12345", out));
	assert_false(child_bank_account_parse("6222ab0212", out));
	assert_false(child_bank_account_parse("123456789012345678901234567890123", out));
	assert_false(child_bank_account_parse("", out));
	assert_false(child_bank_account_parse(NULL, out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_row),
		cmocka_unit_test(test_temporary_number),
		cmocka_unit_test(test_every_problem_named),
		cmocka_unit_test(test_pairs_and_dates),
		cmocka_unit_test(test_adult_refused),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_bank_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
