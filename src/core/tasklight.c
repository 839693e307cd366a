#include "core/tasklight.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const status_names[TASK_STATUS__MAX] = {
	"pending", "signed", "in_progress", "close_requested", "closed",
};
static const char *const status_titles[TASK_STATUS__MAX] = {
	"待签收", "已签收", "办理中", "申请办结", "已办结",
};
static const char *const action_names[TASK_ACTION__MAX] = {
	"sign", "report", "request_close", "accept", "return",
};

const char *
task_status_name(enum task_status s)
{
	return (unsigned)s < TASK_STATUS__MAX ? status_names[s] : "?";
}

const char *
task_status_title(enum task_status s)
{
	return (unsigned)s < TASK_STATUS__MAX ? status_titles[s] : "?";
}

enum task_status
task_status_parse(const char *name)
{
	for (int s = 0; s < TASK_STATUS__MAX; s++)
		if (name && strcmp(name, status_names[s]) == 0)
			return (enum task_status)s;
	return TASK_STATUS__MAX;
}

const char *
task_action_name(enum task_action a)
{
	return (unsigned)a < TASK_ACTION__MAX ? action_names[a] : "?";
}

int
task_action_by_unit(enum task_action a)
{
	return a == TASK_SIGN || a == TASK_REPORT || a == TASK_REQUEST_CLOSE;
}

enum task_status
task_transition(enum task_status s, enum task_action a)
{
	switch (a) {
	case TASK_SIGN:
		return s == TASK_PENDING ? TASK_SIGNED : TASK_STATUS__MAX;
	case TASK_REPORT:
		return s == TASK_SIGNED || s == TASK_IN_PROGRESS ? TASK_IN_PROGRESS : TASK_STATUS__MAX;
	case TASK_REQUEST_CLOSE:
		return s == TASK_SIGNED || s == TASK_IN_PROGRESS ? TASK_CLOSE_REQUESTED
								  : TASK_STATUS__MAX;
	case TASK_ACCEPT:
		return s == TASK_CLOSE_REQUESTED ? TASK_CLOSED : TASK_STATUS__MAX;
	case TASK_RETURN:
		return s == TASK_CLOSE_REQUESTED ? TASK_IN_PROGRESS : TASK_STATUS__MAX;
	default:
		return TASK_STATUS__MAX;
	}
}

const char *
task_light_name(enum task_light l)
{
	return l == LIGHT_RED ? "red" : l == LIGHT_YELLOW ? "yellow" : "green";
}

void
light_rules_defaults(struct light_rules *r)
{
	r->warn_days = 7;
	r->sign_days = 5;
	r->period = PERIOD_MONTHLY;
	r->utc_offset_s = 8 * 3600;
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	doy = 0;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	*y = yoe + era * 400;
	doy = (z - era * 146097) - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (*m <= 2)
		(*y)++;
}

/* Civil date → days since 1970-01-01. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The first day of t's month (or quarter) plus `step` periods, as Unix seconds. */
static int64_t
period_boundary(const struct light_rules *r, int64_t t, int step)
{
	int64_t local = t + r->utc_offset_s, y;
	int m, d, months = r->period == PERIOD_QUARTERLY ? 3 : 1;

	civil_from_days(floor_div(local, 86400), &y, &m, &d);
	m = ((m - 1) / months) * months + 1 + step * months;
	while (m > 12) {
		m -= 12;
		y++;
	}
	return days_from_civil(y, m, 1) * 86400 - r->utc_offset_s;
}

int64_t
period_start(const struct light_rules *r, int64_t t)
{
	return period_boundary(r, t, 0);
}

int64_t
period_next(const struct light_rules *r, int64_t t)
{
	return period_boundary(r, t, 1);
}

int64_t
calendar_day_end(const char *date, int utc_offset_s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	char tail;

	if (date == NULL || strlen(date) != 10 ||
	    sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 2000 || y > 2200 ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	return (days_from_civil(y, m, d) + 1) * 86400 - utc_offset_s - 1;
}

int64_t
days_overdue(int64_t deadline, int64_t now)
{
	return now > deadline ? (now - deadline) / 86400 : 0;
}

/* The worse of two lights, keeping the reason of the worse. */
static void
worse(enum task_light *light, const char **reason, enum task_light l, const char *why)
{
	if (l > *light) {
		*light = l;
		*reason = why;
	}
}

enum task_light
task_light(const struct task_times *t, const struct light_rules *r, int64_t now,
	   const char **reason)
{
	int64_t warn = (int64_t)r->warn_days * 86400, start, prev;
	enum task_light light = LIGHT_GREEN;
	const char *why = "";

	if (t->status == TASK_CLOSED)
		goto out;
	if (now > t->deadline)
		worse(&light, &why, LIGHT_RED, "已超过办理期限");
	else if (t->deadline - now <= warn)
		worse(&light, &why, LIGHT_YELLOW, "临近办理期限");
	if (t->status == TASK_PENDING) {
		int64_t sign_by = t->created_at + (int64_t)r->sign_days * 86400;
		if (now > sign_by)
			worse(&light, &why, LIGHT_RED, "逾期未签收");
		else if (sign_by - now <= 86400)
			worse(&light, &why, LIGHT_YELLOW, "即将超过签收期限");
		goto out;
	}
	if (t->status == TASK_CLOSE_REQUESTED)
		goto out;
	/* progress reports: one in each whole period the task was signed for */
	start = period_start(r, now);
	prev = period_start(r, start - 1);
	if (t->signed_at < prev && t->last_report_at < prev)
		worse(&light, &why, LIGHT_RED, "上期未报送进展");
	else if (period_next(r, now) - now <= warn && t->last_report_at < start &&
		 t->signed_at < start)
		worse(&light, &why, LIGHT_YELLOW, "本期进展待报送");
out:
	if (reason)
		*reason = why;
	return light;
}

/* The earlier of a and b, where 0 stands for "never". */
static int64_t
earliest(int64_t a, int64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

void
task_light_moments(const struct task_times *t, const struct light_rules *r, int64_t *yellow_at,
		   int64_t *red_at)
{
	int64_t warn = (int64_t)r->warn_days * 86400, yellow = 0, red = 0;

	*yellow_at = *red_at = 0;
	if (t->status == TASK_CLOSED)
		return;
	red = t->deadline + 1;
	yellow = t->deadline - warn;
	if (t->status == TASK_PENDING) {
		int64_t sign_by = t->created_at + (int64_t)r->sign_days * 86400;
		red = earliest(red, sign_by + 1);
		yellow = earliest(yellow, sign_by - 86400);
	} else if (t->status != TASK_CLOSE_REQUESTED) {
		/* the first period after the last report (or the signing) is
		 * owed; late in it the light turns yellow, when it ends red */
		int64_t m = t->signed_at > t->last_report_at ? t->signed_at : t->last_report_at;
		int64_t owed = period_next(r, m), due = period_next(r, owed);
		red = earliest(red, due);
		yellow = earliest(yellow, due - warn > owed ? due - warn : owed);
	}
	*red_at = red;
	*yellow_at = yellow < red ? yellow : red;
}

enum task_light
task_light_at(int64_t yellow_at, int64_t red_at, int64_t now)
{
	if (red_at && now >= red_at)
		return LIGHT_RED;
	if (yellow_at && now >= yellow_at)
		return LIGHT_YELLOW;
	return LIGHT_GREEN;
}

void
calendar_format(int64_t t, int utc_offset_s, const char *fmt, char *out, size_t n)
{
	time_t local = (time_t)(t + utc_offset_s);
	struct tm tm;

	gmtime_r(&local, &tm);
	/* fmt is checked at each caller (the declaration's format attribute) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(out, n, fmt, &tm) == 0 && n > 0)
		out[0] = '\0';
#pragma GCC diagnostic pop
}
