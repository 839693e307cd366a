/* Matching a request's method and path against a route table. */
#include "http/route.h"

#include <string.h>

/* Matches path against pattern segment by segment; {x} takes one segment. */
static bool
match(const char *pattern, const char *path, struct request *r)
{
	int param = 0;

	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *end = strchr(pattern, '}');
			size_t n = strcspn(path, "/");
			if (end == NULL || n == 0 || n >= sizeof(r->params[0]) ||
			    param >= ROUTE_MAX_PARAMS)
				return false;
			memcpy(r->params[param], path, n);
			r->params[param][n] = '\0';
			param++;
			pattern = end + 1;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *
route_find(const struct route *routes, size_t n, const char *method, const char *path,
	   struct request *r, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < n; i++) {
		memset(r->params, 0, sizeof(r->params));
		if (!match(routes[i].pattern, path, r))
			continue;
		*path_known = true;
		/* HEAD is GET without the body (libmicrohttpd leaves it out) */
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return &routes[i];
	}
	memset(r->params, 0, sizeof(r->params));
	return NULL;
}

