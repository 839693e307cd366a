#include "app/check_run.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "core/check.h"
#include "core/mask.h"
#include "core/sheet.h"
#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/facilities.h"
#include "util/csv_table.h"
#include "util/table.h"

#define CHUNK 16384          /* rows sealed and written at a time */
#define SMALL 64             /* up to this many rows: look-ups one by one */
#define TOKEN_MAX FIELDCRYPT_TOKEN_SIZE(CHECK_PERSON_SIZE)

enum row_state { ROW_GOOD, ROW_INVALID, ROW_BLANK, ROW_REPEAT };

enum wb_status
app_check_indexes(const struct keyset *keys, const char *id, char *match, char *id_bidx,
		  struct wb_err *err)
{
	char full[BLINDINDEX_HEX_SIZE];
	enum wb_status rc;

	if (!keys->has_registry)
		return wb_err_code(err, WB_ERR_INVALID, "no_registry_key",
				   "密钥文件中没有违法犯罪记录库密钥：请先运行一次 weibao serve 或命令行的查询命令");
	if ((rc = blindindex_registry(keys, "registry", id, full, err)) != WB_OK)
		return rc;
	memcpy(match, full, CHECK_INDEX_SIZE - 1);
	match[CHECK_INDEX_SIZE - 1] = '\0';
	if (id_bidx) {
		/* under the registry key too: a rotation of the index key would
		 * otherwise make a known person new */
		if ((rc = blindindex_registry(keys, "staff", id, full, err)) != WB_OK)
			return rc;
		memcpy(id_bidx, full, CHECK_INDEX_SIZE - 1);
		id_bidx[CHECK_INDEX_SIZE - 1] = '\0';
	}
	return WB_OK;
}

size_t
app_check_roster_template(char *out, size_t n)
{
	return (size_t)snprintf(out, n, "\xEF\xBB\xBF%s,%s,%s,%s,%s\r\n", check_roster_headers[0],
				check_roster_headers[1], check_roster_headers[2],
				check_roster_headers[3], check_roster_headers[4]);
}

void
check_run_result_free(struct check_run_result *r)
{
	free(r->rows);
	free(r->problems);
	free(r->strings);
	r->rows = NULL;
	r->problems = NULL;
	r->strings = NULL;
	r->nrows = r->nproblems = 0;
}

/* --- a hash table of 32-hex-digit keys (open addressing, indexes + 1) --- */

struct htab {
	uint32_t *slot;
	size_t mask;
	const char (*keys)[CHECK_INDEX_SIZE];   /* the keys the slots point at */
};

static uint64_t
hex_hash(const char *h)
{
	uint64_t v = 0;

	for (int i = 0; i < 16 && h[i]; i++)
		v = (v << 4) | (uint64_t)(h[i] <= '9' ? h[i] - '0' : (h[i] | 0x20) - 'a' + 10);
	return v;
}

static bool
htab_init(struct htab *h, size_t n, const char (*keys)[CHECK_INDEX_SIZE])
{
	size_t cap = 16;

	while (cap < n * 2)
		cap <<= 1;
	h->slot = calloc(cap, sizeof(*h->slot));
	h->mask = cap - 1;
	h->keys = keys;
	return h->slot != NULL;
}

/* The index of key in the table, or -1; with add, key index k is added
 * when absent (and -1 returned). */
static long
htab_find(struct htab *h, const char *key, bool add, uint32_t k)
{
	size_t i = (size_t)hex_hash(key) & h->mask;

	for (; h->slot[i]; i = (i + 1) & h->mask)
		if (memcmp(h->keys[h->slot[i] - 1], key, CHECK_INDEX_SIZE - 1) == 0)
			return (long)h->slot[i] - 1;
	if (add)
		h->slot[i] = k + 1;
	return -1;
}

/* --- the run --- */

/* A good row's values as checked: the canonical ID number and 入职日期, and
 * the normalised name, post and consent number when they differ from the
 * file's text (malloc'd; NULL: the file's text is already normal). */
struct kept {
	char id[IDNUMBER_SIZE];
	char hired_on[11];
	char *alt[3];
};

struct run {
	struct app_ctx *c;
	const struct csv_table *t;
	const int *map;
	size_t nmap;
	struct id_date today;
	size_t nrows;                      /* the table's rows, header included */
	unsigned char *state;              /* enum row_state by row */
	char **why;                        /* ROW_INVALID: the message (malloc'd) */
	int *first;                        /* ROW_REPEAT: the first row's line */
	char (*bidx)[CHECK_INDEX_SIZE];    /* ROW_GOOD: by row */
	char (*match)[CHECK_INDEX_SIZE];
	struct kept *kept;                 /* ROW_GOOD: what the second pass seals */
	bool *hit;
	int64_t *staff;                    /* the person's id, by row */
	bool *fresh;                       /* a new person (inserted) */
	struct check_run_result *out;
	bool nomem;
};

/* The raw values of row r by column. */
static void
row_values(const struct run *rn, size_t r, const char *in[CHKROS__MAX])
{
	for (int i = 0; i < CHKROS__MAX; i++)
		in[i] = NULL;
	for (size_t i = 0; i < rn->nmap; i++)
		if (rn->map[i] >= 0)
			in[rn->map[i]] = csv_table_field(rn->t, r, (int)i);
}

static bool
row_blank(const struct csv_table *t, size_t r)
{
	for (size_t i = 0; i < t->rows[r].nfields; i++)
		if (t->rows[r].fields[i][0])
			return false;
	return true;
}

struct part {
	struct run *rn;
	size_t from, to;
};

/* app_check_indexes with both index states made ready (check_part's). */
static enum wb_status
indexes_prepared(const struct blindindex_prepared *reg, const struct blindindex_prepared *staff,
		 const char *id, char *match, char *id_bidx, struct wb_err *err)
{
	char full[BLINDINDEX_HEX_SIZE];
	enum wb_status rc;

	if ((rc = blindindex_prepared(reg, id, full, err)) != WB_OK)
		return rc;
	memcpy(match, full, CHECK_INDEX_SIZE - 1);
	match[CHECK_INDEX_SIZE - 1] = '\0';
	if ((rc = blindindex_prepared(staff, id, full, err)) != WB_OK)
		return rc;
	memcpy(id_bidx, full, CHECK_INDEX_SIZE - 1);
	id_bidx[CHECK_INDEX_SIZE - 1] = '\0';
	return WB_OK;
}

/* The first pass over rows [from, to): each checked, its indexes computed
 * (the registry key's two index states made ready once a thread). */
static void *
check_part(void *arg)
{
	struct part *p = arg;
	struct run *rn = p->rn;
	struct check_roster_row row;
	struct check_problem why;
	struct wb_err err = { 0 };
	struct blindindex_prepared reg, staff;
	bool prepared = blindindex_registry_prepare(rn->c->keys, "registry", &reg, NULL) == WB_OK &&
			blindindex_registry_prepare(rn->c->keys, "staff", &staff, NULL) == WB_OK;

	for (size_t r = p->from; r < p->to; r++) {
		const char *in[CHKROS__MAX];

		if (row_blank(rn->t, r)) {
			rn->state[r] = ROW_BLANK;
			continue;
		}
		row_values(rn, r, in);
		if (!check_roster_row(in, rn->today, &row, &why)) {
			rn->state[r] = ROW_INVALID;
			if ((rn->why[r] = strdup(why.message)) == NULL)
				rn->nomem = true;
		} else if ((prepared ? indexes_prepared(&reg, &staff, row.id, rn->match[r],
							rn->bidx[r], &err)
				     : app_check_indexes(rn->c->keys, row.id, rn->match[r], rn->bidx[r],
							 &err)) != WB_OK) {
			rn->state[r] = ROW_INVALID;
			if ((rn->why[r] = strdup(err.msg)) == NULL)
				rn->nomem = true;
		} else {
			struct kept *k = &rn->kept[r];
			const char *norm[3] = { row.name, row.post, row.consent };
			const char *raw[3] = { in[CHKROS_NAME], in[CHKROS_POST], in[CHKROS_CONSENT] };

			memcpy(k->id, row.id, sizeof(k->id));
			memcpy(k->hired_on, row.hired_on, sizeof(k->hired_on));
			for (int i = 0; i < 3; i++)
				if (strcmp(norm[i], raw[i] ? raw[i] : "") != 0 &&
				    (k->alt[i] = strdup(norm[i])) == NULL)
					rn->nomem = true;
		}
	}
	sodium_memzero(&row, sizeof(row));
	blindindex_prepared_wipe(&reg);
	blindindex_prepared_wipe(&staff);
	return NULL;
}

/* Runs fn over rows [from, to) on two threads (one when few). */
static void
two_threads(struct run *rn, size_t from, size_t to, void *(*fn)(void *), void *a0, void *a1)
{
	struct part *p0 = a0, *p1 = a1;
	pthread_t th;
	bool threaded = false;

	p0->rn = p1->rn = rn;
	p0->from = from;
	p0->to = p1->from = from + (to - from) / 2;
	p1->to = to;
	if (to - from > 1000)
		threaded = pthread_create(&th, NULL, fn, p1) == 0;
	fn(p0);
	if (threaded)
		pthread_join(th, NULL);
	else
		fn(p1);
}

/* --- the second pass: the people sealed and written a chunk at a time --- */

/* A person's texts as written (into the table's or struct kept's strings). */
struct person {
	const char *name, *post, *consent, *hired_on;
};

struct seal_part {
	struct run *rn;
	size_t from, to;                   /* positions in order[] */
	const size_t *order;               /* the rows to seal */
	struct person *rows;               /* by position - base */
	char (*tokens)[TOKEN_MAX];
	size_t base;
	bool failed;
};

static void *
seal_part(void *arg)
{
	struct seal_part *p = arg;
	struct run *rn = p->rn;
	char plain[CHECK_PERSON_SIZE];

	for (size_t i = p->from; i < p->to; i++) {
		size_t r = p->order[i];
		const struct kept *k = &rn->kept[r];
		struct person *row = &p->rows[i - p->base];
		const char *in[CHKROS__MAX];
		size_t n;

		row_values(rn, r, in);
		row->name = k->alt[0] ? k->alt[0] : in[CHKROS_NAME];
		row->post = k->alt[1] ? k->alt[1] : in[CHKROS_POST];
		row->consent = k->alt[2] ? k->alt[2] : in[CHKROS_CONSENT];
		row->hired_on = k->hired_on;
		if ((n = check_person_join(k->id, row->name, plain, sizeof(plain))) == 0 ||
		    fieldcrypt_encrypt_to(rn->c->keys, "check_staff", "person", rn->staff[r], plain,
					  n, p->tokens[i - p->base], TOKEN_MAX) == 0) {
			p->failed = true;
			continue;
		}
		if (rn->out->rows) {
			struct check_run_row *o = &rn->out->rows[r - 1];
			mask_idnumber(k->id, o->id_number_masked, sizeof(o->id_number_masked));
			mask_name(row->name, o->name_masked, sizeof(o->name_masked));
		}
	}
	sodium_memzero(plain, sizeof(plain));
	return NULL;
}

/* Writes the people of order[from, to), sealed into slot: new ones inserted
 * (their ids and index values both ascending), known ones updated. */
static enum wb_status
write_people(struct run *rn, const size_t *order, size_t from, size_t to,
	     const struct seal_part *slot, struct check_staff_row *srows, int64_t import_id,
	     const char *division, struct wb_err *err)
{
	struct app_ctx *c = rn->c;
	size_t nf = 0;
	enum wb_status rc = WB_OK;

	for (size_t i = from; i < to && rc == WB_OK; i++) {
		size_t r = order[i];
		const struct person *row = &slot->rows[i - from];
		struct check_staff_row *s = &srows[nf];

		s->id = rn->staff[r];
		memcpy(s->id_bidx, rn->bidx[r], CHECK_INDEX_SIZE);
		memcpy(s->match, rn->match[r], CHECK_INDEX_SIZE);
		s->person = slot->tokens[i - from];
		s->post = row->post;
		s->consent_no = row->consent;
		s->hired_on = row->hired_on;
		s->result = rn->hit[r] ? CHECK_HIT : CHECK_NONE;
		if (rn->fresh[r])
			nf++;
		else
			rc = store_check_staff_update(c->st, s, rn->out->checked_on, import_id, err);
	}
	if (rc == WB_OK)
		rc = store_check_staff_insert(c->st, rn->out->institution_id, division, srows, nf,
					      rn->out->checked_on, import_id, c->now, c->user_id, err);
	return rc;
}

/* The results of the file's rows [*next, upto) but the blank ones, in row
 * order, CHUNK at a time; *next moves on. */
static enum wb_status
write_results(struct run *rn, struct check_result_row *res, int64_t import_id, size_t *next,
	      size_t upto, struct wb_err *err)
{
	enum wb_status rc = WB_OK;
	size_t nr = 0;

	if (upto > rn->nrows)
		upto = rn->nrows;
	for (; *next < upto && rc == WB_OK; (*next)++) {
		size_t r = *next;

		if (rn->state[r] == ROW_BLANK)
			continue;
		res[nr].row_no = (int)csv_table_line(rn->t, r);
		res[nr].staff_id = rn->state[r] == ROW_GOOD ? rn->staff[r] : 0;
		res[nr].result = rn->state[r] != ROW_GOOD ? CHECK_INVALID
							  : rn->hit[r] ? CHECK_HIT : CHECK_NONE;
		if (++nr == CHUNK) {
			rc = store_check_results_add(rn->c->st, import_id, res, nr, rn->out->checked_on,
						     err);
			nr = 0;
		}
	}
	if (rc == WB_OK && nr > 0)
		rc = store_check_results_add(rn->c->st, import_id, res, nr, rn->out->checked_on, err);
	return rc;
}

/* The sealing thread of write_all: chunk k into slot k % 2 once the writer
 * is done with what that slot held (k - 2). */
struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct run *rn;
	const size_t *order;
	size_t n, nchunks, sealed, written;
	bool failed, stop;
	struct seal_part slot[2];
};

static void *
sealer(void *arg)
{
	struct pipeline *pl = arg;

	for (size_t k = 0; k < pl->nchunks; k++) {
		struct seal_part *sp = &pl->slot[k % 2];

		pthread_mutex_lock(&pl->mu);
		while (k >= pl->written + 2 && !pl->stop)
			pthread_cond_wait(&pl->cv, &pl->mu);
		pthread_mutex_unlock(&pl->mu);
		if (pl->stop)
			break;
		sp->rn = pl->rn;
		sp->order = pl->order;
		sp->base = sp->from = k * CHUNK;
		sp->to = sp->from + CHUNK < pl->n ? sp->from + CHUNK : pl->n;
		sp->failed = false;
		seal_part(sp);
		pthread_mutex_lock(&pl->mu);
		pl->failed = pl->failed || sp->failed;
		pl->sealed = k + 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

/* --- institutions --- */

/* The institution id within ctx's scope, of a checked type, into *f. */
static enum wb_status
institution_get(struct app_ctx *c, int64_t id, struct facility_row *f, struct wb_err *err)
{
	const struct scope *s = c->scope ? c->scope : scope_system();
	enum wb_status rc;

	if (s->kind == SCOPE_INSTITUTION && s->institution_id != id)
		return wb_err_set(err, WB_ERR_NOTFOUND, "机构不存在或不在您的范围内");
	rc = store_facility_get(c->st, s->kind == SCOPE_INSTITUTION ? scope_system() : s, id, f, err);
	if (rc == WB_ERR_NOTFOUND || (rc == WB_OK && !check_institution_type(f->type)))
		return wb_err_set(err, WB_ERR_NOTFOUND, "机构不存在或不在您的范围内");
	return rc;
}

struct name_search {
	const char *name;
	int64_t id;
	int found;
};

static void
same_name(const struct facility_row *f, void *arg)
{
	struct name_search *ns = arg;

	if (check_institution_type(f->type) && strcmp(f->v[FCOL_NAME], ns->name) == 0) {
		ns->id = f->id;
		ns->found++;
	}
}

enum wb_status
app_check_institution_find(struct app_ctx *c, const char *text, int64_t *id, struct wb_err *err)
{
	struct name_search ns = { .name = text };
	struct facility_filter f = { .scope = c->scope ? c->scope : scope_system(),
				     .type = FACILITY_TYPE__MAX, .q = text };
	struct facility_row *row;
	enum wb_status rc;
	size_t i;

	*id = 0;
	for (i = 0; text[i] && isdigit((unsigned char)text[i]); i++)
		;
	if (i > 0 && text[i] == '\0' && i < 19) {
		if ((row = malloc(sizeof(*row))) == NULL)
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		rc = institution_get(c, strtoll(text, NULL, 10), row, err);
		if (rc == WB_OK)
			*id = row->id;
		free(row);
		return rc;
	}
	if (c->scope && c->scope->kind == SCOPE_INSTITUTION)
		f.scope = scope_system();
	rc = store_facility_page(c->st, &f, -1, 0, same_name, &ns, NULL, err);
	if (rc != WB_OK)
		return rc;
	if (ns.found == 0 || (c->scope && c->scope->kind == SCOPE_INSTITUTION &&
			      c->scope->institution_id != ns.id))
		return wb_err_set(err, WB_ERR_NOTFOUND, "没有名为“%s”的入职查询机构", text);
	if (ns.found > 1)
		return wb_err_set(err, WB_ERR_CONFLICT, "有 %d 个机构名为“%s”：请用机构编号", ns.found,
				  text);
	*id = ns.id;
	return WB_OK;
}

/* --- the look-ups --- */

struct keys_vec {
	char (*k)[CHECK_INDEX_SIZE];
	size_t n, cap;
	bool nomem;
	int64_t *ids;
};

static void
add_registry(const char *match, void *arg)
{
	struct keys_vec *v = arg;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 4096;
		char (*k)[CHECK_INDEX_SIZE] = realloc(v->k, cap * sizeof(*k));
		if (k == NULL) {
			v->nomem = true;
			return;
		}
		v->k = k;
		v->cap = cap;
	}
	snprintf(v->k[v->n++], CHECK_INDEX_SIZE, "%s", match);
}

static void
add_staff(int64_t id, const char *bidx, void *arg)
{
	struct keys_vec *v = arg;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 4096;
		char (*k)[CHECK_INDEX_SIZE] = realloc(v->k, cap * sizeof(*k));
		int64_t *ids = realloc(v->ids, cap * sizeof(*ids));
		if (k)
			v->k = k;
		if (ids)
			v->ids = ids;
		if (k == NULL || ids == NULL) {
			v->nomem = true;
			return;
		}
		v->cap = cap;
	}
	snprintf(v->k[v->n], CHECK_INDEX_SIZE, "%s", bidx);
	v->ids[v->n++] = id;
}

/* Marks hit[] and staff[] (existing people) of the good rows, counts them. */
static enum wb_status
look_up(struct run *rn, size_t ngood, struct wb_err *err)
{
	struct app_ctx *c = rn->c;
	struct keys_vec reg = { 0 }, staff = { 0 };
	struct htab hr = { 0 }, hs = { 0 };
	int64_t nstaff = 0, nreg = 0;
	enum wb_status rc;
	bool bulk = ngood > SMALL;

	rc = store_check_staff_count_of(c->st, rn->out->institution_id, &nstaff, err);
	if (rc == WB_OK)
		rc = store_check_registry_count(c->st, &nreg, err);
	if (rc == WB_OK && bulk && nreg > 0) {
		rc = store_check_registry_each(c->st, add_registry, &reg, err);
		if (rc == WB_OK && (reg.nomem || !htab_init(&hr, reg.n, (const void *)reg.k)))
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		for (size_t i = 0; rc == WB_OK && i < reg.n; i++)
			htab_find(&hr, reg.k[i], true, (uint32_t)i);
	}
	if (rc == WB_OK && bulk && nstaff > 0) {
		rc = store_check_staff_each_of(c->st, rn->out->institution_id, add_staff, &staff, err);
		if (rc == WB_OK && (staff.nomem || !htab_init(&hs, staff.n, (const void *)staff.k)))
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		for (size_t i = 0; rc == WB_OK && i < staff.n; i++)
			htab_find(&hs, staff.k[i], true, (uint32_t)i);
	}
	for (size_t r = 1; rc == WB_OK && r < rn->nrows; r++) {
		long k;

		if (rn->state[r] != ROW_GOOD)
			continue;
		if (nreg > 0 && bulk)
			rn->hit[r] = htab_find(&hr, rn->match[r], false, 0) >= 0;
		else if (nreg > 0)
			rc = store_check_registry_has(c->st, rn->match[r], &rn->hit[r], err);
		if (rc == WB_OK && nstaff > 0 && bulk) {
			if ((k = htab_find(&hs, rn->bidx[r], false, 0)) >= 0)
				rn->staff[r] = staff.ids[k];
		} else if (rc == WB_OK && nstaff > 0) {
			rc = store_check_staff_find(c->st, rn->out->institution_id, rn->bidx[r],
						    &rn->staff[r], err);
		}
		rn->fresh[r] = rn->staff[r] == 0;
	}
	free(hr.slot);
	free(hs.slot);
	free(reg.k);
	free(staff.k);
	free(staff.ids);
	return rc;
}

/* The file's repeats: a person's second row and after are ROW_REPEAT. */
static enum wb_status
repeats(struct run *rn, struct wb_err *err)
{
	struct htab h;
	enum wb_status rc = WB_OK;

	if (!htab_init(&h, rn->nrows, (const void *)rn->bidx))
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t r = 1; r < rn->nrows; r++) {
		long k;

		if (rn->state[r] != ROW_GOOD)
			continue;
		if ((k = htab_find(&h, rn->bidx[r], true, (uint32_t)r)) >= 0) {
			rn->state[r] = ROW_REPEAT;
			rn->first[r] = (int)csv_table_line(rn->t, (size_t)k);
		}
	}
	free(h.slot);
	return rc;
}

/* --- rejected rows --- */

struct reasons {
	struct run *rn;
	char buf[64];
};

static const char *
reason_of(size_t r, void *arg)
{
	struct reasons *x = arg;

	if (x->rn->state[r] == ROW_REPEAT) {
		snprintf(x->buf, sizeof(x->buf), "与第%d行重复", x->rn->first[r]);
		return x->buf;
	}
	return x->rn->why[r] ? x->rn->why[r] : "";
}

static enum wb_status
keep_rejects(struct run *rn, int64_t import_id, const char *file_name, int count,
	     struct wb_err *err)
{
	struct app_ctx *c = rn->c;
	struct reasons x = { .rn = rn };
	bool *keep = calloc(rn->nrows, sizeof(*keep));
	char *csv = NULL, *token = NULL;
	size_t len = 0;
	enum wb_status rc;

	if (keep == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t r = 1; r < rn->nrows; r++)
		keep[r] = rn->state[r] == ROW_INVALID || rn->state[r] == ROW_REPEAT;
	rc = csv_table_subset(rn->t, keep, "错误原因", reason_of, &x, &csv, &len, err);
	if (rc == WB_OK)
		rc = store_check_reject_add(c->st, import_id, c->user_id, c->login, c->now,
					    c->now + CHECK_REJECTS_DAYS * 86400, file_name, count,
					    &rn->out->rejects_id, err);
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt(c->keys, "check_rejects", "payload", rn->out->rejects_id, csv,
					len, &token, err);
	if (rc == WB_OK)
		rc = store_check_reject_set_payload(c->st, rn->out->rejects_id, token, err);
	if (csv)
		fieldcrypt_free(csv, len);
	free(token);
	free(keep);
	return rc;
}

enum wb_status
app_check_rejects(struct app_ctx *c, int64_t id, char **csv, size_t *len, char *file_name,
		  size_t name_len, struct wb_err *err)
{
	char *token = NULL;
	enum wb_status rc;

	*csv = NULL;
	*len = 0;
	rc = store_check_reject_get(c->st, id, c->login, c->now, &token, file_name, name_len, err);
	if (rc == WB_OK)
		rc = fieldcrypt_decrypt(c->keys, "check_rejects", "payload", id, token, csv, len, err);
	free(token);
	return rc;
}

bool
app_check_person_masked(const struct app_ctx *c, int64_t staff_id, const char *token,
			char *id_masked, char *name_masked)
{
	char id[IDNUMBER_SIZE], name[CHECK_TEXT_SIZE], *plain = NULL;
	size_t len = 0;
	bool ok;

	id_masked[0] = name_masked[0] = '\0';
	ok = token && fieldcrypt_decrypt(c->keys, "check_staff", "person", staff_id, token, &plain,
					 &len, NULL) == WB_OK &&
	     check_person_split(plain, len, id, name, sizeof(name)) &&
	     mask_idnumber(id, id_masked, 24) && mask_name(name, name_masked, CHECK_MASKED_NAME_SIZE);
	fieldcrypt_free(plain, len);
	sodium_memzero(id, sizeof(id));
	sodium_memzero(name, sizeof(name));
	if (!ok)
		id_masked[0] = name_masked[0] = '\0';
	return ok;
}

/* The rows of out for the invalid and repeated rows (masked from what the
 * file holds) and every row's result; the messages copied into out->strings. */
static enum wb_status
finish_rows(struct run *rn, struct wb_err *err)
{
	struct check_run_result *out = rn->out;
	size_t need = 0, used = 0, k = 0;
	char line[64];

	for (size_t r = 1; r < rn->nrows; r++)
		if (rn->state[r] == ROW_INVALID)
			need += strlen(rn->why[r] ? rn->why[r] : "") + 1;
		else if (rn->state[r] == ROW_REPEAT)
			need += 32;
	if (need && (out->strings = malloc(need)) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t r = 1; r < rn->nrows; r++) {
		struct check_run_row *o = &out->rows[r - 1];
		const char *in[CHKROS__MAX];
		char name[CHECK_TEXT_SIZE * 2], id[IDNUMBER_SIZE];
		const char *msg = NULL;

		if (rn->state[r] == ROW_BLANK)
			continue;
		o->row = (int)csv_table_line(rn->t, r);
		if (rn->state[r] == ROW_GOOD) {
			o->result = rn->hit[r] ? CHECK_HIT : CHECK_NONE;
			o->staff_id = rn->staff[r];
		} else {
			o->result = CHECK_INVALID;
			row_values(rn, r, in);
			sheet_normalise(in[CHKROS_NAME], name, sizeof(name));
			if (!mask_name(name, o->name_masked, sizeof(o->name_masked)))
				o->name_masked[0] = '\0';
			if (idnumber_normalise(in[CHKROS_ID] ? in[CHKROS_ID] : "", id, NULL) != WB_OK)
				snprintf(id, sizeof(id), "%.18s", in[CHKROS_ID] ? in[CHKROS_ID] : "");
			if (!mask_idnumber(id, o->id_number_masked, sizeof(o->id_number_masked)))
				o->id_number_masked[0] = '\0';
			sodium_memzero(name, sizeof(name));
			sodium_memzero(id, sizeof(id));
			if (rn->state[r] == ROW_REPEAT) {
				snprintf(line, sizeof(line), "与第%d行重复", rn->first[r]);
				msg = line;
			} else {
				msg = rn->why[r] ? rn->why[r] : "";
			}
			o->message = out->strings + used;
			memcpy(out->strings + used, msg, strlen(msg) + 1);
			used += strlen(msg) + 1;
		}
		out->rows[k++] = *o;   /* compact: blank rows leave no gap */
	}
	out->nrows = k;
	return WB_OK;
}

/* Audits every match (the person's id, never who) and the run; commits. */
static enum wb_status
audit_and_commit(struct run *rn, int64_t import_id, const char *institution, struct wb_err *err)
{
	struct app_ctx *c = rn->c;
	struct check_run_result *out = rn->out;
	struct audit_event ev = { 0 };
	char detail[512], object_id[24];
	enum wb_status rc = WB_OK;

	ev.at = c->now;
	ev.user_id = c->user_id;
	for (size_t r = 1; rc == WB_OK && r < rn->nrows; r++) {
		if (rn->state[r] != ROW_GOOD || !rn->hit[r])
			continue;
		/* store_audit_append points the strings at copies on its own
		 * stack: set them again for every event */
		ev.login = c->login;
		ev.client_addr = "local";
		ev.outcome = "ok";
		snprintf(object_id, sizeof(object_id), "%lld", (long long)rn->staff[r]);
		snprintf(detail, sizeof(detail), "入职查询比对有记录（%.200s，批次 %lld，第 %d 行）",
			 institution, (long long)import_id, (int)csv_table_line(rn->t, r));
		ev.action = "check.match";
		ev.object_type = "check_staff";
		ev.object_id = object_id;
		ev.detail = detail;
		rc = store_audit_append(c->st, c->keys, &ev, err);
	}
	if (rc != WB_OK) {
		store_rollback_all(c->st);
		return rc;
	}
	snprintf(object_id, sizeof(object_id), "%lld", (long long)import_id);
	snprintf(detail, sizeof(detail), "入职查询 %.200s：%lld 行，查询 %lld 人，有记录 %lld 人，无效 %lld 行",
		 institution, (long long)out->total, (long long)out->checked, (long long)out->hits,
		 (long long)out->invalid);
	ev.login = c->login;
	ev.client_addr = "local";
	ev.outcome = "ok";
	ev.action = "check.run";
	ev.object_type = "check_import";
	ev.object_id = object_id;
	ev.detail = detail;
	return app_commit_audited(c->st, c->keys, &ev, err);
}

static void
free_run(struct run *rn)
{
	for (size_t r = 0; rn->why && r < rn->nrows; r++)
		free(rn->why[r]);
	for (size_t r = 0; rn->kept && r < rn->nrows; r++)
		for (int i = 0; i < 3; i++)
			free(rn->kept[r].alt[i]);
	if (rn->kept)
		sodium_memzero(rn->kept, rn->nrows * sizeof(*rn->kept));
	free(rn->kept);
	free(rn->why);
	free(rn->state);
	free(rn->first);
	free(rn->bidx);
	free(rn->match);
	free(rn->hit);
	free(rn->staff);
	free(rn->fresh);
}

static void
header_problem(const struct check_problem *p, void *arg)
{
	struct check_run_result *out = arg;
	struct check_file_problem *x = realloc(out->problems, (out->nproblems + 1) * sizeof(*x));

	if (x == NULL)
		return;
	out->problems = x;
	x = &x[out->nproblems++];
	x->row = 1;
	snprintf(x->column, sizeof(x->column), "%s", p->column);
	snprintf(x->message, sizeof(x->message), "%s", p->message);
}

/* For sorting the new people by their index value: its first 64 bits (the
 * order only makes the writes land at the index's end; ties keep row order). */
struct by_key {
	uint64_t key;
	size_t row;
};

/* Sorts k[0..n) by key (ties in the order given) with n more entries as
 * scratch: least significant byte first, eight stable passes, a pass skipped
 * when every key has the same byte there.  Returns false when out of memory. */
static bool
sort_by_key(struct by_key *k, size_t n)
{
	struct by_key *tmp = malloc(n * sizeof(*tmp)), *from = k, *to = tmp;

	if (tmp == NULL)
		return false;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[256] = { 0 }, at = 0;

		for (size_t i = 0; i < n; i++)
			count[(from[i].key >> shift) & 0xff]++;
		if (count[(from[0].key >> shift) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[d];
			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		from = to;
		to = from == k ? tmp : k;
	}
	if (from != k)
		memcpy(k, from, n * sizeof(*k));
	free(tmp);
	return true;
}

/* Reserves the ids of the new people in the order of their index value
 * (so the table and its unique index both grow at their end), then writes
 * the people a chunk at a time while a second thread seals the next chunk,
 * and the results in row order between them. */
static enum wb_status
write_all(struct run *rn, int64_t import_id, const char *division, struct wb_err *err)
{
	struct pipeline pl = { .rn = rn };
	struct by_key *keys = NULL;
	size_t *order = malloc(rn->nrows * sizeof(*order));
	struct check_staff_row *srows = calloc(CHUNK, sizeof(*srows));
	struct check_result_row *res = calloc(CHUNK, sizeof(*res));
	struct person *rows = calloc(2 * CHUNK, sizeof(*rows));
	char (*tokens)[TOKEN_MAX] = calloc(2 * CHUNK, sizeof(*tokens));
	int64_t *ids = NULL;
	size_t nfresh = 0, n = 0, next = 1;
	enum wb_status rc = WB_OK;
	pthread_t th;
	bool threaded = false;

	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	if (order == NULL || srows == NULL || res == NULL || rows == NULL || tokens == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 1; r < rn->nrows; r++)
		nfresh += rn->state[r] == ROW_GOOD && rn->fresh[r];
	if (nfresh && (keys = malloc(nfresh * sizeof(*keys))) == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 1; r < rn->nrows; r++)
		if (rn->state[r] == ROW_GOOD && rn->fresh[r])
			keys[n++] = (struct by_key){ hex_hash(rn->bidx[r]), r };
	if (nfresh > 0 && !sort_by_key(keys, nfresh)) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nfresh; i++)
		order[i] = keys[i].row;
	free(keys);
	keys = NULL;
	for (size_t r = 1; r < rn->nrows; r++)   /* then the known people */
		if (rn->state[r] == ROW_GOOD && !rn->fresh[r])
			order[n++] = r;
	if (nfresh && (ids = malloc(nfresh * sizeof(*ids))) == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK)
		rc = store_check_staff_reserve_ids(rn->c->st, nfresh, ids, err);
	for (size_t i = 0; rc == WB_OK && i < nfresh; i++)
		rn->staff[order[i]] = ids[i];
	if (rc != WB_OK)
		goto out;
	pl.order = order;
	pl.n = n;
	pl.nchunks = (n + CHUNK - 1) / CHUNK;
	for (int i = 0; i < 2; i++) {
		pl.slot[i].rows = rows + i * CHUNK;
		pl.slot[i].tokens = tokens + i * CHUNK;
	}
	/* small runs (one chunk) seal here; a thread cannot start: the same */
	threaded = pl.nchunks > 1 && pthread_create(&th, NULL, sealer, &pl) == 0;
	for (size_t k = 0; rc == WB_OK && k < pl.nchunks; k++) {
		size_t from = k * CHUNK, to = from + CHUNK < n ? from + CHUNK : n;

		if (!threaded) {
			struct seal_part *sp = &pl.slot[k % 2];

			sp->rn = rn;
			sp->order = order;
			sp->base = sp->from = from;
			sp->to = to;
			sp->failed = false;
			seal_part(sp);
			pl.failed = sp->failed;
			pl.sealed = k + 1;
		}
		pthread_mutex_lock(&pl.mu);
		while (pl.sealed <= k && !pl.failed && threaded)
			pthread_cond_wait(&pl.cv, &pl.mu);
		pthread_mutex_unlock(&pl.mu);
		if (pl.failed || pl.sealed <= k) {
			rc = wb_err_set(err, WB_ERR_DB, "a person of the roster could not be sealed");
			break;
		}
		rc = write_people(rn, order, from, to, &pl.slot[k % 2], srows, import_id, division,
				  err);
		pthread_mutex_lock(&pl.mu);
		pl.written = k + 1;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
		if (rc == WB_OK)
			rc = write_results(rn, res, import_id, &next, next + CHUNK, err);
	}
	if (threaded) {
		pthread_mutex_lock(&pl.mu);
		pl.stop = true;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
		pthread_join(th, NULL);
	}
	if (rc == WB_OK)
		rc = write_results(rn, res, import_id, &next, rn->nrows, err);
out:
	free(keys);
	pthread_cond_destroy(&pl.cv);
	pthread_mutex_destroy(&pl.mu);
	free(rows);
	free(tokens);
	free(srows);
	free(res);
	free(ids);
	free(order);
	return rc;
}

enum wb_status
app_check_run(struct app_ctx *c, int64_t institution_id, const char *buf, size_t len,
	      const char *file_name, struct check_run_result *out, struct wb_err *err)
{
	bool no_rows = out->no_rows;
	struct facility_row *f = malloc(sizeof(*f));
	struct csv_table t = { 0 };
	struct run rn = { .c = c, .t = &t, .out = out };
	struct check_import im = { .kind = "roster" };
	struct part parts[2];
	const char **headers = NULL;
	int *map = NULL;
	int64_t added = 0;
	size_t ngood = 0;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	out->no_rows = no_rows;
	if (f == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (!c->keys->has_registry) {
		free(f);
		return wb_err_code(err, WB_ERR_INVALID, "no_registry_key",
				   "密钥文件中没有违法犯罪记录库密钥：请先运行一次 weibao serve 或命令行的查询命令");
	}
	if ((rc = institution_get(c, institution_id, f, err)) != WB_OK)
		goto done;
	out->institution_id = f->id;
	snprintf(out->institution_name, sizeof(out->institution_name), "%s", f->v[FCOL_NAME]);
	snprintf(out->institution_type, sizeof(out->institution_type), "%s",
		 facility_spec(f->type)->code);
	rn.today = id_date_of_time(c->now, 8 * 3600);
	id_date_format(rn.today, out->checked_on);
	if ((rc = table_parse(buf, len, &t, err)) != WB_OK)
		goto done;
	if (t.nrows == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file",
				 "文件是空的：第一行应为入职查询名单模板的表头");
		goto done;
	}
	rn.nrows = t.nrows;
	headers = calloc(t.rows[0].nfields + 1, sizeof(*headers));
	map = calloc(t.rows[0].nfields + 1, sizeof(*map));
	rn.state = calloc(t.nrows, 1);
	rn.why = calloc(t.nrows, sizeof(*rn.why));
	rn.first = calloc(t.nrows, sizeof(*rn.first));
	rn.bidx = calloc(t.nrows, sizeof(*rn.bidx));
	rn.match = calloc(t.nrows, sizeof(*rn.match));
	rn.kept = calloc(t.nrows, sizeof(*rn.kept));
	rn.hit = calloc(t.nrows, sizeof(*rn.hit));
	rn.staff = calloc(t.nrows, sizeof(*rn.staff));
	rn.fresh = calloc(t.nrows, sizeof(*rn.fresh));
	if (!no_rows)
		out->rows = calloc(t.nrows, sizeof(*out->rows));
	if (headers == NULL || map == NULL || rn.state == NULL || rn.why == NULL ||
	    rn.first == NULL || rn.bidx == NULL || rn.match == NULL || rn.kept == NULL ||
	    rn.hit == NULL ||
	    rn.staff == NULL || rn.fresh == NULL || (!no_rows && out->rows == NULL)) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < t.rows[0].nfields; i++)
		headers[i] = t.rows[0].fields[i];
	rn.map = map;
	rn.nmap = t.rows[0].nfields;
	if (check_map_header(false, headers, t.rows[0].nfields, map, header_problem, out) > 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_header", "表头有误（%zu 处），未查询任何人员",
				 out->nproblems);
		goto done;
	}
	two_threads(&rn, 1, t.nrows, check_part, &parts[0], &parts[1]);
	if (rn.nomem) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t r = 1; r < t.nrows; r++)
		out->total += rn.state[r] != ROW_BLANK;
	if (out->total == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file", "文件中没有任何人员");
		goto done;
	}
	if ((rc = repeats(&rn, err)) != WB_OK)
		goto done;
	for (size_t r = 1; r < t.nrows; r++)
		ngood += rn.state[r] == ROW_GOOD;
	if ((rc = store_begin(c->st, err)) != WB_OK)
		goto done;
	store_bulk_mode(c->st);
	rc = store_check_reject_purge(c->st, c->now, NULL, err);   /* expired ones go */
	if (rc == WB_OK)
		rc = look_up(&rn, ngood, err);
	for (size_t r = 1; r < t.nrows; r++) {
		if (rn.state[r] == ROW_GOOD) {
			out->checked++;
			out->hits += rn.hit[r];
			out->added += rn.fresh[r];
		} else if (rn.state[r] != ROW_BLANK) {
			out->invalid++;
		}
	}
	out->updated = out->checked - out->added;
	im.institution_id = f->id;
	im.division_code = f->v[FCOL_DIVISION];
	im.file_name = file_name;
	im.rows = out->total;
	im.checked = out->checked;
	im.hits = out->hits;
	im.invalid = out->invalid;
	im.created_at = c->now;
	im.created_by = c->user_id;
	im.login = c->login;
	if (rc == WB_OK)
		rc = store_check_import_add(c->st, &im, err);
	if (rc == WB_OK)
		rc = write_all(&rn, im.id, f->v[FCOL_DIVISION], err);
	if (rc == WB_OK && out->invalid > 0)
		rc = keep_rejects(&rn, im.id, file_name, (int)out->invalid, err);
	if (rc == WB_OK && out->hits > 0)
		rc = app_notify_check_hit(c, out->institution_type, out->institution_name, out->hits,
					  im.id, &added, err);
	if (rc != WB_OK) {
		store_rollback_all(c->st);
		goto done;
	}
	if ((rc = audit_and_commit(&rn, im.id, out->institution_name, err)) != WB_OK)
		goto done;
	out->id = im.id;
	if (!no_rows)
		rc = finish_rows(&rn, err);
done:
	free_run(&rn);
	free(headers);
	free(map);
	free(f);
	csv_table_free(&t);
	if (rc != WB_OK) {
		free(out->rows);
		free(out->strings);
		out->rows = NULL;
		out->strings = NULL;
		out->nrows = 0;
	}
	return rc;
}
