#include "app/notify.h"

#include <stdio.h>
#include <string.h>

#include "store/case_measures.h"
#include "store/cases.h"
#include "core/check.h"
#include "store/notifications.h"
#include "store/org.h"

#define TITLE_MAX 240       /* bytes of a notice's title */
#define KEEP_READ_DAYS 180

/* Copies src into dst[0..n) cut at a UTF-8 character boundary, with "…"
 * when it had to be cut. */
static void
copy_cut(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len < n) {
		memcpy(dst, src, len + 1);
		return;
	}
	len = n - 4;                     /* room for "…" (3 bytes) and NUL */
	while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
		len--;
	memcpy(dst, src, len);
	memcpy(dst + len, "…", 4);
}

/* The link of a task in the ledger (its drawer open). */
static void
task_link(char *link, size_t n, int64_t plan_id, int64_t task_id)
{
	snprintf(link, n, "/tasks?plan_id=%lld&task=%lld", (long long)plan_id, (long long)task_id);
}

enum wb_status
app_notify_task(struct app_ctx *c, int64_t task_id, int64_t plan_id, int64_t unit_id,
		const char *kind, const char *title, struct wb_err *err)
{
	char link[64], cut[TITLE_MAX];

	task_link(link, sizeof(link), plan_id, task_id);
	copy_cut(cut, sizeof(cut), title);
	return store_notify_unit(c->st, unit_id, kind, cut, link, task_id, NULL, c->now, NULL, err);
}

enum wb_status
app_notify_office(struct app_ctx *c, int64_t task_id, int64_t plan_id, const char *kind,
		  const char *title, struct wb_err *err)
{
	char link[64], cut[TITLE_MAX];

	task_link(link, sizeof(link), plan_id, task_id);
	copy_cut(cut, sizeof(cut), title);
	return store_notify_office(c->st, kind, cut, link, task_id, c->now, err);
}

enum wb_status
app_notify_case_urgent(struct app_ctx *c, int64_t case_id, const char *town_code,
		       const char *tracking_no, const char *source, struct wb_err *err)
{
	char title[TITLE_MAX], link[48], dedupe[48];

	snprintf(title, sizeof(title), "紧急报告：%s（%s）请立即受理", tracking_no, source);
	snprintf(link, sizeof(link), "/cases/%lld", (long long)case_id);
	snprintf(dedupe, sizeof(dedupe), "case:%lld:urgent", (long long)case_id);
	return store_case_notify_urgent(c->st, town_code, title, link, dedupe, c->now, NULL, err);
}

enum wb_status
app_notify_case_reporter(struct app_ctx *c, int64_t case_id, int64_t user_id,
			 const char *tracking_no, const char *police_kind, struct wb_err *err)
{
	char title[TITLE_MAX], link[48], dedupe[48];

	snprintf(title, sizeof(title), "您报告的线索 %s：公安机关已受案（%s）", tracking_no,
		 police_kind);
	snprintf(link, sizeof(link), "/reports/%lld", (long long)case_id);
	snprintf(dedupe, sizeof(dedupe), "case:%lld:feedback", (long long)case_id);
	return store_case_notify_user(c->st, user_id, "case_feedback", title, link, dedupe, c->now,
				      err);
}

enum wb_status
app_notify_measure_unit(struct app_ctx *c, int64_t unit_id, const char *title, const char *link,
			const char *dedupe, struct wb_err *err)
{
	char cut[TITLE_MAX];

	copy_cut(cut, sizeof(cut), title);
	return store_measure_notify_unit(c->st, unit_id, "case_measure", cut, link, dedupe, c->now,
					 NULL, err);
}

enum wb_status
app_notify_measure_handler(struct app_ctx *c, int64_t user_id, const char *title,
			   const char *link, const char *dedupe, struct wb_err *err)
{
	char cut[TITLE_MAX];

	copy_cut(cut, sizeof(cut), title);
	return store_case_notify_user(c->st, user_id, "case_measure", cut, link, dedupe, c->now,
				      err);
}

enum wb_status
app_notify_listing_town(struct app_ctx *c, const char *town_code, const char *title,
			const char *link, const char *dedupe, struct wb_err *err)
{
	char cut[TITLE_MAX];

	copy_cut(cut, sizeof(cut), title);
	return store_case_notify_town(c->st, town_code, "case_listing", cut, link, dedupe, c->now,
				      NULL, err);
}

enum wb_status
app_notify_check_hit(struct app_ctx *c, const char *type, const char *institution, int64_t hits,
		     int64_t import_id, int64_t *added, struct wb_err *err)
{
	char unit_name[256], title[512], cut[TITLE_MAX], link[64];
	struct wb_err ignored = { 0 };
	struct unit u;

	if (added)
		*added = 0;
	if (!check_supervisor_unit(c->config ? c->config->check_supervisor_units
					     : CHECK_SUPERVISOR_UNITS_DEFAULT,
				   type, unit_name, sizeof(unit_name)) ||
	    store_unit_find(c->st, unit_name, &u, &ignored) != WB_OK)
		return WB_OK;   /* no supervising unit configured or registered */
	snprintf(title, sizeof(title), "入职查询：%s 有 %lld 人查询结果为有记录，请督促处理",
		 institution, (long long)hits);
	copy_cut(cut, sizeof(cut), title);
	snprintf(link, sizeof(link), "/checks/runs/%lld", (long long)import_id);
	return store_notify_unit(c->st, u.id, "check_hit", cut, link, 0, NULL, c->now, added, err);
}

enum wb_status
app_notify_round(struct app_ctx *c, int64_t *added, struct wb_err *err)
{
	enum wb_status rc = store_notify_due_soon(c->st, c->now, added, err);

	if (rc == WB_OK)
		rc = store_notification_prune(c->st, c->now - KEEP_READ_DAYS * 86400LL, err);
	return rc;
}
