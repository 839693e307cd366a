#include "app/scores.h"

#include <stdlib.h>
#include <string.h>

#include "app/tasks.h"
#include "store/plans.h"
#include "store/supervisions.h"
#include "store/tasks.h"
#include "util/arena.h"
#include "util/vec.h"

struct figure {
	int64_t task_id, target_id;
	double value;
};

struct target {
	int64_t id, item_id;
	char op[8];
	double value, value2;
};

struct scored_task {
	int64_t id, unit_id, item_id;
	const char *unit_name;      /* in the arena */
	bool is_lead;
	struct task_times times;
	int64_t closed_at;
	int levels;                 /* sum of its 督办 levels */
};

struct ctx {
	struct arena *arena;
	struct vec tasks, figures, targets;
	struct vec report_task, report_at;   /* parallel int64 arrays, by task and time */
};

static void
on_task(const struct task_row *t, void *arg)
{
	struct ctx *c = arg;
	struct scored_task *s = vec_push(&c->tasks);

	if (s == NULL)
		return;
	*s = (struct scored_task){ t->id, t->unit_id, t->item_id, arena_strdup(c->arena, t->unit_name),
				   t->is_lead, task_row_times(t), t->closed_at, 0 };
	if (s->unit_name == NULL)
		c->tasks.nomem = true;
}

static void
on_report(int64_t task_id, int64_t at, void *arg)
{
	struct ctx *c = arg;
	int64_t *t = vec_push(&c->report_task), *a = t ? vec_push(&c->report_at) : NULL;

	if (a) {
		*t = task_id;
		*a = at;
	}
}

static void
on_supervision(const struct supervision_row *s, void *arg)
{
	struct ctx *c = arg;
	struct scored_task *t = c->tasks.items;

	for (size_t i = 0; i < c->tasks.n; i++)
		if (t[i].id == s->task_id)
			t[i].levels += s->level;
}

static void
on_figure(int64_t task_id, int64_t target_id, double value, void *arg)
{
	struct vec *v = &((struct ctx *)arg)->figures;
	struct figure *last = v->n ? (struct figure *)v->items + v->n - 1 : NULL, *f;

	/* rows come by task and target, oldest first: a repeat replaces */
	if (last && last->task_id == task_id && last->target_id == target_id) {
		last->value = value;
		return;
	}
	f = vec_push(v);
	if (f)
		*f = (struct figure){ task_id, target_id, value };
}

static void
on_target(const struct target_row *t, void *arg)
{
	struct target *x = vec_push(&((struct ctx *)arg)->targets);

	if (x == NULL)
		return;
	*x = (struct target){ .id = t->id, .item_id = t->item_id, .value = t->value,
			      .value2 = t->has_value2 ? t->value2 : 0 };
	memcpy(x->op, t->op, sizeof(x->op));
}

/* Counts the item's targets (for the lead unit) and those the task's latest
 * figures meet. */
static void
count_targets(const struct ctx *c, const struct scored_task *t, int *targets, int *met)
{
	const struct target *tg = c->targets.items;
	const struct figure *f = c->figures.items;

	*targets = *met = 0;
	if (!t->is_lead)
		return;
	for (size_t i = 0; i < c->targets.n; i++) {
		if (tg[i].item_id != t->item_id)
			continue;
		(*targets)++;
		for (size_t k = 0; k < c->figures.n; k++)
			if (f[k].task_id == t->id && f[k].target_id == tg[i].id &&
			    target_met(tg[i].op, tg[i].value, tg[i].value2, f[k].value)) {
				(*met)++;
				break;
			}
	}
}

static int
by_score(const void *a, const void *b)
{
	const struct unit_total *x = a, *y = b;

	if (x->s.score != y->s.score)
		return x->s.score < y->s.score ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The scores of the units whose tasks lie within scope, best first. */
static enum wb_status
scores_within(struct app_ctx *c, const struct scope *scope, int64_t plan_id,
	      struct unit_total **out, size_t *n, struct wb_err *err)
{
	struct ctx x = { .arena = c->arena };
	struct unit_total *units = NULL;
	struct light_rules rules;
	struct plan_row plan;
	int64_t total;
	size_t nunits = 0, k;
	enum wb_status rc;

	x.tasks.size = sizeof(struct scored_task);
	x.report_task.size = x.report_at.size = sizeof(int64_t);
	x.figures.size = sizeof(struct figure);
	x.targets.size = sizeof(struct target);
	*out = NULL;
	*n = 0;
	rc = store_plan_get(c->st, c->arena, plan_id, &plan, err);
	if (rc == WB_ERR_NOTFOUND)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "工作要点不存在");
	if (rc == WB_OK)
		rc = store_task_each(c->st, scope, plan_id, on_task, &x, err);
	if (rc == WB_OK)
		rc = store_plan_report_times(c->st, plan_id, on_report, &x, err);
	if (rc == WB_OK)
		rc = store_supervision_page(c->st, scope, plan_id, false, INT64_MAX, 0,
					    on_supervision, &x, &total, err);
	if (rc == WB_OK)
		rc = store_plan_figures(c->st, plan_id, on_figure, &x, err);
	if (rc == WB_OK)
		rc = store_targets(c->st, plan_id, 0, on_target, &x, err);
	if (rc == WB_OK && (x.tasks.nomem || x.report_task.nomem || x.report_at.nomem || x.figures.nomem || x.targets.nomem))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK && (units = arena_alloc(c->arena, (x.tasks.n + 1) * sizeof(*units))) == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc != WB_OK)
		goto out;
	config_light_rules(c->config, &rules);
	for (size_t i = 0; i < x.tasks.n; i++) {
		const struct scored_task *t = (struct scored_task *)vec_at(&x.tasks, i);
		const int64_t *rt = x.report_task.items, *ra = x.report_at.items;
		struct score_task st = { .times = t->times, .closed_at = t->closed_at,
					 .supervision_levels = t->levels };
		size_t u;
		count_targets(&x, t, &st.targets, &st.targets_met);
		/* the report times of this task: a run (reports come by task, tasks by plan
		 * and item, so look from the start each time) */
		for (k = 0; k < x.report_task.n && rt[k] != t->id; k++)
			;
		for (; k < x.report_task.n && rt[k] == t->id; k++) {
			if (st.reports == NULL)
				st.reports = &ra[k];
			st.nreports++;
		}
		for (u = 0; u < nunits && units[u].unit_id != t->unit_id; u++)
			;
		if (u == nunits) {
			memset(&units[u], 0, sizeof(units[u]));
			units[u].unit_id = t->unit_id;
			units[u].name = t->unit_name;
			nunits++;
		}
		score_add_task(&units[u].s, &st, &c->config->score, &rules, c->now);
	}
	for (size_t u = 0; u < nunits; u++)
		score_finish(&units[u].s, &c->config->score);
	qsort(units, nunits, sizeof(*units), by_score);
	*out = units;
	*n = nunits;
out:
	vec_free(&x.tasks);
	vec_free(&x.report_task);
	vec_free(&x.report_at);
	vec_free(&x.figures);
	vec_free(&x.targets);
	return rc;
}

enum wb_status
app_plan_scores(struct app_ctx *c, int64_t plan_id, struct unit_total **out, size_t *n,
		struct wb_err *err)
{
	struct unit_total *all;
	struct scope_binds b;
	size_t nall;
	enum wb_status rc = scores_within(c, c->scope, plan_id, out, n, err);

	/* the rank is among every unit of the plan, whatever the caller sees:
	 * a caller who sees them all has the list already */
	scope_binds(c->scope, &b);
	all = *out;
	nall = *n;
	if (rc == WB_OK && !b.all)
		rc = scores_within(c, scope_system(), plan_id, &all, &nall, err);
	for (size_t u = 0; u < *n && rc == WB_OK; u++) {
		(*out)[u].rank = 1;
		(*out)[u].rank_of = (int)nall;
		for (size_t k = 0; k < nall; k++)
			(*out)[u].rank += score_shown(all[k].s.score) > score_shown((*out)[u].s.score);
	}
	return rc;
}
