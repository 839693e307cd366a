/*
 * GET /api/v1/openapi.json: an OpenAPI 3.0 description of the route table,
 * generated from it when asked, so that it cannot disagree with what the
 * choke point enforces: every route with its permission and scope rule, its
 * body fields and its query parameters.  tests/unit/test_api_openapi.c checks
 * it route by route; the shapes of answers are described in doc/api.md.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/labels.h"
#include "http/route.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The permission of a route as the document names it: "public" (no session),
 * "signed_in" (any signed-in user) or the permission's code. */
static const char *
permission_name(const struct route *r)
{
	const struct permission_info *p;

	if (r->flags & ROUTE_PUBLIC)
		return "public";
	p = r->perm == PERM_SIGNED_IN ? NULL : permission_info(r->perm);
	return p ? p->code : "signed_in";
}

/* The schema of one body field; optional fields may also be null. */
static json_t *
field_schema(const struct field *f)
{
	json_t *s = json_object();

	switch (f->type) {
	case FIELD_STRING:
		json_object_set_new(s, "type", json_string("string"));
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case FIELD_INT:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(0));
		if (f->max)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case FIELD_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case FIELD_STRING_ARRAY:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", json_pack("{s:s, s:i}", "type", "string",
							  "maxLength", 64));
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	case FIELD_ID_ARRAY:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", json_pack("{s:s, s:i}", "type", "integer",
							  "minimum", 1));
		json_object_set_new(s, "minItems", json_integer(1));
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	case FIELD_OBJECT:
		json_object_set_new(s, "type", json_string("object"));
		if (f->max)
			json_object_set_new(s, "maxProperties", json_integer(f->max));
		break;
	case FIELD_OBJECT_ARRAY:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", json_pack("{s:s}", "type", "object"));
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	}
	if (!f->required)
		json_object_set_new(s, "nullable", json_true());
	return s;
}

/* The JSON body's schema: an object of exactly the declared fields. */
static json_t *
body_schema(const struct field *fields)
{
	json_t *props = json_object(), *required = json_array();
	json_t *s = json_pack("{s:s, s:b}", "type", "object", "additionalProperties", 0);

	for (const struct field *f = fields; f->name; f++) {
		json_object_set_new(props, f->name, field_schema(f));
		if (f->required)
			json_array_append_new(required, json_string(f->name));
	}
	json_object_set_new(s, "properties", props);
	if (json_array_size(required))
		json_object_set_new(s, "required", required);
	else
		json_decref(required);
	return s;
}

static json_t *
query_schema(const struct query_param *q)
{
	json_t *values;

	switch (q->type) {
	case QUERY_STRING:
		return json_pack("{s:s, s:I}", "type", "string", "maxLength", (json_int_t)q->max);
	case QUERY_INT:
		return json_pack("{s:s, s:s, s:I, s:I}", "type", "integer", "format", "int64",
				 "minimum", (json_int_t)q->min, "maximum", (json_int_t)q->max);
	case QUERY_ID:
		return json_pack("{s:s, s:s, s:i}", "type", "integer", "format", "int64",
				 "minimum", 1);
	case QUERY_DATE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case QUERY_ENUM:
		values = json_array();
		for (const char *const *v = q->values; v && *v; v++)
			json_array_append_new(values, json_string(*v));
		return json_pack("{s:s, s:o}", "type", "string", "enum", values);
	}
	return json_object();
}

/* The path's captures ("{id}": a canonical positive number; others text)
 * and the declared query parameters. */
static json_t *
parameters(const struct route *r)
{
	json_t *list = json_array();
	const char *p = r->pattern;

	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		char name[64];
		if (end == NULL || (size_t)(end - p) >= sizeof(name))
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in",
						      "path", "required", 1, "schema",
						      strcmp(name, "id") == 0 || strcmp(name, "aid") == 0
							      ? json_pack("{s:s, s:i}", "type", "integer",
									  "minimum", 1)
							      : json_pack("{s:s}", "type", "string")));
		p = end;
	}
	for (const struct query_param *q = r->query; q && q->name; q++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", q->name,
						      "in", "query", "description", q->title,
						      "required", q->required, "schema",
						      query_schema(q)));
	return list;
}

/* What a successful answer carries: a file for exports and downloads, JSON
 * otherwise (its shape is in doc/api.md). */
static json_t *
success_response(const struct route *r)
{
	const char *type = "application/json";
	json_t *schema = json_pack("{s:s}", "type", "object");

	if (strstr(r->pattern, "export.xlsx")) {
		type = XLSX_TYPE;
		json_object_set_new(schema, "type", json_string("string"));
		json_object_set_new(schema, "format", json_string("binary"));
	} else if (r->flags & ROUTE_AUDIT) {
		type = "application/octet-stream";
		json_object_set_new(schema, "type", json_string("string"));
		json_object_set_new(schema, "format", json_string("binary"));
	}
	return json_pack("{s:s, s:{s:{s:o}}}", "description", "成功（应答的内容见 doc/api.md）",
			 "content", type, "schema", schema);
}

static json_t *
operation(const struct route *r)
{
	const char *summary = label_audit_action(r->action);
	bool write = strcmp(r->method, "GET") != 0;
	json_t *error = json_pack("{s:s}", "$ref", "#/components/responses/Error");
	json_t *op = json_pack("{s:s, s:[s], s:s, s:s, s:s, s:b, s:o}", "summary",
			       summary ? summary : r->action, "tags", r->object_type,
			       "x-weibao-permission", permission_name(r), "x-weibao-scope",
			       scope_rule_code(r->scope), "x-weibao-action", r->action,
			       "x-weibao-audited", write || (r->flags & ROUTE_AUDIT) != 0,
			       "parameters", parameters(r));

	if (r->also)
		json_object_set_new(op, "x-weibao-permission-also", route_also_codes(r));
	if (r->fields)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
					      "application/json", "schema", body_schema(r->fields)));
	else if (r->flags & ROUTE_RAW_BODY)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:s, s:b, s:{s:{s:{s:s, s:s}}}}", "description",
					      "文件内容；Content-Type 为文件的类型", "required", 1,
					      "content", "application/octet-stream", "schema",
					      "type", "string", "format", "binary"));
	json_object_set_new(op, "responses",
			    json_pack("{s:o, s:O, s:o}", "2XX", success_response(r), "4XX", error,
				      "5XX", error));
	if (r->flags & ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	else if (write && !(r->flags & ROUTE_NO_CSRF))
		json_object_set_new(op, "security",
				    json_pack("[{s:[], s:[]}]", "session", "csrf"));
	return op;
}

/* Lower-case method name as OpenAPI keys operations ("get", "post", …). */
static void
method_key(const char *method, char *out, size_t len)
{
	size_t i;

	for (i = 0; method[i] && i + 1 < len; i++)
		out[i] = (char)(method[i] >= 'A' && method[i] <= 'Z' ? method[i] + 32 : method[i]);
	out[i] = '\0';
}

json_t *
api_openapi_document(void)
{
	size_t n;
	const struct route *t = api_routes(&n);
	json_t *labels = labels_json();
	json_t *titles = json_object_get(labels, "object_type");
	json_t *paths = json_object(), *tags = json_array(), *seen = json_object();
	json_t *doc;
	char method[16];

	for (size_t i = 0; i < n; i++) {
		json_t *item = json_object_get(paths, t[i].pattern);
		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, t[i].pattern, item);
		}
		method_key(t[i].method, method, sizeof(method));
		json_object_set_new(item, method, operation(&t[i]));
		if (json_object_get(seen, t[i].object_type) == NULL) {
			json_t *title = json_object_get(titles, t[i].object_type);
			json_object_set_new(seen, t[i].object_type, json_true());
			json_array_append_new(tags, json_pack("{s:s, s:s?}", "name", t[i].object_type,
							      "description", json_string_value(title)));
		}
	}
	doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:o, s:[{s:[]}], s:o, s:{s:{s:{s:s, s:s, s:s, s:s}, "
		"s:{s:s, s:s, s:s, s:s}}, s:{s:o}, s:{s:{s:s, s:{s:{s:{s:s}}}}}}}",
		"openapi", "3.0.3",
		"info", "title", "weibao API", "version", WEIBAO_VERSION, "description",
		"未保平台的 HTTP API，由路由表生成。每个错误都是 {\"error\":{\"code\",\"message\","
		"\"field\"?}}；GET 路径也接受 HEAD。x-weibao-permission：public（无需登录）、"
		"signed_in（任何已登录用户）或权限代码；x-weibao-permission-also：持有其中任一权限者"
		"也可访问；x-weibao-scope：数据范围规则（none、"
		"division、unit）。应答的内容见 doc/api.md。",
		"tags", tags, "security", "session", "paths", paths, "components",
		"securitySchemes", "session", "type", "apiKey", "in", "cookie", "name", "wb_session",
		"description", "POST /api/v1/session 设置的会话 Cookie", "csrf", "type", "apiKey",
		"in", "header", "name", "X-CSRF-Token", "description",
		"会话的 csrf_token；除 GET/HEAD 外的请求都要带", "schemas", "Error",
		json_pack("{s:s, s:[s], s:{s:{s:s, s:[s, s], s:{s:{s:s}, s:{s:s, s:s}, s:{s:s, "
			  "s:s}}}}}",
			  "type", "object", "required", "error", "properties", "error", "type",
			  "object", "required", "code", "message", "properties", "code", "type",
			  "string", "message", "type", "string", "description", "中文，给用户看",
			  "field", "type", "string", "description", "出错的字段或查询参数"),
		"responses", "Error", "description", "错误", "content", "application/json",
		"schema", "$ref", "#/components/schemas/Error");
	json_decref(seen);
	json_decref(labels);
	return doc;
}

void
api_openapi(struct request *r)
{
	request_reply(r, 200, api_openapi_document());
}
