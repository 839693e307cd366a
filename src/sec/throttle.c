/*
 * A small table of recent sign-in failures per client address.  When full,
 * the entry with the oldest window is reused, so an attacker cannot grow it;
 * the per-account lockout in the database is the stronger, shared guard.
 */
#include "sec/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 1024

struct slot {
	char addr[64];
	int64_t start;
	int count;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of addr, or NULL; called with the lock held. */
static struct slot *
find(const char *addr)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].count > 0 && strcmp(slots[i].addr, addr) == 0)
			return &slots[i];
	return NULL;
}

bool
throttle_blocked(const char *addr, int64_t now, int64_t window, int limit)
{
	struct slot *s;
	bool blocked = false;

	pthread_mutex_lock(&lock);
	s = find(addr);
	if (s && now - s->start < window)
		blocked = s->count >= limit;
	pthread_mutex_unlock(&lock);
	return blocked;
}

void
throttle_fail(const char *addr, int64_t now, int64_t window)
{
	struct slot *s, *oldest = &slots[0];

	pthread_mutex_lock(&lock);
	s = find(addr);
	if (s == NULL) {
		for (int i = 0; i < SLOTS; i++) {
			if (slots[i].count == 0) {
				oldest = &slots[i];
				break;
			}
			if (slots[i].start < oldest->start)
				oldest = &slots[i];
		}
		s = oldest;
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
		s->count = 0;
		s->start = now;
	}
	if (now - s->start >= window) {
		s->count = 0;
		s->start = now;
	}
	s->count++;
	pthread_mutex_unlock(&lock);
}

void
throttle_clear(const char *addr)
{
	struct slot *s;

	pthread_mutex_lock(&lock);
	s = find(addr);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&lock);
}
