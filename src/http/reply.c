/* Reply helpers shared by the dispatcher and the handlers. */
#include "http/request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	switch (rc) {
	case WB_ERR_INVALID:
		request_error(r, 400, "invalid", message);
		break;
	case WB_ERR_NOTFOUND:
		request_error(r, 404, "not_found", message);
		break;
	case WB_ERR_CONFLICT:
		request_error(r, 409, "conflict", message);
		break;
	case WB_ERR_DENIED:
		request_error(r, 403, "forbidden", message);
		break;
	default:
		fprintf(stderr, "weibao: %s %s: %s\n", r->method, r->path, wb_status_name(rc));
		request_error(r, 500, "internal", "服务器内部错误，请稍后再试");
		break;
	}
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
	r->raw_type = type;
	snprintf(r->raw_filename, sizeof(r->raw_filename), "%s", filename ? filename : "");
}

void
request_audit_detail(struct request *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->audit_detail, sizeof(r->audit_detail), fmt, ap);
	va_end(ap);
}
