/* Cases on SQLite and PostgreSQL: an intake stored with its sealed cells
 * (no narrative in clear in any column), read back within a scope (a town
 * its subtree, another town nothing, a reporter only what they filed),
 * events moving the state only as core/case_flow.c allows (a refused one
 * changes nothing), the police's acceptance once, and the list filtered by
 * light in SQL from the stored moments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cases.h"
#include "app/config.h"
#include "helpers/registers.h"
#include "sec/permissions.h"
#include "sec/scope.h"
#include "store/cases.h"

#define NOW 1700000000   /* 2023-11-15 06:13 in China */
#define SECRET "孩子身上多处淤青，称被继父殴打"

struct fx {
	struct reg_fixture *f;
	struct wb_config cfg;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->f = reg_fixture_new(NOW);
	reg_fixture_case_ctx(x->f, &x->cfg);
	x->f->app.user_id = 0;
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

/* A case of village A1 entered through app_case_create, committed; its id. */
static int64_t
new_case(struct app_ctx *c, unsigned situations, const char *description)
{
	struct case_intake in = { .source = "12345", .situations = situations,
				  .description = description, .place = "村口小卖部",
				  .child_name = "赵小花", .child_sex = "女", .child_age = 8,
				  .village = REG_VILLAGE_A1, .reporter_contact = "13900001111" };
	struct wb_err err = { 0 };
	char tracking[24];
	int64_t id = 0;

	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_case_create(c, &in, &id, tracking, &err), WB_OK);
	assert_int_equal(store_commit(c->st, &err), WB_OK);
	assert_true(strncmp(tracking, "BG20231115", 10) == 0);
	return id;
}

/* Takes event on case id with perms in its own transaction; the status. */
static enum wb_status
take(struct app_ctx *c, int64_t id, uint32_t perms, const char *event, const char *reason,
     const char *risk)
{
	struct case_event_in in = { .event = event, .reason = reason, .risk = risk };
	struct wb_err err = { 0 };
	const char *title;

	return REG_IN_TX(c->st, app_case_event(c, id, perms, &in, &title, &err));
}

static void
test_sealed_and_scoped(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct case_row *r = calloc(1, sizeof(*r));
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_A, 0, 7, 0);
	struct scope town_b = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_B, 0, 7, 0);
	struct wb_err err = { 0 };
	const char *plain;
	int64_t id = new_case(c, 1u << 6, SECRET);

	assert_int_equal(store_case_get(c->st, &town_a, id, NOW, r, &err), WB_OK);
	assert_int_equal(r->state, CASE_NEW);
	assert_false(r->urgent);
	assert_string_equal(r->division_code, REG_VILLAGE_A1);
	assert_string_equal(r->town_code, REG_TOWN_A);
	assert_string_equal(r->village_name, "甲一村");
	/* every personal cell a token, none the plaintext */
	assert_null(strstr(r->description, "淤青"));
	assert_null(strstr(r->child_name, "赵"));
	assert_null(strstr(r->reporter_contact, "1390000"));
	assert_null(strstr(r->place, "小卖部"));
	assert_true(r->description[0] != '\0' && r->child_name[0] != '\0');
	assert_int_equal(app_case_open(c, "cases", "description", id, r->description, &plain, &err),
			 WB_OK);
	assert_string_equal(plain, SECRET);
	/* a token moved to another row does not open */
	assert_int_not_equal(app_case_open(c, "cases", "description", id + 1, r->description, &plain,
					   &err), WB_OK);
	assert_int_equal(store_case_get(c->st, &town_b, id, NOW, r, &err), WB_ERR_NOTFOUND);
	/* the creator (0: the CLI) is not user 7: a reporter's view finds nothing */
	assert_int_equal(store_case_get_own(c->st, 7, id, NOW, r, &err), WB_ERR_NOTFOUND);
	free(r);
}

static void
test_events(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct case_row *r = calloc(1, sizeof(*r));
	struct wb_err err = { 0 };
	uint32_t manage = (1u << PERM_CASE_READ) | (1u << PERM_CASE_MANAGE);
	uint32_t office = manage | (1u << PERM_CASE_CLOSE);
	uint32_t police = (1u << PERM_CASE_READ) | (1u << PERM_CASE_POLICE);
	int64_t id = new_case(c, 1u << 4, "urgent");

	assert_int_equal(store_case_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_true(r->urgent);
	assert_int_equal(r->red_at - NOW, 120 * 60);
	/* refused: the state does not take it, and nothing changes */
	assert_int_equal(take(c, id, office, "start_care", NULL, NULL), WB_ERR_CONFLICT);
	assert_int_equal(take(c, id, police, "accept", NULL, NULL), WB_ERR_DENIED);
	assert_int_equal(take(c, id, manage, "reject", NULL, NULL), WB_ERR_RULE);
	assert_int_equal(take(c, id, manage, "assess", NULL, "中"), WB_ERR_CONFLICT);
	assert_int_equal(store_case_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_int_equal(r->state, CASE_NEW);
	/* accepted, assessed high: the care stage's deadline follows the risk */
	assert_int_equal(take(c, id, manage, "accept", NULL, NULL), WB_OK);
	assert_int_equal(take(c, id, manage, "assess", NULL, "高"), WB_OK);
	assert_int_equal(store_case_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_int_equal(r->state, CASE_ASSESSING);
	assert_int_equal(r->risk, CASE_RISK_HIGH);
	assert_int_equal(r->red_at - r->state_since, 72 * 3600);
	/* the police's acceptance once */
	{
		struct case_event_in in = { .event = "police_accept", .police_kind = "刑事" };
		const char *title;
		assert_int_equal(store_begin(c->st, &err), WB_OK);
		assert_int_equal(app_case_event(c, id, police, &in, &title, &err), WB_OK);
		assert_int_equal(store_commit(c->st, &err), WB_OK);
		assert_int_equal(store_begin(c->st, &err), WB_OK);
		assert_int_equal(app_case_event(c, id, police, &in, &title, &err), WB_ERR_CONFLICT);
		store_rollback_all(c->st);
	}
	assert_int_equal(store_case_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_int_equal(r->police_kind, POLICE_CRIMINAL);
	assert_int_equal(r->fb_red_at - r->police_at, 3 * 86400);
	free(r);
}

struct count {
	int64_t n, id;
	bool seen;
};

static void
count_row(const struct case_row *r, void *arg)
{
	struct count *k = arg;

	k->n++;
	k->seen |= r->id == k->id;
}

/* Whether case id is listed with light at time now (and the count). */
static bool
listed(struct app_ctx *c, int64_t id, int light, int64_t now)
{
	struct case_filter f = { .scope = c->scope, .now = now, .light = light, .urgent = -1,
				 .town = REG_TOWN_A };
	struct count k = { .id = id };
	struct wb_err err = { 0 };
	int64_t total = -1;

	assert_int_equal(store_case_page(c->st, &f, 100, 0, count_row, &k, &total, &err), WB_OK);
	assert_int_equal(total, k.n);
	return k.seen;
}

static void
test_lights_in_sql(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	int64_t id = new_case(c, 1u << 7, "normal");   /* not urgent: 24 hours to accept */

	assert_true(listed(c, id, 0, NOW));
	assert_false(listed(c, id, 1, NOW));
	assert_true(listed(c, id, 1, NOW + 18 * 3600));    /* 75 % of the day */
	assert_false(listed(c, id, 0, NOW + 18 * 3600));
	assert_true(listed(c, id, 2, NOW + 24 * 3600));
	assert_true(listed(c, id, -1, NOW + 24 * 3600));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sealed_and_scoped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lights_in_sql, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
