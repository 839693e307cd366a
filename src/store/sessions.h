/* Store access to sign-in sessions and login throttling state. */
#ifndef WB_STORE_SESSIONS_H
#define WB_STORE_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The signed-in user as a session look-up finds them. */
struct session_user {
	int64_t user_id;
	char csrf_token[64];
	int64_t created_at, last_seen_at, expires_at;
	char login[64];
	char display_name[132];   /* 32 characters of up to 4 bytes */
	int64_t unit_id;            /* 0 for none */
	char unit_name[164];        /* 40 characters of up to 4 bytes */
	char scope_kind[16];
	char scope_division[16];
	char scope_name[164];
	char status[16];
	char roles[560];            /* role codes, comma-separated (16 of up to 32 bytes) */
	char permissions[640];      /* permission codes, comma-separated (all of them fit) */
	bool totp_enabled;          /* two-factor sign-in confirmed (src/store/totp.h) */
	int64_t scope_institution;  /* scope institution:ID — the facility; 0 otherwise */
};

/* Adds a session carrying the user's current roles and permissions. */
enum wb_status store_session_add(struct store *st, const char *token_hash, int64_t user_id,
				 const char *csrf, const char *client_addr, int64_t now,
				 int64_t expires_at, struct wb_err *err);
/* WB_ERR_NOTFOUND when no session has that hash. */
enum wb_status store_session_get(struct store *st, const char *token_hash, struct session_user *out,
				 struct wb_err *err);
/* Recomputes the roles and permissions carried by every session of user_id;
 * call after the user's roles or one of their roles' permissions change. */
enum wb_status store_session_refresh_grants(struct store *st, int64_t user_id, struct wb_err *err);
/* The same for every user holding role_id. */
enum wb_status store_session_refresh_role(struct store *st, int64_t role_id, struct wb_err *err);
enum wb_status store_session_touch(struct store *st, const char *token_hash, int64_t now,
				   struct wb_err *err);
enum wb_status store_session_delete(struct store *st, const char *token_hash, struct wb_err *err);
/* Deletes the user's sessions other than keep_hash (after a password change). */
enum wb_status store_session_delete_others(struct store *st, int64_t user_id, const char *keep_hash,
					   struct wb_err *err);
enum wb_status store_session_delete_user(struct store *st, int64_t user_id, struct wb_err *err);
/* Deletes sessions past expires_at or idle since before idle_before. */
enum wb_status store_session_purge(struct store *st, int64_t now, int64_t idle_before,
				   struct wb_err *err);

/* The user's role codes and permission codes, comma-separated. */
enum wb_status store_user_grants(struct store *st, int64_t user_id, char *roles, size_t rlen,
				 char *perms, size_t plen, struct wb_err *err);

/* What sign-in needs of a user. */
struct auth_user {
	int64_t id;
	char status[16];
	char password_hash[128];
	int64_t locked_until;       /* 0 when not locked */
	char display_name[132];   /* 32 characters of up to 4 bytes */
};

enum wb_status store_auth_get(struct store *st, const char *login, struct auth_user *out,
			      struct wb_err *err);
/* Locks the account for everyone until `until` (too many failures from
 * anywhere); administrators see it in the user list. */
enum wb_status store_auth_lock(struct store *st, int64_t user_id, int64_t until,
			       struct wb_err *err);
/* Lifts the account's lock. */
enum wb_status store_auth_ok(struct store *st, int64_t user_id, struct wb_err *err);

/* Counts one sign-in attempt under key (e.g. "ip:ADDR") in the window of
 * `window` seconds: *count receives the attempts in the current window, this
 * one included.  One atomic statement, so parallel attempts on any number of
 * servers cannot pass a limit together. */
enum wb_status store_signin_count(struct store *st, const char *key, int64_t now, int64_t window,
				  int64_t *count, struct wb_err *err);
/* Takes one attempt back (it succeeded). */
enum wb_status store_signin_uncount(struct store *st, const char *key, struct wb_err *err);
/* Forgets the key's attempts. */
enum wb_status store_signin_clear(struct store *st, const char *key, struct wb_err *err);
/* Forgets every counter of the account ("user:ID" and "user:ID@ADDR"): an
 * administrator lifted its lock or set a new password. */
enum wb_status store_signin_clear_user(struct store *st, int64_t user_id, struct wb_err *err);
/* Deletes counters whose window began before `before`. */
enum wb_status store_signin_purge(struct store *st, int64_t before, struct wb_err *err);


#endif
