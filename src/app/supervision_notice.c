#include "app/supervision_notice.h"

#include <stdio.h>
#include <string.h>

#include "app/notify.h"
#include "app/tasks.h"
#include "core/supervise.h"

void
supervision_number(const struct supervision_row *s, char *out, size_t n)
{
	snprintf(out, n, "〔%d〕%d号", s->year, s->seq);
}

enum wb_status
app_supervision_get(struct app_ctx *c, int64_t sid, struct supervision_row *out,
		    struct task_row *task, int64_t *overdue_days, struct wb_err *err)
{
	struct task_times tt;
	struct light_rules rules;
	enum wb_status rc = store_supervision_get(c->st, c->arena, c->scope, sid, out, err);

	if (rc == WB_OK)
		rc = app_task_get(c, out->task_id, task, err);
	if (rc != WB_OK)
		return rc;
	tt = task_row_times(task);
	config_light_rules(c->config, &rules);
	*overdue_days = 0;
	supervision_level(&tt, &rules, c->config->escalate_days,
			  out->resolved_at ? out->resolved_at : c->now, overdue_days);
	return WB_OK;
}

/* Notice sid and its task, for the unit's answer: its own, still open. */
static enum wb_status
notice_to_answer(struct app_ctx *c, int64_t sid, struct supervision_row *s, struct task_row *t,
		 struct wb_err *err)
{
	enum wb_status rc = store_supervision_get(c->st, c->arena, c->scope, sid, s, err);

	if (rc == WB_OK)
		rc = store_task_lock(c->st, s->task_id, err);
	if (rc == WB_OK)
		rc = app_task_to_change(c, s->task_id, t, err);
	if (rc != WB_OK)
		return rc;
	if (c->unit_id != t->unit_id)
		return wb_err_code(err, WB_ERR_DENIED, "not_your_task", "只能签收、回复本单位的督办单");
	if (s->resolved_at)
		return wb_err_code(err, WB_ERR_CONFLICT, "resolved", "该督办单已解除，无需签收或回复");
	return WB_OK;
}

enum wb_status
app_supervision_sign(struct app_ctx *c, int64_t sid, struct wb_err *err)
{
	struct supervision_row s;
	char number[48], note[96];
	struct task_row t;
	enum wb_status rc = notice_to_answer(c, sid, &s, &t, err);

	if (rc == WB_OK)
		rc = store_supervision_sign(c->st, sid, c->now, c->login, err);
	supervision_number(&s, number, sizeof(number));
	snprintf(note, sizeof(note), "签收督办单 %s", number);
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, t.id, c->now, c->user_id, c->login,
					  "supervision_sign", task_status_name(t.status), note, NULL,
					  err);
	return rc;
}

enum wb_status
app_supervision_reply(struct app_ctx *c, int64_t sid, const char *reply, struct wb_err *err)
{
	struct supervision_row s;
	char number[48], text[2400];
	struct task_row t;
	enum wb_status rc;

	if (reply == NULL || reply[strspn(reply, " \t\r\n")] == '\0')
		return wb_err_field(err, WB_ERR_INVALID, "reply", "请填写回复内容：整改措施和办理情况");
	rc = notice_to_answer(c, sid, &s, &t, err);
	if (rc == WB_OK)
		rc = store_supervision_reply(c->st, sid, reply, c->now, c->login, err);
	supervision_number(&s, number, sizeof(number));
	snprintf(text, sizeof(text), "回复督办单 %s：%s", number, reply);
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, t.id, c->now, c->user_id, c->login,
					  "supervision_reply", task_status_name(t.status), text, NULL,
					  err);
	if (rc == WB_OK) {
		char title[2400];
		snprintf(title, sizeof(title), "督办回复：%s督办单（工作要点第 %lld 条），%s已回复",
			 number, (long long)t.item_number, t.unit_name);
		rc = app_notify_office(c, t.id, t.plan_id, "reply", title, err);
	}
	return rc;
}
