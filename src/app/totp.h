/*
 * Two-factor sign-in (TOTP) of one user: set-up, confirmation with recovery
 * codes, checking a second factor at sign-in, and forgetting it (disable,
 * an administrator's reset).  The secret is stored encrypted with the
 * field key (src/sec/fieldcrypt.h), bound to user_totp.secret of the user's
 * id; recovery codes only as keyed hashes.  The codes themselves: sec/totp.h.
 */
#ifndef WB_APP_TOTP_H
#define WB_APP_TOTP_H

#include <stdint.h>

#include "app/ctx.h"
#include "sec/totp.h"

/* The issuer named in authenticator apps. */
#define TOTP_ISSUER "weibao"

/* What set-up hands the user: the secret (base32) and the otpauth URI. */
struct totp_setup {
	char secret[TOTP_SECRET_B32_SIZE];
	char uri[TOTP_URI_MAX];
};

/*
 * Gives user_id (whose login goes into the URI) a fresh secret, stored
 * unconfirmed (replacing an unconfirmed one), in the caller's transaction.
 * WB_ERR_CONFLICT (code "totp_enabled") when their TOTP is enabled already.
 */
enum wb_status app_totp_setup(const struct app_ctx *a, int64_t user_id, const char *login,
			      struct totp_setup *out, struct wb_err *err);

/*
 * Confirms the unconfirmed secret of user_id with a code of it and enables
 * it, in the caller's transaction; on WB_OK codes[] holds TOTP_RECOVERY_COUNT
 * new recovery codes (the only time they exist in clear: show them once).
 * WB_ERR_INVALID (code "otp_invalid", field "code") for a wrong code;
 * WB_ERR_CONFLICT (code "totp_not_set_up" or "totp_enabled") otherwise.
 */
enum wb_status app_totp_enable(const struct app_ctx *a, int64_t user_id, const char *code,
			       char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_TEXT_SIZE],
			       struct wb_err *err);

/*
 * Checks the second factor of user_id, whose TOTP is enabled: a 6-digit
 * code (otp) or else a recovery code.  What it accepts is used up at once
 * (the step becomes the last accepted, the recovery code is marked used),
 * so each works only once even against parallel requests.  *result is
 * TOTP_OK, TOTP_WRONG or TOTP_REPLAYED (a code of a step already used);
 * *recovery_left (may be NULL) receives the unused recovery codes left
 * after one was used, -1 otherwise.  WB_ERR_NOTFOUND when TOTP is not enabled.
 */
enum wb_status app_totp_verify(const struct app_ctx *a, int64_t user_id, const char *otp,
			       const char *recovery, enum totp_result *result,
			       int64_t *recovery_left, struct wb_err *err);

/* True when the permission bits (1 << enum permission) include one that
 * the deployment's totp_required_permissions names. */
bool app_totp_required(const struct wb_config *c, uint32_t perms);

/* Forgets user_id's secret and recovery codes, in the caller's transaction. */
enum wb_status app_totp_reset(const struct app_ctx *a, int64_t user_id, struct wb_err *err);

#endif
