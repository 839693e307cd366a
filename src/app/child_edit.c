/* A child's parents' status periods changed, personal fields revealed, its
 * facts changed and the child transferred to another village
 * (app/child_edit.h). */
#include "app/child_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/children.h"
#include "core/child_record.h"
#include "core/division.h"
#include "core/mask.h"
#include "sec/fieldcrypt.h"
#include "store/org.h"

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

/* A history line of child id with its action (the caller's transaction). */
static enum wb_status
history_line(struct app_ctx *c, int64_t id, const char *action, const char *detail,
	     const char *reason, struct wb_err *err)
{
	struct child_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
				   .action = action, .detail = detail, .reason = reason };

	return store_child_history_add(c->st, id, &ch, err);
}

/* "甲一村（甲镇）" for village code v (the code when it is not known). */
static void
place_name(struct app_ctx *c, const char *v, char *out, size_t n)
{
	struct division d = { 0 }, t = { 0 };
	struct wb_err ignored = { 0 };

	store_division_get(c->st, v, &d, &ignored);
	if (d.parent_code[0])
		store_division_get(c->st, d.parent_code, &t, &ignored);
	if (t.name[0])
		snprintf(out, n, "%s（%s）", d.name[0] ? d.name : v, t.name);
	else
		snprintf(out, n, "%s", d.name[0] ? d.name : v);
}

/* Moves child r to village `to` (clearing any pending transfer) with the
 * history line "转移：A → B" and reason. */
static enum wb_status
move_child(struct app_ctx *c, struct child_row *r, const char *to, const char *reason,
	   struct wb_err *err)
{
	char from_s[400], to_s[400], detail[900];
	enum wb_status rc;

	place_name(c, r->village_code, from_s, sizeof(from_s));
	place_name(c, to, to_s, sizeof(to_s));
	snprintf(r->village_code, sizeof(r->village_code), "%s", to);
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", to);
	rc = store_child_update(c->st, r, c->now, err);
	if (rc == WB_OK)
		rc = store_child_transfer_set(c->st, r->id, NULL, NULL, 0, 0, err);
	if (rc == WB_OK) {
		snprintf(detail, sizeof(detail), "转移：%s → %s", from_s, to_s);
		rc = history_line(c, r->id, "transfer", detail, reason, err);
	}
	return rc;
}

/* The text s (NULL as "") without leading and trailing white space into
 * out[n], cut to fit. */
static void
trimmed(const char *s, char *out, size_t n)
{
	size_t len;

	s = s ? s : "";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
			   s[len - 1] == '\r'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

enum wb_status
app_child_transfer(struct app_ctx *c, int64_t id, const char *village, const char *reason,
		   bool *pending, struct wb_err *err)
{
	char why[CHILD_TEXT_MAX], to[16], from_s[400], to_s[400], detail[1000];
	struct division d = { 0 };
	struct child_full f;
	enum wb_status rc;

	*pending = false;
	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK)
		return rc;
	if (c->scope->kind != SCOPE_COUNTY && c->scope->kind != SCOPE_TOWN) {
		rc = wb_err_set(err, WB_ERR_DENIED,
				"儿童转移由镇（街道）或未保办办理，村（社区）儿童主任不能转移");
		goto out;
	}
	trimmed(village, to, sizeof(to));
	trimmed(reason, why, sizeof(why));
	rc = division_level_of(to) == DIVISION_VILLAGE ? store_division_get(c->st, to, &d, err)
						      : WB_ERR_NOTFOUND;
	if (rc == WB_ERR_NOTFOUND)
		rc = wb_err_field(err, WB_ERR_RULE, "village", "村（社区）代码 %.12s 不存在", to);
	if (rc != WB_OK)
		goto out;
	if (strcmp(to, f.row.village_code) == 0) {
		rc = wb_err_field(err, WB_ERR_RULE, "village", "该儿童已在这个村（社区）");
		goto out;
	}
	if (why[0] == '\0' || strlen(reason) >= sizeof(why)) {
		rc = wb_err_field(err, WB_ERR_RULE, "reason",
				  why[0] ? "转移原因过长" : "请填写转移原因");
		goto out;
	}
	if (c->scope->kind == SCOPE_COUNTY || scope_covers_division(c->scope, to)) {
		rc = move_child(c, &f.row, to, why, err);
		goto out;
	}
	/* to another town: that town accepts it */
	rc = store_child_transfer_set(c->st, id, to, why, c->now, c->user_id, err);
	if (rc == WB_OK) {
		place_name(c, f.row.village_code, from_s, sizeof(from_s));
		place_name(c, to, to_s, sizeof(to_s));
		snprintf(detail, sizeof(detail), "发起转移：%s → %s，待转入地镇（街道）接收", from_s,
			 to_s);
		rc = history_line(c, id, "transfer", detail, why, err);
	}
	*pending = rc == WB_OK;
out:
	child_full_free(&f);
	return rc;
}

enum wb_status
app_child_transfer_accept(struct app_ctx *c, int64_t id, struct wb_err *err)
{
	struct child_row *r = malloc(sizeof(*r));
	struct child_transfer_row *t = malloc(sizeof(*t));
	enum wb_status rc;
	bool pending = false;

	if (r == NULL || t == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = store_child_get_incoming(c->st, c->scope, id, r, err);
	if (rc == WB_ERR_NOTFOUND) {
		/* the child's own town: it may see the child, not accept it */
		rc = store_child_get(c->st, c->scope, id, r, err);
		if (rc != WB_OK)
			goto out;
		rc = store_child_transfer_of(c->st, id, t, &pending, err);
		if (rc == WB_OK && !pending)
			rc = wb_err_code(err, WB_ERR_CONFLICT, "no_transfer", "该儿童没有待接收的转移");
		else if (rc == WB_OK)
			rc = wb_err_set(err, WB_ERR_DENIED, "转移须由转入地的镇（街道）接收");
		goto out;
	}
	if (rc != WB_OK)
		goto out;
	if (c->scope->kind != SCOPE_COUNTY && c->scope->kind != SCOPE_TOWN) {
		rc = wb_err_set(err, WB_ERR_DENIED,
				"儿童转移由镇（街道）或未保办办理，村（社区）儿童主任不能接收");
		goto out;
	}
	rc = store_child_transfer_of(c->st, id, t, &pending, err);
	if (rc == WB_OK && !pending)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "no_transfer", "该儿童没有待接收的转移");
	if (rc == WB_OK)
		rc = move_child(c, r, t->to_village, t->reason, err);
out:
	free(r);
	free(t);
	return rc;
}

/* store_child_transfers' callback: a copy of each row. */
static void
keep_transfer(const struct child_transfer_row *t, void *arg)
{
	struct child_transfer_row *to = vec_push(arg);

	if (to)
		*to = *t;
}

enum wb_status
app_child_transfers(struct app_ctx *c, struct vec *out, struct wb_err *err)
{
	struct vec rows = VEC_INIT(struct child_transfer_row);
	enum wb_status rc;

	*out = (struct vec)VEC_INIT(struct child_transfer_brief);
	rc = store_child_transfers(c->st, c->scope, 500, keep_transfer, &rows, err);
	if (rc == WB_OK && rows.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < rows.n && rc == WB_OK; i++) {
		const struct child_transfer_row *t = vec_at(&rows, i);
		struct child_transfer_brief *b = vec_push(out);
		char *number = NULL, *name = NULL;

		if (b == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
		memset(b, 0, sizeof(*b));
		b->child_id = t->child_id;
		snprintf(b->from_village, sizeof(b->from_village), "%s", t->from_village);
		snprintf(b->to_village, sizeof(b->to_village), "%s", t->to_village);
		snprintf(b->reason, sizeof(b->reason), "%s", t->reason);
		snprintf(b->by_name, sizeof(b->by_name), "%s", t->by_name);
		b->at = t->at;
		b->incoming = c->scope->kind == SCOPE_COUNTY ||
			      scope_covers_division(c->scope, t->to_village);
		rc = app_child_open(c, "children", "id_number", t->child_id, t->id_number, &number,
				    err);
		if (rc == WB_OK)
			rc = app_child_open(c, "children", "name", t->child_id, t->name, &name, err);
		if (rc == WB_OK) {
			mask_idnumber(number, b->id_number_masked, sizeof(b->id_number_masked));
			mask_name(name, b->name_masked, sizeof(b->name_masked));
		} else if (rc == WB_ERR_DENIED || rc == WB_ERR_INVALID) {
			/* an altered cell (an edited database file): say so, keep the list */
			snprintf(b->id_number_masked, sizeof(b->id_number_masked), "（无法解密）");
			snprintf(b->name_masked, sizeof(b->name_masked), "（无法解密）");
			rc = WB_OK;
		}
		if (number)
			fieldcrypt_free(number, strlen(number));
		if (name)
			fieldcrypt_free(name, strlen(name));
	}
	vec_free(&rows);
	if (rc != WB_OK)
		vec_free(out);
	return rc;
}

/* The problems of a patch: those of the columns it gives, passed on. */
struct patch_check {
	sheet_header_fn fn;
	void *arg;
	int problems;
};

static void
patch_problem(const char *header, const char *reason, void *arg)
{
	struct patch_check *k = arg;

	/* the name, ID number and parents are not part of a patch (left empty) */
	if (strcmp(header, child_headers[CC_NAME]) == 0)
		return;
	k->problems++;
	if (k->fn)
		k->fn(header, reason, k->arg);
}

/* Appends title to the "、"-joined list out[n] of changed fields. */
static void
changed_field(char *out, size_t n, const char *title)
{
	size_t len = strlen(out);

	snprintf(out + len, n - len, "%s%s", len ? "、" : "", title);
}

/* The clear value of token (cell table/column/row) into a malloc'd *out;
 * "" for none.  The caller wipes it with fieldcrypt_free. */
static enum wb_status
open_cell(struct app_ctx *c, const char *table, const char *column, int64_t row,
	  const char *token, char **out, struct wb_err *err)
{
	return app_child_open(c, table, column, row, token, out, err);
}

/* Wipes and frees a clear value (NULL allowed). */
static void
wipe(char *s)
{
	if (s)
		fieldcrypt_free(s, strlen(s));
}

/* Writes a guardian of child id: name, relation and phone in clear, sealed
 * here; g is the present one, or NULL for a new one of order seq (its id
 * into *gid when gid is not NULL). */
static enum wb_status
write_guardian(struct app_ctx *c, int64_t id, const struct child_guardian_row *g,
	       const char *name, const char *relation, const char *phone, int seq, int64_t *gid,
	       struct wb_err *err)
{
	struct child_guardian_row *n = calloc(1, sizeof(*n));
	enum wb_status rc = WB_OK;

	if (n == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (g == NULL) {   /* a new one: its id first, the tokens go in with the row */
		n->seq = seq;
		snprintf(n->relation, sizeof(n->relation), "%s", relation);
		rc = store_child_reserve_ids(c->st, CHILD_ID_GUARDIAN, 1, &n->id, err);
	} else {
		n->id = g->id;
		rc = store_child_guardian_set_relation(c->st, n->id, relation, err);
	}
	if (rc == WB_OK)
		rc = app_child_seal(c, "child_guardians", "name", n->id, name, n->name,
				    sizeof(n->name), err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "child_guardians", "phone", n->id, phone, n->phone,
				    sizeof(n->phone), err);
	if (rc == WB_OK)
		rc = g == NULL ? store_child_guardian_insert(c->st, id, n, err)
			       : store_child_guardian_set_tokens(c->st, n->id, n->name, n->phone, err);
	if (rc == WB_OK && gid)
		*gid = n->id;
	sodium_memzero(n, sizeof(*n));
	free(n);
	return rc;
}

enum wb_status
app_child_update(struct app_ctx *c, int64_t id, const struct child_patch *p, sheet_header_fn fn,
		 void *arg, char *changed, size_t changed_len, struct wb_err *err)
{
	struct patch_check k = { fn, arg, 0 };
	const char *in[CC__MAX] = { NULL };
	const struct child_guardian_row *g = NULL;
	struct child_record *rec = calloc(1, sizeof(*rec));
	struct child_row *r = calloc(1, sizeof(*r));
	char *old_address = NULL, *old_bank = NULL, *old_gname = NULL, *old_gphone = NULL;
	char grade[4] = "", bank[33] = "", fields[400] = "", detail[500];
	bool guardian = p->guardian_name || p->guardian_relation || p->guardian_phone;
	bool tokens = false;
	struct child_full f;
	enum wb_status rc;

	changed[0] = '\0';
	if (rec == NULL || r == NULL) {
		free(rec);
		free(r);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK) {
		free(rec);
		free(r);
		return rc;
	}
	*r = f.row;
	g = f.guardians.n ? vec_at(&f.guardians, 0) : NULL;
	if (r->disability_grade)
		snprintf(grade, sizeof(grade), "%d", r->disability_grade);
	/* the clear values a patch compares with, or keeps beside a changed one */
	if (p->address)
		rc = open_cell(c, "children", "address", id, r->address, &old_address, err);
	if (rc == WB_OK && p->bank_account)
		rc = open_cell(c, "children", "bank_account", id, r->bank_account, &old_bank, err);
	if (rc == WB_OK && guardian && g)
		rc = open_cell(c, "child_guardians", "name", g->id, g->name, &old_gname, err);
	if (rc == WB_OK && guardian && g)
		rc = open_cell(c, "child_guardians", "phone", g->id, g->phone, &old_gphone, err);
	if (rc != WB_OK)
		goto out;
	/* the record as it would be, checked by the template's rules */
	in[CC_VILLAGE] = r->village_code;
	in[CC_PLACEMENT] = p->placement ? p->placement : r->placement;
	in[CC_DISABILITY] = p->disability ? p->disability : r->disability;
	in[CC_DISABILITY_GRADE] = p->disability_grade ? p->disability_grade : grade;
	if (p->disability && p->disability[0] == '\0' && p->disability_grade == NULL)
		in[CC_DISABILITY_GRADE] = "";   /* no disability any more: no grade either */
	in[CC_ECONOMY] = p->economy ? p->economy : r->economy;
	in[CC_HOUSEHOLD] = p->household ? p->household : r->household;
	in[CC_SCHOOL] = p->school ? p->school : r->school;
	in[CC_ADDRESS] = p->address;
	if (guardian) {
		in[CC_GUARDIAN_NAME] = p->guardian_name ? p->guardian_name : old_gname;
		in[CC_GUARDIAN_RELATION] = p->guardian_relation ? p->guardian_relation
					   : g ? g->relation : NULL;
		in[CC_GUARDIAN_PHONE] = p->guardian_phone ? p->guardian_phone : old_gphone;
	}
	child_record_validate(in, app_today(c), rec, patch_problem, &k);
	if (guardian && rec->guardian_name[0] == '\0' && k.problems == 0)
		patch_problem(child_headers[CC_GUARDIAN_NAME],
			      "「监护人姓名」不能为空（生活费发放给第一监护人）", &k);
	if (p->bank_account && p->bank_account[0] && !child_bank_account_parse(p->bank_account, bank))
		patch_problem("银行账号", "「银行账号」应为 6–32 位数字", &k);
	if (k.problems > 0) {
		rc = wb_err_code(err, WB_ERR_RULE, "invalid_record", "儿童信息有误，请按提示修改");
		goto out;
	}
	/* what changed: facts in clear, personal cells compared in clear */
#define FACT(title, field, value) \
	do { \
		if (strcmp(r->field, value) != 0) { \
			changed_field(fields, sizeof(fields), title); \
			snprintf(r->field, sizeof(r->field), "%s", value); \
		} \
	} while (0)
	FACT("户籍类型", household, rec->household);
	FACT("就读学校", school, rec->school);
	FACT("安置方式", placement, placement_name(rec->placement));
	FACT("残疾类别", disability, disability_kind_name(rec->disability));
	FACT("家庭经济", economy, family_economy_name(rec->economy));
#undef FACT
	if (r->disability_grade != rec->disability_grade) {
		changed_field(fields, sizeof(fields), "残疾等级");
		r->disability_grade = rec->disability_grade;
	}
	if (p->address && strcmp(old_address, rec->address) != 0) {
		changed_field(fields, sizeof(fields), "住址");
		rc = app_child_seal(c, "children", "address", id, rec->address, r->address,
				    sizeof(r->address), err);
		tokens = true;
	}
	if (rc == WB_OK && p->bank_account && strcmp(old_bank, bank) != 0) {
		changed_field(fields, sizeof(fields), "银行账号");
		rc = app_child_seal(c, "children", "bank_account", id, bank, r->bank_account,
				    sizeof(r->bank_account), err);
		tokens = true;
	}
	if (rc == WB_OK && guardian) {
		size_t before = strlen(fields);

		if (g == NULL || strcmp(old_gname, rec->guardian_name) != 0)
			changed_field(fields, sizeof(fields), "监护人姓名");
		if (g == NULL || strcmp(g->relation, rec->guardian_relation) != 0)
			changed_field(fields, sizeof(fields), "监护人关系");
		if ((g == NULL && rec->guardian_phone[0]) ||
		    (g && strcmp(old_gphone, rec->guardian_phone) != 0))
			changed_field(fields, sizeof(fields), "监护人手机");
		if (strlen(fields) != before)
			rc = write_guardian(c, id, g, rec->guardian_name, rec->guardian_relation,
					    rec->guardian_phone, 1, NULL, err);
	}
	if (rc != WB_OK || fields[0] == '\0')
		goto out;
	rc = store_child_update(c->st, r, c->now, err);
	if (rc == WB_OK && tokens)
		rc = store_child_set_tokens(c->st, r, err);
	if (rc == WB_OK) {
		const char *why = p->reason && p->reason[0] ? p->reason : NULL;

		snprintf(detail, sizeof(detail), "修改：%s", fields);
		rc = history_line(c, id, "update", detail, why, err);
	}
	if (rc == WB_OK)
		rc = app_child_rederive(c, id, NULL, err);
	if (rc == WB_OK)
		snprintf(changed, changed_len, "%s", fields);
out:
	wipe(old_address);
	wipe(old_bank);
	wipe(old_gname);
	wipe(old_gphone);
	sodium_memzero(bank, sizeof(bank));
	sodium_memzero(rec, sizeof(*rec));
	free(rec);
	free(r);
	child_full_free(&f);
	return rc;
}

/* The record of child r as the template has it, with no guardian: the
 * facts a check of one part of it needs (grade: r's, as text, kept by the
 * caller). */
static void
record_of(const struct child_row *r, const char *grade, const char *in[CC__MAX])
{
	for (int i = 0; i < CC__MAX; i++)
		in[i] = NULL;
	in[CC_VILLAGE] = r->village_code;
	in[CC_PLACEMENT] = r->placement;
	in[CC_DISABILITY] = r->disability;
	in[CC_DISABILITY_GRADE] = grade;
	in[CC_ECONOMY] = r->economy;
	in[CC_HOUSEHOLD] = r->household;
	in[CC_SCHOOL] = r->school;
}

enum wb_status
app_child_guardian_add(struct app_ctx *c, int64_t id, const struct child_guardian_input *in,
		       sheet_header_fn fn, void *arg, int64_t *gid, struct wb_err *err)
{
	struct patch_check k = { fn, arg, 0 };
	const char *cells[CC__MAX];
	struct child_record *rec = calloc(1, sizeof(*rec));
	char grade[4] = "", why[CHILD_TEXT_MAX], detail[300];
	int seq = 0;
	struct child_full f;
	enum wb_status rc;

	*gid = 0;
	if (rec == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK) {
		free(rec);
		return rc;
	}
	if (f.row.disability_grade)
		snprintf(grade, sizeof(grade), "%d", f.row.disability_grade);
	record_of(&f.row, grade, cells);
	cells[CC_GUARDIAN_NAME] = in->name ? in->name : "";
	cells[CC_GUARDIAN_RELATION] = in->relation ? in->relation : "";
	cells[CC_GUARDIAN_PHONE] = in->phone;
	child_record_validate(cells, app_today(c), rec, patch_problem, &k);
	if (rec->guardian_name[0] == '\0' && k.problems == 0)
		patch_problem(child_headers[CC_GUARDIAN_NAME], "「监护人姓名」不能为空", &k);
	trimmed(in->reason, why, sizeof(why));
	if (in->reason && strlen(in->reason) >= sizeof(why)) {
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "原因过长");
		goto out;
	}
	if (k.problems > 0) {
		rc = wb_err_code(err, WB_ERR_RULE, "invalid_record", "监护人信息有误，请按提示修改");
		goto out;
	}
	for (size_t i = 0; i < f.guardians.n; i++) {
		const struct child_guardian_row *g = vec_at(&f.guardians, i);

		if (g->seq > seq)
			seq = g->seq;
	}
	rc = write_guardian(c, id, NULL, rec->guardian_name, rec->guardian_relation,
			    rec->guardian_phone, seq + 1, gid, err);
	if (rc == WB_OK) {
		snprintf(detail, sizeof(detail), "新增监护人：%s%s", rec->guardian_relation,
			 f.guardians.n ? "" : "（生活费收款人）");
		rc = history_line(c, id, "update", detail, why[0] ? why : NULL, err);
	}
out:
	sodium_memzero(rec, sizeof(*rec));
	free(rec);
	child_full_free(&f);
	return rc;
}

enum wb_status
app_child_guardian_remove(struct app_ctx *c, int64_t id, int64_t gid, const char *reason,
			  struct wb_err *err)
{
	const struct child_guardian_row *g = NULL;
	char why[CHILD_TEXT_MAX], detail[300];
	struct child_full f;
	size_t at = 0;
	enum wb_status rc;

	rc = app_child_load(c, id, &f, err);   /* outside the caller's scope: not found */
	if (rc != WB_OK)
		return rc;
	for (size_t i = 0; i < f.guardians.n && g == NULL; i++) {
		const struct child_guardian_row *q = vec_at(&f.guardians, i);

		if (q->id == gid) {
			g = q;
			at = i;
		}
	}
	trimmed(reason, why, sizeof(why));
	if (g == NULL)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该监护人");
	else if (at == 0)
		rc = wb_err_field(err, WB_ERR_RULE, "guardian",
				  "第一监护人是补贴收款人，不能删除；如需更换，请在「修改信息」中修改");
	else if (why[0] == '\0' || strlen(reason) >= sizeof(why))
		rc = wb_err_field(err, WB_ERR_RULE, "reason",
				  why[0] ? "删除原因过长" : "请填写删除原因");
	if (rc == WB_OK)
		rc = store_child_guardian_delete(c->st, id, gid, err);
	if (rc == WB_OK) {
		snprintf(detail, sizeof(detail), "删除监护人：%s（第 %zu 监护人）", g->relation,
			 at + 1);
		rc = history_line(c, id, "update", detail, why, err);
	}
	child_full_free(&f);
	return rc;
}

enum wb_status
app_child_set_guardianship(struct app_ctx *c, int64_t id, bool lacking, const char *reason,
			   struct wb_err *err)
{
	const struct scope *saved = c->scope;
	struct child_full f;
	enum wb_status rc;

	c->scope = scope_system();   /* the case that found it was in the caller's scope */
	rc = app_child_load(c, id, &f, err);
	c->scope = saved;
	if (rc != WB_OK)
		return rc;
	if (f.row.guardianship_lacking != lacking) {
		f.row.guardianship_lacking = lacking;
		rc = store_child_update(c->st, &f.row, c->now, err);
		if (rc == WB_OK)
			rc = history_line(c, id, "update",
					  lacking ? "修改：监护缺失或不当（是）"
						  : "修改：监护缺失或不当（否）",
					  reason, err);
		if (rc == WB_OK)
			rc = app_child_rederive(c, id, NULL, err);
	}
	child_full_free(&f);
	return rc;
}
