/*
 * libmicrohttpd glue.  Poll mode with a thread pool (epoll stalls on Debian's
 * 0.9.75, see DESIGN.md).  Each request collects its body over the repeated
 * handler calls (bounded by max_body) and is answered on the final call, which
 * also keeps connections alive.  Each pool thread opens its own store.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/request.h"
#include "http/routes.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config config;
	uint16_t port;
};

static pthread_key_t store_key;
static pthread_once_t store_key_once = PTHREAD_ONCE_INIT;

static void
close_thread_store(void *st)
{
	store_close(st);
}

static void
make_store_key(void)
{
	pthread_key_create(&store_key, close_thread_store);
}

/* This thread's store connection, opened on first use; NULL when the
 * database cannot be opened (the request then gets 503). */
static struct store *
thread_store(const struct http_server *s)
{
	struct store *st = pthread_getspecific(store_key);
	struct wb_err err = { 0 };

	if (st != NULL)
		return st;
	if (store_open(s->config.db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
		fprintf(stderr, "weibao: worker cannot open the database: %s\n", err.msg);
		return NULL;
	}
	pthread_setspecific(store_key, st);
	return st;
}

void
http_config_defaults(struct http_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen_addr, sizeof(c->listen_addr), "127.0.0.1");
	c->port = 8080;
	c->max_body = 10u << 20;
	c->max_connections = 1024;
	c->timeout_s = 60;
}

enum wb_status
http_config_listen(struct http_config *c, const char *spec, struct wb_err *err)
{
	const char *colon = strrchr(spec, ':');
	const char *port = colon ? colon + 1 : spec;
	struct in_addr a;
	char *end;
	long p;

	if (colon && colon != spec) {
		if ((size_t)(colon - spec) >= sizeof(c->listen_addr))
			return wb_err_set(err, WB_ERR_INVALID, "bad listen address %s", spec);
		memcpy(c->listen_addr, spec, (size_t)(colon - spec));
		c->listen_addr[colon - spec] = '\0';
		if (inet_pton(AF_INET, c->listen_addr, &a) != 1)
			return wb_err_set(err, WB_ERR_INVALID,
					  "bad listen address %s (want an IPv4 ADDR:PORT)", spec);
	}
	p = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || p < 0 || p > 65535)
		return wb_err_set(err, WB_ERR_INVALID, "bad port in %s", spec);
	c->port = (uint16_t)p;
	return WB_OK;
}

void
request_reply(struct request *r, unsigned status, json_t *body)
{
	json_decref(r->reply);
	r->status = status;
	r->reply = body;
}

void
request_error(struct request *r, unsigned status, const char *code, const char *message)
{
	request_reply(r, status, json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
					   message));
}

static void
add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result
send_reply(struct MHD_Connection *conn, struct request *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text = NULL;
	size_t len = 0;

	if (r->reply) {
		text = json_dumps(r->reply, JSON_COMPACT | JSON_REAL_PRECISION(15));
		len = text ? strlen(text) : 0;
	}
	resp = MHD_create_response_from_buffer(len, text ? text : (char *)"",
					       text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	if (r->reply)
		MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	add_security_headers(resp);
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
dispatch(struct http_server *s, struct request *r)
{
	const struct route *route;
	bool path_known;

	if (r->body_too_large) {
		request_error(r, 413, "body_too_large", "请求内容过大");
		return;
	}
	route = route_find(r->method, r->path, &path_known);
	if (route == NULL) {
		if (path_known)
			request_error(r, 405, "method_not_allowed", "不支持该请求方法");
		else
			request_error(r, 404, "not_found", "请求的资源不存在");
		return;
	}
	r->store = thread_store(s);
	route->handler(r);
	if (r->status == 0)
		request_error(r, 500, "internal", "服务器内部错误");
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct request *r = *con_cls;
	enum MHD_Result ret;
	(void)version;

	if (r == NULL) {
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			return MHD_NO;
		r->conn = conn;
		r->method = method;
		r->path = url;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		if (!r->body_too_large && r->body_len + n <= s->config.max_body) {
			char *b = realloc(r->body, r->body_len + n + 1);
			if (b == NULL)
				return MHD_NO;
			memcpy(b + r->body_len, upload_data, n);
			r->body = b;
			r->body_len += n;
			r->body[r->body_len] = '\0';
		} else {
			r->body_too_large = true;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	dispatch(s, r);
	ret = send_reply(conn, r);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct request *r = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;

	if (r == NULL)
		return;
	json_decref(r->reply);
	free(r->body);
	free(r);
	*con_cls = NULL;
}

enum wb_status
http_server_start(const struct http_config *c, struct http_server **out, struct wb_err *err)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	const union MHD_DaemonInfo *info;
	struct http_server *s;
	unsigned threads = c->threads;

	pthread_once(&store_key_once, make_store_key);
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}
	if (inet_pton(AF_INET, c->listen_addr, &addr.sin_addr) != 1)
		return wb_err_set(err, WB_ERR_INVALID, "bad listen address %s", c->listen_addr);
	addr.sin_port = htons(c->port);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	s->config = *c;
	s->daemon = MHD_start_daemon(
		MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, c->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		free(s);
		return wb_err_set(err, WB_ERR_IO, "cannot listen on %s:%u (in use, or not allowed)",
				  c->listen_addr, c->port);
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : c->port;
	*out = s;
	return WB_OK;
}

uint16_t
http_server_port(const struct http_server *s)
{
	return s->port;
}

void
http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
