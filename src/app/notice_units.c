#include "app/notice_units.h"

#include <stdlib.h>
#include <string.h>

#include "util/csv_table.h"

extern const char embedded_units_csv[];
extern const size_t embedded_units_csv_len;

/* Adds the '|'-separated aliases of unit index to d. */
static enum wb_status
add_aliases(struct notice_dict *d, size_t index, const char *list, struct wb_err *err)
{
	char *copy = strdup(list), *save = NULL, *a;
	enum wb_status rc = WB_OK;

	if (copy == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (a = strtok_r(copy, "|", &save); a && rc == WB_OK; a = strtok_r(NULL, "|", &save))
		if (*a)
			rc = notice_dict_add_alias(d, index, a, err);
	free(copy);
	return rc;
}

struct notice_dict *
notice_units_from_csv(const char *buf, size_t len, struct wb_err *err)
{
	static const char *const c_name[] = { "name", NULL }, *const c_kind[] = { "kind", NULL },
				 *const c_alias[] = { "aliases", NULL };
	struct notice_dict *d = NULL;
	struct csv_table t;
	enum wb_status rc;
	int cn, ck, ca;

	rc = csv_table_parse(buf, len, &t, err);
	if (rc != WB_OK)
		goto out;
	cn = csv_table_column(&t, c_name);
	ck = csv_table_column(&t, c_kind);
	ca = csv_table_column(&t, c_alias);
	if (cn < 0 || ck < 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "unit CSV needs the columns name, kind");
		goto out;
	}
	if ((d = notice_dict_new()) == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 1; r < t.nrows && rc == WB_OK; r++) {
		const char *name = csv_table_field(&t, r, cn);
		bool member = strcmp(csv_table_field(&t, r, ck), "office") != 0;
		size_t index;

		if (*name == '\0')
			continue;
		rc = notice_dict_add(d, name, member, &index, err);
		if (rc == WB_OK && ca >= 0)
			rc = add_aliases(d, index, csv_table_field(&t, r, ca), err);
	}
out:
	csv_table_free(&t);
	if (rc != WB_OK) {
		notice_dict_free(d);
		return NULL;
	}
	return d;
}

struct notice_dict *
notice_units_embedded(struct wb_err *err)
{
	return notice_units_from_csv(embedded_units_csv, embedded_units_csv_len, err);
}
