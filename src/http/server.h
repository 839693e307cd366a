/* The HTTP server: libmicrohttpd in internal poll mode with a thread pool. */
#ifndef WB_HTTP_SERVER_H
#define WB_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct http_config {
	char listen_addr[64];   /* IPv4 address to bind, e.g. "127.0.0.1" */
	uint16_t port;          /* 0 picks a free port (see http_server_port) */
	const char *db_url;     /* each worker thread opens its own connection */
	unsigned threads;       /* 0: one per core */
	size_t max_body;        /* bytes; larger request bodies get 413 */
	unsigned max_connections;
	unsigned timeout_s;     /* idle connection time-out */
};

struct http_server;

/* Fills c with the defaults (127.0.0.1:8080, 10 MiB bodies, …). */
void http_config_defaults(struct http_config *c);

/* Parses "ADDR:PORT" or ":PORT" or "PORT" into c. */
enum wb_status http_config_listen(struct http_config *c, const char *spec, struct wb_err *err);

/* Starts serving; *out is freed by http_server_stop(). */
enum wb_status http_server_start(const struct http_config *c, struct http_server **out,
				 struct wb_err *err);
uint16_t http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

#endif
