/*
 * Children in difficulty (DESIGN.md capability 3): register a child, derive
 * the categories from the facts on a date and keep each change in the
 * child's history, read a child masked, find one by ID number through the
 * blind index.  Names, ID numbers, addresses and guardians are encrypted
 * here and only here (sec/fieldcrypt); the callers (API choke point, CLI)
 * open the transaction and write the audit event with it.
 */
#ifndef WB_APP_CHILDREN_H
#define WB_APP_CHILDREN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ctx.h"
#include "core/child.h"
#include "core/child_record.h"
#include "sec/blindindex.h"
#include "store/children.h"
#include "util/vec.h"

/* The categories a list names; the rest (农村留守, the 困境 classes) are
 * details given with the reasons. */
#define CHILD_MAIN_CATEGORIES (CHILD_ORPHAN | CHILD_DE_FACTO | CHILD_LEFT_BEHIND | \
			       CHILD_DIFFICULTY | CHILD_DISABLED)

/* The rules of the deployment (today: the national defaults). */
struct child_rules app_child_rules(const struct app_ctx *c);

/* Today in China (Asia/Shanghai) from c->now. */
struct id_date app_today(const struct app_ctx *c);

/* A child with its parents' status periods and guardians. */
struct child_full {
	struct child_row row;
	struct vec periods;     /* struct child_period_row */
	struct vec guardians;   /* struct child_guardian_row */
};
void child_full_free(struct child_full *f);

/* Child id in the caller's scope (WB_ERR_NOTFOUND outside it) with its
 * periods and guardians into *out; free it with child_full_free(). */
enum wb_status app_child_load(struct app_ctx *c, int64_t id, struct child_full *out,
			      struct wb_err *err);

/* The facts of f for core/child.h: periods[] (f's count of entries, the
 * caller's buffer) receives the parents' periods that f->father/mother point
 * into.  Valid while f and periods live. */
void app_child_facts(const struct child_full *f, struct parent_period *periods,
		     struct child_facts *out);

/*
 * Registers the checked record rec (its village must exist and lie in the
 * caller's scope: WB_ERR_DENIED `out_of_scope`, WB_ERR_INVALID
 * `unknown_village`).  An ID number already registered is WB_ERR_CONFLICT:
 * `duplicate` with the existing child's masked summary in the message when
 * that child lies in the caller's scope, `duplicate_elsewhere` saying only
 * that it is registered elsewhere otherwise.  Encrypts the personal cells,
 * stores the parents' statuses and the guardian, derives the categories as
 * of today and writes the history.  Sets *id.  Inside the caller's
 * transaction.
 */
enum wb_status app_child_register(struct app_ctx *c, const struct child_record *rec, int64_t *id,
				  struct wb_err *err);

/* The masked summary of registered child r into out[n]:
 * "330483********123X 张*明（甲一村）" (cells that cannot be decrypted
 * left empty). */
void app_child_summary(struct app_ctx *c, const struct child_row *r, char *out, size_t n);

/* A child made ready to be stored: its row with the personal cells sealed
 * for its reserved row id, its guardian likewise, the parents' periods and
 * the history line of its registration. */
struct child_prepared {
	struct child_row row;
	struct child_guardian_row guardian;   /* guardian.id 0: none */
	struct child_period_row periods[2];
	int nperiods;
	char history[600];                    /* the 'create' line */
	char why[1024];                       /* its reason, "" none */
};

/* Fills *p for rec, whose village, scope and ID number the caller has
 * checked: the categories derived as of today, the blind index (id_index,
 * computed when NULL; a temporary number's when rec has no ID number) and
 * every personal cell sealed for row id `id` and, when rec has a guardian,
 * guardian row `guardian_id` (both from store_child_reserve_ids).  Touches
 * neither the store nor c's mutable state, so the import prepares rows on
 * another thread while it writes. */
enum wb_status app_child_prepare(const struct app_ctx *c, const struct child_record *rec,
				 const char *id_index, int64_t id, int64_t guardian_id,
				 struct child_prepared *p, struct wb_err *err);
/* Makes sure the temporary number of prepared child p[k] is taken neither
 * in the register nor by another of p[0..n) (drawing it again if it is);
 * on the store's thread, before app_child_write_many. */
enum wb_status app_child_temporary_free(struct app_ctx *c, struct child_prepared *p, size_t n,
					size_t k, struct wb_err *err);
/* Stores the n prepared children of p[]: their rows, guardians, periods and
 * history lines (many rows a statement), inside the caller's transaction. */
enum wb_status app_child_write_many(struct app_ctx *c, const struct child_prepared *p, size_t n,
				    struct wb_err *err);

/* Re-derives the categories of child id (any scope: the system's rounds
 * and the writes that change a fact) as of today; when they differ from
 * the stored ones, stores them with the day they may change next and adds a
 * history line "类别：A → B" with the facts as its reason.  *changed (may be
 * NULL) says whether they did. */
enum wb_status app_child_rederive(struct app_ctx *c, int64_t id, bool *changed,
				  struct wb_err *err);

/* A child as a list shows it: masked, with categories and age on a date. */
struct child_brief {
	int64_t id;
	char id_number_masked[32];
	char name_masked[CHILD_NAME_MAX];
	bool temporary;
	char sex[8], birth_date[11];
	int age;                       /* on the date; -1 unknown */
	char village[13], town[10];
	char placement[32];
	unsigned categories;           /* on the date */
};

/* The brief of row r on date on (categories: the stored ones when on is
 * the day they were derived for and before the day they may change, else
 * derived afresh from the periods). */
enum wb_status app_child_brief(struct app_ctx *c, const struct child_row *r, struct id_date on,
			       struct child_brief *out, struct wb_err *err);

/* The latest birth date of someone of rules' adult age on date on into
 * out (民法典 第二百零二条: on the last day of a month, every later day of that
 * month too): lists leave out children born on or before it. */
void app_child_adult_cutoff(const struct app_ctx *c, struct id_date on, char out[11]);

/*
 * Calls fn with the brief of every child the filter f selects (f->scope is
 * replaced by the caller's; adults on that date left out unless f gives
 * its own adult_cutoff), in the list's order, on date on; with category
 * bits, only children holding one of them on that date (the stored
 * categories when on is today, else derived for the date).  Reads the
 * store in batches, so fn may use the store.  Stops at fn's first non-WB_OK
 * answer and returns it.
 */
enum wb_status app_child_each(struct app_ctx *c, const struct child_filter *f, struct id_date on,
			      unsigned category,
			      enum wb_status (*fn)(const struct child_brief *, void *), void *arg,
			      struct wb_err *err);

/* Looks the registered child up by ID number or temporary number (any
 * spelling the normaliser accepts) into *r, under the current index key and,
 * on a miss, under each older generation (rows a rotation has not yet
 * re-indexed).  index receives the current generation's blind index (what a
 * new registration stores).  *found false when none; no scope applied. */
enum wb_status app_child_lookup(const struct app_ctx *c, const char *number, struct child_row *r,
				bool *found, char index[BLINDINDEX_HEX_SIZE], struct wb_err *err);

/* The child registered under ID number `number` (any spelling the
 * normaliser accepts): *found false when none is, or it lies outside the
 * caller's scope (the caller cannot tell the two apart). */
enum wb_status app_child_find(struct app_ctx *c, const char *number, int64_t *id, bool *found,
			      struct wb_err *err);

/* Decrypts the token of cell (table, column, row id) into a malloc'd
 * string (*out, the caller frees it with fieldcrypt_free(*out, strlen));
 * "" for an empty token. */
enum wb_status app_child_open(const struct app_ctx *c, const char *table, const char *column,
			      int64_t row_id, const char *token, char **out, struct wb_err *err);

/* Encrypts plain (NULL or "" gives "") for the cell (table, column, row id)
 * into out[n]; WB_ERR_INVALID when the token does not fit. */
enum wb_status app_child_seal(const struct app_ctx *c, const char *table, const char *column,
			      int64_t id, const char *plain, char *out, size_t n,
			      struct wb_err *err);

/* The Chinese names of the category bits in cats, "、"-joined, into out
 * ("无" for none). */
void app_child_category_text(unsigned cats, char *out, size_t n);

#endif
