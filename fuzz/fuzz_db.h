/*
 * The database of the fuzz targets that write (fuzz_csv, fuzz_facility): a
 * SQLite file made once per process in a temporary directory under $TMPDIR
 * (default /tmp), migrated, with the 桐乡 defaults loaded, and removed with
 * its directory at exit.  Each input runs inside an outer transaction that
 * the target rolls back afterwards: every input sees the same database.
 */
#ifndef WB_FUZZ_FUZZ_DB_H
#define WB_FUZZ_FUZZ_DB_H

#include "sec/keyfile.h"
#include "store/store.h"

#define FUZZ_NOW 1700000000

/* The database of target `name` (its directory weibao-<name>-XXXXXX and
 * the messages say it), made on the first call; with keys non-NULL a key
 * file beside it, loaded into *keys.  Aborts when it cannot be made.  The
 * store stays open until exit: the caller never closes it. */
struct store *fuzz_db(const char *name, struct keyset *keys);

#endif
