/*
 * The 儿童主任's visits to the children of the register: a visit recorded
 * (its findings and needs encrypted, the next visit due by core/child.h
 * child_visit_next_due), a child's visits read back in clear for its page,
 * and the children whose visit is overdue.  The callers (API choke point,
 * CLI) hold the permission check, the transaction and the audit event.
 */
#ifndef WB_APP_CHILD_VISITS_H
#define WB_APP_CHILD_VISITS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/children.h"
#include "util/vec.h"

#define CHILD_VISIT_TEXT_MAX 600   /* bytes of findings, of needs (200 汉字) */

/* The rules of the deployment (today: the defaults). */
struct visit_rules app_visit_rules(const struct app_ctx *c);

/* A visit as typed (text; NULL or "" for none). */
struct child_visit_input {
	const char *visited_on;   /* YYYY-MM-DD, not after today */
	const char *findings;     /* required */
	const char *needs;
	const char *next_due;     /* YYYY-MM-DD, from the visit to the interval's end */
};

/*
 * Records visit in of child id (in the caller's scope: WB_ERR_NOTFOUND
 * outside it) after checking it (WB_ERR_RULE with the field: a date that is
 * no date or after today, no findings, a text too long, a next due day
 * before the visit or later than the child's interval allows); the interval
 * from the child's categories today.  Encrypts findings and needs, writes
 * a history line.  Sets *vid and next_due (the day it stored).  Inside the
 * caller's transaction.
 */
enum wb_status app_child_visit_add(struct app_ctx *c, int64_t id,
				   const struct child_visit_input *in, int64_t *vid,
				   char next_due[11], struct wb_err *err);

/* A visit in clear. */
struct child_visit {
	int64_t id;
	char visited_on[11], next_due[11];
	char *findings, *needs;   /* malloc'd, "" for none */
	int64_t created_at;
	char login[64], login_name[160];
};
/* The visits of child id (the caller has checked its scope), newest first,
 * decrypted into *out (struct child_visit, a vec the caller initialised);
 * free it with child_visits_free. */
enum wb_status app_child_visits(struct app_ctx *c, int64_t id, struct vec *out,
				struct wb_err *err);
void child_visits_free(struct vec *v);

/* When child id (the caller has checked its scope), holding `categories`
 * today, is next due a visit: the latest visit's next due day, or, never
 * visited, its registration day plus its interval. */
struct child_visit_due {
	bool visited;
	char last_visit[11];   /* "" never */
	char due[11];
	int days_overdue;      /* today - due when positive, else 0 */
};
enum wb_status app_child_visit_due(struct app_ctx *c, int64_t id, unsigned categories,
				   struct child_visit_due *out, struct wb_err *err);

/* A child whose visit is overdue. */
struct child_overdue {
	struct child_brief brief;
	struct child_visit_due due;
};
/*
 * Calls fn for each child in the caller's scope that f selects (town,
 * village; the rest of f ignored), under 18 and in a main category
 * (CHILD_MAIN_CATEGORIES) today, whose visit is overdue (due before
 * today), in the list's order (village, id).  Stops at fn's first
 * non-WB_OK answer and returns it.
 */
enum wb_status app_child_overdue_each(struct app_ctx *c, const struct child_filter *f,
				      enum wb_status (*fn)(const struct child_overdue *, void *),
				      void *arg, struct wb_err *err);

#endif
