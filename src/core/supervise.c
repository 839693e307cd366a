#include "core/supervise.h"

#include "core/indicator.h"

/* When the task became overdue (deadline, or the end of its sign-for period
 * while unsigned), or 0 when it is not. */
static int64_t
overdue_since(const struct task_times *t, const struct light_rules *r, int64_t now)
{
	int64_t since = 0;

	if (t->status == TASK_CLOSED)
		return 0;
	if (now > t->deadline)
		since = t->deadline;
	if (t->status == TASK_PENDING) {
		int64_t sign_by = t->created_at + (int64_t)r->sign_days * 86400;
		if (now > sign_by && (since == 0 || sign_by < since))
			since = sign_by;
	}
	return since;
}

int
supervision_level(const struct task_times *t, const struct light_rules *r, int escalate_days,
		  int64_t now, int64_t *overdue_days)
{
	int64_t since = overdue_since(t, r, now), days;
	int level;

	if (overdue_days)
		*overdue_days = 0;
	if (since == 0)
		return 0;
	days = (now - since) / 86400;
	if (overdue_days)
		*overdue_days = days;
	level = 1 + (escalate_days > 0 ? (int)(days / escalate_days) : 0);
	return level > 3 ? 3 : level;
}

int
target_met(const char *op, double value, double value2, double figure)
{
	return indicator_met(op, value, value2, (struct indicator_value){ true, figure });
}

void
score_rules_defaults(struct score_rules *s)
{
	s->base = 100;
	s->sign_late = 2;
	s->overdue_day = 0.5;
	s->overdue_cap = 10;
	s->missed_report = 1;
	s->supervision = 2;
	s->target_missed = 3;
}

/* Whole report periods inside [from, to) that hold no report. */
static int
missed_periods(const struct score_task *t, const struct light_rules *r, int64_t from, int64_t to)
{
	int missed = 0;
	size_t k = 0;

	for (int64_t p = period_next(r, from); period_next(r, p) <= to; p = period_next(r, p)) {
		int64_t next = period_next(r, p);
		while (k < t->nreports && t->reports[k] < p)
			k++;
		if (k == t->nreports || t->reports[k] >= next)
			missed++;
	}
	return missed;
}

void
score_add_task(struct unit_score *u, const struct score_task *t, const struct score_rules *s,
	       const struct light_rules *r, int64_t now)
{
	const struct task_times *tt = &t->times;
	int64_t sign_by = tt->created_at + (int64_t)r->sign_days * 86400, end, late;
	double overdue;

	u->tasks++;
	if (tt->status == TASK_CLOSED) {
		u->closed++;
		if (t->closed_at <= tt->deadline)
			u->closed_on_time++;
	}
	if ((tt->signed_at ? tt->signed_at : now) > sign_by) {
		u->signed_late++;
		u->deduction[SCORE_SIGN_LATE] += s->sign_late;
	}
	end = tt->status == TASK_CLOSED ? t->closed_at : now;
	late = end > tt->deadline ? (end - tt->deadline) / 86400 : 0;
	if (end > tt->deadline) {
		u->overdue_tasks++;
		u->overdue_days += late;
		overdue = (double)late * s->overdue_day;
		u->deduction[SCORE_OVERDUE] += overdue > s->overdue_cap ? s->overdue_cap : overdue;
	}
	if (tt->signed_at) {
		int missed = missed_periods(t, r, tt->signed_at, end);
		u->missed_reports += missed;
		u->deduction[SCORE_MISSED_REPORT] += missed * s->missed_report;
	}
	u->supervision_levels += t->supervision_levels;
	u->deduction[SCORE_SUPERVISION] += t->supervision_levels * s->supervision;
	u->targets += t->targets;
	u->targets_met += t->targets_met;
	u->deduction[SCORE_TARGET_MISSED] += (t->targets - t->targets_met) * s->target_missed;
}

void
score_finish(struct unit_score *u, const struct score_rules *s)
{
	u->score = s->base;
	for (int p = 0; p < SCORE_PARTS; p++) {
		if (u->tasks > 0)
			u->deduction[p] /= u->tasks;
		u->score -= u->deduction[p];
	}
	if (u->score < 0)
		u->score = 0;
}

double
score_shown(double v)
{
	return (double)(long long)(v * 10 + 0.5) / 10;
}
