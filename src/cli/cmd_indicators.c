/* weibao indicators: the plan's targets measured from the registers. */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/indicators.h"
#include "util/arena.h"

/* Prints one indicator as a line: 项.目标 实际/目标 达标 文字. */
static void
print_line(json_t *o)
{
	json_t *actual = json_object_get(o, "actual");
	const char *source = json_string_value(json_object_get(o, "source"));
	char fig[32] = "—";

	if (json_is_number(actual))
		snprintf(fig, sizeof(fig), "%g", json_number_value(actual));
	printf("%d.%d\t%s\t%s %g%s\t%s\t%s\t%s\n",
	       (int)json_integer_value(json_object_get(o, "item")),
	       (int)json_integer_value(json_object_get(o, "target_index")), fig,
	       json_string_value(json_object_get(o, "op")),
	       json_number_value(json_object_get(o, "value")),
	       json_string_value(json_object_get(o, "unit")),
	       json_is_true(json_object_get(o, "met")) ? "达标" : "未达标",
	       strcmp(source, "manual") == 0 ? "填报" : strcmp(source, "standard") == 0 ? "保障标准"
										     : "台账",
	       json_string_value(json_object_get(o, "text")));
}

/* weibao indicators [--plan ID] [--as-of YYYY-MM-DD] [--town CODE] [--json] */
int
cmd_indicators(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "plan", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "town", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *as_of = NULL, *town = NULL;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	struct arena *arena;
	json_t *out = NULL, *v;
	int64_t plan = 0;
	char login[64], *end;
	bool json = false;
	size_t i;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'p':
			plan = strtoll(optarg, &end, 10);
			if (*end || plan <= 0)
				return cli_usage("indicators");
			break;
		case 'a': as_of = optarg; break;
		case 't': town = optarg; break;
		case 'j': json = true; break;
		default: return cli_usage("indicators");
		}
	}
	if (optind != argc)
		return cli_usage("indicators");
	cli_locate(&loc, data, db);
	if ((rc = cli_load_config(&loc, &config)) != EXIT_OK ||
	    (rc = cli_open_store(&loc, &st)) != EXIT_OK)
		return rc;
	cli_app(&app, st, &config, login);
	arena = arena_new();
	app.arena = arena;
	if (arena == NULL || app_indicators(&app, plan, as_of, town, &out, &err) != WB_OK) {
		cli_error("%s", arena ? err.msg : "out of memory");
		rc = EXIT_FAIL;
	} else if (json) {
		cli_print_json(out);
	} else {
		json_t *p = json_object_get(out, "plan");
		printf("工作要点 %lld（%lld 年），统计截止 %s\n",
		       (long long)json_integer_value(json_object_get(p, "id")),
		       (long long)json_integer_value(json_object_get(p, "year")),
		       json_string_value(json_object_get(out, "as_of")));
		json_array_foreach(json_object_get(out, "indicators"), i, v)
			print_line(v);
	}
	json_decref(out);
	arena_free(arena);
	store_close(st);
	return rc;
}
