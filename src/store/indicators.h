/* Store access for the plan indicators: targets bound to a formula of the
 * registers, and the registers' counts behind the formulas (per town, as of
 * a date, within a scope). */
#ifndef WB_STORE_INDICATORS_H
#define WB_STORE_INDICATORS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/indicator.h"
#include "core/indsnap.h"
#include "sec/scope.h"
#include "store/store.h"

/* A binding: the indicator definition code and its parameters (JSON). */
struct binding_row {
	int seq;                 /* the target's order in its item (1-based) */
	char definition[64];
	char params[512];
};

enum wb_status store_binding_put(struct store *st, int64_t target_id, const char *definition,
				 const char *params, int64_t now, struct wb_err *err);
/* *removed is true when the target had a binding. */
enum wb_status store_binding_delete(struct store *st, int64_t target_id, bool *removed,
				    struct wb_err *err);
/* The bindings of an item's targets into out (at most max, by target
 * order); *n how many. */
enum wb_status store_bindings_of_item(struct store *st, int64_t item_id, struct binding_row *out,
				      size_t max, size_t *n, struct wb_err *err);
/* The id of target seq of an item (0 when none). */
enum wb_status store_target_of_item(struct store *st, int64_t item_id, int seq, int64_t *id,
				    struct wb_err *err);
/* WB_ERR_NOTFOUND unless target_id is a target of plan_id. */
enum wb_status store_target_in_plan(struct store *st, int64_t plan_id, int64_t target_id,
				    struct wb_err *err);
/* The latest non-archived plan (0 when none). */
enum wb_status store_plan_latest_open(struct store *st, int64_t *id, struct wb_err *err);

/* A plan target with its binding (definition "" when manual); the texts are
 * valid during the callback only. */
struct bound_target {
	int item, seq;
	int64_t target_id;
	char op[8];
	double value, value2;
	bool has_value2;
	char unit[32];
	const char *text, *item_text;
	char definition[64];
	char params[512];
};
/* fn for every target of the plan, by item number and target order; fn must
 * not use st. */
enum wb_status store_plan_bound_targets(struct store *st, int64_t plan_id,
					void (*fn)(const struct bound_target *, void *), void *arg,
					struct wb_err *err);
/* The latest figure reported for a target by a task the scope sees;
 * *found false when none. */
enum wb_status store_target_last_figure(struct store *st, const struct scope *scope,
					int64_t target_id, double *value, bool *found,
					struct wb_err *err);

/* A town the scope sees. */
struct ind_town {
	char code[16], name[64];
	bool has_population;
	int64_t population, villages;
};
/* fn for each town the scope sees, by path; fn must not use st. */
enum wb_status store_ind_towns(struct store *st, const struct scope *scope,
			       void (*fn)(const struct ind_town *, void *), void *arg,
			       struct wb_err *err);
/* The county's population (*known false when not recorded). */
enum wb_status store_ind_county_population(struct store *st, int64_t *population, bool *known,
					   struct wb_err *err);

/* fn for each group of records the scope sees (a town, or "" for the
 * county's own), as of as_of; stages is '|'-joined with a leading and
 * trailing '|'.  fn must not use st. */
enum wb_status store_ind_counts(struct store *st, const struct scope *scope, const char *as_of,
				const char *stages, void (*fn)(const struct ind_counts *, void *),
				void *arg, struct wb_err *err);

/*
 * A snapshot of what the indicators read (core/indsnap.h) into *out (freed
 * by indsnap_free), read in one transaction with the registers' generations
 * it is of (store/meta.h): every record of the six registers the
 * definitions count, every town, the county's population.  With old (NULL:
 * none), a part whose generation is known and the same as when old read it
 * is copied from old instead of read.
 */
enum wb_status store_ind_snapshot(struct store *st, const struct indsnap *old,
				  struct indsnap **out, struct wb_err *err);

#endif
