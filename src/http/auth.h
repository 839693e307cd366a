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

/* The permission bits of a comma-separated list of permission codes
 * (unknown codes are ignored). */
uint32_t auth_permission_bits(const char *codes);

#endif
