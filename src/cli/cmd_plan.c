/* weibao plan parse FILE: a work-plan notice as JSON, without the database. */
#include "cli/cli.h"

#include <getopt.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/plan_import.h"
#include "app/supervise.h"
#include "util/text.h"
#include "app/notice_json.h"
#include "app/notice_units.h"
#include "core/notice.h"
#include "util/text.h"

#define PLAN_MAX_BYTES (64u << 20)

/* The sink of notice_json_write() for stdout. */
static int
write_stdout(const char *buf, size_t size, void *arg)
{
	(void)arg;
	return fwrite(buf, 1, size, stdout) == size ? 0 : -1;
}

/*
 * Maps FILE read-only into memory (a large notice is neither copied nor
 * faulted in page by page).  Returns the mapping (munmap it, *len bytes) or
 * NULL with the reason printed; an empty file is an error.
 */
static char *
map_file(const char *file, size_t *len)
{
	struct stat sb;
	void *p;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		cli_error("cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		cli_error("%s is not a regular file", file);
		close(fd);
		return NULL;
	}
	if (sb.st_size == 0 || (uint64_t)sb.st_size > PLAN_MAX_BYTES) {
		if (sb.st_size == 0)
			cli_error("%s: the file is empty", file);
		else
			cli_error("%s is too large (%lld bytes; the limit is %u)", file,
				  (long long)sb.st_size, PLAN_MAX_BYTES);
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		cli_error("cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	*len = (size_t)sb.st_size;
	return p;
}

/*
 * Reads FILE (UTF-8 or GB18030) and parses it as a notice with the embedded
 * member units.  Prints the error and returns EXIT_FAIL, or EXIT_OK with *out
 * set (the caller frees it with notice_free()).
 */
static int
plan_read(const char *file, struct notice **out)
{
	struct wb_err err = { 0 };
	struct notice_dict *dict = NULL;
	char *buf, *text = NULL;
	size_t len = 0, tlen;
	int rc = EXIT_FAIL;

	*out = NULL;
	if ((buf = map_file(file, &len)) == NULL)
		return EXIT_FAIL;
	if ((dict = notice_units_embedded(&err)) == NULL) {
		cli_error("member units: %s", err.msg);
		goto out;
	}
	/* UTF-8 is parsed as it is (the parser checks it); anything else is
	 * converted from GB18030, or refused as binary */
	if (notice_parse(buf, len, dict, out, &err) != WB_OK) {
		if (err.status != WB_ERR_INVALID || notice_is_utf8(buf, len)) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
		if ((text = text_to_utf8(buf, len, &tlen, &err)) == NULL) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
		if (notice_parse(text, tlen, dict, out, &err) != WB_OK) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
	}
	rc = EXIT_OK;
out:
	notice_dict_free(dict);
	free(text);
	munmap(buf, len);
	return rc;
}

static int
plan_parse(int argc, char **argv)
{
	struct notice *n;
	int rc;

	if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return cli_usage("plan");
	if ((rc = plan_read(argv[1], &n)) != EXIT_OK)
		return rc;
	rc = notice_json_write(n, write_stdout, NULL) && fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
	if (rc != EXIT_OK)
		cli_error("cannot write the result");
	notice_free(n);
	return rc;
}

/* weibao plan import FILE [--deadline YYYY-MM-DD] [--replace] [--archived]:
 * the notice stored with its items, targets and one task per responsible
 * unit; --archived as the history of a finished year. */
static int
plan_import_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "deadline", required_argument, NULL, 'l' },
		{ "replace", no_argument, NULL, 'r' },
		{ "archived", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *deadline = NULL;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct plan_import res;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	bool replace = false, archived = false;
	char id[24], login[64], detail[160], *text;
	size_t len;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'l': deadline = optarg; break;
		case 'r': replace = true; break;
		case 'a': archived = true; break;
		default: return cli_usage("plan");
		}
	}
	if (argc - optind != 1)
		return cli_usage("plan");
	text = text_read_file(argv[optind], 64u << 20, &len, &err);
	if (text == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	cli_locate(&loc, data, db);
	if ((rc = cli_load_config(&loc, &config)) != EXIT_OK ||
	    (rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		free(text);
		return rc;
	}
	cli_app(&app, st, &config, login);
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK) {
		cli_error("%s", err.msg);
	} else if (plan_import(&app, text, len, deadline, replace, archived, NULL, &res, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s: %s", argv[optind], err.msg);
	} else {
		snprintf(id, sizeof(id), "%lld", (long long)res.plan_id);
		snprintf(detail, sizeof(detail), "%s%s：%d 条要点，%d 项任务，%d 个未识别单位",
			 res.replaced ? "替换" : "导入", archived ? "（归档）" : "", res.items,
			 res.tasks, res.unknown_units);
		if (cli_commit_audited(&loc, st, replace ? "plan.replace" : "plan.import", "plan", id,
				       detail)) {
			printf("%s plan %lld%s: %d items, %d tasks",
			       res.replaced ? "replaced" : "imported", (long long)res.plan_id,
			       archived ? " as archived history" : "", res.items, res.tasks);
			if (res.unknown_units)
				printf("; %d responsible units are not in the unit table and got no task",
				       res.unknown_units);
			if (res.warnings)
				printf("; %d warnings (see 'weibao plan parse')", res.warnings);
			printf("\n");
			if (res.deadline_passed && !archived)
				fprintf(stderr, "weibao: warning: the plan's deadline has passed: its "
					"open tasks are red and 督办 starts at once; a plan of a "
					"finished year is imported as history with --archived "
					"(again with --replace --archived)\n");
			rc = EXIT_OK;
		}
	}
	free(text);
	store_close(st);
	return rc;
}

/* Parses a subcommand that takes only --data and --db, and opens its
 * store: EXIT_OK with *st open (the caller closes it), else the exit code. */
static int
open_plain(int argc, char **argv, struct cli_loc *loc, struct wb_config *config,
	   struct store **st)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("plan");
		}
	}
	if (optind != argc)
		return cli_usage("plan");
	cli_locate(loc, data, db);
	if ((rc = cli_load_config(loc, config)) != EXIT_OK)
		return rc;
	return cli_open_store(loc, st);
}

/* weibao plan supervise: one round of 督办 (what `serve` does by itself). */
static int
plan_supervise_cmd(int argc, char **argv)
{
	struct supervise_result res;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	char detail[160], login[64];
	int rc;

	if ((rc = open_plain(argc, argv, &loc, &config, &st)) != EXIT_OK)
		return rc;
	cli_app(&app, st, &config, login);
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK || supervise_run(&app, &res, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s", err.msg);
	} else {
		snprintf(detail, sizeof(detail), "新下发督办 %lld 件，升级 %lld 件，解除 %lld 件",
			 (long long)res.created, (long long)res.raised, (long long)res.resolved);
		if (cli_commit_audited(&loc, st, "supervision.run", "supervision", NULL, detail)) {
			printf("督办: %lld created, %lld raised, %lld resolved\n",
			       (long long)res.created, (long long)res.raised, (long long)res.resolved);
			rc = EXIT_OK;
		}
	}
	store_close(st);
	return rc;
}

/* weibao plan demo: the 示例 plan of this year with tasks in every state. */
static int
plan_demo_cmd(int argc, char **argv)
{
	struct demo_result res;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	char id[24], login[64], detail[160];
	int rc;

	if ((rc = open_plain(argc, argv, &loc, &config, &st)) != EXIT_OK)
		return rc;
	cli_app(&app, st, &config, login);
	app.login = "示例数据";
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK || app_demo_load(&app, &res, &err) != WB_OK) {
		store_rollback_all(st);
		if (err.status == WB_ERR_CONFLICT)
			cli_error("this year's example plan is loaded already");
		else
			cli_error("%s", err.msg);
	} else {
		snprintf(id, sizeof(id), "%lld", (long long)res.plan_id);
		snprintf(detail, sizeof(detail), "示例工作要点：%d 项任务，督办单 %d 件", res.tasks,
			 res.supervisions);
		if (cli_commit_audited(&loc, st, "plan.import", "plan", id, detail)) {
			printf("example plan %lld (示例): %d tasks in every state, %d 督办 notices\n",
			       (long long)res.plan_id, res.tasks, res.supervisions);
			rc = EXIT_OK;
		}
	}
	store_close(st);
	return rc;
}

/* The subcommands of `weibao plan`. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} plan_commands[] = {
	{ "parse", plan_parse },
	{ "import", plan_import_cmd },
	{ "supervise", plan_supervise_cmd },
	{ "demo", plan_demo_cmd },
	{ NULL, NULL },
};

int
cmd_plan(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("plan");
	for (size_t i = 0; plan_commands[i].name; i++)
		if (strcmp(plan_commands[i].name, argv[1]) == 0)
			return plan_commands[i].run(argc - 1, argv + 1);
	cli_error("unknown subcommand 'plan %s'; see 'weibao help plan'", argv[1]);
	return EXIT_USAGE;
}
