/*
 * The metrics listener: GET /metrics in the Prometheus text format (the
 * counters of src/util/metrics.h) on an address of its own — never on the
 * public port.  One small libmicrohttpd daemon, internal thread, poll mode.
 */
#ifndef WB_HTTP_METRICS_H
#define WB_HTTP_METRICS_H

#include <stdint.h>

#include "util/err.h"

struct metrics_server;

/* Listens on spec ("ADDR:PORT", see http_parse_listen; port 0 picks one);
 * *out is freed by metrics_server_stop(). */
enum wb_status metrics_server_start(const char *spec, struct metrics_server **out,
				    struct wb_err *err);
uint16_t metrics_server_port(const struct metrics_server *s);
const char *metrics_server_addr(const struct metrics_server *s);
/* Stops the daemon and frees s (NULL is fine). */
void metrics_server_stop(struct metrics_server *s);

#endif
