/* Sign-in, sign-out, the signed-in user, and changing one's own password. */
#include "api/api.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "app/clock.h"
#include "app/users.h"
#include "http/audit.h"
#include "http/auth.h"
#include "sec/password.h"
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

/* The one answer to a wrong login, a wrong password and a locked account
 * alike, so that no answer tells which logins exist or which are locked
 * (administrators see locks in the user list and the audit log). */
static void
bad_credentials(struct request *r)
{
	request_error(r, 401, "bad_credentials", "用户名或密码错误；多次错误后账号会被暂时锁定");
}

/* The sign-in counter keys of an address, an account, and the pair. */
struct signin_keys {
	char addr[96], account[32], pair[128];
};

static void
signin_keys(const struct request *r, int64_t user_id, struct signin_keys *k)
{
	snprintf(k->addr, sizeof(k->addr), "ip:%s", r->client_addr);
	snprintf(k->account, sizeof(k->account), "user:%lld", (long long)user_id);
	snprintf(k->pair, sizeof(k->pair), "user:%lld@%s", (long long)user_id, r->client_addr);
}

/*
 * Counts one attempt on the account from this address and decides whether
 * it may go on to the password check: false (the account+address pair or
 * the whole account is locked) with the lock recorded.  Counting comes
 * before the slow check, so parallel guesses cannot pass the limits.
 */
static bool
account_attempt(struct request *r, const struct auth_user *a, const struct signin_keys *k,
		int64_t now, struct wb_err *err, enum wb_status *rc)
{
	const struct wb_config *c = &r->ctx->config;
	int64_t window = (int64_t)c->lockout_minutes * 60, pair = 0, account = 0;

	*rc = store_signin_count(r->store, k->pair, now, window, &pair, err);
	if (*rc == WB_OK)
		*rc = store_signin_count(r->store, k->account, now, window, &account, err);
	if (*rc != WB_OK)
		return false;
	if (a->locked_until > now) {
		request_audit_detail(r, "account locked");
		return false;
	}
	if (account > c->login_account_limit) {
		*rc = store_auth_lock(r->store, a->id, now + window, err);
		request_audit_detail(r, "account locked: %lld failures from all addresses",
				     (long long)(account - 1));
		return false;
	}
	if (pair > c->lockout_failures) {
		request_audit_detail(r, "locked for this address: %lld failures",
				     (long long)(pair - 1));
		return false;
	}
	return true;
}

/* Takes back the attempts of a sign-in that succeeded. */
static enum wb_status
signin_succeeded(struct request *r, const struct signin_keys *k, struct wb_err *err)
{
	enum wb_status rc = store_signin_uncount(r->store, k->addr, err);

	if (rc == WB_OK)
		rc = store_signin_uncount(r->store, k->account, err);
	if (rc == WB_OK)
		rc = store_signin_clear(r->store, k->pair, err);
	return rc;
}

/* Verifies against a hash no password matches, so that a refusal without a
 * real check costs as long as a wrong password. */
static void
spend_time(const char *password)
{
	pthread_once(&dummy_once, make_dummy_hash);
	password_verify(password, dummy_hash);
}

/* Opens the session of user a: writes it with the audit event in one
 * transaction and sets the reply and cookie. */
static void
open_session(struct request *r, const struct auth_user *a, int64_t now)
{
	const struct wb_config *c = &r->ctx->config;
	char token[TOKEN_TEXT_SIZE], csrf[TOKEN_TEXT_SIZE];
	struct wb_err err = { 0 };
	enum wb_status rc;

	token_generate(token);
	token_generate(csrf);
	token_hash(&r->ctx->keys, token, r->token_hash);
	rc = store_begin(r->store, &err);
	if (rc == WB_OK)
		rc = store_auth_ok(r->store, a->id, &err);
	if (rc == WB_OK)
		rc = store_session_purge(r->store, now, now - (int64_t)c->session_idle_minutes * 60, &err);
	if (rc == WB_OK)
		rc = store_signin_purge(r->store, now - (int64_t)c->lockout_minutes * 60, &err);
	if (rc == WB_OK)
		rc = store_session_add(r->store, r->token_hash, a->id, csrf, r->client_addr, now,
				       now + (int64_t)c->session_max_hours * 3600, &err);
	if (rc == WB_OK)
		rc = store_session_get(r->store, r->token_hash, &r->user, &err);
	if (rc != WB_OK) {
		store_rollback_all(r->store);
		request_fail(r, rc, "");
		return;
	}
	r->perms = auth_permission_bits(r->user.permissions);
	request_reply(r, 200, json_pack("{s:s, s:o}", "csrf_token", csrf, "user", me_json(r)));
	if (!request_audit_commit(r))
		return;     /* nothing was written: no session, no cookie */
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "wb_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 c->session_max_hours * 3600, c->cookie_secure ? "; Secure" : "");
}

/*
 * Sign-in.  The attempt is counted first (per address, per account, per
 * account and address; in the database, so every server sees the same
 * counts), the password is checked outside any transaction, and a success
 * takes its counts back.  Refusals are audited by the dispatcher.
 */
void
api_session_create(struct request *r)
{
	const struct wb_config *c = &r->ctx->config;
	const char *login = body_str(r, "username"), *password = body_str(r, "password");
	int64_t now = wb_now(), window = (int64_t)c->lockout_minutes * 60, tries = 0;
	struct wb_err err = { 0 };
	struct signin_keys k;
	struct auth_user a;
	enum wb_status rc;

	store_copy_text(r->audit_login, sizeof(r->audit_login), login);
	signin_keys(r, 0, &k);
	rc = store_signin_count(r->store, k.addr, now, window, &tries, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (tries > c->login_ip_limit) {
		request_error(r, 429, "too_many_attempts", "登录尝试次数过多，请稍后再试");
		return;
	}
	rc = store_auth_get(r->store, login, &a, &err);
	if (rc == WB_ERR_NOTFOUND) {
		spend_time(password);
		bad_credentials(r);
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	r->audit_user_id = a.id;
	signin_keys(r, a.id, &k);
	if (!account_attempt(r, &a, &k, now, &err, &rc)) {
		if (rc != WB_OK) {
			request_fail(r, rc, "");
			return;
		}
		spend_time(password);
		bad_credentials(r);
		return;
	}
	if (!password_verify(password, a.password_hash)) {
		bad_credentials(r);
		return;
	}
	rc = signin_succeeded(r, &k, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (strcmp(a.status, "active") != 0) {
		request_error(r, 403, "account_disabled", "账号已停用，请联系管理员");
		return;
	}
	open_session(r, &a, now);
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

/* Changing one's own password: the old one is checked like a sign-in (the
 * same counters, so a stolen session cannot guess it), the new one is hashed
 * outside any transaction, and the change commits with its audit event. */
void
api_me_password(struct request *r)
{
	const char *old = body_str(r, "old_password"), *new = body_str(r, "new_password");
	int64_t now = wb_now();
	struct wb_err err = { 0 };
	char hash[PASSWORD_HASH_MAX];
	struct signin_keys k;
	struct auth_user a;
	enum wb_status rc;

	rc = store_auth_get(r->store, r->user.login, &a, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	signin_keys(r, a.id, &k);
	if (!account_attempt(r, &a, &k, now, &err, &rc)) {
		if (rc == WB_OK)
			rc = store_session_delete_user(r->store, r->user.user_id, &err);
		if (rc != WB_OK) {
			request_fail(r, rc, "");
			return;
		}
		request_error(r, 401, "session_ended", "原密码错误次数过多，已退出登录，请稍后重新登录");
		return;
	}
	if (!password_verify(old, a.password_hash)) {
		request_field_error(r, 400, "wrong_password", "old_password", "原密码不正确");
		return;
	}
	rc = store_signin_clear(r->store, k.pair, &err);
	if (rc == WB_OK)
		rc = store_signin_uncount(r->store, k.account, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (password_check_policy(new, r->user.login, r->user.display_name, &err) != WB_OK) {
		request_field_error(r, 400, "weak_password", "new_password", err.msg);
		return;
	}
	rc = password_hash(new, hash, &err);      /* slow: outside the transaction */
	if (rc == WB_OK)
		rc = store_begin(r->store, &err);
	if (rc == WB_OK)
		rc = store_user_set_password_by_id(r->store, r->user.user_id, hash, now, &err);
	if (rc == WB_OK)
		rc = store_session_delete_others(r->store, r->user.user_id, r->token_hash, &err);
	if (rc != WB_OK) {
		store_rollback_all(r->store);
		request_fail(r, rc, "");
		return;
	}
	request_reply(r, 204, NULL);
	request_audit_commit(r);
}
