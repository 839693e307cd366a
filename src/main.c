/* weibao: dispatches to a subcommand (src/cli). */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "sec/password.h"

int
main(int argc, char **argv)
{
	struct wb_err err = { 0 };

	setlocale(LC_CTYPE, "C.UTF-8");
	umask(077);   /* the database and exports hold minors' personal data */
	if (argc < 2)
		return cmd_help(1, argv);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("weibao %s\n", WEIBAO_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv);
	if (sec_init(&err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	cli_error("unknown command '%s'; see 'weibao help'", argv[1]);
	return EXIT_USAGE;
}
