/*
 * The process's counters for Prometheus (served by src/http/metrics.c on its
 * own listener).  Every update is one or a few relaxed C11 atomic additions:
 * no lock on the request path.  Route labels are registered once, before
 * serving; a route is then named by its index.
 */
#ifndef WB_UTIL_METRICS_H
#define WB_UTIL_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Routes beyond this many (and requests that matched none) are counted
 * under route="none". */
#define METRICS_MAX_ROUTES 255
#define METRICS_NO_ROUTE METRICS_MAX_ROUTES

/* Records the version for weibao_build_info and the start time. */
void metrics_init(const char *version);

/* Names route i (method and pattern are kept, not copied: they must live as
 * long as the process, like the route table). */
void metrics_route_name(size_t i, const char *method, const char *pattern);

/* One API request answered: its route index (METRICS_NO_ROUTE when none),
 * status and how long it took (microseconds). */
void metrics_request(size_t route, unsigned status, int64_t micros);

/* A refused sign-in: wrong credentials or a locked account (throttled false),
 * or too many attempts from the address (throttled true). */
void metrics_signin_failure(bool throttled);

/* A worker's database connection opened (+1) or closed (-1). */
void metrics_db_connections(int delta);

/* The background jobs of serve (src/app/supervisor.c). */
enum metrics_job { METRICS_JOB_SUPERVISE, METRICS_JOB_BACKUP, METRICS_JOB_CHILDREN,
		  METRICS_JOB_CHILD_PURGE, METRICS_JOB_SMS, METRICS_JOBS };
/* A background round of job ran, and whether it failed. */
void metrics_round(enum metrics_job job, bool failed);

/* Refusals whose audit events were left out (counted in a summary event). */
void metrics_audit_suppressed(long long n);

/* The text exposition format (version 0.0.4) of every metric, malloc'd (the
 * caller frees it), *len bytes; NULL when out of memory. */
char *metrics_render(size_t *len);

#endif
