/* The audit side of the choke point (src/http/server.c). */
#ifndef WB_HTTP_AUDIT_H
#define WB_HTTP_AUDIT_H

#include <stdbool.h>

#include "http/request.h"

/*
 * Appends the request's audit event (its outcome from r->status) to the
 * transaction the caller has open, and commits both.  A refusal (status 400
 * or more) over the client address's rate is committed without an event of
 * its own.  When the event cannot be written, everything is rolled back, the
 * reply becomes 500 audit_failed (503 when the database is busy or gone) and
 * false is returned: a write is never acknowledged unaudited.
 */
bool request_audit_commit(struct request *r);

/*
 * Records a refused request (nothing was changed) in a transaction of its
 * own, within the address's rate.  Does nothing when the request already has
 * its event.  Failure to write it is logged, not answered: the reply already
 * is a refusal.
 */
void request_audit_refusal(struct request *r);

#endif
