#include "api/common.h"
#include "api/xlsx.h"

#include "sec/fieldcrypt.h"

#include "store/plans.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses a whole number in [min, max] from a query argument. */
static bool
arg_int(struct request *r, const char *name, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	const char *v = request_arg(r, name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0') {
		*out = def;
		return true;
	}
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n < min || n > max)
		return false;
	*out = n;
	return true;
}

bool
paging_read(struct request *r, const char *const *allowed, struct paging *p)
{
	const char *sort = request_arg(r, "sort"), *order = request_arg(r, "order");

	if (!arg_int(r, "page", 1, 1, 1000000, &p->page)) {
		request_field_error(r, 400, "invalid", "page", "页码应为正整数");
		return false;
	}
	if (!arg_int(r, "per_page", 20, 1, PAGE_MAX, &p->per_page)) {
		request_field_error(r, 400, "invalid", "per_page", "每页条数应为 1 到 100");
		return false;
	}
	p->sort = allowed[0];
	if (sort && *sort) {
		const char *const *a;
		for (a = allowed; *a && strcmp(*a, sort) != 0; a++)
			;
		if (*a == NULL) {
			request_field_error(r, 400, "invalid", "sort", "不支持按该字段排序");
			return false;
		}
		p->sort = *a;
	}
	p->order = "asc";
	if (order && *order) {
		if (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0) {
			request_field_error(r, 400, "invalid", "order", "排序方向应为 asc 或 desc");
			return false;
		}
		p->order = strcmp(order, "asc") == 0 ? "asc" : "desc";
	}
	return true;
}

json_t *
paging_reply(json_t *items, int64_t total, const struct paging *p)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)p->page, "per_page", (json_int_t)p->per_page);
}

const char *
body_str(struct request *r, const char *name)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool
body_int(struct request *r, const char *name, int64_t *out)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return true;
}

const char *
arg_or_empty(struct request *r, const char *name)
{
	const char *v = request_arg(r, name);

	return v ? v : "";
}

/* A canonical positive decimal id (no sign, space or leading zero), or 0. */
static int64_t
canonical_id(const char *s)
{
	size_t len = strlen(s);

	if (len > 0 && len <= 18 && s[0] != '0' && strspn(s, "0123456789") == len)
		return strtoll(s, NULL, 10);
	return 0;
}

bool
arg_id(struct request *r, const char *name, int64_t *out)
{
	const char *v = arg_or_empty(r, name);

	*out = *v ? canonical_id(v) : 0;
	if (*v && *out <= 0) {
		request_field_error(r, 400, "invalid", name, "编号应为正整数");
		return false;
	}
	return true;
}

bool
path_id(struct request *r, int index, int64_t *id)
{
	/* canonical only: /tasks/3, never /tasks/03, /tasks/+3 or /tasks/%203 */
	int64_t n = canonical_id(r->params[index]);

	if (n <= 0) {
		request_error(r, 404, "not_found", "请求的资源不存在");
		return false;
	}
	*id = n;
	return true;
}

json_t *
scope_json(const char *kind, const char *code, const char *name)
{
	return json_pack("{s:s, s:s?, s:s?}", "kind", kind, "division_code",
			 code && *code ? code : NULL, "division_name", name && *name ? name : NULL);
}

static void
add_bit(const char *code, void *arg)
{
	enum permission p = permission_parse(code);

	if (p != PERM__MAX)
		*(uint32_t *)arg |= 1u << p;
}

enum wb_status
role_bits(struct request *r, int64_t role_id, uint32_t *bits)
{
	struct wb_err err = { 0 };

	*bits = 0;
	return store_role_permissions(r->store, role_id, add_bit, bits, &err);
}

bool
require_county_scope(struct request *r, const char *message)
{
	if (strcmp(r->user.scope_kind, "county") != 0) {
		request_error(r, 403, "out_of_scope", message);
		return false;
	}
	return true;
}

json_t *
target_row_json(const struct target_row *t)
{
	json_t *o = json_pack("{s:I, s:s, s:f, s:s, s:s, s:s}", "id", (json_int_t)t->id, "op", t->op,
			      "value", t->value, "unit", t->unit, "scope", t->scope, "text",
			      t->text ? t->text : "");

	json_object_set_new(o, "value2", t->has_value2 ? json_real(t->value2) : json_null());
	return o;
}

void
reply_items(struct request *r, json_t *items)
{
	if (items)
		request_reply(r, 200, json_pack("{s:o}", "items", items));
}


void
reply_decrypted_csv(struct request *r, char *csv, size_t len, const char *file)
{
	char *copy = malloc(len ? len : 1);

	if (copy == NULL) {
		fieldcrypt_free(csv, len);
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	memcpy(copy, csv, len);
	fieldcrypt_free(csv, len);
	request_reply_raw(r, copy, len, "text/csv; charset=utf-8", file);
}

void
api_list_add(struct api_list *l, json_t *o)
{
	if (o == NULL) {
		l->rc = l->err.status ? l->err.status : WB_ERR_DB;
		return;
	}
	json_array_append_new(l->items, o);
}

/* The failure to reply: the row callback's, else the store's (NULL when
 * none). */
static const struct wb_err *
list_failure(const struct api_list *l, enum wb_status rc, const struct wb_err *err)
{
	if (rc != WB_OK)
		return err;
	return l->rc != WB_OK ? &l->err : NULL;
}

void
api_list_reply(struct api_list *l, enum wb_status rc, const struct wb_err *err, int64_t total,
	       const struct paging *p)
{
	const struct wb_err *fail = list_failure(l, rc, err);

	if (fail) {
		json_decref(l->items);
		request_fail_err(l->r, fail);
		return;
	}
	request_reply(l->r, 200, paging_reply(l->items, total, p));
}

void
api_export_reply(struct api_list *l, enum wb_status rc, const struct wb_err *err)
{
	const struct wb_err *fail = list_failure(l, rc, err);

	if (fail) {
		xlsx_discard(l->x);
		request_fail_err(l->r, fail);
		return;
	}
	request_audit_detail(l->r, "导出 %lld 行", (long long)l->rows);
	xlsx_finish(l->x, l->r);
}
