/* Creating and changing users, with every rule checked (CLI and API share it). */
#ifndef WB_APP_USERS_H
#define WB_APP_USERS_H

#include <stdint.h>

#include "store/store.h"

struct user_spec {
	const char *login;         /* 3–32 of a-z 0-9 . _ -, starting with a letter or digit */
	const char *display_name;  /* 1–32 characters */
	const char *unit;          /* member unit name, alias or code; NULL for none */
	int64_t unit_id;           /* or the unit's id (> 0), which wins over unit */
	const char *roles;         /* comma-separated role codes, at least one */
	const char *scope;         /* county | town:CODE | village:CODE | unit | own, or a bare
				      division code (its level gives the kind) */
	const char *password;
};

/* Validates spec and creates the user with its roles in one transaction.
 * WB_ERR_INVALID / WB_ERR_NOTFOUND / WB_ERR_CONFLICT say which rule failed. */
enum wb_status app_user_add(struct store *st, const struct user_spec *spec, int64_t now,
			    int64_t *id, struct wb_err *err);

/* Changes to an existing user; NULL fields stay as they are. */
struct user_patch {
	const char *display_name;
	const char *unit;      /* name, alias or code; "" removes the unit */
	int64_t unit_id;       /* or the unit's id (> 0), which wins over unit */
	const char *roles;     /* comma-separated, replaces all roles */
	const char *scope;     /* as in user_spec */
	const char *status;    /* active | disabled */
	const char *password;
};

/* Validates and applies patch to user id in one transaction.  Disabling a
 * user or setting their password ends their sessions. */
enum wb_status app_user_update(struct store *st, int64_t id, const struct user_patch *patch,
			       int64_t now, struct wb_err *err);

/* Checks the policy, sets a new password and ends the user's sessions. */
enum wb_status app_user_set_password(struct store *st, const char *login, const char *password,
				     int64_t now, struct wb_err *err);

/* The county every default scope refers to. */
#define DEFAULT_COUNTY_CODE "330483"

#endif
