/* weibao serve: run the HTTP server until SIGINT or SIGTERM. */
#include "cli/cli.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http/server.h"
#include "sec/keyfile.h"

/* True when loc has neither a key file nor a database file: a new directory. */
static bool
is_empty_location(const struct cli_loc *loc)
{
	struct stat sb;

	if (stat(loc->key_path, &sb) == 0)
		return false;
	if (!loc->db_is_file)
		return false;
	return stat(loc->db_path, &sb) != 0 || sb.st_size == 0;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "listen", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *listen = getenv("WEIBAO_LISTEN");
	struct wb_err err = { 0 };
	struct http_server *server;
	struct http_config config;
	struct cli_loc loc;
	struct keyset keys;
	struct store *st;
	sigset_t set;
	int c, sig, rc, version = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'l': listen = optarg; break;
		default: return cli_usage("serve");
		}
	}
	if (optind != argc)
		return cli_usage("serve");
	http_config_defaults(&config);
	if (listen && *listen && http_config_listen(&config, listen, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	cli_locate(&loc, data, db);
	if (is_empty_location(&loc)) {
		printf("no weibao data in %s yet; initialising it\n", loc.data_dir);
		if ((rc = cli_initialise(&loc)) != EXIT_OK)
			return rc;
	}
	if (keyfile_load(loc.key_path, &keys, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	keyset_wipe(&keys);
	if ((rc = cli_open_store(&loc, &st)) != EXIT_OK)
		return rc;
	store_schema_version(st, &version, &err);
	config.db_url = loc.db_url;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (http_server_start(&config, &server, &err) != WB_OK) {
		store_close(st);
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	printf("weibao %s serving http://%s:%u/ (%s, schema %d); Ctrl-C stops it\n",
	       WEIBAO_VERSION, config.listen_addr, http_server_port(server),
	       store_backend_name(st), version);
	fflush(stdout);
	sigwait(&set, &sig);
	printf("weibao: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(server);
	store_close(st);
	return EXIT_OK;
}
