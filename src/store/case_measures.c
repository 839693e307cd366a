#include "store/case_measures.h"

#include <stdlib.h>
#include <string.h>

#include "store/scope.h"
#include "store/store_int.h"

/* Runs an INSERT … RETURNING id whose parameters are bound. */
static enum wb_status
insert_id(struct store_query *q, int64_t *id, const char *what, struct wb_err *err)
{
	enum wb_status rc;
	bool row = false;

	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_DB, "%s insert returned no id", what);
	store_query_end(q);
	return rc;
}

/* An UPDATE of one token column: token (NULL for ""), id. */
static enum wb_status
seal(struct store *st, enum stmt_id stmt, int64_t id, const char *token, struct wb_err *err)
{
	struct store_query *q = store_query(st, stmt);

	store_bind_text_opt(q, 1, token);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

/* Reads MEASURE_COLUMNS and the light (stmt.def) of the current row. */
static void
read_measure(struct store_query *q, struct measure_row *r)
{
	int k = 0;

	r->id = store_col_int(q, k++);
	r->case_id = store_col_int(q, k++);
	store_col_copy(q, k++, r->kind, sizeof(r->kind));
	r->unit_id = store_col_int(q, k++);
	store_col_copy(q, k++, r->due_on, sizeof(r->due_on));
	r->state = measure_state_parse(store_col_text(q, k++));
	store_col_copy(q, k++, r->note, sizeof(r->note));
	r->assigned_by = store_col_int0(q, k++);
	r->assigned_at = store_col_int0(q, k++);
	r->accepted_at = store_col_int0(q, k++);
	store_col_copy(q, k++, r->delivered_on, sizeof(r->delivered_on));
	r->closed_at = store_col_int0(q, k++);
	r->yellow_at = store_col_int0(q, k++);
	r->red_at = store_col_int0(q, k++);
	r->updated_at = store_col_int0(q, k++);
	store_col_copy(q, k++, r->unit_name, sizeof(r->unit_name));
	store_col_copy(q, k++, r->tracking_no, sizeof(r->tracking_no));
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	store_col_copy(q, k++, r->town_name, sizeof(r->town_name));
	store_col_copy(q, k++, r->division_code, sizeof(r->division_code));
	store_col_copy(q, k++, r->village_name, sizeof(r->village_name));
	r->child_id = store_col_int0(q, k++);
	store_col_copy(q, k++, r->case_child_name, sizeof(r->case_child_name));
	store_col_copy(q, k++, r->reg_name, sizeof(r->reg_name));
	r->light = (int)store_col_int(q, k);
}

enum wb_status
store_measure_insert(struct store *st, const struct measure_row *r, int64_t *id,
		     struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_INSERT);
	int i = 1;

	store_bind_int(q, i++, r->case_id);
	store_bind_text(q, i++, r->kind);
	store_bind_int(q, i++, r->unit_id);
	store_bind_text(q, i++, r->due_on);
	store_bind_text(q, i++, measure_state_code(r->state));
	store_bind_id_opt(q, i++, r->assigned_by);
	store_bind_int(q, i++, r->assigned_at);
	store_bind_id_opt(q, i++, r->yellow_at);
	store_bind_id_opt(q, i++, r->red_at);
	store_bind_int(q, i, r->assigned_at);
	return insert_id(q, id, "measure", err);
}

enum wb_status
store_measure_seal(struct store *st, int64_t id, const char *note, struct wb_err *err)
{
	return seal(st, STMT_MEASURE_SEAL, id, note, err);
}

enum wb_status
store_measure_get(struct store *st, const struct scope *scope, int64_t id, int64_t now,
		  struct measure_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_GET_SCOPED);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_scope(q, 3, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_measure(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "措施不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_measure_set_state(struct store *st, int64_t id, enum measure_state from,
			const struct measure_row *r, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_SET_STATE);
	enum wb_status rc;

	store_bind_text(q, 1, measure_state_code(r->state));
	store_bind_id_opt(q, 2, r->accepted_at);
	store_bind_text_opt(q, 3, r->delivered_on);
	store_bind_id_opt(q, 4, r->closed_at);
	store_bind_id_opt(q, 5, r->yellow_at);
	store_bind_id_opt(q, 6, r->red_at);
	store_bind_int(q, 7, now);
	store_bind_int(q, 8, id);
	store_bind_text(q, 9, measure_state_code(from));
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "state_changed", "措施状态已变化，请刷新后重试");
	return rc;
}

enum wb_status
store_measure_event_add(struct store *st, int64_t measure_id, int64_t user_id,
			const struct measure_event_row *e, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_EVENT_INSERT);

	store_bind_int(q, 1, measure_id);
	store_bind_int(q, 2, e->at);
	store_bind_id_opt(q, 3, user_id);
	store_bind_text(q, 4, e->login ? e->login : "system");
	store_bind_text(q, 5, e->event);
	store_bind_text_opt(q, 6, e->from_state);
	store_bind_text(q, 7, e->to_state);
	return insert_id(q, id, "measure event", err);
}

enum wb_status
store_measure_event_seal(struct store *st, int64_t id, const char *note, struct wb_err *err)
{
	return seal(st, STMT_MEASURE_EVENT_SEAL, id, note, err);
}

enum wb_status
store_measure_events(struct store *st, int64_t measure_id,
		     void (*fn)(const struct measure_event_row *, void *), void *arg,
		     struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_EVENTS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, measure_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct measure_event_row e = {
			.id = store_col_int(q, 0), .at = store_col_int(q, 1),
			.login = store_col_text0(q, 2), .event = store_col_text0(q, 3),
			.from_state = store_col_text0(q, 4), .to_state = store_col_text0(q, 5),
			.note = store_col_text0(q, 6), .actor = store_col_text0(q, 7),
		};
		fn(&e, arg);
	}
	store_query_end(q);
	return rc;
}

/* Binds MEASURE_WHERE from idx; returns the index after. */
static int
bind_measure_filter(struct store_query *q, int idx, const void *filter)
{
	const struct measure_filter *f = filter;
	const char *state = f->state ? f->state : "";
	const char *kind = f->kind ? f->kind : "";

	store_bind_int(q, idx++, f->now);
	idx = store_bind_scope(q, idx, f->scope);
	store_bind_int(q, idx++, f->unit_id);
	store_bind_int(q, idx++, f->unit_id);
	store_bind_text(q, idx++, state);
	store_bind_text(q, idx++, state);
	store_bind_int(q, idx++, f->light);
	store_bind_int(q, idx++, f->light);
	store_bind_text(q, idx++, kind);
	store_bind_text(q, idx++, kind);
	store_bind_int(q, idx++, f->case_id);
	store_bind_int(q, idx++, f->case_id);
	return idx;
}

STORE_PAGER_EACH(measure, measure_row, read_measure)

enum wb_status
store_measure_page(struct store *st, const struct measure_filter *f, int64_t limit,
		   int64_t offset, void (*fn)(const struct measure_row *, void *), void *arg,
		   int64_t *total, struct wb_err *err)
{
	struct measure_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_MEASURE_COUNT, .page = STMT_MEASURE_PAGE, .bind = bind_measure_filter,
		.filter = f, .row_size = sizeof(struct measure_row), .each = each_measure, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}

/* A notice statement: kind, title, link, dedupe, now, then the recipients'
 * key bound by the caller at 6. */
static void
bind_notice(struct store_query *q, const char *kind, const char *title, const char *link,
	    const char *dedupe, int64_t now)
{
	store_bind_text(q, 1, kind);
	store_bind_text(q, 2, title);
	store_bind_text(q, 3, link);
	store_bind_text(q, 4, dedupe);
	store_bind_int(q, 5, now);
}

enum wb_status
store_measure_notify_unit(struct store *st, int64_t unit_id, const char *kind, const char *title,
			  const char *link, const char *dedupe, int64_t now, int64_t *added,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_MEASURE_NOTIFY_UNIT);
	enum wb_status rc;

	bind_notice(q, kind, title, link, dedupe, now);
	store_bind_int(q, 6, unit_id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && added)
		*added = store_changes(st);
	return rc;
}

enum wb_status
store_case_notify_town(struct store *st, const char *town_code, const char *kind,
		       const char *title, const char *link, const char *dedupe, int64_t now,
		       int64_t *added, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CASE_NOTIFY_TOWN);
	enum wb_status rc;

	bind_notice(q, kind, title, link, dedupe, now);
	store_bind_text(q, 6, town_code);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && added)
		*added = store_changes(st);
	return rc;
}

/* Reads LISTING_COLUMNS and the light of the current row. */
static void
read_listing(struct store_query *q, struct listing_row *r)
{
	int k = 0;

	r->id = store_col_int(q, k++);
	r->case_id = store_col_int(q, k++);
	store_col_copy(q, k++, r->leader, sizeof(r->leader));
	store_col_copy(q, k++, r->reason, sizeof(r->reason));
	r->listed_at = store_col_int(q, k++);
	r->listed_by = store_col_int0(q, k++);
	store_col_copy(q, k++, r->deadline, sizeof(r->deadline));
	r->period_days = (int)store_col_int(q, k++);
	store_col_copy(q, k++, r->next_report_due, sizeof(r->next_report_due));
	r->yellow_at = store_col_int0(q, k++);
	r->red_at = store_col_int0(q, k++);
	r->lifted_at = store_col_int0(q, k++);
	r->lifted_by = store_col_int0(q, k++);
	store_col_copy(q, k++, r->lift_reason, sizeof(r->lift_reason));
	store_col_copy(q, k++, r->tracking_no, sizeof(r->tracking_no));
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	store_col_copy(q, k++, r->town_name, sizeof(r->town_name));
	store_col_copy(q, k++, r->division_code, sizeof(r->division_code));
	r->child_id = store_col_int0(q, k++);
	store_col_copy(q, k++, r->case_child_name, sizeof(r->case_child_name));
	store_col_copy(q, k++, r->reg_name, sizeof(r->reg_name));
	store_col_copy(q, k++, r->listed_by_name, sizeof(r->listed_by_name));
	r->reports = store_col_int(q, k++);
	r->light = (int)store_col_int(q, k);
}

enum wb_status
store_listing_insert(struct store *st, const struct listing_row *r, int64_t *id,
		     struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_ACTIVE_OF);
	enum wb_status rc;
	bool row = false;
	int i = 1;

	store_bind_int(q, 1, r->case_id);
	rc = store_step(q, &row, err);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	if (row)
		return wb_err_code(err, WB_ERR_CONFLICT, "already_listed",
				   "该个案已在挂牌督办中，摘牌后才能再次挂牌");
	q = store_query(st, STMT_LISTING_INSERT);
	store_bind_int(q, i++, r->case_id);
	store_bind_text(q, i++, r->leader);
	store_bind_int(q, i++, r->listed_at);
	store_bind_id_opt(q, i++, r->listed_by);
	store_bind_text(q, i++, r->deadline);
	store_bind_int(q, i++, r->period_days);
	store_bind_text(q, i++, r->next_report_due);
	store_bind_id_opt(q, i++, r->yellow_at);
	store_bind_id_opt(q, i, r->red_at);
	return insert_id(q, id, "listing", err);
}

enum wb_status
store_listing_seal(struct store *st, int64_t id, const char *reason, struct wb_err *err)
{
	return seal(st, STMT_LISTING_SEAL, id, reason, err);
}

enum wb_status
store_listing_of_case(struct store *st, int64_t case_id, int64_t now, struct listing_row *out,
		      bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_OF_CASE);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, case_id);
	rc = store_step(q, &row, err);
	*found = rc == WB_OK && row;
	if (*found)
		read_listing(q, out);
	store_query_end(q);
	return rc;
}

enum wb_status
store_listing_set_due(struct store *st, int64_t id, const char *next_due, int64_t yellow_at,
		      int64_t red_at, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_SET_DUE);
	enum wb_status rc;

	store_bind_text(q, 1, next_due);
	store_bind_int(q, 2, yellow_at);
	store_bind_int(q, 3, red_at);
	store_bind_int(q, 4, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "lifted", "该个案已摘牌");
	return rc;
}

enum wb_status
store_listing_lift(struct store *st, int64_t id, int64_t at, int64_t by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_LIFT);
	enum wb_status rc;

	store_bind_int(q, 1, at);
	store_bind_id_opt(q, 2, by);
	store_bind_int(q, 3, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "lifted", "该个案已摘牌");
	return rc;
}

enum wb_status
store_listing_seal_lift(struct store *st, int64_t id, const char *reason, struct wb_err *err)
{
	return seal(st, STMT_LISTING_SEAL_LIFT, id, reason, err);
}

enum wb_status
store_listing_report_add(struct store *st, int64_t listing_id, int64_t at, int64_t user_id,
			 const char *login, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_REPORT_INSERT);

	store_bind_int(q, 1, listing_id);
	store_bind_int(q, 2, at);
	store_bind_id_opt(q, 3, user_id);
	store_bind_text(q, 4, login ? login : "system");
	return insert_id(q, id, "listing report", err);
}

enum wb_status
store_listing_report_seal(struct store *st, int64_t id, const char *progress, struct wb_err *err)
{
	return seal(st, STMT_LISTING_REPORT_SEAL, id, progress, err);
}

enum wb_status
store_listing_reports(struct store *st, int64_t listing_id,
		      void (*fn)(const struct listing_report_row *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_LISTING_REPORTS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, listing_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct listing_report_row p = {
			.id = store_col_int(q, 0), .at = store_col_int(q, 1),
			.login = store_col_text0(q, 2), .progress = store_col_text0(q, 3),
			.actor = store_col_text0(q, 4),
		};
		fn(&p, arg);
	}
	store_query_end(q);
	return rc;
}

/* Binds LISTING_WHERE from idx; returns the index after. */
static int
bind_listing_filter(struct store_query *q, int idx, const void *filter)
{
	const struct listing_filter *f = filter;
	store_bind_int(q, idx++, f->now);
	idx = store_bind_scope(q, idx, f->scope);
	store_bind_int(q, idx++, f->active);
	store_bind_int(q, idx++, f->active);
	store_bind_int(q, idx++, f->light);
	store_bind_int(q, idx++, f->light);
	return idx;
}

STORE_PAGER_EACH(listing, listing_row, read_listing)

enum wb_status
store_listing_page(struct store *st, const struct listing_filter *f, int64_t limit,
		   int64_t offset, void (*fn)(const struct listing_row *, void *), void *arg,
		   int64_t *total, struct wb_err *err)
{
	struct listing_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_LISTING_COUNT, .page = STMT_LISTING_PAGE, .bind = bind_listing_filter,
		.filter = f, .row_size = sizeof(struct listing_row), .each = each_listing, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}
