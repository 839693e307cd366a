/* Command-line front end: one file per command group. */
#ifndef WB_CLI_CLI_H
#define WB_CLI_CLI_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>

#include "app/config.h"
#include "app/ctx.h"
#include "store/store.h"

/* Exit codes of every command. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Where a command finds its data: --data/WEIBAO_DATA and --db/WEIBAO_DB. */
struct cli_loc {
	char data_dir[PATH_MAX];
	char db_url[PATH_MAX + 16];
	char key_path[PATH_MAX + 16];
	bool db_is_file;          /* SQLite */
	char db_path[PATH_MAX + 16]; /* the SQLite file when db_is_file */
};

/* Fills loc from the options (NULL when not given), the environment and the
 * defaults (data "." and DIR/weibao.db). */
void cli_locate(struct cli_loc *loc, const char *data_opt, const char *db_opt);

/* Opens the existing database of loc and checks its schema.  Prints the error
 * and returns EXIT_FAIL, or EXIT_OK with *st set. */
int cli_open_store(const struct cli_loc *loc, struct store **st);

/* Loads loc's key file into *keys, then opens the database as
 * cli_open_store does.  EXIT_OK with both (the caller wipes keys and closes
 * st); otherwise the error is printed, nothing is held, and the exit code
 * returned. */
int cli_open_keyed(const struct cli_loc *loc, struct keyset *keys, struct store **st);

/* Appends the audit event of a change made from the command line (login
 * "cli:<system user>") to the open transaction (or one of its own) and
 * commits both — app_commit_audited().  On failure everything is rolled
 * back, the error printed and false returned. */
bool cli_commit_audited(const struct cli_loc *loc, struct store *st, const char *action,
			const char *object_type, const char *object_id, const char *detail);

/* Defaults overridden by DIR/weibao.conf; prints the error and returns
 * EXIT_FAIL, or EXIT_OK. */
/* Makes sure the key file at path holds the registry key of background
 * checks (sec/keyfile.h), adding it to a key file made before it; keys (may
 * be NULL) receives it.  False after saying why. */
bool cli_ensure_registry_key(const char *path, struct keyset *keys);

int cli_load_config(const struct cli_loc *loc, struct wb_config *config);

/* The service layer's context for the operator at the command line: the
 * whole county (scope_system), login "cli:<system user>" (in login[64]),
 * now.  keys may be NULL for operations that audit through cli_audit(). */
void cli_app(struct app_ctx *c, struct store *st, const struct wb_config *config,
	     char login[64]);

/* What a command working through the service layer holds open: its data,
 * configuration, keys, database and the operator's app context. */
struct cli_session {
	struct cli_loc loc;
	struct wb_config config;
	struct keyset keys;
	struct store *st;
	struct app_ctx app;       /* cli_app() with the keys */
	char login[64];
};

/* Locates the data (--data/--db values, NULL when not given), loads the
 * configuration and keys, opens the database and makes the app context.
 * EXIT_OK with all held (cli_session_close releases them); otherwise the
 * error is printed, nothing is held, and the exit code returned. */
int cli_session_open(struct cli_session *s, const char *data, const char *db);
/* Closes the database and wipes the keys of s. */
void cli_session_close(struct cli_session *s);

/* The options of a list command: --data DIR, --db URL, --town CODE
 * ("" when not given) and --json, read from argv[2] on (getopt_long). */
struct cli_list_opts {
	const char *data, *db, *town;
	bool json;
};
/* Fills o; false on an unknown option (getopt has said so).  The
 * positional arguments are argv[optind…]. */
bool cli_list_options(int argc, char **argv, struct cli_list_opts *o);

/* A subcommand of a command group: `weibao GROUP NAME …`. */
struct cli_sub {
	const char *name;
	int (*run)(int argc, char **argv);
};
/* Runs the subcommand of subs (terminated by a NULL name) that argv[1]
 * names, with argc and argv as they are; the usage of command when none. */
int cli_subcommand(int argc, char **argv, const char *command, const struct cli_sub *subs);

/* Prints v as indented JSON, keys in their order, and a newline. */
void cli_print_json(const json_t *v);

/* Prints "weibao: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the usage of a command on stderr and returns EXIT_USAGE. */
int cli_usage(const char *command);

/* Reads one line (a password) from standard input into buf; false on EOF. */
bool cli_read_secret_line(char *buf, size_t len);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_facility(int argc, char **argv);
int cmd_training(int argc, char **argv);
int cmd_child(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_allowance(int argc, char **argv);
int cmd_indicators(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_gen(int argc, char **argv);

int cmd_config(int argc, char **argv);

/* The built web UI when weibao.conf names none: beside the binary
 * ../share/weibao/web (as `make install` lays it out) or ../web/dist (a build
 * directory of the source tree), else web/dist of the source tree the binary
 * was built from. */
void cli_find_web_root(char *out, size_t len);

/* Creates the database and key file of loc with the defaults and an admin
 * user; used by `init` and by `serve` on an empty data directory. */
int cli_initialise(const struct cli_loc *loc);

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

/* The command table, terminated by a zeroed entry. */
extern const struct cli_command cli_commands[];

#endif
