#include "app/case_listings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/cases.h"
#include "app/children.h"
#include "app/notify.h"
#include "core/case_measure.h"
#include "sec/fieldcrypt.h"
#include "sec/permissions.h"

#define LEADER_MAX 64   /* characters */

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* UTF-8 characters of s. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The timeline entry of a listing step: detail {"listing_id", "title"}. */
static enum wb_status
timeline(struct app_ctx *c, const struct case_row *r, int64_t listing_id, const char *title,
	 const char *reason, struct wb_err *err)
{
	json_t *d = json_pack("{s:I, s:s}", "listing_id", (json_int_t)listing_id, "title", title);
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	enum wb_status rc;

	json_decref(d);
	if (text == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = app_case_timeline(c, r->id, r->state, "listing", reason, text, err);
	free(text);
	return rc;
}

/* Case case_id within the caller's scope into a new *out (freed by the
 * caller), and its latest listing into *l (*found). */
static enum wb_status
load(struct app_ctx *c, int64_t case_id, struct case_row **out, struct listing_row *l,
     bool *found, struct wb_err *err)
{
	enum wb_status rc;

	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_case_get(c->st, c->scope, case_id, c->now, *out, err);
	if (rc == WB_OK)
		rc = store_listing_of_case(c->st, case_id, c->now, l, found, err);
	return rc;
}

/* Seals plain into the column of table row id and writes it with fn. */
static enum wb_status
seal_into(struct app_ctx *c, const char *table, const char *column, int64_t id,
	  const char *plain, enum wb_status (*fn)(struct store *, int64_t, const char *,
						   struct wb_err *),
	  struct wb_err *err)
{
	char *tok = NULL;
	enum wb_status rc = fieldcrypt_encrypt_str(c->keys, table, column, id, plain, &tok, err);

	if (rc == WB_OK)
		rc = fn(c->st, id, tok, err);
	free(tok);
	return rc;
}

enum wb_status
app_listing_create(struct app_ctx *c, int64_t case_id, const struct listing_in *in, int64_t *id,
		   struct wb_err *err)
{
	struct listing_row *l = calloc(2, sizeof(*l));
	struct case_row *r = NULL;
	struct id_date deadline, due;
	char line[300], notice[300], link[48], dedupe[48];
	bool found = false;
	enum wb_status rc;

	if (l == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = load(c, case_id, &r, l + 1, &found, err);
	if (rc != WB_OK)
		goto out;
	if (!case_state_open(r->state)) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "wrong_state", "个案当前状态为%s，不能挂牌督办",
				 case_state_title(r->state));
		goto out;
	}
	if (found && l[1].lifted_at == 0) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "already_listed",
				 "该个案已在挂牌督办中，摘牌后才能再次挂牌");
		goto out;
	}
	if (empty(in->leader) || chars(in->leader) > LEADER_MAX) {
		rc = wb_err_field(err, WB_ERR_RULE, "leader", "请填写责任领导（不超过 64 字）");
		goto out;
	}
	if (empty(in->deadline) || !id_date_parse_iso(in->deadline, &deadline)) {
		rc = wb_err_field(err, WB_ERR_RULE, "deadline", "办结期限应为 YYYY-MM-DD");
		goto out;
	}
	if (id_date_compare(deadline, app_today(c)) < 0) {
		rc = wb_err_field(err, WB_ERR_RULE, "deadline", "办结期限不能早于今天");
		goto out;
	}
	if (in->period_days < 1 || in->period_days > 90) {
		rc = wb_err_field(err, WB_ERR_RULE, "period_days", "报告周期应为 1 至 90 天");
		goto out;
	}
	if (empty(in->reason) || strlen(in->reason) > CASE_SHORT_MAX) {
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "请填写挂牌督办的理由");
		goto out;
	}
	l->case_id = case_id;
	snprintf(l->leader, sizeof(l->leader), "%s", in->leader);
	l->listed_at = c->now;
	l->listed_by = c->user_id;
	id_date_format(deadline, l->deadline);
	l->period_days = in->period_days;
	due = listing_next_due(c->now, in->period_days);
	id_date_format(due, l->next_report_due);
	listing_moments(due, deadline, &l->yellow_at, &l->red_at);
	rc = store_listing_insert(c->st, l, id, err);
	if (rc == WB_OK)
		rc = seal_into(c, "case_listings", "reason", *id, in->reason, store_listing_seal, err);
	snprintf(line, sizeof(line), "挂牌督办（责任领导：%s，%s 前办结，每 %d 天报告进展）",
		 l->leader, l->deadline, l->period_days);
	if (rc == WB_OK)
		rc = timeline(c, r, *id, line, in->reason, err);
	snprintf(notice, sizeof(notice), "挂牌督办：个案 %s 已挂牌督办，请于 %s 前报告进展",
		 r->tracking_no, l->next_report_due);
	snprintf(link, sizeof(link), "/cases/%lld", (long long)case_id);
	snprintf(dedupe, sizeof(dedupe), "listing:%lld", (long long)*id);
	if (rc == WB_OK)
		rc = app_notify_listing_town(c, r->town_code, notice, link, dedupe, err);
out:
	free(r);
	free(l);
	return rc;
}

enum wb_status
app_listing_report(struct app_ctx *c, int64_t case_id, uint32_t perms, const char *progress,
		   struct wb_err *err)
{
	struct listing_row *l = calloc(1, sizeof(*l));
	struct case_row *r = NULL;
	struct id_date due, deadline;
	char next[11], line[120];
	int64_t rid = 0, y, red;
	bool found = false;
	enum wb_status rc;

	if (l == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = load(c, case_id, &r, l, &found, err);
	if (rc != WB_OK)
		goto out;
	if (!(perms & (1u << PERM_CASE_MANAGE)) ||
	    !scope_covers_division(c->scope, r->division_code)) {
		rc = wb_err_code(err, WB_ERR_DENIED, "not_allowed", "只有个案承办人员可以报告督办进展");
		goto out;
	}
	if (!found || l->lifted_at != 0) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "not_listed", "该个案未在挂牌督办中");
		goto out;
	}
	if (empty(progress) || strlen(progress) > CASE_TEXT_MAX) {
		rc = wb_err_field(err, WB_ERR_RULE, "progress", "请填写督办进展");
		goto out;
	}
	rc = store_listing_report_add(c->st, l->id, c->now, c->user_id, c->login, &rid, err);
	if (rc == WB_OK)
		rc = seal_into(c, "case_listing_reports", "progress", rid, progress,
			       store_listing_report_seal, err);
	due = listing_next_due(c->now, l->period_days);
	id_date_format(due, next);
	if (!id_date_parse_iso(l->deadline, &deadline))
		deadline = due;
	listing_moments(due, deadline, &y, &red);
	if (rc == WB_OK)
		rc = store_listing_set_due(c->st, l->id, next, y, red, err);
	snprintf(line, sizeof(line), "督办进展报告（下次报告 %s 前）", next);
	if (rc == WB_OK)
		rc = timeline(c, r, l->id, line, NULL, err);
out:
	free(r);
	free(l);
	return rc;
}

enum wb_status
app_listing_lift(struct app_ctx *c, int64_t case_id, const char *reason, struct wb_err *err)
{
	struct listing_row *l = calloc(1, sizeof(*l));
	struct case_row *r = NULL;
	bool found = false;
	enum wb_status rc;

	if (l == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = load(c, case_id, &r, l, &found, err);
	if (rc != WB_OK)
		goto out;
	if (!found || l->lifted_at != 0) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "not_listed", "该个案未在挂牌督办中");
		goto out;
	}
	if (empty(reason) || strlen(reason) > CASE_SHORT_MAX) {
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "请填写摘牌理由");
		goto out;
	}
	rc = store_listing_lift(c->st, l->id, c->now, c->user_id, err);
	if (rc == WB_OK)
		rc = seal_into(c, "case_listings", "lift_reason", l->id, reason,
			       store_listing_seal_lift, err);
	if (rc == WB_OK)
		rc = timeline(c, r, l->id, "摘牌", reason, err);
out:
	free(r);
	free(l);
	return rc;
}
