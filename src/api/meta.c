/* GET /api/v1/meta: the labels of every code (for the UI), the configured
 * kinds of a case's measures (case_measure_kinds, in their order: the UI's
 * 分派措施 offers them), the route table with each route's permission and
 * scope rule (for the access report and the scope tests), and the configured
 * rules the forms follow (case_rules: the situations that make a report
 * urgent, case_urgent_situations). */
#include "api/api.h"

#include <string.h>

#include "api/labels.h"
#include "http/route.h"

void
api_meta(struct request *r)
{
	json_t *routes = json_array(), *kinds = json_array(), *urgent = json_array();
	const char *k = r->ctx->config.case_measure_kinds;
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
	/* "a,b,c" (config.c checked it: no empty or repeated name) */
	while (*k) {
		size_t len = strcspn(k, ",");

		json_array_append_new(kinds, json_stringn(k, len));
		k += len + (k[len] == ',');
	}
	for (int sit = 1; sit <= 9; sit++)
		if (r->ctx->config.cases.urgent_situations & (1u << sit))
			json_array_append_new(urgent, json_integer(sit));
	request_reply(r, 200, json_pack("{s:o, s:o, s:o, s:{s:o}}", "labels", labels_json(),
					"measure_kinds", kinds, "routes", routes, "case_rules",
					"urgent_situations", urgent));
}
