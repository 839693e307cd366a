/* GET /api/v1/openapi.json describes the route table exactly: every route,
 * its permission and scope rule, every body field and query parameter with
 * its type and limits.  A route and its description that disagree fail here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/labels.h"
#include "core/tasklight.h"
#include "http/route.h"
#include "http/validate.h"

static json_t *doc;

static int
setup(void **state)
{
	(void)state;
	doc = api_openapi_document();
	return doc ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(doc);
	return 0;
}

/* The operation of route r in the document, or NULL. */
static json_t *
operation_of(const struct route *r)
{
	char method[16];
	size_t i;

	for (i = 0; r->method[i] && i + 1 < sizeof(method); i++)
		method[i] = (char)(r->method[i] | 0x20);
	method[i] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"), r->pattern), method);
}

/* The parameter named name that is `in` (path or query), or NULL. */
static json_t *
parameter_of(json_t *op, const char *in, const char *name)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(op, "parameters"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "in")), in) == 0 &&
		    strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return p;
	return NULL;
}

static size_t
count_parameters(json_t *op, const char *in)
{
	json_t *p;
	size_t i, n = 0;

	json_array_foreach(json_object_get(op, "parameters"), i, p)
		n += strcmp(json_string_value(json_object_get(p, "in")), in) == 0;
	return n;
}

static const char *
str_at(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "(missing)";
}

static void
test_document_is_openapi_3(void **state)
{
	(void)state;
	assert_non_null(doc);
	assert_int_equal(strncmp(str_at(doc, "openapi"), "3.0.", 4), 0);
	assert_string_equal(str_at(json_object_get(doc, "info"), "version"), WEIBAO_VERSION);
	assert_non_null(json_object_get(json_object_get(json_object_get(doc, "components"),
							 "schemas"), "Error"));
}

/* Every route is there with its title, permission and scope rule, and
 * nothing else is. */
static void
test_every_route_is_described(void **state)
{
	size_t n, ops = 0;
	const struct route *r = api_routes(&n);
	const char *path;
	json_t *item, *op;
	(void)state;

	for (size_t i = 0; i < n; i++) {
		const struct permission_info *p = permission_info(r[i].perm);
		const char *want = (r[i].flags & ROUTE_PUBLIC) ? "public"
				   : r[i].perm == PERM_SIGNED_IN ? "signed_in" : p->code;
		op = operation_of(&r[i]);
		if (op == NULL)
			fail_msg("%s %s is not in the document", r[i].method, r[i].pattern);
		assert_string_equal(str_at(op, "summary"), label_audit_action(r[i].action));
		assert_string_equal(str_at(op, "x-weibao-permission"), want);
		if (r[i].also) {
			json_t *also = json_object_get(op, "x-weibao-permission-also");

			assert_true(json_is_array(also) && json_array_size(also) > 0);
		} else {
			assert_null(json_object_get(op, "x-weibao-permission-also"));
		}
		assert_string_equal(str_at(op, "x-weibao-scope"), scope_rule_code(r[i].scope));
		assert_string_equal(str_at(op, "x-weibao-action"), r[i].action);
		assert_non_null(json_object_get(json_object_get(op, "responses"), "4XX"));
		if (r[i].flags & ROUTE_PUBLIC)
			assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
	}
	json_object_foreach(json_object_get(doc, "paths"), path, item)
		ops += json_object_size(item);
	assert_int_equal(ops, n);
}

/* The JSON type name of a body field's type. */
static const char *
field_type_name(enum field_type t)
{
	switch (t) {
	case FIELD_STRING: return "string";
	case FIELD_INT: return "integer";
	case FIELD_BOOL: return "boolean";
	case FIELD_OBJECT: return "object";
	case FIELD_STRING_ARRAY:
	case FIELD_OBJECT_ARRAY:
	case FIELD_ID_ARRAY: return "array";
	}
	return "?";
}

/* Every declared body field is there with its type, limit and whether it is
 * required; no other field is; routes without a body have none. */
static void
test_every_body_field_is_described(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		json_t *body = json_object_get(operation_of(&r[i]), "requestBody");
		json_t *schema, *props, *required;
		size_t declared = 0;

		if (r[i].fields == NULL) {
			if (!(r[i].flags & ROUTE_RAW_BODY) && body)
				fail_msg("%s %s has no body but is described with one", r[i].method,
					 r[i].pattern);
			continue;
		}
		schema = json_object_get(json_object_get(json_object_get(body, "content"),
							 "application/json"), "schema");
		assert_non_null(schema);
		assert_true(json_is_false(json_object_get(schema, "additionalProperties")));
		props = json_object_get(schema, "properties");
		required = json_object_get(schema, "required");
		for (const struct field *f = r[i].fields; f->name; f++, declared++) {
			json_t *s = json_object_get(props, f->name);
			bool listed = false;
			json_t *v;
			size_t k;
			if (s == NULL)
				fail_msg("%s %s: field %s is not described", r[i].method, r[i].pattern,
					 f->name);
			assert_string_equal(str_at(s, "type"), field_type_name(f->type));
			if (f->max && f->type == FIELD_STRING)
				assert_int_equal(json_integer_value(json_object_get(s, "maxLength")), f->max);
			if (f->max && f->type == FIELD_INT)
				assert_int_equal(json_integer_value(json_object_get(s, "maximum")), f->max);
			if (f->max && (f->type == FIELD_STRING_ARRAY || f->type == FIELD_OBJECT_ARRAY ||
				       f->type == FIELD_ID_ARRAY))
				assert_int_equal(json_integer_value(json_object_get(s, "maxItems")), f->max);
			json_array_foreach(required, k, v)
				listed |= strcmp(json_string_value(v), f->name) == 0;
			if (listed != f->required)
				fail_msg("%s %s: field %s required %d, described %d", r[i].method,
					 r[i].pattern, f->name, f->required, listed);
		}
		assert_int_equal(json_object_size(props), declared);
	}
}

/* Every declared query parameter is there with its type and limits, every
 * path capture is a required path parameter, and nothing else is. */
static void
test_every_query_parameter_is_described(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		json_t *op = operation_of(&r[i]);
		size_t declared = 0, captures = 0;

		for (const struct query_param *q = r[i].query; q && q->name; q++, declared++) {
			json_t *p = parameter_of(op, "query", q->name), *s, *v;
			size_t k = 0;
			if (p == NULL)
				fail_msg("%s %s: query parameter %s is not described", r[i].method,
					 r[i].pattern, q->name);
			s = json_object_get(p, "schema");
			assert_int_equal(json_is_true(json_object_get(p, "required")), q->required);
			assert_string_equal(str_at(p, "description"), q->title);
			switch (q->type) {
			case QUERY_STRING:
				assert_string_equal(str_at(s, "type"), "string");
				assert_int_equal(json_integer_value(json_object_get(s, "maxLength")), q->max);
				break;
			case QUERY_INT:
				assert_string_equal(str_at(s, "type"), "integer");
				assert_int_equal(json_integer_value(json_object_get(s, "minimum")), q->min);
				assert_int_equal(json_integer_value(json_object_get(s, "maximum")), q->max);
				break;
			case QUERY_ID:
				assert_string_equal(str_at(s, "type"), "integer");
				assert_int_equal(json_integer_value(json_object_get(s, "minimum")), 1);
				break;
			case QUERY_ENUM:
				assert_string_equal(str_at(s, "type"), "string");
				json_array_foreach(json_object_get(s, "enum"), k, v)
					assert_string_equal(json_string_value(v), q->values[k]);
				assert_null(q->values[k]);
				break;
			case QUERY_DATE:
				assert_string_equal(str_at(s, "type"), "string");
				assert_string_equal(str_at(s, "format"), "date");
				break;
			}
		}
		assert_int_equal(count_parameters(op, "query"), declared);
		for (const char *c = strchr(r[i].pattern, '{'); c; c = strchr(c + 1, '{')) {
			char name[64];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(c + 1, "}"), c + 1);
			json_t *p = parameter_of(op, "path", name);
			assert_non_null(p);
			assert_true(json_is_true(json_object_get(p, "required")));
			captures++;
		}
		assert_int_equal(count_parameters(op, "path"), captures);
	}
}

/* The declarations themselves: named once, titled, within what the
 * validator can track, with sensible limits. */
static void
test_query_declarations_are_well_formed(void **state)
{
	size_t n;
	const struct route *r = api_routes(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		size_t count = 0;
		for (const struct query_param *q = r[i].query; q && q->name; q++, count++) {
			assert_non_null(q->title);
			for (const struct query_param *o = q + 1; o->name; o++)
				if (strcmp(o->name, q->name) == 0)
					fail_msg("%s %s declares %s twice", r[i].method, r[i].pattern,
						 q->name);
			if (q->type == QUERY_STRING)
				assert_true(q->max > 0 && q->max <= 256);
			if (q->type == QUERY_INT)
				assert_true(q->min <= q->max);
			if (q->type == QUERY_ENUM)
				assert_true(q->values && q->values[0]);
		}
		assert_true(count <= 64);
	}
}

static const struct query_param *
query_of(const char *method, const char *pattern, const char *name)
{
	size_t n;
	const struct route *r = api_routes(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].method, method) == 0 && strcmp(r[i].pattern, pattern) == 0)
			for (const struct query_param *q = r[i].query; q && q->name; q++)
				if (strcmp(q->name, name) == 0)
					return q;
	fail_msg("%s %s declares no %s", method, pattern, name);
	return NULL;
}

/* Declared values that the code defines elsewhere agree with it: the task
 * statuses and lights of src/core, the page size of src/api/common.h. */
static void
test_declared_values_match_the_code(void **state)
{
	const struct query_param *status = query_of("GET", "/api/v1/tasks", "status");
	const struct query_param *light = query_of("GET", "/api/v1/tasks", "light");
	size_t k;
	(void)state;

	for (k = 0; status->values[k]; k++)
		assert_int_not_equal(task_status_parse(status->values[k]), TASK_STATUS__MAX);
	assert_int_equal(k, TASK_STATUS__MAX);
	for (k = 0; light->values[k]; k++)
		assert_string_equal(light->values[k], task_light_name((enum task_light)k));
	assert_int_equal(k, LIGHT_RED + 1);
	assert_int_equal(query_of("GET", "/api/v1/users", "per_page")->max, PAGE_MAX);
	assert_int_equal(query_of("GET", "/api/v1/tasks", "per_page")->max, PAGE_MAX);
}

/* True when some route declares a query parameter called name. */
static bool
declared_anywhere(const char *name)
{
	size_t n;
	const struct route *r = api_routes(&n);

	for (size_t i = 0; i < n; i++)
		for (const struct query_param *q = r[i].query; q && q->name; q++)
			if (strcmp(q->name, name) == 0)
				return true;
	return false;
}

/* Every query argument a handler of src/api reads is declared on some route
 * (one it reads but nobody declares would always be refused). */
static void
test_arguments_handlers_read_are_declared(void **state)
{
	static const char *const readers[] = { "arg_or_empty(r, \"", "request_arg(r, \"",
					       "arg_id(r, \"" };
	static const char *const paging[] = { "page", "per_page", "sort", "order" };
	char path[4096], line[4096];
	DIR *d = opendir(WEIBAO_SOURCE_DIR "/src/api");
	struct dirent *e;
	int found = 0;
	(void)state;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		FILE *f;
		if (strstr(e->d_name, ".c") == NULL || strcmp(e->d_name, "common.c") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/src/api/%s", WEIBAO_SOURCE_DIR, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		for (int no = 1; fgets(line, sizeof(line), f); no++) {
			for (size_t k = 0; k < sizeof(readers) / sizeof(readers[0]); k++) {
				for (const char *p = strstr(line, readers[k]); p;
				     p = strstr(p + 1, readers[k])) {
					char name[64];
					const char *s = p + strlen(readers[k]);
					snprintf(name, sizeof(name), "%.*s", (int)strcspn(s, "\""), s);
					found++;
					if (!declared_anywhere(name))
						fail_msg("%s:%d reads query argument %s, which no route "
							 "declares", path, no, name);
				}
			}
			for (size_t k = 0; strstr(line, "paging_read(r") && k < 4; k++)
				assert_true(declared_anywhere(paging[k]));
		}
		fclose(f);
	}
	closedir(d);
	assert_true(found > 5);
}

static const struct query_param params[] = {
	{ "page", QUERY_INT, false, 1, 100, NULL, "页码" },
	{ "plan_id", QUERY_ID, false, 0, 0, NULL, "工作要点编号" },
	{ "order", QUERY_ENUM, false, 0, 0, (const char *const[]){ "asc", "desc", NULL }, "排序方向" },
	{ "q", QUERY_STRING, false, 0, 4, NULL, "搜索" },
	{ "as_of", QUERY_DATE, false, 0, 0, NULL, "截止日期" },
	{ NULL, 0, false, 0, 0, NULL, NULL },
};

/* One argument through the validator: NULL when accepted, else the code. */
static const char *
check(const char *key, const char *value)
{
	static struct query_problem problem;
	uint64_t seen = 0;

	return query_arg_check(params, key, value, &seen, &problem) ? NULL : problem.code;
}

static void
test_query_arguments_are_checked_against_their_declaration(void **state)
{
	struct query_problem problem;
	uint64_t seen = 0;
	(void)state;

	assert_null(check("page", "3"));
	assert_null(check("page", ""));
	assert_null(check("page", NULL));
	assert_string_equal(check("page", "0"), "invalid_query");
	assert_string_equal(check("page", "101"), "invalid_query");
	assert_string_equal(check("page", "+3"), "invalid_query");
	assert_string_equal(check("page", " 3"), "invalid_query");
	assert_string_equal(check("page", "99999999999999999999"), "invalid_query");
	assert_null(check("plan_id", "12"));
	assert_string_equal(check("plan_id", "012"), "invalid_query");
	assert_string_equal(check("plan_id", "-1"), "invalid_query");
	assert_null(check("order", "desc"));
	assert_string_equal(check("order", "DESC"), "invalid_query");
	assert_null(check("q", "未保工作"));
	assert_string_equal(check("q", "未保工作站"), "invalid_query");
	assert_null(check("as_of", "2024-02-29"));
	assert_string_equal(check("as_of", "2023-02-29"), "invalid_query");
	assert_string_equal(check("as_of", "2023-6-30"), "invalid_query");
	assert_string_equal(check("as_of", "2023/06/30"), "invalid_query");
	assert_string_equal(check("as_of", "2023-13-01"), "invalid_query");
	assert_string_equal(check("password", "x"), "unknown_query");
	assert_string_equal(check("Page", "1"), "unknown_query");
	/* a parameter given twice is refused the second time */
	assert_true(query_arg_check(params, "page", "1", &seen, &problem));
	assert_false(query_arg_check(params, "page", "2", &seen, &problem));
	assert_string_equal(problem.code, "invalid_query");
	/* a route that declares nothing accepts nothing */
	seen = 0;
	assert_false(query_arg_check(NULL, "page", "1", &seen, &problem));
	assert_string_equal(problem.code, "unknown_query");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_is_openapi_3),
		cmocka_unit_test(test_every_route_is_described),
		cmocka_unit_test(test_every_body_field_is_described),
		cmocka_unit_test(test_every_query_parameter_is_described),
		cmocka_unit_test(test_query_declarations_are_well_formed),
		cmocka_unit_test(test_declared_values_match_the_code),
		cmocka_unit_test(test_arguments_handlers_read_are_declared),
		cmocka_unit_test(test_query_arguments_are_checked_against_their_declaration),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
