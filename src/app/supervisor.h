/* The background jobs of `weibao serve`, each in its own thread with its own
 * database connection, each run at start and then every interval, and by one
 * server of a deployment per interval (job lease):
 *   supervise — a 督办 round every supervise_interval_seconds (0: never);
 *   backup    — a scheduled backup into backup_dir every
 *               backup_interval_seconds, keeping the newest backup_keep
 *               (only when backup_dir is set);
 *   children, child_purge — the children's categories hourly, their
 *               records past retention daily;
 *   sms       — the SMS outbox (app/sms.h) every sms_interval_seconds (only
 *               when sms_command is set). */
#ifndef WB_APP_SUPERVISOR_H
#define WB_APP_SUPERVISOR_H

#include "app/config.h"
#include "sec/keyring.h"

struct supervisor;

/* Starts the jobs that are on; NULL only when out of memory.  backup_dir
 * (absolute; NULL or "" for no scheduled backups) and scratch (a private
 * directory for SQLite's temporary copy) and config, keyring and db_url must
 * outlive it. */
struct supervisor *supervisor_start(const struct wb_config *config, struct keyring *keyring,
				    const char *db_url, const char *backup_dir,
				    const char *scratch);
/* Stops and joins the threads, and frees s (NULL is fine). */
void supervisor_stop(struct supervisor *s);

#endif
