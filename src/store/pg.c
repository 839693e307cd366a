/* PostgreSQL backend through libpq: the same catalogue, `?` rewritten to $n. */
#include "store/store_int.h"

#include "store/backup.h"

#include <inttypes.h>
#include <stdint.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAX_PARAMS 512   /* the multi-row inserts: 32 rows of up to 14 values */

struct pg_store {
	struct store base;
	PGconn *conn;
	bool prepared[STMT__MAX];
	/* the active query */
	char *params[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];   /* of binary parameters (blobs) */
	int formats[PG_MAX_PARAMS];   /* 0 text, 1 binary */
	int nparams;
	unsigned char *unescaped;     /* the last blob column read, PQfreemem'd */
	PGresult *res;
	int row;        /* index of the current row, -1 before the first step */
	int64_t changes;
};

static struct pg_store *
P(struct store *st)
{
	return (struct pg_store *)st;
}

/* Maps a failed result to a status: SQLSTATE class 23 (integrity) is a
 * conflict; a lost connection (class 08, 57P01 admin shutdown, or a broken
 * socket) is WB_ERR_UNAVAILABLE — whatever was in flight may or may not have
 * been committed, so the caller answers 503 and never retries a write; lock
 * timeouts and serialization failures (55P03, 40001, 40P01) are WB_ERR_BUSY;
 * a read-only database (25006) or full disk or memory (class 53) is
 * WB_ERR_UNAVAILABLE too: the operator must act, the request did nothing. */
static enum wb_status
pg_error(struct pg_store *p, PGresult *res, const char *what, struct wb_err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (msg == NULL)
		msg = PQerrorMessage(p->conn);
	if (PQstatus(p->conn) == CONNECTION_BAD || (state && (strncmp(state, "08", 2) == 0 ||
							      strncmp(state, "57P0", 4) == 0)))
		return wb_err_set(err, WB_ERR_UNAVAILABLE, "%s: the connection to PostgreSQL was lost",
				  what);
	if (state && strncmp(state, "23", 2) == 0) {
		/* the engine's words go to the log, never to the user */
		fprintf(stderr, "weibao: %s: %s\n", what, msg);
		return wb_err_code(err, WB_ERR_CONFLICT, "conflict", "与已有数据冲突，请刷新后重试");
	}
	if (state && (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
		      strcmp(state, "40P01") == 0))
		return wb_err_set(err, WB_ERR_BUSY, "%s: %s", what, msg);
	if (state && (strcmp(state, "25006") == 0 || strncmp(state, "53", 2) == 0))
		return wb_err_set(err, WB_ERR_UNAVAILABLE, "%s: %s", what, msg);
	return wb_err_set(err, WB_ERR_DB, "%s: %s", what, msg);
}

/* Rewrites `?` placeholders (outside string literals) to $1, $2, …
 * Returns a malloc'd string the caller frees, or NULL when out of memory. */
static char *
rewrite_placeholders(const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	bool quoted = false;
	int n = 0;

	if (out == NULL)
		return NULL;
	for (const char *c = sql; *c; c++) {
		if (*c == '\'')
			quoted = !quoted;
		if (*c == '?' && !quoted)
			o += sprintf(o, "$%d", ++n);
		else
			*o++ = *c;
	}
	*o = '\0';
	return out;
}

static void
clear_params(struct pg_store *p)
{
	for (int i = 0; i < p->nparams; i++) {
		free(p->params[i]);
		p->params[i] = NULL;
		p->lengths[i] = 0;
		p->formats[i] = 0;
	}
	p->nparams = 0;
	if (p->unescaped)
		PQfreemem(p->unescaped);
	p->unescaped = NULL;
}

static void
pg_query_end(struct store *st)
{
	struct pg_store *p = P(st);

	clear_params(p);
	PQclear(p->res);
	p->res = NULL;
	p->row = -1;
}

static void
pg_close(struct store *st)
{
	struct pg_store *p = P(st);

	pg_query_end(st);
	PQfinish(p->conn);
	free(p);
}

static enum wb_status
pg_exec_script(struct store *st, const char *sql, struct wb_err *err)
{
	struct pg_store *p = P(st);
	PGresult *res = PQexec(p->conn, sql);
	enum wb_status rc = WB_OK;
	ExecStatusType s = PQresultStatus(res);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_error(p, res, "executing schema", err);
	PQclear(res);
	return rc;
}

static enum wb_status
pg_query_start(struct store *st, enum stmt_id id, struct wb_err *err)
{
	struct pg_store *p = P(st);
	enum wb_status rc = WB_OK;
	char name[16];
	PGresult *res;
	char *sql;

	p->row = -1;
	if (p->prepared[id])
		return WB_OK;
	sql = rewrite_placeholders(stmt_sql(id));
	if (sql == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	snprintf(name, sizeof(name), "s%d", (int)id);
	res = PQprepare(p->conn, name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(p, res, stmt_name(id), err);
	else
		p->prepared[id] = true;
	PQclear(res);
	free(sql);
	return rc;
}

static void
set_param(struct store *st, int idx, char *v)
{
	struct pg_store *p = P(st);

	if (idx < 1 || idx > PG_MAX_PARAMS) {
		free(v);
		st->failed = true;
		wb_err_set(&st->pending, WB_ERR_DB, "%s: parameter %d out of range",
			   stmt_name(st->current), idx);
		return;
	}
	free(p->params[idx - 1]);
	p->params[idx - 1] = v;
	p->formats[idx - 1] = 0;
	p->lengths[idx - 1] = 0;
	if (idx > p->nparams)
		p->nparams = idx;
}

/* Stores a copy of v (NULL for SQL NULL) as parameter idx. */
static void
bind_copy(struct store *st, int idx, const char *v)
{
	char *copy = NULL;

	if (v != NULL && (copy = strdup(v)) == NULL) {
		st->failed = true;
		wb_err_set(&st->pending, WB_ERR_NOMEM, "out of memory");
		return;
	}
	set_param(st, idx, copy);
}

static void
pg_bind_int(struct store *st, int idx, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	bind_copy(st, idx, buf);
}

static void
pg_bind_text(struct store *st, int idx, const char *v)
{
	bind_copy(st, idx, v);
}

static void
pg_bind_double(struct store *st, int idx, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.17g", v);
	bind_copy(st, idx, buf);
}

static const char *pg_col_text(struct store *st, int col);

static void
pg_bind_blob(struct store *st, int idx, const void *bytes, size_t n)
{
	char *copy = malloc(n ? n : 1);

	if (copy == NULL || n > INT32_MAX) {
		free(copy);
		st->failed = true;
		wb_err_set(&st->pending, WB_ERR_NOMEM, "out of memory");
		return;
	}
	memcpy(copy, bytes, n);
	set_param(st, idx, copy);
	if (!st->failed) {
		P(st)->formats[idx - 1] = 1;
		P(st)->lengths[idx - 1] = (int)n;
	}
}

/* bytea arrives as text ("\\x…"); the unescaped bytes live until the next
 * blob read or the end of the query. */
static const void *
pg_col_blob(struct store *st, int col, size_t *n)
{
	struct pg_store *p = P(st);
	const char *v = pg_col_text(st, col);

	*n = 0;
	if (v == NULL)
		return NULL;
	if (p->unescaped)
		PQfreemem(p->unescaped);
	p->unescaped = PQunescapeBytea((const unsigned char *)v, n);
	return p->unescaped;
}

static void
pg_bind_null(struct store *st, int idx)
{
	bind_copy(st, idx, NULL);
}

static enum wb_status
pg_step(struct store *st, bool *row, struct wb_err *err)
{
	struct pg_store *p = P(st);
	ExecStatusType s;
	char name[16];

	if (p->res == NULL) {
		snprintf(name, sizeof(name), "s%d", (int)st->current);
		p->res = PQexecPrepared(p->conn, name, p->nparams,
					(const char *const *)p->params, p->lengths, p->formats, 0);
		s = PQresultStatus(p->res);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			return pg_error(p, p->res, stmt_name(st->current), err);
		p->changes = strtoll(PQcmdTuples(p->res), NULL, 10);
	}
	p->row++;
	*row = p->row < PQntuples(p->res);
	return WB_OK;
}

static const char *
pg_col_text(struct store *st, int col)
{
	struct pg_store *p = P(st);

	if (p->res == NULL || PQgetisnull(p->res, p->row, col))
		return NULL;
	return PQgetvalue(p->res, p->row, col);
}

static int64_t
pg_col_int(struct store *st, int col)
{
	const char *v = pg_col_text(st, col);

	if (v == NULL)
		return 0;
	if (v[0] == 't' && v[1] == '\0')   /* boolean expressions */
		return 1;
	return strtoll(v, NULL, 10);
}

static double
pg_col_double(struct store *st, int col)
{
	const char *v = pg_col_text(st, col);

	return v ? strtod(v, NULL) : 0.0;
}

static bool
pg_col_is_null(struct store *st, int col)
{
	struct pg_store *p = P(st);

	return p->res == NULL || PQgetisnull(p->res, p->row, col);
}

static int64_t
pg_changes(struct store *st)
{
	return P(st)->changes;
}

static enum wb_status
pg_table_exists(struct store *st, const char *table, bool *exists, struct wb_err *err)
{
	struct pg_store *p = P(st);
	const char *params[1] = { table };
	enum wb_status rc = WB_OK;
	PGresult *res;

	res = PQexecParams(p->conn,
			   "SELECT 1 FROM information_schema.tables "
			   "WHERE table_schema = current_schema() AND table_name = $1",
			   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(p, res, "reading schema", err);
	else
		*exists = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

static void
ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* False when the connection is gone.  libpq notices a server restart only
 * when it next reads, so look first: a socket that is readable while no
 * query runs holds either a notice or the end of the connection, and
 * PQconsumeInput tells which.  One poll() with no wait per request. */
static bool
pg_connection_ok(struct store *st)
{
	PGconn *c = P(st)->conn;
	struct pollfd pfd = { .fd = PQsocket(c), .events = POLLIN };

	if (PQstatus(c) != CONNECTION_OK || pfd.fd < 0)
		return false;
	/* a terminated backend sends its FATAL message, then closes: the first
	 * read takes the message, a second one meets the end */
	for (int i = 0; i < 4 && poll(&pfd, 1, 0) > 0; i++) {
		if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK)
			return false;
		if (pfd.revents & (POLLHUP | POLLERR))
			return false;
	}
	return true;
}

/* Runs a command that must succeed (transaction control). */
static enum wb_status
pg_command(struct pg_store *p, const char *sql, struct wb_err *err)
{
	PGresult *res = PQexec(p->conn, sql);
	enum wb_status rc = WB_OK;

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(p, res, sql, err);
	PQclear(res);
	return rc;
}

/*
 * One REPEATABLE READ snapshot of every backed-up table as COPY text: for
 * each, a line "-- weibao table NAME", its rows, and a line "\.".  The
 * table names come from the closed list in store/backup.c, never from input.
 */
static enum wb_status
pg_backup(struct store *st, const char *scratch_dir, int (*sink)(const void *, size_t, void *),
	  void *arg, struct wb_err *err)
{
	struct pg_store *p = P(st);
	enum wb_status rc;
	char sql[128];
	(void)scratch_dir;

	rc = pg_command(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	for (const char *const *t = store_backup_tables; rc == WB_OK && *t; t++) {
		PGresult *res;
		char *row, head[128];
		int n;

		snprintf(head, sizeof(head), "-- weibao table %s\n", *t);
		snprintf(sql, sizeof(sql), "COPY %s TO STDOUT", *t);
		if (sink(head, strlen(head), arg) != 0) {
			rc = wb_err_set(err, WB_ERR_IO, "cannot write the backup");
			break;
		}
		res = PQexec(p->conn, sql);
		if (PQresultStatus(res) != PGRES_COPY_OUT) {
			rc = pg_error(p, res, sql, err);
			PQclear(res);
			break;
		}
		PQclear(res);
		while ((n = PQgetCopyData(p->conn, &row, 0)) > 0) {
			if (rc == WB_OK && sink(row, (size_t)n, arg) != 0)
				rc = wb_err_set(err, WB_ERR_IO, "cannot write the backup");
			PQfreemem(row);
		}
		res = PQgetResult(p->conn);
		if (rc == WB_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(p, res, sql, err);
		PQclear(res);
		while ((res = PQgetResult(p->conn)) != NULL)
			PQclear(res);
		if (rc == WB_OK && sink("\\.\n", 3, arg) != 0)
			rc = wb_err_set(err, WB_ERR_IO, "cannot write the backup");
	}
	pg_command(p, rc == WB_OK ? "COMMIT" : "ROLLBACK", NULL);
	return rc;
}

/* Lines of a backup read from a source, of any length. */
struct line_reader {
	long (*source)(void *, size_t, void *);
	void *arg;
	char buf[65536];
	size_t off, len;
	char *line;           /* the current line with its '\n', malloc'd */
	size_t n, cap;
	int failed;
};

/* The next line into r->line (r->n bytes, '\n' included): 1, 0 at the end,
 * -1 on failure. */
static int
next_line(struct line_reader *r)
{
	r->n = 0;
	for (;;) {
		if (r->off == r->len) {
			long got = r->source(r->buf, sizeof(r->buf), r->arg);
			if (got < 0)
				return -1;
			if (got == 0)
				return r->n > 0 ? -1 : 0;   /* a line without its end: cut short */
			r->off = 0;
			r->len = (size_t)got;
		}
		char *nl = memchr(r->buf + r->off, '\n', r->len - r->off);
		size_t take = nl ? (size_t)(nl - (r->buf + r->off)) + 1 : r->len - r->off;
		if (r->n + take + 1 > r->cap) {
			size_t cap = (r->cap ? r->cap * 2 : 4096) + take;
			char *l = realloc(r->line, cap);
			if (l == NULL)
				return -1;
			r->line = l;
			r->cap = cap;
		}
		memcpy(r->line + r->n, r->buf + r->off, take);
		r->n += take;
		r->off += take;
		if (nl) {
			r->line[r->n] = '\0';
			return 1;
		}
	}
}

/* The index of name in store_backup_tables, -1 when it is not one. */
static int
backup_table_index(const char *name)
{
	for (int k = 0; store_backup_tables[k]; k++)
		if (strcmp(store_backup_tables[k], name) == 0)
			return k;
	return -1;
}

/* Which of the backed-up tables exist in the database (present[k] for
 * store_backup_tables[k]); *count receives how many. */
static enum wb_status
pg_backup_tables_present(struct pg_store *p, bool *present, int *count, struct wb_err *err)
{
	*count = 0;
	for (int k = 0; store_backup_tables[k]; k++) {
		const char *name = store_backup_tables[k];
		PGresult *res = PQexecParams(p->conn, "SELECT to_regclass($1) IS NOT NULL", 1, NULL,
					     &name, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			enum wb_status rc = pg_error(p, res, "to_regclass", err);
			PQclear(res);
			return rc;
		}
		present[k] = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		*count += present[k];
		PQclear(res);
	}
	return WB_OK;
}

/*
 * Loads a PostgreSQL backup into the tables of st (the backup's schema,
 * just created): in one transaction, empties them, COPYs each table's rows
 * in, and moves every identity column's sequence past its largest id.
 */
static enum wb_status
pg_restore_tables(struct store *st, long (*source)(void *, size_t, void *), void *arg,
		  struct wb_err *err)
{
	static const char *const identities[] = { "units", "roles", "users", "audit_events", "plans",
						  "plan_items", "item_targets", "tasks", "task_events",
						  "supervisions", "attachments", "notifications",
						  "task_requests", "facilities", "facility_history",
						  "trainings", "children", "child_guardians",
						  "child_parent_periods", "child_history",
						  "child_visits", "child_rejects", "allowance_standards", NULL };
	struct line_reader r = { .source = source, .arg = arg };
	struct pg_store *p = P(st);
	bool present[STORE_BACKUP_TABLES_MAX] = { false };
	char sql[512], table[64], truncate[1024];
	enum wb_status rc;
	int got, tables = 0, want = 0;

	rc = pg_command(p, "BEGIN", err);
	/* a backup of an older schema has fewer tables: those of its schema */
	if (rc == WB_OK)
		rc = pg_backup_tables_present(p, present, &want, err);
	if (rc == WB_OK) {
		size_t n = (size_t)snprintf(truncate, sizeof(truncate), "TRUNCATE ");
		for (int k = 0; store_backup_tables[k]; k++)
			if (present[k] && n < sizeof(truncate))
				n += (size_t)snprintf(truncate + n, sizeof(truncate) - n, "%s, ",
						      store_backup_tables[k]);
		if (n + 8 >= sizeof(truncate))
			rc = wb_err_set(err, WB_ERR_DB, "too many tables");
		else
			memcpy(truncate + n - 2, " CASCADE", 9);
	}
	if (rc == WB_OK)
		rc = pg_command(p, truncate, err);
	while (rc == WB_OK && (got = next_line(&r)) > 0) {
		PGresult *res;
		if (sscanf(r.line, "-- weibao table %63[a-z_]\n", table) != 1 || backup_table_index(table) < 0 ||
		    !present[backup_table_index(table)]) {
			rc = wb_err_set(err, WB_ERR_INVALID, "the backup holds an unknown part");
			break;
		}
		snprintf(sql, sizeof(sql), "COPY %s FROM STDIN", table);
		res = PQexec(p->conn, sql);
		if (PQresultStatus(res) != PGRES_COPY_IN) {
			rc = pg_error(p, res, sql, err);
			PQclear(res);
			break;
		}
		PQclear(res);
		while ((got = next_line(&r)) > 0 && strcmp(r.line, "\\.\n") != 0)
			if (PQputCopyData(p->conn, r.line, (int)r.n) != 1)
				break;
		PQputCopyEnd(p->conn, got > 0 ? NULL : "the backup is cut short");
		res = PQgetResult(p->conn);
		if (got <= 0)
			rc = wb_err_set(err, WB_ERR_INVALID, "the backup is damaged or cut short");
		else if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(p, res, sql, err);
		PQclear(res);
		while ((res = PQgetResult(p->conn)) != NULL)
			PQclear(res);
		tables++;
	}
	if (rc == WB_OK && got < 0)
		rc = wb_err_set(err, WB_ERR_INVALID, "the backup is damaged or cut short");
	if (rc == WB_OK && tables != want)
		rc = wb_err_set(err, WB_ERR_INVALID, "the backup holds %d tables, not %d", tables, want);
	for (const char *const *t = identities; rc == WB_OK && *t; t++) {
		if (!present[backup_table_index(*t)])
			continue;
		snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
			 "coalesce(max(id), 0) + 1, false) FROM %s", *t, *t);
		rc = pg_command(p, sql, err);
	}
	if (rc == WB_OK)
		rc = pg_command(p, "COMMIT", err);
	else
		pg_command(p, "ROLLBACK", NULL);
	free(r.line);
	return rc;
}

static enum wb_status
pg_list_tables(struct store *st, void (*fn)(const char *, void *), void *arg, struct wb_err *err)
{
	struct pg_store *p = P(st);
	enum wb_status rc = WB_OK;
	PGresult *res = PQexec(p->conn, "SELECT table_name FROM information_schema.tables "
				       "WHERE table_schema = current_schema() ORDER BY table_name");

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(p, res, "reading schema", err);
	else
		for (int i = 0; i < PQntuples(res); i++)
			fn(PQgetvalue(res, i, 0), arg);
	PQclear(res);
	return rc;
}

static const struct store_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.connection_ok = pg_connection_ok,
	.exec_script = pg_exec_script,
	.query_start = pg_query_start,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_double = pg_bind_double,
	.bind_blob = pg_bind_blob,
	.col_blob = pg_col_blob,
	.col_double = pg_col_double,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_is_null = pg_col_is_null,
	.query_end = pg_query_end,
	.changes = pg_changes,
	.table_exists = pg_table_exists,
	.backup = pg_backup,
	.restore_tables = pg_restore_tables,
	.list_tables = pg_list_tables,
};

/* Copies a libpq message without its trailing newline. */
static void
conn_error(struct pg_store *p, struct wb_err *err)
{
	char msg[400];
	size_t n;

	snprintf(msg, sizeof(msg), "%s", PQerrorMessage(p->conn));
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	wb_err_set(err, WB_ERR_DB, "cannot connect to PostgreSQL: %s", msg);
}

enum wb_status
store_pg_open(const char *conninfo, enum store_open_mode mode, struct store **out,
	      struct wb_err *err)
{
	struct pg_store *p;
	(void)mode;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	p->base.ops = &pg_ops;
	p->base.backend = STORE_POSTGRESQL;
	p->row = -1;
	p->conn = PQconnectdb(conninfo);
	if (p->conn == NULL) {
		free(p);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	if (PQstatus(p->conn) != CONNECTION_OK) {
		conn_error(p, err);
		pg_close(&p->base);
		return WB_ERR_DB;
	}
	PQsetNoticeProcessor(p->conn, ignore_notice, NULL);
	if (pg_exec_script(&p->base, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'", err) != WB_OK) {
		pg_close(&p->base);
		return WB_ERR_DB;
	}
	*out = &p->base;
	return WB_OK;
}
