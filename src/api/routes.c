/*
 * The route table: every endpoint, its permission, the scope rule of the
 * records it touches, its body fields, its query parameters and its audit
 * action, in one place (GET /api/v1/openapi.json describes it).
 * The server (src/http) is handed this table and enforces all of it at its
 * one choke point; it knows nothing else of the API.
 */
#include "api/api.h"

#include "api/common.h"
#include "core/case_flow.h"
#include "core/facility.h"
#include "http/route.h"

static const struct field session_fields[] = {
	{ "username", FIELD_STRING, true, 64 },
	{ "password", FIELD_STRING, true, 256 },
	{ "otp", FIELD_STRING, false, 16 },            /* the 6-digit code, when TOTP is enabled */
	{ "recovery_code", FIELD_STRING, false, 32 },  /* or one of the recovery codes */
	{ NULL, 0, false, 0 },
};
static const struct field totp_enable_fields[] = {
	{ "code", FIELD_STRING, true, 16 },
	{ NULL, 0, false, 0 },
};
static const struct field totp_disable_fields[] = {
	{ "code", FIELD_STRING, false, 16 },
	{ "recovery_code", FIELD_STRING, false, 32 },
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
	{ "totp_reset", FIELD_BOOL, false, 0 },
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
	{ "archived", FIELD_BOOL, false, 0 },
	{ "items", FIELD_OBJECT_ARRAY, false, 2000 },
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
static const struct field task_batch_fields[] = {
	{ "ids", FIELD_ID_ARRAY, true, PAGE_MAX },
	{ NULL, 0, false, 0 },
};
static const struct field task_batch_deadline_fields[] = {
	{ "ids", FIELD_ID_ARRAY, true, PAGE_MAX },
	{ "deadline", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};
static const struct field supervision_reply_fields[] = {
	{ "reply", FIELD_STRING, true, 2000 },
	{ NULL, 0, false, 0 },
};
static const struct field extension_fields[] = {
	{ "reason", FIELD_STRING, true, 1000 },
	{ "deadline", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};
static const struct field reassign_fields[] = {
	{ "reason", FIELD_STRING, true, 1000 },
	{ NULL, 0, false, 0 },
};
static const struct field decide_fields[] = {
	{ "approve", FIELD_BOOL, true, 0 },
	{ "note", FIELD_STRING, false, 1000 },
	{ "unit_id", FIELD_INT, false, 0 },
	{ NULL, 0, false, 0 },
};
static const struct field plan_deadline_fields[] = {
	{ "deadline", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};
static const struct field task_update_fields[] = {
	{ "deadline", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};

/* A register record's values by column (core/facility.c says which columns
 * each type fills and how they are checked); text as a user types it. */
#define FACILITY_VALUE_FIELDS \
	{ "name", FIELD_STRING, false, 100 }, \
	{ "division_code", FIELD_STRING, false, 40 }, \
	{ "status", FIELD_STRING, false, 100 }, \
	{ "opened_on", FIELD_STRING, false, 40 }, \
	{ "entity", FIELD_STRING, false, 100 }, \
	{ "kind", FIELD_STRING, false, 100 }, \
	{ "level", FIELD_STRING, false, 100 }, \
	{ "named_on", FIELD_STRING, false, 40 }, \
	{ "places", FIELD_STRING, false, 40 }, \
	{ "ownership", FIELD_STRING, false, 100 }, \
	{ "inclusive", FIELD_STRING, false, 100 }, \
	{ "agreement_from", FIELD_STRING, false, 40 }, \
	{ "agreement_to", FIELD_STRING, false, 40 }, \
	{ "stage", FIELD_STRING, false, 100 }, \
	{ "smart_on", FIELD_STRING, false, 40 }, \
	{ "credit_code", FIELD_STRING, false, 40 }, \
	{ "field", FIELD_STRING, false, 100 }, \
	{ "contractor", FIELD_STRING, false, 100 }, \
	{ "amount", FIELD_STRING, false, 40 }, \
	{ "starts_on", FIELD_STRING, false, 40 }, \
	{ "ends_on", FIELD_STRING, false, 40 }, \
	{ "phone", FIELD_STRING, false, 40 }, \
	{ "appointed_on", FIELD_STRING, false, 40 }, \
	{ "note", FIELD_STRING, false, 500 },
static const struct field facility_create_fields[] = {
	{ "type", FIELD_STRING, true, 16 },
	FACILITY_VALUE_FIELDS
	{ NULL, 0, false, 0 },
};
static const struct field facility_update_fields[] = {
	FACILITY_VALUE_FIELDS
	{ NULL, 0, false, 0 },
};
static const struct field facility_delete_fields[] = {
	{ "reason", FIELD_STRING, false, 500 },   /* required: the service layer says so in Chinese */
	{ NULL, 0, false, 0 },
};
static const struct field training_create_fields[] = {
	{ "name", FIELD_STRING, true, 100 },
	{ "held_on", FIELD_STRING, true, 10 },
	{ "organiser", FIELD_STRING, true, 100 },
	{ "division_code", FIELD_STRING, true, 12 },
	{ "attendee_ids", FIELD_ID_ARRAY, false, 500 },
	{ NULL, 0, false, 0 },
};
/* A child as the register's template has it, by English key (children.c
 * maps each to its column; child_record_validate checks them). */
static const struct field child_create_fields[] = {
	{ "name", FIELD_STRING, false, 50 },
	{ "id_number", FIELD_STRING, false, 32 },
	{ "village_code", FIELD_STRING, false, 20 },
	{ "placement", FIELD_STRING, false, 20 },
	{ "disability", FIELD_STRING, false, 20 },
	{ "disability_grade", FIELD_STRING, false, 10 },
	{ "economy", FIELD_STRING, false, 20 },
	{ "guardian_name", FIELD_STRING, false, 50 },
	{ "guardian_relation", FIELD_STRING, false, 20 },
	{ "guardian_phone", FIELD_STRING, false, 20 },
	{ "father_status", FIELD_STRING, false, 20 },
	{ "father_disability", FIELD_STRING, false, 20 },
	{ "father_grade", FIELD_STRING, false, 10 },
	{ "father_started_on", FIELD_STRING, false, 20 },
	{ "father_ended_on", FIELD_STRING, false, 20 },
	{ "father_evidence", FIELD_STRING, false, 80 },
	{ "mother_status", FIELD_STRING, false, 20 },
	{ "mother_disability", FIELD_STRING, false, 20 },
	{ "mother_grade", FIELD_STRING, false, 10 },
	{ "mother_started_on", FIELD_STRING, false, 20 },
	{ "mother_ended_on", FIELD_STRING, false, 20 },
	{ "mother_evidence", FIELD_STRING, false, 80 },
	{ "household", FIELD_STRING, false, 20 },
	{ "school", FIELD_STRING, false, 80 },
	{ "address", FIELD_STRING, false, 200 },
	{ "sex", FIELD_STRING, false, 4 },
	{ "birth_date", FIELD_STRING, false, 20 },
	{ NULL, 0, false, 0 },
};
static const struct field child_lookup_fields[] = {
	{ "id_number", FIELD_STRING, true, 32 },
	{ NULL, 0, false, 0 },
};
static const struct field child_reveal_fields[] = {
	{ "field", FIELD_STRING, true, 32 },
	{ "reason", FIELD_STRING, false, 70 },   /* required: 422 from the handler, audited */
	{ NULL, 0, false, 0 },
};
static const struct field allowance_standard_fields[] = {
	{ "category", FIELD_STRING, true, 20 },
	{ "mode", FIELD_STRING, true, 10 },
	{ "effective_from", FIELD_STRING, true, 10 },
	{ "amount", FIELD_STRING, true, 20 },
	{ NULL, 0, false, 0 },
};
static const struct field child_parent_fields[] = {
	{ "parent", FIELD_STRING, true, 4 },
	{ "status", FIELD_STRING, true, 20 },
	{ "disability", FIELD_STRING, false, 20 },
	{ "grade", FIELD_STRING, false, 10 },
	{ "started_on", FIELD_STRING, true, 10 },
	{ "ended_on", FIELD_STRING, false, 10 },
	{ "evidence", FIELD_STRING, false, 80 },
	{ NULL, 0, false, 0 },
};
static const struct field child_visit_fields[] = {
	{ "visited_on", FIELD_STRING, true, 10 },
	{ "findings", FIELD_STRING, true, 200 },
	{ "needs", FIELD_STRING, false, 200 },
	{ "next_due", FIELD_STRING, false, 10 },
	{ NULL, 0, false, 0 },
};
static const struct field child_transfer_fields[] = {
	{ "village", FIELD_STRING, true, 20 },
	{ "reason", FIELD_STRING, false, 80 },   /* required: 422 in Chinese from the service layer */
	{ NULL, 0, false, 0 },
};
/* A change of a child's facts (app/child_edit.h struct child_patch): any of
 * them; "" clears an optional one. */
static const struct field child_update_fields[] = {
	{ "household", FIELD_STRING, false, 20 },
	{ "school", FIELD_STRING, false, 80 },
	{ "address", FIELD_STRING, false, 200 },
	{ "placement", FIELD_STRING, false, 20 },
	{ "disability", FIELD_STRING, false, 20 },
	{ "disability_grade", FIELD_STRING, false, 10 },
	{ "economy", FIELD_STRING, false, 20 },
	{ "bank_account", FIELD_STRING, false, 40 },
	{ "guardian_name", FIELD_STRING, false, 50 },
	{ "guardian_relation", FIELD_STRING, false, 20 },
	{ "guardian_phone", FIELD_STRING, false, 20 },
	{ "reason", FIELD_STRING, false, 80 },
	{ NULL, 0, false, 0 },
};
static const struct field child_guardian_fields[] = {
	{ "name", FIELD_STRING, true, 50 },
	{ "relation", FIELD_STRING, true, 20 },
	{ "phone", FIELD_STRING, false, 20 },
	{ "reason", FIELD_STRING, false, 80 },
	{ NULL, 0, false, 0 },
};
static const struct field child_guardian_remove_fields[] = {
	{ "reason", FIELD_STRING, false, 80 },   /* required: 422 in Chinese from the service layer */
	{ NULL, 0, false, 0 },
};
static const struct field check_recheck_fields[] = {
	{ "reason", FIELD_STRING, false, 500 },   /* required: 422 in Chinese from the service layer */
	{ NULL, 0, false, 0 },
};
static const struct field child_parent_end_fields[] = {
	{ "ended_on", FIELD_STRING, true, 10 },
	{ NULL, 0, false, 0 },
};
static const struct field case_intake_fields[] = {
	{ "source", FIELD_STRING, false, 8 },          /* POST /cases only: 排查, 12345, … */
	{ "situations", FIELD_ID_ARRAY, false, CASE_SITUATIONS },
	{ "seen_at", FIELD_STRING, false, 16 },
	{ "place", FIELD_STRING, false, 200 },
	{ "description", FIELD_STRING, true, 2000 },
	{ "child", FIELD_OBJECT, true, 5 },            /* id_number, name, sex, age, village */
	{ "reporter_contact", FIELD_STRING, false, 100 },
	{ NULL, 0, false, 0 },
};
static const struct field case_report_fields[] = {
	{ "situations", FIELD_ID_ARRAY, true, CASE_SITUATIONS },
	{ "seen_at", FIELD_STRING, false, 16 },
	{ "place", FIELD_STRING, false, 200 },
	{ "description", FIELD_STRING, true, 2000 },
	{ "child", FIELD_OBJECT, true, 5 },
	{ "reporter_contact", FIELD_STRING, false, 100 },
	{ NULL, 0, false, 0 },
};
static const struct field case_event_fields[] = {
	{ "event", FIELD_STRING, true, 32 },
	{ "reason", FIELD_STRING, false, 200 },
	{ "risk", FIELD_STRING, false, 4 },
	{ "assessment", FIELD_OBJECT, false, 32 },
	{ "unit_id", FIELD_INT, false, 0 },
	{ "police_kind", FIELD_STRING, false, 4 },
	{ NULL, 0, false, 0 },
};
static const struct field measure_create_fields[] = {
	{ "kind", FIELD_STRING, true, 16 },
	{ "unit_id", FIELD_INT, true, 0 },
	{ "due_on", FIELD_STRING, true, 10 },
	{ "note", FIELD_STRING, false, 200 },
	{ NULL, 0, false, 0 },
};
static const struct field measure_event_fields[] = {
	{ "event", FIELD_STRING, true, 16 },
	{ "note", FIELD_STRING, false, 200 },      /* decline, deliver, cancel: required (422) */
	{ "delivered_on", FIELD_STRING, false, 10 },   /* deliver: required (422) */
	{ NULL, 0, false, 0 },
};
static const struct field listing_create_fields[] = {
	{ "leader", FIELD_STRING, true, 64 },
	{ "deadline", FIELD_STRING, true, 10 },
	{ "period_days", FIELD_INT, true, 90 },
	{ "reason", FIELD_STRING, true, 200 },
	{ NULL, 0, false, 0 },
};
static const struct field listing_report_fields[] = {
	{ "progress", FIELD_STRING, true, 2000 },
	{ NULL, 0, false, 0 },
};
static const struct field listing_lift_fields[] = {
	{ "reason", FIELD_STRING, true, 200 },
	{ NULL, 0, false, 0 },
};

static const struct field guidance_order_fields[] = {
	{ "kind", FIELD_STRING, true, 16 },
	{ "issuer_unit_id", FIELD_INT, true, 0 },
	{ "doc_no", FIELD_STRING, true, 60 },
	{ "issued_on", FIELD_STRING, true, 10 },
	{ "period_from", FIELD_STRING, true, 10 },
	{ "period_to", FIELD_STRING, true, 10 },
	{ "case_id", FIELD_INT, false, 0 },
	{ "village", FIELD_STRING, false, 12 },     /* from the case or a matched child when absent */
	{ "guardians", FIELD_OBJECT_ARRAY, true, 20 },     /* {"name", "relation"} */
	{ "children", FIELD_OBJECT_ARRAY, true, 20 },      /* {"id_number"?, "name"} */
	{ "obligations", FIELD_OBJECT_ARRAY, true, 20 },   /* {"text", "every_days"} */
	{ "provider", FIELD_STRING, true, 60 },
	{ NULL, 0, false, 0 },
};
static const struct field guidance_session_fields[] = {
	{ "held_on", FIELD_STRING, true, 10 },
	{ "provider", FIELD_STRING, false, 60 },
	{ "attended", FIELD_BOOL, true, 0 },
	{ "note", FIELD_STRING, false, 600 },
	{ NULL, 0, false, 0 },
};
static const struct field guidance_check_fields[] = {
	{ "checked_on", FIELD_STRING, true, 10 },
	{ "result", FIELD_STRING, true, 4 },
	{ "note", FIELD_STRING, false, 600 },
	{ NULL, 0, false, 0 },
};
static const struct field guidance_close_fields[] = {
	{ "note", FIELD_STRING, true, 600 },
	{ NULL, 0, false, 0 },
};
/*
 * Query parameters, as the handlers read them (paging_read, arg_id,
 * arg_or_empty, request_arg); the choke point refuses any other.
 */
static const char *const order_values[] = { "asc", "desc", NULL };
static const char *const flag_values[] = { "0", "1", NULL };
static const char *const user_sorts[] = { "login", "display_name", "status", "created_at", NULL };
static const char *const user_statuses[] = { "active", "disabled", NULL };
static const char *const task_sorts[] = { "item", "deadline", "status", "unit", "light", NULL };
static const char *const task_statuses[] = { "pending", "signed", "in_progress", "close_requested",
					     "closed", NULL };
static const char *const task_lights[] = { "green", "yellow", "red", NULL };
static const char *const supervision_sorts[] = { "level", NULL };
static const char *const request_sorts[] = { "requested_at", NULL };
static const char *const audit_sorts[] = { "id", "at", NULL };   /* at: the same order as id */

static const char *const case_sorts[] = { "id", NULL };
static const char *const guidance_sorts[] = { "id", NULL };
static const char *const case_states[] = { "new", "accepted", "assessing", "in_care", "follow_up",
					   "close_requested", "closed", "rejected", "transferring",
					   NULL };

#define TIME_MAX 253402300799LL   /* 9999-12-31 23:59:59 UTC */
#define Q_STRING(n, max, title) { n, QUERY_STRING, false, 0, max, NULL, title }
#define Q_INT(n, min, max, title) { n, QUERY_INT, false, min, max, NULL, title }
#define Q_ID(n, title) { n, QUERY_ID, false, 0, 0, NULL, title }
#define Q_ENUM(n, values, title) { n, QUERY_ENUM, false, 0, 0, values, title }
#define Q_DATE(n, title) { n, QUERY_DATE, false, 0, 0, NULL, title }
#define Q_END { NULL, 0, false, 0, 0, NULL, NULL }
/* a paged list's arguments (paging_read in src/api/common.c) */
#define Q_PAGING(sorts) \
	Q_INT("page", 1, 1000000, "页码（从 1 起）"), \
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"), \
	Q_ENUM("sort", sorts, "排序字段"), \
	Q_ENUM("order", order_values, "排序方向")

/* background checks (checks.c) */
static const char *const check_types[] = { "school", "childcare", "hospital", "training",
					   "welfare", "rescue", NULL };
static const char *const check_staff_sorts[] = { "institution", NULL };
static const char *const check_run_sorts[] = { "id", NULL };
static const struct query_param check_import_query[] = {
	Q_STRING("name", 100, "文件名"),
	Q_ENUM("skip_bad", flag_values, "是否跳过有误的行（1：导入其余的行）"),
	Q_END,
};
static const struct query_param check_run_query[] = {
	{ "institution", QUERY_ID, true, 0, 0, NULL, "机构编号" },
	Q_STRING("name", 100, "文件名"),
	Q_END,
};
static const char *const check_results[] = { "无记录", "有记录", "无效", NULL };
static const struct query_param check_run_rows_query[] = {
	Q_INT("page", 1, 1000000, "行的页码（从 1 起）"),
	Q_INT("per_page", 1, 1000, "每页行数（默认 100）"),
	Q_ENUM("result", check_results, "只看该查询结果的行"),
	Q_END,
};
static const struct query_param check_run_export_query[] = {
	Q_ENUM("result", check_results, "只看该查询结果的行"),
	Q_END,
};
static const struct query_param check_institution_query[] = {
	Q_ENUM("type", check_types, "机构类型"),
	Q_STRING("q", 64, "名称中包含的文字"),
	Q_END,
};
static const struct query_param check_run_list_query[] = {
	Q_PAGING(check_run_sorts),
	Q_ID("institution", "机构编号"),
	Q_END,
};
#define CHECK_STAFF_FILTERS \
	Q_ID("institution", "机构编号"), \
	Q_ENUM("due", flag_values, "是否只看今天应年度复查的在职人员"), \
	Q_ENUM("applicants", flag_values, "1 只看应聘人员，0 只看在职人员（不给：全部）")
static const struct query_param check_staff_query[] = {
	Q_PAGING(check_staff_sorts),
	CHECK_STAFF_FILTERS,
	Q_END,
};
static const struct query_param check_staff_export_query[] = {
	CHECK_STAFF_FILTERS,
	Q_END,
};
static const struct query_param check_coverage_query[] = {
	Q_DATE("as_of", "统计日期（不给：今天）"),
	Q_END,
};
static const struct query_param user_query[] = {
	Q_PAGING(user_sorts),
	Q_STRING("q", 64, "登录名或姓名中包含的文字"),
	Q_ENUM("status", user_statuses, "账号状态"),
	Q_STRING("role", 32, "角色代码"),
	Q_END,
};
static const struct query_param unit_export_query[] = {
	Q_STRING("q", 64, "名称、代码或别名中包含的文字"),
	Q_STRING("kind", 16, "单位类别代码"),
	Q_END,
};
static const struct query_param task_query[] = {
	Q_PAGING(task_sorts),
	Q_ID("plan_id", "工作要点编号"),
	Q_ID("unit_id", "责任单位编号"),
	Q_ENUM("status", task_statuses, "任务状态"),
	Q_ENUM("light", task_lights, "灯色"),
	Q_STRING("q", 100, "事项内容中包含的文字"),
	Q_ENUM("archived", flag_values, "工作要点是否已归档（0 只看当年未归档的，1 只看历史）"),
	Q_ENUM("returned", flag_values, "是否只看被退回且未办结的任务"),
	Q_ENUM("supervised", flag_values, "是否只看有未解除督办单的任务"),
	Q_ENUM("due", flag_values, "是否只看临期或逾期待反馈的任务（已签收或办理中，亮黄灯或红灯）"),
	Q_END,
};
static const struct query_param attachment_query[] = {
	{ "name", QUERY_STRING, true, 0, 100, NULL, "文件名" },
	Q_END,
};
static const struct query_param notification_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	Q_ENUM("unread", flag_values, "是否只看未读"),
	Q_END,
};
static const struct query_param task_request_query[] = {
	Q_PAGING(request_sorts),
	Q_ENUM("pending", flag_values, "是否只看待审批的申请"),
	Q_END,
};
static const struct query_param supervision_query[] = {
	Q_PAGING(supervision_sorts),
	Q_ID("plan_id", "工作要点编号"),
	Q_ENUM("open", flag_values, "是否只看未解除的督办单"),
	Q_END,
};
static const struct query_param facility_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	Q_ENUM("type", facility_type_codes, "台账类型"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_STRING("village", 12, "村（社区）代码"),
	Q_STRING("q", 64, "名称中包含的文字"),
	Q_END,
};
static const struct query_param indicator_query[] = {
	Q_ID("plan", "工作要点编号（不给：最新的未归档工作要点）"),
	Q_DATE("as_of", "统计截止日期（不给：今天）"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_END,
};
static const struct query_param indicator_records_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	Q_ID("plan", "工作要点编号（不给：最新的未归档工作要点）"),
	Q_DATE("as_of", "统计截止日期（不给：今天）"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_END,
};
static const struct field binding_fields[] = {
	{ "definition", FIELD_STRING, true, 64 },
	{ "params", FIELD_OBJECT, false, 8 },
	{ NULL, 0, false, 0 },
};
static const struct query_param training_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_END,
};
static const struct query_param facility_export_query[] = {
	Q_ENUM("type", facility_type_codes, "台账类型（不给：各类台账的概览）"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_STRING("village", 12, "村（社区）代码"),
	Q_STRING("q", 64, "名称中包含的文字"),
	Q_END,
};
static const struct query_param facility_type_query[] = {
	{ "type", QUERY_ENUM, true, 0, 0, facility_type_codes, "台账类型" },
	Q_END,
};
static const struct query_param facility_import_query[] = {
	{ "type", QUERY_ENUM, true, 0, 0, facility_type_codes, "台账类型" },
	Q_ENUM("skip_bad", flag_values, "是否跳过有误的行（导入其余各行）"),
	Q_END,
};
static const char *const child_category_codes[] = { "orphan", "de_facto", "left_behind",
						    "difficulty", "disabled", NULL };
#define CHILD_FILTERS \
	Q_STRING("town", 9, "镇（街道）代码"), \
	Q_STRING("village", 12, "村（社区）代码"), \
	Q_ENUM("category", child_category_codes, "类别（orphan 孤儿、de_facto 事实无人抚养儿童、" \
	       "left_behind 留守儿童、difficulty 困境儿童、disabled 残疾儿童）"), \
	Q_DATE("as_of", "年龄与类别的计算日期（不给：今天）"), \
	Q_ENUM("turning18", flag_values, "是否只看 30 天内年满 18 周岁的"), \
	Q_INT("age_min", 0, 17, "年龄不小于（周岁，按计算日期）"), \
	Q_INT("age_max", 0, 17, "年龄不大于（周岁，按计算日期）")
#define CASE_FILTERS \
	Q_ENUM("state", case_states, "个案状态"), \
	Q_ENUM("light", task_lights, "亮灯"), \
	Q_STRING("town", 9, "镇（街道）代码"), \
	Q_STRING("village", 12, "村（社区）代码"), \
	Q_ENUM("urgent", flag_values, "是否紧急")
static const struct query_param case_query[] = {
	Q_PAGING(case_sorts),
	CASE_FILTERS,
	Q_END,
};
static const struct query_param case_export_query[] = {
	CASE_FILTERS,
	Q_END,
};
static const struct query_param case_stats_query[] = {
	Q_DATE("from", "开始日期（默认本年 1 月 1 日）"),
	Q_DATE("to", "结束日期（默认本年 12 月 31 日）"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_END,
};
static const char *const measure_states[] = { "assigned", "accepted", "delivered", "closed",
					      "cancelled", "declined", NULL };
static const char *const measure_lights[] = { "green", "yellow", "red", "none", NULL };
#define MEASURE_FILTERS \
	Q_ENUM("state", measure_states, "措施状态"), \
	Q_ENUM("light", measure_lights, "亮灯（none：已落实、办结、撤销或退回）"), \
	Q_STRING("kind", 16, "措施类别"), \
	Q_ID("case_id", "个案")
static const struct query_param measure_query[] = {
	Q_PAGING(case_sorts),
	MEASURE_FILTERS,
	Q_END,
};
static const struct query_param measure_export_query[] = {
	MEASURE_FILTERS,
	Q_END,
};
#define LISTING_FILTERS \
	Q_ENUM("active", flag_values, "1：督办中；0：已摘牌"), \
	Q_ENUM("light", measure_lights, "亮灯（none：已摘牌）")
static const struct query_param listing_query[] = {
	Q_PAGING(case_sorts),
	LISTING_FILTERS,
	Q_END,
};
static const struct query_param listing_export_query[] = {
	LISTING_FILTERS,
	Q_END,
};
static const char *const guidance_states[] = { "active", "closed", NULL };
static const char *const guidance_kinds[] = { "家庭教育指导令", "督促监护令", "责令接受家庭教育指导",
					      NULL };
static const char *const guidance_lights[] = { "green", "yellow", "red", "none", NULL };
#define GUIDANCE_FILTERS \
	Q_ENUM("state", guidance_states, "状态（active 执行中、closed 已结案）"), \
	Q_ENUM("kind", guidance_kinds, "文书类型"), \
	Q_ENUM("light", guidance_lights, "亮灯（none：已结案或期满）"), \
	Q_STRING("town", 9, "镇（街道）代码"), \
	Q_ID("case_id", "关联个案"), \
	Q_ID("child_id", "儿童档案")
static const struct query_param guidance_query[] = {
	Q_PAGING(guidance_sorts),
	GUIDANCE_FILTERS,
	Q_END,
};
static const struct query_param guidance_export_query[] = {
	GUIDANCE_FILTERS,
	Q_END,
};
static const struct query_param report_query[] = {
	Q_PAGING(case_sorts),
	Q_END,
};
static const struct query_param child_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	CHILD_FILTERS,
	Q_END,
};
static const struct query_param child_export_query[] = {
	CHILD_FILTERS,
	Q_END,
};
static const struct query_param child_get_query[] = {
	Q_DATE("as_of", "类别的计算日期（不给：今天）"),
	Q_END,
};
static const struct query_param child_overdue_query[] = {
	Q_INT("page", 1, 1000000, "页码（从 1 起）"),
	Q_INT("per_page", 1, PAGE_MAX, "每页条数"),
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_STRING("village", 12, "村（社区）代码"),
	Q_END,
};
static const struct query_param child_overdue_summary_query[] = {
	Q_STRING("town", 9, "镇（街道）代码"),
	Q_STRING("village", 12, "村（社区）代码"),
	Q_END,
};
static const struct query_param child_import_query[] = {
	Q_STRING("name", 100, "文件名（与有误行一起保存，取回时用）"),
	Q_ENUM("skip_bad", flag_values, "是否跳过有误的行（导入其余各行，有误行加密保存 7 天）"),
	Q_END,
};

#define AUDIT_FILTERS \
	Q_STRING("user", 64, "用户登录名"), \
	Q_STRING("action", 64, "操作代码"), \
	Q_STRING("object_type", 32, "对象类型"), \
	Q_STRING("object_id", 64, "对象编号"), \
	Q_INT("from", 0, TIME_MAX, "起始时间（Unix 秒）"), \
	Q_INT("to", 0, TIME_MAX, "结束时间（Unix 秒）")
static const struct query_param audit_query[] = {
	Q_PAGING(audit_sorts),
	AUDIT_FILTERS,
	Q_END,
};
static const struct query_param audit_export_query[] = {
	AUDIT_FILTERS,
	Q_END,
};

#define EXPORT ROUTE_AUDIT
#define ROUTE(m, p, perm, scope, flags, fields, query, action, object, handler) \
	{ m, p, perm, scope, flags, fields, query, action, object, handler }

static const struct route routes[] = {
	ROUTE("GET", "/healthz", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_PUBLIC, NULL, NULL, "health.read", "system", api_healthz),
	ROUTE("POST", "/api/v1/session", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_OWN_TX, session_fields, NULL, "session.create", "session", api_session_create),
	ROUTE("DELETE", "/api/v1/session", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP, NULL, NULL, "session.delete", "session", api_session_delete),
	ROUTE("GET", "/api/v1/me", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP, NULL, NULL, "me.read", "user", api_me),
	ROUTE("GET", "/api/v1/meta", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP, NULL, NULL, "meta.read", "system", api_meta),
	ROUTE("GET", "/api/v1/openapi.json", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, NULL, "openapi.read", "system", api_openapi),
	ROUTE("POST", "/api/v1/me/password", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_OWN_TX, password_fields, NULL, "me.password", "user", api_me_password),
	ROUTE("POST", "/api/v1/me/totp/setup", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP, no_fields, NULL, "me.totp_setup", "user", api_me_totp_setup),
	ROUTE("POST", "/api/v1/me/totp/enable", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP, totp_enable_fields, NULL, "me.totp_enable", "user", api_me_totp_enable),
	ROUTE("POST", "/api/v1/me/totp/disable", PERM_SIGNED_IN, SCOPE_RULE_NONE, ROUTE_BEFORE_TOTP | ROUTE_OWN_TX, totp_disable_fields, NULL, "me.totp_disable", "user", api_me_totp_disable),
	ROUTE("GET", "/api/v1/users", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, 0, NULL, user_query, "user.list", "user", api_users_list),
	ROUTE("GET", "/api/v1/users/export.xlsx", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, EXPORT, NULL, user_query, "user.export", "user", api_users_export),
	ROUTE("POST", "/api/v1/users", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, ROUTE_OWN_TX, user_create_fields, NULL, "user.create", "user", api_users_create),
	ROUTE("GET", "/api/v1/users/{id}", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, 0, NULL, NULL, "user.read", "user", api_users_get),
	ROUTE("PATCH", "/api/v1/users/{id}", PERM_USER_MANAGE, SCOPE_RULE_DIVISION, ROUTE_OWN_TX, user_update_fields, NULL, "user.update", "user", api_users_update),
	ROUTE("GET", "/api/v1/roles", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, NULL, NULL, "role.list", "role", api_roles_list),
	ROUTE("GET", "/api/v1/roles/export.xlsx", PERM_USER_MANAGE, SCOPE_RULE_NONE, EXPORT, NULL, NULL, "role.export", "role", api_roles_export),
	ROUTE("POST", "/api/v1/roles", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, role_create_fields, NULL, "role.create", "role", api_roles_create),
	ROUTE("PATCH", "/api/v1/roles/{id}", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, role_update_fields, NULL, "role.update", "role", api_roles_update),
	ROUTE("GET", "/api/v1/permissions", PERM_USER_MANAGE, SCOPE_RULE_NONE, 0, NULL, NULL, "permission.list", "role", api_permissions_list),
	ROUTE("GET", "/api/v1/divisions", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, NULL, "division.list", "division", api_divisions_list),
	ROUTE("GET", "/api/v1/divisions/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_NONE, EXPORT, NULL, NULL, "division.export", "division", api_divisions_export),
	ROUTE("POST", "/api/v1/divisions", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, division_create_fields, NULL, "division.create", "division", api_divisions_create),
	ROUTE("PATCH", "/api/v1/divisions/{code}", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, division_update_fields, NULL, "division.update", "division", api_divisions_update),
	ROUTE("GET", "/api/v1/units", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, NULL, "unit.list", "unit", api_units_list),
	ROUTE("GET", "/api/v1/units/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_NONE, EXPORT, NULL, unit_export_query, "unit.export", "unit", api_units_export),
	ROUTE("POST", "/api/v1/units", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, unit_create_fields, NULL, "unit.create", "unit", api_units_create),
	ROUTE("PATCH", "/api/v1/units/{id}", PERM_ORG_MANAGE, SCOPE_RULE_NONE, 0, unit_update_fields, NULL, "unit.update", "unit", api_units_update),
	ROUTE("POST", "/api/v1/plans/parse", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, plan_parse_fields, NULL, "plan.parse", "plan", api_plans_parse),
	ROUTE("GET", "/api/v1/plans", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "plan.list", "plan", api_plans_list),
	ROUTE("POST", "/api/v1/plans", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, plan_create_fields, NULL, "plan.import", "plan", api_plans_create),
	ROUTE("GET", "/api/v1/plans/{id}", PERM_PLAN_READ, SCOPE_RULE_NONE, 0, NULL, NULL, "plan.read", "plan", api_plans_get),
	ROUTE("GET", "/api/v1/plans/{id}/scores", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "plan.scores", "plan", api_plans_scores),
	ROUTE("GET", "/api/v1/plans/{id}/scores/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, NULL, "plan.scores_export", "plan", api_plans_scores_export),
	ROUTE("GET", "/api/v1/todo", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "todo.read", "task", api_todo),
	ROUTE("GET", "/api/v1/tasks", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, task_query, "task.list", "task", api_tasks_list),
	ROUTE("GET", "/api/v1/tasks/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, task_query, "task.export", "task", api_tasks_export),
	ROUTE("GET", "/api/v1/tasks/{id}", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "task.read", "task", api_tasks_get),
	ROUTE("POST", "/api/v1/tasks/batch/sign", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, task_batch_fields, NULL, "task.batch_sign", "task", api_tasks_batch_sign),
	ROUTE("POST", "/api/v1/tasks/batch/deadline", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, task_batch_deadline_fields, NULL, "task.batch_deadline", "task", api_tasks_batch_deadline),
	ROUTE("PATCH", "/api/v1/tasks/{id}", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, task_update_fields, NULL, "task.update", "task", api_tasks_update),
	ROUTE("POST", "/api/v1/tasks/{id}/attachments", PERM_TASK_REPORT, SCOPE_RULE_UNIT, ROUTE_RAW_BODY, NULL, attachment_query, "task.attach", "task", api_tasks_attach),
	ROUTE("GET", "/api/v1/tasks/{id}/attachments/{aid}", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, NULL, "task.attachment_download", "task", api_tasks_attachment),
	/* the task's own unit (task.report) or the office (plan.manage): app_task_detach decides */
	ROUTE("DELETE", "/api/v1/tasks/{id}/attachments/{aid}", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "task.detach", "task", api_tasks_attachment_delete),
	ROUTE("POST", "/api/v1/tasks/{id}/supervise", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, supervise_fields, NULL, "task.supervise", "task", api_tasks_supervise),
	ROUTE("GET", "/api/v1/notifications", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, NULL, notification_query, "notification.list", "notification", api_notifications_list),
	ROUTE("POST", "/api/v1/notifications/read-all", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, no_fields, NULL, "notification.read_all", "notification", api_notifications_read_all),
	ROUTE("POST", "/api/v1/notifications/{id}/read", PERM_SIGNED_IN, SCOPE_RULE_NONE, 0, no_fields, NULL, "notification.read", "notification", api_notifications_read),
	ROUTE("GET", "/api/v1/supervisions", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, supervision_query, "supervision.list", "supervision", api_supervisions_list),
	ROUTE("GET", "/api/v1/supervisions/export.xlsx", PERM_PLAN_READ, SCOPE_RULE_UNIT, EXPORT, NULL, supervision_query, "supervision.export", "supervision", api_supervisions_export),
	ROUTE("GET", "/api/v1/supervisions/{id}", PERM_PLAN_READ, SCOPE_RULE_UNIT, 0, NULL, NULL, "supervision.read", "supervision", api_supervisions_get),
	ROUTE("POST", "/api/v1/supervisions/{id}/sign", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, no_fields, NULL, "supervision.sign", "supervision", api_supervisions_sign),
	ROUTE("POST", "/api/v1/supervisions/{id}/reply", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, supervision_reply_fields, NULL, "supervision.reply", "supervision", api_supervisions_reply),
	ROUTE("POST", "/api/v1/tasks/{id}/extension", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, extension_fields, NULL, "task.extension_request", "task", api_tasks_extension),
	ROUTE("POST", "/api/v1/tasks/{id}/reassign", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, reassign_fields, NULL, "task.reassign_request", "task", api_tasks_reassign),
	ROUTE("GET", "/api/v1/task-requests", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, NULL, task_request_query, "task_request.list", "task", api_task_requests_list),
	ROUTE("POST", "/api/v1/task-requests/{id}/decide", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, decide_fields, NULL, "task_request.decide", "task", api_task_requests_decide),
	ROUTE("POST", "/api/v1/plans/{id}/deadline", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, plan_deadline_fields, NULL, "plan.deadline", "plan", api_plans_deadline),
	ROUTE("POST", "/api/v1/supervisions/run", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, no_fields, NULL, "supervision.run", "supervision", api_supervisions_run),
	ROUTE("POST", "/api/v1/tasks/{id}/sign", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, no_fields, NULL, "task.sign", "task", api_tasks_sign),
	ROUTE("POST", "/api/v1/tasks/{id}/reports", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, report_fields, NULL, "task.report", "task", api_tasks_report),
	ROUTE("POST", "/api/v1/tasks/{id}/request-close", PERM_TASK_REPORT, SCOPE_RULE_UNIT, 0, note_fields, NULL, "task.request_close", "task", api_tasks_request_close),
	ROUTE("POST", "/api/v1/tasks/{id}/accept", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, note_fields, NULL, "task.accept", "task", api_tasks_accept),
	ROUTE("POST", "/api/v1/tasks/{id}/return", PERM_PLAN_MANAGE, SCOPE_RULE_UNIT, 0, return_fields, NULL, "task.return", "task", api_tasks_return),
	ROUTE("GET", "/api/v1/facilities/types", PERM_NETWORK_READ, SCOPE_RULE_NONE, 0, NULL, NULL, "facility.types", "facility", api_facilities_types),
	ROUTE("GET", "/api/v1/facilities", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, facility_query, "facility.list", "facility", api_facilities_list),
	ROUTE("GET", "/api/v1/facilities/export.xlsx", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, EXPORT, NULL, facility_export_query, "facility.export", "facility", api_facilities_export),
	ROUTE("GET", "/api/v1/facilities/template", PERM_NETWORK_READ, SCOPE_RULE_NONE, 0, NULL, facility_type_query, "facility.template", "facility", api_facilities_template),
	ROUTE("GET", "/api/v1/facilities/vacancies", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, NULL, "facility.vacancies", "facility", api_facilities_vacancies),
	ROUTE("POST", "/api/v1/facilities/import", PERM_NETWORK_MANAGE, SCOPE_RULE_DIVISION, ROUTE_RAW_BODY, NULL, facility_import_query, "facility.import", "facility", api_facilities_import),
	ROUTE("POST", "/api/v1/facilities", PERM_NETWORK_MANAGE, SCOPE_RULE_DIVISION, 0, facility_create_fields, NULL, "facility.create", "facility", api_facilities_create),
	ROUTE("GET", "/api/v1/facilities/{id}", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, NULL, "facility.read", "facility", api_facilities_get),
	ROUTE("PATCH", "/api/v1/facilities/{id}", PERM_NETWORK_MANAGE, SCOPE_RULE_DIVISION, 0, facility_update_fields, NULL, "facility.update", "facility", api_facilities_update),
	ROUTE("DELETE", "/api/v1/facilities/{id}", PERM_NETWORK_MANAGE, SCOPE_RULE_DIVISION, 0, facility_delete_fields, NULL, "facility.delete", "facility", api_facilities_delete),
	ROUTE("GET", "/api/v1/indicators", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, indicator_query, "indicator.list", "plan", api_indicators),
	ROUTE("GET", "/api/v1/indicators/{item}/{tidx}/records", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, indicator_records_query, "indicator.records", "plan", api_indicator_records),
	ROUTE("GET", "/api/v1/indicator-definitions", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, NULL, NULL, "indicator.definitions", "plan", api_indicator_definitions),
	ROUTE("PUT", "/api/v1/plans/{id}/targets/{tid}/binding", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, binding_fields, NULL, "plan.bind", "plan", api_plans_binding_put),
	ROUTE("DELETE", "/api/v1/plans/{id}/targets/{tid}/binding", PERM_PLAN_MANAGE, SCOPE_RULE_NONE, 0, NULL, NULL, "plan.unbind", "plan", api_plans_binding_delete),
	ROUTE("GET", "/api/v1/trainings", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, training_query, "training.list", "training", api_trainings_list),
	ROUTE("POST", "/api/v1/trainings", PERM_NETWORK_MANAGE, SCOPE_RULE_DIVISION, 0, training_create_fields, NULL, "training.create", "training", api_trainings_create),
	ROUTE("GET", "/api/v1/trainings/export.xlsx", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, EXPORT, NULL, training_query, "training.export", "training", api_trainings_export),
	ROUTE("GET", "/api/v1/trainings/{id}", PERM_NETWORK_READ, SCOPE_RULE_REGISTER, 0, NULL, NULL, "training.read", "training", api_trainings_get),
	ROUTE("GET", "/api/v1/allowance-standards", PERM_CHILD_READ, SCOPE_RULE_NONE, 0, NULL, NULL, "allowance.standards", "allowance", api_allowance_standards_list),
	ROUTE("POST", "/api/v1/allowance-standards", PERM_CHILD_WRITE, SCOPE_RULE_NONE, 0, allowance_standard_fields, NULL, "allowance.standard", "allowance", api_allowance_standards_add),
	ROUTE("GET", "/api/v1/allowances/{month}/export.xlsx", PERM_CHILD_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, NULL, "allowance.export", "allowance", api_allowances_export),
	ROUTE("GET", "/api/v1/allowances/{month}", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, NULL, "allowance.list", "allowance", api_allowances_get),
	ROUTE("POST", "/api/v1/allowances/{month}/approve", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, no_fields, NULL, "allowance.approve", "allowance", api_allowances_approve),
	ROUTE("GET", "/api/v1/children", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, child_query, "child.list", "child", api_children_list),
	ROUTE("GET", "/api/v1/children/export.xlsx", PERM_CHILD_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, child_export_query, "child.export", "child", api_children_export),
	ROUTE("GET", "/api/v1/children/template", PERM_CHILD_WRITE, SCOPE_RULE_NONE, 0, NULL, NULL, "child.template", "child", api_children_template),
	ROUTE("GET", "/api/v1/children/rejects/{id}", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, EXPORT, NULL, NULL, "child.rejects", "child", api_children_rejects),
	ROUTE("POST", "/api/v1/children/lookup", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, child_lookup_fields, NULL, "child.lookup", "child", api_children_lookup),
	ROUTE("POST", "/api/v1/children/import", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, ROUTE_RAW_BODY, NULL, child_import_query, "child.import", "child", api_children_import),
	ROUTE("POST", "/api/v1/children", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_create_fields, NULL, "child.create", "child", api_children_create),
	ROUTE("GET", "/api/v1/children/visits/overdue", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, child_overdue_query, "child.visits_overdue", "child", api_children_visits_overdue),
	ROUTE("GET", "/api/v1/children/visits/overdue/summary", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, child_overdue_summary_query, "child.visits_summary", "child", api_children_visits_overdue_summary),
	ROUTE("GET", "/api/v1/children/transfers", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, NULL, "child.transfers", "child", api_children_transfers),
	/* the county's towns and villages for a transfer's destination: not personal data, county-wide on purpose */
	ROUTE("GET", "/api/v1/children/destinations", PERM_CHILD_WRITE, SCOPE_RULE_NONE, 0, NULL, NULL, "child.destinations", "division", api_children_destinations),
	ROUTE("GET", "/api/v1/children/{id}", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, NULL, child_get_query, "child.read", "child", api_children_get),
	/* pii.reveal is checked by the handler, so that a refused reveal is audited with its reason */
	ROUTE("POST", "/api/v1/children/{id}/reveal", PERM_CHILD_READ, SCOPE_RULE_DIVISION, 0, child_reveal_fields, NULL, "child.reveal", "child", api_children_reveal),
	ROUTE("POST", "/api/v1/children/{id}/parents", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_parent_fields, NULL, "child.parent_add", "child", api_children_parent_add),
	ROUTE("POST", "/api/v1/children/{id}/visits", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_visit_fields, NULL, "child.visit_add", "child", api_children_visit_add),
	ROUTE("PATCH", "/api/v1/children/{id}", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_update_fields, NULL, "child.update", "child", api_children_update),
	ROUTE("POST", "/api/v1/children/{id}/transfer", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_transfer_fields, NULL, "child.transfer", "child", api_children_transfer),
	ROUTE("POST", "/api/v1/children/{id}/transfer/accept", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, no_fields, NULL, "child.transfer_accept", "child", api_children_transfer_accept),
	ROUTE("POST", "/api/v1/children/{id}/guardians", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_guardian_fields, NULL, "child.guardian_add", "child", api_children_guardian_add),
	ROUTE("DELETE", "/api/v1/children/{id}/guardians/{gid}", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_guardian_remove_fields, NULL, "child.guardian_remove", "child", api_children_guardian_remove),
	ROUTE("POST", "/api/v1/children/{id}/parents/{pid}/end", PERM_CHILD_WRITE, SCOPE_RULE_DIVISION, 0, child_parent_end_fields, NULL, "child.parent_end", "child", api_children_parent_end),
	/* a reporter's own reports: only what they filed, whatever their scope (created_by) */
	ROUTE("POST", "/api/v1/reports", PERM_CASE_INTAKE, SCOPE_RULE_DIVISION, 0, case_report_fields, NULL, "case.report", "case", api_reports_create),
	ROUTE("GET", "/api/v1/reports", PERM_CASE_INTAKE, SCOPE_RULE_DIVISION, 0, NULL, report_query, "case.report_list", "case", api_reports_list),
	ROUTE("GET", "/api/v1/reports/{id}", PERM_CASE_INTAKE, SCOPE_RULE_DIVISION, 0, NULL, NULL, "case.report_read", "case", api_reports_get),
	ROUTE("POST", "/api/v1/cases", PERM_CASE_MANAGE, SCOPE_RULE_DIVISION, 0, case_intake_fields, NULL, "case.create", "case", api_cases_create),
	ROUTE("GET", "/api/v1/cases", PERM_CASE_READ, SCOPE_RULE_DIVISION, 0, NULL, case_query, "case.list", "case", api_cases_list),
	ROUTE("GET", "/api/v1/cases/export.xlsx", PERM_CASE_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, case_export_query, "case.export", "case", api_cases_export),
	/* dashboard.read or case.read (the handler checks which): the counts of
	 * the caller's scope, never a case */
	ROUTE("GET", "/api/v1/cases/stats", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, 0, NULL, case_stats_query, "case.stats", "case", api_cases_stats),
	ROUTE("GET", "/api/v1/cases/stats/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, EXPORT, NULL, case_stats_query, "case.stats_export", "case", api_cases_stats_export),
	ROUTE("GET", "/api/v1/cases/{id}", PERM_CASE_READ, SCOPE_RULE_DIVISION, ROUTE_AUDIT, NULL, NULL, "case.read", "case", api_cases_get),
	ROUTE("POST", "/api/v1/cases/{id}/events", PERM_CASE_READ, SCOPE_RULE_DIVISION, 0, case_event_fields, NULL, "case.event", "case", api_cases_event),
	ROUTE("POST", "/api/v1/cases/{id}/measures", PERM_CASE_MANAGE, SCOPE_RULE_DIVISION, 0, measure_create_fields, NULL, "case.measure_assign", "case", api_case_measures_create),
	/* measures: case.measure (a unit's own), case.read or case.manage (the
	 * cases of the scope); the handlers check which */
	ROUTE("GET", "/api/v1/measures", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, 0, NULL, measure_query, "measure.list", "measure", api_measures_list),
	ROUTE("GET", "/api/v1/measures/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, EXPORT, NULL, measure_export_query, "measure.export", "measure", api_measures_export),
	ROUTE("GET", "/api/v1/measures/{id}", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, ROUTE_AUDIT, NULL, NULL, "measure.read", "measure", api_measures_get),
	ROUTE("POST", "/api/v1/measures/{id}/events", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, 0, measure_event_fields, NULL, "measure.event", "measure", api_measures_event),
	ROUTE("POST", "/api/v1/cases/{id}/listing", PERM_CASE_SUPERVISE, SCOPE_RULE_DIVISION, 0, listing_create_fields, NULL, "case.list_supervise", "case", api_case_listing_create),
	ROUTE("POST", "/api/v1/cases/{id}/listing/reports", PERM_CASE_MANAGE, SCOPE_RULE_DIVISION, 0, listing_report_fields, NULL, "case.listing_report", "case", api_case_listing_report),
	ROUTE("POST", "/api/v1/cases/{id}/listing/lift", PERM_CASE_SUPERVISE, SCOPE_RULE_DIVISION, 0, listing_lift_fields, NULL, "case.listing_lift", "case", api_case_listing_lift),
	ROUTE("GET", "/api/v1/listings", PERM_CASE_READ, SCOPE_RULE_DIVISION, 0, NULL, listing_query, "listing.list", "case", api_listings_list),
	ROUTE("GET", "/api/v1/listings/export.xlsx", PERM_CASE_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, listing_export_query, "listing.export", "case", api_listings_export),
	/* family-education orders: read with guidance.manage or case.read (the handlers check) */
	ROUTE("POST", "/api/v1/guidance-orders", PERM_GUIDANCE_MANAGE, SCOPE_RULE_DIVISION, 0, guidance_order_fields, NULL, "guidance.create", "guidance_order", api_guidance_create),
	ROUTE("GET", "/api/v1/guidance-orders", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, 0, NULL, guidance_query, "guidance.list", "guidance_order", api_guidance_list),
	ROUTE("GET", "/api/v1/guidance-orders/export.xlsx", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, EXPORT, NULL, guidance_export_query, "guidance.export", "guidance_order", api_guidance_export),
	ROUTE("GET", "/api/v1/guidance-orders/{id}", PERM_SIGNED_IN, SCOPE_RULE_DIVISION, ROUTE_AUDIT, NULL, NULL, "guidance.read", "guidance_order", api_guidance_get),
	ROUTE("POST", "/api/v1/guidance-orders/{id}/sessions", PERM_GUIDANCE_MANAGE, SCOPE_RULE_DIVISION, 0, guidance_session_fields, NULL, "guidance.session", "guidance_order", api_guidance_session),
	ROUTE("POST", "/api/v1/guidance-orders/{id}/checks", PERM_GUIDANCE_MANAGE, SCOPE_RULE_DIVISION, 0, guidance_check_fields, NULL, "guidance.check", "guidance_order", api_guidance_check),
	ROUTE("POST", "/api/v1/guidance-orders/{id}/close", PERM_GUIDANCE_MANAGE, SCOPE_RULE_DIVISION, 0, guidance_close_fields, NULL, "guidance.close", "guidance_order", api_guidance_close),
	/* background checks: the registry only for its keepers (check.registry, which
	 * not even admin holds); the rosters scoped like children, an HR user to their
	 * institution */
	ROUTE("POST", "/api/v1/checks/registry/import", PERM_CHECK_REGISTRY, SCOPE_RULE_NONE, ROUTE_RAW_BODY, NULL, check_import_query, "check.registry_import", "check", api_checks_registry_import),
	ROUTE("GET", "/api/v1/checks/registry", PERM_CHECK_REGISTRY, SCOPE_RULE_NONE, 0, NULL, NULL, "check.registry", "check", api_checks_registry),
	ROUTE("GET", "/api/v1/checks/registry/template", PERM_CHECK_REGISTRY, SCOPE_RULE_NONE, 0, NULL, NULL, "check.registry_template", "check", api_checks_registry_template),
	ROUTE("GET", "/api/v1/checks/template", PERM_CHECK_SUBMIT, SCOPE_RULE_NONE, 0, NULL, NULL, "check.template", "check", api_checks_template),
	ROUTE("GET", "/api/v1/checks/institutions", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, NULL, check_institution_query, "check.institutions", "check", api_checks_institutions),
	ROUTE("POST", "/api/v1/checks/runs", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, ROUTE_RAW_BODY, NULL, check_run_query, "check.run", "check", api_checks_runs_create),
	ROUTE("GET", "/api/v1/checks/runs", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, NULL, check_run_list_query, "check.runs", "check", api_checks_runs_list),
	ROUTE("GET", "/api/v1/checks/runs/{id}", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, NULL, check_run_rows_query, "check.run_read", "check", api_checks_runs_get),
	ROUTE("GET", "/api/v1/checks/runs/{id}/export.xlsx", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, EXPORT, NULL, check_run_export_query, "check.run_export", "check", api_checks_runs_export),
	ROUTE("GET", "/api/v1/checks/rejects/{id}", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, EXPORT, NULL, NULL, "check.rejects", "check", api_checks_rejects),
	ROUTE("GET", "/api/v1/checks/staff", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, NULL, check_staff_query, "check.staff_list", "check", api_checks_staff_list),
	ROUTE("GET", "/api/v1/checks/staff/export.xlsx", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, EXPORT, NULL, check_staff_export_query, "check.staff_export", "check", api_checks_staff_export),
	ROUTE("GET", "/api/v1/checks/staff/{id}", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, NULL, NULL, "check.staff_read", "check", api_checks_staff_get),
	ROUTE("POST", "/api/v1/checks/staff/{id}/recheck", PERM_CHECK_SUBMIT, SCOPE_RULE_DIVISION, 0, check_recheck_fields, NULL, "check.recheck", "check", api_checks_staff_recheck),
	ROUTE("GET", "/api/v1/checks/coverage", PERM_DASHBOARD_READ, SCOPE_RULE_REGISTER, 0, NULL, check_coverage_query, "check.coverage", "check", api_checks_coverage),
	ROUTE("GET", "/api/v1/audit", PERM_AUDIT_READ, SCOPE_RULE_DIVISION, 0, NULL, audit_query, "audit.list", "audit", api_audit_list),
	ROUTE("GET", "/api/v1/audit/export.xlsx", PERM_AUDIT_READ, SCOPE_RULE_DIVISION, EXPORT, NULL, audit_export_query, "audit.export", "audit", api_audit_export),
	ROUTE("GET", "/api/v1/audit/verify", PERM_AUDIT_READ, SCOPE_RULE_NONE, 0, NULL, NULL, "audit.verify", "audit", api_audit_verify),
};

const struct route *
api_routes(size_t *count)
{
	*count = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
