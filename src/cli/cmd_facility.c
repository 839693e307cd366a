/* weibao facility template|import|list: the service-network registers. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/facilities.h"
#include "util/text.h"

#define FACILITY_IMPORT_MAX_BYTES (256u << 20)

/* The type named by code, or FACILITY_TYPE__MAX after printing the known ones. */
static enum facility_type
parse_type(const char *code)
{
	enum facility_type t = facility_type_parse(code);

	if (t == FACILITY_TYPE__MAX) {
		cli_error("unknown register '%s'; one of:", code);
		for (int k = 0; k < FACILITY_TYPE__MAX; k++)
			fprintf(stderr, "  %-14s %s\n", facility_spec((enum facility_type)k)->code,
				facility_spec((enum facility_type)k)->title);
	}
	return t;
}

/* weibao facility template TYPE: the CSV header line, UTF-8 with BOM. */
static int
template_cmd(int argc, char **argv)
{
	enum facility_type t;
	char line[1024];

	if (argc != 3)
		return cli_usage("facility");
	if ((t = parse_type(argv[2])) == FACILITY_TYPE__MAX)
		return EXIT_USAGE;
	facility_template(t, line, sizeof(line));
	fputs(line, stdout);
	return EXIT_OK;
}

/* Progress on a terminal: one line rewritten in place. */
static void
progress(const char *pass, size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\r%s %zu / %zu 行", pass, done, total);
	fflush(stderr);
}

/* Writes the rejected rows next to file (FILE.rejected.csv); false on failure. */
static bool
write_rejected(const char *file, const struct facility_import_report *rep, char *path, size_t n)
{
	FILE *f;
	bool ok;

	snprintf(path, n, "%s.rejected.csv", file);
	f = fopen(path, "wb");
	if (f == NULL)
		return false;
	ok = fwrite(rep->rejected_csv, 1, rep->rejected_len, f) == rep->rejected_len;
	return fclose(f) == 0 && ok;
}

static void
print_issues(const struct facility_import_report *rep)
{
	for (size_t i = 0; i < rep->issues.n; i++) {
		const struct facility_issue *is = vec_at(&rep->issues, i);
		if (is->header[0])
			fprintf(stderr, "  第 %d 行，%s：%s\n", is->row, is->header, is->reason);
		else
			fprintf(stderr, "  第 %d 行：%s\n", is->row, is->reason);
	}
}

/* weibao facility import TYPE FILE [--skip-bad] */
static int
import_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct facility_import_opts o = { 0 };
	struct facility_import_report rep = { 0 };
	const char *data = NULL, *db = NULL, *file;
	struct wb_err err = { 0 };
	struct cli_session s;
	enum facility_type t;
	char detail[128], rejected[4096 + 16];
	size_t len;
	char *buf;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 's': o.skip_bad = true; break;
		default: return cli_usage("facility");
		}
	}
	if (argc - optind != 2)
		return cli_usage("facility");
	if ((t = parse_type(argv[optind])) == FACILITY_TYPE__MAX)
		return EXIT_USAGE;
	file = argv[optind + 1];
	buf = text_read_file(file, FACILITY_IMPORT_MAX_BYTES, &len, &err);
	if (buf == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = cli_session_open(&s, data, db)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK ||
	    app_facility_import(&s.app, t, buf, len, &o, &rep, &err) != WB_OK) {
		store_rollback_all(s.st);
		if (o.progress)
			fputc('\n', stderr);
		cli_error("%s: %s", file, err.msg);
		print_issues(&rep);
		goto out;
	}
	if (o.progress)
		fputc('\n', stderr);
	snprintf(detail, sizeof(detail), "%s：新增 %d，更新 %d，未变 %d，拒收 %d",
		 facility_spec(t)->title, rep.created, rep.updated, rep.unchanged, rep.rejected);
	if (rep.rejected > 0 && !write_rejected(file, &rep, rejected, sizeof(rejected))) {
		store_rollback_all(s.st);
		cli_error("cannot write %s; nothing was imported", rejected);
		goto out;
	}
	if (!cli_commit_audited(&s.loc, s.st, "facility.import", "facility", NULL, detail))
		goto out;
	printf("%s：%d 行，新增 %d，更新 %d，未变 %d", facility_spec(t)->title, rep.rows, rep.created,
	       rep.updated, rep.unchanged);
	if (rep.rejected > 0) {
		printf("，有误未导入 %d（见 %s）\n", rep.rejected, rejected);
		print_issues(&rep);
	} else {
		printf("\n");
	}
	rc = EXIT_OK;
out:
	facility_import_report_free(&rep);
	free(buf);
	cli_session_close(&s);
	return rc;
}

struct list_out {
	struct app_ctx *app;
	json_t *items;            /* --json: the array; NULL for text */
	enum wb_status rc;
	struct wb_err *err;
	char (*v)[FACILITY_VALUE_MAX];
};

static void
list_row(const struct facility_row *r, void *arg)
{
	struct list_out *l = arg;
	const struct facility_spec *s = facility_spec(r->type);

	if (l->rc != WB_OK)
		return;
	l->rc = app_facility_display(l->app, r, true, l->v, l->err);
	if (l->rc != WB_OK)
		return;
	if (l->items) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(r->id));
		json_object_set_new(o, "town_code", json_string(r->town_code));
		for (size_t i = 0; i < s->nfields; i++)
			json_object_set_new(o, facility_col_name(s->fields[i].col),
					    json_string(l->v[s->fields[i].col]));
		json_array_append_new(l->items, o);
		return;
	}
	printf("%lld", (long long)r->id);
	for (size_t i = 0; i < s->nfields; i++)
		printf("\t%s", l->v[s->fields[i].col]);
	printf("\n");
}

/* weibao facility list TYPE [--town CODE] [--json] */
static int
list_cmd(int argc, char **argv)
{
	struct wb_err err = { 0 };
	struct cli_list_opts o;
	struct cli_session s;
	struct list_out l = { .app = &s.app, .err = &err };
	struct facility_filter f;
	enum facility_type t;
	int rc;

	if (!cli_list_options(argc, argv, &o) || argc - optind != 1)
		return cli_usage("facility");
	if ((t = parse_type(argv[optind])) == FACILITY_TYPE__MAX)
		return EXIT_USAGE;
	if ((rc = cli_session_open(&s, o.data, o.db)) != EXIT_OK)
		return rc;
	l.v = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	l.items = o.json ? json_array() : NULL;
	f = (struct facility_filter){ .scope = s.app.scope, .type = t, .town = o.town };
	if (!o.json && l.v) {
		const struct facility_spec *spec = facility_spec(t);
		printf("ID");
		for (size_t i = 0; i < spec->nfields; i++)
			printf("\t%s", spec->fields[i].header);
		printf("\n");
	}
	if (l.v == NULL || (o.json && l.items == NULL))
		l.rc = wb_err_set(&err, WB_ERR_NOMEM, "out of memory");
	else if ((rc = store_facility_page(s.st, &f, -1, 0, list_row, &l, NULL, &err)) != WB_OK)
		l.rc = rc;
	rc = EXIT_OK;
	if (l.rc != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	} else if (o.json) {
		cli_print_json(l.items);
	}
	json_decref(l.items);
	free(l.v);
	cli_session_close(&s);
	return rc;
}

int
cmd_facility(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "template", template_cmd },
		{ "import", import_cmd },
		{ "list", list_cmd },
		{ NULL, NULL },
	};

	return cli_subcommand(argc, argv, "facility", subs);
}
