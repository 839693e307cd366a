/*
 * Synthetic cases (示例 data, for tests and benchmarks): `weibao gen cases
 * --count N --seed S`, on top of `gen children`.  Deterministic for a seed
 * and a time: cases spread over the villages (most linked to registry
 * children, the rest unverified children of a village), sources and
 * situations in a plausible mix, each case walked along the workflow to its
 * final state with a timeline (accept, assess, care, follow-up, closure,
 * the police's acceptance and feedback) whose moments give the lights the
 * service would store.  The narratives, contacts, reasons and outcomes are
 * sealed as src/app/cases.c seals them.  None of them is a real case.
 */
#ifndef WB_APP_DEMO_CASES_H
#define WB_APP_DEMO_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

#define DEMO_CASES_MAX 5000000L

struct demo_cases_result {
	long cases, linked, events, open, closed, urgent;
};

/* Writes count synthetic cases seeded by seed in the caller's transaction
 * (progress, when not NULL, is called every few thousand cases).
 * WB_ERR_INVALID when the database has no village (import the divisions or
 * run `gen demo` first) or count is above DEMO_CASES_MAX. */
enum wb_status app_demo_cases(struct app_ctx *c, uint64_t seed, long count,
			      void (*progress)(size_t done, size_t total, void *), void *arg,
			      struct demo_cases_result *out, struct wb_err *err);

#endif
