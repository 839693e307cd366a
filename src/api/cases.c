/* Cases (个案) and mandated reports (强制报告): JSON in and out of
 * src/app/cases.c.  A reporter reads only the reports they filed (another
 * reporter's is 404) and sees a tracking number, a reporter-facing status
 * and the outcome; handlers read the cases of their scope.  The reporter's
 * identity and contact go only to those who handle cases (case.manage) —
 * never to the police liaison or another unit. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/case_stats.h"
#include "app/cases.h"
#include "sec/permissions.h"
#include "store/cases.h"
#include "util/arena.h"

static const char *const case_sorts[] = { "id", NULL };
static const char *const light_names[] = { "green", "yellow", "red" };

static bool
has(const struct request *r, enum permission p)
{
	return (r->perms & (1u << p)) != 0;
}

/* A member unit sees no case: the unit branch of the cases' scope (a case
 * transferred to the caller's unit) is only for those who handle cases
 * there (case.manage); a unit's liaison reads its measures through
 * /api/v1/measures instead.  Nor does an `own` scope: the only cases such a
 * user created are the reports they filed, read through /api/v1/reports
 * (tracking number, status, outcome) — never the case behind them. */
static void
narrow_scope(struct request *r)
{
	if (!has(r, PERM_CASE_MANAGE))
		r->scope.unit_id = 0;
	if (r->scope.kind == SCOPE_OWN)
		r->scope.user_id = 0;
}

/* The situations of the body (FIELD_ID_ARRAY) as bits; false with 400 set
 * for a number outside 1–9. */
static bool
read_situations(struct request *r, unsigned *bits)
{
	json_t *a = json_object_get(r->json, "situations"), *v;
	size_t i;

	*bits = 0;
	json_array_foreach(a, i, v) {
		json_int_t n = json_integer_value(v);
		if (n < 1 || n > CASE_SITUATIONS) {
			request_field_error(r, 400, "invalid", "situations", "强制报告情形应为 1 至 9");
			return false;
		}
		*bits |= 1u << n;
	}
	return true;
}

/* A string member of the body's child object, or NULL. */
static const char *
child_str(struct request *r, const char *name)
{
	json_t *v = json_object_get(json_object_get(r->json, "child"), name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads the intake body; false with 400 set when the child object holds an
 * unknown or mistyped member. */
static bool
read_intake(struct request *r, struct case_intake *in)
{
	static const char *const known[] = { "id_number", "name", "sex", "age", "village", NULL };
	json_t *child = json_object_get(r->json, "child"), *v;
	const char *key;

	memset(in, 0, sizeof(*in));
	in->child_age = -1;
	json_object_foreach(child, key, v) {
		bool ok = false;
		for (const char *const *k = known; *k; k++)
			ok |= strcmp(key, *k) == 0;
		if (!ok || (strcmp(key, "age") == 0 ? !json_is_integer(v) && !json_is_null(v)
						    : !json_is_string(v) && !json_is_null(v)) ||
		    (json_is_string(v) && strlen(json_string_value(v)) > 64)) {
			request_field_error(r, 400, "invalid", "child", "儿童信息中有无法识别的字段");
			return false;
		}
	}
	if (!read_situations(r, &in->situations))
		return false;
	in->source = body_str(r, "source");
	in->seen_at = body_str(r, "seen_at");
	in->place = body_str(r, "place");
	in->description = body_str(r, "description");
	in->reporter_contact = body_str(r, "reporter_contact");
	in->child_id_number = child_str(r, "id_number");
	in->child_name = child_str(r, "name");
	in->child_sex = child_str(r, "sex");
	in->village = child_str(r, "village");
	v = json_object_get(child, "age");
	if (json_is_integer(v)) {
		json_int_t a = json_integer_value(v);
		in->child_age = a < 0 || a > 17 ? -2 : (int)a;
	}
	return true;
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

/* POST /api/v1/reports: a mandated reporter's report. */
void
api_reports_create(struct request *r)
{
	struct case_intake in;
	struct wb_err err = { 0 };
	char tracking[24] = "";
	int64_t id = 0;

	if (!read_intake(r, &in))
		return;
	if (app_case_report(&r->app, &in, &id, tracking, &err) != WB_OK) {
		if (strcmp(err.code, "too_many_reports") == 0)
			request_error(r, 429, err.code, err.msg);   /* the hourly limit */
		else
			request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "强制报告 %s", tracking);
	request_reply(r, 201, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)id, "tracking_no",
					tracking, "case_id", (json_int_t)id));
}

/* POST /api/v1/cases: another source entered by station or office staff. */
void
api_cases_create(struct request *r)
{
	struct case_intake in;
	struct wb_err err = { 0 };
	char tracking[24] = "";
	int64_t id = 0;

	if (!read_intake(r, &in))
		return;
	if (app_case_create(&r->app, &in, &id, tracking, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "登记个案 %s（%s）", tracking, in.source);
	request_reply(r, 201, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)id, "tracking_no",
					tracking, "case_id", (json_int_t)id));
}

/* What a reporter is shown of their report (a new reference; NULL with err
 * set when the outcome cannot be decrypted). */
static json_t *
report_json(struct request *r, const struct case_row *c, struct wb_err *err)
{
	const char *outcome = "";

	if (app_case_open(&r->app, "cases", "outcome", c->id, c->outcome, &outcome, err) != WB_OK)
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:I, s:o, s:b, s:s}", "id", (json_int_t)c->id,
			 "tracking_no", c->tracking_no, "status", case_reporter_status(c->state),
			 "created_at", (json_int_t)c->created_at, "situations",
			 situations_json(c->situations), "urgent", c->urgent, "outcome", outcome);
}

/* A scope of what the user created, whatever their own scope: a reporter's
 * reports. */
static struct scope
own_scope(const struct request *r)
{
	return scope_make(SCOPE_RULE_DIVISION, SCOPE_OWN, "", 0, r->app.user_id, 0);
}

/* JSON of a case in a list: masked child, state, light, moments (a new
 * reference, NULL with err set). */
static json_t *
brief_json(struct request *r, const struct case_row *c, struct wb_err *err)
{
	const char *name = "", *number = "";

	if (app_case_child(&r->app, c, &name, &number, err) != WB_OK)
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:s, s:s, s:s?, s:{s:s, s:s, s:s, s:s, "
			 "s:b}, s:s, s:I, s:o?, s:o?, s:s?, s:o?, s:o?, s:I}",
			 "id", (json_int_t)c->id, "tracking_no", c->tracking_no, "source", c->source,
			 "situations", situations_json(c->situations), "urgent", c->urgent,
			 "state", case_state_code(c->state), "state_title", case_state_title(c->state),
			 "risk", c->risk == CASE_RISK_NONE ? NULL : case_risk_title(c->risk),
			 "child", "name", name, "id_number", number, "village", c->division_code,
			 "village_name", c->village_name, "matched", c->child_id > 0,
			 "town_name", c->town_name, "state_since", (json_int_t)c->state_since,
			 "yellow_at", c->yellow_at ? json_integer(c->yellow_at) : NULL,
			 "red_at", c->red_at ? json_integer(c->red_at) : NULL,
			 "police_kind", c->police_kind == POLICE_KIND__MAX ? NULL
				: police_kind_title(c->police_kind),
			 "feedback_yellow_at", c->fb_yellow_at ? json_integer(c->fb_yellow_at) : NULL,
			 "feedback_red_at", c->fb_red_at ? json_integer(c->fb_red_at) : NULL,
			 "created_at", (json_int_t)c->created_at);
}

/* Adds a list's row o (NULL: its maker failed) with c's light. */
static void
add_row(struct api_list *l, const struct case_row *c, json_t *o)
{
	if (o)
		json_object_set_new(o, "light", json_string(light_names[c->light % 3]));
	api_list_add(l, o);
}

static void
each_row(const struct case_row *c, void *arg)
{
	struct api_list *l = arg;

	if (l->rc == WB_OK)
		add_row(l, c, brief_json(l->r, c, &l->err));
}

/* each_row of the reporter's view. */
static void
each_report(const struct case_row *c, void *arg)
{
	struct api_list *l = arg;

	if (l->rc == WB_OK)
		add_row(l, c, report_json(l->r, c, &l->err));
}

/* GET /api/v1/reports: the reporter's own reports, newest first. */
void
api_reports_list(struct request *r)
{
	struct scope own = own_scope(r);
	struct case_filter f = { .scope = &own, .now = r->app.now, .creator = r->app.user_id,
				 .light = -1, .urgent = -1 };
	struct api_list l = { .r = r };
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	enum wb_status rc;

	if (!paging_read(r, case_sorts, &p))
		return;
	l.items = json_array();
	rc = store_case_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, each_report, &l,
			     &total, &err);
	api_list_reply(&l, rc, &err, total, &p);
}

/* GET /api/v1/reports/{id}: one of the reporter's own reports (404 for
 * anyone else's). */
void
api_reports_get(struct request *r)
{
	struct case_row *c;
	struct wb_err err = { 0 };
	json_t *o = NULL;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	c = arena_alloc(r->arena, sizeof(*c));
	if (c == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if (store_case_get_own(r->store, r->app.user_id, id, r->app.now, c, &err) != WB_OK ||
	    (o = report_json(r, c, &err)) == NULL) {
		request_fail_err(r, &err);
		return;
	}
	if (c->police_kind != POLICE_KIND__MAX && c->feedback_done_at)
		json_object_set_new(o, "police", json_pack("{s:s, s:I}", "kind",
							   police_kind_title(c->police_kind),
							   "at", (json_int_t)c->police_at));
	request_reply(r, 200, o);
}

/* Reads the list's filter from the query; false with 400 set. */
static bool
read_filter(struct request *r, struct case_filter *f)
{
	const char *state = arg_or_empty(r, "state"), *light = arg_or_empty(r, "light");
	const char *urgent = arg_or_empty(r, "urgent");

	*f = (struct case_filter){ .scope = &r->scope, .now = r->app.now, .light = -1,
				   .urgent = -1 };
	if (state[0] && case_state_parse(state) == CASE_STATE__MAX) {
		request_field_error(r, 400, "invalid_query", "state", "未知的个案状态");
		return false;
	}
	f->state = state;
	for (int i = 0; i < 3; i++)
		if (strcmp(light, light_names[i]) == 0)
			f->light = i;
	if (urgent[0])
		f->urgent = urgent[0] == '1';
	f->town = arg_or_empty(r, "town");
	f->village = arg_or_empty(r, "village");
	return true;
}

/* GET /api/v1/cases: the cases of the caller's scope, newest first, filtered
 * by state, light (in SQL, from the stored moments), town, village, urgency. */
void
api_cases_list(struct request *r)
{
	struct api_list l = { .r = r };
	struct case_filter f;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	enum wb_status rc;

	narrow_scope(r);
	if (!paging_read(r, case_sorts, &p) || !read_filter(r, &f))
		return;
	l.items = json_array();
	rc = store_case_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, each_row, &l,
			     &total, &err);
	api_list_reply(&l, rc, &err, total, &p);
}

struct timeline {
	struct request *r;
	bool reporter_shown;      /* the viewer may know who reported */
	json_t *items;
	enum wb_status rc;
	struct wb_err err;
};

static void
each_event(const struct case_event_row *e, void *arg)
{
	struct timeline *t = arg;
	const char *reason = "", *detail = "";
	json_t *o, *d = NULL;

	if (t->rc != WB_OK)
		return;
	t->rc = app_case_open(&t->r->app, "case_events", "reason", e->id, e->reason, &reason,
			      &t->err);
	if (t->rc == WB_OK)
		t->rc = app_case_open(&t->r->app, "case_events", "detail", e->id, e->detail, &detail,
				      &t->err);
	if (t->rc != WB_OK)
		return;
	if (detail[0])
		d = json_loads(detail, 0, NULL);
	/* who filed a report is the reporter's identity: handlers only */
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:o?}", "id",
		      (json_int_t)e->id, "at", (json_int_t)e->at, "who",
		      strcmp(e->event, "report") == 0 && !t->reporter_shown
			      ? "报告人（保密）" : e->actor,
		      "event", e->event,
		      "title", strcmp(e->event, "report") == 0 ? "报告"
			       : strcmp(e->event, "intake") == 0 ? "登记"
			       : strcmp(e->event, "police_feedback") == 0 ? "反馈报告单位"
			       : strcmp(e->event, "guidance") == 0 ? "家庭教育指导"
			       /* the title a measure's or listing's entry carries; an
				* event of the workflow has its own (an assessment is
				* the handler's free text) */
			       : case_event_parse(e->event) == CASE_EVENT__MAX &&
				 json_is_string(json_object_get(d, "title"))
				 ? json_string_value(json_object_get(d, "title"))
			       : case_event_title(case_event_parse(e->event)),
		      "from_state", e->from_state[0] ? e->from_state : NULL, "to_state", e->to_state,
		      "reason", reason[0] ? reason : NULL, "risk", e->risk[0] ? e->risk : NULL,
		      "detail", d);
	json_array_append_new(t->items, o);
}

/* GET /api/v1/cases/{id}: the case with its timeline and latest assessment;
 * the narrative in clear for those who read cases; the reporter and their
 * contact only for handlers (case.manage) of its town or village and the
 * office. */
static void
reply_case(struct request *r, int64_t id)
{
	struct timeline t = { .r = r };
	struct case_row *c;
	struct wb_err err = { 0 };
	const char *place = "", *desc = "", *outcome = "", *contact = "";
	json_t *o, *assessment = NULL;
	size_t i;
	json_t *ev;

	c = arena_alloc(r->arena, sizeof(*c));
	if (c == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if (store_case_get(r->store, &r->scope, id, r->app.now, c, &err) != WB_OK ||
	    (o = brief_json(r, c, &err)) == NULL) {
		request_fail_err(r, &err);
		return;
	}
	json_object_set_new(o, "light", json_string(light_names[c->light % 3]));
	t.items = json_array();
	/* handlers of the case's own town or village and the office; a unit the
	 * case was transferred to handles it without learning who reported */
	t.reporter_shown = has(r, PERM_CASE_MANAGE) &&
			   scope_covers_division(&r->scope, c->division_code);
	if (app_case_open(&r->app, "cases", "place", c->id, c->place, &place, &err) != WB_OK ||
	    app_case_open(&r->app, "cases", "description", c->id, c->description, &desc, &err) !=
		    WB_OK ||
	    app_case_open(&r->app, "cases", "outcome", c->id, c->outcome, &outcome, &err) != WB_OK ||
	    store_case_events(r->store, id, each_event, &t, &err) != WB_OK || t.rc != WB_OK) {
		if (t.rc != WB_OK)
			err = t.err;
		json_decref(o);
		json_decref(t.items);
		request_fail_err(r, &err);
		return;
	}
	json_array_foreach(t.items, i, ev)
		if (strcmp(json_string_value(json_object_get(ev, "event")), "assess") == 0)
			assessment = json_object_get(ev, "detail");
	json_object_set_new(o, "seen_at", c->seen_at[0] ? json_string(c->seen_at) : json_null());
	json_object_set_new(o, "place", json_string(place));
	json_object_set_new(o, "description", json_string(desc));
	json_object_set_new(o, "outcome", json_string(outcome));
	json_object_set_new(o, "child_sex", c->child_sex[0] ? json_string(c->child_sex) : json_null());
	json_object_set_new(o, "child_age", c->child_age >= 0 ? json_integer(c->child_age)
							      : json_null());
	json_object_set_new(o, "assessment", assessment ? json_incref(assessment) : json_null());
	json_object_set_new(o, "police_at", c->police_at ? json_integer(c->police_at) : json_null());
	json_object_set_new(o, "feedback_done_at", c->feedback_done_at
				   ? json_integer(c->feedback_done_at) : json_null());
	json_object_set_new(o, "transfer_unit", c->transfer_unit_id
		? json_pack("{s:I, s:s}", "id", (json_int_t)c->transfer_unit_id, "name",
			    c->transfer_unit) : json_null());
	if (t.reporter_shown) {
		if (app_case_open(&r->app, "cases", "reporter_contact", c->id, c->reporter_contact,
				  &contact, &err) != WB_OK) {
			json_decref(o);
			json_decref(t.items);
			request_fail_err(r, &err);
			return;
		}
		json_object_set_new(o, "reporter", json_pack(
			"{s:s, s:s, s:s, s:s}", "name", c->reporter_name, "unit", c->reporter_unit,
			"institution", c->reporter_institution, "contact", contact));
	}
	json_object_set_new(o, "timeline", t.items);
	{
		json_t *measures = api_case_measures_json(r, id, &err), *listing = NULL;

		if (measures)
			listing = api_case_listing_json(r, id, &err);
		if (listing == NULL) {
			json_decref(measures);
			json_decref(o);
			request_fail_err(r, &err);
			return;
		}
		json_object_set_new(o, "measures", measures);
		json_object_set_new(o, "listing", listing);
	}
	{
		/* the family-education orders issued in the case */
		json_t *guidance = api_guidance_brief_list(r, id, 0, &err);

		if (guidance == NULL) {
			json_decref(o);
			request_fail_err(r, &err);
			return;
		}
		json_object_set_new(o, "guidance_orders", guidance);
	}
	request_reply(r, 200, o);
}

void
api_cases_get(struct request *r)
{
	int64_t id;

	narrow_scope(r);
	if (!path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	reply_case(r, id);
}

/* Whether case id is still in the caller's scope after an event; a failure
 * to read it counts as visible (reply_case then reports it). */
static bool
still_visible(struct request *r, int64_t id)
{
	struct case_row *c = arena_alloc(r->arena, sizeof(*c));
	struct wb_err err = { 0 };

	return c == NULL || store_case_get(r->store, &r->scope, id, r->app.now, c, &err) !=
				    WB_ERR_NOTFOUND;
}

/* POST /api/v1/cases/{id}/events {"event", "reason"?, "risk"?,
 * "assessment"?, "unit_id"?, "police_kind"?}: 200 with the case, or with
 * {"id", "visible": false} when the event took it out of the caller's scope. */
void
api_cases_event(struct request *r)
{
	struct case_event_in in = { 0 };
	struct wb_err err = { 0 };
	json_t *a = json_object_get(r->json, "assessment");
	char *assessment = NULL;
	const char *title = "";
	int64_t id;
	enum wb_status rc;

	narrow_scope(r);
	if (!path_id(r, 0, &id))
		return;
	in.event = body_str(r, "event");
	in.reason = body_str(r, "reason");
	in.risk = body_str(r, "risk");
	in.police_kind = body_str(r, "police_kind");
	body_int(r, "unit_id", &in.unit_id);
	if (json_is_object(a)) {
		assessment = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
		in.assessment = assessment;
	}
	rc = app_case_event(&r->app, id, r->perms, &in, &title, &err);
	free(assessment);
	if (rc != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "%s", title);
	if (!still_visible(r, id)) {
		/* a unit that declined a transfer (return) no longer sees the case:
		 * the event stands (a 404 here would roll it back), and the answer
		 * says only that the case has left the caller's scope */
		request_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "visible", 0));
		return;
	}
	reply_case(r, id);
}

static void
each_export(const struct case_row *c, void *arg)
{
	struct api_list *l = arg;
	const char *name = "", *number = "";
	static const enum xlsx_tone tones[] = { XLSX_GREEN, XLSX_YELLOW, XLSX_RED };
	static const char *const light_titles[] = { "绿灯", "黄灯", "红灯" };
	char sit[32] = "";
	size_t n = 0;
	int k = 0;

	if (l->rc != WB_OK)
		return;
	l->rc = app_case_child(&l->r->app, c, &name, &number, &l->err);
	if (l->rc != WB_OK)
		return;
	for (int s = 1; s <= CASE_SITUATIONS; s++)
		if (c->situations & (1u << s))
			n += (size_t)snprintf(sit + n, sizeof(sit) - n, "%s%d", n ? "、" : "", s);
	xlsx_str(l->x, l->rows, k++, c->tracking_no);
	xlsx_str(l->x, l->rows, k++, c->source);
	xlsx_str(l->x, l->rows, k++, sit);
	xlsx_str(l->x, l->rows, k++, c->urgent ? "是" : "否");
	xlsx_str(l->x, l->rows, k++, case_state_title(c->state));
	xlsx_marked(l->x, l->rows, k++, light_titles[c->light % 3], tones[c->light % 3]);
	xlsx_str(l->x, l->rows, k++, c->risk == CASE_RISK_NONE ? "" : case_risk_title(c->risk));
	xlsx_str(l->x, l->rows, k++, name);
	xlsx_str(l->x, l->rows, k++, number);
	xlsx_str(l->x, l->rows, k++, c->town_name);
	xlsx_str(l->x, l->rows, k++, c->village_name);
	xlsx_str(l->x, l->rows, k++, c->police_kind == POLICE_KIND__MAX ? ""
				     : police_kind_title(c->police_kind));
	xlsx_time(l->x, l->rows, k, c->created_at);
	l->rows++;
}

/* GET /api/v1/cases/export.xlsx: the list's selection, the child masked,
 * no narrative and no reporter. */
void
api_cases_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "受理编号", 18, XLSX_TEXT }, { "来源", 10, XLSX_TEXT }, { "情形", 14, XLSX_TEXT },
		{ "紧急", 6, XLSX_TEXT }, { "状态", 10, XLSX_TEXT }, { "亮灯", 8, XLSX_TEXT },
		{ "风险等级", 8, XLSX_TEXT }, { "儿童", 10, XLSX_TEXT },
		{ "身份证号", 22, XLSX_TEXT }, { "镇（街道）", 14, XLSX_TEXT },
		{ "村（社区）", 16, XLSX_TEXT }, { "公安受案", 8, XLSX_TEXT },
		{ "登记时间", 18, XLSX_TIME },
	};
	struct api_list l = { .r = r };
	struct case_filter f;
	struct wb_err err = { 0 };
	enum wb_status rc;

	narrow_scope(r);
	if (!read_filter(r, &f))
		return;
	l.x = xlsx_begin(r, "个案台账", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (l.x == NULL)
		return;
	rc = store_case_page(r->store, &f, EXPORT_MAX, 0, each_export, &l, NULL, &err);
	api_export_reply(&l, rc, &err);
}

/* Whether the caller may read the statistics: dashboard.read or case.read
 * (403 set when not). */
static bool
stats_allowed(struct request *r)
{
	if (has(r, PERM_DASHBOARD_READ) || has(r, PERM_CASE_READ))
		return true;
	request_error(r, 403, "forbidden", "没有权限执行此操作");
	return false;
}

/* The statistics of the query's period and town; false with the reply set. */
static bool
read_stats(struct request *r, struct case_stats *s)
{
	struct wb_err err = { 0 };

	if (!stats_allowed(r))
		return false;
	narrow_scope(r);
	if (app_case_stats(&r->app, arg_or_empty(r, "from"), arg_or_empty(r, "to"),
			   arg_or_empty(r, "town"), s, &err) != WB_OK) {
		request_fail_err(r, &err);
		return false;
	}
	return true;
}

/* GET /api/v1/cases/stats?from=&to=&town=: the cases of the caller's scope
 * reported in the period (default this year) by situation, source, town and
 * month, the medians, urgent and closed; overdue: open now past a deadline,
 * whenever reported. */
void
api_cases_stats(struct request *r)
{
	struct case_stats s;
	json_t *o, *a;

	if (!read_stats(r, &s))
		return;
	o = json_pack("{s:s, s:s, s:I, s:I, s:I}", "from", s.from, "to", s.to, "total",
		      (json_int_t)s.total, "urgent", (json_int_t)s.urgent, "closed",
		      (json_int_t)s.closed);
	a = json_array();
	for (int n = 1; n <= CASE_SITUATIONS; n++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:I}", "situation", n, "title",
						   case_situation_title(n), "count",
						   (json_int_t)s.situations[n]));
	json_object_set_new(o, "by_situation", a);
	a = json_array();
	for (int i = 0; i < s.nsources; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "source", s.sources[i].code,
						   "count", (json_int_t)s.sources[i].count));
	json_object_set_new(o, "by_source", a);
	a = json_array();
	for (int i = 0; i < s.ntowns; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "town", s.towns[i].code,
						   "town_name", s.towns[i].name, "count",
						   (json_int_t)s.towns[i].count));
	json_object_set_new(o, "by_town", a);
	a = json_array();
	for (int i = 0; i < s.nmonths; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "month", s.months[i].code, "count",
						   (json_int_t)s.months[i].count));
	json_object_set_new(o, "by_month", a);
	json_object_set_new(o, "median_accept_hours",
			    s.has_accept ? json_real(s.median_accept_hours) : json_null());
	json_object_set_new(o, "median_close_days",
			    s.has_close ? json_real(s.median_close_days) : json_null());
	json_object_set_new(o, "overdue", json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"accept", (json_int_t)s.overdue.accept, "assess", (json_int_t)s.overdue.assess,
		"follow_up", (json_int_t)s.overdue.care, "close", (json_int_t)s.overdue.close,
		"transfer", (json_int_t)s.overdue.transfer, "feedback",
		(json_int_t)s.overdue.feedback, "measures", (json_int_t)s.overdue.measures,
		"listings", (json_int_t)s.overdue.listings, "guidance",
		(json_int_t)s.overdue.guidance));
	request_reply(r, 200, o);
}

/* One line of the statistics' export. */
static void
stats_line(struct xlsx *x, int64_t *row, const char *group, const char *item, double v)
{
	xlsx_str(x, *row, 0, group);
	xlsx_str(x, *row, 1, item);
	xlsx_real(x, *row, 2, v);
	(*row)++;
}

/* GET /api/v1/cases/stats/export.xlsx: the same figures as one table
 * (group, item, value). */
void
api_cases_stats_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "类别", 14, XLSX_TEXT }, { "项目", 60, XLSX_WRAP }, { "数值", 12, XLSX_REAL },
	};
	static const char *const overdue[] = { "超期未受理", "超期未评估或未处置", "回访超期",
					       "结案申请超期未审核", "移送超期未接收",
					       "公安受案后超期未反馈报告单位", "救助措施超期未落实",
					       "挂牌督办超期（进展报告或期限）",
					       "家庭教育指导超期未开展" };
	struct case_stats s;
	struct xlsx *x;
	char period[40];
	int64_t row = 0;

	if (!read_stats(r, &s))
		return;
	x = xlsx_begin(r, "个案统计", cols, 3);
	if (x == NULL)
		return;
	snprintf(period, sizeof(period), "%s 至 %s", s.from, s.to);
	xlsx_str(x, row, 0, "统计期间");
	xlsx_str(x, row++, 1, period);
	stats_line(x, &row, "合计", "报告（登记）个案", (double)s.total);
	stats_line(x, &row, "合计", "其中紧急", (double)s.urgent);
	stats_line(x, &row, "合计", "其中已结案", (double)s.closed);
	for (int n = 1; n <= CASE_SITUATIONS; n++)
		stats_line(x, &row, "强制报告情形", case_situation_title(n), (double)s.situations[n]);
	for (int i = 0; i < s.nsources; i++)
		stats_line(x, &row, "线索来源", s.sources[i].code, (double)s.sources[i].count);
	for (int i = 0; i < s.ntowns; i++)
		stats_line(x, &row, "镇（街道）", s.towns[i].name, (double)s.towns[i].count);
	for (int i = 0; i < s.nmonths; i++)
		stats_line(x, &row, "月份", s.months[i].code, (double)s.months[i].count);
	if (s.has_accept)
		stats_line(x, &row, "办理时效", "受理用时中位数（小时）", s.median_accept_hours);
	if (s.has_close)
		stats_line(x, &row, "办理时效", "结案用时中位数（天）", s.median_close_days);
	{
		const int64_t v[] = { s.overdue.accept, s.overdue.assess, s.overdue.care,
				      s.overdue.close, s.overdue.transfer, s.overdue.feedback,
				      s.overdue.measures, s.overdue.listings, s.overdue.guidance };
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			stats_line(x, &row, "当前超期", overdue[i], (double)v[i]);
	}
	request_audit_detail(r, "导出个案统计 %s", period);
	xlsx_finish(x, r);
}
