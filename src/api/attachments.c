/* Attachments of a task's progress (报送佐证材料): upload, download and
 * removal of a wrong upload. */
#include "api/api.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "app/tasks.h"
#include "util/text.h"

/* How a kind's bytes are recognised. */
enum sniff {
	SNIFF_MAGIC,   /* magic at offset 0 (and magic2 at offset 8 when set) */
	SNIFF_OLE2,    /* an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1): .doc, .xls, .wps */
	SNIFF_OOXML,   /* a ZIP whose central directory lists [Content_Types].xml and `part`/… */
	SNIFF_OFD,     /* a ZIP whose central directory lists OFD.xml at its root */
	SNIFF_TEXT,    /* UTF-8 text without NUL bytes */
};

/*
 * The kinds of file accepted: the file name's extension (any case) says the
 * kind, the bytes must confirm it, and the kind's type is what is stored and
 * sent back (the Content-Type a client declares is not trusted: browsers
 * send none for .wps or .ofd).  What the bytes prove: PDF, PNG, JPEG, GIF
 * and WebP by their signatures; .doc, .xls and .wps only that they are OLE2
 * compound files (the three share the container; which streams it holds is
 * not read); .docx and .xlsx that they are ZIP archives whose central
 * directory names [Content_Types].xml and a word/ or xl/ part; .ofd that
 * it is a ZIP archive with OFD.xml at its root.  Nothing is decompressed.
 */
static const struct kind {
	const char *ext, *type;
	enum sniff sniff;
	const char *magic, *magic2;   /* SNIFF_MAGIC */
	size_t magic_len;
	const char *part;             /* SNIFF_OOXML: the main part's folder */
} kinds[] = {
	{ ".pdf", "application/pdf", SNIFF_MAGIC, "%PDF-", NULL, 5, NULL },
	{ ".png", "image/png", SNIFF_MAGIC, "\x89PNG\r\n\x1a\n", NULL, 8, NULL },
	{ ".jpg", "image/jpeg", SNIFF_MAGIC, "\xff\xd8\xff", NULL, 3, NULL },
	{ ".jpeg", "image/jpeg", SNIFF_MAGIC, "\xff\xd8\xff", NULL, 3, NULL },
	{ ".gif", "image/gif", SNIFF_MAGIC, "GIF8", NULL, 4, NULL },
	{ ".webp", "image/webp", SNIFF_MAGIC, "RIFF", "WEBP", 4, NULL },
	{ ".doc", "application/msword", SNIFF_OLE2, NULL, NULL, 0, NULL },
	{ ".xls", "application/vnd.ms-excel", SNIFF_OLE2, NULL, NULL, 0, NULL },
	{ ".wps", "application/wps-office.wps", SNIFF_OLE2, NULL, NULL, 0, NULL },
	{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	  SNIFF_OOXML, NULL, NULL, 0, "word/" },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", SNIFF_OOXML,
	  NULL, NULL, 0, "xl/" },
	{ ".ofd", "application/ofd", SNIFF_OFD, NULL, NULL, 0, NULL },
	{ ".txt", "text/plain", SNIFF_TEXT, NULL, NULL, 0, NULL },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* the refusal of a file of another kind: the list of kinds above */
#define ACCEPTED_TYPES "仅支持以下类型的附件：Word（.doc、.docx）、Excel（.xls、.xlsx）、" \
	"WPS（.wps）、OFD（.ofd）、PDF（.pdf）、图片（.png、.jpg、.jpeg、.gif、.webp）和" \
	"纯文本（.txt），且文件内容须与扩展名相符"

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static size_t
le32(const unsigned char *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
}

/*
 * Whether the ZIP archive b[0..len) has an entry named `name` (prefix:
 * starting with it), read from its central directory (the end-of-central-
 * directory record within the last 64 KiB); false for anything that is not a
 * well-formed ZIP of that shape (ZIP64 included: attachments are small).
 */
static bool
zip_has(const unsigned char *b, size_t len, const char *name, bool prefix)
{
	size_t nlen = strlen(name), eocd, cd, end, count, lowest;

	if (len < 26 || memcmp(b, "PK\x03\x04", 4) != 0)
		return false;
	lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (eocd = len - 22;; eocd--) {
		if (memcmp(b + eocd, "PK\x05\x06", 4) == 0)
			break;
		if (eocd == lowest)
			return false;
	}
	count = le16(b + eocd + 10);
	cd = le32(b + eocd + 16);
	end = cd + le32(b + eocd + 12);
	if (cd > eocd || end > eocd)
		return false;
	for (size_t i = 0; i < count; i++) {
		size_t n, skip;
		if (cd + 46 > end || memcmp(b + cd, "PK\x01\x02", 4) != 0)
			return false;
		n = le16(b + cd + 28);
		skip = 46 + n + le16(b + cd + 30) + le16(b + cd + 32);
		if (cd + skip > end)
			return false;
		if ((prefix ? n > nlen : n == nlen) && memcmp(b + cd + 46, name, nlen) == 0)
			return true;
		cd += skip;
	}
	return false;
}

/* Whether the bytes are of kind k. */
static bool
sniff(const struct kind *k, const char *body, size_t len)
{
	const unsigned char *b = (const unsigned char *)body;

	switch (k->sniff) {
	case SNIFF_MAGIC:
		return len >= k->magic_len && memcmp(b, k->magic, k->magic_len) == 0 &&
		       (k->magic2 == NULL || (len >= 12 && memcmp(b + 8, k->magic2, 4) == 0));
	case SNIFF_OLE2:
		return len >= 512 && memcmp(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0;
	case SNIFF_OOXML:
		return zip_has(b, len, "[Content_Types].xml", false) && zip_has(b, len, k->part, true);
	case SNIFF_OFD:
		return zip_has(b, len, "OFD.xml", false);
	case SNIFF_TEXT:
		return text_is_utf8(body, len);
	}
	return false;
}

/* The kind the file name's extension says and the bytes confirm, or NULL. */
static const struct kind *
kind_of(const char *name, const char *body, size_t len)
{
	const char *ext = strrchr(name, '.');

	for (size_t k = 0; ext && k < NKINDS; k++)
		if (strcasecmp(ext, kinds[k].ext) == 0)
			return sniff(&kinds[k], body, len) ? &kinds[k] : NULL;
	return NULL;
}

/* "附件不能超过 5 MB" for a limit of max bytes, in out[0..n). */
static void
too_large_message(size_t max, char *out, size_t n)
{
	if (max >= 1048576 && max % 1048576 == 0)
		snprintf(out, n, "附件不能超过 %zu MB", max / 1048576);
	else if (max >= 1048576)
		snprintf(out, n, "附件不能超过 %.1f MB", (double)max / 1048576);
	else if (max >= 1024)
		snprintf(out, n, "附件不能超过 %zu KB", max / 1024);
	else
		snprintf(out, n, "附件不能超过 %zu 字节", max);
}

void
api_tasks_attach(struct request *r)
{
	const char *name = request_arg(r, "name");
	size_t max = (size_t)r->ctx->config.attachment_max_bytes;
	struct wb_err err = { 0 };
	const struct kind *kind;
	int64_t id, aid;
	char msg[64], upper[8] = "";

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
		too_large_message(max, msg, sizeof(msg));
		request_error(r, 413, "file_too_large", msg);
		return;
	}
	kind = kind_of(name, r->body, r->body_len);
	if (kind == NULL) {
		request_error(r, 415, "unsupported_file", ACCEPTED_TYPES);
		return;
	}
	if (app_task_attach(&r->app, id, name, kind->type, r->body, r->body_len, &aid, &err) !=
	    WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	for (size_t k = 0; k + 1 < sizeof(upper) && kind->ext[k + 1]; k++)   /* "PDF" */
		upper[k] = (char)toupper((unsigned char)kind->ext[k + 1]);
	request_audit_detail(r, "附件编号 %lld，%s 文件，%zu 字节", (long long)aid, upper, r->body_len);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)aid, "task_id",
					(json_int_t)id, "filename", name, "content_type",
					kind->type, "size", (json_int_t)r->body_len));
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
	/* the kind's extension: the stored name's where a type has two (.jpg, .jpeg) */
	for (size_t k = 0; k < NKINDS; k++) {
		const char *dot = strrchr(a.filename, '.');
		if (strcmp(kinds[k].type, a.content_type) != 0)
			continue;
		if (*ext == '\0' || (dot && strcasecmp(dot, kinds[k].ext) == 0))
			ext = kinds[k].ext;
	}
	snprintf(name, sizeof(name), "attachment-%lld%s", (long long)aid, ext);
	request_audit_detail(r, "附件编号 %lld", (long long)aid);
	request_reply_raw(r, copy, a.data_len, a.content_type, name);
}

void
api_tasks_attachment_delete(struct request *r)
{
	struct detach_rights rights;
	struct attachment_row a;
	struct wb_err err = { 0 };
	int64_t id, aid;

	if (!path_id(r, 0, &id) || !path_id(r, 1, &aid))
		return;
	rights = (struct detach_rights){ .unit = request_has(r, PERM_TASK_REPORT),
					 .office = request_has(r, PERM_PLAN_MANAGE) };
	if (app_task_detach(&r->app, id, aid, rights, &a, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "删除附件 %lld（%lld 字节）：%s", (long long)aid, (long long)a.size,
			     a.filename);
	request_reply(r, 200, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)aid, "task_id",
					(json_int_t)id, "filename", a.filename));
}
