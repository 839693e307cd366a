/* Failed sign-ins per client address, counted in memory (per process). */
#ifndef WB_SEC_THROTTLE_H
#define WB_SEC_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

/* True when addr has had `limit` or more failures within `window` seconds
 * before now. */
bool throttle_blocked(const char *addr, int64_t now, int64_t window, int limit);

/* Counts one failure of addr at now. */
void throttle_fail(const char *addr, int64_t now, int64_t window);

/* Forgets addr (after a successful sign-in). */
void throttle_clear(const char *addr);

#endif
