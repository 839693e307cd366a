/* /api/v1/divisions: the tree of the county, its towns and villages. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "core/division.h"
#include "store/org.h"

static int
add_division(const struct division *d, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:o}", "code", d->code,
					     "name", d->name, "level", d->level, "kind", d->kind,
					     "parent_code", d->parent_code[0] ? d->parent_code : NULL,
					     "population", d->population >= 0
								   ? json_integer(d->population)
								   : json_null()));
	return 0;
}

/* The divisions the caller may see, in tree order; NULL (reply set) on failure. */
static json_t *
load_divisions(struct request *r)
{
	/* the tree is not sensitive: a town or village user sees their own
	 * subtree (what they work on), everyone else the county */
	const char *prefix = r->scope.division;
	struct wb_err err = { 0 };
	json_t *items = json_array();
	struct division mine;
	enum wb_status rc = WB_OK;
	const char *path = "";

	if (*prefix) {
		rc = store_division_get(r->store, prefix, &mine, &err);
		path = mine.path;
	}
	if (rc == WB_OK)
		rc = store_division_each_in(r->store, path, add_division, items, &err);
	if (rc != WB_OK) {
		json_decref(items);
		request_fail(r, rc, "");
		return NULL;
	}
	return items;
}

/* add_division for towns and villages only. */
static int
add_town_or_village(const struct division *d, void *arg)
{
	return strcmp(d->level, "county") == 0 ? 0 : add_division(d, arg);
}

/* GET /api/v1/children/destinations: every town and village of the county,
 * whatever the caller's scope, for a transfer's destination (names and
 * codes of divisions are not personal data; the route needs child.write). */
void
api_children_destinations(struct request *r)
{
	struct wb_err err = { 0 };
	json_t *items = json_array();
	enum wb_status rc = store_division_each_in(r->store, "", add_town_or_village, items, &err);

	if (rc != WB_OK) {
		json_decref(items);
		request_fail(r, rc, "");
		return;
	}
	reply_items(r, items);
}

void
api_divisions_list(struct request *r)
{
	reply_items(r, load_divisions(r));
}

void
api_divisions_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "区划代码", 14, XLSX_TEXT }, { "名称", 20, XLSX_TEXT }, { "层级", 14, XLSX_TEXT },
		{ "类型", 10, XLSX_TEXT },     { "上级代码", 14, XLSX_TEXT }, { "人口", 12, XLSX_INT },
	};
	static const struct { const char *code, *title; } levels[] = {
		{ "county", "县（市、区）" }, { "town", "镇（街道）" }, { "village", "村（社区）" },
	};
	json_t *items = load_divisions(r), *d;
	struct xlsx *x;
	size_t i;

	if (items == NULL)
		return;
	x = xlsx_begin(r, "行政区划", cols, 6);
	if (x == NULL) {
		json_decref(items);
		return;
	}
	json_array_foreach(items, i, d) {
		const char *level = json_string_value(json_object_get(d, "level"));
		json_t *pop = json_object_get(d, "population");
		xlsx_str(x, (int64_t)i, 0, json_string_value(json_object_get(d, "code")));
		xlsx_str(x, (int64_t)i, 1, json_string_value(json_object_get(d, "name")));
		for (size_t k = 0; k < 3; k++)
			if (strcmp(level, levels[k].code) == 0)
				xlsx_str(x, (int64_t)i, 2, levels[k].title);
		xlsx_str(x, (int64_t)i, 3, json_string_value(json_object_get(d, "kind")));
		xlsx_str(x, (int64_t)i, 4, json_string_value(json_object_get(d, "parent_code")));
		if (json_is_integer(pop))
			xlsx_int(x, (int64_t)i, 5, json_integer_value(pop));
	}
	json_decref(items);
	xlsx_finish(x, r);
}

/* Writes d after checking it against the rules and the caller's scope. */
static void
put_division(struct request *r, struct division *d, bool must_be_new)
{
	struct wb_err err = { 0 };
	enum division_level level = division_level_of(d->code);
	enum wb_status rc;
	bool created;

	if (!scope_covers_division(&r->scope, d->code)) {
		request_field_error(r, 403, "out_of_scope", "code", "只能维护本辖区的行政区划");
		return;
	}
	if (d->kind[0] == '\0')
		snprintf(d->kind, sizeof(d->kind), "%s", division_default_kind(level));
	if (!division_kind_fits(level, d->kind)) {
		request_field_error(r, 400, "invalid", "kind", "类型与区划层级不符");
		return;
	}
	if (d->name[0] == '\0') {
		request_field_error(r, 400, "invalid", "name", "名称不能为空");
		return;
	}
	snprintf(d->level, sizeof(d->level), "%s", division_level_name(level));
	rc = store_division_put(r->store, d, &created, &err);
	if (rc == WB_OK && must_be_new && !created)
		rc = WB_ERR_CONFLICT;
	if (rc == WB_ERR_CONFLICT) {
		request_field_error(r, 409, "conflict", "code", "区划代码已存在");
		return;
	}
	if (rc == WB_ERR_NOTFOUND) {
		request_field_error(r, 422, "no_parent", "code", "上级区划不存在");
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%s", d->code);
	rc = store_division_get(r->store, d->code, d, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	json_t *one = json_array();
	add_division(d, one);
	request_reply(r, must_be_new ? 201 : 200, json_incref(json_array_get(one, 0)));
	json_decref(one);
}

static void
fill_optional(struct request *r, struct division *d)
{
	const char *name = body_str(r, "name"), *kind = body_str(r, "kind");
	int64_t pop;

	if (name)
		store_copy_text(d->name, sizeof(d->name), name);
	if (kind)
		store_copy_text(d->kind, sizeof(d->kind), kind);
	if (body_int(r, "population", &pop))
		d->population = pop;
}

void
api_divisions_create(struct request *r)
{
	const char *code = body_str(r, "code");
	struct division d = { .population = -1 };

	if (division_level_of(code) == DIVISION_INVALID) {
		request_field_error(r, 400, "invalid", "code", "区划代码应为 6、9 或 12 位数字");
		return;
	}
	if (division_level_of(code) == DIVISION_COUNTY) {
		request_field_error(r, 422, "rule", "code", "只能在县（市）下新增镇（街道）或村（社区）");
		return;
	}
	store_copy_text(d.code, sizeof(d.code), code);
	division_parent_code(code, d.parent_code, sizeof(d.parent_code));
	fill_optional(r, &d);
	put_division(r, &d, true);
}

void
api_divisions_update(struct request *r)
{
	struct wb_err err = { 0 };
	struct division d;
	enum wb_status rc;

	rc = store_division_get(r->store, r->params[0], &d, &err);
	if (rc == WB_OK && !scope_covers_division(&r->scope, d.code))
		rc = WB_ERR_NOTFOUND;
	if (rc != WB_OK) {
		request_fail(r, rc, "行政区划不存在");
		return;
	}
	fill_optional(r, &d);
	put_division(r, &d, false);
}
