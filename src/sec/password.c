#include "sec/password.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* Cost parameters: libsodium's "interactive" limits (2 passes, 64 MiB). */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

enum wb_status
sec_init(struct wb_err *err)
{
	if (sodium_init() < 0)
		return wb_err_set(err, WB_ERR_DB, "libsodium failed to initialise");
	return WB_OK;
}

/* True when needle (ASCII case-folded) occurs in haystack. */
static bool
contains_folded(const char *haystack, const char *needle)
{
	size_t hn = strlen(haystack), nn = strlen(needle);

	if (nn == 0 || nn > hn)
		return false;
	for (size_t i = 0; i + nn <= hn; i++) {
		size_t k = 0;
		while (k < nn && tolower((unsigned char)haystack[i + k]) ==
				 tolower((unsigned char)needle[k]))
			k++;
		if (k == nn)
			return true;
	}
	return false;
}

enum wb_status
password_check_policy(const char *password, const char *login, const char *display_name,
		      struct wb_err *err)
{
	size_t n;

	if (password == NULL || !text_is_utf8(password, strlen(password)))
		return wb_err_set(err, WB_ERR_INVALID, "密码必须是有效的文本");
	n = text_utf8_length(password);
	if (n < PASSWORD_MIN_LENGTH)
		return wb_err_set(err, WB_ERR_INVALID, "密码至少 %d 个字符", PASSWORD_MIN_LENGTH);
	if (n > PASSWORD_MAX_LENGTH)
		return wb_err_set(err, WB_ERR_INVALID, "密码最多 %d 个字符", PASSWORD_MAX_LENGTH);
	if (login && contains_folded(password, login))
		return wb_err_set(err, WB_ERR_INVALID, "密码不能包含登录名");
	if (display_name && strlen(display_name) >= 2 && contains_folded(password, display_name))
		return wb_err_set(err, WB_ERR_INVALID, "密码不能包含姓名");
	return WB_OK;
}

enum wb_status
password_hash(const char *password, char out[PASSWORD_HASH_MAX], struct wb_err *err)
{
	if (crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM) != 0)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory hashing a password");
	return WB_OK;
}

bool
password_verify(const char *password, const char *hash)
{
	if (password == NULL || hash == NULL)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
password_generate(char out[17])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[16] = '\0';
}
