/*
 * Backups of the whole database, on either backend: SQLite's online backup
 * API (a consistent copy while the server writes on), or on PostgreSQL one
 * REPEATABLE READ snapshot of every weibao table as COPY text.  The bytes go
 * to a sink (the caller seals them, see sec/sealed.h); restoring reads them
 * back from a source into an empty database of the same kind.
 */
#ifndef WB_STORE_BACKUP_H
#define WB_STORE_BACKUP_H

#include <stddef.h>

#include "store/store.h"

/* Takes n bytes; 0, or -1 to stop. */
typedef int (*store_sink)(const void *p, size_t n, void *arg);
/* Gives up to n bytes: the count, 0 at the end, -1 on failure. */
typedef long (*store_source)(void *p, size_t n, void *arg);

/*
 * Writes a consistent backup of st to sink.  scratch_dir (mode 0700) holds
 * SQLite's temporary copy, removed before returning.
 */
enum wb_status store_backup(struct store *st, const char *scratch_dir, store_sink sink, void *arg,
			    struct wb_err *err);

/*
 * Restores a backup of `backend` and schema `version` from source into the
 * database of url, which must hold no weibao data (a SQLite file that does
 * not exist, or a PostgreSQL database without weibao's tables).  Sessions,
 * sign-in counters and job leases are not restored.  The database is then
 * migrated to this program's schema.
 */
enum wb_status store_restore(const char *url, enum store_backend backend, int version,
			     store_source source, void *arg, struct wb_err *err);

/* The tables a PostgreSQL backup holds, in an order their foreign keys allow,
 * NULL-terminated; and those deliberately left out. */
extern const char *const store_backup_tables[];
extern const char *const store_backup_skipped[];
#define STORE_BACKUP_TABLES_MAX 64   /* room for store_backup_tables */

#endif
