/*
 * Time-based one-time passwords (RFC 6238) as phone authenticator apps make
 * them: HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch.  The
 * HMAC and the codes come from liboath; this file adds the rules around
 * them: the window of steps accepted, refusing a step already used, the
 * format of codes, the otpauth URI, and recovery codes with their keyed
 * hashes (BLAKE2b under the session key, like session tokens).
 * No I/O and no clock: the caller passes the time.
 */
#ifndef WB_SEC_TOTP_H
#define WB_SEC_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sec/keyfile.h"
#include "util/err.h"

#define TOTP_SECRET_BYTES 20        /* 160 bits (RFC 4226's recommendation) */
#define TOTP_SECRET_B32_SIZE 33     /* 32 base32 characters and a NUL */
#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1               /* steps accepted either side of now (clock drift) */
#define TOTP_URI_MAX 160

#define TOTP_RECOVERY_COUNT 10
#define TOTP_RECOVERY_CHARS 10      /* 50 random bits each */
#define TOTP_RECOVERY_TEXT_SIZE 12  /* "xxxxx-xxxxx" and a NUL */
#define TOTP_RECOVERY_HASH_SIZE 65  /* 64 lower-case hex digits and a NUL */

enum totp_result {
	TOTP_OK,        /* the code of a step after last_step, within the window */
	TOTP_WRONG,     /* no step in the window has this code (or it is malformed) */
	TOTP_REPLAYED,  /* the code of a step at or before last_step: already used */
};

/* Fills out with a fresh random secret. */
void totp_secret_generate(unsigned char out[TOTP_SECRET_BYTES]);

/* Writes the base32 (RFC 4648, upper case, no padding) of secret[0..len)
 * into out[0..outlen).  WB_ERR_INVALID when it does not fit. */
enum wb_status totp_base32(const unsigned char *secret, size_t len, char *out, size_t outlen,
			   struct wb_err *err);

/* The step of Unix time now: floor(now / 30). */
int64_t totp_step_of(int64_t now);

/* True when code is exactly `digits` ASCII digits (nothing around them). */
bool totp_code_format_ok(const char *code, unsigned digits);

/*
 * Checks code against secret[0..len) at Unix time now, accepting the steps
 * within TOTP_WINDOW of now's.  `digits` is 6 for users (6 to 8 are
 * supported; the RFC's test vectors have 8).  A matching step at or before
 * last_step (the last one accepted for this secret) is TOTP_REPLAYED.  On
 * TOTP_OK *step receives the step that matched, which the caller stores as
 * the new last_step.  Codes are compared in constant time.
 */
enum totp_result totp_check(const unsigned char *secret, size_t len, int64_t now,
			    unsigned digits, int64_t last_step, const char *code, int64_t *step);

/* The code of secret at Unix time now into out (digits + 1 bytes); for tests
 * and tools.  WB_ERR_INVALID for an unsupported digit count. */
enum wb_status totp_generate(const unsigned char *secret, size_t len, int64_t now,
			     unsigned digits, char *out, struct wb_err *err);

/*
 * Writes "otpauth://totp/ISSUER:LOGIN?secret=SECRET&issuer=ISSUER" into
 * out[0..len).  issuer and login must be URI-safe as they are (letters,
 * digits, . _ -): WB_ERR_INVALID otherwise or when it does not fit.
 */
enum wb_status totp_uri(const char *issuer, const char *login, const char *secret_b32, char *out,
			size_t len, struct wb_err *err);

/* Writes a fresh recovery code, "xxxxx-xxxxx" in lower-case Crockford base32
 * (no i, l, o, u), into out. */
void totp_recovery_generate(char out[TOTP_RECOVERY_TEXT_SIZE]);

/*
 * The canonical form of a recovery code as a user may type it: case folded,
 * spaces and hyphens dropped, and i/l read as 1, o as 0.  False when what is
 * left is not TOTP_RECOVERY_CHARS characters of the alphabet.  out holds
 * TOTP_RECOVERY_CHARS + 1 bytes.
 */
bool totp_recovery_normalise(const char *in, char out[TOTP_RECOVERY_CHARS + 1]);

/* The keyed hash stored for a (normalised) recovery code of user_id: hex of
 * BLAKE2b-256 keyed with keys->session over a context, the user id and the
 * code, so a code hashes differently for every user and deployment. */
void totp_recovery_hash(const struct keyset *keys, int64_t user_id, const char *normalised,
			char out[TOTP_RECOVERY_HASH_SIZE]);

#endif
