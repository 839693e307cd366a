/* weibao keys rotate: a new key generation, every protected field re-encrypted. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "sec/keyfile.h"

int
cmd_keys(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "settle", required_argument, NULL, 's' },
		{ "batch", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	int settle = 3, batch = 100, c, rc;
	struct wb_err err = { 0 };
	struct rotation r;
	struct keyset keys;
	struct cli_loc loc;
	struct store *st;
	char detail[160];

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 's': settle = atoi(optarg); break;
		case 'n': batch = atoi(optarg); break;
		default: return cli_usage("keys");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "rotate") != 0 || settle < 0 ||
	    settle > 3600 || batch < 1 || batch > 100000)
		return cli_usage("keys");
	cli_locate(&loc, data, db);
	if ((rc = cli_open_keyed(&loc, &keys, &st)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (app_keys_rotate(st, loc.key_path, &keys, settle, batch, 0, &r, &err) != WB_OK) {
		cli_error("the rotation stopped: %s; run 'weibao keys rotate' again to resume it",
			  err.msg);
	} else {
		snprintf(detail, sizeof(detail), "字段密钥和索引密钥轮换至第 %d 代%s；%lld 个加密字段中 "
			 "%lld 个已重新加密", r.generation, r.resumed ? "（续做）" : "",
			 (long long)r.cells, (long long)r.reencrypted);
		if (cli_commit_audited(&loc, st, "keys.rotate", "system", NULL, detail)) {
			printf("field and index keys now generation %d%s; %lld of %lld protected fields "
			       "re-encrypted\n", r.generation, r.resumed ? " (resumed)" : "",
			       (long long)r.reencrypted, (long long)r.cells);
			printf("the key file keeps every older generation, so older backups and any "
			       "copy of the database stay readable.\n");
			rc = EXIT_OK;
		}
	}
	keyset_wipe(&keys);
	store_close(st);
	return rc;
}
