/* The route table keeps the rules the choke point relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/routes.h"

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0;
}

static void
test_every_write_is_audited_and_declares_its_body(void **state)
{
	size_t n;
	const struct route *r = route_table(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		if (!is_write(r[i].method))
			continue;
		assert_non_null(r[i].action);
		assert_non_null(r[i].object_type);
		if (strcmp(r[i].method, "DELETE") != 0 && !(r[i].flags & ROUTE_RAW_BODY))
			assert_non_null(r[i].fields);
	}
}

static void
test_only_health_and_sign_in_are_public(void **state)
{
	size_t n, public = 0;
	const struct route *r = route_table(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		if (!(r[i].flags & ROUTE_PUBLIC))
			continue;
		public++;
		assert_true(strcmp(r[i].pattern, "/healthz") == 0 ||
			    strcmp(r[i].pattern, "/api/v1/session") == 0);
	}
	assert_int_equal(public, 2);
}

static void
test_exports_are_audited(void **state)
{
	size_t n;
	const struct route *r = route_table(&n);
	(void)state;

	for (size_t i = 0; i < n; i++)
		if (strstr(r[i].pattern, "export.xlsx")) {
			assert_true(r[i].flags & ROUTE_AUDIT);
			assert_non_null(r[i].action);
		}
}

static void
test_no_route_twice(void **state)
{
	size_t n;
	const struct route *r = route_table(&n);
	(void)state;

	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			assert_false(strcmp(r[i].method, r[k].method) == 0 &&
				     strcmp(r[i].pattern, r[k].pattern) == 0);
}

static void
test_patterns_capture_segments(void **state)
{
	struct request req;
	bool known;
	const struct route *r;
	(void)state;

	memset(&req, 0, sizeof(req));
	r = route_find("PATCH", "/api/v1/users/42", &req, &known);
	assert_non_null(r);
	assert_string_equal(req.params[0], "42");
	r = route_find("GET", "/api/v1/users/export.xlsx", &req, &known);
	assert_non_null(r);
	assert_non_null(strstr(r->pattern, "export"));
	assert_null(route_find("PUT", "/api/v1/users/42", &req, &known));
	assert_true(known);
	assert_null(route_find("GET", "/api/v1/users/42/extra", &req, &known));
	assert_false(known);
	assert_null(route_find("GET", "/api/v1/users/", &req, &known));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_write_is_audited_and_declares_its_body),
		cmocka_unit_test(test_only_health_and_sign_in_are_public),
		cmocka_unit_test(test_exports_are_audited),
		cmocka_unit_test(test_no_route_twice),
		cmocka_unit_test(test_patterns_capture_segments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
