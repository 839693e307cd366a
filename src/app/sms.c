#define _GNU_SOURCE   /* pipe2, posix_spawn_file_actions_addclosefrom_np */
#include "app/sms.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/meta.h"
#include "store/notifications.h"
#include "util/log.h"

#define CURSOR_KEY "sms_cursor"

/* The next comma-separated code of *list (spaces around it cut) into
 * one[0..n); advances *list past it.  False at the end of the list. */
static bool
next_code(const char **list, char *one, size_t n)
{
	const char *p = *list;
	size_t len;

	if (*p == '\0')
		return false;
	len = strcspn(p, ",");
	*list = p + len + (p[len] == ',');
	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	while (len > 0 && p[len - 1] == ' ')
		len--;
	snprintf(one, n, "%.*s", (int)(len < n ? len : n - 1), p);
	return true;
}

bool
sms_kinds_has(const char *list, const char *kind)
{
	char one[64];

	while (next_code(&list, one, sizeof(one)))
		if (strcmp(one, kind) == 0)
			return true;
	return false;
}

bool
sms_kinds_valid(const char *list, char *bad, size_t badlen)
{
	char one[64];
	bool any = false;

	if (badlen > 0)
		bad[0] = '\0';
	while (next_code(&list, one, sizeof(one))) {
		if (one[0] == '\0' || !sms_kinds_has(SMS_KINDS_SENDABLE, one)) {
			snprintf(bad, badlen, "%s", one);
			return false;
		}
		any = true;
	}
	return any;
}

char *
sms_document(const struct sms_message *m, size_t n)
{
	json_t *list = json_array(), *doc;
	char *text, *out = NULL;

	for (size_t i = 0; list && i < n; i++)
		if (json_array_append_new(
			    list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id",
					    (json_int_t)m[i].id, "kind", m[i].kind, "login",
					    m[i].login, "name", m[i].name, "unit",
					    m[i].unit ? m[i].unit : "", "title", m[i].title, "link",
					    m[i].link, "created_at", (json_int_t)m[i].created_at)) != 0) {
			json_decref(list);
			return NULL;
		}
	doc = json_pack("{s:o}", "messages", list);
	text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (text) {
		size_t len = strlen(text);
		if ((out = malloc(len + 2)) != NULL) {
			memcpy(out, text, len);
			memcpy(out + len, "\n", 2);
		}
	}
	free(text);
	return out;
}

enum wb_status
app_sms_command_check(const char *path, struct wb_err *err)
{
	struct stat sb;

	if (path[0] != '/')
		return wb_err_set(err, WB_ERR_INVALID, "sms_command %s: not an absolute path", path);
	if (stat(path, &sb) != 0)
		return wb_err_set(err, WB_ERR_INVALID, "sms_command %s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return wb_err_set(err, WB_ERR_INVALID, "sms_command %s: not a regular file", path);
	if (access(path, X_OK) != 0)
		return wb_err_set(err, WB_ERR_INVALID, "sms_command %s: not executable (%s)", path,
				  strerror(errno));
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return wb_err_set(err, WB_ERR_INVALID, "sms_command %s: writable by its group or "
				  "others (mode %03o); make it writable by its owner only", path,
				  (unsigned)(sb.st_mode & 0777));
	return WB_OK;
}

/* Milliseconds of the monotonic clock. */
static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts command (no shell, a minimal environment, its own process group,
 * default signal dispositions and mask, no descriptor of ours but the two
 * pipes) with stdin from *in_w's pipe and stdout and stderr into *out_r's.
 * The caller closes both and waits for *pid. */
static enum wb_status
spawn_command(const char *command, pid_t *pid, int *in_w, int *out_r, struct wb_err *err)
{
	static char *const envp[] = { "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
				      "TZ=Asia/Shanghai", NULL };
	char *const argv[] = { (char *)command, NULL };
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, rc = 0;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, deflt;

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		rc = errno;
		if (in[0] >= 0) {
			close(in[0]);
			close(in[1]);
		}
		return wb_err_set(err, WB_ERR_IO, "sms_command: pipe: %s", strerror(rc));
	}
	sigemptyset(&none);
	sigemptyset(&deflt);
	sigaddset(&deflt, SIGPIPE);
	sigaddset(&deflt, SIGINT);
	sigaddset(&deflt, SIGTERM);
	sigaddset(&deflt, SIGHUP);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	if ((rc = posix_spawn_file_actions_adddup2(&fa, in[0], 0)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out[1], 1)) == 0 &&
	    (rc = posix_spawn_file_actions_adddup2(&fa, out[1], 2)) == 0 &&
	    (rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0 &&
	    (rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
						   POSIX_SPAWN_SETPGROUP)) == 0 &&
	    (rc = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (rc = posix_spawnattr_setsigdefault(&at, &deflt)) == 0 &&
	    (rc = posix_spawnattr_setpgroup(&at, 0)) == 0)
		rc = posix_spawn(pid, command, &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(in[0]);
	close(out[1]);
	if (rc != 0) {
		close(in[1]);
		close(out[0]);
		return wb_err_set(err, WB_ERR_IO, "sms_command %s cannot be started: %s", command,
				  strerror(rc));
	}
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
	*in_w = in[1];
	*out_r = out[0];
	return WB_OK;
}

/* Runs command with input[0..len) on its stdin; its stdout and stderr
 * together, cut to outlen - 1 bytes, into out.  WB_OK when it exited with
 * status 0; WB_ERR_IO when it could not be started, exited otherwise or was
 * killed (with its process group) after SMS_TIMEOUT_S. */
static enum wb_status
run_command(const char *command, const char *input, size_t len, char *out, size_t outlen,
	    struct wb_err *err)
{
	int64_t deadline = mono_ms() + SMS_TIMEOUT_S * 1000LL, exited_at = 0;
	int in_w = -1, out_r = -1, status = 0;
	size_t written = 0, got = 0;
	bool done = false, timed_out = false;
	enum wb_status rc;
	pid_t pid;

	out[0] = '\0';
	if ((rc = spawn_command(command, &pid, &in_w, &out_r, err)) != WB_OK)
		return rc;
	if (len == 0) {
		close(in_w);
		in_w = -1;
	}
	/* until it has exited and its output is closed (or, if something it
	 * started keeps that open, a second after it exited) */
	while (!(done && (out_r < 0 || mono_ms() - exited_at > 1000))) {
		struct pollfd p[2];
		nfds_t np = 0;
		int64_t left = deadline - mono_ms();

		if (!done && left <= 0) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			timed_out = done = true;
			break;
		}
		if (in_w >= 0)
			p[np++] = (struct pollfd){ .fd = in_w, .events = POLLOUT };
		if (out_r >= 0)
			p[np++] = (struct pollfd){ .fd = out_r, .events = POLLIN };
		if (np > 0)
			poll(p, np, 50);
		else
			usleep(20000);
		if (in_w >= 0) {
			ssize_t w = write(in_w, input + written, len - written);
			if (w > 0)
				written += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == len) {
				close(in_w);   /* EPIPE: it stopped reading; its status tells */
				in_w = -1;
			}
		}
		while (out_r >= 0) {
			char buf[4096];
			ssize_t r = read(out_r, buf, sizeof(buf));
			if (r > 0) {
				size_t keep = got + 1 < outlen ? outlen - 1 - got : 0;
				keep = keep < (size_t)r ? keep : (size_t)r;
				memcpy(out + got, buf, keep);
				got += keep;
				out[got] = '\0';
				continue;
			}
			if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				close(out_r);
				out_r = -1;
			}
			break;
		}
		if (!done) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid || (w < 0 && errno != EINTR)) {
				if (w < 0)   /* reaped by someone else: the status is unknown */
					status = -1;
				done = true;
				exited_at = mono_ms();
			}
		}
	}
	if (in_w >= 0)
		close(in_w);
	if (out_r >= 0)
		close(out_r);
	if (timed_out)
		return wb_err_set(err, WB_ERR_IO, "sms_command was killed after %d s", SMS_TIMEOUT_S);
	if (status == -1)
		return wb_err_set(err, WB_ERR_IO, "sms_command's exit status was lost");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return WB_OK;
	if (WIFEXITED(status))
		return wb_err_set(err, WB_ERR_IO, "sms_command exited with status %d",
				  WEXITSTATUS(status));
	return wb_err_set(err, WB_ERR_IO, "sms_command was killed by signal %d",
			  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The notices of a round, copied out of the store's rows. */
struct batch {
	struct sms_message *m;
	size_t n, cap;
	int64_t last;        /* the highest id read, sent or not */
	int64_t read;
	const char *kinds;   /* sms_kinds */
	bool nomem;
};

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* Keeps n (copied) when its kind is sent; notes its id either way. */
static void
collect(const struct notification_out *n, void *arg)
{
	struct batch *b = arg;
	struct sms_message *m;

	b->last = n->id;
	b->read++;
	if (!sms_kinds_has(b->kinds, n->kind) || b->nomem)
		return;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct sms_message *more = realloc(b->m, cap * sizeof(*more));
		if (more == NULL) {
			b->nomem = true;
			return;
		}
		b->m = more;
		b->cap = cap;
	}
	m = &b->m[b->n++];
	*m = (struct sms_message){ .id = n->id, .created_at = n->created_at,
				   .kind = dup_or_empty(n->kind), .login = dup_or_empty(n->login),
				   .name = dup_or_empty(n->name), .unit = dup_or_empty(n->unit),
				   .title = dup_or_empty(n->title), .link = dup_or_empty(n->link) };
	if (!m->kind || !m->login || !m->name || !m->unit || !m->title || !m->link)
		b->nomem = true;
}

static void
batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free((char *)b->m[i].kind);
		free((char *)b->m[i].login);
		free((char *)b->m[i].name);
		free((char *)b->m[i].unit);
		free((char *)b->m[i].title);
		free((char *)b->m[i].link);
	}
	free(b->m);
}

/* The cursor into *cursor; *set false when there is none yet. */
static enum wb_status
cursor_get(struct store *st, int64_t *cursor, bool *set, struct wb_err *err)
{
	char v[32];
	enum wb_status rc = store_meta_get(st, CURSOR_KEY, v, sizeof(v), err);

	*set = rc == WB_OK && v[0] != '\0';
	*cursor = *set ? strtoll(v, NULL, 10) : 0;
	return rc;
}

static enum wb_status
cursor_set(struct store *st, int64_t cursor, struct wb_err *err)
{
	char v[32];

	snprintf(v, sizeof(v), "%" PRId64, cursor);
	return store_meta_set(st, CURSOR_KEY, v, err);
}

/* Moves the cursor forward to `to` in a transaction of its own (never back:
 * another server's round may have moved it further meanwhile). */
static enum wb_status
cursor_advance(struct store *st, int64_t to, int64_t *now_at, struct wb_err *err)
{
	int64_t cur;
	bool set;
	enum wb_status rc = store_begin(st, err);

	if (rc == WB_OK)
		rc = cursor_get(st, &cur, &set, err);
	if (rc == WB_OK && (!set || cur < to))
		rc = cursor_set(st, to, err);
	*now_at = rc == WB_OK && set && cur > to ? cur : to;
	if (rc == WB_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

/* One batch of a round: at most SMS_BATCH notices after the cursor, those of
 * sms_kinds handed to the command, the cursor moved past all of them when it
 * succeeds; adds to *res.  *more true when the batch was full (more may
 * follow at once). */
static enum wb_status
sms_batch(struct app_ctx *c, struct sms_round_result *res, bool *more, struct wb_err *err)
{
	struct batch b = { .kinds = c->config->sms_kinds };
	int64_t cursor = 0, max_id = 0;
	char *doc = NULL, output[SMS_OUTPUT_MAX + 1];
	bool set = false;
	enum wb_status rc;

	*more = false;
	/* the batch, read under the lock that settles the ids below it */
	rc = store_begin(c->st, err);
	if (rc == WB_OK)
		rc = cursor_get(c->st, &cursor, &set, err);
	if (rc == WB_OK)
		rc = store_notifications_after(c->st, cursor, set ? SMS_BATCH : 0, collect, &b,
					       &max_id, err);
	if (rc == WB_OK && b.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory reading the SMS batch");
	if (rc == WB_OK && (!set || cursor > max_id)) {
		/* the first round starts at the newest notice (no flood of old
		 * ones); on SQLite, ids of deleted newest notices come again */
		res->started = !set;
		cursor = max_id;
		rc = cursor_set(c->st, cursor, err);
	}
	if (rc == WB_OK)
		rc = store_commit(c->st, err);
	else
		store_rollback(c->st);
	res->cursor = cursor;
	res->read += b.read;
	if (rc != WB_OK || b.read == 0)
		goto out;
	if (b.n > 0) {
		if ((doc = sms_document(b.m, b.n)) == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory building the SMS batch");
			goto out;
		}
		rc = run_command(c->config->sms_command, doc, strlen(doc), output, sizeof(output),
				 err);
		if (output[0])
			log_json(rc == WB_OK ? WB_LOG_INFO : WB_LOG_WARN, "sms.command",
				 json_pack("{s:s, s:o}", "result", rc == WB_OK ? "ok" : "failed",
					   "output", log_text(output)));
		if (rc != WB_OK)
			goto out;
		res->sent += (int64_t)b.n;
	}
	rc = cursor_advance(c->st, b.last, &res->cursor, err);
	*more = rc == WB_OK && b.read == SMS_BATCH;
out:
	free(doc);
	batch_free(&b);
	return rc;
}

enum wb_status
app_sms_round(struct app_ctx *c, struct sms_round_result *res, struct wb_err *err)
{
	enum wb_status rc = WB_OK;
	bool more = true;

	memset(res, 0, sizeof(*res));
	for (int i = 0; rc == WB_OK && more && i < SMS_ROUND_BATCHES; i++)
		rc = sms_batch(c, res, &more, err);
	return rc;
}
