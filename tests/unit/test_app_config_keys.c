/* config_each (what `weibao config check` prints) lists every setting that
 * config_load reads, once, and what it prints reads back to the same values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"

struct listing {
	char text[16384];   /* "key = value\n" lines */
	char keys[128][64];
	int n;
};

static void
collect(const char *key, const char *value, void *arg)
{
	struct listing *l = arg;
	size_t used = strlen(l->text);

	snprintf(l->text + used, sizeof(l->text) - used, "%s = %s\n", key, value);
	if (l->n < 128)
		snprintf(l->keys[l->n++], sizeof(l->keys[0]), "%s", key);
}

static bool
listed(const struct listing *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->keys[i], key) == 0)
			return true;
	return false;
}

static void
test_each_key_once(void **state)
{
	static struct listing l;
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	config_each(&c, collect, &l);
	assert_true(l.n > 30);
	for (int i = 0; i < l.n; i++)
		for (int k = i + 1; k < l.n; k++)
			if (strcmp(l.keys[i], l.keys[k]) == 0)
				fail_msg("%s is listed twice", l.keys[i]);
}

/* Every key config_load compares against (strcmp(key, "…") or a table row
 * { "…", offsetof(…) } in src/app/config.c) is listed by config_each. */
static void
test_every_key_config_load_reads_is_listed(void **state)
{
	static const char *const marks[] = { "strcmp(key, \"", "{ \"" };
	static struct listing l;
	struct wb_config c;
	char line[4096];
	FILE *f = fopen(WEIBAO_SOURCE_DIR "/src/app/config.c", "r");
	int found = 0;
	(void)state;

	assert_non_null(f);
	config_defaults(&c);
	config_each(&c, collect, &l);
	while (fgets(line, sizeof(line), f)) {
		for (size_t m = 0; m < 2; m++) {
			const char *p = strstr(line, marks[m]), *s;
			char key[64];
			if (p == NULL || (m == 1 && strstr(line, "offsetof(") == NULL))
				continue;
			s = p + strlen(marks[m]);
			snprintf(key, sizeof(key), "%.*s", (int)strcspn(s, "\""), s);
			found++;
			if (!listed(&l, key))
				fail_msg("config_load reads '%s' but config_each does not list it", key);
		}
	}
	fclose(f);
	assert_true(found > 30);
}

/* What config_each prints, written to a file, loads back to the same
 * settings — defaults and changed values alike. */
static void
test_listing_reads_back(void **state)
{
	static struct listing first, again;
	struct wb_config c, d;
	struct wb_err err = { 0 };
	char path[] = "/tmp/weibao-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	f = fopen(path, "w");
	fputs("threads = 3\nreport_period = quarterly\nscore_overdue_day = 0.25\n"
	      "trusted_proxies = 10.0.0.1,::1\ntotp_required_permissions = audit.read\n", f);
	fclose(f);
	config_defaults(&c);
	assert_int_equal(config_load(&c, path, &err), WB_OK);
	config_each(&c, collect, &first);
	assert_non_null(strstr(first.text, "threads = 3\n"));
	assert_non_null(strstr(first.text, "report_period = quarterly\n"));
	assert_non_null(strstr(first.text, "score_overdue_day = 0.25\n"));
	assert_non_null(strstr(first.text, "totp_required_permissions = audit.read\n"));
	f = fopen(path, "w");
	fputs(first.text, f);
	fclose(f);
	config_defaults(&d);
	if (config_load(&d, path, &err) != WB_OK)
		fail_msg("the listing does not load back: %s", err.msg);
	config_each(&d, collect, &again);
	assert_string_equal(first.text, again.text);
	unlink(path);
}

static void
note_line(const char *key, int line, void *arg)
{
	char *out = arg;
	size_t used = strlen(out);

	snprintf(out + used, 256 - used, "%s@%d ", key, line);
}

static void
test_file_keys_name_their_lines(void **state)
{
	struct wb_err err = { 0 };
	char path[] = "/tmp/weibao-config-XXXXXX", seen[256] = "";
	int fd = mkstemp(path);
	FILE *f;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	f = fopen(path, "w");
	fputs("# comment\n\n  threads= 2\nlisten =127.0.0.1:9\n", f);
	fclose(f);
	assert_int_equal(config_file_keys(path, note_line, seen, &err), WB_OK);
	assert_string_equal(seen, "threads@3 listen@4 ");
	unlink(path);
	seen[0] = '\0';
	assert_int_equal(config_file_keys(path, note_line, seen, &err), WB_OK);
	assert_string_equal(seen, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_key_once),
		cmocka_unit_test(test_every_key_config_load_reads_is_listed),
		cmocka_unit_test(test_listing_reads_back),
		cmocka_unit_test(test_file_keys_name_their_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
