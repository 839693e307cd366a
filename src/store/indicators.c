#include "store/indicators.h"

#include <stdio.h>
#include <string.h>

#include "store/meta.h"
#include "store/org.h"
#include "store/scope.h"
#include "store/store_int.h"

enum wb_status
store_binding_put(struct store *st, int64_t target_id, const char *definition, const char *params,
		  int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_BINDING_PUT);

	store_bind_int(q, 1, target_id);
	store_bind_text(q, 2, definition);
	store_bind_text(q, 3, params && *params ? params : "{}");
	store_bind_int(q, 4, now);
	return store_exec_done(q, err);
}

enum wb_status
store_binding_delete(struct store *st, int64_t target_id, bool *removed, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_BINDING_DELETE);
	enum wb_status rc;

	store_bind_int(q, 1, target_id);
	rc = store_exec_done(q, err);
	*removed = rc == WB_OK && store_changes(st) > 0;
	return rc;
}

enum wb_status
store_bindings_of_item(struct store *st, int64_t item_id, struct binding_row *out, size_t max,
		       size_t *n, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_BINDINGS_OF_ITEM);
	enum wb_status rc;
	bool row;

	*n = 0;
	store_bind_int(q, 1, item_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		if (*n >= max)
			continue;
		out[*n].seq = (int)store_col_int(q, 0);
		store_copy_text(out[*n].definition, sizeof(out[*n].definition), store_col_text(q, 1));
		store_copy_text(out[*n].params, sizeof(out[*n].params), store_col_text(q, 2));
		(*n)++;
	}
	store_query_end(q);
	return rc;
}

/* The first column of the first row of q as an id into *id (0 when none). */
static enum wb_status
first_id(struct store_query *q, int64_t *id, struct wb_err *err)
{
	enum wb_status rc;
	bool row;

	*id = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_target_of_item(struct store *st, int64_t item_id, int seq, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TARGET_OF_ITEM_SEQ);

	store_bind_int(q, 1, item_id);
	store_bind_int(q, 2, seq);
	return first_id(q, id, err);
}

enum wb_status
store_target_in_plan(struct store *st, int64_t plan_id, int64_t target_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TARGET_IN_PLAN);
	enum wb_status rc;
	int64_t id;

	store_bind_int(q, 1, target_id);
	store_bind_int(q, 2, plan_id);
	rc = first_id(q, &id, err);
	if (rc == WB_OK && id == 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "没有该目标");
	return rc;
}

enum wb_status
store_plan_latest_open(struct store *st, int64_t *id, struct wb_err *err)
{
	return first_id(store_query(st, STMT_PLAN_LATEST_OPEN), id, err);
}

enum wb_status
store_plan_bound_targets(struct store *st, int64_t plan_id,
			 void (*fn)(const struct bound_target *, void *), void *arg,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_TARGETS_BOUND);
	struct bound_target t;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, plan_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		memset(&t, 0, sizeof(t));
		t.item = (int)store_col_int(q, 0);
		t.seq = (int)store_col_int(q, 1);
		t.target_id = store_col_int(q, 2);
		store_copy_text(t.op, sizeof(t.op), store_col_text(q, 3));
		t.value = store_col_double(q, 4);
		t.has_value2 = !store_col_is_null(q, 5);
		t.value2 = store_col_double(q, 5);
		store_copy_text(t.unit, sizeof(t.unit), store_col_text(q, 6));
		t.text = store_col_text(q, 7);
		if (!store_col_is_null(q, 8)) {
			store_copy_text(t.definition, sizeof(t.definition), store_col_text(q, 8));
			store_copy_text(t.params, sizeof(t.params), store_col_text(q, 9));
		}
		t.item_text = store_col_text(q, 10);
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_target_last_figure(struct store *st, const struct scope *scope, int64_t target_id,
			 double *value, bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TARGET_LAST_FIGURE);
	enum wb_status rc;
	bool row;

	*found = false;
	store_bind_int(q, 1, target_id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*found = true;
		*value = store_col_double(q, 0);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_ind_towns(struct store *st, const struct scope *scope,
		void (*fn)(const struct ind_town *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_IND_TOWNS);
	struct ind_town t;
	enum wb_status rc;
	bool row;

	store_bind_scope(q, 1, scope);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		memset(&t, 0, sizeof(t));
		store_copy_text(t.code, sizeof(t.code), store_col_text(q, 0));
		store_copy_text(t.name, sizeof(t.name), store_col_text(q, 1));
		t.has_population = !store_col_is_null(q, 2);
		t.population = store_col_int(q, 2);
		t.villages = store_col_int(q, 3);
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_ind_county_population(struct store *st, int64_t *population, bool *known,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_IND_COUNTY_POPULATION);
	enum wb_status rc;
	bool row;

	*known = false;
	*population = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row && !store_col_is_null(q, 0)) {
		*known = true;
		*population = store_col_int(q, 0);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_ind_counts(struct store *st, const struct scope *scope, const char *as_of,
		 const char *stages, void (*fn)(const struct ind_counts *, void *), void *arg,
		 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_IND_COUNTS);
	struct ind_counts c;
	enum wb_status rc;
	bool row;
	int i = 1;

	for (int k = 0; k < 8; k++)
		store_bind_text(q, i++, as_of);
	store_bind_text(q, i++, stages);
	store_bind_text(q, i++, stages);
	store_bind_text(q, i++, as_of);
	store_bind_scope(q, i, scope);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		memset(&c, 0, sizeof(c));
		if (!store_col_is_null(q, 0))
			store_copy_text(c.town_code, sizeof(c.town_code), store_col_text(q, 0));
		for (int k = 0; k < INDC__MAX; k++)
			c.n[k] = store_col_int(q, k + 1);
		fn(&c, arg);
	}
	store_query_end(q);
	return rc;
}

/* Adds a town of IND_TOWNS to the snapshot (arg); a failure is remembered
 * in the snapshot's builder flag. */
struct snap_build {
	struct indsnap *s;
	bool nomem;
};

static void
snap_town(const struct ind_town *t, void *arg)
{
	struct snap_build *b = arg;
	struct indsnap_town x = { .has_population = t->has_population,
				  .population = t->population, .villages = t->villages };

	snprintf(x.code, sizeof(x.code), "%s", t->code);
	snprintf(x.name, sizeof(x.name), "%s", t->name);
	if (!indsnap_add_town(b->s, &x))
		b->nomem = true;
}

/* Column col of q as text, NULL for NULL. */
static const char *
opt_text(struct store_query *q, int col)
{
	return store_col_is_null(q, col) ? NULL : store_col_text(q, col);
}

/* The parts' generations read with the snapshot. */
struct part_gens {
	char part[16][24], gen[16][32];
	int n;
};

static void
part_gen(const char *part, const char *gen, void *arg)
{
	struct part_gens *p = arg;

	if (p->n < 16) {
		snprintf(p->part[p->n], sizeof(p->part[0]), "%s", part);
		snprintf(p->gen[p->n], sizeof(p->gen[0]), "%s", gen);
		p->n++;
	}
}

/* The generation of part ("" when it has none). */
static const char *
gen_of(const struct part_gens *p, const char *part)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->part[i], part) == 0)
			return p->gen[i];
	return "";
}

/* Reads the records of register type into b's snapshot. */
static enum wb_status
read_records(struct store *st, const char *type, struct snap_build *b, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_IND_SNAPSHOT_RECORDS);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, type);
	while ((rc = store_step(q, &row, err)) == WB_OK && row && !b->nomem) {
		struct indsnap_row r = {
			.type = opt_text(q, 0), .division = opt_text(q, 1), .town = opt_text(q, 2),
			.status = opt_text(q, 3), .kind = opt_text(q, 4), .level = opt_text(q, 5),
			.stage = opt_text(q, 6), .opened_on = opt_text(q, 7),
			.named_on = opt_text(q, 8), .agreement_from = opt_text(q, 9),
			.agreement_to = opt_text(q, 10), .smart_on = opt_text(q, 11),
			.places = store_col_is_null(q, 12) ? 0 : store_col_int(q, 12),
			.created_by = store_col_is_null(q, 13) ? 0 : store_col_int(q, 13),
		};
		if (!indsnap_add(b->s, &r))
			b->nomem = true;
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_ind_snapshot(struct store *st, const struct indsnap *old, struct indsnap **out,
		   struct wb_err *err)
{
	struct snap_build b = { 0 };
	struct part_gens gens = { 0 };
	const char *const *parts;
	size_t nparts;
	char gen[32];
	int64_t pop = 0;
	bool known = false;
	enum wb_status rc;

	*out = NULL;
	if ((rc = store_begin_read(st, err)) != WB_OK)
		return rc;
	rc = store_registers_gen(st, gen, sizeof(gen), err);
	if (rc == WB_OK)
		rc = store_registers_parts(st, part_gen, &gens, err);
	if (rc == WB_OK && (b.s = indsnap_new_from(gen, old)) == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	parts = indsnap_parts(&nparts);
	for (size_t i = 0; rc == WB_OK && i < nparts && !b.nomem; i++) {
		const char *now = gen_of(&gens, parts[i]);
		/* a part whose generation is known and unchanged is copied */
		if (old && now[0] && strcmp(indsnap_part_gen(old, parts[i]), now) == 0) {
			b.nomem = !indsnap_reuse(b.s, old, parts[i]);
			continue;
		}
		if (strcmp(parts[i], "divisions") == 0) {
			rc = store_ind_towns(st, scope_system(), snap_town, &b, err);
			if (rc == WB_OK)
				rc = store_ind_county_population(st, &pop, &known, err);
			if (rc == WB_OK)
				indsnap_set_county_population(b.s, known, pop);
		} else {
			rc = read_records(st, parts[i], &b, err);
		}
		indsnap_set_part_gen(b.s, parts[i], now);
	}
	if (rc == WB_OK && b.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (rc == WB_OK)
		*out = b.s;
	else
		indsnap_free(b.s);
	return rc;
}
