/* weibao import divisions|units FILE (.xlsx or CSV; units: CSV) */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/clock.h"
#include "app/division_import.h"
#include "app/seed.h"
#include "util/text.h"

#define IMPORT_MAX_BYTES (64u << 20)

static int
import_divisions(const struct cli_loc *loc, struct store *st, const char *buf, size_t len,
		 const char *file)
{
	struct import_report rep;
	struct wb_err err = { 0 };
	char detail[64];

	if (store_begin(st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (division_import_csv(st, buf, len, &rep, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s: %s", file, err.msg);
		for (int i = 0; i < rep.nerrors && i < IMPORT_MAX_ERRORS; i++)
			fprintf(stderr, "  %s\n", rep.errors[i]);
		if (rep.nerrors > IMPORT_MAX_ERRORS)
			fprintf(stderr, "  … and %d more\n", rep.nerrors - IMPORT_MAX_ERRORS);
		return EXIT_FAIL;
	}
	snprintf(detail, sizeof(detail), "新增 %d 个，更新 %d 个", rep.created, rep.updated);
	if (!cli_commit_audited(loc, st, "division.import", "division", NULL, detail))
		return EXIT_FAIL;
	printf("imported %d divisions from %s (%d new, %d updated)\n", rep.created + rep.updated,
	       file, rep.created, rep.updated);
	return EXIT_OK;
}

static int
import_units(const struct cli_loc *loc, struct store *st, const char *buf, size_t len,
	     const char *file)
{
	struct wb_err err = { 0 };
	size_t textlen;
	char *text = text_to_utf8(buf, len, &textlen, &err);
	char detail[64];
	int added = 0;

	if (text == NULL || store_begin(st, &err) != WB_OK) {
		cli_error("%s: %s", file, err.msg);
		free(text);
		return EXIT_FAIL;
	}
	if (seed_units_csv(st, text, textlen, wb_now(), &added, &err) != WB_OK) {
		store_rollback(st);
		free(text);
		cli_error("%s: %s; nothing was imported", file, err.msg);
		return EXIT_FAIL;
	}
	free(text);
	snprintf(detail, sizeof(detail), "新增成员单位 %d 个", added);
	if (!cli_commit_audited(loc, st, "unit.import", "unit", NULL, detail))
		return EXIT_FAIL;
	printf("imported %d member units from %s\n", added, file);
	return EXIT_OK;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *what, *file;
	struct wb_err err = { 0 };
	struct cli_loc loc;
	struct store *st;
	size_t len;
	char *buf;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("import");
		}
	}
	if (argc - optind != 2)
		return cli_usage("import");
	what = argv[optind];
	file = argv[optind + 1];
	if (strcmp(what, "divisions") != 0 && strcmp(what, "units") != 0) {
		cli_error("cannot import '%s' (divisions or units)", what);
		return EXIT_USAGE;
	}
	buf = text_read_file(file, IMPORT_MAX_BYTES, &len, &err);
	if (buf == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	cli_locate(&loc, data, db);
	if ((rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	if (store_begin(st, &err) != WB_OK) {   /* the import and its audit event together */
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	} else {
		if (strcmp(what, "divisions") == 0)
			rc = import_divisions(&loc, st, buf, len, file);
		else
			rc = import_units(&loc, st, buf, len, file);
		if (rc == EXIT_OK && store_commit(st, &err) != WB_OK) {
			cli_error("%s", err.msg);
			rc = EXIT_FAIL;
		} else if (rc != EXIT_OK) {
			store_rollback_all(st);
		}
	}
	free(buf);
	store_close(st);
	return rc;
}
