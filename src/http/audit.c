/*
 * The audit side of the choke point: every write and its audit event commit
 * together or not at all, and every refusal leaves an event — at most
 * `audit_refusal_limit` per client address and minute, so that a flood cannot
 * fill the disk (what is left out is counted in one summary event).
 */
#include "http/audit.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "app/clock.h"
#include "http/route.h"
#include "sec/throttle.h"
#include "store/audit.h"
#include "util/log.h"
#include "util/metrics.h"

#define REFUSAL_WINDOW 60

/* Refusals left out since the last summary, in this process. */
static atomic_llong suppressed;

/* The audit outcome of a reply status. */
static const char *
outcome_of(unsigned status)
{
	if (status < 400)
		return "ok";
	switch (status) {
	case 401: return "unauthenticated";
	case 403: return "denied";
	case 404: return "not_found";
	case 409: return "conflict";
	case 413: return "too_large";
	case 423: return "locked";
	case 429: return "throttled";
	default: return status < 500 ? "invalid" : "error";
	}
}

/* Appends the request's event to the open transaction (or in its own). */
static enum wb_status
append(struct request *r, struct wb_err *err)
{
	struct audit_event ev = { 0 };

	ev.at = wb_now();
	ev.user_id = r->authed ? r->user.user_id : r->audit_user_id;
	ev.login = r->authed ? r->user.login : (r->audit_login[0] ? r->audit_login : NULL);
	ev.client_addr = r->client_addr;
	ev.action = r->route ? r->route->action : "http.refused";
	ev.object_type = r->route ? r->route->object_type : NULL;
	ev.object_id = r->audit_object_id[0] ? r->audit_object_id
					     : (r->params[0][0] ? r->params[0] : NULL);
	ev.outcome = outcome_of(r->status);
	ev.detail = r->audit_detail[0] ? r->audit_detail : NULL;
	return store_audit_append(r->store, r->keys, &ev, err);
}

/* Writes the summary of refusals left out, if any; in the caller's
 * transaction when one is open. */
static void
append_summary(struct request *r)
{
	long long n = atomic_exchange(&suppressed, 0);
	struct audit_event ev = { 0 };
	struct wb_err err = { 0 };
	char detail[160];

	if (n <= 0)
		return;
	snprintf(detail, sizeof(detail), "超出单个地址频率限制的拒绝请求 %lld 次，未逐条记录", n);
	ev.at = wb_now();
	ev.client_addr = "local";
	ev.action = "audit.suppressed";
	ev.outcome = "ok";
	ev.detail = detail;
	if (store_audit_append(r->store, r->keys, &ev, &err) != WB_OK)
		atomic_fetch_add(&suppressed, n);
}

/* True when this refusal gets an event of its own (within the address's
 * rate); otherwise counts it for the summary. */
static bool
admit_refusal(const struct request *r)
{
	int limit = r->ctx->config.audit_refusal_limit;
	int64_t now = wb_now();

	if (limit > 0 && !throttle_blocked(r->client_addr, now, REFUSAL_WINDOW, limit)) {
		throttle_fail(r->client_addr, now, REFUSAL_WINDOW);
		return true;
	}
	atomic_fetch_add(&suppressed, 1);
	metrics_audit_suppressed(1);
	return false;
}

bool
request_audit_commit(struct request *r)
{
	struct wb_err err = { 0 };
	enum wb_status rc = WB_OK;

	r->audited = true;
	if (r->status < 400 || admit_refusal(r)) {
		append_summary(r);
		rc = append(r, &err);
	}
	if (rc == WB_OK)
		rc = store_commit(r->store, &err);
	if (rc != WB_OK) {
		log_json(WB_LOG_ERROR, "audit.failed",
			 json_pack("{s:s, s:o, s:o, s:s}", "request_id", r->request_id, "method",
				   log_text(r->method), "route",
				   r->route ? json_string(r->route->pattern) : json_null(),
				   "error", wb_status_name(rc)));
		store_rollback_all(r->store);
		if (rc == WB_ERR_BUSY || rc == WB_ERR_UNAVAILABLE)
			request_fail(r, rc, "");
		else
			request_error(r, 500, "audit_failed", "审计日志写入失败，操作未生效");
		return false;
	}
	return true;
}

void
request_audit_refusal(struct request *r)
{
	struct wb_err err = { 0 };

	if (r->audited || r->store == NULL || (!r->audit_every_refusal && !admit_refusal(r)))
		return;
	r->audited = true;
	if (store_in_transaction(r->store))
		store_rollback_all(r->store);
	if (store_begin(r->store, &err) != WB_OK)
		return;
	append_summary(r);
	if (append(r, &err) != WB_OK || store_commit(r->store, &err) != WB_OK) {
		store_rollback_all(r->store);
		log_json(WB_LOG_ERROR, "audit.failed",
			 json_pack("{s:s, s:s, s:s}", "request_id", r->request_id, "msg",
				   "cannot audit a refused request", "error",
				   wb_status_name(err.status)));
	}
}
