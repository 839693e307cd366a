/* The in-app notification list, as the service layer writes it: 下发 when a
 * plan is imported, 退回 when a task is returned, 督办 when a notice is
 * issued or raised, 临期 from the background round.  Each is addressed to the
 * users of the task's unit who report on its tasks, and links to the task. */
#ifndef WB_APP_NOTIFY_H
#define WB_APP_NOTIFY_H

#include "app/ctx.h"
#include "store/tasks.h"

/* kind: "returned", "supervised", "assigned" (a task given to the unit)
 * or "decision" (the office decided on the unit's request); title: what happened (cut to fit at a
 * character boundary).  Inside the caller's transaction. */
enum wb_status app_notify_task(struct app_ctx *c, int64_t task_id, int64_t plan_id,
			       int64_t unit_id, const char *kind, const char *title,
			       struct wb_err *err);

/* The same addressed to the office (every user who manages plans): kind
 * "request" (a unit asks for a later deadline or gives a task back) or
 * "reply" (a unit answered a 督办单). */
enum wb_status app_notify_office(struct app_ctx *c, int64_t task_id, int64_t plan_id,
				 const char *kind, const char *title, struct wb_err *err);

/* An urgent report (case id, its tracking number and source, in town
 * town_code): a notice at once, kind "case_urgent" linking to the case, for
 * the town's station (users scoped to the town who handle cases) and every
 * police liaison; once per user and case. */
enum wb_status app_notify_case_urgent(struct app_ctx *c, int64_t case_id, const char *town_code,
				      const char *tracking_no, const char *source,
				      struct wb_err *err);

/* The reporter of case id told of the police's acceptance (kind
 * "case_feedback", linking to their report); once per case. */
enum wb_status app_notify_case_reporter(struct app_ctx *c, int64_t case_id, int64_t user_id,
					const char *tracking_no, const char *police_kind,
					struct wb_err *err);

/* A new measure (救助措施) for unit_id: a notice (kind "case_measure",
 * link /measures/{id}) to the unit's active users who record measures
 * (case.measure); once per user and dedupe. */
enum wb_status app_notify_measure_unit(struct app_ctx *c, int64_t unit_id, const char *title,
				       const char *link, const char *dedupe, struct wb_err *err);

/* A unit declined or delivered a measure: a notice (kind "case_measure") to
 * the handler who assigned it; once per dedupe. */
enum wb_status app_notify_measure_handler(struct app_ctx *c, int64_t user_id, const char *title,
					  const char *link, const char *dedupe,
					  struct wb_err *err);

/* A case listed for 挂牌督办 (kind "case_listing", link /cases/{id}): the
 * town's station (users scoped to town_code who handle cases); once per
 * user and dedupe. */
enum wb_status app_notify_listing_town(struct app_ctx *c, const char *town_code,
				       const char *title, const char *link, const char *dedupe,
				       struct wb_err *err);

/* 有记录 in a background check (kind "check_hit", link /checks/runs/{id}):
 * tells the users of the supervising unit of institution type `type` (the
 * configuration check_supervisor_units; none when the type has no unit
 * there or the unit does not exist) that `hits` people of the institution
 * have a record — never who or what.  *added (may be NULL) counts the
 * notices.  Inside the caller's transaction. */
enum wb_status app_notify_check_hit(struct app_ctx *c, const char *type, const char *institution,
				    int64_t hits, int64_t import_id, int64_t *added,
				    struct wb_err *err);

/* The round's reminders: 临期 notices for yellow tasks (once per task and
 * moment; *added counts them), and read notices older than 180 days deleted. */
enum wb_status app_notify_round(struct app_ctx *c, int64_t *added, struct wb_err *err);

#endif
