/*
 * Data scopes: which records a user may see and change.
 *
 * A user has a scope kind (the whole county, a town and its villages, a
 * village, their member unit, only what they created, or one institution).
 * Each route declares the rule of the records it touches; the choke point
 * combines the two into a `struct scope` once per request and every scoped
 * store statement applies it inside its SQL (see store/scope.h), get-by-id
 * included: a record outside the scope is simply not found.
 */
#ifndef WB_SEC_SCOPE_H
#define WB_SEC_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

enum scope_kind {
	SCOPE_COUNTY,       /* county — everything */
	SCOPE_TOWN,         /* town:CODE — a town and its villages */
	SCOPE_VILLAGE,      /* village:CODE */
	SCOPE_UNIT,         /* unit — the records of the user's member unit */
	SCOPE_OWN,          /* own — only records the user created */
	SCOPE_INSTITUTION,  /* institution:ID — one school, hospital, … of the registers */
	SCOPE_KIND__MAX
};

/* What the records of a route are keyed by. */
enum scope_rule {
	SCOPE_RULE_UNSET,     /* a route must say: a test fails on this */
	SCOPE_RULE_NONE,      /* the route touches no scoped record (sign-in, the
				 division tree, published plans, roles) */
	SCOPE_RULE_DIVISION,  /* records located in a division, kept by a unit, created
				 by a user (users, audit events, children, cases) */
	SCOPE_RULE_UNIT,      /* records a member unit answers for (tasks, 督办, scores):
				 a town or village user sees their own unit's */
	SCOPE_RULE_REGISTER,  /* the service-network registers, located in a division:
				 a town or village user sees their subtree, a member
				 unit reads every record, `own` what it created.
				 Routes that change a register declare
				 SCOPE_RULE_DIVISION instead, under which a member
				 unit reaches none (404) */
	SCOPE_RULE__MAX
};

struct scope {
	enum scope_rule rule;
	enum scope_kind kind;
	char division[16];       /* the town or village code; "" otherwise */
	int64_t unit_id;         /* the user's member unit; 0 for none */
	int64_t user_id;         /* the user */
	int64_t institution_id;  /* for SCOPE_INSTITUTION */
};

const char *scope_kind_code(enum scope_kind k);       /* "county", … */
const char *scope_kind_title(enum scope_kind k);      /* "全市", … */
enum scope_kind scope_kind_parse(const char *code);   /* SCOPE_KIND__MAX if unknown */
const char *scope_rule_code(enum scope_rule r);       /* "none", "division", "unit" */

/* The scope of a user for records of `rule`. */
struct scope scope_make(enum scope_rule rule, enum scope_kind kind, const char *division,
			int64_t unit_id, int64_t user_id, int64_t institution_id);

/* The whole county, for the system's own work (background rounds, the CLI run
 * by the operator).  Never used by an API handler (a test checks). */
const struct scope *scope_system(void);

/* The values a scoped statement binds (store/scope.h): each is "no match"
 * when the scope does not use it. */
struct scope_binds {
	bool all;                /* county: every record */
	const char *prefix;      /* division code prefix, or NULL */
	int64_t unit_id;         /* 0: none */
	int64_t owner_id;        /* 0: none */
	int64_t institution_id;  /* 0: none */
};
void scope_binds(const struct scope *s, struct scope_binds *out);

/* True when division code `code` lies inside the scope's division tree (for
 * checks of input, e.g. a town manager giving a user a village scope). */
bool scope_covers_division(const struct scope *s, const char *code);

#endif
