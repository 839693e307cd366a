#include "app/case_measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/cases.h"
#include "app/children.h"
#include "app/notify.h"
#include "core/idnumber.h"
#include "core/mask.h"
#include "sec/fieldcrypt.h"
#include "sec/permissions.h"
#include "store/org.h"
#include "util/arena.h"

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static bool
holds(uint32_t perms, enum permission p)
{
	return (perms & (1u << p)) != 0;
}

struct scope
app_measure_scope(const struct app_ctx *c, uint32_t perms, int64_t *unit_only)
{
	struct scope s = *c->scope;

	if (!holds(perms, PERM_CASE_MEASURE))
		s.unit_id = 0;     /* the unit branch: only a unit that records measures */
	if (unit_only)
		*unit_only = holds(perms, PERM_CASE_MEASURE) && !holds(perms, PERM_CASE_READ) &&
				     !holds(perms, PERM_CASE_MANAGE)
			     ? (c->unit_id > 0 ? c->unit_id : -1) : 0;
	return s;
}

/* Whether the user handles case r: case.manage with its village in scope,
 * or in the unit it was transferred to (and accepted). */
static bool
handles(const struct app_ctx *c, uint32_t perms, const struct case_row *r)
{
	return holds(perms, PERM_CASE_MANAGE) &&
	       (scope_covers_division(c->scope, r->division_code) ||
		(r->transfer_unit_id > 0 && r->transfer_unit_id == c->unit_id &&
		 r->state != CASE_TRANSFERRING));
}

/* The timeline entry of a measure: detail {"measure_id", "title"}. */
static enum wb_status
timeline(struct app_ctx *c, int64_t case_id, enum case_state state, int64_t measure_id,
	 const char *title, const char *note, struct wb_err *err)
{
	json_t *d = json_pack("{s:I, s:s}", "measure_id", (json_int_t)measure_id, "title", title);
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	enum wb_status rc;

	json_decref(d);
	if (text == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = app_case_timeline(c, case_id, state, "measure", note, text, err);
	free(text);
	return rc;
}

/* Adds a measure event with its sealed note. */
static enum wb_status
measure_event(struct app_ctx *c, int64_t measure_id, const char *event, const char *from,
	      const char *to, const char *note, struct wb_err *err)
{
	struct measure_event_row e = { .at = c->now, .login = c->login, .event = event,
				       .from_state = from, .to_state = to };
	char *tok = NULL;
	int64_t eid = 0;
	enum wb_status rc = store_measure_event_add(c->st, measure_id, c->user_id, &e, &eid, err);

	if (rc == WB_OK && !empty(note)) {
		rc = fieldcrypt_encrypt_str(c->keys, "case_measure_events", "note", eid, note, &tok,
					    err);
		if (rc == WB_OK)
			rc = store_measure_event_seal(c->st, eid, tok, err);
	}
	free(tok);
	return rc;
}

enum wb_status
app_measure_assign(struct app_ctx *c, int64_t case_id, uint32_t perms, const struct measure_in *in,
		   int64_t *id, char title[200], struct wb_err *err)
{
	struct case_row *r;
	struct measure_row *m;
	struct unit unit;
	struct id_date due, today = app_today(c);
	char *tok = NULL, line[256], notice[300], link[48], dedupe[48];
	enum wb_status rc;

	title[0] = '\0';
	r = calloc(1, sizeof(*r));
	m = calloc(1, sizeof(*m));
	if (r == NULL || m == NULL) {
		free(r);
		free(m);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	rc = store_case_get(c->st, c->scope, case_id, c->now, r, err);
	if (rc != WB_OK)
		goto out;
	if (!handles(c, perms, r)) {
		rc = wb_err_code(err, WB_ERR_DENIED, "not_allowed", "您无权为该个案安排救助措施");
		goto out;
	}
	if (!measure_case_state_ok(r->state)) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "wrong_state",
				 "个案当前状态为%s，只有核查评估、处置中或跟踪回访的个案可以安排救助措施",
				 case_state_title(r->state));
		goto out;
	}
	if (!case_measure_kind_allowed(c->config->case_measure_kinds, in->kind)) {
		rc = wb_err_field(err, WB_ERR_RULE, "kind", "请选择措施类别（%s）",
				  c->config->case_measure_kinds);
		goto out;
	}
	if (in->unit_id <= 0 || store_unit_get(c->st, in->unit_id, &unit, err) != WB_OK) {
		rc = wb_err_field(err, WB_ERR_RULE, "unit_id", "请选择承办的成员单位");
		goto out;
	}
	if (empty(in->due_on) || !id_date_parse_iso(in->due_on, &due)) {
		rc = wb_err_field(err, WB_ERR_RULE, "due_on", "办理期限应为 YYYY-MM-DD");
		goto out;
	}
	if (id_date_compare(due, today) < 0) {
		rc = wb_err_field(err, WB_ERR_RULE, "due_on", "办理期限不能早于今天");
		goto out;
	}
	if (in->note && strlen(in->note) > CASE_SHORT_MAX) {
		rc = wb_err_field(err, WB_ERR_RULE, "note", "说明过长");
		goto out;
	}
	m->case_id = case_id;
	snprintf(m->kind, sizeof(m->kind), "%s", in->kind);
	m->unit_id = in->unit_id;
	id_date_format(due, m->due_on);
	m->state = MEASURE_ASSIGNED;
	m->assigned_by = c->user_id;
	m->assigned_at = c->now;
	measure_moments(due, c->config->case_measure_warn_days, &m->yellow_at, &m->red_at);
	rc = store_measure_insert(c->st, m, id, err);
	if (rc == WB_OK && !empty(in->note)) {
		rc = fieldcrypt_encrypt_str(c->keys, "case_measures", "note", *id, in->note, &tok,
					    err);
		if (rc == WB_OK)
			rc = store_measure_seal(c->st, *id, tok, err);
	}
	free(tok);
	if (rc == WB_OK)
		rc = measure_event(c, *id, "assign", NULL, measure_state_code(MEASURE_ASSIGNED),
				   in->note, err);
	snprintf(line, sizeof(line), "%s：%s（%s，%s 前）", in->kind, "安排", unit.name, m->due_on);
	if (rc == WB_OK)
		rc = timeline(c, case_id, r->state, *id, line, in->note, err);
	snprintf(notice, sizeof(notice), "救助措施：个案 %s 安排%s，请于 %s 前落实",
		 r->tracking_no, in->kind, m->due_on);
	snprintf(link, sizeof(link), "/measures/%lld", (long long)*id);
	snprintf(dedupe, sizeof(dedupe), "measure:%lld:assigned", (long long)*id);
	if (rc == WB_OK)
		rc = app_notify_measure_unit(c, in->unit_id, notice, link, dedupe, err);
	if (rc == WB_OK)
		snprintf(title, 200, "%s（%s）", in->kind, unit.name);
out:
	free(r);
	free(m);
	return rc;
}

enum wb_status
app_measure_event(struct app_ctx *c, const struct scope *scope, int64_t id, uint32_t perms,
		  const struct measure_event_in *in, const char **title, struct wb_err *err)
{
	struct measure_row *m, *next;
	struct case_row *r;
	struct measure_step step;
	enum measure_event e;
	enum measure_verdict v;
	struct id_date day;
	const struct scope *saved = c->scope;
	unsigned actors = 0;
	char line[256];
	enum wb_status rc;

	*title = "";
	e = measure_event_parse(in->event);
	if (e == MEASURE_EVENT__MAX)
		return wb_err_field(err, WB_ERR_INVALID, "event", "未知的措施操作");
	if (in->note && strlen(in->note) > CASE_SHORT_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "note", "说明过长");
	m = calloc(2, sizeof(*m));
	r = calloc(1, sizeof(*r));
	if (m == NULL || r == NULL) {
		free(m);
		free(r);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	next = m + 1;
	rc = store_measure_get(c->st, scope, id, c->now, m, err);
	if (rc != WB_OK)
		goto out;
	/* the case as it stands (the unit does not see it otherwise) */
	c->scope = scope_system();
	rc = store_case_get(c->st, c->scope, m->case_id, c->now, r, err);
	c->scope = saved;
	if (rc != WB_OK)
		goto out;
	if (holds(perms, PERM_CASE_MEASURE) && c->unit_id > 0 && c->unit_id == m->unit_id)
		actors |= MEASURE_BY_UNIT;
	if (handles(c, perms, r))
		actors |= MEASURE_BY_HANDLER;
	v = measure_event_check(m->state, e, actors, &step);
	if (v == MEASURE_WRONG_STATE) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "wrong_state", "措施当前状态为%s，不能%s",
				 measure_state_title(m->state), measure_event_title(e));
		goto out;
	}
	if (v == MEASURE_WRONG_ACTOR) {
		rc = wb_err_code(err, WB_ERR_DENIED, "not_allowed",
				 step.actors == MEASURE_BY_HANDLER
					 ? "只有个案承办人员可以%s措施"
					 : "只有承办该措施的成员单位可以%s措施",
				 measure_event_title(e));
		goto out;
	}
	if ((step.needs & MEASURE_NEED_NOTE) && empty(in->note)) {
		rc = wb_err_field(err, WB_ERR_RULE, "note",
				  e == MEASURE_EV_DELIVER ? "请填写落实情况" : "请填写理由");
		goto out;
	}
	*next = *m;
	next->state = step.to;
	next->accepted_at = 0;
	next->delivered_on[0] = '\0';
	next->closed_at = 0;
	if (step.needs & MEASURE_NEED_DELIVERED_ON) {
		if (empty(in->delivered_on) || !id_date_parse_iso(in->delivered_on, &day)) {
			rc = wb_err_field(err, WB_ERR_RULE, "delivered_on", "请填写落实日期（YYYY-MM-DD）");
			goto out;
		}
		if (id_date_compare(day, app_today(c)) > 0) {
			rc = wb_err_field(err, WB_ERR_RULE, "delivered_on", "落实日期不能晚于今天");
			goto out;
		}
		id_date_format(day, next->delivered_on);
	}
	if (e == MEASURE_EV_ACCEPT)
		next->accepted_at = c->now;
	if (e == MEASURE_EV_CLOSE)
		next->closed_at = c->now;
	if (!measure_state_live(next->state))
		next->yellow_at = next->red_at = 0;
	rc = store_measure_set_state(c->st, id, m->state, next, c->now, err);
	if (rc == WB_OK)
		rc = measure_event(c, id, measure_event_code(e), measure_state_code(m->state),
				   measure_state_code(next->state), in->note, err);
	snprintf(line, sizeof(line), "%s：%s（%s）", m->kind, measure_state_title(next->state),
		 m->unit_name);
	if (rc == WB_OK)
		rc = timeline(c, m->case_id, r->state, id, line, in->note, err);
	if (rc == WB_OK && (e == MEASURE_EV_DECLINE || e == MEASURE_EV_DELIVER) &&
	    m->assigned_by > 0) {
		char notice[300], link[48], dedupe[64];

		snprintf(notice, sizeof(notice), "个案 %s 的%s：%s%s", r->tracking_no, m->kind,
			 m->unit_name, e == MEASURE_EV_DECLINE ? "退回，请重新安排" : "已落实");
		snprintf(link, sizeof(link), "/cases/%lld", (long long)m->case_id);
		snprintf(dedupe, sizeof(dedupe), "measure:%lld:%s", (long long)id,
			 measure_event_code(e));
		rc = app_notify_measure_handler(c, m->assigned_by, notice, link, dedupe, err);
	}
	if (rc == WB_OK)
		*title = arena_strdup(c->arena, line);
out:
	free(m);
	free(r);
	return rc;
}

enum wb_status
app_case_child_masked(const struct app_ctx *c, int64_t case_id, int64_t child_id,
		      const char *case_token, const char *reg_token, const char **out,
		      struct wb_err *err)
{
	const char *name = "";
	enum wb_status rc = child_id > 0
		? app_case_open(c, "children", "name", child_id, reg_token, &name, err)
		: app_case_open(c, "cases", "child_name", case_id, case_token, &name, err);
	char *m;

	*out = "";
	if (rc != WB_OK)
		return rc;
	m = mask_dup(MASK_NAME, name);
	*out = m ? arena_strdup(c->arena, m) : "";
	free(m);
	return *out ? WB_OK : wb_err_set(err, WB_ERR_NOMEM, "out of memory");
}

enum wb_status
app_measure_case(struct app_ctx *c, const struct measure_row *m, struct case_row *out,
		 const char **child_masked, int *child_age, struct wb_err *err)
{
	const struct scope *saved = c->scope;
	const char *number = "";
	enum wb_status rc;

	c->scope = scope_system();   /* the measure was found within the caller's scope */
	rc = store_case_get(c->st, c->scope, m->case_id, c->now, out, err);
	c->scope = saved;
	if (rc != WB_OK)
		return rc;
	rc = app_case_child_masked(c, out->id, out->child_id, out->child_name, out->reg_name,
				   child_masked, err);
	*child_age = out->child_age;
	if (rc == WB_OK && out->child_id > 0) {
		rc = app_case_open(c, "children", "id_number", out->child_id, out->reg_id_number,
				   &number, err);
		if (rc == WB_OK && number[0])
			*child_age = idnumber_age(number, app_today(c));
	}
	return rc;
}

enum wb_status
app_measures_of_case(struct app_ctx *c, int64_t case_id,
		     void (*fn)(const struct measure_row *, void *), void *arg, struct wb_err *err)
{
	struct measure_filter f = { .scope = scope_system(), .now = c->now, .light = -1,
				    .case_id = case_id };

	return store_measure_page(c->st, &f, -1, 0, fn, arg, NULL, err);
}
