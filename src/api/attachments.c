/* Attachments of a task's progress (报送佐证材料): upload and download. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "app/tasks.h"
#include "util/text.h"

/* The kinds of file accepted, each recognised by its first bytes; title
 * names the kind in the audit log. */
static const struct {
	const char *type, *ext, *magic;
	size_t magic_len;
	const char *title;
} kinds[] = {
	{ "application/pdf", ".pdf", "%PDF-", 5, "PDF 文件" },
	{ "image/png", ".png", "\x89PNG\r\n\x1a\n", 8, "PNG 图片" },
	{ "image/jpeg", ".jpg", "\xff\xd8\xff", 3, "JPEG 图片" },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
	  "PK\x03\x04", 4, "Word 文档" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "PK\x03\x04",
	  4, "Excel 表格" },
	{ "text/plain", ".txt", NULL, 0, "纯文本" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The index of the kind the declared type names and the bytes confirm, or -1. */
static int
kind_of(const char *type, const char *body, size_t len)
{
	size_t n;

	if (type == NULL)
		return -1;
	n = strcspn(type, "; ");
	for (size_t k = 0; k < NKINDS; k++) {
		if (strlen(kinds[k].type) != n || strncasecmp(type, kinds[k].type, n) != 0)
			continue;
		if (kinds[k].magic == NULL)
			return text_is_utf8(body, len) ? (int)k : -1;
		return len >= kinds[k].magic_len && memcmp(body, kinds[k].magic, kinds[k].magic_len) == 0
			       ? (int)k
			       : -1;
	}
	return -1;
}

void
api_tasks_attach(struct request *r)
{
	const char *name = request_arg(r, "name"), *type = request_header(r, "Content-Type");
	size_t max = (size_t)r->ctx->config.attachment_max_bytes;
	struct wb_err err = { 0 };
	int64_t id, aid;
	int kind;

	if (!path_id(r, 0, &id))
		return;
	if (name == NULL || *name == '\0' || strpbrk(name, "/\\") || text_utf8_length(name) > 100 ||
	    text_has_hidden_chars(name)) {
		request_field_error(r, 400, "invalid", "name",
				    "请提供文件名（不超过 100 个字符，不含路径、控制字符或方向控制符）");
		return;
	}
	if (r->body_len == 0) {
		request_error(r, 400, "missing_body", "文件内容为空");
		return;
	}
	if (r->body_len > max) {
		request_error(r, 413, "file_too_large", "附件过大");
		return;
	}
	kind = kind_of(type, r->body, r->body_len);
	if (kind < 0) {
		request_error(r, 415, "unsupported_file",
			      "仅支持 PDF、PNG、JPEG、Word（docx）、Excel（xlsx）和纯文本，且内容须与类型一致");
		return;
	}
	if (app_task_attach(&r->app, id, name, kinds[kind].type, r->body, r->body_len, &aid,
			    &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "附件编号 %lld，%s，%zu 字节", (long long)aid, kinds[kind].title,
			     r->body_len);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)aid, "task_id",
					(json_int_t)id, "filename", name, "content_type",
					kinds[kind].type, "size", (json_int_t)r->body_len));
}

void
api_tasks_attachment(struct request *r)
{
	struct attachment_row a;
	struct wb_err err = { 0 };
	int64_t id, aid;
	const char *ext = "";
	char name[64];
	void *copy;

	if (!path_id(r, 0, &id) || !path_id(r, 1, &aid))
		return;
	if (app_task_attachment(&r->app, id, aid, &a, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	copy = malloc(a.data_len ? a.data_len : 1);
	if (copy == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	memcpy(copy, a.data, a.data_len);
	for (size_t k = 0; k < NKINDS; k++)
		if (strcmp(kinds[k].type, a.content_type) == 0)
			ext = kinds[k].ext;
	snprintf(name, sizeof(name), "attachment-%lld%s", (long long)aid, ext);
	request_audit_detail(r, "附件编号 %lld", (long long)aid);
	request_reply_raw(r, copy, a.data_len, a.content_type, name);
}
