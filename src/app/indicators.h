/*
 * Plan indicators: each quantitative target of a plan bound to a formula of
 * the registers (an indicator definition of this file with its parameters),
 * evaluated live, per town, as of a date, within the caller's scope.  A
 * target nobody binds stays manual: it carries the latest figure a task
 * reported for it.
 */
#ifndef WB_APP_INDICATORS_H
#define WB_APP_INDICATORS_H

#include <jansson.h>
#include <stdbool.h>

#include "app/ctx.h"
#include "core/indicator.h"

/* True when code names an indicator definition. */
bool app_indicator_known(const char *code);
/* True when code names an indicator definition; *kind its formula kind. */
bool app_indicator_kind(const char *code, enum indicator_kind *kind);

/* The definitions as the office binds them (src/app/indicator_defs.c): a
 * new JSON array of {"code","name","description","unit","kind","kind_title",
 * "params":[{"key","name","description","multiple","values","default"}]}. */
json_t *app_indicator_definitions(void);
/* Checks a binding's params (JSON object text; NULL or "": none) against
 * definition's parameters: WB_ERR_RULE on the field "params" with a Chinese
 * message naming the bad parameter.  *canonical: the params to store
 * (malloc'd, the caller frees). */
enum wb_status app_indicator_params_check(const char *definition, const char *params,
					  char **canonical, struct wb_err *err);
/* Gives every target of the plan detail's items (each target with its "id")
 * a "binding": {"definition","name","params"} or null (manual). */
enum wb_status app_indicator_plan_bindings(struct app_ctx *c, int64_t plan_id, json_t *items,
					   struct wb_err *err);

/* Binds target target_id of plan plan_id to definition (params: a JSON
 * object, NULL for the definition's defaults); WB_ERR_NOTFOUND when the
 * target is not the plan's, WB_ERR_INVALID for an unknown definition,
 * WB_ERR_RULE for bad params (app_indicator_params_check). */
enum wb_status app_indicator_bind(struct app_ctx *c, int64_t plan_id, int64_t target_id,
				  const char *definition, const char *params, struct wb_err *err);
/* Removes the binding (the target becomes manual); *removed false when it
 * had none. */
enum wb_status app_indicator_unbind(struct app_ctx *c, int64_t plan_id, int64_t target_id,
				    bool *removed, struct wb_err *err);

/*
 * Inside the caller's import transaction: before an item's targets are
 * renewed, keep its bindings (app_indicator_keep), and after, put them back
 * by target order, then, on a plan's first import (defaults), bind the 2022
 * plan's default definitions to targets still unbound when the item matches
 * (number and wording) one of the 2022 plan's computable items
 * (app_indicator_restore; a re-import never binds again a target the office
 * unbound).  kept is opaque, freed by app_indicator_restore.
 */
struct indicator_kept;
enum wb_status app_indicator_keep(struct store *st, int64_t item_id, struct indicator_kept **kept,
				  struct wb_err *err);
enum wb_status app_indicator_restore(struct store *st, int64_t item_id, int number,
				     const char *item_text, bool defaults,
				     struct indicator_kept *kept, int64_t now, struct wb_err *err);

/*
 * The indicators of plan plan_id (0: the latest plan not archived) as of
 * as_of ("YYYY-MM-DD"; NULL: today in China) for town (NULL or "": every
 * town the scope sees), in the JSON of doc/api.md (a new reference into
 * *out).  WB_ERR_NOTFOUND when there is no such plan, WB_ERR_INVALID for a
 * malformed date.
 */
enum wb_status app_indicators(struct app_ctx *c, int64_t plan_id, const char *as_of,
			      const char *town, json_t **out, struct wb_err *err);

/*
 * What lists the register records behind target seq (1-based) of item of
 * plan plan_id (0: the latest open) as of as_of (NULL: today): the
 * facility_filter's indicator, as_of and stages (store/facilities.h).  The
 * records are those the figure is counted over: for a share of records (7,
 * 19) every record of the denominator; otherwise the records counted.
 * WB_ERR_NOTFOUND for no such target or a manual one.
 */
struct indicator_records {
	char records[32], as_of[16], stages[256];
};
enum wb_status app_indicator_records(struct app_ctx *c, int64_t plan_id, int item, int seq,
				     const char *as_of, struct indicator_records *out,
				     struct wb_err *err);

/*
 * The targets of a task's item (targets: the JSON array of the task detail,
 * each with its "id") each given "source" ("registry" or "manual") and, for
 * a bound one, the "actual" figure and "met" of today as the task's unit sees
 * it (a member unit: the county figure), so a report can be pre-filled.
 */
struct task_row;
enum wb_status app_indicator_task_targets(struct app_ctx *c, const struct task_row *t,
					  json_t *targets, struct wb_err *err);

#endif
