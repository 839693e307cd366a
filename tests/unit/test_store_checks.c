/* Background checks on SQLite and PostgreSQL: the registry import (all or
 * nothing, skip-bad, only blind indexes stored), roster runs (hit, miss,
 * malformed, repeat, re-run updates, the one-by-one and the bulk look-ups
 * agreeing), the sealed person cell, results read back, rejected rows for
 * their submitter only, an institution-scoped user reaching only their own
 * institution, key rotation re-sealing the people; a run's results packed in
 * blocks, paged across them with and without a filter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_registry.h"
#include "app/check_run.h"
#include "app/facilities.h"
#include "app/keys.h"
#include "core/check_block.h"
#include "core/idnumber.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "sec/fieldcrypt.h"
#include "store/check_staff.h"
#include "store/checks.h"

#define NOW 1700000000   /* 2023-11-14 22:13 UTC */

struct fx {
	struct reg_fixture *f;
	int64_t school, hospital;
};

/* The ID number of person k (valid, distinct). */
static const char *
pid(int k)
{
	static char out[8][IDNUMBER_SIZE];
	static int next;
	char *o = out[next++ % 8];

	assert_int_equal(idnumber_generate("330483", (struct id_date){ 1970 + k % 30, 1 + k % 12,
								       1 + k % 28 },
					   k / 360 % 1000, o, NULL),
			 WB_OK);
	return o;
}

static int64_t
institution(struct reg_fixture *f, enum facility_type t, const char *csv, const char *name)
{
	struct facility_import_opts o = { 0 };
	struct facility_import_report rep;
	struct facility_filter flt = { .scope = scope_system(), .type = t, .q = name };
	struct wb_err err = { 0 };
	int64_t id = 0;

	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_import(&f->app, t, csv, strlen(csv), &o, &rep, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	facility_import_report_free(&rep);
	assert_int_equal(app_check_institution_find(&f->app, name, &id, &err), WB_OK);
	(void)flt;
	return id;
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->f = reg_fixture_new(NOW);
	x->school = institution(x->f, FACILITY_SCHOOL, "名称,区划代码,学段,智安校园建成日期\n"
				"实验小学,330483001,小学,\n", "实验小学");
	x->hospital = institution(x->f, FACILITY_HOSPITAL, "名称,区划代码,状态,联系电话\n"
				  "第一人民医院,330483,运行,\n", "第一人民医院");
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	reg_fixture_free(x->f);
	free(x);
	return 0;
}

static int64_t
count(struct store *st, const char *table)
{
	int64_t n = 0;
	struct wb_err err = { 0 };

	if (strcmp(table, "check_registry") == 0)
		assert_int_equal(store_check_registry_count(st, &n, &err), WB_OK);
	return n;
}

/* A registry of people 0..n-1 (as CSV text, malloc'd). */
static char *
registry_csv(int n, const char *extra)
{
	size_t cap = 128 + (size_t)n * 64 + strlen(extra);
	char *s = malloc(cap);
	size_t len = (size_t)snprintf(s, cap, "姓名,身份证号,类别,记录日期\n");

	for (int k = 0; k < n; k++)
		len += (size_t)snprintf(s + len, cap - len, "某人,%s,虐待,2020-01-0%d\n", pid(k),
					1 + k % 9);
	snprintf(s + len, cap - len, "%s", extra);
	return s;
}

static void
test_registry_all_or_nothing(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct check_registry_result r;
	struct wb_err err = { 0 };
	char *csv = registry_csv(3, "坏人,330483197001010001,拐卖,2020-01-01\n无名,,殴打,2030-01-01\n");

	assert_int_equal(app_check_registry_import(&f->app, csv, strlen(csv), "r.csv", false, &r,
						   &err), WB_ERR_INVALID);
	assert_string_equal(err.code, "bad_rows");
	assert_int_equal(r.total, 5);
	assert_true(r.nrejected >= 4);   /* the check digit; the empty number, category, date */
	assert_int_equal(r.rejected[0].row, 5);
	assert_string_equal(r.rejected[0].column, "身份证号");
	assert_int_equal(count(f->st, "check_registry"), 0);
	check_registry_result_free(&r);
	assert_int_equal(app_check_registry_import(&f->app, csv, strlen(csv), "r.csv", true, &r,
						   &err), WB_OK);
	assert_int_equal(r.imported, 3);
	assert_int_equal(count(f->st, "check_registry"), 3);
	check_registry_result_free(&r);
	free(csv);
}

struct seen {
	int rows, hits, invalid;
	int64_t staff[16];
	char tokens[16][256];
};

static void
collect(int row_no, int64_t staff_id, const char *result, const char *person, void *arg)
{
	struct seen *s = arg;

	if (s->rows < 16) {
		s->staff[s->rows] = staff_id;
		snprintf(s->tokens[s->rows], sizeof(s->tokens[0]), "%s", person ? person : "");
	}
	s->rows++;
	s->hits += strcmp(result, "有记录") == 0;
	s->invalid += strcmp(result, "无效") == 0;
	(void)row_no;
}

static void
test_run_rows(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct check_registry_result rr;
	struct check_run_result r = { 0 };
	struct wb_err err = { 0 };
	struct seen s = { 0 };
	char *reg = registry_csv(2, ""), csv[2048], idm[24], nm[CHECK_MASKED_NAME_SIZE];
	char bad[IDNUMBER_SIZE];

	assert_int_equal(app_check_registry_import(&f->app, reg, strlen(reg), "r.csv", false, &rr,
						   &err), WB_OK);
	check_registry_result_free(&rr);
	snprintf(bad, sizeof(bad), "%s", pid(7));
	bad[17] = bad[17] == '1' ? '2' : '1';
	snprintf(csv, sizeof(csv),
		 "姓名,身份证号,岗位,同意书编号,入职日期\n"
		 "张三,%s,教师,TY1,2020-09-01\n"   /* on the registry */
		 "李四,%s,保育员,TY2,\n"           /* not: an applicant */
		 "王五,%s,保安,TY3,2021-01-01\n"   /* malformed */
		 ",%s,厨师,TY4,\n"                 /* no name */
		 "张三,%s,教师,TY5,2020-09-01\n"   /* a repeat */
		 "赵六,%s,司机,TY6,2030-01-01\n",  /* hired in the future */
		 pid(0), pid(5), bad, pid(6), pid(0), pid(8));
	assert_int_equal(app_check_run(&f->app, x->school, csv, strlen(csv), "o.csv", &r, &err),
			 WB_OK);
	assert_int_equal(r.total, 6);
	assert_int_equal(r.checked, 2);
	assert_int_equal(r.hits, 1);
	assert_int_equal(r.invalid, 4);
	assert_int_equal(r.nrows, 6);
	assert_string_equal(r.rows[0].result, "有记录");
	assert_string_equal(r.rows[1].result, "无记录");
	assert_string_equal(r.rows[2].result, "无效");
	assert_non_null(r.rows[2].message);
	assert_string_equal(r.rows[4].message, "与第2行重复");
	assert_string_equal(r.rows[0].name_masked, "张*");
	assert_non_null(strstr(r.rows[0].id_number_masked, "********"));
	assert_true(r.rejects_id > 0);
	assert_string_equal(r.checked_on, "2023-11-15");   /* 06:13 in China */
	/* the results read back, the person's cell decrypts to the number and name */
	assert_int_equal(store_check_results_each(f->st, r.id, collect, &s, &err), WB_OK);
	assert_int_equal(s.rows, 6);
	assert_int_equal(s.hits, 1);
	assert_int_equal(s.invalid, 4);
	assert_true(app_check_person_masked(&f->app, s.staff[0], s.tokens[0], idm, nm));
	assert_string_equal(nm, "张*");
	assert_string_equal(idm, r.rows[0].id_number_masked);
	assert_false(app_check_person_masked(&f->app, s.staff[1], s.tokens[0], idm, nm));
	/* the rejected rows: for their submitter only */
	{
		char *rej = NULL, name[64];
		size_t len = 0;
		struct app_ctx other = f->app;

		assert_int_equal(app_check_rejects(&f->app, r.rejects_id, &rej, &len, name,
						   sizeof(name), &err), WB_OK);
		assert_non_null(strstr(rej, "与第2行重复"));
		assert_non_null(strstr(rej, "错误原因"));
		fieldcrypt_free(rej, len);
		other.login = "someone-else";
		assert_int_equal(app_check_rejects(&other, r.rejects_id, &rej, &len, name,
						   sizeof(name), &err), WB_ERR_NOTFOUND);
	}
	check_run_result_free(&r);
	/* the same file again: updated, not added */
	assert_int_equal(app_check_run(&f->app, x->school, csv, strlen(csv), "o.csv", &r, &err),
			 WB_OK);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.updated, 2);
	{
		int64_t n = 0;
		assert_int_equal(store_check_staff_count_of(f->st, x->school, &n, &err), WB_OK);
		assert_int_equal(n, 2);
	}
	check_run_result_free(&r);
	free(reg);
}

/* 300 rows take the bulk path; their first 50 alone the simple one: the
 * same answers. */
static void
test_bulk_and_simple_agree(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct check_registry_result rr;
	struct check_run_result big = { 0 }, small = { 0 };
	struct wb_err err = { 0 };
	char *reg = registry_csv(100, "");
	size_t cap = 64 * 300 + 100, len, cut = 0;
	char *csv = malloc(cap);
	enum wb_status rc0;

	rc0 = app_check_registry_import(&f->app, reg, strlen(reg), "r.csv", false, &rr, &err);
	assert_int_equal(rc0, WB_OK);   /* 32 rows a statement on both databases */
	check_registry_result_free(&rr);
	len = (size_t)snprintf(csv, cap, "姓名,身份证号,岗位,同意书编号,入职日期\n");
	for (int k = 0; k < 300; k++) {
		if (k == 50)
			cut = len;
		/* every seventh a person of the registry (0..99), the others 1000+ */
		len += (size_t)snprintf(csv + len, cap - len, "某某,%s,教师,TY%d,2020-01-01\n",
					pid(k % 7 == 0 ? k / 7 : 1000 + k), k);
	}
	assert_int_equal(app_check_run(&f->app, x->hospital, csv, len, "big.csv", &big, &err), WB_OK);
	assert_int_equal(big.checked, 300);
	assert_int_equal(big.hits, 43);   /* k = 0, 7, …, 294 */
	assert_int_equal(app_check_run(&f->app, x->school, csv, cut, "small.csv", &small, &err),
			 WB_OK);
	assert_int_equal(small.checked, 50);
	for (size_t i = 0; i < small.nrows; i++)
		assert_string_equal(small.rows[i].result, big.rows[i].result);
	assert_int_equal(small.hits, 8);
	check_run_result_free(&big);
	check_run_result_free(&small);
	free(csv);
	free(reg);
}

static void
test_institution_scope(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct scope hr = scope_make(SCOPE_RULE_DIVISION, SCOPE_INSTITUTION, NULL, 0, 99,
				     x->school);
	struct app_ctx c = f->app;
	struct check_run_result r = { 0 };
	struct wb_err err = { 0 };
	const char *csv = "姓名,身份证号,岗位,同意书编号,入职日期\n某某,11010519491231002X,教师,,\n";
	int64_t id;

	c.scope = &hr;
	c.login = "hr";
	assert_int_equal(app_check_run(&c, x->hospital, csv, strlen(csv), "o.csv", &r, &err),
			 WB_ERR_NOTFOUND);
	assert_int_equal(app_check_institution_find(&c, "第一人民医院", &id, &err), WB_ERR_NOTFOUND);
	assert_int_equal(app_check_institution_find(&c, "实验小学", &id, &err), WB_OK);
	assert_int_equal(id, x->school);
	assert_int_equal(app_check_run(&c, x->school, csv, strlen(csv), "o.csv", &r, &err), WB_OK);
	assert_int_equal(r.checked, 1);
	check_run_result_free(&r);
	/* an empty file, and a file with a header only */
	assert_int_equal(app_check_run(&c, x->school, "", 0, "e.csv", &r, &err), WB_ERR_INVALID);
	assert_string_equal(err.code, "empty_file");
	csv = "姓名,身份证号,岗位,同意书编号,入职日期\n";
	assert_int_equal(app_check_run(&c, x->school, csv, strlen(csv), "e.csv", &r, &err),
			 WB_ERR_INVALID);
	assert_string_equal(err.code, "empty_file");
}

/* Key rotation re-seals the people; their index values and the registry's
 * stay (the registry key is not rotated): a re-run finds the same person. */
static void
test_rotation_reseals_people(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct check_registry_result rr;
	struct check_run_result r = { 0 };
	struct rotation rot;
	struct wb_err err = { 0 };
	struct seen s = { 0 }, after = { 0 };
	char *reg = registry_csv(1, ""), csv[512], idm[24], nm[CHECK_MASKED_NAME_SIZE];

	assert_int_equal(app_check_registry_import(&f->app, reg, strlen(reg), "r.csv", false, &rr,
						   &err), WB_OK);
	check_registry_result_free(&rr);
	snprintf(csv, sizeof(csv), "姓名,身份证号,岗位,同意书编号,入职日期\n钱七,%s,教师,,\n", pid(0));
	assert_int_equal(app_check_run(&f->app, x->school, csv, strlen(csv), "o.csv", &r, &err),
			 WB_OK);
	assert_int_equal(store_check_results_each(f->st, r.id, collect, &s, &err), WB_OK);
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &f->keys, 0, 100, 0, &rot, &err), WB_OK);
	assert_int_equal(store_check_results_each(f->st, r.id, collect, &after, &err), WB_OK);
	assert_string_not_equal(s.tokens[0], after.tokens[0]);
	assert_int_equal(fieldcrypt_generation(after.tokens[0], NULL), 2);
	assert_true(app_check_person_masked(&f->app, after.staff[0], after.tokens[0], idm, nm));
	assert_string_equal(nm, "钱*");
	check_run_result_free(&r);
	/* checked again after the rotation: still a hit, still one person */
	assert_int_equal(app_check_run(&f->app, x->school, csv, strlen(csv), "o.csv", &r, &err),
			 WB_OK);
	assert_int_equal(r.hits, 1);
	assert_int_equal(r.added, 0);   /* the same person, found again by id_bidx */
	{
		int64_t n = 0;
		assert_int_equal(store_check_staff_count_of(f->st, x->school, &n, &err), WB_OK);
		assert_int_equal(n, 1);
	}
	check_run_result_free(&r);
	free(reg);
}


/* The block codec: large gaps, ids going down and up, 无效 without a person,
 * rows out of order refused, a damaged block refused. */
static void
test_block_codec(void **state)
{
	struct check_block_entry e[5] = {
		{ 2, 900000000000LL, CHECK_CODE_HIT }, { 3, 5, CHECK_CODE_NONE },
		{ 4, 0, CHECK_CODE_INVALID }, { 1000000, 4, CHECK_CODE_NONE },
		{ 1000001, 7000000000LL, CHECK_CODE_HIT },
	}, back[5];
	unsigned char buf[CHECK_BLOCK_BYTES(5)];
	size_t len;
	(void)state;

	assert_true((len = check_block_encode(e, 5, buf, sizeof(buf))) > 0);
	assert_int_equal(check_block_decode(buf, len, back, 5), 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(back[i].row_no, e[i].row_no);
		assert_int_equal(back[i].staff_id, e[i].staff_id);
		assert_int_equal(back[i].code, e[i].code);
	}
	assert_int_equal(check_block_decode(buf, len, back, 4), (size_t)-1);      /* no room */
	assert_int_equal(check_block_decode(buf, len - 1, back, 5), (size_t)-1);  /* cut short */
	e[1].row_no = 2;
	assert_int_equal(check_block_encode(e, 5, buf, sizeof(buf)), 0);          /* not ascending */
	assert_string_equal(check_code_text(check_code_of("无效")), "无效");
	assert_int_equal(check_code_of("有"), CHECK_CODE__MAX);
}

struct page {
	int n;
	int64_t rows[64];
	const char *result[64];
};

static void
page_line(const struct check_run_line *l, void *arg)
{
	struct page *p = arg;

	assert_null(l->person);   /* these results name no stored person */
	assert_string_equal(l->checked_on, "2023-11-15");
	if (p->n < 64) {
		p->rows[p->n] = l->row_no;
		p->result[p->n] = l->result;
	}
	p->n++;
}

/* Result of file row i + 2 of the packed run below. */
static const char *
packed_result(int i)
{
	return i % 11 == 0 ? "无效" : i % 7 == 0 ? "有记录" : "无记录";
}

/* 10,000 results added in two calls (three blocks, then a fourth), paged
 * across a block's end, filtered to 有记录 from an offset in a later block. */
static void
test_results_packed_pages(void **state)
{
	struct fx *x = *state;
	struct reg_fixture *f = x->f;
	struct check_import im = { .kind = "roster", .institution_id = x->school,
				   .division_code = "330483", .file_name = "p.csv",
				   .created_at = NOW, .login = "t" };
	struct check_result_row *r = calloc(10000, sizeof(*r));
	struct page p = { 0 };
	struct wb_err err = { 0 };
	int64_t total = 0;
	int hits = 0, k = 0;

	assert_non_null(r);
	for (int i = 0; i < 10000; i++) {
		r[i].row_no = i + 2;
		r[i].result = packed_result(i);
		r[i].staff_id = i % 11 == 0 ? 0 : 100000 - i * 3;
		hits += i % 11 != 0 && i % 7 == 0;
	}
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(store_check_import_add(f->st, &im, &err), WB_OK);
	assert_int_equal(store_check_results_add(f->st, im.id, r, 9000, "2023-11-15", &err), WB_OK);
	assert_int_equal(store_check_results_add(f->st, im.id, r + 9000, 1000, "2023-11-15", &err),
			 WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	/* all rows: a page across the first block's end */
	assert_int_equal(store_check_results_page(f->st, im.id, "", 10, CHECK_BLOCK_ROWS - 4,
						  page_line, &p, &total, &err), WB_OK);
	assert_int_equal(total, 10000);
	assert_int_equal(p.n, 10);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(p.rows[i], CHECK_BLOCK_ROWS - 4 + i + 2);
		assert_string_equal(p.result[i], packed_result(CHECK_BLOCK_ROWS - 4 + i));
	}
	/* 有记录 only, from the 600th of them: each the next hit in file order */
	memset(&p, 0, sizeof(p));
	assert_int_equal(store_check_results_page(f->st, im.id, "有记录", 50, 600, page_line, &p,
						  &total, &err), WB_OK);
	assert_int_equal(total, hits);
	assert_int_equal(p.n, hits - 600 < 50 ? hits - 600 : 50);
	for (int i = 0; i < 10000 && k < 600 + p.n; i++) {
		if (strcmp(packed_result(i), "有记录") != 0)
			continue;
		if (k >= 600)
			assert_int_equal(p.rows[k - 600], i + 2);
		k++;
	}
	/* past the end: the total, no rows; an unknown result: none */
	memset(&p, 0, sizeof(p));
	assert_int_equal(store_check_results_page(f->st, im.id, "无效", 10, 100000, page_line, &p,
						  &total, &err), WB_OK);
	assert_int_equal(total, 910);
	assert_int_equal(p.n, 0);
	assert_int_equal(store_check_results_page(f->st, im.id, "其他", 10, 0, page_line, &p, &total,
						  &err), WB_OK);
	assert_int_equal(total, 0);
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_and_simple_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_institution_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_reseals_people, setup, teardown),
		cmocka_unit_test(test_block_codec),
		cmocka_unit_test_setup_teardown(test_results_packed_pages, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
