/* core/sheet: the cell values every register import shares — normalised
 * text, dates, money in 分, mobile numbers — and a header row mapped with
 * every unknown, repeated and missing column named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/sheet.h"

static void
test_normalise(void **state)
{
	char out[64];

	(void)state;
	sheet_normalise("\xEF\xBB\xBF  姓名 \r\n", out, sizeof(out));
	assert_string_equal(out, "姓名");
	sheet_normalise("３３０４８３　", out, sizeof(out));   /* full-width digits, ideographic space */
	assert_string_equal(out, "330483");
	sheet_normalise(NULL, out, sizeof(out));
	assert_string_equal(out, "");
}

static void
test_dates(void **state)
{
	char out[11];

	(void)state;
	assert_true(sheet_parse_date("2022/2/1", out));
	assert_string_equal(out, "2022-02-01");
	assert_true(sheet_parse_date("2024.02.29", out));
	assert_string_equal(out, "2024-02-29");
	assert_false(sheet_parse_date("2023-02-29", out));
	assert_false(sheet_parse_date("2022-2/1", out));
	assert_false(sheet_parse_date("22-02-01", out));
	assert_false(sheet_parse_date("2022-02-01x", out));
	assert_false(sheet_parse_date("1899-12-31", out));
	assert_false(sheet_parse_date("2022", out));
	assert_false(sheet_parse_date("", out));
	assert_false(sheet_parse_date(NULL, out));
}

static void
test_money(void **state)
{
	char buf[32];
	int64_t fen = 0;

	(void)state;
	assert_string_equal(sheet_format_money(215000, buf, sizeof(buf)), "2150.00");
	assert_string_equal(sheet_format_money(5, buf, sizeof(buf)), "0.05");
	assert_string_equal(sheet_format_money(-5, buf, sizeof(buf)), "-0.05");
	assert_string_equal(sheet_format_money(INT64_MIN, buf, sizeof(buf)), "-92233720368547758.08");
	assert_true(sheet_parse_money("2150", &fen));
	assert_int_equal(fen, 215000);
	assert_true(sheet_parse_money("2,150.5", &fen));
	assert_int_equal(fen, 215050);
	assert_true(sheet_parse_money("0.05", &fen));
	assert_int_equal(fen, 5);
	assert_false(sheet_parse_money("2150.", &fen));
	assert_false(sheet_parse_money(".5", &fen));
	assert_false(sheet_parse_money("1.234", &fen));
	assert_false(sheet_parse_money("-1", &fen));
	assert_false(sheet_parse_money("1e3", &fen));
	assert_false(sheet_parse_money("", &fen));
	assert_false(sheet_parse_money("1000000000000", &fen));
	assert_false(sheet_parse_money(NULL, &fen));
}

static void
test_mobile(void **state)
{
	(void)state;
	assert_true(sheet_mobile_valid("13800138000"));
	assert_false(sheet_mobile_valid("23800138000"));
	assert_false(sheet_mobile_valid("1380013800"));
	assert_false(sheet_mobile_valid("138001380001"));
	assert_false(sheet_mobile_valid("1380013800a"));
	assert_false(sheet_mobile_valid(NULL));
}

struct problems {
	char text[512];
	int n;
};

static void
note(const char *header, const char *reason, void *arg)
{
	struct problems *p = arg;
	size_t len = strlen(p->text);

	snprintf(p->text + len, sizeof(p->text) - len, "%s:%s;", header, reason);
	p->n++;
}

static void
test_header(void **state)
{
	static const char *const known[] = { "姓名", "身份证号", "备注" };
	static const bool optional[] = { false, false, true };
	const char *good[] = { "身份证号", " 姓名", "" };
	const char *bad[] = { "姓 名", "姓名", "姓名" };
	struct problems p = { "", 0 };
	int map[3];

	(void)state;
	assert_int_equal(sheet_map_header(known, optional, 3, "儿童信息", good, 3, map, note, &p), 0);
	assert_int_equal(map[0], 1);
	assert_int_equal(map[1], 0);
	assert_int_equal(map[2], -1);
	assert_int_equal(sheet_map_header(known, optional, 3, "儿童信息", bad, 3, map, note, &p), 3);
	assert_string_equal(p.text, "姓 名:未知列「姓 名」：儿童信息的列为模板中的列名;"
				    "姓名:列「姓名」重复出现;身份证号:缺少必需的列「身份证号」;");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
