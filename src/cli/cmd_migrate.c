/* weibao migrate: bring an older database's schema up to this program's. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	struct wb_err err = { 0 };
	struct cli_loc loc;
	struct store *st;
	int c, from, to;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("migrate");
		}
	}
	if (optind != argc)
		return cli_usage("migrate");
	cli_locate(&loc, data, db);
	if (store_open(loc.db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (store_schema_version(st, &from, &err) == WB_OK && from == 0) {
		store_close(st);
		cli_error("the database holds no weibao schema (run 'weibao init' first)");
		return EXIT_FAIL;
	}
	if (store_migrate(st, &from, &to, &err) != WB_OK) {
		store_close(st);
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	store_close(st);
	if (from == to)
		printf("schema is at version %d, the latest; nothing to do\n", to);
	else
		printf("migrated the schema from version %d to %d\n", from, to);
	return EXIT_OK;
}
