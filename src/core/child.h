/*
 * Children in difficulty: the categories a child falls in on a date, derived
 * from facts (the parents' status histories, the child's own disability, the
 * family's economy, a guardianship finding of a case) and never typed.  Pure:
 * the date is always a parameter; the rules are DOMAIN.md "Children" and
 * issue 11 (民发〔2019〕62号, 民发〔2020〕125号, 国发〔2016〕13号/36号).
 *
 * A status counts on a date when it started on or before the date and has
 * not ended: the end date, when there is one, is the last day it held.
 */
#ifndef WB_CORE_CHILD_H
#define WB_CORE_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/idnumber.h"

/* A parent's status (the closed list of the register's 父亲状况/母亲状况). */
enum parent_status {
	PARENT_NORMAL,                /* 正常 */
	PARENT_DEAD,                  /* 死亡 */
	PARENT_DECLARED_DEAD,         /* 宣告死亡 */
	PARENT_DECLARED_MISSING,      /* 宣告失踪 */
	PARENT_NOT_FOUND,             /* 查找不到 (birth parent of a foundling) */
	PARENT_DISABLED,              /* 残疾 (with kind and grade) */
	PARENT_SERIOUSLY_ILL,         /* 重病 */
	PARENT_IMPRISONED,            /* 服刑在押 */
	PARENT_DRUG_REHAB,            /* 强制隔离戒毒 */
	PARENT_OTHER_RESTRICTION,     /* 其他限制人身自由 */
	PARENT_LOST_CONTACT,          /* 失联 (start: the day it was reported) */
	PARENT_GUARDIANSHIP_REVOKED,  /* 被撤销监护资格 */
	PARENT_DEPORTED,              /* 被遣送出境 */
	PARENT_MIGRANT_WORKER,        /* 外出务工 */
	PARENT_STATUS__MAX
};

/* A disability kind (残疾类别); DISABILITY_NONE when there is none. */
enum disability_kind {
	DISABILITY_NONE,
	DISABILITY_VISION,        /* 视力 */
	DISABILITY_HEARING,       /* 听力 */
	DISABILITY_SPEECH,        /* 言语 */
	DISABILITY_PHYSICAL,      /* 肢体 */
	DISABILITY_INTELLECTUAL,  /* 智力 */
	DISABILITY_MENTAL,        /* 精神 */
	DISABILITY_MULTIPLE,      /* 多重 */
	DISABILITY__MAX
};

/* The family's economy (家庭经济). */
enum family_economy {
	ECONOMY_NONE,
	ECONOMY_DIBAO,     /* 低保 */
	ECONOMY_DIBIAN,    /* 低边 */
	ECONOMY_TEKUN,     /* 特困 */
	ECONOMY__MAX
};

/* The Chinese name of each value ("死亡", "智力", "低保"; "" for NONE) and
 * back (the __MAX value when name is not in the list; "" and NULL parse as
 * NONE for the two lists that have one). */
const char *parent_status_name(enum parent_status s);
enum parent_status parent_status_parse(const char *name);
const char *disability_kind_name(enum disability_kind k);
enum disability_kind disability_kind_parse(const char *name);
const char *family_economy_name(enum family_economy e);
enum family_economy family_economy_parse(const char *name);

/* One period of a parent's status history. */
struct parent_period {
	enum parent_status status;
	enum disability_kind disability;   /* PARENT_DISABLED only */
	int grade;                         /* 1-4, PARENT_DISABLED only */
	struct id_date start;
	bool ended;                        /* false: still open */
	struct id_date end;                /* last day it held, when ended */
};

/* A parent's history: any number of periods, possibly overlapping (a parent
 * can be disabled and in prison at once).  Not owned. */
struct parent_history {
	const struct parent_period *periods;
	size_t n;
};

/* The facts the categories are derived from. */
struct child_facts {
	bool birth_known;                  /* false for a temporary number */
	struct id_date birth;
	struct parent_history father, mother;
	enum disability_kind disability;   /* the child's own certified disability */
	int disability_grade;              /* 1-4 when disability is not NONE */
	enum family_economy economy;
	bool rural_household;              /* 农业户口 (for the national 留守 figure) */
	bool guardianship_lacking;         /* 监护缺失或不当, found by a case */
};

/* Rules that vary by place (configuration); child_rules_default() gives the
 * national ones. */
struct child_rules {
	int adult_age;                     /* 18: from this birthday no category */
	int left_behind_age;               /* 16: 留守 under this age */
	int custody_min_months;            /* 6: 服刑在押 etc. count from this term */
	int lost_contact_months;           /* 6: 失联 counts this long after the report */
	bool poverty[ECONOMY__MAX];        /* economies that make 困境 (家庭贫困) */
};

struct child_rules child_rules_default(void);

/* The categories, as bits. */
enum child_category {
	CHILD_ORPHAN = 1 << 0,             /* 孤儿 */
	CHILD_DE_FACTO = 1 << 1,           /* 事实无人抚养儿童 */
	CHILD_LEFT_BEHIND = 1 << 2,        /* 留守儿童 */
	CHILD_RURAL_LEFT_BEHIND = 1 << 3,  /* 农村留守儿童 (statistics: 留守 with a rural household) */
	CHILD_DIFFICULTY = 1 << 4,         /* 困境儿童 (any of the three classes below) */
	CHILD_POVERTY = 1 << 5,            /* 困境: 家庭贫困 */
	CHILD_OWN_DISABILITY = 1 << 6,     /* 困境: 自身残疾 */
	CHILD_GUARDIANSHIP = 1 << 7,       /* 困境: 监护缺失或不当 */
	CHILD_DISABLED = 1 << 8,           /* 残疾儿童 */
	CHILD_CATEGORY_BITS = 9
};

/* The Chinese name of one category bit ("孤儿", "困境儿童（家庭贫困）", …);
 * NULL for anything but a single known bit. */
const char *child_category_name(unsigned bit);

/* Why a parent counts: the period of the history that decided it (-1 when
 * none did) and what it made the parent. */
enum parent_role {
	ROLE_NONE,        /* nothing that makes a category */
	ROLE_GONE,        /* 死亡/宣告死亡/宣告失踪 */
	ROLE_NOT_FOUND,   /* 查找不到 */
	ROLE_UNABLE,      /* in set A: cannot bring the child up */
	ROLE_AWAY         /* 外出务工 */
};

struct parent_reason {
	enum parent_role role;
	int period;       /* index into the history, -1 for ROLE_NONE */
};

/* The derivation on one date. */
struct child_result {
	unsigned categories;          /* enum child_category bits */
	int age;                      /* whole years on the date; -1 unknown */
	bool adult;                   /* reached rules->adult_age: no category */
	struct parent_reason father, mother;
};

/*
 * Derives the categories of the child on date `on`.  A parent is judged by
 * the periods in force on the date, the strongest first: gone or not found,
 * then unable (set A), then away for work.  Set A: 重残 (grade 1-2, or
 * 智力/精神 of grade 3-4), 重病, custody (服刑在押/强制隔离戒毒/其他限制人身
 * 自由) with a term of at least custody_min_months (an open term counts),
 * 失联 reported at least lost_contact_months before the date, 被撤销监护资格,
 * 被遣送出境.  A child without a known birth date is treated as under the
 * adult age but never counted 留守 (its age is unknown).
 */
struct child_result child_derive(const struct child_facts *f, struct id_date on,
				 const struct child_rules *rules);

/* The first day after `on` on which child_derive may answer differently
 * (a period beginning, the day after one ends, a 失联 report turning
 * lost_contact_months old, the 16th or 18th birthday) into *next; false
 * when nothing can change any more (an adult, or no future date). */
bool child_next_change(const struct child_facts *f, struct id_date on,
		       const struct child_rules *rules, struct id_date *next);

/* The latest birth date of someone who has reached rules->adult_age on
 * `on`, by the calendar reckoning of id_date_age: a child born after it is
 * a minor on that day (on the last day of a month, every later day of the
 * same month counts too: 28 February 2026 makes 29 February 2008 adult). */
struct id_date child_adult_cutoff(struct id_date on, const struct child_rules *rules);

/* Retention: the day the record of someone born on birth may be reduced to
 * what the statistics need — their adult birthday (rules->adult_age, as
 * id_date_age reckons it) and `years` calendar years after it (a 29 February
 * birth: 28 February where that day does not exist). */
struct id_date child_purge_day(struct id_date birth, int years, const struct child_rules *rules);

/* The latest birth date whose child_purge_day(…, years) is on or before `on`:
 * records of children born on or before it are due for reduction. */
struct id_date child_purge_cutoff(struct id_date on, int years, const struct child_rules *rules);

/* True when a child born on birth reaches rules->adult_age after `on` and
 * no later than `days` days after it (lists of who turns 18 soon). */
bool child_turns_adult_within(struct id_date birth, struct id_date on, int days,
			      const struct child_rules *rules);

/*
 * Writes into buf (always NUL-terminated, cut to len) the Chinese reasons of
 * one category bit of r (derived under rules): the facts that produced it, e.g.
 * "父亲：死亡（2019-03-02起）；母亲：宣告失踪（2020-01-05起）".  Returns the
 * length it needed (as snprintf), 0 when the bit is not in r.
 */
size_t child_reason(const struct child_facts *f, const struct child_result *r,
		    const struct child_rules *rules, unsigned bit, char *buf, size_t len);

/* How often a child is visited (儿童主任's visits): children in one of the
 * `monthly` categories every monthly_months, the others every other_months
 * (calendar months).  visit_rules_default(): 孤儿 and 事实无人抚养 monthly,
 * other categories quarterly. */
struct visit_rules {
	unsigned monthly;      /* enum child_category bits */
	int monthly_months;    /* 1 */
	int other_months;      /* 3 */
};
struct visit_rules visit_rules_default(void);

/* The visit interval in months of a child holding `categories`. */
int child_visit_interval(unsigned categories, const struct visit_rules *rules);

/* The next visit due after a visit on `visited`: visited plus the interval
 * in calendar months (the month's last day where that day does not exist),
 * or *given when the visitor gave one (given may be NULL).  Into *due;
 * false when *given is before the visit or later than the interval allows. */
bool child_visit_next_due(struct id_date visited, unsigned categories,
			  const struct visit_rules *rules, const struct id_date *given,
			  struct id_date *due);

#endif
