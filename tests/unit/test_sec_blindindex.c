/* sec/blindindex: keyed BLAKE2b blind index for exact-match look-ups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sec/blindindex.h"

#define ID "11010519491231002X"   /* the standard's example, not a real person */

static struct keyset keys, other_keys;

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	keyset_random(&keys);
	keyset_random(&other_keys);
	return 0;
}

static void
test_same_input_same_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(blindindex_idnumber(&keys, ID, b, NULL), WB_OK);
	assert_string_equal(a, b);
}

static void
test_index_is_64_lower_hex(void **state)
{
	char a[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
}

static void
test_matches_keyed_blake2b_of_domain_and_value(void **state)
{
	unsigned char h[32];
	char want[65], got[BLINDINDEX_HEX_SIZE];

	(void)state;
	crypto_generichash(h, sizeof(h), (const unsigned char *)"idnumber\0" ID, 9 + 18,
			   keys.index, sizeof(keys.index));
	sodium_bin2hex(want, sizeof(want), h, sizeof(h));
	assert_int_equal(blindindex_idnumber(&keys, ID, got, NULL), WB_OK);
	assert_string_equal(got, want);
}

static void
test_other_key_other_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(blindindex_idnumber(&other_keys, ID, b, NULL), WB_OK);
	assert_string_not_equal(a, b);
}

static void
test_uses_index_key_only(void **state)
{
	struct keyset k = keys;
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	randombytes_buf(k.field, sizeof(k.field));
	randombytes_buf(k.session, sizeof(k.session));
	randombytes_buf(k.audit, sizeof(k.audit));
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(blindindex_idnumber(&k, ID, b, NULL), WB_OK);
	assert_string_equal(a, b);
}

static void
test_other_value_other_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&keys, "phone", "13800000001", 11, a, NULL), WB_OK);
	assert_int_equal(blindindex_compute(&keys, "phone", "13800000002", 11, b, NULL), WB_OK);
	assert_string_not_equal(a, b);
}

static void
test_other_domain_other_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&keys, "idnumber", ID, 18, a, NULL), WB_OK);
	assert_int_equal(blindindex_compute(&keys, "passport", ID, 18, b, NULL), WB_OK);
	assert_string_not_equal(a, b);
}

static void
test_domain_value_boundary_unambiguous(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&keys, "ab", "c", 1, a, NULL), WB_OK);
	assert_int_equal(blindindex_compute(&keys, "a", "bc", 2, b, NULL), WB_OK);
	assert_string_not_equal(a, b);
}

static void
test_lower_case_x_same_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(blindindex_idnumber(&keys, " 11010519491231002x ", b, NULL), WB_OK);
	assert_string_equal(a, b);
}

static void
test_full_width_same_index(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, ID, a, NULL), WB_OK);
	assert_int_equal(blindindex_idnumber(&keys, "１１０１０５１９４９１２３１００２Ｘ", b, NULL), WB_OK);
	assert_string_equal(a, b);
}

static void
test_malformed_id_invalid(void **state)
{
	char a[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_idnumber(&keys, "11010519491231002", a, NULL), WB_ERR_INVALID);
	assert_string_equal(a, "");
	assert_int_equal(blindindex_idnumber(&keys, NULL, a, NULL), WB_ERR_INVALID);
}

static void
test_empty_domain_invalid(void **state)
{
	char a[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&keys, "", "x", 1, a, NULL), WB_ERR_INVALID);
	assert_int_equal(blindindex_compute(&keys, NULL, "x", 1, a, NULL), WB_ERR_INVALID);
}

static void
test_empty_value_allowed(void **state)
{
	char a[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&keys, "phone", NULL, 0, a, NULL), WB_OK);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(blindindex_compute(&keys, "phone", NULL, 1, a, NULL), WB_ERR_INVALID);
}

/* The registry's index: under the registry key only (not the index key),
 * differs from the usual index of the same number, refused without the key. */
static void
test_registry_index_uses_registry_key(void **state)
{
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE], usual[BLINDINDEX_HEX_SIZE];
	struct keyset k = keys, none = keys;
	struct wb_err err = { 0 };

	(void)state;
	assert_int_equal(blindindex_registry(&keys, "registry", ID, a, NULL), WB_OK);
	assert_int_equal(strlen(a), 64);
	randombytes_buf(k.index, KEY_BYTES);   /* a rotated index key changes nothing */
	assert_int_equal(blindindex_registry(&k, "registry", ID, b, NULL), WB_OK);
	assert_string_equal(a, b);
	randombytes_buf(k.registry, KEY_BYTES);
	assert_int_equal(blindindex_registry(&k, "registry", ID, b, NULL), WB_OK);
	assert_string_not_equal(a, b);
	assert_int_equal(blindindex_idnumber(&keys, ID, usual, NULL), WB_OK);
	assert_string_not_equal(a, usual);
	assert_int_equal(blindindex_registry(&keys, "staff", ID, usual, NULL), WB_OK);
	assert_string_not_equal(a, usual);   /* another domain, another value */
	none.has_registry = false;
	assert_int_equal(blindindex_registry(&none, "registry", ID, b, &err), WB_ERR_INVALID);
	assert_string_equal(b, "");
	assert_int_equal(blindindex_registry(&keys, "registry", "1101051949", b, &err), WB_ERR_INVALID);
}

/* An older generation's index is what blindindex_compute gave while that
 * generation was current; a generation the key set lacks is refused. */
static void
test_older_generation_index(void **state)
{
	struct keyset k = keys;
	struct wb_err err;
	char before[BLINDINDEX_HEX_SIZE], now[BLINDINDEX_HEX_SIZE], old[BLINDINDEX_HEX_SIZE];

	(void)state;
	assert_int_equal(blindindex_compute(&k, "idnumber", ID, 18, before, NULL), WB_OK);
	assert_int_equal(keyset_add_generation(&k, true, NULL), WB_OK);
	assert_int_equal(k.index_gen, 2);
	assert_int_equal(blindindex_compute(&k, "idnumber", ID, 18, now, NULL), WB_OK);
	assert_string_not_equal(before, now);
	assert_int_equal(blindindex_compute_gen(&k, 1, "idnumber", ID, 18, old, NULL), WB_OK);
	assert_string_equal(old, before);
	assert_int_equal(blindindex_compute_gen(&k, 2, "idnumber", ID, 18, old, NULL), WB_OK);
	assert_string_equal(old, now);
	assert_int_equal(blindindex_compute_gen(&k, 3, "idnumber", ID, 18, old, &err),
			 WB_ERR_INVALID);
	assert_int_equal(blindindex_compute_gen(&k, 0, "idnumber", ID, 18, old, &err),
			 WB_ERR_INVALID);
	assert_string_equal(old, "");
}

/* The prepared registry index: the same values as blindindex_registry in
 * each domain, number after number; refused without the key or a canonical
 * number. */
static void
test_prepared_registry_index_same(void **state)
{
	static const char *ids[] = { ID, "11010519491231002X", "330483198001010117" };
	struct blindindex_prepared reg, staff;
	struct keyset none = keys;
	char a[BLINDINDEX_HEX_SIZE], b[BLINDINDEX_HEX_SIZE];
	struct wb_err err = { 0 };

	(void)state;
	assert_int_equal(blindindex_registry_prepare(&keys, "registry", &reg, NULL), WB_OK);
	assert_int_equal(blindindex_registry_prepare(&keys, "staff", &staff, NULL), WB_OK);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			assert_int_equal(blindindex_registry(&keys, "registry", ids[i], a, NULL), WB_OK);
			assert_int_equal(blindindex_prepared(&reg, ids[i], b, NULL), WB_OK);
			assert_string_equal(a, b);
			assert_int_equal(blindindex_registry(&keys, "staff", ids[i], a, NULL), WB_OK);
			assert_int_equal(blindindex_prepared(&staff, ids[i], b, NULL), WB_OK);
			assert_string_equal(a, b);
		}
	assert_int_equal(blindindex_prepared(&reg, "1101051949", b, &err), WB_ERR_INVALID);
	assert_string_equal(b, "");
	blindindex_prepared_wipe(&reg);
	blindindex_prepared_wipe(&staff);
	none.has_registry = false;
	assert_int_equal(blindindex_registry_prepare(&none, "registry", &reg, &err), WB_ERR_INVALID);
	assert_int_equal(blindindex_registry_prepare(&keys, "", &reg, &err), WB_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_input_same_index),
		cmocka_unit_test(test_registry_index_uses_registry_key),
		cmocka_unit_test(test_prepared_registry_index_same),
		cmocka_unit_test(test_index_is_64_lower_hex),
		cmocka_unit_test(test_matches_keyed_blake2b_of_domain_and_value),
		cmocka_unit_test(test_other_key_other_index),
		cmocka_unit_test(test_uses_index_key_only),
		cmocka_unit_test(test_other_value_other_index),
		cmocka_unit_test(test_other_domain_other_index),
		cmocka_unit_test(test_domain_value_boundary_unambiguous),
		cmocka_unit_test(test_lower_case_x_same_index),
		cmocka_unit_test(test_full_width_same_index),
		cmocka_unit_test(test_malformed_id_invalid),
		cmocka_unit_test(test_empty_domain_invalid),
		cmocka_unit_test(test_empty_value_allowed),
		cmocka_unit_test(test_older_generation_index),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
