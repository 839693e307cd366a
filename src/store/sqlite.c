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
	dev_t dev;              /* the file, as registered in open_files */
	ino_t ino;
	bool registered;
	sqlite3_stmt *stmts[STMT__MAX];
	sqlite3_stmt *active;
	int64_t changes;
	/* Statements "INSERT … RETURNING id" are prepared without the RETURNING
	 * clause (SQLite runs RETURNING through a temporary table, a third of an
	 * insert's cost); the first step of one then yields the new row id as a
	 * row of its own, from sqlite3_last_insert_rowid(). */
	bool rowid_stmt[STMT__MAX];
	bool rowid_pending;     /* the active statement's id row is due */
	bool rowid_given;       /* … and has been given: col_int(0) reads it */
	int64_t rowid;
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

	if (primary == SQLITE_CONSTRAINT) {
		/* the engine's words go to the log, never to the user */
		fprintf(stderr, "weibao: %s: %s\n", what, sqlite3_errmsg(s->db));
		return wb_err_code(err, WB_ERR_CONFLICT, "conflict", "与已有数据冲突，请刷新后重试");
	}
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		return wb_err_set(err, WB_ERR_NOT_WEIBAO, "%s: %s", what, sqlite3_errmsg(s->db));
	if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
	    primary == SQLITE_READONLY)
		return wb_err_set(err, WB_ERR_UNAVAILABLE, "%s: %s", what, sqlite3_errmsg(s->db));
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return wb_err_set(err, WB_ERR_BUSY, "%s: %s", what, sqlite3_errmsg(s->db));
	return wb_err_set(err, WB_ERR_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

/*
 * The SQLite files this process has open, by device and inode.
 *
 * Closing any descriptor of a file drops every POSIX lock the process holds
 * on it, SQLite's included ("How To Corrupt An SQLite Database File" §2.2):
 * another process then believes nobody has the database open and deletes
 * the WAL under us.  So the raw header check below may only open the file
 * while this process holds no connection to it, and opening, checking and
 * registering happen under one mutex so no connection can appear meanwhile.
 */
struct open_file {
	dev_t dev;
	ino_t ino;
	int connections;
};

static pthread_mutex_t open_files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct open_file *open_files;
static size_t open_files_n, open_files_cap;

/* The registry entry of (dev, ino), or NULL.  Caller holds open_files_lock. */
static struct open_file *
open_file_find(dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < open_files_n; i++)
		if (open_files[i].dev == dev && open_files[i].ino == ino)
			return &open_files[i];
	return NULL;
}

/* Counts one more connection to (dev, ino); false when out of memory.
 * Caller holds open_files_lock. */
static bool
open_file_add(dev_t dev, ino_t ino)
{
	struct open_file *f = open_file_find(dev, ino);

	if (f == NULL) {
		if (open_files_n == open_files_cap) {
			size_t cap = open_files_cap ? open_files_cap * 2 : 4;
			struct open_file *p = realloc(open_files, cap * sizeof(*p));
			if (p == NULL)
				return false;
			open_files = p;
			open_files_cap = cap;
		}
		f = &open_files[open_files_n++];
		f->dev = dev;
		f->ino = ino;
		f->connections = 0;
	}
	f->connections++;
	return true;
}

/* Counts one connection less; the last one frees the registry when it was
 * the only file.  Caller holds open_files_lock. */
static void
open_file_drop(dev_t dev, ino_t ino)
{
	struct open_file *f = open_file_find(dev, ino);

	if (f == NULL || --f->connections > 0)
		return;
	*f = open_files[--open_files_n];
	if (open_files_n == 0) {
		free(open_files);
		open_files = NULL;
		open_files_cap = 0;
	}
}

/*
 * Reads the 100-byte SQLite header of an existing file without letting SQLite
 * touch it: refuses anything that is not a SQLite database with weibao's
 * application id.  Returns WB_OK for a weibao file, WB_ERR_NOTFOUND when the
 * file does not exist or is empty.  *sb receives the file's status.  When
 * this process already has a connection to the file (checked when that one
 * opened), the file is not opened again: see open_files above.  Caller holds
 * open_files_lock.
 */
static enum wb_status
check_header(const char *path, struct stat *sb, struct wb_err *err)
{
	unsigned char hdr[100];
	ssize_t n;
	uint32_t app;
	int fd;

	if (stat(path, sb) != 0) {
		if (errno == ENOENT)
			return WB_ERR_NOTFOUND;
		return wb_err_set(err, WB_ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(sb->st_mode))
		return wb_err_set(err, WB_ERR_NOT_WEIBAO, "%s is not a regular file", path);
	if (sb->st_size == 0)
		return WB_ERR_NOTFOUND;
	if (open_file_find(sb->st_dev, sb->st_ino) != NULL)
		return WB_OK;
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
	pthread_mutex_lock(&open_files_lock);
	sqlite3_close_v2(s->db);
	if (s->registered)
		open_file_drop(s->dev, s->ino);
	pthread_mutex_unlock(&open_files_lock);
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

/* The length of sql without its " RETURNING id" when it is a plain
 * single-row INSERT ending so (no upsert, no INSERT … SELECT: those may
 * insert no row, and the last row id would then be stale); 0 otherwise.
 * A statement of several VALUES rows, or into a table with triggers that
 * insert, must not end in " RETURNING id". */
static int
rowid_returning_len(const char *sql)
{
	static const char tail[] = " RETURNING id";
	size_t n = strlen(sql), t = sizeof(tail) - 1;

	if (strncmp(sql, "INSERT INTO ", 12) != 0 || n <= t || strcmp(sql + n - t, tail) != 0 ||
	    strstr(sql, "ON CONFLICT") != NULL || strstr(sql, "SELECT") != NULL)
		return 0;
	return (int)(n - t);
}

static enum wb_status
sqlite_query_start(struct store *st, enum stmt_id id, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	int rc;

	if (s->stmts[id] == NULL) {
		const char *sql = stmt_sql(id);
		int len = rowid_returning_len(sql);

		rc = sqlite3_prepare_v3(s->db, sql, len ? len : -1, SQLITE_PREPARE_PERSISTENT,
					&s->stmts[id], NULL);
		if (rc != SQLITE_OK)
			return sqlite_error(s, rc, stmt_name(id), err);
		s->rowid_stmt[id] = len > 0;
	}
	s->active = s->stmts[id];
	s->rowid_pending = s->rowid_stmt[id];
	s->rowid_given = false;
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
sqlite_bind_text_ref(struct store *st, int idx, const char *v)
{
	sqlite3_bind_text(S(st)->active, idx, v, -1, SQLITE_STATIC);
}

static void
sqlite_bind_double(struct store *st, int idx, double v)
{
	sqlite3_bind_double(S(st)->active, idx, v);
}

static void
sqlite_bind_blob(struct store *st, int idx, const void *p, size_t n)
{
	sqlite3_bind_blob64(S(st)->active, idx, n ? p : "", n, SQLITE_TRANSIENT);
}

static const void *
sqlite_col_blob(struct store *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(S(st)->active, col);

	*n = p ? (size_t)sqlite3_column_bytes(S(st)->active, col) : 0;
	return p;
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
	int rc;

	if (s->rowid_given) {   /* the id row was the only one */
		*row = false;
		return WB_OK;
	}
	rc = sqlite3_step(s->active);
	if (rc == SQLITE_DONE && s->rowid_pending) {
		s->changes = sqlite3_changes64(s->db);
		s->rowid = sqlite3_last_insert_rowid(s->db);
		s->rowid_pending = false;
		s->rowid_given = true;
		*row = true;
		return WB_OK;
	}
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
	if (S(st)->rowid_given)   /* the synthesized id row has an integer only */
		return NULL;
	return (const char *)sqlite3_column_text(S(st)->active, col);
}

static int64_t
sqlite_col_int(struct store *st, int col)
{
	struct sqlite_store *s = S(st);

	if (s->rowid_given)
		return col == 0 ? s->rowid : 0;
	return sqlite3_column_int64(s->active, col);
}

static bool
sqlite_col_is_null(struct store *st, int col)
{
	if (S(st)->rowid_given)
		return col != 0;
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
	s->rowid_pending = s->rowid_given = false;
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

/*
 * A consistent copy of the database through SQLite's online backup API into
 * a scratch file (0600) of scratch_dir, then streamed to sink and removed.
 * The copy is made in one step, inside one read transaction of this
 * connection: writers of other connections go on meanwhile (WAL).
 */
static enum wb_status
sqlite_backup(struct store *st, const char *scratch_dir, int (*sink)(const void *, size_t, void *),
	      void *arg, struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	char path[4096], buf[65536];
	enum wb_status rc = WB_OK;
	sqlite3_backup *b;
	sqlite3 *copy = NULL;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/backup.XXXXXX", scratch_dir);
	fd = mkstemp(path);
	if (fd < 0)
		return wb_err_set(err, WB_ERR_IO, "cannot create a scratch file in %s: %s", scratch_dir,
				  strerror(errno));
	close(fd);
	if (sqlite3_open_v2(path, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = wb_err_set(err, WB_ERR_IO, "cannot open the scratch copy");
		goto out;
	}
	b = sqlite3_backup_init(copy, "main", s->db, "main");
	if (b == NULL) {
		rc = wb_err_set(err, WB_ERR_DB, "backup: %s", sqlite3_errmsg(copy));
		goto out;
	}
	n = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (n != SQLITE_DONE) {
		rc = sqlite_error(s, (int)n, "backup", err);
		goto out;
	}
	/* the copy is a plain database file: no WAL of its own to carry along */
	if (sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = wb_err_set(err, WB_ERR_DB, "backup: %s", sqlite3_errmsg(copy));
		goto out;
	}
	sqlite3_close_v2(copy);
	copy = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = wb_err_set(err, WB_ERR_IO, "cannot read the scratch copy: %s", strerror(errno));
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (sink(buf, (size_t)n, arg) != 0) {
			rc = wb_err_set(err, WB_ERR_IO, "cannot write the backup");
			break;
		}
	if (n < 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot read the scratch copy: %s", strerror(errno));
	close(fd);
out:
	sqlite3_close_v2(copy);
	unlink(path);
	return rc;
}

static enum wb_status
sqlite_list_tables(struct store *st, void (*fn)(const char *, void *), void *arg,
		   struct wb_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
				"AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return sqlite_error(s, rc, "reading schema", err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(q, 0), arg);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? WB_OK : sqlite_error(s, rc, "reading schema", err);
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.exec_script = sqlite_exec_script,
	.query_start = sqlite_query_start,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_text_ref = sqlite_bind_text_ref,
	.bind_null = sqlite_bind_null,
	.bind_double = sqlite_bind_double,
	.bind_blob = sqlite_bind_blob,
	.col_blob = sqlite_col_blob,
	.col_double = sqlite_col_double,
	.step = sqlite_step,
	.col_text = sqlite_col_text,
	.col_int = sqlite_col_int,
	.col_is_null = sqlite_col_is_null,
	.query_end = sqlite_query_end,
	.changes = sqlite_changes,
	.table_exists = sqlite_table_exists,
	.backup = sqlite_backup,
	.list_tables = sqlite_list_tables,
};

/* Process-wide SQLite settings, made once before the first connection:
 * no memory statistics (they take a global mutex on every allocation). */
static void
configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

/* Refuses a weibao database file that others than its owner may read or
 * write (it holds sensitive personal information), as the key file is. */
static enum wb_status
check_mode(const char *path, const struct stat *sb, struct wb_err *err)
{
	if ((sb->st_mode & 077) == 0)
		return WB_OK;
	return wb_err_set(err, WB_ERR_DENIED,
			  "%s can be read or written by others (mode %03o); it must be readable by "
			  "its owner only (chmod 600 %s and its -wal and -shm files)",
			  path, (unsigned)(sb->st_mode & 0777), path);
}

/* Opens the connection of s and applies weibao's settings; the caller holds
 * open_files_lock and registers the file on success. */
static enum wb_status
open_connection(struct sqlite_store *s, const char *path, int flags, struct wb_err *err)
{
	char pragma[64];
	int rc;

	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK)
		return wb_err_set(err, WB_ERR_IO, "cannot open %s: %s", path,
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", WEIBAO_APPLICATION_ID);
	if ((flags & SQLITE_OPEN_CREATE) && sqlite_exec_script(&s->base, pragma, err) != WB_OK)
		return err ? err->status : WB_ERR_DB;
	/* synchronous = FULL: a commit is on disk before the client hears of it */
	if (sqlite_exec_script(&s->base, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
			       "PRAGMA synchronous = FULL; PRAGMA mmap_size = 268435456; "
			       "PRAGMA temp_store = MEMORY", err) != WB_OK)
		return err ? err->status : WB_ERR_DB;
	return WB_OK;
}

enum wb_status
store_sqlite_open(const char *path, enum store_open_mode mode, struct store **out,
		  struct wb_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	struct sqlite_store *s;
	enum wb_status rc;
	struct stat sb;

	pthread_once(&once, configure_sqlite);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	s->base.ops = &sqlite_ops;
	s->base.backend = STORE_SQLITE;
	pthread_mutex_lock(&open_files_lock);
	rc = check_header(path, &sb, err);
	if (rc == WB_ERR_NOTFOUND && mode == STORE_OPEN_CREATE) {
		flags |= SQLITE_OPEN_CREATE;
		rc = WB_OK;
	} else if (rc == WB_ERR_NOTFOUND) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND,
				"no weibao database at %s (run 'weibao init' first)", path);
	} else if (rc == WB_OK) {
		rc = check_mode(path, &sb, err);
	}
	if (rc == WB_OK)
		rc = open_connection(s, path, flags, err);
	if (rc == WB_OK && stat(path, &sb) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "%s: %s", path, strerror(errno));
	if (rc == WB_OK && !open_file_add(sb.st_dev, sb.st_ino))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK) {
		s->dev = sb.st_dev;
		s->ino = sb.st_ino;
		s->registered = true;
	}
	pthread_mutex_unlock(&open_files_lock);
	if (rc != WB_OK) {
		sqlite_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return WB_OK;
}
