/* Store access to family-education orders (core/guidance.h), their
 * sessions and compliance checks.  The personal cells (the guardians, the
 * children, the obligations, the closing note, the notes of sessions and
 * checks) are field-encryption tokens: src/app/guidance.c alone seals and
 * opens them.  Nothing here encrypts. */
#ifndef WB_STORE_GUIDANCE_H
#define WB_STORE_GUIDANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"

#define GUIDANCE_TOKEN_MAX 1100         /* a token of up to 800 bytes of text */
#define GUIDANCE_LONG_TOKEN_MAX 11000   /* a token of up to 8000 bytes (a JSON list) */

/* One order as stored (tokens as stored, "" for none), with the names the
 * list shows joined in. */
struct guidance_row {
	int64_t id;
	char kind[40];                     /* the instrument's title */
	int64_t issuer_unit_id;
	char doc_no[200];
	char issued_on[11], period_from[11], period_to[11];
	int64_t case_id;                   /* 0: none */
	char division_code[13], town_code[10];
	char guardians[GUIDANCE_LONG_TOKEN_MAX];     /* tokens of JSON arrays */
	char children[GUIDANCE_LONG_TOKEN_MAX];
	char obligations[GUIDANCE_LONG_TOKEN_MAX];
	int every_days;                    /* the shortest interval of the obligations */
	char provider[260];
	char state[8];                     /* active, closed */
	char closing_note[GUIDANCE_TOKEN_MAX];      /* token */
	int64_t closed_at, closed_by;      /* 0 none */
	char next_session_due[11];         /* "" none owed */
	int64_t yellow_at, red_at;         /* 0 none */
	int64_t ends_at;                   /* the period's end */
	int64_t created_at, created_by;
	/* read back only */
	char issuer_name[164], village_name[64], town_name[64], tracking_no[24];
	int64_t sessions;                  /* how many were recorded */
	int light;                         /* 0 green, 1 yellow, 2 red, 3 none at the reading's now */
};

/* Inserts r's clear columns (state active) and sets *id; the tokens go in
 * with store_guidance_seal.  WB_ERR_CONFLICT when the issuer already
 * recorded that document number. */
enum wb_status store_guidance_insert(struct store *st, const struct guidance_row *r, int64_t *id,
				     struct wb_err *err);
/* Writes the sealed cells of order id (NULL for none). */
enum wb_status store_guidance_seal(struct store *st, int64_t id, const char *guardians,
				   const char *children, const char *obligations,
				   struct wb_err *err);
/* Links registry child child_id to order id (once). */
enum wb_status store_guidance_link_child(struct store *st, int64_t id, int64_t child_id,
					 struct wb_err *err);
/* Order id within scope (light at now) into *out; WB_ERR_NOTFOUND outside it. */
enum wb_status store_guidance_get(struct store *st, const struct scope *scope, int64_t id,
				  int64_t now, struct guidance_row *out, struct wb_err *err);
/* The next session's due date ("" or NULL none) and its moments (0 none)
 * of an active order; WB_ERR_CONFLICT when it is closed. */
enum wb_status store_guidance_set_due(struct store *st, int64_t id, const char *due,
				      int64_t yellow_at, int64_t red_at, struct wb_err *err);
/* Closes active order id with its sealed note: its light ends.
 * WB_ERR_CONFLICT when already closed. */
enum wb_status store_guidance_close(struct store *st, int64_t id, const char *note_token,
				    int64_t now, int64_t by, struct wb_err *err);

struct guidance_filter {
	const struct scope *scope;
	int64_t now;
	const char *state;        /* active, closed; "" or NULL any */
	const char *kind;         /* a kind's title; "" or NULL any */
	int light;                /* -1 any, 0 green, 1 yellow, 2 red, 3 none */
	const char *town;         /* a 9-digit town code; "" or NULL any */
	int64_t case_id;          /* 0 any */
	int64_t child_id;         /* 0 any: the orders naming a registry child */
};
/* A page of the orders the filter selects, newest first; *total (may be
 * NULL) their count; limit < 0 for all.  fn's row is valid during the call,
 * which must not use st. */
enum wb_status store_guidance_page(struct store *st, const struct guidance_filter *f,
				   int64_t limit, int64_t offset,
				   void (*fn)(const struct guidance_row *, void *), void *arg,
				   int64_t *total, struct wb_err *err);

/* A session or a check of an order. */
struct guidance_entry {
	int64_t id;
	const char *on;           /* held_on or checked_on */
	const char *provider;     /* a session's; "" for a check */
	bool attended;            /* a session's */
	const char *result;       /* a check's: 履行, 部分履行, 未履行; "" for a session */
	const char *note;         /* token, "" for none */
	int64_t at;               /* recorded at */
	const char *actor;        /* read back only: "李丽（市妇联）" */
};
/* Adds a session (provider, attended, on) by user/login at now and sets *id;
 * seal its note with store_guidance_session_seal. */
enum wb_status store_guidance_session_add(struct store *st, int64_t order_id,
					  const struct guidance_entry *e, int64_t user_id,
					  const char *login, int64_t now, int64_t *id,
					  struct wb_err *err);
enum wb_status store_guidance_session_seal(struct store *st, int64_t id, const char *note,
					   struct wb_err *err);
/* Adds a check (on, result) likewise. */
enum wb_status store_guidance_check_add(struct store *st, int64_t order_id,
					const struct guidance_entry *e, int64_t user_id,
					const char *login, int64_t now, int64_t *id,
					struct wb_err *err);
enum wb_status store_guidance_check_seal(struct store *st, int64_t id, const char *note,
					 struct wb_err *err);
/* Calls fn for each session (checks: false) or check (true) of order_id,
 * earliest first (strings valid during the call, which must not use st). */
enum wb_status store_guidance_entries(struct store *st, int64_t order_id, bool checks,
				      void (*fn)(const struct guidance_entry *, void *), void *arg,
				      struct wb_err *err);
/* The date of the last session the guardians attended into day ("" none). */
enum wb_status store_guidance_last_session(struct store *st, int64_t order_id, char day[11],
					   struct wb_err *err);

#endif
