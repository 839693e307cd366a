#include "http/routes.h"

#include <string.h>

#include "api/api.h"

static const struct route routes[] = {
	{ "GET", "/healthz", api_healthz },
};

const struct route *
route_find(const char *method, const char *path, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(routes[i].path, path) != 0)
			continue;
		*path_known = true;
		if (strcmp(routes[i].method, method) == 0)
			return &routes[i];
	}
	return NULL;
}
