/* weibao child template|import|show|list|rejects|transfer|purge: children in difficulty
 * from the command line (the operator: the whole county, login cli:<user>). */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/child_edit.h"
#include "app/child_import.h"
#include "app/child_purge.h"
#include "app/child_round.h"
#include "app/child_visits.h"
#include "app/children.h"
#include "sec/fieldcrypt.h"
#include "sec/keyfile.h"
#include "store/org.h"
#include "util/text.h"

#define CHILD_IMPORT_MAX_BYTES (1024u << 20)

/* The category bits named by a Chinese name or a code ("孤儿", "orphan"),
 * 0 when unknown. */
static unsigned
parse_category(const char *s)
{
	static const struct {
		const char *code;
		unsigned bit;
	} codes[] = {
		{ "orphan", CHILD_ORPHAN }, { "de_facto", CHILD_DE_FACTO },
		{ "left_behind", CHILD_LEFT_BEHIND }, { "rural_left_behind", CHILD_RURAL_LEFT_BEHIND },
		{ "difficulty", CHILD_DIFFICULTY }, { "disabled", CHILD_DISABLED },
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(s, codes[i].code) == 0 || strcmp(s, child_category_name(codes[i].bit)) == 0)
			return codes[i].bit;
	return 0;
}

/* weibao child template: the CSV header line, UTF-8 with BOM. */
static int
template_cmd(int argc, char **argv)
{
	char line[2048];

	(void)argv;
	if (argc != 2)
		return cli_usage("child");
	app_child_template(line, sizeof(line));
	fputs(line, stdout);
	return EXIT_OK;
}

static void
progress(const char *pass, size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\r%s %zu / %zu 行", pass, done, total);
	fflush(stderr);
}

static void
print_issues(const struct child_import_report *rep)
{
	for (size_t i = 0; i < rep->issues.n; i++) {
		const struct child_issue *is = vec_at(&rep->issues, i);

		if (is->header[0])
			fprintf(stderr, "  第 %d 行，%s：%s\n", is->row, is->header, is->reason);
		else
			fprintf(stderr, "  第 %d 行：%s\n", is->row, is->reason);
	}
	if (rep->problems > (int)rep->issues.n)
		fprintf(stderr, "  ……另有 %d 处问题未列出\n", rep->problems - (int)rep->issues.n);
}

/* The last part of a path. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* weibao child import FILE [--skip-bad] */
static int
import_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct child_import_opts o = { 0 };
	struct child_import_report rep = { 0 };
	const char *data = NULL, *db = NULL, *file;
	struct wb_err err = { 0 };
	struct cli_session s;
	char detail[256];
	size_t len;
	char *buf;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 's': o.skip_bad = true; break;
		default: return cli_usage("child");
		}
	}
	if (argc - optind != 1)
		return cli_usage("child");
	file = argv[optind];
	buf = text_read_file(file, CHILD_IMPORT_MAX_BYTES, &len, &err);
	if (buf == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = cli_session_open(&s, data, db)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	o.file_name = base_name(file);
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK ||
	    app_child_import(&s.app, buf, len, &o, &rep, &err) != WB_OK) {
		store_rollback_all(s.st);
		if (o.progress)
			fputc('\n', stderr);
		cli_error("%s: %s", file, err.msg);
		print_issues(&rep);
		goto out;
	}
	if (o.progress)
		fputc('\n', stderr);
	snprintf(detail, sizeof(detail), "导入儿童信息：%d 行，新增 %d，有误未导入 %d", rep.rows,
		 rep.created, rep.rejected);
	if (!cli_commit_audited(&s.loc, s.st, "child.import", "child", NULL, detail))
		goto out;
	printf("儿童信息：%d 行，新增 %d", rep.rows, rep.created);
	if (rep.rejected > 0) {
		printf("，有误未导入 %d（已加密保存为第 %lld 号错误行记录，%d 天内可由导入人取回："
		       "weibao child rejects %lld --out 文件）\n", rep.rejected,
		       (long long)rep.rejects_id, CHILD_REJECTS_DAYS, (long long)rep.rejects_id);
		print_issues(&rep);
	} else {
		printf("\n");
	}
	rc = EXIT_OK;
out:
	child_import_report_free(&rep);
	free(buf);
	cli_session_close(&s);
	return rc;
}

/* Common options of show and list. */
struct read_opts {
	const char *data, *db, *as_of, *village, *category;
	bool json;
};

/* The date of --as-of (default: today in China) into *on; false after
 * printing the error. */
static bool
as_of_date(const struct app_ctx *app, const char *s, struct id_date *on)
{
	if (s == NULL) {
		*on = app_today(app);
		return true;
	}
	if (!id_date_parse_iso(s, on)) {
		cli_error("--as-of %s: not a date (YYYY-MM-DD)", s);
		return false;
	}
	return true;
}

/* The JSON of a child's brief: masked, with categories and, when f is
 * given, the reasons of each. */
static json_t *
brief_json(const struct child_brief *b, const struct child_full *f, struct id_date on,
	   const struct child_rules *rules)
{
	json_t *o = json_object(), *cats = json_array(), *reasons = json_object();
	struct child_facts facts;
	struct child_result res = { .categories = b->categories, .age = b->age };
	struct parent_period *periods = NULL;

	json_object_set_new(o, "id", json_integer(b->id));
	json_object_set_new(o, "id_number_masked", json_string(b->id_number_masked));
	json_object_set_new(o, "name_masked", json_string(b->name_masked));
	json_object_set_new(o, "temporary", json_boolean(b->temporary));
	json_object_set_new(o, "sex", json_string(b->sex));
	json_object_set_new(o, "village", json_string(b->village));
	json_object_set_new(o, "age", b->age >= 0 ? json_integer(b->age) : json_null());
	if (f) {
		periods = calloc(f->periods.n + 1, sizeof(*periods));
		if (periods) {
			app_child_facts(f, periods, &facts);
			res = child_derive(&facts, on, rules);
		}
	}
	for (unsigned bit = 1; bit < (1u << CHILD_CATEGORY_BITS); bit <<= 1) {
		char why[1024];

		if (!(b->categories & bit & CHILD_MAIN_CATEGORIES))
			continue;
		json_array_append_new(cats, json_string(child_category_name(bit)));
		if (periods && child_reason(&facts, &res, rules, bit, why, sizeof(why)) > 0)
			json_object_set_new(reasons, child_category_name(bit), json_string(why));
	}
	json_object_set_new(o, "categories", cats);
	if (f)
		json_object_set_new(o, "reasons", reasons);
	else
		json_decref(reasons);
	free(periods);
	return o;
}

/* weibao child show IDNUMBER [--as-of DATE] [--json]: audited. */
static int
show_cmd(int argc, char **argv, const struct read_opts *ro)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	struct child_full f;
	struct child_brief b;
	struct child_rules rules;
	struct id_date on;
	char detail[128], oid[32];
	int64_t id = 0;
	bool found = false;
	json_t *o;
	int rc;

	if (argc - optind != 1)
		return cli_usage("child");
	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (!as_of_date(&s.app, ro->as_of, &on))
		goto out;
	if (app_child_find(&s.app, argv[optind], &id, &found, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	snprintf(detail, sizeof(detail), found ? "按身份证号查询儿童（编号 %lld）"
					       : "按身份证号查询儿童：未登记", (long long)id);
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	if (store_begin(s.st, &err) != WB_OK ||
	    !cli_commit_audited(&s.loc, s.st, "child.lookup", "child", found ? oid : NULL, detail))
		goto out;
	if (!found) {
		cli_error("no child is registered under that ID number");
		goto out;
	}
	if (app_child_load(&s.app, id, &f, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	rules = app_child_rules(&s.app);
	if (app_child_brief(&s.app, &f.row, on, &b, &err) != WB_OK) {
		cli_error("%s", err.msg);
		child_full_free(&f);
		goto out;
	}
	o = brief_json(&b, &f, on, &rules);
	if (ro->json) {
		cli_print_json(o);
	} else {
		char cats[256];

		app_child_category_text(b.categories, cats, sizeof(cats));
		printf("%s\t%s\t%s\t%d 岁\t%s\n", b.id_number_masked, b.name_masked, b.village, b.age,
		       cats);
	}
	json_decref(o);
	child_full_free(&f);
	rc = EXIT_OK;
out:
	cli_session_close(&s);
	return rc;
}

struct list_out {
	json_t *items;            /* --json: the array; NULL for text */
};

static enum wb_status
list_row(const struct child_brief *b, void *arg)
{
	struct list_out *l = arg;
	char cats[256];

	if (l->items) {
		json_array_append_new(l->items, brief_json(b, NULL, (struct id_date){ 0, 0, 0 }, NULL));
		return WB_OK;
	}
	app_child_category_text(b->categories, cats, sizeof(cats));
	printf("%lld\t%s\t%s\t%s\t%d\t%s\n", (long long)b->id, b->id_number_masked,
	       b->name_masked, b->village, b->age, cats);
	return WB_OK;
}

/* weibao child list [--category C] [--village CODE] [--as-of DATE] [--json] */
static int
list_cmd(const struct read_opts *ro)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	struct list_out l = { NULL };
	struct child_filter f = { 0 };
	struct id_date on;
	unsigned category = 0;
	int rc;

	if (ro->category && (category = parse_category(ro->category)) == 0) {
		cli_error("unknown category '%s' (孤儿 orphan, 事实无人抚养儿童 de_facto, 留守儿童 "
			  "left_behind, 困境儿童 difficulty, 残疾儿童 disabled)", ro->category);
		return EXIT_USAGE;
	}
	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (!as_of_date(&s.app, ro->as_of, &on))
		goto out;
	f.village = ro->village;
	l.items = ro->json ? json_array() : NULL;
	if (!ro->json)
		printf("编号\t身份证号\t姓名\t村社区\t年龄\t类别\n");
	if (app_child_each(&s.app, &f, on, category, list_row, &l, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (ro->json)
		cli_print_json(l.items);
	rc = EXIT_OK;
out:
	json_decref(l.items);
	cli_session_close(&s);
	return rc;
}

/* One overdue child: a JSON object into the array arg, or a text line. */
static enum wb_status
overdue_row(const struct child_overdue *o, void *arg)
{
	struct list_out *l = arg;
	char cats[256];

	if (l->items) {
		json_t *j = brief_json(&o->brief, NULL, (struct id_date){ 0, 0, 0 }, NULL);

		json_object_set_new(j, "town", json_string(o->brief.town));
		json_object_set_new(j, "last_visit", o->due.visited ? json_string(o->due.last_visit)
								   : json_null());
		json_object_set_new(j, "due", json_string(o->due.due));
		json_object_set_new(j, "days_overdue", json_integer(o->due.days_overdue));
		json_array_append_new(l->items, j);
		return WB_OK;
	}
	app_child_category_text(o->brief.categories, cats, sizeof(cats));
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", (long long)o->brief.id,
	       o->brief.id_number_masked, o->brief.name_masked, o->brief.village, cats,
	       o->due.visited ? o->due.last_visit : "从未走访", o->due.due, o->due.days_overdue);
	return WB_OK;
}

/* weibao child visits overdue [--village CODE] [--json]: the children whose
 * visit is overdue, masked, by village. */
static int
overdue_cmd(const struct read_opts *ro)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	struct list_out l = { NULL };
	struct child_filter f = { .village = ro->village };
	int rc;

	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	l.items = ro->json ? json_array() : NULL;
	if (!ro->json)
		printf("编号\t身份证号\t姓名\t村社区\t类别\t上次走访\t应走访日期\t逾期天数\n");
	if (app_child_overdue_each(&s.app, &f, overdue_row, &l, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (ro->json)
		cli_print_json(l.items);
	rc = EXIT_OK;
out:
	json_decref(l.items);
	cli_session_close(&s);
	return rc;
}

/* weibao child rejects ID --out FILE: the rejected rows of an import, for
 * their importer, into a file the operator names. */
static int
rejects_cmd(int argc, char **argv, const struct read_opts *ro, const char *out_path)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	char name[256], detail[128], *csv = NULL;
	size_t len = 0;
	FILE *out;
	int rc;

	if (argc - optind != 1 || out_path == NULL)
		return cli_usage("child");
	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (app_child_rejects(&s.app, strtoll(argv[optind], NULL, 10), &csv, &len, name, sizeof(name),
			      &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	snprintf(detail, sizeof(detail), "取回导入有误的儿童信息行（第 %s 号）", argv[optind]);
	if (store_begin(s.st, &err) != WB_OK ||
	    !cli_commit_audited(&s.loc, s.st, "child.rejects", "child", NULL, detail))
		goto out;
	out = fopen(out_path, "wbx");
	if (out == NULL) {
		cli_error("cannot create %s (it must not exist yet)", out_path);
		goto out;
	}
	if (fwrite(csv, 1, len, out) != len || fclose(out) != 0) {
		cli_error("cannot write %s", out_path);
		goto out;
	}
	printf("%s 的有误行已写入 %s\n", name, out_path);
	rc = EXIT_OK;
out:
	if (csv)
		fieldcrypt_free(csv, len);
	cli_session_close(&s);
	return rc;
}

/* weibao child rederive: the round serve runs every hour, now. */
static int
rederive_cmd(const struct read_opts *ro)
{
	struct child_round_result res;
	struct wb_err err = { 0 };
	struct cli_session s;
	int rc;

	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	if (app_child_round(&s.app, &res, &err) != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	} else {
		printf("到期重新判定儿童类别：%lld 名，其中 %lld 名类别变化\n", (long long)res.checked,
		       (long long)res.changed);
	}
	cli_session_close(&s);
	return rc;
}

/* weibao child transfer IDNUMBER --village CODE --reason R: the office
 * moves the child (looked up through the blind index) to another village at
 * once, with its history line; audited. */
static int
transfer_cmd(int argc, char **argv, const struct read_opts *ro, const char *reason)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	char detail[160], oid[32];
	int64_t id = 0;
	bool found = false, pending = false;
	int rc;

	if (argc - optind != 1 || ro->village == NULL || reason == NULL)
		return cli_usage("child");
	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (app_child_find(&s.app, argv[optind], &id, &found, &err) != WB_OK ||
	    (found && app_child_transfer(&s.app, id, ro->village, reason, &pending, &err) !=
			      WB_OK) || !found) {
		/* refused: on record too (the look-up told whether the number is
		 * registered), then the reason */
		struct wb_err ignored = { 0 };

		store_rollback_all(s.st);
		if (found)
			snprintf(detail, sizeof(detail), "转移儿童未完成（编号 %lld）：%.80s",
				 (long long)id, err.msg);
		else
			snprintf(detail, sizeof(detail), "转移儿童未完成：身份证号未登记");
		snprintf(oid, sizeof(oid), "%lld", (long long)id);
		if (store_begin(s.st, &ignored) == WB_OK)
			cli_commit_audited(&s.loc, s.st, "child.transfer", "child", found ? oid : NULL,
					   detail);
		cli_error("%s", found ? err.msg : "no child is registered under that ID number");
		goto out;
	}
	snprintf(detail, sizeof(detail), "转移儿童至 %.12s", ro->village);
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	if (!cli_commit_audited(&s.loc, s.st, "child.transfer", "child", oid, detail))
		goto out;
	printf("已转移至 %s\n", ro->village);
	rc = EXIT_OK;
out:
	cli_session_close(&s);
	return rc;
}

/* One child due for reduction: into the JSON array arg, or a text line. */
static enum wb_status
purge_row(const struct child_brief *b, void *arg)
{
	struct list_out *l = arg;

	if (l->items) {
		json_t *j = brief_json(b, NULL, (struct id_date){ 0, 0, 0 }, NULL);

		json_object_set_new(j, "town", json_string(b->town));
		json_array_append_new(l->items, j);
		return WB_OK;
	}
	printf("%lld\t%s\t%s\t%s\t%d\n", (long long)b->id, b->id_number_masked, b->name_masked,
	       b->village, b->age);
	return WB_OK;
}

/* weibao child purge [--dry-run] [--json]: the records past their retention
 * period reduced now (serve does it daily); --dry-run lists them, masked,
 * and changes nothing. */
static int
purge_cmd(const struct read_opts *ro, bool dry_run)
{
	struct child_purge_result res = { .towns = VEC_INIT(struct child_purge_town) };
	struct wb_err err = { 0 };
	struct cli_session s;
	struct list_out l = { NULL };
	json_t *towns;
	int rc;

	if ((rc = cli_session_open(&s, ro->data, ro->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	l.items = ro->json && dry_run ? json_array() : NULL;
	if (dry_run && !ro->json)
		printf("编号\t身份证号\t姓名\t村社区\t年龄\n");
	if (app_child_purge(&s.app, dry_run, dry_run ? purge_row : NULL, &l, &res, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	towns = json_array();
	for (size_t i = 0; i < res.towns.n; i++) {
		const struct child_purge_town *t = vec_at(&res.towns, i);

		json_array_append_new(towns, json_pack("{s:s, s:s, s:I}", "town", t->town, "name",
						       t->name, "count", (json_int_t)t->count));
		if (!ro->json)
			printf("%s%s（%s）\t%lld 名\n", i == 0 ? "\n按镇（街道）：\n" : "",
			       t->name[0] ? t->name : t->town, t->town, (long long)t->count);
	}
	if (ro->json) {
		json_t *o = json_pack("{s:b, s:i, s:s, s:I, s:o}", "dry_run", dry_run, "years",
				      res.years, "cutoff", res.cutoff, "count",
				      (json_int_t)res.count, "towns", towns);

		if (l.items)
			json_object_set(o, "children", l.items);
		cli_print_json(o);
		json_decref(o);
	} else {
		json_decref(towns);
		printf("保存期限：年满 18 周岁后 %d 年（出生日期不晚于 %s 的记录到期）；%s %lld 名\n",
		       res.years, res.cutoff, dry_run ? "到期待删减（试运行，未作改动）" : "已删减个人信息",
		       (long long)res.count);
	}
	rc = EXIT_OK;
out:
	json_decref(l.items);
	child_purge_result_free(&res);
	cli_session_close(&s);
	return rc;
}

int
cmd_child(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "village", required_argument, NULL, 'v' },
		{ "category", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "reason", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct read_opts ro = { 0 };
	const char *out = NULL, *reason = NULL;
	bool dry_run = false;
	int c;

	if (argc < 2)
		return cli_usage("child");
	if (strcmp(argv[1], "template") == 0)
		return template_cmd(argc, argv);
	if (strcmp(argv[1], "import") == 0)
		return import_cmd(argc, argv);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': ro.data = optarg; break;
		case 'b': ro.db = optarg; break;
		case 'a': ro.as_of = optarg; break;
		case 'v': ro.village = optarg; break;
		case 'c': ro.category = optarg; break;
		case 'o': out = optarg; break;
		case 'r': reason = optarg; break;
		case 'j': ro.json = true; break;
		case 'n': dry_run = true; break;
		default: return cli_usage("child");
		}
	}
	if (strcmp(argv[1], "transfer") == 0)
		return transfer_cmd(argc, argv, &ro, reason);
	if (strcmp(argv[1], "show") == 0)
		return show_cmd(argc, argv, &ro);
	if (strcmp(argv[1], "list") == 0 && argc == optind)
		return list_cmd(&ro);
	if (strcmp(argv[1], "rejects") == 0)
		return rejects_cmd(argc, argv, &ro, out);
	if (strcmp(argv[1], "visits") == 0 && argc - optind == 1 &&
	    strcmp(argv[optind], "overdue") == 0)
		return overdue_cmd(&ro);
	if (strcmp(argv[1], "rederive") == 0 && argc == optind)
		return rederive_cmd(&ro);
	if (strcmp(argv[1], "purge") == 0 && argc == optind)
		return purge_cmd(&ro, dry_run);
	return cli_usage("child");
}
