/* weibao user add|list|disable|enable|passwd */
#include "cli/cli.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/clock.h"
#include "app/totp.h"
#include "app/users.h"
#include "sec/password.h"
#include "store/sessions.h"
#include "store/users.h"

/* Options every user subcommand accepts. */
struct user_opts {
	const char *data, *db, *name, *unit, *roles, *scope;
	bool password_stdin;
	const struct cli_loc *loc;
};

/* Parses the options after the subcommand; returns the index of the first
 * operand or -1 on a usage error. */
static int
parse_opts(int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "name", required_argument, NULL, 'n' },
		{ "unit", required_argument, NULL, 'u' },
		{ "role", required_argument, NULL, 'r' },
		{ "scope", required_argument, NULL, 's' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'b': o->db = optarg; break;
		case 'n': o->name = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'r': o->roles = optarg; break;
		case 's': o->scope = optarg; break;
		case 'p': o->password_stdin = true; break;
		default: return -1;
		}
	}
	return optind;
}

/* Gets the new password: stdin, WEIBAO_USER_PASSWORD, or generated (and
 * then printed).  Returns false when stdin was asked for and is empty. */
static bool
choose_password(const struct user_opts *o, char *buf, size_t len, bool *generated)
{
	const char *env = getenv("WEIBAO_USER_PASSWORD");

	*generated = false;
	if (o->password_stdin)
		return cli_read_secret_line(buf, len);
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return true;
	}
	password_generate(buf);
	*generated = true;
	return true;
}

/* What `user add` and `user passwd` prepare before their transaction: the
 * checks and the slow password hash, so the write lock is held briefly. */
struct prepared {
	char password[PASSWORD_MAX_LENGTH * 4 + 2];
	bool generated;
	struct user_new user;
	struct user_change change;
};

/* Chooses the password and prepares the new user or the password change
 * of `sub`; prints why and returns EXIT_FAIL (or EXIT_USAGE) otherwise. */
static int
prepare(struct store *st, const char *sub, const char *login, const struct user_opts *o,
	struct prepared *p)
{
	struct wb_err err = { 0 };
	struct user_spec spec = {
		.login = login, .display_name = o->name, .unit = o->unit,
		.roles = o->roles, .scope = o->scope, .password = p->password,
	};
	bool add = strcmp(sub, "add") == 0;

	if (add && (o->name == NULL || o->roles == NULL))
		return cli_usage("user");
	if (!choose_password(o, p->password, sizeof(p->password), &p->generated)) {
		cli_error("no password on standard input");
		return EXIT_FAIL;
	}
	if (add ? app_user_prepare_new(st, &spec, &p->user, &err) != WB_OK
		: app_user_prepare_password(st, login, p->password, &p->change, &err) != WB_OK) {
		cli_error(add ? "cannot add user %s: %s" : "cannot change the password of %s: %s",
			  login, err.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Writes into out (size len) the audit detail of a new user: "角色 单位联络员、
 * …" with the names of the comma-separated role codes (a code whose role
 * cannot be read stays a code; what does not fit is left out). */
static void
roles_detail(struct store *st, const char *codes, char *out, size_t len)
{
	size_t used = (size_t)snprintf(out, len, "角色 ");
	bool first = true;

	while (codes && *codes) {
		size_t n = strcspn(codes, ",");
		struct wb_err err = { 0 };
		struct role role;
		const char *name;
		char code[64];

		snprintf(code, sizeof(code), "%.*s", (int)n, codes);
		name = store_role_find(st, code, &role, &err) == WB_OK ? role.name : code;
		if (used + strlen(name) + strlen("、") < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s", first ? "" : "、",
						 name);
		first = false;
		codes += n + (codes[n] == ',');
	}
}

static int
user_add(struct store *st, const char *login, const struct user_opts *o, struct prepared *p)
{
	struct wb_err err = { 0 };
	char detail[256];
	int64_t id;

	if (app_user_insert(st, &p->user, wb_now(), &id, &err) != WB_OK) {
		cli_error("cannot add user %s: %s", login, err.msg);
		return EXIT_FAIL;
	}
	roles_detail(st, o->roles, detail, sizeof(detail));
	if (!cli_commit_audited(o->loc, st, "user.create", "user", login, detail))
		return EXIT_FAIL;
	printf("added user %s (id %lld)\n", login, (long long)id);
	if (p->generated)
		printf("password: %s (shown once)\n", p->password);
	return EXIT_OK;
}

struct list_state {
	struct store *st;
	struct user *users;
	size_t n, cap;
	bool nomem;
};

static int
collect_user(const struct user *u, void *arg)
{
	struct list_state *ls = arg;

	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 32;
		struct user *p = realloc(ls->users, cap * sizeof(*p));
		if (p == NULL) {
			ls->nomem = true;
			return 1;
		}
		ls->users = p;
		ls->cap = cap;
	}
	ls->users[ls->n++] = *u;
	return 0;
}

static int
user_list(struct store *st)
{
	struct list_state ls = { .st = st };
	struct wb_err err = { 0 };
	char roles[560], scope[48];
	int rc = EXIT_OK;

	if (store_user_each(st, collect_user, &ls, &err) != WB_OK || ls.nomem) {
		cli_error("cannot list users: %s", ls.nomem ? "out of memory" : err.msg);
		free(ls.users);
		return EXIT_FAIL;
	}
	printf("%-20s %-10s %-24s %-18s %-24s %s\n", "LOGIN", "STATUS", "SCOPE", "UNIT", "ROLES",
	       "NAME");
	for (size_t i = 0; i < ls.n; i++) {
		const struct user *u = &ls.users[i];
		if (store_user_roles(st, u->id, roles, sizeof(roles), &err) != WB_OK) {
			cli_error("%s", err.msg);
			rc = EXIT_FAIL;
			break;
		}
		if (u->scope_institution > 0)
			snprintf(scope, sizeof(scope), "institution:%lld",
				 (long long)u->scope_institution);
		else
			snprintf(scope, sizeof(scope), "%s%s%s", u->scope_kind,
				 u->scope_division[0] ? ":" : "", u->scope_division);
		printf("%-20s %-10s %-24s %-18s %-24s %s\n", u->login, u->status, scope,
		       u->unit_name[0] ? u->unit_name : "-", roles, u->display_name);
	}
	free(ls.users);
	return rc;
}

static int
user_set_status(const struct cli_loc *loc, struct store *st, const char *login, const char *status)
{
	struct wb_err err = { 0 };

	struct user u;

	if (store_user_set_status(st, login, status, wb_now(), &err) != WB_OK ||
	    store_user_get(st, login, &u, &err) != WB_OK ||
	    (strcmp(status, "disabled") == 0 && store_session_delete_user(st, u.id, &err) != WB_OK)) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	if (!cli_commit_audited(loc, st, "user.update", "user", login,
				strcmp(status, "disabled") == 0 ? "状态改为已停用" : "状态改为正常"))
		return EXIT_FAIL;
	printf("user %s is now %s\n", login, status);
	return EXIT_OK;
}

static int
user_passwd(struct store *st, const char *login, const struct user_opts *o, struct prepared *p)
{
	struct wb_err err = { 0 };

	if (app_user_apply_change(st, &p->change, wb_now(), &err) != WB_OK) {
		cli_error("cannot change the password of %s: %s", login, err.msg);
		return EXIT_FAIL;
	}
	if (!cli_commit_audited(o->loc, st, "user.update", "user", login, "重设密码"))
		return EXIT_FAIL;
	printf("password of %s changed\n", login);
	if (p->generated)
		printf("password: %s (shown once)\n", p->password);
	return EXIT_OK;
}

/* Forgets a user's two-factor secret and recovery codes (a lost phone):
 * the operator's way back in when no administrator can sign in. */
static int
user_totp_reset(const struct cli_loc *loc, struct store *st, const char *login)
{
	struct wb_err err = { 0 };
	struct app_ctx app;
	struct user u;
	char clogin[64];

	if (store_user_get(st, login, &u, &err) != WB_OK) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	cli_app(&app, st, NULL, clogin);
	if (app_totp_reset(&app, u.id, &err) != WB_OK) {
		cli_error("cannot reset the two-factor sign-in of %s: %s", login, err.msg);
		return EXIT_FAIL;
	}
	if (!cli_commit_audited(loc, st, "user.update", "user", login,
				"重置两步验证（验证器遗失）"))
		return EXIT_FAIL;
	printf("two-factor sign-in of %s reset: they set it up again at their next sign-in\n", login);
	return EXIT_OK;
}

int
cmd_user(int argc, char **argv)
{
	struct wb_err err = { 0 };
	struct prepared p;
	struct user_opts o;
	struct cli_loc loc;
	struct store *st;
	const char *sub, *login = NULL;
	int first, nargs, rc;

	if (argc < 2)
		return cli_usage("user");
	sub = argv[1];
	first = parse_opts(argc - 1, argv + 1, &o);
	if (first < 0)
		return cli_usage("user");
	first += 1;
	nargs = argc - first;
	if (strcmp(sub, "list") == 0) {
		if (nargs != 0)
			return cli_usage("user");
	} else if (strcmp(sub, "add") == 0 || strcmp(sub, "disable") == 0 ||
		   strcmp(sub, "enable") == 0 || strcmp(sub, "passwd") == 0 ||
		   strcmp(sub, "totp-reset") == 0) {
		if (nargs != 1)
			return cli_usage("user");
		login = argv[first];
	} else {
		cli_error("unknown user command '%s'", sub);
		return cli_usage("user");
	}

	cli_locate(&loc, o.data, o.db);
	o.loc = &loc;
	if ((rc = cli_open_store(&loc, &st)) != EXIT_OK)
		return rc;
	if (strcmp(sub, "list") == 0) {
		rc = user_list(st);
		store_close(st);
		return rc;
	}
	if ((strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) &&
	    (rc = prepare(st, sub, login, &o, &p)) != EXIT_OK) {
		sodium_memzero(&p, sizeof(p));
		store_close(st);
		return rc;
	}
	/* a change and its audit event commit together */
	if (store_begin(st, &err) != WB_OK) {
		cli_error("%s", err.msg);
		store_close(st);
		return EXIT_FAIL;
	}
	if (strcmp(sub, "add") == 0)
		rc = user_add(st, login, &o, &p);
	else if (strcmp(sub, "disable") == 0)
		rc = user_set_status(&loc, st, login, "disabled");
	else if (strcmp(sub, "enable") == 0)
		rc = user_set_status(&loc, st, login, "active");
	else if (strcmp(sub, "totp-reset") == 0)
		rc = user_totp_reset(&loc, st, login);
	else
		rc = user_passwd(st, login, &o, &p);
	sodium_memzero(&p, sizeof(p));
	if (rc != EXIT_OK)
		store_rollback_all(st);
	store_close(st);
	return rc;
}
