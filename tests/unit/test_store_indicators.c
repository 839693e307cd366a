/* The indicators' counts on SQLite and PostgreSQL: per town, as of a date,
 * within a scope — a town with no villages, an agreement that lapsed the day
 * before, a place count of zero, a school built after the date, records of
 * other stages; and the bindings of targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/facilities.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "sec/scope.h"
#include "store/indicators.h"
#include "store/org.h"
#include "store/plans.h"

#define NOW 1700000000
#define TOWN_A REG_TOWN_A
#define TOWN_B REG_TOWN_B
#define TOWN_EMPTY "330483004"
#define VILLAGE_A1 REG_VILLAGE_A1
#define VILLAGE_A2 REG_VILLAGE_A2
#define VILLAGE_B1 REG_VILLAGE_B1
#define STAGES "|幼儿园|小学|初中|九年一贯制|完全中学|高中|"

/* Imports csv as register t with the county's context (must succeed). */
static void
import(struct reg_fixture *f, enum facility_type t, const char *csv)
{
	struct facility_import_opts o = { 0 };
	struct facility_import_report rep = { 0 };
	struct wb_err err = { 0 };

	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_import(&f->app, t, csv, strlen(csv), &o, &rep, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
}

static int
setup(void **state)
{
	struct reg_fixture *f = reg_fixture_new(NOW);

	import(f, FACILITY_STATION, "名称,镇街代码,成立日期,状态\n"
	       "甲站," TOWN_A ",2022-03-01,运行\n"
	       "甲二站," TOWN_A ",2022-03-01,运行\n"
	       "乙站," TOWN_B ",2022-03-01,筹建\n");
	import(f, FACILITY_CHILDREN_HOME, "名称,村社区代码,类型,命名级别,命名日期\n"
	       "甲一之家," VILLAGE_A1 ",示范型,省级,2022-05-01\n"
	       "甲二之家," VILLAGE_A2 ",示范型,,2022-07-01\n"
	       "乙一之家," VILLAGE_B1 ",基础型,,\n");
	import(f, FACILITY_REHAB, "名称,区划代码,协议开始日期,协议结束日期\n"
	       "甲康复," TOWN_A ",2021-01-01,2022-06-29\n"
	       "甲二康复," VILLAGE_A1 ",2022-01-01,\n"
	       "县康复,330483,2022-01-01,2022-12-31\n"
	       "乙康复," TOWN_B ",,\n");
	import(f, FACILITY_CHILDCARE, "名称,区划代码,托位数,性质,普惠,备案日期\n"
	       "甲托育," TOWN_A ",40,公办,是,2022-01-01\n"
	       "甲空托育," VILLAGE_A1 ",0,民办,否,2022-01-01\n"
	       "乙托育," TOWN_B ",25,民办,是,2022-09-01\n");
	import(f, FACILITY_POST, "名称,区划代码,建成日期\n"
	       "甲驿站," TOWN_A ",2022-01-01\n"
	       "甲一驿站," VILLAGE_A1 ",2022-01-01\n"
	       "甲一驿站二," VILLAGE_A1 ",2022-02-01\n"
	       "乙一驿站," VILLAGE_B1 ",2022-08-01\n");
	import(f, FACILITY_SCHOOL, "名称,区划代码,学段,智安校园建成日期\n"
	       "甲小学," TOWN_A ",小学,2022-01-01\n"
	       "甲初中," TOWN_A ",初中,2022-07-01\n"
	       "甲中职," TOWN_A ",中职,2022-01-01\n"
	       "乙幼儿园," VILLAGE_B1 ",幼儿园,\n");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	reg_fixture_free(*state);
	return 0;
}

struct groups {
	int n;
	struct ind_counts g[16];
};

static void
collect(const struct ind_counts *c, void *arg)
{
	struct groups *g = arg;

	if (g->n < 16)
		g->g[g->n++] = *c;
}

/* The counts of town (or "" for the county's own records); all zero when
 * the group is absent. */
static struct ind_counts
counts_of(struct reg_fixture *f, const struct scope *s, const char *as_of, const char *town)
{
	struct groups g = { 0 };
	struct ind_counts none = { 0 };
	struct wb_err err = { 0 };

	assert_int_equal(store_ind_counts(f->st, s, as_of, STAGES, collect, &g, &err), WB_OK);
	for (int i = 0; i < g.n; i++)
		if (strcmp(g.g[i].town_code, town) == 0)
			return g.g[i];
	return none;
}

static void
test_counts_as_of_a_date(void **state)
{
	struct reg_fixture *f = *state;
	struct ind_counts a = counts_of(f, &f->county, "2022-06-30", TOWN_A);
	struct ind_counts b = counts_of(f, &f->county, "2022-06-30", TOWN_B);
	struct ind_counts county = counts_of(f, &f->county, "2022-06-30", "");

	assert_int_equal(a.n[INDC_STATIONS], 2);
	assert_int_equal(b.n[INDC_STATIONS], 0);           /* 筹建 */
	assert_int_equal(a.n[INDC_HOMES_MODEL], 1);        /* the other named 2022-07-01 */
	assert_int_equal(a.n[INDC_HOMES_MODEL_CITY], 1);
	assert_int_equal(b.n[INDC_HOMES_MODEL], 0);        /* 基础型 */
	assert_int_equal(a.n[INDC_REHAB], 2);
	assert_int_equal(a.n[INDC_REHAB_AGREED], 1);       /* lapsed the day before */
	assert_int_equal(b.n[INDC_REHAB], 1);
	assert_int_equal(b.n[INDC_REHAB_AGREED], 0);       /* no agreement */
	assert_int_equal(county.n[INDC_REHAB], 1);         /* located at the county */
	assert_int_equal(county.n[INDC_REHAB_AGREED], 1);
	assert_int_equal(a.n[INDC_PLACES], 40);            /* and a place count of zero */
	assert_int_equal(b.n[INDC_PLACES], 0);             /* registered after the date */
	assert_int_equal(a.n[INDC_POSTS_TOWN], 1);
	assert_int_equal(a.n[INDC_POSTS_VILLAGES], 1);     /* one village, two 驿站 */
	assert_int_equal(b.n[INDC_POSTS_VILLAGES], 0);
	assert_int_equal(a.n[INDC_SCHOOLS], 2);            /* 中职 not counted */
	assert_int_equal(a.n[INDC_SCHOOLS_SMART], 1);      /* the 初中 built after the date */
	assert_int_equal(b.n[INDC_SCHOOLS], 1);
	assert_int_equal(b.n[INDC_SCHOOLS_SMART], 0);

	a = counts_of(f, &f->county, "2022-06-29", TOWN_A);
	assert_int_equal(a.n[INDC_REHAB_AGREED], 2);       /* its last day */
	a = counts_of(f, &f->county, "2022-12-31", TOWN_A);
	assert_int_equal(a.n[INDC_HOMES_MODEL], 2);
	assert_int_equal(a.n[INDC_SCHOOLS_SMART], 2);
	b = counts_of(f, &f->county, "2022-12-31", TOWN_B);
	assert_int_equal(b.n[INDC_PLACES], 25);
	assert_int_equal(b.n[INDC_POSTS_VILLAGES], 1);
	a = counts_of(f, &f->county, "2021-12-31", TOWN_A);
	assert_int_equal(a.n[INDC_STATIONS], 0);
	assert_int_equal(a.n[INDC_PLACES], 0);
	/* other stages counted when asked */
	{
		struct groups g = { 0 };
		struct wb_err err = { 0 };
		assert_int_equal(store_ind_counts(f->st, &f->county, "2022-06-30", "|中职|", collect,
						  &g, &err), WB_OK);
		for (int i = 0; i < g.n; i++)
			if (strcmp(g.g[i].town_code, TOWN_A) == 0)
				assert_int_equal(g.g[i].n[INDC_SCHOOLS_SMART], 1);
	}
}

static void
test_scope_town(void **state)
{
	struct reg_fixture *f = *state;
	struct scope town_b = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_TOWN };
	struct ind_counts a, b, county;

	snprintf(town_b.division, sizeof(town_b.division), "%s", TOWN_B);
	a = counts_of(f, &town_b, "2022-12-31", TOWN_A);
	b = counts_of(f, &town_b, "2022-12-31", TOWN_B);
	county = counts_of(f, &town_b, "2022-12-31", "");
	assert_int_equal(a.n[INDC_STATIONS] + a.n[INDC_REHAB] + a.n[INDC_PLACES], 0);
	assert_int_equal(county.n[INDC_REHAB], 0);
	assert_int_equal(b.n[INDC_REHAB], 1);
	assert_int_equal(b.n[INDC_PLACES], 25);
}

struct towns {
	int n;
	struct ind_town t[16];
};

static void
add_town(const struct ind_town *t, void *arg)
{
	struct towns *w = arg;

	if (w->n < 16)
		w->t[w->n++] = *t;
}

static void
test_towns_villages_population(void **state)
{
	struct reg_fixture *f = *state;
	struct scope town_a = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_TOWN };
	struct wb_err err = { 0 };
	struct towns w = { 0 };
	int64_t pop;
	bool known, seen_empty = false;

	assert_int_equal(store_ind_towns(f->st, &f->county, add_town, &w, &err), WB_OK);
	assert_int_equal(w.n, 11);
	for (int i = 0; i < w.n; i++) {
		if (strcmp(w.t[i].code, TOWN_A) == 0)
			assert_int_equal(w.t[i].villages, 2);
		if (strcmp(w.t[i].code, TOWN_EMPTY) == 0) {
			assert_int_equal(w.t[i].villages, 0);   /* a town with no villages */
			assert_false(w.t[i].has_population);
			seen_empty = true;
		}
	}
	assert_true(seen_empty);
	assert_int_equal(store_ind_county_population(f->st, &pop, &known, &err), WB_OK);
	assert_true(known);
	assert_true(pop > 0);
	snprintf(town_a.division, sizeof(town_a.division), "%s", TOWN_A);
	memset(&w, 0, sizeof(w));
	assert_int_equal(store_ind_towns(f->st, &town_a, add_town, &w, &err), WB_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.t[0].code, TOWN_A);
}

static void
test_bindings(void **state)
{
	struct reg_fixture *f = *state;
	struct wb_err err = { 0 };
	struct plan_row p = { .doc_number = "测〔2030〕1号", .title = "测试", .year = 2030,
			      .deadline = NOW + 86400 };
	struct target_row t = { .value = 11, .text = "设立11个" };
	struct binding_row b[4];
	int64_t plan, other, item, t1, t2, id;
	size_t n;
	bool removed;

	snprintf(t.op, sizeof(t.op), "=");
	snprintf(t.unit, sizeof(t.unit), "个");
	snprintf(t.scope, sizeof(t.scope), "county");
	assert_int_equal(store_plan_put(f->st, &p, "", 0, NOW, &plan, &err), WB_OK);
	p.doc_number = "测〔2030〕2号";
	assert_int_equal(store_plan_put(f->st, &p, "", 0, NOW, &other, &err), WB_OK);
	assert_int_equal(store_item_put(f->st, plan, 2, 1, "设立未保站", "市民政局", &item, &err),
			 WB_OK);
	assert_int_equal(store_item_add_target(f->st, item, 1, &t, &err), WB_OK);
	assert_int_equal(store_item_add_target(f->st, item, 2, &t, &err), WB_OK);
	assert_int_equal(store_target_of_item(f->st, item, 1, &t1, &err), WB_OK);
	assert_int_equal(store_target_of_item(f->st, item, 2, &t2, &err), WB_OK);
	assert_int_equal(store_target_of_item(f->st, item, 3, &id, &err), WB_OK);
	assert_int_equal(id, 0);
	assert_int_equal(store_target_in_plan(f->st, plan, t2, &err), WB_OK);
	assert_int_equal(store_target_in_plan(f->st, other, t2, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_binding_put(f->st, t2, "stations_running", "{}", NOW, &err), WB_OK);
	assert_int_equal(store_binding_put(f->st, t2, "homes_model", NULL, NOW, &err), WB_OK);
	assert_int_equal(store_bindings_of_item(f->st, item, b, 4, &n, &err), WB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].seq, 2);
	assert_string_equal(b[0].definition, "homes_model");
	assert_string_equal(b[0].params, "{}");
	assert_int_equal(store_binding_delete(f->st, t1, &removed, &err), WB_OK);
	assert_false(removed);
	assert_int_equal(store_binding_delete(f->st, t2, &removed, &err), WB_OK);
	assert_true(removed);
	assert_int_equal(store_binding_put(f->st, t1, "homes_model", "{}", NOW, &err), WB_OK);
	/* the targets renewed: the binding goes with them */
	assert_int_equal(store_item_clear_targets(f->st, item, &err), WB_OK);
	assert_int_equal(store_bindings_of_item(f->st, item, b, 4, &n, &err), WB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_plan_latest_open(f->st, &id, &err), WB_OK);
	assert_int_equal(id, other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_as_of_a_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_town, setup, teardown),
		cmocka_unit_test_setup_teardown(test_towns_villages_population, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bindings, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
