#include "sec/blindindex.h"

#include <sodium.h>
#include <string.h>

#include "core/idnumber.h"

#define INDEX_BYTES 32

/* The index of value[0..len) in domain under key into out. */
static void
compute(const unsigned char key[KEY_BYTES], const char *domain, const void *value, size_t len,
	char out[BLINDINDEX_HEX_SIZE])
{
	crypto_generichash_state st;
	unsigned char h[INDEX_BYTES];

	crypto_generichash_init(&st, key, KEY_BYTES, sizeof(h));
	/* The domain cannot contain NUL, so "domain\0" is a prefix-free tag. */
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
	if (len > 0)
		crypto_generichash_update(&st, value, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, BLINDINDEX_HEX_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}

enum wb_status
blindindex_compute(const struct keyset *keys, const char *domain, const void *value, size_t len,
		   char out[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	out[0] = '\0';
	if (domain == NULL || domain[0] == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "blind index needs a domain");
	if (value == NULL && len > 0)
		return wb_err_set(err, WB_ERR_INVALID, "no value to index");
	compute(keys->index, domain, value, len, out);
	return WB_OK;
}

enum wb_status
blindindex_compute_gen(const struct keyset *keys, int gen, const char *domain, const void *value,
		       size_t len, char out[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	out[0] = '\0';
	if (gen < 1 || gen > keys->nindex || gen > KEY_MAX_GENS)
		return wb_err_set(err, WB_ERR_INVALID, "no index key of generation %d", gen);
	if (domain == NULL || domain[0] == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "blind index needs a domain");
	if (value == NULL && len > 0)
		return wb_err_set(err, WB_ERR_INVALID, "no value to index");
	compute(keys->index_gens[gen - 1], domain, value, len, out);
	return WB_OK;
}

enum wb_status
blindindex_registry(const struct keyset *keys, const char *domain, const char *id,
		    char out[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	out[0] = '\0';
	if (domain == NULL || domain[0] == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "blind index needs a domain");
	if (!keys->has_registry)
		return wb_err_set(err, WB_ERR_INVALID, "the key file has no registry key");
	if (id == NULL || strlen(id) != IDNUMBER_LEN)
		return wb_err_set(err, WB_ERR_INVALID, "not a canonical ID number");
	compute(keys->registry, domain, id, IDNUMBER_LEN, out);
	return WB_OK;
}

enum wb_status
blindindex_registry_prepare(const struct keyset *keys, const char *domain,
			    struct blindindex_prepared *p, struct wb_err *err)
{
	sodium_memzero(p, sizeof(*p));
	if (domain == NULL || domain[0] == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "blind index needs a domain");
	if (!keys->has_registry)
		return wb_err_set(err, WB_ERR_INVALID, "the key file has no registry key");
	crypto_generichash_init(&p->st, keys->registry, KEY_BYTES, INDEX_BYTES);
	crypto_generichash_update(&p->st, (const unsigned char *)domain, strlen(domain) + 1);
	return WB_OK;
}

enum wb_status
blindindex_prepared(const struct blindindex_prepared *p, const char *id,
		    char out[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	crypto_generichash_state st;
	unsigned char h[INDEX_BYTES];

	out[0] = '\0';
	if (id == NULL || strlen(id) != IDNUMBER_LEN)
		return wb_err_set(err, WB_ERR_INVALID, "not a canonical ID number");
	memcpy(&st, &p->st, sizeof(st));
	crypto_generichash_update(&st, (const unsigned char *)id, IDNUMBER_LEN);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, BLINDINDEX_HEX_SIZE, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
	return WB_OK;
}

void
blindindex_prepared_wipe(struct blindindex_prepared *p)
{
	sodium_memzero(p, sizeof(*p));
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
