/* Store access to users and roles. */
#ifndef WB_STORE_USERS_H
#define WB_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/password.h"
#include "store/store.h"

struct user {
	int64_t id;
	char login[64];
	char display_name[128];
	int64_t unit_id;          /* 0 for none */
	char unit_name[128];
	char scope_kind[16];      /* county / town / village / unit / own */
	char scope_division[16];  /* "" when the scope names no division */
	char status[16];          /* active / disabled */
	char password_hash[PASSWORD_HASH_MAX];
	int64_t created_at;
};

/* Inserts u (id ignored) with its password hash; *id receives the new id. */
enum wb_status store_user_add(struct store *st, const struct user *u, int64_t now, int64_t *id,
			      struct wb_err *err);
enum wb_status store_user_add_role(struct store *st, int64_t user_id, int64_t role_id,
				   struct wb_err *err);
/* WB_ERR_NOTFOUND when no such login. */
enum wb_status store_user_get(struct store *st, const char *login, struct user *out,
			      struct wb_err *err);
/* Calls fn for every user by login; fn must not use st. */
enum wb_status store_user_each(struct store *st, int (*fn)(const struct user *, void *),
			       void *arg, struct wb_err *err);
/* Writes the user's role codes, comma-separated, into out. */
enum wb_status store_user_roles(struct store *st, int64_t user_id, char *out, size_t outlen,
				struct wb_err *err);
/* WB_ERR_NOTFOUND when no such login. */
enum wb_status store_user_set_status(struct store *st, const char *login, const char *status,
				     int64_t now, struct wb_err *err);
enum wb_status store_user_set_password(struct store *st, const char *login, const char *hash,
				       int64_t now, struct wb_err *err);

struct role {
	int64_t id;
	char code[64];
	char name[128];
	bool builtin;
};

enum wb_status store_role_add(struct store *st, const struct role *r, int64_t *id,
			      struct wb_err *err);
enum wb_status store_role_add_permission(struct store *st, int64_t role_id, const char *perm,
					 struct wb_err *err);
enum wb_status store_role_find(struct store *st, const char *code, struct role *out,
			       struct wb_err *err);

#endif
