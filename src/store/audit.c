#include "store/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/org.h"
#include "util/text.h"
#include "store/scope.h"

#define VERIFY_PAGE 1000

/* Points *field at a copy of itself cut to the size the log's reader keeps,
 * so that what is hashed is exactly what verification reads back. */
static void
bound(const char **field, char *buf, size_t size)
{
	if (*field == NULL)
		return;
	store_copy_text(buf, size, *field);
	text_utf8_scrub(buf);   /* a detail cut by bytes upstream keeps whole characters */
	*field = buf;
}

enum wb_status
store_audit_append(struct store *st, const struct keyset *keys, struct audit_event *ev,
		   struct wb_err *err)
{
	char prev[AUDIT_HASH_HEX_SIZE] = "", mac[AUDIT_HASH_HEX_SIZE];
	struct audit_row b;
	struct store_query *q;
	enum wb_status rc;
	bool row;

	bound(&ev->login, b.login, sizeof(b.login));
	bound(&ev->client_addr, b.client_addr, sizeof(b.client_addr));
	bound(&ev->action, b.action, sizeof(b.action));
	bound(&ev->object_type, b.object_type, sizeof(b.object_type));
	bound(&ev->object_id, b.object_id, sizeof(b.object_id));
	bound(&ev->outcome, b.outcome, sizeof(b.outcome));
	bound(&ev->detail, b.detail, sizeof(b.detail));

	rc = store_begin(st, err);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_AUDIT_HEAD_ADVANCE);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_DB, "the audit chain head is missing");
	if (rc == WB_OK) {
		ev->id = store_col_int(q, 0);
		store_copy_text(prev, sizeof(prev), store_col_text(q, 1));
	}
	store_query_end(q);
	if (rc != WB_OK)
		goto fail;
	auditchain_seal(keys, ev, prev);

	q = store_query(st, STMT_AUDIT_INSERT);
	store_bind_int(q, 1, ev->id);
	store_bind_int(q, 2, ev->at);
	if (ev->user_id > 0)
		store_bind_int(q, 3, ev->user_id);
	else
		store_bind_null(q, 3);
	store_bind_text(q, 4, ev->login);
	store_bind_text(q, 5, ev->client_addr);
	store_bind_text(q, 6, ev->action);
	store_bind_text(q, 7, ev->object_type);
	store_bind_text(q, 8, ev->object_id);
	store_bind_text(q, 9, ev->outcome);
	store_bind_text(q, 10, ev->detail);
	store_bind_text(q, 11, ev->prev_hash);
	store_bind_text(q, 12, ev->hash);
	rc = store_exec_done(q, err);
	if (rc != WB_OK)
		goto fail;
	auditchain_head_mac(keys, ev->id, ev->hash, mac);
	q = store_query(st, STMT_AUDIT_HEAD_SET_HASH);
	store_bind_text(q, 1, ev->hash);
	store_bind_text(q, 2, mac);
	rc = store_exec_done(q, err);
	if (rc != WB_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

enum {
	NULL_LOGIN = 1, NULL_ADDR = 2, NULL_OBJTYPE = 4, NULL_OBJID = 8, NULL_DETAIL = 16
};

static void
read_row(struct store_query *q, struct audit_row *r, int detail_col, bool hashes)
{
	memset(r, 0, sizeof(*r));
	r->id = store_col_int(q, 0);
	r->at = store_col_int(q, 1);
	r->user_id = store_col_is_null(q, 2) ? 0 : store_col_int(q, 2);
	if (store_col_is_null(q, 3)) r->null_mask |= NULL_LOGIN;
	if (store_col_is_null(q, 4)) r->null_mask |= NULL_ADDR;
	if (store_col_is_null(q, 6)) r->null_mask |= NULL_OBJTYPE;
	if (store_col_is_null(q, 7)) r->null_mask |= NULL_OBJID;
	if (store_col_is_null(q, detail_col)) r->null_mask |= NULL_DETAIL;
	store_copy_text(r->login, sizeof(r->login), store_col_text(q, 3));
	store_copy_text(r->client_addr, sizeof(r->client_addr), store_col_text(q, 4));
	store_copy_text(r->action, sizeof(r->action), store_col_text(q, 5));
	store_copy_text(r->object_type, sizeof(r->object_type), store_col_text(q, 6));
	store_copy_text(r->object_id, sizeof(r->object_id), store_col_text(q, 7));
	store_copy_text(r->outcome, sizeof(r->outcome), store_col_text(q, 8));
	store_copy_text(r->detail, sizeof(r->detail), store_col_text(q, detail_col));
	if (hashes) {
		store_copy_text(r->prev_hash, sizeof(r->prev_hash), store_col_text(q, 10));
		store_copy_text(r->hash, sizeof(r->hash), store_col_text(q, 11));
	}
}

void
audit_row_event(const struct audit_row *row, struct audit_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->id = row->id;
	ev->at = row->at;
	ev->user_id = row->user_id;
	ev->login = row->null_mask & NULL_LOGIN ? NULL : row->login;
	ev->client_addr = row->null_mask & NULL_ADDR ? NULL : row->client_addr;
	ev->action = row->action;
	ev->object_type = row->null_mask & NULL_OBJTYPE ? NULL : row->object_type;
	ev->object_id = row->null_mask & NULL_OBJID ? NULL : row->object_id;
	ev->outcome = row->outcome;
	ev->detail = row->null_mask & NULL_DETAIL ? NULL : row->detail;
	memcpy(ev->prev_hash, row->prev_hash, sizeof(ev->prev_hash));
	memcpy(ev->hash, row->hash, sizeof(ev->hash));
}

enum wb_status
store_audit_seal_empty(struct store *st, const struct keyset *keys, struct wb_err *err)
{
	char mac[AUDIT_HASH_HEX_SIZE];
	struct store_query *q;

	auditchain_head_mac(keys, 0, AUDIT_GENESIS_HASH, mac);
	q = store_query(st, STMT_AUDIT_HEAD_SEAL_EMPTY);
	store_bind_text(q, 1, mac);
	return store_exec_done(q, err);
}

/* Reads the head row: *id, hash and mac. */
static enum wb_status
read_head(struct store *st, int64_t *id, char hash[AUDIT_HASH_HEX_SIZE],
	  char mac[AUDIT_HASH_HEX_SIZE], struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_AUDIT_HEAD_GET);
	enum wb_status rc;
	bool row;

	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*id = store_col_int(q, 0);
		store_copy_text(hash, AUDIT_HASH_HEX_SIZE, store_col_text(q, 1));
		store_copy_text(mac, AUDIT_HASH_HEX_SIZE, store_col_text(q, 2));
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_DB, "the audit chain head is missing");
	}
	store_query_end(q);
	return rc;
}

/* Counts the table's events and finds its highest id. */
static enum wb_status
read_extent(struct store *st, int64_t *count, int64_t *max_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_AUDIT_TABLE_EXTENT);
	enum wb_status rc;
	bool row;

	*count = *max_id = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*count = store_col_int(q, 0);
		*max_id = store_col_int(q, 1);
	}
	store_query_end(q);
	return rc;
}

/* Records the first problem found (later ones are consequences). */
static void
found(struct audit_check *out, int64_t id, const char *problem)
{
	if (out->first_bad)
		return;
	out->first_bad = id;
	snprintf(out->problem, sizeof(out->problem), "%s", problem);
}

enum wb_status
store_audit_verify(struct store *st, const struct keyset *keys, struct audit_check *out,
		   struct wb_err *err)
{
	struct audit_row *rows = calloc(VERIFY_PAGE, sizeof(*rows));
	struct audit_event *evs = calloc(VERIFY_PAGE, sizeof(*evs));
	char prev_hash[AUDIT_HASH_HEX_SIZE], head_hash[AUDIT_HASH_HEX_SIZE] = "";
	char head_mac[AUDIT_HASH_HEX_SIZE] = "", want_mac[AUDIT_HASH_HEX_SIZE];
	int64_t prev_id = 0, count = 0, max_id = 0;
	enum wb_status rc = WB_OK;
	bool own_tx = !store_in_transaction(st);

	memset(out, 0, sizeof(*out));
	if (rows == NULL || evs == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* one read snapshot: the head, the extent and the events agree */
	if (own_tx && (rc = store_begin_read(st, err)) != WB_OK)
		goto out;
	if ((rc = read_head(st, &out->head_id, head_hash, head_mac, err)) != WB_OK ||
	    (rc = read_extent(st, &count, &max_id, err)) != WB_OK)
		goto done;
	auditchain_head_mac(keys, out->head_id, head_hash, want_mac);
	if (strcmp(want_mac, head_mac) != 0)
		found(out, out->head_id ? out->head_id : 1,
		      head_mac[0] ? "the chain head was rewritten (its seal does not match)"
				  : "the chain head is not sealed (emptied or rewritten)");
	else if (out->head_id == 0 && strcmp(head_hash, AUDIT_GENESIS_HASH) != 0)
		found(out, 1, "the empty chain's head was rewritten");
	memcpy(prev_hash, AUDIT_GENESIS_HASH, sizeof(prev_hash));
	for (;;) {
		struct store_query *q;
		size_t n = 0;
		ptrdiff_t bad;
		bool row;

		q = store_query(st, STMT_AUDIT_CHAIN_PAGE);
		store_bind_int(q, 1, prev_id);
		store_bind_int(q, 2, out->head_id);
		store_bind_int(q, 3, VERIFY_PAGE);
		while ((rc = store_step(q, &row, err)) == WB_OK && row && n < VERIFY_PAGE)
			read_row(q, &rows[n++], 9, true);
		store_query_end(q);
		if (rc != WB_OK)
			goto done;
		if (n == 0)
			break;
		for (size_t i = 0; i < n; i++)
			audit_row_event(&rows[i], &evs[i]);
		bad = auditchain_verify_from(keys, prev_hash, prev_id, evs, n);
		if (bad >= 0) {
			out->events += bad;
			found(out, rows[bad].id, "an event was modified, deleted, inserted or reordered");
			goto done;
		}
		out->events += (int64_t)n;
		prev_id = rows[n - 1].id;
		memcpy(prev_hash, rows[n - 1].hash, sizeof(prev_hash));
		if (n < VERIFY_PAGE)
			break;
	}
	/* events cut from the end leave the sealed head pointing past the last one */
	if (prev_id != out->head_id || strcmp(head_hash, prev_hash) != 0)
		found(out, prev_id + 1, "events were cut from the end of the chain");
	else if (max_id > out->head_id)
		found(out, out->head_id + 1, "the table holds events beyond the sealed head "
		      "(inserted outside weibao)");
	else if (count != out->head_id)
		found(out, out->head_id, "the table's number of events differs from the sealed head");
done:
	if (own_tx)
		store_rollback(st);   /* read only */
out:
	free(rows);
	free(evs);
	return rc;
}

enum wb_status
store_audit_page(struct store *st, const struct audit_filter *f, int64_t limit, int64_t offset,
		 void (*fn)(const struct audit_row *, void *), void *arg, int64_t *total,
		 struct wb_err *err)
{
	enum stmt_id ids[2] = { STMT_AUDIT_PAGE_COUNT, STMT_AUDIT_PAGE };
	enum wb_status rc = WB_OK;

	for (int k = 0; k < 2 && rc == WB_OK; k++) {
		struct store_query *q = store_query(st, ids[k]);
		struct audit_row r;
		int i = 1;
		bool row;

		i = store_bind_scope(q, i, f->scope);
		store_bind_text(q, i++, f->login);
		store_bind_text(q, i++, f->login);
		store_bind_text(q, i++, f->action);
		store_bind_text(q, i++, f->action);
		store_bind_text(q, i++, f->object_type);
		store_bind_text(q, i++, f->object_type);
		store_bind_text(q, i++, f->object_id);
		store_bind_text(q, i++, f->object_id);
		store_bind_int(q, i++, f->from);
		store_bind_int(q, i++, f->from);
		store_bind_int(q, i++, f->to);
		store_bind_int(q, i++, f->to);
		if (k == 1) {
			store_bind_int(q, i++, limit);
			store_bind_int(q, i++, offset);
		}
		while ((rc = store_step(q, &row, err)) == WB_OK && row) {
			if (k == 0) {
				*total = store_col_int(q, 0);
			} else {
				read_row(q, &r, 9, false);
				store_copy_text(r.login_name, sizeof(r.login_name),
						store_col_text(q, 10));
				fn(&r, arg);
			}
		}
		store_query_end(q);
	}
	return rc;
}
