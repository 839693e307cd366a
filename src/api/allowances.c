/* The allowances of children in difficulty over HTTP: the standards (read by
 * whoever reads children, set by a county-wide user), a month's payment list
 * within the caller's scope (masked), and approving the county's list. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/allowances.h"
#include "core/sheet.h"
#include "store/org.h"

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

/* The export's state: the workbook, its rows, the division names' cache. */
struct payees_state {
	struct request *r;
	struct xlsx *x;
	int64_t rows;
	char village[13], village_name[164], town[10], town_name[164];
};

/* The name of division code into name[n] ("" when unknown), through the
 * one-entry cache (code, cached name): lines come by child id, neighbours
 * often share a village. */
static void
division_cached(struct request *r, const char *code, char *cached, size_t cn, char *name,
		size_t n)
{
	struct division d = { 0 };
	struct wb_err ignored = { 0 };

	if (strcmp(code, cached) == 0)
		return;
	snprintf(cached, cn, "%s", code);
	name[0] = '\0';
	if (store_division_get(r->store, code, &d, &ignored) == WB_OK)
		snprintf(name, n, "%s", d.name);
}

/* app_allowance_payees' callback: one row of the workbook. */
static enum wb_status
payee_row(const struct allowance_payee *p, void *arg)
{
	struct payees_state *s = arg;
	int64_t row = s->rows++;

	division_cached(s->r, p->village, s->village, sizeof(s->village), s->village_name,
			sizeof(s->village_name));
	division_cached(s->r, p->town, s->town, sizeof(s->town), s->town_name,
			sizeof(s->town_name));
	xlsx_int(s->x, row, 0, row + 1);
	xlsx_str(s->x, row, 1, p->name);
	xlsx_str(s->x, row, 2, p->id_number);
	xlsx_str(s->x, row, 3, s->village_name[0] ? s->village_name : p->village);
	xlsx_str(s->x, row, 4, s->town_name[0] ? s->town_name : p->town);
	xlsx_str(s->x, row, 5, p->pay->category);
	xlsx_str(s->x, row, 6, p->pay->mode);
	xlsx_real(s->x, row, 7, (double)p->pay->fen / 100.0);
	xlsx_str(s->x, row, 8, p->payee);
	xlsx_str(s->x, row, 9, p->bank_account);
	return WB_OK;
}

/* GET /api/v1/allowances/{month}/export.xlsx: the month's payment list of
 * the children in the caller's scope for the finance bureau, with the payee
 * (the first guardian) and bank account: masked for everyone but holders of
 * allowance.finance, who get names, ID numbers and accounts in clear.
 * Every export audited with the month, its rows and which of the two. */
void
api_allowances_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "序号", 6, XLSX_INT }, { "姓名", 10, XLSX_TEXT }, { "身份证号", 22, XLSX_TEXT },
		{ "村（社区）", 16, XLSX_TEXT }, { "镇（街道）", 12, XLSX_TEXT },
		{ "类别", 16, XLSX_TEXT }, { "供养方式", 10, XLSX_TEXT },
		{ "金额（元）", 12, XLSX_MONEY }, { "收款人（监护人）", 14, XLSX_TEXT },
		{ "银行账号", 24, XLSX_TEXT },
	};
	struct payees_state s = { .r = r };
	struct allowance_month_result m;
	struct wb_err err = { 0 };
	bool clear = request_has(r, PERM_ALLOWANCE_FINANCE);
	char name[64];

	request_audit_detail(r, "导出 %.7s 发放名册", r->params[0]);
	if (!run(r, &m))
		return;
	if (app_allowance_use_frozen(&r->app, &m, &err) != WB_OK) {   /* approved: as approved */
		allowance_month_result_free(&m);
		request_fail_err(r, &err);
		return;
	}
	snprintf(name, sizeof(name), "生活费发放名册%s%s", m.month, m.approved ? "（已审核）" : "（未审核）");
	s.x = xlsx_begin(r, name, cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (s.x == NULL) {
		allowance_month_result_free(&m);
		return;
	}
	if (app_allowance_payees(&r->app, &m, clear, payee_row, &s, &err) != WB_OK) {
		xlsx_discard(s.x);
		allowance_month_result_free(&m);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %s 发放名册（%s）%lld 行（%s）", m.month,
			     m.approved ? "已审核" : "未审核", (long long)s.rows,
			     clear ? "含姓名、身份证号和银行账号" : "脱敏");
	allowance_month_result_free(&m);
	xlsx_finish(s.x, r);
}
