#include "store/jobs.h"

enum wb_status
store_job_take(struct store *st, const char *name, int64_t now, int64_t period,
	       const char *holder, bool *taken, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_JOB_TAKE);
	enum wb_status rc;
	bool row = false;

	/* a little slack, so a server waking a moment early does not skip a period */
	store_bind_text(q, 1, name);
	store_bind_int(q, 2, now);
	store_bind_text(q, 3, holder);
	store_bind_int(q, 4, now - period + (period > 10 ? 5 : 0));
	rc = store_step(q, &row, err);
	store_query_end(q);
	*taken = rc == WB_OK && row;
	return rc;
}
