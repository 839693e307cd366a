/* Validation of request bodies against the route's declared fields. */
#ifndef WB_HTTP_VALIDATE_H
#define WB_HTTP_VALIDATE_H

#include "http/route.h"

/* Parses r->body into r->json and checks it against fields: an object, no
 * undeclared or duplicate keys, each value of its declared type and size,
 * required fields present.  On failure sets a 400 reply and returns false. */
bool validate_body(struct request *r, const struct field *fields);

#endif
