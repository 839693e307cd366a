/* Request handlers, one file per resource.  Each runs after the choke point
 * (src/http/server.c) has authenticated, checked the permission and
 * validated the body against the route's fields (src/http/routes.c). */
#ifndef WB_API_API_H
#define WB_API_API_H

#include "http/request.h"

struct route;

/* The route table (src/api/routes.c), handed to the server. */
const struct route *api_routes(size_t *count);

void api_meta(struct request *r);
/* GET /api/v1/openapi.json: the OpenAPI document of the route table (openapi.c). */
void api_openapi(struct request *r);
/* That document, generated from the route table (a new reference). */
json_t *api_openapi_document(void);

void api_healthz(struct request *r);

void api_session_create(struct request *r);
void api_session_delete(struct request *r);
void api_me(struct request *r);
void api_me_password(struct request *r);
void api_me_totp_setup(struct request *r);
void api_me_totp_enable(struct request *r);
void api_me_totp_disable(struct request *r);

void api_users_list(struct request *r);
void api_users_export(struct request *r);
void api_users_create(struct request *r);
void api_users_get(struct request *r);
void api_users_update(struct request *r);

void api_roles_list(struct request *r);
void api_roles_export(struct request *r);
void api_roles_create(struct request *r);
void api_roles_update(struct request *r);
void api_permissions_list(struct request *r);

void api_divisions_list(struct request *r);
void api_divisions_export(struct request *r);
void api_divisions_create(struct request *r);
void api_divisions_update(struct request *r);

void api_units_list(struct request *r);
void api_units_export(struct request *r);
void api_units_create(struct request *r);
void api_units_update(struct request *r);

void api_plans_parse(struct request *r);
void api_plans_create(struct request *r);
void api_plans_list(struct request *r);
void api_plans_get(struct request *r);

/* GET /api/v1/todo: the caller's 待办 (todo.c). */
void api_todo(struct request *r);

void api_tasks_list(struct request *r);
void api_tasks_export(struct request *r);
void api_tasks_get(struct request *r);
void api_tasks_sign(struct request *r);
void api_tasks_batch_sign(struct request *r);
void api_tasks_batch_deadline(struct request *r);
void api_notifications_list(struct request *r);
void api_notifications_read(struct request *r);
void api_notifications_read_all(struct request *r);
void api_tasks_report(struct request *r);
void api_tasks_request_close(struct request *r);
void api_tasks_accept(struct request *r);
void api_tasks_return(struct request *r);

void api_tasks_supervise(struct request *r);
void api_tasks_attach(struct request *r);
void api_tasks_attachment(struct request *r);
void api_tasks_attachment_delete(struct request *r);
void api_tasks_update(struct request *r);
void api_supervisions_list(struct request *r);
void api_supervisions_export(struct request *r);
void api_supervisions_run(struct request *r);
void api_supervisions_get(struct request *r);
void api_supervisions_sign(struct request *r);
void api_supervisions_reply(struct request *r);
void api_tasks_extension(struct request *r);
void api_tasks_reassign(struct request *r);
void api_task_requests_list(struct request *r);
void api_task_requests_decide(struct request *r);
void api_plans_deadline(struct request *r);
void api_plans_scores(struct request *r);
void api_plans_scores_export(struct request *r);

void api_facilities_types(struct request *r);
void api_facilities_list(struct request *r);
void api_facilities_get(struct request *r);
void api_facilities_create(struct request *r);
void api_facilities_update(struct request *r);
void api_facilities_delete(struct request *r);
void api_facilities_export(struct request *r);
void api_facilities_template(struct request *r);
void api_facilities_import(struct request *r);
void api_facilities_vacancies(struct request *r);
void api_trainings_list(struct request *r);
void api_indicators(struct request *r);
void api_indicator_definitions(struct request *r);
void api_indicator_records(struct request *r);
void api_plans_binding_put(struct request *r);
void api_plans_binding_delete(struct request *r);
void api_trainings_get(struct request *r);
void api_trainings_export(struct request *r);
void api_trainings_create(struct request *r);

/* Cases and mandated reports (cases.c). */
void api_reports_create(struct request *r);
void api_reports_list(struct request *r);
void api_reports_get(struct request *r);
void api_cases_create(struct request *r);
void api_cases_list(struct request *r);
void api_cases_export(struct request *r);
void api_cases_stats(struct request *r);
void api_cases_stats_export(struct request *r);
void api_cases_get(struct request *r);
void api_cases_event(struct request *r);
void api_guidance_create(struct request *r);
void api_guidance_list(struct request *r);
void api_guidance_export(struct request *r);
void api_guidance_get(struct request *r);
void api_guidance_session(struct request *r);
void api_guidance_check(struct request *r);
void api_guidance_close(struct request *r);
/* The "guidance_orders" of GET /api/v1/cases/{id} (case_id) and GET
 * /api/v1/children/{id} (child_id): the orders of that case or naming that
 * registry child, within the caller's scope, briefly (no personal data);
 * [] for a caller who may not read orders.  A new reference, NULL with err
 * set. */
json_t *api_guidance_brief_list(struct request *r, int64_t case_id, int64_t child_id,
				struct wb_err *err);

/* Measures of cases and 挂牌督办 (measures.c). */
void api_case_measures_create(struct request *r);
void api_measures_list(struct request *r);
void api_measures_export(struct request *r);
void api_measures_get(struct request *r);
void api_measures_event(struct request *r);
void api_case_listing_create(struct request *r);
void api_case_listing_report(struct request *r);
void api_case_listing_lift(struct request *r);
void api_listings_list(struct request *r);
void api_listings_export(struct request *r);
/* GET /api/v1/cases/{id}'s "measures" (every measure of the case, which
 * the caller has read in scope) and "listing" (the latest, or JSON null):
 * new references, NULL with err set. */
json_t *api_case_measures_json(struct request *r, int64_t case_id, struct wb_err *err);
json_t *api_case_listing_json(struct request *r, int64_t case_id, struct wb_err *err);

/* Children in difficulty (children.c). */
void api_allowance_standards_list(struct request *r);
void api_allowance_standards_add(struct request *r);
void api_allowances_get(struct request *r);
void api_allowances_approve(struct request *r);
void api_allowances_export(struct request *r);
void api_children_list(struct request *r);
void api_children_export(struct request *r);
void api_children_get(struct request *r);
void api_children_lookup(struct request *r);
void api_children_reveal(struct request *r);
void api_children_create(struct request *r);
void api_children_import(struct request *r);
void api_children_rejects(struct request *r);
void api_children_template(struct request *r);
void api_children_parent_add(struct request *r);
void api_children_parent_end(struct request *r);
void api_children_transfer(struct request *r);
void api_children_transfer_accept(struct request *r);
void api_children_transfers(struct request *r);
void api_children_update(struct request *r);
void api_children_guardian_add(struct request *r);
void api_children_guardian_remove(struct request *r);
void api_children_destinations(struct request *r);
void api_children_visit_add(struct request *r);
void api_children_visits_overdue(struct request *r);
void api_children_visits_overdue_summary(struct request *r);

/* Background checks (checks.c). */
void api_checks_registry_import(struct request *r);
void api_checks_registry(struct request *r);
void api_checks_registry_template(struct request *r);
void api_checks_template(struct request *r);
void api_checks_institutions(struct request *r);
void api_checks_runs_create(struct request *r);
void api_checks_runs_list(struct request *r);
void api_checks_runs_get(struct request *r);
void api_checks_runs_export(struct request *r);
void api_checks_rejects(struct request *r);
void api_checks_staff_list(struct request *r);
void api_checks_staff_export(struct request *r);
void api_checks_staff_get(struct request *r);
void api_checks_staff_recheck(struct request *r);
void api_checks_coverage(struct request *r);

void api_audit_list(struct request *r);
void api_audit_export(struct request *r);
void api_audit_verify(struct request *r);

#endif
