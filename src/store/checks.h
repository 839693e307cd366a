/*
 * Store access to background checks (入职查询), the pipeline's part: the
 * imports and runs (check_imports), the offender registry as blind indexes
 * (check_registry), the people of a roster (check_staff), a run's results
 * (check_result_blocks: packed, core/check_block.h) and its rejected rows (check_rejects).  Nothing here sees
 * a name or an ID number in clear: the service layer (app/check_registry.c,
 * app/check_run.c) seals and indexes them first.  Many rows go in with one
 * statement (32 at a time).
 */
#ifndef WB_STORE_CHECKS_H
#define WB_STORE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The length of the `match` and `id_bidx` values: 32 hex digits (128 bits
 * of the keyed BLAKE2b index, sec/blindindex.h), NUL included. */
#define CHECK_INDEX_SIZE 33

/* One line of check_imports. */
struct check_import {
	int64_t id;
	const char *kind;             /* "registry" or "roster" */
	int64_t institution_id;       /* 0 for the registry */
	const char *division_code;    /* the institution's; NULL for the registry */
	const char *file_name;
	int64_t rows, checked, hits, invalid;
	int64_t created_at, created_by;   /* created_by 0: the CLI or the system */
	const char *login;
};

/* Inserts the line (its counts may be set later) and sets im->id. */
enum wb_status store_check_import_add(struct store *st, struct check_import *im,
				      struct wb_err *err);
/* Sets the counts of line im->id from im. */
enum wb_status store_check_import_counts(struct store *st, const struct check_import *im,
					 struct wb_err *err);

/* One record of the registry as stored. */
struct check_registry_entry {
	char match[CHECK_INDEX_SIZE];
	const char *category;
	char recorded_on[11];
};

/* Inserts n records of import import_id. */
enum wb_status store_check_registry_add(struct store *st, int64_t import_id,
					const struct check_registry_entry *e, size_t n, int64_t now,
					struct wb_err *err);
/* How many records the registry holds. */
enum wb_status store_check_registry_count(struct store *st, int64_t *n, struct wb_err *err);
/* fn(match, arg) for every record (a look-up table of a large run); fn's
 * string is valid during the call. */
enum wb_status store_check_registry_each(struct store *st, void (*fn)(const char *, void *),
					 void *arg, struct wb_err *err);
/* *found: whether some record has this match (a look-up on the index). */
enum wb_status store_check_registry_has(struct store *st, const char *match, bool *found,
					struct wb_err *err);

/* Reserves n ids of check_staff into ids (inside the caller's transaction). */
enum wb_status store_check_staff_reserve_ids(struct store *st, size_t n, int64_t *ids,
					     struct wb_err *err);
/* How many people the institution's roster holds. */
enum wb_status store_check_staff_count_of(struct store *st, int64_t institution_id, int64_t *n,
					  struct wb_err *err);
/* fn(id, id_bidx, arg) for every person on the institution's roster. */
enum wb_status store_check_staff_each_of(struct store *st, int64_t institution_id,
					 void (*fn)(int64_t, const char *, void *), void *arg,
					 struct wb_err *err);
/* The person of the institution with this id_bidx: *id, or 0 when none. */
enum wb_status store_check_staff_find(struct store *st, int64_t institution_id,
				      const char *id_bidx, int64_t *id, struct wb_err *err);

/* A person as a run writes them: new (inserted with id, reserved) or on the
 * roster already (updated by id: person, post, consent, hired_on and the
 * check). */
struct check_staff_row {
	int64_t id;
	char id_bidx[CHECK_INDEX_SIZE];
	char match[CHECK_INDEX_SIZE];
	const char *person;           /* the sealed cell (fieldcrypt token) */
	const char *post, *consent_no, *hired_on;   /* NULL or "" for none */
	const char *result;           /* 无记录 or 有记录 */
};
/* Inserts n new people of the institution, checked on checked_on by import_id. */
enum wb_status store_check_staff_insert(struct store *st, int64_t institution_id,
					const char *division_code, const struct check_staff_row *r,
					size_t n, const char *checked_on, int64_t import_id,
					int64_t now, int64_t by, struct wb_err *err);
/* Updates one person already on the roster. */
enum wb_status store_check_staff_update(struct store *st, const struct check_staff_row *r,
					const char *checked_on, int64_t import_id,
					struct wb_err *err);

/* One result of a run: the file's row, the person (0 for 无效), the result. */
struct check_result_row {
	int row_no;
	int64_t staff_id;
	const char *result;
};
/* Appends n results of import import_id (row_no ascending, after those
 * already added), packed CHECK_BLOCK_ROWS a block. */
enum wb_status store_check_results_add(struct store *st, int64_t import_id,
				       const struct check_result_row *r, size_t n,
				       const char *checked_on, struct wb_err *err);
/* fn(row_no, staff_id, result, person token or NULL, arg) for every result
 * of import import_id in row order (strings valid during the call). */
enum wb_status store_check_results_each(struct store *st, int64_t import_id,
					void (*fn)(int, int64_t, const char *, const char *,
						   void *),
					void *arg, struct wb_err *err);

/* A page of the results of import import_id in row order: those of one
 * result (NULL or "": all), offset of them skipped, at most limit, each with
 * the person's sealed cell (NULL for 无效) to fn; *total of them in all.  The
 * page is found from the blocks' counts; only its blocks are read. */
struct check_run_line;
enum wb_status store_check_results_page(struct store *st, int64_t import_id, const char *result,
					int64_t limit, int64_t offset,
					void (*fn)(const struct check_run_line *, void *),
					void *arg, int64_t *total, struct wb_err *err);

/* A run's rejected rows for their submitter: inserted with payload "" (the
 * token is bound to the id), then store_check_reject_set_payload. */
enum wb_status store_check_reject_add(struct store *st, int64_t import_id, int64_t by,
				      const char *login, int64_t now, int64_t expires_at,
				      const char *file_name, int rows, int64_t *id,
				      struct wb_err *err);
enum wb_status store_check_reject_set_payload(struct store *st, int64_t id, const char *token,
					      struct wb_err *err);
/* The payload token (malloc'd, the caller frees) and file name of reject id
 * if login made it and it has not expired at now; WB_ERR_NOTFOUND otherwise. */
enum wb_status store_check_reject_get(struct store *st, int64_t id, const char *login,
				      int64_t now, char **token, char *file_name, size_t name_len,
				      struct wb_err *err);
/* Deletes rejected rows that expired by now; *n (may be NULL) counts them. */
enum wb_status store_check_reject_purge(struct store *st, int64_t now, int64_t *n,
					struct wb_err *err);

#endif
