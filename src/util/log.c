/*
 * The server's JSON-lines log (see log.h).  One mutex orders the lines and
 * guards the buffer and the file's rotation; a line is built outside it.
 * Rotated files are named FILE.YYYYMMDD-HHMMSS (the moment of rotation, "-N"
 * added when one second saw several) and only names of that shape are ever
 * deleted, so a log file beside other files cannot take them with it.
 */
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/text.h"

#define LINE_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))
#define LINE_MAX_STACK 2048

static const char *const level_names[] = { "debug", "info", "warn", "error" };

static atomic_int min_level = WB_LOG_INFO;

/* The destination and the buffer, under lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int out_fd = STDERR_FILENO;
static char out_path[PATH_MAX];     /* "" while the log goes to stderr */
static long long out_max_bytes;
static long long out_size;          /* bytes in the current file (the buffer's included) */
static int out_keep_days;
static long out_day;                /* the local day (yyyymmdd) the file's lines are of */
static char last_stamp[32];         /* the last rotation's name stamp and how often it */
static int last_seq;                /* was used: names stay unique within one second */
static char obuf[16384];            /* info lines not yet written (while buffered) */
static size_t olen;
static bool buffered;
static bool flusher_stop;
static pthread_cond_t flusher_wake = PTHREAD_COND_INITIALIZER;

/* The buffer's thread; started and joined by log_open and log_close only. */
static pthread_t flusher;
static bool flusher_on;

bool
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	return false;
}

bool
log_enabled(enum log_level level)
{
	return (int)level >= atomic_load_explicit(&min_level, memory_order_relaxed);
}

/* The local day of t as yyyymmdd. */
static long
day_of(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000L + (tm.tm_mon + 1) * 100L + tm.tm_mday;
}

/* A line being built in a fixed buffer: appends past cap set full. */
struct line {
	char *p;
	size_t len, cap;
	bool full;
};

static void
put(struct line *l, const char *s, size_t n)
{
	if (l->full || n > l->cap - l->len) {
		l->full = true;
		return;
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
}

static void
put_str(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* Appends v in decimal, at least min digits (zeros in front). */
static void
put_int(struct line *l, long long v, int min)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0 || (int)sizeof(tmp) - i < min);
	if (v < 0)
		tmp[--i] = '-';
	put(l, tmp + i, sizeof(tmp) - (size_t)i);
}

/*
 * Appends now as "2024-05-01T10:00:00.123+08:00" and sets *day to the local
 * day (yyyymmdd).  The calendar part is worked out once a second per thread.
 */
static void
put_time(struct line *l, long *day)
{
	static _Thread_local time_t cached = (time_t)-1;
	static _Thread_local char head[32], zone[8];
	static _Thread_local long cached_day;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != cached) {
		struct tm tm;
		char z[8];

		localtime_r(&ts.tv_sec, &tm);
		strftime(head, sizeof(head), "%Y-%m-%dT%H:%M:%S", &tm);
		if (strftime(z, sizeof(z), "%z", &tm) == 5)
			snprintf(zone, sizeof(zone), "%.3s:%.2s", z, z + 3);
		else
			snprintf(zone, sizeof(zone), "Z");
		cached_day = (tm.tm_year + 1900) * 10000L + (tm.tm_mon + 1) * 100L + tm.tm_mday;
		cached = ts.tv_sec;
	}
	put_str(l, head);
	put(l, ".", 1);
	put_int(l, ts.tv_nsec / 1000000, 3);
	put_str(l, zone);
	*day = cached_day;
}

/* True when name is base followed by ".YYYYMMDD-HHMMSS" and maybe "-N":
 * a file this log rotated. */
static bool
is_rotated(const char *name, const char *base, size_t blen)
{
	const char *p;

	if (strncmp(name, base, blen) != 0 || name[blen] != '.')
		return false;
	p = name + blen + 1;
	for (int i = 0; i < 15; i++, p++)
		if (i == 8 ? *p != '-' : (*p < '0' || *p > '9'))
			return false;
	if (*p == '\0')
		return true;
	if (*p++ != '-' || *p == '\0')
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Deletes the rotated files of out_path last written more than out_keep_days
 * ago (under lock); returns how many. */
static int
prune(time_t now)
{
	char dir[PATH_MAX], file[PATH_MAX + 300];
	const char *slash = strrchr(out_path, '/'), *base;
	struct dirent *e;
	struct stat sb;
	int n = 0;
	DIR *d;

	if (out_keep_days <= 0)
		return 0;
	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
		base = out_path;
	} else {
		snprintf(dir, sizeof(dir), "%.*s", slash == out_path ? 1 : (int)(slash - out_path),
			 out_path);
		base = slash + 1;
	}
	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!is_rotated(e->d_name, base, strlen(base)))
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, e->d_name);
		if (lstat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_mtime < now - (time_t)out_keep_days * 86400 && unlink(file) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/*
 * Renames the log file to its rotated name and starts a new one (under
 * lock); returns how many old files prune() deleted.  When the new file
 * cannot be made the lines go on into the renamed one.
 */
static int
rotate(time_t now, long today)
{
	char stamp[32], dst[sizeof(out_path) + 48];
	struct stat sb;
	struct tm tm;
	int fd;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (strcmp(stamp, last_stamp) != 0) {
		snprintf(last_stamp, sizeof(last_stamp), "%s", stamp);
		last_seq = 0;
	}
	for (;;) {
		if (last_seq == 0)
			snprintf(dst, sizeof(dst), "%s.%s", out_path, stamp);
		else
			snprintf(dst, sizeof(dst), "%s.%s-%d", out_path, stamp, last_seq);
		last_seq++;
		if (lstat(dst, &sb) != 0)
			break;
	}
	out_size = 0;
	out_day = today;
	if (rename(out_path, dst) != 0)
		return 0;
	fd = open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd >= 0) {
		fchmod(fd, 0600);
		close(out_fd);
		out_fd = fd;
	}
	return prune(now);
}

/* Writes all of buf, unless the file fails (the line is then lost). */
static void
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Writes out the buffer (under lock). */
static void
flush_locked(void)
{
	if (olen > 0)
		write_all(out_fd, obuf, olen);
	olen = 0;
}

/* Writes the buffer out once a second until log_close() stops it. */
static void *
flush_loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!flusher_stop) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&flusher_wake, &lock, &until);
		flush_locked();
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

/*
 * Hands a whole line (buf[0..n), '\n' included) to the destination: into the
 * buffer (debug and info, while buffered) or written at once with what the
 * buffer held; the file is rotated first when the line is of a new day or
 * would take it past max_bytes.
 */
static void
emit(enum log_level level, const char *buf, size_t n, long today)
{
	int pruned = 0, keep;

	pthread_mutex_lock(&lock);
	if (out_path[0] &&
	    (today != out_day || (out_max_bytes > 0 && out_size > 0 &&
				  out_size + (long long)n > out_max_bytes))) {
		flush_locked();
		pruned = rotate(time(NULL), today);
	}
	if (buffered && level <= WB_LOG_INFO && n <= sizeof(obuf) - olen) {
		memcpy(obuf + olen, buf, n);
		olen += n;
		if (olen + 512 > sizeof(obuf))
			flush_locked();
	} else {
		flush_locked();
		write_all(out_fd, buf, n);
	}
	out_size += (long long)n;
	keep = out_keep_days;
	pthread_mutex_unlock(&lock);
	if (pruned > 0)
		log_msg(WB_LOG_INFO, "log.pruned", "%d rotated log files older than %d days deleted",
			pruned, keep);
}

/* Appends the line's start, {"time":…,"level":…,"event":… */
static void
line_head(struct line *l, enum log_level level, const char *event, long *today)
{
	put_str(l, "{\"time\":\"");
	put_time(l, today);
	put_str(l, "\",\"level\":\"");
	put_str(l, level_names[level]);
	put_str(l, "\",\"event\":\"");
	put_str(l, event);
	put(l, "\"", 1);
}

void
log_json(enum log_level level, const char *event, json_t *fields)
{
	char stack[LINE_MAX_STACK], *buf = stack;
	struct line l = { stack, 0, sizeof(stack) - 2, false };
	size_t head, n = 0;
	long today;

	if (!log_enabled(level)) {
		json_decref(fields);
		return;
	}
	line_head(&l, level, event, &today);
	head = l.len;
	if (l.full) {
		json_decref(fields);
		return;
	}
	if (json_is_object(fields) && json_object_size(fields) > 0) {
		/* the object's dump with its '{' turned into a ',' */
		n = json_dumpb(fields, stack + head, sizeof(stack) - head - 1, LINE_FLAGS);
		if (n > sizeof(stack) - head - 1) {
			buf = malloc(head + n + 1);
			if (buf == NULL) {
				json_decref(fields);
				return;
			}
			memcpy(buf, stack, head);
			if (json_dumpb(fields, buf + head, n, LINE_FLAGS) != n)
				n = 0;
		}
	}
	if (n > 0) {
		buf[head] = ',';
		n += head;
	} else {
		buf[head] = '}';
		n = head + 1;
	}
	buf[n++] = '\n';
	json_decref(fields);
	emit(level, buf, n, today);
	if (buf != stack)
		free(buf);
}

/* True when s can go between quotes as it is: printable ASCII without '"'
 * or '\\'. */
static bool
plain(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* Appends string s (or null) as JSON: as it is when plain, else through
 * jansson. */
static void
put_string(struct line *l, const char *s)
{
	size_t k;
	json_t *j;

	if (s == NULL) {
		put_str(l, "null");
	} else if (plain(s)) {
		put(l, "\"", 1);
		put_str(l, s);
		put(l, "\"", 1);
	} else if (!l->full) {
		j = log_text(s);
		k = json_dumpb(j, l->p + l->len, l->cap - l->len, JSON_ENCODE_ANY);
		json_decref(j);
		if (k == 0 || k > l->cap - l->len)
			l->full = true;
		else
			l->len += k;
	}
}

/* The members as a JSON object (for lines too long for the stack). */
static json_t *
members_object(const struct log_member *m, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n; i++) {
		json_t *v;
		switch (m[i].kind) {
		case LOG_STR: v = log_text(m[i].str); break;
		case LOG_INT: v = json_integer(m[i].num); break;
		case LOG_MS: v = json_real((double)m[i].num / 1000.0); break;
		case LOG_FALSE: v = json_false(); break;
		default: v = json_null(); break;
		}
		json_object_set_new(o, m[i].key, v);
	}
	return o;
}

void
log_members(enum log_level level, const char *event, const struct log_member *m, size_t n)
{
	char buf[LINE_MAX_STACK];
	struct line l = { buf, 0, sizeof(buf) - 2, false };   /* room for "}\n" */
	long today;

	if (!log_enabled(level))
		return;
	line_head(&l, level, event, &today);
	for (size_t i = 0; i < n && !l.full; i++) {
		put(&l, ",\"", 2);
		put_str(&l, m[i].key);
		put(&l, "\":", 2);
		switch (m[i].kind) {
		case LOG_STR:
			put_string(&l, m[i].str);
			break;
		case LOG_INT:
			put_int(&l, m[i].num, 1);
			break;
		case LOG_MS:
			put_int(&l, m[i].num < 0 ? 0 : m[i].num / 1000, 1);
			put(&l, ".", 1);
			put_int(&l, m[i].num < 0 ? 0 : m[i].num % 1000, 3);
			break;
		case LOG_FALSE:
			put_str(&l, "false");
			break;
		default:
			put_str(&l, "null");
			break;
		}
	}
	if (l.full) {
		log_json(level, event, members_object(m, n));
		return;
	}
	buf[l.len++] = '}';
	buf[l.len++] = '\n';
	emit(level, buf, l.len, today);
}

void
log_msg(enum log_level level, const char *event, const char *fmt, ...)
{
	char msg[1024];
	json_t *fields;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fields = json_object();
	json_object_set_new(fields, "msg", log_text(msg));
	log_json(level, event, fields);
}

json_t *
log_text(const char *s)
{
	size_t n;
	char *copy;
	json_t *j;

	if (s == NULL)
		return json_null();
	n = strlen(s);
	if (text_is_utf8(s, n))
		return json_stringn(s, n);
	copy = malloc(n + 1);
	if (copy == NULL)
		return json_null();
	for (size_t i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	copy[n] = '\0';
	j = json_stringn(copy, n);
	free(copy);
	return j;
}

/* Starts the buffer's thread, and the buffering with it, unless running. */
static void
start_flusher(void)
{
	if (flusher_on)
		return;
	flusher_stop = false;
	if (pthread_create(&flusher, NULL, flush_loop, NULL) != 0)
		return;   /* lines are then written one by one */
	flusher_on = true;
	pthread_mutex_lock(&lock);
	buffered = true;
	pthread_mutex_unlock(&lock);
}

enum wb_status
log_open(const struct log_config *c, struct wb_err *err)
{
	struct stat sb;
	time_t now = time(NULL);
	int fd, pruned = 0;
	long day;

	tzset();
	if (c->path == NULL || c->path[0] == '\0') {
		pthread_mutex_lock(&lock);
		flush_locked();
		if (out_path[0]) {
			close(out_fd);
			out_fd = STDERR_FILENO;
			out_path[0] = '\0';
		}
		pthread_mutex_unlock(&lock);
		atomic_store(&min_level, (int)c->level);
		start_flusher();
		return WB_OK;
	}
	if (strlen(c->path) >= sizeof(out_path))
		return wb_err_set(err, WB_ERR_INVALID, "the log file name is too long");
	fd = open(c->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return wb_err_set(err, WB_ERR_IO, "cannot open the log file %s: %s", c->path,
				  strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || fchmod(fd, 0600) != 0) {
		close(fd);
		return wb_err_set(err, WB_ERR_IO, "the log file %s is not a regular file of ours",
				  c->path);
	}
	day = sb.st_size > 0 ? day_of(sb.st_mtime) : day_of(now);
	pthread_mutex_lock(&lock);
	flush_locked();
	if (out_path[0])
		close(out_fd);
	out_fd = fd;
	snprintf(out_path, sizeof(out_path), "%s", c->path);
	out_max_bytes = c->max_bytes;
	out_keep_days = c->keep_days;
	out_size = sb.st_size;
	out_day = day;
	pruned = prune(now);
	pthread_mutex_unlock(&lock);
	atomic_store(&min_level, (int)c->level);
	start_flusher();
	if (pruned > 0)
		log_msg(WB_LOG_INFO, "log.pruned", "%d rotated log files older than %d days deleted",
			pruned, c->keep_days);
	return WB_OK;
}

void
log_close(void)
{
	if (flusher_on) {
		pthread_mutex_lock(&lock);
		flusher_stop = true;
		buffered = false;
		pthread_cond_signal(&flusher_wake);
		pthread_mutex_unlock(&lock);
		pthread_join(flusher, NULL);
		flusher_on = false;
	}
	pthread_mutex_lock(&lock);
	flush_locked();
	if (out_path[0]) {
		close(out_fd);
		out_fd = STDERR_FILENO;
		out_path[0] = '\0';
	}
	pthread_mutex_unlock(&lock);
}
