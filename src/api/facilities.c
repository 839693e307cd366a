/* The service-network registers (阵地台账): JSON and CSV in and out of
 * src/app/facilities.c.  Every list, export and get reads within the
 * caller's scope (member units read every register); writes are declared
 * with the division rule, under which a member unit reaches no record. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/facilities.h"
#include "app/indicators.h"
#include "store/facilities.h"
#include "store/trainings.h"
#include "util/arena.h"

#define XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *const kind_names[] = {
	[FV_TEXT] = "text", [FV_TOWN] = "town", [FV_VILLAGE] = "village",
	[FV_TOWN_OR_VILLAGE] = "town_or_village", [FV_DIVISION] = "division", [FV_DATE] = "date",
	[FV_LIST] = "list", [FV_YESNO] = "yes_no", [FV_COUNT] = "count", [FV_MONEY] = "money",
	[FV_PHONE] = "phone", [FV_CREDIT_CODE] = "credit_code",
};

/* The type named by the query's `type`; false with 400 set when absent
 * (and required) or unknown.  *t is FACILITY_TYPE__MAX for "any". */
static bool
read_type(struct request *r, bool required, enum facility_type *t)
{
	const char *code = arg_or_empty(r, "type");

	*t = FACILITY_TYPE__MAX;
	if (code[0] == '\0' && !required)
		return true;
	*t = facility_type_parse(code);
	if (*t == FACILITY_TYPE__MAX) {
		request_field_error(r, 400, "invalid", "type", "请选择台账类型（如 station 未保站）");
		return false;
	}
	return true;
}

static json_t *
spec_json(const struct facility_spec *s)
{
	json_t *fields = json_array();

	for (size_t i = 0; i < s->nfields; i++) {
		const struct facility_field *f = &s->fields[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "header", f->header, "column",
				      facility_col_name(f->col), "kind", kind_names[f->kind],
				      "required", f->required);
		if (f->values) {
			json_t *v = json_array();
			for (const char *const *x = f->values; *x; x++)
				json_array_append_new(v, json_string(*x));
			json_object_set_new(o, "values", v);
		}
		json_array_append_new(fields, o);
	}
	return json_pack("{s:s, s:s, s:o}", "code", s->code, "title", s->title, "fields", fields);
}

/* GET /api/v1/facilities/types: every register's fields, from core/facility.c. */
void
api_facilities_types(struct request *r)
{
	json_t *items = json_array();

	for (int t = 0; t < FACILITY_TYPE__MAX; t++)
		json_array_append_new(items, spec_json(facility_spec((enum facility_type)t)));
	reply_items(r, items);
}

/* JSON of a record with its display values (the phone masked); NULL with
 * the error reply set when the phone cannot be decrypted. */
static json_t *
record_json(struct request *r, const struct facility_row *row, char (*v)[FACILITY_VALUE_MAX])
{
	const struct facility_spec *s = facility_spec(row->type);
	struct wb_err err = { 0 };
	json_t *values, *o;

	if (app_facility_display(&r->app, row, true, v, &err) != WB_OK) {
		request_fail_err(r, &err);
		return NULL;
	}
	values = json_object();
	for (size_t i = 0; i < s->nfields; i++)
		json_object_set_new(values, facility_col_name(s->fields[i].col),
				    json_string(v[s->fields[i].col]));
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:I}", "id", (json_int_t)row->id,
		      "type", s->code, "type_title", s->title, "name", row->v[FCOL_NAME],
		      "division_code", row->v[FCOL_DIVISION], "values", values, "created_at",
		      (json_int_t)row->created_at, "updated_at", (json_int_t)row->updated_at);
	json_object_set_new(o, "town_code", row->town_code[0] ? json_string(row->town_code)
							       : json_null());
	return o;
}

struct list_state {
	struct request *r;
	json_t *items;
	char (*v)[FACILITY_VALUE_MAX];
	bool failed;
	struct xlsx *x;           /* exports */
	const struct facility_spec *s;
	int64_t rows;
};

static void
add_record(const struct facility_row *row, void *arg)
{
	struct list_state *l = arg;
	json_t *o;

	if (l->failed)
		return;
	o = record_json(l->r, row, l->v);
	if (o == NULL)
		l->failed = true;
	else
		json_array_append_new(l->items, o);
}

/* The display values' buffer of a list, from the request's arena; NULL
 * with the error reply set when out of memory. */
static char (*values_buffer(struct request *r))[FACILITY_VALUE_MAX]
{
	char (*v)[FACILITY_VALUE_MAX] = arena_alloc(r->arena,
						    sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));

	if (v == NULL)
		request_fail(r, WB_ERR_NOMEM, "");
	return v;
}

/* Replies the page p of the records filter f selects (200 with the paging),
 * or the error reply. */
static void
reply_page(struct request *r, const struct facility_filter *f, const struct paging *p)
{
	struct list_state l = { .r = r };
	struct wb_err err = { 0 };
	int64_t total = 0;

	if ((l.v = values_buffer(r)) == NULL)
		return;
	l.items = json_array();
	if (store_facility_page(r->store, f, p->per_page, (p->page - 1) * p->per_page, add_record,
				&l, &total, &err) != WB_OK) {
		json_decref(l.items);
		request_fail_err(r, &err);
		return;
	}
	if (l.failed) {            /* record_json has set the reply */
		json_decref(l.items);
		return;
	}
	request_reply(r, 200, paging_reply(l.items, total, p));
}

/* Replies status with o holding l->items under key: the children of a
 * record (its history, a training's attendees) read with rc.  When reading
 * them failed (rc, or a record l could not show) the error reply instead.
 * Takes the references o and l->items. */
static void
reply_with(struct request *r, unsigned status, json_t *o, const char *key, struct list_state *l,
	   enum wb_status rc, const struct wb_err *err)
{
	if (rc != WB_OK || l->failed) {
		json_decref(l->items);
		json_decref(o);
		if (rc != WB_OK)
			request_fail_err(r, err);
		return;
	}
	json_object_set_new(o, key, l->items);
	request_reply(r, status, o);
}

/* The filter of the query (type, town, village, q); false with 400 set. */
static bool
read_filter(struct request *r, bool type_required, struct facility_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->scope = &r->scope;
	if (!read_type(r, type_required, &f->type))
		return false;
	f->town = arg_or_empty(r, "town");   /* any other text simply matches no town */
	f->village = arg_or_empty(r, "village");   /* nor a village */
	f->q = arg_or_empty(r, "q");
	return true;
}

static const char *const no_sorts[] = { "division", NULL };

/* GET /api/v1/facilities?type=&town=&village=&q=&page=&per_page= */
void
api_facilities_list(struct request *r)
{
	struct facility_filter f;
	struct paging p;

	if (read_filter(r, false, &f) && paging_read(r, no_sorts, &p))
		reply_page(r, &f, &p);
}

static void
add_change(const struct facility_change *c, void *arg)
{
	struct list_state *l = arg;
	json_t *o = json_pack("{s:I, s:I, s:s, s:s?, s:s}", "id", (json_int_t)c->id, "at",
			      (json_int_t)c->at, "login", c->login, "login_name", c->login_name,
			      "action", c->action);

	json_object_set_new(o, "before", c->before ? json_loads(c->before, 0, NULL) : json_null());
	json_object_set_new(o, "after", c->after ? json_loads(c->after, 0, NULL) : json_null());
	json_object_set_new(o, "reason", c->reason ? json_string(c->reason) : json_null());
	json_array_append_new(l->items, o);
}

/* The record id with its history (status), or the error reply. */
static void
reply_record(struct request *r, int64_t id, unsigned status)
{
	struct facility_row *row = arena_alloc(r->arena, sizeof(*row));
	struct list_state l = { .r = r };
	struct wb_err err = { 0 };
	json_t *o;

	if (row == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if ((l.v = values_buffer(r)) == NULL)
		return;
	if (app_facility_get(&r->app, id, row, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	if ((o = record_json(r, row, l.v)) == NULL)
		return;
	l.items = json_array();
	reply_with(r, status, o, "history", &l,
		   store_facility_history(r->store, id, add_change, &l, &err), &err);
}

/* GET /api/v1/facilities/{id} */
void
api_facilities_get(struct request *r)
{
	int64_t id;

	if (path_id(r, 0, &id))
		reply_record(r, id, 200);
}

/* The values of the body by column (NULL for a field not given). */
static void
body_values(struct request *r, const char *in[FCOL__MAX])
{
	for (int c = 0; c < FCOL__MAX; c++)
		in[c] = body_str(r, facility_col_name((enum facility_col)c));
}

/* Replies 400 invalid_record with every problem of the values, or the error. */
static void
fail_issues(struct request *r, const struct wb_err *err, const struct vec *issues)
{
	json_t *list, *e;

	if (issues->n == 0) {
		request_fail_err(r, err);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < issues->n; i++) {
		const struct facility_issue *is = vec_at(issues, i);
		json_array_append_new(list, json_pack("{s:s, s:s}", "column", is->header, "reason",
						      is->reason));
	}
	e = json_pack("{s:s, s:s, s:o}", "code", "invalid_record", "message", err->msg, "problems",
		      list);
	request_reply(r, 400, json_pack("{s:o}", "error", e));
}

/* POST /api/v1/facilities {"type", column: value, …}: 201 with the record. */
void
api_facilities_create(struct request *r)
{
	struct vec issues = VEC_INIT(struct facility_issue);
	const char *in[FCOL__MAX];
	struct wb_err err = { 0 };
	enum facility_type t = facility_type_parse(body_str(r, "type"));
	int64_t id = 0;

	if (t == FACILITY_TYPE__MAX) {
		request_field_error(r, 400, "invalid", "type", "请选择台账类型（如 station 未保站）");
		return;
	}
	body_values(r, in);
	if (app_facility_create(&r->app, t, in, &id, &issues, &err) != WB_OK) {
		fail_issues(r, &err, &issues);
		vec_free(&issues);
		return;
	}
	vec_free(&issues);
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "新增%s", facility_spec(t)->title);
	reply_record(r, id, 201);
}

/* PATCH /api/v1/facilities/{id} {column: value, …}: the record. */
void
api_facilities_update(struct request *r)
{
	struct vec issues = VEC_INIT(struct facility_issue);
	const char *in[FCOL__MAX];
	struct wb_err err = { 0 };
	bool changed;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	body_values(r, in);
	if (app_facility_update(&r->app, id, in, &changed, &issues, &err) != WB_OK) {
		fail_issues(r, &err, &issues);
		vec_free(&issues);
		return;
	}
	vec_free(&issues);
	request_audit_detail(r, "%s", changed ? "已修改" : "未改变");
	reply_record(r, id, 200);
}

/* DELETE /api/v1/facilities/{id} {"reason"}: 200 {"id","deleted":true}. */
void
api_facilities_delete(struct request *r)
{
	struct facility_row *gone = arena_alloc(r->arena, sizeof(*gone));
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (gone == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if (app_facility_delete(&r->app, id, body_str(r, "reason"), gone, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "删除%s", facility_spec(gone->type)->title);
	request_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

static void
export_record(const struct facility_row *row, void *arg)
{
	struct list_state *l = arg;
	struct wb_err err = { 0 };

	if (l->failed)
		return;
	if (l->s == NULL) {            /* the overview of every register */
		xlsx_str(l->x, l->rows, 0, facility_spec(row->type)->title);
		xlsx_str(l->x, l->rows, 1, row->v[FCOL_NAME]);
		xlsx_str(l->x, l->rows, 2, row->v[FCOL_DIVISION]);
		xlsx_str(l->x, l->rows, 3, row->town_code);
		l->rows++;
		return;
	}
	if (app_facility_display(&l->r->app, row, true, l->v, &err) != WB_OK) {
		l->failed = true;
		return;
	}
	for (size_t i = 0; i < l->s->nfields; i++)
		xlsx_str(l->x, l->rows, (int)i, l->v[l->s->fields[i].col]);
	l->rows++;
}

/* The export column of a register's field: its header, a width for its
 * kind of value, long text wrapped. */
static struct xlsx_col
column_of(const struct facility_field *f)
{
	switch (f->kind) {
	case FV_TEXT:
		return (struct xlsx_col){ f->header, 30, XLSX_WRAP };
	case FV_CREDIT_CODE:
		return (struct xlsx_col){ f->header, 22, XLSX_TEXT };
	case FV_TOWN:
	case FV_VILLAGE:
	case FV_TOWN_OR_VILLAGE:
	case FV_DIVISION:
	case FV_PHONE:
		return (struct xlsx_col){ f->header, 15, XLSX_TEXT };
	default:
		return (struct xlsx_col){ f->header, 12, XLSX_TEXT };
	}
}

/* GET /api/v1/facilities/export.xlsx?type=…: the register under its
 * template headers (phones masked), within the scope; without a type an
 * overview of every register (type, name, division, town). */
void
api_facilities_export(struct request *r)
{
	static const struct xlsx_col overview[] = {
		{ "台账类型", 16, XLSX_TEXT }, { "名称", 36, XLSX_WRAP },
		{ "区划代码", 16, XLSX_TEXT }, { "镇街代码", 12, XLSX_TEXT },
	};
	struct xlsx_col cols[16];
	struct list_state l = { .r = r };
	struct facility_filter f;
	struct wb_err err = { 0 };
	int ncols = 4;

	if (!read_filter(r, false, &f))
		return;
	l.s = facility_spec(f.type);
	memcpy(cols, overview, sizeof(overview));
	for (size_t i = 0; l.s && i < l.s->nfields && i < 16; i++)
		cols[i] = column_of(&l.s->fields[i]);
	if (l.s)
		ncols = (int)(l.s->nfields < 16 ? l.s->nfields : 16);
	if ((l.v = values_buffer(r)) == NULL)
		return;
	l.x = xlsx_begin(r, l.s ? l.s->title : "阵地台账", cols, ncols);
	if (l.x == NULL)
		return;
	if (store_facility_page(r->store, &f, EXPORT_MAX, 0, export_record, &l, NULL, &err) != WB_OK ||
	    l.failed) {
		xlsx_discard(l.x);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %lld 行", (long long)l.rows);
	xlsx_finish(l.x, r);
}

/* GET /api/v1/facilities/template?type=…: the CSV header line (UTF-8 BOM). */
void
api_facilities_template(struct request *r)
{
	enum facility_type t;
	char name[128], *line;
	size_t len;

	if (!read_type(r, true, &t))
		return;
	line = malloc(1024);
	if (line == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	len = facility_template(t, line, 1024);
	snprintf(name, sizeof(name), "%s导入模板.csv", facility_spec(t)->title);
	request_reply_raw(r, line, len, "text/csv; charset=utf-8", name);
}

/* POST /api/v1/facilities/import?type=…[&skip_bad=1] with the file as the
 * body (.xlsx or CSV, told apart by content; util/table.h): 200 with the
 * counts (and the rows refused with --skip-bad), or 422 bad_rows / bad_header
 * with every problem (rows numbered as in the sheet); nothing written then. */
void
api_facilities_import(struct request *r)
{
	struct facility_import_opts o = { .skip_bad = strcmp(arg_or_empty(r, "skip_bad"), "1") == 0 };
	struct facility_import_report rep = { 0 };
	const char *type = request_header(r, "Content-Type");
	struct wb_err err = { 0 };
	enum facility_type t;
	enum wb_status rc;
	json_t *rows, *body;

	if (!read_type(r, true, &t))
		return;
	if (type == NULL || (strncasecmp(type, "text/csv", 8) != 0 &&
			     strncasecmp(type, "text/plain", 10) != 0 &&
			     strncasecmp(type, XLSX_MEDIA_TYPE, strlen(XLSX_MEDIA_TYPE)) != 0 &&
			     strncasecmp(type, "application/octet-stream", 24) != 0)) {
		request_error(r, 415, "unsupported_media_type",
			      "请上传 Excel（.xlsx）或 CSV 文件（Content-Type: " XLSX_MEDIA_TYPE
			      " 或 text/csv）");
		return;
	}
	rc = app_facility_import(&r->app, t, r->body ? r->body : "", r->body_len, &o, &rep, &err);
	rows = json_array();
	for (size_t i = 0; i < rep.issues.n; i++) {
		const struct facility_issue *is = vec_at(&rep.issues, i);
		json_array_append_new(rows, json_pack("{s:i, s:s, s:s}", "row", is->row, "column",
						      is->header, "reason", is->reason));
	}
	if (rc != WB_OK && rep.issues.n > 0) {
		json_t *e = json_pack("{s:s, s:s, s:o}", "code", err.code[0] ? err.code : "invalid",
				      "message", err.msg, "problems", rows);
		request_reply(r, 422, json_pack("{s:o}", "error", e));
		facility_import_report_free(&rep);
		return;
	}
	if (rc != WB_OK) {
		json_decref(rows);
		facility_import_report_free(&rep);
		request_fail_err(r, &err);
		return;
	}
	body = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:o}", "type", facility_spec(t)->code,
			 "rows", rep.rows, "created", rep.created, "updated", rep.updated,
			 "unchanged", rep.unchanged, "rejected", rep.rejected, "problems", rows);
	if (rep.rejected_csv)
		json_object_set_new(body, "rejected_csv", json_string(rep.rejected_csv));
	request_audit_detail(r, "%s：新增 %d，更新 %d，未变 %d，拒收 %d", facility_spec(t)->title,
			     rep.created, rep.updated, rep.unchanged, rep.rejected);
	facility_import_report_free(&rep);
	request_reply(r, 200, body);
}

static void
add_vacancy(const char *code, const char *name, const char *parent, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "code", code, "name", name,
					     "parent_code", parent ? parent : ""));
}

/* GET /api/v1/facilities/vacancies: towns without a 儿童督导员 and villages
 * without a 儿童主任, within the scope. */
void
api_facilities_vacancies(struct request *r)
{
	json_t *towns = json_array(), *villages = json_array();
	struct wb_err err = { 0 };

	if (store_facility_vacancies(r->store, &r->scope, false, add_vacancy, towns, &err) != WB_OK ||
	    store_facility_vacancies(r->store, &r->scope, true, add_vacancy, villages, &err) !=
		    WB_OK) {
		json_decref(towns);
		json_decref(villages);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, json_pack("{s:o, s:o}", "towns_without_supervisor", towns,
					"villages_without_director", villages));
}

/* GET /api/v1/indicators/{item}/{tidx}/records?plan=&as_of=&town=: the
 * register records behind a bound target's figure (app_indicator_records),
 * paged, within the caller's scope like the registers' list. */
void
api_indicator_records(struct request *r)
{
	struct indicator_records ir;
	struct facility_filter f;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t plan = 0, item, seq;

	if (!path_id(r, 0, &item) || !path_id(r, 1, &seq))
		return;
	if (item > INT32_MAX || seq > INT32_MAX) {
		request_fail(r, WB_ERR_NOTFOUND, "没有该目标");
		return;
	}
	if (!arg_id(r, "plan", &plan) || !paging_read(r, no_sorts, &p))
		return;
	if (app_indicator_records(&r->app, plan, (int)item, (int)seq, arg_or_empty(r, "as_of"), &ir,
				  &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	f = (struct facility_filter){ .scope = &r->scope, .type = FACILITY_TYPE__MAX,
				      .town = arg_or_empty(r, "town"), .indicator = ir.records,
				      .as_of = ir.as_of, .stages = ir.stages };
	reply_page(r, &f, &p);
}

/* JSON of a training (a new reference). */
static json_t *
training_json(const struct training_row *t)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)t->id, "name",
			      t->name, "held_on", t->held_on, "organiser", t->organiser,
			      "division_code", t->division_code, "attendee_count",
			      (json_int_t)t->attendees, "created_at", (json_int_t)t->created_at);

	json_object_set_new(o, "town_code", t->town_code[0] ? json_string(t->town_code) : json_null());
	return o;
}

static void
add_training(const struct training_row *t, void *arg)
{
	json_array_append_new(arg, training_json(t));
}

/* GET /api/v1/trainings?town=&page=&per_page=: newest first, in the scope. */
void
api_trainings_list(struct request *r)
{
	const char *town = arg_or_empty(r, "town");
	struct wb_err err = { 0 };
	json_t *items;
	struct paging p;
	int64_t total = 0;

	if (!paging_read(r, no_sorts, &p))
		return;
	items = json_array();
	if (store_training_page(r->store, &r->scope, town, p.per_page, (p.page - 1) * p.per_page,
				add_training, items, &total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(items, total, &p));
}

/* The training id with its attendees, their phones masked (status), or the
 * error reply. */
static void
reply_training(struct request *r, int64_t id, unsigned status)
{
	struct list_state l = { .r = r };
	struct training_row t;
	struct wb_err err = { 0 };

	if ((l.v = values_buffer(r)) == NULL)
		return;
	if (store_training_get(r->store, &r->scope, id, &t, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	l.items = json_array();
	reply_with(r, status, training_json(&t), "attendees", &l,
		   store_training_attendees(r->store, id, add_record, &l, &err), &err);
}

struct training_export {
	struct xlsx *x;
	int64_t rows;
};

static void
export_training(const struct training_row *t, void *arg)
{
	struct training_export *e = arg;

	xlsx_str(e->x, e->rows, 0, t->name);
	xlsx_str(e->x, e->rows, 1, t->held_on);
	xlsx_str(e->x, e->rows, 2, t->organiser);
	xlsx_str(e->x, e->rows, 3, t->division_code);
	xlsx_str(e->x, e->rows, 4, t->town_code);
	xlsx_int(e->x, e->rows, 5, t->attendees);
	e->rows++;
}

/* GET /api/v1/trainings/export.xlsx?town=: the trainings the list shows,
 * newest first, with their number of attendees. */
void
api_trainings_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "培训名称", 36, XLSX_WRAP }, { "培训日期", 12, XLSX_TEXT },
		{ "组织单位", 24, XLSX_WRAP }, { "区划代码", 15, XLSX_TEXT },
		{ "镇街代码", 12, XLSX_TEXT }, { "参训人数", 10, XLSX_INT },
	};
	struct training_export e = { 0 };
	struct wb_err err = { 0 };
	int64_t total = 0;

	e.x = xlsx_begin(r, "培训记录", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (e.x == NULL)
		return;
	if (store_training_page(r->store, &r->scope, arg_or_empty(r, "town"), EXPORT_MAX, 0,
				export_training, &e, &total, &err) != WB_OK) {
		xlsx_discard(e.x);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %lld 行", (long long)e.rows);
	xlsx_finish(e.x, r);
}

/* GET /api/v1/trainings/{id} */
void
api_trainings_get(struct request *r)
{
	int64_t id;

	if (path_id(r, 0, &id))
		reply_training(r, id, 200);
}

/* POST /api/v1/trainings {"name","held_on","organiser","division_code",
 * "attendee_ids"}: 201 with the training and its attendees. */
void
api_trainings_create(struct request *r)
{
	json_t *ids = json_object_get(r->json, "attendee_ids"), *v;
	int64_t list[500], id = 0;
	struct wb_err err = { 0 };
	size_t n = 0, i;

	json_array_foreach(ids, i, v) {
		if (n < sizeof(list) / sizeof(list[0]))
			list[n++] = (int64_t)json_integer_value(v);
	}
	if (app_training_create(&r->app, body_str(r, "name"), body_str(r, "held_on"),
				body_str(r, "organiser"), body_str(r, "division_code"), list, n, &id,
				&err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "参训 %zu 人", n);
	reply_training(r, id, 201);
}
