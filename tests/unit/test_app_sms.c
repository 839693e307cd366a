/* The SMS hook's pure parts: sms_kinds checked against the kinds that may be
 * sent (every one of them a notification kind the API knows, and every
 * notification kind either sendable or one that quotes a user's text), and
 * the JSON document handed to sms_command. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/labels.h"
#include "app/config.h"
#include "app/sms.h"

static void
test_kinds(void **state)
{
	char bad[64];
	(void)state;

	assert_true(sms_kinds_valid("case_urgent", bad, sizeof(bad)));
	assert_true(sms_kinds_valid(" case_urgent , case_measure,check_hit", bad, sizeof(bad)));
	assert_false(sms_kinds_valid("case_urgent,case_feedback", bad, sizeof(bad)));
	assert_string_equal(bad, "case_feedback");   /* its recipient is the reporter */
	assert_true(sms_kinds_valid(SMS_KINDS_SENDABLE, bad, sizeof(bad)));
	assert_false(sms_kinds_valid("case_urgent,nonsense", bad, sizeof(bad)));
	assert_string_equal(bad, "nonsense");
	assert_false(sms_kinds_valid("returned", bad, sizeof(bad)));
	assert_string_equal(bad, "returned");
	assert_false(sms_kinds_valid("", bad, sizeof(bad)));
	assert_false(sms_kinds_valid("case_urgent,,due_soon", bad, sizeof(bad)));
	assert_false(sms_kinds_valid("case_urgen", bad, sizeof(bad)));
	assert_true(sms_kinds_has("case_urgent, due_soon", "due_soon"));
	assert_false(sms_kinds_has("case_urgent", "case_urgent_x"));
	assert_false(sms_kinds_has("", "case_urgent"));
}

/* Every sendable kind is a notification kind of the API's labels; every
 * notification kind is sendable or one whose title quotes a user's text or
 * whose recipient is the reporter. */
static void
test_kinds_match_labels(void **state)
{
	static const char *const refused[] = { "returned", "supervised", "request", "decision",
						"case_feedback" };
	json_t *labels = labels_json(), *kinds = json_object_get(labels, "notification_kind");
	const char *list = SMS_KINDS_SENDABLE, *key;
	char one[64];
	json_t *v;
	(void)state;

	assert_non_null(kinds);
	while (*list) {
		size_t n = strcspn(list, ",");
		snprintf(one, sizeof(one), "%.*s", (int)n, list);
		if (json_object_get(kinds, one) == NULL)
			fail_msg("sendable kind %s is no notification kind", one);
		list += n + (list[n] == ',');
	}
	json_object_foreach(kinds, key, v) {
		bool quoted = false;
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			quoted |= strcmp(key, refused[i]) == 0;
		if (quoted == sms_kinds_has(SMS_KINDS_SENDABLE, key))
			fail_msg("notification kind %s: decide whether an SMS may carry it", key);
	}
	json_decref(labels);
}

static void
test_document(void **state)
{
	const struct sms_message m[] = {
		{ .id = 41, .created_at = 1796371200, .kind = "case_urgent", .login = "wuzhen1",
		  .name = "李丽", .unit = NULL, .title = "紧急报告：BG2026120500002（强制报告）请立即受理",
		  .link = "/cases/7" },
		{ .id = 42, .created_at = 1796371201, .kind = "case_urgent", .login = "police1",
		  .name = "王\"警官\"", .unit = "市公安局", .title = "t", .link = "/cases/7" },
	};
	char *doc = sms_document(m, 2);
	json_error_t jerr;
	json_t *d, *list, *first;
	(void)state;

	assert_non_null(doc);
	assert_non_null(strchr(doc, '\n'));
	assert_int_equal(strchr(doc, '\n') - doc, (long)strlen(doc) - 1);   /* one line */
	d = json_loads(doc, 0, &jerr);
	assert_non_null(d);
	assert_int_equal(json_object_size(d), 1);
	list = json_object_get(d, "messages");
	assert_int_equal(json_array_size(list), 2);
	first = json_array_get(list, 0);
	assert_int_equal(json_object_size(first), 8);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 41);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "case_urgent");
	assert_string_equal(json_string_value(json_object_get(first, "login")), "wuzhen1");
	assert_string_equal(json_string_value(json_object_get(first, "name")), "李丽");
	assert_string_equal(json_string_value(json_object_get(first, "unit")), "");
	assert_string_equal(json_string_value(json_object_get(first, "title")),
			    "紧急报告：BG2026120500002（强制报告）请立即受理");
	assert_string_equal(json_string_value(json_object_get(first, "link")), "/cases/7");
	assert_int_equal(json_integer_value(json_object_get(first, "created_at")), 1796371200);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "name")),
			    "王\"警官\"");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "unit")),
			    "市公安局");
	json_decref(d);
	free(doc);
	doc = sms_document(NULL, 0);
	assert_string_equal(doc, "{\"messages\":[]}\n");
	free(doc);
}

static void
test_defaults(void **state)
{
	struct wb_config c;
	(void)state;

	config_defaults(&c);
	assert_string_equal(c.sms_command, "");
	assert_int_equal(c.sms_interval_s, 30);
	assert_string_equal(c.sms_kinds, "case_urgent");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_kinds_match_labels),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
