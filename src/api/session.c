/* Sign-in (with its second factor), sign-out, the signed-in user, changing
 * one's own password, and one's own two-factor sign-in (TOTP). */
#include "api/api.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "app/clock.h"
#include "app/totp.h"
#include "app/users.h"
#include "http/audit.h"
#include "http/auth.h"
#include "sec/password.h"
#include "sec/token.h"
#include "store/org.h"
#include "store/totp.h"
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
	if (r->user.scope_institution > 0)
		json_object_set_new_nocheck(json_object_get(me, "scope"), "institution_id",
					    json_integer(r->user.scope_institution));
	json_object_set_new_nocheck(me, "roles", roles);
	json_object_set_new_nocheck(me, "permissions", perms);
	json_object_set_new_nocheck(me, "csrf_token", json_string_nocheck(r->user.csrf_token));
	/* required: the user's permissions call for it (totp_required_permissions);
	 * while it is required and not enabled, the session reaches only the set-up */
	json_object_set_new_nocheck(me, "totp", json_pack("{s:b, s:b}", "enabled",
							  r->user.totp_enabled, "required",
							  app_totp_required(&r->ctx->config, r->perms)));
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
		request_audit_detail(r, "账号已锁定");
		return false;
	}
	if (account > c->login_account_limit) {
		*rc = store_auth_lock(r->store, a->id, now + window, err);
		request_audit_detail(r, "账号已锁定：所有地址共失败 %lld 次", (long long)(account - 1));
		return false;
	}
	if (pair > c->lockout_failures) {
		request_audit_detail(r, "此地址已锁定：失败 %lld 次", (long long)(pair - 1));
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
	token_hash(r->keys, token, r->token_hash);
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
	auth_set_grants(r);
	if (r->totp_setup_required)
		request_audit_detail(r, "%s%s须先启用两步验证才能使用其他功能", r->audit_detail,
				     r->audit_detail[0] ? "；" : "");
	request_reply(r, 200, json_pack("{s:s, s:o}", "csrf_token", csrf, "user", me_json(r)));
	if (!request_audit_commit(r))
		return;     /* nothing was written: no session, no cookie */
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "wb_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 c->session_max_hours * 3600, c->cookie_secure ? "; Secure" : "");
}

/* Takes back one attempt on every key (the password was right, but a second
 * factor is still to come): unlike a success, it lifts nothing that wrong
 * codes counted. */
static enum wb_status
signin_uncount_attempt(struct request *r, const struct signin_keys *k, struct wb_err *err)
{
	enum wb_status rc = store_signin_uncount(r->store, k->addr, err);

	if (rc == WB_OK)
		rc = store_signin_uncount(r->store, k->account, err);
	if (rc == WB_OK)
		rc = store_signin_uncount(r->store, k->pair, err);
	return rc;
}

/*
 * The second step of a sign-in whose password was right, for a user with
 * TOTP enabled.  True when the one-time code or the recovery code is right
 * (it is used up now).  False with the reply set: 401 otp_required when
 * neither was given (the attempt is taken back: a right password is no
 * failure), 401 otp_invalid for a wrong or used one (it stays counted, like
 * a wrong password), or a failure of the store.
 */
static bool
second_factor(struct request *r, int64_t user_id, const struct signin_keys *k, const char *otp,
	      const char *recovery)
{
	struct wb_err err = { 0 };
	enum totp_result result;
	int64_t left = -1;
	enum wb_status rc;

	if (otp == NULL && recovery == NULL) {
		rc = signin_uncount_attempt(r, k, &err);
		if (rc != WB_OK) {
			request_fail(r, rc, "");
			return false;
		}
		request_audit_detail(r, "密码正确，需输入动态验证码");
		request_error(r, 401, "otp_required", "请输入手机身份验证器中显示的 6 位验证码");
		return false;
	}
	rc = app_totp_verify(&r->app, user_id, otp, otp ? NULL : recovery, &result, &left, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	if (result != TOTP_OK) {
		request_audit_detail(r, "%s", otp == NULL ? "恢复码错误或已使用"
					      : result == TOTP_REPLAYED ? "动态验证码已使用过（重放）"
					      : "动态验证码错误");
		request_error(r, 401, "otp_invalid", otp ? "验证码不正确或已使用，请输入验证器中最新的验证码"
							 : "恢复码不正确或已使用");
		return false;
	}
	if (otp)
		request_audit_detail(r, "第二因素：动态验证码");
	else
		request_audit_detail(r, "第二因素：恢复码（剩余 %lld 个）", (long long)left);
	return true;
}

/* False with 400 set when the body's second factor is malformed: both kinds
 * at once, or a one-time code that is not 6 digits.  Checked before anything
 * is counted: it tests no secret. */
static bool
second_factor_form(struct request *r, const char *otp, const char *otp_field, const char *recovery)
{
	if (otp && recovery) {
		request_field_error(r, 400, "invalid", "recovery_code", "验证码和恢复码只需填写一个");
		return false;
	}
	if (otp && !totp_code_format_ok(otp, TOTP_DIGITS)) {
		request_field_error(r, 400, "invalid", otp_field, "验证码应为 6 位数字");
		return false;
	}
	return true;
}

/*
 * Sign-in.  The attempt is counted first (per address, per account, per
 * account and address; in the database, so every server sees the same
 * counts), the password is checked outside any transaction, then — only
 * after the right password — the second factor of a user with TOTP enabled,
 * and a success takes its counts back.  Refusals are audited by the
 * dispatcher.
 */
void
api_session_create(struct request *r)
{
	const struct wb_config *c = &r->ctx->config;
	const char *login = body_str(r, "username"), *password = body_str(r, "password");
	const char *otp = body_str(r, "otp"), *recovery = body_str(r, "recovery_code");
	int64_t now = wb_now(), window = (int64_t)c->lockout_minutes * 60, tries = 0;
	struct wb_err err = { 0 };
	struct signin_keys k;
	struct auth_user a;
	bool totp = false;
	enum wb_status rc;

	store_copy_text(r->audit_login, sizeof(r->audit_login), login);
	if (!second_factor_form(r, otp, "otp", recovery))
		return;
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
	rc = store_totp_enabled(r->store, a.id, &totp, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (totp && !second_factor(r, a.id, &k, otp, recovery))
		return;
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

/* Records the acting user as the audit event's object. */
static void
audit_self(struct request *r)
{
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld",
		 (long long)r->user.user_id);
}

/* A new, unconfirmed TOTP secret for the signed-in user:
 * {"secret","otpauth_uri"} for the authenticator app (shown as a QR code). */
void
api_me_totp_setup(struct request *r)
{
	struct wb_err err = { 0 };
	struct totp_setup s;
	enum wb_status rc;

	audit_self(r);
	rc = app_totp_setup(&r->app, r->user.user_id, r->user.login, &s, &err);
	if (rc != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "已生成新密钥，尚未确认");
	request_reply(r, 200, json_pack("{s:s, s:s}", "secret", s.secret, "otpauth_uri", s.uri));
	sodium_memzero(&s, sizeof(s));
}

/* Confirms the secret with a code and enables it: {"enabled":true,
 * "recovery_codes":[…]} — the recovery codes exist in clear only here. */
void
api_me_totp_enable(struct request *r)
{
	char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_TEXT_SIZE];
	struct wb_err err = { 0 };
	enum wb_status rc;
	json_t *list;

	audit_self(r);
	if (!second_factor_form(r, body_str(r, "code"), "code", NULL))
		return;
	rc = app_totp_enable(&r->app, r->user.user_id, body_str(r, "code"), codes, &err);
	if (rc != WB_OK) {
		if (strcmp(err.code, "otp_invalid") == 0)
			request_audit_detail(r, "确认时动态验证码错误");
		request_fail_err(r, &err);
		return;
	}
	list = json_array();
	for (int i = 0; i < TOTP_RECOVERY_COUNT; i++)
		json_array_append_new(list, json_string(codes[i]));
	sodium_memzero(codes, sizeof(codes));
	request_audit_detail(r, "已启用两步验证，发放恢复码 %d 个", TOTP_RECOVERY_COUNT);
	request_reply(r, 200, json_pack("{s:b, s:o}", "enabled", 1, "recovery_codes", list));
}

/*
 * Turns one's own TOTP off: the password and a one-time or recovery code,
 * checked like a sign-in (the same counters, so a stolen session cannot
 * guess them; past the limit the session ends).  Refused for users whose
 * permissions require TOTP (an administrator resets it for them instead).
 */
void
api_me_totp_disable(struct request *r)
{
	const char *password = body_str(r, "password"), *code = body_str(r, "code");
	const char *recovery = body_str(r, "recovery_code");
	int64_t now = wb_now();
	struct wb_err err = { 0 };
	enum totp_result result;
	struct signin_keys k;
	struct auth_user a;
	enum wb_status rc;

	audit_self(r);
	if (app_totp_required(&r->ctx->config, r->perms)) {
		request_error(r, 403, "totp_required",
			      "您的账号权限要求启用两步验证，不能停用；如更换手机，请联系管理员重置");
		return;
	}
	if (code == NULL && recovery == NULL) {
		request_field_error(r, 400, "missing_field", "code", "请填写验证码或恢复码");
		return;
	}
	if (!second_factor_form(r, code, "code", recovery))
		return;
	if (!r->user.totp_enabled) {
		request_error(r, 409, "totp_not_enabled", "尚未启用两步验证");
		return;
	}
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
		request_error(r, 401, "session_ended", "密码或验证码错误次数过多，已退出登录，请稍后重新登录");
		return;
	}
	if (!password_verify(password, a.password_hash)) {
		request_audit_detail(r, "密码错误");
		request_field_error(r, 400, "wrong_password", "password", "密码不正确");
		return;
	}
	rc = app_totp_verify(&r->app, a.id, code, code ? NULL : recovery, &result, NULL, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	if (result != TOTP_OK) {
		request_audit_detail(r, "%s", code ? "动态验证码错误或已使用" : "恢复码错误或已使用");
		request_field_error(r, 400, "otp_invalid", code ? "code" : "recovery_code",
				    code ? "验证码不正确或已使用" : "恢复码不正确或已使用");
		return;
	}
	rc = store_signin_clear(r->store, k.pair, &err);
	if (rc == WB_OK)
		rc = store_signin_uncount(r->store, k.account, &err);
	if (rc == WB_OK)
		rc = store_begin(r->store, &err);
	if (rc == WB_OK)
		rc = app_totp_reset(&r->app, r->user.user_id, &err);
	if (rc != WB_OK) {
		store_rollback_all(r->store);
		request_fail(r, rc, "");
		return;
	}
	request_audit_detail(r, "已停用两步验证（以%s确认）", code ? "动态验证码" : "恢复码");
	request_reply(r, 204, NULL);
	request_audit_commit(r);
}
