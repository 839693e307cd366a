/* Background jobs shared by every server of a deployment (job_leases). */
#ifndef WB_STORE_JOBS_H
#define WB_STORE_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Takes the lease of job `name` for the period of `period` seconds starting
 * at now, when no server has run it within the last period: *taken says
 * whether this caller won (then it runs the job).  One atomic statement, so
 * of several servers asking at once exactly one wins.  holder names the
 * server (host and process) for operators.
 */
enum wb_status store_job_take(struct store *st, const char *name, int64_t now, int64_t period,
			      const char *holder, bool *taken, struct wb_err *err);

#endif
