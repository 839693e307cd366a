/*
 * The 示例数据 (demo data) of `weibao gen demo`: a synthetic, clearly labelled
 * service network for a first look at weibao — villages and communities under
 * the towns already in the database, each with a population, and records in
 * every register (stations, rescue, children's homes, posts, childcare,
 * rehab, schools, social organisations, purchased services, the rosters of
 * 儿童督导员 and 儿童主任 with vacancies) and a few trainings.  Every name
 * carries 示例 and every record the note 示例数据.  The figures are chosen so
 * that the 2022 plan's indicators come out some met and some not, with a town
 * lagging on each per-town target.  Real deployments import their own
 * villages and registers; nothing runs this on its own.
 */
#ifndef WB_APP_DEMO_REGISTERS_H
#define WB_APP_DEMO_REGISTERS_H

#include <stdint.h>

#include "app/ctx.h"
#include "core/facility.h"

/* The weibao_meta key set once the demo data is written ("seed=N"). */
#define DEMO_META_KEY "demo_data"

struct demo_registers_result {
	int villages;                          /* villages and communities added */
	int facilities[FACILITY_TYPE__MAX];    /* records added, by type */
	int trainings;
	int standards;                         /* allowance standards added (孤儿, from last year
						  and adjusted this year; none when some existed) */
	int64_t population;                    /* of the villages added */
};

/*
 * Writes the demo data for seed inside the caller's transaction: the same
 * seed and year give the same data (dates are relative to the year of
 * c->now, China time).  Records go through the service layer (validation,
 * phones encrypted with c->keys, history under c->login); c->scope must be
 * the county's.  Refuses with WB_ERR_CONFLICT, writing nothing, when the demo
 * data was generated already, or when the database holds villages or
 * register records of its own; WB_ERR_NOTFOUND when it holds no towns.
 */
enum wb_status app_demo_registers(struct app_ctx *c, uint64_t seed,
				  struct demo_registers_result *res, struct wb_err *err);

#endif
