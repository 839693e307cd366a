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
	{ STMT_ROTATE_CHECK_PERSON_NEXT, STMT_ROTATE_CHECK_PERSON_SET },
	{ STMT_ROTATE_CHECK_REJECT_NEXT, STMT_ROTATE_CHECK_REJECT_SET },
	{ STMT_ROTATE_CHILD_INDEX_NEXT, STMT_ROTATE_CHILD_INDEX_SET },
	{ STMT_ROTATE_CHECK_STAFF_INDEX_NEXT, STMT_ROTATE_CHECK_STAFF_INDEX_SET },
};

const struct protected_column protected_columns[] = {
	{ "user_totp", "secret", false },
	{ "facilities", "phone", false },
	{ "children", "id_number", false },
	{ "children", "name", false },
	{ "children", "address", false },
	{ "children", "bank_account", false },
	{ "child_guardians", "name", false },
	{ "child_guardians", "phone", false },
	{ "child_rejects", "payload", false },
	{ "child_visits", "findings", false },
	{ "child_visits", "needs", false },
	{ "cases", "child_name", false },
	{ "cases", "child_id_number", false },
	{ "cases", "reporter_contact", false },
	{ "cases", "place", false },
	{ "cases", "description", false },
	{ "cases", "outcome", false },
	{ "case_events", "reason", false },
	{ "case_events", "detail", false },
	{ "check_staff", "person", false },
	{ "check_rejects", "payload", false },
	{ "children", "id_index", true },
	{ "check_staff", "id_bidx", true },
	{ NULL, NULL, false },
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
