#include "app/clock.h"

#include <time.h>

#ifdef WEIBAO_TEST_CLOCK
/* The hooked clock of weibao-test and the unit tests (CMake compiles this
 * file twice; only this copy reads the environment). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* The test offset: WEIBAO_TEST_CLOCK_OFFSET, or the number in the file named
 * by WEIBAO_TEST_CLOCK_FILE (re-read on every call, so a test can move the
 * clock of a running server).  0 when neither is set. */
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
	static atomic_flag announced = ATOMIC_FLAG_INIT;
	int64_t off = test_offset();

	/* stderr, once per process: stdout is parsed by some tests */
	if (off != 0 && !atomic_flag_test_and_set(&announced))
		fprintf(stderr, "weibao: TEST CLOCK active: offset %lld s\n", (long long)off);
	return (int64_t)time(NULL) + off;
}

#else

int64_t
wb_now(void)
{
	return (int64_t)time(NULL);
}

#endif
