/* weibao training list|add: the training records of the 儿童督导员 and 儿童主任
 * rosters. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/facilities.h"
#include "sec/keyfile.h"
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
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "town", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *town = "";
	struct wb_err err = { 0 };
	struct wb_config config;
	struct keyset keys;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	json_t *items = NULL;
	int64_t total = 0;
	char login[64];
	bool json = false;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 't': town = optarg; break;
		case 'j': json = true; break;
		default: return cli_usage("training");
		}
	}
	if (argc != optind)
		return cli_usage("training");
	cli_locate(&loc, data, db);
	if ((rc = cli_open_app(&loc, &config, &keys, &st, &app, login)) != EXIT_OK)
		return rc;
	if (json)
		items = json_array();
	else
		printf("ID\t培训名称\t培训日期\t组织单位\t区划代码\t参训人数\n");
	rc = EXIT_OK;
	if (store_training_page(st, app.scope, town, INT64_C(1) << 53, 0, list_row, items, &total,
				&err) != WB_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_FAIL;
	} else if (json) {
		char *text = json_dumps(items, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (text)
			printf("%s\n", text);
		free(text);
	}
	json_decref(items);
	store_close(st);
	keyset_wipe(&keys);
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
	struct wb_config config;
	struct keyset keys;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	char login[64], detail[64], object[24], *end;
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
	cli_locate(&loc, data, db);
	if ((rc = cli_open_app(&loc, &config, &keys, &st, &app, login)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK ||
	    app_training_create(&app, name, date, organiser, division, attendees, n, &id, &err) !=
		    WB_OK) {
		store_rollback_all(st);
		cli_error("%s", err.msg);
		goto out;
	}
	snprintf(object, sizeof(object), "%lld", (long long)id);
	snprintf(detail, sizeof(detail), "参训 %zu 人", n);
	if (!cli_commit_audited(&loc, st, "training.create", "training", object, detail))
		goto out;
	printf("已登记培训 %lld（参训 %zu 人）\n", (long long)id, n);
	rc = EXIT_OK;
out:
	store_close(st);
	keyset_wipe(&keys);
	return rc;
}

int
cmd_training(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("training");
	if (strcmp(argv[1], "list") == 0)
		return list_cmd(argc, argv);
	if (strcmp(argv[1], "add") == 0)
		return add_cmd(argc, argv);
	return cli_usage("training");
}
