/* weibao init: a new data directory with the 桐乡 defaults and an admin user. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/seed.h"
#include "app/users.h"
#include "sec/keyfile.h"
#include "sec/password.h"
#include "store/audit.h"
#include "store/org.h"

#define ADMIN_LOGIN "admin"
#define ADMIN_NAME "系统管理员"
#define ADMIN_UNIT "市未保办"

/* Creates dir and its missing parents (mode 0700). */
static int
make_dirs(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static bool
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Removes what a failed init created, so that it can be run again. */
static void
undo_files(const struct cli_loc *loc, bool db_created)
{
	char p[PATH_MAX + 32];

	unlink(loc->key_path);
	if (db_created && loc->db_is_file) {
		unlink(loc->db_path);
		snprintf(p, sizeof(p), "%s-wal", loc->db_path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", loc->db_path);
		unlink(p);
	}
}

/* Refuses when loc already holds weibao data; prints why. */
static int
refuse_existing(const struct cli_loc *loc)
{
	struct wb_err err = { 0 };
	struct store *st;
	struct stat sb;
	int version = 0;

	if (file_exists(loc->key_path)) {
		cli_error("%s is already initialised (%s exists); nothing was changed", loc->data_dir,
			  loc->key_path);
		return EXIT_FAIL;
	}
	if (loc->db_is_file) {
		if (stat(loc->db_path, &sb) == 0 && sb.st_size > 0) {
			cli_error("%s already exists; refusing to initialise over it (nothing was "
				  "changed)", loc->db_path);
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (store_open(loc->db_url, STORE_OPEN_CREATE, &st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (store_schema_version(st, &version, &err) != WB_OK || version > 0) {
		store_close(st);
		cli_error("%s", version > 0 ? "the PostgreSQL database already holds weibao data; "
					      "nothing was changed" : err.msg);
		return EXIT_FAIL;
	}
	store_close(st);
	return EXIT_OK;
}

int
cli_initialise(const struct cli_loc *loc)
{
	struct wb_err err = { 0 };
	struct store *st = NULL;
	struct keyset keys;
	char generated[17], *password;
	const char *env = getenv("WEIBAO_ADMIN_PASSWORD");
	struct user_spec admin = {
		.login = ADMIN_LOGIN, .display_name = ADMIN_NAME, .unit = ADMIN_UNIT,
		.roles = "admin", .scope = "county",
	};
	int64_t now = wb_now(), id, ndiv = 0, nunits = 0;
	int from, to, rc;
	bool db_created = false;

	if ((rc = refuse_existing(loc)) != EXIT_OK)
		return rc;
	if (env && *env) {
		password = (char *)env;
		if (password_check_policy(password, admin.login, admin.display_name, &err) != WB_OK) {
			cli_error("WEIBAO_ADMIN_PASSWORD: %s", err.msg);
			return EXIT_FAIL;
		}
	} else {
		password_generate(generated);
		password = generated;
	}
	admin.password = password;
	if (make_dirs(loc->data_dir) != 0) {
		cli_error("cannot create %s: %s", loc->data_dir, strerror(errno));
		return EXIT_FAIL;
	}
	if (keyfile_create(loc->key_path, &keys, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (store_open(loc->db_url, STORE_OPEN_CREATE, &st, &err) != WB_OK) {
		keyset_wipe(&keys);
		goto fail;
	}
	db_created = true;
	rc = store_migrate(st, &from, &to, &err) == WB_OK &&
	     store_audit_seal_empty(st, &keys, &err) == WB_OK;
	keyset_wipe(&keys);
	if (!rc ||
	    seed_defaults(st, now, &err) != WB_OK ||
	    app_user_add(st, &admin, now, &id, &err) != WB_OK ||
	    store_division_count(st, &ndiv, &err) != WB_OK ||
	    store_unit_count(st, &nunits, &err) != WB_OK)
		goto fail;
	if (!cli_commit_audited(loc, st, "system.init", "system", NULL,
				"载入桐乡市（330483）默认区划、成员单位和角色，创建管理员账号")) {
		snprintf(err.msg, sizeof(err.msg), "the audit log could not be started");
		goto fail;
	}
	store_close(st);

	printf("initialised %s (%s %s, schema %d)\n", loc->data_dir,
	       loc->db_is_file ? "sqlite" : "postgresql",
	       loc->db_is_file ? loc->db_path : "server", to);
	printf("  loaded %lld divisions and %lld member units of 桐乡市, and the default roles\n",
	       (long long)ndiv, (long long)nunits);
	if (password == generated)
		printf("  sign in as 'admin' with password %s\n"
		       "  (shown once; change it with 'weibao user passwd admin')\n", generated);
	else
		printf("  sign in as 'admin' with the password in WEIBAO_ADMIN_PASSWORD\n");
	sodium_memzero(generated, sizeof(generated));
	return EXIT_OK;
fail:
	cli_error("init failed: %s", err.msg);
	store_close(st);
	undo_files(loc, db_created);
	return EXIT_FAIL;
}

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	struct cli_loc loc;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			data = optarg;
			break;
		case 'b':
			db = optarg;
			break;
		default:
			return cli_usage("init");
		}
	}
	if (optind != argc)
		return cli_usage("init");
	cli_locate(&loc, data, db);
	return cli_initialise(&loc);
}
