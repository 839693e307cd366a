/*
 * The server's log: one JSON object per line ({"time":…,"level":…,"event":…,
 * then the event's own members}), to stderr or to a file rotated daily and
 * at a size, whose rotated copies are deleted once older than a number of
 * days.  Thread-safe; usable before log_open() (it then writes each line at
 * once to stderr, at level info).  Strings are escaped (by jansson); never
 * log personal data or raw client input.
 *
 * After log_open(), debug and info lines are gathered in a buffer written
 * out when it fills, at least once a second (a thread of the logger's) and
 * by log_close(); warnings and errors are written at once, with whatever
 * was gathered before them.  A crash can lose up to a second of info lines.
 */
#ifndef WB_UTIL_LOG_H
#define WB_UTIL_LOG_H

#include <jansson.h>
#include <stdbool.h>

#include "util/err.h"

enum log_level { WB_LOG_DEBUG, WB_LOG_INFO, WB_LOG_WARN, WB_LOG_ERROR };

struct log_config {
	const char *path;       /* the log file; NULL or "": stderr */
	long long max_bytes;    /* the file is also rotated before it grows past this (0: daily only) */
	int keep_days;          /* rotated files not written for this many days are deleted */
	enum log_level level;   /* lines below it are left out */
};

/* One member of a line for log_members(): a constant key and its value. */
enum log_kind { LOG_STR, LOG_INT, LOG_MS, LOG_NULL, LOG_FALSE };
struct log_member {
	const char *key;        /* a constant identifier: written as it is */
	enum log_kind kind;
	const char *str;        /* LOG_STR (NULL is written as null) */
	long long num;          /* LOG_INT; LOG_MS: microseconds, written as milliseconds
				   with three decimals */
};

/* "debug", "info", "warn" or "error" into *out; false for anything else. */
bool log_level_parse(const char *s, enum log_level *out);

/*
 * Sends the log where c says (the file is created mode 0600, appended to,
 * rotated at once when it was last written on an earlier day), deletes
 * rotated files older than c->keep_days and starts the buffer's thread.  On
 * failure the log stays where it was and err says why.  c's strings are
 * copied.  Undone by log_close().
 */
enum wb_status log_open(const struct log_config *c, struct wb_err *err);

/* Writes out the buffer, stops its thread, closes the log file (if any):
 * the log goes to stderr, line by line, again. */
void log_close(void);

/* True when lines of this level are written. */
bool log_enabled(enum log_level level);

/*
 * Writes one line: time, level, event (a constant identifier such as
 * "server.start"), then the members of fields, a JSON object the call takes
 * over (NULL for none).
 */
void log_json(enum log_level level, const char *event, json_t *fields);

/* The same with members m[0..n) — no JSON object built: the request path's
 * cheap form. */
void log_members(enum log_level level, const char *event, const struct log_member *m, size_t n);

/* Writes one line with a "msg" member formatted like printf. */
void log_msg(enum log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A new JSON string of s; bytes that do not form UTF-8 become '?' (jansson
 * refuses them).  NULL s gives JSON null. */
json_t *log_text(const char *s);

#endif
