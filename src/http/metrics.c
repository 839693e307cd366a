/* The metrics listener (see metrics.h). */
#include "http/metrics.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "http/server.h"
#include "util/metrics.h"

struct metrics_server {
	struct MHD_Daemon *daemon;
	char addr[64];
	uint16_t port;
};

/* Queues a fixed plain-text answer. */
static enum MHD_Result
answer_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
								    MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	if (status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* GET /metrics; anything else is 404 (or 405). */
static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	static int marker;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text;
	size_t len = 0;
	(void)cls;
	(void)version;
	(void)upload_data;

	if (*con_cls == NULL) {
		*con_cls = &marker;   /* answering on a later call keeps the connection alive */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		*upload_data_size = 0;   /* a body is not wanted: dropped */
		return MHD_YES;
	}
	if (strcmp(url, "/metrics") != 0)
		return answer_text(conn, 404, "not found\n");
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return answer_text(conn, 405, "method not allowed\n");
	text = metrics_render(&len);
	if (text == NULL)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum wb_status
metrics_server_start(const char *spec, struct metrics_server **out, struct wb_err *err)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	const union MHD_DaemonInfo *info;
	struct metrics_server *s = calloc(1, sizeof(*s));
	uint16_t port;

	if (s == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (http_parse_listen(spec, s->addr, &port, err) != WB_OK) {
		free(s);
		return WB_ERR_INVALID;
	}
	inet_pton(AF_INET, s->addr, &addr.sin_addr);
	addr.sin_port = htons(port);
	/* no address reuse: the public daemon's SO_REUSEPORT must not let this
	 * one share its port */
	s->daemon = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD, port, NULL, NULL, on_request,
				     NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_CONNECTION_LIMIT, 16u,
				     MHD_OPTION_CONNECTION_TIMEOUT, 10u,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)8192,
				     MHD_OPTION_END);
	if (s->daemon == NULL) {
		wb_err_set(err, WB_ERR_IO, "cannot listen for metrics on %s:%u (in use, or not allowed)",
			   s->addr, port);
		free(s);
		return WB_ERR_IO;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	*out = s;
	return WB_OK;
}

uint16_t
metrics_server_port(const struct metrics_server *s)
{
	return s->port;
}

const char *
metrics_server_addr(const struct metrics_server *s)
{
	return s->addr;
}

void
metrics_server_stop(struct metrics_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
