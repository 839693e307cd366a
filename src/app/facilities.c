#include "app/facilities.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/division.h"
#include "core/mask.h"
#include "sec/fieldcrypt.h"
#include "store/org.h"
#include "store/trainings.h"
#include "util/csv_table.h"
#include "util/log.h"
#include "util/table.h"
#include "util/text.h"

#define PHONE_TABLE "facilities"
#define PHONE_COLUMN "phone"
#define UNDECRYPTABLE "（无法解密）"
#define PROGRESS_EVERY 1000

/* Adds an issue to v (a full vec only loses it: v->nomem is set). */
static void
add_issue(struct vec *v, int row, const char *header, const char *reason)
{
	struct facility_issue *i = v ? vec_push(v) : NULL;

	if (i == NULL)
		return;
	i->row = row;
	snprintf(i->header, sizeof(i->header), "%s", header ? header : "");
	snprintf(i->reason, sizeof(i->reason), "%s", reason);
}

struct issue_sink {
	struct vec *v;
	int row;
};

static void
collect(const struct facility_problem *p, void *arg)
{
	struct issue_sink *s = arg;

	add_issue(s->v, s->row, p->header, p->reason);
}

/* True when the caller may write a record located in division `code`: the
 * county, a town or village over it, or `own` (who then sees what they
 * made); never a member unit or an institution. */
static bool
may_write(const struct scope *s, const char *code)
{
	switch (s->kind) {
	case SCOPE_COUNTY:
	case SCOPE_OWN:
		return true;
	case SCOPE_TOWN:
	case SCOPE_VILLAGE:
		return scope_covers_division(s, code);
	default:
		return false;
	}
}

/* The division codes an import found to exist, sorted (an import's rows
 * name a few thousand divisions over and over); free codes with free(). */
struct known_divisions {
	char (*codes)[16];
	size_t n, cap;
};

static int
code_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool
known_has(const struct known_divisions *k, const char *code)
{
	return k->n > 0 && bsearch(code, k->codes, k->n, sizeof(k->codes[0]), code_cmp) != NULL;
}

/* Adds code (shorter than 16 bytes) in order; out of memory it is simply
 * not remembered. */
static void
known_add(struct known_divisions *k, const char *code)
{
	size_t lo = 0, hi = k->n;

	if (strlen(code) >= sizeof(k->codes[0]))
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		char (*p)[16] = realloc(k->codes, cap * sizeof(*p));
		if (p == NULL)
			return;
		k->codes = p;
		k->cap = cap;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(k->codes[mid], code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&k->codes[lo + 1], &k->codes[lo], (k->n - lo) * sizeof(k->codes[0]));
	snprintf(k->codes[lo], sizeof(k->codes[0]), "%s", code);
	k->n++;
}

/* Checks that division `code` exists (remembered in known) and may be
 * written by the caller; reports to sink.  Returns the number of problems;
 * a store failure is returned in *rc. */
static int
check_division(struct app_ctx *c, const struct facility_spec *s, const char *code,
	       struct known_divisions *known, struct issue_sink *sink, enum wb_status *rc,
	       struct wb_err *err)
{
	const struct facility_field *f = facility_field_of(s, FCOL_DIVISION);
	char reason[FACILITY_REASON_MAX];
	struct division d;

	if (code[0] == '\0')
		return 0;       /* reported as empty already */
	if (!known_has(known, code)) {
		*rc = store_division_get(c->st, code, &d, err);
		if (*rc == WB_ERR_NOTFOUND) {
			*rc = WB_OK;
			snprintf(reason, sizeof(reason), "「%s」%s 不存在（请先导入区划）", f->header, code);
			add_issue(sink->v, sink->row, f->header, reason);
			return 1;
		}
		if (*rc != WB_OK)
			return 1;
		known_add(known, code);
	}
	if (!may_write(c->scope, code)) {
		snprintf(reason, sizeof(reason), "%s 不在您的管辖范围内", code);
		add_issue(sink->v, sink->row, f->header, reason);
		return 1;
	}
	return 0;
}

enum wb_status
app_facility_display(const struct app_ctx *c, const struct facility_row *r, bool mask,
		     char out[FCOL__MAX][FACILITY_VALUE_MAX], struct wb_err *err)
{
	const struct facility_spec *s = facility_spec(r->type);

	for (int k = 0; k < FCOL__MAX; k++)
		out[k][0] = '\0';
	if (s == NULL)
		return wb_err_set(err, WB_ERR_INVALID, "unknown facility type");
	for (size_t i = 0; i < s->nfields; i++) {
		const struct facility_field *f = &s->fields[i];
		if (f->kind == FV_PHONE && r->v[f->col][0]) {
			char *plain = NULL;
			size_t len = 0;
			struct wb_err derr = { 0 };
			enum wb_status rc = fieldcrypt_decrypt(c->keys, PHONE_TABLE, PHONE_COLUMN, r->id,
							       r->v[f->col], &plain, &len, &derr);
			if (rc == WB_ERR_NOMEM)
				return wb_err_set(err, rc, "out of memory");
			if (rc != WB_OK) {
				/* an altered or moved token: this cell is unreadable, the
				 * rest of the record and of the list still are */
				log_msg(WB_LOG_WARN, "facility_phone_undecryptable",
					"facility %lld: %s", (long long)r->id, derr.msg);
				snprintf(out[f->col], FACILITY_VALUE_MAX, "%s", UNDECRYPTABLE);
				continue;
			}
			if (mask)
				mask_phone(plain, out[f->col], FACILITY_VALUE_MAX);
			else
				snprintf(out[f->col], FACILITY_VALUE_MAX, "%s", plain);
			fieldcrypt_free(plain, len);
		} else {
			facility_format(f, r->v[f->col], out[f->col], FACILITY_VALUE_MAX);
		}
	}
	return WB_OK;
}

/* The JSON of a record's display values for its history (the phone masked):
 * a malloc'd string the caller frees, or NULL when out of memory. */
static char *
history_json(const struct facility_spec *s, char v[FCOL__MAX][FACILITY_VALUE_MAX])
{
	json_t *o = json_object();
	char *text;

	for (size_t i = 0; o && i < s->nfields; i++) {
		const struct facility_field *f = &s->fields[i];
		char masked[FACILITY_VALUE_MAX];
		const char *val = v[f->col];
		if (f->kind == FV_PHONE && val[0]) {
			mask_phone(val, masked, sizeof(masked));
			val = masked;
		}
		json_object_set_new(o, facility_col_name(f->col), json_string(val));
	}
	text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return text;
}

/* Writes a history entry of record id: before/after are clear display
 * values (NULL for none). */
static enum wb_status
record_history(struct app_ctx *c, const struct facility_spec *s, enum facility_type t, int64_t id,
	       const char *action, char before[FCOL__MAX][FACILITY_VALUE_MAX],
	       char after[FCOL__MAX][FACILITY_VALUE_MAX], const char *reason, struct wb_err *err)
{
	char *b = before ? history_json(s, before) : NULL;
	char *a = after ? history_json(s, after) : NULL;
	struct facility_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
				      .action = action, .before = b, .after = a, .reason = reason };
	enum wb_status rc;

	if ((before && b == NULL) || (after && a == NULL))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	else
		rc = store_facility_history_add(c->st, id, t, &ch, err);
	free(b);
	free(a);
	return rc;
}

/* Fills row r (type t) from canonical values v; the phone is left out
 * (encrypted separately, once the row id is known). */
static void
fill_row(struct facility_row *r, enum facility_type t, char v[FCOL__MAX][FACILITY_VALUE_MAX])
{
	r->type = t;
	for (int k = 0; k < FCOL__MAX; k++)
		snprintf(r->v[k], sizeof(r->v[k]), "%s", k == FCOL_PHONE ? "" : v[k]);
	facility_town_of(v[FCOL_DIVISION], r->town_code);
}

/* Encrypts the phone of record id into r->v[FCOL_PHONE] ("" stays ""). */
static enum wb_status
seal_phone(struct app_ctx *c, int64_t id, const char *phone, struct facility_row *r,
	   struct wb_err *err)
{
	char *token = NULL;
	enum wb_status rc;

	r->v[FCOL_PHONE][0] = '\0';
	if (phone[0] == '\0')
		return WB_OK;
	rc = fieldcrypt_encrypt_str(c->keys, PHONE_TABLE, PHONE_COLUMN, id, phone, &token, err);
	if (rc == WB_OK)
		snprintf(r->v[FCOL_PHONE], sizeof(r->v[FCOL_PHONE]), "%s", token);
	free(token);
	return rc;
}

/* Inserts a new record from canonical values v (phone in clear) with its
 * history; sets *id. */
static enum wb_status
insert_record(struct app_ctx *c, enum facility_type t, char v[FCOL__MAX][FACILITY_VALUE_MAX],
	      struct facility_row *r, int64_t *id, struct wb_err *err)
{
	const struct facility_spec *s = facility_spec(t);
	char shown[FCOL__MAX][FACILITY_VALUE_MAX];
	enum wb_status rc;

	fill_row(r, t, v);
	rc = store_facility_insert(c->st, r, c->now, c->user_id, id, err);
	if (rc == WB_ERR_CONFLICT)
		return wb_err_code(err, WB_ERR_CONFLICT, "duplicate",
				   "该区划已有同名的%s记录", s->title);
	if (rc == WB_OK && v[FCOL_PHONE][0]) {
		rc = seal_phone(c, *id, v[FCOL_PHONE], r, err);
		if (rc == WB_OK)
			rc = store_facility_set_phone(c->st, *id, r->v[FCOL_PHONE], err);
	}
	for (size_t i = 0; rc == WB_OK && i < s->nfields; i++)
		facility_format(&s->fields[i], v[s->fields[i].col], shown[s->fields[i].col],
				FACILITY_VALUE_MAX);
	if (rc == WB_OK)
		rc = record_history(c, s, t, *id, "create", NULL, shown, NULL, err);
	return rc;
}

/* Rewrites record old (clear display values before[]) with canonical
 * values v; *changed false (and nothing written) when no value differs. */
static enum wb_status
update_record(struct app_ctx *c, const struct facility_row *old,
	      char before[FCOL__MAX][FACILITY_VALUE_MAX], char v[FCOL__MAX][FACILITY_VALUE_MAX],
	      bool *changed, struct wb_err *err)
{
	const struct facility_spec *s = facility_spec(old->type);
	char after[FCOL__MAX][FACILITY_VALUE_MAX];
	struct facility_row *r;
	enum wb_status rc;

	*changed = false;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct facility_field *f = &s->fields[i];
		facility_format(f, v[f->col], after[f->col], FACILITY_VALUE_MAX);
		if (strcmp(after[f->col], before[f->col]) != 0)
			*changed = true;
	}
	if (!*changed)
		return WB_OK;
	r = malloc(sizeof(*r));
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	fill_row(r, old->type, v);
	r->id = old->id;
	rc = seal_phone(c, old->id, v[FCOL_PHONE], r, err);
	if (rc == WB_OK)
		rc = store_facility_update(c->st, r, c->now, err);
	if (rc == WB_ERR_CONFLICT)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "duplicate", "该区划已有同名的%s记录",
				 s->title);
	if (rc == WB_OK)
		rc = record_history(c, s, old->type, old->id, "update", before, after, NULL, err);
	free(r);
	return rc;
}

/* Validates raw values in[] of type t for a single write: problems into
 * issues (row 0); canonical values into v. */
static enum wb_status
validate_one(struct app_ctx *c, enum facility_type t, const char *const in[FCOL__MAX],
	     char v[FCOL__MAX][FACILITY_VALUE_MAX], struct vec *issues, struct wb_err *err)
{
	const struct facility_spec *s = facility_spec(t);
	struct issue_sink sink = { issues, 0 };
	enum wb_status rc = WB_OK;
	struct known_divisions known = { 0 };
	int n;

	n = facility_validate(s, in, v, collect, &sink);
	if (n > 0)
		return wb_err_code(err, WB_ERR_INVALID, "invalid_record", "%d 处填写有误", n);
	if (!may_write(c->scope, v[FCOL_DIVISION]))
		return wb_err_code(err, WB_ERR_DENIED, "out_of_scope", "%s 不在您的管辖范围内",
				   v[FCOL_DIVISION]);
	n = check_division(c, s, v[FCOL_DIVISION], &known, &sink, &rc, err);
	free(known.codes);
	if (rc != WB_OK)
		return rc;
	if (n > 0)
		return wb_err_code(err, WB_ERR_INVALID, "invalid_record", "区划代码不存在");
	return WB_OK;
}

enum wb_status
app_facility_get(struct app_ctx *c, int64_t id, struct facility_row *out, struct wb_err *err)
{
	return store_facility_get(c->st, c->scope, id, out, err);
}

enum wb_status
app_facility_create(struct app_ctx *c, enum facility_type t, const char *const in[FCOL__MAX],
		    int64_t *id, struct vec *issues, struct wb_err *err)
{
	char (*v)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct facility_row *r = malloc(sizeof(*r));
	enum wb_status rc;

	if (facility_spec(t) == NULL)
		rc = wb_err_set(err, WB_ERR_INVALID, "unknown facility type");
	else if (v == NULL || r == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	else if ((rc = validate_one(c, t, in, v, issues, err)) == WB_OK)
		rc = insert_record(c, t, v, r, id, err);
	free(v);
	free(r);
	return rc;
}

enum wb_status
app_facility_update(struct app_ctx *c, int64_t id, const char *const in[FCOL__MAX], bool *changed,
		    struct vec *issues, struct wb_err *err)
{
	char (*before)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	char (*v)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct facility_row *old = malloc(sizeof(*old));
	const char *merged[FCOL__MAX];
	enum wb_status rc;

	*changed = false;
	if (before == NULL || v == NULL || old == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = store_facility_get(c->st, c->scope, id, old, err);
	if (rc == WB_OK)
		rc = app_facility_display(c, old, false, before, err);
	if (rc != WB_OK)
		goto out;
	for (int k = 0; k < FCOL__MAX; k++)
		merged[k] = in[k] ? in[k] : before[k];
	rc = validate_one(c, old->type, merged, v, issues, err);
	if (rc == WB_OK)
		rc = update_record(c, old, before, v, changed, err);
out:
	free(before);
	free(v);
	free(old);
	return rc;
}

enum wb_status
app_facility_delete(struct app_ctx *c, int64_t id, const char *reason, struct facility_row *gone,
		    struct wb_err *err)
{
	char (*before)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	enum wb_status rc;

	if (before == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_facility_get(c->st, c->scope, id, gone, err);
	if (rc == WB_OK && (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0'))
		rc = wb_err_field(err, WB_ERR_INVALID, "reason", "请填写删除原因");
	if (rc == WB_OK && !may_write(c->scope, gone->v[FCOL_DIVISION]))
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "记录不存在");
	if (rc == WB_OK)
		rc = app_facility_display(c, gone, false, before, err);
	if (rc == WB_OK)
		rc = store_facility_delete(c->st, id, err);
	if (rc == WB_OK)
		rc = record_history(c, facility_spec(gone->type), gone->type, id, "delete", before,
				    NULL, reason, err);
	free(before);
	return rc;
}

void
facility_import_report_free(struct facility_import_report *rep)
{
	vec_free(&rep->issues);
	free(rep->rejected_csv);
	rep->rejected_csv = NULL;
	rep->rejected_len = 0;
}

size_t
facility_template(enum facility_type t, char *out, size_t n)
{
	const struct facility_spec *s = facility_spec(t);
	size_t len;

	if (s == NULL || n < 4) {
		if (n)
			out[0] = '\0';
		return 0;
	}
	snprintf(out, n, "\xEF\xBB\xBF");
	for (size_t i = 0; i < s->nfields; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? "," : "",
			 s->fields[i].header);
	snprintf(out + strlen(out), n - strlen(out), "\r\n");
	len = strlen(out);
	return len;
}

/* A growable text buffer for the rejected rows. */
struct text_buf {
	char *p;
	size_t len, cap;
	bool nomem;
};

static void
buf_add(struct text_buf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->nomem = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Adds one CSV field, quoted when it holds a comma, quote or line break. */
static void
buf_field(struct text_buf *b, const char *s, bool first)
{
	if (!first)
		buf_add(b, ",", 1);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_add(b, s, strlen(s));
		return;
	}
	buf_add(b, "\"", 1);
	for (const char *p = s; *p; p++)
		buf_add(b, p, 1 + (*p == '"'));   /* a quote is doubled: "" */
	buf_add(b, "\"", 1);
}

/* Sort key of a row: name, division, row index (to find the same record twice). */
struct row_key {
	char *key;
	size_t row;
};

static int
by_key(const void *a, const void *b)
{
	const struct row_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* True when every field of row r is empty (a blank line Excel leaves). */
static bool
row_blank(const struct csv_table *t, size_t r)
{
	for (size_t i = 0; i < t->rows[r].nfields; i++)
		if (t->rows[r].fields[i][strspn(t->rows[r].fields[i], " \t\r\n")] != '\0')
			return false;
	return true;
}

/* Raw values of row r by column from the header map. */
static void
row_values(const struct csv_table *t, size_t r, const struct facility_spec *s, const int *map,
	   const char *in[FCOL__MAX])
{
	for (int k = 0; k < FCOL__MAX; k++)
		in[k] = NULL;
	for (size_t i = 0; i < t->rows[0].nfields; i++)
		if (map[i] >= 0)
			in[s->fields[map[i]].col] = csv_table_field(t, r, (int)i);
}

/* The rejected rows (header, then each bad row and its reasons) into rep. */
static void
build_rejected(const struct csv_table *t, const bool *bad, struct facility_import_report *rep)
{
	struct text_buf b = { 0 };

	buf_add(&b, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < t->rows[0].nfields; i++)
		buf_field(&b, t->rows[0].fields[i], i == 0);
	buf_field(&b, "错误原因", false);
	buf_add(&b, "\r\n", 2);
	for (size_t r = 1; r < t->nrows; r++) {
		char reasons[2048] = "";
		if (!bad[r])
			continue;
		for (size_t i = 0; i < t->rows[0].nfields; i++)
			buf_field(&b, csv_table_field(t, r, (int)i), i == 0);
		for (size_t k = 0; k < rep->issues.n; k++) {
			const struct facility_issue *is = vec_at(&rep->issues, k);
			if ((size_t)is->row == csv_table_line(t, r))
				snprintf(reasons + strlen(reasons), sizeof(reasons) - strlen(reasons),
					 "%s%s", reasons[0] ? "；" : "", is->reason);
		}
		buf_field(&b, reasons, false);
		buf_add(&b, "\r\n", 2);
	}
	if (b.nomem) {
		free(b.p);
		return;
	}
	rep->rejected_csv = b.p;
	rep->rejected_len = b.len;
}

/* Pass 1: validates every row of t, marking bad[r]; fills rep->issues. */
static enum wb_status
validate_rows(struct app_ctx *c, const struct facility_spec *s, const struct csv_table *t,
	      const int *map, bool *bad, const struct facility_import_opts *o,
	      struct facility_import_report *rep, struct wb_err *err)
{
	char (*v)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct row_key *keys = calloc(t->nrows, sizeof(*keys));
	const char *in[FCOL__MAX];
	enum wb_status rc = WB_OK;
	struct known_divisions known = { 0 };
	size_t nkeys = 0;

	if (v == NULL || keys == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 1; r < t->nrows && rc == WB_OK; r++) {
		struct issue_sink sink = { &rep->issues, (int)csv_table_line(t, r) };
		int n;
		if (o && o->progress && r % PROGRESS_EVERY == 0)
			o->progress("检查", r, t->nrows - 1, o->arg);
		if (row_blank(t, r))
			continue;
		rep->rows++;
		for (size_t i = 0; i < t->rows[r].nfields; i++) {
			const char *x = t->rows[r].fields[i];
			char reason[FACILITY_REASON_MAX];
			if ((i < t->rows[0].nfields && map[i] >= 0) || x[strspn(x, " \t\r\n")] == '\0')
				continue;
			snprintf(reason, sizeof(reason), "第 %zu 列有内容但没有列名", i + 1);
			add_issue(&rep->issues, sink.row, "", reason);
			bad[r] = true;
		}
		row_values(t, r, s, map, in);
		n = facility_validate(s, in, v, collect, &sink);
		n += check_division(c, s, v[FCOL_DIVISION], &known, &sink, &rc, err);
		if (n > 0)
			bad[r] = true;
		else if (!bad[r]) {
			size_t kl = strlen(v[FCOL_NAME]) + strlen(v[FCOL_DIVISION]) + 2;
			keys[nkeys].key = malloc(kl);
			if (keys[nkeys].key == NULL) {
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
				break;
			}
			snprintf(keys[nkeys].key, kl, "%s\x1f%s", v[FCOL_NAME], v[FCOL_DIVISION]);
			keys[nkeys++].row = r;
		}
	}
	if (rc != WB_OK)
		goto out;
	qsort(keys, nkeys, sizeof(*keys), by_key);
	for (size_t k = 1; k < nkeys; k++)
		if (strcmp(keys[k].key, keys[k - 1].key) == 0) {
			char reason[FACILITY_REASON_MAX];
			size_t first = k - 1;
			while (first > 0 && strcmp(keys[first - 1].key, keys[k].key) == 0)
				first--;
			snprintf(reason, sizeof(reason), "与第 %zu 行是同一条记录（名称和区划代码相同）",
				 csv_table_line(t, keys[first].row));
			add_issue(&rep->issues, (int)csv_table_line(t, keys[k].row), "", reason);
			bad[keys[k].row] = true;
		}
	if (rep->issues.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
out:
	for (size_t k = 0; keys && k < nkeys; k++)
		free(keys[k].key);
	free(keys);
	free(known.codes);
	free(v);
	return rc;
}

static int
by_row(const void *a, const void *b)
{
	const struct facility_issue *x = a, *y = b;

	return (x->row > y->row) - (x->row < y->row);
}

/* Pass 2: writes the good rows: new, changed or unchanged. */
static enum wb_status
write_rows(struct app_ctx *c, enum facility_type type, const struct facility_spec *s,
	   const struct csv_table *t, const int *map, const bool *bad,
	   const struct facility_import_opts *o, struct facility_import_report *rep,
	   struct wb_err *err)
{
	char (*v)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	char (*before)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct facility_row *r = malloc(sizeof(*r));
	const char *in[FCOL__MAX];
	enum wb_status rc = WB_OK;

	if (v == NULL || before == NULL || r == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 1; k < t->nrows && rc == WB_OK; k++) {
		bool found, changed;
		int64_t id;
		if (o && o->progress && k % PROGRESS_EVERY == 0)
			o->progress("写入", k, t->nrows - 1, o->arg);
		if (bad[k] || row_blank(t, k))
			continue;
		row_values(t, k, s, map, in);
		facility_validate(s, in, v, NULL, NULL);
		rc = store_facility_find(c->st, type, v[FCOL_NAME], v[FCOL_DIVISION], r, &found, err);
		if (rc == WB_OK && !found) {
			rc = insert_record(c, type, v, r, &id, err);
			rep->created += rc == WB_OK;
			continue;
		}
		if (rc == WB_OK && c->scope->kind == SCOPE_OWN && r->created_by != c->user_id)
			rc = wb_err_code(err, WB_ERR_DENIED, "out_of_scope",
					 "第 %zu 行：已有他人登记的同一条记录", csv_table_line(t, k));
		if (rc == WB_OK)
			rc = app_facility_display(c, r, false, before, err);
		if (rc == WB_OK)
			rc = update_record(c, r, before, v, &changed, err);
		if (rc == WB_OK && changed)
			rep->updated++;
		else if (rc == WB_OK)
			rep->unchanged++;
	}
out:
	free(v);
	free(before);
	free(r);
	return rc;
}

enum wb_status
app_facility_import(struct app_ctx *c, enum facility_type type, const char *buf, size_t len,
		    const struct facility_import_opts *o, struct facility_import_report *rep,
		    struct wb_err *err)
{
	const struct facility_spec *s = facility_spec(type);
	struct csv_table t = { 0 };
	struct issue_sink sink;
	const char **headers = NULL;
	enum wb_status rc;
	bool *bad = NULL;
	int *map = NULL;

	memset(rep, 0, sizeof(*rep));
	rep->issues = (struct vec)VEC_INIT(struct facility_issue);
	if (s == NULL)
		return wb_err_set(err, WB_ERR_INVALID, "unknown facility type");
	rc = table_parse(buf, len, &t, err);
	if (rc != WB_OK)
		goto out;
	if (t.nrows == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file", "文件是空的：第一行应为%s的表头",
				 s->title);
		goto out;
	}
	headers = calloc(t.rows[0].nfields + 1, sizeof(*headers));
	map = calloc(t.rows[0].nfields + 1, sizeof(*map));
	bad = calloc(t.nrows, sizeof(*bad));
	if (headers == NULL || map == NULL || bad == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < t.rows[0].nfields; i++)
		headers[i] = t.rows[0].fields[i];
	sink = (struct issue_sink){ &rep->issues, (int)csv_table_line(&t, 0) };
	if (facility_map_header(s, headers, t.rows[0].nfields, map, collect, &sink) > 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_header",
				 "表头有误（%zu 处），未导入任何记录", rep->issues.n);
		goto out;
	}
	rc = validate_rows(c, s, &t, map, bad, o, rep, err);
	if (rc != WB_OK)
		goto out;
	if (rep->issues.n > 1)
		qsort(rep->issues.items, rep->issues.n, sizeof(struct facility_issue), by_row);
	for (size_t r = 1; r < t.nrows; r++)
		rep->rejected += bad[r];
	if (rep->rejected > 0 && !(o && o->skip_bad)) {
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_rows",
				 "%d 行有误（共 %d 行），未导入任何记录", rep->rejected, rep->rows);
		goto out;
	}
	if (rep->rejected > 0)
		build_rejected(&t, bad, rep);
	rc = write_rows(c, type, s, &t, map, bad, o, rep, err);
	if (rc != WB_OK)
		rep->created = rep->updated = rep->unchanged = 0;
out:
	free(headers);
	free(map);
	free(bad);
	csv_table_free(&t);
	return rc;
}

/* True when s holds something besides white space. */
static bool
filled(const char *s)
{
	return s && s[strspn(s, " \t\r\n")] != '\0';
}

enum wb_status
app_training_create(struct app_ctx *c, const char *name, const char *held_on,
		    const char *organiser, const char *division, const int64_t *attendees,
		    size_t n, int64_t *id, struct wb_err *err)
{
	struct training_row t = { 0 };
	struct facility_row *f;
	struct division d;
	enum wb_status rc;

	if (!filled(name))
		return wb_err_field(err, WB_ERR_INVALID, "name", "请填写培训名称");
	if (!filled(organiser))
		return wb_err_field(err, WB_ERR_INVALID, "organiser", "请填写组织单位");
	if (!facility_parse_date(held_on, t.held_on))
		return wb_err_field(err, WB_ERR_INVALID, "held_on", "培训日期应为 YYYY-MM-DD");
	if (division == NULL || division_level_of(division) == DIVISION_INVALID)
		return wb_err_field(err, WB_ERR_INVALID, "division_code",
				    "区划代码应为 6、9 或 12 位数字");
	rc = store_division_get(c->st, division, &d, err);
	if (rc == WB_ERR_NOTFOUND)
		return wb_err_field(err, WB_ERR_INVALID, "division_code", "区划代码 %s 不存在",
				    division);
	if (rc != WB_OK)
		return rc;
	if (!may_write(c->scope, division))
		return wb_err_code(err, WB_ERR_DENIED, "out_of_scope", "%s 不在您的管辖范围内",
				   division);
	snprintf(t.name, sizeof(t.name), "%s", name);
	snprintf(t.organiser, sizeof(t.organiser), "%s", organiser);
	snprintf(t.division_code, sizeof(t.division_code), "%s", division);
	facility_town_of(division, t.town_code);
	rc = store_training_insert(c->st, &t, c->now, c->user_id, id, err);
	if (rc != WB_OK)
		return rc;
	f = malloc(sizeof(*f));
	if (f == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && rc == WB_OK; i++) {
		rc = store_facility_get(c->st, c->scope, attendees[i], f, err);
		if (rc == WB_ERR_NOTFOUND ||
		    (rc == WB_OK && f->type != FACILITY_SUPERVISOR && f->type != FACILITY_DIRECTOR))
			rc = wb_err_field(err, WB_ERR_INVALID, "attendee_ids",
					  "参训人员 %lld 不是本辖区的儿童督导员或儿童主任",
					  (long long)attendees[i]);
		if (rc == WB_OK)
			rc = store_training_attendee_add(c->st, *id, attendees[i], err);
	}
	free(f);
	return rc;
}
