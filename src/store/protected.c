#include "store/protected.h"

/* The statements of each column, in the order of protected_columns. */
static const struct {
	enum stmt_id next, set;
} stmts[] = {
	{ STMT_ROTATE_TOTP_NEXT, STMT_ROTATE_TOTP_SET },
	{ STMT_ROTATE_FACILITY_PHONE_NEXT, STMT_ROTATE_FACILITY_PHONE_SET },
	{ STMT_ROTATE_CHILD_ID_NUMBER_NEXT, STMT_ROTATE_CHILD_ID_NUMBER_SET },
	{ STMT_ROTATE_CHILD_NAME_NEXT, STMT_ROTATE_CHILD_NAME_SET },
	{ STMT_ROTATE_CHILD_ADDRESS_NEXT, STMT_ROTATE_CHILD_ADDRESS_SET },
	{ STMT_ROTATE_CHILD_BANK_NEXT, STMT_ROTATE_CHILD_BANK_SET },
	{ STMT_ROTATE_GUARDIAN_NAME_NEXT, STMT_ROTATE_GUARDIAN_NAME_SET },
	{ STMT_ROTATE_GUARDIAN_PHONE_NEXT, STMT_ROTATE_GUARDIAN_PHONE_SET },
	{ STMT_ROTATE_CHILD_REJECT_NEXT, STMT_ROTATE_CHILD_REJECT_SET },
	{ STMT_ROTATE_VISIT_FINDINGS_NEXT, STMT_ROTATE_VISIT_FINDINGS_SET },
	{ STMT_ROTATE_VISIT_NEEDS_NEXT, STMT_ROTATE_VISIT_NEEDS_SET },
	{ STMT_ROTATE_CASE_CHILD_NAME_NEXT, STMT_ROTATE_CASE_CHILD_NAME_SET },
	{ STMT_ROTATE_CASE_CHILD_ID_NEXT, STMT_ROTATE_CASE_CHILD_ID_SET },
	{ STMT_ROTATE_CASE_CONTACT_NEXT, STMT_ROTATE_CASE_CONTACT_SET },
	{ STMT_ROTATE_CASE_PLACE_NEXT, STMT_ROTATE_CASE_PLACE_SET },
	{ STMT_ROTATE_CASE_DESCRIPTION_NEXT, STMT_ROTATE_CASE_DESCRIPTION_SET },
	{ STMT_ROTATE_CASE_OUTCOME_NEXT, STMT_ROTATE_CASE_OUTCOME_SET },
	{ STMT_ROTATE_CASE_EVENT_REASON_NEXT, STMT_ROTATE_CASE_EVENT_REASON_SET },
	{ STMT_ROTATE_CASE_EVENT_DETAIL_NEXT, STMT_ROTATE_CASE_EVENT_DETAIL_SET },
	{ STMT_ROTATE_MEASURE_NOTE_NEXT, STMT_ROTATE_MEASURE_NOTE_SET },
	{ STMT_ROTATE_MEASURE_EVENT_NOTE_NEXT, STMT_ROTATE_MEASURE_EVENT_NOTE_SET },
	{ STMT_ROTATE_LISTING_REASON_NEXT, STMT_ROTATE_LISTING_REASON_SET },
	{ STMT_ROTATE_LISTING_LIFT_REASON_NEXT, STMT_ROTATE_LISTING_LIFT_REASON_SET },
	{ STMT_ROTATE_LISTING_REPORT_PROGRESS_NEXT, STMT_ROTATE_LISTING_REPORT_PROGRESS_SET },
	{ STMT_ROTATE_GUIDANCE_GUARDIANS_NEXT, STMT_ROTATE_GUIDANCE_GUARDIANS_SET },
	{ STMT_ROTATE_GUIDANCE_CHILDREN_NEXT, STMT_ROTATE_GUIDANCE_CHILDREN_SET },
	{ STMT_ROTATE_GUIDANCE_OBLIGATIONS_NEXT, STMT_ROTATE_GUIDANCE_OBLIGATIONS_SET },
	{ STMT_ROTATE_GUIDANCE_CLOSING_NEXT, STMT_ROTATE_GUIDANCE_CLOSING_SET },
	{ STMT_ROTATE_GUIDANCE_SESSION_NOTE_NEXT, STMT_ROTATE_GUIDANCE_SESSION_NOTE_SET },
	{ STMT_ROTATE_GUIDANCE_CHECK_NOTE_NEXT, STMT_ROTATE_GUIDANCE_CHECK_NOTE_SET },
	{ STMT_ROTATE_CHECK_PERSON_NEXT, STMT_ROTATE_CHECK_PERSON_SET },
	{ STMT_ROTATE_CHECK_REJECT_NEXT, STMT_ROTATE_CHECK_REJECT_SET },
	{ STMT_ROTATE_CHILD_INDEX_NEXT, STMT_ROTATE_CHILD_INDEX_SET },
};

const struct protected_column protected_columns[] = {
	{ "user_totp", "secret", false, NULL },
	{ "facilities", "phone", false, NULL },
	{ "children", "id_number", false, NULL },
	{ "children", "name", false, NULL },
	{ "children", "address", false, NULL },
	{ "children", "bank_account", false, NULL },
	{ "child_guardians", "name", false, NULL },
	{ "child_guardians", "phone", false, NULL },
	{ "child_rejects", "payload", false, NULL },
	{ "child_visits", "findings", false, NULL },
	{ "child_visits", "needs", false, NULL },
	{ "cases", "child_name", false, NULL },
	{ "cases", "child_id_number", false, NULL },
	{ "cases", "reporter_contact", false, NULL },
	{ "cases", "place", false, NULL },
	{ "cases", "description", false, NULL },
	{ "cases", "outcome", false, NULL },
	{ "case_events", "reason", false, NULL },
	{ "case_events", "detail", false, NULL },
	{ "case_measures", "note", false, NULL },
	{ "case_measure_events", "note", false, NULL },
	{ "case_listings", "reason", false, NULL },
	{ "case_listings", "lift_reason", false, NULL },
	{ "case_listing_reports", "progress", false, NULL },
	{ "guidance_orders", "guardians", false, NULL },
	{ "guidance_orders", "children", false, NULL },
	{ "guidance_orders", "obligations", false, NULL },
	{ "guidance_orders", "closing_note", false, NULL },
	{ "guidance_sessions", "note", false, NULL },
	{ "guidance_checks", "note", false, NULL },
	{ "check_staff", "person", false, NULL },
	{ "check_rejects", "payload", false, NULL },
	{ "children", "id_index", true, "id_number" },
	{ NULL, NULL, false, NULL },
};

enum wb_status
store_protected_batch(struct store *st, int k, int64_t after, int64_t limit,
		      void (*fn)(int64_t, const char *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, stmts[k].next);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, after);
	store_bind_int(q, 2, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_protected_index_batch(struct store *st, int k, int64_t after, int64_t limit,
			    void (*fn)(int64_t, const char *, const char *, bool, void *), void *arg,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, stmts[k].next);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, after);
	store_bind_int(q, 2, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), store_col_text(q, 2),
		   store_col_int(q, 3) != 0, arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_protected_set(struct store *st, int k, int64_t id, const char *old, const char *token,
		    bool *replaced, struct wb_err *err)
{
	struct store_query *q = store_query(st, stmts[k].set);
	enum wb_status rc;

	store_bind_text(q, 1, token);
	store_bind_int(q, 2, id);
	store_bind_text(q, 3, old);
	rc = store_exec_done(q, err);
	*replaced = rc == WB_OK && store_changes(st) > 0;
	return rc;
}
