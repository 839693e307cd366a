/* Children in difficulty on SQLite and PostgreSQL: every column stored and
 * read back, the blind index unique, scopes (a village, a town, never a
 * member unit or a creator), filters by category and birth date, parents'
 * status periods, guardians, history, rejected rows kept for their importer
 * only until they expire, children due for re-derivation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/child.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "sec/scope.h"
#include "store/children.h"

#define NOW 1700000000
#define TOWN_A REG_TOWN_A
#define TOWN_B REG_TOWN_B
#define VILLAGE_A1 REG_VILLAGE_A1
#define VILLAGE_A2 REG_VILLAGE_A2
#define VILLAGE_B1 REG_VILLAGE_B1

static int
setup(void **state)
{
	*state = reg_fixture_new(NOW);
	return 0;
}

static int
teardown(void **state)
{
	reg_fixture_free(*state);
	return 0;
}

/* The fixture's store. */
#define STORE(state) (((struct reg_fixture *)*(state))->st)

/* A child of village with blind index idx (any 64 characters) and birth
 * date birth, stored with made-up tokens; returns its id. */
static int64_t
add_child(struct store *st, const char *idx, const char *village, const char *birth,
	  unsigned categories)
{
	struct child_row *r = calloc(1, sizeof(*r));
	struct wb_err err = { 0 };
	int64_t id = 0;

	assert_non_null(r);
	snprintf(r->id_index, sizeof(r->id_index), "%s", idx);
	snprintf(r->village_code, sizeof(r->village_code), "%s", village);
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", village);
	snprintf(r->birth_date, sizeof(r->birth_date), "%s", birth);
	snprintf(r->sex, sizeof(r->sex), "女");
	snprintf(r->placement, sizeof(r->placement), "家庭");
	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_CHILD, 1, &id, &err), WB_OK);
	r->id = id;
	snprintf(r->id_number, sizeof(r->id_number), "v1:id-%s", idx);
	snprintf(r->name, sizeof(r->name), "v1:name-%s", idx);
	assert_int_equal(store_child_insert(st, r, NOW, 0, &err), WB_OK);
	assert_int_equal(store_child_set_categories(st, id, categories, "2022-01-01", "2022-06-01",
						    &err), WB_OK);
	assert_int_equal(store_commit(st, &err), WB_OK);
	free(r);
	return id;
}

static char *
index_of(char c)
{
	static char buf[65];

	memset(buf, c, 64);
	buf[64] = '\0';
	return buf;
}

static void
test_round_trip_and_unique_index(void **state)
{
	struct store *st = STORE(state);
	struct child_row *r = calloc(1, sizeof(*r)), *back = calloc(1, sizeof(*back));
	struct wb_err err = { 0 };
	int64_t id = 0, id2 = 0;
	bool found = false;

	assert_non_null(r);
	assert_non_null(back);
	snprintf(r->id_index, sizeof(r->id_index), "%s", index_of('a'));
	r->temporary = true;
	snprintf(r->sex, sizeof(r->sex), "男");
	snprintf(r->birth_date, sizeof(r->birth_date), "2012-05-20");
	snprintf(r->village_code, sizeof(r->village_code), VILLAGE_A1);
	snprintf(r->town_code, sizeof(r->town_code), TOWN_A);
	snprintf(r->household, sizeof(r->household), "农业");
	snprintf(r->school, sizeof(r->school), "桐乡市实验小学");
	snprintf(r->placement, sizeof(r->placement), "亲属抚养");
	snprintf(r->disability, sizeof(r->disability), "听力");
	r->disability_grade = 3;
	snprintf(r->economy, sizeof(r->economy), "低保");
	r->guardianship_lacking = true;
	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_CHILD, 1, &id, &err), WB_OK);
	assert_true(id > 0);
	r->id = id;
	snprintf(r->id_number, sizeof(r->id_number), "v1:number");
	snprintf(r->name, sizeof(r->name), "v1:name");
	snprintf(r->address, sizeof(r->address), "v1:address");
	assert_int_equal(store_child_insert(st, r, NOW, 0, &err), WB_OK);
	assert_int_equal(store_child_set_categories(st, id, CHILD_DIFFICULTY | CHILD_POVERTY,
						    "2022-01-01", "", &err), WB_OK);
	assert_int_equal(store_commit(st, &err), WB_OK);

	assert_int_equal(store_child_get(st, scope_system(), id, back, &err), WB_OK);
	assert_string_equal(back->id_index, index_of('a'));
	assert_string_equal(back->id_number, "v1:number");
	assert_string_equal(back->name, "v1:name");
	assert_string_equal(back->address, "v1:address");
	assert_string_equal(back->bank_account, "");
	assert_true(back->temporary);
	assert_string_equal(back->sex, "男");
	assert_string_equal(back->birth_date, "2012-05-20");
	assert_string_equal(back->town_code, TOWN_A);
	assert_string_equal(back->household, "农业");
	assert_string_equal(back->school, "桐乡市实验小学");
	assert_string_equal(back->placement, "亲属抚养");
	assert_string_equal(back->disability, "听力");
	assert_int_equal(back->disability_grade, 3);
	assert_string_equal(back->economy, "低保");
	assert_true(back->guardianship_lacking);
	assert_int_equal(back->categories, CHILD_DIFFICULTY | CHILD_POVERTY);
	assert_string_equal(back->derived_on, "2022-01-01");
	assert_string_equal(back->recheck_on, "");
	assert_int_equal(back->created_at, NOW);

	assert_int_equal(store_child_find(st, index_of('a'), back, &found, &err), WB_OK);
	assert_true(found);
	assert_int_equal(back->id, id);
	assert_int_equal(store_child_find(st, index_of('b'), back, &found, &err), WB_OK);
	assert_false(found);

	/* the same ID number twice: refused by the unique blind index */
	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_CHILD, 1, &id2, &err), WB_OK);
	assert_true(id2 > id);
	r->id = id2;
	assert_int_equal(store_child_insert(st, r, NOW, 0, &err), WB_ERR_CONFLICT);
	store_rollback_all(st);
	r->id = id;

	/* facts changed, the village moved */
	snprintf(r->village_code, sizeof(r->village_code), VILLAGE_B1);
	snprintf(r->town_code, sizeof(r->town_code), TOWN_B);
	r->economy[0] = '\0';
	r->disability[0] = '\0';
	r->disability_grade = 0;
	assert_int_equal(store_child_update(st, r, NOW + 5, &err), WB_OK);
	assert_int_equal(store_child_get(st, scope_system(), id, back, &err), WB_OK);
	assert_string_equal(back->village_code, VILLAGE_B1);
	assert_string_equal(back->economy, "");
	assert_int_equal(back->disability_grade, 0);
	assert_int_equal(back->updated_at, NOW + 5);
	r->id = id + 1000;
	assert_int_equal(store_child_update(st, r, NOW, &err), WB_ERR_NOTFOUND);
	free(r);
	free(back);
}

struct ids {
	int64_t ids[16];
	size_t n;
};

static void
collect(const struct child_row *r, void *arg)
{
	struct ids *x = arg;

	if (x->n < 16)
		x->ids[x->n++] = r->id;
}

static size_t
page(struct store *st, const struct child_filter *f, int64_t *total)
{
	struct ids x = { { 0 }, 0 };
	struct wb_err err = { 0 };

	if (store_child_page(st, f, -1, 0, collect, &x, total, &err) != WB_OK)
		fail_msg("%s", err.msg);
	return x.n;
}

static void
test_scopes_and_filters(void **state)
{
	struct store *st = STORE(state);
	int64_t a1 = add_child(st, index_of('1'), VILLAGE_A1, "2008-12-31", CHILD_ORPHAN);
	int64_t a2 = add_child(st, index_of('2'), VILLAGE_A2, "2015-03-01", CHILD_LEFT_BEHIND);
	int64_t b1 = add_child(st, index_of('3'), VILLAGE_B1, "2010-07-01",
			       CHILD_DIFFICULTY | CHILD_POVERTY);
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, TOWN_A, 0, 7, 0);
	struct scope village_a1 = scope_make(SCOPE_RULE_DIVISION, SCOPE_VILLAGE, VILLAGE_A1, 0, 7, 0);
	struct scope unit = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, NULL, 3, 7, 0);
	struct scope own = scope_make(SCOPE_RULE_DIVISION, SCOPE_OWN, NULL, 0, 0, 0);
	struct child_row *r = malloc(sizeof(*r));
	struct child_filter f = { .scope = scope_system() };
	struct wb_err err = { 0 };
	int64_t total = -1;

	assert_non_null(r);
	assert_int_equal(store_child_get(st, &town_a, a1, r, &err), WB_OK);
	assert_int_equal(store_child_get(st, &town_a, b1, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_get(st, &village_a1, a2, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_get(st, &unit, a1, r, &err), WB_ERR_NOTFOUND);
	/* created_by NULL matches a NULL owner id nowhere */
	assert_int_equal(store_child_get(st, &own, a1, r, &err), WB_ERR_NOTFOUND);

	assert_int_equal(page(st, &f, &total), 3);
	assert_int_equal(total, 3);
	f.scope = &town_a;
	assert_int_equal(page(st, &f, &total), 2);
	f.scope = &village_a1;
	assert_int_equal(page(st, &f, &total), 1);
	f.scope = &unit;
	assert_int_equal(page(st, &f, &total), 0);
	assert_int_equal(total, 0);

	f = (struct child_filter){ .scope = scope_system(), .town = TOWN_B };
	assert_int_equal(page(st, &f, NULL), 1);
	f = (struct child_filter){ .scope = scope_system(), .village = VILLAGE_A2 };
	assert_int_equal(page(st, &f, NULL), 1);
	f = (struct child_filter){ .scope = scope_system(), .category = CHILD_ORPHAN | CHILD_POVERTY };
	assert_int_equal(page(st, &f, NULL), 2);
	f = (struct child_filter){ .scope = scope_system(), .category = CHILD_DE_FACTO };
	assert_int_equal(page(st, &f, NULL), 0);
	/* turning 18 between 2026-12-01 and 2026-12-31: born 2008-12-01 < b <= 2008-12-31 */
	f = (struct child_filter){ .scope = scope_system(), .born_after = "2008-12-01",
				   .born_on_or_before = "2008-12-31" };
	assert_int_equal(page(st, &f, NULL), 1);
	f.born_on_or_before = "2008-12-30";
	assert_int_equal(page(st, &f, NULL), 0);
	free(r);
}

struct periods {
	char text[512];
};

static void
period_text(const struct child_period_row *p, void *arg)
{
	struct periods *x = arg;
	size_t n = strlen(x->text);

	snprintf(x->text + n, sizeof(x->text) - n, "%s:%s:%s:%d:%s-%s;", p->parent, p->status,
		 p->disability, p->grade, p->started_on, p->ended_on);
}

static void
test_parent_periods(void **state)
{
	struct store *st = STORE(state);
	int64_t id = add_child(st, index_of('p'), VILLAGE_A1, "2012-05-20", 0);
	struct child_period_row mother = { .parent = "母亲", .status = "残疾", .disability = "智力",
					   .grade = 3, .started_on = "2015-01-01" };
	struct child_period_row father = { .parent = "父亲", .status = "服刑在押",
					   .started_on = "2020-01-01", .ended_on = "2024-12-31",
					   .evidence = "判决书" };
	struct child_period_row father2 = { .parent = "父亲", .status = "外出务工",
					    .started_on = "2016-01-01" };
	struct periods x = { "" };
	struct wb_err err = { 0 };
	int64_t pid = 0, fid = 0;

	assert_int_equal(store_child_period_add(st, id, &mother, NOW, 0, &pid, &err), WB_OK);
	assert_int_equal(store_child_period_add(st, id, &father, NOW, 0, &fid, &err), WB_OK);
	assert_int_equal(store_child_period_add(st, id, &father2, NOW, 0, &fid, &err), WB_OK);
	assert_int_equal(store_child_periods(st, id, period_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "父亲:外出务工::0:2016-01-01-;父亲:服刑在押::0:2020-01-01-2024-12-31;"
				    "母亲:残疾:智力:3:2015-01-01-;");
	assert_int_equal(store_child_period_end(st, id, pid, "2021-06-30", &err), WB_OK);
	assert_int_equal(store_child_period_end(st, id + 1, pid, "2021-06-30", &err), WB_ERR_NOTFOUND);
	x.text[0] = '\0';
	assert_int_equal(store_child_periods(st, id, period_text, &x, &err), WB_OK);
	assert_non_null(strstr(x.text, "母亲:残疾:智力:3:2015-01-01-2021-06-30;"));
	/* an end before the start is refused by the database */
	assert_int_not_equal(store_child_period_end(st, id, pid, "2014-12-31", &err), WB_OK);
	/* a status outside the closed list too */
	snprintf(father2.status, sizeof(father2.status), "离异");
	assert_int_not_equal(store_child_period_add(st, id, &father2, NOW, 0, &fid, &err), WB_OK);
	/* and a disability kind outside its list (schema 15 wrote these checks anew) */
	snprintf(father2.status, sizeof(father2.status), "残疾");
	snprintf(father2.disability, sizeof(father2.disability), "其他");
	father2.grade = 2;
	assert_int_not_equal(store_child_period_add(st, id, &father2, NOW, 0, &fid, &err), WB_OK);
}

static void
guardian_text(const struct child_guardian_row *g, void *arg)
{
	struct periods *x = arg;
	size_t n = strlen(x->text);

	snprintf(x->text + n, sizeof(x->text) - n, "%d:%s:%s:%s;", g->seq, g->name, g->relation,
		 g->phone);
}

static void
test_guardians(void **state)
{
	struct store *st = STORE(state);
	int64_t id = add_child(st, index_of('g'), VILLAGE_A1, "2012-05-20", 0);
	struct child_guardian_row g = { .seq = 1, .relation = "祖父" };
	struct periods x = { "" };
	struct wb_err err = { 0 };
	int64_t gid = 0;

	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_GUARDIAN, 1, &g.id, &err), WB_OK);
	assert_int_equal(store_child_guardian_insert(st, id, &g, &err), WB_OK);
	assert_int_equal(store_child_guardian_set_tokens(st, g.id, "v1:gname", "v1:gphone", &err), WB_OK);
	g.seq = 2;
	snprintf(g.relation, sizeof(g.relation), "祖母");
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_GUARDIAN, 1, &g.id, &err), WB_OK);
	assert_int_equal(store_child_guardian_insert(st, id, &g, &err), WB_OK);
	gid = g.id;
	assert_int_equal(store_child_guardian_set_tokens(st, gid, "v1:g2", "", &err), WB_OK);
	/* the import's way: the id reserved first, the tokens in the insert */
	g.seq = 3;
	snprintf(g.relation, sizeof(g.relation), "姑姑");
	snprintf(g.name, sizeof(g.name), "v1:g3");
	snprintf(g.phone, sizeof(g.phone), "v1:p3");
	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_GUARDIAN, 1, &g.id, &err), WB_OK);
	assert_true(g.id > gid);
	assert_int_equal(store_child_guardian_insert(st, id, &g, &err), WB_OK);
	assert_int_equal(store_commit(st, &err), WB_OK);
	assert_int_equal(store_child_guardians(st, id, guardian_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "1:v1:gname:祖父:v1:gphone;2:v1:g2:祖母:;3:v1:g3:姑姑:v1:p3;");
	assert_int_equal(store_child_guardian_set_relation(st, gid, "外祖母", &err), WB_OK);
	x.text[0] = '\0';
	assert_int_equal(store_child_guardians(st, id, guardian_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "1:v1:gname:祖父:v1:gphone;2:v1:g2:外祖母:;3:v1:g3:姑姑:v1:p3;");
	assert_int_equal(store_child_guardians_clear(st, id, &err), WB_OK);
	x.text[0] = '\0';
	assert_int_equal(store_child_guardians(st, id, guardian_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "");
}

static void
history_text(const struct child_change *c, void *arg)
{
	struct periods *x = arg;
	size_t n = strlen(x->text);

	snprintf(x->text + n, sizeof(x->text) - n, "%s|%s|%s|%s;", c->action, c->detail,
		 c->reason ? c->reason : "-", c->login_name);
}

static void
test_history(void **state)
{
	struct store *st = STORE(state);
	int64_t id = add_child(st, index_of('h'), VILLAGE_A1, "2012-05-20", 0);
	struct child_change c1 = { .at = NOW, .login = "cli:admin", .action = "create",
				   .detail = "登记" };
	struct child_change c2 = { .at = NOW + 1, .login = "system", .action = "categories",
				   .detail = "类别：无 → 孤儿", .reason = "母亲：死亡（2022-03-31起）" };
	struct periods x = { "" };
	struct wb_err err = { 0 };

	assert_int_equal(store_child_history_add(st, id, &c1, &err), WB_OK);
	assert_int_equal(store_child_history_add(st, id, &c2, &err), WB_OK);
	assert_int_equal(store_child_history(st, id, history_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "create|登记|-|命令行（admin）;"
				    "categories|类别：无 → 孤儿|母亲：死亡（2022-03-31起）|系统自动;");
	/* schema 15: the actions' list gained purge and still refuses others */
	c1.action = "purge";
	assert_int_equal(store_child_history_add(st, id, &c1, &err), WB_OK);
	c1.action = "erase";
	assert_int_not_equal(store_child_history_add(st, id, &c1, &err), WB_OK);
}

static void
visit_text(const struct child_visit_row *v, void *arg)
{
	struct periods *x = arg;
	size_t n = strlen(x->text);

	snprintf(x->text + n, sizeof(x->text) - n, "%s|%s|%s|%s|%s;", v->visited_on, v->findings,
		 v->needs[0] ? v->needs : "-", v->next_due, v->login_name);
}

static void
test_visits(void **state)
{
	struct store *st = STORE(state);
	int64_t id = add_child(st, index_of('v'), VILLAGE_A1, "2012-05-20", 0);
	int64_t other = add_child(st, index_of('w'), VILLAGE_A1, "2012-05-20", 0);
	struct child_visit_row v = { .visited_on = "2022-03-01", .next_due = "2022-04-01" };
	struct periods x = { "" };
	struct wb_err err = { 0 };
	char visited[11], due[11];
	int64_t vid = 0, created = 0;

	/* never visited: no day */
	assert_int_equal(store_child_visit_state(st, id, &created, visited, due, &err), WB_OK);
	assert_int_equal(created, NOW);
	assert_string_equal(visited, "");
	assert_string_equal(due, "");
	assert_int_equal(store_child_visit_add(st, id, &v, NOW, 0, "cli:admin", &vid, &err), WB_OK);
	assert_int_equal(store_child_visit_set_tokens(st, vid, "v1:f1", NULL, &err), WB_OK);
	/* a later visit, typed in before an earlier one */
	snprintf(v.visited_on, sizeof(v.visited_on), "2022-05-10");
	snprintf(v.next_due, sizeof(v.next_due), "2022-08-10");
	assert_int_equal(store_child_visit_add(st, id, &v, NOW, 0, "cli:admin", &vid, &err), WB_OK);
	assert_int_equal(store_child_visit_set_tokens(st, vid, "v1:f2", "v1:n2", &err), WB_OK);
	snprintf(v.visited_on, sizeof(v.visited_on), "2022-04-02");
	snprintf(v.next_due, sizeof(v.next_due), "2022-05-02");
	assert_int_equal(store_child_visit_add(st, id, &v, NOW, 0, "system", &vid, &err), WB_OK);
	assert_int_equal(store_child_visit_set_tokens(st, vid, "v1:f3", NULL, &err), WB_OK);
	assert_int_equal(store_child_visits(st, id, visit_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "2022-05-10|v1:f2|v1:n2|2022-08-10|命令行（admin）;"
				    "2022-04-02|v1:f3|-|2022-05-02|系统自动;"
				    "2022-03-01|v1:f1|-|2022-04-01|命令行（admin）;");
	/* the latest visit by its day decides */
	assert_int_equal(store_child_visit_state(st, id, &created, visited, due, &err), WB_OK);
	assert_string_equal(visited, "2022-05-10");
	assert_string_equal(due, "2022-08-10");
	x.text[0] = '\0';
	assert_int_equal(store_child_visits(st, other, visit_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "");
	assert_int_equal(store_child_visit_state(st, 999999, &created, visited, due, &err),
			 WB_ERR_NOTFOUND);
}

static void
test_rejects_for_their_importer_until_expiry(void **state)
{
	struct store *st = STORE(state);
	struct wb_err err = { 0 };
	char name[64], *token = NULL;
	int64_t id = 0, n = -1;

	assert_int_equal(store_child_reject_add(st, 0, "cli:admin", NOW, NOW + 7 * 86400,
						"children.csv", 3, &id, &err), WB_OK);
	assert_int_equal(store_child_reject_set_payload(st, id, "v1:payload", &err), WB_OK);
	assert_int_equal(store_child_reject_get(st, id, "cli:admin", NOW + 10, &token, name,
						sizeof(name), &err), WB_OK);
	assert_string_equal(token, "v1:payload");
	assert_string_equal(name, "children.csv");
	free(token);
	assert_int_equal(store_child_reject_get(st, id, "someone", NOW + 10, &token, name,
						sizeof(name), &err), WB_ERR_NOTFOUND);
	assert_null(token);
	assert_int_equal(store_child_reject_get(st, id, "cli:admin", NOW + 7 * 86400, &token, name,
						sizeof(name), &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_reject_purge(st, NOW + 7 * 86400 - 1, &n, &err), WB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_child_reject_purge(st, NOW + 7 * 86400, &n, &err), WB_OK);
	assert_int_equal(n, 1);
}

static void
test_due_for_rederivation(void **state)
{
	struct store *st = STORE(state);
	int64_t a = add_child(st, index_of('d'), VILLAGE_A1, "2012-05-20", 0);
	int64_t b = add_child(st, index_of('e'), VILLAGE_A1, "2012-05-20", 0);
	struct ids x = { { 0 }, 0 };
	struct wb_err err = { 0 };

	assert_int_equal(store_child_set_categories(st, b, 0, "2022-01-01", "", &err), WB_OK);
	assert_int_equal(store_child_due(st, "2022-05-31", 0, 10, collect, &x, &err), WB_OK);
	assert_int_equal(x.n, 0);
	assert_int_equal(store_child_due(st, "2022-06-01", 0, 10, collect, &x, &err), WB_OK);
	assert_int_equal(x.n, 1);
	assert_int_equal(x.ids[0], a);
	x.n = 0;
	assert_int_equal(store_child_due(st, "2022-06-01", a, 10, collect, &x, &err), WB_OK);
	assert_int_equal(x.n, 0);
}

static void
ignore_row(const struct child_row *r, void *arg)
{
	(void)r;
	(void)arg;
}

/* Row ids reserved in a batch are distinct and rising, and the next insert
 * after them still gets a fresh one; the bulk load's indexes come back. */
static void
test_reserved_ids_and_bulk_indexes(void **state)
{
	struct store *st = STORE(state);
	struct child_saved_indexes saved = { 0 };
	struct wb_err err = { 0 };
	int64_t ids[3] = { 0 }, later;

	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_child_reserve_ids(st, CHILD_ID_GUARDIAN, 3, ids, &err), WB_OK);
	assert_true(ids[0] > 0 && ids[1] > ids[0] && ids[2] > ids[1]);
	assert_int_equal(store_child_indexes_drop(st, &saved, &err), WB_OK);
	if (store_backend(st) == STORE_SQLITE)
		assert_int_equal(saved.n, 3);   /* birth, recheck, village: filled at random */
	else
		assert_int_equal(saved.n, 0);
	later = add_child(st, index_of('r'), VILLAGE_A1, "2012-05-20", 0);
	assert_true(later > 0);
	assert_int_equal(store_child_indexes_restore(st, &saved, &err), WB_OK);
	assert_null(saved.sql);
	assert_int_equal(store_commit(st, &err), WB_OK);
	/* the filters that read those indexes still answer */
	{
		struct child_filter f = { .scope = scope_system(), .village = VILLAGE_A1 };
		int64_t total = 0;

		assert_int_equal(store_child_page(st, &f, 10, 0, ignore_row, NULL, &total, &err), WB_OK);
		assert_true(total >= 1);
	}
}

struct transfers {
	char text[512];
};

static void
transfer_text(const struct child_transfer_row *t, void *arg)
{
	struct transfers *x = arg;
	size_t n = strlen(x->text);

	snprintf(x->text + n, sizeof(x->text) - n, "%s>%s:%s:%s;", t->from_village, t->to_village,
		 t->reason, t->id_number);
}

/* A pending transfer (migration 16): found by the destination's scope as
 * incoming, listed for both towns and nobody else, cleared again. */
static void
test_transfers(void **state)
{
	struct store *st = STORE(state);
	int64_t id = add_child(st, index_of('t'), VILLAGE_A1, "2012-05-20", 0);
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, TOWN_A, 0, 7, 0);
	struct scope town_b = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, TOWN_B, 0, 7, 0);
	struct scope village_a2 = scope_make(SCOPE_RULE_DIVISION, SCOPE_VILLAGE, VILLAGE_A2, 0, 7, 0);
	struct scope unit = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, NULL, 3, 7, 0);
	struct child_transfer_row *t = calloc(1, sizeof(*t));
	struct child_row *r = calloc(1, sizeof(*r));
	struct transfers x = { "" };
	struct wb_err err = { 0 };
	bool pending = true;

	assert_non_null(t);
	assert_non_null(r);
	assert_int_equal(store_child_transfer_of(st, id, t, &pending, &err), WB_OK);
	assert_false(pending);
	assert_int_equal(store_child_get_incoming(st, &town_b, id, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_transfer_set(st, id, VILLAGE_B1, "迁居", NOW, 0, &err), WB_OK);
	assert_int_equal(store_child_transfer_of(st, id, t, &pending, &err), WB_OK);
	assert_true(pending);
	assert_string_equal(t->to_village, VILLAGE_B1);
	assert_string_equal(t->from_village, VILLAGE_A1);
	assert_int_equal(t->at, NOW);
	assert_int_equal(store_child_get_incoming(st, &town_b, id, r, &err), WB_OK);
	assert_string_equal(r->village_code, VILLAGE_A1);
	assert_int_equal(store_child_get_incoming(st, &town_a, id, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_get(st, &town_b, id, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_child_transfers(st, &town_a, 10, transfer_text, &x, &err), WB_OK);
	assert_string_equal(x.text, VILLAGE_A1 ">" VILLAGE_B1 ":迁居:v1:id-" "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt;");
	x.text[0] = '\0';
	assert_int_equal(store_child_transfers(st, &town_b, 10, transfer_text, &x, &err), WB_OK);
	assert_non_null(strstr(x.text, ":迁居:"));
	x.text[0] = '\0';
	assert_int_equal(store_child_transfers(st, &village_a2, 10, transfer_text, &x, &err), WB_OK);
	assert_int_equal(store_child_transfers(st, &unit, 10, transfer_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "");
	assert_int_equal(store_child_transfer_set(st, id, NULL, NULL, 0, 0, &err), WB_OK);
	assert_int_equal(store_child_transfer_of(st, id, t, &pending, &err), WB_OK);
	assert_false(pending);
	assert_int_equal(store_child_transfers(st, &town_b, 10, transfer_text, &x, &err), WB_OK);
	assert_string_equal(x.text, "");
	/* a transfer into a village that does not exist is refused by the database */
	assert_int_not_equal(store_child_transfer_set(st, id, "330483999999", "x", NOW, 0, &err),
			     WB_OK);
	free(t);
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_and_unique_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scopes_and_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_periods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guardians, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_ids_and_bulk_indexes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejects_for_their_importer_until_expiry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_due_for_rederivation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfers, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
