/* GET /api/v1/notifications and marking them read: the caller's own notices
 * only (user_id in every statement), whatever their scope. */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "store/notifications.h"

static const char *const notification_sorts[] = { "id", NULL };   /* newest first */

static void
add_row(const struct notification_row *n, void *arg)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)n->id, "kind", n->kind,
			      "title", n->title, "link", n->link, "created_at",
			      (json_int_t)n->created_at);

	json_object_set_new(o, "task_id", n->task_id ? json_integer(n->task_id) : json_null());
	json_object_set_new(o, "read_at", n->read_at ? json_integer(n->read_at) : json_null());
	json_array_append_new(arg, o);
}

void
api_notifications_list(struct request *r)
{
	const char *unread = arg_or_empty(r, "unread");
	struct wb_err err = { 0 };
	int64_t total = 0, unread_count = 0;
	struct paging p;
	json_t *items, *reply;

	if (!paging_read(r, notification_sorts, &p))
		return;
	items = json_array();
	if (store_notification_page(r->store, r->user.user_id, strcmp(unread, "1") == 0, p.per_page,
				    (p.page - 1) * p.per_page, add_row, items, &total,
				    &unread_count, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	reply = paging_reply(items, total, &p);
	json_object_set_new(reply, "unread", json_integer(unread_count));
	request_reply(r, 200, reply);
}

void
api_notifications_read(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (store_notification_read(r->store, r->user.user_id, id, r->app.now, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "read", 1));
}

void
api_notifications_read_all(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t n = 0;

	if (store_notification_read_all(r->store, r->user.user_id, r->app.now, &n, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "%lld 条通知标为已读", (long long)n);
	request_reply(r, 200, json_pack("{s:I}", "read", (json_int_t)n));
}
