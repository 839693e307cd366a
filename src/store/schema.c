/* Schema version checks and migration. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>

int
store_schema_latest(void)
{
	return migration_count();
}

enum wb_status
store_schema_version(struct store *st, int *version, struct wb_err *err)
{
	enum wb_status rc;
	bool exists = false;

	*version = 0;
	rc = st->ops->table_exists(st, "weibao_meta", &exists, err);
	if (rc != WB_OK || !exists)
		return rc;
	return store_schema_ping(st, version, err);
}

enum wb_status
store_schema_ping(struct store *st, int *version, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc;
	bool row;

	*version = 0;
	q = store_query(st, STMT_META_GET);
	store_bind_text(q, 1, "schema_version");
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*version = (int)strtol(store_col_text(q, 0), NULL, 10);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_schema(struct store *st, struct wb_err *err)
{
	int v, latest = store_schema_latest();
	enum wb_status rc = store_schema_version(st, &v, err);

	if (rc != WB_OK)
		return rc;
	if (v == 0)
		return wb_err_set(err, WB_ERR_NOT_WEIBAO,
				  "the database holds no weibao schema (run 'weibao init' first)");
	if (v > latest)
		return wb_err_set(err, WB_ERR_SCHEMA_NEWER,
				  "the database has schema version %d, newer than this weibao's %d; "
				  "upgrade weibao", v, latest);
	if (v < latest)
		return wb_err_set(err, WB_ERR_SCHEMA_OLDER,
				  "the database has schema version %d and this weibao needs %d; "
				  "run 'weibao migrate'", v, latest);
	return WB_OK;
}

static enum wb_status
apply_one(struct store *st, int version, struct wb_err *err)
{
	struct wb_err inner = { 0 };
	struct store_query *q;
	enum wb_status rc;
	char buf[16];

	rc = store_begin(st, err);
	if (rc != WB_OK)
		return rc;
	rc = st->ops->exec_script(st, migration_script(st->backend, version), &inner);
	if (rc == WB_OK)
		rc = migration_hook(st, version, &inner);
	if (rc == WB_OK && migration_after_script(st->backend, version))
		rc = st->ops->exec_script(st, migration_after_script(st->backend, version), &inner);
	if (rc == WB_OK) {
		snprintf(buf, sizeof(buf), "%d", version);
		q = store_query(st, STMT_META_SET);
		store_bind_text(q, 1, "schema_version");
		store_bind_text(q, 2, buf);
		rc = store_exec_done(q, &inner);
	}
	if (rc == WB_OK)
		rc = store_commit(st, &inner);
	if (rc != WB_OK) {
		struct wb_err ignored = { 0 };

		store_rollback(st);
		if (st->backend == STORE_SQLITE)   /* a script may have stopped with it on */
			st->ops->exec_script(st, "PRAGMA writable_schema = OFF", &ignored);
		return wb_err_set(err, rc, "migration %d (%s) failed: %s", version,
				  migration_title(version), inner.msg);
	}
	return WB_OK;
}

enum wb_status
store_migrate(struct store *st, int *from, int *to, struct wb_err *err)
{
	return store_migrate_to(st, store_schema_latest(), from, to, err);
}

enum wb_status
store_migrate_to(struct store *st, int latest, int *from, int *to, struct wb_err *err)
{
	enum wb_status rc = store_schema_version(st, from, err);

	*to = *from;
	if (rc != WB_OK)
		return rc;
	if (*from > latest)
		return wb_err_set(err, WB_ERR_SCHEMA_NEWER,
				  "the database has schema version %d, newer than this weibao's %d",
				  *from, store_schema_latest());
	if (latest > store_schema_latest())
		return wb_err_set(err, WB_ERR_INVALID, "no schema version %d", latest);
	for (int v = *from + 1; v <= latest; v++) {
		rc = apply_one(st, v, err);
		if (rc != WB_OK)
			return rc;
		*to = v;
	}
	return WB_OK;
}
