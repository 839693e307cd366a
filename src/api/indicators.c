/* Plan indicators: the targets of a plan measured from the registers, within
 * the caller's scope (src/app/indicators.c), and the office's binding of a
 * target to an indicator definition. */
#include "api/api.h"

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

/* PUT /api/v1/plans/{id}/targets/{target_id}/binding {"definition"} */
void
api_plans_binding_put(struct request *r)
{
	const char *definition = body_str(r, "definition");
	struct wb_err err = { 0 };
	int64_t plan, target;

	if (!path_id(r, 0, &plan) || !path_id(r, 1, &target))
		return;
	if (app_indicator_bind(&r->app, plan, target, definition, NULL, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "目标 %lld 按指标 %s 由台账计算", (long long)target, definition);
	request_reply(r, 200, json_pack("{s:I, s:I, s:s}", "plan_id", (json_int_t)plan, "target_id",
					(json_int_t)target, "definition", definition));
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
