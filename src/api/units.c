/* /api/v1/units: the committee's member units and their aliases. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/clock.h"
#include "store/org.h"

#define MAX_ALIASES 16

static const char *const unit_kinds[] = { "office", "party", "government", "judicial", "mass_org",
					  "other", NULL };

static int
add_unit(const struct unit *u, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:[]}", "id", (json_int_t)u->id,
					     "code", u->code, "name", u->name, "kind", u->kind,
					     "aliases"));
	return 0;
}

static void
add_alias(int64_t unit_id, const char *alias, void *arg)
{
	json_t *unit;
	size_t i;

	json_array_foreach((json_t *)arg, i, unit) {
		if (json_integer_value(json_object_get(unit, "id")) == unit_id) {
			json_array_append_new(json_object_get(unit, "aliases"), json_string(alias));
			return;
		}
	}
}

static json_t *
load_units(struct request *r)
{
	struct wb_err err = { 0 };
	json_t *items = json_array();
	enum wb_status rc = store_unit_each(r->store, add_unit, items, &err);

	if (rc == WB_OK)
		rc = store_unit_alias_each(r->store, add_alias, items, &err);
	if (rc != WB_OK) {
		json_decref(items);
		request_fail(r, rc, "");
		return NULL;
	}
	return items;
}

void
api_units_list(struct request *r)
{
	reply_items(r, load_units(r));
}

/* True when needle (ASCII letters in any case) occurs in hay. */
static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return *needle == '\0';
}

/* True when the unit passes the export's filters, as the units page filters
 * its list: kind equal, q in the name, the code or an alias. */
static bool
unit_matches(json_t *u, const char *q, const char *kind)
{
	json_t *a;
	size_t i;

	if (*kind && strcmp(json_string_value(json_object_get(u, "kind")), kind) != 0)
		return false;
	if (*q == '\0' || contains_nocase(json_string_value(json_object_get(u, "name")), q) ||
	    contains_nocase(json_string_value(json_object_get(u, "code")), q))
		return true;
	json_array_foreach(json_object_get(u, "aliases"), i, a)
		if (contains_nocase(json_string_value(a), q))
			return true;
	return false;
}

void
api_units_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "代码", 10, XLSX_TEXT }, { "名称", 24, XLSX_WRAP },
		{ "类型", 12, XLSX_TEXT }, { "别名", 60, XLSX_WRAP },
	};
	const char *q = arg_or_empty(r, "q"), *kind = arg_or_empty(r, "kind");
	json_t *items = load_units(r), *u, *a;
	struct xlsx *x;
	size_t i, k, row = 0;
	char aliases[1024];

	if (items == NULL)
		return;
	x = xlsx_begin(r, "成员单位", cols, 4);
	if (x == NULL) {
		json_decref(items);
		return;
	}
	json_array_foreach(items, i, u) {
		size_t used = 0;
		if (!unit_matches(u, q, kind))
			continue;
		aliases[0] = '\0';
		json_array_foreach(json_object_get(u, "aliases"), k, a) {
			int n = snprintf(aliases + used, sizeof(aliases) - used, "%s%s", used ? "、" : "",
					 json_string_value(a));
			if (n < 0 || (size_t)n >= sizeof(aliases) - used)
				break;
			used += (size_t)n;
		}
		xlsx_str(x, (int64_t)row, 0, json_string_value(json_object_get(u, "code")));
		xlsx_str(x, (int64_t)row, 1, json_string_value(json_object_get(u, "name")));
		xlsx_str(x, (int64_t)row, 2, json_string_value(json_object_get(u, "kind")));
		xlsx_str(x, (int64_t)row, 3, aliases);
		row++;
	}
	request_audit_detail(r, "导出 %zu 行", row);
	json_decref(items);
	xlsx_finish(x, r);
}

static bool
kind_valid(const char *kind)
{
	for (const char *const *k = unit_kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

/* The body's aliases as a NULL-terminated list borrowed from r->json. */
static bool
body_aliases(struct request *r, const char **out)
{
	json_t *arr = json_object_get(r->json, "aliases"), *v;
	size_t i, n = 0;

	json_array_foreach(arr, i, v) {
		if (n == MAX_ALIASES) {
			request_field_error(r, 400, "invalid", "aliases", "别名最多 16 个");
			return false;
		}
		if (*json_string_value(v) == '\0') {
			request_field_error(r, 400, "invalid", "aliases", "别名不能为空");
			return false;
		}
		out[n++] = json_string_value(v);
	}
	out[n] = NULL;
	return true;
}

static void
reply_unit(struct request *r, unsigned status, int64_t id)
{
	json_t *items = load_units(r), *u;
	size_t i;

	if (items == NULL)
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	json_array_foreach(items, i, u) {
		if (json_integer_value(json_object_get(u, "id")) == id) {
			request_reply(r, status, json_incref(u));
			break;
		}
	}
	json_decref(items);
}

static void
unit_failed(struct request *r, enum wb_status rc)
{
	if (rc == WB_ERR_CONFLICT)
		request_field_error(r, 409, "conflict", "name", "单位代码、名称或别名与已有单位重复");
	else
		request_fail(r, rc, "");
}

void
api_units_create(struct request *r)
{
	const char *aliases[MAX_ALIASES + 1];
	struct wb_err err = { 0 };
	struct unit u = { 0 };
	enum wb_status rc;
	int64_t id;

	if (!require_county_scope(r, "成员单位由县级管理员维护"))
		return;
	store_copy_text(u.code, sizeof(u.code), body_str(r, "code"));
	store_copy_text(u.name, sizeof(u.name), body_str(r, "name"));
	store_copy_text(u.kind, sizeof(u.kind), body_str(r, "kind"));
	if (u.code[0] == '\0' || u.name[0] == '\0') {
		request_field_error(r, 400, "invalid", u.code[0] ? "name" : "code", "不能为空");
		return;
	}
	if (!kind_valid(u.kind)) {
		request_field_error(r, 400, "invalid", "kind", "单位类型不正确");
		return;
	}
	if (!body_aliases(r, aliases))
		return;
	rc = store_unit_add(r->store, &u, aliases, wb_now(), &id, &err);
	if (rc != WB_OK) {
		unit_failed(r, rc);
		return;
	}
	reply_unit(r, 201, id);
}

void
api_units_update(struct request *r)
{
	const char *aliases[MAX_ALIASES + 1];
	const char *name = body_str(r, "name"), *kind = body_str(r, "kind");
	struct wb_err err = { 0 };
	enum wb_status rc;
	struct unit u;
	int64_t id;

	if (!require_county_scope(r, "成员单位由县级管理员维护") || !path_id(r, 0, &id))
		return;
	rc = store_unit_get(r->store, id, &u, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "成员单位不存在");
		return;
	}
	if (name) {
		if (*name == '\0') {
			request_field_error(r, 400, "invalid", "name", "名称不能为空");
			return;
		}
		store_copy_text(u.name, sizeof(u.name), name);
	}
	if (kind) {
		if (!kind_valid(kind)) {
			request_field_error(r, 400, "invalid", "kind", "单位类型不正确");
			return;
		}
		store_copy_text(u.kind, sizeof(u.kind), kind);
	}
	rc = store_unit_update(r->store, &u, &err);
	if (rc == WB_OK && json_is_array(json_object_get(r->json, "aliases"))) {
		if (!body_aliases(r, aliases))
			return;
		rc = store_unit_set_aliases(r->store, id, aliases, &err);
	}
	if (rc != WB_OK) {
		unit_failed(r, rc);
		return;
	}
	reply_unit(r, 200, id);
}
