#include "app/task_requests.h"

#include <stdio.h>
#include <string.h>

#include "app/notify.h"
#include "app/plan_import.h"
#include "app/supervise.h"
#include "app/tasks.h"
#include "store/org.h"
#include "store/supervisions.h"
#include "store/tasks.h"

#define NOTE_MAX 2400

const char *
task_request_kind_name(enum task_request_kind k)
{
	return k == TASK_REQUEST_EXTENSION ? "extension" : "reassign";
}

const char *
task_request_kind_title(const char *name)
{
	return name && strcmp(name, "extension") == 0 ? "延期申请" : "退回交办";
}

/* True when s holds something besides white space. */
static bool
filled(const char *s)
{
	return s && s[strspn(s, " \t\r\n")] != '\0';
}

/* "YYYY-MM-DD" of a deadline, China time. */
static void
day_of(int64_t t, char *out, size_t n)
{
	calendar_format(t, CHINA_UTC_OFFSET_S, "%Y-%m-%d", out, n);
}

enum wb_status
app_task_request(struct app_ctx *c, int64_t task_id, enum task_request_kind kind,
		 const char *reason, const char *date, int64_t *rid, struct wb_err *err)
{
	const char *name = task_request_kind_name(kind);
	char note[NOTE_MAX], from[16];
	int64_t when = 0, pending;
	struct task_row t;
	enum wb_status rc;

	if (!filled(reason))
		return wb_err_field(err, WB_ERR_INVALID, "reason",
				    kind == TASK_REQUEST_EXTENSION ? "请填写延期理由"
								   : "请说明该任务不属于本单位职责的理由");
	rc = store_task_lock(c->st, task_id, err);
	if (rc == WB_OK)
		rc = app_task_to_change(c, task_id, &t, err);
	if (rc != WB_OK)
		return rc;
	if (c->unit_id != t.unit_id)
		return wb_err_code(err, WB_ERR_DENIED, "not_your_task", "只能为本单位的任务提出申请");
	if (t.status == TASK_CLOSED)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务已办结，不能再提出申请");
	day_of(t.deadline, from, sizeof(from));
	if (kind == TASK_REQUEST_EXTENSION) {
		if (date == NULL || (when = plan_day_end(date)) < 0)
			return wb_err_field(err, WB_ERR_INVALID, "deadline",
					    "请选择申请延至的日期（YYYY-MM-DD）");
		if (when <= t.deadline)
			return wb_err_field(err, WB_ERR_INVALID, "deadline",
					    "申请延至的日期应晚于当前办理期限 %s", from);
	}
	rc = store_task_request_pending(c->st, task_id, name, &pending, err);
	if (rc == WB_OK && pending)
		return wb_err_code(err, WB_ERR_CONFLICT, "already_requested",
				   "该任务已有一份%s等待市未保办审批", task_request_kind_title(name));
	if (rc == WB_OK)
		rc = store_task_request_add(c->st, task_id, name, reason, when, c->now, c->login, rid,
					    err);
	if (kind == TASK_REQUEST_EXTENSION)
		snprintf(note, sizeof(note), "申请将办理期限由 %s 延至 %s。理由：%s", from, date, reason);
	else
		snprintf(note, sizeof(note), "申请退回交办（非本单位职责）。理由：%s", reason);
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, task_id, c->now, c->user_id, c->login,
					  kind == TASK_REQUEST_EXTENSION ? "extension_request"
									 : "reassign_request",
					  task_status_name(t.status), note, NULL, err);
	if (rc == WB_OK) {
		char title[NOTE_MAX];
		snprintf(title, sizeof(title), "%s待审批：工作要点第 %lld 条，%s：%s",
			 task_request_kind_title(name), (long long)t.item_number, t.unit_name, reason);
		rc = app_notify_office(c, task_id, t.plan_id, "request", title, err);
	}
	return rc;
}

/* Approving a 退回交办: the task goes to unit_id, to be signed for anew; its
 * open 督办 notices (addressed to the unit that gave it back) are lifted. */
static enum wb_status
reassign(struct app_ctx *c, struct task_row *t, int64_t unit_id, char *note, size_t n,
	 struct wb_err *err)
{
	struct unit u;
	enum wb_status rc;

	if (unit_id <= 0)
		return wb_err_field(err, WB_ERR_INVALID, "unit_id", "请选择改由哪个单位承办");
	if (unit_id == t->unit_id)
		return wb_err_field(err, WB_ERR_INVALID, "unit_id", "请选择另一个承办单位");
	rc = store_unit_get(c->st, unit_id, &u, err);
	if (rc == WB_ERR_NOTFOUND)
		return wb_err_field(err, WB_ERR_INVALID, "unit_id", "承办单位不存在");
	if (rc != WB_OK)
		return rc;
	t->status = TASK_PENDING;
	t->created_at = c->now;
	t->signed_at = t->last_report_at = t->closed_at = 0;
	app_task_moments(c, t);
	rc = store_task_set_unit(c->st, t->id, unit_id, c->now, t->yellow_at, t->red_at, err);
	if (rc == WB_ERR_CONFLICT)
		return wb_err_code(err, WB_ERR_CONFLICT, "unit_has_item",
				   "%s已承担该项工作要点的任务，不能重复交办", u.name);
	if (rc == WB_OK)
		rc = store_supervision_resolve(c->st, t->id, c->now, NULL, err);
	snprintf(note + strlen(note), n - strlen(note), "任务改由%s承办。", u.name);
	if (rc == WB_OK) {
		char title[NOTE_MAX];
		snprintf(title, sizeof(title), "交办：工作要点第 %lld 条任务改由本单位承办，请签收",
			 (long long)t->item_number);
		rc = app_notify_task(c, t->id, t->plan_id, unit_id, "assigned", title, err);
	}
	t->unit_id = unit_id;
	return rc;
}

enum wb_status
app_task_request_decide(struct app_ctx *c, int64_t rid, bool approve, const char *note,
			int64_t unit_id, struct task_request_row *out, struct wb_err *err)
{
	char text[NOTE_MAX] = "", day[16], title[NOTE_MAX + 64];
	bool extension;
	int64_t old_unit;
	struct task_row t;
	enum wb_status rc;

	rc = store_task_request_get(c->st, c->arena, c->scope, rid, out, err);
	if (rc != WB_OK)
		return rc;
	if (out->decision)
		return wb_err_code(err, WB_ERR_CONFLICT, "already_decided", "该申请已经处理过");
	if (!approve && !filled(note))
		return wb_err_field(err, WB_ERR_INVALID, "note", "不同意时请说明理由");
	extension = strcmp(out->kind, "extension") == 0;
	rc = store_task_lock(c->st, out->task_id, err);
	if (rc == WB_OK)
		rc = app_task_to_change(c, out->task_id, &t, err);
	if (rc != WB_OK)
		return rc;
	if (t.status == TASK_CLOSED)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务已办结，申请无需再审批");
	old_unit = t.unit_id;
	snprintf(text, sizeof(text), "%s%s。", task_request_kind_title(out->kind),
		 approve ? "已同意" : "未同意");
	if (approve && extension) {
		day_of(out->deadline, day, sizeof(day));
		rc = app_task_set_deadline(c, t.id, day, NULL, err);
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "办理期限调整为 %s。", day);
	} else if (approve) {
		rc = reassign(c, &t, unit_id, text, sizeof(text), err);
	}
	if (filled(note))
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "意见：%s", note);
	if (rc == WB_OK)
		rc = store_task_request_decide(c->st, rid, approve, note, c->now, c->login, err);
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, t.id, c->now, c->user_id, c->login,
					  extension ? (approve ? "extension_approved" : "extension_rejected")
						    : (approve ? "reassign_approved" : "reassign_rejected"),
					  task_status_name(t.status), text, NULL, err);
	snprintf(title, sizeof(title), "审批结果：工作要点第 %lld 条，%s", (long long)t.item_number,
		 text);
	if (rc == WB_OK)
		rc = app_notify_task(c, t.id, t.plan_id, old_unit, "decision", title, err);
	if (rc == WB_OK) {
		out->decision = approve ? "approved" : "rejected";
		out->decided_at = c->now;
		out->decided_by = c->login;
		out->decision_note = filled(note) ? note : NULL;
	}
	return rc;
}
