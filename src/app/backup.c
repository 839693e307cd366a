#include "app/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/tasklight.h"
#include "sec/sealed.h"
#include "store/backup.h"

#define CONTEXT "wbbackup"
#define FORMAT "weibao-backup"

enum wb_status
app_backup(struct store *st, const struct keyset *keys, const char *scratch, const char *file,
	   int64_t now, struct backup_info *info, struct wb_err *err)
{
	char partial[4096], *meta = NULL;
	struct sealed_writer *w = NULL;
	json_t *m;
	enum wb_status rc;
	struct stat sb;
	FILE *f = NULL;
	int version = 0, fd;

	rc = store_schema_version(st, &version, err);
	if (rc != WB_OK)
		return rc;
	m = json_pack("{s:s, s:i, s:s, s:i, s:I}", "format", FORMAT, "version", 1, "backend",
		      store_backend_name(st), "schema", version, "created_at", (json_int_t)now);
	meta = m ? json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(m);
	snprintf(partial, sizeof(partial), "%s.partial", file);
	fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || (f = fdopen(fd, "wb")) == NULL) {
		rc = wb_err_set(err, WB_ERR_IO, "cannot create %s: %s", partial, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(meta);
		return rc;
	}
	w = meta ? sealed_writer_open(f, keys, CONTEXT, meta, err) : NULL;
	if (w == NULL)
		rc = err && err->status ? err->status : WB_ERR_NOMEM;
	if (rc == WB_OK)
		rc = store_backup(st, scratch, sealed_write, w, err);
	if (rc == WB_OK) {
		rc = sealed_close(w, err);
		w = NULL;
	}
	sealed_abandon(w);
	if (rc == WB_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", partial, strerror(errno));
	if (fclose(f) != 0 && rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", partial, strerror(errno));
	if (rc == WB_OK && rename(partial, file) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot rename %s: %s", partial, strerror(errno));
	if (rc != WB_OK)
		unlink(partial);
	if (rc == WB_OK && info) {
		snprintf(info->backend, sizeof(info->backend), "%s", store_backend_name(st));
		info->schema = version;
		info->created_at = now;
		info->bytes = stat(file, &sb) == 0 ? (int64_t)sb.st_size : 0;
	}
	free(meta);
	return rc;
}

enum wb_status
app_restore(const char *file, const struct keyset *keys, const char *url, struct backup_info *info,
	    struct wb_err *err)
{
	struct sealed_reader *r = NULL;
	struct backup_info b = { 0 };
	char *meta = NULL;
	json_t *m = NULL;
	enum wb_status rc = WB_OK;
	const char *backend = NULL, *format = NULL;
	json_int_t created = 0;
	int schema = 0, version = 0;
	FILE *f = fopen(file, "rb");

	if (f == NULL)
		return wb_err_set(err, WB_ERR_IO, "cannot read %s: %s", file, strerror(errno));
	r = sealed_reader_open(f, keys, CONTEXT, &meta, err);
	if (r == NULL) {
		rc = err ? err->status : WB_ERR_INVALID;
		goto out;
	}
	m = json_loads(meta, 0, NULL);
	if (m == NULL || json_unpack(m, "{s:s, s:i, s:s, s:i, s:I}", "format", &format, "version",
				     &version, "backend", &backend, "schema", &schema,
				     "created_at", &created) != 0 ||
	    strcmp(format, FORMAT) != 0 || version != 1) {
		rc = wb_err_set(err, WB_ERR_INVALID, "%s: not a backup this weibao can read", file);
		goto out;
	}
	snprintf(b.backend, sizeof(b.backend), "%s", backend);
	b.schema = schema;
	b.created_at = created;
	rc = store_restore(url, strcmp(backend, "postgresql") == 0 ? STORE_POSTGRESQL : STORE_SQLITE,
			   schema, sealed_read, r, err);
	if (rc == WB_OK && !sealed_reader_done(r))
		rc = wb_err_set(err, WB_ERR_INVALID, "%s: the backup holds more than its database",
				file);
	if (rc == WB_OK && info)
		*info = b;
out:
	if (rc == WB_ERR_INVALID && r && sealed_reader_error(r)[0] && err)
		wb_err_set(err, WB_ERR_INVALID, "%s: %s", file, sealed_reader_error(r));
	json_decref(m);
	free(meta);
	sealed_reader_free(r);
	fclose(f);
	return rc;
}

/* True for a name of a scheduled backup file. */
static bool
scheduled_name(const char *name)
{
	size_t n = strlen(name);

	return n == strlen("backup-YYYYmmdd-HHMMSS.wbk") && strncmp(name, "backup-", 7) == 0 &&
	       strcmp(name + n - 4, ".wbk") == 0;
}

static int
by_name_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Removes all but the newest `keep` scheduled backups of dir (their names
 * sort by time). */
static void
prune(const char *dir, int keep)
{
	char *names[4096], path[4096];
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < sizeof(names) / sizeof(names[0]))
		if (scheduled_name(e->d_name) && (names[n] = strdup(e->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name_desc);
	for (size_t i = 0; i < n; i++) {
		if ((int)i >= keep) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
		free(names[i]);
	}
}

enum wb_status
app_backup_scheduled(struct store *st, const struct keyset *keys, const char *scratch,
		     const char *dir, int keep, int64_t now, char *made, size_t made_len,
		     struct wb_err *err)
{
	char name[64];
	enum wb_status rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return wb_err_set(err, WB_ERR_IO, "cannot make %s: %s", dir, strerror(errno));
	/* names in China time */
	calendar_format(now, CHINA_UTC_OFFSET_S, "backup-%Y%m%d-%H%M%S.wbk", name, sizeof(name));
	snprintf(made, made_len, "%s/%s", dir, name);
	rc = app_backup(st, keys, scratch, made, now, NULL, err);
	if (rc == WB_OK)
		prune(dir, keep);
	return rc;
}
