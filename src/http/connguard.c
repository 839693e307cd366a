/*
 * Connection guard: per-address connection limit and request-head deadline.
 *
 * Every open connection has a record (MHD's socket context) on one list, and
 * every client address with connections open an entry counting them in a
 * small chained hash table; an entry goes when its count reaches 0, so the
 * table never holds more than the open connections.  One mutex covers both.
 *
 * A record's deadline is set when the connection opens and again when a
 * request completes (the next head is awaited), and cleared when a head has
 * arrived whole.  The reaper thread wakes every second and shuts down
 * (shutdown(2), not close) the socket of every connection past its deadline;
 * MHD then sees end-of-file and closes the connection itself.  A connection
 * with bytes in its socket that MHD has not read yet is spared until it has:
 * its worker is busy in a handler, so the delay is the server's, not the
 * client's (an idle worker reads every trickled byte at once).
 *
 * fd lifetime (libmicrohttpd 0.9.75, daemon.c): a connection's socket is
 * closed only after MHD_CONNECTION_NOTIFY_CLOSED has been delivered
 * (MHD_cleanup_connections, and the failure path of new_connection_process_),
 * and socket_fd is never reassigned in between.  The reaper shuts a socket
 * down only while holding the mutex and while the record is on the list;
 * NOTIFY_CLOSED takes the record off under the same mutex.  So the fd the
 * reaper touches is always still the connection's own, never a reused one.
 * (MHD's own stop does the same: shutdown(SHUT_RDWR) of live sockets.)
 */
#include "http/connguard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#define CG_BUCKETS 256   /* power of two */

struct cg_addr {
	struct cg_addr *next;   /* hash chain */
	unsigned count;         /* connections open from key */
	char key[INET6_ADDRSTRLEN];
};

struct cg_conn {
	struct connguard *guard;
	struct cg_conn *prev, *next;  /* the guard's list of open connections */
	struct cg_addr *addr;         /* NULL: not counted (exempt, or refused) */
	int fd;
	bool reaped;                  /* already shut down */
	atomic_llong deadline_ms;     /* monotonic; 0: head arrived, none */
};

struct connguard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t reaper;
	bool stop;
	const struct wb_config *config;
	unsigned limit;
	long long timeout_ms;
	struct cg_conn *conns;
	struct cg_addr *buckets[CG_BUCKETS];
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes sa's address as inet_ntop does into key; false when sa is not IP
 * (such connections are not limited). */
static bool
addr_key(const struct sockaddr *sa, char key[INET6_ADDRSTRLEN])
{
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, key,
				 INET6_ADDRSTRLEN) != NULL;
	if (sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, key,
				 INET6_ADDRSTRLEN) != NULL;
	return false;
}

/* The bucket of key (FNV-1a). */
static struct cg_addr **
bucket_of(struct connguard *g, const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &g->buckets[h & (CG_BUCKETS - 1)];
}

/* key's entry, or NULL; g->lock held. */
static struct cg_addr *
addr_find(struct connguard *g, const char *key)
{
	for (struct cg_addr *a = *bucket_of(g, key); a; a = a->next)
		if (strcmp(a->key, key) == 0)
			return a;
	return NULL;
}

/* key's entry, added with count 0 when missing; NULL when out of memory.
 * g->lock held; the table owns the entry (addr_release frees it). */
static struct cg_addr *
addr_get(struct connguard *g, const char *key)
{
	struct cg_addr **b, *a = addr_find(g, key);

	if (a)
		return a;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	b = bucket_of(g, key);
	memcpy(a->key, key, sizeof(a->key));
	a->next = *b;
	*b = a;
	return a;
}

/* Drops one connection from a's count, freeing a at 0; g->lock held. */
static void
addr_release(struct connguard *g, struct cg_addr *a)
{
	struct cg_addr **p;

	if (--a->count > 0)
		return;
	for (p = bucket_of(g, a->key); *p != a; p = &(*p)->next)
		;
	*p = a->next;
	free(a);
}

static void *
reap(void *arg)
{
	struct connguard *g = arg;
	struct timespec until;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		long long now = now_ms();
		for (struct cg_conn *c = g->conns; c; c = c->next) {
			long long due = atomic_load(&c->deadline_ms);
			int unread = 0;
			if (c->reaped || due == 0 || now < due)
				continue;
			/* bytes its worker has not read yet: the server is behind
			 * (busy in a handler), not the client; look again later */
			if (ioctl(c->fd, FIONREAD, &unread) == 0 && unread > 0)
				continue;
			/* the record is on the list, so MHD has not closed fd */
			shutdown(c->fd, SHUT_RDWR);
			c->reaped = true;
		}
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += 1;
		while (!g->stop && pthread_cond_timedwait(&g->wake, &g->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

enum wb_status
connguard_create(const struct wb_config *config, struct connguard **out, struct wb_err *err)
{
	struct connguard *g = calloc(1, sizeof(*g));
	pthread_condattr_t attr;
	int rc;

	if (g == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	g->config = config;
	g->limit = config->address_connection_limit > 0 ? (unsigned)config->address_connection_limit
							 : 1;
	g->timeout_ms = (long long)config->header_timeout_s * 1000;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	rc = pthread_create(&g->reaper, NULL, reap, g);
	if (rc != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return wb_err_set(err, WB_ERR_NOMEM, "cannot start the connection reaper: %s",
				  strerror(rc));
	}
	*out = g;
	return WB_OK;
}

void
connguard_destroy(struct connguard *g)
{
	struct cg_conn *c;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->reaper, NULL);
	/* nothing is left once MHD has stopped; free whatever is, all the same */
	while ((c = g->conns) != NULL) {
		g->conns = c->next;
		if (c->addr)
			addr_release(g, c->addr);
		free(c);
	}
	for (size_t i = 0; i < CG_BUCKETS; i++)
		while (g->buckets[i]) {
			struct cg_addr *a = g->buckets[i];
			g->buckets[i] = a->next;
			free(a);
		}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

enum MHD_Result
connguard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct connguard *g = cls;
	char key[INET6_ADDRSTRLEN];
	struct cg_addr *a;
	bool ok;
	(void)addrlen;

	if (!addr_key(addr, key) || config_is_trusted_proxy(g->config, key))
		return MHD_YES;
	/* a first check only: connguard_notify counts, and enforces it firmly */
	pthread_mutex_lock(&g->lock);
	a = addr_find(g, key);
	ok = a == NULL || a->count < g->limit;
	pthread_mutex_unlock(&g->lock);
	return ok ? MHD_YES : MHD_NO;
}

/* NOTIFY_STARTED: a record for conn in *socket_context, counted against its
 * address.  Runs on the thread that owns conn, so shutting fd down here is
 * safe.  The record is freed by connection_closed. */
static void
connection_started(struct connguard *g, struct MHD_Connection *conn, void **socket_context)
{
	const union MHD_ConnectionInfo *fdi =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ai =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char key[INET6_ADDRSTRLEN];
	bool limited = addr_key(ai ? ai->client_addr : NULL, key) &&
		       !config_is_trusted_proxy(g->config, key);
	struct cg_conn *c;

	*socket_context = NULL;
	if (fdi == NULL)
		return;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		shutdown(fdi->connect_fd, SHUT_RDWR);  /* untracked: refuse it */
		return;
	}
	c->guard = g;
	c->fd = fdi->connect_fd;
	atomic_init(&c->deadline_ms, now_ms() + g->timeout_ms);
	pthread_mutex_lock(&g->lock);
	if (limited) {
		struct cg_addr *a = addr_get(g, key);
		if (a && a->count < g->limit) {
			a->count++;
			c->addr = a;
		} else {
			/* over the limit (several workers passed the accept check at
			 * once), or no memory: close it at once.  (limit >= 1, so a
			 * refused address already has an entry with a count.) */
			shutdown(c->fd, SHUT_RDWR);
			c->reaped = true;
		}
	}
	c->next = g->conns;
	if (g->conns)
		g->conns->prev = c;
	g->conns = c;
	pthread_mutex_unlock(&g->lock);
	*socket_context = c;
}

/* NOTIFY_CLOSED: uncounts and frees conn's record, before MHD closes fd. */
static void
connection_closed(struct connguard *g, void **socket_context)
{
	struct cg_conn *c = *socket_context;

	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (c->addr)
		addr_release(g, c->addr);
	pthread_mutex_unlock(&g->lock);
	free(c);
	*socket_context = NULL;
}

void
connguard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		 enum MHD_ConnectionNotificationCode code)
{
	struct connguard *g = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		connection_started(g, conn, socket_context);
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
		connection_closed(g, socket_context);
}

/* conn's record, or NULL when the guard does not track it. */
static struct cg_conn *
record_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

void
connguard_head_complete(struct MHD_Connection *conn)
{
	struct cg_conn *c = record_of(conn);

	if (c)
		atomic_store(&c->deadline_ms, 0);
}

void
connguard_request_done(struct MHD_Connection *conn)
{
	struct cg_conn *c = record_of(conn);

	if (c)
		atomic_store(&c->deadline_ms, now_ms() + c->guard->timeout_ms);
}
