/*
 * Background checks (入职查询): an institution's roster checked against the
 * offender registry (columns 姓名, 身份证号, 岗位, 同意书编号, 入职日期 —
 * empty for an applicant; .xlsx or CSV).  Each good row gets 无记录 or 有记录
 * and today's date (Asia/Shanghai), by a hash look-up of the registry-key
 * index of the ID number; a missing name or a malformed ID number (or an
 * over-long text, a bad 入职日期) is 无效 on its row and the rest still
 * completes; a person twice in the file is checked once, the repeat 无效
 * "与第N行重复".  A person already on the institution's roster is updated
 * (post, consent, 入职日期) and checked again; a new one is added.  The ID
 * number and name are sealed as one cell (check_staff.person: "ID\tname",
 * core/check.h); invalid rows are kept sealed for their submitter 7 days
 * (check_rejects; each run deletes those expired).  有记录 notifies the
 * users of the institution type's supervising unit (configuration
 * check_supervisor_units) with the institution's name and the count only.  One transaction; the run and each
 * match audited.  The caller has checked check.submit; the institution must
 * be one ctx->scope reaches (an institution:ID user: that one only).
 */
#ifndef WB_APP_CHECK_RUN_H
#define WB_APP_CHECK_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/check_registry.h"
#include "app/ctx.h"
#include "core/check.h"

#define CHECK_REJECTS_DAYS 7

/* One row of a run as shown: masked, never in clear. */
struct check_run_row {
	int row;                      /* the file's row (1 is the header) */
	char id_number_masked[24];    /* 330483********123X; "" when unreadable */
	char name_masked[CHECK_MASKED_NAME_SIZE];
	const char *result;           /* CHECK_NONE, CHECK_HIT or CHECK_INVALID (static) */
	const char *message;          /* 无效: why (in the result's arena); else NULL */
	int64_t staff_id;             /* 0 for 无效 */
};

struct check_run_result {
	bool no_rows;                 /* input: leave rows empty (large runs without a list) */
	int64_t id;                   /* the run (check_imports.id) */
	int64_t institution_id;
	char institution_name[FACILITY_VALUE_MAX];
	char institution_type[16];    /* the facility type code */
	char checked_on[11];          /* YYYY-MM-DD */
	int64_t total, checked, hits, invalid, added, updated;
	struct check_run_row *rows;   /* by row; NULL with no_rows */
	size_t nrows;
	int64_t rejects_id;           /* the kept invalid rows (0: none) */
	struct check_file_problem *problems;   /* header problems (code bad_header) */
	size_t nproblems;
	char *strings;                /* the messages' storage */
};
void check_run_result_free(struct check_run_result *r);

/*
 * Runs buf[0..len) (file_name kept) for institution institution_id.
 * WB_ERR_NOTFOUND when the institution is not one ctx->scope reaches or
 * not of a checked type; WB_ERR_INVALID code "bad_header" (out->problems),
 * "empty_file" (no data row at all) or "no_registry_key".  On WB_OK
 * committed with its audit events.
 */
enum wb_status app_check_run(struct app_ctx *ctx, int64_t institution_id, const char *buf,
			     size_t len, const char *file_name, struct check_run_result *out,
			     struct wb_err *err);

/* The institution named by text (an id, or the exact name of an institution
 * of a checked type) that ctx->scope reaches: *id.  WB_ERR_NOTFOUND, or
 * WB_ERR_CONFLICT when the name is not unique. */
enum wb_status app_check_institution_find(struct app_ctx *ctx, const char *text, int64_t *id,
					  struct wb_err *err);

/* The rejected rows of run rejects id for the caller (their submitter,
 * within 7 days): CSV (UTF-8 with BOM) with the column 错误原因 in a malloc'd
 * *csv of *len bytes the caller wipes and frees with fieldcrypt_free(*csv,
 * *len); WB_ERR_NOTFOUND for anyone else or after expiry. */
enum wb_status app_check_rejects(struct app_ctx *ctx, int64_t id, char **csv, size_t *len,
				 char *file_name, size_t name_len, struct wb_err *err);

/* The person of a sealed cell of check_staff row id: ID number and name,
 * masked (id_masked 24 bytes, name_masked CHECK_MASKED_NAME_SIZE); false
 * when it does not decrypt (both then ""). */
bool app_check_person_masked(const struct app_ctx *ctx, int64_t staff_id, const char *token,
			     char *id_masked, char *name_masked);

/* The roster's CSV template (UTF-8 with BOM, CRLF) into out; returns its
 * length, or the length needed when it does not fit. */
size_t app_check_roster_template(char *out, size_t n);

/* The registry-key index (`match`) and the usual blind index (`id_bidx`)
 * of a canonical ID number, each 32 hex digits (store/checks.h
 * CHECK_INDEX_SIZE); WB_ERR_INVALID "no_registry_key" without the registry
 * key.  For re-checks (app/check_staff.c) and the import. */
enum wb_status app_check_indexes(const struct keyset *keys, const char *id, char *match,
				 char *id_bidx, struct wb_err *err);

#endif
