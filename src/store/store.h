/*
 * The store: weibao's only door to the database.
 *
 * A `struct store` is one connection (SQLite file or PostgreSQL server).  It is
 * not shared between threads: each worker thread opens its own.  Statements
 * come from one closed catalogue (stmt.h) and are always run with bound
 * parameters; no SQL is ever built from input.
 */
#ifndef WB_STORE_STORE_H
#define WB_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/stmt.h"
#include "util/err.h"

enum store_backend { STORE_SQLITE, STORE_POSTGRESQL };

enum store_open_mode {
	STORE_OPEN_EXISTING, /* must already be a weibao database */
	STORE_OPEN_CREATE    /* may create an empty database (weibao init) */
};

struct store;
struct store_query;

/*
 * Opens the database named by url: "postgresql://…" / "postgres://…" for
 * PostgreSQL, "sqlite:PATH" or a plain PATH for SQLite.  With
 * STORE_OPEN_EXISTING a file that is not a weibao database is refused
 * (WB_ERR_NOT_WEIBAO) without being written to.  On success *out is a new
 * connection the caller frees with store_close().
 */
enum wb_status store_open(const char *url, enum store_open_mode mode,
			  struct store **out, struct wb_err *err);
void store_close(struct store *st);

enum store_backend store_backend(const struct store *st);
/* False when the connection is lost (a restarted PostgreSQL server); the
 * caller then closes it and opens a new one. */
bool store_connection_ok(struct store *st);
const char *store_backend_name(const struct store *st); /* "sqlite" or "postgresql" */

/* True when url selects PostgreSQL. */
bool store_url_is_postgresql(const char *url);

/* Transactions.  They nest: only the outermost begin/commit reach the
 * database; an inner rollback makes the outer commit fail (and roll back), so
 * a request's writes and its audit event land together or not at all. */
enum wb_status store_begin(struct store *st, struct wb_err *err);
enum wb_status store_commit(struct store *st, struct wb_err *err);
/* A read-only transaction: every statement until the matching commit or
 * rollback sees one snapshot, and no write lock is taken (exports, audit
 * verification).  Nested inside another transaction it simply joins it. */
enum wb_status store_begin_read(struct store *st, struct wb_err *err);
void store_rollback(struct store *st);
/* Rolls back whatever is open, at any depth. */
void store_rollback_all(struct store *st);
bool store_in_transaction(const struct store *st);
/* Bulk mode for the rest of the open transaction (an import of many rows):
 * on SQLite a page cache of 256 MiB instead of the default 2 MiB, so that the
 * pages the write touches stay in memory rather than spill to the WAL and be
 * read back; the commit or rollback ends it, so a pooled connection gives the
 * memory back.  PostgreSQL is left alone. */
void store_bulk_mode(struct store *st);

/*
 * Starts running catalogue statement id.  The returned query belongs to the
 * store; bind its parameters (1-based, in order of the `?` in the SQL), then
 * call store_step() until it returns WB_OK with *row false, then
 * store_query_end().  Only one query per connection is active at a time.
 */
struct store_query *store_query(struct store *st, enum stmt_id id);
void store_bind_int(struct store_query *q, int idx, int64_t v);
void store_bind_text(struct store_query *q, int idx, const char *v); /* NULL binds NULL */
/* store_bind_text without copying v, which must stay unchanged until the
 * statement has run (store_exec_done, or its last store_step): bulk writes. */
void store_bind_text_ref(struct store_query *q, int idx, const char *v);
void store_bind_null(struct store_query *q, int idx);
/* Binds text s, or NULL when s is NULL or "" (an optional column). */
void store_bind_text_opt(struct store_query *q, int idx, const char *s);
void store_bind_double(struct store_query *q, int idx, double v);
/* Binds n bytes as a blob (BLOB / BYTEA); the bytes are copied. */
void store_bind_blob(struct store_query *q, int idx, const void *p, size_t n);

/* Advances: *row true when a row is available.  Errors are mapped to
 * WB_ERR_CONFLICT for constraint violations, WB_ERR_DB otherwise. */
enum wb_status store_step(struct store_query *q, bool *row, struct wb_err *err);

/* Column accessors for the current row (0-based).  Text stays valid until the
 * next store_step()/store_query_end(); NULL columns give NULL and 0. */
const char *store_col_text(struct store_query *q, int col);
int64_t store_col_int(struct store_query *q, int col);
bool store_col_is_null(struct store_query *q, int col);
double store_col_double(struct store_query *q, int col);
/* Copies text column col into buf of n bytes, cut to fit ("" for NULL);
 * returns buf. */
char *store_col_copy(struct store_query *q, int col, char *buf, size_t n);
/* A blob column: its bytes (valid like store_col_text's) and *n their count;
 * NULL with *n 0 for SQL NULL. */
const void *store_col_blob(struct store_query *q, int col, size_t *n);

void store_query_end(struct store_query *q);

/* Runs a statement expected to return no rows (or to ignore them). */
enum wb_status store_exec_done(struct store_query *q, struct wb_err *err);

/* Number of rows changed by the last completed statement. */
int64_t store_changes(struct store *st);

/* Calls fn with the name of every table the database holds (tests check
 * that backups cover them all). */
enum wb_status store_list_tables(struct store *st, void (*fn)(const char *, void *), void *arg,
				 struct wb_err *err);

/* Schema: the version in the database (0 when empty) and the version this
 * program writes.  store_check_schema() refuses newer and older schemas with
 * a message naming both versions. */
int store_schema_latest(void);
enum wb_status store_schema_version(struct store *st, int *version, struct wb_err *err);
enum wb_status store_check_schema(struct store *st, struct wb_err *err);
/* The schema version of a database already known to be weibao's, by one
 * prepared statement (health checks). */
enum wb_status store_schema_ping(struct store *st, int *version, struct wb_err *err);
/* Applies every migration after the current version up to the latest, each
 * in its own transaction.  *from and *to receive the versions. */
enum wb_status store_migrate(struct store *st, int *from, int *to, struct wb_err *err);
/* The same, stopping at version `target` (tests use it to build old schemas). */
enum wb_status store_migrate_to(struct store *st, int target, int *from, int *to,
				struct wb_err *err);

#endif
