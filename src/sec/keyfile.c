#include "sec/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_MAGIC "weibao-keys 1"

static const struct {
	const char *name;
	size_t offset;
} key_slots[] = {
	{ "field", offsetof(struct keyset, field) },
	{ "index", offsetof(struct keyset, index) },
	{ "session", offsetof(struct keyset, session) },
	{ "audit", offsetof(struct keyset, audit) },
};
#define NSLOTS (sizeof(key_slots) / sizeof(key_slots[0]))

void
keyset_random(struct keyset *keys)
{
	memset(keys, 0, sizeof(*keys));
	randombytes_buf(keys->field, KEY_BYTES);
	randombytes_buf(keys->index, KEY_BYTES);
	randombytes_buf(keys->session, KEY_BYTES);
	randombytes_buf(keys->audit, KEY_BYTES);
	randombytes_buf(keys->registry, KEY_BYTES);
	keys->has_registry = true;
	keys->field_gen = keys->index_gen = keys->nfield = keys->nindex = 1;
	memcpy(keys->field_gens[0], keys->field, KEY_BYTES);
	memcpy(keys->index_gens[0], keys->index, KEY_BYTES);
}

enum wb_status
keyfile_create(const char *path, struct keyset *keys, struct wb_err *err)
{
	char text[512], hex[KEY_BYTES * 2 + 1];
	size_t len;
	int fd;

	keyset_random(keys);
	len = (size_t)snprintf(text, sizeof(text), "%s\n", KEYFILE_MAGIC);
	for (size_t i = 0; i < NSLOTS; i++) {
		sodium_bin2hex(hex, sizeof(hex), (unsigned char *)keys + key_slots[i].offset, KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s %s\n", key_slots[i].name, hex);
	}
	sodium_bin2hex(hex, sizeof(hex), keys->registry, KEY_BYTES);
	len += (size_t)snprintf(text + len, sizeof(text) - len, "registry %s\n", hex);
	sodium_memzero(hex, sizeof(hex));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		sodium_memzero(text, sizeof(text));
		return wb_err_set(err, errno == EEXIST ? WB_ERR_CONFLICT : WB_ERR_IO,
				  "cannot create key file %s: %s", path, strerror(errno));
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		sodium_memzero(text, sizeof(text));
		return wb_err_set(err, WB_ERR_IO, "cannot write key file %s: %s", path, strerror(e));
	}
	close(fd);
	sodium_memzero(text, sizeof(text));
	return WB_OK;
}

/* Reads one "NAME HEX" or "current KIND N" line into keys; *found gets a
 * bit per base key seen.  WB_ERR_INVALID on a bad key. */
static enum wb_status
read_line(const char *line, struct keyset *keys, unsigned *found)
{
	char name[24], hex[KEY_BYTES * 2 + 2];
	unsigned char *dst = NULL;
	size_t i, binlen = 0;
	int gen = 0;

	if (sscanf(line, "current %15s %d", name, &gen) == 2) {
		if (gen < 1 || gen > KEY_MAX_GENS)
			return WB_ERR_INVALID;
		if (strcmp(name, "field") == 0)
			keys->field_gen = gen;
		else if (strcmp(name, "index") == 0)
			keys->index_gen = gen;
		return WB_OK;
	}
	if (sscanf(line, "%23s %65s", name, hex) != 2)
		return WB_OK;
	if (strcmp(name, "registry") == 0) {
		dst = keys->registry;
		keys->has_registry = true;
	} else if (sscanf(name, "field.%d", &gen) == 1 || sscanf(name, "index.%d", &gen) == 1) {
		bool index = name[0] == 'i';
		if (gen < 2 || gen > KEY_MAX_GENS)
			return WB_ERR_INVALID;
		dst = index ? keys->index_gens[gen - 1] : keys->field_gens[gen - 1];
		if (index && gen > keys->nindex)
			keys->nindex = gen;
		if (!index && gen > keys->nfield)
			keys->nfield = gen;
	} else {
		for (i = 0; i < NSLOTS && strcmp(name, key_slots[i].name) != 0; i++)
			;
		if (i == NSLOTS)
			return WB_OK;
		dst = (unsigned char *)keys + key_slots[i].offset;
		*found |= 1u << i;
	}
	if (sodium_hex2bin(dst, KEY_BYTES, hex, strlen(hex), NULL, &binlen, NULL) != 0 ||
	    binlen != KEY_BYTES)
		return WB_ERR_INVALID;
	return WB_OK;
}

enum wb_status
keyfile_load(const char *path, struct keyset *keys, struct wb_err *err)
{
	char text[8192];
	enum wb_status rc = WB_OK;
	unsigned found = 0;
	struct stat sb;
	ssize_t n;
	char *line, *save = NULL;
	int fd;

	memset(keys, 0, sizeof(*keys));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wb_err_set(err, errno == ENOENT ? WB_ERR_NOTFOUND : WB_ERR_IO,
				  "cannot read key file %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || (sb.st_mode & 077) != 0) {
		close(fd);
		return wb_err_set(err, WB_ERR_DENIED,
				  "key file %s must be readable by its owner only (chmod 600)", path);
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return wb_err_set(err, WB_ERR_IO, "cannot read key file %s", path);
	text[n] = '\0';
	line = strtok_r(text, "\n", &save);
	if (line == NULL || strcmp(line, KEYFILE_MAGIC) != 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "%s is not a weibao key file", path);
		goto out;
	}
	keys->nfield = keys->nindex = 1;
	while ((line = strtok_r(NULL, "\n", &save)) != NULL)
		if (read_line(line, keys, &found) != WB_OK) {
			rc = wb_err_set(err, WB_ERR_INVALID, "key file %s: bad line", path);
			goto out;
		}
	if (found != (1u << NSLOTS) - 1) {
		rc = wb_err_set(err, WB_ERR_INVALID, "key file %s is missing keys", path);
		goto out;
	}
	/* the base keys are generation 1 */
	memcpy(keys->field_gens[0], keys->field, KEY_BYTES);
	memcpy(keys->index_gens[0], keys->index, KEY_BYTES);
	if (keys->field_gen == 0)
		keys->field_gen = 1;
	if (keys->index_gen == 0)
		keys->index_gen = 1;
	if (keys->field_gen > keys->nfield || keys->index_gen > keys->nindex) {
		rc = wb_err_set(err, WB_ERR_INVALID, "key file %s names a current key it lacks", path);
		goto out;
	}
	memcpy(keys->field, keys->field_gens[keys->field_gen - 1], KEY_BYTES);
	memcpy(keys->index, keys->index_gens[keys->index_gen - 1], KEY_BYTES);
out:
	sodium_memzero(text, sizeof(text));
	if (rc != WB_OK)
		keyset_wipe(keys);
	return rc;
}

/* Makes a rename into path's directory durable (fsync of the directory), as
 * the database's commits are: a key file lost to a power cut after the data
 * was re-encrypted under it would lock that data away. */
static enum wb_status
sync_parent(const char *path, struct wb_err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash == path ? 1 : slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		enum wb_status rc = wb_err_set(err, WB_ERR_IO, "cannot sync %s: %s", dir,
					       strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	close(fd);
	return WB_OK;
}

/* Takes an exclusive lock of path.lock (made 0600 when missing) into *fd. */
static enum wb_status
lock_keyfile(const char *path, int *fd, struct wb_err *err)
{
	char lock[4096];

	snprintf(lock, sizeof(lock), "%s.lock", path);
	*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return wb_err_set(err, WB_ERR_IO, "cannot open %s: %s", lock, strerror(errno));
	while (flock(*fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			close(*fd);
			*fd = -1;
			return wb_err_set(err, WB_ERR_IO, "cannot lock %s: %s", lock, strerror(errno));
		}
	}
	return WB_OK;
}

static enum wb_status save_locked(const char *path, const struct keyset *keys, struct wb_err *err);

enum wb_status
keyfile_save(const char *path, const struct keyset *keys, struct wb_err *err)
{
	struct keyset *disk = NULL;
	enum wb_status rc;
	int fd;

	if ((rc = lock_keyfile(path, &fd, err)) != WB_OK)
		return rc;
	if (!keys->has_registry && (disk = calloc(1, sizeof(*disk))) != NULL &&
	    keyfile_load(path, disk, NULL) == WB_OK && disk->has_registry) {
		/* keep the registry key another process added since keys were read */
		struct keyset *merged = calloc(1, sizeof(*merged));

		if (merged == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		} else {
			memcpy(merged, keys, sizeof(*merged));
			memcpy(merged->registry, disk->registry, KEY_BYTES);
			merged->has_registry = true;
			rc = save_locked(path, merged, err);
			keyset_wipe(merged);
			free(merged);
		}
	} else {
		rc = save_locked(path, keys, err);
	}
	if (disk) {
		keyset_wipe(disk);
		free(disk);
	}
	close(fd);   /* releases the lock */
	return rc;
}

enum wb_status
keyfile_ensure_registry(const char *path, struct keyset *keys, bool *created, struct wb_err *err)
{
	struct keyset *disk;
	enum wb_status rc;
	int fd;

	if (created)
		*created = false;
	if (keys->has_registry)
		return WB_OK;
	if ((disk = calloc(1, sizeof(*disk))) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if ((rc = lock_keyfile(path, &fd, err)) != WB_OK) {
		free(disk);
		return rc;
	}
	rc = keyfile_load(path, disk, err);
	if (rc == WB_OK && !disk->has_registry) {
		randombytes_buf(disk->registry, KEY_BYTES);
		disk->has_registry = true;
		rc = save_locked(path, disk, err);
		if (rc == WB_OK && created)
			*created = true;
	}
	if (rc == WB_OK) {
		memcpy(keys->registry, disk->registry, KEY_BYTES);
		keys->has_registry = true;
	}
	close(fd);
	keyset_wipe(disk);
	free(disk);
	return rc;
}

/* keyfile_save's writing, with path.lock held. */
static enum wb_status
save_locked(const char *path, const struct keyset *keys, struct wb_err *err)
{
	char text[8192], hex[KEY_BYTES * 2 + 1], tmp[4096];
	enum wb_status rc = WB_OK;
	size_t len;
	int fd;

	len = (size_t)snprintf(text, sizeof(text), "%s\n", KEYFILE_MAGIC);
	for (size_t i = 0; i < NSLOTS; i++) {
		/* the base lines keep generation 1, as older weibao versions read them */
		const unsigned char *k = (const unsigned char *)keys + key_slots[i].offset;
		if (strcmp(key_slots[i].name, "field") == 0)
			k = keys->field_gens[0];
		if (strcmp(key_slots[i].name, "index") == 0)
			k = keys->index_gens[0];
		sodium_bin2hex(hex, sizeof(hex), k, KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s %s\n", key_slots[i].name, hex);
	}
	for (int g = 2; g <= keys->nfield; g++) {
		sodium_bin2hex(hex, sizeof(hex), keys->field_gens[g - 1], KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "field.%d %s\n", g, hex);
	}
	for (int g = 2; g <= keys->nindex; g++) {
		sodium_bin2hex(hex, sizeof(hex), keys->index_gens[g - 1], KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "index.%d %s\n", g, hex);
	}
	len += (size_t)snprintf(text + len, sizeof(text) - len, "current field %d\ncurrent index %d\n",
				keys->field_gen, keys->index_gen);
	if (keys->has_registry) {
		sodium_bin2hex(hex, sizeof(hex), keys->registry, KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "registry %s\n", hex);
	}
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
	else if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (rc == WB_OK && rename(tmp, path) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot replace %s: %s", path, strerror(errno));
	if (rc == WB_OK)
		rc = sync_parent(path, err);
	if (rc != WB_OK)
		unlink(tmp);
	sodium_memzero(text, sizeof(text));
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

enum wb_status
keyset_add_generation(struct keyset *keys, bool index, struct wb_err *err)
{
	int *n = index ? &keys->nindex : &keys->nfield;
	unsigned char (*gens)[KEY_BYTES] = index ? keys->index_gens : keys->field_gens;

	if (*n >= KEY_MAX_GENS)
		return wb_err_set(err, WB_ERR_INVALID, "all %d generations of the %s key are used",
				  KEY_MAX_GENS, index ? "index" : "field");
	randombytes_buf(gens[*n], KEY_BYTES);
	(*n)++;
	if (index) {
		keys->index_gen = *n;
		memcpy(keys->index, gens[*n - 1], KEY_BYTES);
	} else {
		keys->field_gen = *n;
		memcpy(keys->field, gens[*n - 1], KEY_BYTES);
	}
	return WB_OK;
}

void
keyset_wipe(struct keyset *keys)
{
	sodium_memzero(keys, sizeof(*keys));
}
