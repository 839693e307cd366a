#include "app/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The test offset: WEIBAO_TEST_CLOCK_OFFSET, or the number in the file named
 * by WEIBAO_TEST_CLOCK_FILE (re-read on every call, so a test can move the
 * clock of a running server).  0 in production, where neither is set. */
static int64_t
test_offset(void)
{
	const char *off = getenv("WEIBAO_TEST_CLOCK_OFFSET");
	const char *file = getenv("WEIBAO_TEST_CLOCK_FILE");
	long long v = 0;
	FILE *f;

	if (off && *off)
		return strtoll(off, NULL, 10);
	if (file && *file && (f = fopen(file, "r")) != NULL) {
		if (fscanf(f, "%lld", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

int64_t
wb_now(void)
{
	return (int64_t)time(NULL) + test_offset();
}
