/* Family-education orders on SQLite and PostgreSQL: an order stored with
 * its sealed lists (no name, ID number or obligation in clear in any
 * column), the issuing body checked against the kind, read back within a
 * scope (a town its subtree, another town nothing, the issuing unit its
 * own), the next session moved by an attended session, the list filtered
 * by light in SQL from the stored moments, and closure ending the light. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "app/guidance.h"
#include "helpers/registers.h"
#include "sec/scope.h"
#include "store/guidance.h"
#include "store/org.h"

#define NOW 1773158400   /* 2026-03-11 00:00 in China */
#define DAY 86400

struct fx {
	struct reg_fixture *f;
	struct wb_config cfg;
	int64_t court, procuratorate, police;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->f = reg_fixture_new(NOW);
	reg_fixture_case_ctx(x->f, &x->cfg);
	x->court = reg_unit_id(x->f->st, "市法院");
	x->procuratorate = reg_unit_id(x->f->st, "市检察院");
	x->police = reg_unit_id(x->f->st, "市公安局");
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

static const struct guidance_guardian_in guardians[] = { { "钱大勇", "父亲" } };
static const struct guidance_child_in children[] = { { NULL, "钱小宝" } };
static const struct guidance_obligation_in obligations[] = {
	{ "每月参加一次家庭教育指导课", 30 }, { "每周与班主任联系", 7 },
};

/* Records an order of kind by issuer in its own transaction; the status
 * (the id in *id). */
static enum wb_status
record(struct app_ctx *c, const char *kind, int64_t issuer, const char *doc_no, int64_t *id)
{
	struct guidance_in in = {
		.kind = kind, .issuer_unit_id = issuer, .doc_no = doc_no,
		.issued_on = "2026-03-01", .period_from = "2026-03-01", .period_to = "2027-02-28",
		.village = REG_VILLAGE_A1, .guardians = guardians, .n_guardians = 1,
		.children = children, .n_children = 1, .obligations = obligations,
		.n_obligations = 2, .provider = "梧桐街道家长学校",
	};
	struct wb_err err = { 0 };
	const char *title;

	return REG_IN_TX(c->st, app_guidance_create(c, &in, id, &title, &err));
}

static void
test_sealed_and_scoped(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct guidance_row *r = calloc(1, sizeof(*r));
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_A, 0, 7, 0);
	struct scope town_b = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_B, 0, 7, 0);
	struct scope court = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, "", x->court, 7, 0);
	struct scope police = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, "", x->police, 7, 0);
	struct wb_err err = { 0 };
	json_t *g = NULL, *k = NULL, *o = NULL;
	const char *names;
	int64_t id = 0, other = 0;

	/* the body checked against the kind */
	assert_int_equal(record(c, "家庭教育指导令", x->police, "公（2026）1号", &id), WB_ERR_RULE);
	assert_int_equal(record(c, "督促监护令", x->court, "法（2026）1号", &id), WB_ERR_RULE);
	assert_int_equal(record(c, "督促监护令", x->procuratorate, "桐检（2026）1号", &id), WB_OK);
	/* a number once per issuing unit */
	assert_int_equal(record(c, "督促监护令", x->procuratorate, "桐检（2026）1号", &other),
			 WB_ERR_CONFLICT);
	assert_int_equal(record(c, "责令接受家庭教育指导", x->police, "桐检（2026）1号", &other),
			 WB_OK);

	assert_int_equal(store_guidance_get(c->st, &town_a, id, NOW, r, &err), WB_OK);
	assert_string_equal(r->kind, "督促监护令");
	assert_string_equal(r->issuer_name, "市检察院");
	assert_string_equal(r->town_code, REG_TOWN_A);
	assert_string_equal(r->village_name, "甲一村");
	assert_int_equal(r->every_days, 7);
	assert_string_equal(r->next_session_due, "2026-03-08");
	assert_int_equal(r->light, 2);   /* the first session was owed by 03-08 */
	/* every personal cell a token */
	assert_null(strstr(r->guardians, "钱"));
	assert_null(strstr(r->children, "钱"));
	assert_null(strstr(r->obligations, "班主任"));
	assert_int_equal(app_guidance_people(c, r, &g, &k, &o, &names, &err), WB_OK);
	assert_string_equal(names, "钱*勇");
	assert_string_equal(json_string_value(json_object_get(json_array_get(k, 0), "name")),
			    "钱*宝");
	assert_int_equal(json_array_size(o), 2);
	json_decref(g);
	json_decref(k);
	json_decref(o);
	/* scoped: another town nothing; the issuing unit its own orders only */
	assert_int_equal(store_guidance_get(c->st, &town_b, id, NOW, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_guidance_get(c->st, &court, id, NOW, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_guidance_get(c->st, &police, id, NOW, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_guidance_get(c->st, &police, other, NOW, r, &err), WB_OK);
	free(r);
}

/* The ids of the orders of town A at now with light (-1 any) into found. */
static void
collect(const struct guidance_row *r, void *arg)
{
	int64_t *found = arg;
	if (*found == 0)
		*found = r->id;
	else
		*found = -1;   /* more than one */
}

static int64_t
one_with(struct app_ctx *c, int64_t now, int light)
{
	struct guidance_filter f = { .scope = c->scope, .now = now, .light = light,
				     .town = REG_TOWN_A };
	struct wb_err err = { 0 };
	int64_t found = 0, total = 0;

	assert_int_equal(store_guidance_page(c->st, &f, 100, 0, collect, &found, &total, &err),
			 WB_OK);
	assert_int_equal(total, found ? 1 : 0);
	return found;
}

static void
test_sessions_lights_close(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct guidance_row *r = calloc(1, sizeof(*r));
	struct wb_err err = { 0 };
	int64_t id = 0;

	assert_int_equal(record(c, "家庭教育指导令", x->court, "（2026）浙0483家指1号", &id), WB_OK);
	/* due 2026-03-08, which is already past at NOW (03-11): red in SQL */
	assert_int_equal(one_with(c, NOW, 2), id);
	assert_int_equal(one_with(c, NOW, 0), 0);
	/* before the period: green; two days before the due date: yellow */
	assert_int_equal(one_with(c, NOW - 20 * DAY, 0), id);
	assert_int_equal(one_with(c, NOW - 5 * DAY, 1), id);
	/* a session the guardians missed moves nothing */
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_session(c, id, "2026-03-10", NULL, false, "未到场", &err),
			 WB_OK);
	assert_int_equal(store_commit(c->st, &err), WB_OK);
	assert_int_equal(one_with(c, NOW, 2), id);
	/* an attended one does: due a week later, green */
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_session(c, id, "2026-03-10", "市妇联", true, "到场", &err),
			 WB_OK);
	assert_int_equal(store_commit(c->st, &err), WB_OK);
	assert_int_equal(store_guidance_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_string_equal(r->next_session_due, "2026-03-17");
	assert_int_equal(r->sessions, 2);
	assert_int_equal(one_with(c, NOW, 0), id);
	/* a session in the future is refused and changes nothing */
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_session(c, id, "2026-03-12", NULL, true, NULL, &err),
			 WB_ERR_INVALID);
	store_rollback_all(c->st);
	/* after the period's end: no light at all */
	assert_int_equal(one_with(c, NOW + 400 * DAY, 3), id);
	/* checks */
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_check(c, id, "2026-03-11", "做得好", NULL, &err),
			 WB_ERR_INVALID);
	assert_int_equal(app_guidance_check(c, id, "2026-03-11", "部分履行", "仍需督促", &err),
			 WB_OK);
	assert_int_equal(store_commit(c->st, &err), WB_OK);
	/* closure: a note required; then no light, and no second closure */
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_close(c, id, "", &err), WB_ERR_RULE);
	assert_int_equal(app_guidance_close(c, id, "期满，履行良好", &err), WB_OK);
	assert_int_equal(store_commit(c->st, &err), WB_OK);
	assert_int_equal(one_with(c, NOW + 30 * DAY, 3), id);
	assert_int_equal(store_begin(c->st, &err), WB_OK);
	assert_int_equal(app_guidance_close(c, id, "again", &err), WB_ERR_CONFLICT);
	assert_int_equal(app_guidance_session(c, id, "2026-03-11", NULL, true, NULL, &err),
			 WB_ERR_CONFLICT);
	store_rollback_all(c->st);
	assert_int_equal(store_guidance_get(c->st, c->scope, id, NOW, r, &err), WB_OK);
	assert_string_equal(r->state, "closed");
	assert_int_equal(r->red_at, 0);
	assert_null(strstr(r->closing_note, "期满"));
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sealed_and_scoped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_lights_close, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
