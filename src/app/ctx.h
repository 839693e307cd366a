/*
 * What every domain operation of the service layer (src/app) works with: the
 * store, the deployment's settings and keys, who acts and what they may see,
 * the time, and an arena for the rows it returns.  The HTTP choke point, the
 * CLI and the background rounds each build one and call the same operations.
 */
#ifndef WB_APP_CTX_H
#define WB_APP_CTX_H

#include <stdint.h>

#include "app/config.h"
#include "sec/keyfile.h"
#include "sec/scope.h"
#include "store/store.h"

struct arena;
struct audit_event;

struct app_ctx {
	struct store *st;
	const struct wb_config *config;
	const struct keyset *keys;
	const struct scope *scope;   /* the records the actor may see and change */
	int64_t user_id;             /* the actor; 0 for the system or the CLI */
	const char *login;           /* "system", "cli:<user>", or the user's login */
	int64_t unit_id;             /* the actor's member unit; 0 for none */
	int64_t now;
	struct arena *arena;         /* rows an operation returns live here */
};

/*
 * Appends ev to the audit chain inside the transaction the caller has open
 * and commits both; on any failure rolls everything back.  The one way a
 * change and its audit event are written: a change whose event cannot be
 * written is not made.
 */
enum wb_status app_commit_audited(struct store *st, const struct keyset *keys,
				  struct audit_event *ev, struct wb_err *err);

#endif
