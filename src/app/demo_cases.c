#include "app/demo_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_flow.h"
#include "core/division.h"
#include "core/idnumber.h"
#include "core/tasklight.h"
#include "sec/fieldcrypt.h"
#include "store/cases.h"
#include "store/org.h"
#include "util/rng.h"

#define HOUR 3600
#define DAY 86400
#define EVENTS_MAX 12

/* Weighted choices (per 1000). */
struct weighted {
	const char *code;
	int weight;
};

static const struct weighted sources[] = {
	{ "强制报告", 450 }, { "排查", 200 }, { "12345", 80 }, { "12355", 70 }, { "来访", 80 },
	{ "公安", 70 }, { "法院", 20 }, { "检察院", 30 },
};
/* the final state of a case: most are closed, the open ones spread over the stages */
static const struct weighted finals[] = {
	{ "new", 30 }, { "accepted", 30 }, { "assessing", 50 }, { "in_care", 120 },
	{ "follow_up", 90 }, { "close_requested", 30 }, { "closed", 600 }, { "rejected", 50 },
};
/* situation n (1–9): neglect and the "other" situation most often */
static const int situation_weights[CASE_SITUATIONS + 1] = { 0, 15, 20, 15, 120, 20, 480, 90,
							    90, 150 };
static const int risk_weights[CASE_RISK__MAX] = { 0, 350, 350, 200, 100 };

static const char *const places[] = { "家中", "学校", "幼儿园", "村委会附近", "集市", "医院急诊室",
				      "网吧", "出租屋", "河边", "车站" };
static const char *const descriptions[] = {
	"（示例）邻居反映孩子长期独自在家，无人照料，饮食无保障。",
	"（示例）老师发现学生手臂、背部有多处淤青，询问后称系家长殴打。",
	"（示例）就诊时发现儿童营养不良，监护人无法说明情况。",
	"（示例）群众来电反映有未成年人在街头乞讨。",
	"（示例）学生连续多日未到校，家访未见监护人。",
	"（示例）儿童自述遭受同学欺凌，身上有伤。",
	"（示例）网格员排查发现儿童父母均外出务工，祖父母年老体弱无力照料。",
	"（示例）未成年人深夜独自在外游荡，自称离家出走。",
};
static const char *const unverified_names[] = { "王小宝", "李小雨", "张晨", "刘欣怡", "陈浩",
						"杨思彤", "黄宇", "赵可" };

/* One child of the registry, to link a case to. */
struct kid {
	int64_t id;
	char village[13];
};

struct gen {
	uint64_t s;
	char (*villages)[13];
	size_t nvillages;
	struct kid *kids;
	size_t nkids, capkids;
};

/* One event of a synthetic timeline. */
struct step {
	int64_t at;
	const char *event;
	enum case_state from, to;
	const char *risk;      /* NULL: none */
	const char *reason;    /* NULL: none */
	const char *detail;    /* NULL: none */
};

static int
keep_village(const struct division *d, void *arg)
{
	struct gen *g = arg;
	char(*v)[13];

	if (division_level_of(d->code) != DIVISION_VILLAGE)
		return 0;
	v = realloc(g->villages, (g->nvillages + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	g->villages = v;
	snprintf(v[g->nvillages], sizeof(v[0]), "%.12s", d->code);
	g->nvillages++;
	return 0;
}

static int
keep_kid(int64_t id, const char *village, void *arg)
{
	struct gen *g = arg;

	if (g->nkids == g->capkids) {
		size_t cap = g->capkids ? g->capkids * 2 : 4096;
		struct kid *k = realloc(g->kids, cap * sizeof(*k));
		if (k == NULL)
			return -1;
		g->kids = k;
		g->capkids = cap;
	}
	g->kids[g->nkids].id = id;
	snprintf(g->kids[g->nkids].village, sizeof(g->kids[0].village), "%.12s", village);
	g->nkids++;
	return 0;
}

static const char *
pick(struct gen *g, const struct weighted *w, size_t n)
{
	int r = rng_pick(&g->s, 1000);

	for (size_t i = 0; i < n; i++) {
		if (r < w[i].weight)
			return w[i].code;
		r -= w[i].weight;
	}
	return w[0].code;
}

/* A number of seconds in [lo, hi]. */
static int64_t
between(struct gen *g, int64_t lo, int64_t hi)
{
	return hi > lo ? lo + (int64_t)(rng_next(&g->s) % (uint64_t)(hi - lo + 1)) : lo;
}

/* One or two situations as bits, weighted. */
static unsigned
situations_pick(struct gen *g)
{
	unsigned bits = 0;
	int n = rng_pick(&g->s, 100) < 85 ? 1 : 2;

	for (int k = 0; k < n; k++) {
		int r = rng_pick(&g->s, 1000);
		for (int s = 1; s <= CASE_SITUATIONS; s++) {
			if (r < situation_weights[s]) {
				bits |= 1u << s;
				break;
			}
			r -= situation_weights[s];
		}
	}
	return bits ? bits : 1u << 9;
}

static enum case_risk
risk_pick(struct gen *g)
{
	int r = rng_pick(&g->s, 1000);

	for (int k = CASE_RISK_LOW; k < CASE_RISK__MAX; k++) {
		if (r < risk_weights[k])
			return (enum case_risk)k;
		r -= risk_weights[k];
	}
	return CASE_RISK_MEDIUM;
}

/* "YYYY-MM-DD HH:MM" of Unix time t in China. */
static void
china_minute(int64_t t, char out[20])
{
	struct id_date d = id_date_of_time(t, CHINA_UTC_OFFSET_S);
	int64_t s = ((t + CHINA_UTC_OFFSET_S) % DAY + DAY) % DAY;

	snprintf(out, 20, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, (int)(s / HOUR),
		 (int)(s % HOUR / 60));
}

/* The workflow's events up to final state `to` (after the intake at 0),
 * each at its delay from the one before; returns how many, and the total
 * delay in *span. */
static int
walk(struct gen *g, enum case_state to, bool urgent, enum case_risk risk, struct step *ev,
     int64_t *span)
{
	static const enum case_state order[] = { CASE_ACCEPTED, CASE_ASSESSING, CASE_IN_CARE,
						 CASE_FOLLOW_UP, CASE_CLOSE_REQUESTED, CASE_CLOSED };
	enum case_state at = CASE_NEW;
	bool short_way = to == CASE_CLOSED && rng_pick(&g->s, 100) < 20;
	int64_t t = 0;
	int n = 0;

	if (to == CASE_REJECTED) {
		t = between(g, HOUR, 24 * HOUR);
		ev[n++] = (struct step){ t, "reject", CASE_NEW, CASE_REJECTED, NULL,
					 "经核实不属于强制报告情形，已告知报告人（示例）", NULL };
		*span = t;
		return n;
	}
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]) && at != to; k++) {
		enum case_state next = order[k];
		struct step s = { .from = at, .to = next };

		if (short_way && (next == CASE_IN_CARE || next == CASE_FOLLOW_UP))
			continue;
		switch (next) {
		case CASE_ACCEPTED:
			s.event = "accept";
			/* most within the deadline (2 hours urgent, 24 hours otherwise) */
			t += urgent ? between(g, 5 * 60, rng_pick(&g->s, 10) ? 2 * HOUR : 6 * HOUR)
				    : between(g, HOUR / 2, rng_pick(&g->s, 10) ? 24 * HOUR : 48 * HOUR);
			break;
		case CASE_ASSESSING:
			s.event = "assess";
			s.risk = case_risk_title(risk);
			s.detail = "{\"guardian\":\"（示例）监护人基本履职\",\"harm\":\"（示例）已核查\","
				   "\"plan\":\"（示例）落实帮扶\"}";
			t += between(g, 2 * HOUR, urgent ? 30 * HOUR : 80 * HOUR);
			break;
		case CASE_IN_CARE:
			s.event = "start_care";
			t += between(g, 4 * HOUR, 8 * DAY);
			break;
		case CASE_FOLLOW_UP:
			s.event = "follow_up";
			t += between(g, 3 * DAY, 30 * DAY);
			break;
		case CASE_CLOSE_REQUESTED:
			s.event = "request_close";
			s.reason = "措施已落实，经回访儿童情况稳定，申请结案（示例）";
			t += between(g, 5 * DAY, 60 * DAY);
			break;
		default:
			s.event = "approve_close";
			s.reason = "同意结案（示例）";
			t += between(g, HOUR * 12, 7 * DAY);
			break;
		}
		s.at = t;
		ev[n++] = s;
		at = next;
	}
	*span = t;
	return n;
}

/* Seals plain into a new token of column col of table (NULL for ""). */
static enum wb_status
seal(struct app_ctx *c, const char *table, const char *col, int64_t id, const char *plain,
     char **tok, struct wb_err *err)
{
	*tok = NULL;
	if (plain == NULL || plain[0] == '\0')
		return WB_OK;
	return fieldcrypt_encrypt_str(c->keys, table, col, id, plain, tok, err);
}

/* Adds event e of case id to the timeline, its reason and detail sealed. */
static enum wb_status
add_event(struct app_ctx *c, int64_t case_id, const struct step *e, struct wb_err *err)
{
	struct case_event_row row = { .at = e->at, .login = c->login, .event = e->event,
				      .from_state = e->from == CASE_STATE__MAX ? ""
						    : case_state_code(e->from),
				      .to_state = case_state_code(e->to), .risk = e->risk };
	char *rt = NULL, *dt = NULL;
	int64_t id = 0;
	enum wb_status rc = store_case_event_add(c->st, case_id, &row, &id, err);

	if (rc == WB_OK)
		rc = seal(c, "case_events", "reason", id, e->reason, &rt, err);
	if (rc == WB_OK)
		rc = seal(c, "case_events", "detail", id, e->detail, &dt, err);
	if (rc == WB_OK && (rt || dt))
		rc = store_case_event_seal(c->st, id, rt, dt, err);
	free(rt);
	free(dt);
	return rc;
}

/* Writes one synthetic case; counts it into *out. */
static enum wb_status
one_case(struct app_ctx *c, struct gen *g, struct case_row *r, struct demo_cases_result *out,
	 struct wb_err *err)
{
	struct step ev[EVENTS_MAX];
	enum case_state final = case_state_parse(pick(g, finals, 8));
	enum case_risk risk = risk_pick(g);
	const struct kid *k = NULL;
	char *tok[5] = { 0 }, tracking[24], contact[16];
	const char *plain[5];
	static const char *const cols[5] = { "child_name", "child_id_number", "reporter_contact",
					      "place", "description" };
	int64_t span, wait, id = 0, police_at = 0;
	enum police_kind pk = POLICE_KIND__MAX;
	int n, i;
	enum wb_status rc = WB_OK;

	memset(r, 0, sizeof(*r));
	snprintf(r->source, sizeof(r->source), "%s", pick(g, sources, 8));
	r->situations = situations_pick(g);
	r->urgent = case_urgent(r->situations, &c->config->cases);
	r->state = final;
	r->risk = final == CASE_NEW || final == CASE_ACCEPTED || final == CASE_REJECTED
			  ? CASE_RISK_NONE : risk;
	r->child_age = -1;
	if (g->nkids && rng_pick(&g->s, 100) < 80) {
		k = &g->kids[(size_t)(rng_next(&g->s) % g->nkids)];
		r->child_id = k->id;
		snprintf(r->division_code, sizeof(r->division_code), "%s", k->village);
	} else {
		snprintf(r->division_code, sizeof(r->division_code), "%s",
			 g->villages[(size_t)rng_pick(&g->s, (int)g->nvillages)]);
		snprintf(r->child_sex, sizeof(r->child_sex), "%s", rng_pick(&g->s, 2) ? "男" : "女");
		r->child_age = rng_pick(&g->s, 18);
	}
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", r->division_code);

	n = walk(g, final, r->urgent, risk, ev, &span);
	if (final == CASE_CLOSED || final == CASE_REJECTED) {
		wait = between(g, 0, 700 * (int64_t)DAY);
	} else {
		/* in the current stage for up to 1.4 times its time: green,
		 * yellow and red cases alike */
		struct case_clock clk = { final, r->urgent, r->risk, 0 };
		int64_t y, red;
		case_stage_moments(&clk, &c->config->cases, &y, &red);
		wait = between(g, 0, red * 14 / 10);
	}
	r->created_at = c->now - wait - span;
	for (i = 0; i < n; i++)
		ev[i].at += r->created_at;
	r->state_since = n ? ev[n - 1].at : r->created_at;
	{
		struct case_clock clk = { final, r->urgent, r->risk, r->state_since };
		if (!case_stage_moments(&clk, &c->config->cases, &r->yellow_at, &r->red_at))
			r->yellow_at = r->red_at = 0;
	}
	china_minute(r->created_at - between(g, HOUR, 3 * DAY), r->seen_at);
	/* the police: a crime-like report accepted, some days into the case */
	if (n > 0 && final != CASE_REJECTED &&
	    (strcmp(r->source, "公安") == 0 ||
	     ((r->situations & 0x3Eu) && rng_pick(&g->s, 100) < 40))) {
		police_at = ev[0].at + between(g, HOUR, 48 * HOUR);
		if (police_at >= c->now)
			police_at = 0;
		else
			pk = (r->situations & 0x3Eu) ? POLICE_CRIMINAL
						     : (enum police_kind)rng_pick(&g->s, 3);
	}
	rc = store_case_insert(c->st, r, &id, err);
	if (rc != WB_OK)
		return rc;
	snprintf(contact, sizeof(contact), "139%08d", rng_pick(&g->s, 100000000));
	plain[0] = r->child_id ? NULL : unverified_names[rng_pick(&g->s, 8)];
	plain[1] = NULL;
	plain[2] = strcmp(r->source, "强制报告") == 0 ? contact : NULL;
	plain[3] = places[rng_pick(&g->s, 10)];
	plain[4] = descriptions[rng_pick(&g->s, 8)];
	for (i = 0; i < 5 && rc == WB_OK; i++)
		rc = seal(c, "cases", cols[i], id, plain[i], &tok[i], err);
	if (rc == WB_OK) {
		struct id_date day = id_date_of_time(r->created_at, CHINA_UTC_OFFSET_S);
		snprintf(tracking, sizeof(tracking), "BG%04d%02d%02d%05lld", day.year, day.month,
			 day.day, (long long)id);
		rc = store_case_seal(c->st, id, tracking, tok[0], tok[1], tok[2], tok[3], tok[4],
				     err);
	}
	for (i = 0; i < 5; i++)
		free(tok[i]);
	if (rc == WB_OK) {
		struct step intake = { r->created_at, strcmp(r->source, "强制报告") == 0
				       ? "report" : "intake", CASE_STATE__MAX, CASE_NEW, NULL, NULL,
				       NULL };
		rc = add_event(c, id, &intake, err);
	}
	for (i = 0; i < n && rc == WB_OK; i++) {
		rc = add_event(c, id, &ev[i], err);
		out->events++;
		/* the police's acceptance in its place on the timeline */
		if (rc == WB_OK && police_at && police_at >= ev[i].at &&
		    (i + 1 == n || police_at < ev[i + 1].at)) {
			char detail[64];
			struct step p = { police_at, "police_accept", ev[i].to, ev[i].to, NULL, NULL,
					  detail };
			snprintf(detail, sizeof(detail), "{\"police_kind\":\"%s\"}",
				 police_kind_title(pk));
			rc = add_event(c, id, &p, err);
			out->events++;
		}
	}
	out->events++;
	if (rc == WB_OK && police_at) {
		int64_t fy, fr, told = police_at + between(g, 2 * HOUR, 4 * DAY);
		case_feedback_moments(police_at, &c->config->cases, &fy, &fr);
		rc = store_case_set_police(c->st, id, pk, police_at, fy, fr, err);
		if (rc == WB_OK && told < c->now && rng_pick(&g->s, 100) < 85) {
			struct step f = { told, "police_feedback", final, final, NULL, NULL, NULL };
			rc = store_case_set_feedback(c->st, id, told, err);
			if (rc == WB_OK)
				rc = add_event(c, id, &f, err);
			out->events++;
		}
	}
	/* the risk, the stage's moments and the last change, as the events
	 * would have left them */
	if (rc == WB_OK)
		rc = store_case_set_state(c->st, id, final, r,
					  n ? ev[n - 1].at : r->created_at, err);
	if (rc == WB_OK && (final == CASE_REJECTED || final == CASE_CLOSED)) {
		char *t = NULL;
		rc = seal(c, "cases", "outcome", id, ev[n - 1].reason, &t, err);
		if (rc == WB_OK)
			rc = store_case_set_outcome(c->st, id, t, err);
		free(t);
	}
	out->cases++;
	out->linked += r->child_id > 0;
	out->urgent += r->urgent;
	if (case_state_open(final))
		out->open++;
	else if (final == CASE_CLOSED)
		out->closed++;
	return rc;
}

enum wb_status
app_demo_cases(struct app_ctx *c, uint64_t seed, long count,
	       void (*progress)(size_t done, size_t total, void *), void *arg,
	       struct demo_cases_result *out, struct wb_err *err)
{
	struct gen g = { .s = seed * 0x9E3779B97F4A7C15ull + 14 };
	struct wb_err ignored = { 0 };
	struct case_row *r = NULL;
	enum wb_status rc = WB_OK;

	memset(out, 0, sizeof(*out));
	if (count < 0 || count > DEMO_CASES_MAX)
		return wb_err_set(err, WB_ERR_INVALID, "--count 应在 0 到 %ld 之间", DEMO_CASES_MAX);
	if (store_division_each(c->st, keep_village, &g, &ignored) != WB_OK || g.nvillages == 0) {
		rc = wb_err_set(err, WB_ERR_INVALID,
				"数据库中没有村（社区）区划：请先导入区划（weibao import divisions）"
				"或生成示例数据（weibao gen demo）");
		goto out;
	}
	rc = store_case_gen_children(c->st, keep_kid, &g, err);
	if (rc == WB_OK && (r = malloc(sizeof(*r))) == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (long i = 0; i < count && rc == WB_OK; i++) {
		rc = one_case(c, &g, r, out, err);
		if (progress && ((i + 1) % 5000 == 0 || i + 1 == count))
			progress((size_t)i + 1, (size_t)count, arg);
	}
out:
	free(r);
	free(g.villages);
	free(g.kids);
	return rc;
}
