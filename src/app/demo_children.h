/*
 * Synthetic children in difficulty (示例 data, for tests and benchmarks):
 * `weibao gen children --count N --seed S`.  Deterministic for a seed and a
 * date: valid ID numbers (check character right, each unique), plausible
 * names, spread over the villages in the database, a realistic mix of the
 * parents' statuses, placements, family economy and disability.  None of them
 * is a real person.
 */
#ifndef WB_APP_DEMO_CHILDREN_H
#define WB_APP_DEMO_CHILDREN_H

#include <stdint.h>
#include <stdio.h>

#include "app/ctx.h"

/* Writes the template's header and count rows of synthetic children, seeded
 * by seed, as CSV (UTF-8 with BOM) to out.  WB_ERR_INVALID when the database
 * has no village (import the divisions or run `gen demo` first) or count is
 * above 5,000,000. */
enum wb_status app_demo_children_csv(struct app_ctx *c, uint64_t seed, long count, FILE *out,
				     struct wb_err *err);

#endif
