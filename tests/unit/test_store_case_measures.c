/* Measures and 挂牌督办 on SQLite and PostgreSQL: a measure stored with its
 * note sealed, read back by the case's town and by the unit it is assigned
 * to and by nobody else (another town, another unit, a unit-scoped user
 * without case.measure), events moving it only as core/case_measure.c
 * allows (a refused one changes nothing), its lights in SQL from the stored
 * moments; a listing once per case, its report moving the next due day,
 * lifted once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_listings.h"
#include "app/case_measures.h"
#include "app/cases.h"
#include "app/config.h"
#include "helpers/registers.h"
#include "sec/permissions.h"
#include "sec/scope.h"
#include "store/case_measures.h"
#include "store/org.h"

#define NOW 1700000000   /* 2023-11-15 06:13 in China */
#define NOTE "孩子夜间惊醒，需每周两次心理辅导"

static const uint32_t MANAGE = (1u << PERM_CASE_READ) | (1u << PERM_CASE_MANAGE);
static const uint32_t MEASURE = (1u << PERM_CASE_READ) | (1u << PERM_CASE_MEASURE);

struct fx {
	struct reg_fixture *f;
	struct wb_config cfg;
	int64_t edu, civil;   /* 市教育局, 市民政局 */
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	x->f = reg_fixture_new(NOW);
	reg_fixture_case_ctx(x->f, &x->cfg);
	x->edu = reg_unit_id(x->f->st, "市教育局");
	x->civil = reg_unit_id(x->f->st, "市民政局");
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

#define IN_TX(c, call) REG_IN_TX((c)->st, call)

/* A case of village A1, committed, in state `to` (new or assessing). */
static int64_t
new_case(struct app_ctx *c, bool assessing)
{
	struct case_intake in = { .source = "12345", .situations = 1u << 6,
				  .description = "独自在家", .child_name = "赵小花",
				  .child_age = 8, .village = REG_VILLAGE_A1 };
	struct case_event_in accept = { .event = "accept" }, assess = { .event = "assess",
									.risk = "中" };
	struct wb_err err = { 0 };
	const char *title;
	char tracking[24];
	int64_t id = 0;

	assert_int_equal(IN_TX(c, app_case_create(c, &in, &id, tracking, &err)), WB_OK);
	if (assessing) {
		assert_int_equal(IN_TX(c, app_case_event(c, id, MANAGE, &accept, &title, &err)), WB_OK);
		assert_int_equal(IN_TX(c, app_case_event(c, id, MANAGE, &assess, &title, &err)), WB_OK);
	}
	return id;
}

static enum wb_status
assign(struct app_ctx *c, int64_t case_id, int64_t unit, const char *kind, const char *due,
       int64_t *id)
{
	struct measure_in in = { .kind = kind, .unit_id = unit, .due_on = due, .note = NOTE };
	struct wb_err err = { 0 };
	char title[200];

	return IN_TX(c, app_measure_assign(c, case_id, MANAGE, &in, id, title, &err));
}

/* Takes event as a user of unit `unit` (0: the county's handler) with perms. */
static enum wb_status
take(struct app_ctx *c, int64_t id, int64_t unit, uint32_t perms, const char *event,
     const char *note, const char *day)
{
	struct scope s = unit ? scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, "", unit, 9, 0)
			      : *c->scope;
	const struct scope *saved = c->scope;
	struct measure_event_in in = { .event = event, .note = note, .delivered_on = day };
	struct wb_err err = { 0 };
	const char *title;
	enum wb_status rc;
	struct scope ms;

	c->scope = &s;
	c->unit_id = unit;
	ms = app_measure_scope(c, perms, NULL);
	rc = IN_TX(c, app_measure_event(c, &ms, id, perms, &in, &title, &err));
	c->scope = saved;
	c->unit_id = 0;
	return rc;
}

static void
test_assign_sealed_and_scoped(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct measure_row *m = calloc(1, sizeof(*m));
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_A, 0, 7, 0);
	struct scope town_b = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, REG_TOWN_B, 0, 7, 0);
	struct scope edu = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, "", x->edu, 8, 0);
	struct scope civil = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, "", x->civil, 8, 0);
	struct wb_err err = { 0 };
	const char *plain;
	int64_t fresh = new_case(c, false), id = 0, mid = 0;

	/* a new case takes no measure yet; a kind outside the list, a past day */
	assert_int_equal(assign(c, fresh, x->edu, "心理疏导", "2023-12-01", &mid), WB_ERR_CONFLICT);
	id = new_case(c, true);
	assert_int_equal(assign(c, id, x->edu, "心理咨询", "2023-12-01", &mid), WB_ERR_RULE);
	assert_int_equal(assign(c, id, x->edu, "心理疏导", "2023-11-14", &mid), WB_ERR_RULE);
	assert_int_equal(assign(c, id, 999999, "心理疏导", "2023-12-01", &mid), WB_ERR_RULE);
	assert_int_equal(assign(c, id, x->edu, "心理疏导", "2023-12-01", &mid), WB_OK);
	assert_int_equal(store_measure_get(c->st, &town_a, mid, NOW, m, &err), WB_OK);
	assert_int_equal(m->state, MEASURE_ASSIGNED);
	assert_string_equal(m->kind, "心理疏导");
	assert_string_equal(m->due_on, "2023-12-01");
	assert_string_equal(m->unit_name, "市教育局");
	assert_int_equal(m->light, 0);
	assert_null(strstr(m->note, "心理辅导"));
	assert_true(m->note[0] != '\0');
	assert_int_equal(app_case_open(c, "case_measures", "note", mid, m->note, &plain, &err), WB_OK);
	assert_string_equal(plain, NOTE);
	/* the unit it is assigned to, with case.measure; nobody else */
	c->scope = &edu;
	{
		struct scope s = app_measure_scope(c, MEASURE, NULL);
		assert_int_equal(store_measure_get(c->st, &s, mid, NOW, m, &err), WB_OK);
		s = app_measure_scope(c, MANAGE, NULL);   /* unit-scoped without case.measure */
		assert_int_equal(store_measure_get(c->st, &s, mid, NOW, m, &err), WB_ERR_NOTFOUND);
	}
	c->scope = &x->f->county;
	assert_int_equal(store_measure_get(c->st, &civil, mid, NOW, m, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_measure_get(c->st, &town_b, mid, NOW, m, &err), WB_ERR_NOTFOUND);
	free(m);
}

static void
count_row(const struct measure_row *r, void *arg)
{
	(void)r;
	(*(int64_t *)arg)++;
}

/* How many measures the filter lists (and the count agrees). */
static int64_t
count(struct app_ctx *c, int64_t unit, const char *state, int light, const char *kind,
      int64_t case_id, int64_t now)
{
	struct measure_filter f = { .scope = c->scope, .now = now, .unit_id = unit, .state = state,
				    .light = light, .kind = kind, .case_id = case_id };
	struct wb_err err = { 0 };
	int64_t n = 0, total = -1;

	assert_int_equal(store_measure_page(c->st, &f, 100, 0, count_row, &n, &total, &err), WB_OK);
	assert_int_equal(n, total);
	return n;
}

static void
test_events_and_lights(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct measure_row *m = calloc(1, sizeof(*m));
	struct wb_err err = { 0 };
	int64_t id = new_case(c, true), mid = 0;

	assert_int_equal(assign(c, id, x->edu, "心理疏导", "2023-11-20", &mid), WB_OK);
	/* the moments: yellow 3 days before (11-17 00:00 +08), red after 11-20 */
	assert_int_equal(store_measure_get(c->st, c->scope, mid, NOW, m, &err), WB_OK);
	assert_int_equal(m->red_at, 1700496000);          /* 2023-11-21 00:00 +08:00 */
	assert_int_equal(m->yellow_at, 1700496000 - 4 * 86400);
	assert_int_equal(store_measure_get(c->st, c->scope, mid, m->yellow_at, m, &err), WB_OK);
	assert_int_equal(m->light, 1);
	assert_int_equal(store_measure_get(c->st, c->scope, mid, 1700496000, m, &err), WB_OK);
	assert_int_equal(m->light, 2);
	/* refused, nothing changes: another unit, the handler accepting, the
	 * unit cancelling, a delivery before acceptance */
	assert_int_equal(take(c, mid, x->civil, MEASURE, "accept", NULL, NULL), WB_ERR_NOTFOUND);
	assert_int_equal(take(c, mid, 0, MANAGE, "accept", NULL, NULL), WB_ERR_DENIED);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "cancel", "x", NULL), WB_ERR_DENIED);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "deliver", "x", "2023-11-15"),
			 WB_ERR_CONFLICT);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "decline", NULL, NULL), WB_ERR_RULE);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "fly", NULL, NULL), WB_ERR_INVALID);
	assert_int_equal(store_measure_get(c->st, c->scope, mid, NOW, m, &err), WB_OK);
	assert_int_equal(m->state, MEASURE_ASSIGNED);
	/* accepted, delivered (a note and a day not after today), closed */
	assert_int_equal(take(c, mid, x->edu, MEASURE, "accept", NULL, NULL), WB_OK);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "deliver", NULL, "2023-11-15"), WB_ERR_RULE);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "deliver", "已辅导", NULL), WB_ERR_RULE);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "deliver", "已辅导", "2023-11-16"),
			 WB_ERR_RULE);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "deliver", "已辅导", "2023-11-15"), WB_OK);
	assert_int_equal(store_measure_get(c->st, c->scope, mid, 1700496000, m, &err), WB_OK);
	assert_int_equal(m->state, MEASURE_DELIVERED);
	assert_string_equal(m->delivered_on, "2023-11-15");
	assert_true(m->accepted_at == NOW);
	assert_int_equal(m->light, MEASURE_LIGHT_NONE);   /* no light once delivered */
	assert_int_equal(take(c, mid, 0, MANAGE, "cancel", "不需要了", NULL), WB_ERR_CONFLICT);
	assert_int_equal(take(c, mid, x->edu, MEASURE, "close", NULL, NULL), WB_OK);
	/* the list: by unit, state, light, kind, case */
	assert_int_equal(count(c, x->edu, "closed", -1, "心理疏导", id, NOW), 1);
	assert_int_equal(count(c, x->edu, "closed", MEASURE_LIGHT_NONE, "", 0, NOW), 1);
	assert_int_equal(count(c, x->edu, "closed", 0, "", 0, NOW), 0);
	assert_int_equal(count(c, x->civil, "", -1, "", id, NOW), 0);
	assert_int_equal(count(c, 0, "", -1, "司法救助", id, NOW), 0);
	/* a second one, still live: green now, red after its day */
	assert_int_equal(assign(c, id, x->civil, "经济帮扶", "2023-11-20", &mid), WB_OK);
	assert_int_equal(count(c, 0, "", 0, "", id, NOW), 1);
	assert_int_equal(count(c, 0, "", 2, "", id, 1700496000), 1);
	assert_int_equal(count(c, x->civil, "assigned", 2, "经济帮扶", id, 1700496000), 1);
	/* cancelled by the handler with a reason: no light */
	assert_int_equal(take(c, mid, 0, MANAGE, "cancel", NULL, NULL), WB_ERR_RULE);
	assert_int_equal(take(c, mid, 0, MANAGE, "cancel", "家庭已自行解决", NULL), WB_OK);
	assert_int_equal(count(c, 0, "cancelled", MEASURE_LIGHT_NONE, "", id, 1700496000), 1);
	free(m);
}

static void
test_listing(void **state)
{
	struct fx *x = *state;
	struct app_ctx *c = &x->f->app;
	struct listing_row *l = calloc(1, sizeof(*l));
	struct listing_in in = { .leader = "副市长 王某", .deadline = "2023-12-31", .period_days = 7,
				 .reason = "性侵害重大案件，需挂牌督办" };
	struct wb_err err = { 0 };
	int64_t id = new_case(c, true), lid = 0, again = 0;
	bool found = false;
	const char *plain;

	in.period_days = 0;
	assert_int_equal(IN_TX(c, app_listing_create(c, id, &in, &lid, &err)), WB_ERR_RULE);
	in.period_days = 7;
	in.reason = "";
	assert_int_equal(IN_TX(c, app_listing_create(c, id, &in, &lid, &err)), WB_ERR_RULE);
	in.reason = "性侵害重大案件，需挂牌督办";
	assert_int_equal(IN_TX(c, app_listing_create(c, id, &in, &lid, &err)), WB_OK);
	assert_int_equal(IN_TX(c, app_listing_create(c, id, &in, &again, &err)), WB_ERR_CONFLICT);
	assert_int_equal(store_listing_of_case(c->st, id, NOW, l, &found, &err), WB_OK);
	assert_true(found);
	assert_int_equal(l->id, lid);
	assert_string_equal(l->next_report_due, "2023-11-22");
	assert_int_equal(l->red_at, 1700668800);          /* 2023-11-23 00:00 +08:00 */
	assert_int_equal(l->yellow_at, 1700668800 - 2 * 86400);
	assert_int_equal(l->light, 0);
	assert_null(strstr(l->reason, "性侵害"));
	assert_int_equal(app_case_open(c, "case_listings", "reason", lid, l->reason, &plain, &err),
			 WB_OK);
	assert_string_equal(plain, "性侵害重大案件，需挂牌督办");
	/* a report eight days on: the next due a period after it */
	c->now = NOW + 8 * 86400;
	assert_int_equal(store_listing_of_case(c->st, id, c->now, l, &found, &err), WB_OK);
	assert_int_equal(l->light, 2);
	assert_int_equal(IN_TX(c, app_listing_report(c, id, 1u << PERM_CASE_READ, "x", &err)),
			 WB_ERR_DENIED);
	assert_int_equal(IN_TX(c, app_listing_report(c, id, MANAGE, "", &err)), WB_ERR_RULE);
	assert_int_equal(IN_TX(c, app_listing_report(c, id, MANAGE, "已完成司法鉴定", &err)), WB_OK);
	assert_int_equal(store_listing_of_case(c->st, id, c->now, l, &found, &err), WB_OK);
	assert_string_equal(l->next_report_due, "2023-11-30");
	assert_int_equal(l->reports, 1);
	assert_int_equal(l->light, 0);
	/* lifted once; listed again after */
	assert_int_equal(IN_TX(c, app_listing_lift(c, id, "", &err)), WB_ERR_RULE);
	assert_int_equal(IN_TX(c, app_listing_lift(c, id, "已结案", &err)), WB_OK);
	assert_int_equal(IN_TX(c, app_listing_lift(c, id, "已结案", &err)), WB_ERR_CONFLICT);
	assert_int_equal(IN_TX(c, app_listing_report(c, id, MANAGE, "又一次", &err)),
			 WB_ERR_CONFLICT);
	assert_int_equal(store_listing_of_case(c->st, id, c->now, l, &found, &err), WB_OK);
	assert_true(l->lifted_at == c->now);
	assert_int_equal(l->light, MEASURE_LIGHT_NONE);
	assert_int_equal(IN_TX(c, app_listing_create(c, id, &in, &again, &err)), WB_OK);
	assert_true(again > lid);
	c->now = NOW;
	free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assign_sealed_and_scoped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_and_lights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
