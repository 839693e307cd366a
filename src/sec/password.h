/* Password hashing (argon2id via libsodium), policy and generation. */
#ifndef WB_SEC_PASSWORD_H
#define WB_SEC_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PASSWORD_HASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LENGTH 10
#define PASSWORD_MAX_LENGTH 128

/* Must be called once before any other function here (and any libsodium use). */
enum wb_status sec_init(struct wb_err *err);

/*
 * Checks a new password against the policy, in this order: valid UTF-8; at
 * least PASSWORD_MIN_LENGTH and at most PASSWORD_MAX_LENGTH characters; not
 * containing the login or the display name (case-insensitively); not only
 * white space or invisible characters; not a common password (see
 * common_passwords.h), compared case-insensitively, full-width letters as
 * ASCII, also without its trailing, then also leading, digits, signs and
 * spaces ("Password2024!"); not trivially patterned: a repeated unit
 * ("abcabcabc"), or made of runs, keyboard walks and repeated characters
 * ("abcdefghij", "1qaz2wsx3edc", "bcdefgh123!"), judged on the whole password
 * and on that core; at least 4 different characters.  WB_ERR_INVALID with a
 * Chinese message when it fails.
 */
enum wb_status password_check_policy(const char *password, const char *login,
				     const char *display_name, struct wb_err *err);

/* Writes the argon2id hash string of password into out. */
enum wb_status password_hash(const char *password, char out[PASSWORD_HASH_MAX], struct wb_err *err);

/* True when password matches the stored hash (constant-time compare). */
bool password_verify(const char *password, const char *hash);

/* Writes a random password of 16 characters (no look-alike letters) into out. */
void password_generate(char out[17]);

#endif
