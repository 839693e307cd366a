/* Measures (救助措施) of cases and 挂牌督办: JSON in and out of
 * src/app/case_measures.c and src/app/case_listings.c.  A member unit
 * (case.measure, scope unit) reads only the measures assigned to it, and of
 * their case only what a measure shows — never the reporter, the contact,
 * the description or other units' measures; the case's handlers read all
 * of a case's measures; a measure out of reach is 404. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/case_listings.h"
#include "app/case_measures.h"
#include "app/cases.h"
#include "sec/permissions.h"
#include "util/arena.h"

static const char *const sorts[] = { "id", NULL };
static const char *const light_names[] = { "green", "yellow", "red", "none" };
static const char *const light_titles[] = { "绿灯", "黄灯", "红灯", "无" };

static bool
has(const struct request *r, enum permission p)
{
	return (r->perms & (1u << p)) != 0;
}

/* Whether the user may read measures at all (case.measure, case.read or
 * case.manage); false with 403 set. */
static bool
may_read(struct request *r)
{
	if (has(r, PERM_CASE_MEASURE) || has(r, PERM_CASE_READ) || has(r, PERM_CASE_MANAGE))
		return true;
	request_fail(r, WB_ERR_DENIED, "您无权查看救助措施");
	return false;
}

static const char *
light_name(int l)
{
	return light_names[(unsigned)l < 4 ? l : 3];
}

static json_t *
opt_time(int64_t t)
{
	return t ? json_integer(t) : json_null();
}

static json_t *
situations_json(unsigned bits)
{
	json_t *a = json_array();

	for (int n = 1; n <= CASE_SITUATIONS; n++)
		if (bits & (1u << n))
			json_array_append_new(a, json_integer(n));
	return a;
}

/* A measure as lists show it (a new reference; NULL with err set). */
static json_t *
measure_json(struct request *r, const struct measure_row *m, struct wb_err *err)
{
	const char *child = "";

	if (app_case_child_masked(&r->app, m->case_id, m->child_id, m->case_child_name, m->reg_name,
				  &child, err) != WB_OK)
		return NULL;
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, "
			 "s:o, s:o, s:o}",
			 "id", (json_int_t)m->id, "case_id", (json_int_t)m->case_id, "tracking_no",
			 m->tracking_no, "kind", m->kind, "unit_id", (json_int_t)m->unit_id,
			 "unit_name", m->unit_name, "state", measure_state_code(m->state),
			 "state_title", measure_state_title(m->state), "due_on", m->due_on, "light",
			 light_name(m->light), "assigned_at", (json_int_t)m->assigned_at,
			 "child_name_masked", child, "town_name", m->town_name, "accepted_at",
			 opt_time(m->accepted_at), "delivered_on",
			 m->delivered_on[0] ? json_string(m->delivered_on) : json_null(),
			 "closed_at", opt_time(m->closed_at));
}

static void
each_measure(const struct measure_row *m, void *arg)
{
	struct api_list *l = arg;

	if (l->rc == WB_OK)
		api_list_add(l, measure_json(l->r, m, &l->err));
}

/* Reads the list's filter; false with 400 set.  *ms receives the scope the
 * user reaches measures through. */
static bool
read_measure_filter(struct request *r, struct scope *ms, struct measure_filter *f)
{
	const char *state = arg_or_empty(r, "state"), *light = arg_or_empty(r, "light");
	int64_t unit_only = 0, case_id = 0;

	*ms = app_measure_scope(&r->app, r->perms, &unit_only);
	*f = (struct measure_filter){ .scope = ms, .now = r->app.now, .unit_id = unit_only,
				      .light = -1, .state = state,
				      .kind = arg_or_empty(r, "kind") };
	if (state[0] && measure_state_parse(state) == MEASURE_STATE__MAX) {
		request_field_error(r, 400, "invalid_query", "state", "未知的措施状态");
		return false;
	}
	for (int i = 0; i < 4; i++)
		if (strcmp(light, light_names[i]) == 0)
			f->light = i;
	if (!arg_id(r, "case_id", &case_id))
		return false;
	f->case_id = case_id;
	return true;
}

/* GET /api/v1/measures: a unit's own measures, or those of the cases in the
 * caller's scope, newest first. */
void
api_measures_list(struct request *r)
{
	struct api_list l = { .r = r };
	struct measure_filter f;
	struct scope ms;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	enum wb_status rc;

	if (!may_read(r) || !paging_read(r, sorts, &p) || !read_measure_filter(r, &ms, &f))
		return;
	l.items = json_array();
	rc = store_measure_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, each_measure,
				&l, &total, &err);
	api_list_reply(&l, rc, &err, total, &p);
}

static void
each_measure_row(const struct measure_row *m, void *arg)
{
	static const enum xlsx_tone tones[] = { XLSX_GREEN, XLSX_YELLOW, XLSX_RED, XLSX_GREEN };
	struct api_list *l = arg;
	const char *child = "";
	int k = 0;

	if (l->rc != WB_OK)
		return;
	l->rc = app_case_child_masked(&l->r->app, m->case_id, m->child_id, m->case_child_name,
				      m->reg_name, &child, &l->err);
	if (l->rc != WB_OK)
		return;
	xlsx_str(l->x, l->rows, k++, m->tracking_no);
	xlsx_str(l->x, l->rows, k++, m->kind);
	xlsx_str(l->x, l->rows, k++, m->unit_name);
	xlsx_str(l->x, l->rows, k++, measure_state_title(m->state));
	if (m->light == MEASURE_LIGHT_NONE)
		xlsx_str(l->x, l->rows, k++, "");
	else
		xlsx_marked(l->x, l->rows, k++, light_titles[m->light % 4], tones[m->light % 4]);
	xlsx_str(l->x, l->rows, k++, m->due_on);
	xlsx_str(l->x, l->rows, k++, m->delivered_on);
	xlsx_str(l->x, l->rows, k++, child);
	xlsx_str(l->x, l->rows, k++, m->town_name);
	xlsx_time(l->x, l->rows, k, m->assigned_at);
	l->rows++;
}

/* GET /api/v1/measures/export.xlsx: the list's selection, the child masked,
 * no note. */
void
api_measures_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "受理编号", 18, XLSX_TEXT }, { "措施", 12, XLSX_TEXT }, { "承办单位", 16, XLSX_TEXT },
		{ "状态", 8, XLSX_TEXT }, { "亮灯", 6, XLSX_TEXT }, { "办理期限", 12, XLSX_TEXT },
		{ "落实日期", 12, XLSX_TEXT }, { "儿童", 10, XLSX_TEXT },
		{ "镇（街道）", 14, XLSX_TEXT }, { "安排时间", 18, XLSX_TIME },
	};
	struct api_list l = { .r = r };
	struct measure_filter f;
	struct scope ms;
	struct wb_err err = { 0 };
	enum wb_status rc;

	if (!may_read(r) || !read_measure_filter(r, &ms, &f))
		return;
	l.x = xlsx_begin(r, "救助措施", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (l.x == NULL)
		return;
	rc = store_measure_page(r->store, &f, EXPORT_MAX, 0, each_measure_row, &l, NULL, &err);
	api_export_reply(&l, rc, &err);
}

struct events_state {
	struct request *r;
	json_t *items;
	enum wb_status rc;
	struct wb_err err;
};

static void
each_measure_event(const struct measure_event_row *e, void *arg)
{
	struct events_state *t = arg;
	const char *note = "";
	enum measure_event ev = measure_event_parse(e->event);

	if (t->rc != WB_OK)
		return;
	t->rc = app_case_open(&t->r->app, "case_measure_events", "note", e->id, e->note, &note,
			      &t->err);
	if (t->rc != WB_OK)
		return;
	json_array_append_new(t->items, json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s?}", "at", (json_int_t)e->at, "login", e->login,
		"who", e->actor, "event", e->event, "event_title",
		ev == MEASURE_EVENT__MAX ? "安排" : measure_event_title(ev), "note",
		note[0] ? note : NULL));
}

/* The reply of GET /api/v1/measures/{id}: the item, its note and events,
 * and what it shows of its case. */
static void
reply_measure(struct request *r, const struct scope *ms, int64_t id)
{
	struct events_state t = { .r = r };
	struct measure_row *m = arena_alloc(r->arena, sizeof(*m));
	struct case_row *c = arena_alloc(r->arena, sizeof(*c));
	struct wb_err err = { 0 };
	const char *note = "", *child = "";
	int age = -1;
	json_t *o;

	if (m == NULL || c == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if (store_measure_get(r->store, ms, id, r->app.now, m, &err) != WB_OK ||
	    (o = measure_json(r, m, &err)) == NULL) {
		request_fail_err(r, &err);
		return;
	}
	t.items = json_array();
	if (app_case_open(&r->app, "case_measures", "note", m->id, m->note, &note, &err) != WB_OK ||
	    store_measure_events(r->store, id, each_measure_event, &t, &err) != WB_OK ||
	    t.rc != WB_OK || app_measure_case(&r->app, m, c, &child, &age, &err) != WB_OK) {
		if (t.rc != WB_OK)
			err = t.err;
		json_decref(o);
		json_decref(t.items);
		request_fail_err(r, &err);
		return;
	}
	json_object_set_new(o, "note", json_string(note));
	json_object_set_new(o, "events", t.items);
	/* of the case only this: never the reporter, the contact, the
	 * description or the other units' measures */
	json_object_set_new(o, "case", json_pack(
		"{s:s, s:o, s:s?, s:s, s:o, s:s}", "tracking_no", c->tracking_no, "situations",
		situations_json(c->situations), "risk",
		c->risk == CASE_RISK_NONE ? NULL : case_risk_title(c->risk), "child_name_masked",
		child, "child_age", age >= 0 ? json_integer(age) : json_null(), "village_name",
		c->village_name));
	request_reply(r, 200, o);
}

void
api_measures_get(struct request *r)
{
	struct scope ms;
	int64_t id;

	if (!may_read(r) || !path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	ms = app_measure_scope(&r->app, r->perms, NULL);
	reply_measure(r, &ms, id);
}

/* POST /api/v1/measures/{id}/events {"event","note"?,"delivered_on"?}: 200
 * with the measure. */
void
api_measures_event(struct request *r)
{
	struct measure_event_in in = { .event = body_str(r, "event"), .note = body_str(r, "note"),
				       .delivered_on = body_str(r, "delivered_on") };
	struct wb_err err = { 0 };
	const char *title = "";
	struct scope ms;
	int64_t id;

	if (!may_read(r) || !path_id(r, 0, &id))
		return;
	ms = app_measure_scope(&r->app, r->perms, NULL);
	if (app_measure_event(&r->app, &ms, id, r->perms, &in, &title, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "%s", title);
	reply_measure(r, &ms, id);
}

/* POST /api/v1/cases/{id}/measures {"kind","unit_id","due_on","note"?}: 201
 * {"id"}. */
void
api_case_measures_create(struct request *r)
{
	struct measure_in in = { .kind = body_str(r, "kind"), .due_on = body_str(r, "due_on"),
				 .note = body_str(r, "note") };
	struct wb_err err = { 0 };
	char title[200];
	int64_t case_id, id = 0;

	if (!path_id(r, 0, &case_id))
		return;
	body_int(r, "unit_id", &in.unit_id);
	if (app_measure_assign(&r->app, case_id, r->perms, &in, &id, title, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)case_id);
	request_audit_detail(r, "安排救助措施 %s", title);
	request_reply(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* 挂牌督办 */

struct reports_state {
	struct request *r;
	json_t *items;
	enum wb_status rc;
	struct wb_err err;
};

static void
each_report(const struct listing_report_row *p, void *arg)
{
	struct reports_state *t = arg;
	const char *progress = "";

	if (t->rc != WB_OK)
		return;
	t->rc = app_case_open(&t->r->app, "case_listing_reports", "progress", p->id, p->progress,
			      &progress, &t->err);
	if (t->rc == WB_OK)
		json_array_append_new(t->items, json_pack("{s:I, s:s, s:s, s:s}", "at",
							  (json_int_t)p->at, "login", p->login,
							  "who", p->actor, "progress", progress));
}

json_t *
api_case_listing_json(struct request *r, int64_t case_id, struct wb_err *err)
{
	struct listing_row *l = arena_alloc(r->arena, sizeof(*l));
	struct reports_state t = { .r = r };
	const char *reason = "", *lift = "";
	bool found = false;

	if (l == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (store_listing_of_case(r->store, case_id, r->app.now, l, &found, err) != WB_OK)
		return NULL;
	if (!found)
		return json_null();
	t.items = json_array();
	if (app_case_open(&r->app, "case_listings", "reason", l->id, l->reason, &reason, err) !=
		    WB_OK ||
	    app_case_open(&r->app, "case_listings", "lift_reason", l->id, l->lift_reason, &lift,
			  err) != WB_OK ||
	    store_listing_reports(r->store, l->id, each_report, &t, err) != WB_OK ||
	    t.rc != WB_OK) {
		if (t.rc != WB_OK)
			*err = t.err;
		json_decref(t.items);
		return NULL;
	}
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:i, s:s, s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)l->id, "leader", l->leader, "reason", reason,
			 "listed_at", (json_int_t)l->listed_at, "listed_by", l->listed_by_name,
			 "deadline", l->deadline, "period_days", l->period_days, "next_report_due",
			 l->next_report_due, "light", light_name(l->light), "lifted_at",
			 opt_time(l->lifted_at), "lift_reason", lift[0] ? json_string(lift)
									: json_null(),
			 "reports", t.items);
}

/* Replies status with the case's listing. */
static void
reply_listing(struct request *r, int status, int64_t case_id)
{
	struct wb_err err = { 0 };
	json_t *o = api_case_listing_json(r, case_id, &err);

	if (o == NULL) {
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, status, o);
}

/* POST /api/v1/cases/{id}/listing {"leader","deadline","period_days","reason"}:
 * 201 {"id"}. */
void
api_case_listing_create(struct request *r)
{
	struct listing_in in = { .leader = body_str(r, "leader"),
				 .deadline = body_str(r, "deadline"), .reason = body_str(r, "reason") };
	struct wb_err err = { 0 };
	int64_t case_id, id = 0, period = 0;

	if (!path_id(r, 0, &case_id))
		return;
	body_int(r, "period_days", &period);
	in.period_days = period > 0 && period <= 90 ? (int)period : 0;
	if (app_listing_create(&r->app, case_id, &in, &id, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)case_id);
	request_audit_detail(r, "挂牌督办（责任领导：%s，%s 前办结）", in.leader, in.deadline);
	request_reply(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* POST /api/v1/cases/{id}/listing/reports {"progress"}: 201 with the listing. */
void
api_case_listing_report(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t case_id;

	if (!path_id(r, 0, &case_id))
		return;
	if (app_listing_report(&r->app, case_id, r->perms, body_str(r, "progress"), &err) !=
	    WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)case_id);
	request_audit_detail(r, "报告督办进展");
	reply_listing(r, 201, case_id);
}

/* POST /api/v1/cases/{id}/listing/lift {"reason"}: 200 with the listing. */
void
api_case_listing_lift(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t case_id;

	if (!path_id(r, 0, &case_id))
		return;
	if (app_listing_lift(&r->app, case_id, body_str(r, "reason"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)case_id);
	request_audit_detail(r, "摘牌");
	reply_listing(r, 200, case_id);
}

static void
each_listing(const struct listing_row *l, void *arg)
{
	struct api_list *s = arg;
	const char *child = "";

	if (s->rc != WB_OK)
		return;
	s->rc = app_case_child_masked(&s->r->app, l->case_id, l->child_id, l->case_child_name,
				      l->reg_name, &child, &s->err);
	if (s->rc != WB_OK)
		return;
	if (s->x) {
		static const enum xlsx_tone tones[] = { XLSX_GREEN, XLSX_YELLOW, XLSX_RED,
							XLSX_GREEN };
		int k = 0;

		xlsx_str(s->x, s->rows, k++, l->tracking_no);
		xlsx_str(s->x, s->rows, k++, l->leader);
		xlsx_time(s->x, s->rows, k++, l->listed_at);
		xlsx_str(s->x, s->rows, k++, l->deadline);
		xlsx_int(s->x, s->rows, k++, l->period_days);
		xlsx_str(s->x, s->rows, k++, l->lifted_at ? "" : l->next_report_due);
		if (l->light == MEASURE_LIGHT_NONE)
			xlsx_str(s->x, s->rows, k++, "");
		else
			xlsx_marked(s->x, s->rows, k++, light_titles[l->light % 4],
				    tones[l->light % 4]);
		xlsx_int(s->x, s->rows, k++, l->reports);
		xlsx_str(s->x, s->rows, k++, l->lifted_at ? "已摘牌" : "督办中");
		xlsx_str(s->x, s->rows, k++, child);
		xlsx_str(s->x, s->rows, k, l->town_name);
		s->rows++;
		return;
	}
	json_array_append_new(s->items, json_pack(
		"{s:I, s:I, s:s, s:s, s:I, s:s, s:i, s:s, s:s, s:I, s:o, s:s, s:s}",
		"id", (json_int_t)l->id, "case_id", (json_int_t)l->case_id, "tracking_no",
		l->tracking_no, "leader", l->leader, "listed_at", (json_int_t)l->listed_at,
		"deadline", l->deadline, "period_days", l->period_days, "next_report_due",
		l->next_report_due, "light", light_name(l->light), "reports", (json_int_t)l->reports,
		"lifted_at", opt_time(l->lifted_at), "town_name", l->town_name,
		"child_name_masked", child));
}

/* The listings' filter: the case scope (its unit branch only for handlers:
 * a member unit sees no case; no `own` branch: a reporter's case is not
 * theirs to follow), active, light; false with 400 set. */
static bool
read_listing_filter(struct request *r, struct scope *s, struct listing_filter *f)
{
	const char *active = arg_or_empty(r, "active"), *light = arg_or_empty(r, "light");

	*s = r->scope;
	if (!has(r, PERM_CASE_MANAGE))
		s->unit_id = 0;
	if (s->kind == SCOPE_OWN)
		s->user_id = 0;
	*f = (struct listing_filter){ .scope = s, .now = r->app.now, .active = -1, .light = -1 };
	if (active[0])
		f->active = active[0] == '1';
	for (int i = 0; i < 4; i++)
		if (strcmp(light, light_names[i]) == 0)
			f->light = i;
	return true;
}

/* GET /api/v1/listings: the 挂牌督办 cases of the caller's scope. */
void
api_listings_list(struct request *r)
{
	struct api_list s = { .r = r };
	struct listing_filter f;
	struct scope sc;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	enum wb_status rc;

	if (!paging_read(r, sorts, &p) || !read_listing_filter(r, &sc, &f))
		return;
	s.items = json_array();
	rc = store_listing_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, each_listing,
				&s, &total, &err);
	api_list_reply(&s, rc, &err, total, &p);
}

/* GET /api/v1/listings/export.xlsx */
void
api_listings_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "受理编号", 18, XLSX_TEXT }, { "责任领导", 16, XLSX_TEXT },
		{ "挂牌时间", 18, XLSX_TIME }, { "办结期限", 12, XLSX_TEXT },
		{ "报告周期（天）", 10, XLSX_INT }, { "下次报告", 12, XLSX_TEXT },
		{ "亮灯", 6, XLSX_TEXT }, { "进展报告", 8, XLSX_INT }, { "状态", 8, XLSX_TEXT },
		{ "儿童", 10, XLSX_TEXT }, { "镇（街道）", 14, XLSX_TEXT },
	};
	struct api_list s = { .r = r };
	struct listing_filter f;
	struct scope sc;
	struct wb_err err = { 0 };
	enum wb_status rc;

	if (!read_listing_filter(r, &sc, &f))
		return;
	s.x = xlsx_begin(r, "挂牌督办", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (s.x == NULL)
		return;
	rc = store_listing_page(r->store, &f, EXPORT_MAX, 0, each_listing, &s, NULL, &err);
	api_export_reply(&s, rc, &err);
}

json_t *
api_case_measures_json(struct request *r, int64_t case_id, struct wb_err *err)
{
	struct api_list l = { .r = r, .items = json_array() };
	enum wb_status rc = app_measures_of_case(&r->app, case_id, each_measure, &l, err);

	if (rc == WB_OK && l.rc != WB_OK) {
		rc = l.rc;
		*err = l.err;
	}
	if (rc != WB_OK) {
		json_decref(l.items);
		return NULL;
	}
	return l.items;
}
