/* The per-request arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "util/arena.h"

static void
test_allocations_are_aligned_and_distinct(void **state)
{
	struct arena *a = arena_new();
	char *prev = NULL;
	(void)state;

	assert_non_null(a);
	for (int i = 1; i < 5000; i++) {
		char *p = arena_alloc(a, (size_t)(i % 37) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xab, (size_t)(i % 37) + 1);
		assert_ptr_not_equal(p, prev);
		prev = p;
	}
	arena_free(a);
}

static void
test_large_allocations_and_strings(void **state)
{
	struct arena *a = arena_new();
	char *small = arena_strdup(a, "桐乡市"), *big, *after;
	(void)state;

	big = arena_alloc(a, 1 << 20);
	assert_non_null(big);
	memset(big, 1, 1 << 20);
	after = arena_strdup(a, "未保站");
	assert_string_equal(small, "桐乡市");
	assert_string_equal(after, "未保站");
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_memdup(a, "abcdef", 3), "abc");
	assert_true(arena_size(a) >= (1 << 20));
	arena_reset(a);
	assert_true(arena_size(a) < (1 << 20));
	assert_string_equal(arena_strdup(a, "again"), "again");
	arena_free(a);
	arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allocations_are_aligned_and_distinct),
		cmocka_unit_test(test_large_allocations_and_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
