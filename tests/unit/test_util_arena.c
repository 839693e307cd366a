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

/* The strings of a row, kept: each a copy in the arena, NULL left alone. */
static void
test_keep_strings(void **state)
{
	struct arena *a = arena_new();
	char kind[] = "督办", reason[] = "逾期未反馈";
	const char *k = kind, *r = reason, *none = NULL, *empty = "";
	const char **strs[] = { &k, &none, &r, &empty };
	(void)state;

	assert_true(arena_keep_strings(a, strs, 4));
	assert_ptr_not_equal(k, kind);
	assert_ptr_not_equal(r, reason);
	assert_null(none);
	assert_string_equal(empty, "");
	kind[0] = reason[0] = 'x';          /* the row's buffers change: the copies do not */
	assert_string_equal(k, "督办");
	assert_string_equal(r, "逾期未反馈");
	assert_true(arena_keep_strings(a, strs, 0));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allocations_are_aligned_and_distinct),
		cmocka_unit_test(test_large_allocations_and_strings),
		cmocka_unit_test(test_keep_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
