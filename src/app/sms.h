/*
 * The outbound SMS hook: a durable, at-least-once outbox over the in-app
 * notification list.  weibao holds no staff phone numbers and speaks to no
 * SMS gateway; the county installs a program (sms_command) that does.  Each
 * round of the `sms` job of serve hands the notices created since the last
 * round, of the kinds in sms_kinds, to that program as one JSON document on
 * its stdin:
 *
 *   {"messages":[{"id","kind","login","name","unit","title","link",
 *                 "created_at"}]}
 *
 * (the recipient's login, display name and unit name; created_at in Unix
 * seconds, as the API gives it).  Exit status 0 moves the cursor — the last
 * notice id handed over, weibao_meta "sms_cursor" — past the batch; anything
 * else leaves it, so the same notices are handed over again next round.
 *
 * Only kinds whose titles are made of codes, tracking numbers, unit or
 * institution names, dates and counts, and whose recipients are staff, may
 * be sent: never a child's name nor the reporter's identity, nor text a user
 * typed (a reason, a note).
 */
#ifndef WB_APP_SMS_H
#define WB_APP_SMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

#define SMS_KINDS_DEFAULT "case_urgent"
/* The notification kinds sms_kinds may name (src/api/labels.c has them all;
 * returned, supervised, request and decision carry a user's free text, and
 * case_feedback goes to the reporter: its message would tie the reporter's
 * login and name to a tracking number at the gateway). */
#define SMS_KINDS_SENDABLE "case_urgent,case_measure,case_listing,check_hit,assigned,due_soon," \
	"reply"
/* At most this many notices are read a batch (and handed to one run of the
 * command); a round reads batch after batch while they are full, at most
 * SMS_ROUND_BATCHES (a backlog of other kinds does not hold an urgent notice
 * back for many intervals).  The command is killed after SMS_TIMEOUT_S. */
#define SMS_BATCH 200
#define SMS_ROUND_BATCHES 50
#define SMS_TIMEOUT_S 20
/* The command's stdout and stderr are logged cut to this many bytes. */
#define SMS_OUTPUT_MAX 1024

/* True when list is one or more of SMS_KINDS_SENDABLE, comma-separated
 * (spaces around each allowed).  False otherwise, with the first code that
 * is not copied into bad[0..badlen) ("" for an empty list). */
bool sms_kinds_valid(const char *list, char *bad, size_t badlen);
/* True when kind is one of the comma-separated list. */
bool sms_kinds_has(const char *list, const char *kind);

/* One notice as handed to sms_command. */
struct sms_message {
	int64_t id, created_at;
	const char *kind, *login, *name, *unit, *title, *link;   /* unit NULL: "" */
};

/* The document sms_command reads on stdin for m[0..n), compact JSON and a
 * newline, malloc'd (the caller frees it); NULL when out of memory. */
char *sms_document(const struct sms_message *m, size_t n);

/* The check serve makes before starting: path is absolute, names an existing
 * regular file its user may execute, and neither group nor others may write
 * it.  WB_ERR_INVALID naming sms_command otherwise. */
enum wb_status app_sms_command_check(const char *path, struct wb_err *err);

struct sms_round_result {
	bool started;      /* no cursor yet: it was set to the newest notice */
	int64_t read;      /* notices after the cursor looked at, all batches */
	int64_t sent;      /* of them handed to sms_command */
	int64_t cursor;    /* the cursor after the round */
};

/* One round of the outbox with c->config's sms_command and sms_kinds (see
 * above): its batches, each committed on its own.  A failing command (it cannot be started, exits other than 0, or
 * is killed after SMS_TIMEOUT_S) is WB_ERR_IO and leaves the cursor; its
 * output is logged ("sms.command") either way.  The process must ignore
 * SIGPIPE (serve does). */
enum wb_status app_sms_round(struct app_ctx *c, struct sms_round_result *res,
			     struct wb_err *err);

#endif
