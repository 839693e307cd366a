/* Authentication of a request by its session cookie. */
#ifndef WB_HTTP_AUTH_H
#define WB_HTTP_AUTH_H

#include "http/request.h"

#define SESSION_COOKIE "wb_session"

/*
 * Looks up the session named by the request's cookie and fills r->user,
 * r->perms, r->totp_setup_required and r->token_hash.  Expired sessions (idle or total) are deleted.
 * On failure sets a 401 reply (unauthenticated / session_expired) and
 * returns false.
 */
bool auth_session(struct request *r);

/* The permission bits of a comma-separated list of permission codes
 * (unknown codes are ignored). */
uint32_t auth_permission_bits(const char *codes);

/* Sets r->perms from r->user's permission codes, and r->totp_setup_required
 * when one of them requires two-factor sign-in (totp_required_permissions)
 * and the user has not enabled it. */
void auth_set_grants(struct request *r);

#endif
