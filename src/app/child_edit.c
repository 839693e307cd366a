/* A child's parents' status periods changed and personal fields revealed
 * (app/child_edit.h). */
#include "app/child_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/children.h"
#include "core/child_record.h"

enum wb_status
app_child_reveal(struct app_ctx *c, int64_t id, const char *field, char **out,
		 struct wb_err *err)
{
	struct child_full f;
	const struct child_guardian_row *g;
	enum wb_status rc;

	*out = NULL;
	if (field == NULL ||
	    (strcmp(field, "id_number") != 0 && strcmp(field, "name") != 0 &&
	     strcmp(field, "address") != 0 && strcmp(field, "guardian_name") != 0 &&
	     strcmp(field, "guardian_phone") != 0))
		return wb_err_field(err, WB_ERR_INVALID, "field",
				    "可查看的字段：身份证号、姓名、住址、监护人姓名、监护人手机");
	rc = app_child_load(c, id, &f, err);
	if (rc != WB_OK)
		return rc;
	if (strncmp(field, "guardian_", 9) == 0) {
		g = f.guardians.n ? vec_at(&f.guardians, 0) : NULL;
		if (g == NULL) {
			*out = strdup("");
			rc = *out ? WB_OK : wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		} else {
			rc = app_child_open(c, "child_guardians", field + 9, g->id,
					    strcmp(field, "guardian_name") == 0 ? g->name : g->phone,
					    out, err);
		}
	} else {
		const char *token = strcmp(field, "id_number") == 0 ? f.row.id_number
				    : strcmp(field, "name") == 0    ? f.row.name
								    : f.row.address;
		rc = app_child_open(c, "children", field, id, token, out, err);
	}
	child_full_free(&f);
	return rc;
}

/* The date s into *d; false when it is not one. */
static bool
parse_day(const char *s, struct id_date *d)
{
	return s && id_date_parse_iso(s, d);
}

/* A history line of child id written by the caller. */
static enum wb_status
history(struct app_ctx *c, int64_t id, const char *detail, const char *reason,
	struct wb_err *err)
{
	struct child_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
				   .action = "status", .detail = detail, .reason = reason };

	return store_child_history_add(c->st, id, &ch, err);
}

enum wb_status
app_child_period_add(struct app_ctx *c, int64_t id, const struct child_period_input *in,
		     int64_t *pid, struct wb_err *err)
{
	struct id_date today = app_today(c), start, end;
	struct child_period_row p;
	struct child_full f;
	enum parent_status s;
	enum disability_kind k = DISABILITY_NONE;
	char detail[400];
	enum wb_status rc;
	int grade = 0;

	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK)
		return rc;
	child_full_free(&f);
	if (in->parent == NULL || (strcmp(in->parent, "父亲") != 0 && strcmp(in->parent, "母亲") != 0))
		return wb_err_field(err, WB_ERR_RULE, "parent", "请选择父亲或母亲");
	s = parent_status_parse(in->status ? in->status : "");
	if (in->status == NULL || in->status[0] == '\0' || s == PARENT_STATUS__MAX)
		return wb_err_field(err, WB_ERR_RULE, "status", "状况不在规定的列表中");
	if (s == PARENT_DISABLED) {
		k = disability_kind_parse(in->disability ? in->disability : "");
		if (k == DISABILITY_NONE || k == DISABILITY__MAX)
			return wb_err_field(err, WB_ERR_RULE, "disability",
					    "残疾须写明类别（视力、听力、言语、肢体、智力、精神、多重）");
		grade = child_grade_parse(in->grade ? in->grade : "");
		if (grade == 0)
			return wb_err_field(err, WB_ERR_RULE, "grade", "残疾须写明等级（1–4 级）");
	} else if ((in->disability && in->disability[0]) || (in->grade && in->grade[0])) {
		return wb_err_field(err, WB_ERR_RULE, "disability", "只有残疾状况才填残疾类别和等级");
	}
	if (!parse_day(in->started_on, &start))
		return wb_err_field(err, WB_ERR_RULE, "started_on", "开始日期不是有效日期（YYYY-MM-DD）");
	if (id_date_compare(start, today) > 0)
		return wb_err_field(err, WB_ERR_RULE, "started_on", "开始日期不能晚于今天");
	if (in->ended_on && in->ended_on[0]) {
		if (!parse_day(in->ended_on, &end))
			return wb_err_field(err, WB_ERR_RULE, "ended_on",
					    "结束日期不是有效日期（YYYY-MM-DD）");
		if (id_date_compare(end, start) < 0)
			return wb_err_field(err, WB_ERR_RULE, "ended_on", "结束日期不能早于开始日期");
	}
	if (in->evidence && strlen(in->evidence) >= sizeof(p.evidence))
		return wb_err_field(err, WB_ERR_RULE, "evidence", "证明材料说明过长");
	memset(&p, 0, sizeof(p));
	snprintf(p.parent, sizeof(p.parent), "%s", in->parent);
	snprintf(p.status, sizeof(p.status), "%s", parent_status_name(s));
	snprintf(p.disability, sizeof(p.disability), "%s", disability_kind_name(k));
	p.grade = grade;
	id_date_format(start, p.started_on);
	if (in->ended_on && in->ended_on[0])
		id_date_format(end, p.ended_on);
	snprintf(p.evidence, sizeof(p.evidence), "%s", in->evidence ? in->evidence : "");
	rc = store_child_period_add(c->st, id, &p, c->now, c->user_id, pid, err);
	if (rc != WB_OK)
		return rc;
	if (grade)
		snprintf(detail, sizeof(detail), "%s状况：%s（%s%d级，%s起%s%s）", p.parent, p.status,
			 p.disability, grade, p.started_on, p.ended_on[0] ? "至" : "", p.ended_on);
	else
		snprintf(detail, sizeof(detail), "%s状况：%s（%s起%s%s）", p.parent, p.status,
			 p.started_on, p.ended_on[0] ? "至" : "", p.ended_on);
	rc = history(c, id, detail, p.evidence[0] ? p.evidence : NULL, err);
	if (rc == WB_OK)
		rc = app_child_rederive(c, id, NULL, err);
	return rc;
}

enum wb_status
app_child_period_end(struct app_ctx *c, int64_t id, int64_t pid, const char *ended_on,
		     struct wb_err *err)
{
	struct id_date today = app_today(c), start, end;
	const struct child_period_row *p = NULL;
	struct child_full f;
	char detail[400];
	enum wb_status rc;

	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK)
		return rc;
	if (!parse_day(ended_on, &end)) {
		rc = wb_err_field(err, WB_ERR_RULE, "ended_on", "结束日期不是有效日期（YYYY-MM-DD）");
		goto out;
	}
	if (id_date_compare(end, today) > 0) {
		rc = wb_err_field(err, WB_ERR_RULE, "ended_on", "结束日期不能晚于今天");
		goto out;
	}
	for (size_t i = 0; i < f.periods.n && p == NULL; i++) {
		const struct child_period_row *q = vec_at(&f.periods, i);

		if (q->id == pid)
			p = q;
	}
	if (p == NULL) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该状况记录");
		goto out;
	}
	if (id_date_parse_iso(p->started_on, &start) && id_date_compare(end, start) < 0) {
		rc = wb_err_field(err, WB_ERR_RULE, "ended_on", "结束日期不能早于开始日期（%s）",
				  p->started_on);
		goto out;
	}
	rc = store_child_period_end(c->st, id, pid, ended_on, err);
	if (rc == WB_OK) {
		snprintf(detail, sizeof(detail), "%s状况：%s（%s起）结束于 %s", p->parent, p->status,
			 p->started_on, ended_on);
		rc = history(c, id, detail, NULL, err);
	}
	if (rc == WB_OK)
		rc = app_child_rederive(c, id, NULL, err);
out:
	child_full_free(&f);
	return rc;
}
