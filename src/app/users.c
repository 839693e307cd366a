#include "app/users.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/division.h"
#include "sec/password.h"
#include "store/facilities.h"
#include "store/org.h"
#include "store/sessions.h"
#include "store/totp.h"
#include "store/users.h"
#include "util/text.h"

static bool
login_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 3 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return false;
	}
	return true;
}

static bool
name_valid(const char *s)
{
	size_t n;

	if (s == NULL || !text_is_utf8(s, strlen(s)))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	n = text_utf8_length(s);
	return n >= 1 && n <= 32;
}

/* The scope institution:ID of u: the facility must exist and be of a type
 * background checks cover (core/check.h). */
static enum wb_status
resolve_institution(struct store *st, const char *code, struct user *u, struct wb_err *err)
{
	struct facility_row *f;
	enum wb_status rc;
	char *end = NULL;
	long long id;

	errno = 0;
	id = code[0] ? strtoll(code, &end, 10) : 0;
	if (id <= 0 || errno || *end)
		return wb_err_field(err, WB_ERR_INVALID, "scope_division",
				    "“本机构”范围需要机构编号（institution:编号）");
	if ((f = malloc(sizeof(*f))) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_facility_get(st, scope_system(), id, f, err);
	if (rc == WB_ERR_NOTFOUND || (rc == WB_OK && !check_institution_type(f->type)))
		rc = wb_err_field(err, WB_ERR_INVALID, "scope_division",
				  "机构 %lld 不存在或不是入职查询的机构类型", id);
	free(f);
	if (rc != WB_OK)
		return rc;
	store_copy_text(u->scope_kind, sizeof(u->scope_kind), "institution");
	u->scope_division[0] = '\0';
	u->scope_institution = id;
	return WB_OK;
}

/* Resolves a scope spec into kind and division code, checking the division
 * exists at the right level ("institution:ID": the facility). */
static enum wb_status
resolve_scope(struct store *st, const char *spec, struct user *u, struct wb_err *err)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	char kind[16] = "", code[16] = "";
	enum division_level want, got;
	struct division d;
	enum wb_status rc;

	if (spec == NULL || *spec == '\0')
		spec = "county";
	if (colon) {
		if ((size_t)(colon - spec) >= sizeof(kind))
			return wb_err_field(err, WB_ERR_INVALID, "scope_kind", "数据范围不正确：%s", spec);
		memcpy(kind, spec, (size_t)(colon - spec));
		store_copy_text(code, sizeof(code), colon + 1);
	} else if (division_level_of(spec) != DIVISION_INVALID) {
		store_copy_text(code, sizeof(code), spec);
		store_copy_text(kind, sizeof(kind), division_level_name(division_level_of(spec)));
	} else {
		store_copy_text(kind, sizeof(kind), spec);
	}
	u->scope_institution = 0;
	if (strcmp(kind, "institution") == 0)
		return resolve_institution(st, code, u, err);
	if (strcmp(kind, "unit") == 0 || strcmp(kind, "own") == 0) {
		if (code[0])
			return wb_err_field(err, WB_ERR_INVALID, "scope_division", "该数据范围不需要行政区划");
		if (strcmp(kind, "unit") == 0 && u->unit_id == 0)
			return wb_err_field(err, WB_ERR_INVALID, "unit_id", "“本单位”范围需要先设置所属单位");
		store_copy_text(u->scope_kind, sizeof(u->scope_kind), kind);
		u->scope_division[0] = '\0';
		return WB_OK;
	}
	want = division_level_parse(kind);
	if (want == DIVISION_INVALID)
		return wb_err_field(err, WB_ERR_INVALID, "scope_kind",
				    "数据范围应为全市、镇（街道）、村（社区）、本单位或仅本人之一");
	if (code[0] == '\0') {
		if (want != DIVISION_COUNTY)
			return wb_err_field(err, WB_ERR_INVALID, "scope_division", "该数据范围需要选择行政区划");
		store_copy_text(code, sizeof(code), DEFAULT_COUNTY_CODE);
	}
	got = division_level_of(code);
	if (got != want)
		return wb_err_field(err, WB_ERR_INVALID, "scope_division", "行政区划 %s 与数据范围层级不符", code);
	rc = store_division_get(st, code, &d, err);
	if (rc == WB_ERR_NOTFOUND)
		return wb_err_field(err, WB_ERR_INVALID, "scope_division", "行政区划 %s 不存在", code);
	if (rc != WB_OK)
		return rc;
	store_copy_text(u->scope_kind, sizeof(u->scope_kind), kind);
	store_copy_text(u->scope_division, sizeof(u->scope_division), code);
	return WB_OK;
}

/* The unit by id when id > 0, else by name, code or alias. */
static enum wb_status
find_unit(struct store *st, int64_t id, const char *name, struct unit *out, struct wb_err *err)
{
	enum wb_status rc = id > 0 ? store_unit_get(st, id, out, err)
				   : store_unit_find(st, name, out, err);

	if (rc == WB_ERR_NOTFOUND)
		return wb_err_field(err, WB_ERR_INVALID, "unit_id", "成员单位不存在");
	return rc;
}

/* Looks up every role in the comma-separated list into ids (max n). */
static enum wb_status
resolve_roles(struct store *st, const char *list, int64_t *ids, int n, int *count,
	      struct wb_err *err)
{
	char *copy, *save = NULL, *code;
	enum wb_status rc = WB_OK;
	struct role r;

	*count = 0;
	if (list == NULL || *list == '\0')
		return wb_err_field(err, WB_ERR_INVALID, "roles", "至少需要一个角色");
	copy = strdup(list);
	if (copy == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (code = strtok_r(copy, ", ", &save); code; code = strtok_r(NULL, ", ", &save)) {
		if (*count == n) {
			rc = wb_err_field(err, WB_ERR_INVALID, "roles", "角色过多");
			break;
		}
		rc = store_role_find(st, code, &r, err);
		if (rc == WB_ERR_NOTFOUND)
			rc = wb_err_field(err, WB_ERR_INVALID, "roles", "角色 %s 不存在", code);
		if (rc != WB_OK)
			break;
		bool seen = false;
		for (int i = 0; i < *count; i++)
			seen = seen || ids[i] == r.id;
		if (!seen)
			ids[(*count)++] = r.id;
	}
	free(copy);
	if (rc == WB_OK && *count == 0)
		rc = wb_err_field(err, WB_ERR_INVALID, "roles", "至少需要一个角色");
	return rc;
}

enum wb_status
app_user_prepare_new(struct store *st, const struct user_spec *spec, struct user_new *out,
		     struct wb_err *err)
{
	struct user *u = &out->u;
	struct unit unit;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	if (!login_valid(spec->login))
		return wb_err_field(err, WB_ERR_INVALID, "login",
				    "登录名应为 3–32 个小写字母、数字或 . _ -，以字母或数字开头");
	if (!name_valid(spec->display_name))
		return wb_err_field(err, WB_ERR_INVALID, "display_name", "姓名应为 1–32 个字符");
	store_copy_text(u->login, sizeof(u->login), spec->login);
	store_copy_text(u->display_name, sizeof(u->display_name), spec->display_name);
	if (spec->unit_id > 0 || (spec->unit && *spec->unit)) {
		rc = find_unit(st, spec->unit_id, spec->unit, &unit, err);
		if (rc != WB_OK)
			return rc;
		u->unit_id = unit.id;
	}
	rc = resolve_scope(st, spec->scope, u, err);
	if (rc != WB_OK)
		return rc;
	rc = resolve_roles(st, spec->roles, out->role_ids, USER_MAX_ROLES, &out->nroles, err);
	if (rc != WB_OK)
		return rc;
	rc = password_check_policy(spec->password, spec->login, spec->display_name, err);
	if (rc != WB_OK)
		return err ? wb_err_name_field(err, "password") : rc;
	return password_hash(spec->password, u->password_hash, err);
}

enum wb_status
app_user_insert(struct store *st, const struct user_new *n, int64_t now, int64_t *id,
		struct wb_err *err)
{
	enum wb_status rc = store_user_add(st, &n->u, now, id, err);

	for (int i = 0; i < n->nroles && rc == WB_OK; i++)
		rc = store_user_add_role(st, *id, n->role_ids[i], err);
	return rc;
}

enum wb_status
app_user_add(struct store *st, const struct user_spec *spec, int64_t now, int64_t *id,
	     struct wb_err *err)
{
	struct user_new n;
	enum wb_status rc = app_user_prepare_new(st, spec, &n, err);

	if (rc == WB_OK)
		rc = store_begin(st, err);
	if (rc != WB_OK)
		return rc;
	rc = app_user_insert(st, &n, now, id, err);
	if (rc == WB_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

enum wb_status
app_user_prepare_change(struct store *st, int64_t id, const struct user_patch *patch,
			struct user_change *out, struct wb_err *err)
{
	struct user *u = &out->u;
	char scope[48];
	struct unit unit;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	out->nroles = -1;
	rc = store_user_get_by_id(st, id, u, err);
	if (rc != WB_OK)
		return rc;
	if (patch->display_name) {
		if (!name_valid(patch->display_name))
			return wb_err_field(err, WB_ERR_INVALID, "display_name", "姓名应为 1–32 个字符");
		store_copy_text(u->display_name, sizeof(u->display_name), patch->display_name);
	}
	if (patch->unit || patch->unit_id > 0) {
		u->unit_id = 0;
		if (patch->unit_id > 0 || *patch->unit) {
			rc = find_unit(st, patch->unit_id, patch->unit, &unit, err);
			if (rc != WB_OK)
				return rc;
			u->unit_id = unit.id;
		}
	}
	if (patch->scope == NULL && u->scope_institution > 0) {
		snprintf(scope, sizeof(scope), "institution:%lld", (long long)u->scope_institution);
	} else if (patch->scope == NULL) {
		/* re-check the kept scope against a changed unit */
		snprintf(scope, sizeof(scope), "%s%s%s", u->scope_kind,
			 u->scope_division[0] ? ":" : "", u->scope_division);
	}
	rc = resolve_scope(st, patch->scope ? patch->scope : scope, u, err);
	if (rc != WB_OK)
		return rc;
	if (patch->status) {
		if (strcmp(patch->status, "active") != 0 && strcmp(patch->status, "disabled") != 0)
			return wb_err_field(err, WB_ERR_INVALID, "status", "状态应为 active 或 disabled");
		out->end_sessions = strcmp(patch->status, "disabled") == 0;
		store_copy_text(u->status, sizeof(u->status), patch->status);
	}
	if (patch->roles) {
		rc = resolve_roles(st, patch->roles, out->role_ids, USER_MAX_ROLES, &out->nroles, err);
		if (rc != WB_OK)
			return rc;
	}
	out->unlock = patch->unlock;
	out->totp_reset = patch->totp_reset;
	if (patch->password) {
		rc = password_check_policy(patch->password, u->login, u->display_name, err);
		if (rc != WB_OK)
			return err ? wb_err_name_field(err, "password") : rc;
		rc = password_hash(patch->password, out->hash, err);
		if (rc != WB_OK)
			return rc;
		out->end_sessions = true;
	}
	return WB_OK;
}

enum wb_status
app_user_apply_change(struct store *st, const struct user_change *c, int64_t now,
		      struct wb_err *err)
{
	int64_t id = c->u.id;
	enum wb_status rc = store_user_update(st, &c->u, now, err);

	if (rc == WB_OK && c->nroles >= 0) {
		rc = store_user_clear_roles(st, id, err);
		for (int i = 0; i < c->nroles && rc == WB_OK; i++)
			rc = store_user_add_role(st, id, c->role_ids[i], err);
		if (rc == WB_OK)
			rc = store_session_refresh_grants(st, id, err);
	}
	if (rc == WB_OK && c->hash[0])
		rc = store_user_set_password_by_id(st, id, c->hash, now, err);
	if (rc == WB_OK && (c->unlock || c->hash[0]))
		rc = store_auth_ok(st, id, err);
	if (rc == WB_OK && (c->unlock || c->hash[0]))
		rc = store_signin_clear_user(st, id, err);
	if (rc == WB_OK && c->totp_reset)
		rc = store_totp_delete(st, id, err);
	if (rc == WB_OK && c->end_sessions)
		rc = store_session_delete_user(st, id, err);
	return rc;
}

enum wb_status
app_user_update(struct store *st, int64_t id, const struct user_patch *patch, int64_t now,
		struct wb_err *err)
{
	struct user_change c;
	enum wb_status rc = app_user_prepare_change(st, id, patch, &c, err);

	if (rc == WB_OK)
		rc = store_begin(st, err);
	if (rc != WB_OK)
		return rc;
	rc = app_user_apply_change(st, &c, now, err);
	if (rc == WB_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

enum wb_status
app_user_prepare_password(struct store *st, const char *login, const char *password,
			  struct user_change *out, struct wb_err *err)
{
	struct user_patch patch = { .password = password };
	struct user u;
	enum wb_status rc = store_user_get(st, login, &u, err);

	if (rc != WB_OK)
		return rc;
	return app_user_prepare_change(st, u.id, &patch, out, err);
}

enum wb_status
app_user_set_password(struct store *st, const char *login, const char *password, int64_t now,
		      struct wb_err *err)
{
	struct user_change c;
	enum wb_status rc = app_user_prepare_password(st, login, password, &c, err);

	if (rc == WB_OK)
		rc = app_user_apply_change(st, &c, now, err);
	return rc;
}
