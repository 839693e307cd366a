/* weibao.conf parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/config.h"
#include "helpers/testdb.h"

static const char *
write_conf(const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/weibao.conf", testdb_tempdir());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_defaults(void **state)
{
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.max_body_bytes, 10 << 20);
	assert_int_equal(c.session_idle_minutes, 30);
	assert_int_equal(c.session_max_hours, 12);
	assert_int_equal(c.lockout_failures, 5);
	assert_int_equal(c.lockout_minutes, 15);
}

static void
test_missing_file_keeps_defaults(void **state)
{
	struct wb_err err = { 0 };
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load(&c, "/nonexistent/weibao.conf", &err), WB_OK);
	assert_int_equal(c.lockout_failures, 5);
}

static void
test_values_and_comments(void **state)
{
	struct wb_err err = { 0 };
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load(&c, write_conf("# settings\n\nlisten = 0.0.0.0:9000\n"
						   "  lockout_failures=3\nmax_body_bytes = 2048\n"
						   "web_root = /srv/weibao/web\n"), &err), WB_OK);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_int_equal(c.lockout_failures, 3);
	assert_int_equal(c.max_body_bytes, 2048);
	assert_string_equal(c.web_root, "/srv/weibao/web");
}

static void
test_bad_lines_are_named(void **state)
{
	struct wb_err err = { 0 };
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	assert_int_equal(config_load(&c, write_conf("lockout_failures = 3\nfrobnicate = 1\n"), &err),
			 WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, ":2:"));
	assert_non_null(strstr(err.msg, "frobnicate"));
	assert_int_equal(config_load(&c, write_conf("session_idle_minutes = 0\n"), &err), WB_ERR_INVALID);
	assert_int_equal(config_load(&c, write_conf("threads = lots\n"), &err), WB_ERR_INVALID);
	assert_int_equal(config_load(&c, write_conf("just words\n"), &err), WB_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_missing_file_keeps_defaults),
		cmocka_unit_test(test_values_and_comments),
		cmocka_unit_test(test_bad_lines_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
