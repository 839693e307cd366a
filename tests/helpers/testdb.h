/* Fresh databases for store tests, on the backend the test run selects. */
#ifndef WB_TESTS_TESTDB_H
#define WB_TESTS_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

/* True when WEIBAO_TEST_BACKEND is "postgresql". */
bool testdb_is_pg(void);

/* Returns the URL of an empty database (a new SQLite file, or the test
 * program's own PostgreSQL database with its schema emptied).  The string
 * stays valid until the next call. */
const char *testdb_fresh(void);

/* The URL testdb_fresh last returned (a second connection to it). */
const char *testdb_current(void);

/* Drops what testdb_fresh created; call once at the end of the program. */
void testdb_cleanup(void);

/* A new temporary directory (mkdtemp) whose path stays valid until the next call. */
const char *testdb_tempdir(void);

/* Reads a whole file into a malloc'd buffer; aborts the test when missing. */
char *testdb_read(const char *path, size_t *len);

#endif
