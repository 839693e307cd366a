/* The allowances of children in difficulty over HTTP: the standards (read by
 * whoever reads children, set by a county-wide user), a month's payment list
 * within the caller's scope (masked), and approving the county's list. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "app/allowances.h"
#include "core/sheet.h"

static json_t *
money(int64_t fen)
{
	char yuan[32];

	return json_string(sheet_format_money(fen, yuan, sizeof(yuan)));
}

static void
standard_json(const struct allowance_standard_row *s, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:o}", "category", s->category,
					     "mode", s->mode, "effective_from", s->effective_from,
					     "amount", money(s->fen_per_month)));
}

/* GET /api/v1/allowance-standards: every standard, the old ones too. */
void
api_allowance_standards_list(struct request *r)
{
	json_t *items = json_array();
	struct wb_err err = { 0 };

	if (store_allowance_standards(r->store, standard_json, items, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* POST /api/v1/allowance-standards {"category","mode","effective_from",
 * "amount"}: 201; below_floor when the 集中供养 orphan standard × 12 falls
 * short of 25,000 元 (saved, flagged). */
void
api_allowance_standards_add(struct request *r)
{
	const char *category = body_str(r, "category"), *mode = body_str(r, "mode");
	const char *from = body_str(r, "effective_from"), *amount = body_str(r, "amount");
	struct wb_err err = { 0 };
	bool below = false;

	if (!require_county_scope(r, "只有全市范围的用户可以设置保障标准"))
		return;
	if (app_allowance_standard_add(&r->app, category, mode, from, amount, &below, &err) != WB_OK) {
		if (err.status == WB_ERR_CONFLICT)
			request_error(r, 409, "conflict", "该类别和供养方式在这一日期已有标准");
		else if (err.status == WB_ERR_INVALID)
			request_error(r, 422, "rule_violation", err.msg);
		else
			request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "新增保障标准：%s %s，自 %s 起每月 %s 元%s", category, mode, from, amount,
			     below ? "（低于年 2.5 万元的底线）" : "");
	request_reply(r, 201, json_pack("{s:s, s:s, s:s, s:s, s:b}", "category", category, "mode", mode,
					"effective_from", from, "amount", amount, "below_floor", below));
}

/* The month's list as JSON: rows, totals and, for an approved month, the
 * differences from its frozen list. */
static json_t *
month_json(const struct allowance_month_result *m)
{
	json_t *rows = json_array(), *o;

	for (size_t i = 0; i < m->lines.n; i++) {
		const struct allowance_pay *p = vec_at(&m->lines, i);

		json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "child_id",
						      (json_int_t)p->child_id, "id_number_masked",
						      p->id_number_masked, "category", p->category,
						      "mode", p->mode, "placement", p->placement,
						      "amount", money(p->fen)));
	}
	o = json_pack("{s:s, s:o, s:I, s:o, s:b}", "month", m->month, "total", money(m->total_fen),
		      "count", (json_int_t)m->count, "rows", rows, "approved", m->approved);
	if (m->approved) {
		json_t *diffs = json_array();

		for (size_t i = 0; i < m->diffs.n; i++) {
			const struct allowance_diff *d = vec_at(&m->diffs, i);

			json_array_append_new(diffs, json_pack(
				"{s:I, s:s, s:s, s:s, s:o, s:s, s:o}", "child_id",
				(json_int_t)d->child_id, "id_number_masked", d->id_number_masked,
				"change", d->change, "category_before", d->category_before,
				"amount_before", money(d->fen_before), "category_after",
				d->category_after, "amount_after", money(d->fen_after)));
		}
		json_object_set_new(o, "differences", diffs);
	}
	return o;
}

/* The month of the path (YYYY-MM) computed within the caller's scope into
 * *m; false with the error set. */
static bool
run(struct request *r, struct allowance_month_result *m)
{
	struct wb_err err = { 0 };

	if (app_allowance_run(&r->app, r->params[0], m, &err) != WB_OK) {
		if (err.status == WB_ERR_INVALID)
			request_error(r, 404, "not_found", "月份应为 YYYY-MM");
		else
			request_fail_err(r, &err);
		return false;
	}
	return true;
}

/* GET /api/v1/allowances/{month}: the month's payment list of the children
 * in the caller's scope, masked. */
void
api_allowances_get(struct request *r)
{
	struct allowance_month_result m;

	if (!run(r, &m))
		return;
	request_reply(r, 200, month_json(&m));
	allowance_month_result_free(&m);
}

/* POST /api/v1/allowances/{month}/approve: freezes the county's list of the
 * month (county-wide users only); 409 when it is approved already. */
void
api_allowances_approve(struct request *r)
{
	struct allowance_month_result m;
	struct wb_err err = { 0 };
	char total[32];

	request_audit_detail(r, "审核确认 %.7s 发放名单", r->params[0]);
	if (!require_county_scope(r, "只有全市范围的用户可以审核确认发放名单"))
		return;
	if (!run(r, &m))
		return;
	if (app_allowance_approve(&r->app, &m, &err) != WB_OK) {
		if (err.status == WB_ERR_CONFLICT)
			request_error(r, 409, "approved", err.msg);
		else
			request_fail_err(r, &err);
		allowance_month_result_free(&m);
		return;
	}
	request_audit_detail(r, "审核确认 %s 发放名单：%lld 人，合计 %s 元", m.month, (long long)m.count,
			     sheet_format_money(m.total_fen, total, sizeof(total)));
	m.approved = true;   /* just frozen: no differences yet */
	request_reply(r, 200, month_json(&m));
	allowance_month_result_free(&m);
}
