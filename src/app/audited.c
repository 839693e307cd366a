#include "app/ctx.h"

#include "store/audit.h"

enum wb_status
app_commit_audited(struct store *st, const struct keyset *keys, struct audit_event *ev,
		   struct wb_err *err)
{
	enum wb_status rc = store_audit_append(st, keys, ev, err);

	if (rc == WB_OK)
		rc = store_commit(st, err);
	if (rc != WB_OK)
		store_rollback_all(st);
	return rc;
}
