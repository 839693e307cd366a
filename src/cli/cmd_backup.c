/* weibao backup FILE / weibao restore FILE: encrypted backups of the database. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/backup.h"
#include "app/keys.h"
#include "app/clock.h"
#include "core/tasklight.h"
#include "sec/keyfile.h"
#include "store/audit.h"

/* Parses FILE and --data/--db; EXIT_OK with loc and *file set, or the usage. */
static int
parse_args(int argc, char **argv, const char *command, struct cli_loc *loc, const char **file)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage(command);
		}
	}
	if (argc - optind != 1)
		return cli_usage(command);
	*file = argv[optind];
	cli_locate(loc, data, db);
	return EXIT_OK;
}

/* The product name of a backend code ("sqlite" → "SQLite") for the audit
 * detail. */
static const char *
backend_title(const char *backend)
{
	return strcmp(backend, "postgresql") == 0 ? "PostgreSQL" : "SQLite";
}

/* DIR/tmp (0700): the scratch directory serve uses too. */
static int
scratch_dir(const struct cli_loc *loc, char *out, size_t len)
{
	snprintf(out, len, "%s/tmp", loc->data_dir);
	if (mkdir(out, 0700) != 0 && errno != EEXIST) {
		cli_error("cannot make %s: %s", out, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cmd_backup(int argc, char **argv)
{
	char scratch[PATH_MAX + 8], detail[160];
	struct wb_err err = { 0 };
	struct backup_info info;
	struct keyset keys;
	struct cli_loc loc;
	struct store *st;
	const char *file = NULL;
	int rc;

	if ((rc = parse_args(argc, argv, "backup", &loc, &file)) != EXIT_OK)
		return rc;
	if (keyfile_load(loc.key_path, &keys, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = scratch_dir(&loc, scratch, sizeof(scratch))) != EXIT_OK ||
	    (rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		keyset_wipe(&keys);
		return rc;
	}
	if (app_backup(st, &keys, scratch, file, wb_now(), &info, &err) != WB_OK) {
		cli_error("backup failed, nothing was written to %s: %s", file, err.msg);
		rc = EXIT_FAIL;
	} else {
		snprintf(detail, sizeof(detail), "%s 数据库，结构版本 %d，备份文件 %lld 字节",
			 backend_title(info.backend), info.schema, (long long)info.bytes);
		if (cli_commit_audited(&loc, st, "system.backup", "system", NULL, detail))
			printf("backup written to %s (%s schema %d, %lld bytes)\n", file, info.backend,
			       info.schema, (long long)info.bytes);
		else
			rc = EXIT_FAIL;
	}
	keyset_wipe(&keys);
	store_close(st);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	struct wb_err err = { 0 };
	struct backup_info info;
	struct audit_check check;
	struct keyset keys;
	struct cli_loc loc;
	struct store *st;
	const char *file = NULL;
	char detail[200], made[32];
	int rc;

	if ((rc = parse_args(argc, argv, "restore", &loc, &file)) != EXIT_OK)
		return rc;
	if (keyfile_load(loc.key_path, &keys, &err) != WB_OK) {
		cli_error("%s (copy the key file the backup was made with into %s first)", err.msg,
			  loc.data_dir);
		return EXIT_FAIL;
	}
	if (app_restore(file, &keys, loc.db_url, &info, &err) != WB_OK) {
		cli_error("restore failed, nothing was restored: %s", err.msg);
		keyset_wipe(&keys);
		return EXIT_FAIL;
	}
	if ((rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		keyset_wipe(&keys);
		return rc;
	}
	if (store_audit_verify(st, &keys, &check, &err) != WB_OK || check.first_bad) {
		cli_error("restored, but the audit chain does not verify: %s",
			  check.first_bad ? check.problem : err.msg);
		rc = EXIT_FAIL;
	} else if (app_keys_check(st, &keys, NULL, &err) != WB_OK) {
		cli_error("restored, but %s.  Copy the key file the data was last written with "
			  "(after its latest 'weibao keys rotate') into the data directory, remove the "
			  "restored database and restore again", err.msg);
		rc = EXIT_FAIL;
	} else {
		calendar_format(info.created_at, CHINA_UTC_OFFSET_S, "%Y-%m-%d %H:%M", made,
				sizeof(made));
		snprintf(detail, sizeof(detail), "从 %s 备份恢复（结构版本 %d，备份于 %s）；审计日志 "
			 "%lld 条完好", backend_title(info.backend), info.schema, made,
			 (long long)check.events);
		if (cli_commit_audited(&loc, st, "system.restore", "system", NULL, detail))
			printf("restored %s: from %s schema %d made at %lld; %lld audit events intact\n",
			       file, info.backend, info.schema, (long long)info.created_at,
			       (long long)check.events);
		else
			rc = EXIT_FAIL;
	}
	keyset_wipe(&keys);
	store_close(st);
	return rc;
}
