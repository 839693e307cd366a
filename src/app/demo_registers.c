#include "app/demo_registers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasklight.h"
#include "app/allowances.h"
#include "app/facilities.h"
#include "store/facilities.h"
#include "store/meta.h"
#include "store/org.h"
#include "util/rng.h"

#define NOTE "示例数据，非真实记录"
#define MAX_TOWNS 64
#define MAX_VILLAGES 32       /* per town; a town gets 12 to 21 */

/* Puts the first k of a[0..n) in random order (a partial Fisher-Yates). */
static void
shuffle(uint64_t *s, int *a, int n, int k)
{
	for (int i = 0; i < k && i < n - 1; i++) {
		int j = i + rng_pick(s, n - i), t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* Indices 0..n-1 into a, shuffled. */
static void
deal(uint64_t *s, int *a, int n)
{
	for (int i = 0; i < n; i++)
		a[i] = i;
	shuffle(s, a, n, n);
}

/* ceil(n * percent / 100) for n, percent >= 0. */
static int
share_ceil(int n, int percent)
{
	return (n * percent + 99) / 100;
}

struct village {
	char code[16], name[164];
	int64_t population, director;   /* director: its record id, 0 for a vacancy */
};

struct town {
	char code[16], name[164], kind[16];
	int nv;
	struct village v[MAX_VILLAGES];
	int64_t population, supervisor;
};

struct gen {
	struct app_ctx *c;
	uint64_t s;
	int year;                        /* this year, China time */
	struct town *t;
	int nt;
	int64_t county_population;
	char county[16];
	struct demo_registers_result *res;
	struct wb_err *err;
};

/* "YYYY-MM-DD" of year y into out (11 bytes): month m, day d (1..28). */
static const char *
day(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
	return out;
}

/* A random day of year y. */
static const char *
some_day(struct gen *g, char out[11], int y)
{
	return day(out, y, 1 + rng_pick(&g->s, 12), 1 + rng_pick(&g->s, 28));
}

/* ---- refusing ---- */

struct have {
	struct town *t;
	int nt;
	bool village;
	char county[16];
	int64_t county_population;
};

static int
survey(const struct division *d, void *arg)
{
	struct have *h = arg;

	if (strcmp(d->level, "village") == 0) {
		h->village = true;
	} else if (strcmp(d->level, "county") == 0 && h->county[0] == '\0') {
		snprintf(h->county, sizeof(h->county), "%s", d->code);
		h->county_population = d->population;
	} else if (strcmp(d->level, "town") == 0 && h->nt < MAX_TOWNS) {
		struct town *t = &h->t[h->nt++];
		snprintf(t->code, sizeof(t->code), "%s", d->code);
		snprintf(t->name, sizeof(t->name), "%s", d->name);
		snprintf(t->kind, sizeof(t->kind), "%s", d->kind);
	}
	return 0;
}

static void
count_none(const struct facility_row *r, void *arg)
{
	(void)r;
	(void)arg;
}

/* Fills g's towns and county, or refuses (see app_demo_registers). */
static enum wb_status
check_empty(struct gen *g)
{
	struct facility_filter f = { .scope = scope_system(), .type = FACILITY_TYPE__MAX };
	struct have h = { .t = g->t };
	char mark[64];
	int64_t records = 0;
	enum wb_status rc = store_meta_get(g->c->st, DEMO_META_KEY, mark, sizeof(mark), g->err);

	if (rc != WB_OK)
		return rc;
	if (mark[0])
		return wb_err_set(g->err, WB_ERR_CONFLICT, "示例数据已经生成过（%s），不再重复生成 / "
				  "the demo data was generated already", mark);
	if ((rc = store_division_each(g->c->st, survey, &h, g->err)) != WB_OK)
		return rc;
	if (h.village)
		return wb_err_set(g->err, WB_ERR_CONFLICT, "数据库中已有村（社区）区划，示例数据只生成在"
				  "空的数据上 / the database holds villages already: demo data "
				  "goes only into an empty one");
	rc = store_facility_page(g->c->st, &f, 1, 0, count_none, NULL, &records, g->err);
	if (rc != WB_OK)
		return rc;
	if (records > 0)
		return wb_err_set(g->err, WB_ERR_CONFLICT, "阵地台账中已有 %lld 条记录，示例数据只生成在"
				  "空的数据上 / the registers hold records already: demo data "
				  "goes only into an empty database", (long long)records);
	if (h.nt == 0 || h.county[0] == '\0')
		return wb_err_set(g->err, WB_ERR_NOTFOUND, "数据库中没有县（市）和镇（街道）区划 / "
				  "no county and towns: run weibao init first");
	g->nt = h.nt;
	snprintf(g->county, sizeof(g->county), "%s", h.county);
	g->county_population = h.county_population > 0 ? h.county_population : 1000000;
	return WB_OK;
}

/* ---- villages ---- */

static const char *const stems[] = {
	"青石", "桑园", "荷花", "南浜", "北港", "东栅", "西塘", "新桥", "长丰", "永兴", "红旗", "光明",
	"朝阳", "丰收", "杨家", "沈家", "陈庄", "李家", "蚕乡", "梅泾", "湖滨", "运河", "春晖", "秋实",
	"金桥", "银杏", "竹林", "柳岸", "兴福", "安民", "和平", "友谊", "白马", "凤凰", "龙潭", "麒麟",
	"三星", "五丰", "六里", "八字", "九曲", "百花", "千禧", "万寿", "东湖", "南华", "西庄", "北星",
	"文昌", "崇文", "尚德", "思源", "德胜", "乐安", "庆丰", "桐柏", "菱湖", "莲花", "芦花", "稻香",
};
enum { NSTEMS = sizeof(stems) / sizeof(stems[0]) };

/* The villages and communities of every town, their populations summing to
 * the county's, and each town's population the sum of its villages'. */
static enum wb_status
add_villages(struct gen *g)
{
	int64_t weight[MAX_TOWNS], wsum = 0, left = g->county_population;
	enum wb_status rc = WB_OK;

	for (int i = 0; i < g->nt; i++)
		wsum += weight[i] = 70 + rng_pick(&g->s, 60);
	for (int i = 0; i < g->nt && rc == WB_OK; i++) {
		struct town *t = &g->t[i];
		int order[NSTEMS], ncomm, vw[MAX_VILLAGES], vsum = 0;
		int64_t pop = i == g->nt - 1 ? left : g->county_population * weight[i] / wsum,
			vleft = pop;
		struct division d;
		bool created;

		left -= pop;
		t->nv = 12 + rng_pick(&g->s, 10);
		ncomm = strcmp(t->kind, "street") == 0 ? t->nv * 2 / 3 : 2 + rng_pick(&g->s, 3);
		deal(&g->s, order, NSTEMS);
		for (int k = 0; k < t->nv; k++)
			vsum += vw[k] = 60 + rng_pick(&g->s, 100);
		for (int k = 0; k < t->nv && rc == WB_OK; k++) {
			struct village *v = &t->v[k];
			bool comm = k < ncomm;
			snprintf(v->code, sizeof(v->code), "%.9s%03u", t->code,
				 (unsigned)(comm ? k + 1 : 200 + k - ncomm + 1) % 1000u);
			snprintf(v->name, sizeof(v->name), "示例%s%s", stems[order[k]],
				 comm ? "社区" : "村");
			v->population = k == t->nv - 1 ? vleft : pop * vw[k] / vsum;
			vleft -= v->population;
			memset(&d, 0, sizeof(d));
			snprintf(d.code, sizeof(d.code), "%s", v->code);
			snprintf(d.name, sizeof(d.name), "%s", v->name);
			snprintf(d.level, sizeof(d.level), "village");
			snprintf(d.kind, sizeof(d.kind), "%s", comm ? "community" : "village");
			snprintf(d.parent_code, sizeof(d.parent_code), "%s", t->code);
			d.population = v->population;
			rc = store_division_put(g->c->st, &d, &created, g->err);
			g->res->villages++;
			g->res->population += v->population;
		}
		t->population = pop;
		if (rc == WB_OK)
			rc = store_division_get(g->c->st, t->code, &d, g->err);
		if (rc == WB_OK) {
			d.population = pop;
			rc = store_division_put(g->c->st, &d, &created, g->err);
		}
	}
	return rc;
}

/* ---- records ---- */

/* Creates one record of type ty from in[] (the note added) through the
 * service layer; *id (may be NULL) receives its id.  A value the service
 * refuses is a bug of this generator: WB_ERR_INVALID naming it. */
static enum wb_status
put(struct gen *g, enum facility_type ty, const char *in[FCOL__MAX], int64_t *id)
{
	struct vec issues = VEC_INIT(struct facility_issue);
	int64_t got = 0;
	enum wb_status rc;

	in[FCOL_NOTE] = NOTE;
	rc = app_facility_create(g->c, ty, (const char *const *)in, &got, &issues, g->err);
	if (rc == WB_ERR_INVALID && issues.n > 0) {
		const struct facility_issue *is = vec_at(&issues, 0);
		rc = wb_err_set(g->err, WB_ERR_INVALID, "demo data: %s「%s」%s：%s",
				facility_spec(ty)->title, in[FCOL_NAME], is->header, is->reason);
	}
	vec_free(&issues);
	if (rc == WB_OK) {
		g->res->facilities[ty]++;
		if (id)
			*id = got;
	}
	return rc;
}

#define REC(name) const char *in[FCOL__MAX] = { [FCOL_NAME] = (name) }

/* A 未保站 in every town, one of them still 筹建 (item 2 not met); the
 * county's rescue institution. */
static enum wb_status
add_stations(struct gen *g)
{
	int lag = rng_pick(&g->s, g->nt);
	enum wb_status rc = WB_OK;
	char name[256], d1[11];

	for (int i = 0; i < g->nt && rc == WB_OK; i++) {
		snprintf(name, sizeof(name), "示例%s未成年人保护工作站", g->t[i].name);
		REC(name);
		in[FCOL_DIVISION] = g->t[i].code;
		in[FCOL_OPENED_ON] = some_day(g, d1, g->year - 2 - rng_pick(&g->s, 2));
		in[FCOL_STATUS] = i == lag ? "筹建" : "运行";
		rc = put(g, FACILITY_STATION, in, NULL);
	}
	if (rc == WB_OK) {
		REC("示例桐乡市未成年人救助保护中心");
		in[FCOL_DIVISION] = g->county;
		in[FCOL_OPENED_ON] = day(d1, g->year - 4, 6, 1);
		in[FCOL_ENTITY] = "是";
		rc = put(g, FACILITY_RESCUE, in, NULL);
	}
	return rc;
}

/* A 儿童之家 in every village: in each town 15% or more 示范型, except one
 * town a home short; of the 示范型 four named 嘉兴市级 and one 省级. */
static enum wb_status
add_homes(struct gen *g)
{
	int lag = rng_pick(&g->s, g->nt), model[MAX_TOWNS], total = 0, order[MAX_VILLAGES], seen = 0;
	int city[5];
	enum wb_status rc = WB_OK;
	char name[256], d1[11];

	for (int i = 0; i < g->nt; i++) {
		int need = share_ceil(g->t[i].nv, 15);
		model[i] = i == lag ? need - 1 : need + rng_pick(&g->s, 2);
		total += model[i];
	}
	/* the homes ranked 0..4 in county order are named higher */
	for (int k = 0; k < 5; k++)
		city[k] = -1;
	for (int k = 0; k < 5 && k < total; k++) {
		int r;
		bool dup;
		do {
			r = rng_pick(&g->s, total);
			dup = false;
			for (int j = 0; j < k; j++)
				dup |= city[j] == r;
		} while (dup);
		city[k] = r;
	}
	for (int i = 0; i < g->nt && rc == WB_OK; i++) {
		struct town *t = &g->t[i];
		deal(&g->s, order, t->nv);
		for (int k = 0; k < t->nv && rc == WB_OK; k++) {
			struct village *v = &t->v[order[k]];
			bool is_model = k < model[i];
			const char *level = NULL;
			snprintf(name, sizeof(name), "%s儿童之家", v->name);
			REC(name);
			in[FCOL_DIVISION] = v->code;
			in[FCOL_KIND] = is_model ? "示范型" : "基础型";
			if (is_model) {
				level = "县级";
				for (int j = 0; j < 5; j++)
					if (city[j] == seen)
						level = j == 4 ? "省级" : "嘉兴市级";
				seen++;
				in[FCOL_LEVEL] = level;
				in[FCOL_NAMED_ON] = some_day(g, d1, g->year - 1 - rng_pick(&g->s, 3));
			}
			rc = put(g, FACILITY_CHILDREN_HOME, in, NULL);
		}
	}
	return rc;
}

/* 妇女儿童驿站: at town level in 35% of the towns (target 30%), and in 7% of
 * the villages (target 5%–10%). */
static enum wb_status
add_posts(struct gen *g)
{
	int order[MAX_TOWNS], nvill = 0, *vorder, k;
	enum wb_status rc = WB_OK;
	char name[256], d1[11];

	deal(&g->s, order, g->nt);
	for (int i = 0; i < share_ceil(g->nt, 35) && i < g->nt && rc == WB_OK; i++) {
		struct town *t = &g->t[order[i]];
		snprintf(name, sizeof(name), "示例%s妇女儿童驿站", t->name);
		REC(name);
		in[FCOL_DIVISION] = t->code;
		in[FCOL_OPENED_ON] = some_day(g, d1, g->year - 1);
		rc = put(g, FACILITY_POST, in, NULL);
	}
	for (int i = 0; i < g->nt; i++)
		nvill += g->t[i].nv;
	if (rc != WB_OK || (vorder = malloc(sizeof(int) * (size_t)nvill)) == NULL)
		return rc != WB_OK ? rc : wb_err_set(g->err, WB_ERR_NOMEM, "out of memory");
	deal(&g->s, vorder, nvill);
	k = share_ceil(nvill, 7);
	for (int i = 0; i < k && rc == WB_OK; i++) {
		int idx = vorder[i], ti = 0;
		while (idx >= g->t[ti].nv)
			idx -= g->t[ti++].nv;
		struct village *v = &g->t[ti].v[idx];
		snprintf(name, sizeof(name), "%s妇女儿童驿站", v->name);
		REC(name);
		in[FCOL_DIVISION] = v->code;
		in[FCOL_OPENED_ON] = some_day(g, d1, g->year - 1);
		rc = put(g, FACILITY_POST, in, NULL);
	}
	free(vorder);
	return rc;
}

static const char *const ordinals[] = { "一", "二", "三", "四", "五", "六" };

/* 托育机构: 3.4 to 4.4 places per 1,000 residents in every town but one,
 * which has 2.2 to 2.6 (the county figure stays above 3.1). */
static enum wb_status
add_childcare(struct gen *g)
{
	int lag = rng_pick(&g->s, g->nt);
	enum wb_status rc = WB_OK;
	char name[256], d1[11], places[24];

	for (int i = 0; i < g->nt && rc == WB_OK; i++) {
		struct town *t = &g->t[i];
		int per10k = i == lag ? 22 + rng_pick(&g->s, 5) : 34 + rng_pick(&g->s, 11);
		int64_t all = t->population * per10k / 10000, left = all;
		int n = 2 + rng_pick(&g->s, 3);
		for (int k = 0; k < n && rc == WB_OK; k++) {
			int64_t p = k == n - 1 ? left : all / n;
			left -= p;
			snprintf(name, sizeof(name), "示例%s第%s托育园", t->name, ordinals[k]);
			snprintf(places, sizeof(places), "%lld", (long long)p);
			REC(name);
			in[FCOL_DIVISION] = k == 0 ? t->code : t->v[rng_pick(&g->s, t->nv)].code;
			in[FCOL_PLACES] = places;
			in[FCOL_OWNERSHIP] = k == 0 ? "公办" : "民办";
			in[FCOL_INCLUSIVE] = k == 0 || rng_pick(&g->s, 2) ? "是" : "否";
			in[FCOL_OPENED_ON] = some_day(g, d1, g->year - 1 - rng_pick(&g->s, 3));
			rc = put(g, FACILITY_CHILDCARE, in, NULL);
		}
	}
	return rc;
}

/* Six rehab institutions: four with an agreement in force (one open-ended),
 * one whose agreement lapsed at the end of last year, one without (item 7,
 * 100%, not met). */
static enum wb_status
add_rehab(struct gen *g)
{
	static const char *const names[] = {
		"示例桐乡市残疾人康复中心", "示例桐乡市儿童康复医院", "示例童康康复服务中心",
		"示例星语儿童康复中心", "示例阳光儿童康复训练部", "示例启明儿童康复站",
	};
	enum wb_status rc = WB_OK;
	char d1[11], d2[11];

	for (int i = 0; i < 6 && rc == WB_OK; i++) {
		REC(names[i]);
		in[FCOL_DIVISION] = i == 0 ? g->county : g->t[rng_pick(&g->s, g->nt)].code;
		if (i < 4) {
			in[FCOL_AGREEMENT_FROM] = day(d1, g->year - 2, 1, 1);
			in[FCOL_AGREEMENT_TO] = i == 0 ? NULL : day(d2, g->year + 1, 12, 28);
		} else if (i == 4) {
			in[FCOL_AGREEMENT_FROM] = day(d1, g->year - 3, 1, 1);
			in[FCOL_AGREEMENT_TO] = day(d2, g->year - 1, 12, 28);
		}
		rc = put(g, FACILITY_REHAB, in, NULL);
	}
	return rc;
}

struct school {
	char name[256];
	const char *division, *stage;
	bool counted;        /* a stage item 19 counts */
};

/* Schools of every 学段: in each town two kindergartens, a primary and a
 * middle school, and county schools; 智安校园 built in 85% of those item 19
 * counts (target 80%). */
static enum wb_status
add_schools(struct gen *g)
{
	static const struct {
		const char *name, *stage;
	} county[] = {
		{ "示例桐乡市第一高级中学", "高中" }, { "示例桐乡市第二高级中学", "高中" },
		{ "示例桐乡市求是完全中学", "完全中学" }, { "示例桐乡市职业技术学校", "中职" },
		{ "示例桐乡市特殊教育学校", "特殊教育" },
	};
	static const struct {
		const char *suffix, *stage;
	} per_town[] = {
		{ "中心幼儿园", "幼儿园" }, { "第二幼儿园", "幼儿园" }, { "中心小学", "小学" },
		{ "初级中学", "初中" },
	};
	struct school *s;
	int n = 0, counted = 0, *order, built;
	enum wb_status rc = WB_OK;
	char d1[11];
	size_t cap = (size_t)g->nt * 4 + 8;

	if ((s = calloc(cap, sizeof(*s))) == NULL || (order = malloc(cap * sizeof(int))) == NULL) {
		free(s);
		return wb_err_set(g->err, WB_ERR_NOMEM, "out of memory");
	}
	for (int i = 0; i < g->nt; i++)
		for (size_t k = 0; k < sizeof(per_town) / sizeof(per_town[0]); k++) {
			snprintf(s[n].name, sizeof(s[n].name), "示例%s%s", g->t[i].name,
				 per_town[k].suffix);
			s[n].division = g->t[i].code;
			s[n].stage = per_town[k].stage;
			s[n++].counted = true;
		}
	snprintf(s[n].name, sizeof(s[n].name), "示例桐乡市实验学校");
	s[n].division = g->t[rng_pick(&g->s, g->nt)].code;
	s[n].stage = "九年一贯制";
	s[n++].counted = true;
	for (size_t k = 0; k < sizeof(county) / sizeof(county[0]); k++) {
		snprintf(s[n].name, sizeof(s[n].name), "%s", county[k].name);
		s[n].division = g->county;
		s[n].stage = county[k].stage;
		s[n].counted = strcmp(county[k].stage, "中职") != 0 &&
			       strcmp(county[k].stage, "特殊教育") != 0;
		n++;
	}
	for (int i = 0; i < n; i++)
		if (s[i].counted)
			order[counted++] = i;
	shuffle(&g->s, order, counted, counted);
	built = share_ceil(counted, 85);
	for (int i = 0; i < n && rc == WB_OK; i++) {
		bool smart = !s[i].counted ? strcmp(s[i].stage, "中职") == 0 : false;
		for (int k = 0; k < built; k++)
			smart |= order[k] == i;
		REC(s[i].name);
		in[FCOL_DIVISION] = s[i].division;
		in[FCOL_STAGE] = s[i].stage;
		in[FCOL_SMART_ON] = smart ? some_day(g, d1, g->year - 1 - rng_pick(&g->s, 2)) : NULL;
		rc = put(g, FACILITY_SCHOOL, in, NULL);
	}
	free(order);
	free(s);
	return rc;
}

/* The check character of the 8 digits of a GB 11714 organisation code. */
static char
gb11714_check(const char *d)
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c;

	for (int i = 0; i < 8; i++)
		sum += (d[i] - '0') * w[i];
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* The check character of the first 17 characters of a GB 32100 统一社会
 * 信用代码. */
static char
gb32100_check(const char *s)
{
	static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0, c;

	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(chars, s[i]) - chars) * w[i];
	c = 31 - sum % 31;
	return chars[c == 31 ? 0 : c];
}

/* A 统一社会信用代码 of a 民办非企业单位 registered by 民政 in the county
 * (52 + county code + organisation code + check) into out (19 bytes). */
static void
credit_code(struct gen *g, char out[19])
{
	snprintf(out, 19, "52%.6s", g->county);
	for (int i = 8; i < 16; i++)
		out[i] = (char)('0' + rng_pick(&g->s, 10));
	out[16] = gb11714_check(out + 8);
	out[17] = '\0';
	out[17] = gb32100_check(out);
	out[18] = '\0';
}

/* Eight social organisations (valid credit codes) and five purchased
 * services they carry out. */
static enum wb_status
add_orgs(struct gen *g)
{
	static const char *const marks[] = { "阳光", "护苗", "向日葵", "童心", "春芽", "暖阳", "启航",
					     "守望" };
	static const char *const fields[] = { "儿童关爱", "心理健康", "家庭教育", "法律援助",
					      "困境儿童帮扶", "社会工作服务" };
	static const char *const projects[] = { "困境儿童关爱服务", "儿童主任能力提升",
						"未成年人心理健康服务", "家庭教育指导服务",
						"留守儿童暑期关爱" };
	char names[8][256], code[19], d1[11], d2[11], money[32], name[256];
	enum wb_status rc = WB_OK;

	for (int i = 0; i < 8 && rc == WB_OK; i++) {
		snprintf(names[i], sizeof(names[i]), "桐乡市示例%s社会工作服务中心", marks[i]);
		credit_code(g, code);
		REC(names[i]);
		in[FCOL_CREDIT_CODE] = code;
		in[FCOL_DIVISION] = i < 3 ? g->county : g->t[rng_pick(&g->s, g->nt)].code;
		in[FCOL_FIELD] = fields[rng_pick(&g->s, 6)];
		rc = put(g, FACILITY_ORG, in, NULL);
	}
	for (int i = 0; i < 5 && rc == WB_OK; i++) {
		snprintf(name, sizeof(name), "示例%d年%s项目", g->year, projects[i]);
		snprintf(money, sizeof(money), "%d.00", 50000 + 1000 * rng_pick(&g->s, 250));
		REC(name);
		in[FCOL_CONTRACTOR] = names[rng_pick(&g->s, 8)];
		in[FCOL_DIVISION] = i == 0 ? g->county : g->t[rng_pick(&g->s, g->nt)].code;
		in[FCOL_AMOUNT] = money;
		in[FCOL_STARTS_ON] = day(d1, g->year, 1, 1);
		in[FCOL_ENDS_ON] = day(d2, g->year, 12, 28);
		rc = put(g, FACILITY_PROJECT, in, NULL);
	}
	return rc;
}

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
					"徐", "孙", "沈", "朱", "钱", "姚", "金", "陆", "俞", "费" };
static const char *const given[] = { "芳", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军",
				     "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华",
				     "晓燕", "丽娟", "海燕", "志强", "春梅", "建国" };

/* A person's name marked as an example into out. */
static void
person(struct gen *g, char *out, size_t n)
{
	snprintf(out, n, "%s%s（示例）", surnames[rng_pick(&g->s, 20)],
		 given[rng_pick(&g->s, (int)(sizeof(given) / sizeof(given[0])))]);
}

/* A 儿童督导员 in every town but two, a 儿童主任 in every village but about
 * one in twenty (the vacancies the dashboard shows); phones 1380000xxxx and
 * 1390000xxxx, encrypted by the service layer. */
static enum wb_status
add_rosters(struct gen *g)
{
	int order[MAX_TOWNS], vacant = g->nt > 2 ? 2 : 0, serial = 0;
	enum wb_status rc = WB_OK;
	char name[256], phone[16], d1[11];

	deal(&g->s, order, g->nt);
	for (int i = 0; i < g->nt && rc == WB_OK; i++) {
		struct town *t = &g->t[i];
		bool skip = false;
		for (int k = 0; k < vacant; k++)
			skip |= order[k] == i;
		if (skip)
			continue;
		person(g, name, sizeof(name));
		snprintf(phone, sizeof(phone), "1380000%04u", (unsigned)(100 + i) % 10000u);
		REC(name);
		in[FCOL_DIVISION] = t->code;
		in[FCOL_PHONE] = phone;
		in[FCOL_APPOINTED_ON] = some_day(g, d1, g->year - 1 - rng_pick(&g->s, 3));
		rc = put(g, FACILITY_SUPERVISOR, in, &t->supervisor);
	}
	for (int i = 0; i < g->nt && rc == WB_OK; i++)
		for (int k = 0; k < g->t[i].nv && rc == WB_OK; k++) {
			struct village *v = &g->t[i].v[k];
			serial++;
			if (rng_pick(&g->s, 20) == 0)
				continue;
			person(g, name, sizeof(name));
			snprintf(phone, sizeof(phone), "1390000%04u", (unsigned)serial % 10000u);
			REC(name);
			in[FCOL_DIVISION] = v->code;
			in[FCOL_PHONE] = phone;
			in[FCOL_APPOINTED_ON] = some_day(g, d1, g->year - 1 - rng_pick(&g->s, 4));
			rc = put(g, FACILITY_DIRECTOR, in, &v->director);
		}
	return rc;
}

/* Three trainings of last year: the supervisors county-wide, the directors
 * of the first half of the towns, and one town's directors. */
static enum wb_status
add_trainings(struct gen *g)
{
	int64_t *ids;
	size_t n = 0, cap = (size_t)g->nt * (MAX_VILLAGES + 1);
	int town = rng_pick(&g->s, g->nt);
	enum wb_status rc;
	char d1[11], name[256];
	int64_t id;

	if ((ids = malloc(cap * sizeof(*ids))) == NULL)
		return wb_err_set(g->err, WB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < g->nt; i++)
		if (g->t[i].supervisor)
			ids[n++] = g->t[i].supervisor;
	rc = app_training_create(g->c, "示例：全市儿童督导员业务培训", day(d1, g->year - 1, 3, 15),
				 "市民政局", g->county, ids, n, &id, g->err);
	n = 0;
	for (int i = 0; i < (g->nt + 1) / 2; i++)
		for (int k = 0; k < g->t[i].nv; k++)
			if (g->t[i].v[k].director)
				ids[n++] = g->t[i].v[k].director;
	if (rc == WB_OK)
		rc = app_training_create(g->c, "示例：儿童主任能力提升培训（第一期）",
					 day(d1, g->year - 1, 6, 20), "市民政局", g->county, ids, n,
					 &id, g->err);
	n = 0;
	for (int k = 0; k < g->t[town].nv; k++)
		if (g->t[town].v[k].director)
			ids[n++] = g->t[town].v[k].director;
	snprintf(name, sizeof(name), "示例：%s儿童主任家庭教育指导培训", g->t[town].name);
	if (rc == WB_OK)
		rc = app_training_create(g->c, name, day(d1, g->year - 1, 9, 10), "市妇联",
					 g->t[town].code, ids, n, &id, g->err);
	free(ids);
	if (rc == WB_OK)
		g->res->trainings = 3;
	return rc;
}

static void
count_standard(const struct allowance_standard_row *s, void *arg)
{
	(void)s;
	(*(int *)arg)++;
}

/* The allowance standards of 孤儿 (集中供养 and 社会散居) from last year, and
 * a dynamic adjustment from 1 January of this year that brings the 集中供养
 * one above plan item 6's floor (× 12 ≥ 25,000 元) — only when no standard
 * exists yet (a deployment's own are never touched). */
static enum wb_status
add_standards(struct gen *g)
{
	static const struct {
		int year_back;
		const char *mode, *yuan;
	} std[] = {
		{ 1, "集中供养", "2050" }, { 1, "社会散居", "1640" },
		{ 0, "集中供养", "2150" }, { 0, "社会散居", "1720" },
	};
	int existing = 0;
	enum wb_status rc = store_allowance_standards(g->c->st, count_standard, &existing, g->err);

	for (size_t i = 0; rc == WB_OK && existing == 0 && i < sizeof(std) / sizeof(std[0]); i++) {
		char from[11];
		bool below;

		day(from, g->year - std[i].year_back, 1, 1);
		rc = app_allowance_standard_add(g->c, "孤儿", std[i].mode, from, std[i].yuan, &below,
						g->err);
		g->res->standards += rc == WB_OK;
	}
	return rc;
}

enum wb_status
app_demo_registers(struct app_ctx *c, uint64_t seed, struct demo_registers_result *res,
		   struct wb_err *err)
{
	struct gen g = { .c = c, .s = seed, .res = res, .err = err };
	char year[8], mark[64];
	enum wb_status rc;

	memset(res, 0, sizeof(*res));
	calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y", year, sizeof(year));
	g.year = atoi(year);
	if ((g.t = calloc(MAX_TOWNS, sizeof(*g.t))) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = check_empty(&g);
	if (rc == WB_OK)
		rc = add_villages(&g);
	if (rc == WB_OK)
		rc = add_stations(&g);
	if (rc == WB_OK)
		rc = add_homes(&g);
	if (rc == WB_OK)
		rc = add_posts(&g);
	if (rc == WB_OK)
		rc = add_childcare(&g);
	if (rc == WB_OK)
		rc = add_rehab(&g);
	if (rc == WB_OK)
		rc = add_schools(&g);
	if (rc == WB_OK)
		rc = add_orgs(&g);
	if (rc == WB_OK)
		rc = add_rosters(&g);
	if (rc == WB_OK)
		rc = add_trainings(&g);
	if (rc == WB_OK)
		rc = add_standards(&g);
	snprintf(mark, sizeof(mark), "seed=%llu", (unsigned long long)seed);
	if (rc == WB_OK)
		rc = store_meta_set(c->st, DEMO_META_KEY, mark, err);
	free(g.t);
	return rc;
}
