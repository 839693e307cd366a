#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

/* Fills e (when not NULL) with status, field and code ("" for none) and the
 * formatted message; returns status. */
static enum wb_status __attribute__((format(printf, 5, 0)))
set(struct wb_err *e, enum wb_status status, const char *field, const char *code,
    const char *fmt, va_list ap)
{
	if (e == NULL)
		return status;
	e->status = status;
	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->code, sizeof(e->code), "%s", code);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return status;
}

enum wb_status
wb_err_set(struct wb_err *e, enum wb_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = set(e, status, "", "", fmt, ap);
	va_end(ap);
	return status;
}

enum wb_status
wb_err_field(struct wb_err *e, enum wb_status status, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = set(e, status, field, "", fmt, ap);
	va_end(ap);
	return status;
}

enum wb_status
wb_err_code(struct wb_err *e, enum wb_status status, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = set(e, status, "", code, fmt, ap);
	va_end(ap);
	return status;
}

const char *
wb_status_name(enum wb_status s)
{
	static const char *const names[] = {
		[WB_OK] = "ok",
		[WB_ERR_INVALID] = "invalid",
		[WB_ERR_NOTFOUND] = "not found",
		[WB_ERR_CONFLICT] = "conflict",
		[WB_ERR_IO] = "i/o error",
		[WB_ERR_DB] = "database error",
		[WB_ERR_NOT_WEIBAO] = "not a weibao database",
		[WB_ERR_SCHEMA_NEWER] = "schema newer than program",
		[WB_ERR_SCHEMA_OLDER] = "schema needs migration",
		[WB_ERR_NOMEM] = "out of memory",
		[WB_ERR_DENIED] = "denied",
		[WB_ERR_RULE] = "rule violation",
		[WB_ERR_BUSY] = "database busy",
		[WB_ERR_UNAVAILABLE] = "database unavailable",
		[WB_ERR_TOO_LARGE] = "too large",
	};
	if ((unsigned)s < sizeof(names) / sizeof(names[0]) && names[s])
		return names[s];
	return "unknown";
}

enum wb_status
wb_err_name_field(struct wb_err *e, const char *field)
{
	if (e == NULL)
		return WB_ERR_INVALID;
	snprintf(e->field, sizeof(e->field), "%s", field);
	return e->status;
}
