/* The indicators' counts on SQLite and PostgreSQL: per town, as of a date,
 * within a scope — a town with no villages, an agreement that lapsed the day
 * before, a place count of zero, a school built after the date, records of
 * other stages; the in-memory snapshot's counts equal to the SQL aggregate's;
 * the registers' generation bumped by every write of the registers and
 * divisions; and the bindings of targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/allowances.h"
#include "app/division_import.h"
#include "app/facilities.h"
#include "app/indicators.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "sec/scope.h"
#include "store/indicators.h"
#include "store/meta.h"
#include "store/org.h"
#include "store/plans.h"
#include "store/users.h"

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


/* ---- the snapshot agrees with the SQL aggregate ---- */

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct ind_counts *)a)->town_code,
		      ((const struct ind_counts *)b)->town_code);
}

/* The groups of the snapshot and of STMT_IND_COUNTS for scope, as_of and
 * stages are the same (by town, every count). */
static void
assert_same_counts(struct reg_fixture *f, const struct indsnap *snap, const struct scope *s,
		   const char *as_of, const char *stages)
{
	struct groups sql = { 0 }, mem = { 0 };
	struct scope_binds b;
	struct indsnap_filter flt;
	struct wb_err err = { 0 };

	assert_int_equal(store_ind_counts(f->st, s, as_of, stages, collect, &sql, &err), WB_OK);
	scope_binds(s, &b);
	flt = (struct indsnap_filter){ .all = b.all, .prefix = b.prefix, .owner_id = b.owner_id };
	assert_true(indsnap_counts(snap, &flt, as_of, stages, collect, &mem));
	qsort(sql.g, (size_t)sql.n, sizeof(sql.g[0]), by_code);
	qsort(mem.g, (size_t)mem.n, sizeof(mem.g[0]), by_code);
	assert_int_equal(mem.n, sql.n);
	for (int i = 0; i < sql.n; i++) {
		assert_string_equal(mem.g[i].town_code, sql.g[i].town_code);
		for (int k = 0; k < INDC__MAX; k++)
			if (mem.g[i].n[k] != sql.g[i].n[k])
				fail_msg("%s %s %s count %d: snapshot %lld, SQL %lld", as_of, stages,
					 sql.g[i].town_code, k, (long long)mem.g[i].n[k],
					 (long long)sql.g[i].n[k]);
	}
}

static void
add_snap_town(const struct indsnap_town *t, void *arg)
{
	struct towns *w = arg;

	if (w->n < 16) {
		struct ind_town *x = &w->t[w->n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->code, sizeof(x->code), "%s", t->code);
		snprintf(x->name, sizeof(x->name), "%s", t->name);
		x->has_population = t->has_population;
		x->population = t->population;
		x->villages = t->villages;
	}
}

static void
test_snapshot_agrees_with_sql(void **state)
{
	struct reg_fixture *f = *state;
	static const char *const dates[] = { "2021-12-31", "2022-01-01", "2022-06-29", "2022-06-30",
					     "2022-07-01", "2022-12-31", "2030-01-01" };
	static const char *const stages[] = { STAGES, "|中职|", "|", "|小学|特殊教育|" };
	struct scope town_a = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_TOWN };
	struct scope village = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_VILLAGE };
	struct scope own = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_OWN };
	struct scope unit = { .rule = SCOPE_RULE_REGISTER, .kind = SCOPE_UNIT, .unit_id = 3 };
	const struct scope *scopes[] = { &f->county, &town_a, &village, &own, &unit };
	struct facility_row r = { .type = FACILITY_STATION };
	struct towns sql = { 0 }, mem = { 0 };
	struct indsnap_filter all = { .all = true };
	struct indsnap *snap;
	struct wb_err err = { 0 };
	int64_t id, pop, spop;
	bool known, sknown;

	snprintf(town_a.division, sizeof(town_a.division), "%s", TOWN_A);
	snprintf(village.division, sizeof(village.division), "%s", VILLAGE_A1);
	/* a record created by a user of scope `own` (who sees it alone) */
	{
		struct user u = { 0 };
		snprintf(u.login, sizeof(u.login), "ownscope");
		snprintf(u.display_name, sizeof(u.display_name), "自建");
		snprintf(u.scope_kind, sizeof(u.scope_kind), "own");
		snprintf(u.password_hash, sizeof(u.password_hash), "x");
		assert_int_equal(store_user_add(f->st, &u, NOW, &own.user_id, &err), WB_OK);
	}
	snprintf(r.v[FCOL_NAME], sizeof(r.v[FCOL_NAME]), "自建站");
	snprintf(r.v[FCOL_DIVISION], sizeof(r.v[FCOL_DIVISION]), "%s", TOWN_B);
	snprintf(r.v[FCOL_STATUS], sizeof(r.v[FCOL_STATUS]), "运行");
	snprintf(r.v[FCOL_OPENED_ON], sizeof(r.v[FCOL_OPENED_ON]), "2022-01-01");
	snprintf(r.town_code, sizeof(r.town_code), "%s", TOWN_B);
	assert_int_equal(store_facility_insert(f->st, &r, NOW, own.user_id, &id, &err), WB_OK);

	assert_int_equal(store_ind_snapshot(f->st, NULL, &snap, &err), WB_OK);
	assert_true(indsnap_records(snap) > 20);
	for (size_t d = 0; d < sizeof(dates) / sizeof(dates[0]); d++)
		for (size_t k = 0; k < sizeof(stages) / sizeof(stages[0]); k++)
			for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
				assert_same_counts(f, snap, scopes[i], dates[d], stages[k]);
	/* the towns, their villages and populations, the county's */
	assert_int_equal(store_ind_towns(f->st, &f->county, add_town, &sql, &err), WB_OK);
	indsnap_towns(snap, &all, add_snap_town, &mem);
	assert_int_equal(mem.n, sql.n);
	for (int i = 0; i < sql.n; i++) {
		assert_string_equal(mem.t[i].code, sql.t[i].code);
		assert_string_equal(mem.t[i].name, sql.t[i].name);
		assert_int_equal(mem.t[i].villages, sql.t[i].villages);
		assert_int_equal(mem.t[i].has_population, sql.t[i].has_population);
		assert_int_equal(mem.t[i].population, sql.t[i].population);
	}
	memset(&mem, 0, sizeof(mem));
	indsnap_towns(snap, &(struct indsnap_filter){ .prefix = TOWN_A }, add_snap_town, &mem);
	assert_int_equal(mem.n, 1);
	assert_int_equal(store_ind_county_population(f->st, &pop, &known, &err), WB_OK);
	indsnap_county_population(snap, &sknown, &spop);
	assert_int_equal(sknown, known);
	assert_int_equal(spop, pop);

	/* writes to two registers and the divisions: a snapshot read from the
	 * last one reads those parts again, copies the others, and still agrees */
	{
		struct indsnap *next;
		struct division d = { 0 };
		bool created;
		snprintf(r.v[FCOL_NAME], sizeof(r.v[FCOL_NAME]), "新站");
		snprintf(r.v[FCOL_DIVISION], sizeof(r.v[FCOL_DIVISION]), "%s", TOWN_A);
		snprintf(r.town_code, sizeof(r.town_code), "%s", TOWN_A);
		assert_int_equal(store_facility_insert(f->st, &r, NOW, 0, &id, &err), WB_OK);
		import(f, FACILITY_REHAB, "名称,区划代码,协议开始日期,协议结束日期\n"
		       "新康复," TOWN_B ",2022-01-01,\n");
		snprintf(d.code, sizeof(d.code), "%s", TOWN_B "209");
		snprintf(d.name, sizeof(d.name), "乙九村");
		snprintf(d.level, sizeof(d.level), "village");
		snprintf(d.kind, sizeof(d.kind), "village");
		snprintf(d.parent_code, sizeof(d.parent_code), "%s", TOWN_B);
		d.population = 900;
		assert_int_equal(store_division_put(f->st, &d, &created, &err), WB_OK);
		assert_int_equal(store_ind_snapshot(f->st, snap, &next, &err), WB_OK);
		assert_string_not_equal(indsnap_gen(next), indsnap_gen(snap));
		for (size_t k = 0; k < 3; k++) {
			const char *part = (const char *[]){ "station", "rehab", "divisions" }[k];
			assert_string_not_equal(indsnap_part_gen(next, part), indsnap_part_gen(snap, part));
		}
		for (size_t k = 0; k < 4; k++) {
			const char *part = (const char *[]){ "children_home", "childcare", "post",
							     "school" }[k];
			assert_true(indsnap_part_gen(snap, part)[0] != '\0');
			assert_string_equal(indsnap_part_gen(next, part), indsnap_part_gen(snap, part));
		}
		assert_int_equal(indsnap_records(next), indsnap_records(snap) + 2);
		for (size_t di = 0; di < sizeof(dates) / sizeof(dates[0]); di++)
			for (size_t k = 0; k < sizeof(stages) / sizeof(stages[0]); k++)
				for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
					assert_same_counts(f, next, scopes[i], dates[di], stages[k]);
		memset(&mem, 0, sizeof(mem));
		memset(&sql, 0, sizeof(sql));
		assert_int_equal(store_ind_towns(f->st, &f->county, add_town, &sql, &err), WB_OK);
		indsnap_towns(next, &all, add_snap_town, &mem);
		for (int i = 0; i < sql.n; i++)
			assert_int_equal(mem.t[i].villages, sql.t[i].villages);
		/* a delete, read from the second snapshot */
		indsnap_free(snap);
		snap = next;
		assert_int_equal(store_facility_delete(f->st, id, &err), WB_OK);
		assert_int_equal(store_ind_snapshot(f->st, snap, &next, &err), WB_OK);
		assert_int_equal(indsnap_records(next), indsnap_records(snap) - 1);
		for (size_t di = 0; di < sizeof(dates) / sizeof(dates[0]); di++)
			for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
				assert_same_counts(f, next, scopes[i], dates[di], STAGES);
		indsnap_free(next);
	}
	indsnap_free(snap);
}

/* ---- the registers' generation ---- */

/* The generation now (must be set). */
static void
gen_now(struct reg_fixture *f, char *out)
{
	struct wb_err err = { 0 };

	assert_int_equal(store_registers_gen(f->st, out, 32, &err), WB_OK);
	assert_true(out[0] != '\0');
}

struct one_part {
	const char *part;
	char *out;
};

static void
pick_part(const char *part, const char *gen, void *arg)
{
	struct one_part *p = arg;

	if (strcmp(part, p->part) == 0)
		snprintf(p->out, 32, "%s", gen);
}

/* The generation of part now (must be set). */
static void
part_now(struct reg_fixture *f, const char *part, char *out)
{
	struct one_part p = { part, out };
	struct wb_err err = { 0 };

	out[0] = '\0';
	assert_int_equal(store_registers_parts(f->st, pick_part, &p, &err), WB_OK);
	assert_true(out[0] != '\0');
}

/* Asserts the generation moved since *gen, and remembers the new one. */
#define assert_bumped(f, gen, what) do { \
	char now_[32]; \
	gen_now(f, now_); \
	if (strcmp(now_, gen) == 0) \
		fail_msg("%s left the registers' generation at %s", what, now_); \
	snprintf(gen, 32, "%s", now_); \
} while (0)

static void
test_generation_bumped_by_every_write(void **state)
{
	struct reg_fixture *f = *state;
	const char *in[FCOL__MAX] = { 0 };
	struct vec issues = VEC_INIT(struct facility_issue);
	struct facility_row gone;
	struct import_report rep;
	struct wb_err err = { 0 };
	struct division d = { 0 };
	char gen[32], again[32];
	const char *csv = "code,name\n330483003202,乙二村\n";
	int64_t id;
	bool changed, created;

	gen_now(f, gen);   /* the fixture's writes set it */
	{	/* a register's write moves its own part, not another's */
		struct facility_row r = { .type = FACILITY_SCHOOL };
		char school[32], station[32];
		part_now(f, "school", school);
		part_now(f, "station", station);
		snprintf(r.v[FCOL_NAME], sizeof(r.v[FCOL_NAME]), "分代学校");
		snprintf(r.v[FCOL_DIVISION], sizeof(r.v[FCOL_DIVISION]), "%s", TOWN_A);
		snprintf(r.v[FCOL_STAGE], sizeof(r.v[FCOL_STAGE]), "小学");
		snprintf(r.town_code, sizeof(r.town_code), "%s", TOWN_A);
		assert_int_equal(store_facility_insert(f->st, &r, NOW, 0, &id, &err), WB_OK);
		part_now(f, "school", again);
		assert_string_not_equal(again, school);
		part_now(f, "station", again);
		assert_string_equal(again, station);
		part_now(f, "school", school);
		assert_int_equal(store_facility_delete(f->st, id, &err), WB_OK);   /* by id */
		part_now(f, "school", again);
		assert_string_not_equal(again, school);
		assert_bumped(f, gen, "a school");
	}
	/* create, update, delete through the service layer, each in its transaction */
	in[FCOL_NAME] = "代际站";
	in[FCOL_DIVISION] = TOWN_B;
	in[FCOL_STATUS] = "运行";
	in[FCOL_OPENED_ON] = "2022-01-01";
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_create(&f->app, FACILITY_STATION, in, &id, &issues, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	assert_bumped(f, gen, "a create");
	memset(in, 0, sizeof(in));
	in[FCOL_STATUS] = "撤销";
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_update(&f->app, id, in, &changed, &issues, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	assert_true(changed);
	assert_bumped(f, gen, "an update");
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_delete(&f->app, id, "测试", &gone, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	assert_bumped(f, gen, "a delete");
	/* an import */
	import(f, FACILITY_POST, "名称,区划代码,建成日期\n乙驿站," TOWN_B ",2022-01-01\n");
	assert_bumped(f, gen, "an import");
	/* the store's writes on their own (no transaction open: each opens one) */
	{
		struct facility_row r = { .type = FACILITY_STATION };
		snprintf(r.v[FCOL_NAME], sizeof(r.v[FCOL_NAME]), "裸站");
		snprintf(r.v[FCOL_DIVISION], sizeof(r.v[FCOL_DIVISION]), "%s", TOWN_A);
		snprintf(r.town_code, sizeof(r.town_code), "%s", TOWN_A);
		assert_int_equal(store_facility_insert(f->st, &r, NOW, 0, &id, &err), WB_OK);
		assert_false(store_in_transaction(f->st));
		assert_bumped(f, gen, "store_facility_insert");
		r.id = id;
		snprintf(r.v[FCOL_STATUS], sizeof(r.v[FCOL_STATUS]), "运行");
		assert_int_equal(store_facility_update(f->st, &r, NOW, &err), WB_OK);
		assert_bumped(f, gen, "store_facility_update");
		assert_int_equal(store_facility_delete(f->st, id, &err), WB_OK);
		assert_bumped(f, gen, "store_facility_delete");
		/* a failed write changes nothing, the generation included */
		assert_int_equal(store_facility_delete(f->st, id, &err), WB_ERR_NOTFOUND);
		assert_false(store_in_transaction(f->st));
		gen_now(f, again);
		assert_string_equal(again, gen);
	}
	/* a division, created and changed; a division import */
	snprintf(d.code, sizeof(d.code), "330483001203");
	snprintf(d.name, sizeof(d.name), "甲三村");
	snprintf(d.level, sizeof(d.level), "village");
	snprintf(d.kind, sizeof(d.kind), "village");
	snprintf(d.parent_code, sizeof(d.parent_code), TOWN_A);
	d.population = -1;
	assert_int_equal(store_division_put(f->st, &d, &created, &err), WB_OK);
	assert_true(created);
	assert_bumped(f, gen, "a new division");
	d.population = 1200;
	assert_int_equal(store_division_put(f->st, &d, &created, &err), WB_OK);
	assert_bumped(f, gen, "a division's population");
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(division_import_csv(f->st, csv, strlen(csv), &rep, &err), WB_OK);
	assert_bumped(f, gen, "a division import");
	/* a transaction rolled back leaves it; many writes in one move it once */
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	import(f, FACILITY_POST, "名称,区划代码,建成日期\n回滚驿站," TOWN_B ",2022-01-01\n");
	store_rollback_all(f->st);
	gen_now(f, again);
	assert_string_equal(again, gen);
	/* a new random value (a restore) */
	assert_int_equal(store_registers_regen(f->st, &err), WB_OK);
	assert_bumped(f, gen, "a new generation");
	vec_free(&issues);
}

/* Plan item 6's indicator reads the allowance standard in force on a date:
 * the 集中供养 孤儿 one of the latest date on or before it, never another
 * category's or mode's; the definition is offered with its unit. */
static void
test_standard_in_force(void **state)
{
	struct reg_fixture *f = *state;
	struct wb_err err = { 0 };
	int64_t fen = -1;
	bool found = true, below = false;
	json_t *defs;
	size_t i;
	json_t *d;
	bool offered = false;

	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "集中供养", "2024-01-01", &fen,
						   &found, &err), WB_OK);
	assert_false(found);
	assert_int_equal(fen, 0);
	assert_int_equal(app_allowance_standard_add(&f->app, "孤儿", "集中供养", "2023-01-01", "2000",
						    &below, &err), WB_OK);
	assert_true(below);
	assert_int_equal(app_allowance_standard_add(&f->app, "孤儿", "集中供养", "2024-07-01",
						    "2100.50", &below, &err), WB_OK);
	assert_false(below);
	assert_int_equal(app_allowance_standard_add(&f->app, "孤儿", "社会散居", "2024-01-01", "9000",
						    &below, &err), WB_OK);
	assert_int_equal(app_allowance_standard_add(&f->app, "事实无人抚养儿童", "集中供养",
						    "2024-01-01", "9000", &below, &err), WB_OK);
	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "集中供养", "2022-12-31", &fen,
						   &found, &err), WB_OK);
	assert_false(found);
	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "集中供养", "2023-01-01", &fen,
						   &found, &err), WB_OK);
	assert_true(found);
	assert_int_equal(fen, 200000);
	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "集中供养", "2024-06-30", &fen,
						   &found, &err), WB_OK);
	assert_int_equal(fen, 200000);   /* the others do not count */
	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "集中供养", "2024-07-01", &fen,
						   &found, &err), WB_OK);
	assert_int_equal(fen, 210050);
	assert_int_equal(app_allowance_standard_on(&f->app, "孤儿", "社会散居", "2024-07-01", &fen,
						   &found, &err), WB_OK);
	assert_int_equal(fen, 900000);
	defs = app_indicator_definitions();
	json_array_foreach(defs, i, d) {
		if (strcmp(json_string_value(json_object_get(d, "code")), "orphan_standard") != 0)
			continue;
		offered = true;
		assert_string_equal(json_string_value(json_object_get(d, "unit")), "元");
		assert_string_equal(json_string_value(json_object_get(d, "kind")), "standard");
		assert_string_equal(json_string_value(json_object_get(d, "name")),
				    "集中供养孤儿基本生活费年标准");
	}
	json_decref(defs);
	assert_true(offered);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_as_of_a_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_town, setup, teardown),
		cmocka_unit_test_setup_teardown(test_towns_villages_population, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bindings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_agrees_with_sql, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generation_bumped_by_every_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_standard_in_force, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
