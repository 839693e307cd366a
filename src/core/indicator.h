/*
 * Indicators: the actual figure of a plan target computed from the registers,
 * and whether it meets the target.  Pure: the store counts (per town, as of a
 * date), this file turns the counts into the figure of each formula kind,
 * judges it against the target, and makes the county line of a per-town
 * target.
 */
#ifndef WB_CORE_INDICATOR_H
#define WB_CORE_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The closed set of formula kinds a target can be bound to. */
enum indicator_kind {
	IND_COUNT,           /* records meeting a condition: num */
	IND_DIVISION_SHARE,  /* divisions (towns or villages) having such a record ÷ divisions, % */
	IND_STATUS_SHARE,    /* records with a status on the date ÷ records, % */
	IND_PER_THOUSAND,    /* an amount (places, …) per 1,000 residents: num ÷ den × 1000 */
	IND_STANDARD,        /* a standard (an allowance, …) compared with its floor: num */
	IND_COVERAGE,        /* people checked within the period ÷ people, % */
	IND_KIND__MAX
};

/* "count", "division_share", … (NULL for an unknown kind) and back
 * (IND_KIND__MAX when unknown). */
const char *indicator_kind_name(enum indicator_kind k);
enum indicator_kind indicator_kind_parse(const char *name);

/* A figure: known is false when there is nothing to count (a share of 0 ÷ 0,
 * a rate over an unknown or zero population). */
struct indicator_value {
	bool known;
	double actual;      /* exact; round only to show it (indicator_shown) */
};

/* The figure of kind k from its counts: num (and den, the divisions,
 * records, residents or people it is taken over). */
struct indicator_value indicator_compute(enum indicator_kind k, double num, double den);

/*
 * Whether a figure meets a target of op ("=", ">=", ">", "<=", "<", "range"
 * with value2): "=" and ">=" when it reaches value, ">" above it, "range"
 * from its lower bound (above value2 it is exceeded, still met), "<=" at or
 * under value, "<" under it.  The exact figure is judged, never the rounded
 * one; an unknown figure meets nothing.
 */
bool indicator_met(const char *op, double value, double value2, struct indicator_value v);

/* True when a "range" target's figure is above its upper bound. */
bool indicator_exceeded(const char *op, double value2, struct indicator_value v);

/* The figure as shown: one decimal, halves away from zero. */
double indicator_shown(double actual);

/* One town's counts, and (out) its figure and whether it meets the target. */
struct indicator_town {
	double num, den;
	struct indicator_value value;
	bool met;
};

/*
 * A per-town target (e.g. 示范型 homes ÷ the town's villages ≥ 15% in every
 * town): each town's figure and verdict, and the county line, which counts
 * the towns meeting it and is met only when every town does (no towns: not
 * met).  Returns the number of towns meeting it.
 */
size_t indicator_per_town(enum indicator_kind k, const char *op, double value, double value2,
			  struct indicator_town *towns, size_t n, bool *all_met);

/* The registers' counts of one town (town_code "" for records located at
 * the county), as of a date. */
enum ind_count {
	INDC_STATIONS,         /* stations 运行, opened by the date */
	INDC_HOMES_MODEL,      /* 示范型 homes named by the date */
	INDC_HOMES_MODEL_CITY, /* of them 嘉兴市级 or 省级 */
	INDC_REHAB,            /* rehab institutions */
	INDC_REHAB_AGREED,     /* of them with an agreement in force on the date */
	INDC_PLACES,           /* 托位 of childcare registered by the date */
	INDC_POSTS_TOWN,       /* town-level 驿站 built by the date (0 or 1 per town) */
	INDC_POSTS_VILLAGES,   /* villages with a 驿站 built by the date */
	INDC_SCHOOLS,          /* schools of the stages */
	INDC_SCHOOLS_SMART,    /* of them with 智安校园 built by the date */
	INDC__MAX
};
struct ind_counts {
	char town_code[16];
	int64_t n[INDC__MAX];
};

#endif
