/* Children in difficulty: JSON and files in and out of src/app/children.c,
 * child_import.c and child_edit.c, the same as `weibao child` does it.
 * Every read and write is within the caller's scope (a village director:
 * the village; a town worker: the town; a member unit: nothing); a child
 * outside it is not found (404).  Lists and exports are masked; a clear
 * value only through the reveal, which needs pii.reveal and a reason. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/child_edit.h"
#include "app/child_import.h"
#include "app/child_visits.h"
#include "app/children.h"
#include "core/mask.h"
#include "sec/fieldcrypt.h"
#include "store/org.h"
#include "util/arena.h"

#define XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define TURNING_ADULT_DAYS 30

/* The category bit of a code of the query ("orphan"), 0 for none. */
static unsigned
category_of(const char *code)
{
	static const struct {
		const char *code;
		unsigned bit;
	} codes[] = {
		{ "orphan", CHILD_ORPHAN }, { "de_facto", CHILD_DE_FACTO },
		{ "left_behind", CHILD_LEFT_BEHIND }, { "difficulty", CHILD_DIFFICULTY },
		{ "disabled", CHILD_DISABLED },
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(code, codes[i].code) == 0)
			return codes[i].bit;
	return 0;
}

/* The date of the query's as_of (declared QUERY_DATE: checked) or today. */
static struct id_date
as_of(struct request *r)
{
	struct id_date on;

	if (!id_date_parse_iso(arg_or_empty(r, "as_of"), &on))
		on = app_today(&r->app);
	return on;
}

/* The name of division code ("" when unknown). */
static void
division_name(struct request *r, const char *code, char *out, size_t n)
{
	struct division d = { 0 };
	struct wb_err ignored = { 0 };

	out[0] = '\0';
	if (code[0] && store_division_get(r->store, code, &d, &ignored) == WB_OK)
		snprintf(out, n, "%s", d.name);
}

/* The main categories of cats as an array of Chinese names (a new reference). */
static json_t *
categories_json(unsigned cats)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit < (1u << CHILD_CATEGORY_BITS); bit <<= 1)
		if (cats & bit & CHILD_MAIN_CATEGORIES)
			json_array_append_new(a, json_string(child_category_name(bit)));
	return a;
}

/* A child as a list shows it (a new reference): masked. */
static json_t *
brief_json(struct request *r, const struct child_brief *b)
{
	char village[164], town[164];

	division_name(r, b->village, village, sizeof(village));
	division_name(r, b->town, town, sizeof(town));
	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:o}",
			 "id", (json_int_t)b->id, "id_number_masked", b->id_number_masked,
			 "name_masked", b->name_masked, "temporary", b->temporary, "sex", b->sex,
			 "age", b->age >= 0 ? json_integer(b->age) : json_null(), "village", "code",
			 b->village, "name", village, "town", "code", b->town, "name", town,
			 "placement", b->placement, "categories", categories_json(b->categories));
}

/* What the list's query selects. */
struct list_query {
	struct child_filter f;
	struct id_date on;
	unsigned category;
	bool turning;             /* turning18=1 */
	int age_min, age_max;     /* age_min=, age_max= on the date; -1 none */
	char born_after[11], born_by[11], adult_cutoff[11];
};

/* An optional whole-number argument (its range checked by the choke
 * point), -1 when absent. */
static int
optional_int(struct request *r, const char *name)
{
	const char *v = arg_or_empty(r, name);

	return v[0] ? (int)strtol(v, NULL, 10) : -1;
}

/* Narrows the birth dates of q to (after, by] (each "" for none is
 * replaced; a tighter bound already there is kept). */
static void
narrow_births(struct list_query *q, struct id_date after, struct id_date by)
{
	char a[11], b[11];

	id_date_format(after, a);
	id_date_format(by, b);
	if (q->born_after[0] == '\0' || strcmp(a, q->born_after) > 0)
		memcpy(q->born_after, a, sizeof(a));
	if (q->born_by[0] == '\0' || strcmp(b, q->born_by) < 0)
		memcpy(q->born_by, b, sizeof(b));
	q->f.born_after = q->born_after;
	q->f.born_on_or_before = q->born_by;
}

/* Reads the query (declared and checked by the choke point). */
static void
read_query(struct request *r, struct list_query *q)
{
	memset(q, 0, sizeof(*q));
	q->f.scope = &r->scope;
	q->f.town = arg_or_empty(r, "town");       /* any other text matches no town */
	q->f.village = arg_or_empty(r, "village");
	q->on = as_of(r);
	q->category = category_of(arg_or_empty(r, "category"));
	q->turning = strcmp(arg_or_empty(r, "turning18"), "1") == 0;
	app_child_adult_cutoff(&r->app, q->on, q->adult_cutoff);
	q->f.adult_cutoff = q->adult_cutoff;   /* adults leave the lists */
	if (q->turning) {
		/* a window a little wider than the 18th birthday's; the rows are
		 * then checked exactly (child_turns_adult_within) */
		struct id_date from = id_date_add_days(id_date_add_months(q->on, -18 * 12), -3);
		struct id_date to = id_date_add_days(
			id_date_add_months(id_date_add_days(q->on, TURNING_ADULT_DAYS), -18 * 12), 3);

		narrow_births(q, from, to);
	}
	q->age_min = optional_int(r, "age_min");
	q->age_max = optional_int(r, "age_max");
	/* ages as birth dates, a few days wider (month ends, 29 February);
	 * the rows are then checked by their exact age */
	if (q->age_min >= 0 || q->age_max >= 0) {
		struct id_date after = { 1800, 1, 1 }, by = { 9999, 12, 31 };

		if (q->age_max >= 0)
			after = id_date_add_days(id_date_add_months(q->on, -12 * (q->age_max + 1)), -3);
		if (q->age_min >= 0)
			by = id_date_add_days(id_date_add_months(q->on, -12 * q->age_min), 3);
		narrow_births(q, after, by);
	}
}

/* Whether brief b passes what the store could not check. */
static bool
selected(const struct request *r, const struct list_query *q, const struct child_brief *b)
{
	struct child_rules rules = app_child_rules(&r->app);
	struct id_date birth;

	if (q->category && !(b->categories & q->category))
		return false;
	if ((q->age_min >= 0 && (b->age < 0 || b->age < q->age_min)) ||
	    (q->age_max >= 0 && (b->age < 0 || b->age > q->age_max)))
		return false;
	if (q->turning)
		return id_date_parse_iso(b->birth_date, &birth) &&
		       child_turns_adult_within(birth, q->on, TURNING_ADULT_DAYS, &rules);
	return true;
}

struct list_state {
	struct request *r;
	const struct list_query *q;
	json_t *items;
	int64_t total, from, to;      /* the page: rows [from, to) of the selection */
	struct xlsx *x;               /* exports */
	struct child_row *rows;       /* the fast path's page */
	size_t n;
};

static void
add_xlsx_row(struct list_state *l, const struct child_brief *b)
{
	char village[164], cats[256];
	int64_t row = l->total;

	division_name(l->r, b->village, village, sizeof(village));
	app_child_category_text(b->categories, cats, sizeof(cats));
	xlsx_str(l->x, row, 0, b->id_number_masked);
	xlsx_str(l->x, row, 1, b->name_masked);
	xlsx_str(l->x, row, 2, b->sex);
	if (b->age >= 0)
		xlsx_int(l->x, row, 3, b->age);
	xlsx_str(l->x, row, 4, b->village);
	xlsx_str(l->x, row, 5, village);
	xlsx_str(l->x, row, 6, b->placement);
	xlsx_str(l->x, row, 7, cats);
	xlsx_str(l->x, row, 8, b->temporary ? "是" : "");
}

/* app_child_each's callback: counts the selection, keeps its page (or
 * writes the export's row). */
static enum wb_status
each_child(const struct child_brief *b, void *arg)
{
	struct list_state *l = arg;

	if (!selected(l->r, l->q, b))
		return WB_OK;
	if (l->x) {
		if (l->total >= EXPORT_MAX)
			return WB_OK;
		add_xlsx_row(l, b);
	} else if (l->total >= l->from && l->total < l->to) {
		json_array_append_new(l->items, brief_json(l->r, b));
	}
	l->total++;
	return WB_OK;
}

static void
keep_row(const struct child_row *row, void *arg)
{
	struct list_state *l = arg;

	if (l->n < PAGE_MAX)
		l->rows[l->n++] = *row;
}

static const char *const no_sorts[] = { "village", NULL };

/* GET /api/v1/children?page=&per_page=&town=&village=&category=&as_of=&turning18=&age_min=&age_max=:
 * the masked register, paged, with the total. */
void
api_children_list(struct request *r)
{
	struct list_state l = { .r = r };
	struct wb_err err = { 0 };
	struct list_query q;
	struct paging p;
	enum wb_status rc = WB_OK;
	char today[11], on[11];

	if (!paging_read(r, no_sorts, &p))
		return;
	read_query(r, &q);
	l.q = &q;
	l.from = (p.page - 1) * p.per_page;
	l.to = l.from + p.per_page;
	l.items = json_array();
	id_date_format(q.on, on);
	id_date_format(app_today(&r->app), today);
	if (!q.turning && q.age_min < 0 && q.age_max < 0 &&
	    (q.category == 0 || strcmp(on, today) == 0)) {
		/* the store pages and counts: the stored categories are today's */
		struct child_brief b;

		q.f.category = q.category;
		l.rows = arena_alloc(r->arena, sizeof(struct child_row) * PAGE_MAX);
		if (l.rows == NULL) {
			json_decref(l.items);
			request_fail(r, WB_ERR_NOMEM, "");
			return;
		}
		rc = store_child_page(r->store, &q.f, p.per_page, l.from, keep_row, &l, &l.total,
				      &err);
		for (size_t i = 0; i < l.n && rc == WB_OK; i++) {
			rc = app_child_brief(&r->app, &l.rows[i], q.on, &b, &err);
			if (rc == WB_OK)
				json_array_append_new(l.items, brief_json(r, &b));
		}
	} else {
		/* categories on another day, ages, or the 18th birthday: every row
		 * the store's birth dates let through checked exactly */
		rc = app_child_each(&r->app, &q.f, q.on, 0, each_child, &l, &err);
	}
	if (rc != WB_OK) {
		json_decref(l.items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(l.items, l.total, &p));
}

/* GET /api/v1/children/export.xlsx: the list's selection, masked. */
void
api_children_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "身份证号", 22, XLSX_TEXT }, { "姓名", 10, XLSX_TEXT }, { "性别", 6, XLSX_TEXT },
		{ "年龄", 6, XLSX_INT }, { "村社区代码", 15, XLSX_TEXT },
		{ "村（社区）", 16, XLSX_TEXT }, { "安置方式", 14, XLSX_TEXT },
		{ "类别", 30, XLSX_WRAP }, { "临时编号", 8, XLSX_TEXT },
	};
	struct list_state l = { .r = r };
	struct wb_err err = { 0 };
	struct list_query q;

	read_query(r, &q);
	l.q = &q;
	l.x = xlsx_begin(r, "困境儿童名册", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (l.x == NULL)
		return;
	if (app_child_each(&r->app, &q.f, q.on, 0, each_child, &l, &err) != WB_OK) {
		xlsx_discard(l.x);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %lld 行", (long long)l.total);
	xlsx_finish(l.x, r);
}

/* The masked text of a token (mask kind) or "" (the cell of table/column). */
static json_t *
masked(struct request *r, const char *table, const char *column, int64_t row_id,
       const char *token, bool (*mask)(const char *, char *, size_t))
{
	struct wb_err err = { 0 };
	char *plain = NULL, out[CHILD_ADDRESS_MAX];

	out[0] = '\0';
	if (app_child_open(&r->app, table, column, row_id, token, &plain, &err) == WB_OK) {
		if (plain[0])
			mask(plain, out, sizeof(out));
	} else {
		snprintf(out, sizeof(out), "（无法解密）");
	}
	if (plain)
		fieldcrypt_free(plain, strlen(plain));
	return json_string(out);
}

/* Whether child row is a minor today (born after the adult cutoff, or
 * born on an unknown day): only minors are visited. */
static bool
needs_visits(struct request *r, const struct child_row *row)
{
	char cutoff[11];

	app_child_adult_cutoff(&r->app, app_today(&r->app), cutoff);
	return row->birth_date[0] == '\0' || strcmp(row->birth_date, cutoff) > 0;
}

static void
add_change(const struct child_change *c, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s?}", "id",
					     (json_int_t)c->id, "at", (json_int_t)c->at, "login",
					     c->login ? c->login : "", "who",
					     c->login_name ? c->login_name : (c->login ? c->login : ""),
					     "action", c->action ? c->action : "", "detail",
					     c->detail ? c->detail : "", "reason", c->reason));
}

/* The visits of child row (in the caller's scope) in clear, newest first
 * (a new reference; NULL on failure, err set), and into *next_due when the
 * child needs visits today (under 18, a main category) the day its next
 * visit is due with how overdue it is, else null. */
static json_t *
visits_json(struct request *r, int64_t id, const struct child_row *row, json_t **next_due,
	    struct wb_err *err)
{
	struct vec v = VEC_INIT(struct child_visit);
	struct child_brief today;
	struct child_visit_due due;
	json_t *a;

	*next_due = json_null();
	if (app_child_visits(&r->app, id, &v, err) != WB_OK) {
		child_visits_free(&v);
		return NULL;
	}
	a = json_array();
	for (size_t i = 0; i < v.n; i++) {
		const struct child_visit *x = vec_at(&v, i);

		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s?, s:s, s:I, s:s}", "id",
						   (json_int_t)x->id, "visited_on", x->visited_on,
						   "findings", x->findings, "needs",
						   x->needs[0] ? x->needs : NULL, "next_due",
						   x->next_due, "at", (json_int_t)x->created_at,
						   "who", x->login_name[0] ? x->login_name : x->login));
	}
	child_visits_free(&v);
	if (app_child_brief(&r->app, row, app_today(&r->app), &today, err) != WB_OK) {
		json_decref(a);
		return NULL;
	}
	if (!(today.categories & CHILD_MAIN_CATEGORIES) || !needs_visits(r, row))
		return a;
	if (app_child_visit_due(&r->app, id, today.categories, &due, err) != WB_OK) {
		json_decref(a);
		return NULL;
	}
	json_decref(*next_due);
	*next_due = json_pack("{s:s, s:i}", "due", due.due, "days_overdue", due.days_overdue);
	return a;
}

/* The child id on the date of the query, masked, with guardians, the
 * parents' periods, the categories and their reasons, and the history
 * (status), or the error reply. */
/* The pending transfer of child id as JSON (a new reference): null, or
 * {"village":{"code","name"},"town":{"code","name"},"reason","requested_at"}. */
static json_t *
transfer_json(struct request *r, int64_t id)
{
	struct child_transfer_row *t = malloc(sizeof(*t));
	struct wb_err err = { 0 };
	char name[164], town[164], tc[10];
	json_t *o = json_null();
	bool pending = false;

	if (t && store_child_transfer_of(r->store, id, t, &pending, &err) == WB_OK && pending) {
		json_decref(o);
		snprintf(tc, sizeof(tc), "%.9s", t->to_village);
		division_name(r, t->to_village, name, sizeof(name));
		division_name(r, tc, town, sizeof(town));
		o = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:I}", "village", "code",
			      t->to_village, "name", name, "town", "code", tc, "name", town, "reason",
			      t->reason, "requested_at", (json_int_t)t->at);
	}
	free(t);
	return o;
}

static void
reply_child(struct request *r, int64_t id, unsigned status)
{
	struct child_full f;
	struct child_brief b;
	struct child_facts facts;
	struct child_result res;
	struct child_rules rules = app_child_rules(&r->app);
	struct parent_period *periods;
	struct id_date on = as_of(r);
	struct wb_err err = { 0 };
	json_t *o, *reasons, *guardians, *parents, *history, *visits, *next_due = NULL, *guidance;
	char village[164], town[164], on_s[11];

	if (app_child_load(&r->app, id, &f, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	periods = calloc(f.periods.n + 1, sizeof(*periods));
	if (periods == NULL || app_child_brief(&r->app, &f.row, on, &b, &err) != WB_OK) {
		free(periods);
		child_full_free(&f);
		if (periods == NULL)
			request_fail(r, WB_ERR_NOMEM, "");
		else
			request_fail_err(r, &err);
		return;
	}
	app_child_facts(&f, periods, &facts);
	res = child_derive(&facts, on, &rules);
	reasons = json_object();
	for (unsigned bit = 1; bit < (1u << CHILD_CATEGORY_BITS); bit <<= 1) {
		char why[1024];

		if ((res.categories & bit & CHILD_MAIN_CATEGORIES) &&
		    child_reason(&facts, &res, &rules, bit, why, sizeof(why)) > 0)
			json_object_set_new(reasons, child_category_name(bit), json_string(why));
	}
	guardians = json_array();
	for (size_t i = 0; i < f.guardians.n; i++) {
		const struct child_guardian_row *g = vec_at(&f.guardians, i);

		json_array_append_new(guardians, json_pack(
			"{s:I, s:o, s:s, s:o}", "id", (json_int_t)g->id, "name_masked",
			masked(r, "child_guardians", "name", g->id, g->name, mask_name), "relation",
			g->relation, "phone_masked",
			masked(r, "child_guardians", "phone", g->id, g->phone, mask_phone)));
	}
	parents = json_array();
	for (size_t i = 0; i < f.periods.n; i++) {
		const struct child_period_row *p = vec_at(&f.periods, i);
		json_t *po = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id,
				       "parent", p->parent, "status", p->status, "disability",
				       p->disability, "started_on", p->started_on, "evidence",
				       p->evidence);

		json_object_set_new(po, "grade", p->grade ? json_integer(p->grade) : json_null());
		json_object_set_new(po, "ended_on", p->ended_on[0] ? json_string(p->ended_on)
								   : json_null());
		json_array_append_new(parents, po);
	}
	history = json_array();
	visits = visits_json(r, id, &f.row, &next_due, &err);
	if (visits == NULL ||
	    store_child_history(r->store, id, add_change, history, &err) != WB_OK) {
		json_decref(visits);
		json_decref(next_due);
		json_decref(reasons);
		json_decref(guardians);
		json_decref(parents);
		json_decref(history);
		free(periods);
		child_full_free(&f);
		request_fail_err(r, &err);
		return;
	}
	division_name(r, b.village, village, sizeof(village));
	division_name(r, b.town, town, sizeof(town));
	id_date_format(on, on_s);
	o = brief_json(r, &b);
	json_object_set_new(o, "as_of", json_string(on_s));
	json_object_set_new(o, "categories", categories_json(res.categories));
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "address_masked",
			    masked(r, "children", "address", id, f.row.address, mask_address));
	json_object_set_new(o, "household", json_string(f.row.household));
	json_object_set_new(o, "school", json_string(f.row.school));
	json_object_set_new(o, "disability", json_string(f.row.disability));
	json_object_set_new(o, "disability_grade", f.row.disability_grade
							   ? json_integer(f.row.disability_grade)
							   : json_null());
	json_object_set_new(o, "economy", json_string(f.row.economy));
	json_object_set_new(o, "bank_account_masked",
			    masked(r, "children", "bank_account", id, f.row.bank_account,
				   mask_idnumber));
	json_object_set_new(o, "transfer", transfer_json(r, id));
	json_object_set_new(o, "guardians", guardians);
	json_object_set_new(o, "parents", parents);
	json_object_set_new(o, "history", history);
	json_object_set_new(o, "visits", visits);
	json_object_set_new(o, "next_visit_due", next_due);
	free(periods);
	child_full_free(&f);
	/* the family-education orders naming the child, for those who read them */
	guidance = api_guidance_brief_list(r, 0, id, &err);
	if (guidance == NULL) {
		json_decref(o);
		request_fail_err(r, &err);
		return;
	}
	json_object_set_new(o, "guidance_orders", guidance);
	request_reply(r, status, o);
}

/* GET /api/v1/children/{id}?as_of= */
void
api_children_get(struct request *r)
{
	int64_t id;

	if (path_id(r, 0, &id))
		reply_child(r, id, 200);
}

/* POST /api/v1/children/lookup {"id_number"}: 200 {"id"} or 404, the same
 * whether the number is not registered or the child lies outside the
 * caller's scope; audited either way (never the number). */
void
api_children_lookup(struct request *r)
{
	struct wb_err err = { 0 };
	bool found = false;
	int64_t id = 0;

	if (app_child_find(&r->app, body_str(r, "id_number"), &id, &found, &err) != WB_OK) {
		request_audit_detail(r, "按身份证号查询儿童：号码有误");
		request_fail_err(r, &err);
		return;
	}
	if (!found) {
		request_audit_detail(r, "按身份证号查询儿童：未找到");
		request_error(r, 404, "not_found", "未找到该身份证号的儿童（未登记，或不在您的管辖范围内）");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "按身份证号查询儿童（编号 %lld）", (long long)id);
	request_reply(r, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

/* The Chinese name of a revealable field, or NULL. */
static const char *
field_title(const char *field)
{
	static const char *const names[][2] = {
		{ "id_number", "身份证号" }, { "name", "姓名" }, { "address", "住址" },
		{ "guardian_name", "监护人姓名" }, { "guardian_phone", "监护人手机" },
	};

	for (size_t i = 0; field && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

/* POST /api/v1/children/{id}/reveal {"field","reason"}: 200 {"field","value"}
 * for a child in the scope to a holder of pii.reveal giving a reason.  The
 * reveal and every refused one (403 without the permission, 422 without a
 * reason) are audited with the field and the reason. */
void
api_children_reveal(struct request *r)
{
	const char *field = body_str(r, "field"), *reason = body_str(r, "reason");
	const char *title = field_title(field);
	struct child_full f;
	struct wb_err err = { 0 };
	char *value = NULL;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	r->audit_every_refusal = true;   /* never summarised: each refused reveal is on record */
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	if (title == NULL) {
		request_field_error(r, 400, "invalid", "field",
				    "可查看的字段：id_number 身份证号、name 姓名、address 住址、"
				    "guardian_name 监护人姓名、guardian_phone 监护人手机");
		return;
	}
	while (reason && (*reason == ' ' || *reason == '\t'))
		reason++;
	request_audit_detail(r, "查看%s，理由：%s", title, reason && reason[0] ? reason : "（未填写）");
	if (app_child_load(&r->app, id, &f, &err) != WB_OK) {   /* outside the scope: 404 */
		request_fail_err(r, &err);
		return;
	}
	child_full_free(&f);
	if (!request_has(r, PERM_PII_REVEAL)) {
		request_error(r, 403, "forbidden", "您没有查看完整个人信息的权限");
		return;
	}
	if (reason == NULL || reason[0] == '\0') {
		request_field_error(r, 422, "reason_required", "reason", "请填写查看理由");
		return;
	}
	if (app_child_reveal(&r->app, id, field, &value, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, json_pack("{s:s, s:s}", "field", field, "value", value));
	fieldcrypt_free(value, strlen(value));
}

/* The body's keys by template column (routes.c child_create_fields). */
static const char *const child_keys[CC__MAX] = {
	[CC_NAME] = "name", [CC_ID_NUMBER] = "id_number", [CC_VILLAGE] = "village_code",
	[CC_PLACEMENT] = "placement", [CC_DISABILITY] = "disability",
	[CC_DISABILITY_GRADE] = "disability_grade", [CC_ECONOMY] = "economy",
	[CC_GUARDIAN_NAME] = "guardian_name", [CC_GUARDIAN_RELATION] = "guardian_relation",
	[CC_GUARDIAN_PHONE] = "guardian_phone", [CC_FATHER_STATUS] = "father_status",
	[CC_FATHER_DISABILITY] = "father_disability", [CC_FATHER_GRADE] = "father_grade",
	[CC_FATHER_START] = "father_started_on", [CC_FATHER_END] = "father_ended_on",
	[CC_MOTHER_STATUS] = "mother_status", [CC_MOTHER_DISABILITY] = "mother_disability",
	[CC_MOTHER_GRADE] = "mother_grade", [CC_MOTHER_START] = "mother_started_on",
	[CC_MOTHER_END] = "mother_ended_on", [CC_HOUSEHOLD] = "household", [CC_SCHOOL] = "school",
	[CC_ADDRESS] = "address", [CC_SEX] = "sex", [CC_BIRTH_DATE] = "birth_date",
	[CC_FATHER_EVIDENCE] = "father_evidence", [CC_MOTHER_EVIDENCE] = "mother_evidence",
};

/* child_record_validate's report of a problem: its column by key. */
static void
add_problem(const char *header, const char *reason, void *arg)
{
	const char *key = "";

	for (int c = 0; c < CC__MAX; c++)
		if (strcmp(child_headers[c], header) == 0)
			key = child_keys[c];
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "field", key, "column", header,
					     "reason", reason));
}

/* POST /api/v1/children {key: value, …}: 201 with the child, 422
 * invalid_record listing each problem with its field, 409 for an ID number
 * already registered (the masked summary only when in the caller's scope). */
void
api_children_create(struct request *r)
{
	struct child_record *rec = arena_alloc(r->arena, sizeof(*rec));
	const char *in[CC__MAX];
	struct wb_err err = { 0 };
	json_t *problems;
	int64_t id = 0;

	if (rec == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	for (int c = 0; c < CC__MAX; c++)
		in[c] = body_str(r, child_keys[c]);
	problems = json_array();
	if (child_record_validate(in, app_today(&r->app), rec, add_problem, problems) > 0) {
		json_t *e = json_pack("{s:s, s:s, s:o}", "code", "invalid_record", "message",
				      "儿童信息有误，请按提示修改", "problems", problems);
		request_reply(r, 422, json_pack("{s:o}", "error", e));
		return;
	}
	json_decref(problems);
	if (app_child_register(&r->app, rec, &id, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "登记儿童（编号 %lld）", (long long)id);
	reply_child(r, id, 201);
}

/* POST /api/v1/children/import[?skip_bad=1][&name=] with the file as the
 * body (.xlsx or CSV; name: the file's, kept with the rejected rows): 200 {"rows","created","rejected","problems","rejects_id"}, or 422
 * with every problem (row, column, reason) and nothing written. */
void
api_children_import(struct request *r)
{
	struct child_import_opts o = { .skip_bad = strcmp(arg_or_empty(r, "skip_bad"), "1") == 0,
				       .file_name = arg_or_empty(r, "name") };
	struct child_import_report rep = { 0 };
	const char *type = request_header(r, "Content-Type");
	struct wb_err err = { 0 };
	enum wb_status rc;
	json_t *rows, *body;

	if (o.file_name[0] == '\0')
		o.file_name = "网页上传的文件";
	if (type == NULL || (strncasecmp(type, "text/csv", 8) != 0 &&
			     strncasecmp(type, "text/plain", 10) != 0 &&
			     strncasecmp(type, XLSX_MEDIA_TYPE, strlen(XLSX_MEDIA_TYPE)) != 0 &&
			     strncasecmp(type, "application/octet-stream", 24) != 0)) {
		request_error(r, 415, "unsupported_media_type",
			      "请上传 Excel（.xlsx）或 CSV 文件（Content-Type: " XLSX_MEDIA_TYPE
			      " 或 text/csv）");
		return;
	}
	rc = app_child_import(&r->app, r->body ? r->body : "", r->body_len, &o, &rep, &err);
	rows = json_array();
	for (size_t i = 0; i < rep.issues.n; i++) {
		const struct child_issue *is = vec_at(&rep.issues, i);

		json_array_append_new(rows, json_pack("{s:i, s:s, s:s}", "row", is->row, "column",
						      is->header, "reason", is->reason));
	}
	if (rc != WB_OK && rep.issues.n > 0) {
		json_t *e = json_pack("{s:s, s:s, s:i, s:o}", "code",
				      err.code[0] ? err.code : "bad_rows", "message", err.msg,
				      "count", rep.problems, "problems", rows);

		request_audit_detail(r, "导入儿童信息：%d 处问题，未导入", rep.problems);
		request_reply(r, 422, json_pack("{s:o}", "error", e));
		child_import_report_free(&rep);
		return;
	}
	if (rc != WB_OK) {
		json_decref(rows);
		child_import_report_free(&rep);
		request_fail_err(r, &err);
		return;
	}
	body = json_pack("{s:i, s:i, s:i, s:i, s:o}", "rows", rep.rows, "created", rep.created,
			 "rejected", rep.rejected, "count", rep.problems, "problems", rows);
	json_object_set_new(body, "rejects_id", rep.rejects_id ? json_integer(rep.rejects_id)
							       : json_null());
	request_audit_detail(r, "导入儿童信息：%d 行，新增 %d，有误未导入 %d", rep.rows,
			     rep.created, rep.rejected);
	child_import_report_free(&rep);
	request_reply(r, 200, body);
}

/* GET /api/v1/children/rejects/{id}: an import's rejected rows as CSV, for
 * their importer within 7 days (404 for anyone else); audited. */
void
api_children_rejects(struct request *r)
{
	struct wb_err err = { 0 };
	char name[256], file[300], *csv = NULL;
	size_t len = 0;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_child_rejects(&r->app, id, &csv, &len, name, sizeof(name), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "取回导入有误的儿童信息行（第 %lld 号）", (long long)id);
	snprintf(file, sizeof(file), "%s_有误行.csv", name[0] ? name : "儿童信息");
	reply_decrypted_csv(r, csv, len, file);
}

/* GET /api/v1/children/template: the CSV header line (UTF-8 with BOM). */
void
api_children_template(struct request *r)
{
	char *line = malloc(2048);
	size_t len;

	if (line == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	len = app_child_template(line, 2048);   /* under 1 KiB */
	request_reply_raw(r, line, len < 2048 ? len : 2047, "text/csv; charset=utf-8",
			  "儿童信息导入模板.csv");
}

/* POST /api/v1/children/{id}/parents {"parent","status","disability"?,
 * "grade"?,"started_on","ended_on"?,"evidence"?}: 201 with the child (the
 * categories re-derived, a change in the history with its reason). */
void
api_children_parent_add(struct request *r)
{
	struct child_period_input in = {
		.parent = body_str(r, "parent"), .status = body_str(r, "status"),
		.disability = body_str(r, "disability"), .grade = body_str(r, "grade"),
		.started_on = body_str(r, "started_on"), .ended_on = body_str(r, "ended_on"),
		.evidence = body_str(r, "evidence"),
	};
	struct wb_err err = { 0 };
	int64_t id, pid = 0;

	if (!path_id(r, 0, &id))
		return;
	if (app_child_period_add(&r->app, id, &in, &pid, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "登记%s状况：%s（记录 %lld）", in.parent, in.status, (long long)pid);
	reply_child(r, id, 201);
}

/* POST /api/v1/children/{id}/parents/{pid}/end {"ended_on"}: the child. */
void
api_children_parent_end(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id, pid;

	if (!path_id(r, 0, &id) || !path_id(r, 1, &pid))
		return;
	if (app_child_period_end(&r->app, id, pid, body_str(r, "ended_on"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "结束父母状况（记录 %lld）于 %s", (long long)pid,
			     body_str(r, "ended_on"));
	reply_child(r, id, 200);
}

/* POST /api/v1/children/{id}/visits {"visited_on","findings","needs"?,
 * "next_due"?}: 201 with the visit's id, day and next due day (findings and
 * needs kept encrypted; not in the audit detail). */
void
api_children_visit_add(struct request *r)
{
	struct child_visit_input in = {
		.visited_on = body_str(r, "visited_on"), .findings = body_str(r, "findings"),
		.needs = body_str(r, "needs"), .next_due = body_str(r, "next_due"),
	};
	struct wb_err err = { 0 };
	char due[11] = "";
	int64_t id, vid = 0;

	if (!path_id(r, 0, &id))
		return;
	if (app_child_visit_add(&r->app, id, &in, &vid, due, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "登记走访：%s（记录 %lld），下次走访 %s 前", in.visited_on,
			     (long long)vid, due);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)vid,
					"child_id", (json_int_t)id, "visited_on", in.visited_on,
					"next_due", due));
}

struct overdue_state {
	struct request *r;
	json_t *items;
	int64_t total, from, to;
	/* the summary: per village and per town, in the list's order */
	json_t *villages, *towns;
	char village[13], town[10];
	int64_t in_village, in_town;
};

/* Closes the summary's current village and, when `town_too`, town. */
static void
overdue_flush(struct overdue_state *s, bool town_too)
{
	char name[164];

	if (s->village[0] && s->in_village) {
		division_name(s->r, s->village, name, sizeof(name));
		json_array_append_new(s->villages,
				      json_pack("{s:s, s:s, s:s, s:I}", "code", s->village, "name",
						name, "town", s->town, "count",
						(json_int_t)s->in_village));
	}
	s->in_village = 0;
	if (town_too && s->town[0] && s->in_town) {
		division_name(s->r, s->town, name, sizeof(name));
		json_array_append_new(s->towns, json_pack("{s:s, s:s, s:I}", "code", s->town,
							  "name", name, "count",
							  (json_int_t)s->in_town));
		s->in_town = 0;
	}
}

/* app_child_overdue_each's callback: the page's rows or the counts. */
static enum wb_status
each_overdue(const struct child_overdue *o, void *arg)
{
	struct overdue_state *s = arg;

	if (s->villages) {
		bool new_town = strcmp(o->brief.town, s->town) != 0;

		if (new_town || strcmp(o->brief.village, s->village) != 0) {
			overdue_flush(s, new_town);
			snprintf(s->village, sizeof(s->village), "%s", o->brief.village);
			snprintf(s->town, sizeof(s->town), "%s", o->brief.town);
		}
		s->in_village++;
		s->in_town++;
	} else if (s->total >= s->from && s->total < s->to) {
		json_t *b = brief_json(s->r, &o->brief);

		json_object_set_new(b, "last_visit", o->due.visited ? json_string(o->due.last_visit)
								   : json_null());
		json_object_set_new(b, "due", json_string(o->due.due));
		json_object_set_new(b, "days_overdue", json_integer(o->due.days_overdue));
		json_array_append_new(s->items, b);
	}
	s->total++;
	return WB_OK;
}

/* GET /api/v1/children/visits/overdue?page=&per_page=&town=&village=: the
 * children in scope (under 18, in a main category) whose visit is overdue,
 * masked, by village, with the last visit, the day it was due and the days
 * since. */
void
api_children_visits_overdue(struct request *r)
{
	struct overdue_state s = { .r = r };
	struct child_filter f = { .town = arg_or_empty(r, "town"),
				  .village = arg_or_empty(r, "village") };
	struct wb_err err = { 0 };
	struct paging p;

	if (!paging_read(r, no_sorts, &p))
		return;
	s.from = (p.page - 1) * p.per_page;
	s.to = s.from + p.per_page;
	s.items = json_array();
	if (app_child_overdue_each(&r->app, &f, each_overdue, &s, &err) != WB_OK) {
		json_decref(s.items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(s.items, s.total, &p));
}

/* GET /api/v1/children/visits/overdue/summary?town=&village=: how many
 * children in scope are overdue a visit, in all, per town and per village
 * (only places with any). */
void
api_children_visits_overdue_summary(struct request *r)
{
	struct overdue_state s = { .r = r };
	struct child_filter f = { .town = arg_or_empty(r, "town"),
				  .village = arg_or_empty(r, "village") };
	struct wb_err err = { 0 };

	s.villages = json_array();
	s.towns = json_array();
	if (app_child_overdue_each(&r->app, &f, each_overdue, &s, &err) != WB_OK) {
		json_decref(s.villages);
		json_decref(s.towns);
		request_fail_err(r, &err);
		return;
	}
	overdue_flush(&s, true);
	request_reply(r, 200, json_pack("{s:I, s:o, s:o}", "total", (json_int_t)s.total, "towns",
					s.towns, "villages", s.villages));
}

/* POST /api/v1/children/{id}/transfer {"village","reason"}: the office (or a
 * town worker within their town) moves the child at once; a town worker
 * sending it to another town starts a transfer that town accepts.  200 with
 * the child (its `transfer` pending or null); 403 for a village director,
 * 422 for an unknown village or no reason. */
void
api_children_transfer(struct request *r)
{
	const char *village = body_str(r, "village");
	struct wb_err err = { 0 };
	bool pending = false;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "转移儿童至 %.12s", village ? village : "");
	if (app_child_transfer(&r->app, id, village, body_str(r, "reason"), &pending, &err) !=
	    WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, pending ? "发起转移至 %.12s，待转入地镇（街道）接收"
					: "转移儿童至 %.12s", village);
	reply_child(r, id, 200);
}

/* POST /api/v1/children/{id}/transfer/accept: the destination town takes
 * the child in; 200 with the child, now in its scope.  404 for a child
 * neither in nor on its way into the caller's scope, 409 no_transfer, 403
 * for the child's old town or a village director. */
void
api_children_transfer_accept(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "接收转入的儿童");
	if (app_child_transfer_accept(&r->app, id, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	reply_child(r, id, 200);
}

/* GET /api/v1/children/transfers: the pending transfers out of or into the
 * caller's scope, masked; `incoming` those the caller may accept. */
void
api_children_transfers(struct request *r)
{
	struct wb_err err = { 0 };
	struct vec v;
	json_t *items;

	if (app_child_transfers(&r->app, &v, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < v.n; i++) {
		const struct child_transfer_brief *t = vec_at(&v, i);
		char from[164], to[164], from_town[164], to_town[164], ft[10], tt[10];

		snprintf(ft, sizeof(ft), "%.9s", t->from_village);
		snprintf(tt, sizeof(tt), "%.9s", t->to_village);
		division_name(r, t->from_village, from, sizeof(from));
		division_name(r, t->to_village, to, sizeof(to));
		division_name(r, ft, from_town, sizeof(from_town));
		division_name(r, tt, to_town, sizeof(to_town));
		json_array_append_new(items, json_pack(
			"{s:I, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:s, "
			"s:I, s:s, s:b}",
			"id", (json_int_t)t->child_id, "id_number_masked", t->id_number_masked,
			"name_masked", t->name_masked, "from_village", "code", t->from_village, "name",
			from, "from_town", "code", ft, "name", from_town, "to_village", "code",
			t->to_village, "name", to, "to_town", "code", tt, "name", to_town, "reason",
			t->reason, "requested_at", (json_int_t)t->at, "requested_by_name", t->by_name,
			"incoming", t->incoming));
	}
	vec_free(&v);
	request_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* The body's keys of a patch (routes.c child_update_fields) by column
 * header, for the problems' `field`. */
static void
add_patch_problem(const char *header, const char *reason, void *arg)
{
	if (strcmp(header, "银行账号") == 0)
		json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "field", "bank_account",
						     "column", header, "reason", reason));
	else
		add_problem(header, reason, arg);
}

/* PATCH /api/v1/children/{id} {household, school, address, placement,
 * disability, disability_grade, economy, bank_account, guardian_name,
 * guardian_relation, guardian_phone, reason}: 200 with the child; 422
 * invalid_record with each problem; the history names the fields changed
 * and the categories are derived again. */
void
api_children_update(struct request *r)
{
	struct child_patch p = {
		.household = body_str(r, "household"), .school = body_str(r, "school"),
		.address = body_str(r, "address"), .placement = body_str(r, "placement"),
		.disability = body_str(r, "disability"),
		.disability_grade = body_str(r, "disability_grade"),
		.economy = body_str(r, "economy"), .bank_account = body_str(r, "bank_account"),
		.guardian_name = body_str(r, "guardian_name"),
		.guardian_relation = body_str(r, "guardian_relation"),
		.guardian_phone = body_str(r, "guardian_phone"), .reason = body_str(r, "reason"),
	};
	struct wb_err err = { 0 };
	json_t *problems = json_array();
	char changed[400];
	int64_t id;

	if (!path_id(r, 0, &id)) {
		json_decref(problems);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "修改儿童信息");
	if (app_child_update(&r->app, id, &p, add_patch_problem, problems, changed, sizeof(changed),
			     &err) != WB_OK) {
		if (err.status == WB_ERR_RULE && json_array_size(problems) > 0) {
			json_t *e = json_pack("{s:s, s:s, s:o}", "code", "invalid_record", "message",
					      "儿童信息有误，请按提示修改", "problems", problems);

			request_reply(r, 422, json_pack("{s:o}", "error", e));
			return;
		}
		json_decref(problems);
		request_fail_err(r, &err);
		return;
	}
	json_decref(problems);
	if (changed[0])
		request_audit_detail(r, "修改儿童信息：%s", changed);
	else
		request_audit_detail(r, "修改儿童信息（无变化）");
	reply_child(r, id, 200);
}

/* A guardian's problem by the body's key of POST …/guardians (name,
 * relation, phone: the template's guardian columns). */
static void
add_guardian_problem(const char *header, const char *reason, void *arg)
{
	const char *key = strcmp(header, child_headers[CC_GUARDIAN_NAME]) == 0	   ? "name"
			  : strcmp(header, child_headers[CC_GUARDIAN_RELATION]) == 0 ? "relation"
			  : strcmp(header, child_headers[CC_GUARDIAN_PHONE]) == 0    ? "phone"
										     : "";

	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "field", key, "column", header,
					     "reason", reason));
}

/* POST /api/v1/children/{id}/guardians {"name","relation","phone","reason"}:
 * a further guardian (the first stays the payee); 201 with the child, 422
 * invalid_record with each problem by field. */
void
api_children_guardian_add(struct request *r)
{
	struct child_guardian_input in = {
		.name = body_str(r, "name"), .relation = body_str(r, "relation"),
		.phone = body_str(r, "phone"), .reason = body_str(r, "reason"),
	};
	struct wb_err err = { 0 };
	json_t *problems = json_array();
	int64_t id, gid = 0;

	if (!path_id(r, 0, &id)) {
		json_decref(problems);
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "新增监护人");
	if (app_child_guardian_add(&r->app, id, &in, add_guardian_problem, problems, &gid, &err) !=
	    WB_OK) {
		if (err.status == WB_ERR_RULE && json_array_size(problems) > 0) {
			json_t *e = json_pack("{s:s, s:s, s:o}", "code", "invalid_record", "message",
					      "监护人信息有误，请按提示修改", "problems", problems);

			request_reply(r, 422, json_pack("{s:o}", "error", e));
			return;
		}
		json_decref(problems);
		request_fail_err(r, &err);
		return;
	}
	json_decref(problems);
	request_audit_detail(r, "新增监护人（记录 %lld）：%s", (long long)gid, in.relation);
	reply_child(r, id, 201);
}

/* DELETE /api/v1/children/{id}/guardians/{gid} {"reason"}: 200 with the
 * child; 422 for the first guardian (the payee) or no reason, 404 for a
 * child outside the scope or a guardian not its. */
void
api_children_guardian_remove(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id, gid;

	if (!path_id(r, 0, &id) || !path_id(r, 1, &gid))
		return;
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_audit_detail(r, "删除监护人（记录 %lld）", (long long)gid);
	if (app_child_guardian_remove(&r->app, id, gid, body_str(r, "reason"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	reply_child(r, id, 200);
}
