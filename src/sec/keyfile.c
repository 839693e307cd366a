#include "sec/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
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

enum wb_status
keyfile_create(const char *path, struct keyset *keys, struct wb_err *err)
{
	char text[512], hex[KEY_BYTES * 2 + 1];
	size_t len;
	int fd;

	randombytes_buf(keys, sizeof(*keys));
	len = (size_t)snprintf(text, sizeof(text), "%s\n", KEYFILE_MAGIC);
	for (size_t i = 0; i < NSLOTS; i++) {
		sodium_bin2hex(hex, sizeof(hex), (unsigned char *)keys + key_slots[i].offset, KEY_BYTES);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s %s\n", key_slots[i].name, hex);
	}
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

enum wb_status
keyfile_load(const char *path, struct keyset *keys, struct wb_err *err)
{
	char text[1024], name[16], hex[KEY_BYTES * 2 + 2];
	enum wb_status rc = WB_OK;
	unsigned found = 0;
	struct stat sb;
	ssize_t n;
	char *line, *save = NULL;
	int fd;

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
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		size_t i, binlen = 0;
		if (sscanf(line, "%15s %65s", name, hex) != 2)
			continue;
		for (i = 0; i < NSLOTS && strcmp(name, key_slots[i].name) != 0; i++)
			;
		if (i == NSLOTS)
			continue;
		if (sodium_hex2bin((unsigned char *)keys + key_slots[i].offset, KEY_BYTES, hex,
				   strlen(hex), NULL, &binlen, NULL) != 0 || binlen != KEY_BYTES) {
			rc = wb_err_set(err, WB_ERR_INVALID, "key file %s: bad %s key", path, name);
			goto out;
		}
		found |= 1u << i;
	}
	if (found != (1u << NSLOTS) - 1)
		rc = wb_err_set(err, WB_ERR_INVALID, "key file %s is missing keys", path);
out:
	sodium_memzero(text, sizeof(text));
	sodium_memzero(hex, sizeof(hex));
	if (rc != WB_OK)
		keyset_wipe(keys);
	return rc;
}

void
keyset_wipe(struct keyset *keys)
{
	sodium_memzero(keys, sizeof(*keys));
}
