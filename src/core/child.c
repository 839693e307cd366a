#include "core/child.h"

#include <string.h>

static const char *const parent_status_names[PARENT_STATUS__MAX] = {
	[PARENT_NORMAL] = "正常",
	[PARENT_DEAD] = "死亡",
	[PARENT_DECLARED_DEAD] = "宣告死亡",
	[PARENT_DECLARED_MISSING] = "宣告失踪",
	[PARENT_NOT_FOUND] = "查找不到",
	[PARENT_DISABLED] = "残疾",
	[PARENT_SERIOUSLY_ILL] = "重病",
	[PARENT_IMPRISONED] = "服刑在押",
	[PARENT_DRUG_REHAB] = "强制隔离戒毒",
	[PARENT_OTHER_RESTRICTION] = "其他限制人身自由",
	[PARENT_LOST_CONTACT] = "失联",
	[PARENT_GUARDIANSHIP_REVOKED] = "被撤销监护资格",
	[PARENT_DEPORTED] = "被遣送出境",
	[PARENT_MIGRANT_WORKER] = "外出务工",
};

static const char *const disability_names[DISABILITY__MAX] = {
	[DISABILITY_NONE] = "",
	[DISABILITY_VISION] = "视力",
	[DISABILITY_HEARING] = "听力",
	[DISABILITY_SPEECH] = "言语",
	[DISABILITY_PHYSICAL] = "肢体",
	[DISABILITY_INTELLECTUAL] = "智力",
	[DISABILITY_MENTAL] = "精神",
	[DISABILITY_MULTIPLE] = "多重",
};

static const char *const economy_names[ECONOMY__MAX] = {
	[ECONOMY_NONE] = "",
	[ECONOMY_DIBAO] = "低保",
	[ECONOMY_DIBIAN] = "低边",
	[ECONOMY_TEKUN] = "特困",
};

static const char *const category_names[CHILD_CATEGORY_BITS] = {
	"孤儿",
	"事实无人抚养儿童",
	"留守儿童",
	"农村留守儿童",
	"困境儿童",
	"困境儿童（家庭贫困）",
	"困境儿童（自身残疾）",
	"困境儿童（监护缺失或不当）",
	"残疾儿童",
};

/* Index of name in names[0..n), or n. */
static int
lookup(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return n;
}

const char *
parent_status_name(enum parent_status s)
{
	return (unsigned)s < PARENT_STATUS__MAX ? parent_status_names[s] : NULL;
}

enum parent_status
parent_status_parse(const char *name)
{
	if (name == NULL)
		return PARENT_STATUS__MAX;
	return (enum parent_status)lookup(parent_status_names, PARENT_STATUS__MAX, name);
}

const char *
disability_kind_name(enum disability_kind k)
{
	return (unsigned)k < DISABILITY__MAX ? disability_names[k] : NULL;
}

enum disability_kind
disability_kind_parse(const char *name)
{
	return (enum disability_kind)lookup(disability_names, DISABILITY__MAX, name ? name : "");
}

const char *
family_economy_name(enum family_economy e)
{
	return (unsigned)e < ECONOMY__MAX ? economy_names[e] : NULL;
}

enum family_economy
family_economy_parse(const char *name)
{
	return (enum family_economy)lookup(economy_names, ECONOMY__MAX, name ? name : "");
}

const char *
child_category_name(unsigned bit)
{
	for (int i = 0; i < CHILD_CATEGORY_BITS; i++)
		if (bit == 1u << i)
			return category_names[i];
	return NULL;
}

struct child_rules
child_rules_default(void)
{
	struct child_rules r = { 18, 16, 6, 6, { false } };

	r.poverty[ECONOMY_DIBAO] = true;
	r.poverty[ECONOMY_DIBIAN] = true;
	r.poverty[ECONOMY_TEKUN] = true;
	return r;
}

/* True when period p holds on date on. */
static bool
in_force(const struct parent_period *p, struct id_date on)
{
	return id_date_compare(p->start, on) <= 0 &&
	       (!p->ended || id_date_compare(on, p->end) <= 0);
}

/* 重残: grade 1-2 of any kind, or grade 3-4 of 智力/精神. */
static bool
severe(enum disability_kind k, int grade)
{
	if (k == DISABILITY_NONE || grade < 1 || grade > 4)
		return false;
	return grade <= 2 || k == DISABILITY_INTELLECTUAL || k == DISABILITY_MENTAL;
}

/* True when a custody period lasts at least months: open, or the day after
 * its last day is on or after start + months. */
static bool
long_term(const struct parent_period *p, int months)
{
	return !p->ended || id_date_compare(id_date_add_days(p->end, 1),
					    id_date_add_months(p->start, months)) >= 0;
}

/* What period p makes a parent on date on (it must be in force). */
static enum parent_role
period_role(const struct parent_period *p, struct id_date on, const struct child_rules *r)
{
	switch (p->status) {
	case PARENT_DEAD:
	case PARENT_DECLARED_DEAD:
	case PARENT_DECLARED_MISSING:
		return ROLE_GONE;
	case PARENT_NOT_FOUND:
		return ROLE_NOT_FOUND;
	case PARENT_DISABLED:
		return severe(p->disability, p->grade) ? ROLE_UNABLE : ROLE_NONE;
	case PARENT_SERIOUSLY_ILL:
	case PARENT_GUARDIANSHIP_REVOKED:
	case PARENT_DEPORTED:
		return ROLE_UNABLE;
	case PARENT_IMPRISONED:
	case PARENT_DRUG_REHAB:
	case PARENT_OTHER_RESTRICTION:
		return long_term(p, r->custody_min_months) ? ROLE_UNABLE : ROLE_NONE;
	case PARENT_LOST_CONTACT:
		return id_date_compare(id_date_add_months(p->start, r->lost_contact_months), on) <= 0
			       ? ROLE_UNABLE : ROLE_NONE;
	case PARENT_MIGRANT_WORKER:
		return ROLE_AWAY;
	case PARENT_NORMAL:
	case PARENT_STATUS__MAX:
		break;
	}
	return ROLE_NONE;
}

/* Strength of a role: the strongest period in force decides. */
static int
rank(enum parent_role role)
{
	static const int ranks[] = {
		[ROLE_NONE] = 0, [ROLE_AWAY] = 1, [ROLE_UNABLE] = 2,
		[ROLE_NOT_FOUND] = 3, [ROLE_GONE] = 4,
	};

	return ranks[role];
}

static struct parent_reason
judge(const struct parent_history *h, struct id_date on, const struct child_rules *r)
{
	struct parent_reason best = { ROLE_NONE, -1 };

	for (size_t i = 0; i < h->n; i++) {
		enum parent_role role;

		if (!in_force(&h->periods[i], on))
			continue;
		role = period_role(&h->periods[i], on, r);
		if (role != ROLE_NONE && rank(role) > rank(best.role))
			best = (struct parent_reason){ role, (int)i };
	}
	return best;
}

static bool
gone_or_not_found(enum parent_role role)
{
	return role == ROLE_GONE || role == ROLE_NOT_FOUND;
}

/* 事实无人抚养: both unable, or one gone and the other unable. */
static bool
de_facto(enum parent_role a, enum parent_role b)
{
	return (a == ROLE_UNABLE && (b == ROLE_UNABLE || b == ROLE_GONE)) ||
	       (b == ROLE_UNABLE && a == ROLE_GONE);
}

/* 留守: both away, or one away and the other gone or unable. */
static bool
left_behind(enum parent_role a, enum parent_role b)
{
	return (a == ROLE_AWAY && (b == ROLE_AWAY || b == ROLE_GONE || b == ROLE_UNABLE)) ||
	       (b == ROLE_AWAY && (a == ROLE_GONE || a == ROLE_UNABLE));
}

struct child_result
child_derive(const struct child_facts *f, struct id_date on, const struct child_rules *rules)
{
	struct child_result res = { 0, -1, false, { ROLE_NONE, -1 }, { ROLE_NONE, -1 } };
	enum parent_role fr, mr;
	unsigned c = 0;

	if (f->birth_known) {
		res.age = id_date_age(f->birth, on);
		if (res.age >= rules->adult_age) {
			res.adult = true;
			return res;
		}
	}
	res.father = judge(&f->father, on, rules);
	res.mother = judge(&f->mother, on, rules);
	fr = res.father.role;
	mr = res.mother.role;
	if (gone_or_not_found(fr) && gone_or_not_found(mr))
		c |= CHILD_ORPHAN;
	else if (de_facto(fr, mr))
		c |= CHILD_DE_FACTO;
	else if (res.age >= 0 && res.age < rules->left_behind_age && left_behind(fr, mr))
		c |= CHILD_LEFT_BEHIND | (f->rural_household ? CHILD_RURAL_LEFT_BEHIND : 0u);
	if ((unsigned)f->economy < ECONOMY__MAX && f->economy != ECONOMY_NONE &&
	    rules->poverty[f->economy])
		c |= CHILD_POVERTY;
	if (f->disability != DISABILITY_NONE && f->disability_grade >= 1 && f->disability_grade <= 4)
		c |= CHILD_OWN_DISABILITY | CHILD_DISABLED;
	if (f->guardianship_lacking)
		c |= CHILD_GUARDIANSHIP;
	if (c & (CHILD_POVERTY | CHILD_OWN_DISABILITY | CHILD_GUARDIANSHIP))
		c |= CHILD_DIFFICULTY;
	res.categories = c;
	return res;
}

/* Keeps d in *best when it is after on and before *best. */
static void
earliest(struct id_date d, struct id_date on, struct id_date *best, bool *found)
{
	if (id_date_compare(d, on) > 0 && (!*found || id_date_compare(d, *best) < 0)) {
		*best = d;
		*found = true;
	}
}

static void
history_changes(const struct parent_history *h, struct id_date on, const struct child_rules *r,
		struct id_date *best, bool *found)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct parent_period *p = &h->periods[i];

		earliest(p->start, on, best, found);
		if (p->ended)
			earliest(id_date_add_days(p->end, 1), on, best, found);
		if (p->status == PARENT_LOST_CONTACT)
			earliest(id_date_add_months(p->start, r->lost_contact_months), on, best, found);
	}
}

bool
child_next_change(const struct child_facts *f, struct id_date on, const struct child_rules *rules,
		  struct id_date *next)
{
	struct id_date best = { 0, 0, 0 };
	bool found = false;

	if (f->birth_known) {
		struct id_date adult = id_date_add_months(f->birth, 12 * rules->adult_age);

		if (id_date_compare(adult, on) <= 0)
			return false;
		earliest(adult, on, &best, &found);
		earliest(id_date_add_months(f->birth, 12 * rules->left_behind_age), on, &best, &found);
	}
	history_changes(&f->father, on, rules, &best, &found);
	history_changes(&f->mother, on, rules, &best, &found);
	if (found)
		*next = best;
	return found;
}

struct id_date
child_adult_cutoff(struct id_date on, const struct child_rules *rules)
{
	struct id_date cut = id_date_add_months(on, -12 * rules->adult_age);

	if (id_date_add_days(on, 1).month != on.month)   /* the month's last day */
		cut = id_date_add_days(id_date_add_months((struct id_date){ cut.year, cut.month, 1 }, 1),
				       -1);
	return cut;
}

struct id_date
child_purge_day(struct id_date birth, int years, const struct child_rules *rules)
{
	return id_date_add_months(id_date_add_months(birth, 12 * rules->adult_age), 12 * years);
}

struct id_date
child_purge_cutoff(struct id_date on, int years, const struct child_rules *rules)
{
	/* child_purge_day never decreases with the birth date, so the births
	 * due form a prefix: start near its end and step to it (a few days) */
	struct id_date cut = id_date_add_months(on, -12 * (rules->adult_age + years));

	while (id_date_compare(child_purge_day(cut, years, rules), on) > 0)
		cut = id_date_add_days(cut, -1);
	while (id_date_compare(child_purge_day(id_date_add_days(cut, 1), years, rules), on) <= 0)
		cut = id_date_add_days(cut, 1);
	return cut;
}

bool
child_turns_adult_within(struct id_date birth, struct id_date on, int days,
			 const struct child_rules *rules)
{
	struct id_date adult = id_date_add_months(birth, 12 * rules->adult_age);

	return id_date_compare(adult, on) > 0 &&
	       id_date_compare(adult, id_date_add_days(on, days)) <= 0;
}

/* A growing text in a caller's buffer: need counts what would have been
 * written, so the caller learns the length it needed. */
struct out {
	char *buf;
	size_t len, need;
};

/* Appends s (truncated where the buffer ends, like snprintf). */
static void
put_str(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->need < o->len) {
		size_t room = o->len - o->need, k = n < room ? n : room - 1;

		memcpy(o->buf + o->need, s, k);
		o->buf[o->need + k] = '\0';
	}
	o->need += n;
}

/* Appends a whole number in decimal. */
static void
put_int(struct out *o, int v)
{
	char digits[16], *p = digits + sizeof(digits);
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	put_str(o, p);
}

static const char *const grade_names[] = { "", "一级", "二级", "三级", "四级" };

static const char *
grade_name(int g)
{
	return g >= 1 && g <= 4 ? grade_names[g] : "";
}

static void
put_date(struct out *o, struct id_date d)
{
	char text[11];

	id_date_format(d, text);
	put_str(o, text);
}

/* "父亲：服刑在押（2019-03-02至2024-03-01）" for the deciding period. */
static void
put_parent(struct out *o, const char *who, const struct parent_history *h,
	   struct parent_reason pr, const struct child_rules *r)
{
	const struct parent_period *p;

	if (pr.period < 0 || (size_t)pr.period >= h->n)
		return;
	p = &h->periods[pr.period];
	if (o->need > 0)
		put_str(o, "；");
	put_str(o, who);
	put_str(o, "：");
	put_str(o, parent_status_name(p->status));
	put_str(o, "（");
	if (p->status == PARENT_DISABLED) {
		put_str(o, disability_kind_name(p->disability));
		put_str(o, grade_name(p->grade));
		put_str(o, "，");
	}
	put_date(o, p->start);
	if (p->status == PARENT_LOST_CONTACT) {
		put_str(o, "报告，已满");
		put_int(o, r->lost_contact_months);
		put_str(o, "个月）");
		return;
	}
	if (p->ended) {
		put_str(o, "至");
		put_date(o, p->end);
		put_str(o, "）");
	} else {
		put_str(o, "起）");
	}
}

size_t
child_reason(const struct child_facts *f, const struct child_result *r,
	     const struct child_rules *rules, unsigned bit, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (len > 0)
		buf[0] = '\0';
	if (!(r->categories & bit) || child_category_name(bit) == NULL)
		return 0;
	switch (bit) {
	case CHILD_ORPHAN:
	case CHILD_DE_FACTO:
	case CHILD_LEFT_BEHIND:
	case CHILD_RURAL_LEFT_BEHIND:
		put_parent(&o, "父亲", &f->father, r->father, rules);
		put_parent(&o, "母亲", &f->mother, r->mother, rules);
		if (bit == CHILD_LEFT_BEHIND || bit == CHILD_RURAL_LEFT_BEHIND) {
			put_str(&o, "；未满");
			put_int(&o, rules->left_behind_age);
			put_str(&o, "周岁（");
			put_int(&o, r->age);
			put_str(&o, "岁）");
		}
		if (bit == CHILD_RURAL_LEFT_BEHIND)
			put_str(&o, "；农业户口");
		break;
	case CHILD_POVERTY:
		put_str(&o, "家庭经济：");
		put_str(&o, family_economy_name(f->economy));
		break;
	case CHILD_OWN_DISABILITY:
	case CHILD_DISABLED:
		put_str(&o, "本人残疾：");
		put_str(&o, disability_kind_name(f->disability));
		put_str(&o, grade_name(f->disability_grade));
		break;
	case CHILD_GUARDIANSHIP:
		put_str(&o, "个案认定监护缺失或不当");
		break;
	case CHILD_DIFFICULTY:
		for (unsigned b = CHILD_POVERTY; b <= CHILD_GUARDIANSHIP; b <<= 1) {
			char part[256];

			if (!(r->categories & b))
				continue;
			child_reason(f, r, rules, b, part, sizeof(part));
			if (o.need > 0)
				put_str(&o, "；");
			put_str(&o, part);
		}
		break;
	default:
		break;
	}
	return o.need;
}

struct visit_rules
visit_rules_default(void)
{
	return (struct visit_rules){ CHILD_ORPHAN | CHILD_DE_FACTO, 1, 3 };
}

int
child_visit_interval(unsigned categories, const struct visit_rules *rules)
{
	return (categories & rules->monthly) ? rules->monthly_months : rules->other_months;
}

bool
child_visit_next_due(struct id_date visited, unsigned categories, const struct visit_rules *rules,
		     const struct id_date *given, struct id_date *due)
{
	struct id_date latest =
		id_date_add_months(visited, child_visit_interval(categories, rules));

	if (!given) {
		*due = latest;
		return true;
	}
	if (id_date_compare(*given, visited) < 0 || id_date_compare(*given, latest) > 0)
		return false;
	*due = *given;
	return true;
}
