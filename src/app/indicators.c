#include "app/indicators.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/allowances.h"
#include "app/check_staff.h"
#include "core/facility.h"
#include "core/indicator.h"
#include "core/indsnap.h"
#include "core/tasklight.h"
#include "store/cases.h"
#include "store/indicators.h"
#include "store/meta.h"
#include "store/plans.h"
#include "store/tasks.h"
#include "util/vec.h"

/* What a definition divides by. */
enum ind_den {
	DEN_NONE,        /* a count */
	DEN_TOWNS,       /* the towns (num: towns having the record) */
	DEN_VILLAGES,    /* the villages and communities */
	DEN_COUNT,       /* another count of the registers */
	DEN_POPULATION,  /* the residents */
};

/* An indicator definition: formula kind, counts, and how towns are shown.
 * presence: the county figure counts towns having a record; each town's
 * figure is its number of records, met from one.  each_town: the target holds
 * in every town (the county line counts the towns meeting it).  standard:
 * not of the registers but the county's allowance standard of category and
 * mode in force on the date, × 12 (元 a year; records NULL, no towns).
 * checks: not of the registers but background checks' coverage of the
 * institutions' current staff on the date (app/check_staff.h), %; records
 * NULL, no towns.  cases: not of the registers but of the cases of the
 * plan's year up to the date (enum ind_cases), records NULL, no towns. */
/* What a definition of the cases counts. */
enum ind_cases {
	IND_CASES_NONE,
	IND_CASES_ONTIME,     /* mandated reports decided within the deadline ÷ those due, % */
	IND_CASES_LISTINGS,   /* 挂牌督办 listed */
	IND_CASES_GUIDANCE,   /* 家庭教育指导令 and 督促监护令 issued */
};

struct ind_def {
	const char *code;
	const char *records;     /* the records behind it (store/facilities.h) */
	enum indicator_kind kind;
	enum ind_count num, den_count;
	enum ind_den den;
	bool presence, each_town, towns;
	const char *category, *mode;   /* standard: the allowance standard read */
	bool checks;
	enum ind_cases cases;
};

static const struct ind_def defs[] = {
	{ "stations_running", "stations", IND_COUNT, INDC_STATIONS, 0, DEN_NONE,
	  true, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "homes_model", "homes", IND_COUNT, INDC_HOMES_MODEL, 0, DEN_NONE,
	  false, false, false, NULL, NULL, false, IND_CASES_NONE },
	{ "homes_model_city", "homes_city", IND_COUNT, INDC_HOMES_MODEL_CITY, 0, DEN_NONE,
	  false, false, false, NULL, NULL, false, IND_CASES_NONE },
	{ "homes_model_share_each_town", "homes", IND_DIVISION_SHARE, INDC_HOMES_MODEL, 0,
	  DEN_VILLAGES, false, true, true, NULL, NULL, false, IND_CASES_NONE },
	{ "rehab_agreements", "rehab", IND_STATUS_SHARE, INDC_REHAB_AGREED, INDC_REHAB, DEN_COUNT,
	  false, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "childcare_places", "childcare", IND_PER_THOUSAND, INDC_PLACES, 0, DEN_POPULATION,
	  false, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "posts_towns", "posts_town", IND_DIVISION_SHARE, INDC_POSTS_TOWN, 0, DEN_TOWNS,
	  true, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "posts_villages", "posts_village", IND_DIVISION_SHARE, INDC_POSTS_VILLAGES, 0,
	  DEN_VILLAGES, false, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "smart_schools", "schools", IND_STATUS_SHARE, INDC_SCHOOLS_SMART, INDC_SCHOOLS, DEN_COUNT,
	  false, false, true, NULL, NULL, false, IND_CASES_NONE },
	{ "orphan_standard", NULL, IND_STANDARD, 0, 0, DEN_NONE, false, false, false,
	  "孤儿", "集中供养", false, IND_CASES_NONE },
	{ "check_coverage", NULL, IND_COVERAGE, 0, 0, DEN_NONE, false, false, false, NULL, NULL,
	  true, IND_CASES_NONE },
	{ "case_reports_ontime", NULL, IND_STATUS_SHARE, 0, 0, DEN_NONE, false, false, false, NULL,
	  NULL, false, IND_CASES_ONTIME },
	{ "case_listings", NULL, IND_COUNT, 0, 0, DEN_NONE, false, false, false, NULL, NULL, false,
	  IND_CASES_LISTINGS },
	{ "guidance_orders", NULL, IND_COUNT, 0, 0, DEN_NONE, false, false, false, NULL, NULL,
	  false, IND_CASES_GUIDANCE },
};
enum { NDEFS = sizeof(defs) / sizeof(defs[0]) };

/* The 2022 plan's computable targets: item number, target order, a phrase
 * of the item's text, definition. */
static const struct {
	int item, seq;
	const char *phrase, *def;
} defaults_2022[] = {
	{ 2, 1, "未保站", "stations_running" },
	{ 4, 1, "示范型儿童之家", "homes_model" },
	{ 4, 2, "示范型儿童之家", "homes_model_city" },
	{ 4, 3, "示范型儿童之家", "homes_model_share_each_town" },
	{ 7, 1, "定点康复机构", "rehab_agreements" },
	{ 8, 1, "托位", "childcare_places" },
	{ 15, 1, "驿站", "posts_towns" },
	{ 15, 2, "驿站", "posts_villages" },
	{ 19, 1, "智安校园", "smart_schools" },
	{ 6, 1, "孤儿", "orphan_standard" },
	{ 20, 1, "违法犯罪记录", "check_coverage" },
	/* the 2022 plan words items 23, 26 and 27 without a figure: these bind
	 * a later plan's targets so worded */
	{ 27, 1, "按时受理", "case_reports_ontime" },
	{ 26, 1, "挂牌督办", "case_listings" },
	{ 23, 1, "家庭教育指导令", "guidance_orders" },
};

/* The 学段 a smart_schools binding counts unless its params say others. */
static const char default_stages[] = "|幼儿园|小学|初中|九年一贯制|完全中学|高中|";

static const struct ind_def *
def_find(const char *code)
{
	for (size_t i = 0; code && i < NDEFS; i++)
		if (strcmp(defs[i].code, code) == 0)
			return &defs[i];
	return NULL;
}

bool
app_indicator_known(const char *code)
{
	return def_find(code) != NULL;
}

bool
app_indicator_kind(const char *code, enum indicator_kind *kind)
{
	const struct ind_def *d = def_find(code);

	if (d)
		*kind = d->kind;
	return d != NULL;
}

enum wb_status
app_indicator_bind(struct app_ctx *c, int64_t plan_id, int64_t target_id, const char *definition,
		   const char *params, struct wb_err *err)
{
	enum wb_status rc = store_target_in_plan(c->st, plan_id, target_id, err);
	char *canonical = NULL;

	if (rc != WB_OK)
		return rc;
	if (!app_indicator_known(definition))
		return wb_err_field(err, WB_ERR_INVALID, "definition", "没有这个指标定义");
	if ((rc = app_indicator_params_check(definition, params, &canonical, err)) != WB_OK)
		return rc;
	rc = store_binding_put(c->st, target_id, definition, canonical, c->now, err);
	free(canonical);
	return rc;
}

enum wb_status
app_indicator_unbind(struct app_ctx *c, int64_t plan_id, int64_t target_id, bool *removed,
		     struct wb_err *err)
{
	enum wb_status rc = store_target_in_plan(c->st, plan_id, target_id, err);

	*removed = false;
	return rc == WB_OK ? store_binding_delete(c->st, target_id, removed, err) : rc;
}

enum { KEPT_MAX = 32 };
struct indicator_kept {
	size_t n;
	struct binding_row b[KEPT_MAX];
};

enum wb_status
app_indicator_keep(struct store *st, int64_t item_id, struct indicator_kept **kept,
		   struct wb_err *err)
{
	struct indicator_kept *k = calloc(1, sizeof(*k));
	enum wb_status rc;

	*kept = NULL;
	if (k == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = item_id > 0 ? store_bindings_of_item(st, item_id, k->b, KEPT_MAX, &k->n, err) : WB_OK;
	if (rc != WB_OK)
		free(k);
	else
		*kept = k;
	return rc;
}

/* Binds target seq of the item (when it has one) to def with params. */
static enum wb_status
restore_one(struct store *st, int64_t item_id, int seq, const char *def, const char *params,
	    int64_t now, struct wb_err *err)
{
	int64_t tid;
	enum wb_status rc = store_target_of_item(st, item_id, seq, &tid, err);

	if (rc != WB_OK || tid == 0)
		return rc;
	return store_binding_put(st, tid, def, params, now, err);
}

enum wb_status
app_indicator_restore(struct store *st, int64_t item_id, int number, const char *item_text,
		      bool defaults, struct indicator_kept *kept, int64_t now, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	for (size_t i = 0; kept && i < kept->n && rc == WB_OK; i++)
		rc = restore_one(st, item_id, kept->b[i].seq, kept->b[i].definition,
				 kept->b[i].params, now, err);
	for (size_t d = 0; defaults && d < sizeof(defaults_2022) / sizeof(defaults_2022[0]) &&
			   rc == WB_OK;
	     d++) {
		bool bound = false;
		if (defaults_2022[d].item != number || item_text == NULL ||
		    strstr(item_text, defaults_2022[d].phrase) == NULL)
			continue;
		for (size_t i = 0; kept && i < kept->n; i++)
			bound |= kept->b[i].seq == defaults_2022[d].seq;
		if (!bound)
			rc = restore_one(st, item_id, defaults_2022[d].seq, defaults_2022[d].def,
					 "{}", now, err);
	}
	free(kept);
	return rc;
}

/* ---- the snapshot of the registers ---- */

/*
 * The process keeps one snapshot of what the definitions read (core/indsnap.h),
 * of the registers' generation it was read at (store/meta.h).  Each
 * evaluation reads the generation (one cheap query) and uses the kept
 * snapshot when it is of that generation, else reads a new one (one thread
 * at a time; the others wait for it) and keeps that: only the registers
 * (and divisions) whose own generation moved are read again, the others
 * copied from the kept one.  A write by any process
 * bumps the generation in its own transaction, so the next evaluation after
 * its commit sees it.  Evaluations hold a reference: a snapshot replaced
 * while counted is freed by its last reader.
 */
struct snap_ref {
	struct indsnap *s;
	int refs;           /* under snap_lock */
};
static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;     /* snap_kept, refs */
static pthread_mutex_t snap_build_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snap_ref *snap_kept;

static void
snap_release(struct snap_ref *r)
{
	bool last;

	if (r == NULL)
		return;
	pthread_mutex_lock(&snap_lock);
	last = --r->refs == 0;
	pthread_mutex_unlock(&snap_lock);
	if (last) {
		indsnap_free(r->s);
		free(r);
	}
}

/* The kept snapshot with a new reference when it is of generation gen, else
 * NULL. */
static struct snap_ref *
snap_kept_of(const char *gen)
{
	struct snap_ref *r = NULL;

	pthread_mutex_lock(&snap_lock);
	if (snap_kept && gen[0] && strcmp(indsnap_gen(snap_kept->s), gen) == 0) {
		r = snap_kept;
		r->refs++;
	}
	pthread_mutex_unlock(&snap_lock);
	return r;
}

/* Gives the parts of s read without a generation one, so that the next
 * snapshot can copy them.  Best effort: on a failure they are simply read
 * again next time. */
static void
start_parts(struct store *st, const struct indsnap *s)
{
	const char *const *parts;
	size_t n, i;
	struct wb_err ignored;
	enum wb_status rc;

	parts = indsnap_parts(&n);
	for (i = 0; i < n && indsnap_part_gen(s, parts[i])[0]; i++)
		;
	if (i == n || store_begin(st, &ignored) != WB_OK)
		return;
	for (rc = WB_OK, i = 0; i < n && rc == WB_OK; i++)
		if (!indsnap_part_gen(s, parts[i])[0])
			rc = store_registers_start(st, parts[i], &ignored);
	if (rc == WB_OK)
		store_commit(st, &ignored);
	else
		store_rollback_all(st);
}

/* A snapshot of the current registers into *out (a reference: release it
 * with snap_release).  Inside a transaction the kept one is used when
 * current, but one read there is not kept (the transaction may see its own
 * writes, and may roll them back). */
static enum wb_status
snap_acquire(struct store *st, struct snap_ref **out, struct wb_err *err)
{
	bool in_tx = store_in_transaction(st);
	struct snap_ref *r, *old = NULL, *prev;
	struct indsnap *s;
	char gen[32];
	enum wb_status rc;

	*out = NULL;
	rc = store_registers_gen(st, gen, sizeof(gen), err);
	if (rc == WB_OK && gen[0] == '\0' && !in_tx) {
		/* a database written before the generation existed: start it
		 * (best effort: a read-only database is read without keeping) */
		struct wb_err ignored;
		bool own;
		enum wb_status started = store_registers_begin(st, NULL, &own, &ignored);
		if (store_registers_end(st, own, started, &ignored) == WB_OK)
			rc = store_registers_gen(st, gen, sizeof(gen), err);
	}
	if (rc != WB_OK)
		return rc;
	if ((*out = snap_kept_of(gen)) != NULL)
		return WB_OK;
	if (!in_tx)
		pthread_mutex_lock(&snap_build_lock);
	if (!in_tx && (*out = snap_kept_of(gen)) != NULL) {   /* another thread read it */
		pthread_mutex_unlock(&snap_build_lock);
		return WB_OK;
	}
	/* the registers unchanged since the kept snapshot are copied from it */
	pthread_mutex_lock(&snap_lock);
	prev = snap_kept;
	if (prev)
		prev->refs++;
	pthread_mutex_unlock(&snap_lock);
	rc = store_ind_snapshot(st, prev ? prev->s : NULL, &s, err);
	snap_release(prev);
	r = rc == WB_OK ? calloc(1, sizeof(*r)) : NULL;
	if (rc == WB_OK && r == NULL) {
		indsnap_free(s);
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	if (rc == WB_OK) {
		r->s = s;
		r->refs = in_tx || !indsnap_gen(s)[0] ? 1 : 2;   /* the caller's, the kept one */
		if (r->refs == 2) {
			pthread_mutex_lock(&snap_lock);
			old = snap_kept;
			snap_kept = r;
			pthread_mutex_unlock(&snap_lock);
		}
		*out = r;
	}
	if (rc == WB_OK && !in_tx)
		start_parts(st, s);
	if (!in_tx)
		pthread_mutex_unlock(&snap_build_lock);
	snap_release(old);
	return rc;
}

/* ---- evaluation ---- */

static const char no_text[] = "";

struct town_fig {
	struct indsnap_town t;
	int64_t n[INDC__MAX];
};

struct eval {
	struct vec towns;        /* struct town_fig, the towns the scope sees */
	int64_t county[INDC__MAX];
	int64_t villages;
	bool pop_known;
	int64_t population;
	struct vec targets;      /* struct bound_target copies (texts strdup'd) */
	bool nomem;
};

static void
add_town(const struct indsnap_town *t, void *arg)
{
	struct eval *e = arg;
	struct town_fig *f = vec_push(&e->towns);

	if (f == NULL)
		e->nomem = true;
	else
		*f = (struct town_fig){ .t = *t };
	e->villages += t->villages;
}

static void
add_counts(const struct ind_counts *c, void *arg)
{
	struct eval *e = arg;

	for (int k = 0; k < INDC__MAX; k++)
		e->county[k] += c->n[k];
	for (size_t i = 0; i < e->towns.n; i++) {
		struct town_fig *f = vec_at(&e->towns, i);
		if (strcmp(f->t.code, c->town_code) == 0)
			for (int k = 0; k < INDC__MAX; k++)
				f->n[k] += c->n[k];
	}
}

static void
add_target(const struct bound_target *t, void *arg)
{
	struct eval *e = arg;
	struct bound_target *copy = vec_push(&e->targets);

	if (copy == NULL) {
		e->nomem = true;
		return;
	}
	*copy = *t;
	copy->item_text = NULL;
	copy->text = strdup(t->text ? t->text : "");
	if (copy->text == NULL) {
		copy->text = no_text;   /* never freed */
		e->nomem = true;
	}
}

/* The stages of a binding's params ({"stages":["小学",…]}) into out as
 * '|小学|…|'; the default set when absent. */
static void
stages_of(const char *params, char *out, size_t n)
{
	json_t *p = params ? json_loads(params, 0, NULL) : NULL;
	json_t *a = json_object_get(p, "stages"), *v;
	size_t i, len = 1;

	snprintf(out, n, "%s", default_stages);
	if (json_is_array(a) && json_array_size(a) > 0) {
		snprintf(out, n, "|");
		json_array_foreach(a, i, v) {
			const char *s = json_string_value(v);
			if (s && len + strlen(s) + 2 < n) {
				len += (size_t)snprintf(out + len, n - len, "%s|", s);
			}
		}
	}
	json_decref(p);
}

/* A number as JSON: an integer when it is one (a count: 11, not 11.0),
 * else a real. */
static json_t *
number_json(double x)
{
	if (x == (double)(json_int_t)x && x > -9e15 && x < 9e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* A figure as JSON, null when unknown: a count as an integer, anything else
 * (percentages, rates) with one decimal. */
static json_t *
figure_json(struct indicator_value v, bool count)
{
	if (!v.known)
		return json_null();
	return count ? number_json(indicator_shown(v.actual)) : json_real(indicator_shown(v.actual));
}

/* The county line and town rows of a bound target into o. */
static void
eval_registry(const struct ind_def *d, const struct bound_target *t, struct eval *e,
	      const struct eval *schools, json_t *o)
{
	const struct eval *src = d->num == INDC_SCHOOLS_SMART ? schools : e;
	size_t nt = src->towns.n;
	struct indicator_town *tw = calloc(nt ? nt : 1, sizeof(*tw));
	json_t *towns = json_array();
	double num = 0, den = 0;
	struct indicator_value v;
	bool met;

	if (tw == NULL) {
		json_decref(towns);
		return;
	}
	for (size_t i = 0; i < nt; i++) {
		const struct town_fig *f = vec_at(&src->towns, i);
		tw[i].num = (double)f->n[d->num];
		switch (d->den) {
		case DEN_NONE: tw[i].den = 0; break;
		case DEN_TOWNS: tw[i].den = 1; break;
		case DEN_VILLAGES: tw[i].den = (double)f->t.villages; break;
		case DEN_COUNT: tw[i].den = (double)f->n[d->den_count]; break;
		case DEN_POPULATION: tw[i].den = f->t.has_population ? (double)f->t.population : 0;
			break;
		}
		if (d->presence)
			num += f->n[d->num] > 0;
	}
	if (d->each_town) {
		bool all;
		size_t ok = indicator_per_town(d->kind, t->op, t->value, t->value2, tw, nt, &all);
		v = (struct indicator_value){ true, (double)ok };
		met = all;
	} else {
		if (!d->presence)
			num = (double)src->county[d->num];
		switch (d->den) {
		case DEN_NONE: den = 0; break;
		case DEN_TOWNS: den = (double)nt; break;
		case DEN_VILLAGES: den = (double)src->villages; break;
		case DEN_COUNT: den = (double)src->county[d->den_count]; break;
		case DEN_POPULATION: den = src->pop_known ? (double)src->population : 0; break;
		}
		v = indicator_compute(d->kind, num, den);
		met = indicator_met(t->op, t->value, t->value2, v);
		for (size_t i = 0; i < nt; i++) {
			if (d->presence) {
				tw[i].value = (struct indicator_value){ true, tw[i].num };
				tw[i].met = tw[i].num >= 1;
			} else {
				tw[i].value = indicator_compute(d->kind, tw[i].num, tw[i].den);
				tw[i].met = indicator_met(t->op, t->value, t->value2, tw[i].value);
			}
		}
	}
	json_object_set_new(o, "actual", figure_json(v, d->each_town || d->kind == IND_COUNT));
	json_object_set_new(o, "met", json_boolean(met));
	for (size_t i = 0; d->towns && i < nt; i++) {
		const struct town_fig *f = vec_at(&src->towns, i);
		json_array_append_new(towns, json_pack("{s:s, s:s, s:o, s:b}", "code", f->t.code,
						       "name", f->t.name, "actual",
						       figure_json(tw[i].value,
								   d->presence || d->kind == IND_COUNT),
						       "met", tw[i].met));
	}
	if (d->towns)
		json_object_set_new(o, "towns", towns);
	else
		json_decref(towns);
	free(tw);
}

/* The figure of a standard definition d for target t as of as_of into o:
 * the standard in force that day × 12, in 元 (unknown before the first). */
static enum wb_status
eval_standard(struct app_ctx *c, const struct ind_def *d, const struct bound_target *t,
	      const char *as_of, json_t *o, struct wb_err *err)
{
	struct indicator_value v;
	int64_t fen = 0;
	bool found = false;
	enum wb_status rc = app_allowance_standard_on(c, d->category, d->mode, as_of, &fen, &found,
						      err);

	if (rc != WB_OK)
		return rc;
	v = indicator_compute(d->kind, found ? (double)(fen * 12) / 100.0 : NAN, 0);
	json_object_set_new(o, "actual", v.known ? number_json(v.actual) : json_null());
	json_object_set_new(o, "met", json_boolean(indicator_met(t->op, t->value, t->value2, v)));
	return WB_OK;
}

/* The figure of the checks' coverage for target t on as_of within scope
 * (one town when town is given) into o: current staff checked within the
 * period ÷ current staff, %, unknown without staff. */
static enum wb_status
eval_checks(struct app_ctx *c, const struct scope *scope, const struct bound_target *t,
	    const char *as_of, const char *town, json_t *o, struct wb_err *err)
{
	struct check_coverage cov;
	struct indicator_value v;
	int64_t staff = 0, covered = 0;
	enum wb_status rc = app_check_coverage_in(c, scope, as_of, &cov, err);

	if (rc != WB_OK)
		return rc;
	for (size_t i = 0; i < cov.ninstitutions; i++) {
		const struct check_cover_institution *in = &cov.institutions[i];
		if (town && *town && strcmp(in->town, town) != 0)
			continue;
		staff += in->c.staff;
		covered += in->c.covered;
	}
	check_coverage_free(&cov);
	v = indicator_compute(IND_COVERAGE, (double)covered, (double)staff);
	json_object_set_new(o, "actual", figure_json(v, false));
	json_object_set_new(o, "met", json_boolean(indicator_met(t->op, t->value, t->value2, v)));
	return WB_OK;
}

/* The figure of a cases definition d for target t within scope (one town
 * when town is given) into o: the cases of the plan's year (China) from its
 * first day to the end of as_of (or of the year, if earlier). */
static enum wb_status
eval_cases(struct app_ctx *c, const struct scope *scope, const struct ind_def *d,
	   const struct bound_target *t, int64_t year, const char *as_of, const char *town,
	   json_t *o, struct wb_err *err)
{
	char first[16], last[16];
	int64_t end = calendar_day_end(as_of, CHINA_UTC_OFFSET_S), year_end;
	struct case_stats_filter f = { .scope = scope, .town = town ? town : "" };
	struct indicator_value v = { false, 0 };
	enum wb_status rc = WB_OK;

	snprintf(first, sizeof(first), "%04d-01-01", (int)(year % 10000));
	f.from = calendar_day_end(first, CHINA_UTC_OFFSET_S) - 86400;
	snprintf(last, sizeof(last), "%04d-12-31", (int)(year % 10000));
	year_end = calendar_day_end(last, CHINA_UTC_OFFSET_S);
	f.to = end < year_end ? end : year_end;
	if (end < year_end)
		snprintf(last, sizeof(last), "%s", as_of);
	if (d->cases == IND_CASES_ONTIME) {
		const struct case_rules *r = &c->config->cases;
		int64_t due = 0, ontime = 0;
		if (f.to > f.from)
			rc = store_case_reports_ontime(c->st, &f, (int64_t)r->accept_minutes[1] * 60,
						       (int64_t)r->accept_minutes[0] * 60, &due,
						       &ontime, err);
		v = indicator_compute(d->kind, (double)ontime, (double)due);
	} else {
		int64_t n = 0;
		snprintf(first, sizeof(first), "%04d-01-01", (int)(year % 10000));
		if (d->cases == IND_CASES_LISTINGS && f.to > f.from)
			rc = store_case_listings_in(c->st, &f, &n, err);
		else if (d->cases == IND_CASES_GUIDANCE && strcmp(last, first) >= 0)
			rc = store_guidance_issued_in(c->st, scope, f.town, first, last, &n, err);
		v = indicator_compute(d->kind, (double)n, 0);
	}
	if (rc != WB_OK)
		return rc;
	json_object_set_new(o, "actual", figure_json(v, d->kind == IND_COUNT));
	json_object_set_new(o, "met", json_boolean(indicator_met(t->op, t->value, t->value2, v)));
	return WB_OK;
}

/* Towns, counts and population of the scope as of as_of (stages for the
 * schools) into e, from the snapshot of the registers: the figures of
 * store_ind_towns, store_ind_county_population and store_ind_counts. */
static enum wb_status
load(struct app_ctx *c, const struct scope *scope, const char *as_of, const char *town,
     const char *stages, struct eval *e, struct wb_err *err)
{
	enum wb_status rc;
	bool limited = scope->kind == SCOPE_TOWN || scope->kind == SCOPE_VILLAGE ||
		       scope->kind == SCOPE_OWN;
	struct scope_binds b;
	struct indsnap_filter sees;
	struct snap_ref *snap;

	e->towns = (struct vec)VEC_INIT(struct town_fig);
	if ((rc = snap_acquire(c->st, &snap, err)) != WB_OK)
		return rc;
	scope_binds(scope, &b);
	sees = (struct indsnap_filter){ .all = b.all, .prefix = b.prefix, .owner_id = b.owner_id };
	indsnap_towns(snap->s, &sees, add_town, e);
	if (rc == WB_OK && town && *town) {   /* one town: its figures are the county line */
		struct vec one = VEC_INIT(struct town_fig);
		e->villages = 0;
		for (size_t i = 0; i < e->towns.n; i++) {
			struct town_fig *f = vec_at(&e->towns, i);
			if (strcmp(f->t.code, town) == 0) {
				struct town_fig *slot = vec_push(&one);
				if (slot == NULL)
					e->nomem = true;
				else
					*slot = *f;
				e->villages = f->t.villages;
			}
		}
		vec_free(&e->towns);
		e->towns = one;
		limited = true;
	}
	if (rc == WB_OK && !limited)
		indsnap_county_population(snap->s, &e->pop_known, &e->population);
	if (rc == WB_OK && limited) {   /* the county line of a town's view: its towns */
		e->pop_known = e->towns.n > 0;
		for (size_t i = 0; i < e->towns.n; i++) {
			const struct town_fig *f = vec_at(&e->towns, i);
			e->pop_known &= f->t.has_population;
			e->population += f->t.population;
		}
	}
	if (rc == WB_OK && !indsnap_counts(snap->s, &sees, as_of, stages, add_counts, e))
		e->nomem = true;
	snap_release(snap);
	if (rc == WB_OK && limited) {   /* only the towns shown count for the county line */
		memset(e->county, 0, sizeof(e->county));
		for (size_t i = 0; i < e->towns.n; i++) {
			const struct town_fig *f = vec_at(&e->towns, i);
			for (int k = 0; k < INDC__MAX; k++)
				e->county[k] += f->n[k];
		}
	}
	if (rc == WB_OK && e->nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	return rc;
}

static void
eval_free(struct eval *e)
{
	for (size_t i = 0; i < e->targets.n; i++) {
		const char *text = ((struct bound_target *)vec_at(&e->targets, i))->text;
		if (text != no_text)
			free((char *)text);
	}
	vec_free(&e->targets);
	vec_free(&e->towns);
}

/* The indicators of plan_id (0: the latest open) as of as_of for town
 * within scope into *out (a new reference); item > 0: that item's targets
 * only.  Each indicator carries "target_id" (the stored target). */
static enum wb_status
evaluate(struct app_ctx *c, const struct scope *scope, int64_t plan_id, const char *as_of,
	 const char *town, int item, json_t **out, struct wb_err *err)
{
	struct eval e = { .targets = VEC_INIT(struct bound_target) }, s = { 0 };
	char today[16], stages[256] = "";
	struct plan_row plan;
	bool counted = false;
	json_t *list;
	enum wb_status rc = WB_OK;

	*out = NULL;
	if (as_of == NULL || *as_of == '\0') {
		calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y-%m-%d", today, sizeof(today));
		as_of = today;
	} else if (strlen(as_of) != 10 || calendar_day_end(as_of, CHINA_UTC_OFFSET_S) < 0) {
		return wb_err_field(err, WB_ERR_INVALID, "as_of", "日期应为 YYYY-MM-DD 格式");
	}
	if (plan_id <= 0 && (rc = store_plan_latest_open(c->st, &plan_id, err)) != WB_OK)
		return rc;
	if (plan_id <= 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "没有未归档的工作要点");
	rc = store_plan_get(c->st, c->arena, plan_id, &plan, err);
	if (rc == WB_OK)
		rc = store_plan_bound_targets(c->st, plan_id, add_target, &e, err);
	if (rc == WB_OK && e.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	/* the schools' stages: of the first smart_schools binding */
	for (size_t i = 0; rc == WB_OK && i < e.targets.n && !stages[0]; i++) {
		const struct bound_target *t = vec_at(&e.targets, i);
		if (strcmp(t->definition, "smart_schools") == 0)
			stages_of(t->params, stages, sizeof(stages));
	}
	if (!stages[0])
		snprintf(stages, sizeof(stages), "%s", default_stages);
	/* the registers are read only when a target shown is bound (a task's
	 * item with manual targets costs no pass over them) */
	for (size_t i = 0; rc == WB_OK && i < e.targets.n && !counted; i++) {
		const struct bound_target *t = vec_at(&e.targets, i);
		const struct ind_def *d = def_find(t->definition);
		counted = (item <= 0 || t->item == item) && d != NULL && d->category == NULL &&
			  !d->checks && d->cases == IND_CASES_NONE;
	}
	if (rc == WB_OK && counted)
		rc = load(c, scope, as_of, town, stages, &s, err);
	e.towns = s.towns;
	memcpy(e.county, s.county, sizeof(e.county));
	e.villages = s.villages;
	e.pop_known = s.pop_known;
	e.population = s.population;
	list = json_array();
	for (size_t i = 0; rc == WB_OK && i < e.targets.n; i++) {
		const struct bound_target *t = vec_at(&e.targets, i);
		const struct ind_def *d = def_find(t->definition);
		json_t *o;
		if (item > 0 && t->item != item)
			continue;
		o = json_pack("{s:i, s:i, s:s, s:s, s:o, s:s, s:s}", "item", t->item,
			      "target_index", t->seq, "text", t->text, "op", t->op, "value",
			      number_json(t->value), "unit", t->unit, "source",
			      d == NULL ? "manual" : d->category ? "standard" : "registry");
		json_object_set_new(o, "target_id", json_integer(t->target_id));
		if (t->has_value2)
			json_object_set_new(o, "value2", number_json(t->value2));
		if (d && d->category) {
			rc = eval_standard(c, d, t, as_of, o, err);
		} else if (d && d->checks) {
			rc = eval_checks(c, scope, t, as_of, town, o, err);
		} else if (d && d->cases != IND_CASES_NONE) {
			rc = eval_cases(c, scope, d, t, plan.year, as_of, town, o, err);
		} else if (d) {
			if (d->each_town) {
				char text[1024];
				snprintf(text, sizeof(text), "%s（全市数字为达标的镇（街道）数，全部达标才算完成）",
					 t->text);
				json_object_set_new(o, "text", json_string(text));
			}
			eval_registry(d, t, &e, &e, o);
			if (d->towns) {   /* what a town's figure is held against (the chart) */
				json_object_set_new(o, "town_target",
						    json_real(d->presence ? 1 : t->value));
				json_object_set_new(o, "town_unit",
						    json_string(d->presence ? "个" : t->unit));
			}
		} else {
			double fig = 0;
			bool found = false;
			struct indicator_value v;
			rc = store_target_last_figure(c->st, c->scope, t->target_id, &fig, &found,
						      err);
			v = (struct indicator_value){ found, fig };
			/* the figure as reported: a whole number (not of a
			 * percentage) as an integer */
			json_object_set_new(o, "actual", !found ? json_null()
					    : strcmp(t->unit, "%") != 0 ? number_json(fig)
					    : json_real(fig));
			json_object_set_new(o, "met", json_boolean(indicator_met(t->op, t->value,
									      t->value2, v)));
		}
		json_array_append_new(list, o);
	}
	if (rc == WB_OK)
		*out = json_pack("{s:{s:I, s:I}, s:s, s:o}", "plan", "id", (json_int_t)plan_id,
				 "year", (json_int_t)plan.year, "as_of", as_of, "indicators", list);
	else
		json_decref(list);
	eval_free(&e);
	return rc;
}

enum wb_status
app_indicators(struct app_ctx *c, int64_t plan_id, const char *as_of, const char *town,
	       json_t **out, struct wb_err *err)
{
	enum wb_status rc = evaluate(c, c->scope, plan_id, as_of, town, 0, out, err);
	json_t *o;
	size_t i;

	if (rc == WB_OK)
		json_array_foreach(json_object_get(*out, "indicators"), i, o)
			json_object_del(o, "target_id");
	return rc;
}

enum wb_status
app_indicator_task_targets(struct app_ctx *c, const struct task_row *t, json_t *targets,
			   struct wb_err *err)
{
	/* the unit's view of the registers: a member unit reads every record */
	struct scope unit = scope_make(SCOPE_RULE_REGISTER, SCOPE_UNIT, NULL, t->unit_id,
				       c->user_id, 0);
	json_t *all = NULL, *ind, *target;
	enum wb_status rc;
	size_t i, k;

	rc = evaluate(c, &unit, t->plan_id, NULL, NULL, (int)t->item_number, &all, err);
	if (rc != WB_OK)
		return rc;
	json_array_foreach(targets, k, target) {
		json_object_set_new(target, "source", json_string("manual"));
		json_array_foreach(json_object_get(all, "indicators"), i, ind) {
			const char *source = json_string_value(json_object_get(ind, "source"));
			if (json_integer_value(json_object_get(ind, "target_id")) !=
				    json_integer_value(json_object_get(target, "id")) ||
			    (strcmp(source, "registry") != 0 && strcmp(source, "standard") != 0))
				continue;
			json_object_set_new(target, "source", json_string(source));
			json_object_set(target, "actual", json_object_get(ind, "actual"));
			json_object_set(target, "met", json_object_get(ind, "met"));
		}
	}
	json_decref(all);
	return WB_OK;
}

struct find_target {
	int item, seq;
	bool found;
	char definition[64], params[512];
};

static void
find_target(const struct bound_target *t, void *arg)
{
	struct find_target *f = arg;

	if (t->item != f->item || t->seq != f->seq)
		return;
	f->found = true;
	snprintf(f->definition, sizeof(f->definition), "%s", t->definition);
	snprintf(f->params, sizeof(f->params), "%s", t->params);
}

enum wb_status
app_indicator_records(struct app_ctx *c, int64_t plan_id, int item, int seq, const char *as_of,
		      struct indicator_records *out, struct wb_err *err)
{
	struct find_target f = { .item = item, .seq = seq };
	const struct ind_def *d;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	if (as_of == NULL || *as_of == '\0')
		calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y-%m-%d", out->as_of,
				sizeof(out->as_of));
	else if (strlen(as_of) != 10 || calendar_day_end(as_of, CHINA_UTC_OFFSET_S) < 0)
		return wb_err_field(err, WB_ERR_INVALID, "as_of", "日期应为 YYYY-MM-DD 格式");
	else
		snprintf(out->as_of, sizeof(out->as_of), "%s", as_of);
	if (plan_id <= 0 && (rc = store_plan_latest_open(c->st, &plan_id, err)) != WB_OK)
		return rc;
	rc = plan_id > 0 ? store_plan_bound_targets(c->st, plan_id, find_target, &f, err) : WB_OK;
	if (rc != WB_OK)
		return rc;
	if (!f.found)
		return wb_err_set(err, WB_ERR_NOTFOUND, "没有该目标");
	if ((d = def_find(f.definition)) == NULL)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该目标由单位填报，没有台账记录");
	if (d->records == NULL && d->checks)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该目标取自入职查询的覆盖率，没有台账记录");
	if (d->records == NULL && d->cases != IND_CASES_NONE)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该目标取自个案统计，没有台账记录");
	if (d->records == NULL)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该目标取自生活费保障标准，没有台账记录");
	snprintf(out->records, sizeof(out->records), "%s", d->records);
	stages_of(f.params, out->stages, sizeof(out->stages));
	return WB_OK;
}
