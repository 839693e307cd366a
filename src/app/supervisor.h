/* The background thread of `weibao serve` that runs supervise_run() every
 * supervise_interval_seconds (and once at start). */
#ifndef WB_APP_SUPERVISOR_H
#define WB_APP_SUPERVISOR_H

#include "app/config.h"
#include "sec/keyring.h"

struct supervisor;

/* Starts the thread (NULL when the interval is 0 or the thread cannot start).
 * config, keyring and db_url must outlive it. */
struct supervisor *supervisor_start(const struct wb_config *config, struct keyring *keyring,
				    const char *db_url);
/* Stops and joins the thread, and frees s (NULL is fine). */
void supervisor_stop(struct supervisor *s);

#endif
