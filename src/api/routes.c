/*
 * The route table: every endpoint, its permission, the scope rule of the
 * records it touches, its body fields and its audit action, in one place.
 * The server (src/http) is handed this table and enforces all of it at its
 * one choke point; it knows nothing else of the API.
 */
#include "api/api.h"

#include "http/route.h"

static const struct field session_fields[] = {
	{ "username", FIELD_STRING, true, 64 },
	{ "password", FIELD_STRING, true, 256 },
	{ NULL, 0, false, 0 },
};
static const struct field password_fields[] = {
	{ "old_password", FIELD_STRING, true, 256 },
	{ "new_password", FIELD_STRING, true, 256 },
	{ NULL, 0, false, 0 },
};
static const struct field user_create_fields[] = {
	{ "login", FIELD_STRING, true, 32 },
	{ "display_name", FIELD_STRING, true, 32 },
	{ "unit_id", FIELD_INT, false, 0 },
	{ "roles", FIELD_STRING_ARRAY, true, 16 },
	{ "scope_kind", FIELD_STRING, true, 16 },
	{ "scope_division", FIELD_STRING, false, 12 },
	{ "password", FIELD_STRING, true, 256 },
	{ NULL, 0, false, 0 },
};
static const struct field user_update_fields[] = {
	{ "display_name", FIELD_STRING, false, 32 },
	{ "unit_id", FIELD_INT, false, 0 },
	{ "roles", FIELD_STRING_ARRAY, false, 16 },
	{ "scope_kind", FIELD_STRING, false, 16 },
	{ "scope_division", FIELD_STRING, false, 12 },
	{ "status", FIELD_STRING, false, 16 },
	{ "password", FIELD_STRING, false, 256 },
	{ "unlock", FIELD_BOOL, false, 0 },
	{ NULL, 0, false, 0 },
};
static const struct field role_create_fields[] = {
	{ "code", FIELD_STRING, true, 32 },
	{ "name", FIELD_STRING, true, 32 },
	{ "permissions", FIELD_STRING_ARRAY, true, 32 },
	{ NULL, 0, false, 0 },
};
static const struct field role_update_fields[] = {
	{ "name", FIELD_STRING, false, 32 },
	{ "permissions", FIELD_STRING_ARRAY, false, 32 },
	{ NULL, 0, false, 0 },
};
static const struct field division_create_fields[] = {
	{ "code", FIELD_STRING, true, 12 },
	{ "name", FIELD_STRING, true, 40 },
	{ "kind", FIELD_STRING, false, 16 },
	{ "population", FIELD_INT, false, 100000000 },
	{ NULL, 0, false, 0 },
};
static const struct field division_update_fields[] = {
	{ "name", FIELD_STRING, false, 40 },
	{ "kind", FIELD_STRING, false, 16 },
	{ "population", FIELD_INT, false, 100000000 },
	{ NULL, 0, false, 0 },
};
static const struct field unit_create_fields[] = {
	{ "code", FIELD_STRING, true, 16 },
	{ "name", FIELD_STRING, true, 40 },
	{ "kind", FIELD_STRING, true, 16 },
	{ "aliases", FIELD_STRING_ARRAY, false, 16 },
	{ NULL, 0, false, 0 },
};
static const struct field unit_update_fields[] = {
	{ "name", FIELD_STRING, false, 40 },
	{ "kind", FIELD_STRING, false, 16 },
	{ "aliases", FIELD_STRING_ARRAY, false, 16 },
	{ NULL, 0, false, 0 },
};

static const struct field plan_parse_fields[] = {
	{ "text", FIELD_STRING, true, 0 },
	{ NULL, 0, false, 0 },
};
static const struct field plan_create_fields[] = {
	{ "text", FIELD_STRING, true, 0 },
	{ "deadline", FIELD_STRING, false, 10 },
	{ "replace", FIELD_BOOL, false, 0 },
	{ NULL, 0, false, 0 },
};
static const struct field no_fields[] = {
	{ NULL, 0, false, 0 },
};
static const struct field report_fields[] = {
	{ "text", FIELD_STRING, true, 2000 },
	{ "figures", FIELD_OBJECT_ARRAY, false, 32 },
	{ NULL, 0, false, 0 },
};
static const struct field note_fields[] = {
	{ "note", FIELD_STRING, false, 2000 },
	{ NULL, 0, false, 0 },
};
static const struct field return_fields[] = {
	{ "reason", FIELD_STRING, true, 500 },
	{ NULL, 0, false, 0 },
};

static const struct field supervise_fields[] = {
	{ "reason", FIELD_STRING, true, 500 },
	{ NULL, 0, false, 0 },
};
static const struct field task_update_fields[] = {
	{ "deadline", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};

#define EXPORT ROUTE_AUDIT
#define ROUTE(m, p, perm, scope, flags, fields, action, object, handler) \
	{ m, p, perm, scope, flags, fields, action, object, handler }

static const struct route routes[] = {
	ROUTE("GET", "/healthz", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_PUBLIC, NULL, "health.read", "system", api_healthz),
	ROUTE("POST", "/api/v1/session", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_OWN_TX, session_fields, "session.create", "session", api_session_create),
	ROUTE("DELETE", "/api/v1/session", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, "session.delete", "session", api_session_delete),
	ROUTE("GET", "/api/v1/me", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, "me.read", "user", api_me),
	ROUTE("GET", "/api/v1/meta", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, "meta.read", "system", api_meta),
	ROUTE("POST", "/api/v1/me/password", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_OWN_TX, password_fields, "me.password", "user", api_me_password),
	ROUTE("GET", "/api/v1/users", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, 0, NULL, "user.list", "user", api_users_list),
	ROUTE("GET", "/api/v1/users/export.xlsx", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, EXPORT, NULL, "user.export", "user", api_users_export),
	ROUTE("POST", "/api/v1/users", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, ROUTE_OWN_TX, user_create_fields, "user.create", "user", api_users_create),
	ROUTE("GET", "/api/v1/users/{id}", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, 0, NULL, "user.read", "user", api_users_get),
	ROUTE("PATCH", "/api/v1/users/{id}", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, ROUTE_OWN_TX, user_update_fields, "user.update", "user", api_users_update),
	ROUTE("GET", "/api/v1/roles", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, NULL, "role.list", "role", api_roles_list),
	ROUTE("GET", "/api/v1/roles/export.xlsx", PERM_USER_MANAGE, SCOPE_RULE_NONE, EXPORT, NULL, "role.export", "role", api_roles_export),
	ROUTE("POST", "/api/v1/roles", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, role_create_fields, "role.create", "role", api_roles_create),
	ROUTE("PATCH", "/api/v1/roles/{id}", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, role_update_fields, "role.update", "role", api_roles_update),
	ROUTE("GET", "/api/v1/permissions", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, NULL, "permission.list", "role", api_permissions_list),
	ROUTE("GET", "/api/v1/divisions", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, "division.list", "division", api_divisions_list),
	ROUTE("GET", "/api/v1/divisions/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_NONE, EXPORT, NULL, "division.export", "division", api_divisions_export),
	ROUTE("POST", "/api/v1/divisions", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, division_create_fields, "division.create", "division", api_divisions_create),
	ROUTE("PATCH", "/api/v1/divisions/{code}", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, division_update_fields, "division.update", "division", api_divisions_update),
	ROUTE("GET", "/api/v1/units", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, "unit.list", "unit", api_units_list),
	ROUTE("GET", "/api/v1/units/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_NONE, EXPORT, NULL, "unit.export", "unit", api_units_export),
	ROUTE("POST", "/api/v1/units", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, unit_create_fields, "unit.create", "unit", api_units_create),
	ROUTE("PATCH", "/api/v1/units/{id}", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, unit_update_fields, "unit.update", "unit", api_units_update),
	ROUTE("POST", "/api/v1/plans/parse", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, plan_parse_fields, "plan.parse", "plan", api_plans_parse),
	ROUTE("GET", "/api/v1/plans", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, "plan.list", "plan", api_plans_list),
	ROUTE("POST", "/api/v1/plans", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, plan_create_fields, "plan.import", "plan", api_plans_create),
	ROUTE("GET", "/api/v1/plans/{id}", PERM_PLAN_READ, SCOPE_RULE_NONE, 0, NULL, "plan.read", "plan", api_plans_get),
	ROUTE("GET", "/api/v1/plans/{id}/scores", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, "plan.scores", "plan", api_plans_scores),
	ROUTE("GET", "/api/v1/plans/{id}/scores/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, "plan.scores_export", "plan", api_plans_scores_export),
	ROUTE("GET", "/api/v1/tasks", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, "task.list", "task", api_tasks_list),
	ROUTE("GET", "/api/v1/tasks/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, "task.export", "task", api_tasks_export),
	ROUTE("GET", "/api/v1/tasks/{id}", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, "task.read", "task", api_tasks_get),
	ROUTE("PATCH", "/api/v1/tasks/{id}", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, task_update_fields, "task.update", "task", api_tasks_update),
	ROUTE("POST", "/api/v1/tasks/{id}/attachments", PERM_TASK_REPORT, SCOPE_RULE_UNIT, ROUTE_RAW_BODY, NULL, "task.attach", "task", api_tasks_attach),
	ROUTE("GET", "/api/v1/tasks/{id}/attachments/{aid}", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, "task.attachment_download", "task", api_tasks_attachment),
	ROUTE("POST", "/api/v1/tasks/{id}/supervise", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, supervise_fields, "task.supervise", "task", api_tasks_supervise),
	ROUTE("GET", "/api/v1/supervisions", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, "supervision.list", "supervision", api_supervisions_list),
	ROUTE("GET", "/api/v1/supervisions/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, "supervision.export", "supervision", api_supervisions_export),
	ROUTE("POST", "/api/v1/supervisions/run", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, no_fields, "supervision.run", "supervision", api_supervisions_run),
	ROUTE("POST", "/api/v1/tasks/{id}/sign", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, no_fields, "task.sign", "task", api_tasks_sign),
	ROUTE("POST", "/api/v1/tasks/{id}/reports", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, report_fields, "task.report", "task", api_tasks_report),
	ROUTE("POST", "/api/v1/tasks/{id}/request-close", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, note_fields, "task.request_close", "task", api_tasks_request_close),
	ROUTE("POST", "/api/v1/tasks/{id}/accept", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, note_fields, "task.accept", "task", api_tasks_accept),
	ROUTE("POST", "/api/v1/tasks/{id}/return", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, return_fields, "task.return", "task", api_tasks_return),
	ROUTE("GET", "/api/v1/audit", PERM_AUDIT_READ, SCOPE_RULE_DIVISION, 0, NULL, "audit.list", "audit", api_audit_list),
	ROUTE("GET", "/api/v1/audit/export.xlsx", PERM_AUDIT_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, "audit.export", "audit", api_audit_export),
	ROUTE("GET", "/api/v1/audit/verify", PERM_AUDIT_READ, SCOPE_RULE_NONE, 0, NULL, "audit.verify", "audit", api_audit_verify),
};

const struct route *
api_routes(size_t *count)
{
	*count = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
