/* weibao check due | coverage: who is due an annual re-check, and the
 * coverage of the institutions' staff (app/check_staff.h), for the whole
 * county as the operator sees it.  People are masked. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_run.h"
#include "app/check_staff.h"
#include "core/facility.h"

/* The options of both: --data, --db, --json, and --institution (due) or
 * --as-of (coverage), read from argv[2] on.  False on a bad option. */
struct check_opts {
	const char *data, *db, *institution, *as_of;
	bool json;
};

static bool
check_options(int argc, char **argv, bool due, struct check_opts *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "institution", required_argument, NULL, 'i' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct check_opts){ 0 };
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'b': o->db = optarg; break;
		case 'i':
			if (!due)
				return false;
			o->institution = optarg;
			break;
		case 'a':
			if (due)
				return false;
			o->as_of = optarg;
			break;
		case 'j': o->json = true; break;
		default: return false;
		}
	}
	return optind == argc;
}

static const char *
type_name(const char *code)
{
	const struct facility_spec *s = facility_spec(facility_type_parse(code));

	return s ? s->title : code;
}

struct due_state {
	json_t *items;
	bool json;
};

static void
each_due(const struct check_person *p, void *arg)
{
	struct due_state *s = arg;
	const struct check_staff_entry *r = p->row;

	if (s->json) {
		json_array_append_new(s->items, json_pack(
			"{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
			"institution", "id", (json_int_t)r->institution_id, "name",
			r->institution_name, "name_masked", p->name_masked, "id_number_masked",
			p->id_number_masked, "post", r->post, "hired_on", r->hired_on,
			"last_checked_on", r->last_checked_on, "last_result", r->last_result));
		return;
	}
	printf("%s\t%s\t%s\t%s\t入职 %s\t最近查询 %s\n", r->institution_name, p->name_masked,
	       p->id_number_masked, r->post, r->hired_on, r->last_checked_on);
}

/* weibao check due [--institution ID|NAME] [--json]: the employees due a
 * re-check today (their last check older than check_recheck_months). */
int
cmd_check_due(int argc, char **argv)
{
	struct cli_session s;
	struct check_opts o;
	struct check_staff_query q = { .due = true, .applicants = 0 };
	struct due_state d = { .items = json_array() };
	struct wb_err err = { 0 };
	int64_t total = 0;
	int rc;

	if (!check_options(argc, argv, true, &o)) {
		json_decref(d.items);
		return cli_usage("check");
	}
	d.json = o.json;
	if ((rc = cli_session_open(&s, o.data, o.db)) != EXIT_OK) {
		json_decref(d.items);
		return rc;
	}
	if (o.institution &&
	    app_check_institution_find(&s.app, o.institution, &q.institution_id, &err) != WB_OK) {
		cli_error("%s", err.msg[0] ? err.msg : "no such institution");
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK &&
	    app_check_staff_page(&s.app, &q, 0, 0, each_due, &d, &total, &err) != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK && o.json) {
		char today[11];

		json_t *out;

		app_check_today(&s.app, today);
		out = json_pack("{s:s, s:i, s:I, s:O}", "today", today, "months",
				s.config.check_recheck_months, "total", (json_int_t)total, "items",
				d.items);
		cli_print_json(out);
		json_decref(out);
	} else if (rc == EXIT_OK) {
		printf("应复查 %lld 人（复查周期 %d 个月）\n", (long long)total,
		       s.config.check_recheck_months);
	}
	json_decref(d.items);
	cli_session_close(&s);
	return rc;
}

/* JSON of a cover's percentage: one decimal, null without staff. */
static json_t *
percent(const struct check_cover *c)
{
	return c->known ? json_real(check_percent_shown(c->percent)) : json_null();
}

static void
print_cover(const char *what, const struct check_cover *c)
{
	if (c->known)
		printf("%s\t在职 %lld\t已查询 %lld\t覆盖率 %.1f%%\n", what, (long long)c->staff,
		       (long long)c->covered, check_percent_shown(c->percent));
	else
		printf("%s\t在职 0\t已查询 0\t覆盖率 —\n", what);
}

/* weibao check coverage [--as-of YYYY-MM-DD] [--json]: the coverage of the
 * county, of each institution type and of each institution. */
int
cmd_check_coverage(int argc, char **argv)
{
	struct cli_session s;
	struct check_opts o;
	struct check_coverage cov;
	struct wb_err err = { 0 };
	int rc;

	if (!check_options(argc, argv, false, &o))
		return cli_usage("check");
	if ((rc = cli_session_open(&s, o.data, o.db)) != EXIT_OK)
		return rc;
	if (app_check_coverage(&s.app, o.as_of, &cov, &err) != WB_OK) {
		cli_error("%s", err.msg);
		cli_session_close(&s);
		return EXIT_FAIL;
	}
	if (o.json) {
		json_t *types = json_array(), *list = json_array();

		for (size_t t = 0; t < cov.ntypes; t++)
			json_array_append_new(types, json_pack(
				"{s:s, s:s, s:I, s:I, s:I, s:o}", "type", cov.types[t].type,
				"type_name", type_name(cov.types[t].type), "institutions",
				(json_int_t)cov.types[t].institutions, "staff",
				(json_int_t)cov.types[t].c.staff, "covered",
				(json_int_t)cov.types[t].c.covered, "coverage",
				percent(&cov.types[t].c)));
		for (size_t i = 0; i < cov.ninstitutions; i++) {
			const struct check_cover_institution *in = &cov.institutions[i];
			json_array_append_new(list, json_pack(
				"{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "id", (json_int_t)in->id,
				"name", in->name, "type", in->type, "town", in->town, "staff",
				(json_int_t)in->c.staff, "covered", (json_int_t)in->c.covered, "due",
				(json_int_t)(in->c.staff - in->c.covered), "coverage", percent(&in->c)));
		}
		json_t *out = json_pack("{s:s, s:s, s:i, s:{s:I, s:I, s:o}, s:o, s:o}", "as_of",
					cov.as_of, "from", cov.from, "months", cov.months, "county",
					"staff", (json_int_t)cov.county.staff, "covered",
					(json_int_t)cov.county.covered, "coverage",
					percent(&cov.county), "by_type", types, "by_institution",
					list);

		cli_print_json(out);
		json_decref(out);
	} else {
		printf("入职查询覆盖率（%s，复查周期 %d 个月，%s 起的查询有效）\n", cov.as_of, cov.months,
		       cov.from);
		print_cover("全市", &cov.county);
		for (size_t t = 0; t < cov.ntypes; t++)
			print_cover(type_name(cov.types[t].type), &cov.types[t].c);
	}
	check_coverage_free(&cov);
	cli_session_close(&s);
	return EXIT_OK;
}
