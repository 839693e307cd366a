/* Validation of request bodies and query arguments against the route's
 * declarations. */
#ifndef WB_HTTP_VALIDATE_H
#define WB_HTTP_VALIDATE_H

#include <stdint.h>

#include "http/route.h"

/* Parses r->body into r->json and checks it against fields: an object, no
 * undeclared or duplicate keys, each value of its declared type and size,
 * required fields present.  On failure sets a 400 reply and returns false. */
bool validate_body(struct request *r, const struct field *fields);

/* What query_arg_check found wrong: code is "unknown_query" or
 * "invalid_query", why a Chinese message for the user. */
struct query_problem {
	const char *code;
	char why[256];
};

/* Checks one query argument (value NULL or "" counts as absent) against the
 * declared params (NULL: none); seen has bit i set once params[i] was given
 * and refuses it a second time.  False with *problem set when it is refused. */
bool query_arg_check(const struct query_param *params, const char *key, const char *value,
		     uint64_t *seen, struct query_problem *problem);

/* Checks every query argument of the request against params, and that the
 * required ones are there.  On failure sets a 400 reply naming the
 * parameter in error.field and returns false. */
bool validate_query(struct request *r, const struct query_param *params);

#endif
