/* The HTTP server: libmicrohttpd in internal poll mode with a thread pool. */
#ifndef WB_HTTP_SERVER_H
#define WB_HTTP_SERVER_H

#include <stdint.h>

#include "http/request.h"
#include "util/err.h"

struct http_server;

/* Splits "ADDR:PORT", ":PORT" or "PORT" (IPv4). */
enum wb_status http_parse_listen(const char *spec, char addr[64], uint16_t *port,
				 struct wb_err *err);

/* Starts serving ctx (which must outlive the server); *out is freed by
 * http_server_stop().  Port 0 picks a free port (see http_server_port). */
enum wb_status http_server_start(const struct http_ctx *ctx, struct http_server **out,
				 struct wb_err *err);
uint16_t http_server_port(const struct http_server *s);
const char *http_server_addr(const struct http_server *s);
void http_server_stop(struct http_server *s);

#endif
