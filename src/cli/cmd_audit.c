/* weibao audit verify: check the audit log's hash chain. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sec/keyfile.h"
#include "store/audit.h"

int
cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	struct wb_err err = { 0 };
	struct cli_loc loc;
	struct keyset keys;
	struct store *st;
	struct audit_check check;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("audit");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "verify") != 0)
		return cli_usage("audit");
	cli_locate(&loc, data, db);
	if ((rc = cli_open_keyed(&loc, &keys, &st)) != EXIT_OK)
		return rc;
	if (store_audit_verify(st, &keys, &check, &err) != WB_OK) {
		cli_error("cannot read the audit log: %s", err.msg);
		rc = EXIT_FAIL;
	} else if (check.first_bad) {
		cli_error("the audit chain is broken at event %lld (after %lld intact events): %s",
			  (long long)check.first_bad, (long long)check.events, check.problem);
		rc = EXIT_FAIL;
	} else {
		printf("audit chain intact: %lld events\n", (long long)check.events);
		rc = EXIT_OK;
	}
	keyset_wipe(&keys);
	store_close(st);
	return rc;
}
