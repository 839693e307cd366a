/* The process's counters and their Prometheus text exposition (see metrics.h). */
#include "util/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NBUCKETS 11

/* Upper bounds of the duration buckets, in seconds and in microseconds. */
static const char *const bucket_le[NBUCKETS] = {
	"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
};
static const int64_t bucket_us[NBUCKETS] = {
	5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000,
};

struct route_metrics {
	const char *method, *pattern;        /* set before serving, then only read */
	atomic_ullong by_class[5];           /* answers 1xx … 5xx */
	atomic_ullong bucket[NBUCKETS + 1];  /* durations per bucket (not cumulative); last: +Inf */
	atomic_ullong count;
	atomic_ullong sum_us;
};

static struct route_metrics routes[METRICS_MAX_ROUTES + 1];
static atomic_ullong signin_failed[2];   /* unauthenticated, throttled */
static atomic_llong db_open;
static atomic_ullong rounds_run[METRICS_JOBS], rounds_failed[METRICS_JOBS];
static atomic_ullong audit_suppressed;
static const char *build_version = "unknown";
static time_t started;

void
metrics_init(const char *version)
{
	build_version = version;
	started = time(NULL);
}

void
metrics_route_name(size_t i, const char *method, const char *pattern)
{
	if (i < METRICS_MAX_ROUTES) {
		routes[i].method = method;
		routes[i].pattern = pattern;
	}
}

void
metrics_request(size_t route, unsigned status, int64_t micros)
{
	struct route_metrics *m = &routes[route < METRICS_MAX_ROUTES ? route : METRICS_NO_ROUTE];
	unsigned cls = status / 100;
	size_t b = 0;

	cls = cls < 1 ? 1 : cls > 5 ? 5 : cls;
	if (micros < 0)
		micros = 0;
	while (b < NBUCKETS && micros > bucket_us[b])
		b++;
	atomic_fetch_add_explicit(&m->by_class[cls - 1], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us, (unsigned long long)micros, memory_order_relaxed);
}

void
metrics_signin_failure(bool throttled)
{
	atomic_fetch_add_explicit(&signin_failed[throttled], 1, memory_order_relaxed);
}

void
metrics_db_connections(int delta)
{
	atomic_fetch_add_explicit(&db_open, delta, memory_order_relaxed);
}

void
metrics_round(enum metrics_job job, bool failed)
{
	atomic_fetch_add_explicit(&rounds_run[job], 1, memory_order_relaxed);
	if (failed)
		atomic_fetch_add_explicit(&rounds_failed[job], 1, memory_order_relaxed);
}

void
metrics_audit_suppressed(long long n)
{
	if (n > 0)
		atomic_fetch_add_explicit(&audit_suppressed, (unsigned long long)n,
					  memory_order_relaxed);
}

static unsigned long long
get(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

/* Writes s as a label value: backslash, quote and newline escaped. */
static void
label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* Writes method="…",route="…" of route i. */
static void
route_labels(FILE *f, size_t i)
{
	fputs("method=\"", f);
	label(f, routes[i].method ? routes[i].method : "other");
	fputs("\",route=\"", f);
	label(f, routes[i].pattern ? routes[i].pattern : "none");
	fputc('"', f);
}

static void
render_requests(FILE *f)
{
	fputs("# HELP weibao_http_requests_total API requests answered, by route pattern and "
	      "status class.\n# TYPE weibao_http_requests_total counter\n", f);
	for (size_t i = 0; i <= METRICS_MAX_ROUTES; i++)
		for (int c = 0; c < 5; c++) {
			unsigned long long n = get(&routes[i].by_class[c]);
			if (n == 0)
				continue;
			fputs("weibao_http_requests_total{", f);
			route_labels(f, i);
			fprintf(f, ",status=\"%dxx\"} %llu\n", c + 1, n);
		}
	fputs("# HELP weibao_http_request_duration_seconds Time from a request's head to its "
	      "answer being done, by route pattern.\n"
	      "# TYPE weibao_http_request_duration_seconds histogram\n", f);
	for (size_t i = 0; i <= METRICS_MAX_ROUTES; i++) {
		unsigned long long cum = 0, count = get(&routes[i].count);
		if (count == 0)
			continue;
		for (int b = 0; b <= NBUCKETS; b++) {
			cum += get(&routes[i].bucket[b]);
			fputs("weibao_http_request_duration_seconds_bucket{", f);
			route_labels(f, i);
			fprintf(f, ",le=\"%s\"} %llu\n", b < NBUCKETS ? bucket_le[b] : "+Inf", cum);
		}
		fputs("weibao_http_request_duration_seconds_sum{", f);
		route_labels(f, i);
		fprintf(f, "} %.6f\n", (double)get(&routes[i].sum_us) / 1e6);
		fputs("weibao_http_request_duration_seconds_count{", f);
		route_labels(f, i);
		/* the buckets' total: read one by one, they may run ahead of count */
		fprintf(f, "} %llu\n", cum);
	}
}

char *
metrics_render(size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (f == NULL)
		return NULL;
	fprintf(f, "# HELP weibao_build_info The running weibao's version.\n"
		   "# TYPE weibao_build_info gauge\nweibao_build_info{version=\"");
	label(f, build_version);
	fprintf(f, "\"} 1\n"
		   "# HELP process_start_time_seconds Start time of the process since the Unix "
		   "epoch in seconds.\n# TYPE process_start_time_seconds gauge\n"
		   "process_start_time_seconds %lld\n", (long long)started);
	render_requests(f);
	fprintf(f, "# HELP weibao_signin_failures_total Refused sign-ins (POST /api/v1/session): "
		   "wrong credentials or a locked account, and too many attempts.\n"
		   "# TYPE weibao_signin_failures_total counter\n"
		   "weibao_signin_failures_total{outcome=\"unauthenticated\"} %llu\n"
		   "weibao_signin_failures_total{outcome=\"throttled\"} %llu\n",
		get(&signin_failed[0]), get(&signin_failed[1]));
	fprintf(f, "# HELP weibao_db_connections_open Database connections the HTTP workers hold.\n"
		   "# TYPE weibao_db_connections_open gauge\nweibao_db_connections_open %lld\n",
		(long long)atomic_load_explicit(&db_open, memory_order_relaxed));
	fprintf(f, "# HELP weibao_background_rounds_total Background rounds run.\n"
		   "# TYPE weibao_background_rounds_total counter\n"
		   "weibao_background_rounds_total{job=\"supervise\"} %llu\n"
		   "weibao_background_rounds_total{job=\"backup\"} %llu\n"
		   "weibao_background_rounds_total{job=\"children\"} %llu\n"
		   "weibao_background_rounds_total{job=\"child_purge\"} %llu\n"
		   "weibao_background_rounds_total{job=\"sms\"} %llu\n"
		   "# HELP weibao_background_rounds_failed_total Background rounds that failed.\n"
		   "# TYPE weibao_background_rounds_failed_total counter\n"
		   "weibao_background_rounds_failed_total{job=\"supervise\"} %llu\n"
		   "weibao_background_rounds_failed_total{job=\"backup\"} %llu\n"
		   "weibao_background_rounds_failed_total{job=\"children\"} %llu\n"
		   "weibao_background_rounds_failed_total{job=\"child_purge\"} %llu\n"
		   "weibao_background_rounds_failed_total{job=\"sms\"} %llu\n",
		get(&rounds_run[METRICS_JOB_SUPERVISE]), get(&rounds_run[METRICS_JOB_BACKUP]),
		get(&rounds_run[METRICS_JOB_CHILDREN]), get(&rounds_run[METRICS_JOB_CHILD_PURGE]),
		get(&rounds_run[METRICS_JOB_SMS]),
		get(&rounds_failed[METRICS_JOB_SUPERVISE]), get(&rounds_failed[METRICS_JOB_BACKUP]),
		get(&rounds_failed[METRICS_JOB_CHILDREN]), get(&rounds_failed[METRICS_JOB_CHILD_PURGE]),
		get(&rounds_failed[METRICS_JOB_SMS]));
	fprintf(f, "# HELP weibao_audit_events_suppressed_total Refusals over the per-address "
		   "rate, counted in a summary audit event instead of one each.\n"
		   "# TYPE weibao_audit_events_suppressed_total counter\n"
		   "weibao_audit_events_suppressed_total %llu\n", get(&audit_suppressed));
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}
