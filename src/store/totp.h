/* Store access to two-factor sign-in (TOTP): a user's secret, its state and
 * last accepted step, and their recovery codes (only keyed hashes).  The
 * secret is stored as the caller encrypted it; nothing here decrypts. */
#ifndef WB_STORE_TOTP_H
#define WB_STORE_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A user's TOTP row. */
struct totp_row {
	char secret[160];       /* field-encryption token of the secret */
	bool enabled;           /* confirmed with a code */
	int64_t last_step;      /* the last step accepted (0 before any) */
};

/* WB_ERR_NOTFOUND when the user never set TOTP up (or it was reset). */
enum wb_status store_totp_get(struct store *st, int64_t user_id, struct totp_row *out,
			      struct wb_err *err);
/* *enabled false when the user has no row. */
enum wb_status store_totp_enabled(struct store *st, int64_t user_id, bool *enabled,
				  struct wb_err *err);
/* Stores a new, unconfirmed secret (replacing an unconfirmed one);
 * WB_ERR_CONFLICT when the user's TOTP is enabled. */
enum wb_status store_totp_set_pending(struct store *st, int64_t user_id, const char *secret,
				      int64_t now, struct wb_err *err);
/* Confirms the pending secret with the step of its first code;
 * WB_ERR_CONFLICT when there is none or it is enabled already. */
enum wb_status store_totp_enable(struct store *st, int64_t user_id, int64_t step, int64_t now,
				 struct wb_err *err);
/* Records step as the last accepted, atomically: *accepted false when it is
 * not after the stored one (a parallel request used it first). */
enum wb_status store_totp_accept_step(struct store *st, int64_t user_id, int64_t step,
				      bool *accepted, struct wb_err *err);
/* Forgets the user's secret and recovery codes (disable, reset). */
enum wb_status store_totp_delete(struct store *st, int64_t user_id, struct wb_err *err);

/* Replaces the user's recovery codes with the n hashes given. */
enum wb_status store_totp_recovery_set(struct store *st, int64_t user_id,
				       const char *const *hashes, size_t n, struct wb_err *err);
/* Marks the unused code of that hash used: *used false when there is no
 * such unused code.  One statement, so a code signs in only once. */
enum wb_status store_totp_recovery_use(struct store *st, int64_t user_id, const char *hash,
				       int64_t now, bool *used, struct wb_err *err);
/* How many of the user's recovery codes are unused. */
enum wb_status store_totp_recovery_left(struct store *st, int64_t user_id, int64_t *left,
					struct wb_err *err);

#endif
