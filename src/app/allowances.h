/*
 * Basic living allowances of children in difficulty: the standards (per
 * category and support mode, from a date; a new standard from its date, the
 * old ones kept), a month's payment list computed from the register (core/
 * allowance.h), approving it (frozen), and a re-run's differences against
 * the frozen list.  The callers open transactions and audit.
 */
#ifndef WB_APP_ALLOWANCES_H
#define WB_APP_ALLOWANCES_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/child_record.h"
#include "store/allowances.h"
#include "util/vec.h"

/* The yearly floor of plan item 6: the 集中供养 orphan standard × 12 must be at
 * least 25,000 元. */
#define ALLOWANCE_ORPHAN_CENTRAL_FLOOR_FEN (25000 * 100)

/*
 * Adds a standard: category (a category's Chinese name: 孤儿, 事实无人抚养儿童,
 * …), mode (集中供养/社会散居), from (YYYY-MM-DD), yuan (元 as typed, two
 * decimals at most) a month.  WB_ERR_INVALID (Chinese message) for a bad
 * value, WB_ERR_CONFLICT when that category and mode already has a standard
 * from that date.  *below_floor says whether it is the 集中供养 orphan
 * standard and × 12 falls short of 25,000 元 (saved, but flagged).
 */
enum wb_status app_allowance_standard_add(struct app_ctx *c, const char *category,
					  const char *mode, const char *from, const char *yuan,
					  bool *below_floor, struct wb_err *err);

/* One line of a month's list. */
struct allowance_pay {
	int64_t child_id;
	char id_number_masked[32];
	char category[48], mode[16], placement[32];
	int64_t fen;
};

/* A difference of a re-run against the frozen list. */
struct allowance_diff {
	int64_t child_id;
	char id_number_masked[32];
	char change[16];          /* 新增, 取消, 变化 */
	int64_t fen_before, fen_after;
	char category_before[48], category_after[48];
};

struct allowance_month_result {
	char month[8];
	int64_t total_fen, count;
	struct vec lines;         /* struct allowance_pay, by child id */
	bool approved;            /* the month's list was frozen before */
	struct allowance_month_row frozen;
	struct vec diffs;         /* struct allowance_diff (when approved) */
};
void allowance_month_result_free(struct allowance_month_result *r);

/* The list of month ("YYYY-MM") for the children in the caller's scope:
 * each eligible child's category, support mode and amount (the standard in
 * force on the month's first day), the total; when the month was approved,
 * the differences from its frozen list.  Reads in batches; any scope. */
enum wb_status app_allowance_run(struct app_ctx *c, const char *month,
				 struct allowance_month_result *out, struct wb_err *err);

/* Freezes r (just computed by app_allowance_run for the whole county) as the
 * month's approved list; WB_ERR_CONFLICT when it is approved already.
 * Inside the caller's transaction. */
enum wb_status app_allowance_approve(struct app_ctx *c, const struct allowance_month_result *r,
				     struct wb_err *err);

/* One line of the finance bureau's payment list (the month's line with
 * who and where): personal cells masked, or in clear for allowance.finance. */
struct allowance_payee {
	const struct allowance_pay *pay;
	char name[CHILD_NAME_MAX];
	char id_number[32];
	char village[13], town[10];
	char payee[CHILD_NAME_MAX];     /* the first guardian's name, "" none */
	char bank_account[40];          /* "" none */
};

/* For an approved month, replaces m's lines (and total) by the frozen ones
 * of the children in the caller's scope: what was approved is what the
 * finance bureau pays.  Nothing for a month not approved. */
enum wb_status app_allowance_use_frozen(struct app_ctx *c, struct allowance_month_result *m,
					struct wb_err *err);
/*
 * Calls fn with each line of r (computed in the caller's scope) joined with
 * its child: name, ID number, village and town, the payee (the first
 * guardian: the schema keeps no payee of its own) and the bank account,
 * masked unless clear.  The clear values live in fn's row only during the
 * call and are wiped after it.  Stops at fn's first non-WB_OK answer.
 */
enum wb_status app_allowance_payees(struct app_ctx *c, const struct allowance_month_result *r,
				    bool clear,
				    enum wb_status (*fn)(const struct allowance_payee *, void *),
				    void *arg, struct wb_err *err);

/* The standard of category (Chinese name, "孤儿") and mode (集中供养/社会散居)
 * in force on date (YYYY-MM-DD: the one of the latest effective_from on or
 * before it) into *fen (分 a month); *found false when none was yet. */
enum wb_status app_allowance_standard_on(struct app_ctx *c, const char *category,
					 const char *mode, const char *date, int64_t *fen,
					 bool *found, struct wb_err *err);

#endif
