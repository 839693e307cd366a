#include "store/trainings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/facilities.h"
#include "store/scope.h"

/* Reads TRAINING_COLUMNS from column 0. */
static void
read_training(struct store_query *q, struct training_row *t)
{
	t->id = store_col_int(q, 0);
	store_col_copy(q, 1, t->name, sizeof(t->name));
	store_col_copy(q, 2, t->held_on, sizeof(t->held_on));
	store_col_copy(q, 3, t->organiser, sizeof(t->organiser));
	store_col_copy(q, 4, t->division_code, sizeof(t->division_code));
	store_col_copy(q, 5, t->town_code, sizeof(t->town_code));
	t->created_at = store_col_int(q, 6);
	t->attendees = store_col_int(q, 7);
}

enum wb_status
store_training_insert(struct store *st, const struct training_row *t, int64_t now, int64_t by,
		      int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TRAINING_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, t->name);
	store_bind_text(q, 2, t->held_on);
	store_bind_text(q, 3, t->organiser);
	store_bind_text(q, 4, t->division_code);
	store_bind_text(q, 5, t->town_code[0] ? t->town_code : NULL);
	store_bind_int(q, 6, now);
	if (by > 0)
		store_bind_int(q, 7, by);
	else
		store_bind_null(q, 7);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_training_attendee_add(struct store *st, int64_t training_id, int64_t facility_id,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TRAINING_ATTENDEE_INSERT);

	store_bind_int(q, 1, training_id);
	store_bind_int(q, 2, facility_id);
	return store_exec_done(q, err);
}

enum wb_status
store_training_get(struct store *st, const struct scope *scope, int64_t id,
		   struct training_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TRAINING_GET_SCOPED);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_training(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "培训记录不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_training_page(struct store *st, const struct scope *scope, const char *town, int64_t limit,
		    int64_t offset, void (*fn)(const struct training_row *, void *), void *arg,
		    int64_t *total, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TRAINING_COUNT);
	enum wb_status rc;
	bool row;
	int i;

	*total = 0;
	i = store_bind_scope(q, 1, scope);
	store_bind_text(q, i++, town ? town : "");
	store_bind_text(q, i, town ? town : "");
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*total = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK || *total == 0 || limit == 0)
		return rc;
	q = store_query(st, STMT_TRAINING_PAGE);
	i = store_bind_scope(q, 1, scope);
	store_bind_text(q, i++, town ? town : "");
	store_bind_text(q, i++, town ? town : "");
	store_bind_int(q, i++, limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct training_row t;
		read_training(q, &t);
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_training_attendees(struct store *st, int64_t training_id,
			 void (*fn)(const struct facility_row *, void *), void *arg,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TRAINING_ATTENDEES_OF);
	struct facility_row *r = malloc(sizeof(*r));
	enum wb_status rc;
	bool row;

	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	store_bind_int(q, 1, training_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		store_facility_read(q, r);
		fn(r, arg);
	}
	store_query_end(q);
	free(r);
	return rc;
}
