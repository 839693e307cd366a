#include "http/auth.h"

#include <microhttpd.h>
#include <string.h>

#include "app/clock.h"
#include "sec/token.h"

/* A session's last_seen_at is written at most this often (seconds), so that
 * reads do not each cost a write. */
#define TOUCH_INTERVAL 60

uint32_t
auth_permission_bits(const char *codes)
{
	uint32_t bits = 0;
	char code[32];

	while (*codes) {
		size_t n = strcspn(codes, ",");
		if (n < sizeof(code)) {
			memcpy(code, codes, n);
			code[n] = '\0';
			enum permission p = permission_parse(code);
			if (p != PERM__MAX)
				bits |= 1u << p;
		}
		codes += n + (codes[n] == ',');
	}
	return bits;
}

void
auth_set_grants(struct request *r)
{
	r->perms = auth_permission_bits(r->user.permissions);
	r->totp_setup_required = (r->perms & r->ctx->config.totp_required_perms) != 0 &&
				 !r->user.totp_enabled;
}

bool
auth_session(struct request *r)
{
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	int64_t now = wb_now();
	int64_t idle = (int64_t)r->ctx->config.session_idle_minutes * 60;
	struct wb_err err = { 0 };
	enum wb_status rc;

	if (cookie == NULL || *cookie == '\0' || strlen(cookie) > 128) {
		request_error(r, 401, "unauthenticated", "请先登录");
		return false;
	}
	token_hash(r->keys, cookie, r->token_hash);
	rc = store_session_get(r->store, r->token_hash, &r->user, &err);
	if (rc == WB_ERR_NOTFOUND) {
		request_error(r, 401, "unauthenticated", "请先登录");
		return false;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	if (now > r->user.expires_at || now - r->user.last_seen_at > idle) {
		store_session_delete(r->store, r->token_hash, &err);
		request_error(r, 401, "session_expired", "登录已过期，请重新登录");
		return false;
	}
	if (strcmp(r->user.status, "active") != 0) {
		store_session_delete(r->store, r->token_hash, &err);
		request_error(r, 401, "unauthenticated", "账号已停用");
		return false;
	}
	auth_set_grants(r);
	if (now - r->user.last_seen_at >= TOUCH_INTERVAL)
		rc = store_session_touch(r->store, r->token_hash, now, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	r->authed = true;
	return true;
}
