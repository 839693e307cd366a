#include "app/plan_import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasklight.h"
#include "store/notifications.h"
#include "store/org.h"
#include "app/indicators.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/tasks.h"
#include "util/text.h"


struct unit_list {
	struct unit *units;
	size_t n, cap;
	bool nomem;
};

static int
collect_unit(const struct unit *u, void *arg)
{
	struct unit_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct unit *p = realloc(l->units, cap * sizeof(*p));
		if (p == NULL) {
			l->nomem = true;
			return 1;
		}
		l->units = p;
		l->cap = cap;
	}
	l->units[l->n++] = *u;
	return 0;
}

struct alias_ctx {
	struct notice_dict *d;
	const struct unit_list *l;
	size_t *index;        /* dictionary index of each unit in l */
	enum wb_status rc;
	struct wb_err *err;
};

static void
add_alias(int64_t unit_id, const char *alias, void *arg)
{
	struct alias_ctx *c = arg;

	for (size_t i = 0; i < c->l->n && c->rc == WB_OK; i++)
		if (c->l->units[i].id == unit_id)
			c->rc = notice_dict_add_alias(c->d, c->index[i], alias, c->err);
}

struct notice_dict *
plan_units_dict(struct store *st, struct wb_err *err)
{
	struct unit_list l = { 0 };
	struct notice_dict *d = NULL;
	size_t *index = NULL;
	struct alias_ctx c;
	enum wb_status rc;

	rc = store_unit_each(st, collect_unit, &l, err);
	if (rc == WB_OK && l.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc != WB_OK)
		goto fail;
	d = notice_dict_new();
	index = calloc(l.n ? l.n : 1, sizeof(*index));
	if (d == NULL || index == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < l.n; i++)
		if (notice_dict_add(d, l.units[i].name, strcmp(l.units[i].kind, "office") != 0,
				    &index[i], err) != WB_OK)
			goto fail;
	c = (struct alias_ctx){ d, &l, index, WB_OK, err };
	if (store_unit_alias_each(st, add_alias, &c, err) != WB_OK || c.rc != WB_OK)
		goto fail;
	free(index);
	free(l.units);
	return d;
fail:
	notice_dict_free(d);
	free(index);
	free(l.units);
	return NULL;
}

enum wb_status
plan_parse_text(const char *text, size_t len, const struct notice_dict *dict, struct notice **out,
		struct wb_err *err)
{
	enum wb_status rc;
	size_t ulen;
	char *utf8;

	if (notice_is_utf8(text, len))
		return notice_parse(text, len, dict, out, err);
	utf8 = text_to_utf8(text, len, &ulen, err);
	if (utf8 == NULL)
		return err ? err->status : WB_ERR_INVALID;
	rc = notice_parse(utf8, ulen, dict, out, err);
	free(utf8);
	return rc;
}

int64_t
plan_day_end(const char *date)
{
	return calendar_day_end(date, CHINA_UTC_OFFSET_S);
}

/* Joins the item's units with '、' into out. */
static void
join_units(const struct notice_item *it, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t u = 0; u < it->nunits; u++) {
		int n = snprintf(out + used, len - used, "%s%s", u ? "、" : "", it->units[u]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

static const char *
op_text(enum notice_op op)
{
	return notice_op_name(op);
}

/* ---- corrections made in the import preview ------------------------------ */

/* A parsed item with the office's corrections applied: the item as stored,
 * with its own units array and canonical names. */
struct fixed_item {
	struct notice_item it;
	char (*names)[sizeof(((struct unit *)0)->name)];
};

static void
fixed_free(struct fixed_item *f, size_t n)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(f[i].names);
		free((void *)f[i].it.units);
	}
	free(f);
}

/* True when the two target lists say the same. */
static bool
same_targets(const struct notice_target *a, size_t na, const struct notice_target *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t k = 0; k < na; k++)
		if (a[k].op != b[k].op || a[k].value != b[k].value || a[k].scope != b[k].scope ||
		    (a[k].op == NOTICE_OP_RANGE && a[k].value2 != b[k].value2) ||
		    strcmp(a[k].unit ? a[k].unit : "", b[k].unit ? b[k].unit : "") != 0)
			return false;
	return true;
}

/* The rule a target breaks (a Chinese phrase), or NULL when it is well formed. */
static const char *
target_fault(const struct notice_target *t)
{
	size_t ul = t->unit ? strlen(t->unit) : 0;

	if (!isfinite(t->value) || t->value < 0 || t->value > 1e12)
		return "目标值应为不小于 0 的数";
	if (t->op == NOTICE_OP_RANGE && (!isfinite(t->value2) || t->value2 <= t->value ||
					 t->value2 > 1e12))
		return "区间的上限应大于下限";
	if (ul == 0 || ul >= sizeof(((struct target_row *)0)->unit))
		return "计量单位不能为空，且不超过 10 个字";
	if (t->text && strlen(t->text) > 2000)
		return "指标原文过长";
	return NULL;
}

/* Fixes one item: *f from fix and the parsed item it (whose number it
 * repeats).  WB_ERR_RULE naming the item when fix does not fit. */
static enum wb_status
fix_item(struct store *st, const struct notice_item *it, const struct plan_item_fix *fix,
	 struct fixed_item *f, bool *changed, struct wb_err *err)
{
	const char *fault;
	int64_t *ids;
	bool *lead;
	size_t o = 0;
	enum wb_status rc = WB_OK;

	if (fix->number != it->number)
		return wb_err_field(err, WB_ERR_RULE, "items",
				    "第 %d 条：序号与通知不符（应为 %d），请重新解析预览后再保存",
				    fix->number, it->number);
	if ((fix->section >= 0 && (size_t)fix->section != it->section) ||
	    (fix->text && strcmp(fix->text, it->text) != 0))
		return wb_err_field(err, WB_ERR_RULE, "items",
				    "第 %d 条：事项内容和所属部分以通知原文为准，不能在导入时修改",
				    it->number);
	if (fix->nunits == 0)
		return wb_err_field(err, WB_ERR_RULE, "items", "第 %d 条：至少要有一个责任单位",
				    it->number);
	if (fix->nlead == 0)
		return wb_err_field(err, WB_ERR_RULE, "items", "第 %d 条：至少要有一个牵头单位",
				    it->number);
	f->names = calloc(fix->nunits, sizeof(*f->names));
	f->it.units = calloc(fix->nunits, sizeof(*f->it.units));
	ids = calloc(fix->nunits, sizeof(*ids));
	lead = calloc(fix->nunits, sizeof(*lead));
	if (f->names == NULL || f->it.units == NULL || ids == NULL || lead == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t u = 0; u < fix->nunits; u++) {
		struct wb_err probe;
		struct unit unit;
		if (store_unit_find(st, fix->units[u], &unit, &probe) != WB_OK) {
			rc = probe.status == WB_ERR_NOTFOUND
				     ? wb_err_field(err, WB_ERR_RULE, "items",
						    "第 %d 条：责任单位“%.60s”不在成员单位名录中",
						    it->number, fix->units[u])
				     : wb_err_set(err, probe.status, "%s", probe.msg);
			goto out;
		}
		for (size_t k = 0; k < u; k++)
			if (ids[k] == unit.id) {
				rc = wb_err_field(err, WB_ERR_RULE, "items",
						  "第 %d 条：责任单位“%s”重复", it->number, unit.name);
				goto out;
			}
		ids[u] = unit.id;
		memcpy(f->names[u], unit.name, sizeof(unit.name));
	}
	for (size_t l = 0; l < fix->nlead; l++) {
		size_t u = 0;
		while (u < fix->nunits && strcmp(fix->units[u], fix->lead[l]) != 0)
			u++;
		if (u == fix->nunits) {
			rc = wb_err_field(err, WB_ERR_RULE, "items",
					  "第 %d 条：牵头单位“%.60s”不在该项的责任单位中", it->number,
					  fix->lead[l]);
			goto out;
		}
		lead[u] = true;
	}
	for (size_t k = 0; k < fix->ntargets; k++)
		if ((fault = target_fault(&fix->targets[k])) != NULL) {
			rc = wb_err_field(err, WB_ERR_RULE, "items", "第 %d 条第 %zu 个指标：%s",
					  it->number, k + 1, fault);
			goto out;
		}
	/* lead units first, then the cooperating ones, each in the order given */
	for (int pass = 1; pass >= 0; pass--)
		for (size_t u = 0; u < fix->nunits; u++)
			if (lead[u] == (pass == 1))
				f->it.units[o++] = f->names[u];
	f->it.number = it->number;
	f->it.section = it->section;
	f->it.text = it->text;
	f->it.marker = it->marker;
	f->it.nunits = fix->nunits;
	for (size_t u = 0; u < fix->nunits; u++)
		f->it.nlead += lead[u];
	f->it.targets = fix->targets;
	f->it.ntargets = fix->ntargets;
	/* a change: other units, other order, another lead, other targets */
	*changed = f->it.nunits != it->nunits || f->it.nlead != it->nlead ||
		   !same_targets(f->it.targets, f->it.ntargets, it->targets, it->ntargets);
	for (size_t u = 0; u < f->it.nunits && !*changed; u++)
		*changed = strcmp(f->it.units[u], it->units[u]) != 0;
out:
	free(ids);
	free(lead);
	return rc;
}

/* Checks fixes against the parse n and the units table and returns in *out
 * the n->nitems items to store (the caller frees them with fixed_free); counts
 * the corrected ones in *changed. */
static enum wb_status
apply_fixes(struct store *st, const struct notice *n, const struct plan_fixes *fx,
	    struct fixed_item **out, int *changed, struct wb_err *err)
{
	struct fixed_item *f;
	enum wb_status rc = WB_OK;

	*out = NULL;
	*changed = 0;
	if (fx->n != n->nitems)
		return wb_err_field(err, WB_ERR_RULE, "items",
				    "修改后的事项有 %zu 条，通知中识别出 %zu 条，请重新解析预览后再保存",
				    fx->n, n->nitems);
	if ((f = calloc(n->nitems ? n->nitems : 1, sizeof(*f))) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n->nitems && rc == WB_OK; i++) {
		bool ch = false;
		rc = fix_item(st, &n->items[i], &fx->items[i], &f[i], &ch, err);
		*changed += ch;
	}
	if (rc != WB_OK) {
		fixed_free(f, n->nitems);
		return rc;
	}
	*out = f;
	return WB_OK;
}

/* Stores one item with its targets and tasks. */
static enum wb_status
store_one_item(struct store *st, int64_t plan_id, const struct notice_item *it, int64_t deadline,
	       int64_t now, struct plan_import *res, struct wb_err *err)
{
	struct indicator_kept *kept = NULL;
	char units[2048];
	enum wb_status rc;
	int64_t item_id;

	join_units(it, units, sizeof(units));
	rc = store_item_put(st, plan_id, it->number, (int)it->section, it->text ? it->text : "", units,
			    &item_id, err);
	if (rc == WB_OK)   /* the bindings outlive the renewed targets */
		rc = app_indicator_keep(st, item_id, &kept, err);
	if (rc == WB_OK)
		rc = store_item_clear_targets(st, item_id, err);
	for (size_t k = 0; k < it->ntargets && rc == WB_OK; k++) {
		const struct notice_target *nt = &it->targets[k];
		struct target_row t = { .value = nt->value, .value2 = nt->value2,
					.has_value2 = nt->op == NOTICE_OP_RANGE, .text = nt->text };
		store_copy_text(t.op, sizeof(t.op), op_text(nt->op));
		store_copy_text(t.unit, sizeof(t.unit), nt->unit ? nt->unit : "");
		store_copy_text(t.scope, sizeof(t.scope), notice_scope_name(nt->scope));
		rc = store_item_add_target(st, item_id, (int)k + 1, &t, err);
	}
	if (rc == WB_OK)
		rc = app_indicator_restore(st, item_id, it->number, it->text, !res->replaced, kept,
					   now, err);
	else
		free(kept);
	for (size_t u = 0; u < it->nunits && rc == WB_OK; u++) {
		struct wb_err probe;
		struct unit unit;
		if (store_unit_find(st, it->units[u], &unit, &probe) != WB_OK) {
			res->unknown_units++;
			continue;
		}
		rc = store_task_put(st, item_id, unit.id, u < it->nlead, deadline, now, err);
		if (rc == WB_OK)
			res->tasks++;
	}
	if (rc == WB_OK)
		rc = store_tasks_drop_stale(st, item_id, now, err);
	return rc;
}

enum wb_status
plan_import(struct app_ctx *c, const char *text, size_t len, const char *deadline, bool replace,
	    bool archived, const struct plan_fixes *fixes, struct plan_import *res,
	    struct wb_err *err)
{
	struct fixed_item *fixed = NULL;
	struct app_ctx all = *c;    /* the plan's tasks are the whole county's */
	struct store *st = c->st;
	int64_t now = c->now;
	struct notice_dict *dict;
	struct notice *n = NULL;
	struct plan_row p = { 0 };
	enum wb_status rc;
	char year_end[24], *source = NULL;

	memset(res, 0, sizeof(*res));
	dict = plan_units_dict(st, err);
	if (dict == NULL)
		return err ? err->status : WB_ERR_DB;
	rc = plan_parse_text(text, len, dict, &n, err);
	notice_dict_free(dict);
	if (rc != WB_OK)
		return wb_err_name_field(err, "text");
	if (n->doc_number == NULL || *n->doc_number == '\0') {
		rc = wb_err_field(err, WB_ERR_INVALID, "text", "通知中没有找到文号（如 桐未工委办〔2022〕2号）");
		goto out;
	}
	if (n->year < 2000) {
		rc = wb_err_field(err, WB_ERR_INVALID, "text", "通知中没有找到工作要点的年度");
		goto out;
	}
	snprintf(year_end, sizeof(year_end), "%04d-12-31", n->year);
	p.deadline = plan_day_end(deadline ? deadline : year_end);
	if (p.deadline < 0) {
		rc = wb_err_field(err, WB_ERR_INVALID, "deadline", "办理期限应为 YYYY-MM-DD 格式的日期");
		goto out;
	}
	rc = store_plan_find(st, n->doc_number, &p.id, err);
	if (rc != WB_OK)
		goto out;
	if (p.id > 0 && !replace) {
		rc = wb_err_field(err, WB_ERR_CONFLICT, "text", "文号 %s 的工作要点已导入；如需覆盖请选择替换",
				  n->doc_number);
		goto out;
	}
	if (fixes != NULL && (rc = apply_fixes(st, n, fixes, &fixed, &res->changed, err)) != WB_OK)
		goto out;
	res->replaced = p.id > 0;
	p.doc_number = n->doc_number;
	p.title = n->title ? n->title : n->doc_number;
	p.issuer = n->issuer;
	p.issued_on = n->date[0] ? n->date : NULL;
	p.year = n->year;
	p.archived = archived;
	res->deadline_passed = p.deadline < now;
	/* the text as imported, kept with the plan (UTF-8 input only) */
	source = notice_is_utf8(text, len) ? strndup(text, len) : strdup("");
	if (source == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}

	rc = store_begin(st, err);
	if (rc != WB_OK)
		goto out;
	rc = store_plan_put(st, &p, source, (int64_t)n->nwarnings, now, &res->plan_id, err);
	if (rc == WB_OK)
		rc = store_plan_clear_sections(st, res->plan_id, err);
	for (size_t s = 0; s < n->nsections && rc == WB_OK; s++)
		rc = store_plan_add_section(st, res->plan_id, n->sections[s].number,
					    n->sections[s].title, err);
	for (size_t i = 0; i < n->nitems && rc == WB_OK; i++) {
		rc = store_one_item(st, res->plan_id, fixed ? &fixed[i].it : &n->items[i], p.deadline,
				    now, res, err);
		res->items++;
	}
	if (rc == WB_OK && n->nitems > 0)
		rc = store_items_trim(st, res->plan_id, n->items[n->nitems - 1].number, err);
	all.scope = scope_system();
	if (rc == WB_OK)
		rc = app_tasks_refresh_moments(&all, res->plan_id, NULL, err);
	if (rc == WB_OK)   /* 下发 (none for history: the statement skips archived plans) */
		rc = store_notify_plan_assigned(st, res->plan_id, now, NULL, err);
	if (rc == WB_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	res->warnings = (int)n->nwarnings;
out:
	free(source);
	fixed_free(fixed, fixed ? n->nitems : 0);
	notice_free(n);
	return rc;
}
