/* Store tests: run once on SQLite and once on PostgreSQL (WEIBAO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/division_import.h"
#include "app/seed.h"
#include "app/users.h"
#include "helpers/testdb.h"
#include "sec/password.h"
#include "store/backup.h"
#include "store/org.h"
#include "store/store.h"
#include "store/users.h"

#define NOW 1700000000

/* A fresh database with the latest schema. */
static int
setup_empty(void **state)
{
	struct wb_err err = { 0 };
	struct store *st;
	int from, to;

	assert_int_equal(store_open(testdb_fresh(), STORE_OPEN_CREATE, &st, &err), WB_OK);
	assert_int_equal(store_migrate(st, &from, &to, &err), WB_OK);
	*state = st;
	return 0;
}

/* The same with the 桐乡 defaults loaded. */
static int
setup_seeded(void **state)
{
	struct wb_err err = { 0 };

	setup_empty(state);
	assert_int_equal(seed_defaults(*state, NOW, &err), WB_OK);
	return 0;
}

static int
teardown(void **state)
{
	store_close(*state);
	return 0;
}

static void
test_migrate_to_latest(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	int v = -1, from, to;

	assert_int_equal(store_schema_version(st, &v, &err), WB_OK);
	assert_int_equal(v, store_schema_latest());
	assert_int_equal(store_check_schema(st, &err), WB_OK);
	/* running it again changes nothing */
	assert_int_equal(store_migrate(st, &from, &to, &err), WB_OK);
	assert_int_equal(from, to);
}

static void
test_empty_database_has_no_schema(void **state)
{
	struct wb_err err = { 0 };
	struct store *st;
	int v = -1;
	(void)state;

	assert_int_equal(store_open(testdb_fresh(), STORE_OPEN_CREATE, &st, &err), WB_OK);
	assert_int_equal(store_schema_version(st, &v, &err), WB_OK);
	assert_int_equal(v, 0);
	assert_int_equal(store_check_schema(st, &err), WB_ERR_NOT_WEIBAO);
	store_close(st);
}

static void
test_older_schema_refused_then_migrated(void **state)
{
	struct wb_err err = { 0 };
	struct store *st;
	int from, to;
	(void)state;

	assert_true(store_schema_latest() >= 2);
	assert_int_equal(store_open(testdb_fresh(), STORE_OPEN_CREATE, &st, &err), WB_OK);
	assert_int_equal(store_migrate_to(st, 1, &from, &to, &err), WB_OK);
	assert_int_equal(to, 1);
	assert_int_equal(store_check_schema(st, &err), WB_ERR_SCHEMA_OLDER);
	assert_non_null(strstr(err.msg, "weibao migrate"));
	assert_int_equal(store_migrate(st, &from, &to, &err), WB_OK);
	assert_int_equal(from, 1);
	assert_int_equal(to, store_schema_latest());
	assert_int_equal(store_check_schema(st, &err), WB_OK);
	store_close(st);
}

static void
test_newer_schema_refused(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct store_query *q;
	int from, to;

	q = store_query(st, STMT_META_SET);
	store_bind_text(q, 1, "schema_version");
	store_bind_text(q, 2, "999");
	assert_int_equal(store_exec_done(q, &err), WB_OK);
	assert_int_equal(store_check_schema(st, &err), WB_ERR_SCHEMA_NEWER);
	assert_non_null(strstr(err.msg, "999"));
	assert_int_equal(store_migrate(st, &from, &to, &err), WB_ERR_SCHEMA_NEWER);
}

static void
test_seed_loads_tongxiang(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d;
	int64_t n;

	assert_int_equal(store_division_count(st, &n, &err), WB_OK);
	assert_int_equal(n, 12);
	assert_int_equal(store_unit_count(st, &n, &err), WB_OK);
	assert_int_equal(n, 21);
	assert_int_equal(store_division_get(st, "330483100", &d, &err), WB_OK);
	assert_string_equal(d.name, "乌镇镇");
	assert_string_equal(d.level, "town");
	assert_string_equal(d.kind, "town");
	assert_string_equal(d.parent_code, "330483");
	assert_string_equal(d.path, "/330483/330483100/");
	assert_int_equal(store_division_get(st, "330483001", &d, &err), WB_OK);
	assert_string_equal(d.kind, "street");
	assert_int_equal(store_division_get(st, "330483999", &d, &err), WB_ERR_NOTFOUND);
}

static void
test_unit_found_by_alias_code_and_name(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct unit u;

	assert_int_equal(store_unit_find(st, "教育局", &u, &err), WB_OK);
	assert_string_equal(u.name, "市教育局");
	assert_int_equal(store_unit_find(st, "市教育局", &u, &err), WB_OK);
	assert_string_equal(u.code, "jyj");
	assert_int_equal(store_unit_find(st, "fy", &u, &err), WB_OK);
	assert_string_equal(u.name, "市法院");
	assert_int_equal(store_unit_find(st, "桐乡市人民检察院", &u, &err), WB_OK);
	assert_string_equal(u.name, "市检察院");
	assert_int_equal(store_unit_find(st, "市气象局", &u, &err), WB_ERR_NOTFOUND);
}

static void
test_duplicate_unit_is_conflict(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct unit u = { .code = "mzj2", .name = "市民政局", .kind = "government" };
	int64_t id;

	assert_int_equal(store_unit_add(st, &u, NULL, NOW, &id, &err), WB_ERR_CONFLICT);
}

static void
test_rollback_discards(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct unit u = { .code = "qxj", .name = "市气象局", .kind = "government" };
	const char *aliases[] = { "气象局", NULL };
	int64_t id, n;

	assert_int_equal(store_begin(st, &err), WB_OK);
	assert_int_equal(store_unit_add(st, &u, aliases, NOW, &id, &err), WB_OK);
	store_rollback(st);
	assert_int_equal(store_unit_find(st, "气象局", &u, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_unit_count(st, &n, &err), WB_OK);
	assert_int_equal(n, 21);
}

static const char villages_csv[] =
	"code,name,kind,parent_code,population\n"
	"330483100201,虹桥村,village,330483100,2100\n"
	"330483100001,北栅社区,community,,\n"
	"330483101201,新联村,,330483101,1800\n";

static void
test_import_villages(void **state)
{
	struct import_report rep;
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d;

	assert_int_equal(division_import_csv(st, villages_csv, strlen(villages_csv), &rep, &err), WB_OK);
	assert_int_equal(rep.created, 3);
	assert_int_equal(rep.updated, 0);
	assert_int_equal(store_division_get(st, "330483100201", &d, &err), WB_OK);
	assert_string_equal(d.level, "village");
	assert_string_equal(d.path, "/330483/330483100/330483100201/");
	assert_int_equal(d.population, 2100);
	assert_int_equal(store_division_get(st, "330483101201", &d, &err), WB_OK);
	assert_string_equal(d.kind, "village");
	assert_int_equal(d.population, 1800);
	assert_int_equal(store_division_get(st, "330483100001", &d, &err), WB_OK);
	assert_string_equal(d.kind, "community");
	assert_int_equal(d.population, -1);

	/* importing again updates */
	assert_int_equal(division_import_csv(st, villages_csv, strlen(villages_csv), &rep, &err), WB_OK);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.updated, 3);
}

static void
test_import_bad_rows_write_nothing(void **state)
{
	static const char bad[] =
		"code,name,kind,parent_code\n"
		"330483100202,好村,village,330483100\n"
		"33048310020X,坏代码,village,330483100\n"
		"330483100203,,village,330483100\n"
		"330483100204,错类型,street,330483100\n"
		"330483100205,错上级,village,330483101\n"
		"330483100202,重复,village,330483100\n";
	struct import_report rep;
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d;
	int64_t n;

	assert_int_equal(division_import_csv(st, bad, strlen(bad), &rep, &err), WB_ERR_INVALID);
	assert_int_equal(rep.nerrors, 5);
	assert_non_null(strstr(rep.errors[0], "row 3"));
	assert_non_null(strstr(rep.errors[1], "row 4"));
	assert_non_null(strstr(rep.errors[2], "row 5"));
	assert_non_null(strstr(rep.errors[3], "row 6"));
	assert_non_null(strstr(rep.errors[4], "row 7"));
	assert_int_equal(store_division_get(st, "330483100202", &d, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_division_count(st, &n, &err), WB_OK);
	assert_int_equal(n, 12);
}

static void
test_import_missing_parent_rolls_back(void **state)
{
	static const char orphan[] =
		"code,name\n"
		"330483100206,好村\n"
		"330483199201,孤村\n";
	struct import_report rep;
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d;

	assert_int_equal(division_import_csv(st, orphan, strlen(orphan), &rep, &err), WB_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "330483199"));
	assert_int_equal(store_division_get(st, "330483100206", &d, &err), WB_ERR_NOTFOUND);
}

static void
test_import_gb18030_with_chinese_headers(void **state)
{
	/* "代码,名称\n330483102201,<村名>\n" in GB18030: 代码=B4FA C2EB, 名称=C3FB B3C6,
	 * 荣星村=C8D9 D0C7 B4E5 */
	static const char gb[] = "\xB4\xFA\xC2\xEB,\xC3\xFB\xB3\xC6\n"
				 "330483102201,\xC8\xD9\xD0\xC7\xB4\xE5\n";
	struct import_report rep;
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d;

	assert_int_equal(division_import_csv(st, gb, strlen(gb), &rep, &err), WB_OK);
	assert_int_equal(store_division_get(st, "330483102201", &d, &err), WB_OK);
	assert_string_equal(d.name, "荣星村");
}

static void
test_import_refuses_headerless_and_binary(void **state)
{
	static const char noheader[] = "330483100201,虹桥村\n";
	static const char binary[] = "code,name\n\0\x01\x02";
	struct import_report rep;
	struct wb_err err = { 0 };
	struct store *st = *state;

	assert_int_equal(division_import_csv(st, noheader, strlen(noheader), &rep, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "header"));
	assert_int_equal(division_import_csv(st, binary, sizeof(binary) - 1, &rep, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "binary"));
}

static void
add_town_worker(struct store *st, const char *login, enum wb_status expect)
{
	struct wb_err err = { 0 };
	struct user_spec spec = {
		.login = login, .display_name = "王小明", .unit = "市民政局",
		.roles = "town_worker", .scope = "town:330483100", .password = "correct horse 42",
	};
	int64_t id;

	assert_int_equal(app_user_add(st, &spec, NOW, &id, &err), expect);
}

static void
test_user_add_get_roles(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct user u;
	char roles[128];

	add_town_worker(st, "wangxm", WB_OK);
	assert_int_equal(store_user_get(st, "wangxm", &u, &err), WB_OK);
	assert_string_equal(u.display_name, "王小明");
	assert_string_equal(u.unit_name, "市民政局");
	assert_string_equal(u.scope_kind, "town");
	assert_string_equal(u.scope_division, "330483100");
	assert_string_equal(u.status, "active");
	assert_true(password_verify("correct horse 42", u.password_hash));
	assert_false(password_verify("correct horse 43", u.password_hash));
	assert_int_equal(store_user_roles(st, u.id, roles, sizeof(roles), &err), WB_OK);
	assert_string_equal(roles, "town_worker");
	assert_int_equal(store_user_role_names(st, u.id, roles, sizeof(roles), &err), WB_OK);
	assert_string_equal(roles, "镇（街道）儿童督导员");    /* the export's words */
	assert_int_equal(store_user_role_names(st, u.id, roles, 10, &err), WB_OK);
	assert_string_equal(roles, "");               /* a name that does not fit whole: none */
	add_town_worker(st, "wangxm", WB_ERR_CONFLICT);
}

static void
test_user_rules(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	int64_t id;
	struct user_spec s = {
		.login = "li.hua", .display_name = "李华", .roles = "village_director",
		.scope = "village:330483100201", .password = "a long enough one",
	};

	/* the village does not exist yet */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	assert_string_equal(err.field, "scope_division");
	s.scope = "town:330483";                  /* wrong level */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	s.scope = "county";
	s.login = "Li";                           /* too short, upper case */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	s.login = "li.hua";
	s.roles = "nosuchrole";
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	assert_string_equal(err.field, "roles");
	s.roles = "leader";
	s.password = "short";
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	assert_string_equal(err.field, "password");
	assert_non_null(strstr(err.msg, "10"));
	s.password = "my li.hua password";        /* contains the login */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	s.password = "李华的密码很长很长";            /* contains the name */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	s.password = "a long enough one";
	s.scope = "unit";                         /* unit scope without a unit */
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_ERR_INVALID);
	s.unit = "妇联";
	assert_int_equal(app_user_add(st, &s, NOW, &id, &err), WB_OK);
}

static void
test_user_disable_and_password(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct user u;

	add_town_worker(st, "zhangsan", WB_OK);
	assert_int_equal(store_user_set_status(st, "zhangsan", "disabled", NOW, &err), WB_OK);
	assert_int_equal(store_user_get(st, "zhangsan", &u, &err), WB_OK);
	assert_string_equal(u.status, "disabled");
	/* the CHECK constraint refuses an unknown status */
	assert_int_equal(store_user_set_status(st, "zhangsan", "deleted", NOW, &err), WB_ERR_CONFLICT);
	assert_int_equal(store_user_set_status(st, "nobody", "disabled", NOW, &err), WB_ERR_NOTFOUND);
	assert_int_equal(app_user_set_password(st, "zhangsan", "another long one", NOW, &err), WB_OK);
	assert_int_equal(store_user_get(st, "zhangsan", &u, &err), WB_OK);
	assert_true(password_verify("another long one", u.password_hash));
	assert_int_equal(app_user_set_password(st, "zhangsan", "zhangsan123456", NOW, &err),
			 WB_ERR_INVALID);
}

static void
test_text_round_trip(void **state)
{
	struct wb_err err = { 0 };
	struct store *st = *state;
	struct division d = { .code = "330483107201", .name = "O'Brien \"村\" 😀 ; DROP TABLE users",
			      .level = "village", .kind = "village", .parent_code = "330483107",
			      .population = 0 };
	struct division got;
	bool created;

	assert_int_equal(store_division_put(st, &d, &created, &err), WB_OK);
	assert_int_equal(store_division_get(st, d.code, &got, &err), WB_OK);
	assert_string_equal(got.name, d.name);
	assert_int_equal(got.population, 0);
}

/* Every table of the schema is either in a backup or deliberately left out:
 * a new table must be added to one of store/backup.c's lists. */
static void
on_table(const char *name, void *arg)
{
	bool known = false;

	for (const char *const *t = store_backup_tables; *t; t++)
		known = known || strcmp(*t, name) == 0;
	for (const char *const *t = store_backup_skipped; *t; t++)
		known = known || strcmp(*t, name) == 0;
	if (!known)
		fail_msg("table %s is neither backed up nor listed as skipped (store/backup.c)", name);
	(*(int *)arg)++;
}

static void
test_backups_cover_every_table(void **state)
{
	struct wb_err err = { 0 };
	int tables = 0, listed = 0;

	assert_int_equal(store_list_tables(*state, on_table, &tables, &err), WB_OK);
	for (const char *const *t = store_backup_tables; *t; t++)
		listed++;
	for (const char *const *t = store_backup_skipped; *t; t++)
		listed++;
	assert_int_equal(tables, listed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_to_latest, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_backups_cover_every_table, setup_empty, teardown),
		cmocka_unit_test(test_empty_database_has_no_schema),
		cmocka_unit_test(test_older_schema_refused_then_migrated),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_seed_loads_tongxiang, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_unit_found_by_alias_code_and_name, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_unit_is_conflict, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_discards, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_import_villages, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_import_bad_rows_write_nothing, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_import_missing_parent_rolls_back, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_import_gb18030_with_chinese_headers, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_import_refuses_headerless_and_binary, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_get_roles, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_user_rules, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_user_disable_and_password, setup_seeded, teardown),
		cmocka_unit_test_setup_teardown(test_text_round_trip, setup_seeded, teardown),
	};
	struct wb_err err = { 0 };
	int failed;

	assert_int_equal(sec_init(&err), WB_OK);
	failed = cmocka_run_group_tests_name(testdb_is_pg() ? "store on postgresql" : "store on sqlite",
					     tests, NULL, NULL);
	testdb_cleanup();
	return failed;
}
