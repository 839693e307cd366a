#include "sec/keyring.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A loaded keyset; replaced ones stay on the list until keyring_free(). */
struct loaded {
	struct keyset keys;
	struct loaded *older;
};

struct keyring {
	char path[4096];
	_Atomic(struct loaded *) current;
	atomic_llong checked_at;        /* seconds: when the file was last looked at */
	pthread_mutex_t lock;           /* one reloader at a time */
	struct stat seen;               /* the file as last loaded */
	bool complained;
};

/* Loads path into a new list entry; NULL on failure. */
static struct loaded *
load(const char *path, struct wb_err *err)
{
	struct loaded *l = calloc(1, sizeof(*l));

	if (l == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (keyfile_load(path, &l->keys, err) != WB_OK) {
		free(l);
		return NULL;
	}
	return l;
}

struct keyring *
keyring_open(const char *path, struct wb_err *err)
{
	struct keyring *kr = calloc(1, sizeof(*kr));
	struct loaded *l;

	if (kr == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(kr->path, sizeof(kr->path), "%s", path);
	stat(path, &kr->seen);
	l = load(path, err);
	if (l == NULL) {
		free(kr);
		return NULL;
	}
	atomic_init(&kr->current, l);
	atomic_init(&kr->checked_at, (long long)time(NULL));
	pthread_mutex_init(&kr->lock, NULL);
	return kr;
}

static bool
changed(const struct stat *a, const struct stat *b)
{
	return a->st_ino != b->st_ino || a->st_size != b->st_size ||
	       a->st_mtim.tv_sec != b->st_mtim.tv_sec || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec;
}

const struct keyset *
keyring_get(struct keyring *kr)
{
	long long now = (long long)time(NULL), last = atomic_load(&kr->checked_at);
	struct wb_err err = { 0 };
	struct loaded *l;
	struct stat sb;

	if (now - last >= 1 && atomic_compare_exchange_strong(&kr->checked_at, &last, now) &&
	    pthread_mutex_trylock(&kr->lock) == 0) {
		if (stat(kr->path, &sb) == 0 && changed(&sb, &kr->seen)) {
			l = load(kr->path, &err);
			if (l != NULL) {
				l->older = atomic_load(&kr->current);
				atomic_store(&kr->current, l);
				kr->seen = sb;
				kr->complained = false;
			} else if (!kr->complained) {
				fprintf(stderr, "weibao: the key file changed but cannot be loaded (%s); "
					"keeping the keys loaded before\n", err.msg);
				kr->complained = true;
			}
		}
		pthread_mutex_unlock(&kr->lock);
	}
	return &atomic_load(&kr->current)->keys;
}

void
keyring_free(struct keyring *kr)
{
	struct loaded *l;

	if (kr == NULL)
		return;
	l = atomic_load(&kr->current);
	while (l) {
		struct loaded *older = l->older;
		keyset_wipe(&l->keys);
		free(l);
		l = older;
	}
	pthread_mutex_destroy(&kr->lock);
	free(kr);
}
