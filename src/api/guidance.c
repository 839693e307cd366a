/* Family-education orders (家庭教育指导令, 督促监护令, 责令接受家庭教育指导):
 * JSON in and out of src/app/guidance.c.  Reading needs guidance.manage or
 * case.read (the route declares a signed-in user; the handlers check),
 * within the scope: the family's village, or the issuing unit for a member
 * unit's user.  Guardians and children are shown masked; obligations,
 * sessions, checks and the closing note in clear to those who read orders. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/cases.h"
#include "app/guidance.h"
#include "sec/permissions.h"
#include "store/guidance.h"
#include "util/arena.h"

static const char *const guidance_sorts[] = { "id", NULL };

/* Whether the caller may read orders; false with 403 set otherwise. */
static bool
may_read(struct request *r)
{
	if (request_has(r, PERM_GUIDANCE_MANAGE) || request_has(r, PERM_CASE_READ))
		return true;
	request_error(r, 403, "forbidden", "没有查看家庭教育指导文书的权限");
	return false;
}

/* A string member of a JSON object, or NULL. */
static const char *
member_str(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Whether every member of object o is one of known (NULL-terminated) and a
 * string (or null) — or, for the member named int_member, an integer. */
static bool
members_ok(json_t *o, const char *const *known, const char *int_member)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return false;
	json_object_foreach(o, key, v) {
		bool ok = false;
		for (const char *const *k = known; *k; k++)
			ok |= strcmp(key, *k) == 0;
		if (!ok)
			return false;
		if (int_member && strcmp(key, int_member) == 0 ? !json_is_integer(v)
							       : !json_is_string(v) && !json_is_null(v))
			return false;
	}
	return true;
}

/* Reads the body of a new order into in (arrays in the request's arena);
 * false with 400 set when a list holds an unknown or mistyped member. */
static bool
read_order(struct request *r, struct guidance_in *in)
{
	static const char *const g_known[] = { "name", "relation", NULL };
	static const char *const k_known[] = { "id_number", "name", NULL };
	static const char *const o_known[] = { "text", "every_days", NULL };
	json_t *g = json_object_get(r->json, "guardians"), *k = json_object_get(r->json, "children");
	json_t *o = json_object_get(r->json, "obligations"), *v;
	struct guidance_guardian_in *gs;
	struct guidance_child_in *ks;
	struct guidance_obligation_in *os;
	size_t i;

	memset(in, 0, sizeof(*in));
	gs = arena_alloc(r->arena, (json_array_size(g) + 1) * sizeof(*gs));
	ks = arena_alloc(r->arena, (json_array_size(k) + 1) * sizeof(*ks));
	os = arena_alloc(r->arena, (json_array_size(o) + 1) * sizeof(*os));
	if (gs == NULL || ks == NULL || os == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return false;
	}
	json_array_foreach(g, i, v) {
		if (!members_ok(v, g_known, NULL)) {
			request_field_error(r, 400, "invalid", "guardians", "监护人信息中有无法识别的字段");
			return false;
		}
		gs[i] = (struct guidance_guardian_in){ member_str(v, "name"), member_str(v, "relation") };
	}
	json_array_foreach(k, i, v) {
		if (!members_ok(v, k_known, NULL)) {
			request_field_error(r, 400, "invalid", "children", "未成年人信息中有无法识别的字段");
			return false;
		}
		ks[i] = (struct guidance_child_in){ member_str(v, "id_number"), member_str(v, "name") };
	}
	json_array_foreach(o, i, v) {
		json_int_t n = json_integer_value(json_object_get(v, "every_days"));
		if (!members_ok(v, o_known, "every_days")) {
			request_field_error(r, 400, "invalid", "obligations",
					    "履行事项应为 {\"text\", \"every_days\"}");
			return false;
		}
		os[i] = (struct guidance_obligation_in){ member_str(v, "text"),
							 n < 0 || n > 100000 ? 0 : (int)n };
	}
	in->guardians = gs;
	in->n_guardians = json_array_size(g);
	in->children = ks;
	in->n_children = json_array_size(k);
	in->obligations = os;
	in->n_obligations = json_array_size(o);
	in->kind = body_str(r, "kind");
	body_int(r, "issuer_unit_id", &in->issuer_unit_id);
	in->doc_no = body_str(r, "doc_no");
	in->issued_on = body_str(r, "issued_on");
	in->period_from = body_str(r, "period_from");
	in->period_to = body_str(r, "period_to");
	body_int(r, "case_id", &in->case_id);
	in->village = body_str(r, "village");
	in->provider = body_str(r, "provider");
	return true;
}

/* POST /api/v1/guidance-orders: a new order → 201 {"id"}. */
void
api_guidance_create(struct request *r)
{
	struct guidance_in in;
	struct wb_err err = { 0 };
	const char *title = "";
	int64_t id = 0;

	if (!read_order(r, &in))
		return;
	if (app_guidance_create(&r->app, &in, &id, &title, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "登记%s", title);
	request_reply(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* JSON of an order in a list (a new reference; NULL with err set when its
 * guardians cannot be opened). */
static json_t *
item_json(struct request *r, const struct guidance_row *g, struct wb_err *err)
{
	const char *names = "";

	if (app_guidance_people(&r->app, g, NULL, NULL, NULL, &names, err) != WB_OK)
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, "
			 "s:I, s:s, s:s, s:s, s:s, s:o, s:s?, s:I}",
			 "id", (json_int_t)g->id, "kind", g->kind, "doc_no", g->doc_no,
			 "issuer_unit_id", (json_int_t)g->issuer_unit_id, "issuer_name",
			 g->issuer_name, "issued_on", g->issued_on, "period_from", g->period_from,
			 "period_to", g->period_to, "provider", g->provider, "state", g->state,
			 "state_title", strcmp(g->state, "active") == 0 ? "执行中" : "已结案",
			 "next_session_due", g->next_session_due[0] ? g->next_session_due : NULL,
			 "light", guidance_light_name(g->light), "sessions", (json_int_t)g->sessions,
			 "town_name", g->town_name, "village", g->division_code, "village_name",
			 g->village_name, "guardian_names_masked", names,
			 "case_id", g->case_id ? json_integer(g->case_id) : json_null(),
			 "tracking_no", g->tracking_no[0] ? g->tracking_no : NULL,
			 "created_at", (json_int_t)g->created_at);
}

static void
each_item(const struct guidance_row *g, void *arg)
{
	struct api_list *l = arg;

	if (l->rc == WB_OK)
		api_list_add(l, item_json(l->r, g, &l->err));
}

static void
each_brief(const struct guidance_row *g, void *arg)
{
	json_array_append_new(arg, json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}", "id", (json_int_t)g->id,
		"kind", g->kind, "doc_no", g->doc_no, "issuer_name", g->issuer_name, "period_from",
		g->period_from, "period_to", g->period_to, "state", g->state, "state_title",
		strcmp(g->state, "active") == 0 ? "执行中" : "已结案", "next_session_due",
		g->next_session_due[0] ? g->next_session_due : NULL, "light",
		guidance_light_name(g->light)));
}

json_t *
api_guidance_brief_list(struct request *r, int64_t case_id, int64_t child_id, struct wb_err *err)
{
	struct guidance_filter f = { .scope = &r->scope, .now = r->app.now, .light = -1,
				     .case_id = case_id, .child_id = child_id };
	json_t *items = json_array();

	if (!request_has(r, PERM_GUIDANCE_MANAGE) && !request_has(r, PERM_CASE_READ))
		return items;
	if (store_guidance_page(r->store, &f, PAGE_MAX, 0, each_brief, items, NULL, err) != WB_OK) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* Reads the list's filter from the query; false with 400 set. */
static bool
read_filter(struct request *r, struct guidance_filter *f)
{
	static const char *const lights[] = { "green", "yellow", "red", "none" };
	const char *light = arg_or_empty(r, "light");

	*f = (struct guidance_filter){ .scope = &r->scope, .now = r->app.now, .light = -1 };
	f->state = arg_or_empty(r, "state");
	f->kind = arg_or_empty(r, "kind");
	f->town = arg_or_empty(r, "town");
	for (int i = 0; i < 4; i++)
		if (strcmp(light, lights[i]) == 0)
			f->light = i;
	return arg_id(r, "case_id", &f->case_id) && arg_id(r, "child_id", &f->child_id);
}

/* GET /api/v1/guidance-orders: the orders of the caller's scope, newest
 * first, filtered by state, kind, light (in SQL), town, case, child. */
void
api_guidance_list(struct request *r)
{
	struct api_list l = { .r = r };
	struct guidance_filter f;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	enum wb_status rc;

	if (!may_read(r) || !paging_read(r, guidance_sorts, &p) || !read_filter(r, &f))
		return;
	l.items = json_array();
	rc = store_guidance_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, each_item, &l,
				 &total, &err);
	api_list_reply(&l, rc, &err, total, &p);
}

struct entries {
	struct request *r;
	const char *table;
	json_t *items;
	enum wb_status rc;
	struct wb_err err;
};

static void
each_entry(const struct guidance_entry *e, void *arg)
{
	struct entries *t = arg;
	const char *note = "";
	bool session = strcmp(t->table, "guidance_sessions") == 0;
	json_t *o;

	if (t->rc != WB_OK)
		return;
	t->rc = app_case_open(&t->r->app, t->table, "note", e->id, e->note, &note, &t->err);
	if (t->rc != WB_OK)
		return;
	o = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)e->id,
		      session ? "held_on" : "checked_on", e->on, "note", note, "recorded_at",
		      (json_int_t)e->at, "recorded_by", e->actor);
	if (session) {
		json_object_set_new(o, "provider", json_string(e->provider));
		json_object_set_new(o, "attended", json_boolean(e->attended));
	} else {
		json_object_set_new(o, "result", json_string(e->result));
	}
	json_array_append_new(t->items, o);
}

/* Replies with order id as its page shows it: the item, the people masked,
 * the obligations, sessions, checks and the closing note; `status` 200 or
 * 201. */
static void
reply_order(struct request *r, int64_t id, unsigned status)
{
	struct guidance_row *g = arena_alloc(r->arena, sizeof(*g));
	struct entries s = { .r = r, .table = "guidance_sessions" };
	struct entries k = { .r = r, .table = "guidance_checks" };
	struct wb_err err = { 0 };
	json_t *o = NULL, *guardians = NULL, *children = NULL, *obligations = NULL;
	const char *note = "";

	if (g == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	s.items = json_array();
	k.items = json_array();
	if (store_guidance_get(r->store, &r->scope, id, r->app.now, g, &err) != WB_OK ||
	    (o = item_json(r, g, &err)) == NULL ||
	    app_guidance_people(&r->app, g, &guardians, &children, &obligations, NULL, &err) !=
		    WB_OK ||
	    app_case_open(&r->app, "guidance_orders", "closing_note", g->id, g->closing_note, &note,
			  &err) != WB_OK ||
	    store_guidance_entries(r->store, id, false, each_entry, &s, &err) != WB_OK ||
	    s.rc != WB_OK ||
	    store_guidance_entries(r->store, id, true, each_entry, &k, &err) != WB_OK ||
	    k.rc != WB_OK) {
		if (s.rc != WB_OK)
			err = s.err;
		else if (k.rc != WB_OK)
			err = k.err;
		json_decref(o);
		json_decref(guardians);
		json_decref(children);
		json_decref(obligations);
		json_decref(s.items);
		json_decref(k.items);
		request_fail_err(r, &err);
		return;
	}
	json_object_set_new(o, "guardians", guardians);
	json_object_set_new(o, "children", children);
	json_object_set_new(o, "obligations", obligations);
	json_object_set_new(o, "sessions", s.items);
	json_object_set_new(o, "checks", k.items);
	json_object_set_new(o, "session_count", json_integer(g->sessions));
	json_object_set_new(o, "every_days", json_integer(g->every_days));
	json_object_set_new(o, "yellow_at", g->yellow_at ? json_integer(g->yellow_at) : json_null());
	json_object_set_new(o, "red_at", g->red_at ? json_integer(g->red_at) : json_null());
	json_object_set_new(o, "closing_note", g->closed_at ? json_string(note) : json_null());
	json_object_set_new(o, "closed_at", g->closed_at ? json_integer(g->closed_at) : json_null());
	request_reply(r, status, o);
}

/* GET /api/v1/guidance-orders/{id} */
void
api_guidance_get(struct request *r)
{
	int64_t id;

	if (!may_read(r) || !path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	reply_order(r, id, 200);
}

/* POST /api/v1/guidance-orders/{id}/sessions {"held_on", "provider"?,
 * "attended", "note"?} → 201 with the order. */
void
api_guidance_session(struct request *r)
{
	json_t *attended = json_object_get(r->json, "attended");
	struct wb_err err = { 0 };
	const char *held_on = body_str(r, "held_on");
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_guidance_session(&r->app, id, held_on, body_str(r, "provider"),
				 json_is_true(attended), body_str(r, "note"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "指导记录 %s（%s）", held_on, json_is_true(attended) ? "到场" : "未到场");
	reply_order(r, id, 201);
}

/* POST /api/v1/guidance-orders/{id}/checks {"checked_on", "result",
 * "note"?} → 201 with the order. */
void
api_guidance_check(struct request *r)
{
	struct wb_err err = { 0 };
	const char *on = body_str(r, "checked_on"), *result = body_str(r, "result");
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_guidance_check(&r->app, id, on, result, body_str(r, "note"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "履行检查 %s：%s", on, result);
	reply_order(r, id, 201);
}

/* POST /api/v1/guidance-orders/{id}/close {"note"} → 200 with the order. */
void
api_guidance_close(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_guidance_close(&r->app, id, body_str(r, "note"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "结案");
	reply_order(r, id, 200);
}

static void
each_export(const struct guidance_row *g, void *arg)
{
	struct api_list *l = arg;
	static const enum xlsx_tone tones[] = { XLSX_GREEN, XLSX_YELLOW, XLSX_RED };
	static const char *const titles[] = { "绿灯", "黄灯", "红灯" };
	const char *names = "";
	int k = 0;

	if (l->rc != WB_OK)
		return;
	l->rc = app_guidance_people(&l->r->app, g, NULL, NULL, NULL, &names, &l->err);
	if (l->rc != WB_OK)
		return;
	xlsx_str(l->x, l->rows, k++, g->kind);
	xlsx_str(l->x, l->rows, k++, g->doc_no);
	xlsx_str(l->x, l->rows, k++, g->issuer_name);
	xlsx_str(l->x, l->rows, k++, g->issued_on);
	xlsx_str(l->x, l->rows, k++, g->period_from);
	xlsx_str(l->x, l->rows, k++, g->period_to);
	xlsx_str(l->x, l->rows, k++, names);
	xlsx_str(l->x, l->rows, k++, g->provider);
	xlsx_str(l->x, l->rows, k++, strcmp(g->state, "active") == 0 ? "执行中" : "已结案");
	if (g->light >= 0 && g->light <= 2)
		xlsx_marked(l->x, l->rows, k++, titles[g->light], tones[g->light]);
	else
		xlsx_str(l->x, l->rows, k++, "");
	xlsx_str(l->x, l->rows, k++, g->next_session_due);
	xlsx_int(l->x, l->rows, k++, g->sessions);
	xlsx_str(l->x, l->rows, k++, g->town_name);
	xlsx_str(l->x, l->rows, k++, g->village_name);
	xlsx_str(l->x, l->rows, k, g->tracking_no);
	l->rows++;
}

/* GET /api/v1/guidance-orders/export.xlsx: the list's selection, the
 * guardians masked, no child, obligation or note. */
void
api_guidance_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "文书类型", 20, XLSX_TEXT }, { "文书编号", 22, XLSX_TEXT },
		{ "发出单位", 12, XLSX_TEXT }, { "发出日期", 12, XLSX_TEXT },
		{ "期限起", 12, XLSX_TEXT }, { "期限止", 12, XLSX_TEXT },
		{ "监护人", 16, XLSX_TEXT }, { "指导机构", 20, XLSX_TEXT },
		{ "状态", 8, XLSX_TEXT }, { "亮灯", 8, XLSX_TEXT },
		{ "下次指导", 12, XLSX_TEXT }, { "指导次数", 8, XLSX_INT },
		{ "镇（街道）", 14, XLSX_TEXT }, { "村（社区）", 16, XLSX_TEXT },
		{ "关联个案", 18, XLSX_TEXT },
	};
	struct api_list l = { .r = r };
	struct guidance_filter f;
	struct wb_err err = { 0 };
	enum wb_status rc;

	if (!may_read(r) || !read_filter(r, &f))
		return;
	l.x = xlsx_begin(r, "家庭教育指导令台账", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (l.x == NULL)
		return;
	rc = store_guidance_page(r->store, &f, EXPORT_MAX, 0, each_export, &l, NULL, &err);
	api_export_reply(&l, rc, &err);
}
