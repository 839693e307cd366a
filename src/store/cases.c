#include "store/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sec/scope.h"
#include "store/scope.h"
#include "store/store_int.h"

/* Reads CASE_COLUMNS and the light (stmt.def) of the current row into r. */
static void
read_case(struct store_query *q, struct case_row *r)
{
	int k = 0;
	const char *s;

	r->id = store_col_int(q, k++);
	store_col_copy(q, k++, r->tracking_no, sizeof(r->tracking_no));
	store_col_copy(q, k++, r->source, sizeof(r->source));
	r->situations = (unsigned)store_col_int(q, k++);
	r->urgent = store_col_int(q, k++) != 0;
	r->state = case_state_parse(store_col_text(q, k++));
	s = store_col_text(q, k++);
	r->risk = s ? case_risk_parse(s) : CASE_RISK_NONE;
	if (r->risk == CASE_RISK__MAX)
		r->risk = CASE_RISK_NONE;
	r->child_id = store_col_int0(q, k++);
	store_col_copy(q, k++, r->child_name, sizeof(r->child_name));
	store_col_copy(q, k++, r->child_id_number, sizeof(r->child_id_number));
	store_col_copy(q, k++, r->child_sex, sizeof(r->child_sex));
	r->child_age = store_col_is_null(q, k) ? -1 : (int)store_col_int(q, k);
	k++;
	store_col_copy(q, k++, r->division_code, sizeof(r->division_code));
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	r->reporter_user_id = store_col_int0(q, k++);
	r->reporter_unit_id = store_col_int0(q, k++);
	r->reporter_institution_id = store_col_int0(q, k++);
	store_col_copy(q, k++, r->reporter_contact, sizeof(r->reporter_contact));
	store_col_copy(q, k++, r->seen_at, sizeof(r->seen_at));
	store_col_copy(q, k++, r->place, sizeof(r->place));
	store_col_copy(q, k++, r->description, sizeof(r->description));
	store_col_copy(q, k++, r->outcome, sizeof(r->outcome));
	s = store_col_text(q, k++);
	r->police_kind = s ? police_kind_parse(s) : POLICE_KIND__MAX;
	r->police_at = store_col_int0(q, k++);
	r->feedback_done_at = store_col_int0(q, k++);
	r->state_since = store_col_int0(q, k++);
	r->yellow_at = store_col_int0(q, k++);
	r->red_at = store_col_int0(q, k++);
	r->fb_yellow_at = store_col_int0(q, k++);
	r->fb_red_at = store_col_int0(q, k++);
	r->transfer_unit_id = store_col_int0(q, k++);
	r->created_at = store_col_int(q, k++);
	r->updated_at = store_col_int(q, k++);
	r->created_by = store_col_int0(q, k++);
	store_col_copy(q, k++, r->village_name, sizeof(r->village_name));
	store_col_copy(q, k++, r->town_name, sizeof(r->town_name));
	store_col_copy(q, k++, r->reporter_name, sizeof(r->reporter_name));
	store_col_copy(q, k++, r->reporter_unit, sizeof(r->reporter_unit));
	store_col_copy(q, k++, r->reporter_institution, sizeof(r->reporter_institution));
	store_col_copy(q, k++, r->transfer_unit, sizeof(r->transfer_unit));
	store_col_copy(q, k++, r->reg_name, sizeof(r->reg_name));
	store_col_copy(q, k++, r->reg_id_number, sizeof(r->reg_id_number));
	r->light = (int)store_col_int(q, k);
}

enum wb_status
store_case_insert(struct store *st, const struct case_row *r, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_INSERT);
	enum wb_status rc;
	bool row = false;
	int i = 1;

	store_bind_text(q, i++, r->source);
	store_bind_int(q, i++, r->situations);
	store_bind_int(q, i++, r->urgent ? 1 : 0);
	store_bind_text(q, i++, case_state_code(r->state));
	store_bind_id_opt(q, i++, r->child_id);
	store_bind_text_opt(q, i++, r->child_sex);
	if (r->child_age >= 0)
		store_bind_int(q, i++, r->child_age);
	else
		store_bind_null(q, i++);
	store_bind_text(q, i++, r->division_code);
	store_bind_text(q, i++, r->town_code);
	store_bind_id_opt(q, i++, r->reporter_user_id);
	store_bind_id_opt(q, i++, r->reporter_unit_id);
	store_bind_id_opt(q, i++, r->reporter_institution_id);
	store_bind_text_opt(q, i++, r->seen_at);
	store_bind_int(q, i++, r->state_since);
	store_bind_id_opt(q, i++, r->yellow_at);
	store_bind_id_opt(q, i++, r->red_at);
	store_bind_int(q, i++, r->created_at);
	store_bind_int(q, i++, r->created_at);
	store_bind_id_opt(q, i, r->created_by);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_DB, "case insert returned no id");
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_seal(struct store *st, int64_t id, const char *tracking_no, const char *child_name,
		const char *child_id_number, const char *contact, const char *place,
		const char *description, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_SEAL);

	store_bind_text(q, 1, tracking_no);
	store_bind_text_opt(q, 2, child_name);
	store_bind_text_opt(q, 3, child_id_number);
	store_bind_text_opt(q, 4, contact);
	store_bind_text_opt(q, 5, place);
	store_bind_text_opt(q, 6, description);
	store_bind_int(q, 7, id);
	return store_exec_done(q, err);
}

/* Runs a get statement whose parameters are already bound. */
static enum wb_status
get_one(struct store_query *q, struct case_row *out, struct wb_err *err)
{
	enum wb_status rc;
	bool row = false;

	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_case(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "个案不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_get(struct store *st, const struct scope *scope, int64_t id, int64_t now,
	       struct case_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_GET_SCOPED);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_scope(q, 3, scope);
	return get_one(q, out, err);
}

enum wb_status
store_case_get_own(struct store *st, int64_t creator, int64_t id, int64_t now,
		   struct case_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_GET_OWN);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_int(q, 3, creator > 0 ? creator : -1);
	return get_one(q, out, err);
}

enum wb_status
store_case_reports_since(struct store *st, int64_t creator, int64_t since, int64_t *count,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_REPORTS_SINCE);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, creator);
	store_bind_int(q, 2, since);
	rc = store_step(q, &row, err);
	*count = rc == WB_OK && row ? store_col_int(q, 0) : 0;
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_set_state(struct store *st, int64_t id, enum case_state from, const struct case_row *r,
		     int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_SET_STATE);
	enum wb_status rc;

	store_bind_text(q, 1, case_state_code(r->state));
	if (r->risk != CASE_RISK_NONE)
		store_bind_text(q, 2, case_risk_title(r->risk));
	else
		store_bind_null(q, 2);
	store_bind_int(q, 3, r->state_since);
	store_bind_id_opt(q, 4, r->yellow_at);
	store_bind_id_opt(q, 5, r->red_at);
	store_bind_id_opt(q, 6, r->transfer_unit_id);
	store_bind_int(q, 7, now);
	store_bind_int(q, 8, id);
	store_bind_text(q, 9, case_state_code(from));
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "state_changed", "个案状态已变化，请刷新后重试");
	return rc;
}

enum wb_status
store_case_set_police(struct store *st, int64_t id, enum police_kind kind, int64_t at,
		      int64_t fb_yellow_at, int64_t fb_red_at, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_SET_POLICE);
	enum wb_status rc;

	store_bind_text(q, 1, police_kind_title(kind));
	store_bind_int(q, 2, at);
	store_bind_int(q, 3, fb_yellow_at);
	store_bind_int(q, 4, fb_red_at);
	store_bind_int(q, 5, at);
	store_bind_int(q, 6, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "police_recorded", "公安受案情况已登记");
	return rc;
}

enum wb_status
store_case_set_feedback(struct store *st, int64_t id, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_SET_FEEDBACK);
	enum wb_status rc;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "wrong_state",
				 "公安尚未登记受案，或已反馈报告单位");
	return rc;
}

enum wb_status
store_case_set_outcome(struct store *st, int64_t id, const char *token, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_SET_OUTCOME);

	store_bind_text_opt(q, 1, token);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_case_event_add(struct store *st, int64_t case_id, const struct case_event_row *e,
		     int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_EVENT_INSERT);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, case_id);
	store_bind_int(q, 2, e->at);
	store_bind_id_opt(q, 3, e->user_id);
	store_bind_text(q, 4, e->login ? e->login : "system");
	store_bind_text(q, 5, e->event);
	store_bind_text_opt(q, 6, e->from_state);
	store_bind_text(q, 7, e->to_state);
	store_bind_text_opt(q, 8, e->risk);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_DB, "case event insert returned no id");
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_event_seal(struct store *st, int64_t id, const char *reason, const char *detail,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_EVENT_SEAL);

	store_bind_text_opt(q, 1, reason);
	store_bind_text_opt(q, 2, detail);
	store_bind_int(q, 3, id);
	return store_exec_done(q, err);
}

enum wb_status
store_case_events(struct store *st, int64_t case_id,
		  void (*fn)(const struct case_event_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_EVENTS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, case_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct case_event_row e = {
			.id = store_col_int(q, 0), .at = store_col_int(q, 1),
			.user_id = store_col_int0(q, 2), .login = store_col_text0(q, 3),
			.event = store_col_text0(q, 4), .from_state = store_col_text0(q, 5),
			.to_state = store_col_text0(q, 6), .reason = store_col_text0(q, 7),
			.detail = store_col_text0(q, 8), .risk = store_col_text0(q, 9),
			.actor = store_col_text0(q, 10),
		};
		fn(&e, arg);
	}
	store_query_end(q);
	return rc;
}

/* Binds CASE_WHERE from idx; returns the index after. */
static int
bind_filter(struct store_query *q, int idx, const struct case_filter *f)
{
	const char *state = f->state ? f->state : "";
	const char *town = f->town ? f->town : "";
	const char *village = f->village ? f->village : "";

	store_bind_int(q, idx++, f->now);
	idx = store_bind_scope(q, idx, f->scope);
	store_bind_int(q, idx++, f->creator);
	store_bind_int(q, idx++, f->creator);
	store_bind_text(q, idx++, state);
	store_bind_text(q, idx++, state);
	store_bind_int(q, idx++, f->light);
	store_bind_int(q, idx++, f->light);
	store_bind_text(q, idx++, town);
	store_bind_text(q, idx++, town);
	store_bind_text(q, idx++, village);
	store_bind_text(q, idx++, village);
	store_bind_int(q, idx++, f->urgent);
	store_bind_int(q, idx++, f->urgent);
	return idx;
}

/* The filter shapes of the list, each with its statements (stmt.def
 * CASE_KEY_*): the equalities an index serves. */
enum case_key {
	KEY_ANY, KEY_STATE, KEY_TOWN, KEY_TOWN_STATE, KEY_VILLAGE, KEY_VILLAGE_STATE,
	KEY_CREATOR, KEY_UNIT, KEY__MAX
};

/* The key of filter f: the narrowest place (a village, else a town, from
 * the filter or else the scope), else the creator, the member unit, the
 * state.  The values go into *text (a division code) or *id.  Each key is
 * implied by the filter and scope terms the statement keeps, so it changes
 * what is read, never what is found. */
static enum case_key
case_key_of(const struct case_filter *f, const char **text, int64_t *id)
{
	struct scope_binds b;
	bool state = f->state && f->state[0];
	size_t plen;

	scope_binds(f->scope, &b);
	plen = b.prefix ? strlen(b.prefix) : 0;
	*text = "";
	*id = 0;
	if (f->village && f->village[0])
		*text = f->village;
	else if (!b.all && plen == 12)
		*text = b.prefix;
	if ((*text)[0])
		return state ? KEY_VILLAGE_STATE : KEY_VILLAGE;
	if (f->town && f->town[0])
		*text = f->town;
	else if (!b.all && plen == 9)
		*text = b.prefix;
	if ((*text)[0])
		return state ? KEY_TOWN_STATE : KEY_TOWN;
	if (f->creator > 0 || (!b.all && !b.prefix && !b.unit_id && !b.institution_id &&
			       b.owner_id > 0)) {
		*id = f->creator > 0 ? f->creator : b.owner_id;
		return KEY_CREATOR;
	}
	if (!b.all && !b.prefix && !b.owner_id && !b.institution_id && b.unit_id > 0) {
		*id = b.unit_id;
		return KEY_UNIT;
	}
	return state ? KEY_STATE : KEY_ANY;
}

/* Whether key k (value text) selects exactly the cases of f's scope: a
 * town scope keyed by its town (a case's town_code is always the first nine
 * digits of its village, store_case_insert's callers derive it so and
 * nothing changes either), a village scope by its village. */
static bool
key_is_scope(const struct case_filter *f, enum case_key k, const char *text)
{
	struct scope_binds b;
	size_t plen;

	scope_binds(f->scope, &b);
	if (b.all || b.prefix == NULL || b.unit_id || b.owner_id || b.institution_id ||
	    strcmp(text, b.prefix) != 0)
		return false;
	plen = strlen(b.prefix);
	return ((k == KEY_TOWN || k == KEY_TOWN_STATE) && plen == 9) ||
	       ((k == KEY_VILLAGE || k == KEY_VILLAGE_STATE) && plen == 12);
}

/* Binds the key's values from idx; returns the index after. */
static int
bind_key(struct store_query *q, int idx, enum case_key k, const struct case_filter *f,
	 const char *text, int64_t id)
{
	switch (k) {
	case KEY_TOWN:
	case KEY_VILLAGE:
		store_bind_text(q, idx++, text);
		break;
	case KEY_TOWN_STATE:
	case KEY_VILLAGE_STATE:
		store_bind_text(q, idx++, text);
		store_bind_text(q, idx++, f->state);
		break;
	case KEY_STATE:
		store_bind_text(q, idx++, f->state);
		break;
	case KEY_CREATOR:
	case KEY_UNIT:
		store_bind_int(q, idx++, id);
		break;
	default:
		break;
	}
	return idx;
}

/* A case page's filter and key (store_pager's filter). */
struct case_keyed {
	const struct case_filter *f;
	enum case_key k;
	const char *text;
	int64_t id;
};

/* store_pager's bind: CASE_WHERE, then the key's values. */
static int
bind_keyed(struct store_query *q, int idx, const void *filter)
{
	const struct case_keyed *c = filter;

	return bind_key(q, bind_filter(q, idx, c->f), c->k, c->f, c->text, c->id);
}

STORE_PAGER_EACH(case, case_row, read_case)

enum wb_status
store_case_page(struct store *st, const struct case_filter *f, int64_t limit, int64_t offset,
		void (*fn)(const struct case_row *, void *), void *arg, int64_t *total,
		struct wb_err *err)
{
	static const enum stmt_id counts[KEY__MAX] = {
		STMT_CASE_COUNT_ANY, STMT_CASE_COUNT_STATE, STMT_CASE_COUNT_TOWN,
		STMT_CASE_COUNT_TOWN_STATE, STMT_CASE_COUNT_VILLAGE, STMT_CASE_COUNT_VILLAGE_STATE,
		STMT_CASE_COUNT_CREATOR, STMT_CASE_COUNT_UNIT,
	};
	static const enum stmt_id pages[KEY__MAX] = {
		STMT_CASE_PAGE_ANY, STMT_CASE_PAGE_STATE, STMT_CASE_PAGE_TOWN,
		STMT_CASE_PAGE_TOWN_STATE, STMT_CASE_PAGE_VILLAGE, STMT_CASE_PAGE_VILLAGE_STATE,
		STMT_CASE_PAGE_CREATOR, STMT_CASE_PAGE_UNIT,
	};
	struct case_keyed c = { .f = f };
	struct case_cb cb = { fn, arg };
	struct store_pager p = {
		.bind = bind_keyed, .filter = &c, .row_size = sizeof(struct case_row),
		.each = each_case, .arg = &cb,
	};
	struct case_filter keyed;
	struct scope county;

	c.k = case_key_of(f, &c.text, &c.id);
	if (key_is_scope(f, c.k, c.text)) {
		/* the key is the scope itself: the scope's own test (on the
		 * village code, outside the index) would only say it again */
		county = scope_make(f->scope->rule, SCOPE_COUNTY, "", 0, 0, 0);
		keyed = *f;
		keyed.scope = &county;
		c.f = &keyed;
	}
	p.count = counts[c.k];
	p.page = pages[c.k];
	return store_count_and_page(st, &p, limit, offset, total, err);
}

/* Binds CASE_STATS_WHERE from 1; returns the index after. */
static int
bind_stats(struct store_query *q, const struct case_stats_filter *f)
{
	const char *town = f->town ? f->town : "";
	int i = store_bind_scope(q, 1, f->scope);

	store_bind_int(q, i++, f->from);
	store_bind_int(q, i++, f->to);
	store_bind_text(q, i++, town);
	store_bind_text(q, i++, town);
	return i;
}

enum wb_status
store_case_stats_totals(struct store *st, const struct case_stats_filter *f, int64_t *total,
			int64_t *urgent, int64_t *closed, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_STATS_TOTALS);
	enum wb_status rc;
	bool row = false;

	bind_stats(q, f);
	*total = *urgent = *closed = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*total = store_col_int(q, 0);
		*urgent = store_col_int(q, 1);
		*closed = store_col_int(q, 2);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_stats_each(struct store *st, enum case_stats_part part,
		      const struct case_stats_filter *f,
		      void (*fn)(const struct case_stats_row *, void *), void *arg,
		      struct wb_err *err)
{
	static const enum stmt_id stmts[] = {
		[CASE_STATS_BY_SITUATION] = STMT_CASE_STATS_SITUATIONS,
		[CASE_STATS_BY_SOURCE] = STMT_CASE_STATS_SOURCES,
		[CASE_STATS_BY_TOWN] = STMT_CASE_STATS_TOWNS,
		[CASE_STATS_BY_DAY] = STMT_CASE_STATS_DAYS,
		[CASE_STATS_ACCEPT_TIMES] = STMT_CASE_STATS_ACCEPT_TIMES,
		[CASE_STATS_CLOSE_TIMES] = STMT_CASE_STATS_CLOSE_TIMES,
	};
	struct store_query *q = store_query(st, stmts[part]);
	enum wb_status rc;
	bool row;

	bind_stats(q, f);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct case_stats_row r = { 0 };
		switch (part) {
		case CASE_STATS_BY_SOURCE:
			r.code = store_col_text0(q, 0);
			r.count = store_col_int(q, 1);
			break;
		case CASE_STATS_BY_TOWN:
			r.code = store_col_text0(q, 0);
			r.name = store_col_text0(q, 1);
			r.count = store_col_int(q, 2);
			break;
		case CASE_STATS_ACCEPT_TIMES:
		case CASE_STATS_CLOSE_TIMES:
			r.n = store_col_int(q, 0);
			break;
		default:
			r.n = store_col_int(q, 0);
			r.count = store_col_int(q, 1);
			break;
		}
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_reports_ontime(struct store *st, const struct case_stats_filter *f, int64_t urgent_s,
			  int64_t normal_s, int64_t *due, int64_t *ontime, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_IND_ONTIME);
	const char *town = f->town ? f->town : "";
	enum wb_status rc;
	bool row = false;
	int i;

	store_bind_int(q, 1, urgent_s);
	store_bind_int(q, 2, normal_s);
	store_bind_int(q, 3, f->to);
	i = store_bind_scope(q, 4, f->scope);
	store_bind_int(q, i++, f->from);
	store_bind_int(q, i++, f->to);
	store_bind_text(q, i++, town);
	store_bind_text(q, i++, town);
	store_bind_int(q, i, f->to);
	*due = *ontime = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*due = store_col_int(q, 0);
		*ontime = store_col_int(q, 1);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_stats_overdue(struct store *st, const struct scope *scope, const char *town,
			 int64_t now, struct case_overdue *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_STATS_OVERDUE);
	enum wb_status rc;
	bool row = false;
	int i;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, now);
	i = store_bind_scope(q, 2, scope);
	store_bind_text(q, i++, town ? town : "");
	store_bind_text(q, i, town ? town : "");
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->accept = store_col_int(q, 0);
		out->assess = store_col_int(q, 1);
		out->care = store_col_int(q, 2);
		out->close = store_col_int(q, 3);
		out->transfer = store_col_int(q, 4);
		out->feedback = store_col_int(q, 5);
	}
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_CASE_STATS_OVERDUE_MORE);
	i = 1;
	for (int k = 0; k < 3; k++) {
		i = store_bind_scope(q, i, scope);
		store_bind_text(q, i++, town ? town : "");
		store_bind_text(q, i++, town ? town : "");
	}
	store_bind_int(q, i, now);
	row = false;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->measures = store_col_int(q, 0);
		out->listings = store_col_int(q, 1);
		out->guidance = store_col_int(q, 2);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_listings_in(struct store *st, const struct case_stats_filter *f, int64_t *n,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_IND_LISTINGS);

	bind_stats(q, f);
	return store_count_of(q, n, err);
}

enum wb_status
store_guidance_issued_in(struct store *st, const struct scope *scope, const char *town,
			 const char *from, const char *to, int64_t *n, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_IND_GUIDANCE);
	int i = store_bind_scope(q, 1, scope);

	store_bind_text(q, i++, from);
	store_bind_text(q, i++, to);
	store_bind_text(q, i++, town ? town : "");
	store_bind_text(q, i, town ? town : "");
	return store_count_of(q, n, err);
}

enum wb_status
store_case_gen_children(struct store *st, int (*fn)(int64_t id, const char *village, void *),
			void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_GEN_CHILDREN);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		if (fn(store_col_int(q, 0), store_col_text0(q, 1), arg) != 0) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
	store_query_end(q);
	return rc;
}

enum wb_status
store_case_notify_urgent(struct store *st, const char *town_code, const char *title,
			 const char *link, const char *dedupe, int64_t now, int64_t *added,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_NOTIFY_URGENT);
	enum wb_status rc;

	store_bind_text(q, 1, title);
	store_bind_text(q, 2, link);
	store_bind_text(q, 3, dedupe);
	store_bind_int(q, 4, now);
	store_bind_text(q, 5, town_code);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && added)
		*added = store_changes(st);
	return rc;
}

enum wb_status
store_case_notify_user(struct store *st, int64_t user_id, const char *kind, const char *title,
		       const char *link, const char *dedupe, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_NOTIFY_USER);

	store_bind_text(q, 1, kind);
	store_bind_text(q, 2, title);
	store_bind_text(q, 3, link);
	store_bind_text(q, 4, dedupe);
	store_bind_int(q, 5, now);
	store_bind_int(q, 6, user_id);
	return store_exec_done(q, err);
}
