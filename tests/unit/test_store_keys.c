/* Key rotation on SQLite and PostgreSQL: every protected cell re-encrypted
 * under the new generation, an interrupted rotation resumed, nothing lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/seed.h"
#include "app/totp.h"
#include "helpers/testdb.h"
#include "sec/fieldcrypt.h"
#include "sec/keyfile.h"
#include "sec/scope.h"
#include "store/protected.h"
#include "store/users.h"

#define NOW 1700000000
#define USERS 250

struct fixture {
	struct store *st;
	char key_path[4096];
	struct keyset keys;
	unsigned char secrets[USERS + 2][64];   /* each user's secret as first stored, by id */
	size_t lens[USERS + 2];
};

/* Keeps the clear secret of each cell as first written. */
static void
keep_secret(int64_t id, const char *token, void *arg)
{
	struct fixture *f = arg;
	struct wb_err err = { 0 };
	char *plain;
	size_t len;

	assert_int_equal(fieldcrypt_decrypt(&f->keys, "user_totp", "secret", id, token, &plain, &len,
					    &err), WB_OK);
	assert_true(len <= sizeof(f->secrets[id]));
	memcpy(f->secrets[id], plain, len);
	f->lens[id] = len;
	fieldcrypt_free(plain, len);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct wb_err err = { 0 };
	int from, to;

	assert_non_null(f);
	snprintf(f->key_path, sizeof(f->key_path), "%s/weibao.key", testdb_tempdir());
	assert_int_equal(keyfile_create(f->key_path, &f->keys, &err), WB_OK);
	assert_int_equal(store_open(testdb_fresh(), STORE_OPEN_CREATE, &f->st, &err), WB_OK);
	assert_int_equal(store_migrate(f->st, &from, &to, &err), WB_OK);
	assert_int_equal(seed_defaults(f->st, NOW, &err), WB_OK);
	/* users with a TOTP secret each (no password hashing: this is about keys) */
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	for (int i = 0; i < USERS; i++) {
		struct app_ctx a = { .st = f->st, .keys = &f->keys, .scope = scope_system(),
				     .login = "test", .now = NOW };
		struct user u = { 0 };
		struct totp_setup ts;
		int64_t id;
		snprintf(u.login, sizeof(u.login), "rot%03d", i);
		snprintf(u.display_name, sizeof(u.display_name), "轮换%d", i);
		snprintf(u.scope_kind, sizeof(u.scope_kind), "county");
		snprintf(u.password_hash, sizeof(u.password_hash), "not-a-hash");
		assert_int_equal(store_user_add(f->st, &u, NOW, &id, &err), WB_OK);
		assert_true(id > 0 && id <= USERS + 1);
		assert_int_equal(app_totp_setup(&a, id, u.login, &ts, &err), WB_OK);
	}
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	assert_int_equal(store_protected_batch(f->st, 0, 0, 100000, keep_secret, f, &err), WB_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	keyset_wipe(&f->keys);
	free(f);
	return 0;
}

struct check {
	struct fixture *f;
	const struct keyset *keys;
	int gen, cells;
};

static void
check_cell(int64_t id, const char *token, void *arg)
{
	struct check *c = arg;
	struct wb_err err = { 0 };
	char *plain;
	size_t len;

	assert_int_equal(fieldcrypt_generation(token, NULL), c->gen);
	assert_int_equal(fieldcrypt_decrypt(c->keys, "user_totp", "secret", id, token, &plain, &len,
					    &err), WB_OK);
	assert_int_equal(len, c->f->lens[id]);
	assert_memory_equal(plain, c->f->secrets[id], len);
	fieldcrypt_free(plain, len);
	c->cells++;
}

/* Every cell is under generation gen and decrypts to its secret with keys. */
static void
all_under(struct fixture *f, const struct keyset *keys, int gen)
{
	struct check c = { f, keys, gen, 0 };
	struct wb_err err = { 0 };

	assert_int_equal(store_protected_batch(f->st, 0, 0, 100000, check_cell, &c, &err), WB_OK);
	assert_int_equal(c.cells, USERS);
}

static void
test_rotation_interrupted_and_resumed(void **state)
{
	struct fixture *f = *state;
	struct wb_err err = { 0 };
	struct keyset reloaded;
	struct rotation r;

	all_under(f, &f->keys, 1);
	/* killed after the first batch of 100 */
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &f->keys, 0, 100, 1, &r, &err), WB_OK);
	assert_true(r.interrupted);
	assert_int_equal(r.generation, 2);
	assert_int_equal(r.reencrypted, 100);
	/* a new process loads the key file the rotation wrote, and resumes */
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_int_equal(reloaded.field_gen, 2);
	assert_int_equal(reloaded.index_gen, 2);
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &reloaded, 0, 64, 0, &r, &err), WB_OK);
	assert_true(r.resumed);
	assert_false(r.interrupted);
	assert_int_equal(r.reencrypted, USERS - 100);
	all_under(f, &reloaded, 2);
	/* the old generation is kept: what an old copy holds stays readable */
	assert_int_equal(reloaded.nfield, 2);
	/* a second rotation starts afresh */
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &reloaded, 0, 100, 0, &r, &err), WB_OK);
	assert_false(r.resumed);
	assert_int_equal(r.generation, 3);
	assert_int_equal(r.reencrypted, USERS);
	all_under(f, &reloaded, 3);
	keyset_wipe(&reloaded);
}

static void
test_resume_refuses_an_older_key_file(void **state)
{
	struct fixture *f = *state;
	struct keyset old = f->keys;
	struct wb_err err = { 0 };
	struct rotation r;

	assert_int_equal(app_keys_rotate(f->st, f->key_path, &f->keys, 0, 10, 1, &r, &err), WB_OK);
	assert_true(r.interrupted);
	/* the key file of before the rotation cannot take it up */
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &old, 0, 10, 0, &r, &err),
			 WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "generation"));
}

/* Writes the key file at path without its registry line (a key file made
 * before background checks). */
static void
drop_registry_line(const char *path)
{
	char text[8192], out[8192] = "";
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, "registry ", 9) != 0)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s\n", line);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(out, fp);
	fclose(fp);
}

/* The registry key: made by init, kept through rotations (whose index key
 * changes), added once to a key file made before it and then kept. */
static void
test_registry_key_outlives_rotation(void **state)
{
	struct fixture *f = *state;
	unsigned char first[KEY_BYTES];
	struct wb_err err = { 0 };
	struct keyset reloaded, old;
	struct rotation r;
	bool created = true;

	assert_true(f->keys.has_registry);
	memcpy(first, f->keys.registry, KEY_BYTES);
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_true(reloaded.has_registry);
	assert_memory_equal(reloaded.registry, first, KEY_BYTES);
	assert_int_equal(keyfile_ensure_registry(f->key_path, &reloaded, &created, &err), WB_OK);
	assert_false(created);
	keyset_wipe(&reloaded);
	/* two rotations: the index key changes, the registry key does not */
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &f->keys, 0, 100, 0, &r, &err), WB_OK);
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &reloaded, 0, 100, 0, &r, &err), WB_OK);
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_int_equal(reloaded.index_gen, 3);
	assert_memory_not_equal(reloaded.index, f->keys.index_gens[0], KEY_BYTES);
	assert_true(reloaded.has_registry);
	assert_memory_equal(reloaded.registry, first, KEY_BYTES);
	/* an older key file: no registry key until it is first needed */
	drop_registry_line(f->key_path);
	assert_int_equal(keyfile_load(f->key_path, &old, &err), WB_OK);
	assert_false(old.has_registry);
	/* a rotation of a process that loaded it before the key was added keeps it */
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_int_equal(keyfile_ensure_registry(f->key_path, &old, &created, &err), WB_OK);
	assert_true(created);
	assert_true(old.has_registry);
	memcpy(first, old.registry, KEY_BYTES);
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &reloaded, 0, 100, 0, &r, &err), WB_OK);
	keyset_wipe(&reloaded);
	assert_int_equal(keyfile_load(f->key_path, &reloaded, &err), WB_OK);
	assert_true(reloaded.has_registry);
	assert_memory_equal(reloaded.registry, first, KEY_BYTES);
	assert_int_equal(reloaded.index_gen, 4);
	/* asking again changes nothing */
	assert_int_equal(keyfile_ensure_registry(f->key_path, &reloaded, &created, &err), WB_OK);
	assert_false(created);
	assert_memory_equal(reloaded.registry, first, KEY_BYTES);
	keyset_wipe(&reloaded);
	keyset_wipe(&old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rotation_interrupted_and_resumed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_refuses_an_older_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_key_outlives_rotation, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
