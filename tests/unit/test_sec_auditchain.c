/* sec/auditchain: keyed hash chain over audit events; tampering found at the right index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "sec/auditchain.h"

#define N 5

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

/* Fills ev[0..n) with synthetic events (ids 10, 20, …) chained under k. */
static void
build_with(const struct keyset *k, struct audit_event *ev, size_t n)
{
	static const char *const actions[] = { "login", "child.view", "child.reveal", "case.update",
					       "logout" };

	memset(ev, 0, n * sizeof(*ev));
	for (size_t i = 0; i < n; i++) {
		ev[i].id = (int64_t)(i + 1) * 10;
		ev[i].at = 1700000000 + (int64_t)i * 60;
		ev[i].user_id = i == 0 ? 0 : 7;
		ev[i].login = i == 0 ? NULL : "tester";
		ev[i].client_addr = "192.0.2.1";
		ev[i].action = actions[i % 5];
		ev[i].object_type = i % 2 ? "child" : NULL;
		ev[i].object_id = i % 2 ? "123" : NULL;
		ev[i].outcome = "ok";
		ev[i].detail = i == 2 ? "field=name" : NULL;
		auditchain_seal(k, &ev[i], i == 0 ? AUDIT_GENESIS_HASH : ev[i - 1].hash);
	}
}

static void
build(struct audit_event *ev, size_t n)
{
	build_with(&keys, ev, n);
}

static void
test_intact_chain_verifies(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_int_equal(auditchain_verify(&keys, ev, N), -1);
}

static void
test_empty_chain_verifies(void **state)
{
	(void)state;
	assert_int_equal(auditchain_verify(&keys, NULL, 0), -1);
}

static void
test_genesis_is_64_zeros(void **state)
{
	struct audit_event ev[1];

	(void)state;
	assert_int_equal(strlen(AUDIT_GENESIS_HASH), 64);
	assert_int_equal(strspn(AUDIT_GENESIS_HASH, "0"), 64);
	build(ev, 1);
	assert_string_equal(ev[0].prev_hash, AUDIT_GENESIS_HASH);
}

static void
test_hash_is_64_hex_and_chained(void **state)
{
	struct audit_event ev[2];

	(void)state;
	build(ev, 2);
	assert_int_equal(strlen(ev[0].hash), 64);
	assert_int_equal(strspn(ev[0].hash, "0123456789abcdef"), 64);
	assert_string_equal(ev[1].prev_hash, ev[0].hash);
}

static void
test_hash_is_deterministic(void **state)
{
	struct audit_event ev[1];
	char again[AUDIT_HASH_HEX_SIZE];

	(void)state;
	build(ev, 1);
	auditchain_hash(&keys, &ev[0], again);
	assert_string_equal(again, ev[0].hash);
}

static void
test_modified_detail_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[2].detail = "field=address";
	assert_int_equal(auditchain_verify(&keys, ev, N), 2);
}

static void
test_modified_outcome_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[4].outcome = "denied";
	assert_int_equal(auditchain_verify(&keys, ev, N), 4);
}

static void
test_null_changed_to_empty_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_null(ev[2].object_type);
	ev[2].object_type = "";
	assert_int_equal(auditchain_verify(&keys, ev, N), 2);
}

static void
test_modified_time_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[1].at += 1;
	assert_int_equal(auditchain_verify(&keys, ev, N), 1);
}

static void
test_modified_user_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[3].user_id = 8;
	assert_int_equal(auditchain_verify(&keys, ev, N), 3);
}

static void
test_modified_id_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[2].id = 31;   /* still increasing, but not what was hashed */
	assert_int_equal(auditchain_verify(&keys, ev, N), 2);
}

static void
test_field_boundaries_unambiguous(void **state)
{
	struct audit_event a[1], b[1];

	(void)state;
	build(a, 1);
	build(b, 1);
	a[0].login = "ab";
	a[0].client_addr = "c";
	b[0].login = "a";
	b[0].client_addr = "bc";
	auditchain_hash(&keys, &a[0], a[0].hash);
	auditchain_hash(&keys, &b[0], b[0].hash);
	assert_string_not_equal(a[0].hash, b[0].hash);
}

static void
test_deleted_event_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	memmove(&ev[2], &ev[3], 2 * sizeof(ev[0]));   /* event 30 gone */
	assert_int_equal(auditchain_verify(&keys, ev, N - 1), 2);
}

static void
test_deleted_first_event_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_int_equal(auditchain_verify(&keys, ev + 1, N - 1), 0);
}

static void
test_swapped_events_found(void **state)
{
	struct audit_event ev[N], tmp;

	(void)state;
	build(ev, N);
	tmp = ev[1];
	ev[1] = ev[2];
	ev[2] = tmp;
	assert_int_equal(auditchain_verify(&keys, ev, N), 1);
}

static void
test_swapped_contents_keeping_ids_found(void **state)
{
	struct audit_event ev[N], tmp;
	int64_t id1, id2;

	(void)state;
	build(ev, N);
	id1 = ev[1].id;
	id2 = ev[2].id;
	tmp = ev[1];
	ev[1] = ev[2];
	ev[2] = tmp;
	ev[1].id = id1;
	ev[2].id = id2;
	assert_int_equal(auditchain_verify(&keys, ev, N), 1);
}

static void
test_replaced_hash_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[3].hash[0] = ev[3].hash[0] == 'a' ? 'b' : 'a';
	assert_int_equal(auditchain_verify(&keys, ev, N), 3);
}

static void
test_resealed_without_key_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	/* An attacker edits event 2 and rebuilds the rest of the chain, but
	 * without the audit key. */
	ev[2].detail = "field=address";
	for (size_t i = 2; i < N; i++)
		auditchain_seal(&other_keys, &ev[i], ev[i - 1].hash);
	assert_int_equal(auditchain_verify(&keys, ev, N), 2);
}

static void
test_non_increasing_ids_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	/* Correctly hashed and linked, but id 20 follows id 30. */
	ev[3].id = 20;
	auditchain_seal(&keys, &ev[3], ev[2].hash);
	auditchain_seal(&keys, &ev[4], ev[3].hash);
	assert_int_equal(auditchain_verify(&keys, ev, N), 3);
}

static void
test_equal_ids_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[1].id = ev[0].id;
	auditchain_seal(&keys, &ev[1], ev[0].hash);
	for (size_t i = 2; i < N; i++)
		auditchain_seal(&keys, &ev[i], ev[i - 1].hash);
	assert_int_equal(auditchain_verify(&keys, ev, N), 1);
}

static void
test_first_not_genesis_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[0].prev_hash[63] = '1';
	assert_int_equal(auditchain_verify(&keys, ev, N), 0);
}

static void
test_wrong_key_fails_at_first(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_int_equal(auditchain_verify(&other_keys, ev, N), 0);
}

static void
test_uses_audit_key_only(void **state)
{
	struct keyset k = keys;
	struct audit_event ev[N];

	(void)state;
	randombytes_buf(k.field, sizeof(k.field));
	randombytes_buf(k.index, sizeof(k.index));
	randombytes_buf(k.session, sizeof(k.session));
	build(ev, N);
	assert_int_equal(auditchain_verify(&k, ev, N), -1);
}

static void
test_verify_from_continues_chain(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_int_equal(auditchain_verify(&keys, ev, 2), -1);
	assert_int_equal(auditchain_verify_from(&keys, ev[1].hash, ev[1].id, ev + 2, N - 2), -1);
}

static void
test_verify_from_wrong_link_found(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	assert_int_equal(auditchain_verify_from(&keys, ev[0].hash, ev[0].id, ev + 2, N - 2), 0);
}

static void
test_verify_from_tampering_index_is_relative(void **state)
{
	struct audit_event ev[N];

	(void)state;
	build(ev, N);
	ev[3].outcome = "denied";
	assert_int_equal(auditchain_verify_from(&keys, ev[1].hash, ev[1].id, ev + 2, N - 2), 1);
}

static void
test_truncated_tail_not_detectable(void **state)
{
	struct audit_event ev[N];

	(void)state;
	/* A documented limit: dropping the newest events leaves a valid chain;
	 * the caller must compare the last hash with one kept elsewhere. */
	build(ev, N);
	assert_int_equal(auditchain_verify(&keys, ev, N - 2), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact_chain_verifies),
		cmocka_unit_test(test_empty_chain_verifies),
		cmocka_unit_test(test_genesis_is_64_zeros),
		cmocka_unit_test(test_hash_is_64_hex_and_chained),
		cmocka_unit_test(test_hash_is_deterministic),
		cmocka_unit_test(test_modified_detail_found),
		cmocka_unit_test(test_modified_outcome_found),
		cmocka_unit_test(test_null_changed_to_empty_found),
		cmocka_unit_test(test_modified_time_found),
		cmocka_unit_test(test_modified_user_found),
		cmocka_unit_test(test_modified_id_found),
		cmocka_unit_test(test_field_boundaries_unambiguous),
		cmocka_unit_test(test_deleted_event_found),
		cmocka_unit_test(test_deleted_first_event_found),
		cmocka_unit_test(test_swapped_events_found),
		cmocka_unit_test(test_swapped_contents_keeping_ids_found),
		cmocka_unit_test(test_replaced_hash_found),
		cmocka_unit_test(test_resealed_without_key_found),
		cmocka_unit_test(test_non_increasing_ids_found),
		cmocka_unit_test(test_equal_ids_found),
		cmocka_unit_test(test_first_not_genesis_found),
		cmocka_unit_test(test_wrong_key_fails_at_first),
		cmocka_unit_test(test_uses_audit_key_only),
		cmocka_unit_test(test_verify_from_continues_chain),
		cmocka_unit_test(test_verify_from_wrong_link_found),
		cmocka_unit_test(test_verify_from_tampering_index_is_relative),
		cmocka_unit_test(test_truncated_tail_not_detectable),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
