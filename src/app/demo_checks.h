/*
 * Synthetic files of background checks (示例 data, for tests and the
 * benchmark): `weibao gen registry` and `weibao gen roster`.  Deterministic
 * for a seed: valid, distinct ID numbers, plausible names.  Person k of a
 * seed always has the same ID number, so a roster made with the registry's
 * count and seed holds about share_pct per cent of people on the registry.
 * None of them is a real person.
 */
#ifndef WB_APP_DEMO_CHECKS_H
#define WB_APP_DEMO_CHECKS_H

#include <stdint.h>
#include <stdio.h>

#include "util/err.h"

#define DEMO_CHECKS_MAX 5000000L

/* The registry's template header and count rows (persons 0..count-1) as
 * CSV (UTF-8 with BOM) to out.  WB_ERR_INVALID when count is out of range;
 * WB_ERR_IO when out fails. */
enum wb_status app_demo_registry_csv(uint64_t seed, long count, FILE *out, struct wb_err *err);

/* The roster template's header and count rows to out: every 100/share_pct-th
 * row (share_pct 0–100) a person of the registry of registry_count made
 * with the same seed, the others people never on it; about one in ten an
 * applicant (no 入职日期). */
enum wb_status app_demo_roster_csv(uint64_t seed, long count, long registry_count, int share_pct,
				   FILE *out, struct wb_err *err);

#endif
