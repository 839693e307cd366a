#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/clock.h"
#include "sec/keyfile.h"
#include "sec/password.h"
#include "store/audit.h"

#include <getopt.h>
#include <pwd.h>
#include <unistd.h>

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("weibao: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_locate(struct cli_loc *loc, const char *data_opt, const char *db_opt)
{
	const char *data = data_opt ? data_opt : getenv("WEIBAO_DATA");
	const char *db = db_opt ? db_opt : getenv("WEIBAO_DB");
	size_t n;

	memset(loc, 0, sizeof(*loc));
	if (data == NULL || *data == '\0')
		data = ".";
	snprintf(loc->data_dir, sizeof(loc->data_dir), "%s", data);
	n = strlen(loc->data_dir);
	while (n > 1 && loc->data_dir[n - 1] == '/')
		loc->data_dir[--n] = '\0';
	snprintf(loc->key_path, sizeof(loc->key_path), "%s/weibao.key", loc->data_dir);
	if (db && *db) {
		snprintf(loc->db_url, sizeof(loc->db_url), "%s", db);
	} else {
		snprintf(loc->db_url, sizeof(loc->db_url), "%s/weibao.db", loc->data_dir);
	}
	loc->db_is_file = !store_url_is_postgresql(loc->db_url);
	if (loc->db_is_file)
		snprintf(loc->db_path, sizeof(loc->db_path), "%s",
			 strncmp(loc->db_url, "sqlite:", 7) == 0 ? loc->db_url + 7 : loc->db_url);
}

int
cli_open_store(const struct cli_loc *loc, struct store **st)
{
	struct wb_err err = { 0 };

	if (store_open(loc->db_url, STORE_OPEN_EXISTING, st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (store_check_schema(*st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		store_close(*st);
		*st = NULL;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cli_open_keyed(const struct cli_loc *loc, struct keyset *keys, struct store **st)
{
	struct wb_err err = { 0 };
	int rc;

	if (keyfile_load(loc->key_path, keys, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if ((rc = cli_open_store(loc, st)) != EXIT_OK)
		keyset_wipe(keys);
	return rc;
}

bool
cli_ensure_registry_key(const char *path, struct keyset *keys)
{
	struct wb_err err = { 0 };
	struct keyset *k = keys ? keys : calloc(1, sizeof(*k));
	enum wb_status rc;

	if (k == NULL) {
		cli_error("out of memory");
		return false;
	}
	rc = keys ? WB_OK : keyfile_load(path, k, &err);
	if (rc == WB_OK)
		rc = keyfile_ensure_registry(path, k, NULL, &err);
	if (keys == NULL) {
		keyset_wipe(k);
		free(k);
	}
	if (rc != WB_OK)
		cli_error("%s", err.msg);
	return rc == WB_OK;
}

int
cli_usage(const char *command)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, command) == 0) {
			fprintf(stderr, "usage: %s\n", c->usage);
			return EXIT_USAGE;
		}
	fprintf(stderr, "usage: weibao COMMAND [ARGS]; see 'weibao help'\n");
	return EXIT_USAGE;
}

bool
cli_read_secret_line(char *buf, size_t len)
{
	size_t n;

	if (fgets(buf, (int)len, stdin) == NULL)
		return false;
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return true;
}

int
cli_load_config(const struct cli_loc *loc, struct wb_config *config)
{
	struct wb_err err = { 0 };
	char conf[PATH_MAX + 16];

	config_defaults(config);
	snprintf(conf, sizeof(conf), "%s/weibao.conf", loc->data_dir);
	if (config_load(config, conf, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* "cli:<system user>" into login. */
static void
cli_login(char login[64])
{
	struct passwd *pw = getpwuid(getuid());

	snprintf(login, 64, "cli:%s", pw ? pw->pw_name : "?");
}

void
cli_app(struct app_ctx *c, struct store *st, const struct wb_config *config, char login[64])
{
	cli_login(login);
	*c = (struct app_ctx){ .st = st, .config = config, .scope = scope_system(),
			       .login = login, .now = wb_now() };
}

int
cli_session_open(struct cli_session *s, const char *data, const char *db)
{
	int rc;

	cli_locate(&s->loc, data, db);
	rc = cli_load_config(&s->loc, &s->config);
	if (rc == EXIT_OK)
		rc = cli_open_keyed(&s->loc, &s->keys, &s->st);
	if (rc == EXIT_OK) {
		cli_app(&s->app, s->st, &s->config, s->login);
		s->app.keys = &s->keys;
	}
	return rc;
}

void
cli_session_close(struct cli_session *s)
{
	store_close(s->st);
	s->st = NULL;
	keyset_wipe(&s->keys);
}

bool
cli_list_options(int argc, char **argv, struct cli_list_opts *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "town", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct cli_list_opts){ .town = "" };
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'b': o->db = optarg; break;
		case 't': o->town = optarg; break;
		case 'j': o->json = true; break;
		default: return false;
		}
	}
	return true;
}

int
cli_subcommand(int argc, char **argv, const char *command, const struct cli_sub *subs)
{
	for (const struct cli_sub *s = subs; argc >= 2 && s->name; s++)
		if (strcmp(argv[1], s->name) == 0)
			return s->run(argc, argv);
	return cli_usage(command);
}

void
cli_print_json(const json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (text)
		printf("%s\n", text);
	free(text);
}

bool
cli_commit_audited(const struct cli_loc *loc, struct store *st, const char *action,
		   const char *object_type, const char *object_id, const char *detail)
{
	struct audit_event ev = { 0 };
	struct wb_err err = { 0 };
	struct keyset keys;
	char login[64];
	bool ok;

	if (keyfile_load(loc->key_path, &keys, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s", err.msg);
		return false;
	}
	cli_login(login);
	ev.at = wb_now();
	ev.login = login;
	ev.client_addr = "local";
	ev.action = action;
	ev.object_type = object_type;
	ev.object_id = object_id;
	ev.outcome = "ok";
	ev.detail = detail;
	ok = (store_in_transaction(st) || store_begin(st, &err) == WB_OK) &&
	     app_commit_audited(st, &keys, &ev, &err) == WB_OK;
	keyset_wipe(&keys);
	if (!ok)
		cli_error("nothing was changed: the audit log could not be written (%s)", err.msg);
	return ok;
}
