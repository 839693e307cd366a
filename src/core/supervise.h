/* 督办: when an overdue task is escalated, and the year-end score of units. Pure. */
#ifndef WB_CORE_SUPERVISE_H
#define WB_CORE_SUPERVISE_H

#include <stddef.h>
#include <stdint.h>

#include "core/tasklight.h"

/*
 * The escalation level a task has earned at `now`: 0 when it is not overdue
 * (closed, or within its deadline and sign-for period), else 1, rising by one
 * every escalate_days days overdue, at most 3.  *overdue_days (may be NULL)
 * gets the whole days overdue.
 */
int supervision_level(const struct task_times *t, const struct light_rules *r, int escalate_days,
		      int64_t now, int64_t *overdue_days);

/* The year-end rubric (weibao.conf; these are the defaults). */
struct score_rules {
	double base;              /* score_base = 100 */
	double sign_late;         /* score_sign_late = 2: per task not signed for in time */
	double overdue_day;       /* score_overdue_day = 0.5: per day a task is overdue */
	double overdue_cap;       /* score_overdue_cap = 10: at most this per task */
	double missed_report;     /* score_missed_report = 1: per report period without a report */
	double supervision;       /* score_supervision = 2: per level of 督办 received */
	double target_missed;     /* score_target_missed = 3: per target of a lead task not met */
};

/* True when figure meets a target, by the rule every target follows
 * (indicator_met): "=" and ">=" when it reaches value, "range" from its
 * lower bound, "<=" at or under value. */
int target_met(const char *op, double value, double value2, double figure);

void score_rules_defaults(struct score_rules *s);

/* What the rubric needs of one task. */
struct score_task {
	struct task_times times;
	int64_t closed_at;            /* 0 while open */
	const int64_t *reports;       /* report times, ascending */
	size_t nreports;
	int supervision_levels;       /* sum of the levels of its 督办 notices */
	int targets;                  /* targets of the item, when the unit leads it */
	int targets_met;              /* of those, met by the latest reported figure */
};

/* The parts of the rubric a unit loses points on. */
enum score_part { SCORE_SIGN_LATE, SCORE_OVERDUE, SCORE_MISSED_REPORT, SCORE_SUPERVISION,
		  SCORE_TARGET_MISSED, SCORE_PARTS };

/* A unit's totals over its tasks, and the resulting score.  The score is
 * normalised by the number of tasks: base minus the average deduction per
 * task, so the same conduct costs a unit with 9 tasks what it costs a unit
 * with 2 (deduction[] holds each part's average after score_finish). */
struct unit_score {
	int tasks, closed, closed_on_time, signed_late, overdue_tasks, missed_reports;
	int supervision_levels;
	int targets, targets_met;
	int64_t overdue_days;
	double deduction[SCORE_PARTS];   /* summed over tasks; per task after score_finish */
	double score;
};

/* Adds one task's facts and deductions into *u (start from a zeroed struct
 * and call score_finish() after the last task). */
void score_add_task(struct unit_score *u, const struct score_task *t, const struct score_rules *s,
		    const struct light_rules *r, int64_t now);
void score_finish(struct unit_score *u, const struct score_rules *s);
/* A score or deduction as it is shown and ranked: rounded to one decimal. */
double score_shown(double v);

#endif
