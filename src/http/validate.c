/* Body validation against a route's declared fields. */
#include "http/validate.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

static const struct field *
find_field(const struct field *fields, const char *name)
{
	for (; fields->name; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

/* Checks one string: valid text without control characters other than
 * newlines and tabs, at most max characters. */
static bool
string_ok(const char *s, unsigned max, char *why, size_t whylen)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') || *p == 0x7f) {
			snprintf(why, whylen, "不能包含控制字符");
			return false;
		}
	if (max && text_utf8_length(s) > max) {
		snprintf(why, whylen, "不能超过 %u 个字符", max);
		return false;
	}
	return true;
}

bool
validate_body(struct request *r, const struct field *fields)
{
	json_error_t jerr;
	const char *key;
	json_t *value;
	char why[128];

	if (r->body_len == 0) {
		request_error(r, 400, "missing_body", "请求缺少内容");
		return false;
	}
	/* jansson refuses invalid UTF-8 and, without JSON_ALLOW_NUL, "\u0000" */
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->json == NULL) {
		request_error(r, 400, "invalid_json", "请求内容不是有效的 JSON（UTF-8）");
		return false;
	}
	if (!json_is_object(r->json)) {
		request_error(r, 400, "invalid_json", "请求内容必须是 JSON 对象");
		return false;
	}
	json_object_foreach(r->json, key, value) {
		const struct field *f = find_field(fields, key);
		if (f == NULL) {
			request_field_error(r, 400, "unknown_field", key, "请求包含未定义的字段");
			return false;
		}
		if (json_is_null(value) && !f->required)
			continue;
		switch (f->type) {
		case FIELD_STRING:
			if (!json_is_string(value)) {
				request_field_error(r, 400, "wrong_type", key, "应为文本");
				return false;
			}
			if (!string_ok(json_string_value(value), f->max, why, sizeof(why))) {
				request_field_error(r, 400, "invalid", key, why);
				return false;
			}
			break;
		case FIELD_INT:
			if (!json_is_integer(value) || json_integer_value(value) < 0 ||
			    (f->max && json_integer_value(value) > (json_int_t)f->max)) {
				request_field_error(r, 400, "wrong_type", key, "应为非负整数");
				return false;
			}
			break;
		case FIELD_BOOL:
			if (!json_is_boolean(value)) {
				request_field_error(r, 400, "wrong_type", key, "应为 true 或 false");
				return false;
			}
			break;
		case FIELD_OBJECT_ARRAY: {
			size_t i;
			json_t *item;
			if (!json_is_array(value) || (f->max && json_array_size(value) > f->max)) {
				request_field_error(r, 400, "wrong_type", key, "应为对象数组");
				return false;
			}
			json_array_foreach(value, i, item) {
				if (!json_is_object(item)) {
					request_field_error(r, 400, "wrong_type", key, "应为对象数组");
					return false;
				}
			}
			break;
		}
		case FIELD_STRING_ARRAY: {
			size_t i;
			json_t *item;
			if (!json_is_array(value) || (f->max && json_array_size(value) > f->max)) {
				request_field_error(r, 400, "wrong_type", key, "应为文本数组");
				return false;
			}
			json_array_foreach(value, i, item) {
				if (!json_is_string(item) ||
				    !string_ok(json_string_value(item), 64, why, sizeof(why))) {
					request_field_error(r, 400, "wrong_type", key, "数组元素应为不超过 64 个字符的文本");
					return false;
				}
			}
			break;
		}
		}
	}
	for (const struct field *f = fields; f->name; f++)
		if (f->required && json_object_get(r->json, f->name) == NULL) {
			request_field_error(r, 400, "missing_field", f->name, "缺少必填字段");
			return false;
		}
	return true;
}
