/* Store access to the hash-chained audit log. */
#ifndef WB_STORE_AUDIT_H
#define WB_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sec/auditchain.h"
#include "sec/scope.h"
#include "store/store.h"

/*
 * Appends ev (id, prev_hash and hash are filled in here) as the next link of
 * the chain, inside the caller's transaction if one is open, else in its own.
 * The chain head row serialises concurrent appenders on both backends.
 * Strings longer than struct audit_row keeps are cut (on a character
 * boundary); ev's string pointers are not valid after the call.
 */
enum wb_status store_audit_append(struct store *st, const struct keyset *keys,
				  struct audit_event *ev, struct wb_err *err);

/* One row of the audit log as read back; strings are owned by the row. */
struct audit_row {
	int64_t id, at, user_id;
	char login[64], client_addr[64], action[64], object_type[32], object_id[64], outcome[16];
	char detail[512];
	char login_name[256];  /* who, for people: "李丽（市民政局）" (store_audit_page only) */
	char prev_hash[AUDIT_HASH_HEX_SIZE], hash[AUDIT_HASH_HEX_SIZE];
	/* NULL-ness of the string columns, for hashing exactly what is stored */
	unsigned null_mask;
};

/* Builds the auditchain view of a row (borrowing its strings). */
void audit_row_event(const struct audit_row *row, struct audit_event *ev);

/* Seals the head of a new, empty chain, so that an emptied chain cannot pass
 * for a new one (weibao init, before the first event). */
enum wb_status store_audit_seal_empty(struct store *st, const struct keyset *keys,
				      struct wb_err *err);

/* What verification found. */
struct audit_check {
	int64_t events;       /* events verified intact, in id order from the first */
	int64_t head_id;      /* the id the sealed head names as the last event */
	int64_t first_bad;    /* id of the first bad event (or of the head); 0 when intact */
	char problem[200];    /* what is wrong, in English, "" when intact */
};

/*
 * Verifies the whole chain page by page: the head's seal (also of an empty
 * chain), each event's hash and link, that the table holds exactly the
 * events 1..head (none cut from the end, none beyond the head).  Returns an
 * error only when the log cannot be read; a broken chain is WB_OK with
 * out->first_bad set.
 */
enum wb_status store_audit_verify(struct store *st, const struct keyset *keys,
				  struct audit_check *out, struct wb_err *err);

struct audit_filter {
	const struct scope *scope;  /* whose events: see sec/scope.h */
	const char *login, *action, *object_type, *object_id;  /* "" for any */
	int64_t from, to;        /* 0 for open */
};

/* A page of the log, newest first, of the chained events only (a row beyond
 * the head is not part of the log); fn must not use st. */
enum wb_status store_audit_page(struct store *st, const struct audit_filter *f, int64_t limit,
				int64_t offset, void (*fn)(const struct audit_row *, void *),
				void *arg, int64_t *total, struct wb_err *err);

#endif
