/* /api/v1/roles and /api/v1/permissions */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "store/org.h"
#include "store/sessions.h"
#include "store/users.h"

struct role_list {
	json_t *items;   /* array of role objects, by id */
};

static void
add_role(const struct role *role, void *arg)
{
	struct role_list *l = arg;

	json_array_append_new(l->items, json_pack("{s:I, s:s, s:s, s:b, s:[]}", "id",
						  (json_int_t)role->id, "code", role->code, "name",
						  role->name, "builtin", role->builtin, "permissions"));
}

static void
add_perm(int64_t role_id, const char *perm, void *arg)
{
	struct role_list *l = arg;
	size_t i;
	json_t *role;

	json_array_foreach(l->items, i, role) {
		if (json_integer_value(json_object_get(role, "id")) == role_id) {
			json_array_append_new(json_object_get(role, "permissions"), json_string(perm));
			return;
		}
	}
}

/* All roles with their permissions; NULL (reply set) on failure. */
static json_t *
load_roles(struct request *r)
{
	struct role_list l = { json_array() };
	struct wb_err err = { 0 };
	enum wb_status rc;

	rc = store_role_each(r->store, add_role, &l, &err);
	if (rc == WB_OK)
		rc = store_role_permission_each(r->store, add_perm, &l, &err);
	if (rc != WB_OK) {
		json_decref(l.items);
		request_fail(r, rc, "");
		return NULL;
	}
	return l.items;
}

void
api_roles_list(struct request *r)
{
	reply_items(r, load_roles(r));
}

void
api_roles_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "代码", 18, XLSX_TEXT }, { "名称", 24, XLSX_WRAP },
		{ "内置", 8, XLSX_TEXT },  { "权限", 70, XLSX_WRAP },
	};
	json_t *items = load_roles(r), *role, *p;
	struct xlsx *x;
	size_t i, k;
	char perms[1024];

	if (items == NULL)
		return;
	x = xlsx_begin(r, "角色", cols, 4);
	if (x == NULL) {
		json_decref(items);
		return;
	}
	json_array_foreach(items, i, role) {
		size_t used = 0;
		perms[0] = '\0';
		json_array_foreach(json_object_get(role, "permissions"), k, p) {
			const struct permission_info *info =
				permission_info(permission_parse(json_string_value(p)));
			used += (size_t)snprintf(perms + used, used < sizeof(perms) ? sizeof(perms) - used : 0,
						 "%s%s", used ? "、" : "", info ? info->title : "?");
			if (used >= sizeof(perms))
				break;
		}
		xlsx_str(x, (int64_t)i, 0, json_string_value(json_object_get(role, "code")));
		xlsx_str(x, (int64_t)i, 1, json_string_value(json_object_get(role, "name")));
		xlsx_str(x, (int64_t)i, 2, json_is_true(json_object_get(role, "builtin")) ? "是" : "否");
		xlsx_str(x, (int64_t)i, 3, perms);
	}
	json_decref(items);
	xlsx_finish(x, r);
}

void
api_permissions_list(struct request *r)
{
	json_t *items = json_array();

	for (int p = 0; p < PERM__MAX; p++)
		json_array_append_new(items, json_pack("{s:s, s:s}", "code", permission_info(p)->code,
						       "title", permission_info(p)->title));
	request_reply(r, 200, json_pack("{s:o}", "items", items));
}

static bool
role_code_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* Turns the body's permission codes into bits; false (400 set) for an
 * unknown one, (403 set) for one the caller does not hold. */
static bool
body_permissions(struct request *r, uint32_t *bits)
{
	json_t *v;
	size_t i;

	*bits = 0;
	json_array_foreach(json_object_get(r->json, "permissions"), i, v) {
		enum permission p = permission_parse(json_string_value(v));
		if (p == PERM__MAX) {
			request_field_error(r, 400, "invalid", "permissions", "权限代码不存在");
			return false;
		}
		*bits |= 1u << p;
	}
	if ((*bits & ~r->perms) != 0) {
		request_field_error(r, 403, "forbidden", "permissions", "不能授予超出自身权限的权限");
		return false;
	}
	return true;
}

static enum wb_status
write_permissions(struct request *r, int64_t role_id, uint32_t bits, struct wb_err *err)
{
	enum wb_status rc = store_role_clear_permissions(r->store, role_id, err);

	for (int p = 0; p < PERM__MAX && rc == WB_OK; p++)
		if (bits & (1u << p))
			rc = store_role_add_permission(r->store, role_id, permission_info(p)->code, err);
	return rc;
}

static void
reply_role(struct request *r, unsigned status, int64_t id)
{
	json_t *items = load_roles(r), *role;
	size_t i;

	if (items == NULL)
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	json_array_foreach(items, i, role) {
		if (json_integer_value(json_object_get(role, "id")) == id) {
			request_reply(r, status, json_incref(role));
			break;
		}
	}
	json_decref(items);
}

void
api_roles_create(struct request *r)
{
	const char *code = body_str(r, "code"), *name = body_str(r, "name");
	struct wb_err err = { 0 };
	struct role role = { 0 };
	enum wb_status rc;
	uint32_t bits;
	int64_t id;

	if (!require_county_scope(r, "角色由县级管理员维护"))
		return;
	if (!role_code_valid(code)) {
		request_field_error(r, 400, "invalid", "code", "角色代码应为 2–32 个小写字母、数字或下划线，以字母开头");
		return;
	}
	if (*name == '\0') {
		request_field_error(r, 400, "invalid", "name", "角色名称不能为空");
		return;
	}
	if (!body_permissions(r, &bits))
		return;
	store_copy_text(role.code, sizeof(role.code), code);
	store_copy_text(role.name, sizeof(role.name), name);
	rc = store_role_add(r->store, &role, &id, &err);
	if (rc == WB_OK)
		rc = write_permissions(r, id, bits, &err);
	if (rc == WB_ERR_CONFLICT) {
		request_field_error(r, 409, "conflict", "code", "角色代码已存在");
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	request_audit_detail(r, "角色 %s，代码 %s", name, code);
	reply_role(r, 201, id);
}

void
api_roles_update(struct request *r)
{
	const char *name = body_str(r, "name");
	struct wb_err err = { 0 };
	enum wb_status rc = WB_OK;
	struct role role;
	uint32_t bits;
	int64_t id;

	if (!require_county_scope(r, "角色由县级管理员维护") || !path_id(r, 0, &id))
		return;
	rc = store_role_get_by_id(r->store, id, &role, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "角色不存在");
		return;
	}
	if (role.builtin) {
		request_error(r, 422, "builtin_role", "内置角色不能修改，请新建角色");
		return;
	}
	if (name && *name == '\0') {
		request_field_error(r, 400, "invalid", "name", "角色名称不能为空");
		return;
	}
	if (json_is_array(json_object_get(r->json, "permissions")) && !body_permissions(r, &bits))
		return;
	if (name)
		rc = store_role_set_name(r->store, id, name, &err);
	if (rc == WB_OK && json_is_array(json_object_get(r->json, "permissions")))
		rc = write_permissions(r, id, bits, &err);
	if (rc == WB_OK)
		rc = store_session_refresh_role(r->store, id, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	reply_role(r, 200, id);
}
