#include "http/static.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *
type_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* True for a path that cannot leave the root: no "..", no "//", printable. */
static bool
safe_path(const char *p)
{
	if (p[0] != '/' || strstr(p, "/..") || strstr(p, "//") || strlen(p) > 512)
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return false;
	return true;
}

/* Opens a regular file; -1 when there is none. */
static int
open_file(const char *path, struct stat *sb)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct MHD_Response *
static_response(const char *root, const char *path, bool gzip_ok, unsigned *status)
{
	char file[4700], gz[4710];
	struct MHD_Response *resp;
	bool is_index = false, gzipped = false;
	struct stat sb;
	int fd = -1;

	*status = 200;
	if (root == NULL || root[0] == '\0')
		return NULL;
	if (safe_path(path) && strcmp(path, "/") != 0) {
		snprintf(file, sizeof(file), "%s%s", root, path);
		snprintf(gz, sizeof(gz), "%s.gz", file);
		if (gzip_ok && (fd = open_file(gz, &sb)) >= 0)
			gzipped = true;
		else
			fd = open_file(file, &sb);
	}
	if (fd < 0) {
		/* assets that do not exist are 404; anything else is a UI route */
		if (strncmp(path, "/assets/", 8) == 0)
			*status = 404;
		snprintf(file, sizeof(file), "%s/index.html", root);
		fd = open_file(file, &sb);
		if (fd < 0)
			return NULL;
		is_index = true;
	}
	resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (resp == NULL) {
		close(fd);
		return NULL;
	}
	MHD_add_response_header(resp, "Content-Type", type_of(file));
	if (gzipped)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	/* hashed asset names never change content; the index must be re-read */
	MHD_add_response_header(resp, "Cache-Control",
				!is_index && strncmp(path, "/assets/", 8) == 0
					? "public, max-age=31536000, immutable"
					: "no-cache");
	return resp;
}
