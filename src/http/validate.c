/* Body and query validation against a route's declarations. */
#include "http/validate.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasklight.h"
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
		case FIELD_OBJECT:
			if (!json_is_object(value) || (f->max && json_object_size(value) > f->max)) {
				request_field_error(r, 400, "wrong_type", key, "应为对象");
				return false;
			}
			break;
		case FIELD_ID_ARRAY: {
			size_t i, j;
			json_t *item, *other;
			if (!json_is_array(value) || json_array_size(value) == 0 ||
			    (f->max && json_array_size(value) > f->max)) {
				request_field_error(r, 400, "wrong_type", key, "应为 1 个以上的编号数组");
				return false;
			}
			json_array_foreach(value, i, item) {
				if (!json_is_integer(item) || json_integer_value(item) <= 0) {
					request_field_error(r, 400, "wrong_type", key, "数组元素应为正整数编号");
					return false;
				}
				for (j = 0; j < i; j++) {
					other = json_array_get(value, j);
					if (json_integer_value(other) == json_integer_value(item)) {
						request_field_error(r, 400, "invalid", key, "编号重复");
						return false;
					}
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

/* A canonical positive decimal id (no sign, space or leading zero), as
 * arg_id and path_id of src/api read it. */
static bool
is_canonical_id(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= 18 && s[0] != '0' && strspn(s, "0123456789") == len;
}

/* True when s is a whole decimal number (digits, an optional leading
 * minus) in [min, max]. */
static bool
int_in_range(const char *s, long long min, long long max)
{
	const char *digits = *s == '-' ? s + 1 : s;
	char *end;
	long long n;

	if (*digits == '\0' || strspn(digits, "0123456789") != strlen(digits))
		return false;
	errno = 0;
	n = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && n >= min && n <= max;
}

/* "a、b、c" of a NULL-terminated list, cut to fit. */
static void
join_values(const char *const *values, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (; values && *values; values++) {
		int n = snprintf(out + used, len - used, "%s%s", used ? "、" : "", *values);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

bool
query_arg_check(const struct query_param *params, const char *key, const char *value,
		uint64_t *seen, struct query_problem *problem)
{
	const struct query_param *q = NULL;
	char why[128], list[160];
	size_t i;

	problem->code = "invalid_query";
	problem->why[0] = '\0';
	for (i = 0; params && params[i].name && i < 64; i++)
		if (strcmp(params[i].name, key) == 0) {
			q = &params[i];
			break;
		}
	if (q == NULL) {
		problem->code = "unknown_query";
		snprintf(problem->why, sizeof(problem->why), "请求包含未定义的查询参数");
		return false;
	}
	if (*seen & (UINT64_C(1) << i)) {
		snprintf(problem->why, sizeof(problem->why), "查询参数“%s”重复", q->title);
		return false;
	}
	*seen |= UINT64_C(1) << i;
	if (value == NULL || *value == '\0')
		return true;
	switch (q->type) {
	case QUERY_STRING:
		if (!string_ok(value, (unsigned)q->max, why, sizeof(why))) {
			snprintf(problem->why, sizeof(problem->why), "%s%s", q->title, why);
			return false;
		}
		break;
	case QUERY_INT:
		if (!int_in_range(value, q->min, q->max)) {
			snprintf(problem->why, sizeof(problem->why), "%s应为 %lld 到 %lld 的整数",
				 q->title, q->min, q->max);
			return false;
		}
		break;
	case QUERY_ID:
		if (!is_canonical_id(value)) {
			snprintf(problem->why, sizeof(problem->why), "%s应为正整数", q->title);
			return false;
		}
		break;
	case QUERY_DATE:
		if (strlen(value) != 10 || value[4] != '-' || value[7] != '-' ||
		    strspn(value, "0123456789-") != 10 || calendar_day_end(value, 0) < 0) {
			snprintf(problem->why, sizeof(problem->why), "%s应为 YYYY-MM-DD 格式的日期",
				 q->title);
			return false;
		}
		break;
	case QUERY_ENUM: {
		const char *const *v = q->values;
		while (v && *v && strcmp(*v, value) != 0)
			v++;
		if (v == NULL || *v == NULL) {
			join_values(q->values, list, sizeof(list));
			snprintf(problem->why, sizeof(problem->why), "%s应为以下之一：%s", q->title, list);
			return false;
		}
		break;
	}
	}
	return true;
}

struct query_walk {
	const struct query_param *params;
	uint64_t seen;
	bool ok;
	struct query_problem problem;
	char field[65];         /* the refused parameter's name ("" when too long to echo) */
};

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
	  size_t value_size)
{
	struct query_walk *w = cls;
	(void)kind;
	(void)value_size;

	if (query_arg_check(w->params, key, value, &w->seen, &w->problem))
		return MHD_YES;
	w->ok = false;
	if (key_size < sizeof(w->field))
		snprintf(w->field, sizeof(w->field), "%s", key);
	return MHD_NO;
}

bool
validate_query(struct request *r, const struct query_param *params)
{
	struct query_walk w = { .params = params, .ok = true };

	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &w);
	if (!w.ok) {
		request_field_error(r, 400, w.problem.code, w.field[0] ? w.field : NULL,
				    w.problem.why);
		return false;
	}
	for (const struct query_param *q = params; q && q->name; q++) {
		const char *v = q->required ? request_arg(r, q->name) : "x";
		if (v == NULL || *v == '\0') {
			char why[160];
			snprintf(why, sizeof(why), "缺少查询参数“%s”", q->title);
			request_field_error(r, 400, "invalid_query", q->name, why);
			return false;
		}
	}
	return true;
}
