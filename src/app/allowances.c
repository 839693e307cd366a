#include "app/allowances.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/children.h"
#include "core/allowance.h"
#include "core/mask.h"
#include "core/sheet.h"
#include "sec/fieldcrypt.h"

#define RUN_BATCH 1000

void
allowance_month_result_free(struct allowance_month_result *r)
{
	vec_free(&r->lines);
	vec_free(&r->diffs);
}

/* The category bit named by name ("孤儿"), 0 when none. */
static unsigned
category_bit(const char *name)
{
	for (unsigned b = 1; b < (1u << CHILD_CATEGORY_BITS); b <<= 1)
		if (strcmp(child_category_name(b), name) == 0)
			return b;
	return 0;
}

enum wb_status
app_allowance_standard_add(struct app_ctx *c, const char *category, const char *mode,
			   const char *from, const char *yuan, bool *below_floor,
			   struct wb_err *err)
{
	struct allowance_standard_row s;
	char date[11];
	int64_t fen;

	*below_floor = false;
	if (category == NULL || category_bit(category) == 0)
		return wb_err_set(err, WB_ERR_INVALID, "类别应为孤儿、事实无人抚养儿童、困境儿童等儿童类别的名称");
	if (mode == NULL || support_mode_parse(mode) == SUPPORT__MAX)
		return wb_err_set(err, WB_ERR_INVALID, "供养方式应为集中供养或社会散居");
	if (!sheet_parse_date(from, date))
		return wb_err_set(err, WB_ERR_INVALID, "执行日期不是有效日期（应为 YYYY-MM-DD）");
	if (!sheet_parse_money(yuan, &fen))
		return wb_err_set(err, WB_ERR_INVALID, "标准应为金额（元/月，最多两位小数）");
	snprintf(s.category, sizeof(s.category), "%s", category);
	snprintf(s.mode, sizeof(s.mode), "%s", mode);
	memcpy(s.effective_from, date, sizeof(date));
	s.fen_per_month = fen;
	*below_floor = category_bit(category) == CHILD_ORPHAN &&
		       support_mode_parse(mode) == SUPPORT_CENTRAL &&
		       fen * 12 < ALLOWANCE_ORPHAN_CENTRAL_FLOOR_FEN;
	return store_allowance_standard_add(c->st, &s, c->now, c->user_id, err);
}

struct standards {
	struct vec v;     /* struct allowance_standard */
};

static void
keep_standard(const struct allowance_standard_row *s, void *arg)
{
	struct standards *x = arg;
	struct allowance_standard *to;
	struct id_date from;

	if (!id_date_parse_iso(s->effective_from, &from) || (to = vec_push(&x->v)) == NULL)
		return;
	*to = (struct allowance_standard){ category_bit(s->category), support_mode_parse(s->mode),
					   from, s->fen_per_month };
}

/* The parents' periods of one batch, by child. */
struct batch_periods {
	struct vec v;     /* struct batch_period */
};

struct batch_period {
	int64_t child_id;
	bool father;
	struct parent_period p;
};

static void
keep_period(int64_t child_id, const struct child_period_row *r, void *arg)
{
	struct batch_periods *x = arg;
	struct batch_period *to = vec_push(&x->v);
	struct parent_period p = { parent_status_parse(r->status), disability_kind_parse(r->disability),
				   r->grade, { 1900, 1, 1 }, false, { 0, 0, 0 } };

	if (to == NULL)
		return;
	id_date_parse_iso(r->started_on, &p.start);
	p.ended = id_date_parse_iso(r->ended_on, &p.end);
	*to = (struct batch_period){ child_id, strcmp(r->parent, "父亲") == 0, p };
}

/* The facts of row r whose periods start at *k in the batch's periods (by
 * child id, father's first); advances *k past them.  buf holds them. */
static void
facts_of(const struct child_facts_row *r, const struct batch_periods *bp, size_t *k,
	 struct parent_period *buf, size_t cap, struct child_facts *f)
{
	size_t n = 0, nf = 0;

	memset(f, 0, sizeof(*f));
	while (*k < bp->v.n && ((struct batch_period *)vec_at(&bp->v, *k))->child_id < r->id)
		(*k)++;
	for (; *k < bp->v.n; (*k)++) {
		const struct batch_period *p = vec_at(&bp->v, *k);

		if (p->child_id != r->id)
			break;
		if (n < cap) {
			buf[n++] = p->p;
			nf += p->father;
		}
	}
	f->birth_known = id_date_parse_iso(r->birth_date, &f->birth);
	f->father = (struct parent_history){ buf, nf };
	f->mother = (struct parent_history){ buf + nf, n - nf };
	f->disability = disability_kind_parse(r->disability);
	if (f->disability == DISABILITY__MAX)
		f->disability = DISABILITY_NONE;
	f->disability_grade = r->disability_grade;
	f->economy = family_economy_parse(r->economy);
	if (f->economy == ECONOMY__MAX)
		f->economy = ECONOMY_NONE;
	f->rural_household = strcmp(r->household, "农业") == 0;
	f->guardianship_lacking = r->guardianship_lacking;
}

/* The clear value of a token of child id (table/column) into out[n],
 * masked by mask unless clear; "" for none, "（无法解密）" for a cell that
 * cannot be decrypted. */
static void
child_cell(struct app_ctx *c, const char *table, const char *column, int64_t row,
	   const char *token, bool clear, bool (*mask)(const char *, char *, size_t), char *out,
	   size_t n)
{
	char *plain = NULL;
	struct wb_err why = { 0 };

	out[0] = '\0';
	if (app_child_open(c, table, column, row, token, &plain, &why) != WB_OK) {
		/* an altered cell: said in its place, the rest of the list still paid */
		snprintf(out, n, "（无法解密）");
		return;
	}
	if (plain[0]) {
		if (clear)
			snprintf(out, n, "%s", plain);
		else
			mask(plain, out, n);
	}
	fieldcrypt_free(plain, strlen(plain));
}

/* The masked ID number of child id ("（无法解密）" for an altered cell);
 * read only for the children paid, after the batch's query has ended. */
static enum wb_status
masked_number(struct app_ctx *c, int64_t id, struct child_row *row, char *out, size_t n,
	      struct wb_err *err)
{
	enum wb_status rc = store_child_get(c->st, c->scope, id, row, err);

	if (rc == WB_OK)
		child_cell(c, "children", "id_number", id, row->id_number, false, mask_idnumber, out, n);
	return rc;
}

/* One batch of children into out's lines. */
static enum wb_status
run_batch(struct app_ctx *c, const struct child_facts_row *rows, int n, int year, int month,
	  const struct standards *std, struct allowance_month_result *out, struct child_row *scratch,
	  struct wb_err *err)
{
	struct child_rules cr = app_child_rules(c);
	struct allowance_rules ar = allowance_rules_default();
	struct batch_periods bp = { VEC_INIT(struct batch_period) };
	struct parent_period buf[64];
	size_t k = 0;
	enum wb_status rc;

	rc = store_child_periods_range(c->st, rows[0].id, rows[n - 1].id, keep_period, &bp, err);
	if (rc == WB_OK && bp.v.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < n && rc == WB_OK; i++) {
		struct child_facts f;
		struct allowance_line l;
		struct allowance_pay *pay;
		enum placement p = placement_parse(rows[i].placement);

		facts_of(&rows[i], &bp, &k, buf, sizeof(buf) / sizeof(buf[0]), &f);
		if (!allowance_for_month(&f, p, year, month, &cr, &ar, std->v.items, std->v.n, &l))
			continue;
		if ((pay = vec_push(&out->lines)) == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
		pay->child_id = rows[i].id;
		rc = masked_number(c, rows[i].id, scratch, pay->id_number_masked,
				   sizeof(pay->id_number_masked), err);
		snprintf(pay->category, sizeof(pay->category), "%s", child_category_name(l.category));
		snprintf(pay->mode, sizeof(pay->mode), "%s", support_mode_name(l.mode));
		snprintf(pay->placement, sizeof(pay->placement), "%s", rows[i].placement);
		pay->fen = l.fen;
		out->total_fen += l.fen;
		out->count++;
	}
	vec_free(&bp.v);
	return rc;
}

static void
keep_line(const struct allowance_line_row *l, void *arg)
{
	struct allowance_line_row *to = vec_push(arg);

	if (to)
		*to = *l;
}

static struct allowance_diff *
diff_push(struct allowance_month_result *out, int64_t child_id, const char *change)
{
	struct allowance_diff *d = vec_push(&out->diffs);

	if (d) {
		d->child_id = child_id;
		snprintf(d->change, sizeof(d->change), "%s", change);
	}
	return d;
}

/* The differences between out's lines and the frozen ones (both by id). */
static enum wb_status
compare(struct app_ctx *c, struct allowance_month_result *out, struct wb_err *err)
{
	struct vec frozen = VEC_INIT(struct allowance_line_row);
	enum wb_status rc = store_allowance_lines(c->st, c->scope, out->month, keep_line, &frozen, err);
	size_t i = 0, j = 0;

	while (rc == WB_OK && (i < out->lines.n || j < frozen.n)) {
		const struct allowance_pay *a = i < out->lines.n ? vec_at(&out->lines, i) : NULL;
		const struct allowance_line_row *b = j < frozen.n ? vec_at(&frozen, j) : NULL;
		struct allowance_diff *d = NULL;

		if (a && (!b || a->child_id < b->child_id)) {
			if ((d = diff_push(out, a->child_id, "新增")) != NULL) {
				memcpy(d->id_number_masked, a->id_number_masked, sizeof(d->id_number_masked));
				d->fen_after = a->fen;
				snprintf(d->category_after, sizeof(d->category_after), "%s", a->category);
			}
			i++;
		} else if (b && (!a || b->child_id < a->child_id)) {
			if ((d = diff_push(out, b->child_id, "取消")) != NULL) {
				d->fen_before = b->fen;
				snprintf(d->category_before, sizeof(d->category_before), "%s", b->category);
			}
			j++;
		} else {
			if ((a->fen != b->fen || strcmp(a->category, b->category) != 0) &&
			    (d = diff_push(out, a->child_id, "变化")) != NULL) {
				memcpy(d->id_number_masked, a->id_number_masked, sizeof(d->id_number_masked));
				d->fen_before = b->fen;
				d->fen_after = a->fen;
				snprintf(d->category_before, sizeof(d->category_before), "%s", b->category);
				snprintf(d->category_after, sizeof(d->category_after), "%s", a->category);
			}
			i++;
			j++;
		}
	}
	if (rc == WB_OK && (frozen.nomem || out->diffs.nomem))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	vec_free(&frozen);
	return rc;
}

enum wb_status
app_allowance_run(struct app_ctx *c, const char *month, struct allowance_month_result *out,
		  struct wb_err *err)
{
	struct standards std = { VEC_INIT(struct allowance_standard) };
	struct child_facts_row *rows = NULL;
	struct child_row *scratch = NULL;
	struct id_date first;
	char iso[11];
	enum wb_status rc;
	int64_t after = 0;
	int n = 0;

	memset(out, 0, sizeof(*out));
	out->lines = (struct vec)VEC_INIT(struct allowance_pay);
	out->diffs = (struct vec)VEC_INIT(struct allowance_diff);
	snprintf(iso, sizeof(iso), "%.7s-01", month ? month : "");
	if (month == NULL || strlen(month) != 7 || !id_date_parse_iso(iso, &first))
		return wb_err_set(err, WB_ERR_INVALID, "月份应为 YYYY-MM");
	snprintf(out->month, sizeof(out->month), "%.7s", month);
	rc = store_allowance_standards(c->st, keep_standard, &std, err);
	if (rc == WB_OK && std.v.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK && ((rows = calloc(RUN_BATCH, sizeof(*rows))) == NULL ||
			    (scratch = malloc(sizeof(*scratch))) == NULL))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	do {
		if (rc != WB_OK)
			break;
		rc = store_child_facts_after(c->st, c->scope, after, RUN_BATCH, rows, &n, err);
		if (rc == WB_OK && n > 0) {
			after = rows[n - 1].id;
			rc = run_batch(c, rows, n, first.year, first.month, &std, out, scratch, err);
		}
	} while (rc == WB_OK && n == RUN_BATCH);
	if (rc == WB_OK)
		rc = store_allowance_month(c->st, out->month, &out->frozen, &out->approved, err);
	if (rc == WB_OK && out->approved)
		rc = compare(c, out, err);
	free(rows);
	free(scratch);
	vec_free(&std.v);
	if (rc != WB_OK)
		allowance_month_result_free(out);
	return rc;
}

enum wb_status
app_allowance_approve(struct app_ctx *c, const struct allowance_month_result *r,
		      struct wb_err *err)
{
	struct allowance_month_row m = { c->now, r->total_fen, r->count, "" };
	enum wb_status rc;

	if (r->approved)
		return wb_err_code(err, WB_ERR_CONFLICT, "approved", "%s 的发放名单已审核确认，不能再次确认",
				   r->month);
	snprintf(m.login, sizeof(m.login), "%s", c->login);
	rc = store_allowance_month_add(c->st, r->month, &m, c->user_id, err);
	for (size_t i = 0; i < r->lines.n && rc == WB_OK; i++) {
		const struct allowance_pay *p = vec_at(&r->lines, i);
		struct allowance_line_row l = { .child_id = p->child_id, .fen = p->fen };

		snprintf(l.category, sizeof(l.category), "%s", p->category);
		snprintf(l.mode, sizeof(l.mode), "%s", p->mode);
		rc = store_allowance_line_add(c->st, r->month, &l, err);
	}
	return rc;
}

enum wb_status
app_allowance_use_frozen(struct app_ctx *c, struct allowance_month_result *m, struct wb_err *err)
{
	struct vec frozen = VEC_INIT(struct allowance_line_row);
	enum wb_status rc;

	if (!m->approved)
		return WB_OK;
	rc = store_allowance_lines(c->st, c->scope, m->month, keep_line, &frozen, err);
	if (rc == WB_OK && frozen.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK) {
		vec_free(&m->lines);
		m->lines = (struct vec)VEC_INIT(struct allowance_pay);
		m->total_fen = m->count = 0;
		for (size_t i = 0; i < frozen.n; i++) {
			const struct allowance_line_row *l = vec_at(&frozen, i);
			struct allowance_pay *p = vec_push(&m->lines);

			if (p == NULL) {
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
				break;
			}
			memset(p, 0, sizeof(*p));
			p->child_id = l->child_id;
			snprintf(p->category, sizeof(p->category), "%s", l->category);
			snprintf(p->mode, sizeof(p->mode), "%s", l->mode);
			p->fen = l->fen;
			m->total_fen += l->fen;
			m->count++;
		}
	}
	vec_free(&frozen);
	return rc;
}

enum wb_status
app_allowance_payees(struct app_ctx *c, const struct allowance_month_result *r, bool clear,
		     enum wb_status (*fn)(const struct allowance_payee *, void *), void *arg,
		     struct wb_err *err)
{
	struct allowance_payee *row = malloc(sizeof(*row));
	enum wb_status rc = WB_OK;

	if (row == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < r->lines.n && rc == WB_OK; i++) {
		const struct allowance_pay *p = vec_at(&r->lines, i);
		const struct child_guardian_row *g;
		struct child_full f;

		memset(row, 0, sizeof(*row));
		row->pay = p;
		rc = app_child_load(c, p->child_id, &f, err);
		if (rc != WB_OK)
			break;
		snprintf(row->village, sizeof(row->village), "%s", f.row.village_code);
		snprintf(row->town, sizeof(row->town), "%s", f.row.town_code);
		child_cell(c, "children", "name", f.row.id, f.row.name, clear, mask_name, row->name,
			   sizeof(row->name));
		child_cell(c, "children", "id_number", f.row.id, f.row.id_number, clear, mask_idnumber,
			   row->id_number, sizeof(row->id_number));
		child_cell(c, "children", "bank_account", f.row.id, f.row.bank_account, clear,
			   mask_idnumber, row->bank_account, sizeof(row->bank_account));
		g = f.guardians.n ? vec_at(&f.guardians, 0) : NULL;
		if (g)
			child_cell(c, "child_guardians", "name", g->id, g->name, clear, mask_name,
				   row->payee, sizeof(row->payee));
		child_full_free(&f);
		rc = fn(row, arg);
	}
	sodium_memzero(row, sizeof(*row));
	free(row);
	return rc;
}

struct standard_on {
	const char *category, *mode, *date;
	char from[11];
	int64_t fen;
	bool found;
};

static void
standard_on(const struct allowance_standard_row *s, void *arg)
{
	struct standard_on *x = arg;

	if (strcmp(s->category, x->category) != 0 || strcmp(s->mode, x->mode) != 0 ||
	    strcmp(s->effective_from, x->date) > 0 ||
	    (x->found && strcmp(s->effective_from, x->from) <= 0))
		return;
	snprintf(x->from, sizeof(x->from), "%s", s->effective_from);
	x->fen = s->fen_per_month;
	x->found = true;
}

enum wb_status
app_allowance_standard_on(struct app_ctx *c, const char *category, const char *mode,
			  const char *date, int64_t *fen, bool *found, struct wb_err *err)
{
	struct standard_on x = { .category = category, .mode = mode, .date = date };
	enum wb_status rc = store_allowance_standards(c->st, standard_on, &x, err);

	*found = rc == WB_OK && x.found;
	*fen = *found ? x.fen : 0;
	return rc;
}
