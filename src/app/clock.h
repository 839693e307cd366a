/* The one clock of the program.  In the `weibao` binary it is the real time.
 * The `weibao-test` binary and the unit tests are built with WEIBAO_TEST_CLOCK
 * (see CMakeLists.txt): there WEIBAO_TEST_CLOCK_OFFSET or WEIBAO_TEST_CLOCK_FILE
 * (seconds added to the real time) move it so deadlines and expiry can be
 * exercised, and a non-zero offset is announced once on stderr. */
#ifndef WB_APP_CLOCK_H
#define WB_APP_CLOCK_H

#include <stdint.h>

/* Unix seconds (shifted by the test offset in the test build). */
int64_t wb_now(void);

#endif
