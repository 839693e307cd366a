/*
 * Backups: a consistent copy of the whole database (store/backup.h), sealed
 * with a key derived from the key file (sec/sealed.h), written atomically;
 * restoring it into an empty data directory or database.  Used by
 * `weibao backup`, `weibao restore` and serve's scheduled backups.
 */
#ifndef WB_APP_BACKUP_H
#define WB_APP_BACKUP_H

#include <stdint.h>

#include "sec/keyfile.h"
#include "store/store.h"

struct backup_info {
	char backend[16];       /* "sqlite" or "postgresql" */
	int schema;
	int64_t created_at;
	int64_t bytes;          /* of the sealed file */
};

/*
 * Writes a backup of st to `file` (through file.partial, mode 0600, synced
 * and renamed: never a half-written file under the final name).  scratch is
 * a private directory for SQLite's temporary copy.  *info (may be NULL)
 * describes it.
 */
enum wb_status app_backup(struct store *st, const struct keyset *keys, const char *scratch,
			  const char *file, int64_t now, struct backup_info *info,
			  struct wb_err *err);

/* Restores backup `file`, sealed with keys, into the empty database of url;
 * *info (may be NULL) describes the backup. */
enum wb_status app_restore(const char *file, const struct keyset *keys, const char *url,
			   struct backup_info *info, struct wb_err *err);

/*
 * One scheduled backup into dir (created 0700) named backup-YYYYmmdd-HHMMSS.wbk,
 * then removes all but the newest `keep` such files.  *made receives the path.
 */
enum wb_status app_backup_scheduled(struct store *st, const struct keyset *keys,
				    const char *scratch, const char *dir, int keep, int64_t now,
				    char *made, size_t made_len, struct wb_err *err);

#endif
