#include "app/seed.h"

#include <stdlib.h>
#include <string.h>

#include "app/division_import.h"
#include "sec/permissions.h"
#include "store/org.h"
#include "store/users.h"
#include "util/csv_table.h"

extern const char embedded_divisions_csv[];
extern const size_t embedded_divisions_csv_len;
extern const char embedded_units_csv[];
extern const size_t embedded_units_csv_len;

#define MAX_ALIASES 16

enum wb_status
seed_units_csv(struct store *st, const char *buf, size_t len, int64_t now, int *added,
	       struct wb_err *err)
{
	static const char *const c_code[] = { "code", NULL }, *const c_name[] = { "name", NULL },
				 *const c_kind[] = { "kind", NULL },
				 *const c_alias[] = { "aliases", NULL };
	struct csv_table t;
	enum wb_status rc;
	int cc, cn, ck, ca;

	*added = 0;
	rc = csv_table_parse(buf, len, &t, err);
	if (rc != WB_OK)
		goto out;
	cc = csv_table_column(&t, c_code);
	cn = csv_table_column(&t, c_name);
	ck = csv_table_column(&t, c_kind);
	ca = csv_table_column(&t, c_alias);
	if (cc < 0 || cn < 0 || ck < 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "unit CSV needs the columns code, name, kind");
		goto out;
	}
	for (size_t r = 1; r < t.nrows && rc == WB_OK; r++) {
		const char *aliases[MAX_ALIASES + 1];
		char *list = strdup(csv_table_field(&t, r, ca)), *save = NULL, *a;
		struct unit u = { 0 };
		int64_t id;
		int n = 0;

		if (list == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
		for (a = strtok_r(list, "|", &save); a && n < MAX_ALIASES; a = strtok_r(NULL, "|", &save))
			aliases[n++] = a;
		aliases[n] = NULL;
		store_copy_text(u.code, sizeof(u.code), csv_table_field(&t, r, cc));
		store_copy_text(u.name, sizeof(u.name), csv_table_field(&t, r, cn));
		store_copy_text(u.kind, sizeof(u.kind), csv_table_field(&t, r, ck));
		rc = store_unit_add(st, &u, aliases, now, &id, err);
		if (rc == WB_OK)
			(*added)++;
		free(list);
	}
out:
	csv_table_free(&t);
	return rc;
}

static enum wb_status
seed_roles(struct store *st, struct wb_err *err)
{
	size_t count;
	const struct default_role *roles = default_roles(&count);
	enum wb_status rc = WB_OK;

	for (size_t i = 0; i < count && rc == WB_OK; i++) {
		struct role r = { .builtin = true };
		int64_t id;
		store_copy_text(r.code, sizeof(r.code), roles[i].code);
		store_copy_text(r.name, sizeof(r.name), roles[i].name);
		rc = store_role_add(st, &r, &id, err);
		for (size_t p = 0; p < roles[i].nperms && rc == WB_OK; p++)
			rc = store_role_add_permission(st, id, permission_info(roles[i].perms[p])->code,
						       err);
	}
	return rc;
}

enum wb_status
seed_defaults(struct store *st, int64_t now, struct wb_err *err)
{
	struct import_report rep;
	enum wb_status rc;
	int units;

	/* division_import_csv runs its own transaction */
	rc = division_import_csv(st, embedded_divisions_csv, embedded_divisions_csv_len, &rep, err);
	if (rc != WB_OK)
		return rc;
	rc = store_begin(st, err);
	if (rc != WB_OK)
		return rc;
	rc = seed_units_csv(st, embedded_units_csv, embedded_units_csv_len, now, &units, err);
	if (rc == WB_OK)
		rc = seed_roles(st, err);
	if (rc == WB_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	return rc;
}
