/* GET /api/v1/meta: the labels of every code (for the UI), the route table
 * with each route's permission and scope rule (for the access report and the
 * scope tests), and the configured rules the forms follow (case_rules: the
 * situations that make a report urgent, case_urgent_situations). */
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
		json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:b, s:s}", "method", t[i].method, "path",
				      t[i].pattern, "permission", p ? p->code : NULL, "scope",
				      scope_rule_code(t[i].scope), "public",
				      (t[i].flags & ROUTE_PUBLIC) != 0, "action", t[i].action);

		if (t[i].also)
			json_object_set_new(o, "also", route_also_codes(&t[i]));
		json_array_append_new(routes, o);
	}
	json_t *urgent = json_array();

	for (int k = 1; k <= 9; k++)
		if (r->ctx->config.cases.urgent_situations & (1u << k))
			json_array_append_new(urgent, json_integer(k));
	request_reply(r, 200, json_pack("{s:o, s:o, s:{s:o}}", "labels", labels_json(), "routes",
					routes, "case_rules", "urgent_situations", urgent));
}
