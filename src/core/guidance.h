/* Family-education orders (家庭教育促进法 第四十九条; DOMAIN.md "Family
 * education guidance orders"): which body may issue which instrument, when
 * the next guidance session is due, and the moments its light changes.
 * Pure: no I/O, no clock. */
#ifndef WB_CORE_GUIDANCE_H
#define WB_CORE_GUIDANCE_H

#include <stdbool.h>
#include <stdint.h>

enum guidance_kind {
	GUIDANCE_ORDER,        /* 家庭教育指导令: a court's decision */
	GUIDANCE_SUPERVISE,    /* 督促监护令: a procuratorate */
	GUIDANCE_INSTRUCT,     /* 责令接受家庭教育指导: police, procuratorate or court */
	GUIDANCE_KIND__MAX
};

/* The kind of body a member unit is, from its name. */
enum guidance_issuer {
	ISSUER_COURT,          /* …法院 */
	ISSUER_PROCURATORATE,  /* …检察院 */
	ISSUER_POLICE,         /* …公安… */
	ISSUER_OTHER,
};

#define GUIDANCE_WARN_DAYS 2        /* yellow this many days before a session is due */
#define GUIDANCE_EVERY_DAYS_MAX 366

const char *guidance_kind_title(enum guidance_kind k);      /* "家庭教育指导令", … */
enum guidance_kind guidance_kind_parse(const char *title);  /* GUIDANCE_KIND__MAX if unknown */

/* The body a unit of this name is: 法院, 检察院, 公安 (ISSUER_OTHER else). */
enum guidance_issuer guidance_issuer_of(const char *unit_name);
/* Whether a body of type i may issue an instrument of kind k. */
bool guidance_may_issue(enum guidance_kind k, enum guidance_issuer i);
/* Who may issue kind k, in Chinese for messages: "人民法院", … */
const char *guidance_issuers_title(enum guidance_kind k);

/* The result of a compliance check: 履行, 部分履行, 未履行. */
bool guidance_result_valid(const char *result);

/*
 * The next session's due date into due ("YYYY-MM-DD"): every_days after
 * the later of period_from and last_session ("" or NULL when none was
 * held).  False (due "") when a date is malformed, every_days is outside
 * 1–366, or the date falls after period_to — no session is owed then.
 */
bool guidance_next_due(const char *period_from, const char *period_to, const char *last_session,
		       int every_days, char due[11]);

/*
 * The moments the light of a session due on date `due` changes (Unix
 * seconds, China's calendar): yellow from the start of the day
 * GUIDANCE_WARN_DAYS before it, red once the day has ended.  False for a
 * malformed date ("" included: no light, both 0).
 */
bool guidance_light_moments(const char *due, int64_t *yellow_at, int64_t *red_at);

/* The moment an order's period is over (the end of period_to, China's
 * calendar): no light after it.  -1 when malformed. */
int64_t guidance_period_end(const char *period_to);

#endif
