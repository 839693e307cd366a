/* Store access to the allowances of children in difficulty: the standards
 * (category, support mode, from a date, 分 a month), the approved months'
 * frozen lists. */
#ifndef WB_STORE_ALLOWANCES_H
#define WB_STORE_ALLOWANCES_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"

struct allowance_standard_row {
	char category[48];        /* a category's Chinese name ("孤儿") */
	char mode[16];            /* 集中供养/社会散居 */
	char effective_from[11];
	int64_t fen_per_month;
};

/* A new standard; WB_ERR_CONFLICT when one of the same category, mode and
 * date exists. */
enum wb_status store_allowance_standard_add(struct store *st, const struct allowance_standard_row *s,
					    int64_t now, int64_t by, struct wb_err *err);
/* Each standard, by category, mode and date (strings valid during the call). */
enum wb_status store_allowance_standards(struct store *st,
					 void (*fn)(const struct allowance_standard_row *, void *),
					 void *arg, struct wb_err *err);

struct allowance_month_row {
	int64_t approved_at, total_fen, children;
	char login[64];
};
/* The approved month (YYYY-MM) into *out; *found false when not approved. */
enum wb_status store_allowance_month(struct store *st, const char *month,
				     struct allowance_month_row *out, bool *found,
				     struct wb_err *err);
/* Freezes month: its row (WB_ERR_CONFLICT when approved already); then
 * each line with store_allowance_line_add, in the same transaction. */
enum wb_status store_allowance_month_add(struct store *st, const char *month,
					 const struct allowance_month_row *m, int64_t by,
					 struct wb_err *err);

struct allowance_line_row {
	int64_t child_id;
	char category[48], mode[16];
	int64_t fen;
};
enum wb_status store_allowance_line_add(struct store *st, const char *month,
					const struct allowance_line_row *l, struct wb_err *err);
/* Each frozen line of month of a child within scope, by child id. */
enum wb_status store_allowance_lines(struct store *st, const struct scope *scope,
				     const char *month,
				     void (*fn)(const struct allowance_line_row *, void *),
				     void *arg, struct wb_err *err);

#endif
