#include "app/supervisor.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/supervise.h"
#include "store/jobs.h"
#include "util/log.h"
#include "util/metrics.h"

struct supervisor {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	const struct wb_config *config;
	struct keyring *keyring;
	const char *db_url;
};

/* One round by the system, committed with its audit event — unless another
 * server of the deployment has run it within this period (job lease). */
static void
round_once(struct supervisor *s, struct store *st)
{
	struct supervise_result res;
	struct wb_err err = { 0 };
	struct app_ctx c = { .st = st, .config = s->config, .keys = keyring_get(s->keyring),
			     .scope = scope_system(), .login = "system", .now = wb_now() };
	char holder[128], host[64] = "?";
	bool taken;

	gethostname(host, sizeof(host) - 1);
	snprintf(holder, sizeof(holder), "%s:%ld", host, (long)getpid());
	if (store_job_take(st, "supervise", c.now, s->config->supervise_interval_s, holder, &taken,
			   &err) != WB_OK) {
		metrics_round(true);
		log_json(WB_LOG_ERROR, "supervise.round",
			 json_pack("{s:s, s:s}", "result", "failed", "error",
				   wb_status_name(err.status)));
		return;
	}
	if (!taken) {
		/* another server ran it this period */
		log_json(WB_LOG_DEBUG, "supervise.round", json_pack("{s:s}", "result", "skipped"));
		return;
	}
	if (supervise_round(&c, &res, &err) != WB_OK) {
		metrics_round(true);
		log_json(WB_LOG_ERROR, "supervise.round",
			 json_pack("{s:s, s:s}", "result", "failed", "error",
				   wb_status_name(err.status)));
		return;
	}
	metrics_round(false);
	log_json(WB_LOG_INFO, "supervise.round",
		 json_pack("{s:s, s:I, s:I, s:I}", "result", "ok", "created", (json_int_t)res.created,
			   "raised", (json_int_t)res.raised, "resolved", (json_int_t)res.resolved));
}

static void *
run(void *arg)
{
	struct supervisor *s = arg;
	struct wb_err err = { 0 };
	struct store *st = NULL;
	struct timespec until;
	bool lost = false;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		if (st && !store_connection_ok(st)) {
			log_msg(WB_LOG_WARN, "db.lost", "the supervision thread lost its database "
				"connection; reconnecting");
			store_close(st);
			st = NULL;
			lost = true;
		}
		if (st == NULL && store_open(s->db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
			st = NULL;
			metrics_round(true);
			log_json(WB_LOG_ERROR, "supervise.round",
				 json_pack("{s:s, s:s, s:o}", "result", "failed", "error",
					   wb_status_name(err.status), "msg", log_text(err.msg)));
		} else if (lost) {
			log_msg(WB_LOG_INFO, "db.reconnect", "the supervision thread reconnected to "
				"the database");
			lost = false;
		}
		if (st)
			round_once(s, st);
		pthread_mutex_lock(&s->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->config->supervise_interval_s;
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->lock);
	store_close(st);
	return NULL;
}

struct supervisor *
supervisor_start(const struct wb_config *config, struct keyring *keyring, const char *db_url)
{
	struct supervisor *s;

	if (config->supervise_interval_s <= 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->config = config;
	s->keyring = keyring;
	s->db_url = db_url;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->wake);
		free(s);
		return NULL;
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
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
