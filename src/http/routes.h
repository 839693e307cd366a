/* The one table of routes: method, path, handler. */
#ifndef WB_HTTP_ROUTES_H
#define WB_HTTP_ROUTES_H

#include "http/request.h"

typedef void (*route_handler)(struct request *r);

struct route {
	const char *method;
	const char *path;
	route_handler handler;
};

/* The route for method and path, or NULL; *path_known tells whether the
 * path exists with another method (405 rather than 404). */
const struct route *route_find(const char *method, const char *path, bool *path_known);

#endif
