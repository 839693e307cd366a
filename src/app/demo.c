#include "app/demo.h"

#include <stdio.h>
#include <string.h>

#include "app/plan_import.h"
#include "app/supervise.h"
#include "app/supervision_notice.h"
#include "app/task_requests.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/supervisions.h"
#include "store/tasks.h"
#include "util/arena.h"

/* The example notice; every %s is the year. */
static const char demo_notice[] =
	"文件编号: 桐未工委办〔%s〕99号\n"
	"关于印发《桐乡市未成年人保护工作委员会%s年工作要点（示例）》的通知\n"
	"各成员单位：\n"
	"本工作要点为系统演示用的示例数据，并非正式文件，可随时删除数据目录重新生成。\n"
	"一、示例：常规工作\n"
	"1.开展困境儿童、留守儿童走访排查，建立动态管理台账。(责任部门:市民政局)\n"
	"2.开展校园安全隐患排查整治，中小学幼儿园一键报警覆盖率达到95%%以上。(责任部门:市教育局)\n"
	"3.开展未成年人心理健康服务进社区活动。(责任部门:市卫生健康局)\n"
	"二、示例：重点工作\n"
	"4.依法打击侵害未成年人违法犯罪，落实强制报告制度。(责任部门:市公安局)\n"
	"5.开展“护苗”专项行动，净化未成年人网络环境。(责任部门:市委宣传部)\n"
	"6.推进家庭教育指导服务站点建设。(责任部门:市妇联)\n"
	"桐乡市未成年人保护工作委员会办公室 %s年1月5日\n";

enum { DEMO_ITEMS = 6 };

struct demo_task {
	int64_t id, unit_id, item_id;
};

static void
collect(const struct task_row *t, void *arg)
{
	struct demo_task *tasks = arg;

	if (t->item_number >= 1 && t->item_number <= DEMO_ITEMS)
		tasks[t->item_number - 1] = (struct demo_task){ t->id, t->unit_id, t->item_id };
}

static void
first_target(const struct target_row *t, void *arg)
{
	int64_t *id = arg;

	if (*id == 0)
		*id = t->id;
}

static void
count_notice(const struct supervision_row *s, void *arg)
{
	(void)s;
	(*(int *)arg)++;
}

static void
first_notice(const struct supervision_row *s, void *arg)
{
	int64_t *id = arg;

	if (*id == 0)
		*id = s->id;
}

/* The unit's side of the example: a 延期申请 waiting on item 3's task, and
 * the overdue item 6's 督办单 signed for and answered. */
static enum wb_status
answers(struct app_ctx *c, const struct demo_task *asking, const struct demo_task *overdue,
	struct wb_err *err)
{
	struct app_ctx as = *c;
	char later[16];
	int64_t rid, sid = 0;
	struct task_row t;
	enum wb_status rc = app_task_get(c, asking->id, &t, err);

	if (rc != WB_OK)
		return rc;
	calendar_format(t.deadline + 30 * 86400, CHINA_UTC_OFFSET_S, "%Y-%m-%d", later,
			sizeof(later));
	as.unit_id = asking->unit_id;
	rc = app_task_request(&as, asking->id, TASK_REQUEST_EXTENSION,
			      "【示例】社区活动场地需与各镇街协调，申请延期一个月。", later, &rid, err);
	if (rc == WB_OK)
		rc = store_supervisions_of_task(c->st, overdue->id, first_notice, &sid, err);
	if (rc == WB_OK && sid) {
		as.unit_id = overdue->unit_id;
		rc = app_supervision_reply(&as, sid, "【示例】已召开专题会议部署，本月内完成站点建设。",
					   err);
	}
	return rc;
}

/* Runs the actions of list on task t, the unit's as its unit would. */
static enum wb_status
act(struct app_ctx *c, const struct demo_task *t, const enum task_action *list, size_t n,
    const struct task_figure *fig, struct wb_err *err)
{
	struct app_ctx as = *c;
	static const char *const notes[TASK_ACTION__MAX] = {
		[TASK_REPORT] = "【示例】已完成阶段性工作，相关台账已建立。",
		[TASK_REQUEST_CLOSE] = "【示例】各项工作已完成，申请办结。",
		[TASK_ACCEPT] = "【示例】材料齐全，同意办结。",
		[TASK_RETURN] = "【示例】请补充强制报告制度落实情况的佐证材料。",
	};
	struct task_row row;
	int64_t event;
	enum wb_status rc = WB_OK;

	for (size_t i = 0; i < n && rc == WB_OK; i++) {
		as.unit_id = task_action_by_unit(list[i]) ? t->unit_id : 0;
		rc = app_task_act(&as, t->id, list[i], notes[list[i]],
				  list[i] == TASK_REPORT ? fig : NULL,
				  list[i] == TASK_REPORT && fig ? 1 : 0, &row, &event, err);
	}
	return rc;
}

/* The steps of app_demo_load, with w->arena for the rows they read. */
static enum wb_status
load(struct app_ctx *c, struct demo_result *res, struct wb_err *err)
{
	static const enum task_action sign[] = { TASK_SIGN };
	static const enum task_action report[] = { TASK_SIGN, TASK_REPORT };
	static const enum task_action returned[] = { TASK_SIGN, TASK_REPORT, TASK_REQUEST_CLOSE,
						     TASK_RETURN };
	static const enum task_action closed[] = { TASK_SIGN, TASK_REPORT, TASK_REQUEST_CLOSE,
						   TASK_ACCEPT };
	struct demo_task tasks[DEMO_ITEMS] = { 0 };
	struct plan_import imp;
	struct supervise_result sup = { 0 };
	struct task_figure fig = { 0, 96 };
	char text[sizeof(demo_notice) + 48], year[8], overdue[16];
	enum wb_status rc;

	/* this year, and a deadline 20 days ago, in China */
	calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y", year, sizeof(year));
	calendar_format(c->now - 20 * 86400, CHINA_UTC_OFFSET_S, "%Y-%m-%d", overdue,
			sizeof(overdue));
	snprintf(text, sizeof(text), demo_notice, year, year, year);

	rc = plan_import(c, text, strlen(text), NULL, false, false, NULL, &imp, err);
	if (rc != WB_OK)
		return rc;
	res->plan_id = imp.plan_id;
	res->tasks = imp.tasks;
	rc = store_task_each(c->st, scope_system(), imp.plan_id, collect, tasks, err);
	for (size_t i = 0; i < DEMO_ITEMS && rc == WB_OK; i++)
		if (tasks[i].id == 0)
			rc = wb_err_set(err, WB_ERR_INVALID, "the example plan's item %zu has no task "
					"(is its unit missing from the unit table?)", i + 1);
	if (rc == WB_OK)
		rc = store_targets(c->st, 0, tasks[1].item_id, first_target, &fig.target_id, err);
	/* item 1 stays 待签收; the others move on */
	if (rc == WB_OK)
		rc = act(c, &tasks[1], report, 2, fig.target_id ? &fig : NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[2], sign, 1, NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[3], returned, 4, NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[4], closed, 4, NULL, err);
	if (rc == WB_OK)
		rc = app_task_set_deadline(c, tasks[5].id, overdue, NULL, err);
	if (rc == WB_OK)   /* moving the deadline raised its 督办 already; the round the rest */
		rc = supervise_run(c, &sup, err);
	if (rc == WB_OK)
		rc = answers(c, &tasks[2], &tasks[5], err);
	for (size_t i = 0; i < DEMO_ITEMS && rc == WB_OK; i++)
		rc = store_supervisions_of_task(c->st, tasks[i].id, count_notice, &res->supervisions,
						err);
	return rc;
}

enum wb_status
app_demo_load(struct app_ctx *c, struct demo_result *res, struct wb_err *err)
{
	struct app_ctx w = *c;
	enum wb_status rc;

	memset(res, 0, sizeof(*res));
	if ((w.arena = arena_new()) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = load(&w, res, err);
	arena_free(w.arena);
	return rc;
}
