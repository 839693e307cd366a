/* Sign-in, sign-out, the signed-in user, and changing one's own password. */
#include "api/api.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "app/clock.h"
#include "app/users.h"
#include "http/auth.h"
#include "sec/password.h"
#include "sec/throttle.h"
#include "sec/token.h"
#include "store/org.h"
#include "store/users.h"

/* A hash to verify against when the login does not exist, so that a wrong
 * login costs as long as a wrong password. */
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
	char pw[17];

	password_generate(pw);
	password_hash(pw, dummy_hash, NULL);
}

/* The JSON of r->user and r->perms, as GET /api/v1/me answers.  Built with
 * the object API rather than json_pack: this is the hottest reply. */
static json_t *
me_json(const struct request *r)
{
	json_t *me = json_object(), *perms = json_array(), *roles = json_array(), *unit;
	const char *c = r->user.roles;

	for (int p = 0; p < PERM__MAX; p++)
		if (r->perms & (1u << p))
			json_array_append_new(perms, json_string_nocheck(permission_info(p)->code));
	while (*c) {
		size_t n = strcspn(c, ",");
		json_array_append_new(roles, json_stringn_nocheck(c, n));
		c += n + (c[n] == ',');
	}
	if (r->user.unit_id) {
		unit = json_object();
		json_object_set_new_nocheck(unit, "id", json_integer(r->user.unit_id));
		json_object_set_new_nocheck(unit, "name", json_string(r->user.unit_name));
	} else {
		unit = json_null();
	}
	json_object_set_new_nocheck(me, "id", json_integer(r->user.user_id));
	json_object_set_new_nocheck(me, "login", json_string(r->user.login));
	json_object_set_new_nocheck(me, "display_name", json_string(r->user.display_name));
	json_object_set_new_nocheck(me, "unit", unit);
	json_object_set_new_nocheck(me, "scope", scope_json(r->user.scope_kind, r->user.scope_division,
							     r->user.scope_name));
	json_object_set_new_nocheck(me, "roles", roles);
	json_object_set_new_nocheck(me, "permissions", perms);
	json_object_set_new_nocheck(me, "csrf_token", json_string_nocheck(r->user.csrf_token));
	return me;
}

static void
locked_reply(struct request *r, int64_t until, int64_t now)
{
	char msg[128];
	int64_t minutes = (until - now + 59) / 60;

	snprintf(msg, sizeof(msg), "密码错误次数过多，账号已锁定，请 %lld 分钟后再试",
		 (long long)(minutes > 0 ? minutes : 1));
	request_error(r, 423, "account_locked", msg);
}

void
api_session_create(struct request *r)
{
	const struct wb_config *c = &r->ctx->config;
	const char *login = body_str(r, "username"), *password = body_str(r, "password");
	int64_t now = wb_now(), window = (int64_t)c->lockout_minutes * 60, locked;
	char token[TOKEN_TEXT_SIZE], csrf[TOKEN_TEXT_SIZE];
	struct wb_err err = { 0 };
	struct auth_user a;
	enum wb_status rc;

	store_copy_text(r->audit_login, sizeof(r->audit_login), login);
	if (throttle_blocked(r->client_addr, now, window, c->login_ip_limit)) {
		request_error(r, 429, "too_many_attempts", "登录尝试次数过多，请稍后再试");
		return;
	}
	rc = store_auth_get(r->store, login, &a, &err);
	if (rc == WB_ERR_NOTFOUND) {
		pthread_once(&dummy_once, make_dummy_hash);
		password_verify(password, dummy_hash);
		throttle_fail(r->client_addr, now, window);
		request_error(r, 401, "bad_credentials", "用户名或密码错误");
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	r->audit_user_id = a.id;
	if (a.locked_until > now) {
		locked_reply(r, a.locked_until, now);
		return;
	}
	if (!password_verify(password, a.password_hash)) {
		throttle_fail(r->client_addr, now, window);
		rc = store_auth_failed(r->store, a.id, c->lockout_failures, now + window, &locked, &err);
		if (rc != WB_OK)
			request_fail(r, rc, "");
		else if (locked > now)
			locked_reply(r, locked, now);
		else
			request_error(r, 401, "bad_credentials", "用户名或密码错误");
		return;
	}
	if (strcmp(a.status, "active") != 0) {
		request_error(r, 403, "account_disabled", "账号已停用，请联系管理员");
		return;
	}
	/* the address's failure count is left to expire: signing in to an
	 * account of one's own must not reset it */
	token_generate(token);
	token_generate(csrf);
	token_hash(&r->ctx->keys, token, r->token_hash);
	/* the password was checked outside any transaction; the writes are quick */
	rc = store_begin(r->store, &err);
	if (rc == WB_OK)
		rc = store_auth_ok(r->store, a.id, &err);
	if (rc == WB_OK)
		rc = store_session_purge(r->store, now, now - (int64_t)c->session_idle_minutes * 60, &err);
	if (rc == WB_OK)
		rc = store_session_add(r->store, r->token_hash, a.id, csrf, r->client_addr, now,
				       now + (int64_t)c->session_max_hours * 3600, &err);
	if (rc == WB_OK)
		rc = store_commit(r->store, &err);
	else
		store_rollback_all(r->store);
	if (rc == WB_OK)
		rc = store_session_get(r->store, r->token_hash, &r->user, &err);
	r->perms = auth_permission_bits(r->user.permissions);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "wb_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 c->session_max_hours * 3600, c->cookie_secure ? "; Secure" : "");
	request_reply(r, 200, json_pack("{s:s, s:o}", "csrf_token", csrf, "user", me_json(r)));
}

void
api_session_delete(struct request *r)
{
	struct wb_err err = { 0 };
	enum wb_status rc = store_session_delete(r->store, r->token_hash, &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "wb_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	request_reply(r, 204, NULL);
}

void
api_me(struct request *r)
{
	request_reply(r, 200, me_json(r));
}

void
api_me_password(struct request *r)
{
	const char *old = body_str(r, "old_password"), *new = body_str(r, "new_password");
	struct wb_err err = { 0 };
	char hash[PASSWORD_HASH_MAX];
	struct auth_user a;
	enum wb_status rc;

	rc = store_auth_get(r->store, r->user.login, &a, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (!password_verify(old, a.password_hash)) {
		/* counted like a failed sign-in, so a stolen session cannot guess */
		const struct wb_config *c = &r->ctx->config;
		int64_t now = wb_now(), locked;
		rc = store_auth_failed(r->store, a.id, c->lockout_failures,
				       now + (int64_t)c->lockout_minutes * 60, &locked, &err);
		if (rc == WB_OK && locked > now) {
			store_session_delete_user(r->store, r->user.user_id, &err);
			locked_reply(r, locked, now);
			return;
		}
		request_field_error(r, 400, "wrong_password", "old_password", "原密码不正确");
		return;
	}
	if (password_check_policy(new, r->user.login, r->user.display_name, &err) != WB_OK) {
		request_field_error(r, 400, "weak_password", "new_password", err.msg);
		return;
	}
	rc = password_hash(new, hash, &err);      /* slow: outside the transaction */
	if (rc == WB_OK)
		rc = store_begin(r->store, &err);
	if (rc == WB_OK) {
		rc = store_user_set_password_by_id(r->store, r->user.user_id, hash, wb_now(), &err);
		if (rc == WB_OK)
			rc = store_session_delete_others(r->store, r->user.user_id, r->token_hash, &err);
		if (rc == WB_OK)
			rc = store_commit(r->store, &err);
		else
			store_rollback_all(r->store);
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	request_reply(r, 204, NULL);
}
