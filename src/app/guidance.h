/* Family-education orders (家庭教育指导令, 督促监护令, 责令接受家庭教育指导;
 * core/guidance.h): recording an order with its guardians, children and
 * obligations (sealed), the sessions held and the compliance checks, the
 * next session's due date and light, closure; an order from a case leaves
 * an entry `guidance` in the case's timeline.  The callers (the API choke
 * point, the tests) open the transaction and write the audit event. */
#ifndef WB_APP_GUIDANCE_H
#define WB_APP_GUIDANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/guidance.h"

#define GUIDANCE_NOTE_MAX 2000        /* bytes of a note */
#define GUIDANCE_OBLIGATION_MAX 300   /* bytes of an obligation's text */
#define GUIDANCE_LIST_MAX 20          /* guardians, children or obligations of an order */

struct guidance_guardian_in {
	const char *name, *relation;      /* relation optional: 父亲, 母亲, 祖母 … */
};
struct guidance_child_in {
	const char *id_number, *name;     /* id_number optional: matched in the registry */
};
struct guidance_obligation_in {
	const char *text;
	int every_days;                   /* 1–366: a session is owed this often */
};

/* What a new order carries (NULL or "" for absent fields). */
struct guidance_in {
	const char *kind;                 /* the instrument's title */
	int64_t issuer_unit_id;
	const char *doc_no, *issued_on, *period_from, *period_to;
	int64_t case_id;                  /* 0 none */
	const char *village;              /* 12 digits; from the case or a matched child when absent */
	const struct guidance_guardian_in *guardians;
	size_t n_guardians;
	const struct guidance_child_in *children;
	size_t n_children;
	const struct guidance_obligation_in *obligations;
	size_t n_obligations;
	const char *provider;
};

/*
 * Records a new order and sets *id.  Bad input: WB_ERR_INVALID naming the
 * field; an issuing unit that may not issue the kind, a period ending
 * before it starts, a case outside the caller's scope: WB_ERR_RULE naming
 * the field; a village outside the caller's scope (a member unit's user
 * records only its own unit's orders): WB_ERR_DENIED; a document number the
 * unit already used: WB_ERR_CONFLICT.  *title receives the audit wording
 * ("督促监护令 桐检〔2026〕1号"), in the context's arena.
 */
enum wb_status app_guidance_create(struct app_ctx *c, const struct guidance_in *in, int64_t *id,
				   const char **title, struct wb_err *err);

/* A session held on held_on by provider (the order's when NULL or ""),
 * attended or not by the guardians, with an optional note.  An attended
 * session moves the next session's due date.  Order out of scope:
 * WB_ERR_NOTFOUND; closed: WB_ERR_CONFLICT; a date malformed or after
 * today: WB_ERR_INVALID. */
enum wb_status app_guidance_session(struct app_ctx *c, int64_t id, const char *held_on,
				    const char *provider, bool attended, const char *note,
				    struct wb_err *err);
/* A compliance check (result 履行, 部分履行 or 未履行) on checked_on;
 * errors as app_guidance_session. */
enum wb_status app_guidance_check(struct app_ctx *c, int64_t id, const char *checked_on,
				  const char *result, const char *note, struct wb_err *err);
/* Closes the order with a note (required: WB_ERR_RULE); its light ends.
 * Closed already: WB_ERR_CONFLICT. */
enum wb_status app_guidance_close(struct app_ctx *c, int64_t id, const char *note,
				  struct wb_err *err);

/* The order's people as shown: *guardians [{"name" masked, "relation"}],
 * *children [{"name", "id_number" masked, "child_id"|null}], *obligations
 * [{"text", "every_days"}] (new references; any pointer may be NULL when
 * not wanted), and *names ("张*明、李*", arena) of the guardians. */
enum wb_status app_guidance_people(const struct app_ctx *c, const struct guidance_row *r,
				   json_t **guardians, json_t **children, json_t **obligations,
				   const char **names, struct wb_err *err);

/* The light names of a row's light (0–3): green, yellow, red, none. */
const char *guidance_light_name(int light);

#endif
