/* Creating and changing users, with every rule checked (CLI and API share it). */
#ifndef WB_APP_USERS_H
#define WB_APP_USERS_H

#include <stdint.h>

#include <stdbool.h>

#include "sec/password.h"
#include "store/store.h"
#include "store/users.h"

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

#define USER_MAX_ROLES 16

/* A new user, checked and with its password hashed, ready to insert. */
struct user_new {
	struct user u;
	int64_t role_ids[USER_MAX_ROLES];
	int nroles;
};

/*
 * Validates spec and hashes its password into out.  Hashing is slow (argon2id,
 * ~150 ms): call this before the write transaction, never inside it, so the
 * database's write lock is not held meanwhile.  WB_ERR_INVALID /
 * WB_ERR_NOTFOUND say which rule failed (err->field names the input).
 */
enum wb_status app_user_prepare_new(struct store *st, const struct user_spec *spec,
				    struct user_new *out, struct wb_err *err);
/* Inserts a prepared user and its roles in the caller's transaction;
 * WB_ERR_CONFLICT when the login is taken. */
enum wb_status app_user_insert(struct store *st, const struct user_new *n, int64_t now,
			       int64_t *id, struct wb_err *err);
/* Both, the insert in a transaction of its own. */
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
	bool unlock;           /* lift a lock after too many failed sign-ins */
	bool totp_reset;       /* forget their two-factor sign-in (a lost phone): they
				  sign in with the password alone, or must set it up
				  again when their permissions require it */
};

/* A checked change of user u.id, its new password (if any) hashed. */
struct user_change {
	struct user u;                 /* the user as it will be */
	int64_t role_ids[USER_MAX_ROLES];
	int nroles;                    /* -1: roles unchanged */
	char hash[PASSWORD_HASH_MAX];  /* "" : password unchanged */
	bool unlock, end_sessions, totp_reset;
};

/* Validates patch against user id and hashes a new password (slow: call it
 * before the write transaction).  Disabling a user or setting their password
 * will end their sessions; a new password also lifts a sign-in lock. */
enum wb_status app_user_prepare_change(struct store *st, int64_t id, const struct user_patch *patch,
				       struct user_change *out, struct wb_err *err);
/* The same for a new password of the user with that login. */
enum wb_status app_user_prepare_password(struct store *st, const char *login, const char *password,
					 struct user_change *out, struct wb_err *err);
/* Writes a prepared change in the caller's transaction. */
enum wb_status app_user_apply_change(struct store *st, const struct user_change *c, int64_t now,
				     struct wb_err *err);
/* Prepare and apply, the write in a transaction of its own. */
enum wb_status app_user_update(struct store *st, int64_t id, const struct user_patch *patch,
			       int64_t now, struct wb_err *err);

/* Prepare and apply a new password in the caller's transaction (if any);
 * slow: tests and tools only. */
enum wb_status app_user_set_password(struct store *st, const char *login, const char *password,
				     int64_t now, struct wb_err *err);

/* The county every default scope refers to. */
#define DEFAULT_COUNTY_CODE "330483"

#endif
