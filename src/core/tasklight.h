/* Supervised tasks (督办): the status machine and the traffic lights. Pure. */
#ifndef WB_CORE_TASKLIGHT_H
#define WB_CORE_TASKLIGHT_H

#include <stddef.h>
#include <stdint.h>

enum task_status {
	TASK_PENDING,          /* 待签收 */
	TASK_SIGNED,           /* 已签收 */
	TASK_IN_PROGRESS,      /* 办理中 */
	TASK_CLOSE_REQUESTED,  /* 申请办结 */
	TASK_CLOSED,           /* 已办结 */
	TASK_STATUS__MAX
};

enum task_action {
	TASK_SIGN,             /* the unit signs for its task */
	TASK_REPORT,           /* the unit reports progress */
	TASK_REQUEST_CLOSE,    /* the unit asks to close */
	TASK_ACCEPT,           /* the office accepts: closed */
	TASK_RETURN,           /* the office returns it, with a reason: back to work */
	TASK_ACTION__MAX
};

const char *task_status_name(enum task_status s);    /* "pending", … */
const char *task_status_title(enum task_status s);   /* "待签收", … */
enum task_status task_status_parse(const char *name); /* TASK_STATUS__MAX if unknown */
const char *task_action_name(enum task_action a);    /* "sign", … */

/* True for actions only the unit itself may take (the others are the office's). */
int task_action_by_unit(enum task_action a);

/* The status after action a from s, or TASK_STATUS__MAX when a is not
 * allowed in s (a closed task takes no action at all). */
enum task_status task_transition(enum task_status s, enum task_action a);

enum task_light { LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED };
const char *task_light_name(enum task_light l);      /* "green", "yellow", "red" */

enum report_period { PERIOD_MONTHLY, PERIOD_QUARTERLY };

/* Configuration of the lights (weibao.conf; these are the defaults). */
struct light_rules {
	int warn_days;                 /* yellow this many days before a deadline (7) */
	int sign_days;                 /* days a unit has to sign for a task (5) */
	enum report_period period;     /* progress reports are due each period */
	int utc_offset_s;              /* the calendar of periods: China, +8 h */
};

struct task_times {
	enum task_status status;
	int64_t created_at;            /* Unix seconds */
	int64_t signed_at;             /* 0 while pending */
	int64_t deadline;
	int64_t last_report_at;        /* 0 before the first report */
};

void light_rules_defaults(struct light_rules *r);

/*
 * The light of a task at `now`: red when overdue (deadline passed, not
 * signed within sign_days, or no report for the last whole period it was
 * signed for), yellow when one of those is due within warn_days, else green;
 * a closed task is green.  *reason (may be NULL) gets a Chinese phrase for
 * red and yellow, "" for green; it is a static string.
 */
enum task_light task_light(const struct task_times *t, const struct light_rules *r, int64_t now,
			   const char **reason);

/*
 * The moments the task turns yellow and red (Unix seconds; 0: never, for a
 * closed task).  Until the task changes, task_light() at `now` equals
 * task_light_at(*yellow_at, *red_at, now): lights only worsen with time, so
 * the store keeps these two moments and compares them with the clock in SQL.
 */
void task_light_moments(const struct task_times *t, const struct light_rules *r,
			int64_t *yellow_at, int64_t *red_at);
enum task_light task_light_at(int64_t yellow_at, int64_t red_at, int64_t now);

/* Start of the report period containing t (Unix seconds), in the rules' calendar. */
int64_t period_start(const struct light_rules *r, int64_t t);
/* Start of the period after the one containing t. */
int64_t period_next(const struct light_rules *r, int64_t t);

/* The calendar of weibao's dates and file names: China, UTC+8, no DST. */
#define CHINA_UTC_OFFSET_S (8 * 3600)

/* Unix time of 23:59:59 on the date "YYYY-MM-DD" in a zone utc_offset_s
 * east of UTC; -1 when the date is malformed or not a real day. */
int64_t calendar_day_end(const char *date, int utc_offset_s);

/* Formats Unix time t as strftime(fmt) does, in the zone utc_offset_s east
 * of UTC, into out[0..n). */
void calendar_format(int64_t t, int utc_offset_s, const char *fmt, char *out, size_t n)
	__attribute__((format(strftime, 3, 0)));

/* Whole days t is past deadline (0 when not past). */
int64_t days_overdue(int64_t deadline, int64_t now);

#endif
