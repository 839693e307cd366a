#include "app/demo.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan_import.h"
#include "app/supervise.h"
#include "core/notice.h"
#include "app/supervision_notice.h"
#include "app/task_requests.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/supervisions.h"
#include "store/tasks.h"
#include "util/arena.h"

extern const char embedded_workplan_2022[];
extern const size_t embedded_workplan_2022_len;

/* The example notice's head; every %s is the year.  Its items follow: those
 * of the 2022 plan (data/tongxiang-2022-workplan.txt, built into the binary),
 * word for word with their responsibility markers, so the 2022 plan's
 * indicator bindings apply to them (app/indicators.c). */
static const char demo_head[] =
	"文件编号: " DEMO_DOC_PREFIX "%s" DEMO_DOC_SUFFIX "\n"
	"关于印发《桐乡市未成年人保护工作委员会%s年工作要点（示例）》的通知\n"
	"各成员单位：\n"
	"本工作要点为系统演示用的示例数据，要点内容取自2022年工作要点，并非正式文件，"
	"可随时删除数据目录重新生成。\n";
static const char demo_tail[] = "桐乡市未成年人保护工作委员会办公室 %s年1月5日\n";

static const char *const section_numerals[] = { "一", "二", "三", "四", "五", "六", "七",
						"八", "九", "十" };

/* Appends fmt to the malloc'd text *buf of length *len (capacity *cap);
 * false when out of memory (*buf is then freed and NULL). */
static bool
append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			break;
		if (*buf && *len + (size_t)n < *cap) {
			*len += (size_t)n;
			return true;
		}
		size_t want = (*cap ? *cap : 4096);
		while (want <= *len + (size_t)n)
			want *= 2;
		char *p = realloc(*buf, want);
		if (p == NULL)
			break;
		*buf = p;
		*cap = want;
	}
	free(*buf);
	*buf = NULL;
	return false;
}

/* The text of the example notice of year: demo_head, the 2022 plan's
 * sections and items (each with its marker as written), demo_tail.  A
 * malloc'd NUL-terminated string the caller frees, or NULL with err set. */
static char *
demo_notice(struct app_ctx *c, const char *year, size_t *outlen, struct wb_err *err)
{
	struct notice_dict *dict = plan_units_dict(c->st, err);
	struct notice *n = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, section = 0;
	bool ok;

	if (dict == NULL)
		return NULL;
	if (plan_parse_text(embedded_workplan_2022, embedded_workplan_2022_len, dict, &n, err) !=
	    WB_OK) {
		notice_dict_free(dict);
		return NULL;
	}
	ok = append(&buf, &len, &cap, demo_head, year, year);
	for (size_t i = 0; ok && i < n->nitems; i++) {
		const struct notice_item *it = &n->items[i];
		if (it->section != section && it->section >= 1 && it->section <= n->nsections &&
		    n->sections[it->section - 1].number >= 1 &&
		    n->sections[it->section - 1].number <= 10) {
			section = it->section;
			ok = append(&buf, &len, &cap, "%s、%s\n",
				    section_numerals[n->sections[section - 1].number - 1],
				    n->sections[section - 1].title);
		}
		if (ok)
			ok = append(&buf, &len, &cap, "%d.%s%s\n", it->number, it->text,
				    it->marker ? it->marker : "");
	}
	if (ok)
		ok = append(&buf, &len, &cap, demo_tail, year);
	notice_free(n);
	notice_dict_free(dict);
	if (!ok) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	*outlen = len;
	return buf;
}

/* The items of the example whose task the demo drives (each names one
 * unit), in the order load() uses them: reporting with a figure, signed
 * with a 延期申请 waiting, returned, closed, overdue with its 督办 answered.
 * Every other task stays 待签收. */
static const int demo_items[] = { 2, 9, 25, 12, 7 };
enum { DEMO_ITEMS = sizeof(demo_items) / sizeof(demo_items[0]) };

struct demo_task {
	int64_t id, unit_id, item_id;
};

static void
collect(const struct task_row *t, void *arg)
{
	struct demo_task *tasks = arg;

	for (size_t i = 0; i < DEMO_ITEMS; i++)
		if (t->item_number == demo_items[i])
			tasks[i] = (struct demo_task){ t->id, t->unit_id, t->item_id };
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

/* The unit's side of the example: a 延期申请 waiting on the signed task
 * (asking), and the overdue task's 督办单 signed for and answered. */
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
		rc = app_supervision_reply(&as, sid, "【示例】已召开专题会议部署，本月内完成定点康复机构协议续签。",
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
		[TASK_RETURN] = "【示例】请补充工作台账、活动照片等佐证材料。",
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
	static const enum task_action report[] = { TASK_SIGN, TASK_REPORT };
	static const enum task_action sign[] = { TASK_SIGN };
	static const enum task_action returned[] = { TASK_SIGN, TASK_REPORT, TASK_REQUEST_CLOSE,
						     TASK_RETURN };
	static const enum task_action closed[] = { TASK_SIGN, TASK_REPORT, TASK_REQUEST_CLOSE,
						   TASK_ACCEPT };
	struct demo_task tasks[DEMO_ITEMS] = { 0 };
	struct plan_import imp;
	struct supervise_result sup = { 0 };
	struct task_figure fig = { 0, 11 };
	char year[8], overdue[16], *text;
	size_t len = 0;
	enum wb_status rc;

	/* this year, and a deadline 20 days ago, in China */
	calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y", year, sizeof(year));
	calendar_format(c->now - 20 * 86400, CHINA_UTC_OFFSET_S, "%Y-%m-%d", overdue,
			sizeof(overdue));
	if ((text = demo_notice(c, year, &len, err)) == NULL)
		return err->status;
	rc = plan_import(c, text, len, NULL, false, false, NULL, &imp, err);
	free(text);
	if (rc != WB_OK)
		return rc;
	res->plan_id = imp.plan_id;
	res->tasks = imp.tasks;
	rc = store_task_each(c->st, scope_system(), imp.plan_id, collect, tasks, err);
	for (size_t i = 0; i < DEMO_ITEMS && rc == WB_OK; i++)
		if (tasks[i].id == 0)
			rc = wb_err_set(err, WB_ERR_INVALID, "the example plan's item %d has no task "
					"(is its unit missing from the unit table?)", demo_items[i]);
	/* the report's figure for the item's first target (设立11个未保站) */
	if (rc == WB_OK)
		rc = store_targets(c->st, 0, tasks[0].item_id, first_target, &fig.target_id, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[0], report, 2, fig.target_id ? &fig : NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[1], sign, 1, NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[2], returned, 4, NULL, err);
	if (rc == WB_OK)
		rc = act(c, &tasks[3], closed, 4, NULL, err);
	if (rc == WB_OK)
		rc = app_task_set_deadline(c, tasks[4].id, overdue, NULL, err);
	if (rc == WB_OK)   /* moving the deadline raised its 督办 already; the round the rest */
		rc = supervise_run(c, &sup, err);
	if (rc == WB_OK)
		rc = answers(c, &tasks[1], &tasks[4], err);
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

enum wb_status
app_demo_plan_loaded(struct app_ctx *c, bool *loaded, struct wb_err *err)
{
	char year[8], doc[64];
	int64_t id = 0;
	enum wb_status rc;

	calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y", year, sizeof(year));
	snprintf(doc, sizeof(doc), DEMO_DOC_PREFIX "%s" DEMO_DOC_SUFFIX, year);
	rc = store_plan_find(c->st, doc, &id, err);
	*loaded = rc == WB_OK && id > 0;
	return rc;
}
