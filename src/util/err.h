/* Status codes and the error context every layer below main() reports into. */
#ifndef WB_UTIL_ERR_H
#define WB_UTIL_ERR_H

#include <stddef.h>

enum wb_status {
	WB_OK = 0,
	WB_ERR_INVALID,       /* bad input from the caller or a file */
	WB_ERR_NOTFOUND,
	WB_ERR_CONFLICT,      /* unique or foreign-key violation, already exists */
	WB_ERR_IO,            /* file system */
	WB_ERR_DB,            /* database failure not caused by input */
	WB_ERR_NOT_WEIBAO,    /* file or database that is not a weibao database */
	WB_ERR_SCHEMA_NEWER,  /* database written by a newer weibao */
	WB_ERR_SCHEMA_OLDER,  /* database needs `weibao migrate` */
	WB_ERR_NOMEM,
	WB_ERR_DENIED,
	WB_ERR_RULE,          /* well-formed input that a domain rule refuses (422) */
	WB_ERR_BUSY,          /* the database stayed locked by others too long (503) */
	WB_ERR_UNAVAILABLE,   /* the database cannot be reached, or a write's fate is
				 unknown after the connection broke (503) */
	WB_ERR_TOO_LARGE      /* over a size limit or quota (413) */
};

/* One message, written by the innermost layer that knows what went wrong. */
struct wb_err {
	enum wb_status status;
	char msg[512];
	char field[32];   /* the input field a rule failed on, or "" */
	char code[32];    /* a machine-readable reason for API replies ("wrong_status"), or "" */
};

/* Records status and a printf-style message in e (if e is not NULL); returns status. */
enum wb_status wb_err_set(struct wb_err *e, enum wb_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, naming the input field the rule is about (for API replies). */
enum wb_status wb_err_field(struct wb_err *e, enum wb_status status, const char *field,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The same with a reason code for API replies (e.g. "not_your_task"). */
enum wb_status wb_err_code(struct wb_err *e, enum wb_status status, const char *code,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Names the field of an error already set (keeps its status and message). */
enum wb_status wb_err_name_field(struct wb_err *e, const char *field);

/* Short English name of a status, for logs. */
const char *wb_status_name(enum wb_status s);

#endif
