/* Attachments of a task's progress (报送佐证材料): upload and download. */
#include "api/api.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "app/clock.h"
#include "store/org.h"
#include "store/plans.h"
#include "util/text.h"

/* The kinds of file accepted, each recognised by its first bytes. */
static const struct {
	const char *type, *ext, *magic;
	size_t magic_len;
} kinds[] = {
	{ "application/pdf", ".pdf", "%PDF-", 5 },
	{ "image/png", ".png", "\x89PNG\r\n\x1a\n", 8 },
	{ "image/jpeg", ".jpg", "\xff\xd8\xff", 3 },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
	  "PK\x03\x04", 4 },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "PK\x03\x04",
	  4 },
	{ "text/plain", ".txt", NULL, 0 },
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

/* True when the upload fits the task's and the unit's attachment quotas;
 * false with 413 set (or the store's failure).  Runs in the write
 * transaction, so on SQLite two uploads cannot both take the last room. */
static bool
within_quota(struct request *r, const struct task_row *t)
{
	const struct wb_config *c = &r->ctx->config;
	struct wb_err err = { 0 };
	int64_t task_bytes = 0, unit_bytes = 0;
	enum wb_status rc = store_attachment_bytes(r->store, t->id, 0, &task_bytes, &err);

	if (rc == WB_OK)
		rc = store_attachment_bytes(r->store, 0, t->unit_id, &unit_bytes, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return false;
	}
	if (task_bytes + (int64_t)r->body_len > c->attachment_task_quota) {
		request_error(r, 413, "quota_exceeded", "该任务的附件总量已达上限，请删除或压缩后再上传");
		return false;
	}
	if (unit_bytes + (int64_t)r->body_len > c->attachment_unit_quota) {
		request_error(r, 413, "quota_exceeded", "本单位的附件总量已达上限，请联系未保办");
		return false;
	}
	return true;
}

void
api_tasks_attach(struct request *r)
{
	const char *name = request_arg(r, "name"), *type = request_header(r, "Content-Type");
	size_t max = (size_t)r->ctx->config.attachment_max_bytes, b64len;
	char filename[256], *b64;
	struct wb_err err = { 0 };
	struct task_row t;
	enum wb_status rc;
	int64_t id, aid;
	int kind;

	if (!path_id(r, 0, &id))
		return;
	rc = store_task_get(r->store, id, &t, &err);
	if (rc == WB_OK && unit_scope(r) && t.unit_id != unit_scope(r))
		rc = WB_ERR_NOTFOUND;
	if (rc != WB_OK) {
		request_fail(r, rc, "任务不存在");
		return;
	}
	if (r->user.unit_id != t.unit_id) {
		request_error(r, 403, "not_your_task", "只能为本单位的任务上传材料");
		return;
	}
	if (strcmp(t.status, "closed") == 0) {
		request_error(r, 409, "wrong_status", "任务已办结，不能再上传材料");
		return;
	}
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
	if (!within_quota(r, &t))
		return;
	store_copy_text(filename, sizeof(filename), name);
	b64len = sodium_base64_encoded_len(r->body_len, sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(b64len);
	if (b64 == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	sodium_bin2base64(b64, b64len, (const unsigned char *)r->body, r->body_len,
			  sodium_base64_VARIANT_ORIGINAL);
	rc = store_attachment_add(r->store, id, filename, kinds[kind].type, (int64_t)r->body_len, b64,
				  wb_now(), r->user.login, &aid, &err);
	free(b64);
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "attachment %lld, %zu bytes, %s", (long long)aid, r->body_len,
			     kinds[kind].type);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)aid, "task_id",
					(json_int_t)id, "filename", filename, "content_type",
					kinds[kind].type, "size", (json_int_t)r->body_len));
}

void
api_tasks_attachment(struct request *r)
{
	struct attachment_row a;
	struct wb_err err = { 0 };
	struct task_row t;
	enum wb_status rc;
	int64_t id, aid;
	size_t len = 0;
	unsigned char *bin;
	char name[64];
	const char *ext = "";

	if (!path_id(r, 0, &id) || !path_id(r, 1, &aid))
		return;
	rc = store_task_get(r->store, id, &t, &err);
	if (rc == WB_OK && unit_scope(r) && t.unit_id != unit_scope(r))
		rc = WB_ERR_NOTFOUND;
	if (rc == WB_OK)
		rc = store_attachment_get(r->store, aid, &a, &err);
	if (rc == WB_OK && a.task_id != id) {
		free(a.data);
		rc = WB_ERR_NOTFOUND;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "附件不存在");
		return;
	}
	bin = malloc((size_t)a.size + 1);
	if (bin == NULL || sodium_base642bin(bin, (size_t)a.size + 1, a.data, strlen(a.data), NULL,
					     &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(bin);
		free(a.data);
		request_fail(r, WB_ERR_DB, "");
		return;
	}
	free(a.data);
	for (size_t k = 0; k < NKINDS; k++)
		if (strcmp(kinds[k].type, a.content_type) == 0)
			ext = kinds[k].ext;
	snprintf(name, sizeof(name), "attachment-%lld%s", (long long)aid, ext);
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "attachment %lld", (long long)aid);
	request_reply_raw(r, bin, len, a.content_type, name);
}
