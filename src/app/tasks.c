#include "app/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "app/plan_import.h"
#include "app/supervise.h"
#include "store/meta.h"
#include "store/plans.h"
#include "store/supervisions.h"
#include "util/arena.h"
#include "util/vec.h"

void
config_light_rules(const struct wb_config *c, struct light_rules *out)
{
	light_rules_defaults(out);
	out->warn_days = c->task_warn_days;
	out->sign_days = c->task_sign_days;
	out->period = c->report_quarterly ? PERIOD_QUARTERLY : PERIOD_MONTHLY;
}

struct task_times
task_row_times(const struct task_row *t)
{
	return (struct task_times){ t->status, t->created_at, t->signed_at, t->deadline,
				    t->last_report_at };
}

enum task_light
app_task_light(const struct app_ctx *c, const struct task_row *t, const char **reason)
{
	struct task_times tt = task_row_times(t);
	struct light_rules rules;

	if (t->plan_archived) {         /* history: no light */
		if (reason)
			*reason = "";
		return LIGHT_GREEN;
	}
	config_light_rules(c->config, &rules);
	return task_light(&tt, &rules, c->now, reason);
}

enum wb_status
app_task_to_change(struct app_ctx *c, int64_t id, struct task_row *t, struct wb_err *err)
{
	enum wb_status rc = app_task_get(c, id, t, err);

	if (rc != WB_OK || !t->plan_archived)
		return rc;
	return wb_err_code(err, WB_ERR_CONFLICT, "plan_archived",
			   "该工作要点已归档（历史年度），其任务不能再办理、改期或督办");
}

void
app_task_moments(const struct app_ctx *c, struct task_row *t)
{
	struct task_times tt = task_row_times(t);
	struct light_rules rules;

	if (t->plan_archived) {
		t->yellow_at = t->red_at = 0;
		return;
	}
	config_light_rules(c->config, &rules);
	task_light_moments(&tt, &rules, &t->yellow_at, &t->red_at);
}

/* ---- light moments ---------------------------------------------------- */

struct moment {
	int64_t id, yellow_at, red_at;
};

struct moments {
	const struct app_ctx *c;
	struct vec changed;       /* of struct moment */
};

/* Collects the tasks whose moments differ from what the rules give. */
static void
collect_moment(const struct task_row *t, void *arg)
{
	struct moments *l = arg;
	struct task_row copy = *t;

	struct moment *m;

	app_task_moments(l->c, &copy);
	if (copy.yellow_at == t->yellow_at && copy.red_at == t->red_at)
		return;
	if ((m = vec_push(&l->changed)) != NULL)
		*m = (struct moment){ t->id, copy.yellow_at, copy.red_at };
}

enum wb_status
app_tasks_refresh_moments(struct app_ctx *c, int64_t plan_id, int64_t *changed,
			  struct wb_err *err)
{
	struct moments l = { .c = c, .changed = VEC_INIT(struct moment) };
	enum wb_status rc = store_task_each(c->st, c->scope, plan_id, collect_moment, &l, err);

	if (rc == WB_OK && l.changed.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < l.changed.n && rc == WB_OK; i++) {
		const struct moment *m = vec_at(&l.changed, i);
		rc = store_task_set_moments(c->st, m->id, m->yellow_at, m->red_at, err);
	}
	if (changed)
		*changed = rc == WB_OK ? (int64_t)l.changed.n : 0;
	vec_free(&l.changed);
	return rc;
}

enum wb_status
app_tasks_check_moments(struct app_ctx *c, bool *refreshed, struct wb_err *err)
{
	struct light_rules r;
	char want[96], have[96];
	enum wb_status rc;

	*refreshed = false;
	config_light_rules(c->config, &r);
	snprintf(want, sizeof(want), "warn=%d sign=%d period=%d utc=%d", r.warn_days, r.sign_days,
		 (int)r.period, r.utc_offset_s);
	rc = store_meta_get(c->st, "light_rules", have, sizeof(have), err);
	if (rc != WB_OK || strcmp(want, have) == 0)
		return rc;
	rc = store_begin(c->st, err);
	if (rc == WB_OK)
		rc = app_tasks_refresh_moments(c, 0, NULL, err);
	if (rc == WB_OK)
		rc = store_meta_set(c->st, "light_rules", want, err);
	if (rc == WB_OK)
		rc = store_commit(c->st, err);
	else
		store_rollback_all(c->st);
	*refreshed = rc == WB_OK;
	return rc;
}

/* ---- reading and acting --------------------------------------------------- */

enum wb_status
app_task_get(struct app_ctx *c, int64_t id, struct task_row *out, struct wb_err *err)
{
	return store_task_get(c->st, c->arena, c->scope, id, c->now, out, err);
}

struct target_ids {
	int64_t ids[64];
	size_t n;
};

static void
add_target_id(const struct target_row *t, void *arg)
{
	struct target_ids *l = arg;

	if (l->n < sizeof(l->ids) / sizeof(l->ids[0]))
		l->ids[l->n++] = t->id;
}

/* Checks that each figure names a target of the task's item, once. */
static enum wb_status
check_figures(struct app_ctx *c, const struct task_row *t, const struct task_figure *figs,
	      size_t nfigs, struct wb_err *err)
{
	struct target_ids l = { .n = 0 };
	enum wb_status rc = store_targets(c->st, 0, t->item_id, add_target_id, &l, err);

	if (rc != WB_OK)
		return rc;
	for (size_t i = 0; i < nfigs; i++) {
		bool known = false;
		for (size_t k = 0; k < l.n; k++)
			known = known || l.ids[k] == figs[i].target_id;
		for (size_t k = 0; k < i; k++)
			if (figs[k].target_id == figs[i].target_id)
				return wb_err_field(err, WB_ERR_INVALID, "figures", "同一指标只能填写一次");
		if (!known)
			return wb_err_field(err, WB_ERR_INVALID, "figures",
					    "指标数据应为 {target_id, value}，且指标属于本项任务");
	}
	return WB_OK;
}

enum wb_status
app_task_act(struct app_ctx *c, int64_t id, enum task_action a, const char *note,
	     const struct task_figure *figs, size_t nfigs, struct task_row *out, int64_t *event_id,
	     struct wb_err *err)
{
	enum task_status from, to;
	enum wb_status rc;

	*event_id = 0;
	rc = store_task_lock(c->st, id, err);
	if (rc == WB_OK)
		rc = app_task_to_change(c, id, out, err);
	if (rc != WB_OK)
		return rc;
	if (task_action_by_unit(a) && c->unit_id != out->unit_id)
		return wb_err_code(err, WB_ERR_DENIED, "not_your_task", "只能办理本单位的任务");
	from = out->status;
	to = task_transition(from, a);
	if (to == TASK_STATUS__MAX)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务当前为“%s”，不能执行此操作",
				   task_status_title(from));
	if (nfigs > 0 && (rc = check_figures(c, out, figs, nfigs, err)) != WB_OK)
		return rc;
	out->status = to;
	if (a == TASK_SIGN)
		out->signed_at = c->now;
	if (a == TASK_REPORT)
		out->last_report_at = c->now;
	if (a == TASK_ACCEPT)
		out->closed_at = c->now;
	if (a == TASK_RETURN)
		out->return_reason = note;
	app_task_moments(c, out);
	rc = store_task_set_state(c->st, out, from, c->now, err);
	if (rc == WB_OK && a == TASK_ACCEPT)   /* a closed task's 督办 notices are done */
		rc = store_supervision_resolve(c->st, id, c->now, NULL, err);
	if (rc == WB_OK && a == TASK_RETURN) {
		char title[600];
		snprintf(title, sizeof(title), "退回：工作要点第 %lld 条任务被退回，原因：%s",
			 (long long)out->item_number, note ? note : "");
		rc = app_notify_task(c, id, out->plan_id, out->unit_id, "returned", title, err);
	}
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, id, c->now, c->user_id, c->login, task_action_name(a),
					  task_status_name(to), note, event_id, err);
	for (size_t i = 0; i < nfigs && rc == WB_OK; i++)
		rc = store_report_figure_add(c->st, *event_id, figs[i].target_id, figs[i].value, err);
	if (rc == WB_OK)
		out->light = app_task_light(c, out, NULL);
	return rc;
}

enum wb_status
app_task_set_deadline(struct app_ctx *c, int64_t id, const char *date, struct task_row *out,
		      struct wb_err *err)
{
	int64_t when = plan_day_end(date);
	char note[96], from[16];
	struct task_row t;
	enum wb_status rc;

	if (when < 0)
		return wb_err_field(err, WB_ERR_INVALID, "deadline", "办理期限应为 YYYY-MM-DD 格式的日期");
	rc = app_task_to_change(c, id, &t, err);
	if (rc != WB_OK)
		return rc;
	calendar_format(t.deadline, CHINA_UTC_OFFSET_S, "%Y-%m-%d", from, sizeof(from));
	snprintf(note, sizeof(note), "办理期限由 %s 调整为 %s", from, date);
	t.deadline = when;
	app_task_moments(c, &t);
	rc = store_task_set_deadline(c->st, id, when, t.yellow_at, t.red_at, c->now, err);
	if (rc == WB_OK)
		rc = store_task_add_event(c->st, id, c->now, c->user_id, c->login, "deadline",
					  task_status_name(t.status), note, NULL, err);
	/* the automatic 督办 as the task now stands: lifted when no longer overdue */
	if (rc == WB_OK)
		rc = supervise_task_now(c, &t, err);
	if (rc == WB_OK && out) {
		t.light = app_task_light(c, &t, NULL);
		*out = t;
	}
	return rc;
}

/* Collects the ids of the tasks not yet closed. */
static void
collect_open(const struct task_row *t, void *arg)
{
	int64_t *id;

	if (t->status != TASK_CLOSED && (id = vec_push(arg)) != NULL)
		*id = t->id;
}

enum wb_status
app_plan_set_deadline(struct app_ctx *c, int64_t plan_id, const char *date, int64_t *changed,
		      struct wb_err *err)
{
	struct vec ids = VEC_INIT(int64_t);
	enum wb_status rc;

	*changed = 0;
	if (plan_day_end(date) < 0)
		return wb_err_field(err, WB_ERR_INVALID, "deadline", "办理期限应为 YYYY-MM-DD 格式的日期");
	rc = store_task_each(c->st, c->scope, plan_id, collect_open, &ids, err);
	if (rc == WB_OK && ids.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < ids.n && rc == WB_OK; i++) {
		rc = app_task_set_deadline(c, *(int64_t *)vec_at(&ids, i), date, NULL, err);
		*changed += rc == WB_OK;
	}
	vec_free(&ids);
	return rc;
}

enum wb_status
app_task_supervise(struct app_ctx *c, int64_t id, const char *reason, int64_t *sid, int *level,
		   struct wb_err *err)
{
	struct task_row t;
	enum wb_status rc;
	int open;

	if (reason == NULL || strspn(reason, " \t\r\n") == strlen(reason))
		return wb_err_field(err, WB_ERR_INVALID, "reason", "请填写督办事由");
	rc = app_task_to_change(c, id, &t, err);
	if (rc != WB_OK)
		return rc;
	if (t.status == TASK_CLOSED)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务已办结，无需督办");
	rc = store_supervision_max_level(c->st, id, &open, err);
	if (rc != WB_OK)
		return rc;
	*level = open < 3 ? open + 1 : 3;
	rc = supervision_issue(c, id, "manual", *level, reason, c->login, sid, err);
	if (rc == WB_OK) {
		char note[600];
		snprintf(note, sizeof(note), "%d 级督办单：%s", *level, reason);
		rc = store_task_add_event(c->st, id, c->now, c->user_id, c->login, "supervise",
					  task_status_name(t.status), note, NULL, err);
	}
	if (rc == WB_OK) {
		char title[600];
		snprintf(title, sizeof(title), "督办（%d 级）：工作要点第 %lld 条，%s", *level,
			 (long long)t.item_number, reason);
		rc = app_notify_task(c, id, t.plan_id, t.unit_id, "supervised", title, err);
	}
	return rc;
}

enum wb_status
app_task_attach(struct app_ctx *c, int64_t id, const char *filename, const char *content_type,
		const void *data, size_t len, int64_t *aid, struct wb_err *err)
{
	int64_t task_bytes = 0, unit_bytes = 0;
	struct task_row t;
	enum wb_status rc = app_task_to_change(c, id, &t, err);

	if (rc != WB_OK)
		return rc;
	if (c->unit_id != t.unit_id)
		return wb_err_code(err, WB_ERR_DENIED, "not_your_task", "只能为本单位的任务上传材料");
	if (t.status == TASK_CLOSED)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务已办结，不能再上传材料");
	/* in the write transaction: on SQLite two uploads cannot both take the last room */
	rc = store_attachment_bytes(c->st, id, 0, &task_bytes, err);
	if (rc == WB_OK)
		rc = store_attachment_bytes(c->st, 0, t.unit_id, &unit_bytes, err);
	if (rc != WB_OK)
		return rc;
	if (task_bytes + (int64_t)len > c->config->attachment_task_quota)
		return wb_err_code(err, WB_ERR_TOO_LARGE, "quota_exceeded",
				   "该任务的附件总量已达上限，请删除或压缩后再上传");
	if (unit_bytes + (int64_t)len > c->config->attachment_unit_quota)
		return wb_err_code(err, WB_ERR_TOO_LARGE, "quota_exceeded",
				   "本单位的附件总量已达上限，请联系未保办");
	return store_attachment_add(c->st, id, filename, content_type, data, len, c->now, c->login,
				    aid, err);
}

enum wb_status
app_task_detach(struct app_ctx *c, int64_t id, int64_t aid, struct detach_rights rights,
		struct attachment_row *out, struct wb_err *err)
{
	struct task_row t;
	enum wb_status rc;
	char note[400];

	memset(out, 0, sizeof(*out));
	rc = store_task_lock(c->st, id, err);
	if (rc == WB_OK)
		rc = app_task_to_change(c, id, &t, err);
	if (rc != WB_OK)
		return rc;
	if (!rights.office && !(rights.unit && c->unit_id == t.unit_id))
		return wb_err_code(err, WB_ERR_DENIED, "not_your_task",
				   "只能删除本单位任务的附件（未保办可删除任一任务的附件）");
	if (t.status == TASK_CLOSED)
		return wb_err_code(err, WB_ERR_CONFLICT, "wrong_status", "任务已办结，附件不能再删除");
	rc = store_attachment_delete(c->st, c->arena, id, aid, &out->filename, &out->size, err);
	if (rc != WB_OK)
		return rc;
	out->id = aid;
	out->task_id = id;
	snprintf(note, sizeof(note), "删除附件：%s", out->filename);
	return store_task_add_event(c->st, id, c->now, c->user_id, c->login, "detach",
				    task_status_name(t.status), note, NULL, err);
}

enum wb_status
app_task_attachment(struct app_ctx *c, int64_t id, int64_t aid, struct attachment_row *out,
		    struct wb_err *err)
{
	return store_attachment_get(c->st, c->arena, c->scope, id, aid, out, err);
}
