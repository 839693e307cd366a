/* The 儿童主任's visits (app/child_visits.h). */
#include "app/child_visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/children.h"
#include "sec/fieldcrypt.h"

struct visit_rules
app_visit_rules(const struct app_ctx *c)
{
	(void)c;
	return visit_rules_default();
}

enum wb_status
app_child_visit_add(struct app_ctx *c, int64_t id, const struct child_visit_input *in,
		    int64_t *vid, char next_due[11], struct wb_err *err)
{
	struct id_date today = app_today(c), visited, given, due;
	struct visit_rules rules = app_visit_rules(c);
	struct child_visit_row *v;
	struct child_brief brief;
	struct child_full f;
	char detail[200];
	struct child_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
				   .action = "update", .detail = detail };
	enum wb_status rc;
	bool has_given = in->next_due && in->next_due[0];

	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK)
		return rc;
	rc = app_child_brief(c, &f.row, today, &brief, err);
	child_full_free(&f);
	if (rc != WB_OK)
		return rc;
	if (in->visited_on == NULL || !id_date_parse_iso(in->visited_on, &visited))
		return wb_err_field(err, WB_ERR_RULE, "visited_on", "走访日期不是有效日期（YYYY-MM-DD）");
	if (id_date_compare(visited, today) > 0)
		return wb_err_field(err, WB_ERR_RULE, "visited_on", "走访日期不能晚于今天");
	if (in->findings == NULL || in->findings[0] == '\0')
		return wb_err_field(err, WB_ERR_RULE, "findings", "请填写走访发现的情况");
	if (strlen(in->findings) > CHILD_VISIT_TEXT_MAX)
		return wb_err_field(err, WB_ERR_RULE, "findings", "走访情况不能超过200字");
	if (in->needs && strlen(in->needs) > CHILD_VISIT_TEXT_MAX)
		return wb_err_field(err, WB_ERR_RULE, "needs", "需求不能超过200字");
	if (has_given && !id_date_parse_iso(in->next_due, &given))
		return wb_err_field(err, WB_ERR_RULE, "next_due",
				    "下次走访日期不是有效日期（YYYY-MM-DD）");
	if (!child_visit_next_due(visited, brief.categories, &rules, has_given ? &given : NULL,
				  &due))
		return wb_err_field(err, WB_ERR_RULE, "next_due",
				    "下次走访日期须在走访日期之后、不晚于%d个月后",
				    child_visit_interval(brief.categories, &rules));
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	id_date_format(visited, v->visited_on);
	id_date_format(due, v->next_due);
	rc = store_child_visit_add(c->st, id, v, c->now, c->user_id, c->login, vid, err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "child_visits", "findings", *vid, in->findings, v->findings,
				    sizeof(v->findings), err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "child_visits", "needs", *vid, in->needs, v->needs,
				    sizeof(v->needs), err);
	if (rc == WB_OK)
		rc = store_child_visit_set_tokens(c->st, *vid, v->findings,
						  v->needs[0] ? v->needs : NULL, err);
	if (rc == WB_OK) {
		snprintf(detail, sizeof(detail), "走访：%s，下次走访 %s 前", v->visited_on,
			 v->next_due);
		rc = store_child_history_add(c->st, id, &ch, err);
	}
	memcpy(next_due, v->next_due, 11);
	free(v);
	return rc;
}

struct collect {
	struct app_ctx *c;
	struct vec *out;
	enum wb_status rc;
	struct wb_err *err;
};

/* Keeps visit v, decrypted, in the collector's vec (the first failure kept). */
static void
keep_visit(const struct child_visit_row *v, void *arg)
{
	struct collect *k = arg;
	struct child_visit *to;

	if (k->rc != WB_OK)
		return;
	to = vec_push(k->out);
	if (to == NULL) {
		k->rc = wb_err_set(k->err, WB_ERR_NOMEM, "out of memory");
		return;
	}
	memset(to, 0, sizeof(*to));
	to->id = v->id;
	memcpy(to->visited_on, v->visited_on, sizeof(to->visited_on));
	memcpy(to->next_due, v->next_due, sizeof(to->next_due));
	to->created_at = v->created_at;
	memcpy(to->login, v->login, sizeof(to->login));
	memcpy(to->login_name, v->login_name, sizeof(to->login_name));
	k->rc = app_child_open(k->c, "child_visits", "findings", v->id, v->findings,
			       &to->findings, k->err);
	if (k->rc == WB_OK)
		k->rc = app_child_open(k->c, "child_visits", "needs", v->id, v->needs, &to->needs,
				       k->err);
}

enum wb_status
app_child_visits(struct app_ctx *c, int64_t id, struct vec *out, struct wb_err *err)
{
	struct collect k = { c, out, WB_OK, err };
	enum wb_status rc = store_child_visits(c->st, id, keep_visit, &k, err);

	return rc != WB_OK ? rc : k.rc;
}

void
child_visits_free(struct vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct child_visit *x = vec_at(v, i);

		if (x->findings)
			fieldcrypt_free(x->findings, strlen(x->findings));
		if (x->needs)
			fieldcrypt_free(x->needs, strlen(x->needs));
	}
	vec_free(v);
}

enum wb_status
app_child_visit_due(struct app_ctx *c, int64_t id, unsigned categories,
		    struct child_visit_due *out, struct wb_err *err)
{
	struct visit_rules rules = app_visit_rules(c);
	struct id_date today = app_today(c), due;
	int64_t created_at;
	enum wb_status rc;
	long days;

	memset(out, 0, sizeof(*out));
	rc = store_child_visit_state(c->st, id, &created_at, out->last_visit, out->due, err);
	if (rc != WB_OK)
		return rc;
	out->visited = out->last_visit[0] != '\0';
	if (!out->visited || !id_date_parse_iso(out->due, &due)) {
		due = id_date_add_months(id_date_of_time(created_at, CHINA_UTC_OFFSET_S),
					 child_visit_interval(categories, &rules));
		id_date_format(due, out->due);
	}
	days = id_date_days(today) - id_date_days(due);
	out->days_overdue = days > 0 ? (int)days : 0;
	return WB_OK;
}

struct overdue_walk {
	struct app_ctx *c;
	enum wb_status (*fn)(const struct child_overdue *, void *);
	void *arg;
	struct wb_err *err;
};

/* Passes on the brief b when its visit is overdue. */
static enum wb_status
overdue_one(const struct child_brief *b, void *arg)
{
	struct overdue_walk *w = arg;
	struct child_overdue o;
	enum wb_status rc;

	if (!(b->categories & CHILD_MAIN_CATEGORIES))
		return WB_OK;
	o.brief = *b;
	rc = app_child_visit_due(w->c, b->id, b->categories, &o.due, w->err);
	if (rc != WB_OK || o.due.days_overdue <= 0)
		return rc;
	return w->fn(&o, w->arg);
}

enum wb_status
app_child_overdue_each(struct app_ctx *c, const struct child_filter *f,
		       enum wb_status (*fn)(const struct child_overdue *, void *), void *arg,
		       struct wb_err *err)
{
	struct overdue_walk w = { c, fn, arg, err };
	struct child_filter only = { .town = f ? f->town : NULL, .village = f ? f->village : NULL };

	return app_child_each(c, &only, app_today(c), CHILD_MAIN_CATEGORIES, overdue_one, &w, err);
}
