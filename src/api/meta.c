/* GET /api/v1/meta: the labels of every code (for the UI) and the route
 * table with each route's permission and scope rule (for the access report
 * and the scope tests). */
#include "api/api.h"

#include "api/labels.h"
#include "http/route.h"

void
api_meta(struct request *r)
{
	json_t *routes = json_array();
	size_t n;
	const struct route *t = api_routes(&n);

	for (size_t i = 0; i < n; i++) {
		const struct permission_info *p = permission_info(t[i].perm);
		json_array_append_new(routes, json_pack("{s:s, s:s, s:s?, s:s, s:b, s:s}", "method",
							t[i].method, "path", t[i].pattern, "permission",
							p ? p->code : NULL, "scope",
							scope_rule_code(t[i].scope), "public",
							(t[i].flags & ROUTE_PUBLIC) != 0, "action",
							t[i].action));
	}
	request_reply(r, 200, json_pack("{s:o, s:o}", "labels", labels_json(), "routes", routes));
}
