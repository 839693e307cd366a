#include "sec/blindindex.h"

#include <sodium.h>
#include <string.h>

#include "core/idnumber.h"

#define INDEX_BYTES 32

enum wb_status
blindindex_compute(const struct keyset *keys, const char *domain, const void *value, size_t len,
		   char out[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	crypto_generichash_state st;
	unsigned char h[INDEX_BYTES];

	out[0] = '\0';
	if (domain == NULL || domain[0] == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "blind index needs a domain");
	if (value == NULL && len > 0)
		return wb_err_set(err, WB_ERR_INVALID, "no value to index");
	crypto_generichash_init(&st, keys->index, KEY_BYTES, sizeof(h));
	/* The domain cannot contain NUL, so "domain\0" is a prefix-free tag. */
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
	if (len > 0)
		crypto_generichash_update(&st, value, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, BLINDINDEX_HEX_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
	return WB_OK;
}

enum wb_status
blindindex_idnumber(const struct keyset *keys, const char *id, char out[BLINDINDEX_HEX_SIZE],
		    struct wb_err *err)
{
	char norm[IDNUMBER_SIZE];
	enum wb_status rc;

	out[0] = '\0';
	if ((rc = idnumber_normalise(id, norm, err)) != WB_OK)
		return rc;
	rc = blindindex_compute(keys, "idnumber", norm, IDNUMBER_LEN, out, err);
	sodium_memzero(norm, sizeof(norm));
	return rc;
}
