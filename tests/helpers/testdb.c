/* Test infrastructure only: it may speak to PostgreSQL directly to create
 * and empty the per-program test database. */
#include "helpers/testdb.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char url[1024];
static char base_url[900];
static char dbname[64];
static char sqlite_path[256];

bool
testdb_is_pg(void)
{
	const char *b = getenv("WEIBAO_TEST_BACKEND");

	return b && strcmp(b, "postgresql") == 0;
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void
pg_exec(const char *conninfo, const char *sql)
{
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK)
		die("testdb: cannot connect to %s: %s", conninfo, PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die("testdb: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

static void
load_base_url(void)
{
	const char *dir = getenv("WEIBAO_TEST_PG_DIR");
	char path[512];
	FILE *f;

	if (base_url[0])
		return;
	if (dir == NULL)
		die("testdb: WEIBAO_TEST_PG_DIR is not set (run the tests with ctest, which starts "
		    "PostgreSQL)");
	snprintf(path, sizeof(path), "%s/url", dir);
	f = fopen(path, "r");
	if (f == NULL || fgets(base_url, sizeof(base_url), f) == NULL)
		die("testdb: no PostgreSQL URL in %s (did the pg_start fixture run?)", path);
	fclose(f);
	base_url[strcspn(base_url, "\n")] = '\0';
}

/* base_url with dbname overridden. */
static void
url_for(char *out, size_t len, const char *db)
{
	snprintf(out, len, "%s%sdbname=%s", base_url, strchr(base_url, '?') ? "&" : "?", db);
}

const char *
testdb_current(void)
{
	return url;
}

const char *
testdb_fresh(void)
{
	char admin[1024];

	if (!testdb_is_pg()) {
		if (sqlite_path[0]) {
			char p[300];
			unlink(sqlite_path);
			snprintf(p, sizeof(p), "%s-wal", sqlite_path);
			unlink(p);
			snprintf(p, sizeof(p), "%s-shm", sqlite_path);
			unlink(p);
		} else {
			snprintf(sqlite_path, sizeof(sqlite_path), "%s/test.db", testdb_tempdir());
		}
		snprintf(url, sizeof(url), "%s", sqlite_path);
		return url;
	}
	load_base_url();
	if (dbname[0] == '\0') {
		char sql[128];
		snprintf(dbname, sizeof(dbname), "wbtest_%ld", (long)getpid());
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
		url_for(admin, sizeof(admin), "postgres");
		pg_exec(admin, sql);
	}
	url_for(url, sizeof(url), dbname);
	pg_exec(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	return url;
}

void
testdb_cleanup(void)
{
	char admin[1024], sql[128];

	if (dbname[0]) {
		url_for(admin, sizeof(admin), "postgres");
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
		pg_exec(admin, sql);
		dbname[0] = '\0';
	}
	if (sqlite_path[0]) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(sqlite_path, '/') - sqlite_path),
			 sqlite_path);
		if (system(cmd) != 0)
			fprintf(stderr, "testdb: could not remove %s\n", sqlite_path);
		sqlite_path[0] = '\0';
	}
}

const char *
testdb_tempdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/weibao-test.XXXXXX");
	if (mkdtemp(dir) == NULL)
		die("testdb: mkdtemp failed");
	return dir;
}

char *
testdb_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		die("testdb: cannot read %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("testdb: cannot read %s", path);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}
