/* Helpers the handlers share: paging arguments, JSON field access, scope. */
#ifndef WB_API_COMMON_H
#define WB_API_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

#define PAGE_MAX 100
#define EXPORT_MAX 100000   /* rows in one Excel export */

struct paging {
	int64_t page, per_page;
	const char *sort;       /* one of the allowed names */
	const char *order;      /* "asc" or "desc" */
};

/* Reads page/per_page/sort/order; sort must be one of allowed (NULL-terminated,
 * the first is the default).  On a bad value sets a 400 reply and returns false. */
bool paging_read(struct request *r, const char *const *allowed, struct paging *p);

/* {"items":items,"total":…,"page":…,"per_page":…} (takes over items). */
json_t *paging_reply(json_t *items, int64_t total, const struct paging *p);

/* A string field of the validated body, or NULL when absent or null. */
const char *body_str(struct request *r, const char *name);
/* An integer field; false when absent or null. */
bool body_int(struct request *r, const char *name, int64_t *out);
/* A query argument, "" when absent. */
const char *arg_or_empty(struct request *r, const char *name);

/* An optional id filter of the query (e.g. plan_id): *out 0 when absent;
 * false with 400 set when it is not a canonical positive number. */
bool arg_id(struct request *r, const char *name, int64_t *out);

/* Parses a positive decimal id from a path capture; false (404 set) otherwise. */
bool path_id(struct request *r, int index, int64_t *id);

/* Things of the whole county (roles, member units) are changed only by users
 * with a county-wide scope; false (403 with message set) for others. */
bool require_county_scope(struct request *r, const char *message);

/* The permission bits of a role. */
enum wb_status role_bits(struct request *r, int64_t role_id, uint32_t *bits);

struct target_row;

/* JSON of a stored target (a new reference). */
json_t *target_row_json(const struct target_row *t);

struct supervision_row;

/* JSON of a 督办 notice with its number and the unit's answer (a new
 * reference); with_task adds its plan, item number and unit. */
json_t *supervision_json(const struct supervision_row *s, bool with_task);

struct task_request_row;

/* JSON of a unit's request on its task (a new reference); with_task adds
 * its plan, item number and unit. */
json_t *task_request_json(const struct task_request_row *q, bool with_task);

struct task_filter;
/* The query of GET /api/v1/tasks that selects what f does, as an object of
 * strings ({"status":"pending","archived":"0"}; a new reference); the sort
 * and paging are left out (tasks.c, beside the reading of that query). */
json_t *task_filter_query(const struct task_filter *f);

/* Replies 200 {"items": items} (taking over the reference); a NULL items
 * means the loader failed and has set the error reply already. */
void reply_items(struct request *r, json_t *items);

/* JSON of a scope: {"kind","division_code","division_name"}. */
json_t *scope_json(const char *kind, const char *code, const char *name);

/* Replies 200 with csv[0..len) — a decrypted plaintext (fieldcrypt_decrypt),
 * which this wipes and frees in every case — as a CSV file named file. */
void reply_decrypted_csv(struct request *r, char *csv, size_t len, const char *file);

struct xlsx;

/* The state of a list or export handler over a store page: the page's
 * items (a list) or the workbook (an export), the rows written to it, and
 * the first failure of the row callback (rc, err). */
struct api_list {
	struct request *r;
	json_t *items;
	struct xlsx *x;
	int64_t rows;
	enum wb_status rc;
	struct wb_err err;
};

/* Appends o (taken over) to l->items; a NULL o records the failure the
 * row's maker set in l->err. */
void api_list_add(struct api_list *l, json_t *o);

/* Ends a list handler whose store read returned rc (with err): replies 200
 * with the paging envelope of l->items and total (taking the items over),
 * else frees l->items and replies the row callback's failure or the
 * store's. */
void api_list_reply(struct api_list *l, enum wb_status rc, const struct wb_err *err,
		    int64_t total, const struct paging *p);

/* Ends an export handler likewise: audits "导出 N 行" and sends l->x, else
 * discards l->x and replies the failure. */
void api_export_reply(struct api_list *l, enum wb_status rc, const struct wb_err *err);

#endif
