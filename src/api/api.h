/* Request handlers, one file per resource. */
#ifndef WB_API_API_H
#define WB_API_API_H

#include "http/request.h"

/* GET /healthz: {"status":"ok","db":"sqlite|postgresql","schema":N}; 503 when
 * the database does not answer. */
void api_healthz(struct request *r);

#endif
