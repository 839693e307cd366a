/* Plan indicators: the targets of a plan measured from the registers, within
 * the caller's scope (src/app/indicators.c), and the office's binding of a
 * target to an indicator definition. */
#include "api/api.h"

#include <stdlib.h>

#include "api/common.h"
#include "app/indicators.h"

/* GET /api/v1/indicators?plan=&as_of=&town= */
void
api_indicators(struct request *r)
{
	struct wb_err err = { 0 };
	json_t *out = NULL;
	int64_t plan = 0;

	if (!arg_id(r, "plan", &plan))
		return;
	if (app_indicators(&r->app, plan, arg_or_empty(r, "as_of"), arg_or_empty(r, "town"), &out,
			   &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, out);
}

/* GET /api/v1/indicator-definitions: what a target can be bound to. */
void
api_indicator_definitions(struct request *r)
{
	request_reply(r, 200, json_pack("{s:o}", "items", app_indicator_definitions()));
}

/* PUT /api/v1/plans/{id}/targets/{target_id}/binding {"definition","params"?}
 * → {"plan_id","target_id","definition","params"} (params as stored). */
void
api_plans_binding_put(struct request *r)
{
	const char *definition = body_str(r, "definition");
	json_t *given = json_object_get(r->json, "params");
	char *params = json_is_object(given) ? json_dumps(given, JSON_COMPACT) : NULL;
	struct wb_err err = { 0 };
	json_t *stored = NULL;
	int64_t plan, target;

	if (!path_id(r, 0, &plan) || !path_id(r, 1, &target))
		goto out;
	if (app_indicator_bind(&r->app, plan, target, definition, params, &err) != WB_OK) {
		request_fail_err(r, &err);
		goto out;
	}
	request_audit_detail(r, "目标 %lld 按指标 %s 由台账计算", (long long)target, definition);
	/* the params were checked as given: they are what was stored */
	stored = json_is_object(given) ? json_deep_copy(given) : json_object();
	request_reply(r, 200, json_pack("{s:I, s:I, s:s, s:o}", "plan_id", (json_int_t)plan,
					"target_id", (json_int_t)target, "definition", definition,
					"params", stored));
out:
	free(params);
}

/* DELETE /api/v1/plans/{id}/targets/{target_id}/binding: the target becomes
 * manual (204; 404 when it was not bound). */
void
api_plans_binding_delete(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t plan, target;
	bool removed;

	if (!path_id(r, 0, &plan) || !path_id(r, 1, &target))
		return;
	if (app_indicator_unbind(&r->app, plan, target, &removed, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	if (!removed) {
		request_fail(r, WB_ERR_NOTFOUND, "该目标没有绑定指标");
		return;
	}
	request_audit_detail(r, "目标 %lld 改为单位填报", (long long)target);
	request_reply(r, 204, NULL);
}
