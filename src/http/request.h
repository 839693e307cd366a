/* One HTTP request as the choke point and the handlers see it. */
#ifndef WB_HTTP_REQUEST_H
#define WB_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"
#include "app/ctx.h"
#include "sec/scope.h"
#include "sec/keyfile.h"
#include "sec/keyring.h"
#include "sec/permissions.h"
#include "store/sessions.h"
#include "store/store.h"

struct MHD_Connection;
struct route;
struct arena;

/* What every request of one server shares (read-only while serving). */
struct http_ctx {
	struct wb_config config;
	struct keyring *keyring;      /* the key file, reloaded when rotated */
	const char *db_url;
	const char *tmp_dir;          /* DATA/tmp (0700): scratch files such as exports */
	const struct route *routes;   /* the API's table (src/api/routes.c) */
	size_t nroutes;
};

#define ROUTE_MAX_PARAMS 2

struct request {
	const struct http_ctx *ctx;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	char client_addr[64];
	char request_id[65];    /* X-Request-Id: the client's when well-formed, else 16 random
				   hex digits; in the reply's header and the log line */
	int64_t started_us;     /* CLOCK_MONOTONIC when the head had arrived */
	size_t reply_bytes;     /* the reply body's length, for the log */
	bool api;               /* went through the choke point: logged and counted when done */
	char *body;             /* NUL-terminated, owned by the request */
	size_t body_len;
	bool body_too_large;
	struct store *store;    /* this worker thread's connection */
	struct arena *arena;    /* freed (reset) when the response has been sent */
	const struct keyset *keys;  /* the keys current when the request began */
	const struct route *route;
	char params[ROUTE_MAX_PARAMS][64];  /* path captures, in order */
	json_t *json;           /* the validated body object, or NULL */

	/* the signed-in user (when authed) */
	bool authed;
	struct session_user user;
	char token_hash[72];
	uint32_t perms;         /* bit (1 << enum permission) per permission held */
	bool totp_setup_required; /* the user holds a permission that requires two-factor
				     sign-in and has not enabled it: only routes flagged
				     ROUTE_BEFORE_TOTP are open (see auth.h) */

	/* built by the choke point from the user and the route's scope rule;
	 * handlers call the service layer with `app` (whose scope is `scope`) */
	struct scope scope;
	struct app_ctx app;

	/* what the audit event records, set by handlers where the route's
	 * defaults are not enough */
	char audit_object_id[64];
	char audit_detail[256];
	char audit_login[64];   /* sign-in: the login tried */
	int64_t audit_user_id;
	bool audited;           /* the request's event is written (see http/audit.h) */
	bool audit_every_refusal; /* a refusal gets its own event even over the
				     address's rate (a refused reveal of personal data) */

	/* the reply: JSON, or raw bytes (exports) */
	unsigned status;
	json_t *reply;
	void *raw;              /* malloc'd, freed with the request */
	size_t raw_len;
	char raw_type[128];     /* its Content-Type ("" for a JSON reply) */
	char raw_filename[256]; /* UTF-8 file name for Content-Disposition */
	char set_cookie[256];
};

bool request_has(const struct request *r, enum permission p);

/* A query-string argument, or NULL. */
const char *request_arg(struct request *r, const char *name);

/* A request header, or NULL. */
const char *request_header(struct request *r, const char *name);

/* Sets the reply to the JSON value (taking over the reference). */
void request_reply(struct request *r, unsigned status, json_t *body);

/* Sets the reply to {"error":{"code":…,"message":…}} (plus "field" when not NULL). */
void request_error(struct request *r, unsigned status, const char *code, const char *message);
void request_field_error(struct request *r, unsigned status, const char *code, const char *field,
			 const char *message);

/* Maps a status from the layers below to an error reply: INVALID 400,
 * NOTFOUND 404, CONFLICT 409, DENIED 403, anything else 500 (logged). */
void request_fail(struct request *r, enum wb_status rc, const char *message);

/* Maps an error of the layers below to its reply: err->code (or the
 * status's own code), err->field and err->msg, which the app layer writes in
 * Chinese for the user; a database or system failure shows only a generic
 * message (503 or 500) and is logged. */
void request_fail_err(struct request *r, const struct wb_err *err);

/* Sets the audit event's detail (cut to fit; no personal data in it). */
void request_audit_detail(struct request *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets a raw reply the request frees (data must be malloc'd). */
void request_reply_raw(struct request *r, void *data, size_t len, const char *type,
		       const char *filename);

#endif
