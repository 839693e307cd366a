/* The .xlsx reader (util/xlsx_table.c) and the table dispatcher (util/table.c):
 * workbooks written by libxlsxwriter as Excel would, hand-made ones (zipped
 * here with libzip) for what libxlsxwriter never writes, and hostile files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "util/table.h"
#include "util/xlsx_table.h"

static char tmpdir[] = "/tmp/wb-xlsx-XXXXXX";

/* Reads the whole file path into a malloc'd buffer (the caller frees it). */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A ZIP archive of the parts (name, content, name, content, …, NULL), as a
 * malloc'd buffer the caller frees; encrypt: every entry with AES-256. */
static char *
make_zip(const char *const *parts, bool encrypt, size_t *len)
{
	char path[64];
	int zerr;
	zip_t *z;

	snprintf(path, sizeof(path), "%s/hand.zip", tmpdir);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		zip_int64_t idx;
		assert_non_null(s);
		idx = zip_file_add(z, parts[i], s, ZIP_FL_OVERWRITE);
		assert_true(idx >= 0);
		if (encrypt)
			assert_int_equal(zip_file_set_encryption(z, (zip_uint64_t)idx,
								 ZIP_EM_AES_256, "geheim"), 0);
	}
	assert_int_equal(zip_close(z), 0);
	return slurp(path, len);
}

#define WORKBOOK(pr, sheets)                                                              \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                    \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "    \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" \
	pr "<sheets>" sheets "</sheets></workbook>"
#define RELS(rels)                                                                        \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"                                       \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	rels "</Relationships>"
#define REL(id, target)                                                                   \
	"<Relationship Id=\"" id "\" Type=\"http://schemas.openxmlformats.org/officeDocument/" \
	"2006/relationships/worksheet\" Target=\"" target "\"/>"
#define SHEET(data)                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"                                       \
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"   \
	"<sheetData>" data "</sheetData></worksheet>"
#define ONE_SHEET WORKBOOK("", "<sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/>")
#define ONE_REL RELS(REL("rId1", "worksheets/sheet1.xml"))

/* Parses buf with the default limits, asserting success. */
static void
parse_ok(const char *buf, size_t len, struct csv_table *t)
{
	struct wb_err err = { 0 };
	enum wb_status rc = xlsx_table_parse(buf, len, NULL, t, &err);

	if (rc != WB_OK)
		fail_msg("xlsx_table_parse: %s", err.msg);
}

/* Asserts that row r of t is line `line` with exactly the n given fields. */
static void
assert_row(const struct csv_table *t, size_t r, size_t line, size_t n, ...)
{
	va_list ap;

	assert_true(r < t->nrows);
	assert_int_equal(csv_table_line(t, r), line);
	assert_int_equal(t->rows[r].nfields, n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(t->rows[r].fields[i], va_arg(ap, const char *));
	va_end(ap);
}

/* Cells of every kind as Excel (here libxlsxwriter) writes them; a second sheet ignored. */
static void
test_workbook_from_libxlsxwriter(void **state)
{
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws, *other;
	lxw_format *iso, *builtin, *chinese, *money;
	lxw_datetime d1 = { 2024, 3, 15, 0, 0, 0 }, d2 = { 1999, 12, 31, 13, 30, 0 };
	lxw_datetime d3 = { 2022, 6, 1, 0, 0, 0 };
	struct csv_table t;
	size_t len;
	char *buf;
	(void)state;

	snprintf(path, sizeof(path), "%s/writer.xlsx", tmpdir);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "未保站");
	other = workbook_add_worksheet(wb, "其他");
	iso = workbook_add_format(wb);
	format_set_num_format(iso, "yyyy-mm-dd");
	builtin = workbook_add_format(wb);
	format_set_num_format_index(builtin, 14);
	chinese = workbook_add_format(wb);
	format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
	money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");

	worksheet_write_string(ws, 0, 0, "名称", NULL);
	worksheet_write_string(ws, 0, 1, "镇街代码", NULL);
	worksheet_write_string(ws, 0, 2, "成立日期", NULL);
	worksheet_write_string(ws, 0, 3, "数量", NULL);
	worksheet_write_string(ws, 0, 4, "备注", NULL);
	/* row 2: Chinese text, a code written as a number, a date, an integer; E empty */
	worksheet_write_string(ws, 1, 0, "梧桐街道未保站", NULL);
	worksheet_write_number(ws, 1, 1, 330483001, NULL);
	worksheet_write_datetime(ws, 1, 2, &d1, iso);
	worksheet_write_number(ws, 1, 3, 11, NULL);
	/* row 3: the same string again (shared), B empty in the middle, built-in date 14 */
	worksheet_write_string(ws, 2, 0, "梧桐街道未保站", NULL);
	worksheet_write_datetime(ws, 2, 2, &d2, builtin);
	worksheet_write_number(ws, 2, 3, 0.1 + 0.2, money);
	worksheet_write_boolean(ws, 2, 4, 1, NULL);
	/* rows 4 and 5 left empty; row 6: a Chinese date format, a formula's value */
	worksheet_write_string(ws, 5, 0, "濮院镇", NULL);
	worksheet_write_datetime(ws, 5, 2, &d3, chinese);
	worksheet_write_formula_num(ws, 5, 3, "=2*3", NULL, 6);
	worksheet_write_number(ws, 5, 4, -2.5, NULL);
	/* row 7: a phone number and a big number */
	worksheet_write_number(ws, 6, 0, 13800138000.0, NULL);
	worksheet_write_number(ws, 6, 1, 1e20, NULL);
	worksheet_write_number(ws, 6, 2, 1.0 / 3, NULL);
	worksheet_write_string(other, 0, 0, "另一张表：不应读到", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	buf = slurp(path, &len);
	parse_ok(buf, len, &t);
	assert_int_equal(t.nrows, 5);
	assert_row(&t, 0, 1, 5, "名称", "镇街代码", "成立日期", "数量", "备注");
	assert_row(&t, 1, 2, 4, "梧桐街道未保站", "330483001", "2024-03-15", "11");
	assert_row(&t, 2, 3, 5, "梧桐街道未保站", "", "1999-12-31", "0.3", "TRUE");
	assert_row(&t, 3, 6, 5, "濮院镇", "", "2022-06-01", "6", "-2.5");
	assert_row(&t, 4, 7, 3, "13800138000", "1e+20", "0.333333333333333");
	csv_table_free(&t);

	/* the dispatcher takes the same bytes for an .xlsx */
	{
		struct wb_err err = { 0 };
		assert_int_equal(table_parse(buf, len, &t, &err), WB_OK);
		assert_int_equal(t.nrows, 5);
		assert_int_equal(csv_table_line(&t, 3), 6);
		csv_table_free(&t);
	}
	free(buf);
}

/* Inline strings, rich text (phonetic runs left out), _xHHHH_ escapes, rows
 * and cells without r, an absolute target, the first sheet not being sheet1. */
static void
test_hand_made_strings(void **state)
{
	static const char *const parts[] = {
		"xl/workbook.xml",
		WORKBOOK("<workbookPr/>", "<sheet name=\"甲\" sheetId=\"2\" r:id=\"rId7\"/>"
					  "<sheet name=\"乙\" sheetId=\"1\" r:id=\"rId1\"/>"),
		"xl/_rels/workbook.xml.rels",
		RELS(REL("rId1", "worksheets/sheet1.xml") REL("rId7", "/xl/worksheets/sheet2.xml")),
		"xl/sharedStrings.xml",
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"
		"<si><t>名称</t></si>"
		"<si><r><rPr><b/></rPr><t>儿童</t></r><r><t xml:space=\"preserve\">之家 </t></r>"
		"<rPh sb=\"0\" eb=\"1\"><t>ERTONG</t></rPh></si>"
		"<si><t>第一行_x000D_第二行</t></si>"
		"</sst>",
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>错的表</t></is></c></row>"),
		"xl/worksheets/sheet2.xml",
		SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		      "<c r=\"B1\" t=\"inlineStr\"><is><t>类型</t></is></c></row>"
		      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c>"
		      "<c r=\"C3\" t=\"inlineStr\"><is><r><t>示范</t></r><r><rPr><i/></rPr><t>型</t></r>"
		      "<rPh><t>x</t></rPh></is></c></row>"
		      "<row><c t=\"s\"><v>2</v></c><c t=\"str\"><f>A1</f><v>公式值</v></c>"
		      "<c t=\"e\"><v>#N/A</v></c><c t=\"b\"><v>0</v></c></row>"
		      "<row r=\"9\"><c r=\"B9\" s=\"0\"/><c r=\"C9\"><v></v></c></row>"
		      "<row r=\"10\"><c r=\"D10\" t=\"d\"><v>2023-05-06T00:00:00</v></c></row>"),
		NULL,
	};
	struct csv_table t;
	size_t len;
	char *buf = make_zip(parts, false, &len);
	(void)state;

	parse_ok(buf, len, &t);
	assert_int_equal(t.nrows, 4);
	assert_row(&t, 0, 1, 2, "名称", "类型");
	assert_row(&t, 1, 3, 3, "儿童之家 ", "", "示范型");
	assert_row(&t, 2, 4, 4, "第一行\r第二行", "公式值", "#N/A", "FALSE");
	assert_row(&t, 3, 10, 4, "", "", "", "2023-05-06");
	csv_table_free(&t);
	free(buf);
}

/* Dates by style: built-in ids, custom codes (quoted text and colours do not
 * count), times, plain numbers; in the 1900 system (its phantom 1900-02-29)
 * and the 1904 one. */
static void
test_hand_made_dates(void **state)
{
#define STYLES                                                                             \
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"  \
	"<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/>" \
	"<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00&quot;day&quot;\"/>"               \
	"<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/></numFmts>"                         \
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"                     \
	"<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>" \
	"<xf numFmtId=\"165\"/><xf numFmtId=\"20\"/><xf numFmtId=\"31\"/><xf numFmtId=\"166\"/></cellXfs>" \
	"<dxfs count=\"1\"><dxf><numFmt numFmtId=\"167\" formatCode=\"yyyy\"/></dxf></dxfs>" \
	"</styleSheet>"
#define DATE_ROWS                                                                          \
	SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45366</v></c><c r=\"B1\" s=\"2\"><v>45366.75</v></c>" \
	      "<c r=\"C1\" s=\"3\"><v>45366</v></c><c r=\"D1\" s=\"4\"><v>0.5625</v></c>"  \
	      "<c r=\"E1\" s=\"5\"><v>1</v></c><c r=\"F1\" s=\"6\"><v>1.25</v></c>"         \
	      "<c r=\"G1\" s=\"0\"><v>45366</v></c><c r=\"H1\" s=\"99\"><v>7</v></c></row>"   \
	      "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>59</v></c><c r=\"B2\" s=\"1\"><v>60</v></c>" \
	      "<c r=\"C2\" s=\"1\"><v>61</v></c><c r=\"D2\" s=\"1\"><v>0</v></c></row>")
	static const char *const p1900[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/styles.xml", STYLES, "xl/worksheets/sheet1.xml", DATE_ROWS, NULL,
	};
	static const char *const p1904[] = {
		"xl/workbook.xml",
		WORKBOOK("<workbookPr date1904=\"1\"/>", "<sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/>"),
		"xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/styles.xml", STYLES, "xl/worksheets/sheet1.xml", DATE_ROWS, NULL,
	};
	struct csv_table t;
	size_t len;
	char *buf = make_zip(p1900, false, &len);
	(void)state;

	parse_ok(buf, len, &t);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 1, 8, "2024-03-15", "2024-03-15", "45366", "13:30:00", "1900-01-01",
		   "06:00:00", "45366", "7");
	assert_row(&t, 1, 2, 4, "1900-02-28", "1900-02-29", "1900-03-01", "0");
	csv_table_free(&t);
	free(buf);

	buf = make_zip(p1904, false, &len);
	parse_ok(buf, len, &t);
	assert_row(&t, 0, 1, 8, "2028-03-16", "2028-03-16", "45366", "13:30:00", "1904-01-02",
		   "06:00:00", "45366", "7");
	assert_row(&t, 1, 2, 4, "1904-02-29", "1904-03-01", "1904-03-02", "1904-01-01");
	csv_table_free(&t);
	free(buf);
}

/* The first n-byte needle in hay[0..len), or NULL (memmem is a GNU extension). */
static char *
find(char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* Parses buf expecting failure with status st and reason code. */
static void
assert_refused(const char *buf, size_t len, const struct xlsx_limits *lim, enum wb_status st,
	       const char *code)
{
	struct csv_table t;
	struct wb_err err = { 0 };

	assert_int_equal(xlsx_table_parse(buf, len, lim, &t, &err), st);
	assert_string_equal(err.code, code);
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	assert_non_null(strstr(err.msg, st == WB_ERR_TOO_LARGE ? "超过" : "xlsx"));
}

/* Corrupt, truncated, encrypted and non-.xlsx files get a clear Chinese refusal. */
static void
test_corrupt_files_refused(void **state)
{
	static const char *const doctype[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml",
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
		"</sheetData></worksheet>",
		NULL,
	};
	static const char *const no_sheet[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL, NULL,
	};
	static const char *const bad_xml[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></row>"), NULL,
	};
	static const char *const bad_index[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>"), NULL,
	};
	static const char *const rows_backwards[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml",
		SHEET("<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></c></row>"), NULL,
	};
	static const char *const escape[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels",
		RELS(REL("rId1", "../../etc/passwd")), NULL,
	};
	static const char *const good[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml",
		SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>名称 名称 名称 名称 名称 名称</t>"
		      "</is></c></row>"), NULL,
	};
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" "rest of an .xls";
	struct wb_err err = { 0 };
	struct csv_table t;
	size_t len;
	char *buf;
	(void)state;

	assert_refused("PK\x03\x04garbage", 11, NULL, WB_ERR_INVALID, "xlsx_corrupt");
	assert_refused("", 0, NULL, WB_ERR_INVALID, "xlsx_corrupt");
	assert_refused(ole, sizeof(ole) - 1, NULL, WB_ERR_INVALID, "xlsx_corrupt");
	/* the dispatcher names an .xls (or a password-protected workbook) as such */
	assert_int_equal(table_parse(ole, sizeof(ole) - 1, &t, &err), WB_ERR_INVALID);
	assert_string_equal(err.code, "xlsx_unsupported");
	assert_non_null(strstr(err.msg, "另存为 .xlsx"));
	csv_table_free(&t);

	for (const char *const *const *p = (const char *const *const[]){ doctype, no_sheet, bad_xml,
									 bad_index, rows_backwards,
									 escape, NULL };
	     *p; p++) {
		buf = make_zip(*p, false, &len);
		assert_refused(buf, len, NULL, WB_ERR_INVALID, "xlsx_corrupt");
		free(buf);
	}

	buf = make_zip(good, false, &len);
	parse_ok(buf, len, &t);
	csv_table_free(&t);
	/* every cut of a good file, and every single flipped byte, is refused or read: never a crash */
	for (size_t cut = 0; cut < len; cut += 7) {
		if (xlsx_table_parse(buf, cut, NULL, &t, &err) == WB_OK)
			fail_msg("a file cut at %zu of %zu bytes was read", cut, len);
		csv_table_free(&t);
	}
	for (size_t i = 0; i < len; i++) {
		char *copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		copy[i] ^= 0x55;
		if (xlsx_table_parse(copy, len, NULL, &t, &err) != WB_OK)
			assert_true(err.status == WB_ERR_INVALID || err.status == WB_ERR_TOO_LARGE);
		csv_table_free(&t);
		free(copy);
	}
	free(buf);

	buf = make_zip(good, true, &len);
	assert_refused(buf, len, NULL, WB_ERR_INVALID, "xlsx_unsupported");
	free(buf);
}

/* Size limits hold while reading: a part that inflates past the cap (also when
 * its header lies about the size), too many rows, columns or cells. */
static void
test_limits(void **state)
{
	static const char *const far_row[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"), NULL,
	};
	static const char *const far_col[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), NULL,
	};
	static const char *const wide[] = {
		"xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels", ONE_REL,
		"xl/worksheets/sheet1.xml",
		SHEET("<row r=\"1\"><c r=\"Z1\"><v>1</v></c></row><row r=\"2\"><c r=\"Z2\"><v>1</v></c></row>"),
		NULL,
	};
	const struct xlsx_limits small = { .part_bytes = 1 << 20, .rows = 100, .cols = 30, .cells = 40 };
	const char *bomb_parts[] = { "xl/workbook.xml", ONE_SHEET, "xl/_rels/workbook.xml.rels",
				     ONE_REL, "xl/worksheets/sheet1.xml", NULL, NULL };
	static const char head[] = "<worksheet><sheetData>";
	struct csv_table t;
	struct wb_err err = { 0 };
	size_t len, big = (2u << 20) + 100;
	char *buf, *bomb = malloc(big + 1), *p;
	(void)state;

	/* 2 MiB of white space inside the sheet: a few KiB zipped */
	assert_non_null(bomb);
	memcpy(bomb, head, sizeof(head) - 1);
	memset(bomb + sizeof(head) - 1, ' ', big - (sizeof(head) - 1));
	bomb[big] = '\0';
	bomb_parts[5] = bomb;
	buf = make_zip(bomb_parts, false, &len);
	assert_true(len < 64 << 10);
	assert_refused(buf, len, &small, WB_ERR_TOO_LARGE, "xlsx_too_large");
	/* the same with the sizes in the archive's headers lowered to 100 bytes */
	for (p = buf; (p = find(p, len - (size_t)(p - buf), "PK", 2)) != NULL; p++) {
		uint32_t claim = 100;
		size_t left = len - (size_t)(p - buf);
		if (left > 54 && memcmp(p, "PK\x03\x04", 4) == 0 && find(p + 30, 24, "sheet1", 6))
			memcpy(p + 22, &claim, 4);
		else if (left > 70 && memcmp(p, "PK\x01\x02", 4) == 0 && find(p + 46, 24, "sheet1", 6))
			memcpy(p + 24, &claim, 4);
	}
	assert_int_not_equal(xlsx_table_parse(buf, len, &small, &t, &err), WB_OK);
	assert_int_equal(t.nrows, 0);
	free(buf);
	free(bomb);

	buf = make_zip(far_row, false, &len);
	assert_refused(buf, len, NULL, WB_ERR_TOO_LARGE, "xlsx_too_large");
	free(buf);
	buf = make_zip(far_col, false, &len);
	assert_refused(buf, len, NULL, WB_ERR_TOO_LARGE, "xlsx_too_large");
	free(buf);
	buf = make_zip(wide, false, &len);   /* 26 + 26 cells over a budget of 40 */
	assert_refused(buf, len, &small, WB_ERR_TOO_LARGE, "xlsx_too_large");
	free(buf);
}

/* The dispatcher's CSV path: UTF-8 with a byte-order mark, and GB18030. */
static void
test_table_parse_csv(void **state)
{
	static const char utf8[] = "\xEF\xBB\xBF名称,代码\r\n桐乡,330483\r\n";
	static const char gb[] = "\xC3\xFB\xB3\xC6,\xB4\xFA\xC2\xEB\r\n";   /* 名称,代码 */
	struct wb_err err = { 0 };
	struct csv_table t;
	(void)state;

	assert_int_equal(table_parse(utf8, sizeof(utf8) - 1, &t, &err), WB_OK);
	assert_row(&t, 0, 1, 2, "名称", "代码");
	assert_row(&t, 1, 2, 2, "桐乡", "330483");
	assert_null(t.lines);
	csv_table_free(&t);
	assert_int_equal(table_parse(gb, sizeof(gb) - 1, &t, &err), WB_OK);
	assert_row(&t, 0, 1, 2, "名称", "代码");
	csv_table_free(&t);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char path[96];
	(void)state;

	snprintf(path, sizeof(path), "%s/writer.xlsx", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/hand.zip", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workbook_from_libxlsxwriter),
		cmocka_unit_test(test_hand_made_strings),
		cmocka_unit_test(test_hand_made_dates),
		cmocka_unit_test(test_corrupt_files_refused),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_table_parse_csv),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
