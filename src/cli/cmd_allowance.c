/* weibao allowance standard add|list, weibao allowance run: the basic living
 * allowances of children in difficulty from the command line. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/allowances.h"
#include "core/sheet.h"

struct opts {
	const char *data, *db, *category, *mode, *from, *amount, *month;
	bool json, approve;
};

/* Reads the options from argv[2] on; false on an unknown one. */
static bool
read_opts(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "category", required_argument, NULL, 'c' },
		{ "mode", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' },
		{ "amount", required_argument, NULL, 'a' },
		{ "month", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' },
		{ "approve", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'b': o->db = optarg; break;
		case 'c': o->category = optarg; break;
		case 'm': o->mode = optarg; break;
		case 'f': o->from = optarg; break;
		case 'a': o->amount = optarg; break;
		case 'M': o->month = optarg; break;
		case 'j': o->json = true; break;
		case 'p': o->approve = true; break;
		default: return false;
		}
	}
	return true;
}

/* weibao allowance standard add --category C --mode M --from DATE --amount YUAN */
static int
standard_add(const struct opts *o)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	char detail[256];
	bool below = false;
	int rc;

	if (!o->category || !o->mode || !o->from || !o->amount)
		return cli_usage("allowance");
	if ((rc = cli_session_open(&s, o->data, o->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK ||
	    app_allowance_standard_add(&s.app, o->category, o->mode, o->from, o->amount, &below,
				       &err) != WB_OK) {
		store_rollback_all(s.st);
		cli_error("%s", err.code[0] && strcmp(err.code, "conflict") == 0
					? "that category and mode already has a standard from that date"
					: err.msg);
		goto out;
	}
	snprintf(detail, sizeof(detail), "新增保障标准：%s %s，自 %s 起每月 %s 元%s", o->category,
		 o->mode, o->from, o->amount, below ? "（低于年 2.5 万元的底线）" : "");
	if (!cli_commit_audited(&s.loc, s.st, "allowance.standard", "allowance", NULL, detail))
		goto out;
	printf("%s\n", detail);
	if (below)
		fprintf(stderr, "weibao: warning: 集中供养孤儿 standard × 12 is below 25,000 元 (plan item 6)\n");
	rc = EXIT_OK;
out:
	cli_session_close(&s);
	return rc;
}

static void
print_standard(const struct allowance_standard_row *r, void *arg)
{
	char yuan[32];

	(void)arg;
	printf("%s\t%s\t%s\t%s\n", r->category, r->mode, r->effective_from,
	       sheet_format_money(r->fen_per_month, yuan, sizeof(yuan)));
}

/* weibao allowance standard list */
static int
standard_list(const struct opts *o)
{
	struct wb_err err = { 0 };
	struct cli_session s;
	int rc;

	if ((rc = cli_session_open(&s, o->data, o->db)) != EXIT_OK)
		return rc;
	printf("类别\t供养方式\t执行日期\t标准（元/月）\n");
	if (store_allowance_standards(s.st, print_standard, NULL, &err) != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	}
	cli_session_close(&s);
	return rc;
}

static json_t *
money(int64_t fen)
{
	char yuan[32];

	return json_string(sheet_format_money(fen, yuan, sizeof(yuan)));
}

/* The run as the JSON of the issue, with the differences from the frozen
 * list when the month was approved. */
static json_t *
run_json(const struct allowance_month_result *r)
{
	json_t *o = json_object(), *rows = json_array();

	json_object_set_new(o, "month", json_string(r->month));
	json_object_set_new(o, "total", money(r->total_fen));
	json_object_set_new(o, "count", json_integer(r->count));
	for (size_t i = 0; i < r->lines.n; i++) {
		const struct allowance_pay *p = vec_at(&r->lines, i);

		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:o}", "id_number_masked",
						      p->id_number_masked, "category", p->category,
						      "mode", p->mode, "placement", p->placement,
						      "amount", money(p->fen)));
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "approved", json_boolean(r->approved));
	if (r->approved) {
		json_t *diffs = json_array();

		for (size_t i = 0; i < r->diffs.n; i++) {
			const struct allowance_diff *d = vec_at(&r->diffs, i);

			json_array_append_new(diffs, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o}",
							       "child_id", (json_int_t)d->child_id,
							       "id_number_masked", d->id_number_masked,
							       "change", d->change, "category_before",
							       d->category_before, "amount_before",
							       money(d->fen_before), "category_after",
							       d->category_after, "amount_after",
							       money(d->fen_after)));
		}
		json_object_set_new(o, "differences", diffs);
	}
	return o;
}

/* weibao allowance run --month YYYY-MM [--json] [--approve] */
static int
run_cmd(const struct opts *o)
{
	struct allowance_month_result r;
	struct wb_err err = { 0 };
	struct cli_session s;
	char detail[256], total[32];
	int rc;

	if (!o->month)
		return cli_usage("allowance");
	if ((rc = cli_session_open(&s, o->data, o->db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (app_allowance_run(&s.app, o->month, &r, &err) != WB_OK) {
		cli_error("%s", err.msg);
		goto out;
	}
	sheet_format_money(r.total_fen, total, sizeof(total));
	if (o->approve) {
		snprintf(detail, sizeof(detail), "审核确认 %s 发放名单：%lld 人，合计 %s 元", r.month,
			 (long long)r.count, total);
		if (store_begin(s.st, &err) != WB_OK || app_allowance_approve(&s.app, &r, &err) != WB_OK) {
			store_rollback_all(s.st);
			cli_error("%s", err.msg);
			goto free;
		}
		if (!cli_commit_audited(&s.loc, s.st, "allowance.approve", "allowance", r.month, detail))
			goto free;
	}
	if (o->json) {
		json_t *j = run_json(&r);

		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%s：%lld 人，合计 %s 元%s\n", r.month, (long long)r.count, total,
		       o->approve ? "（已审核确认）" : r.approved ? "（已审核确认的名单见差异）" : "");
		for (size_t i = 0; r.approved && i < r.diffs.n; i++) {
			const struct allowance_diff *d = vec_at(&r.diffs, i);

			printf("  %s 儿童 %lld：%s → %s\n", d->change, (long long)d->child_id,
			       d->category_before[0] ? d->category_before : "—",
			       d->category_after[0] ? d->category_after : "—");
		}
	}
	rc = EXIT_OK;
free:
	allowance_month_result_free(&r);
out:
	cli_session_close(&s);
	return rc;
}

int
cmd_allowance(int argc, char **argv)
{
	struct opts o;

	if (argc < 2 || !read_opts(argc, argv, &o))
		return cli_usage("allowance");
	if (strcmp(argv[1], "standard") == 0 && optind < argc && strcmp(argv[optind], "add") == 0 &&
	    optind + 1 == argc)
		return standard_add(&o);
	if (strcmp(argv[1], "standard") == 0 && optind < argc && strcmp(argv[optind], "list") == 0 &&
	    optind + 1 == argc)
		return standard_list(&o);
	if (strcmp(argv[1], "run") == 0 && optind == argc)
		return run_cmd(&o);
	return cli_usage("allowance");
}
