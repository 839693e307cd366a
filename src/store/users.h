/* Store access to users and roles. */
#ifndef WB_STORE_USERS_H
#define WB_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/password.h"
#include "sec/scope.h"
#include "store/store.h"

struct user {
	int64_t id;
	char login[64];
	char display_name[132];   /* 32 characters of up to 4 bytes */
	int64_t unit_id;          /* 0 for none */
	char unit_name[164];      /* 40 characters of up to 4 bytes */
	char scope_kind[16];      /* county / town / village / unit / own */
	char scope_division[16];  /* "" when the scope names no division */
	char status[16];          /* active / disabled */
	char password_hash[PASSWORD_HASH_MAX];
	int64_t created_at;
	char scope_name[164];     /* the scope division's name (pages and look-ups by id) */
	int64_t created_by;       /* the user who created this one (0: the CLI, init); written only */
	int64_t locked_until;     /* 0 when not locked (pages and look-ups by id) */
	int64_t scope_institution; /* scope institution:ID — the facility; 0 otherwise */
};

struct user_filter {
	const struct scope *scope;  /* whose users: see sec/scope.h */
	const char *q;        /* "" or a substring of login or display name */
	const char *status;   /* "" or active / disabled */
	const char *role;     /* "" or a role code */
	const char *sort;     /* login, display_name, status, created_at */
	const char *order;    /* asc, desc */
};

/* A page of users; fn must not use st.  *total receives the filtered count. */
enum wb_status store_user_page(struct store *st, const struct user_filter *f, int64_t limit,
			       int64_t offset, void (*fn)(const struct user *, void *), void *arg,
			       int64_t *total, struct wb_err *err);
enum wb_status store_user_get_by_id(struct store *st, int64_t id, struct user *out,
				    struct wb_err *err);
/* User id if the scope sees them; WB_ERR_NOTFOUND otherwise. */
enum wb_status store_user_get_scoped(struct store *st, const struct scope *scope, int64_t id,
				     struct user *out, struct wb_err *err);
/* Writes display_name, unit_id, scope_kind, scope_division and status of u. */
enum wb_status store_user_update(struct store *st, const struct user *u, int64_t now,
				 struct wb_err *err);
enum wb_status store_user_clear_roles(struct store *st, int64_t user_id, struct wb_err *err);
enum wb_status store_user_set_password_by_id(struct store *st, int64_t id, const char *hash,
					     int64_t now, struct wb_err *err);

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
/* Writes the names of the user's roles, joined by "、", into out (whole
 * names only: one that does not fit is left out with those after it). */
enum wb_status store_user_role_names(struct store *st, int64_t user_id, char *out, size_t outlen,
				     struct wb_err *err);
/* WB_ERR_NOTFOUND when no such login. */
enum wb_status store_user_set_status(struct store *st, const char *login, const char *status,
				     int64_t now, struct wb_err *err);
enum wb_status store_user_set_password(struct store *st, const char *login, const char *hash,
				       int64_t now, struct wb_err *err);

struct role {
	int64_t id;
	char code[64];
	char name[132];          /* 32 characters of up to 4 bytes */
	bool builtin;
};

enum wb_status store_role_add(struct store *st, const struct role *r, int64_t *id,
			      struct wb_err *err);
enum wb_status store_role_add_permission(struct store *st, int64_t role_id, const char *perm,
					 struct wb_err *err);
enum wb_status store_role_find(struct store *st, const char *code, struct role *out,
			       struct wb_err *err);
enum wb_status store_role_get_by_id(struct store *st, int64_t id, struct role *out,
				    struct wb_err *err);
enum wb_status store_role_set_name(struct store *st, int64_t id, const char *name,
				   struct wb_err *err);
enum wb_status store_role_clear_permissions(struct store *st, int64_t id, struct wb_err *err);
/* Calls fn for each role, in id order; fn must not use st. */
enum wb_status store_role_each(struct store *st, void (*fn)(const struct role *, void *),
			       void *arg, struct wb_err *err);
/* Calls fn with each permission code of one role. */
enum wb_status store_role_permissions(struct store *st, int64_t role_id,
				      void (*fn)(const char *perm, void *), void *arg,
				      struct wb_err *err);
/* Calls fn for each (role id, permission) pair, by role id. */
enum wb_status store_role_permission_each(struct store *st,
					  void (*fn)(int64_t role_id, const char *perm, void *),
					  void *arg, struct wb_err *err);

#endif
