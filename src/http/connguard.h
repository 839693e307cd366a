/*
 * Connection guard against slow-header (Slowloris) attacks on libmicrohttpd:
 * a limit on the connections open from one client address (trusted proxies
 * exempt) and a deadline for every request head that trickling cannot reset.
 *
 * Wiring: connguard_accept is MHD_start_daemon's accept policy callback and
 * connguard_notify its MHD_OPTION_NOTIFY_CONNECTION callback, both with the
 * guard as closure; the access handler calls connguard_head_complete on its
 * first call for a request, the completion callback connguard_request_done.
 */
#ifndef WB_HTTP_CONNGUARD_H
#define WB_HTTP_CONNGUARD_H

#include <microhttpd.h>
#include <sys/socket.h>

#include "app/config.h"
#include "util/err.h"

struct connguard;

/* Creates a guard for config's address_connection_limit, header_timeout_s and
 * trusted_proxies, and starts its reaper thread.  config must outlive the
 * guard; *out is freed by connguard_destroy(). */
enum wb_status connguard_create(const struct wb_config *config, struct connguard **out,
				struct wb_err *err);

/* Stops the reaper and frees the guard (NULL is fine).  Call it after
 * MHD_stop_daemon: by then every connection has been reported closed. */
void connguard_destroy(struct connguard *g);

/* MHD_AcceptPolicyCallback (cls: the guard): MHD_NO when addr already has
 * address_connection_limit connections open. */
enum MHD_Result connguard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);

/* MHD_NotifyConnectionCallback (cls: the guard): counts and tracks the
 * connection while it is open; *socket_context is the guard's own. */
void connguard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		      enum MHD_ConnectionNotificationCode code);

/* The head of conn's current request has arrived whole: no deadline until
 * connguard_request_done. */
void connguard_head_complete(struct MHD_Connection *conn);

/* conn's request is over; the next request's head is due within
 * header_timeout_s from now. */
void connguard_request_done(struct MHD_Connection *conn);

#endif
