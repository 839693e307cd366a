/* Background checks (入职查询): JSON and files in and out of src/app/
 * check_registry.c, check_run.c (the registry's import, a roster's run) and
 * check_staff.c (the people on the rosters, re-checks, coverage).  The
 * registry's routes need check.registry, which no other role holds (not
 * even admin); the rosters' need check.submit and are scoped: an HR user
 * scoped institution:ID reaches their institution only, a town user their
 * town's; anything outside the scope is not found (404).  People are always
 * masked; a check's result never names the offence. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/check_registry.h"
#include "app/check_run.h"
#include "app/check_staff.h"
#include "core/facility.h"
#include "sec/fieldcrypt.h"
#include "store/org.h"

#define XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define REGISTRY_IMPORTS_SHOWN 20

/* The Chinese name of a facility type code ("" when unknown). */
static const char *
type_name(const char *code)
{
	const struct facility_spec *s = facility_spec(facility_type_parse(code));

	return s ? s->title : "";
}

/* The name of division code into out ("" when unknown). */
static void
division_name(struct request *r, const char *code, char *out, size_t n)
{
	struct division d = { 0 };
	struct wb_err ignored = { 0 };

	out[0] = '\0';
	if (code && code[0] && store_division_get(r->store, code, &d, &ignored) == WB_OK)
		snprintf(out, n, "%s", d.name);
}

/* A coverage percentage as JSON: one decimal, null when there is no staff. */
static json_t *
percent_json(const struct check_cover *c)
{
	return c->known ? json_real(check_percent_shown(c->percent)) : json_null();
}

/* {"id","name"} of an institution (a new reference). */
static json_t *
institution_json(int64_t id, const char *name)
{
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name);
}

/* A person as the lists show them (a new reference): masked. */
static json_t *
person_json(const struct check_person *p)
{
	const struct check_staff_entry *s = p->row;

	return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b}", "id",
			 (json_int_t)s->id, "institution",
			 institution_json(s->institution_id, s->institution_name), "name_masked",
			 p->name_masked, "id_number_masked", p->id_number_masked, "post", s->post,
			 "consent_no", s->consent_no, "hired_on",
			 s->hired_on[0] ? json_string(s->hired_on) : json_null(), "last_checked_on",
			 s->last_checked_on, "last_result", s->last_result, "due", p->due);
}

/* The staff query of the request (declared and checked by the choke point). */
static bool
staff_query(struct request *r, struct check_staff_query *q)
{
	const char *applicants = arg_or_empty(r, "applicants");

	memset(q, 0, sizeof(*q));
	if (!arg_id(r, "institution", &q->institution_id))
		return false;
	q->due = strcmp(arg_or_empty(r, "due"), "1") == 0;
	q->applicants = applicants[0] ? (int)strtol(applicants, NULL, 10) : -1;
	return true;
}

static void
add_person(const struct check_person *p, void *arg)
{
	json_array_append_new(arg, person_json(p));
}

static const char *const no_sorts[] = { "institution", NULL };

/* GET /api/v1/checks/staff?institution=&due=1&applicants=0|1&page=&per_page=:
 * the people on the rosters in scope, masked, paged, with whether each is
 * due a re-check today. */
void
api_checks_staff_list(struct request *r)
{
	struct check_staff_query q;
	struct wb_err err = { 0 };
	struct paging p;
	int64_t total = 0;
	json_t *items;

	if (!paging_read(r, no_sorts, &p) || !staff_query(r, &q))
		return;
	items = json_array();
	if (app_check_staff_page(&r->app, &q, p.per_page, (p.page - 1) * p.per_page, add_person,
				 items, &total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(items, total, &p));
}

struct staff_export {
	struct xlsx *x;
	int64_t n;
};

static void
export_person(const struct check_person *p, void *arg)
{
	struct staff_export *e = arg;
	const struct check_staff_entry *s = p->row;

	if (e->n >= EXPORT_MAX)
		return;
	xlsx_str(e->x, e->n, 0, s->institution_name);
	xlsx_str(e->x, e->n, 1, p->name_masked);
	xlsx_str(e->x, e->n, 2, p->id_number_masked);
	xlsx_str(e->x, e->n, 3, s->post);
	xlsx_str(e->x, e->n, 4, s->consent_no);
	xlsx_str(e->x, e->n, 5, s->hired_on[0] ? s->hired_on : "应聘人员");
	xlsx_str(e->x, e->n, 6, s->last_checked_on);
	xlsx_str(e->x, e->n, 7, s->last_result);
	xlsx_str(e->x, e->n, 8, p->due ? "应复查" : "");
	e->n++;
}

/* GET /api/v1/checks/staff/export.xlsx: the list's selection, masked. */
void
api_checks_staff_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "机构", 30, XLSX_TEXT }, { "姓名", 10, XLSX_TEXT }, { "身份证号", 22, XLSX_TEXT },
		{ "岗位", 16, XLSX_TEXT }, { "同意书编号", 18, XLSX_TEXT },
		{ "入职日期", 12, XLSX_TEXT }, { "最近查询日期", 14, XLSX_TEXT },
		{ "查询结果", 10, XLSX_TEXT }, { "年度复查", 10, XLSX_TEXT },
	};
	struct staff_export e = { 0 };
	struct check_staff_query q;
	struct wb_err err = { 0 };
	int64_t total = 0;

	if (!staff_query(r, &q))
		return;
	e.x = xlsx_begin(r, "从业人员查询名册", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (e.x == NULL)
		return;
	if (app_check_staff_page(&r->app, &q, EXPORT_MAX, 0, export_person, &e, &total, &err) !=
	    WB_OK) {
		xlsx_discard(e.x);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %lld 行", (long long)e.n);
	xlsx_finish(e.x, r);
}

static void
add_recheck(const struct check_recheck_row *k, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s}", "at", (json_int_t)k->at,
					     "by", k->by ? k->by : "", "reason",
					     k->reason ? k->reason : "", "result",
					     k->result ? k->result : "", "checked_on",
					     k->checked_on ? k->checked_on : ""));
}

/* Replies with person id in scope, masked, with their re-checks. */
static void
reply_person(struct request *r, int64_t id)
{
	struct check_staff_entry *row = malloc(sizeof(*row));
	struct check_person p;
	struct wb_err err = { 0 };
	json_t *o, *rechecks;

	if (row == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	if (app_check_staff_get(&r->app, id, row, &p, &err) != WB_OK) {
		free(row);
		request_fail_err(r, &err);
		return;
	}
	rechecks = json_array();
	if (store_check_rechecks(r->store, id, add_recheck, rechecks, &err) != WB_OK) {
		json_decref(rechecks);
		free(row);
		request_fail_err(r, &err);
		return;
	}
	o = person_json(&p);
	json_object_set_new(o, "institution_type", json_string(row->institution_type));
	json_object_set_new(o, "institution_type_name",
			    json_string(type_name(row->institution_type)));
	json_object_set_new(o, "rechecks", rechecks);
	free(row);
	request_reply(r, 200, o);
}

/* GET /api/v1/checks/staff/{id}: the person (masked) with their re-checks. */
void
api_checks_staff_get(struct request *r)
{
	int64_t id;

	if (path_id(r, 0, &id))
		reply_person(r, id);
}

/* POST /api/v1/checks/staff/{id}/recheck {"reason"}: a re-check at the
 * person's request, done at once against the registry: 200 {"result",
 * "checked_on"}; 422 without a reason; 404 outside the scope.  The audit
 * event records the result, never the person. */
void
api_checks_staff_recheck(struct request *r)
{
	struct wb_err err = { 0 };
	const char *result = NULL;
	char on[11];
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "复查从业人员（编号 %lld）", (long long)id);
	if (app_check_recheck(&r->app, id, body_str(r, "reason"), &result, on, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "复查从业人员（编号 %lld）：%s", (long long)id, result);
	request_reply(r, 200, json_pack("{s:s, s:s}", "result", result, "checked_on", on));
}

/* JSON of an institution's coverage line (a new reference). */
static json_t *
cover_institution_json(struct request *r, const struct check_cover_institution *in)
{
	char town[164];

	division_name(r, in->town, town, sizeof(town));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "id", (json_int_t)in->id,
			 "name", in->name, "type", in->type, "type_name", type_name(in->type),
			 "town", town, "staff", (json_int_t)in->c.staff, "covered",
			 (json_int_t)in->c.covered, "due", (json_int_t)(in->c.staff - in->c.covered),
			 "coverage", percent_json(&in->c));
}

/* GET /api/v1/checks/institutions?type=&q=: the institutions in scope (an
 * HR user: their own) with today's staff, covered, due and coverage. */
void
api_checks_institutions(struct request *r)
{
	const char *type = arg_or_empty(r, "type"), *text = arg_or_empty(r, "q");
	struct check_coverage cov;
	struct wb_err err = { 0 };
	json_t *items;

	if (app_check_coverage(&r->app, NULL, &cov, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < cov.ninstitutions; i++) {
		const struct check_cover_institution *in = &cov.institutions[i];
		if ((type[0] && strcmp(type, in->type) != 0) || (text[0] && !strstr(in->name, text)))
			continue;
		json_array_append_new(items, cover_institution_json(r, in));
	}
	check_coverage_free(&cov);
	request_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* GET /api/v1/checks/coverage?as_of=: coverage on the day for the county,
 * per institution type and per institution, of the institutions in scope. */
void
api_checks_coverage(struct request *r)
{
	struct check_coverage cov;
	struct wb_err err = { 0 };
	json_t *types, *list;

	if (app_check_coverage(&r->app, arg_or_empty(r, "as_of"), &cov, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	types = json_array();
	for (size_t t = 0; t < cov.ntypes; t++) {
		const struct check_cover_type *ty = &cov.types[t];
		json_array_append_new(types, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "type",
						       ty->type, "type_name", type_name(ty->type),
						       "institutions", (json_int_t)ty->institutions,
						       "staff", (json_int_t)ty->c.staff, "covered",
						       (json_int_t)ty->c.covered, "coverage",
						       percent_json(&ty->c)));
	}
	list = json_array();
	for (size_t i = 0; i < cov.ninstitutions; i++)
		json_array_append_new(list, cover_institution_json(r, &cov.institutions[i]));
	request_reply(r, 200, json_pack("{s:s, s:s, s:i, s:{s:I, s:I, s:o}, s:o, s:o}", "as_of",
					cov.as_of, "from", cov.from, "months", cov.months, "county",
					"staff", (json_int_t)cov.county.staff, "covered",
					(json_int_t)cov.county.covered, "coverage",
					percent_json(&cov.county), "by_type", types, "by_institution",
					list));
	check_coverage_free(&cov);
}

/* A roster run as listed (a new reference). */
static json_t *
run_json(const struct check_run_entry *k)
{
	return json_pack("{s:I, s:o, s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "id", (json_int_t)k->id,
			 "institution", institution_json(k->institution_id, k->institution_name),
			 "at", (json_int_t)k->at, "by", k->by, "file_name", k->file_name, "rows",
			 (json_int_t)k->rows, "checked", (json_int_t)k->checked, "hits",
			 (json_int_t)k->hits, "invalid", (json_int_t)k->invalid);
}

static void
add_run(const struct check_run_entry *k, void *arg)
{
	json_array_append_new(arg, run_json(k));
}

static const char *const run_sorts[] = { "id", NULL };

/* GET /api/v1/checks/runs?institution=&page=&per_page=: the roster runs in
 * scope, newest first. */
void
api_checks_runs_list(struct request *r)
{
	struct wb_err err = { 0 };
	struct paging p;
	int64_t institution = 0, total = 0;
	json_t *items;

	if (!paging_read(r, run_sorts, &p) || !arg_id(r, "institution", &institution))
		return;
	items = json_array();
	if (store_check_run_page(r->store, &r->scope, institution, p.per_page,
				 (p.page - 1) * p.per_page, add_run, items, &total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(items, total, &p));
}

struct run_rows {
	struct request *r;
	json_t *rows;
	struct xlsx *x;
	int64_t n;
};

static void
each_result(const struct check_run_line *k, void *arg)
{
	struct run_rows *s = arg;
	char id[32], name[64];

	id[0] = name[0] = '\0';
	if (k->person && k->person[0] &&
	    !app_check_person_masked(&s->r->app, k->staff_id, k->person, id, name)) {
		snprintf(id, sizeof(id), "（无法解密）");
		snprintf(name, sizeof(name), "（无法解密）");
	}
	if (s->x) {
		if (s->n >= EXPORT_MAX)
			return;
		xlsx_int(s->x, s->n, 0, k->row_no);
		xlsx_str(s->x, s->n, 1, name);
		xlsx_str(s->x, s->n, 2, id);
		xlsx_str(s->x, s->n, 3, k->result);
		xlsx_str(s->x, s->n, 4, k->checked_on);
		s->n++;
		return;
	}
	json_array_append_new(s->rows, json_pack("{s:I, s:s, s:s, s:s, s:s}", "row",
						 (json_int_t)k->row_no, "id_number_masked", id,
						 "name_masked", name, "result", k->result,
						 "checked_on", k->checked_on ? k->checked_on : ""));
}

#define RUN_ROWS_DEFAULT 100

/* An optional whole-number argument (its range checked by the choke
 * point), def when absent. */
static int64_t
int_arg(struct request *r, const char *name, int64_t def)
{
	const char *v = arg_or_empty(r, name);

	return v[0] ? strtoll(v, NULL, 10) : def;
}

/* GET /api/v1/checks/runs/{id}?result=&page=&per_page=: the run with a page
 * of its rows (masked; per_page default 100, at most 1000) in file order,
 * those of one result when given, and "rows_total". */
void
api_checks_runs_get(struct request *r)
{
	struct check_run_entry run;
	struct run_rows s = { .r = r };
	struct wb_err err = { 0 };
	int64_t id, page = int_arg(r, "page", 1), per = int_arg(r, "per_page", RUN_ROWS_DEFAULT);
	int64_t total = 0;
	json_t *o;

	if (!path_id(r, 0, &id))
		return;
	if (store_check_run_get(r->store, &r->scope, id, &run, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	s.rows = json_array();
	if (store_check_run_rows(r->store, id, arg_or_empty(r, "result"), per, (page - 1) * per,
				 each_result, &s, &total, &err) != WB_OK) {
		json_decref(s.rows);
		request_fail_err(r, &err);
		return;
	}
	o = run_json(&run);
	json_object_set_new(o, "rows", s.rows);
	json_object_set_new(o, "rows_total", json_integer(total));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "per_page", json_integer(per));
	request_reply(r, 200, o);
}

/* GET /api/v1/checks/runs/{id}/export.xlsx?result=: the run's rows (at most
 * EXPORT_MAX), masked. */
void
api_checks_runs_export(struct request *r)
{
	int64_t total = 0;
	static const struct xlsx_col cols[] = {
		{ "行号", 8, XLSX_INT }, { "姓名", 10, XLSX_TEXT }, { "身份证号", 22, XLSX_TEXT },
		{ "查询结果", 10, XLSX_TEXT }, { "查询日期", 12, XLSX_TEXT },
	};
	struct check_run_entry run;
	struct run_rows s = { .r = r };
	struct wb_err err = { 0 };
	char name[64];
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (store_check_run_get(r->store, &r->scope, id, &run, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(name, sizeof(name), "入职查询结果第%lld批", (long long)id);
	s.x = xlsx_begin(r, name, cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (s.x == NULL)
		return;
	if (store_check_run_rows(r->store, id, arg_or_empty(r, "result"), EXPORT_MAX, 0,
				 each_result, &s, &total, &err) != WB_OK) {
		xlsx_discard(s.x);
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "导出 %lld 行", (long long)s.n);
	xlsx_finish(s.x, r);
}

static void
add_category(const char *category, int64_t count, void *arg)
{
	json_array_append_new(json_object_get(arg, "by_category"),
			      json_pack("{s:s, s:I}", "category", category ? category : "",
					"count", (json_int_t)count));
}

static void
add_registry_import(const struct check_registry_import_row *k, void *arg)
{
	json_array_append_new(json_object_get(arg, "imports"),
			      json_pack("{s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)k->id, "at",
					(json_int_t)k->at, "by", k->by ? k->by : "", "rows",
					(json_int_t)k->rows, "file_name",
					k->file_name ? k->file_name : ""));
}

/* GET /api/v1/checks/registry: how many entries, by category, and the
 * latest imports — never an entry. */
void
api_checks_registry(struct request *r)
{
	json_t *o = json_pack("{s:[], s:[]}", "by_category", "imports");
	struct wb_err err = { 0 };
	int64_t total = 0;

	if (store_check_registry_summary(r->store, &total, add_category, add_registry_import,
					 REGISTRY_IMPORTS_SHOWN, o, &err) != WB_OK) {
		json_decref(o);
		request_fail_err(r, &err);
		return;
	}
	json_object_set_new(o, "total", json_integer(total));
	request_reply(r, 200, o);
}

/* Replies with a CSV template: the header line, UTF-8 with a BOM. */
static void
reply_template(struct request *r, const char *header, const char *file)
{
	size_t len = strlen(header) + 6;   /* the BOM, CR LF and the NUL */
	char *csv = malloc(len);

	if (csv == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	len = (size_t)snprintf(csv, len, "\xEF\xBB\xBF%s\r\n", header);
	request_reply_raw(r, csv, len, "text/csv; charset=utf-8", file);
}

/* GET /api/v1/checks/registry/template: the registry's CSV template. */
void
api_checks_registry_template(struct request *r)
{
	reply_template(r, "姓名,身份证号,类别,记录日期", "违法犯罪记录导入模板.csv");
}

/* GET /api/v1/checks/template: the roster's CSV template. */
void
api_checks_template(struct request *r)
{
	reply_template(r, "姓名,身份证号,岗位,同意书编号,入职日期", "从业人员名册模板.csv");
}

/* True when the request's Content-Type is a file the imports read (.xlsx
 * or CSV); else false with 415 set. */
static bool
file_type_ok(struct request *r)
{
	const char *type = request_header(r, "Content-Type");

	if (type && (strncasecmp(type, "text/csv", 8) == 0 ||
		     strncasecmp(type, "text/plain", 10) == 0 ||
		     strncasecmp(type, XLSX_MEDIA_TYPE, strlen(XLSX_MEDIA_TYPE)) == 0 ||
		     strncasecmp(type, "application/octet-stream", 24) == 0))
		return true;
	request_error(r, 415, "unsupported_media_type",
		      "请上传 Excel（.xlsx）或 CSV 文件（Content-Type: " XLSX_MEDIA_TYPE
		      " 或 text/csv）");
	return false;
}

/* The problems of a file as [{"row","column","message"}] (a new reference). */
static json_t *
problems_json(const struct check_file_problem *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:s}", "row", p[i].row, "column",
						   p[i].column, "message", p[i].message));
	return a;
}

/* True for the codes of a file the service refused as a whole (422). */
static bool
file_refused(const struct wb_err *err)
{
	return err->status == WB_ERR_INVALID &&
	       (strcmp(err->code, "bad_rows") == 0 || strcmp(err->code, "bad_header") == 0 ||
		strcmp(err->code, "empty_file") == 0);
}

/* POST /api/v1/checks/registry/import?name=&skip_bad=1 with the file as the
 * body: 200 {"imported","total","rejected":[{"row","column","message"}]};
 * 422 {"error":{…},"rejected":[…]} with nothing written when a row is bad
 * and not skip_bad (or the header is wrong, or the file has no row). */
void
api_checks_registry_import(struct request *r)
{
	const char *name = arg_or_empty(r, "name");
	bool skip_bad = strcmp(arg_or_empty(r, "skip_bad"), "1") == 0;
	struct check_registry_result res = { 0 };
	struct wb_err err = { 0 };

	if (!file_type_ok(r))
		return;
	if (app_check_registry_import(&r->app, r->body ? r->body : "", r->body_len,
				      name[0] ? name : "网页上传的文件", skip_bad, &res, &err) != WB_OK) {
		if (file_refused(&err)) {
			request_audit_detail(r, "导入违法犯罪记录：%lld 处问题，未导入",
					     (long long)res.problems);
			request_reply(r, 422, json_pack("{s:{s:s, s:s, s:I}, s:o}", "error", "code",
							err.code, "message", err.msg, "count",
							(json_int_t)res.problems, "rejected",
							problems_json(res.rejected, res.nrejected)));
		} else {
			request_fail_err(r, &err);
		}
		check_registry_result_free(&res);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)res.import_id);
	request_audit_detail(r, "导入违法犯罪记录：%lld 行，导入 %lld 条，已在库中 %lld 条",
			     (long long)res.total, (long long)res.imported, (long long)res.already);
	request_reply(r, 200, json_pack("{s:I, s:I, s:I, s:I, s:o}", "import_id",
					(json_int_t)res.import_id, "imported",
					(json_int_t)res.imported, "already", (json_int_t)res.already,
					"total", (json_int_t)res.total,
					"rejected", problems_json(res.rejected, res.nrejected)));
	check_registry_result_free(&res);
}

/* POST /api/v1/checks/runs?institution=ID&name= with the roster as the body:
 * 200 {"id","institution":{"id","name"},"checked","hits","invalid","rows":[{"row",
 * "id_number_masked","name_masked","result","message"?}],"rejects_id"?}; 404 for an
 * institution outside the scope; 422 for a file with no row or a wrong header. */
void
api_checks_runs_create(struct request *r)
{
	const char *name = arg_or_empty(r, "name");
	struct check_run_result res = { 0 };
	struct wb_err err = { 0 };
	char inst_name[404], type[16];
	int64_t institution = 0;
	json_t *rows, *o;

	if (!arg_id(r, "institution", &institution))
		return;
	/* outside the scope (an HR user: another institution) the institution is
	 * not there, whatever the file holds */
	if (store_check_institution_get(r->store, &r->scope, institution, inst_name, type, &err) !=
	    WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	if (!file_type_ok(r))
		return;
	if (app_check_run(&r->app, institution, r->body ? r->body : "", r->body_len,
			  name[0] ? name : "网页上传的文件", &res, &err) != WB_OK) {
		if (file_refused(&err))
			request_reply(r, 422, json_pack("{s:{s:s, s:s}, s:o}", "error", "code", err.code,
							"message", err.msg, "rejected",
							problems_json(res.problems, res.nproblems)));
		else
			request_fail_err(r, &err);
		check_run_result_free(&res);
		return;
	}
	rows = json_array();
	for (size_t i = 0; i < res.nrows; i++) {
		const struct check_run_row *k = &res.rows[i];
		json_t *row = json_pack("{s:i, s:s, s:s, s:s}", "row", k->row, "id_number_masked",
					k->id_number_masked, "name_masked", k->name_masked,
					"result", k->result);
		if (k->message)
			json_object_set_new(row, "message", json_string(k->message));
		json_array_append_new(rows, row);
	}
	o = json_pack("{s:I, s:o, s:s, s:I, s:I, s:I, s:I, s:o}", "id", (json_int_t)res.id,
		      "institution", institution_json(res.institution_id, res.institution_name),
		      "checked_on", res.checked_on, "total", (json_int_t)res.total, "checked",
		      (json_int_t)res.checked, "hits", (json_int_t)res.hits, "invalid",
		      (json_int_t)res.invalid, "rows", rows);
	if (res.rejects_id)
		json_object_set_new(o, "rejects_id", json_integer(res.rejects_id));
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)res.id);
	request_audit_detail(r, "入职查询（机构 %lld）：查询 %lld 人，有记录 %lld 人，无效 %lld 行",
			     (long long)institution, (long long)res.checked, (long long)res.hits,
			     (long long)res.invalid);
	check_run_result_free(&res);
	request_reply(r, 200, o);
}

/* GET /api/v1/checks/rejects/{id}: a run's 无效 rows as CSV, for their
 * submitter within 7 days (404 for anyone else); audited. */
void
api_checks_rejects(struct request *r)
{
	struct wb_err err = { 0 };
	char name[256], file[300], *csv = NULL;
	size_t len = 0;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_check_rejects(&r->app, id, &csv, &len, name, sizeof(name), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "取回入职查询名册中的无效行（第 %lld 号）", (long long)id);
	snprintf(file, sizeof(file), "%s_无效行.csv", name[0] ? name : "从业人员名册");
	reply_decrypted_csv(r, csv, len, file);
}
