#include "app/plan_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasklight.h"
#include "store/notifications.h"
#include "store/org.h"
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

/* Stores one item with its targets and tasks. */
static enum wb_status
store_one_item(struct store *st, int64_t plan_id, const struct notice_item *it, int64_t deadline,
	       int64_t now, struct plan_import *res, struct wb_err *err)
{
	char units[2048];
	enum wb_status rc;
	int64_t item_id;

	join_units(it, units, sizeof(units));
	rc = store_item_put(st, plan_id, it->number, (int)it->section, it->text ? it->text : "", units,
			    &item_id, err);
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
	    bool archived, struct plan_import *res, struct wb_err *err)
{
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
		rc = store_one_item(st, res->plan_id, &n->items[i], p.deadline, now, res, err);
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
	notice_free(n);
	return rc;
}
