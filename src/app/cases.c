#include "app/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/child_edit.h"
#include "app/children.h"
#include "app/notify.h"
#include "core/idnumber.h"
#include "core/mask.h"
#include "core/tasklight.h"
#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "sec/permissions.h"
#include "store/children.h"
#include "store/org.h"
#include "util/arena.h"
#include "util/text.h"

static const char *const sources[] = { "强制报告", "排查", "12345", "12355", "来访", "公安", "法院",
				       "检察院", NULL };

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

const char *
case_reporter_status(enum case_state s)
{
	switch (s) {
	case CASE_NEW:
		return "已接收";
	case CASE_CLOSED:
		return "已办结";
	case CASE_REJECTED:
		return "不予受理";
	default:
		return "处理中";
	}
}

enum wb_status
app_case_open(const struct app_ctx *c, const char *table, const char *column, int64_t row_id,
	      const char *token, const char **out, struct wb_err *err)
{
	char *plain = NULL;
	enum wb_status rc;

	*out = "";
	if (empty(token))
		return WB_OK;
	rc = fieldcrypt_decrypt(c->keys, table, column, row_id, token, &plain, NULL, err);
	if (rc != WB_OK)
		return rc;
	*out = arena_strdup(c->arena, plain);
	fieldcrypt_free(plain, strlen(plain));
	return *out ? WB_OK : wb_err_set(err, WB_ERR_NOMEM, "out of memory");
}

const char *
app_masked(const struct app_ctx *c, enum mask_kind k, const char *plain)
{
	char *m = mask_dup(k, plain ? plain : "");
	const char *out = m ? arena_strdup(c->arena, m) : NULL;

	free(m);
	return out ? out : "";
}

enum wb_status
app_case_child(const struct app_ctx *c, const struct case_row *r, const char **name_masked,
	       const char **id_masked, struct wb_err *err)
{
	const char *name = "", *number = "";
	enum wb_status rc;

	if (r->child_id > 0) {
		/* the registry's cells, joined into the case's row: the case's
		 * viewer may not read the registry (the police), and sees the
		 * child masked as the case names it */
		rc = app_case_open(c, "children", "name", r->child_id, r->reg_name, &name, err);
		if (rc == WB_OK)
			rc = app_case_open(c, "children", "id_number", r->child_id, r->reg_id_number,
					   &number, err);
	} else {
		rc = app_case_open(c, "cases", "child_name", r->id, r->child_name, &name, err);
		if (rc == WB_OK)
			rc = app_case_open(c, "cases", "child_id_number", r->id, r->child_id_number,
					   &number, err);
	}
	if (rc != WB_OK)
		return rc;
	*name_masked = app_masked(c, MASK_NAME, name);
	*id_masked = app_masked(c, MASK_IDNUMBER, number);
	return WB_OK;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (or with "T"), China time, into out as
 * "YYYY-MM-DD[ HH:MM]"; false when malformed (every figure a digit: no
 * sign, blank or stray character) or later than now (a day after today, a
 * moment more than ten minutes ahead: a phone's clock may run a little
 * fast). */
static bool
seen_at_parse(const char *in, int64_t now, char out[20])
{
	struct id_date d;
	char day[11];
	size_t n = strlen(in);
	int hh, mm;
	int64_t at;

	if (n != 10 && n != 16)
		return false;
	memcpy(day, in, 10);
	day[10] = '\0';
	if (!id_date_parse_iso(day, &d))
		return false;
	if (n == 10) {
		if (id_date_compare(d, id_date_of_time(now, CHINA_UTC_OFFSET_S)) > 0)
			return false;
		snprintf(out, 20, "%s", day);
		return true;
	}
	if ((in[10] != ' ' && in[10] != 'T') || in[13] != ':')
		return false;
	for (size_t i = 11; i < 16; i++)
		if (i != 13 && (in[i] < '0' || in[i] > '9'))
			return false;
	hh = (in[11] - '0') * 10 + (in[12] - '0');
	mm = (in[14] - '0') * 10 + (in[15] - '0');
	if (hh > 23 || mm > 59)
		return false;
	at = (int64_t)id_date_days(d) * 86400 + hh * 3600 + mm * 60 - CHINA_UTC_OFFSET_S;
	if (at > now + 600)
		return false;
	snprintf(out, 20, "%s %.2s:%.2s", day, in + 11, in + 14);
	return true;
}

/* Sets *id to a new case from in, its tracking number and the intake event
 * (event "report" or "intake"). */
static enum wb_status
intake(struct app_ctx *c, const struct case_intake *in, bool report, int64_t *id,
       char tracking_no[24], struct wb_err *err)
{
	struct case_row *r;
	struct division d;
	char number[IDNUMBER_SIZE] = "", seen[20] = "";
	char *tok[5] = { 0 };
	const char *plain[5];
	static const char *const cols[5] = { "child_name", "child_id_number", "reporter_contact",
					      "place", "description" };
	enum wb_status rc = WB_OK;
	bool source_ok = false;
	struct id_date today;
	int64_t ev_id = 0;

	for (const char *const *s = sources; *s; s++)
		source_ok |= in->source && strcmp(in->source, *s) == 0;
	if (!source_ok)
		return wb_err_field(err, WB_ERR_INVALID, "source",
				    "请选择线索来源（排查、12345、12355、来访、公安、法院、检察院）");
	if (report && in->situations == 0)
		return wb_err_field(err, WB_ERR_INVALID, "situations", "请选择至少一种强制报告情形");
	if (in->situations & ~0x3FEu)
		return wb_err_field(err, WB_ERR_INVALID, "situations", "强制报告情形应为 1 至 9");
	if (empty(in->description) || text_is_blank(in->description))
		return wb_err_field(err, WB_ERR_INVALID, "description", "请描述发现的情况");
	if (strlen(in->description) > CASE_TEXT_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "description", "情况描述过长");
	if ((in->place && strlen(in->place) > CASE_SHORT_MAX) ||
	    (in->reporter_contact && strlen(in->reporter_contact) > CASE_SHORT_MAX))
		return wb_err_field(err, WB_ERR_INVALID, in->place && strlen(in->place) > CASE_SHORT_MAX
				    ? "place" : "reporter_contact", "内容过长");
	if (!empty(in->seen_at) && !seen_at_parse(in->seen_at, c->now, seen))
		return wb_err_field(err, WB_ERR_INVALID, "seen_at",
				    "发现时间应为不晚于现在的 YYYY-MM-DD 或 YYYY-MM-DD HH:MM");
	if (!empty(in->child_sex) && strcmp(in->child_sex, "男") != 0 &&
	    strcmp(in->child_sex, "女") != 0)
		return wb_err_field(err, WB_ERR_INVALID, "child.sex", "性别应为男或女");
	if (in->child_age < -1 || in->child_age > 17)
		return wb_err_field(err, WB_ERR_INVALID, "child.age", "年龄应为 0 至 17 岁");
	if (!empty(in->child_name) && strlen(in->child_name) > 64)
		return wb_err_field(err, WB_ERR_INVALID, "child.name", "姓名过长");
	/* what others read of the child and of the reporter: no control,
	 * bidirectional override or zero-width character to hide or reorder it */
	if (!empty(in->child_name) && text_has_hidden_chars(in->child_name))
		return wb_err_field(err, WB_ERR_INVALID, "child.name",
				    "姓名不能包含控制字符或不可见字符");
	if (!empty(in->child_id_number) && text_has_hidden_chars(in->child_id_number))
		return wb_err_field(err, WB_ERR_INVALID, "child.id_number", "身份证号不正确");
	if (!empty(in->reporter_contact) && text_has_hidden_chars(in->reporter_contact))
		return wb_err_field(err, WB_ERR_INVALID, "reporter_contact",
				    "联系方式不能包含控制字符或不可见字符");

	if (report && c->config->case_report_hourly_limit > 0) {
		/* a flood from one account (stolen, scripted) would bury the
		 * urgent notices of the stations and the police */
		int64_t filed = 0;
		enum wb_status lrc = store_case_reports_since(c->st, c->user_id, c->now - 3600,
							      &filed, err);
		if (lrc != WB_OK)
			return lrc;
		if (filed >= c->config->case_report_hourly_limit)
			return wb_err_code(err, WB_ERR_RULE, "too_many_reports",
					   "您一小时内已提交 %d 件报告，请稍后再试；情况紧急请直接拨打 110 报警",
					   c->config->case_report_hourly_limit);
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (!empty(in->child_id_number)) {
		char index[BLINDINDEX_HEX_SIZE];
		struct child_row *k;
		bool found = false;

		today = app_today(c);
		if (idnumber_normalise(in->child_id_number, number, err) != WB_OK ||
		    idnumber_validate(number, today, err) != WB_OK) {
			free(r);
			return wb_err_field(err, WB_ERR_INVALID, "child.id_number",
					    "身份证号不正确");
		}
		k = calloc(1, sizeof(*k));
		if (k == NULL) {
			free(r);
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		}
		rc = app_child_lookup(c, number, k, &found, index, err);
		/* staff entering a case match only the children of their scope:
		 * one registered elsewhere is taken as unknown (sealed in the case,
		 * in the village given), as the registry's own look-up answers —
		 * a refusal here would tell them where the child is registered.  A
		 * mandated report goes wherever the child lives. */
		if (rc == WB_OK && found && !report &&
		    !scope_covers_division(c->scope, k->village_code))
			found = false;
		if (rc == WB_OK && found) {
			r->child_id = k->id;
			snprintf(r->division_code, sizeof(r->division_code), "%s", k->village_code);
			number[0] = '\0';   /* the registry holds it */
		}
		free(k);
		if (rc != WB_OK) {
			free(r);
			return rc;
		}
	}
	if (r->child_id == 0) {
		if (empty(in->village) || store_division_get(c->st, in->village, &d, err) != WB_OK ||
		    strcmp(d.level, "village") != 0) {
			free(r);
			return wb_err_field(err, WB_ERR_INVALID, "child.village",
					    "请选择儿童所在的村（社区）");
		}
		snprintf(r->division_code, sizeof(r->division_code), "%s", in->village);
	}
	if (!report && !scope_covers_division(c->scope, r->division_code)) {
		free(r);
		return wb_err_code(err, WB_ERR_DENIED, "out_of_scope", "该村（社区）不在您的管辖范围内");
	}
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", r->division_code);
	snprintf(r->source, sizeof(r->source), "%s", in->source);
	r->situations = in->situations;
	r->urgent = case_urgent(in->situations, &c->config->cases);
	r->state = CASE_NEW;
	r->risk = CASE_RISK_NONE;
	if (r->child_id == 0)
		snprintf(r->child_sex, sizeof(r->child_sex), "%s", in->child_sex ? in->child_sex : "");
	r->child_age = r->child_id == 0 ? in->child_age : -1;
	if (report) {
		r->reporter_user_id = c->user_id;
		r->reporter_unit_id = c->unit_id;
		if (c->scope && c->scope->kind == SCOPE_INSTITUTION)
			r->reporter_institution_id = c->scope->institution_id;
	}
	snprintf(r->seen_at, sizeof(r->seen_at), "%s", seen);
	r->state_since = c->now;
	{
		struct case_clock clk = { CASE_NEW, r->urgent, CASE_RISK_NONE, c->now };
		case_stage_moments(&clk, &c->config->cases, &r->yellow_at, &r->red_at);
	}
	r->created_at = c->now;
	r->created_by = c->user_id;
	rc = store_case_insert(c->st, r, id, err);

	plain[0] = r->child_id ? NULL : in->child_name;
	plain[1] = number;
	plain[2] = in->reporter_contact;
	plain[3] = in->place;
	plain[4] = in->description;
	for (int i = 0; i < 5 && rc == WB_OK; i++)
		if (!empty(plain[i]))
			rc = fieldcrypt_encrypt_str(c->keys, "cases", cols[i], *id, plain[i], &tok[i],
						    err);
	if (rc == WB_OK) {
		struct id_date day = id_date_of_time(c->now, CHINA_UTC_OFFSET_S);
		snprintf(tracking_no, 24, "BG%04d%02d%02d%05lld", day.year, day.month, day.day,
			 (long long)*id);
		rc = store_case_seal(c->st, *id, tracking_no, tok[0], tok[1], tok[2], tok[3], tok[4],
				     err);
	}
	for (int i = 0; i < 5; i++)
		free(tok[i]);
	if (rc == WB_OK) {
		struct case_event_row e = { .at = c->now, .user_id = c->user_id, .login = c->login,
					    .event = report ? "report" : "intake",
					    .to_state = case_state_code(CASE_NEW) };
		rc = store_case_event_add(c->st, *id, &e, &ev_id, err);
	}
	if (rc == WB_OK && r->urgent)
		rc = app_notify_case_urgent(c, *id, r->town_code, tracking_no, r->source, err);
	free(r);
	return rc;
}

enum wb_status
app_case_report(struct app_ctx *c, const struct case_intake *in, int64_t *id, char tracking_no[24],
		struct wb_err *err)
{
	struct case_intake r = *in;

	r.source = "强制报告";
	return intake(c, &r, true, id, tracking_no, err);
}

enum wb_status
app_case_create(struct app_ctx *c, const struct case_intake *in, int64_t *id, char tracking_no[24],
		struct wb_err *err)
{
	if (in->source && strcmp(in->source, "强制报告") == 0)
		return wb_err_field(err, WB_ERR_INVALID, "source",
				    "强制报告由报告单位通过 /api/v1/reports 提交");
	return intake(c, in, false, id, tracking_no, err);
}

/* Who the user is for case r (enum case_actor bits). */
static unsigned
actors_of(const struct app_ctx *c, uint32_t perms, const struct case_row *r)
{
	unsigned a = 0;
	bool manage = perms & (1u << PERM_CASE_MANAGE);
	bool receiver = r->transfer_unit_id > 0 && c->unit_id == r->transfer_unit_id;

	if (manage && (scope_covers_division(c->scope, r->division_code) ||
		       (receiver && r->state != CASE_TRANSFERRING)))
		a |= CASE_BY_HANDLER;
	if (manage && receiver && r->state == CASE_TRANSFERRING)
		a |= CASE_BY_RECEIVER;
	if (perms & (1u << PERM_CASE_CLOSE))
		a |= CASE_BY_OFFICE;
	if (perms & (1u << PERM_CASE_POLICE))
		a |= CASE_BY_POLICE;
	return a;
}

/* Adds the timeline's event with its sealed reason and detail. */
static enum wb_status
add_event(struct app_ctx *c, int64_t case_id, const char *event, enum case_state from,
	  enum case_state to, const char *risk, const char *reason, const char *detail,
	  struct wb_err *err)
{
	struct case_event_row e = { .at = c->now, .user_id = c->user_id, .login = c->login,
				    .event = event, .from_state = case_state_code(from),
				    .to_state = case_state_code(to), .risk = risk };
	char *rt = NULL, *dt = NULL;
	int64_t id = 0;
	enum wb_status rc = store_case_event_add(c->st, case_id, &e, &id, err);

	if (rc == WB_OK && !empty(reason))
		rc = fieldcrypt_encrypt_str(c->keys, "case_events", "reason", id, reason, &rt, err);
	if (rc == WB_OK && !empty(detail))
		rc = fieldcrypt_encrypt_str(c->keys, "case_events", "detail", id, detail, &dt, err);
	if (rc == WB_OK && (rt || dt))
		rc = store_case_event_seal(c->st, id, rt, dt, err);
	free(rt);
	free(dt);
	return rc;
}

enum wb_status
app_case_timeline(struct app_ctx *c, int64_t case_id, enum case_state state, const char *event,
		  const char *reason, const char *detail, struct wb_err *err)
{
	return add_event(c, case_id, event, state, state, NULL, reason, detail, err);
}

/* The registry child of case r marked or cleared 监护缺失或不当 as the
 * assessment says (its "guardianship_lacking": true or false; nothing when
 * absent, not a boolean, or the case has no registry child). */
static enum wb_status
assess_guardianship(struct app_ctx *c, const struct case_row *r, const char *assessment,
		    struct wb_err *err)
{
	json_t *a, *flag;
	char why[128];
	bool lacking;

	if (r->child_id <= 0 || empty(assessment))
		return WB_OK;
	a = json_loads(assessment, 0, NULL);
	flag = json_object_get(a, "guardianship_lacking");
	if (!json_is_boolean(flag)) {
		json_decref(a);
		return WB_OK;
	}
	lacking = json_is_true(flag);
	json_decref(a);
	snprintf(why, sizeof(why), "个案 %s 评估认定%s", r->tracking_no,
		 lacking ? "监护缺失或不当" : "监护缺失或不当情形已消除");
	return app_child_set_guardianship(c, r->child_id, lacking, why, err);
}

/* police_feedback: the reporting unit told of the police's acceptance. */
static enum wb_status
police_feedback(struct app_ctx *c, uint32_t perms, const struct case_row *r, const char *reason,
		struct wb_err *err)
{
	enum wb_status rc;

	if (!(perms & (1u << PERM_CASE_POLICE)))
		return wb_err_code(err, WB_ERR_DENIED, "not_allowed", "只有公安联络员可以登记反馈");
	rc = store_case_set_feedback(c->st, r->id, c->now, err);
	if (rc == WB_OK)
		rc = add_event(c, r->id, "police_feedback", r->state, r->state, NULL, reason, NULL,
			       err);
	if (rc == WB_OK && r->reporter_user_id > 0)
		rc = app_notify_case_reporter(c, r->id, r->reporter_user_id, r->tracking_no,
					      police_kind_title(r->police_kind), err);
	return rc;
}

enum wb_status
app_case_event(struct app_ctx *c, int64_t id, uint32_t perms, const struct case_event_in *in,
	       const char **title, struct wb_err *err)
{
	struct case_row *r, *next;
	struct case_step step;
	enum case_event e;
	enum case_verdict v;
	enum case_risk risk = CASE_RISK_NONE;
	enum police_kind pk = POLICE_KIND__MAX;
	struct unit unit;
	enum wb_status rc;

	*title = "";
	e = case_event_parse(in->event);
	if (e == CASE_EVENT__MAX && !(in->event && strcmp(in->event, "police_feedback") == 0))
		return wb_err_field(err, WB_ERR_INVALID, "event", "未知的个案操作");
	if (in->reason && strlen(in->reason) > CASE_SHORT_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "reason", "理由过长");
	if (in->assessment && strlen(in->assessment) > CASE_TEXT_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "assessment", "评估内容过长");
	r = malloc(2 * sizeof(*r));
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	next = r + 1;
	rc = store_case_get(c->st, c->scope, id, c->now, r, err);
	if (rc != WB_OK)
		goto out;
	if (e == CASE_EVENT__MAX) {
		*title = "反馈报告单位";
		rc = police_feedback(c, perms, r, in->reason, err);
		goto out;
	}
	*title = case_event_title(e);
	v = case_event_check(r->state, e, actors_of(c, perms, r), r->police_at != 0, &step);
	if (v == CASE_WRONG_STATE) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "wrong_state", "个案当前状态为%s，不能%s",
				 case_state_title(r->state), case_event_title(e));
		goto out;
	}
	if (v == CASE_ALREADY) {
		rc = wb_err_code(err, WB_ERR_CONFLICT, "police_recorded", "公安受案情况已登记");
		goto out;
	}
	if (v == CASE_WRONG_ACTOR) {
		rc = wb_err_code(err, WB_ERR_DENIED, "not_allowed", "您无权对该个案进行“%s”操作",
				 case_event_title(e));
		goto out;
	}
	if ((step.needs & CASE_NEED_REASON) && (empty(in->reason) || text_is_blank(in->reason))) {
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "请填写理由");
		goto out;
	}
	if (step.needs & CASE_NEED_RISK) {
		risk = case_risk_parse(in->risk);
		if (risk == CASE_RISK__MAX || risk == CASE_RISK_NONE) {
			rc = wb_err_field(err, WB_ERR_RULE, "risk", "请选择风险等级（低、中、高、紧急）");
			goto out;
		}
	}
	if ((step.needs & CASE_NEED_UNIT) &&
	    (in->unit_id <= 0 || store_unit_get(c->st, in->unit_id, &unit, err) != WB_OK)) {
		rc = wb_err_field(err, WB_ERR_RULE, "unit_id", "请选择移送的成员单位");
		goto out;
	}
	if (step.needs & CASE_NEED_POLICE_KIND) {
		pk = police_kind_parse(in->police_kind);
		if (pk == POLICE_KIND__MAX) {
			rc = wb_err_field(err, WB_ERR_RULE, "police_kind",
					  "请选择受案情况（治安、刑事、移送）");
			goto out;
		}
	}
	if (e == CASE_EV_POLICE_ACCEPT) {
		int64_t y, red;
		char detail[64];

		case_feedback_moments(c->now, &c->config->cases, &y, &red);
		rc = store_case_set_police(c->st, id, pk, c->now, y, red, err);
		snprintf(detail, sizeof(detail), "{\"police_kind\":\"%s\"}", police_kind_title(pk));
		if (rc == WB_OK)
			rc = add_event(c, id, case_event_code(e), r->state, r->state, NULL, in->reason,
				       detail, err);
		goto out;
	}
	*next = *r;
	next->state = step.to;
	if (e == CASE_EV_ASSESS)
		next->risk = risk;
	if (e == CASE_EV_TRANSFER)
		next->transfer_unit_id = in->unit_id;
	else if (r->state == CASE_TRANSFERRING && e == CASE_EV_RETURN)
		next->transfer_unit_id = 0;   /* declined: back with the sender */
	if (next->state != r->state || e == CASE_EV_FOLLOW_UP)
		next->state_since = c->now;
	{
		struct case_clock clk = { next->state, next->urgent, next->risk, next->state_since };
		if (!case_stage_moments(&clk, &c->config->cases, &next->yellow_at, &next->red_at))
			next->yellow_at = next->red_at = 0;
	}
	rc = store_case_set_state(c->st, id, r->state, next, c->now, err);
	if (rc == WB_OK)
		rc = add_event(c, id, case_event_code(e), r->state, next->state,
			       e == CASE_EV_ASSESS ? case_risk_title(risk) : NULL, in->reason,
			       e == CASE_EV_ASSESS ? in->assessment : NULL, err);
	if (rc == WB_OK && e == CASE_EV_ASSESS)
		rc = assess_guardianship(c, r, in->assessment, err);
	if (rc == WB_OK && (e == CASE_EV_REJECT || e == CASE_EV_APPROVE_CLOSE || e == CASE_EV_REOPEN)) {
		/* what the reporter is told: the reason of the refusal or of the
		 * closure; a reopened case has none yet */
		char *tok = NULL;
		if (e != CASE_EV_REOPEN && !empty(in->reason))
			rc = fieldcrypt_encrypt_str(c->keys, "cases", "outcome", id, in->reason, &tok,
						    err);
		if (rc == WB_OK)
			rc = store_case_set_outcome(c->st, id, tok, err);
		free(tok);
	}
out:
	free(r);
	return rc;
}
