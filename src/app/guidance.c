#include "app/guidance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cases.h"
#include "app/children.h"
#include "core/guidance.h"
#include "core/idnumber.h"
#include "core/mask.h"
#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "store/cases.h"
#include "store/children.h"
#include "store/org.h"
#include "util/arena.h"
#include "util/text.h"

#define SEALED_JSON_MAX 8000   /* bytes of a sealed list (GUIDANCE_LONG_TOKEN_MAX) */

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

const char *
guidance_light_name(int light)
{
	static const char *const names[] = { "green", "yellow", "red", "none" };
	return light >= 0 && light <= 3 ? names[light] : "none";
}

/* Whether the caller, recording an order of issuer located in division,
 * would see it: a member unit's user its own unit's orders, `own` what it
 * records, the others their division tree. */
static bool
may_record(const struct scope *s, const char *division, int64_t issuer)
{
	if (s->kind == SCOPE_UNIT)
		return s->unit_id > 0 && s->unit_id == issuer;
	if (s->kind == SCOPE_OWN)
		return true;
	return scope_covers_division(s, division);
}

/* A real calendar day "YYYY-MM-DD" into *d. */
static bool
day_ok(const char *s, struct id_date *d)
{
	return s && strlen(s) == 10 && id_date_parse_iso(s, d);
}

/* Seals the JSON text of a (jansson) value into *token for cell
 * table.column of row id; WB_ERR_INVALID naming field when it is over the
 * size of a sealed list.  *token is freed by the caller. */
static enum wb_status
seal_json(const struct app_ctx *c, json_t *v, const char *table, const char *column, int64_t id,
	  const char *field, char **token, struct wb_err *err)
{
	char *text = json_dumps(v, JSON_COMPACT);
	enum wb_status rc;

	*token = NULL;
	if (text == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (strlen(text) > SEALED_JSON_MAX)
		rc = wb_err_field(err, WB_ERR_INVALID, field, "内容过长");
	else
		rc = fieldcrypt_encrypt_str(c->keys, table, column, id, text, token, err);
	memset(text, 0, strlen(text));
	free(text);
	return rc;
}

/* An entry of the case's timeline (event `guidance`, the state unchanged)
 * with its sealed reason, as app_case_event writes its own. */
static enum wb_status
case_timeline(struct app_ctx *c, int64_t case_id, const char *reason, struct wb_err *err)
{
	struct case_row *k = malloc(sizeof(*k));
	struct case_event_row e = { .at = c->now, .user_id = c->user_id, .login = c->login,
				    .event = "guidance" };
	char *token = NULL;
	int64_t ev = 0;
	enum wb_status rc;

	if (k == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	/* the order was linked within the recorder's scope; whoever closes it
	 * later writes the case's timeline without reading the case */
	rc = store_case_get(c->st, scope_system(), case_id, c->now, k, err);
	if (rc == WB_OK) {
		e.from_state = e.to_state = case_state_code(k->state);
		rc = store_case_event_add(c->st, case_id, &e, &ev, err);
	}
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt_str(c->keys, "case_events", "reason", ev, reason, &token, err);
	if (rc == WB_OK)
		rc = store_case_event_seal(c->st, ev, token, NULL, err);
	free(token);
	free(k);
	return rc;
}

/* Checks the people and obligations of in and builds the three sealed lists
 * (new references in *g, *k, *o) and the shortest interval; the registry
 * children matched through the blind index get their ids in child_ids
 * (in->n_children entries, 0 unmatched) and the first one's village in
 * village (13 bytes, "" none). */
static enum wb_status
read_lists(struct app_ctx *c, const struct guidance_in *in, json_t **g, json_t **k, json_t **o,
	   int *every_days, int64_t *child_ids, char *village, struct wb_err *err)
{
	struct child_row *row = NULL;
	enum wb_status rc = WB_OK;

	*g = *k = *o = NULL;
	*every_days = 0;
	village[0] = '\0';
	if (in->n_guardians == 0 || in->n_guardians > GUIDANCE_LIST_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "guardians", "请填写监护人（至多 20 人）");
	if (in->n_children == 0 || in->n_children > GUIDANCE_LIST_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "children", "请填写未成年人（至多 20 人）");
	if (in->n_obligations == 0 || in->n_obligations > GUIDANCE_LIST_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "obligations", "请填写履行事项（至多 20 项）");
	for (size_t i = 0; i < in->n_guardians; i++) {
		const struct guidance_guardian_in *p = &in->guardians[i];
		if (empty(p->name) || text_is_blank(p->name))
			return wb_err_field(err, WB_ERR_INVALID, "guardians", "监护人姓名不能为空");
		if (strlen(p->name) > 64)
			return wb_err_field(err, WB_ERR_INVALID, "guardians", "监护人姓名过长");
		/* names others read: nothing hidden or reordered in them */
		if (text_has_hidden_chars(p->name) ||
		    (p->relation && text_has_hidden_chars(p->relation)))
			return wb_err_field(err, WB_ERR_INVALID, "guardians",
					    "监护人姓名和关系不能包含控制字符或不可见字符");
		if (p->relation && strlen(p->relation) > 32)
			return wb_err_field(err, WB_ERR_INVALID, "guardians", "与未成年人关系过长");
	}
	for (size_t i = 0; i < in->n_obligations; i++) {
		const struct guidance_obligation_in *p = &in->obligations[i];
		if (empty(p->text) || text_is_blank(p->text) ||
		    strlen(p->text) > GUIDANCE_OBLIGATION_MAX)
			return wb_err_field(err, WB_ERR_INVALID, "obligations",
					    "履行事项不能为空，且不超过 100 字");
		if (p->every_days < 1 || p->every_days > GUIDANCE_EVERY_DAYS_MAX)
			return wb_err_field(err, WB_ERR_INVALID, "obligations",
					    "履行频次应为每 1 至 366 天一次");
		if (*every_days == 0 || p->every_days < *every_days)
			*every_days = p->every_days;
	}
	*g = json_array();
	*k = json_array();
	*o = json_array();
	for (size_t i = 0; i < in->n_guardians; i++)
		json_array_append_new(*g, json_pack("{s:s, s:s}", "name", in->guardians[i].name,
						    "relation", in->guardians[i].relation
						    ? in->guardians[i].relation : ""));
	for (size_t i = 0; i < in->n_obligations; i++)
		json_array_append_new(*o, json_pack("{s:s, s:i}", "text", in->obligations[i].text,
						    "every_days", in->obligations[i].every_days));
	for (size_t i = 0; i < in->n_children && rc == WB_OK; i++) {
		const struct guidance_child_in *p = &in->children[i];
		char number[IDNUMBER_SIZE] = "";

		child_ids[i] = 0;
		if (empty(p->name) || text_is_blank(p->name)) {
			rc = wb_err_field(err, WB_ERR_INVALID, "children", "未成年人姓名不能为空");
			break;
		}
		if (strlen(p->name) > 64 || text_has_hidden_chars(p->name)) {
			rc = wb_err_field(err, WB_ERR_INVALID, "children",
					  "未成年人姓名过长或包含控制字符、不可见字符");
			break;
		}
		if (!empty(p->id_number)) {
			char index[BLINDINDEX_HEX_SIZE];
			bool found = false;

			if (idnumber_normalise(p->id_number, number, err) != WB_OK ||
			    idnumber_validate(number, app_today(c), err) != WB_OK) {
				rc = wb_err_field(err, WB_ERR_INVALID, "children", "未成年人身份证号不正确");
				break;
			}
			if (row == NULL && (row = malloc(sizeof(*row))) == NULL) {
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
				break;
			}
			rc = blindindex_idnumber(c->keys, number, index, err);
			if (rc == WB_OK)
				rc = store_child_find(c->st, index, row, &found, err);
			if (rc == WB_OK && found) {
				child_ids[i] = row->id;
				if (village[0] == '\0')
					snprintf(village, 13, "%s", row->village_code);
			}
		}
		json_array_append_new(*k, json_pack("{s:s, s:s, s:o}", "name", p->name, "id_number",
						    number, "child_id", child_ids[i]
						    ? json_integer(child_ids[i]) : json_null()));
	}
	free(row);
	if (rc != WB_OK) {
		json_decref(*g);
		json_decref(*k);
		json_decref(*o);
		*g = *k = *o = NULL;
	}
	return rc;
}

/* Sets r's next session and its moments from its period and the last
 * attended session ("" none). */
static void
set_due(struct guidance_row *r, const char *last)
{
	if (!guidance_next_due(r->period_from, r->period_to, last, r->every_days,
			       r->next_session_due))
		r->next_session_due[0] = '\0';
	guidance_light_moments(r->next_session_due, &r->yellow_at, &r->red_at);
}

enum wb_status
app_guidance_create(struct app_ctx *c, const struct guidance_in *in, int64_t *id,
		    const char **title, struct wb_err *err)
{
	struct guidance_row *r;
	struct id_date issued, from, to, today = app_today(c);
	enum guidance_kind kind = guidance_kind_parse(in->kind);
	struct unit unit;
	struct division d;
	json_t *g = NULL, *k = NULL, *o = NULL;
	char *tok[3] = { 0 };
	char village[13];
	int64_t *child_ids;
	int every_days = 0;
	enum wb_status rc;

	*title = "";
	if (kind == GUIDANCE_KIND__MAX)
		return wb_err_field(err, WB_ERR_INVALID, "kind",
				    "请选择文书类型（家庭教育指导令、督促监护令、责令接受家庭教育指导）");
	if (empty(in->doc_no) || strlen(in->doc_no) > 190)
		return wb_err_field(err, WB_ERR_INVALID, "doc_no", "请填写文书编号");
	if (!day_ok(in->issued_on, &issued))
		return wb_err_field(err, WB_ERR_INVALID, "issued_on", "发出日期应为 YYYY-MM-DD");
	if (id_date_compare(issued, today) > 0)
		return wb_err_field(err, WB_ERR_INVALID, "issued_on", "发出日期不能晚于今天");
	if (!day_ok(in->period_from, &from))
		return wb_err_field(err, WB_ERR_INVALID, "period_from", "期限起始日期应为 YYYY-MM-DD");
	if (!day_ok(in->period_to, &to))
		return wb_err_field(err, WB_ERR_INVALID, "period_to", "期限截止日期应为 YYYY-MM-DD");
	if (id_date_compare(to, from) < 0)
		return wb_err_field(err, WB_ERR_RULE, "period_to", "期限截止日期不能早于起始日期");
	if (empty(in->provider) || strlen(in->provider) > 190)
		return wb_err_field(err, WB_ERR_INVALID, "provider", "请填写家庭教育指导机构");
	if (in->issuer_unit_id <= 0 || store_unit_get(c->st, in->issuer_unit_id, &unit, err) != WB_OK)
		return wb_err_field(err, WB_ERR_INVALID, "issuer_unit_id", "请选择发出文书的成员单位");
	if (!guidance_may_issue(kind, guidance_issuer_of(unit.name)))
		return wb_err_field(err, WB_ERR_RULE, "issuer_unit_id", "%s只能由%s发出，%s不能发出",
				    guidance_kind_title(kind), guidance_issuers_title(kind), unit.name);

	r = calloc(1, sizeof(*r));
	child_ids = calloc(in->n_children ? in->n_children : 1, sizeof(*child_ids));
	if (r == NULL || child_ids == NULL) {
		free(r);
		free(child_ids);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	rc = read_lists(c, in, &g, &k, &o, &every_days, child_ids, village, err);
	if (rc == WB_OK && in->case_id > 0) {
		struct case_row *cr = malloc(sizeof(*cr));
		if (cr == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		} else {
			if (store_case_get(c->st, c->scope, in->case_id, c->now, cr, err) != WB_OK)
				rc = wb_err_field(err, WB_ERR_RULE, "case_id",
						  "关联的个案不存在或不在您的管辖范围内");
			else
				snprintf(village, sizeof(village), "%s", cr->division_code);
			free(cr);
		}
	}
	if (rc == WB_OK && !empty(in->village))
		snprintf(village, sizeof(village), "%s", in->village);
	if (rc == WB_OK && (village[0] == '\0' || store_division_get(c->st, village, &d, err) != WB_OK ||
			    strcmp(d.level, "village") != 0))
		rc = wb_err_field(err, WB_ERR_INVALID, "village", "请选择家庭所在的村（社区）");
	if (rc == WB_OK && !may_record(c->scope, village, in->issuer_unit_id))
		rc = wb_err_code(err, WB_ERR_DENIED, "out_of_scope",
				 "该村（社区）或发出单位不在您的管辖范围内");
	if (rc != WB_OK)
		goto out;

	snprintf(r->kind, sizeof(r->kind), "%s", guidance_kind_title(kind));
	r->issuer_unit_id = in->issuer_unit_id;
	snprintf(r->doc_no, sizeof(r->doc_no), "%s", in->doc_no);
	id_date_format(issued, r->issued_on);
	id_date_format(from, r->period_from);
	id_date_format(to, r->period_to);
	r->case_id = in->case_id;
	snprintf(r->division_code, sizeof(r->division_code), "%s", village);
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", village);
	r->every_days = every_days;
	snprintf(r->provider, sizeof(r->provider), "%s", in->provider);
	set_due(r, "");
	r->ends_at = guidance_period_end(r->period_to);
	r->created_at = c->now;
	r->created_by = c->user_id;
	rc = store_guidance_insert(c->st, r, id, err);
	if (rc == WB_OK)
		rc = seal_json(c, g, "guidance_orders", "guardians", *id, "guardians", &tok[0], err);
	if (rc == WB_OK)
		rc = seal_json(c, k, "guidance_orders", "children", *id, "children", &tok[1], err);
	if (rc == WB_OK)
		rc = seal_json(c, o, "guidance_orders", "obligations", *id, "obligations", &tok[2],
			       err);
	if (rc == WB_OK)
		rc = store_guidance_seal(c->st, *id, tok[0], tok[1], tok[2], err);
	for (size_t i = 0; i < in->n_children && rc == WB_OK; i++)
		if (child_ids[i] > 0)
			rc = store_guidance_link_child(c->st, *id, child_ids[i], err);
	if (rc == WB_OK) {
		size_t n = strlen(r->kind) + strlen(r->doc_no) + 2;
		char *t = arena_alloc(c->arena, n);
		if (t == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		} else {
			snprintf(t, n, "%s %s", r->kind, r->doc_no);
			*title = t;
		}
	}
	if (rc == WB_OK && r->case_id > 0) {
		char reason[800];   /* the four texts at their longest fit */
		snprintf(reason, sizeof(reason), "%s发出%s（%s），指导机构：%s", unit.name, r->kind,
			 r->doc_no, r->provider);
		rc = case_timeline(c, r->case_id, reason, err);
	}
out:
	for (int i = 0; i < 3; i++)
		free(tok[i]);
	json_decref(g);
	json_decref(k);
	json_decref(o);
	free(child_ids);
	free(r);
	return rc;
}

/* Reads order id in the caller's scope into a new row (freed by the
 * caller), and checks the date `on` (field) of an entry: a real day, not
 * after today nor before the order was issued.  An order closed:
 * WB_ERR_CONFLICT. */
static enum wb_status
entry_start(struct app_ctx *c, int64_t id, const char *field, const char *on, const char *note,
	    struct guidance_row **out, struct wb_err *err)
{
	struct id_date day;
	enum wb_status rc;

	*out = NULL;
	if (note && strlen(note) > GUIDANCE_NOTE_MAX)
		return wb_err_field(err, WB_ERR_INVALID, "note", "备注过长");
	*out = malloc(sizeof(**out));
	if (*out == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_guidance_get(c->st, c->scope, id, c->now, *out, err);
	if (rc == WB_OK && field && (!day_ok(on, &day) || id_date_compare(day, app_today(c)) > 0))
		rc = wb_err_field(err, WB_ERR_INVALID, field, "日期应为 YYYY-MM-DD，且不晚于今天");
	/* both "YYYY-MM-DD": in the order of the days */
	if (rc == WB_OK && field && strcmp(on, (*out)->issued_on) < 0)
		rc = wb_err_field(err, WB_ERR_INVALID, field, "日期不能早于文书发出日期（%s）",
				  (*out)->issued_on);
	if (rc == WB_OK && strcmp((*out)->state, "active") != 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "closed", "该文书已结案");
	if (rc != WB_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

enum wb_status
app_guidance_session(struct app_ctx *c, int64_t id, const char *held_on, const char *provider,
		     bool attended, const char *note, struct wb_err *err)
{
	struct guidance_row *r;
	char last[11] = "", *token = NULL;
	int64_t sid = 0;
	enum wb_status rc;

	if (provider && strlen(provider) > 190)
		return wb_err_field(err, WB_ERR_INVALID, "provider", "指导机构名称过长");
	rc = entry_start(c, id, "held_on", held_on, note, &r, err);
	if (rc != WB_OK)
		return rc;
	{
		struct guidance_entry e = { .on = held_on, .attended = attended,
					    .provider = empty(provider) ? r->provider : provider };
		rc = store_guidance_session_add(c->st, id, &e, c->user_id, c->login, c->now, &sid,
						err);
	}
	if (rc == WB_OK && !empty(note)) {
		rc = fieldcrypt_encrypt_str(c->keys, "guidance_sessions", "note", sid, note, &token,
					    err);
		if (rc == WB_OK)
			rc = store_guidance_session_seal(c->st, sid, token, err);
	}
	if (rc == WB_OK)
		rc = store_guidance_last_session(c->st, id, last, err);
	if (rc == WB_OK) {
		set_due(r, last);
		rc = store_guidance_set_due(c->st, id, r->next_session_due, r->yellow_at, r->red_at,
					    err);
	}
	free(token);
	free(r);
	return rc;
}

enum wb_status
app_guidance_check(struct app_ctx *c, int64_t id, const char *checked_on, const char *result,
		   const char *note, struct wb_err *err)
{
	struct guidance_row *r;
	char *token = NULL;
	int64_t kid = 0;
	enum wb_status rc;

	if (!guidance_result_valid(result))
		return wb_err_field(err, WB_ERR_INVALID, "result", "检查结果应为履行、部分履行或未履行");
	rc = entry_start(c, id, "checked_on", checked_on, note, &r, err);
	if (rc != WB_OK)
		return rc;
	{
		struct guidance_entry e = { .on = checked_on, .result = result };
		rc = store_guidance_check_add(c->st, id, &e, c->user_id, c->login, c->now, &kid, err);
	}
	if (rc == WB_OK && !empty(note)) {
		rc = fieldcrypt_encrypt_str(c->keys, "guidance_checks", "note", kid, note, &token, err);
		if (rc == WB_OK)
			rc = store_guidance_check_seal(c->st, kid, token, err);
	}
	free(token);
	free(r);
	return rc;
}

enum wb_status
app_guidance_close(struct app_ctx *c, int64_t id, const char *note, struct wb_err *err)
{
	struct guidance_row *r;
	char *token = NULL;
	enum wb_status rc;

	rc = entry_start(c, id, NULL, NULL, note, &r, err);
	if (rc != WB_OK)
		return rc;
	if (empty(note) || note[strspn(note, " \t\r\n")] == '\0')
		rc = wb_err_field(err, WB_ERR_RULE, "note", "请填写结案情况");
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt_str(c->keys, "guidance_orders", "closing_note", id, note,
					    &token, err);
	if (rc == WB_OK)
		rc = store_guidance_close(c->st, id, token, c->now, c->user_id, err);
	if (rc == WB_OK && r->case_id > 0) {
		char reason[512];
		snprintf(reason, sizeof(reason), "%s（%s）已结案", r->kind, r->doc_no);
		rc = case_timeline(c, r->case_id, reason, err);
	}
	free(token);
	free(r);
	return rc;
}

/* The JSON array sealed in cell column of order r (token) into *out (a new
 * reference; an empty array for none). */
static enum wb_status
open_list(const struct app_ctx *c, const struct guidance_row *r, const char *column,
	  const char *token, json_t **out, struct wb_err *err)
{
	const char *text = "";
	enum wb_status rc = app_case_open(c, "guidance_orders", column, r->id, token, &text, err);

	*out = NULL;
	if (rc != WB_OK)
		return rc;
	*out = text[0] ? json_loads(text, 0, NULL) : json_array();
	if (!json_is_array(*out)) {
		json_decref(*out);
		*out = NULL;
		return wb_err_set(err, WB_ERR_DB, "guidance order %lld: %s is not a list",
				  (long long)r->id, column);
	}
	return WB_OK;
}

enum wb_status
app_guidance_people(const struct app_ctx *c, const struct guidance_row *r, json_t **guardians,
		    json_t **children, json_t **obligations, const char **names,
		    struct wb_err *err)
{
	json_t *list = NULL, *v;
	enum wb_status rc = WB_OK;
	size_t i;

	if (guardians || names) {
		json_t *out = json_array();
		size_t len = 0;
		char *joined;

		rc = open_list(c, r, "guardians", r->guardians, &list, err);
		if (rc != WB_OK) {
			json_decref(out);
			return rc;
		}
		json_array_foreach(list, i, v) {
			const char *m = app_masked(c, MASK_NAME,
						   json_string_value(json_object_get(v, "name")));
			const char *rel = json_string_value(json_object_get(v, "relation"));
			json_array_append_new(out, json_pack("{s:s, s:s}", "name", m, "relation",
							     rel ? rel : ""));
			len += strlen(m) + 4;
		}
		joined = arena_alloc(c->arena, len + 1);
		if (joined) {
			joined[0] = '\0';
			json_array_foreach(out, i, v) {
				if (i)
					strcat(joined, "、");
				strcat(joined, json_string_value(json_object_get(v, "name")));
			}
		}
		if (names)
			*names = joined ? joined : "";
		if (guardians)
			*guardians = out;
		else
			json_decref(out);
		json_decref(list);
	}
	if (children) {
		*children = json_array();
		rc = open_list(c, r, "children", r->children, &list, err);
		if (rc != WB_OK) {
			json_decref(*children);
			*children = NULL;
			return rc;
		}
		json_array_foreach(list, i, v) {
			json_t *cid = json_object_get(v, "child_id");
			json_array_append_new(*children, json_pack(
				"{s:s, s:s, s:O}", "name",
				app_masked(c, MASK_NAME,
					   json_string_value(json_object_get(v, "name"))),
				"id_number", app_masked(c, MASK_IDNUMBER,
							json_string_value(json_object_get(v, "id_number"))),
				"child_id", cid ? cid : json_null()));
		}
		json_decref(list);
	}
	if (obligations) {
		rc = open_list(c, r, "obligations", r->obligations, obligations, err);
		if (rc != WB_OK && children) {
			json_decref(*children);
			*children = NULL;
		}
	}
	return rc;
}
