/* Store access to the files attached to tasks (报送佐证材料). */
#ifndef WB_STORE_ATTACHMENTS_H
#define WB_STORE_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"

struct arena;

struct attachment_row {
	int64_t id, task_id, size, uploaded_at;
	const char *filename, *content_type, *uploaded_by;
	const char *uploaded_by_name;  /* "李丽（市民政局）", only from store_attachments_of */
	const void *data;      /* the bytes, only from store_attachment_get */
	size_t data_len;
};

enum wb_status store_attachment_add(struct store *st, int64_t task_id, const char *filename,
				    const char *content_type, const void *data, size_t len,
				    int64_t now, const char *by, int64_t *id, struct wb_err *err);
/* The bytes of attachments kept for task_id (unit_id 0), or for all tasks of
 * unit_id (task_id 0). */
enum wb_status store_attachment_bytes(struct store *st, int64_t task_id, int64_t unit_id,
				      int64_t *bytes, struct wb_err *err);
/* The task's attachments without their bytes, oldest first; strings valid
 * during the callback, which must not use st. */
enum wb_status store_attachments_of(struct store *st, int64_t task_id,
				    void (*fn)(const struct attachment_row *, void *), void *arg,
				    struct wb_err *err);
/* Deletes attachment id of task task_id (the caller has checked the task is
 * within the scope); *filename (in arena) and *size receive what it was.
 * WB_ERR_NOTFOUND when the task has no such attachment. */
enum wb_status store_attachment_delete(struct store *st, struct arena *arena, int64_t task_id,
				       int64_t id, const char **filename, int64_t *size,
				       struct wb_err *err);
/* Attachment id of task task_id, with its bytes, if the scope sees the task
 * (WB_ERR_NOTFOUND otherwise); strings and bytes in arena. */
enum wb_status store_attachment_get(struct store *st, struct arena *arena,
				    const struct scope *scope, int64_t task_id, int64_t id,
				    struct attachment_row *out, struct wb_err *err);

#endif
