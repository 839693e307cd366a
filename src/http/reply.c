/* Reply helpers shared by the dispatcher and the handlers. */
#include "http/request.h"
#include "http/route.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/org.h"
#include "util/log.h"

bool
request_has(const struct request *r, enum permission p)
{
	return r->authed && (unsigned)p < PERM__MAX && (r->perms & (1u << p)) != 0;
}

const char *
request_arg(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
request_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void
request_reply(struct request *r, unsigned status, json_t *body)
{
	free(r->raw);           /* an error after an export replaces the file */
	r->raw = NULL;
	r->raw_type[0] = '\0';
	json_decref(r->reply);
	r->status = status;
	r->reply = body;
}

void
request_field_error(struct request *r, unsigned status, const char *code, const char *field,
		    const char *message)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);

	if (field)
		json_object_set_new(e, "field", json_string(field));
	request_reply(r, status, json_pack("{s:o}", "error", e));
}

void
request_error(struct request *r, unsigned status, const char *code, const char *message)
{
	request_field_error(r, status, code, NULL, message);
}

void
request_fail(struct request *r, enum wb_status rc, const char *message)
{
	bool given = message && *message;

	switch (rc) {
	case WB_ERR_INVALID:
		request_error(r, 400, "invalid", given ? message : "请求内容不正确");
		break;
	case WB_ERR_NOTFOUND:
		request_error(r, 404, "not_found", given ? message : "请求的资源不存在");
		break;
	case WB_ERR_CONFLICT:
		request_error(r, 409, "conflict", given ? message : "与已有数据冲突");
		break;
	case WB_ERR_DENIED:
		request_error(r, 403, "forbidden", given ? message : "没有权限执行此操作");
		break;
	case WB_ERR_RULE:
		request_error(r, 422, "rule_violation", given ? message : "操作不符合业务规则");
		break;
	case WB_ERR_BUSY:
		request_error(r, 503, "db_busy", "系统繁忙，请稍后再试");
		break;
	case WB_ERR_UNAVAILABLE:
		request_error(r, 503, "db_unavailable", "数据库暂不可用，请稍后再试；如刚才提交了数据，请刷新后确认是否已保存");
		break;
	default:
		/* the route pattern, not the raw path: nothing from the client in the log */
		log_json(WB_LOG_ERROR, "request.failed",
			 json_pack("{s:s, s:o, s:o, s:s}", "request_id", r->request_id, "method",
				   log_text(r->method), "route",
				   r->route ? json_string(r->route->pattern) : json_null(),
				   "error", wb_status_name(rc)));
		request_error(r, 500, "internal", "服务器内部错误，请稍后再试");
		break;
	}
}

void
request_fail_err(struct request *r, const struct wb_err *err)
{
	static const struct { enum wb_status status; unsigned http; const char *code; } shown[] = {
		{ WB_ERR_INVALID, 400, "invalid" },   { WB_ERR_NOTFOUND, 404, "not_found" },
		{ WB_ERR_CONFLICT, 409, "conflict" }, { WB_ERR_DENIED, 403, "forbidden" },
		{ WB_ERR_RULE, 422, "rule_violation" }, { WB_ERR_TOO_LARGE, 413, "too_large" },
	};

	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		if (shown[i].status == err->status) {
			request_field_error(r, shown[i].http, err->code[0] ? err->code : shown[i].code,
					    err->field[0] ? err->field : NULL,
					    err->msg[0] ? err->msg : "请求未能完成");
			return;
		}
	request_fail(r, err->status, "");
}

void
request_reply_raw(struct request *r, void *data, size_t len, const char *type,
		  const char *filename)
{
	json_decref(r->reply);
	r->reply = NULL;
	free(r->raw);
	r->status = 200;
	r->raw = data;
	r->raw_len = len;
	snprintf(r->raw_type, sizeof(r->raw_type), "%s", type);
	snprintf(r->raw_filename, sizeof(r->raw_filename), "%s", filename ? filename : "");
}

void
request_audit_detail(struct request *r, const char *fmt, ...)
{
	va_list ap;

	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	store_copy_text(r->audit_detail, sizeof(r->audit_detail), buf);
}
