/*
 * What a route is: method, path, permission, scope rule, body schema, query
 * parameters, handler, audit action.  The table itself belongs to the API (src/api/
 * routes.c) and is handed to the server in struct http_ctx.
 */
#ifndef WB_HTTP_ROUTE_H
#define WB_HTTP_ROUTE_H

#include "http/request.h"
#include "sec/scope.h"

typedef void (*route_handler)(struct request *r);

enum field_type { FIELD_STRING, FIELD_INT, FIELD_BOOL, FIELD_STRING_ARRAY,
		  FIELD_OBJECT_ARRAY, /* objects the handler checks; max limits the count */
		  FIELD_ID_ARRAY,     /* 1 to max distinct positive record ids */
		  FIELD_OBJECT        /* a JSON object the handler checks; max limits its keys */ };

/* One declared body field.  Undeclared fields are refused by the dispatcher. */
struct field {
	const char *name;
	enum field_type type;
	bool required;
	unsigned max;     /* characters of a string, items of an array, or the largest int */
};

enum query_type {
	QUERY_STRING,   /* text of at most max characters */
	QUERY_INT,      /* a decimal whole number in [min, max] */
	QUERY_ID,       /* a record's id: a canonical positive decimal number */
	QUERY_ENUM,     /* one of values */
	QUERY_DATE,     /* a real calendar day, YYYY-MM-DD */
};

/*
 * One declared query parameter.  The dispatcher refuses a parameter that is
 * not declared (400 unknown_query), given twice, or not of its type (400
 * invalid_query); an empty value counts as absent, as handlers read it.
 * Handlers still check what the type cannot say (and give their own message).
 */
struct query_param {
	const char *name;
	enum query_type type;
	bool required;
	long long min, max;         /* QUERY_INT: the range; QUERY_STRING: max characters */
	const char *const *values;  /* QUERY_ENUM: the allowed values, NULL-terminated */
	const char *title;          /* what it is, in Chinese (messages, the OpenAPI document) */
};

enum route_flags {
	ROUTE_PUBLIC = 1,     /* no session needed (health, sign-in) */
	ROUTE_AUDIT = 2,      /* audit even though it is a GET (reveals, exports) */
	ROUTE_NO_CSRF = 4,    /* state-changing but reached before a session exists */
	ROUTE_RAW_BODY = 16,  /* a file upload: the body is the file, typed by Content-Type */
	ROUTE_OWN_TX = 8,     /* the handler makes its own (short) transactions and is
				 audited after them, whatever its outcome (sign-in: the
				 slow password check must not hold the write lock, and a
				 failure's counters must stay) */
	ROUTE_BEFORE_TOTP = 32, /* reachable by a session that must still set up
				   two-factor sign-in (r->totp_setup_required): the user
				   itself, signing out, labels and the set-up; every other
				   route answers 403 totp_setup_required */
};

#define PERM_SIGNED_IN PERM__MAX   /* any signed-in user */

struct route {
	const char *method;
	const char *pattern;          /* "/api/v1/users/{id}" */
	enum permission perm;
	unsigned also;                /* admitted too: a holder of any of these (bits of enum
					 permission) without perm; 0 for none */
	enum scope_rule scope;        /* the records it touches: the choke point scopes them */
	unsigned flags;
	const struct field *fields;   /* NULL: no body; terminated by a NULL name */
	const struct query_param *query; /* NULL: no query parameters; terminated by a NULL name */
	const char *action;           /* audit action, e.g. "user.create" */
	const char *object_type;      /* audit object type, e.g. "user" */
	route_handler handler;
};

/*
 * Finds the route of table[0..n) for method and path (HEAD finds GET's) and
 * fills r->params with the path's captures.  NULL when none; *path_known then
 * says whether the path exists with another method (405 rather than 404).
 */
const struct route *route_find(const struct route *table, size_t n, const char *method,
			       const char *path, struct request *r, bool *path_known);

#endif
