/* SQLite backend: WAL, foreign keys, busy timeout, one connection per thread. */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* PRAGMA application_id of every weibao database: "WBAO". */
#define WEIBAO_APPLICATION_ID 0x5742414f
#define BUSY_TIMEOUT_MS 5000

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *stmts[STMT__MAX];
	sqlite3_stmt *active;
	int64_t changes;
};

static struct sqlite_store *
S(struct store *st)
{
	return (struct sqlite_store *)st;
}

static enum wb_status
sqlite_error(struct sqlite_store *s, int rc, const char *what, struct wb_err *err)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_CONSTRAINT)
		return wb_err_set(err, WB_ERR_CONFLICT, "%s: %s", what, sqlite3_errmsg(s->db));
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		return wb_err_set(err, WB_ERR_NOT_WEIBAO, "%s: %s", what, sqlite3_errmsg(s->db));
	return wb_err_set(err, WB_ERR_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

/*
 * Reads the 100-byte SQLite header of an existing file without letting SQLite
 * touch it: refuses anything that is not a SQLite database with weibao's
 * application id.  Returns WB_OK for a weibao file, WB_ERR_NOTFOUND when the
 * file does not exist or is empty.
 */
static enum wb_status
check_header(const char *path, struct wb_err *err)
{
	unsigned char hdr[100];
	struct stat sb;
	ssize_t n;
	uint32_t app;
	int fd;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return WB_ERR_NOTFOUND;
		return wb_err_set(err, WB_ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return wb_err_set(err, WB_ERR_NOT_WEIBAO, "%s is not a regular file", path);
	if (sb.st_size == 0)
		return WB_ERR_NOTFOUND;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wb_err_set(err, WB_ERR_IO, "%s: %s", path, strerror(errno));
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n != (ssize_t)sizeof(hdr) || memcmp(hdr, "SQLite format 3", 16) != 0)
		return wb_err_set(err, WB_ERR_NOT_WEIBAO,
				  "%s is not a SQLite database (corrupt or foreign file); left untouched",
				  path);
	app = (uint32_t)hdr[68] << 24 | (uint32_t)hdr[69] << 16 | (uint32_t)hdr[70] << 8 | hdr[71];
	if (app != WEIBAO_APPLICATION_ID)
		return wb_err_set(err, WB_ERR_NOT_WEIBAO,
				  "%s is a SQLite database of another program, not weibao; left untouched",
				  path);
	return WB_OK;
}

static void
sqlite_close(struct store *st)
{
	struct sqlite_store *s = S(st);

	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close_v2(s->db);
	free(s);
}

static enum wb_status
sqlite_exec_script(struct store *st, const char *sql, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return sqlite_error(s, rc, "executing schema", err);
	return WB_OK;
}

static enum wb_status
sqlite_query_start(struct store *st, enum stmt_id id, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	int rc;

	if (s->stmts[id] == NULL) {
		rc = sqlite3_prepare_v3(s->db, stmt_sql(id), -1, SQLITE_PREPARE_PERSISTENT,
					&s->stmts[id], NULL);
		if (rc != SQLITE_OK)
			return sqlite_error(s, rc, stmt_name(id), err);
	}
	s->active = s->stmts[id];
	return WB_OK;
}

static void
sqlite_bind_int(struct store *st, int idx, int64_t v)
{
	sqlite3_bind_int64(S(st)->active, idx, v);
}

static void
sqlite_bind_text(struct store *st, int idx, const char *v)
{
	sqlite3_bind_text(S(st)->active, idx, v, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_double(struct store *st, int idx, double v)
{
	sqlite3_bind_double(S(st)->active, idx, v);
}

static double
sqlite_col_double(struct store *st, int col)
{
	return sqlite3_column_double(S(st)->active, col);
}

static void
sqlite_bind_null(struct store *st, int idx)
{
	sqlite3_bind_null(S(st)->active, idx);
}

static enum wb_status
sqlite_step(struct store *st, bool *row, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	int rc = sqlite3_step(s->active);

	if (rc == SQLITE_ROW) {
		*row = true;
		return WB_OK;
	}
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes64(s->db);
		return WB_OK;
	}
	return sqlite_error(s, rc, stmt_name(st->current), err);
}

static const char *
sqlite_col_text(struct store *st, int col)
{
	return (const char *)sqlite3_column_text(S(st)->active, col);
}

static int64_t
sqlite_col_int(struct store *st, int col)
{
	return sqlite3_column_int64(S(st)->active, col);
}

static bool
sqlite_col_is_null(struct store *st, int col)
{
	return sqlite3_column_type(S(st)->active, col) == SQLITE_NULL;
}

static void
sqlite_query_end(struct store *st)
{
	struct sqlite_store *s = S(st);

	if (s->active) {
		sqlite3_reset(s->active);
		sqlite3_clear_bindings(s->active);
		s->active = NULL;
	}
}

static int64_t
sqlite_changes(struct store *st)
{
	return S(st)->changes;
}

static enum wb_status
sqlite_table_exists(struct store *st, const char *table, bool *exists, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
				-1, &q, NULL);
	if (rc != SQLITE_OK)
		return sqlite_error(s, rc, "reading schema", err);
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	*exists = rc == SQLITE_ROW;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_error(s, rc, "reading schema", err);
	return WB_OK;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.exec_script = sqlite_exec_script,
	.query_start = sqlite_query_start,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_null = sqlite_bind_null,
	.bind_double = sqlite_bind_double,
	.col_double = sqlite_col_double,
	.step = sqlite_step,
	.col_text = sqlite_col_text,
	.col_int = sqlite_col_int,
	.col_is_null = sqlite_col_is_null,
	.query_end = sqlite_query_end,
	.changes = sqlite_changes,
	.table_exists = sqlite_table_exists,
};

/* Process-wide SQLite settings, made once before the first connection:
 * no memory statistics (they take a global mutex on every allocation). */
static void
configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

enum wb_status
store_sqlite_open(const char *path, enum store_open_mode mode, struct store **out,
		  struct wb_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sqlite_store *s;
	enum wb_status hc;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	char pragma[64];
	int rc;

	pthread_once(&once, configure_sqlite);
	hc = check_header(path, err);
	if (hc == WB_ERR_NOTFOUND) {
		if (mode != STORE_OPEN_CREATE)
			return wb_err_set(err, WB_ERR_NOTFOUND,
					  "no weibao database at %s (run 'weibao init' first)", path);
		flags |= SQLITE_OPEN_CREATE;
	} else if (hc != WB_OK) {
		return hc;
	}

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	s->base.ops = &sqlite_ops;
	s->base.backend = STORE_SQLITE;
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		wb_err_set(err, WB_ERR_IO, "cannot open %s: %s", path,
			   s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite_close(&s->base);
		return err ? err->status : WB_ERR_IO;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", WEIBAO_APPLICATION_ID);
	if ((flags & SQLITE_OPEN_CREATE) &&
	    sqlite_exec_script(&s->base, pragma, err) != WB_OK)
		goto fail;
	if (sqlite_exec_script(&s->base, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				"PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 268435456; "
				"PRAGMA temp_store = MEMORY", err) != WB_OK)
		goto fail;
	*out = &s->base;
	return WB_OK;
fail:
	sqlite_close(&s->base);
	return err ? err->status : WB_ERR_DB;
}
