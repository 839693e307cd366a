/* weibao config check: the effective configuration of a data directory and
 * whether serve would start on it (key file, database, schema). */
#include "cli/cli.h"

#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/sms.h"
#include "http/server.h"
#include "sec/keyfile.h"

#define MAX_FILE_KEYS 128

/* The settings written in weibao.conf: key and line. */
struct file_keys {
	char key[MAX_FILE_KEYS][64];
	int line[MAX_FILE_KEYS];
	int n;
};

static void
note_key(const char *key, int line, void *arg)
{
	struct file_keys *k = arg;

	if (k->n == MAX_FILE_KEYS)
		return;
	snprintf(k->key[k->n], sizeof(k->key[0]), "%s", key);
	k->line[k->n++] = line;
}

struct print_ctx {
	const struct file_keys *file;
	const char *listen_env;     /* $WEIBAO_LISTEN when it overrides listen */
	const char *web_default;    /* where serve looks for the UI when web_root is unset */
};

/* Prints "key = value  # where it came from" (the last line that set it). */
static void
print_setting(const char *key, const char *value, void *arg)
{
	const struct print_ctx *p = arg;
	char from[64] = "default";

	for (int i = 0; i < p->file->n; i++)
		if (strcmp(p->file->key[i], key) == 0)
			snprintf(from, sizeof(from), "weibao.conf line %d", p->file->line[i]);
	if (strcmp(key, "listen") == 0 && p->listen_env) {
		value = p->listen_env;
		snprintf(from, sizeof(from), "$WEIBAO_LISTEN");
	}
	if (strcmp(key, "web_root") == 0 && *value == '\0') {
		value = p->web_default;
		snprintf(from, sizeof(from), "default (beside the binary)");
	}
	printf("%-28s = %-24s # %s\n", key, value, from);
}

/* Records a problem: printed after its check, the first one also on stderr
 * at the end. */
static void
problem(char *first, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
problem(char *first, size_t len, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("  problem: %s\n", msg);
	if (first[0] == '\0')
		snprintf(first, len, "%s", msg);
}

/* A database URL for printing: a PostgreSQL password replaced by ***. */
static void
redact_url(const char *url, char *out, size_t len)
{
	const char *scheme = strstr(url, "://"), *at, *colon;

	snprintf(out, len, "%s", url);
	if (scheme == NULL || (at = strchr(scheme + 3, '@')) == NULL)
		return;
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (colon)
		snprintf(out, len, "%.*s:***%s", (int)(colon - url), url, at);
}

/* The key file: there, readable by its owner only, and a weibao key file. */
static void
check_key_file(const struct cli_loc *loc, char *first, size_t len)
{
	struct wb_err err = { 0 };
	struct keyset keys;
	struct passwd *pw;
	struct stat sb;

	printf("key file: %s\n", loc->key_path);
	if (stat(loc->key_path, &sb) != 0) {
		problem(first, len, "key file %s is missing (run 'weibao init --data %s', or copy "
			"the key file of this database there)", loc->key_path, loc->data_dir);
		return;
	}
	pw = getpwuid(sb.st_uid);
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077) != 0) {
		problem(first, len, "key file %s has mode %04o; it must be readable by its owner "
			"only (chmod 600 %s)", loc->key_path, (unsigned)(sb.st_mode & 07777),
			loc->key_path);
		return;
	}
	if (keyfile_load(loc->key_path, &keys, &err) != WB_OK) {
		problem(first, len, "%s", err.msg);
		return;
	}
	keyset_wipe(&keys);
	printf("  ok: mode %04o, owner %s\n", (unsigned)(sb.st_mode & 07777),
	       pw ? pw->pw_name : "?");
}

/* The database: it opens, holds weibao's schema, and that schema is the one
 * this program writes. */
static void
check_database(const struct cli_loc *loc, char *first, size_t len)
{
	struct wb_err err = { 0 };
	struct store *st;
	char shown[sizeof(loc->db_url)];
	int version = 0, latest = store_schema_latest();

	redact_url(loc->db_url, shown, sizeof(shown));
	printf("database: %s\n", shown);
	if (store_open(loc->db_url, STORE_OPEN_EXISTING, &st, &err) != WB_OK) {
		problem(first, len, "%s", err.msg);
		return;
	}
	if (store_schema_version(st, &version, &err) != WB_OK)
		problem(first, len, "%s", err.msg);
	else if (version == 0)
		problem(first, len, "the database holds no weibao schema (run 'weibao init --data %s')",
			loc->data_dir);
	else if (version < latest)
		problem(first, len, "the schema is at version %d and this weibao needs %d (run "
			"'weibao migrate --data %s')", version, latest, loc->data_dir);
	else if (version > latest)
		problem(first, len, "the schema is at version %d, newer than this weibao's %d "
			"(install the weibao that wrote it)", version, latest);
	else
		printf("  ok: %s, schema version %d (current)\n", store_backend_name(st), version);
	store_close(st);
}

static int
config_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *env = getenv("WEIBAO_LISTEN");
	static struct file_keys file;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct print_ctx print;
	char conf[PATH_MAX + 16], web[4096], first[1024] = "", probe[4200], addr[64];
	struct cli_loc loc;
	struct stat sb;
	uint16_t port, mport;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("config");
		}
	}
	if (optind != argc)
		return cli_usage("config");
	cli_locate(&loc, data, db);
	snprintf(conf, sizeof(conf), "%s/weibao.conf", loc.data_dir);
	config_defaults(&config);
	if (config_load(&config, conf, &err) != WB_OK ||
	    config_file_keys(conf, note_key, &file, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	cli_find_web_root(web, sizeof(web));
	print = (struct print_ctx){ .file = &file, .listen_env = env && *env ? env : NULL,
				    .web_default = web };
	printf("# %s: %s\n", conf, stat(conf, &sb) == 0 ? "read" : "absent, every setting has its default");
	config_each(&config, print_setting, &print);
	printf("\n");
	/* what serve refuses before it opens anything */
	if (http_parse_listen(print.listen_env ? print.listen_env : config.listen, addr, &port,
			      &err) != WB_OK) {
		printf("listen:\n");
		problem(first, sizeof(first), "%s", err.msg);
	} else if (config.metrics_listen[0] &&
		   http_parse_listen(config.metrics_listen, addr, &mport, &err) != WB_OK) {
		printf("metrics_listen:\n");
		problem(first, sizeof(first), "metrics_listen: %s", err.msg);
	} else if (config.metrics_listen[0] && mport != 0 && mport == port) {
		printf("metrics_listen:\n");
		problem(first, sizeof(first), "metrics_listen must not be the public port %u", port);
	}
	if (config.sms_command[0] && app_sms_command_check(config.sms_command, &err) != WB_OK) {
		printf("sms_command:\n");
		problem(first, sizeof(first), "%s", err.msg);
	}
	check_key_file(&loc, first, sizeof(first));
	check_database(&loc, first, sizeof(first));
	snprintf(probe, sizeof(probe), "%s/index.html", config.web_root[0] ? config.web_root : web);
	printf("web UI: %s\n  %s\n", config.web_root[0] ? config.web_root : web,
	       stat(probe, &sb) == 0 ? "ok"
				    : "not built there: serve answers the UI's pages with a note "
				      "(the API works)");
	if (first[0]) {
		cli_error("%s", first);
		return EXIT_FAIL;
	}
	printf("\nok: 'weibao serve --data %s' can start with this configuration\n", loc.data_dir);
	return EXIT_OK;
}

int
cmd_config(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return cli_usage("config");
	return config_check(argc - 1, argv + 1);
}
