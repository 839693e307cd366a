#include "core/indsnap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The registers the definitions read, in the order of a record's type. */
enum rec_type { R_STATION, R_HOME, R_REHAB, R_CHILDCARE, R_POST, R_SCHOOL, R__MAX };
static const char *const rec_types[R__MAX] = { "station", "children_home", "rehab",
					       "childcare", "post", "school" };

enum { F_RUNNING = 1, F_MODEL = 2, F_CITY = 4 };

/* One record: 32 bytes.  d1 is the date the definition compares with the
 * as-of date (opened, named, agreement start, smart campus built), d2 the
 * agreement's end. */
struct rec {
	uint8_t type, flags, stage, pad;
	int32_t div, town;   /* indices into the code tables; -1 for none */
	int32_t d1, d2;
	int32_t places;
	int64_t created_by;
};

/* Interned codes: an array of strings and an open-addressing hash of their
 * indices. */
struct itab {
	char (*s)[16];
	uint8_t *len;
	size_t n, cap;
	int32_t *hash;       /* -1: empty */
	size_t hcap;         /* a power of two, at least twice n */
};

/* The records of one register, and the generation they were read at. */
struct part {
	struct rec *rec;
	size_t n, cap;
	char gen[32];
};

struct indsnap {
	char gen[32];
	struct part part[R__MAX];
	char towns_gen[32];      /* of the towns and populations ("divisions") */
	struct itab divs, towns;
	char stages[256][32];     /* stage names; index 0 is "no stage" */
	size_t nstages;
	struct indsnap_town *town;
	size_t ntown, captown;
	bool pop_known;
	int64_t population;
};

int32_t
indsnap_day(const char *ymd)
{
	int v = 0;

	if (ymd == NULL || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return INDSNAP_NEVER;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (ymd[i] < '0' || ymd[i] > '9')
			return INDSNAP_NEVER;
		v = v * 10 + (ymd[i] - '0');
	}
	return v;
}

static uint32_t
fnv(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static void
itab_free(struct itab *t)
{
	free(t->s);
	free(t->len);
	free(t->hash);
}

/* Re-hashes t into hcap slots; false when out of memory. */
static bool
itab_rehash(struct itab *t, size_t hcap)
{
	int32_t *h = malloc(hcap * sizeof(*h));

	if (h == NULL)
		return false;
	memset(h, 0xff, hcap * sizeof(*h));
	for (size_t i = 0; i < t->n; i++) {
		size_t k = fnv(t->s[i]) & (hcap - 1);
		while (h[k] >= 0)
			k = (k + 1) & (hcap - 1);
		h[k] = (int32_t)i;
	}
	free(t->hash);
	t->hash = h;
	t->hcap = hcap;
	return true;
}

/* The index of code in t, added when new; -1 for NULL or "", -2 when out of
 * memory.  Codes longer than 15 bytes are cut (division codes have 6 to 12
 * digits). */
static int32_t
itab_intern(struct itab *t, const char *code)
{
	char key[16];
	size_t k;

	if (code == NULL || *code == '\0')
		return -1;
	snprintf(key, sizeof(key), "%s", code);
	if (t->hcap == 0 && !itab_rehash(t, 64))
		return -2;
	for (k = fnv(key) & (t->hcap - 1); t->hash[k] >= 0; k = (k + 1) & (t->hcap - 1))
		if (strcmp(t->s[t->hash[k]], key) == 0)
			return t->hash[k];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char (*s)[16] = realloc(t->s, cap * sizeof(*s));
		uint8_t *len;
		if (s == NULL)
			return -2;
		t->s = s;
		if ((len = realloc(t->len, cap)) == NULL)
			return -2;
		t->len = len;
		t->cap = cap;
	}
	memcpy(t->s[t->n], key, sizeof(key));
	t->len[t->n] = (uint8_t)strlen(key);
	t->hash[k] = (int32_t)t->n;
	t->n++;
	if (t->n * 2 > t->hcap && !itab_rehash(t, t->hcap * 2))
		return -2;
	return (int32_t)(t->n - 1);
}

struct indsnap *
indsnap_new(const char *gen)
{
	struct indsnap *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	snprintf(s->gen, sizeof(s->gen), "%s", gen ? gen : "");
	s->nstages = 1;
	return s;
}

void
indsnap_free(struct indsnap *s)
{
	if (s == NULL)
		return;
	for (int t = 0; t < R__MAX; t++)
		free(s->part[t].rec);
	itab_free(&s->divs);
	itab_free(&s->towns);
	free(s->town);
	free(s);
}

const char *
indsnap_gen(const struct indsnap *s)
{
	return s->gen;
}

size_t
indsnap_records(const struct indsnap *s)
{
	size_t n = 0;

	for (int t = 0; t < R__MAX; t++)
		n += s->part[t].n;
	return n;
}

/* A copy of interned codes; false when out of memory. */
static bool
itab_copy(struct itab *to, const struct itab *from)
{
	*to = (struct itab){ .n = from->n, .cap = from->cap, .hcap = from->hcap };
	if (from->cap == 0)
		return true;
	to->s = malloc(from->cap * sizeof(*to->s));
	to->len = malloc(from->cap);
	to->hash = malloc(from->hcap * sizeof(*to->hash));
	if (to->s == NULL || to->len == NULL || to->hash == NULL)
		return false;
	memcpy(to->s, from->s, from->n * sizeof(*to->s));
	memcpy(to->len, from->len, from->n);
	memcpy(to->hash, from->hash, from->hcap * sizeof(*to->hash));
	return true;
}

struct indsnap *
indsnap_new_from(const char *gen, const struct indsnap *old)
{
	struct indsnap *s = indsnap_new(gen);

	if (s == NULL || old == NULL)
		return s;
	memcpy(s->stages, old->stages, sizeof(s->stages));
	s->nstages = old->nstages;
	if (!itab_copy(&s->divs, &old->divs) || !itab_copy(&s->towns, &old->towns)) {
		indsnap_free(s);
		return NULL;
	}
	return s;
}

/* The index of part code in the registers (R__MAX for "divisions", -1 for
 * any other). */
static int
part_index(const char *code)
{
	if (code && strcmp(code, "divisions") == 0)
		return R__MAX;
	for (int t = 0; code && t < R__MAX; t++)
		if (strcmp(rec_types[t], code) == 0)
			return t;
	return -1;
}

const char *const *
indsnap_parts(size_t *n)
{
	static const char *const all[] = { "station", "children_home", "rehab", "childcare", "post",
					   "school", "divisions" };

	*n = sizeof(all) / sizeof(all[0]);
	return all;
}

void
indsnap_set_part_gen(struct indsnap *s, const char *part, const char *gen)
{
	int t = part_index(part);

	if (t == R__MAX)
		snprintf(s->towns_gen, sizeof(s->towns_gen), "%s", gen ? gen : "");
	else if (t >= 0)
		snprintf(s->part[t].gen, sizeof(s->part[t].gen), "%s", gen ? gen : "");
}

const char *
indsnap_part_gen(const struct indsnap *s, const char *part)
{
	int t = part_index(part);

	return t == R__MAX ? s->towns_gen : t >= 0 ? s->part[t].gen : "";
}

bool
indsnap_reuse(struct indsnap *s, const struct indsnap *old, const char *part)
{
	int t = part_index(part);

	if (t == R__MAX) {
		for (size_t i = 0; i < old->ntown; i++)
			if (!indsnap_add_town(s, &old->town[i]))
				return false;
		s->pop_known = old->pop_known;
		s->population = old->population;
		snprintf(s->towns_gen, sizeof(s->towns_gen), "%s", old->towns_gen);
		return true;
	}
	if (t < 0)
		return true;
	free(s->part[t].rec);
	s->part[t] = (struct part){ 0 };
	if (old->part[t].n > 0) {
		s->part[t].rec = malloc(old->part[t].n * sizeof(struct rec));
		if (s->part[t].rec == NULL)
			return false;
		memcpy(s->part[t].rec, old->part[t].rec, old->part[t].n * sizeof(struct rec));
		s->part[t].n = s->part[t].cap = old->part[t].n;
	}
	snprintf(s->part[t].gen, sizeof(s->part[t].gen), "%s", old->part[t].gen);
	return true;
}

/* The index of stage name (0 for none; 0 too when the table is full, which
 * the closed list of 学段 never fills). */
static uint8_t
stage_index(struct indsnap *s, const char *name)
{
	if (name == NULL)
		return 0;
	for (size_t i = 1; i < s->nstages; i++)
		if (strcmp(s->stages[i], name) == 0)
			return (uint8_t)i;
	if (s->nstages >= 256 || strlen(name) >= sizeof(s->stages[0]))
		return 0;
	snprintf(s->stages[s->nstages], sizeof(s->stages[0]), "%s", name);
	return (uint8_t)s->nstages++;
}

static bool
is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

bool
indsnap_add(struct indsnap *s, const struct indsnap_row *r)
{
	struct rec x = { 0 };
	int t;

	for (t = 0; t < R__MAX && !is(r->type, rec_types[t]); t++)
		;
	if (t == R__MAX)
		return true;
	x.type = (uint8_t)t;
	x.div = itab_intern(&s->divs, r->division);
	x.town = itab_intern(&s->towns, r->town);
	if (x.div == -2 || x.town == -2)
		return false;
	x.flags = (is(r->status, "运行") ? F_RUNNING : 0) | (is(r->kind, "示范型") ? F_MODEL : 0) |
		  (is(r->level, "嘉兴市级") || is(r->level, "省级") ? F_CITY : 0);
	x.d2 = INDSNAP_NEVER;
	switch (t) {
	case R_HOME: x.d1 = indsnap_day(r->named_on); break;
	case R_REHAB:
		x.d1 = indsnap_day(r->agreement_from);
		x.d2 = indsnap_day(r->agreement_to);
		break;
	case R_SCHOOL:
		x.d1 = indsnap_day(r->smart_on);
		x.stage = stage_index(s, r->stage);
		break;
	default: x.d1 = indsnap_day(r->opened_on); break;
	}
	x.places = r->places > INT32_MAX ? INT32_MAX : r->places < 0 ? 0 : (int32_t)r->places;
	x.created_by = r->created_by;
	if (s->part[t].n == s->part[t].cap) {
		size_t cap = s->part[t].cap ? s->part[t].cap * 2 : 1024;
		struct rec *p = realloc(s->part[t].rec, cap * sizeof(*p));
		if (p == NULL)
			return false;
		s->part[t].rec = p;
		s->part[t].cap = cap;
	}
	s->part[t].rec[s->part[t].n++] = x;
	return true;
}

bool
indsnap_add_town(struct indsnap *s, const struct indsnap_town *t)
{
	if (s->ntown == s->captown) {
		size_t cap = s->captown ? s->captown * 2 : 16;
		struct indsnap_town *p = realloc(s->town, cap * sizeof(*p));
		if (p == NULL)
			return false;
		s->town = p;
		s->captown = cap;
	}
	s->town[s->ntown++] = *t;
	return true;
}

void
indsnap_set_county_population(struct indsnap *s, bool known, int64_t population)
{
	s->pop_known = known;
	s->population = known ? population : 0;
}

/* True when the filter sees records located in division code. */
static bool
sees(const struct indsnap_filter *f, const char *code)
{
	return f->all || (f->prefix && *f->prefix && strncmp(code, f->prefix, strlen(f->prefix)) == 0);
}

void
indsnap_towns(const struct indsnap *s, const struct indsnap_filter *f,
	      void (*fn)(const struct indsnap_town *, void *), void *arg)
{
	for (size_t i = 0; i < s->ntown; i++)
		if (sees(f, s->town[i].code))
			fn(&s->town[i], arg);
}

void
indsnap_county_population(const struct indsnap *s, bool *known, int64_t *population)
{
	*known = s->pop_known;
	*population = s->population;
}

bool
indsnap_counts(const struct indsnap *s, const struct indsnap_filter *f, const char *as_of,
	       const char *stages, void (*fn)(const struct ind_counts *, void *), void *arg)
{
	int32_t day = indsnap_day(as_of);
	size_t ng = s->towns.n + 1;   /* group 0: no town */
	uint8_t *vis = calloc(s->divs.n + 1, 1), *seen = calloc(s->divs.n + 1, 1);
	uint8_t *present = calloc(ng, 1);
	int64_t (*n)[INDC__MAX] = calloc(ng, sizeof(*n));
	bool stage_on[256] = { false };
	char probe[40];

	if (vis == NULL || seen == NULL || present == NULL || n == NULL) {
		free(vis), free(seen), free(present), free(n);
		return false;
	}
	for (size_t i = 0; i < s->divs.n; i++)
		vis[i] = sees(f, s->divs.s[i]);
	for (size_t i = 1; i < s->nstages && stages; i++) {
		snprintf(probe, sizeof(probe), "|%s|", s->stages[i]);
		stage_on[i] = strstr(stages, probe) != NULL;
	}
	for (int t = 0; t < R__MAX; t++) {
		for (size_t i = 0; i < s->part[t].n; i++) {
			const struct rec *r = &s->part[t].rec[i];
			size_t g = (size_t)(r->town + 1);
			int64_t *c = n[g];
			if (!(r->div >= 0 && vis[r->div]) && !(f->owner_id > 0 && r->created_by == f->owner_id))
				continue;
			present[g] = 1;
			switch (r->type) {
			case R_STATION:
				c[INDC_STATIONS] += (r->flags & F_RUNNING) && r->d1 <= day;
				break;
			case R_HOME:
				if ((r->flags & F_MODEL) && r->d1 <= day) {
					c[INDC_HOMES_MODEL]++;
					c[INDC_HOMES_MODEL_CITY] += (r->flags & F_CITY) != 0;
				}
				break;
			case R_REHAB:
				c[INDC_REHAB]++;
				c[INDC_REHAB_AGREED] += r->d1 <= day && r->d2 >= day;
				break;
			case R_CHILDCARE:
				if (r->d1 <= day)
					c[INDC_PLACES] += r->places;
				break;
			case R_POST:
				/* distinct divisions: a division lies in one town */
				if (r->d1 <= day && r->div >= 0 && !seen[r->div]) {
					uint8_t len = s->divs.len[r->div];
					if (len == 9 || len == 12) {
						seen[r->div] = 1;
						c[len == 9 ? INDC_POSTS_TOWN : INDC_POSTS_VILLAGES]++;
					}
				}
				break;
			case R_SCHOOL:
				if (stage_on[r->stage]) {
					c[INDC_SCHOOLS]++;
					c[INDC_SCHOOLS_SMART] += r->d1 <= day;
				}
				break;
			default:
				break;
			}
		}
	}
	for (size_t g = 0; g < ng; g++) {
		struct ind_counts out;
		if (!present[g])
			continue;
		memset(&out, 0, sizeof(out));
		if (g > 0)
			memcpy(out.town_code, s->towns.s[g - 1], sizeof(out.town_code));
		memcpy(out.n, n[g], sizeof(out.n));
		fn(&out, arg);
	}
	free(vis), free(seen), free(present), free(n);
	return true;
}
