/*
 * libmicrohttpd glue and the one choke point every request passes:
 * route → authenticate → CSRF → permission → validate body → handler (in a
 * transaction for writes) → audit → reply.
 *
 * Poll mode with a thread pool (epoll stalls on Debian's 0.9.75, see
 * DESIGN.md).  Bodies are collected over the repeated handler calls (bounded)
 * and answered on the final call, which also keeps connections alive.  Each
 * pool thread opens its own store connection.
 */
#include "http/server.h"

#include <ctype.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app/clock.h"
#include "http/audit.h"
#include "http/auth.h"
#include "http/connguard.h"
#include "http/route.h"
#include "http/static.h"
#include "http/validate.h"
#include "sec/token.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/text.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct connguard *guard;   /* per-address limit, head deadline */
	const struct http_ctx *ctx;
	char addr[64];
	uint16_t port;
};

static void request_free(void *p);

static pthread_key_t store_key;
static pthread_key_t spare_key;   /* see request_new() */
static pthread_once_t store_key_once = PTHREAD_ONCE_INIT;

static void
close_thread_store(void *st)
{
	if (st)
		metrics_db_connections(-1);
	store_close(st);
}

static void
make_store_key(void)
{
	pthread_key_create(&store_key, close_thread_store);
	pthread_key_create(&spare_key, request_free);
}

/* This thread's store connection, opened on first use; NULL when the
 * database cannot be opened (the request then gets 503). */
static struct store *
thread_store(const struct http_ctx *ctx)
{
	struct store *st = pthread_getspecific(store_key);
	struct wb_err err = { 0 };
	bool lost = false;

	if (st != NULL) {
		if (store_connection_ok(st))
			return st;
		log_msg(WB_LOG_WARN, "db.lost", "a worker lost its database connection; reconnecting");
		metrics_db_connections(-1);
		store_close(st);
		pthread_setspecific(store_key, NULL);
		lost = true;
	}
	if (store_open(ctx->db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
		log_msg(WB_LOG_ERROR, "db.unavailable", "a worker cannot open the database: %s",
			err.msg);
		return NULL;
	}
	metrics_db_connections(1);
	if (lost)
		log_msg(WB_LOG_INFO, "db.reconnect", "a worker reconnected to the database");
	pthread_setspecific(store_key, st);
	return st;
}

enum wb_status
http_parse_listen(const char *spec, char addr[64], uint16_t *port, struct wb_err *err)
{
	const char *colon = strrchr(spec, ':');
	const char *p = colon ? colon + 1 : spec;
	struct in_addr a;
	char *end;
	long n;

	snprintf(addr, 64, "127.0.0.1");
	if (colon && colon != spec) {
		if ((size_t)(colon - spec) >= 64)
			return wb_err_set(err, WB_ERR_INVALID, "bad listen address %s", spec);
		memcpy(addr, spec, (size_t)(colon - spec));
		addr[colon - spec] = '\0';
		if (inet_pton(AF_INET, addr, &a) != 1)
			return wb_err_set(err, WB_ERR_INVALID,
					  "bad listen address %s (want an IPv4 ADDR:PORT)", spec);
	}
	n = strtol(p, &end, 10);
	if (*p == '\0' || *end != '\0' || n < 0 || n > 65535)
		return wb_err_set(err, WB_ERR_INVALID, "bad port in listen address %s", spec);
	*port = (uint16_t)n;
	return WB_OK;
}

static void
add_security_headers(struct MHD_Response *resp, bool api)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				api ? "default-src 'none'; frame-ancestors 'none'"
				    : "default-src 'self'; img-src 'self' data:; style-src 'self' "
				      "'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
				      "form-action 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (api)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* Content-Disposition for a UTF-8 file name (RFC 6266): an ASCII fallback
 * (other characters as '_') and the name itself percent-encoded in
 * filename* (RFC 5987), which browsers prefer.  out must hold 4 bytes per
 * byte of name plus 64. */
static void
content_disposition(const char *name, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o, len = strlen(name);

	o = (size_t)snprintf(out, n, "attachment; filename=\"");
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c & 0xC0) == 0x80)
			continue;   /* a multi-byte character counts once */
		out[o++] = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char)c : '_';
	}
	o += (size_t)snprintf(out + o, o < n ? n - o : 0, "\"; filename*=UTF-8''");
	for (size_t i = 0; i < len && o + 4 < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isalnum(c) || strchr("!#$&+-.^_`|~", c)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o < n ? o : n - 1] = '\0';
}

/* Serialises a reply into a malloc'd buffer the caller frees (*len bytes,
 * not NUL-terminated); NULL when out of memory.  json_dumpb into a stack
 * buffer first: most replies fit, and it avoids jansson's growing buffer. */
static char *
dump_json(const json_t *reply, size_t *len)
{
	const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(15);
	char stack[8192], *out;
	size_t n = json_dumpb(reply, stack, sizeof(stack), flags);

	if (n == 0)
		return NULL;
	out = malloc(n);
	if (out == NULL)
		return NULL;
	if (n <= sizeof(stack))
		memcpy(out, stack, n);
	else if (json_dumpb(reply, out, n, flags) != n) {
		free(out);
		return NULL;
	}
	*len = n;
	return out;
}

static enum MHD_Result
send_reply(struct MHD_Connection *conn, struct request *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text = NULL;
	size_t len = 0;

	if (r->raw) {
		resp = MHD_create_response_from_buffer(r->raw_len, r->raw, MHD_RESPMEM_MUST_FREE);
		if (resp)
			r->raw = NULL;
	} else {
		if (r->reply) {
			text = dump_json(r->reply, &len);
			if (text == NULL)
				return MHD_NO;
		}
		resp = MHD_create_response_from_buffer(len, text ? text : (char *)"",
						       text ? MHD_RESPMEM_MUST_FREE
							    : MHD_RESPMEM_PERSISTENT);
	}
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	r->reply_bytes = r->raw_type[0] ? r->raw_len : len;
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	if (r->raw_type[0]) {
		char disp[1200];
		MHD_add_response_header(resp, "Content-Type", r->raw_type);
		content_disposition(r->raw_filename, disp, sizeof(disp));
		if (r->raw_filename[0])
			MHD_add_response_header(resp, "Content-Disposition", disp);
	} else if (r->reply) {
		MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	}
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	add_security_headers(resp, true);
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Runs the handler.  Writes run in one transaction with their audit event,
 * committed by request_audit_commit(); a handler flagged ROUTE_OWN_TX opens
 * its own transactions and commits the last one that way itself.  Audited
 * reads (exports, downloads) read one snapshot in a read transaction, never
 * holding the write lock, then write their event in a short transaction of
 * its own — the file is withheld when the event cannot be written.
 * Whatever is refused is audited as a refusal. */
static void
run_handler(struct request *r)
{
	bool write = is_write(r->method), audited_read = !write && (r->route->flags & ROUTE_AUDIT);
	struct wb_err err = { 0 };
	enum wb_status rc = WB_OK;

	if (!write || (r->route->flags & ROUTE_OWN_TX)) {
		if (audited_read)
			rc = store_begin_read(r->store, &err);
		if (rc != WB_OK) {
			request_fail(r, rc, "");
			return;
		}
		r->route->handler(r);
		if (r->status == 0)
			request_error(r, 500, "internal", "服务器内部错误");
		if (store_in_transaction(r->store))
			store_rollback_all(r->store);   /* the read snapshot, or a handler's leftover */
		if (audited_read && r->status < 400) {
			rc = store_begin(r->store, &err);
			if (rc != WB_OK)
				request_fail(r, rc, "");
			else
				request_audit_commit(r);
			return;
		}
		if (r->status >= 400 || (write && !r->audited))
			request_audit_refusal(r);
		return;
	}
	rc = store_begin(r->store, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	r->route->handler(r);
	if (r->status == 0)
		request_error(r, 500, "internal", "服务器内部错误");
	if (r->status < 400) {
		request_audit_commit(r);
		return;
	}
	/* a refused write changes nothing, but the attempt is recorded */
	store_rollback_all(r->store);
	request_audit_refusal(r);
}

/* False (reply set) when a query argument is not text: invalid UTF-8,
 * control characters or longer than 256 bytes. */
static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
	  size_t value_size)
{
	bool *ok = cls;
	(void)kind;

	/* text_is_utf8 also refuses the NUL bytes a %00 would put inside */
	if (!text_is_utf8(key, key_size) || (value && (value_size > 256 ||
						       !text_is_utf8(value, value_size)))) {
		*ok = false;
		return MHD_NO;
	}
	for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++)
		if (*p < 0x20) {
			*ok = false;
			return MHD_NO;
		}
	return MHD_YES;
}

static bool
query_is_text(struct request *r)
{
	bool ok = true;

	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &ok);
	if (!ok)
		request_error(r, 400, "invalid_query", "查询参数不是有效的文本");
	return ok;
}

/* True when the body is declared JSON; a form post from another site cannot
 * be, which closes login CSRF. */
static bool
body_is_json(struct request *r)
{
	const char *type = request_header(r, "Content-Type");

	if (type && strncasecmp(type, "application/json", 16) == 0 &&
	    (type[16] == '\0' || type[16] == ';' || type[16] == ' '))
		return true;
	request_error(r, 415, "unsupported_media_type", "请求内容必须是 JSON（Content-Type: application/json）");
	return false;
}

/*
 * The caller's data scope for the route's records, and the service layer's
 * context with it: a handler reaches scoped records only through r->app,
 * whose scope the choke point built.  A public route (no user) sees no
 * scoped record at all.
 */
static void
scope_request(const struct http_ctx *ctx, struct request *r)
{
	enum scope_kind kind = r->authed ? scope_kind_parse(r->user.scope_kind) : SCOPE_KIND__MAX;

	r->scope = scope_make(r->authed ? r->route->scope : SCOPE_RULE_NONE, kind,
			      r->user.scope_division, r->user.unit_id, r->user.user_id,
			      r->authed ? r->user.scope_institution : 0);
	r->app = (struct app_ctx){
		.st = r->store, .config = &ctx->config, .keys = r->keys, .scope = &r->scope,
		.user_id = r->authed ? r->user.user_id : 0,
		.login = r->authed ? r->user.login : NULL,
		.unit_id = r->authed ? r->user.unit_id : 0, .now = wb_now(), .arena = r->arena,
	};
}

/*
 * The client's address: the connection's peer, or — when the peer is one of
 * the configured trusted proxies — the right-most address of X-Forwarded-For
 * that is not itself a trusted proxy (the left part can be forged by the
 * client).  Malformed entries leave the peer's address in place.
 */
static void
resolve_client(const struct http_ctx *ctx, struct request *r)
{
	const char *xff;
	char one[64];
	unsigned char buf[16];
	size_t end;

	if (ctx->config.trusted_proxies[0] == '\0' ||
	    !config_is_trusted_proxy(&ctx->config, r->client_addr))
		return;
	xff = request_header(r, "X-Forwarded-For");
	if (xff == NULL)
		return;
	end = strlen(xff);
	while (end > 0) {
		size_t start = end, n;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		while (start < end && xff[start] == ' ')
			start++;
		n = end;
		while (n > start && xff[n - 1] == ' ')
			n--;
		if (n == start || n - start >= sizeof(one))
			return;
		memcpy(one, xff + start, n - start);
		one[n - start] = '\0';
		if (inet_pton(AF_INET, one, buf) != 1 && inet_pton(AF_INET6, one, buf) != 1)
			return;
		snprintf(r->client_addr, sizeof(r->client_addr), "%s", one);
		if (!config_is_trusted_proxy(&ctx->config, one))
			return;
		end = start > 0 ? start - 1 : 0;
	}
}

/*
 * The choke point: route → body size → query (text, then the route's
 * declared parameters) → database → session → CSRF → permission → body
 * schema → handler → audit.  Every refusal on the way is
 * audited (see http/audit.h), except a read without a session (the UI asks
 * /me before signing in) and an unavailable database.
 */
static void
dispatch(const struct http_ctx *ctx, struct request *r)
{
	const char *csrf;
	bool path_known;

	r->api = true;
	r->keys = keyring_get(ctx->keyring);
	resolve_client(ctx, r);
	r->route = route_find(ctx->routes, ctx->nroutes, r->method, r->path, r, &path_known);
	r->store = thread_store(ctx);
	if (r->store == NULL) {
		request_error(r, 503, "db_unavailable", "数据库暂不可用");
		return;
	}
	if (r->body_too_large)
		request_error(r, 413, "body_too_large", "请求内容过大");
	else if (r->route == NULL && path_known)
		request_error(r, 405, "method_not_allowed", "不支持该请求方法");
	else if (r->route == NULL)
		request_error(r, 404, "not_found", "请求的资源不存在");
	if (r->status || !query_is_text(r) || !validate_query(r, r->route->query))
		goto refused;
	if (!(r->route->flags & ROUTE_PUBLIC)) {
		if (!auth_session(r)) {
			if (is_write(r->method))
				goto refused;
			return;
		}
		if (is_write(r->method) && !(r->route->flags & ROUTE_NO_CSRF)) {
			csrf = request_header(r, "X-CSRF-Token");
			if (!token_equal(csrf, r->user.csrf_token)) {
				request_error(r, 403, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面");
				goto refused;
			}
		}
		if (r->route->perm != PERM_SIGNED_IN && !request_has(r, r->route->perm) &&
		    !(r->perms & r->route->also)) {
			request_error(r, 403, "forbidden", "没有权限执行此操作");
			goto refused;
		}
		if (r->totp_setup_required && !(r->route->flags & ROUTE_BEFORE_TOTP)) {
			request_error(r, 403, "totp_setup_required",
				      "您的账号须先启用两步验证（“修改密码”页 → 两步验证），才能使用其他功能");
			goto refused;
		}
	}
	if (r->route->fields && (!body_is_json(r) || !validate_body(r, r->route->fields)))
		goto refused;
	scope_request(ctx, r);
	run_handler(r);
	return;
refused:
	if (r->status != 503)
		request_audit_refusal(r);
}

static void
client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

/* Serves the web UI for GET paths outside the API. */
static enum MHD_Result
serve_static(const struct http_ctx *ctx, struct MHD_Connection *conn, const char *url,
	     const char *request_id)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
	struct MHD_Response *resp;
	enum MHD_Result ret;
	unsigned status;

	resp = static_response(ctx->config.web_root, url, ae && strstr(ae, "gzip"), &status);
	if (resp == NULL) {
		static const char msg[] = "weibao: the web UI is not built (cd web && npm ci && npm run build)\n";
		resp = MHD_create_response_from_buffer(sizeof(msg) - 1, (void *)msg,
						       MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
		status = 404;
	}
	add_security_headers(resp, false);
	MHD_add_response_header(resp, "X-Request-Id", request_id);
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Frees a request and its arena. */
static void
request_free(void *p)
{
	struct request *r = p;

	if (r == NULL)
		return;
	arena_free(r->arena);
	free(r);
}

/*
 * A zeroed request with an empty arena; the caller hands it back with
 * request_recycle().  One spare request (with its arena's first block) per
 * thread: a request is large enough that malloc would consolidate its heap
 * for every one.  Completion runs on the thread that served the connection,
 * so the spare never crosses threads; the key's destructor frees it when the
 * thread ends.  NULL when out of memory.
 */
static struct request *
request_new(void)
{
	struct request *r = pthread_getspecific(spare_key);
	struct arena *a;

	if (r == NULL) {
		r = calloc(1, sizeof(*r));
		if (r && (r->arena = arena_new()) == NULL) {
			free(r);
			return NULL;
		}
		return r;
	}
	pthread_setspecific(spare_key, NULL);
	a = r->arena;
	memset(r, 0, sizeof(*r));
	arena_reset(a);
	r->arena = a;
	return r;
}

static void
request_recycle(struct request *r)
{
	if (pthread_getspecific(spare_key) == NULL && pthread_setspecific(spare_key, r) == 0)
		return;
	request_free(r);
}

/* True when the request declares a body larger than max_body_bytes. */
static bool
declared_too_large(const struct http_ctx *ctx, struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	unsigned long long n;
	char *end;

	if (cl == NULL || *cl < '0' || *cl > '9')
		return false;
	n = strtoull(cl, &end, 10);
	return n > ctx->config.max_body_bytes;
}

/* Paths answered by the choke point, not the web UI; /metrics among them so
 * that the public port answers it 404 (it is served on metrics_listen only). */
static bool
is_api_path(const char *url)
{
	return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0 ||
	       strcmp(url, "/healthz") == 0 || strcmp(url, "/metrics") == 0;
}

/* CLOCK_MONOTONIC in microseconds. */
static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* True when the client's X-Request-Id can be used as ours: 1 to 64 of
 * [A-Za-z0-9._-]. */
static bool
request_id_ok(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	for (n = 0; s[n]; n++) {
		char c = s[n];
		if (n >= 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return n > 0;
}

/* The request's id into out: the client's X-Request-Id when well-formed,
 * else 16 hex digits from randombytes (drawn 128 bytes at a time per thread). */
static void
request_id(struct MHD_Connection *conn, char out[65])
{
	static _Thread_local unsigned char pool[128];
	static _Thread_local size_t used = sizeof(pool);
	const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");

	if (request_id_ok(given)) {
		snprintf(out, 65, "%s", given);
		return;
	}
	if (used + 8 > sizeof(pool)) {
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	sodium_bin2hex(out, 65, pool + used, 8);
	used += 8;
}

/* The method for the log: one of HTTP's own, else "other" (never the
 * client's bytes). */
static const char *
method_name(const char *m)
{
	static const char *const known[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
					     "OPTIONS" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return "other";
}

/* Counts an answered API request and writes its log line: the route's
 * pattern, never the path or query (no personal data, nothing of the
 * client's but a well-formed request id). */
static void
request_done(const struct request *r, bool complete)
{
	int64_t us = now_us() - r->started_us;
	enum log_level level = r->status >= 500 ? WB_LOG_ERROR : WB_LOG_INFO;
	int64_t user = r->authed ? r->user.user_id : r->status < 400 ? r->audit_user_id : 0;

	metrics_request(r->route ? (size_t)(r->route - r->ctx->routes) : METRICS_NO_ROUTE,
			r->status, us);
	if (r->route && (r->status == 401 || r->status == 429) &&
	    strcmp(r->route->action, "session.create") == 0)
		metrics_signin_failure(r->status == 429);
	if (log_enabled(level)) {
		const struct log_member m[] = {
			{ "request_id", LOG_STR, r->request_id, 0 },
			{ "user_id", user > 0 ? LOG_INT : LOG_NULL, NULL, user },
			{ "route", LOG_STR, r->route ? r->route->pattern : NULL, 0 },
			{ "method", LOG_STR, method_name(r->method), 0 },
			{ "status", LOG_INT, NULL, r->status },
			{ "duration_ms", LOG_MS, NULL, us },
			{ "bytes", LOG_INT, NULL, (long long)r->reply_bytes },
			{ "complete", LOG_FALSE, NULL, 0 },
		};
		/* "complete": false only when the answer was cut short */
		log_members(level, "request", m, complete ? 7 : 8);
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	const struct http_ctx *ctx = cls;
	struct request *r = *con_cls;
	(void)version;

	if (r == NULL) {
		connguard_head_complete(conn);
		r = request_new();
		if (r == NULL)
			return MHD_NO;
		r->ctx = ctx;
		r->conn = conn;
		r->method = method;
		r->path = url;
		r->started_us = now_us();
		request_id(conn, r->request_id);
		client_address(conn, r->client_addr, sizeof(r->client_addr));
		*con_cls = r;
		if (declared_too_large(ctx, conn)) {
			/* refused before a byte of the body is read; MHD then closes */
			r->body_too_large = true;
			dispatch(ctx, r);
			return send_reply(conn, r);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		if (!r->body_too_large && r->body_len + n <= ctx->config.max_body_bytes) {
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
	if (!is_api_path(url) && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return serve_static(ctx, conn, url, r->request_id);
	dispatch(ctx, r);
	return send_reply(conn, r);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct request *r = *con_cls;
	(void)cls;

	connguard_request_done(conn);
	if (r == NULL)
		return;
	if (r->api)
		request_done(r, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	json_decref(r->reply);
	json_decref(r->json);
	free(r->raw);
	free(r->body);
	request_recycle(r);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages (a connection closed mid-request, …) as
 * "http.mhd" warnings, at most 20 a minute: a flood of closed connections
 * must not flood the log. */
static void __attribute__((format(printf, 2, 0)))
mhd_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static time_t window;
	static long lines, dropped;
	time_t now = time(NULL);
	long shown_dropped = 0;
	char msg[512];
	size_t n;
	bool print;
	(void)cls;

	pthread_mutex_lock(&lock);
	if (now - window >= 60) {
		shown_dropped = dropped;
		window = now;
		lines = dropped = 0;
	}
	print = lines++ < 20;
	if (!print)
		dropped++;
	pthread_mutex_unlock(&lock);
	if (shown_dropped)
		log_msg(WB_LOG_WARN, "http.mhd", "%ld more messages in the last minute not shown",
			shown_dropped);
	if (print) {
		vsnprintf(msg, sizeof(msg), fmt, ap);
		n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
			msg[--n] = '\0';
		log_msg(WB_LOG_WARN, "http.mhd", "%s", msg);
	}
}

enum wb_status
http_server_start(const struct http_ctx *ctx, struct http_server **out, struct wb_err *err)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	const union MHD_DaemonInfo *info;
	struct http_server *s;
	unsigned threads = (unsigned)ctx->config.threads;
	uint16_t port;

	pthread_once(&store_key_once, make_store_key);
	for (size_t i = 0; i < ctx->nroutes; i++)
		metrics_route_name(i, ctx->routes[i].method, ctx->routes[i].pattern);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (http_parse_listen(ctx->config.listen, s->addr, &port, err) != WB_OK) {
		free(s);
		return WB_ERR_INVALID;
	}
	if (threads == 0) {
		/* two workers per core: each spends part of every request blocked
		 * in SQLite's file locks, and measured on 2 cores 4 workers answer
		 * 45% more than 2, with no gain past 4 (bench/RESULTS.md) */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = 2 * (n > 0 ? (unsigned)n : 1);
	}
	inet_pton(AF_INET, s->addr, &addr.sin_addr);
	addr.sin_port = htons(port);
	s->ctx = ctx;
	if (connguard_create(&ctx->config, &s->guard, err) != WB_OK) {
		free(s);
		return WB_ERR_NOMEM;
	}
	s->daemon = MHD_start_daemon(
		MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO, port,
		connguard_accept, s->guard, on_request, (void *)ctx,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,   /* first, or MHD warns on stderr */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)ctx->config.connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)ctx->config.connection_timeout_s,
		/* MHD clears a connection's whole pool for every request; 8 KiB holds
		 * any sane request head (as nginx's default header buffers do; bodies
		 * arrive in chunks outside the pool) at a quarter of the default's cost. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)8192,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, connguard_notify, s->guard,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		wb_err_set(err, WB_ERR_IO, "cannot listen on %s:%u (in use, or not allowed)", s->addr,
			   port);
		connguard_destroy(s->guard);
		free(s);
		return WB_ERR_IO;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	*out = s;
	return WB_OK;
}

uint16_t
http_server_port(const struct http_server *s)
{
	return s->port;
}

const char *
http_server_addr(const struct http_server *s)
{
	return s->addr;
}

void
http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	connguard_destroy(s->guard);   /* after MHD: every connection is closed */
	free(s);
}
