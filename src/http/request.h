/* One HTTP request as handlers see it, and the JSON replies they give. */
#ifndef WB_HTTP_REQUEST_H
#define WB_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct MHD_Connection;

struct request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	char *body;            /* NUL-terminated, owned by the request */
	size_t body_len;
	bool body_too_large;
	struct store *store;   /* this worker thread's connection */
	/* the reply */
	unsigned status;
	json_t *reply;         /* owned; NULL for an empty body */
};

/* Sets the reply to the JSON object (taking over the reference). */
void request_reply(struct request *r, unsigned status, json_t *body);

/* Sets the reply to {"error":{"code":…,"message":…}}. */
void request_error(struct request *r, unsigned status, const char *code, const char *message);

#endif
