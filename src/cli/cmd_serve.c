/* weibao serve: run the HTTP server until SIGINT or SIGTERM. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/config.h"
#include "api/api.h"
#include "app/clock.h"
#include "app/sms.h"
#include "app/supervisor.h"
#include "app/tasks.h"
#include "http/metrics.h"
#include "http/server.h"
#include "sec/keyfile.h"
#include "util/log.h"
#include "util/metrics.h"

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

void
cli_find_web_root(char *out, size_t len)
{
	static const char *const beside[] = { "../share/weibao/web", "../web/dist" };
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	const char *dir = NULL;
	struct stat sb;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
			snprintf(probe, sizeof(probe), "%s/%s/index.html", dir, beside[i]);
			if (stat(probe, &sb) == 0) {
				snprintf(out, len, "%s/%s", dir, beside[i]);
				return;
			}
		}
	}
	snprintf(probe, sizeof(probe), "%s/web/dist/index.html", WEIBAO_SOURCE_ROOT);
	if (stat(probe, &sb) == 0 || dir == NULL)
		snprintf(out, len, "%s/web/dist", WEIBAO_SOURCE_ROOT);
	else
		snprintf(out, len, "%s/../web/dist", dir);
}

/* Sends the log where the configuration says (log_file relative to the data
 * directory, or stderr); prints the error and returns false when it cannot. */
static bool
open_log(const struct wb_config *c, const char *data_dir)
{
	static char path[PATH_MAX + 4200];
	struct log_config lc = { .max_bytes = c->log_max_bytes, .keep_days = c->log_keep_days,
				 .level = (enum log_level)c->log_level };
	struct wb_err err = { 0 };

	if (c->log_file[0] == '/')
		snprintf(path, sizeof(path), "%s", c->log_file);
	else if (c->log_file[0])
		snprintf(path, sizeof(path), "%s/%s", data_dir, c->log_file);
	lc.path = c->log_file[0] ? path : NULL;
	if (log_open(&lc, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return false;
	}
	return true;
}

/* Removes what an earlier server killed mid-export left in its scratch
 * directory (export files hold personal data). */
static void
remove_scratch(const char *dir)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "export.", 7) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "listen", required_argument, NULL, 'l' },
		{ "web", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *listen = getenv("WEIBAO_LISTEN"), *web = NULL;
	static struct http_ctx ctx;
	static char tmp_dir[PATH_MAX + 8], backup_dir[PATH_MAX + 4200];
	struct wb_err err = { 0 };
	struct http_server *server;
	struct metrics_server *metrics = NULL;
	struct supervisor *supervisor;
	char conf[PATH_MAX + 16];
	struct cli_loc loc;
	struct store *st;
	sigset_t set;
	int c, sig, rc, version = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'w': web = optarg; break;
		default: return cli_usage("serve");
		}
	}
	if (optind != argc)
		return cli_usage("serve");
	cli_locate(&loc, data, db);
	config_defaults(&ctx.config);
	snprintf(conf, sizeof(conf), "%s/weibao.conf", loc.data_dir);
	if (config_load(&ctx.config, conf, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (listen && *listen)
		snprintf(ctx.config.listen, sizeof(ctx.config.listen), "%s", listen);
	if (web)
		snprintf(ctx.config.web_root, sizeof(ctx.config.web_root), "%s", web);
	else if (ctx.config.web_root[0] == '\0')
		cli_find_web_root(ctx.config.web_root, sizeof(ctx.config.web_root));
	{
		char addr[64];
		uint16_t port;
		char maddr[64];
		uint16_t mport;
		if (http_parse_listen(ctx.config.listen, addr, &port, &err) != WB_OK) {
			cli_error("%s", err.msg);
			return EXIT_USAGE;
		}
		if (ctx.config.metrics_listen[0] &&
		    http_parse_listen(ctx.config.metrics_listen, maddr, &mport, &err) != WB_OK) {
			cli_error("metrics_listen: %s", err.msg);
			return EXIT_USAGE;
		}
		if (ctx.config.metrics_listen[0] && mport != 0 && mport == port) {
			cli_error("metrics_listen must not be the public port %u: metrics are for the "
				  "operator's network only", port);
			return EXIT_USAGE;
		}
	}
	if (ctx.config.sms_command[0] && app_sms_command_check(ctx.config.sms_command, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (is_empty_location(&loc)) {
		printf("no weibao data in %s yet; initialising it\n", loc.data_dir);
		if ((rc = cli_initialise(&loc)) != EXIT_OK)
			return rc;
	}
	if (!open_log(&ctx.config, loc.data_dir))
		return EXIT_FAIL;
	metrics_init(WEIBAO_VERSION);
	if (!cli_ensure_registry_key(loc.key_path, NULL)) {
		log_close();
		return EXIT_FAIL;
	}
	if ((ctx.keyring = keyring_open(loc.key_path, &err)) == NULL) {
		cli_error("%s", err.msg);
		log_close();
		return EXIT_FAIL;
	}
	if ((rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		keyring_free(ctx.keyring);
		log_close();
		return rc;
	}
	store_schema_version(st, &version, &err);
	ctx.db_url = loc.db_url;
	ctx.routes = api_routes(&ctx.nroutes);
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/tmp", loc.data_dir);
	if ((mkdir(tmp_dir, 0700) != 0 && errno != EEXIST) || chmod(tmp_dir, 0700) != 0) {
		cli_error("cannot make %s: %s", tmp_dir, strerror(errno));
		store_close(st);
		keyring_free(ctx.keyring);
		log_close();
		return EXIT_FAIL;
	}
	ctx.tmp_dir = tmp_dir;
	remove_scratch(tmp_dir);
	if (ctx.config.backup_dir[0]) {
		snprintf(backup_dir, sizeof(backup_dir), "%s%s%s",
			 ctx.config.backup_dir[0] == '/' ? "" : loc.data_dir,
			 ctx.config.backup_dir[0] == '/' ? "" : "/", ctx.config.backup_dir);
		struct stat sb;
		if ((mkdir(backup_dir, 0700) != 0 && errno != EEXIST) || stat(backup_dir, &sb) != 0 ||
		    (!S_ISDIR(sb.st_mode) && (errno = ENOTDIR)) || access(backup_dir, W_OK) != 0) {
			cli_error("backup_dir %s cannot be written: %s", backup_dir, strerror(errno));
			store_close(st);
			keyring_free(ctx.keyring);
			log_close();
			return EXIT_FAIL;
		}
	}
	{
		/* lights are stored as the moments tasks turn yellow and red:
		 * recompute them when the rules in weibao.conf changed */
		struct app_ctx app = { .st = st, .config = &ctx.config, .keys = keyring_get(ctx.keyring),
				       .scope = scope_system(), .login = "system", .now = wb_now() };
		bool refreshed;
		if (app_tasks_check_moments(&app, &refreshed, &err) != WB_OK) {
			cli_error("cannot bring the task lights up to date: %s", err.msg);
			store_close(st);
			keyring_free(ctx.keyring);
			log_close();
			return EXIT_FAIL;
		}
		if (refreshed)
			printf("task lights recomputed for the current rules\n");
	}

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (http_server_start(&ctx, &server, &err) != WB_OK) {
		store_close(st);
		keyring_free(ctx.keyring);
		cli_error("%s", err.msg);
		log_close();
		return EXIT_FAIL;
	}
	if (ctx.config.metrics_listen[0] &&
	    metrics_server_start(ctx.config.metrics_listen, &metrics, &err) != WB_OK) {
		http_server_stop(server);
		store_close(st);
		keyring_free(ctx.keyring);
		cli_error("%s", err.msg);
		log_close();
		return EXIT_FAIL;
	}
	supervisor = supervisor_start(&ctx.config, ctx.keyring, ctx.db_url, backup_dir, tmp_dir);
	{
		char listen_at[96], metrics_at[96] = "";
		snprintf(listen_at, sizeof(listen_at), "%s:%u", http_server_addr(server),
			 http_server_port(server));
		if (metrics)
			snprintf(metrics_at, sizeof(metrics_at), "%s:%u", metrics_server_addr(metrics),
				 metrics_server_port(metrics));
		log_json(WB_LOG_INFO, "server.start",
			 json_pack("{s:s, s:s, s:s?, s:s, s:i}", "version", WEIBAO_VERSION, "listen",
				   listen_at, "metrics_listen", metrics ? metrics_at : NULL, "db",
				   store_backend_name(st), "schema", version));
		printf("weibao %s serving http://%s/ (%s, schema %d); Ctrl-C stops it\n",
		       WEIBAO_VERSION, listen_at, store_backend_name(st), version);
		if (metrics)
			printf("metrics at http://%s/metrics\n", metrics_at);
	}
	fflush(stdout);
	sigwait(&set, &sig);
	printf("weibao: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	fflush(stdout);
	http_server_stop(server);
	metrics_server_stop(metrics);
	supervisor_stop(supervisor);
	store_close(st);
	keyring_free(ctx.keyring);
	log_json(WB_LOG_INFO, "server.stop",
		 json_pack("{s:s}", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM"));
	log_close();
	return EXIT_OK;
}
