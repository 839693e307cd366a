#include "app/case_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/children.h"
#include "core/idnumber.h"
#include "core/tasklight.h"
#include "util/arena.h"

#define DAY 86400
#define YEARS_MAX 10

/* A growing array of counts (malloc'd; copied into the arena at the end). */
struct counts {
	struct case_stats_count *v;
	int n, cap;
	bool failed;
};

static struct case_stats_count *
counts_add(struct counts *a)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 16;
		struct case_stats_count *v = realloc(a->v, (size_t)cap * sizeof(*v));
		if (v == NULL) {
			a->failed = true;
			return NULL;
		}
		a->v = v;
		a->cap = cap;
	}
	return &a->v[a->n++];
}

/* The rows of a group with their strings copied into the arena. */
struct group {
	struct app_ctx *c;
	struct counts rows;
};

static void
each_group(const struct case_stats_row *r, void *arg)
{
	struct group *g = arg;
	struct case_stats_count *e = counts_add(&g->rows);

	if (e == NULL)
		return;
	e->code = arena_strdup(g->c->arena, r->code ? r->code : "");
	e->name = arena_strdup(g->c->arena, r->name ? r->name : "");
	e->count = r->count;
	if (e->code == NULL || e->name == NULL)
		g->rows.failed = true;
}

/* The sorted durations of a part (seconds). */
struct times {
	int64_t *v;
	size_t n, cap;
	bool failed;
};

static void
each_time(const struct case_stats_row *r, void *arg)
{
	struct times *t = arg;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		int64_t *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL) {
			t->failed = true;
			return;
		}
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = r->n;
}

/* The median of v[0..n) (ascending) divided by unit, to one decimal. */
static double
median_of(const int64_t *v, size_t n, double unit)
{
	double m = n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
	double x = m / unit;

	return (double)(int64_t)(x * 10.0 + (x >= 0 ? 0.5 : -0.5)) / 10.0;
}

/* The rows of part into *out / *n (copied into the arena). */
static enum wb_status
group_of(struct app_ctx *c, enum case_stats_part part, const struct case_stats_filter *f,
	 struct case_stats_count **out, int *n, struct wb_err *err)
{
	struct group g = { .c = c };
	enum wb_status rc = store_case_stats_each(c->st, part, f, each_group, &g, err);

	*out = NULL;
	*n = 0;
	if (rc == WB_OK && g.rows.failed)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK && g.rows.n > 0) {
		*out = arena_alloc(c->arena, (size_t)g.rows.n * sizeof(**out));
		if (*out == NULL)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		else {
			memcpy(*out, g.rows.v, (size_t)g.rows.n * sizeof(**out));
			*n = g.rows.n;
		}
	}
	free(g.rows.v);
	return rc;
}

/* The median of part's durations (seconds) in units of unit into *out;
 * *has false when there is none. */
static enum wb_status
median(struct app_ctx *c, enum case_stats_part part, const struct case_stats_filter *f,
       double unit, bool *has, double *out, struct wb_err *err)
{
	struct times t = { 0 };
	enum wb_status rc = store_case_stats_each(c->st, part, f, each_time, &t, err);

	*has = false;
	*out = 0;
	if (rc == WB_OK && t.failed)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK && t.n > 0) {
		*has = true;
		*out = median_of(t.v, t.n, unit);
	}
	free(t.v);
	return rc;
}

/* The cases of each day (BY_DAY rows, ascending). */
struct days {
	struct { int64_t day, count; } *v;
	size_t n, cap;
	bool failed;
};

static void
each_day(const struct case_stats_row *r, void *arg)
{
	struct days *d = arg;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		void *v = realloc(d->v, cap * sizeof(*d->v));
		if (v == NULL) {
			d->failed = true;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].day = r->n;
	d->v[d->n++].count = r->count;
}

static void
each_situation(const struct case_stats_row *r, void *arg)
{
	struct case_stats *out = arg;

	if (r->n >= 1 && r->n <= CASE_SITUATIONS)
		out->situations[r->n] = r->count;
}

/* Every month of the period [from, to] with the cases of its days. */
static enum wb_status
months_of(struct app_ctx *c, struct id_date from, struct id_date to, const struct days *d,
	  struct case_stats *out, struct wb_err *err)
{
	int n = (to.year - from.year) * 12 + (to.month - from.month) + 1;
	struct id_date m = { from.year, from.month, 1 };
	size_t k = 0;

	out->months = arena_alloc(c->arena, (size_t)n * sizeof(*out->months));
	if (out->months == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < n; i++) {
		struct id_date next = id_date_add_months(m, 1);
		int64_t end = id_date_days(next), count = 0;
		char *label = arena_alloc(c->arena, 16);

		if (label == NULL)
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		snprintf(label, 16, "%04d-%02d", m.year, m.month);
		for (; k < d->n && d->v[k].day < end; k++)
			count += d->v[k].count;
		out->months[i] = (struct case_stats_count){ .code = label, .name = label,
							    .count = count };
		m = next;
	}
	out->nmonths = n;
	return WB_OK;
}

enum wb_status
app_case_stats(struct app_ctx *c, const char *from, const char *to, const char *town,
	       struct case_stats *out, struct wb_err *err)
{
	struct id_date today = app_today(c), d0, d1;
	struct case_stats_filter f = { .scope = c->scope, .town = town ? town : "" };
	struct days days = { 0 };
	enum wb_status rc;
	bool has_from = from && from[0], has_to = to && to[0];

	memset(out, 0, sizeof(*out));
	if (has_from && !id_date_parse_iso(from, &d0))
		return wb_err_field(err, WB_ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD");
	if (has_to && !id_date_parse_iso(to, &d1))
		return wb_err_field(err, WB_ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD");
	/* a missing end: the end of this year (or of the start's, if later); a
	 * missing start: the first day of the end's year */
	if (!has_to)
		d1 = (struct id_date){ .year = has_from && d0.year > today.year ? d0.year : today.year,
				       .month = 12, .day = 31 };
	if (!has_from)
		d0 = (struct id_date){ .year = d1.year, .month = 1, .day = 1 };
	if (id_date_compare(d1, d0) < 0)
		return wb_err_field(err, WB_ERR_INVALID, "to", "结束日期不能早于开始日期");
	if (d1.year - d0.year >= YEARS_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "to", "统计期间不能超过 %d 年", YEARS_MAX);
	id_date_format(d0, out->from);
	id_date_format(d1, out->to);
	/* midnight in China of the first day, and of the day after the last */
	f.from = (int64_t)id_date_days(d0) * DAY - CHINA_UTC_OFFSET_S;
	f.to = (int64_t)(id_date_days(d1) + 1) * DAY - CHINA_UTC_OFFSET_S;

	rc = store_case_stats_totals(c->st, &f, &out->total, &out->urgent, &out->closed, err);
	if (rc == WB_OK)
		rc = store_case_stats_each(c->st, CASE_STATS_BY_SITUATION, &f, each_situation, out,
					   err);
	if (rc == WB_OK)
		rc = group_of(c, CASE_STATS_BY_SOURCE, &f, &out->sources, &out->nsources, err);
	if (rc == WB_OK)
		rc = group_of(c, CASE_STATS_BY_TOWN, &f, &out->towns, &out->ntowns, err);
	if (rc == WB_OK)
		rc = store_case_stats_each(c->st, CASE_STATS_BY_DAY, &f, each_day, &days, err);
	if (rc == WB_OK && days.failed)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK)
		rc = months_of(c, d0, d1, &days, out, err);
	if (rc == WB_OK)
		rc = median(c, CASE_STATS_ACCEPT_TIMES, &f, 3600.0, &out->has_accept,
			    &out->median_accept_hours, err);
	if (rc == WB_OK)
		rc = median(c, CASE_STATS_CLOSE_TIMES, &f, (double)DAY, &out->has_close,
			    &out->median_close_days, err);
	if (rc == WB_OK)
		rc = store_case_stats_overdue(c->st, c->scope, f.town, c->now, &out->overdue, err);
	free(days.v);
	return rc;
}
