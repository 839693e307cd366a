#include "store/attachments.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/scope.h"
#include "store/store_int.h"
#include "util/arena.h"

enum wb_status
store_attachment_add(struct store *st, int64_t task_id, const char *filename,
		     const char *content_type, const void *data, size_t len, int64_t now,
		     const char *by, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ATTACHMENT_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	store_bind_text(q, 2, filename);
	store_bind_text(q, 3, content_type);
	store_bind_int(q, 4, (int64_t)len);
	store_bind_blob(q, 5, data, len);
	store_bind_int(q, 6, now);
	store_bind_text(q, 7, by);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_attachment_bytes(struct store *st, int64_t task_id, int64_t unit_id, int64_t *bytes,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, task_id ? STMT_ATTACHMENT_BYTES_TASK
							: STMT_ATTACHMENT_BYTES_UNIT);
	enum wb_status rc;
	bool row;

	*bytes = 0;
	store_bind_int(q, 1, task_id ? task_id : unit_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*bytes = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_attachments_of(struct store *st, int64_t task_id,
		     void (*fn)(const struct attachment_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ATTACHMENTS_OF);
	struct attachment_row a;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		memset(&a, 0, sizeof(a));
		a.id = store_col_int(q, 0);
		a.task_id = task_id;
		a.filename = store_col_text(q, 1);
		a.content_type = store_col_text(q, 2);
		a.size = store_col_int(q, 3);
		a.uploaded_at = store_col_int(q, 4);
		a.uploaded_by = store_col_text(q, 5);
		a.uploaded_by_name = store_col_text(q, 6);
		fn(&a, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_attachment_get(struct store *st, struct arena *arena, const struct scope *scope,
		     int64_t task_id, int64_t id, struct attachment_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ATTACHMENT_GET);
	enum wb_status rc;
	const void *data;
	bool row;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, id);
	store_bind_int(q, 2, task_id);
	store_bind_scope(q, 3, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->id = store_col_int(q, 0);
		out->task_id = store_col_int(q, 1);
		out->filename = arena_strdup(arena, store_col_text(q, 2));
		out->content_type = arena_strdup(arena, store_col_text(q, 3));
		out->size = store_col_int(q, 4);
		data = store_col_blob(q, 5, &out->data_len);
		out->data = arena_memdup(arena, data ? data : "", out->data_len);
		out->uploaded_at = store_col_int(q, 6);
		out->uploaded_by = arena_strdup(arena, store_col_text(q, 7));
		if (!out->filename || !out->content_type || !out->data || !out->uploaded_by)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "附件不存在");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_attachment_delete(struct store *st, struct arena *arena, int64_t task_id, int64_t id,
			const char **filename, int64_t *size, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ATTACHMENT_DELETE);
	enum wb_status rc;
	bool row;

	*filename = NULL;
	*size = 0;
	store_bind_int(q, 1, id);
	store_bind_int(q, 2, task_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*filename = arena_strdup(arena, store_col_text(q, 0));
		*size = store_col_int(q, 1);
		if (*filename == NULL)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "附件不存在");
	}
	/* a RETURNING statement finishes its change when stepped to the end */
	if (rc == WB_OK)
		rc = store_step(q, &row, err);
	store_query_end(q);
	return rc;
}

enum wb_status
store_migrate_attachments_to_blobs(struct store *st, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	for (;;) {
		struct store_query *q = store_query(st, STMT_ATTACHMENT_LEGACY_NEXT);
		unsigned char *bin = NULL;
		size_t len = 0, b64len;
		int64_t id = 0;
		bool row;

		rc = store_step(q, &row, err);
		if (rc == WB_OK && row) {
			const char *b64 = store_col_text(q, 1);
			id = store_col_int(q, 0);
			b64len = b64 ? strlen(b64) : 0;
			bin = malloc(b64len + 1);
			if (bin == NULL)
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			else if (sodium_base642bin(bin, b64len + 1, b64 ? b64 : "", b64len, NULL, &len,
						   NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
				rc = wb_err_set(err, WB_ERR_DB, "attachment %lld is not base64",
						(long long)id);
		}
		store_query_end(q);
		if (rc != WB_OK || id == 0) {
			free(bin);
			return rc;
		}
		q = store_query(st, STMT_ATTACHMENT_SET_CONTENT);
		store_bind_blob(q, 1, bin, len);
		store_bind_int(q, 2, id);
		rc = store_exec_done(q, err);
		free(bin);
		if (rc != WB_OK)
			return rc;
	}
}
