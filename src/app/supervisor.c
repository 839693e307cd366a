#include "app/supervisor.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app/backup.h"
#include "app/child_purge.h"
#include "app/child_round.h"
#include "app/clock.h"
#include "app/sms.h"
#include "app/supervise.h"
#include "store/jobs.h"
#include "util/log.h"
#include "util/metrics.h"

struct supervisor;

/* The children's categories are checked every hour: a change due today lands
 * within the hour after midnight (Asia/Shanghai). */
#define CHILDREN_ROUND_INTERVAL_S 3600
/* The records past their retention period are reduced once a day (the first
 * time when serve starts). */
#define CHILD_PURGE_INTERVAL_S 86400

/* One periodic job: its own thread and database connection, so that a long
 * backup never delays a 督办 round. */
struct job {
	pthread_t thread;
	bool started;
	const char *name;          /* lease name in the jobs table, and log event */
	enum metrics_job metric;
	int interval_s;
	/* one round, once the lease is taken; WB_OK or the failure in *err */
	enum wb_status (*round)(struct supervisor *s, struct store *st, int64_t now,
				struct wb_err *err);
	struct supervisor *s;
};

struct supervisor {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	const struct wb_config *config;
	struct keyring *keyring;
	const char *db_url;
	const char *backup_dir;
	const char *scratch;
	struct job jobs[5];
};

/* A 督办 round by the system, committed with its audit event. */
static enum wb_status
supervise_job(struct supervisor *s, struct store *st, int64_t now, struct wb_err *err)
{
	struct supervise_result res;
	struct app_ctx c = { .st = st, .config = s->config, .keys = keyring_get(s->keyring),
			     .scope = scope_system(), .login = "system", .now = now };
	enum wb_status rc = supervise_round(&c, &res, err);

	if (rc == WB_OK)
		log_json(WB_LOG_INFO, "supervise.round",
			 json_pack("{s:s, s:I, s:I, s:I}", "result", "ok",
				   "created", (json_int_t)res.created, "raised", (json_int_t)res.raised,
				   "resolved", (json_int_t)res.resolved));
	return rc;
}

/* The children whose categories are due derived again (app/child_round.h). */
static enum wb_status
children_job(struct supervisor *s, struct store *st, int64_t now, struct wb_err *err)
{
	struct child_round_result res;
	struct app_ctx c = { .st = st, .config = s->config, .keys = keyring_get(s->keyring),
			     .scope = scope_system(), .login = "system", .now = now };
	enum wb_status rc = app_child_round(&c, &res, err);

	if (rc == WB_OK)
		log_json(WB_LOG_INFO, "children.round",
			 json_pack("{s:s, s:I, s:I}", "result", "ok", "checked",
				   (json_int_t)res.checked, "changed", (json_int_t)res.changed));
	return rc;
}

/* The children's records past their retention period reduced
 * (app/child_purge.h), committed with one audit event. */
static enum wb_status
child_purge_job(struct supervisor *s, struct store *st, int64_t now, struct wb_err *err)
{
	struct child_purge_result res;
	struct app_ctx c = { .st = st, .config = s->config, .keys = keyring_get(s->keyring),
			     .scope = scope_system(), .login = "system", .now = now };
	enum wb_status rc = app_child_purge(&c, false, NULL, NULL, &res, err);

	if (rc == WB_OK)
		log_json(WB_LOG_INFO, "child_purge.round",
			 json_pack("{s:s, s:s, s:I}", "result", "ok", "cutoff", res.cutoff,
				   "purged", (json_int_t)res.count));
	child_purge_result_free(&res);
	return rc;
}

/* A scheduled backup into backup_dir, keeping the newest backup_keep. */
static enum wb_status
backup_job(struct supervisor *s, struct store *st, int64_t now, struct wb_err *err)
{
	char made[4200];
	enum wb_status rc = app_backup_scheduled(st, keyring_get(s->keyring), s->scratch,
						 s->backup_dir, s->config->backup_keep, now, made,
						 sizeof(made), err);

	if (rc == WB_OK)
		log_json(WB_LOG_INFO, "backup.round",
			 json_pack("{s:s, s:s}", "result", "ok", "file", made));
	return rc;
}

/* The SMS outbox: the notices since the last round handed to sms_command
 * (app/sms.h). */
static enum wb_status
sms_job(struct supervisor *s, struct store *st, int64_t now, struct wb_err *err)
{
	struct sms_round_result res;
	struct app_ctx c = { .st = st, .config = s->config, .keys = keyring_get(s->keyring),
			     .scope = scope_system(), .login = "system", .now = now };
	enum wb_status rc = app_sms_round(&c, &res, err);

	if (rc == WB_OK && (res.read > 0 || res.started))
		log_json(WB_LOG_INFO, "sms.round",
			 json_pack("{s:s, s:I, s:I, s:I}", "result", "ok", "read",
				   (json_int_t)res.read, "sent", (json_int_t)res.sent, "cursor",
				   (json_int_t)res.cursor));
	return rc;
}

/* Runs j's round unless another server of the deployment has run it within
 * this period (job lease); logs and counts the outcome. */
static void
round_once(struct job *j, struct store *st)
{
	struct wb_err err = { 0 };
	char holder[128], host[64] = "?", event[32];
	int64_t now = wb_now();
	bool taken;
	enum wb_status rc;

	snprintf(event, sizeof(event), "%s.round", j->name);
	gethostname(host, sizeof(host) - 1);
	snprintf(holder, sizeof(holder), "%s:%ld", host, (long)getpid());
	rc = store_job_take(st, j->name, now, j->interval_s, holder, &taken, &err);
	if (rc == WB_OK && !taken) {
		/* another server ran it this period */
		log_json(WB_LOG_DEBUG, event, json_pack("{s:s}", "result", "skipped"));
		return;
	}
	if (rc == WB_OK)
		rc = j->round(j->s, st, now, &err);
	metrics_round(j->metric, rc != WB_OK);
	if (rc != WB_OK)
		log_json(WB_LOG_ERROR, event,
			 json_pack("{s:s, s:s, s:o}", "result", "failed", "error",
				   wb_status_name(err.status), "msg", log_text(err.msg)));
}

static void *
run(void *arg)
{
	struct job *j = arg;
	struct supervisor *s = j->s;
	struct wb_err err = { 0 };
	struct store *st = NULL;
	struct timespec until;
	bool lost = false;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		if (st && !store_connection_ok(st)) {
			log_json(WB_LOG_WARN, "db.lost", json_pack("{s:s}", "job", j->name));
			store_close(st);
			st = NULL;
			lost = true;
		}
		if (st == NULL && store_open(s->db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
			st = NULL;
			metrics_round(j->metric, true);
			log_json(WB_LOG_ERROR, "db.open",
				 json_pack("{s:s, s:s, s:o}", "job", j->name, "error",
					   wb_status_name(err.status), "msg", log_text(err.msg)));
		} else if (lost) {
			log_json(WB_LOG_INFO, "db.reconnect", json_pack("{s:s}", "job", j->name));
			lost = false;
		}
		if (st)
			round_once(j, st);
		pthread_mutex_lock(&s->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += j->interval_s;
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->lock);
	store_close(st);
	return NULL;
}

struct supervisor *
supervisor_start(const struct wb_config *config, struct keyring *keyring, const char *db_url,
		 const char *backup_dir, const char *scratch)
{
	struct supervisor *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->config = config;
	s->keyring = keyring;
	s->db_url = db_url;
	s->backup_dir = backup_dir;
	s->scratch = scratch;
	s->jobs[0] = (struct job){ .name = "supervise", .metric = METRICS_JOB_SUPERVISE,
				   .interval_s = config->supervise_interval_s,
				   .round = supervise_job, .s = s };
	s->jobs[1] = (struct job){ .name = "backup", .metric = METRICS_JOB_BACKUP,
				   .interval_s = backup_dir && backup_dir[0]
						 ? config->backup_interval_s : 0,
				   .round = backup_job, .s = s };
	s->jobs[2] = (struct job){ .name = "children", .metric = METRICS_JOB_CHILDREN,
				   .interval_s = CHILDREN_ROUND_INTERVAL_S, .round = children_job,
				   .s = s };
	s->jobs[3] = (struct job){ .name = "child_purge", .metric = METRICS_JOB_CHILD_PURGE,
				   .interval_s = CHILD_PURGE_INTERVAL_S, .round = child_purge_job,
				   .s = s };
	s->jobs[4] = (struct job){ .name = "sms", .metric = METRICS_JOB_SMS,
				   .interval_s = config->sms_command[0] ? config->sms_interval_s : 0,
				   .round = sms_job, .s = s };
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	for (size_t i = 0; i < sizeof(s->jobs) / sizeof(s->jobs[0]); i++) {
		struct job *j = &s->jobs[i];
		if (j->interval_s <= 0)
			continue;
		j->started = pthread_create(&j->thread, NULL, run, j) == 0;
		if (!j->started)
			log_json(WB_LOG_ERROR, "job.start", json_pack("{s:s}", "job", j->name));
	}
	return s;
}

void
supervisor_stop(struct supervisor *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; i < sizeof(s->jobs) / sizeof(s->jobs[0]); i++)
		if (s->jobs[i].started)
			pthread_join(s->jobs[i].thread, NULL);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
