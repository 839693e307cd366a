/* /api/v1/audit: the log, its Excel export, and the chain's verification. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/labels.h"
#include "api/xlsx.h"
#include "store/audit.h"

static const char *const audit_sorts[] = { "id", "at", NULL };   /* at: the same order as id */

/* Reads the filters; false (400 set) on a bad time. */
static bool
read_filter(struct request *r, struct audit_filter *f)
{
	const char *from = arg_or_empty(r, "from"), *to = arg_or_empty(r, "to");
	char *end;

	f->scope = &r->scope;
	f->login = arg_or_empty(r, "user");
	f->action = arg_or_empty(r, "action");
	f->object_type = arg_or_empty(r, "object_type");
	f->object_id = arg_or_empty(r, "object_id");
	f->from = *from ? strtoll(from, &end, 10) : 0;
	if (*from && (*end || f->from < 0)) {
		request_field_error(r, 400, "invalid", "from", "起始时间应为 Unix 秒");
		return false;
	}
	f->to = *to ? strtoll(to, &end, 10) : 0;
	if (*to && (*end || f->to < 0)) {
		request_field_error(r, 400, "invalid", "to", "结束时间应为 Unix 秒");
		return false;
	}
	return true;
}

static void
add_row(const struct audit_row *e, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:s, s:s?}",
					     "id", (json_int_t)e->id, "at", (json_int_t)e->at,
					     "login", e->login[0] ? e->login : NULL, "login_name",
					     e->login_name[0] ? e->login_name : NULL, "client_addr",
					     e->client_addr[0] ? e->client_addr : NULL, "action",
					     e->action, "object_type",
					     e->object_type[0] ? e->object_type : NULL, "object_id",
					     e->object_id[0] ? e->object_id : NULL, "outcome",
					     e->outcome, "detail", e->detail[0] ? e->detail : NULL));
}

void
api_audit_list(struct request *r)
{
	struct wb_err err = { 0 };
	struct audit_filter f;
	struct paging p;
	int64_t total = 0;
	json_t *items;
	enum wb_status rc;

	if (!paging_read(r, audit_sorts, &p) || !read_filter(r, &f))
		return;
	items = json_array();
	rc = store_audit_page(r->store, &f, p.per_page, (p.page - 1) * p.per_page, add_row, items,
			      &total, &err);
	if (rc != WB_OK) {
		json_decref(items);
		request_fail(r, rc, "");
		return;
	}
	request_reply(r, 200, paging_reply(items, total, &p));
}

void
api_audit_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "编号", 8, XLSX_INT },       { "时间", 17, XLSX_TIME },    { "用户", 14, XLSX_TEXT },
		{ "地址", 16, XLSX_TEXT },     { "操作", 22, XLSX_TEXT },    { "对象类型", 12, XLSX_TEXT },
		{ "对象", 12, XLSX_TEXT },     { "结果", 12, XLSX_TEXT },    { "详情", 48, XLSX_WRAP },
	};
	struct wb_err err = { 0 };
	struct audit_filter f;
	json_t *items, *e;
	struct xlsx *x;
	int64_t total = 0;
	size_t i;

	if (!read_filter(r, &f))
		return;
	items = json_array();
	if (store_audit_page(r->store, &f, EXPORT_MAX, 0, add_row, items, &total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	if ((x = xlsx_begin(r, "审计日志", cols, 9)) == NULL) {
		json_decref(items);
		return;
	}
	json_array_foreach(items, i, e) {
		static const char *const keys[] = { "login_name", "client_addr", "action", "object_type",
						    "object_id", "outcome", "detail" };
		const char *(*const titles[])(const char *) = { NULL, NULL, label_audit_action,
								label_object_type, NULL,
								label_audit_outcome, NULL };
		xlsx_int(x, (int64_t)i, 0, json_integer_value(json_object_get(e, "id")));
		xlsx_time(x, (int64_t)i, 1, json_integer_value(json_object_get(e, "at")));
		for (int k = 0; k < 7; k++) {
			const char *v = json_string_value(json_object_get(e, keys[k]));
			const char *t = titles[k] && v ? titles[k](v) : NULL;

			xlsx_str(x, (int64_t)i, 2 + k, t ? t : v);
		}
	}
	request_audit_detail(r, "导出 %zu 行", json_array_size(items));
	json_decref(items);
	xlsx_finish(x, r);
}

void
api_audit_verify(struct request *r)
{
	struct wb_err err = { 0 };
	struct audit_check c;
	enum wb_status rc = store_audit_verify(r->store, r->keys, &c, &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (c.first_bad)
		request_reply(r, 200, json_pack("{s:b, s:I, s:I, s:s}", "ok", 0, "events",
						(json_int_t)c.events, "first_bad_id",
						(json_int_t)c.first_bad, "problem", c.problem));
	else
		request_reply(r, 200, json_pack("{s:b, s:I}", "ok", 1, "events", (json_int_t)c.events));
}
