/* The API's route table keeps the rules the choke point relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/labels.h"
#include "http/route.h"

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0;
}

static void
test_every_write_is_audited_and_declares_its_body(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
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
	const struct route *r = api_routes(&n);
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
	const struct route *r = api_routes(&n);
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
	const struct route *r = api_routes(&n);
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

	size_t n;
	const struct route *t = api_routes(&n);

	memset(&req, 0, sizeof(req));
	r = route_find(t, n, "PATCH", "/api/v1/users/42", &req, &known);
	assert_non_null(r);
	assert_string_equal(req.params[0], "42");
	r = route_find(t, n, "GET", "/api/v1/users/export.xlsx", &req, &known);
	assert_non_null(r);
	assert_non_null(strstr(r->pattern, "export"));
	assert_null(route_find(t, n, "PUT", "/api/v1/users/42", &req, &known));
	assert_true(known);
	assert_null(route_find(t, n, "GET", "/api/v1/users/42/extra", &req, &known));
	assert_false(known);
	assert_null(route_find(t, n, "GET", "/api/v1/users/", &req, &known));
}

/* Every route declares the scope rule of the records it touches: adding one
 * without fails here. */
static void
test_every_route_declares_its_scope(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		if (r[i].scope <= SCOPE_RULE_UNSET || r[i].scope >= SCOPE_RULE__MAX)
			fail_msg("%s %s declares no scope rule", r[i].method, r[i].pattern);
	}
}

/* Every route is audited under an action with a Chinese title (the audit
 * page shows titles, never codes). */
static void
test_every_action_has_a_title(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].action);
		assert_non_null(r[i].object_type);
		if (label_audit_action(r[i].action) == NULL)
			fail_msg("%s has no title in src/api/labels.c", r[i].action);
	}
}

/* A user who must still set up two-factor sign-in reaches only themselves,
 * the labels, signing out and the set-up: no other route carries the flag. */
static void
test_only_the_totp_setup_is_open_before_it(void **state)
{
	static const char *const open[][2] = {
		{ "GET", "/api/v1/me" }, { "GET", "/api/v1/meta" }, { "DELETE", "/api/v1/session" },
		{ "POST", "/api/v1/me/totp/setup" }, { "POST", "/api/v1/me/totp/enable" },
		{ "POST", "/api/v1/me/totp/disable" },
	};
	size_t n, flagged = 0;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		bool listed = false;
		for (size_t k = 0; k < sizeof(open) / sizeof(open[0]); k++)
			listed = listed || (strcmp(r[i].method, open[k][0]) == 0 &&
					    strcmp(r[i].pattern, open[k][1]) == 0);
		if (listed != ((r[i].flags & ROUTE_BEFORE_TOTP) != 0))
			fail_msg("%s %s: ROUTE_BEFORE_TOTP %s", r[i].method, r[i].pattern,
				 listed ? "missing" : "not expected");
		flagged += listed;
	}
	assert_int_equal(flagged, sizeof(open) / sizeof(open[0]));
}

/* Handlers reach scoped records only with the scope the choke point built:
 * no file of src/api may use the system's county-wide scope. */
static void
test_handlers_never_take_the_system_scope(void **state)
{
	char path[4096], line[4096];
	DIR *d = opendir(WEIBAO_SOURCE_DIR "/src/api");
	struct dirent *e;
	int files = 0;
	(void)state;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		FILE *f;
		if (strstr(e->d_name, ".c") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/src/api/%s", WEIBAO_SOURCE_DIR, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		files++;
		for (int no = 1; fgets(line, sizeof(line), f); no++)
			if (strstr(line, "scope_system("))
				fail_msg("%s:%d uses scope_system()", path, no);
		fclose(f);
	}
	closedir(d);
	assert_true(files > 10);
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
		cmocka_unit_test(test_every_route_declares_its_scope),
		cmocka_unit_test(test_every_action_has_a_title),
		cmocka_unit_test(test_handlers_never_take_the_system_scope),
		cmocka_unit_test(test_only_the_totp_setup_is_open_before_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
