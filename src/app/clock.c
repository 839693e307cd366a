#include "app/clock.h"

#include <stdlib.h>
#include <time.h>

int64_t
wb_now(void)
{
	const char *off = getenv("WEIBAO_TEST_CLOCK_OFFSET");
	int64_t now = (int64_t)time(NULL);

	if (off && *off)
		now += strtoll(off, NULL, 10);
	return now;
}
