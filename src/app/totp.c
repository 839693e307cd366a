#include "app/totp.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sec/fieldcrypt.h"
#include "store/totp.h"

/* Where the secret's encryption is bound: table, column, and the user id. */
#define SECRET_TABLE "user_totp"
#define SECRET_COLUMN "secret"

bool
app_totp_required(const struct wb_config *c, uint32_t perms)
{
	return (perms & c->totp_required_perms) != 0;
}

/* Decrypts the stored secret of user_id into out; WB_ERR_DENIED when it
 * does not decrypt (another key, a moved row), WB_ERR_INVALID when it is not
 * a secret of the expected size. */
static enum wb_status
open_secret(const struct app_ctx *a, int64_t user_id, const char *token,
	    unsigned char out[TOTP_SECRET_BYTES], struct wb_err *err)
{
	char *plain = NULL;
	size_t len = 0;
	enum wb_status rc = fieldcrypt_decrypt(a->keys, SECRET_TABLE, SECRET_COLUMN, user_id, token,
					       &plain, &len, err);

	if (rc != WB_OK)
		return rc;
	if (len != TOTP_SECRET_BYTES) {
		fieldcrypt_free(plain, len);
		return wb_err_set(err, WB_ERR_INVALID, "stored TOTP secret has the wrong size");
	}
	memcpy(out, plain, TOTP_SECRET_BYTES);
	fieldcrypt_free(plain, len);
	return WB_OK;
}

enum wb_status
app_totp_setup(const struct app_ctx *a, int64_t user_id, const char *login,
	       struct totp_setup *out, struct wb_err *err)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char *token = NULL;
	bool enabled = false;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	rc = store_totp_enabled(a->st, user_id, &enabled, err);
	if (rc != WB_OK)
		return rc;
	if (enabled)
		return wb_err_code(err, WB_ERR_CONFLICT, "totp_enabled",
				   "两步验证已启用；如需更换验证器，请先停用再重新设置");
	totp_secret_generate(secret);
	rc = totp_base32(secret, sizeof(secret), out->secret, sizeof(out->secret), err);
	if (rc == WB_OK)
		rc = totp_uri(TOTP_ISSUER, login, out->secret, out->uri, sizeof(out->uri), err);
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt(a->keys, SECRET_TABLE, SECRET_COLUMN, user_id, secret,
					sizeof(secret), &token, err);
	sodium_memzero(secret, sizeof(secret));
	if (rc == WB_OK)
		rc = store_totp_set_pending(a->st, user_id, token, a->now, err);
	if (rc == WB_ERR_CONFLICT)
		wb_err_code(err, WB_ERR_CONFLICT, "totp_enabled", "两步验证已启用");
	free(token);
	if (rc != WB_OK)
		sodium_memzero(out, sizeof(*out));
	return rc;
}

enum wb_status
app_totp_enable(const struct app_ctx *a, int64_t user_id, const char *code,
		char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_TEXT_SIZE], struct wb_err *err)
{
	char hashes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_HASH_SIZE], norm[TOTP_RECOVERY_CHARS + 1];
	const char *hash_list[TOTP_RECOVERY_COUNT];
	unsigned char secret[TOTP_SECRET_BYTES];
	struct totp_row row;
	enum totp_result result;
	int64_t step = 0;
	enum wb_status rc;

	rc = store_totp_get(a->st, user_id, &row, err);
	if (rc == WB_ERR_NOTFOUND)
		return wb_err_code(err, WB_ERR_CONFLICT, "totp_not_set_up",
				   "尚未获取两步验证密钥，请先点击“设置两步验证”");
	if (rc != WB_OK)
		return rc;
	if (row.enabled)
		return wb_err_code(err, WB_ERR_CONFLICT, "totp_enabled", "两步验证已启用");
	rc = open_secret(a, user_id, row.secret, secret, err);
	if (rc != WB_OK)
		return rc;
	result = totp_check(secret, sizeof(secret), a->now, TOTP_DIGITS, 0, code, &step);
	sodium_memzero(secret, sizeof(secret));
	if (result != TOTP_OK) {
		wb_err_code(err, WB_ERR_INVALID, "otp_invalid",
			    "验证码不正确：请输入验证器中当前显示的 6 位数字，并确认手机时间准确");
		return wb_err_name_field(err, "code");
	}
	rc = store_totp_enable(a->st, user_id, step, a->now, err);
	for (int i = 0; i < TOTP_RECOVERY_COUNT && rc == WB_OK; i++) {
		totp_recovery_generate(codes[i]);
		totp_recovery_normalise(codes[i], norm);
		totp_recovery_hash(a->keys, user_id, norm, hashes[i]);
		hash_list[i] = hashes[i];
	}
	sodium_memzero(norm, sizeof(norm));
	if (rc == WB_OK)
		rc = store_totp_recovery_set(a->st, user_id, hash_list, TOTP_RECOVERY_COUNT, err);
	if (rc != WB_OK)
		sodium_memzero(codes, sizeof(codes[0]) * TOTP_RECOVERY_COUNT);
	return rc;
}

enum wb_status
app_totp_verify(const struct app_ctx *a, int64_t user_id, const char *otp, const char *recovery,
		enum totp_result *result, int64_t *recovery_left, struct wb_err *err)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char norm[TOTP_RECOVERY_CHARS + 1], hash[TOTP_RECOVERY_HASH_SIZE];
	struct totp_row row;
	int64_t step = 0;
	bool ok = false;
	enum wb_status rc;

	*result = TOTP_WRONG;
	if (recovery_left)
		*recovery_left = -1;
	rc = store_totp_get(a->st, user_id, &row, err);
	if (rc == WB_OK && !row.enabled)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "TOTP is not enabled");
	if (rc != WB_OK)
		return rc;
	if (otp) {
		rc = open_secret(a, user_id, row.secret, secret, err);
		if (rc != WB_OK)
			return rc;
		*result = totp_check(secret, sizeof(secret), a->now, TOTP_DIGITS, row.last_step, otp,
				     &step);
		sodium_memzero(secret, sizeof(secret));
		if (*result != TOTP_OK)
			return WB_OK;
		rc = store_totp_accept_step(a->st, user_id, step, &ok, err);
		if (rc == WB_OK && !ok)
			*result = TOTP_REPLAYED;   /* a parallel request took this step first */
		return rc;
	}
	if (recovery == NULL || !totp_recovery_normalise(recovery, norm))
		return WB_OK;
	totp_recovery_hash(a->keys, user_id, norm, hash);
	sodium_memzero(norm, sizeof(norm));
	rc = store_totp_recovery_use(a->st, user_id, hash, a->now, &ok, err);
	if (rc != WB_OK || !ok)
		return rc;
	*result = TOTP_OK;
	if (recovery_left)
		rc = store_totp_recovery_left(a->st, user_id, recovery_left, err);
	return rc;
}

enum wb_status
app_totp_reset(const struct app_ctx *a, int64_t user_id, struct wb_err *err)
{
	return store_totp_delete(a->st, user_id, err);
}
