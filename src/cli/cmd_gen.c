/* weibao gen demo|children|cases|registry|roster: the 示例数据 (demo data) set of
 * `make run` and synthetic data for tests and benchmarks. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/child_import.h"
#include "app/demo.h"
#include "app/demo_cases.h"
#include "app/demo_checks.h"
#include "app/demo_children.h"
#include "app/demo_registers.h"
#include "sec/keyfile.h"

#define DEMO_DEFAULT_SEED 2022

/* The records of r, all types together. */
static int
records_of(const struct demo_registers_result *r)
{
	int n = 0;

	for (int t = 0; t < FACILITY_TYPE__MAX; t++)
		n += r->facilities[t];
	return n;
}

/* A whole number option (--name VALUE) into *out; false after saying why. */
static bool
whole_number(const char *name, const char *value, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-') {
		cli_error("--%s takes a whole number, not '%s'", name, value);
		return false;
	}
	return true;
}

/* weibao gen demo [--seed N]: the demo registers, then this year's example
 * plan unless it is loaded already; one transaction and one audit event. */
static int
gen_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_registers_result reg;
	struct demo_result plan = { 0 };
	const char *data = NULL, *db = NULL;
	unsigned long long seed = DEMO_DEFAULT_SEED;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct keyset keys;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	char login[64], detail[256];
	bool loaded = false;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 's':
			if (!whole_number("seed", optarg, &seed))
				return EXIT_USAGE;
			break;
		default: return cli_usage("gen");
		}
	}
	if (optind != argc)
		return cli_usage("gen");
	cli_locate(&loc, data, db);
	if ((rc = cli_load_config(&loc, &config)) != EXIT_OK)
		return rc;
	if ((rc = cli_open_keyed(&loc, &keys, &st)) != EXIT_OK)
		return rc;
	cli_app(&app, st, &config, login);
	app.keys = &keys;
	app.login = "示例数据";
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK ||
	    app_demo_registers(&app, seed, &reg, &err) != WB_OK ||
	    app_demo_plan_loaded(&app, &loaded, &err) != WB_OK ||
	    (!loaded && app_demo_load(&app, &plan, &err) != WB_OK)) {
		store_rollback_all(st);
		cli_error("%s%s", err.msg, err.status == WB_ERR_CONFLICT ? "; nothing was changed" : "");
		goto out;
	}
	snprintf(detail, sizeof(detail),
		 "示例数据（种子 %llu）：村（社区）%d 个，台账记录 %d 条，培训 %d 次，保障标准 %d 条；%s",
		 seed, reg.villages, records_of(&reg), reg.trainings, reg.standards,
		 loaded ? "本年度示例工作要点已有" : "本年度示例工作要点已导入");
	if (!cli_commit_audited(&loc, st, "demo.generate", "system", NULL, detail))
		goto out;
	printf("demo data (示例数据, seed %llu): %d villages and communities (%lld residents), "
	       "%d register records, %d trainings, %d allowance standards\n",
	       seed, reg.villages, (long long)reg.population, records_of(&reg), reg.trainings,
	       reg.standards);
	if (loaded)
		printf("this year's example plan (示例) was loaded already\n");
	else
		printf("example plan %lld (示例): %d tasks in every state, %d 督办 notices\n",
		       (long long)plan.plan_id, plan.tasks, plan.supervisions);
	rc = EXIT_OK;
out:
	store_close(st);
	keyset_wipe(&keys);
	return rc;
}

static void
progress(const char *pass, size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\r%s %zu / %zu 行", pass, done, total);
	fflush(stderr);
}

/* Imports the CSV in buf as the operator, audited; EXIT_OK or EXIT_FAIL. */
static int
import_children(struct cli_session *s, const char *buf, size_t len, long count)
{
	struct child_import_opts o = { .file_name = "示例儿童" };
	struct child_import_report rep = { 0 };
	struct wb_err err = { 0 };
	char detail[160];
	int rc = EXIT_FAIL;

	if (isatty(STDERR_FILENO))
		o.progress = progress;
	if (store_begin(s->st, &err) != WB_OK ||
	    app_child_import(&s->app, buf, len, &o, &rep, &err) != WB_OK) {
		store_rollback_all(s->st);
		if (o.progress)
			fputc('\n', stderr);
		cli_error("%s", err.msg);
		goto out;
	}
	if (o.progress)
		fputc('\n', stderr);
	snprintf(detail, sizeof(detail), "生成示例儿童 %d 名", rep.created);
	if (!cli_commit_audited(&s->loc, s->st, "demo.children", "child", NULL, detail))
		goto out;
	printf("synthetic children (示例): %d of %ld registered\n", rep.created, count);
	rc = EXIT_OK;
out:
	child_import_report_free(&rep);
	return rc;
}

/* The options of gen children and gen cases. */
struct gen_args {
	const char *data, *db, *csv;
	unsigned long long seed;
	long count;
};

/* Reads --data, --db, --seed, --count (0 to max, required) and, with_csv,
 * --csv into *a; returns EXIT_OK, or the exit status after saying why. */
static int
gen_read_args(int argc, char **argv, bool with_csv, long max, struct gen_args *a)
{
	static const struct option all[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "csv", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct option opts[sizeof(all) / sizeof(all[0])];
	unsigned long long n;
	int c;

	memcpy(opts, all, sizeof(all));
	if (!with_csv)
		opts[4] = all[5];
	*a = (struct gen_args){ .seed = DEMO_DEFAULT_SEED, .count = -1 };
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->data = optarg; break;
		case 'b': a->db = optarg; break;
		case 'c': a->csv = optarg; break;
		case 's':
			if (!whole_number("seed", optarg, &a->seed))
				return EXIT_USAGE;
			break;
		case 'n':
			if (!whole_number("count", optarg, &n))
				return EXIT_USAGE;
			if (n > (unsigned long long)max) {
				cli_error("--count takes 0 to %ld", max);
				return EXIT_USAGE;
			}
			a->count = (long)n;
			break;
		default: return cli_usage("gen");
		}
	}
	if (optind != argc || a->count < 0)
		return cli_usage("gen");
	return EXIT_OK;
}

/* weibao gen children --count N [--seed S] [--csv FILE]: synthetic children,
 * registered (through the import, one transaction) or written as CSV. */
static int
gen_children(int argc, char **argv)
{
	struct gen_args a;
	struct wb_err err = { 0 };
	struct cli_session s;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int rc;

	if ((rc = gen_read_args(argc, argv, true, LONG_MAX, &a)) != EXIT_OK)
		return rc;
	if ((rc = cli_session_open(&s, a.data, a.db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	out = a.csv ? fopen(a.csv, "wbx") : open_memstream(&buf, &len);
	if (out == NULL) {
		cli_error(a.csv ? "cannot create %s (it must not exist yet)" : "out of memory%s",
			  a.csv ? a.csv : "");
		goto done;
	}
	if (app_demo_children_csv(&s.app, a.seed, a.count, out, &err) != WB_OK) {
		fclose(out);
		cli_error("%s", err.msg);
		goto done;
	}
	if (fclose(out) != 0) {
		cli_error("cannot write %s", a.csv ? a.csv : "the children");
		goto done;
	}
	if (a.csv) {
		printf("%ld synthetic children (示例, seed %llu) written to %s\n", a.count, a.seed,
		       a.csv);
		rc = EXIT_OK;
	} else {
		rc = import_children(&s, buf, len, a.count);
	}
done:
	free(buf);
	cli_session_close(&s);
	return rc;
}

static void
case_progress(size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\r个案 %zu / %zu", done, total);
	fflush(stderr);
}

/* weibao gen cases --count N [--seed S]: synthetic cases over the villages,
 * most linked to the registry's children (`gen children` first), walked to
 * their states with a timeline; one transaction, one audit event. */
static int
gen_cases(int argc, char **argv)
{
	struct gen_args a;
	struct demo_cases_result res;
	struct wb_err err = { 0 };
	struct cli_session s;
	bool tty = isatty(STDERR_FILENO);
	char detail[160];
	int rc;

	if ((rc = gen_read_args(argc, argv, false, DEMO_CASES_MAX, &a)) != EXIT_OK)
		return rc;
	if ((rc = cli_session_open(&s, a.data, a.db)) != EXIT_OK)
		return rc;
	s.app.login = "示例数据";
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK ||
	    app_demo_cases(&s.app, a.seed, a.count, tty ? case_progress : NULL, NULL, &res, &err) !=
		    WB_OK) {
		store_rollback_all(s.st);
		if (tty)
			fputc('\n', stderr);
		cli_error("%s", err.msg);
		goto done;
	}
	if (tty)
		fputc('\n', stderr);
	snprintf(detail, sizeof(detail), "生成示例个案 %ld 件（种子 %llu）", res.cases, a.seed);
	if (!cli_commit_audited(&s.loc, s.st, "demo.cases", "case", NULL, detail))
		goto done;
	printf("synthetic cases (示例, seed %llu): %ld, %ld linked to registry children, %ld open, "
	       "%ld closed, %ld urgent, %ld timeline events\n", a.seed, res.cases, res.linked,
	       res.open, res.closed, res.urgent, res.events);
	rc = EXIT_OK;
done:
	cli_session_close(&s);
	return rc;
}

/* weibao gen registry|roster --count N [--seed S] [--registry N] [--share PCT]
 * --csv FILE: a synthetic offender registry or roster of background checks
 * (示例), written to a new file; no database needed. */
static int
gen_check_file(int argc, char **argv, bool roster)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "registry", required_argument, NULL, 'r' },
		{ "share", required_argument, NULL, 'p' },
		{ "csv", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long seed = DEMO_DEFAULT_SEED, count = 0, registry = 100000, share = 1, v;
	const char *csv = NULL;
	struct wb_err err = { 0 };
	bool have_count = false;
	enum wb_status rc;
	FILE *out;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': csv = optarg; break;
		case 's':
			if (!whole_number("seed", optarg, &seed))
				return EXIT_USAGE;
			break;
		case 'n':
			if (!whole_number("count", optarg, &v))
				return EXIT_USAGE;
			count = v;
			have_count = true;
			break;
		case 'r':
			if (!roster || !whole_number("registry", optarg, &registry))
				return roster ? EXIT_USAGE : cli_usage("gen");
			break;
		case 'p':
			if (!roster || !whole_number("share", optarg, &share) || share > 100)
				return roster ? (cli_error("--share takes 0 to 100"), EXIT_USAGE)
					      : cli_usage("gen");
			break;
		default: return cli_usage("gen");
		}
	}
	if (optind != argc || !have_count || csv == NULL || count > DEMO_CHECKS_MAX ||
	    registry > DEMO_CHECKS_MAX)
		return cli_usage("gen");
	if ((out = fopen(csv, "wbx")) == NULL) {
		cli_error("cannot create %s (it must not exist yet)", csv);
		return EXIT_FAIL;
	}
	rc = roster ? app_demo_roster_csv(seed, (long)count, (long)registry, (int)share, out, &err)
		    : app_demo_registry_csv(seed, (long)count, out, &err);
	if (fclose(out) != 0 && rc == WB_OK)
		rc = wb_err_set(&err, WB_ERR_IO, "cannot write %s", csv);
	if (rc != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	printf("%llu synthetic %s rows (示例, seed %llu) written to %s\n", count,
	       roster ? "roster" : "registry", seed, csv);
	return EXIT_OK;
}

int
cmd_gen(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("gen");
	if (strcmp(argv[1], "demo") == 0)
		return gen_demo(argc - 1, argv + 1);
	if (strcmp(argv[1], "children") == 0)
		return gen_children(argc - 1, argv + 1);
	if (strcmp(argv[1], "cases") == 0)
		return gen_cases(argc - 1, argv + 1);
	if (strcmp(argv[1], "registry") == 0 || strcmp(argv[1], "roster") == 0)
		return gen_check_file(argc - 1, argv + 1, argv[1][1] == 'o');
	cli_error("unknown subcommand 'gen %s'; see 'weibao help gen'", argv[1]);
	return EXIT_USAGE;
}
