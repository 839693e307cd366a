/*
 * libFuzzer target of the request-body validation (validate_body in
 * src/http/validate.c): the input is a request body, checked against the
 * declared fields of every route of the API's table (api_routes(), each
 * distinct field list once), as the choke point does before a handler runs.
 * Checked:
 *  - a body validate_body accepts is a JSON object whose every key is
 *    declared, whose every value has its declared type and size (strings
 *    without control characters other than tab and line ends, at most max
 *    characters; integers in [0, max]; arrays of at most max items of the
 *    right kind) or is null for an optional field, and which has every
 *    required field;
 *  - a refused body leaves a 400 reply {"error":{"code","message"}} whose
 *    strings are valid UTF-8.
 * A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/route.h"
#include "http/validate.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TABLES 128

static const struct field *tables[MAX_TABLES];
static size_t ntables;

static void
collect_tables(void)
{
	size_t n;
	const struct route *t = api_routes(&n);

	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		if (t[i].fields == NULL || (t[i].flags & ROUTE_RAW_BODY))
			continue;
		for (size_t k = 0; k < ntables; k++)
			seen |= tables[k] == t[i].fields;
		if (!seen && ntables < MAX_TABLES)
			tables[ntables++] = t[i].fields;
	}
	if (ntables == 0)
		abort();
}

static bool
text_ok(const char *s, unsigned max)
{
	size_t chars = 0;

	if (!text_is_utf8(s, strlen(s)))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
			return false;
		chars += (*p & 0xC0) != 0x80;
	}
	return max == 0 || chars <= max;
}

/* True when value is acceptable for field f (the reference of the rules). */
static bool
value_ok(const struct field *f, json_t *value)
{
	size_t i;
	json_t *item;

	if (json_is_null(value) && !f->required)
		return true;
	switch (f->type) {
	case FIELD_STRING:
		return json_is_string(value) && text_ok(json_string_value(value), f->max);
	case FIELD_INT:
		return json_is_integer(value) && json_integer_value(value) >= 0 &&
		       (f->max == 0 || json_integer_value(value) <= (json_int_t)f->max);
	case FIELD_BOOL:
		return json_is_boolean(value);
	case FIELD_OBJECT:
		return json_is_object(value) && (f->max == 0 || json_object_size(value) <= f->max);
	case FIELD_OBJECT_ARRAY:
		if (!json_is_array(value) || (f->max && json_array_size(value) > f->max))
			return false;
		json_array_foreach(value, i, item)
			if (!json_is_object(item))
				return false;
		return true;
	case FIELD_ID_ARRAY:
		if (!json_is_array(value) || json_array_size(value) == 0 ||
		    (f->max && json_array_size(value) > f->max))
			return false;
		json_array_foreach(value, i, item) {
			if (!json_is_integer(item) || json_integer_value(item) <= 0)
				return false;
			for (size_t j = 0; j < i; j++)
				if (json_integer_value(json_array_get(value, j)) ==
				    json_integer_value(item))
					return false;
		}
		return true;
	case FIELD_STRING_ARRAY:
		if (!json_is_array(value) || (f->max && json_array_size(value) > f->max))
			return false;
		json_array_foreach(value, i, item)
			if (!json_is_string(item) || !text_ok(json_string_value(item), 64))
				return false;
		return true;
	}
	return false;
}

static void
check_accepted(const struct request *r, const struct field *fields)
{
	const char *key;
	json_t *value;

	if (!json_is_object(r->json) || r->reply != NULL)
		abort();
	json_object_foreach(r->json, key, value) {
		const struct field *f = fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (f->name == NULL || !value_ok(f, value))
			abort();
	}
	for (const struct field *f = fields; f->name; f++)
		if (f->required && json_object_get(r->json, f->name) == NULL)
			abort();
}

static void
check_refused(const struct request *r)
{
	json_t *e = json_object_get(r->reply, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	const char *field = json_string_value(json_object_get(e, "field"));

	if (r->status != 400 || code == NULL || msg == NULL || msg[0] == '\0' ||
	    !text_is_utf8(msg, strlen(msg)) || (field && !text_is_utf8(field, strlen(field))))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body;

	if (ntables == 0)
		collect_tables();
	body = malloc(size + 1);
	if (body == NULL)
		abort();
	memcpy(body, data, size);
	body[size] = '\0';
	for (size_t i = 0; i < ntables; i++) {
		struct request r;

		memset(&r, 0, sizeof(r));
		r.method = "POST";
		r.path = "/fuzz";
		r.body = body;
		r.body_len = size;
		if (validate_body(&r, tables[i]))
			check_accepted(&r, tables[i]);
		else
			check_refused(&r);
		json_decref(r.json);
		json_decref(r.reply);
	}
	free(body);
	return 0;
}
