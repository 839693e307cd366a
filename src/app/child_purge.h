/*
 * Retention of the children's records (DOMAIN "Children", issue 11): the
 * record of someone who turned 18 is kept whole for child_retention_years
 * (weibao.conf, default 3) calendar years after the 18th birthday, then
 * reduced to what the statistics need (store_child_purge: no name, ID
 * number, address, bank account, school, guardians, evidence, visit
 * findings; the birth date cut to its month; sex, village, household,
 * placement, disability, economy, the parents' periods, visit dates,
 * categories and history kept).  serve does it daily, `weibao child purge`
 * now (--dry-run lists what would go).
 */
#ifndef WB_APP_CHILD_PURGE_H
#define WB_APP_CHILD_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/children.h"
#include "app/ctx.h"
#include "util/vec.h"

struct child_purge_town {
	char town[10];
	char name[164];           /* the division's name ("" when unknown) */
	int64_t count;
};

struct child_purge_result {
	int years;                /* the retention period applied */
	char cutoff[11];          /* children born on or before this day were due */
	int64_t count;
	struct vec towns;         /* struct child_purge_town, by town code */
};
/* Frees r->towns. */
void child_purge_result_free(struct child_purge_result *r);

/*
 * The children due for reduction today (Asia/Shanghai): born on or before
 * child_purge_cutoff(today, c->config->child_retention_years) and not
 * reduced yet, whatever c's scope (c is the system's or the CLI's).  fn (may
 * be NULL) receives each one's masked brief as of today, before it is
 * reduced; *res the cutoff, the count and the counts per town (free it with
 * child_purge_result_free, also after a failure).  Unless dry_run, every
 * one is reduced with a history line, all in one transaction committed with
 * one audit event (child.purge) giving the count; nothing is written when
 * none is due.  Opens and commits its own transaction.
 */
enum wb_status app_child_purge(struct app_ctx *c, bool dry_run,
			       enum wb_status (*fn)(const struct child_brief *, void *), void *arg,
			       struct child_purge_result *res, struct wb_err *err);

#endif
