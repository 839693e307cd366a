/* Background checks, the staff side, on SQLite and PostgreSQL: coverage and
 * who is due across the 12-month boundary (calendar months, month ends),
 * applicants and future hires not current staff, the scopes (a town its
 * institutions, an HR user their own, a member unit on the dashboard all),
 * and a re-check recorded against the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_staff.h"
#include "app/config.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "store/check_staff.h"
#include "store/checks.h"
#include "store/facilities.h"

#define NOW 1796356800   /* 2026-12-04 12:00 in China */

struct fx {
	struct reg_fixture *f;
	struct wb_config config;
	int64_t school, hospital, import_id;
	int64_t staff[5];   /* e1 (due on 12-05), e2, applicant, future hire, hospital's */
};

static int64_t
institution(struct reg_fixture *f, enum facility_type t, const char *name, const char *town)
{
	struct facility_row r = { .type = t };
	struct wb_err err = { 0 };
	int64_t id = 0;

	snprintf(r.v[FCOL_NAME], sizeof(r.v[FCOL_NAME]), "%s", name);
	snprintf(r.v[FCOL_DIVISION], sizeof(r.v[FCOL_DIVISION]), "%s", town);
	if (t == FACILITY_SCHOOL)
		snprintf(r.v[FCOL_STAGE], sizeof(r.v[FCOL_STAGE]), "小学");
	snprintf(r.town_code, sizeof(r.town_code), "%s", town);
	assert_int_equal(store_facility_insert(f->st, &r, NOW, 0, &id, &err), WB_OK);
	return id;
}

/* An index value: the hex digits h followed by zeros to 32 (the store keeps
 * its 16 bytes). */
static void
hex32(char out[CHECK_INDEX_SIZE], const char *h)
{
	snprintf(out, CHECK_INDEX_SIZE, "%s%0*d", h, (int)(CHECK_INDEX_SIZE - 1 - strlen(h)), 0);
}

/* One person of institution inst, hired on `hired` (NULL: an applicant),
 * last checked on `checked`; match m. */
static int64_t
person(struct fx *x, int64_t inst, const char *division, const char *bidx, const char *m,
       const char *hired, const char *checked)
{
	struct check_staff_row r = { .person = "", .post = "教师", .hired_on = hired,
				     .result = "无记录" };
	struct wb_err err = { 0 };
	int64_t id;

	assert_int_equal(store_check_staff_reserve_ids(x->f->st, 1, &id, &err), WB_OK);
	r.id = id;
	hex32(r.id_bidx, bidx);
	hex32(r.match, m);
	assert_int_equal(store_check_staff_insert(x->f->st, inst, division, &r, 1, checked,
						  x->import_id, NOW, 0, &err), WB_OK);
	return id;
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct wb_err err = { 0 };
	struct check_import im = { .kind = "roster", .file_name = "r.csv", .login = "test" };
	struct check_registry_entry e = { .category = "虐待", .recorded_on = "2019-01-01" };

	x->f = reg_fixture_new(NOW);
	config_defaults(&x->config);
	x->f->app.config = &x->config;
	assert_int_equal(store_begin(x->f->st, &err), WB_OK);
	x->school = institution(x->f, FACILITY_SCHOOL, "甲小学", REG_TOWN_A);
	x->hospital = institution(x->f, FACILITY_HOSPITAL, "乙医院", REG_TOWN_B);
	institution(x->f, FACILITY_STATION, "甲未保站", REG_TOWN_A);   /* not checked */
	im.institution_id = x->school;
	im.division_code = REG_TOWN_A;
	im.created_at = NOW;
	assert_int_equal(store_check_import_add(x->f->st, &im, &err), WB_OK);
	x->import_id = im.id;
	x->staff[0] = person(x, x->school, REG_TOWN_A, "b0", "d0", "2020-09-01", "2025-12-04");
	x->staff[1] = person(x, x->school, REG_TOWN_A, "b1", "d1", "2020-09-01", "2025-12-05");
	x->staff[2] = person(x, x->school, REG_TOWN_A, "b2", "d2", NULL, "2025-01-01");
	x->staff[3] = person(x, x->school, REG_TOWN_A, "b3", "d3", "2027-01-01", "2026-12-01");
	x->staff[4] = person(x, x->hospital, REG_TOWN_B, "b4", "d4", "2021-01-01", "2026-06-30");
	hex32(e.match, "d0");
	assert_int_equal(store_check_registry_add(x->f->st, x->import_id, &e, 1, NOW, &err), WB_OK);
	assert_int_equal(store_commit(x->f->st, &err), WB_OK);
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

static void
test_period_start_by_calendar_months(void **state)
{
	struct fx *x = *state;
	char from[11];

	assert_true(app_check_period_start(&x->f->app, "2026-12-05", from));
	assert_string_equal(from, "2025-12-05");
	assert_true(app_check_period_start(&x->f->app, "2025-02-28", from));
	assert_string_equal(from, "2024-02-28");
	x->config.check_recheck_months = 1;
	assert_true(app_check_period_start(&x->f->app, "2025-03-31", from));
	assert_string_equal(from, "2025-02-28");   /* the month's last day */
	x->config.check_recheck_months = 12;
	assert_false(app_check_period_start(&x->f->app, "2026-02-30", from));
}

/* The school's line of a coverage on `on` within scope s. */
static struct check_cover
school_on(struct fx *x, const struct scope *s, const char *on, size_t *n)
{
	struct app_ctx c = x->f->app;
	struct check_coverage cov;
	struct check_cover out = { 0 };
	struct wb_err err = { 0 };

	c.scope = s;
	assert_int_equal(app_check_coverage(&c, on, &cov, &err), WB_OK);
	*n = cov.ninstitutions;
	for (size_t i = 0; i < cov.ninstitutions; i++)
		if (cov.institutions[i].id == x->school)
			out = cov.institutions[i].c;
	check_coverage_free(&cov);
	return out;
}

static void
test_coverage_across_the_twelve_month_boundary(void **state)
{
	struct fx *x = *state;
	struct check_coverage cov;
	struct wb_err err = { 0 };
	struct check_cover c;
	size_t n;

	/* 2026-12-04: both employees checked within the 12 months (e1 on
	 * 2025-12-04 covers through 2026-12-04); the applicant and the hire
	 * of 2027 are not current staff */
	c = school_on(x, &x->f->county, "2026-12-04", &n);
	assert_int_equal(n, 2);   /* the school and the hospital, not the station */
	assert_int_equal(c.staff, 2);
	assert_int_equal(c.covered, 2);
	assert_true(c.known);
	/* the day after: e1 is due */
	c = school_on(x, &x->f->county, "2026-12-05", &n);
	assert_int_equal(c.staff, 2);
	assert_int_equal(c.covered, 1);
	assert_true(c.percent > 49.9 && c.percent < 50.1);
	/* a check after the day does not count for it */
	c = school_on(x, &x->f->county, "2025-12-04", &n);
	assert_int_equal(c.covered, 1);
	/* the county line and the types */
	assert_int_equal(app_check_coverage(&x->f->app, "2026-12-05", &cov, &err), WB_OK);
	assert_int_equal(cov.county.staff, 3);
	assert_int_equal(cov.county.covered, 2);
	assert_int_equal(cov.months, 12);
	assert_string_equal(cov.from, "2025-12-05");
	for (size_t t = 0; t < cov.ntypes; t++) {
		if (strcmp(cov.types[t].type, "school") == 0)
			assert_int_equal(cov.types[t].institutions, 1);
		if (strcmp(cov.types[t].type, "childcare") == 0)
			assert_false(cov.types[t].c.known);   /* no staff: no figure */
	}
	check_coverage_free(&cov);
	assert_int_equal(app_check_coverage(&x->f->app, "2026-13-01", &cov, &err), WB_ERR_INVALID);
}

struct seen {
	int n;
	int64_t ids[8];
};

static void
seen_person(const struct check_staff_entry *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->ids[s->n] = r->id;
	s->n++;
}

static void
test_due_and_applicants(void **state)
{
	struct fx *x = *state;
	struct check_staff_filter f = { .scope = &x->f->county, .applicants = -1 };
	struct seen s = { 0 };
	struct wb_err err = { 0 };
	int64_t total = 0;

	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 5);
	f.due_today = "2026-12-05";
	f.due_from = "2025-12-05";
	f.applicants = 0;
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(s.ids[0], x->staff[0]);
	f.due_today = "2026-12-04";
	f.due_from = "2025-12-04";
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 0);
	f.due_today = NULL;
	f.applicants = 1;
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(s.ids[0], x->staff[2]);
	/* a page past the end: the total, no rows */
	f.applicants = -1;
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_check_staff_page(x->f->st, &f, 2, 4, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 5);
	assert_int_equal(s.n, 1);
}

static void
test_scopes(void **state)
{
	struct fx *x = *state;
	struct scope town_b = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_B, 0, 99, 0);
	struct scope hr = scope_make(SCOPE_RULE_DIVISION, SCOPE_INSTITUTION, NULL, 0, 99, x->hospital);
	struct scope hr_dash = scope_make(SCOPE_RULE_REGISTER, SCOPE_INSTITUTION, NULL, 0, 99,
					  x->hospital);
	struct scope unit = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, NULL, 3, 99, 0);
	struct scope unit_dash = scope_make(SCOPE_RULE_REGISTER, SCOPE_UNIT, NULL, 3, 99, 0);
	struct check_staff_filter f = { .applicants = -1 };
	struct check_staff_entry row;
	struct seen s = { 0 };
	struct wb_err err = { 0 };
	char name[404], type[16];
	int64_t total;
	size_t n;

	f.scope = &town_b;
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(s.ids[0], x->staff[4]);
	f.scope = &hr;
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 1);
	assert_int_equal(store_check_staff_get(x->f->st, &hr, x->staff[0], &row, &err),
			 WB_ERR_NOTFOUND);
	assert_int_equal(store_check_staff_get(x->f->st, &hr, x->staff[4], &row, &err), WB_OK);
	assert_string_equal(row.institution_name, "乙医院");
	assert_string_equal(row.institution_type, "hospital");
	f.scope = &unit;   /* a member unit keeps no roster */
	assert_int_equal(store_check_staff_page(x->f->st, &f, 100, 0, seen_person, &s, &total, &err),
			 WB_OK);
	assert_int_equal(total, 0);
	assert_int_equal(store_check_institution_get(x->f->st, &hr, x->school, name, type, &err),
			 WB_ERR_NOTFOUND);
	assert_int_equal(store_check_institution_get(x->f->st, &hr, x->hospital, name, type, &err),
			 WB_OK);
	/* the dashboard: a member unit reads the county, an HR user nothing */
	school_on(x, &unit_dash, "2026-12-04", &n);
	assert_int_equal(n, 2);
	school_on(x, &hr_dash, "2026-12-04", &n);
	assert_int_equal(n, 0);
	school_on(x, &town_b, "2026-12-04", &n);
	assert_int_equal(n, 1);
}

struct lines {
	int n;
	char result[16], reason[64];
};

static void
seen_recheck(const struct check_recheck_row *r, void *arg)
{
	struct lines *l = arg;

	if (l->n++ == 0) {
		snprintf(l->result, sizeof(l->result), "%s", r->result);
		snprintf(l->reason, sizeof(l->reason), "%s", r->reason);
	}
}

static void
test_recheck_against_the_registry(void **state)
{
	struct fx *x = *state;
	struct check_staff_entry row;
	struct lines l = { 0 };
	struct wb_err err = { 0 };
	int64_t inst = 0;
	bool hit = false;

	assert_int_equal(store_begin(x->f->st, &err), WB_OK);
	assert_int_equal(store_check_recheck(x->f->st, x->staff[0], "2026-12-05", NOW, 0, "test",
					     "本人申请", &hit, &inst, &err), WB_OK);
	assert_true(hit);
	assert_int_equal(inst, x->school);
	assert_int_equal(store_check_recheck(x->f->st, x->staff[1], "2026-12-05", NOW, 0, "test",
					     "年度复查", &hit, &inst, &err), WB_OK);
	assert_false(hit);
	assert_int_equal(store_commit(x->f->st, &err), WB_OK);
	assert_int_equal(store_check_staff_get(x->f->st, &x->f->county, x->staff[0], &row, &err),
			 WB_OK);
	assert_string_equal(row.last_checked_on, "2026-12-05");
	assert_string_equal(row.last_result, "有记录");
	assert_int_equal(store_check_rechecks(x->f->st, x->staff[0], seen_recheck, &l, &err), WB_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.result, "有记录");
	assert_string_equal(l.reason, "本人申请");
	assert_int_equal(store_check_recheck(x->f->st, 999999, "2026-12-05", NOW, 0, "test", "x",
					     &hit, &inst, &err), WB_ERR_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_period_start_by_calendar_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coverage_across_the_twelve_month_boundary, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_due_and_applicants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recheck_against_the_registry, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
