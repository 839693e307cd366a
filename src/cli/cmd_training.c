/* weibao training list|add: the training records of the 儿童督导员 and 儿童主任
 * rosters. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/facilities.h"
#include "store/trainings.h"

#define ATTENDEES_MAX 500   /* as the API's attendee_ids */

static void
list_row(const struct training_row *t, void *arg)
{
	json_t *items = arg;

	if (items) {
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id",
						       (json_int_t)t->id, "name", t->name, "held_on",
						       t->held_on, "organiser", t->organiser,
						       "division_code", t->division_code, "town_code",
						       t->town_code, "attendee_count",
						       (json_int_t)t->attendees));
		return;
	}
	printf("%lld\t%s\t%s\t%s\t%s\t%lld\n", (long long)t->id, t->name, t->held_on, t->organiser,
	       t->division_code, (long long)t->attendees);
}

/* weibao training list [--town CODE] [--json]: newest first. */
static int
list_cmd(int argc, char **argv)
{
	struct wb_err err = { 0 };
	struct cli_list_opts o;
	struct cli_session s;
	json_t *items = NULL;
	int64_t total = 0;
	int rc;

	if (!cli_list_options(argc, argv, &o) || argc != optind)
		return cli_usage("training");
	if ((rc = cli_session_open(&s, o.data, o.db)) != EXIT_OK)
		return rc;
	if (o.json)
		items = json_array();
	else
		printf("ID\t培训名称\t培训日期\t组织单位\t区划代码\t参训人数\n");
	if (store_training_page(s.st, s.app.scope, o.town, INT64_C(1) << 53, 0, list_row, items,
				&total, &err) != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	} else if (o.json) {
		cli_print_json(items);
	}
	json_decref(items);
	cli_session_close(&s);
	return rc;
}

/* weibao training add --name … --date … --organiser … --division CODE
 * [--attendee ID]…: records it, audited as the command line's user. */
static int
add_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "name", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'w' },
		{ "organiser", required_argument, NULL, 'o' },
		{ "division", required_argument, NULL, 'v' },
		{ "attendee", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *name = NULL, *date = NULL, *organiser = NULL,
		   *division = NULL;
	int64_t attendees[ATTENDEES_MAX], id = 0;
	struct wb_err err = { 0 };
	struct cli_session s;
	char detail[64], object[24], *end;
	size_t n = 0;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'n': name = optarg; break;
		case 'w': date = optarg; break;
		case 'o': organiser = optarg; break;
		case 'v': division = optarg; break;
		case 'a':
			if (n == ATTENDEES_MAX) {
				cli_error("参训人员最多 %d 人", ATTENDEES_MAX);
				return EXIT_USAGE;
			}
			attendees[n] = strtoll(optarg, &end, 10);
			if (optarg[0] == '\0' || *end != '\0' || attendees[n] <= 0) {
				cli_error("参训人员应为台账记录编号（数字），而不是「%s」", optarg);
				return EXIT_USAGE;
			}
			n++;
			break;
		default: return cli_usage("training");
		}
	}
	if (argc != optind)
		return cli_usage("training");
	if ((rc = cli_session_open(&s, data, db)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (store_begin(s.st, &err) != WB_OK ||
	    app_training_create(&s.app, name, date, organiser, division, attendees, n, &id, &err) !=
		    WB_OK) {
		store_rollback_all(s.st);
		cli_error("%s", err.msg);
		goto out;
	}
	snprintf(object, sizeof(object), "%lld", (long long)id);
	snprintf(detail, sizeof(detail), "参训 %zu 人", n);
	if (!cli_commit_audited(&s.loc, s.st, "training.create", "training", object, detail))
		goto out;
	printf("已登记培训 %lld（参训 %zu 人）\n", (long long)id, n);
	rc = EXIT_OK;
out:
	cli_session_close(&s);
	return rc;
}

int
cmd_training(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "list", list_cmd },
		{ "add", add_cmd },
		{ NULL, NULL },
	};

	return cli_subcommand(argc, argv, "training", subs);
}
