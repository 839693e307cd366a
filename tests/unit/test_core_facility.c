/* core/facility: the registers' specification, row validation, header
 * mapping and the 统一社会信用代码 check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/facility.h"

struct problems {
	int n;
	char headers[16][64];
	char reasons[16][FACILITY_REASON_MAX];
};

static void
collect(const struct facility_problem *p, void *arg)
{
	struct problems *ps = arg;

	if (ps->n < 16) {
		snprintf(ps->headers[ps->n], sizeof(ps->headers[0]), "%s", p->header);
		snprintf(ps->reasons[ps->n], sizeof(ps->reasons[0]), "%s", p->reason);
	}
	ps->n++;
}

/* Validates one row of type t from header=value pairs; returns the count. */
static int
validate(enum facility_type t, struct problems *ps, char out[FCOL__MAX][FACILITY_VALUE_MAX],
	 const char *const *pairs)
{
	const struct facility_spec *s = facility_spec(t);
	const char *in[FCOL__MAX] = { 0 };

	memset(ps, 0, sizeof(*ps));
	for (size_t i = 0; pairs[i]; i += 2)
		for (size_t f = 0; f < s->nfields; f++)
			if (strcmp(s->fields[f].header, pairs[i]) == 0)
				in[s->fields[f].col] = pairs[i + 1];
	return facility_validate(s, in, out, collect, ps);
}

static void
test_every_type_has_its_headers(void **state)
{
	static const char *const want[FACILITY_TYPE__MAX] = {
		"名称,镇街代码,成立日期,状态",
		"名称,区划代码,成立日期,实体化运行",
		"名称,村社区代码,类型,命名级别,命名日期",
		"名称,区划代码,建成日期",
		"名称,区划代码,托位数,性质,普惠,备案日期",
		"名称,区划代码,协议开始日期,协议结束日期",
		"名称,区划代码,学段,智安校园建成日期",
		"名称,统一社会信用代码,区划代码,服务领域",
		"项目名称,承接组织,区划代码,金额(元),开始日期,结束日期",
		"姓名,镇街代码,手机,任职日期",
		"姓名,村社区代码,手机,任职日期",
		"名称,区划代码,状态,联系电话",
		"名称,区划代码,状态,联系电话",
		"名称,区划代码,状态,联系电话",
	};
	(void)state;
	for (int t = 0; t < FACILITY_TYPE__MAX; t++) {
		const struct facility_spec *s = facility_spec((enum facility_type)t);
		char line[512] = "";
		assert_non_null(s);
		assert_int_equal(facility_type_parse(s->code), t);
		for (size_t f = 0; f < s->nfields; f++)
			if (!s->fields[f].optional_header)
				snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s",
					 line[0] ? "," : "", s->fields[f].header);
		assert_string_equal(line, want[t]);
		/* every type has a name and a division, each column at most once */
		assert_non_null(facility_field_of(s, FCOL_NAME));
		assert_non_null(facility_field_of(s, FCOL_DIVISION));
		for (size_t f = 0; f < s->nfields; f++)
			for (size_t g = f + 1; g < s->nfields; g++)
				assert_int_not_equal(s->fields[f].col, s->fields[g].col);
	}
	assert_int_equal(facility_type_parse("stations"), FACILITY_TYPE__MAX);
	assert_int_equal(facility_type_parse(NULL), FACILITY_TYPE__MAX);
	assert_null(facility_spec(FACILITY_TYPE__MAX));
	for (int c = 0; c < FCOL__MAX; c++)
		assert_true(facility_col_name((enum facility_col)c)[0] != '\0');
}

static void
test_credit_code_check_digit(void **state)
{
	(void)state;
	/* published codes of well-known companies */
	assert_true(facility_credit_code_valid("9144030071526726XG"));
	assert_true(facility_credit_code_valid("914403001922038216"));
	assert_true(facility_credit_code_valid("91330100799655058B"));
	/* one character changed, the check character changed, bad characters, length */
	assert_false(facility_credit_code_valid("9144030071526727XG"));
	assert_false(facility_credit_code_valid("9144030071526726XH"));
	assert_false(facility_credit_code_valid("9144030071526726XI"));   /* I is not used */
	assert_false(facility_credit_code_valid("9144030071526726xg"));
	assert_false(facility_credit_code_valid("9144030071526726X"));
	assert_false(facility_credit_code_valid(""));
	assert_false(facility_credit_code_valid(NULL));
}

static void
test_good_station_normalised(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *const row[] = { "名称", " 梧桐街道未保站 ", "镇街代码", "３３０４８３００１",
				    "成立日期", "2021/3/5", "状态", "运行", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_STATION, &ps, out, row), 0);
	assert_string_equal(out[FCOL_NAME], "梧桐街道未保站");
	assert_string_equal(out[FCOL_DIVISION], "330483001");
	assert_string_equal(out[FCOL_OPENED_ON], "2021-03-05");
	assert_string_equal(out[FCOL_STATUS], "运行");
	assert_string_equal(out[FCOL_PHONE], "");     /* not a station's column */
}

static void
test_every_problem_of_a_row_reported(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *const row[] = { "名称", "", "镇街代码", "330483001201", "成立日期", "2021-02-30",
				    "状态", "运营", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_STATION, &ps, out, row), 4);
	assert_string_equal(ps.headers[0], "名称");
	assert_non_null(strstr(ps.reasons[0], "不能为空"));
	assert_string_equal(ps.headers[1], "镇街代码");
	assert_non_null(strstr(ps.reasons[1], "9 位"));
	assert_string_equal(ps.headers[2], "成立日期");
	assert_non_null(strstr(ps.reasons[2], "不是有效日期"));
	assert_string_equal(ps.headers[3], "状态");
	assert_non_null(strstr(ps.reasons[3], "运行/筹建/撤销"));
}

static void
test_dates(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *good[] = { "2024-02-29", "2000-2-29", "2023.12.31", "2023/1/1" };
	const char *bad[] = { "2023-02-29", "1900-02-29", "2023-13-01", "2023-1-32", "23-01-01",
			      "2023-01/01", "2023-01-01 10:00", "2023年1月1日", "45000", " -1-1" };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *row[] = { "名称", "x", "区划代码", "330483001", "建成日期", good[i], NULL };
		assert_int_equal(validate(FACILITY_POST, &ps, out, row), 0);
		assert_int_equal(strlen(out[FCOL_OPENED_ON]), 10);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *row[] = { "名称", "x", "区划代码", "330483001", "建成日期", bad[i], NULL };
		assert_int_equal(validate(FACILITY_POST, &ps, out, row), 1);
		assert_string_equal(ps.headers[0], "建成日期");
	}
}

static void
test_division_levels(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *home[] = { "名称", "x", "村社区代码", "330483001", "类型", "基础型", NULL };
	const char *post[] = { "名称", "x", "区划代码", "330483", "建成日期", "2020-01-01", NULL };
	const char *project[] = { "项目名称", "x", "承接组织", "某社工机构", "区划代码", "330483",
				  "金额(元)", "1,200.5", "开始日期", "2022-01-01", "结束日期",
				  "2022-12-31", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_CHILDREN_HOME, &ps, out, home), 1);   /* a town code */
	assert_non_null(strstr(ps.reasons[0], "12 位"));
	assert_int_equal(validate(FACILITY_POST, &ps, out, post), 1);     /* a county code */
	assert_int_equal(validate(FACILITY_PROJECT, &ps, out, project), 0);  /* county-wide */
	assert_string_equal(out[FCOL_AMOUNT], "120050");
}

static void
test_closed_lists_numbers_phone(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *care[] = { "名称", "x", "区划代码", "330483001", "托位数", "0", "性质", "公办",
			       "普惠", "是", "备案日期", "2022-01-01", NULL };
	const char *care_bad[] = { "名称", "x", "区划代码", "330483001", "托位数", "-3", "性质", "国有",
				   "普惠", "Y", "备案日期", "2022-01-01", NULL };
	const char *dir[] = { "姓名", "王小明", "村社区代码", "330483001201", "手机", "138 0013 8000",
			      "任职日期", "2022-01-01", NULL };
	const char *dir_ok[] = { "姓名", "王小明", "村社区代码", "330483001201", "手机",
				 "１３８００１３８０００", "任职日期", "2022-01-01", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_CHILDCARE, &ps, out, care), 0);   /* zero places */
	assert_string_equal(out[FCOL_PLACES], "0");
	assert_int_equal(validate(FACILITY_CHILDCARE, &ps, out, care_bad), 3);
	assert_string_equal(ps.headers[0], "托位数");
	assert_string_equal(ps.headers[1], "性质");
	assert_string_equal(ps.headers[2], "普惠");
	assert_int_equal(validate(FACILITY_DIRECTOR, &ps, out, dir), 1);
	assert_string_equal(ps.headers[0], "手机");
	assert_int_equal(validate(FACILITY_DIRECTOR, &ps, out, dir_ok), 0);
	assert_string_equal(out[FCOL_PHONE], "13800138000");
}

static void
test_rules_between_fields(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *open_ended[] = { "名称", "x", "区划代码", "330483001", "协议开始日期", "2022-01-01",
				     "协议结束日期", "", NULL };
	const char *none[] = { "名称", "x", "区划代码", "330483001", NULL };
	const char *end_only[] = { "名称", "x", "区划代码", "330483001", "协议结束日期", "2022-01-01",
				   NULL };
	const char *reversed[] = { "名称", "x", "区划代码", "330483001", "协议开始日期", "2022-01-02",
				   "协议结束日期", "2022-01-01", NULL };
	const char *level_no_date[] = { "名称", "x", "村社区代码", "330483001201", "类型", "示范型",
					"命名级别", "省级", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_REHAB, &ps, out, open_ended), 0);
	assert_int_equal(validate(FACILITY_REHAB, &ps, out, none), 0);
	assert_int_equal(validate(FACILITY_REHAB, &ps, out, end_only), 1);
	assert_string_equal(ps.headers[0], "协议开始日期");
	assert_int_equal(validate(FACILITY_REHAB, &ps, out, reversed), 1);
	assert_string_equal(ps.headers[0], "协议结束日期");
	assert_int_equal(validate(FACILITY_CHILDREN_HOME, &ps, out, level_no_date), 1);
	assert_string_equal(ps.headers[0], "命名日期");
}

static void
test_credit_code_in_a_row(void **state)
{
	char out[FCOL__MAX][FACILITY_VALUE_MAX];
	struct problems ps;
	const char *good[] = { "名称", "x", "统一社会信用代码", "9144030071526726xg", "区划代码",
			       "330483001", "服务领域", "儿童关爱", NULL };
	const char *bad[] = { "名称", "x", "统一社会信用代码", "9144030071526726XA", "区划代码",
			      "330483001", "服务领域", "儿童关爱", NULL };

	(void)state;
	assert_int_equal(validate(FACILITY_ORG, &ps, out, good), 0);   /* lower case accepted */
	assert_string_equal(out[FCOL_CREDIT_CODE], "9144030071526726XG");
	assert_int_equal(validate(FACILITY_ORG, &ps, out, bad), 1);
	assert_non_null(strstr(ps.reasons[0], "校验位"));
}

static void
test_header_mapping(void **state)
{
	const struct facility_spec *s = facility_spec(FACILITY_STATION);
	const char *good[] = { "\xEF\xBB\xBF名称", "状态", " 成立日期 ", "镇街代码", "备注" };
	const char *misspelt[] = { "名称", "镇街代码", "成立时间", "状态" };
	const char *twice[] = { "名称", "镇街代码", "成立日期", "状态", "名称" };
	const char *trailing[] = { "名称", "镇街代码", "成立日期", "状态", "", " " };
	int map[8];
	struct problems ps = { 0 };

	(void)state;
	assert_int_equal(facility_map_header(s, good, 5, map, collect, &ps), 0);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 3);
	assert_int_equal(map[2], 2);
	assert_int_equal(map[4], 4);
	/* a misspelt header is never dropped silently: unknown, and the real one missing */
	assert_int_equal(facility_map_header(s, misspelt, 4, map, collect, &ps), 2);
	assert_non_null(strstr(ps.reasons[0], "未知列「成立时间」"));
	assert_non_null(strstr(ps.reasons[1], "缺少必需的列「成立日期」"));
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(facility_map_header(s, twice, 5, map, collect, &ps), 1);
	assert_non_null(strstr(ps.reasons[0], "重复"));
	/* empty columns Excel leaves at the end are no problem of the header */
	assert_int_equal(facility_map_header(s, trailing, 6, map, collect, &ps), 0);
	assert_int_equal(map[4], -1);
	assert_int_equal(map[5], -1);
}

static void
test_format_and_town(void **state)
{
	const struct facility_spec *s = facility_spec(FACILITY_PROJECT);
	char out[32], town[10];

	(void)state;
	facility_format(facility_field_of(s, FCOL_AMOUNT), "120050", out, sizeof(out));
	assert_string_equal(out, "1200.50");
	facility_format(facility_field_of(s, FCOL_AMOUNT), "7", out, sizeof(out));
	assert_string_equal(out, "0.07");
	facility_format(facility_field_of(s, FCOL_NAME), "x", out, sizeof(out));
	assert_string_equal(out, "x");
	facility_town_of("330483001201", town);
	assert_string_equal(town, "330483001");
	facility_town_of("330483001", town);
	assert_string_equal(town, "330483001");
	facility_town_of("330483", town);
	assert_string_equal(town, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type_has_its_headers),
		cmocka_unit_test(test_credit_code_check_digit),
		cmocka_unit_test(test_good_station_normalised),
		cmocka_unit_test(test_every_problem_of_a_row_reported),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_division_levels),
		cmocka_unit_test(test_closed_lists_numbers_phone),
		cmocka_unit_test(test_rules_between_fields),
		cmocka_unit_test(test_credit_code_in_a_row),
		cmocka_unit_test(test_header_mapping),
		cmocka_unit_test(test_format_and_town),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
