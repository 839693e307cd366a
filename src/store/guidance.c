#include "store/guidance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/scope.h"
#include "store/store_int.h"

/* Reads GUIDANCE_COLUMNS and the light (stmt.def) of the current row into r. */
static void
read_order(struct store_query *q, struct guidance_row *r)
{
	int k = 0;

	r->id = store_col_int(q, k++);
	store_col_copy(q, k++, r->kind, sizeof(r->kind));
	r->issuer_unit_id = store_col_int(q, k++);
	store_col_copy(q, k++, r->doc_no, sizeof(r->doc_no));
	store_col_copy(q, k++, r->issued_on, sizeof(r->issued_on));
	store_col_copy(q, k++, r->period_from, sizeof(r->period_from));
	store_col_copy(q, k++, r->period_to, sizeof(r->period_to));
	r->case_id = store_col_int0(q, k++);
	store_col_copy(q, k++, r->division_code, sizeof(r->division_code));
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	store_col_copy(q, k++, r->guardians, sizeof(r->guardians));
	store_col_copy(q, k++, r->children, sizeof(r->children));
	store_col_copy(q, k++, r->obligations, sizeof(r->obligations));
	r->every_days = (int)store_col_int(q, k++);
	store_col_copy(q, k++, r->provider, sizeof(r->provider));
	store_col_copy(q, k++, r->state, sizeof(r->state));
	store_col_copy(q, k++, r->closing_note, sizeof(r->closing_note));
	r->closed_at = store_col_int0(q, k++);
	r->closed_by = store_col_int0(q, k++);
	store_col_copy(q, k++, r->next_session_due, sizeof(r->next_session_due));
	r->yellow_at = store_col_int0(q, k++);
	r->red_at = store_col_int0(q, k++);
	r->ends_at = store_col_int(q, k++);
	r->created_at = store_col_int(q, k++);
	r->created_by = store_col_int0(q, k++);
	store_col_copy(q, k++, r->issuer_name, sizeof(r->issuer_name));
	store_col_copy(q, k++, r->village_name, sizeof(r->village_name));
	store_col_copy(q, k++, r->town_name, sizeof(r->town_name));
	store_col_copy(q, k++, r->tracking_no, sizeof(r->tracking_no));
	r->sessions = store_col_int(q, k++);
	r->light = (int)store_col_int(q, k);
}

/* Steps an INSERT … RETURNING id whose parameters are bound into *id. */
static enum wb_status
insert_returning(struct store_query *q, int64_t *id, const char *what, struct wb_err *err)
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

enum wb_status
store_guidance_insert(struct store *st, const struct guidance_row *r, int64_t *id,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_INSERT);
	enum wb_status rc;
	int i = 1;

	store_bind_text(q, i++, r->kind);
	store_bind_int(q, i++, r->issuer_unit_id);
	store_bind_text(q, i++, r->doc_no);
	store_bind_text(q, i++, r->issued_on);
	store_bind_text(q, i++, r->period_from);
	store_bind_text(q, i++, r->period_to);
	store_bind_id_opt(q, i++, r->case_id);
	store_bind_text(q, i++, r->division_code);
	store_bind_text(q, i++, r->town_code);
	store_bind_int(q, i++, r->every_days);
	store_bind_text(q, i++, r->provider);
	store_bind_text_opt(q, i++, r->next_session_due);
	store_bind_id_opt(q, i++, r->yellow_at);
	store_bind_id_opt(q, i++, r->red_at);
	store_bind_int(q, i++, r->ends_at);
	store_bind_int(q, i++, r->created_at);
	store_bind_id_opt(q, i, r->created_by);
	rc = insert_returning(q, id, "guidance order", err);
	if (rc == WB_ERR_CONFLICT)
		rc = wb_err_field(err, WB_ERR_CONFLICT, "doc_no", "该单位已登记文书编号为“%s”的文书",
				  r->doc_no);
	return rc;
}

enum wb_status
store_guidance_seal(struct store *st, int64_t id, const char *guardians, const char *children,
		    const char *obligations, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_SEAL);

	store_bind_text_opt(q, 1, guardians);
	store_bind_text_opt(q, 2, children);
	store_bind_text_opt(q, 3, obligations);
	store_bind_int(q, 4, id);
	return store_exec_done(q, err);
}

enum wb_status
store_guidance_link_child(struct store *st, int64_t id, int64_t child_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_CHILD_LINK);

	store_bind_int(q, 1, id);
	store_bind_int(q, 2, child_id);
	return store_exec_done(q, err);
}

enum wb_status
store_guidance_get(struct store *st, const struct scope *scope, int64_t id, int64_t now,
		   struct guidance_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_GET_SCOPED);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_scope(q, 3, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_order(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "家庭教育指导文书不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_guidance_set_due(struct store *st, int64_t id, const char *due, int64_t yellow_at,
		       int64_t red_at, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_SET_DUE);
	enum wb_status rc;

	store_bind_text_opt(q, 1, due);
	store_bind_id_opt(q, 2, yellow_at);
	store_bind_id_opt(q, 3, red_at);
	store_bind_int(q, 4, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "closed", "该文书已结案");
	return rc;
}

enum wb_status
store_guidance_close(struct store *st, int64_t id, const char *note_token, int64_t now,
		     int64_t by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_CLOSE);
	enum wb_status rc;

	store_bind_text_opt(q, 1, note_token);
	store_bind_int(q, 2, now);
	store_bind_id_opt(q, 3, by);
	store_bind_int(q, 4, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "closed", "该文书已结案");
	return rc;
}

/* Binds GUIDANCE_WHERE from idx; returns the index after. */
static int
bind_filter(struct store_query *q, int idx, const void *filter)
{
	const struct guidance_filter *f = filter;
	const char *state = f->state ? f->state : "";
	const char *kind = f->kind ? f->kind : "";
	const char *town = f->town ? f->town : "";

	store_bind_int(q, idx++, f->now);
	idx = store_bind_scope(q, idx, f->scope);
	store_bind_text(q, idx++, state);
	store_bind_text(q, idx++, state);
	store_bind_text(q, idx++, kind);
	store_bind_text(q, idx++, kind);
	store_bind_int(q, idx++, f->light);
	store_bind_int(q, idx++, f->light);
	store_bind_text(q, idx++, town);
	store_bind_text(q, idx++, town);
	store_bind_int(q, idx++, f->case_id);
	store_bind_int(q, idx++, f->case_id);
	store_bind_int(q, idx++, f->child_id);
	store_bind_int(q, idx++, f->child_id);
	return idx;
}

STORE_PAGER_EACH(guidance, guidance_row, read_order)

enum wb_status
store_guidance_page(struct store *st, const struct guidance_filter *f, int64_t limit,
		    int64_t offset, void (*fn)(const struct guidance_row *, void *), void *arg,
		    int64_t *total, struct wb_err *err)
{
	struct guidance_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_GUIDANCE_COUNT, .page = STMT_GUIDANCE_PAGE, .bind = bind_filter,
		.filter = f, .row_size = sizeof(struct guidance_row), .each = each_guidance, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}

enum wb_status
store_guidance_session_add(struct store *st, int64_t order_id, const struct guidance_entry *e,
			   int64_t user_id, const char *login, int64_t now, int64_t *id,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_SESSION_INSERT);

	store_bind_int(q, 1, order_id);
	store_bind_text(q, 2, e->on);
	store_bind_text(q, 3, e->provider);
	store_bind_int(q, 4, e->attended ? 1 : 0);
	store_bind_id_opt(q, 5, user_id);
	store_bind_text(q, 6, login ? login : "system");
	store_bind_int(q, 7, now);
	return insert_returning(q, id, "guidance session", err);
}

enum wb_status
store_guidance_session_seal(struct store *st, int64_t id, const char *note, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_SESSION_SEAL);

	store_bind_text_opt(q, 1, note);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_guidance_check_add(struct store *st, int64_t order_id, const struct guidance_entry *e,
			 int64_t user_id, const char *login, int64_t now, int64_t *id,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_CHECK_INSERT);

	store_bind_int(q, 1, order_id);
	store_bind_text(q, 2, e->on);
	store_bind_text(q, 3, e->result);
	store_bind_id_opt(q, 4, user_id);
	store_bind_text(q, 5, login ? login : "system");
	store_bind_int(q, 6, now);
	return insert_returning(q, id, "guidance check", err);
}

enum wb_status
store_guidance_check_seal(struct store *st, int64_t id, const char *note, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_CHECK_SEAL);

	store_bind_text_opt(q, 1, note);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_guidance_entries(struct store *st, int64_t order_id, bool checks,
		       void (*fn)(const struct guidance_entry *, void *), void *arg,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, checks ? STMT_GUIDANCE_CHECKS : STMT_GUIDANCE_SESSIONS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, order_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		/* sessions: id, held_on, provider, attended, note, at, actor;
		 * checks: id, checked_on, result, '', note, at, actor */
		struct guidance_entry e = {
			.id = store_col_int(q, 0), .on = store_col_text0(q, 1),
			.provider = checks ? "" : store_col_text0(q, 2),
			.attended = !checks && store_col_int(q, 3) != 0,
			.result = checks ? store_col_text0(q, 2) : "",
			.note = store_col_text0(q, 4),
			.at = store_col_int(q, 5), .actor = store_col_text0(q, 6),
		};
		fn(&e, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_guidance_last_session(struct store *st, int64_t order_id, char day[11], struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_GUIDANCE_LAST_SESSION);
	enum wb_status rc;
	bool row = false;

	day[0] = '\0';
	store_bind_int(q, 1, order_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		store_col_copy(q, 0, day, 11);
	store_query_end(q);
	return rc;
}
