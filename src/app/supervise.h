/* 督办: raising notices on overdue tasks (run by `weibao serve` every
 * supervise_interval_seconds, by `weibao plan supervise`, and by
 * POST /api/v1/supervisions/run). */
#ifndef WB_APP_SUPERVISE_H
#define WB_APP_SUPERVISE_H

#include <stdint.h>

#include "app/config.h"
#include "store/store.h"

struct supervise_result {
	int64_t created, raised, resolved;
};

struct task_row;

/* The facts of a stored task that its light and 督办 level depend on. */
struct task_times task_row_times(const struct task_row *t);

/* The traffic-light rules of a configuration. */
void config_light_rules(const struct wb_config *c, struct light_rules *out);

/*
 * In one transaction: every open task that is overdue gets an automatic 督办
 * notice at the level it has earned (supervision_level), an open one is
 * raised when the level rose, and closed tasks' notices are resolved.
 */
enum wb_status supervise_run(struct store *st, const struct wb_config *c, int64_t now,
			     struct supervise_result *res, struct wb_err *err);

#endif
