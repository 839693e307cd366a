/* weibao check registry import|template, weibao check run|template: background
 * checks (入职查询) from the command line (the operator: the whole county,
 * login cli:<user>). */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_registry.h"
#include "app/check_run.h"
#include "util/text.h"

#define CHECK_FILE_MAX_BYTES (1024u << 20)

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The file's bytes hold names and ID numbers: wiped before they are freed. */
static void
wipe_free(char *buf, size_t len)
{
	sodium_memzero(buf, len);
	free(buf);
}

static void
print_problems(const struct check_file_problem *p, size_t n, int64_t total)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i].column[0])
			fprintf(stderr, "  第 %d 行，%s：%s\n", p[i].row, p[i].column, p[i].message);
		else
			fprintf(stderr, "  第 %d 行：%s\n", p[i].row, p[i].message);
	}
	if (total > (int64_t)n)
		fprintf(stderr, "  ……另有 %lld 处问题未列出\n", (long long)(total - (int64_t)n));
}

static json_t *
problems_json(const struct check_file_problem *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:s}", "row", p[i].row, "column",
						   p[i].column, "message", p[i].message));
	return a;
}

/* Opens the session and makes sure the key file holds the registry key. */
static int
open_session(struct cli_session *s, const char *data, const char *db)
{
	int rc = cli_session_open(s, data, db);

	if (rc == EXIT_OK && !cli_ensure_registry_key(s->loc.key_path, &s->keys)) {
		cli_session_close(s);
		return EXIT_FAIL;
	}
	return rc;
}

/* weibao check registry import FILE [--skip-bad] [--json] | template */
static int
registry_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_registry_result res = { 0 };
	const char *data = NULL, *db = NULL, *file;
	bool skip_bad = false, json = false;
	struct wb_err err = { 0 };
	struct cli_session s;
	char line[256];
	size_t len;
	char *buf;
	int c, rc;

	if (argc >= 3 && strcmp(argv[2], "template") == 0 && argc == 3) {
		app_check_registry_template(line, sizeof(line));
		fputs(line, stdout);
		return EXIT_OK;
	}
	if (argc < 3 || strcmp(argv[2], "import") != 0)
		return cli_usage("check");
	optind = 3;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 's': skip_bad = true; break;
		case 'j': json = true; break;
		default: return cli_usage("check");
		}
	}
	if (argc - optind != 1)
		return cli_usage("check");
	file = argv[optind];
	if ((buf = text_read_file(file, CHECK_FILE_MAX_BYTES, &len, &err)) == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = open_session(&s, data, db)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	rc = EXIT_FAIL;
	if (app_check_registry_import(&s.app, buf, len, base_name(file), skip_bad, &res, &err) !=
	    WB_OK) {
		cli_error("%s: %s", file, err.msg);
		print_problems(res.rejected, res.nrejected, res.problems);
		goto out;
	}
	if (json) {
		json_t *o = json_pack("{s:I, s:I, s:I, s:o}", "id", (json_int_t)res.import_id,
				      "imported", (json_int_t)res.imported, "total",
				      (json_int_t)res.total, "rejected",
				      problems_json(res.rejected, res.nrejected));
		cli_print_json(o);
		json_decref(o);
	} else {
		printf("违法犯罪记录库：%lld 行，导入 %lld 条", (long long)res.total,
		       (long long)res.imported);
		if (res.nrejected > 0) {
			printf("，跳过有误的 %lld 行\n", (long long)(res.total - res.imported));
			print_problems(res.rejected, res.nrejected, res.problems);
		} else {
			printf("\n");
		}
	}
	rc = EXIT_OK;
out:
	check_registry_result_free(&res);
	wipe_free(buf, len);
	cli_session_close(&s);
	return rc;
}

static json_t *
run_json(const struct check_run_result *r)
{
	json_t *rows = json_array(), *o;

	for (size_t i = 0; i < r->nrows; i++) {
		const struct check_run_row *x = &r->rows[i];
		json_t *row = json_pack("{s:i, s:s, s:s, s:s}", "row", x->row, "id_number_masked",
					x->id_number_masked, "name_masked", x->name_masked,
					"result", x->result);
		if (x->message)
			json_object_set_new(row, "message", json_string(x->message));
		json_array_append_new(rows, row);
	}
	o = json_pack("{s:I, s:I, s:o, s:I, s:I, s:{s:I, s:s}, s:s}", "checked",
		      (json_int_t)r->checked, "hits", (json_int_t)r->hits, "rows", rows, "invalid",
		      (json_int_t)r->invalid, "id", (json_int_t)r->id, "institution", "id",
		      (json_int_t)r->institution_id, "name", r->institution_name, "checked_on",
		      r->checked_on);
	if (r->rejects_id)
		json_object_set_new(o, "rejects_id", json_integer(r->rejects_id));
	return o;
}

/* weibao check run --institution ID|NAME FILE [--json] */
static int
run_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "institution", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_run_result res = { 0 };
	const char *data = NULL, *db = NULL, *institution = NULL, *file;
	struct wb_err err = { 0 };
	struct cli_session s;
	int64_t id = 0;
	bool json = false;
	size_t len;
	char *buf;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'i': institution = optarg; break;
		case 'j': json = true; break;
		default: return cli_usage("check");
		}
	}
	if (argc - optind != 1 || institution == NULL)
		return cli_usage("check");
	file = argv[optind];
	if ((buf = text_read_file(file, CHECK_FILE_MAX_BYTES, &len, &err)) == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = open_session(&s, data, db)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	rc = EXIT_FAIL;
	if (app_check_institution_find(&s.app, institution, &id, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	res.no_rows = !json;
	if (app_check_run(&s.app, id, buf, len, base_name(file), &res, &err) != WB_OK) {
		cli_error("%s: %s", file, err.msg);
		print_problems(res.problems, res.nproblems, (int64_t)res.nproblems);
		goto out;
	}
	if (json) {
		json_t *o = run_json(&res);
		cli_print_json(o);
		json_decref(o);
	} else {
		printf("%s 入职查询（%s）：%lld 行，查询 %lld 人（新增 %lld，更新 %lld），有记录 %lld 人，"
		       "无效 %lld 行\n", res.institution_name, res.checked_on, (long long)res.total,
		       (long long)res.checked, (long long)res.added, (long long)res.updated,
		       (long long)res.hits, (long long)res.invalid);
		if (res.rejects_id)
			printf("无效的行已加密保存为第 %lld 号错误行记录，%d 天内可由提交人在网页取回\n",
			       (long long)res.rejects_id, CHECK_REJECTS_DAYS);
	}
	rc = EXIT_OK;
out:
	check_run_result_free(&res);
	wipe_free(buf, len);
	cli_session_close(&s);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	char line[256];

	if (argc < 2)
		return cli_usage("check");
	if (strcmp(argv[1], "registry") == 0)
		return registry_cmd(argc, argv);
	if (strcmp(argv[1], "run") == 0)
		return run_cmd(argc, argv);
	if (strcmp(argv[1], "template") == 0 && argc == 2) {
		app_check_roster_template(line, sizeof(line));
		fputs(line, stdout);
		return EXIT_OK;
	}
	cli_error("unknown subcommand 'check %s'; see 'weibao help check'", argv[1]);
	return EXIT_USAGE;
}
