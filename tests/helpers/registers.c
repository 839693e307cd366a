#include "helpers/registers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "app/config.h"
#include "app/seed.h"
#include "helpers/testdb.h"
#include "store/org.h"
#include "util/arena.h"

/* Adds village code (its town: the first 9 digits) named name. */
static void
add_village(struct store *st, const char *code, const char *name)
{
	struct division d = { 0 };
	struct wb_err err = { 0 };
	bool created;

	snprintf(d.code, sizeof(d.code), "%s", code);
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.level, sizeof(d.level), "village");
	snprintf(d.kind, sizeof(d.kind), "village");
	snprintf(d.parent_code, sizeof(d.parent_code), "%.9s", code);
	d.population = -1;
	assert_int_equal(store_division_put(st, &d, &created, &err), WB_OK);
}

struct reg_fixture *
reg_fixture_new(int64_t now)
{
	struct reg_fixture *f = calloc(1, sizeof(*f));
	struct wb_err err = { 0 };
	int from, to;

	assert_non_null(f);
	snprintf(f->key_path, sizeof(f->key_path), "%s/weibao.key", testdb_tempdir());
	remove(f->key_path);
	assert_int_equal(keyfile_create(f->key_path, &f->keys, &err), WB_OK);
	assert_int_equal(store_open(testdb_fresh(), STORE_OPEN_CREATE, &f->st, &err), WB_OK);
	assert_int_equal(store_migrate(f->st, &from, &to, &err), WB_OK);
	assert_int_equal(seed_defaults(f->st, now, &err), WB_OK);
	add_village(f->st, REG_VILLAGE_A1, "甲一村");
	add_village(f->st, REG_VILLAGE_A2, "甲二社区");
	add_village(f->st, REG_VILLAGE_B1, "乙一村");
	f->county = *scope_system();
	f->app = (struct app_ctx){ .st = f->st, .keys = &f->keys, .scope = &f->county,
				   .login = "test", .now = now };
	return f;
}

void
reg_fixture_free(struct reg_fixture *f)
{
	arena_free(f->app.arena);
	store_close(f->st);
	keyset_wipe(&f->keys);
	free(f);
}

void
reg_fixture_case_ctx(struct reg_fixture *f, struct wb_config *cfg)
{
	config_defaults(cfg);
	f->app.config = cfg;
	f->app.arena = arena_new();
	assert_non_null(f->app.arena);
}

int64_t
reg_unit_id(struct store *st, const char *name)
{
	struct unit u;
	struct wb_err err = { 0 };

	assert_int_equal(store_unit_find(st, name, &u, &err), WB_OK);
	return u.id;
}

void
reg_begin(struct store *st)
{
	struct wb_err err = { 0 };

	assert_int_equal(store_begin(st, &err), WB_OK);
}

enum wb_status
reg_finish(struct store *st, enum wb_status rc)
{
	struct wb_err err = { 0 };

	if (rc == WB_OK)
		assert_int_equal(store_commit(st, &err), WB_OK);
	else
		store_rollback_all(st);
	return rc;
}
