#include "core/case_measure.h"

#include <string.h>

#include "core/tasklight.h"

/* Every event a state takes: where it leads, who may take it, what it
 * needs.  A pair not listed is refused with 409. */
struct measure_line {
	enum measure_state from;
	enum measure_event event;
	enum measure_state to;
	unsigned actors;
	unsigned needs;
};

#define U MEASURE_BY_UNIT
#define H MEASURE_BY_HANDLER
#define NOTE MEASURE_NEED_NOTE

static const struct measure_line lines[] = {
	{ MEASURE_ASSIGNED, MEASURE_EV_ACCEPT, MEASURE_ACCEPTED, U, 0 },
	{ MEASURE_ASSIGNED, MEASURE_EV_DECLINE, MEASURE_DECLINED, U, NOTE },
	{ MEASURE_ASSIGNED, MEASURE_EV_CANCEL, MEASURE_CANCELLED, H, NOTE },
	{ MEASURE_ACCEPTED, MEASURE_EV_DELIVER, MEASURE_DELIVERED, U,
	  NOTE | MEASURE_NEED_DELIVERED_ON },
	{ MEASURE_ACCEPTED, MEASURE_EV_CANCEL, MEASURE_CANCELLED, H, NOTE },
	{ MEASURE_DELIVERED, MEASURE_EV_CLOSE, MEASURE_CLOSED, U, 0 },
};

#undef U
#undef H
#undef NOTE

enum measure_verdict
measure_event_check(enum measure_state s, enum measure_event e, unsigned actors,
		    struct measure_step *step)
{
	if ((unsigned)s >= MEASURE_STATE__MAX || (unsigned)e >= MEASURE_EVENT__MAX)
		return MEASURE_WRONG_STATE;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (lines[i].from != s || lines[i].event != e)
			continue;
		if (step)
			*step = (struct measure_step){ lines[i].to, lines[i].needs, lines[i].actors };
		return (actors & lines[i].actors) ? MEASURE_ALLOWED : MEASURE_WRONG_ACTOR;
	}
	return MEASURE_WRONG_STATE;
}

static const struct {
	const char *code, *title;
} states[MEASURE_STATE__MAX] = {
	[MEASURE_ASSIGNED] = { "assigned", "待接收" },
	[MEASURE_ACCEPTED] = { "accepted", "实施中" },
	[MEASURE_DELIVERED] = { "delivered", "已落实" },
	[MEASURE_CLOSED] = { "closed", "已办结" },
	[MEASURE_CANCELLED] = { "cancelled", "已撤销" },
	[MEASURE_DECLINED] = { "declined", "退回" },
};

static const struct {
	const char *code, *title;
} events[MEASURE_EVENT__MAX] = {
	[MEASURE_EV_ACCEPT] = { "accept", "接收" },
	[MEASURE_EV_DECLINE] = { "decline", "退回" },
	[MEASURE_EV_DELIVER] = { "deliver", "落实" },
	[MEASURE_EV_CLOSE] = { "close", "办结" },
	[MEASURE_EV_CANCEL] = { "cancel", "撤销" },
};

const char *
measure_state_code(enum measure_state s)
{
	return (unsigned)s < MEASURE_STATE__MAX ? states[s].code : "";
}

const char *
measure_state_title(enum measure_state s)
{
	return (unsigned)s < MEASURE_STATE__MAX ? states[s].title : "";
}

enum measure_state
measure_state_parse(const char *code)
{
	for (int s = 0; code && s < MEASURE_STATE__MAX; s++)
		if (strcmp(code, states[s].code) == 0)
			return (enum measure_state)s;
	return MEASURE_STATE__MAX;
}

const char *
measure_event_code(enum measure_event e)
{
	return (unsigned)e < MEASURE_EVENT__MAX ? events[e].code : "";
}

const char *
measure_event_title(enum measure_event e)
{
	return (unsigned)e < MEASURE_EVENT__MAX ? events[e].title : "";
}

enum measure_event
measure_event_parse(const char *code)
{
	for (int e = 0; code && e < MEASURE_EVENT__MAX; e++)
		if (strcmp(code, events[e].code) == 0)
			return (enum measure_event)e;
	return MEASURE_EVENT__MAX;
}

bool
measure_state_live(enum measure_state s)
{
	return s == MEASURE_ASSIGNED || s == MEASURE_ACCEPTED;
}

bool
measure_case_state_ok(enum case_state s)
{
	return s == CASE_ASSESSING || s == CASE_IN_CARE || s == CASE_FOLLOW_UP;
}

/* Characters (UTF-8 code points) of s[0..n). */
static size_t
chars(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Calls back each name of a comma-separated list: false at the first empty
 * or too long one, or when fn says stop (returns false). */
static bool
each_name(const char *list, bool (*fn)(const char *name, size_t n, void *arg), void *arg)
{
	const char *p = list;

	if (list == NULL || *list == '\0')
		return false;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 0 || chars(p, n) > MEASURE_KIND_MAX || !fn(p, n, arg))
			return false;
		if (end == NULL)
			return true;
		p = end + 1;
	}
}

struct dup_check {
	const char *list;
};

/* False when the name at name[0..n) occurs earlier in the list. */
static bool
not_repeated(const char *name, size_t n, void *arg)
{
	const char *p = ((struct dup_check *)arg)->list;

	while (p < name) {
		const char *end = strchr(p, ',');
		size_t m = (size_t)(end - p);

		if (m == n && memcmp(p, name, n) == 0)
			return false;
		p = end + 1;
	}
	return true;
}

bool
case_measure_kinds_valid(const char *list)
{
	struct dup_check d = { list };

	return each_name(list, not_repeated, &d);
}

struct find {
	const char *kind;
	bool found;
};

static bool
match(const char *name, size_t n, void *arg)
{
	struct find *f = arg;

	if (strlen(f->kind) == n && memcmp(name, f->kind, n) == 0)
		f->found = true;
	return true;
}

bool
case_measure_kind_allowed(const char *list, const char *kind)
{
	struct find f = { kind, false };

	if (kind == NULL || *kind == '\0' || strchr(kind, ','))
		return false;
	return each_name(list, match, &f) && f.found;
}

int64_t
measure_day_start(struct id_date d)
{
	return (int64_t)id_date_days(d) * 86400 - CHINA_UTC_OFFSET_S;
}

void
measure_moments(struct id_date due, int warn_days, int64_t *yellow_at, int64_t *red_at)
{
	if (warn_days < 0)
		warn_days = 0;
	*red_at = measure_day_start(id_date_add_days(due, 1));
	*yellow_at = measure_day_start(id_date_add_days(due, -warn_days));
}

struct id_date
listing_next_due(int64_t since, int period_days)
{
	return id_date_add_days(id_date_of_time(since, CHINA_UTC_OFFSET_S), period_days);
}

void
listing_moments(struct id_date next_report_due, struct id_date deadline, int64_t *yellow_at,
		int64_t *red_at)
{
	struct id_date first = id_date_compare(next_report_due, deadline) <= 0 ? next_report_due
									     : deadline;

	*yellow_at = measure_day_start(id_date_add_days(first, -1));
	*red_at = measure_day_start(id_date_add_days(first, 1));
}
