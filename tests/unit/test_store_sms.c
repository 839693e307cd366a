/* The SMS outbox on SQLite and PostgreSQL: the notices after a cursor in id
 * order with their recipients (login, display name, unit), at most a limit;
 * then app_sms_round with a real command: the first round starts at the
 * newest notice, a round hands over only the kinds of sms_kinds and moves
 * the cursor past the others too, a failing command leaves the cursor and
 * the next round hands the same notices over, and a cursor past the newest
 * notice (SQLite numbering again after the newest rows were deleted) comes
 * back to it; a transaction still open with a notice makes the round wait a
 * bounded time and skip nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/config.h"
#include "app/sms.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "store/cases.h"
#include "store/meta.h"
#include "store/notifications.h"
#include "store/org.h"
#include "store/users.h"

#define NOW 1773158400   /* 2026-03-11 00:00 in China */

struct fx {
	struct reg_fixture *f;
	struct wb_config cfg;
	int64_t police, station;     /* user ids */
	char dir[2048], out[2100];   /* the commands' directory, the file they write */
};

static int64_t
add_user(struct store *st, const char *login, const char *name, int64_t unit_id)
{
	struct user u = { 0 };
	struct wb_err err = { 0 };
	int64_t id;

	snprintf(u.login, sizeof(u.login), "%s", login);
	snprintf(u.display_name, sizeof(u.display_name), "%s", name);
	snprintf(u.scope_kind, sizeof(u.scope_kind), "county");
	snprintf(u.status, sizeof(u.status), "active");
	snprintf(u.password_hash, sizeof(u.password_hash), "not-a-hash");
	u.unit_id = unit_id;
	assert_int_equal(store_user_add(st, &u, NOW, &id, &err), WB_OK);
	return id;
}

/* Writes an executable script at dir/name: body after the #! line. */
static void
script(const struct fx *x, const char *name, const char *body)
{
	char path[4300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", x->dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s", body);
	fclose(f);
	assert_int_equal(chmod(path, 0700), 0);
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct wb_err err = { 0 };
	struct unit u;
	char body[8600];

	x->f = reg_fixture_new(NOW);
	config_defaults(&x->cfg);
	x->f->app.config = &x->cfg;
	assert_int_equal(store_unit_find(x->f->st, "市公安局", &u, &err), WB_OK);
	x->police = add_user(x->f->st, "police1", "公安联络员", u.id);
	x->station = add_user(x->f->st, "station1", "乌镇站员", 0);
	snprintf(x->dir, sizeof(x->dir), "%s", testdb_tempdir());
	snprintf(x->out, sizeof(x->out), "%s/sent", x->dir);
	snprintf(body, sizeof(body), "cat >> '%s'\necho handed over\n", x->out);
	script(x, "good", body);
	script(x, "bad", "cat > /dev/null\necho down >&2\nexit 3\n");
	script(x, "slow_reader", "exit 0\n");   /* reads nothing: must still end */
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	reg_fixture_free(x->f);
	free(x);
	return 0;
}

static void
notify(struct fx *x, int64_t user, const char *kind, const char *title)
{
	static int n;
	char dedupe[32];
	struct wb_err err = { 0 };

	snprintf(dedupe, sizeof(dedupe), "sms-test:%d", ++n);
	assert_int_equal(store_case_notify_user(x->f->st, user, kind, title, "/cases/1", dedupe,
						NOW + n, &err), WB_OK);
}

struct seen {
	int n;
	int64_t ids[16];
	char logins[16][64], units[16][64];
	bool unit_null[16];
};

static void
see(const struct notification_out *n, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 16);
	s->ids[s->n] = n->id;
	snprintf(s->logins[s->n], 64, "%s", n->login);
	snprintf(s->units[s->n], 64, "%s", n->unit ? n->unit : "");
	s->unit_null[s->n] = n->unit == NULL;
	s->n++;
}

static void
after(struct fx *x, int64_t from, int64_t limit, struct seen *s, int64_t *max_id)
{
	struct wb_err err = { 0 };

	memset(s, 0, sizeof(*s));
	assert_int_equal(store_begin(x->f->st, &err), WB_OK);
	assert_int_equal(store_notifications_after(x->f->st, from, limit, see, s, max_id, &err),
			 WB_OK);
	assert_int_equal(store_commit(x->f->st, &err), WB_OK);
}

static void
test_after(void **state)
{
	struct fx *x = *state;
	struct seen s;
	int64_t max_id;

	after(x, 0, 10, &s, &max_id);
	assert_int_equal(s.n, 0);
	assert_int_equal(max_id, 0);
	for (int i = 0; i < 5; i++)
		notify(x, i % 2 ? x->station : x->police, "case_urgent", "紧急报告");
	after(x, 0, 3, &s, &max_id);
	assert_int_equal(s.n, 3);
	assert_true(s.ids[0] < s.ids[1] && s.ids[1] < s.ids[2]);
	assert_string_equal(s.logins[0], "police1");
	assert_string_equal(s.units[0], "市公安局");
	assert_string_equal(s.logins[1], "station1");
	assert_true(s.unit_null[1]);
	{
		int64_t third = s.ids[2];
		after(x, third, 10, &s, &max_id);
		assert_int_equal(s.n, 2);
		assert_true(s.ids[0] > third);
		assert_int_equal(max_id, s.ids[1]);
	}
	after(x, max_id, 10, &s, &max_id);
	assert_int_equal(s.n, 0);
	after(x, 0, 0, &s, &max_id);   /* the newest id alone */
	assert_int_equal(s.n, 0);
	assert_true(max_id > 0);
}

/* The messages' ids in the file the good command wrote, in order. */
static int
sent_ids(const struct fx *x, int64_t *ids, int cap)
{
	FILE *f = fopen(x->out, "r");
	char line[65536];
	int n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		json_error_t jerr;
		json_t *d = json_loads(line, 0, &jerr), *m;
		size_t i;
		assert_non_null(d);
		json_array_foreach(json_object_get(d, "messages"), i, m) {
			assert_true(n < cap);
			ids[n++] = json_integer_value(json_object_get(m, "id"));
		}
		json_decref(d);
	}
	fclose(f);
	return n;
}

static int64_t
cursor(struct fx *x)
{
	char v[32];
	struct wb_err err = { 0 };

	assert_int_equal(store_meta_get(x->f->st, "sms_cursor", v, sizeof(v), &err), WB_OK);
	return v[0] ? strtoll(v, NULL, 10) : -1;
}

static void
use(struct fx *x, const char *name)
{
	snprintf(x->cfg.sms_command, sizeof(x->cfg.sms_command), "%s/%s", x->dir, name);
}

static void
test_round(void **state)
{
	struct fx *x = *state;
	struct sms_round_result res;
	struct wb_err err = { 0 };
	struct seen s;
	int64_t ids[64], max_id, first;
	static int64_t big[300];
	int n;

	notify(x, x->police, "case_urgent", "旧的紧急报告");
	use(x, "good");
	/* the first round starts at the newest notice */
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_true(res.started);
	assert_int_equal(res.sent, 0);
	after(x, 0, 0, &s, &max_id);
	assert_int_equal(cursor(x), max_id);
	assert_int_equal(sent_ids(x, ids, 64), 0);
	/* nothing new: nothing run */
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_false(res.started);
	assert_int_equal(res.read, 0);
	assert_int_equal(sent_ids(x, ids, 64), 0);
	/* two urgent notices, one of another kind: two handed over, the
	 * cursor past all three */
	notify(x, x->police, "case_urgent", "紧急报告：BG1");
	notify(x, x->station, "case_feedback", "反馈");
	notify(x, x->station, "case_urgent", "紧急报告：BG1");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.read, 3);
	assert_int_equal(res.sent, 2);
	after(x, 0, 0, &s, &max_id);
	assert_int_equal(cursor(x), max_id);
	assert_int_equal(res.cursor, max_id);
	n = sent_ids(x, ids, 64);
	assert_int_equal(n, 2);
	assert_int_equal(ids[1], max_id);
	assert_int_equal(ids[0], max_id - 2);
	/* only a skipped kind: the cursor moves, nothing is run */
	notify(x, x->station, "case_feedback", "反馈");
	use(x, "bad");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.sent, 0);
	after(x, 0, 0, &s, &max_id);
	assert_int_equal(cursor(x), max_id);
	/* a failing command: the cursor stays, the next round hands them over */
	first = max_id;
	notify(x, x->police, "case_urgent", "紧急报告：BG2");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_ERR_IO);
	assert_non_null(strstr(err.msg, "status 3"));
	assert_int_equal(cursor(x), first);
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_ERR_IO);
	assert_int_equal(cursor(x), first);
	use(x, "good");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.sent, 1);
	n = sent_ids(x, ids, 64);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], first + 1);
	assert_int_equal(cursor(x), first + 1);
	/* a command that reads nothing of a large batch still ends */
	for (int i = 0; i < 150; i++)
		notify(x, i % 2 ? x->station : x->police, "case_urgent",
		       "紧急报告：BG20261205000010（强制报告）请立即受理——这一行写得长一些，"
		       "好让这一批超过管道的缓冲区，看命令不读完时会怎样");
	use(x, "slow_reader");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.sent, 150);
	/* a backlog of other kinds and more than a batch to send: one round,
	 * the command run for each batch */
	use(x, "good");
	for (int i = 0; i < 450; i++)
		notify(x, x->station, "assigned", "下发：2026年工作要点 3 项任务");
	for (int i = 0; i < 250; i++)
		notify(x, x->police, "case_urgent", "紧急报告：BG4");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.read, 700);
	assert_int_equal(res.sent, 250);
	after(x, 0, 0, &s, &max_id);
	assert_int_equal(cursor(x), max_id);
	n = sent_ids(x, big, 300);
	assert_int_equal(n, 253);
	assert_int_equal(big[n - 1], max_id);
	for (int i = 1; i < n; i++)
		assert_true(big[i] > big[i - 1]);
	/* a cursor past the newest notice comes back to it */
	after(x, 0, 0, &s, &max_id);
	assert_int_equal(store_meta_set(x->f->st, "sms_cursor", "999999", &err), WB_OK);
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(cursor(x), max_id);
	/* a command that cannot be started */
	use(x, "missing");
	notify(x, x->police, "case_urgent", "紧急报告：BG3");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_ERR_IO);
	assert_int_equal(cursor(x), max_id);
}

/* A transaction that has drawn a notice id and stays open: the round waits
 * a bounded time, hands nothing over and leaves the cursor (the notice is
 * not skipped); once it commits, the next round hands it over. */
static void
test_open_writer(void **state)
{
	struct fx *x = *state;
	struct sms_round_result res;
	struct wb_err err = { 0 };
	struct store *other;
	int64_t ids[8], before;

	use(x, "good");
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);   /* the start */
	before = cursor(x);
	if (!testdb_is_pg())   /* a test file: made with the umask's mode */
		for (int i = 0; i < 3; i++) {
			char p[1100];
			snprintf(p, sizeof(p), "%s%s", testdb_current(),
				 (const char *const[]){ "", "-wal", "-shm" }[i]);
			chmod(p, 0600);
		}
	assert_int_equal(store_open(testdb_current(), STORE_OPEN_EXISTING, &other, &err), WB_OK);
	assert_int_equal(store_begin(other, &err), WB_OK);
	assert_int_equal(store_case_notify_user(other, x->police, "case_urgent", "紧急报告：BG9",
						"/cases/9", "sms-test:open", NOW, &err), WB_OK);
	/* a notice committed meanwhile by this connection would have a higher id
	 * on PostgreSQL; SQLite has one writer at a time */
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_ERR_BUSY);
	assert_int_equal(cursor(x), before);
	assert_int_equal(sent_ids(x, ids, 8), 0);
	assert_int_equal(store_commit(other, &err), WB_OK);
	store_close(other);
	assert_int_equal(app_sms_round(&x->f->app, &res, &err), WB_OK);
	assert_int_equal(res.sent, 1);
	assert_int_equal(sent_ids(x, ids, 8), 1);
	assert_int_equal(cursor(x), ids[0]);
}

static void
test_command_check(void **state)
{
	struct fx *x = *state;
	struct wb_err err = { 0 };
	char path[4300];

	snprintf(path, sizeof(path), "%s/good", x->dir);
	assert_int_equal(app_sms_command_check(path, &err), WB_OK);
	assert_int_equal(chmod(path, 0720), 0);
	assert_int_equal(app_sms_command_check(path, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "sms_command"));
	assert_int_equal(chmod(path, 0702), 0);
	assert_int_equal(app_sms_command_check(path, &err), WB_ERR_INVALID);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(app_sms_command_check(path, &err), WB_ERR_INVALID);
	assert_int_equal(chmod(path, 0700), 0);
	assert_int_equal(app_sms_command_check(x->dir, &err), WB_ERR_INVALID);
	assert_int_equal(app_sms_command_check("good", &err), WB_ERR_INVALID);
	snprintf(path, sizeof(path), "%s/missing", x->dir);
	assert_int_equal(app_sms_command_check(path, &err), WB_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_check, setup, teardown),
	};
	int rc;

	signal(SIGPIPE, SIG_IGN);   /* as serve does */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	testdb_cleanup();
	return rc;
}
