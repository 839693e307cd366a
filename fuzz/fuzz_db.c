#include "fuzz_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/seed.h"

static struct store *store;
static char dir[256], db[300], key[300];

static void
cleanup(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[320];

	if (store != NULL)
		store_close(store);
	store = NULL;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
		unlink(path);
	}
	unlink(key);
	rmdir(dir);
}

struct store *
fuzz_db(const char *name, struct keyset *keys)
{
	const char *tmp = getenv("TMPDIR");
	struct wb_err err = { 0 };
	int from, to;

	if (store != NULL)
		return store;
	snprintf(dir, sizeof(dir), "%s/weibao-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "%s: mkdtemp: ", name);
		perror(dir);
		abort();
	}
	snprintf(db, sizeof(db), "%s/fuzz.db", dir);
	snprintf(key, sizeof(key), "%s/weibao.key", dir);
	atexit(cleanup);
	if ((keys != NULL && keyfile_create(key, keys, &err) != WB_OK) ||
	    store_open(db, STORE_OPEN_CREATE, &store, &err) != WB_OK ||
	    store_migrate(store, &from, &to, &err) != WB_OK ||
	    seed_defaults(store, FUZZ_NOW, &err) != WB_OK) {
		fprintf(stderr, "%s: cannot make the database: %s\n", name, err.msg);
		abort();
	}
	return store;
}
