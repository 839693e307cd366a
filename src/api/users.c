/* /api/v1/users: list, export, create, read, change. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/clock.h"
#include "app/users.h"
#include "core/division.h"
#include "http/audit.h"
#include "http/auth.h"
#include "store/sessions.h"
#include "store/org.h"
#include "store/totp.h"
#include "store/users.h"
#include "util/vec.h"

static const char *const user_sorts[] = { "login", "display_name", "status", "created_at", NULL };

static void
collect(const struct user *u, void *arg)
{
	struct user *copy = vec_push(arg);

	if (copy)
		*copy = *u;
}

static const char *
status_title(const char *status)
{
	return strcmp(status, "active") == 0 ? "正常" : "已停用";   /* as GET /meta's user_status */
}

/* The user's JSON; roles and whether two-factor sign-in is enabled are read
 * from the store. */
static json_t *
user_json(struct request *r, const struct user *u)
{
	struct wb_err err = { 0 };
	json_t *roles = json_array(), *o;
	bool totp = false;
	char codes[512];

	if (store_user_roles(r->store, u->id, codes, sizeof(codes), &err) == WB_OK) {
		char *save = NULL;
		for (char *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save))
			json_array_append_new(roles, json_string(c));
	}
	o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:I, s:o}", "id", (json_int_t)u->id,
			 "login", u->login, "display_name", u->display_name, "unit",
			 u->unit_id ? json_pack("{s:I, s:s}", "id", (json_int_t)u->unit_id, "name",
						u->unit_name)
				    : json_null(),
			 "scope", scope_json(u->scope_kind, u->scope_division, u->scope_name),
			 "roles", roles, "status", u->status, "created_at", (json_int_t)u->created_at,
			 "locked_until", u->locked_until > wb_now() ? json_integer(u->locked_until)
								 : json_null());
	if (u->scope_institution > 0)
		json_object_set_new(json_object_get(o, "scope"), "institution_id",
				    json_integer(u->scope_institution));
	store_totp_enabled(r->store, u->id, &totp, &err);   /* false when unreadable */
	json_object_set_new(o, "totp_enabled", json_boolean(totp));
	return o;
}

/* Reads the filters; false (400 set) on a bad value. */
static bool
read_filter(struct request *r, struct user_filter *f, struct paging *p)
{
	if (!paging_read(r, user_sorts, p))
		return false;
	f->scope = &r->scope;
	f->q = arg_or_empty(r, "q");
	f->status = arg_or_empty(r, "status");
	f->role = arg_or_empty(r, "role");
	f->sort = p->sort;
	f->order = p->order;
	if (strlen(f->q) > 64) {
		request_field_error(r, 400, "invalid", "q", "搜索词过长");
		return false;
	}
	return true;
}

static bool
load_page(struct request *r, const struct user_filter *f, int64_t limit, int64_t offset,
	  struct vec *l, int64_t *total)
{
	struct wb_err err = { 0 };
	enum wb_status rc = store_user_page(r->store, f, limit, offset, collect, l, total, &err);

	if (rc == WB_OK && l->nomem)
		rc = WB_ERR_NOMEM;
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	return true;
}

void
api_users_list(struct request *r)
{
	struct vec l = VEC_INIT(struct user);
	struct user_filter f;
	struct paging p;
	int64_t total = 0;
	json_t *items;

	if (!read_filter(r, &f, &p) ||
	    !load_page(r, &f, p.per_page, (p.page - 1) * p.per_page, &l, &total)) {
		vec_free(&l);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(items, user_json(r, vec_at(&l, i)));
	vec_free(&l);
	request_reply(r, 200, paging_reply(items, total, &p));
}

void
api_users_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "登录名", 16, XLSX_TEXT }, { "姓名", 12, XLSX_TEXT },   { "单位", 22, XLSX_WRAP },
		{ "数据范围", 18, XLSX_WRAP }, { "角色", 30, XLSX_WRAP }, { "状态", 8, XLSX_TEXT },
		{ "创建时间", 17, XLSX_TIME },
	};
	struct vec l = VEC_INIT(struct user);
	struct wb_err err = { 0 };
	struct user_filter f;
	struct paging p;
	struct xlsx *x;
	int64_t total;
	char roles[560];

	if (!read_filter(r, &f, &p) || !load_page(r, &f, EXPORT_MAX, 0, &l, &total)) {
		vec_free(&l);
		return;
	}
	x = xlsx_begin(r, "用户名单", cols, 7);
	if (x == NULL) {
		vec_free(&l);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct user *u = vec_at(&l, i);
		xlsx_str(x, (int64_t)i, 0, u->login);
		xlsx_str(x, (int64_t)i, 1, u->display_name);
		xlsx_str(x, (int64_t)i, 2, u->unit_name);
		xlsx_str(x, (int64_t)i, 3, u->scope_name[0] ? u->scope_name
					   : scope_kind_title(scope_kind_parse(u->scope_kind)));
		if (store_user_role_names(r->store, u->id, roles, sizeof(roles), &err) == WB_OK)
			xlsx_str(x, (int64_t)i, 4, roles);
		xlsx_str(x, (int64_t)i, 5, status_title(u->status));
		xlsx_time(x, (int64_t)i, 6, u->created_at);
	}
	request_audit_detail(r, "导出 %zu 行", l.n);
	vec_free(&l);
	xlsx_finish(x, r);
}

/* True for a role code as roles.c accepts them: 2–32 of a-z 0-9 _, from a letter. */
static bool
role_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* Joins the body's role codes with commas into out after checking each is a
 * well-formed code (so no separator can hide inside one); false (400 set). */
static bool
join_roles(struct request *r, json_t *arr, char *out, size_t len)
{
	size_t used = 0, i;
	json_t *v;

	out[0] = '\0';
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		if (!role_code_ok(s)) {
			request_field_error(r, 400, "invalid", "roles", "角色代码不正确");
			return false;
		}
		if (used + n + 2 > len) {
			request_field_error(r, 400, "invalid", "roles", "角色过多");
			return false;
		}
		if (used)
			out[used++] = ',';
		memcpy(out + used, s, n + 1);
		used += n;
	}
	return true;
}

/* True when every permission of the named roles is one the caller holds: a
 * user manager cannot hand out more than they have.  False with 400 (unknown
 * role) or 403 set. */
static bool
roles_within_caller(struct request *r, json_t *roles)
{
	struct wb_err err = { 0 };
	json_t *v;
	size_t i;

	json_array_foreach(roles, i, v) {
		struct role role;
		uint32_t perms = 0;
		enum wb_status rc = store_role_find(r->store, json_string_value(v), &role, &err);
		if (rc == WB_ERR_NOTFOUND) {
			request_field_error(r, 400, "invalid", "roles", "角色不存在");
			return false;
		}
		if (rc != WB_OK || role_bits(r, role.id, &perms) != WB_OK) {
			request_fail(r, rc != WB_OK ? rc : WB_ERR_DB, "");
			return false;
		}
		if ((perms & ~r->perms) != 0) {
			request_field_error(r, 403, "forbidden", "roles", "不能授予超出自身权限的角色");
			return false;
		}
	}
	return true;
}

/* The scope spec "kind[:code]" of a body, checked against the caller's own
 * scope: a town-scoped manager may only give scopes inside their town. */
static bool
body_scope(struct request *r, char *out, size_t len)
{
	const char *kind = body_str(r, "scope_kind"), *code = body_str(r, "scope_division");
	enum scope_kind want, mine = r->scope.kind;
	bool allowed;

	if (kind == NULL && code && *code)
		kind = division_level_name(division_level_of(code));   /* the code's level */
	if (kind == NULL) {
		out[0] = '\0';
		if (code) {
			request_field_error(r, 400, "invalid", "scope_division", "行政区划代码不正确");
			return false;
		}
		return true;
	}
	snprintf(out, len, "%s%s%s", kind, code && *code ? ":" : "", code && *code ? code : "");
	want = scope_kind_parse(kind);
	/* the county gives any scope; a town or village only inside itself; a
	 * unit manager the unit scope (of their own unit: unit_within_caller);
	 * anyone `own` */
	allowed = mine == SCOPE_COUNTY || want == SCOPE_OWN ||
		  ((want == SCOPE_TOWN || want == SCOPE_VILLAGE) && code &&
		   scope_covers_division(&r->scope, code)) ||
		  (want == SCOPE_UNIT && (mine == SCOPE_TOWN || mine == SCOPE_VILLAGE ||
					  mine == SCOPE_UNIT));
	if (!allowed) {
		request_field_error(r, 403, "out_of_scope", "scope_division", "只能设置本辖区范围内的数据范围");
		return false;
	}
	return true;
}

/* Appends word to the list in out (size len), after "、" unless it is the
 * first; a word that does not fit is left out. */
static void
add_word(char *out, size_t len, const char *word)
{
	size_t used = strlen(out);

	if (used + strlen(word) + (used ? strlen("、") : 0) < len)
		snprintf(out + used, len - used, "%s%s", used ? "、" : "", word);
}

/* Writes into out the names of the comma-separated role codes, joined by
 * "、" for the audit detail (a code whose role cannot be read stays a code). */
static void
role_words(struct request *r, const char *codes, char *out, size_t len)
{
	char code[64];

	out[0] = '\0';
	while (*codes) {
		size_t n = strcspn(codes, ",");
		struct wb_err err = { 0 };
		struct role role;

		snprintf(code, sizeof(code), "%.*s", (int)n, codes);
		add_word(out, len, store_role_find(r->store, code, &role, &err) == WB_OK ? role.name
											: code);
		codes += n + (codes[n] == ',');
	}
}

/* Writes into out the audit words of a scope "kind[:division]" as body_scope
 * makes it: "本镇（街道）梧桐街道", "全市" ("" for none). */
static void
scope_words(struct request *r, const char *scope, char *out, size_t len)
{
	const char *colon = strchr(scope, ':');
	struct wb_err err = { 0 };
	struct division d;
	char kind[24], words[256];

	snprintf(kind, sizeof(kind), "%.*s", colon ? (int)(colon - scope) : (int)strlen(scope), scope);
	snprintf(words, sizeof(words), "%s%s", scope_kind_title(scope_kind_parse(kind)),
		 !colon ? "" : store_division_get(r->store, colon + 1, &d, &err) == WB_OK ? d.name
											   : colon + 1);
	store_copy_text(out, len, words);   /* whole characters only */
}

/* True when the caller may bind a user to member unit unit_id (0: none):
 * a manager with the county scope to any unit, every other manager only to
 * their own unit.  False with 403 set. */
static bool
unit_within_caller(struct request *r, int64_t unit_id)
{
	if (unit_id == 0 || strcmp(r->user.scope_kind, "county") == 0 ||
	    unit_id == r->user.unit_id)
		return true;
	request_field_error(r, 403, "out_of_scope", "unit_id", "只能将用户绑定到本单位");
	return false;
}

/* Fails a request from the app layer: rule violations (with the field the
 * layer named) are 400, a taken login 409; anything else is logged, not shown. */
static void
user_rule_failed(struct request *r, enum wb_status rc, const struct wb_err *err)
{
	if (rc == WB_ERR_INVALID || rc == WB_ERR_CONFLICT)
		request_field_error(r, rc == WB_ERR_CONFLICT ? 409 : 400,
				    rc == WB_ERR_CONFLICT ? "conflict" : "invalid",
				    err->field[0] ? err->field : NULL, err->msg);
	else
		request_fail(r, rc, "");
}

/* The body's unit_id (0 when absent); *clear is set when the body says null. */
static int64_t
body_unit(struct request *r, bool *clear)
{
	json_t *v = json_object_get(r->json, "unit_id");
	int64_t id = 0;

	*clear = v != NULL && json_is_null(v);
	body_int(r, "unit_id", &id);
	return id;
}

static void
reply_user(struct request *r, unsigned status, int64_t id)
{
	struct wb_err err = { 0 };
	struct user u;
	enum wb_status rc = store_user_get_by_id(r->store, id, &u, &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_reply(r, status, user_json(r, &u));
}

void
api_users_create(struct request *r)
{
	char roles[560], scope[48], role_names[256], scope_name[200];
	struct wb_err err = { 0 };
	struct user_spec spec = { 0 };
	struct user_new n;
	enum wb_status rc;
	bool clear;
	int64_t id;

	if (!join_roles(r, json_object_get(r->json, "roles"), roles, sizeof(roles)) ||
	    !roles_within_caller(r, json_object_get(r->json, "roles")) ||
	    !body_scope(r, scope, sizeof(scope)))
		return;
	spec.login = body_str(r, "login");
	spec.display_name = body_str(r, "display_name");
	spec.unit_id = body_unit(r, &clear);
	spec.roles = roles;
	spec.scope = scope;
	spec.password = body_str(r, "password");
	if (!unit_within_caller(r, spec.unit_id))
		return;
	rc = app_user_prepare_new(r->store, &spec, &n, &err);   /* slow: before the transaction */
	if (rc == WB_OK)
		rc = store_begin(r->store, &err);
	n.u.created_by = r->user.user_id;   /* the `own` scope of its creator sees it */
	if (rc == WB_OK)
		rc = app_user_insert(r->store, &n, wb_now(), &id, &err);
	if (rc != WB_OK) {
		store_rollback_all(r->store);
		user_rule_failed(r, rc, &err);
		return;
	}
	role_words(r, roles, role_names, sizeof(role_names));
	scope_words(r, scope, scope_name, sizeof(scope_name));
	request_audit_detail(r, "登录名 %s，角色 %s，数据范围 %s", spec.login,
			     role_names[0] ? role_names : "无", scope_name[0] ? scope_name : "默认");
	reply_user(r, 201, id);
	if (r->status == 201)
		request_audit_commit(r);
}

/* Loads user id if it is inside the caller's scope; false (404 set) otherwise. */
static bool
load_in_scope(struct request *r, int64_t id, struct user *u)
{
	struct wb_err err = { 0 };
	enum wb_status rc = store_user_get_scoped(r->store, &r->scope, id, u, &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "用户不存在");
		return false;
	}
	return true;
}

void
api_users_get(struct request *r)
{
	struct user u;
	int64_t id;

	if (!path_id(r, 0, &id) || !load_in_scope(r, id, &u))
		return;
	request_reply(r, 200, user_json(r, &u));
}

/* True when the target user holds no permission the caller lacks: a user
 * manager cannot change (reset the password of, disable, …) a stronger user. */
static bool
target_within_caller(struct request *r, int64_t id)
{
	char roles[560], perms[640];
	struct wb_err err = { 0 };
	enum wb_status rc = store_user_grants(r->store, id, roles, sizeof(roles), perms,
					      sizeof(perms), &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	if ((auth_permission_bits(perms) & ~r->perms) != 0) {
		request_error(r, 403, "forbidden", "不能修改权限高于自己的用户");
		return false;
	}
	return true;
}

void
api_users_update(struct request *r)
{
	char roles[560], scope[48], changed[200];
	struct wb_err err = { 0 };
	struct user_patch patch = { 0 };
	struct user_change change;
	json_t *role_list = json_object_get(r->json, "roles");
	enum wb_status rc;
	struct user u;
	bool clear;
	int64_t id;

	if (!path_id(r, 0, &id) || !load_in_scope(r, id, &u) || !target_within_caller(r, id))
		return;
	if (json_is_array(role_list)) {
		if (!join_roles(r, role_list, roles, sizeof(roles)) || !roles_within_caller(r, role_list))
			return;
		patch.roles = roles;
	}
	if (!body_scope(r, scope, sizeof(scope)))
		return;
	if (id == r->user.user_id && body_str(r, "status") &&
	    strcmp(body_str(r, "status"), "disabled") == 0) {
		request_field_error(r, 422, "rule", "status", "不能停用自己的账号");
		return;
	}
	patch.totp_reset = json_is_true(json_object_get(r->json, "totp_reset"));
	if (id == r->user.user_id && patch.totp_reset) {
		/* one's own goes off only with the password and a code (me/totp/disable) */
		request_field_error(r, 422, "rule", "totp_reset",
				    "不能重置自己的两步验证；请在“修改密码”页的两步验证中停用");
		return;
	}
	patch.display_name = body_str(r, "display_name");
	patch.unit_id = body_unit(r, &clear);
	patch.unit = clear ? "" : NULL;
	patch.scope = scope[0] ? scope : NULL;
	patch.status = body_str(r, "status");
	patch.password = body_str(r, "password");
	patch.unlock = json_is_true(json_object_get(r->json, "unlock"));
	if (!clear && patch.unit_id && !unit_within_caller(r, patch.unit_id))
		return;
	rc = app_user_prepare_change(r->store, id, &patch, &change, &err);  /* slow: outside */
	if (rc == WB_OK)
		rc = store_begin(r->store, &err);
	if (rc == WB_OK)
		rc = app_user_apply_change(r->store, &change, wb_now(), &err);
	if (rc != WB_OK) {
		store_rollback_all(r->store);
		user_rule_failed(r, rc, &err);
		return;
	}
	changed[0] = '\0';
	if (patch.display_name)
		add_word(changed, sizeof(changed), "姓名");
	if (patch.unit || patch.unit_id)
		add_word(changed, sizeof(changed), "所属单位");
	if (patch.roles)
		add_word(changed, sizeof(changed), "角色");
	if (patch.scope)
		add_word(changed, sizeof(changed), "数据范围");
	if (patch.status)
		add_word(changed, sizeof(changed), strcmp(patch.status, "disabled") == 0
							   ? "状态改为已停用" : "状态改为正常");
	if (patch.password)
		add_word(changed, sizeof(changed), "重设密码");
	if (patch.unlock)
		add_word(changed, sizeof(changed), "解除锁定");
	if (patch.totp_reset)
		add_word(changed, sizeof(changed), "重置两步验证（验证器遗失）");
	request_audit_detail(r, "修改：%s", changed[0] ? changed : "无");
	reply_user(r, 200, id);
	if (r->status == 200)
		request_audit_commit(r);
}
