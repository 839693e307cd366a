/* Authentication of a request by its session cookie. */
#ifndef WB_HTTP_AUTH_H
#define WB_HTTP_AUTH_H

#include "http/request.h"

#define SESSION_COOKIE "wb_session"

/*
 * Looks up the session named by the request's cookie and fills r->user,
 * r->perms and r->token_hash.  Expired sessions (idle or total) are deleted.
 * On failure sets a 401 reply (unauthenticated / session_expired) and
 * returns false.
 */
bool auth_session(struct request *r);

/* Sets the bit of permission code in *(uint32_t *)perms (for store_session_get). */
void auth_add_permission(const char *code, void *perms);

#endif
