/* Store access to the children in difficulty (core/child.h): the child's
 * record with its encrypted cells as tokens, each parent's status history,
 * guardians, the child's history and rejected import rows.  Nothing here
 * encrypts or decrypts: src/app/children.c does, and it alone writes the
 * token columns. */
#ifndef WB_STORE_CHILDREN_H
#define WB_STORE_CHILDREN_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"

#define CHILD_TOKEN_MAX 1100   /* a token of up to 800 bytes of text */
#define CHILD_TEXT_MAX 256     /* school, evidence */

/* One child as stored: the facts in clear, the personal cells as tokens
 * ("" for none). */
struct child_row {
	int64_t id;
	char id_index[65];                    /* blind index of the ID number */
	char id_number[CHILD_TOKEN_MAX];      /* token */
	char name[CHILD_TOKEN_MAX];           /* token */
	char address[CHILD_TOKEN_MAX];        /* token, "" for none */
	char bank_account[CHILD_TOKEN_MAX];   /* token, "" for none */
	bool temporary;                       /* registered with a temporary number */
	char sex[8];                          /* 男/女, "" unknown */
	char birth_date[11];                  /* YYYY-MM-DD, "" unknown */
	char village_code[13], town_code[10];
	char household[16];                   /* 农业/非农业, "" unknown */
	char school[CHILD_TEXT_MAX];
	char placement[32];                   /* core/allowance.h placement_name */
	char disability[16];                  /* core/child.h disability_kind_name, "" none */
	int disability_grade;                 /* 1-4, 0 none */
	char economy[16];                     /* "" none */
	bool guardianship_lacking;
	unsigned categories;                  /* enum child_category bits as of derived_on */
	char derived_on[11], recheck_on[11];  /* "" never / no further change */
	int64_t created_at, updated_at, created_by;
};

/* Which table store_child_reserve_ids reserves row ids in. */
enum child_id_table { CHILD_ID_CHILD, CHILD_ID_GUARDIAN };
/* n row ids for new children or guardians into ids[n], taken before the
 * inserts so that the tokens bound to them (fieldcrypt) go in with the rows:
 * on SQLite the n after the largest id (the caller holds the write
 * transaction and inserts these before reserving again), on PostgreSQL the
 * identity's next n values. */
enum wb_status store_child_reserve_ids(struct store *st, enum child_id_table t, size_t n,
				       int64_t *ids, struct wb_err *err);
/* Inserts r with its id (store_child_reserve_ids), its token cells and its
 * categories as derived on derived_on.  WB_ERR_CONFLICT when r->id_index is
 * taken. */
enum wb_status store_child_insert(struct store *st, const struct child_row *r, int64_t now,
				  int64_t by, struct wb_err *err);
/* The secondary indexes of the children's tables, dropped for a bulk load
 * (store_child_indexes_drop) and made again after it. */
struct child_saved_indexes {
	char **sql;   /* their CREATE INDEX statements */
	size_t n;
};
/* Bulk loading on SQLite: drops the indexes that enforce nothing (the unique
 * ones stay, so duplicates are still refused) of children, their parents'
 * periods and history, keeping their definitions in *saved, so that the rows
 * go in without a seek per index and the indexes are built once, sorted, by
 * store_child_indexes_restore.  Inside the caller's transaction (a rollback
 * brings them back).  PostgreSQL: nothing. */
enum wb_status store_child_indexes_drop(struct store *st, struct child_saved_indexes *saved,
					struct wb_err *err);
/* Makes the indexes of *saved again and frees it (also after an error, when
 * the caller rolls back anyway). */
enum wb_status store_child_indexes_restore(struct store *st, struct child_saved_indexes *saved,
					   struct wb_err *err);
/* Writes the four token cells of r (by r->id). */
enum wb_status store_child_set_tokens(struct store *st, const struct child_row *r,
				      struct wb_err *err);
/* Writes the facts of r (village, household, school, placement, disability,
 * economy, guardianship) and updated_at. */
enum wb_status store_child_update(struct store *st, const struct child_row *r, int64_t now,
				  struct wb_err *err);
/* Stores the categories derived on derived_on, valid until recheck_on
 * ("" for never). */
enum wb_status store_child_set_categories(struct store *st, int64_t id, unsigned categories,
					  const char *derived_on, const char *recheck_on,
					  struct wb_err *err);

/* Child id within the scope into *out; WB_ERR_NOTFOUND outside it. */
enum wb_status store_child_get(struct store *st, const struct scope *scope, int64_t id,
			       struct child_row *out, struct wb_err *err);
/* The child whose blind index is id_index, whatever the scope (the caller
 * decides what it may say about it); *found false when none. */
enum wb_status store_child_find(struct store *st, const char *id_index, struct child_row *out,
				bool *found, struct wb_err *err);

struct child_filter {
	const struct scope *scope;
	const char *town, *village;     /* codes, "" or NULL for any */
	unsigned category;              /* bits any of which the child holds; 0 any */
	const char *born_after;         /* birth_date > this ("" any): ages */
	const char *born_on_or_before;  /* birth_date <= this ("" any) */
	/* resume after this child in the list's order (village, id): a village
	 * code ("" from the start) and an id */
	const char *after_village;
	int64_t after_id;
	/* born on or before this date: an adult, left out ("" or NULL keeps
	 * them; app_child_adult_cutoff gives it) */
	const char *adult_cutoff;
};

/* A page of the children the filter selects, by village then id; *total
 * (may be NULL) their count; limit < 0 for all.  fn's row is valid during
 * the call, which must not use st. */
enum wb_status store_child_page(struct store *st, const struct child_filter *f, int64_t limit,
				int64_t offset, void (*fn)(const struct child_row *, void *),
				void *arg, int64_t *total, struct wb_err *err);
/* Up to limit children (any scope) whose categories are due to be
 * re-derived on today (recheck_on on or before it), by id after `after`. */
enum wb_status store_child_due(struct store *st, const char *today, int64_t after, int64_t limit,
			       void (*fn)(const struct child_row *, void *), void *arg,
			       struct wb_err *err);

/* One period of a parent's status history. */
struct child_period_row {
	int64_t id;
	char parent[8];           /* 父亲/母亲 */
	char status[32];          /* core/child.h parent_status_name */
	char disability[16];      /* "" none */
	int grade;                /* 0 none */
	char started_on[11], ended_on[11];   /* ended_on "" open */
	char evidence[CHILD_TEXT_MAX];
	int64_t created_at, created_by;
};
enum wb_status store_child_period_add(struct store *st, int64_t child_id,
				      const struct child_period_row *p, int64_t now, int64_t by,
				      int64_t *id, struct wb_err *err);
/* Sets the end of period id of child_id ("" reopens it); WB_ERR_NOTFOUND. */
enum wb_status store_child_period_end(struct store *st, int64_t child_id, int64_t id,
				      const char *ended_on, struct wb_err *err);
/* Each period of child_id, father's first, by start date. */
enum wb_status store_child_periods(struct store *st, int64_t child_id,
				   void (*fn)(const struct child_period_row *, void *), void *arg,
				   struct wb_err *err);

/* A guardian: name and phone as tokens (of child_guardians row id). */
struct child_guardian_row {
	int64_t id;
	int seq;
	char name[CHILD_TOKEN_MAX];
	char relation[32];
	char phone[CHILD_TOKEN_MAX];   /* "" none */
};
/* Removes every guardian of child_id. */
enum wb_status store_child_guardians_clear(struct store *st, int64_t child_id, struct wb_err *err);
/* Inserts guardian g of child_id with its id (store_child_reserve_ids) and its
 * tokens. */
enum wb_status store_child_guardian_insert(struct store *st, int64_t child_id,
					   const struct child_guardian_row *g, struct wb_err *err);
enum wb_status store_child_guardian_set_tokens(struct store *st, int64_t id, const char *name,
					       const char *phone, struct wb_err *err);
/* Deletes guardian id of child_id; WB_ERR_NOTFOUND when child_id has no
 * such guardian. */
enum wb_status store_child_guardian_delete(struct store *st, int64_t child_id, int64_t id,
					   struct wb_err *err);
/* Sets the relation of guardian id. */
enum wb_status store_child_guardian_set_relation(struct store *st, int64_t id,
						 const char *relation, struct wb_err *err);
enum wb_status store_child_guardians(struct store *st, int64_t child_id,
				     void (*fn)(const struct child_guardian_row *, void *),
				     void *arg, struct wb_err *err);

/* A line of the child's history: what changed, in Chinese, and why. */
struct child_change {
	int64_t id, at, user_id;
	const char *login, *action, *detail, *reason;
	const char *login_name;   /* read back only: "李丽（桐乡市民政局）" */
};
enum wb_status store_child_history_add(struct store *st, int64_t child_id,
				       const struct child_change *c, struct wb_err *err);
/* Many new children at once (the import): their rows (ids reserved, tokens
 * sealed), guardians, parents' periods and history lines, each of the last
 * three with the id of its child; written sixteen rows a statement, the
 * children first.  Inside the caller's transaction. */
struct child_bulk {
	const struct child_row *const *children;
	size_t nchildren;
	const struct child_guardian_row *const *guardians;
	const int64_t *guardian_child;
	size_t nguardians;
	const struct child_period_row *const *periods;
	const int64_t *period_child;
	size_t nperiods;
	const struct child_change *const *history;
	const int64_t *history_child;
	size_t nhistory;
	int64_t now, by;   /* created_at and created_by of the children and periods */
};
enum wb_status store_child_write_bulk(struct store *st, const struct child_bulk *b,
				      struct wb_err *err);
/* Each change of child_id, oldest first (strings valid during the call). */
enum wb_status store_child_history(struct store *st, int64_t child_id,
				   void (*fn)(const struct child_change *, void *), void *arg,
				   struct wb_err *err);

/* A visit of the 儿童主任: findings and needs as tokens (of the
 * child_visits row id). */
struct child_visit_row {
	int64_t id;
	char visited_on[11], next_due[11];
	char findings[CHILD_TOKEN_MAX];
	char needs[CHILD_TOKEN_MAX];   /* "" none */
	int64_t created_at;
	char login[64];
	char login_name[160];          /* read back only: "李丽（桐乡市民政局）" */
};
/* Inserts visit v of child_id with empty tokens and sets *id; the caller
 * encrypts next and writes them with store_child_visit_set_tokens. */
enum wb_status store_child_visit_add(struct store *st, int64_t child_id,
				     const struct child_visit_row *v, int64_t now, int64_t by,
				     const char *login, int64_t *id, struct wb_err *err);
enum wb_status store_child_visit_set_tokens(struct store *st, int64_t id, const char *findings,
					    const char *needs, struct wb_err *err);
/* Each visit of child_id, newest first (the row valid during the call). */
enum wb_status store_child_visits(struct store *st, int64_t child_id,
				  void (*fn)(const struct child_visit_row *, void *), void *arg,
				  struct wb_err *err);
/* Child id's registration time into *created_at and its latest visit's day
 * and next due day into visited_on and next_due ("" both when never
 * visited); WB_ERR_NOTFOUND when there is no such child (any scope: the
 * caller has checked it). */
enum wb_status store_child_visit_state(struct store *st, int64_t id, int64_t *created_at,
				       char visited_on[11], char next_due[11], struct wb_err *err);

/* Rejected import rows kept encrypted for their importer: insert (payload
 * "" first, then store_child_reject_set_payload with the token of the row
 * id), read back by the importer only, purge after expiry. */
enum wb_status store_child_reject_add(struct store *st, int64_t by, const char *login,
				      int64_t now, int64_t expires_at, const char *file_name,
				      int rows, int64_t *id, struct wb_err *err);
enum wb_status store_child_reject_set_payload(struct store *st, int64_t id, const char *token,
					      struct wb_err *err);
/* The payload token of reject id if login made it and it has not expired at
 * now into a malloc'd *token (the caller frees); WB_ERR_NOTFOUND otherwise. */
enum wb_status store_child_reject_get(struct store *st, int64_t id, const char *login,
				      int64_t now, char **token, char *file_name, size_t name_len,
				      struct wb_err *err);
/* Deletes every reject expired at now; *n (may be NULL) how many. */
enum wb_status store_child_reject_purge(struct store *st, int64_t now, int64_t *n,
					struct wb_err *err);

/* What a month's allowance run reads of a child (the facts in clear). */
struct child_facts_row {
	int64_t id;
	char birth_date[11], placement[32], disability[16], economy[16], household[16];
	int disability_grade;
	bool guardianship_lacking;
};
/* Up to limit children within scope with an id above after, by id, into
 * rows[] (the caller's, limit entries); *n how many. */
enum wb_status store_child_facts_after(struct store *st, const struct scope *scope, int64_t after,
				       int limit, struct child_facts_row *rows, int *n,
				       struct wb_err *err);
/* The parents' periods of the children with ids from first to last, by
 * child id (then father's first, by start): fn(child id, period). */
enum wb_status store_child_periods_range(struct store *st, int64_t first, int64_t last,
					 void (*fn)(int64_t, const struct child_period_row *, void *),
					 void *arg, struct wb_err *err);

/* A child's transfer to another village awaiting the destination town
 * (app/child_edit.h). */
struct child_transfer_row {
	int64_t child_id;
	char id_number[CHILD_TOKEN_MAX], name[CHILD_TOKEN_MAX];   /* tokens */
	char from_village[13], to_village[13];
	char reason[CHILD_TEXT_MAX];
	int64_t at;
	char by_name[200];   /* "李丽（镇政府）"; "" in store_child_transfer_of */
};
/* Records the pending transfer of child id to village `to` (NULL or "":
 * none pending any more, reason and by ignored). */
enum wb_status store_child_transfer_set(struct store *st, int64_t id, const char *to,
					const char *reason, int64_t at, int64_t by,
					struct wb_err *err);
/* The pending transfer of child id (any scope: the caller has checked it)
 * into *out; *pending false when there is none. */
enum wb_status store_child_transfer_of(struct store *st, int64_t id,
				       struct child_transfer_row *out, bool *pending,
				       struct wb_err *err);
/* Child id when a transfer of it into the scope's villages is pending;
 * WB_ERR_NOTFOUND otherwise. */
enum wb_status store_child_get_incoming(struct store *st, const struct scope *scope, int64_t id,
					struct child_row *out, struct wb_err *err);
/* Up to limit pending transfers out of or into the scope's villages, oldest
 * first (fn's row valid during the call, which must not use st). */
enum wb_status store_child_transfers(struct store *st, const struct scope *scope, int64_t limit,
				     void (*fn)(const struct child_transfer_row *, void *),
				     void *arg, struct wb_err *err);

/* Retention: up to limit children (any scope) born on or before cutoff and
 * not reduced yet, by id after `after` (fn's row valid during the call,
 * which must not use st). */
enum wb_status store_child_purge_due(struct store *st, const char *cutoff, int64_t after,
				     int64_t limit, void (*fn)(const struct child_row *, void *),
				     void *arg, struct wb_err *err);
/* Reduces child id to what the statistics need: its guardians deleted; its
 * ID number and name emptied and its blind index replaced by "purged:<id>"
 * (unique, never an ID number's); address, bank account and school removed;
 * the birth date cut to the first of its month; the evidence of its
 * parents' periods, the findings and needs of its visits, the reasons
 * people gave in its history (not the derivation's) and any pending
 * transfer removed.  Sex, village, household, placement, disability,
 * economy, periods, visit dates, categories and history stay. */
enum wb_status store_child_purge(struct store *st, int64_t id, int64_t now, struct wb_err *err);
/* True when r was reduced by store_child_purge. */
bool store_child_purged(const struct child_row *r);

#endif
