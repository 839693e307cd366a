/* The one clock of the program.  Tests move it with WEIBAO_TEST_CLOCK_OFFSET
 * or WEIBAO_TEST_CLOCK_FILE (seconds added to the real time) so deadlines and
 * expiry can be exercised. */
#ifndef WB_APP_CLOCK_H
#define WB_APP_CLOCK_H

#include <stdint.h>

/* Unix seconds, shifted by the test offset when one is set. */
int64_t wb_now(void);

#endif
