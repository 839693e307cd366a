#include "app/children.h"
#include "app/keys.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/division.h"
#include "core/mask.h"
#include "core/tasklight.h"
#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "store/org.h"
#include "util/text.h"


struct child_rules
app_child_rules(const struct app_ctx *c)
{
	(void)c;
	return child_rules_default();
}

struct id_date
app_today(const struct app_ctx *c)
{
	return id_date_of_time(c->now, CHINA_UTC_OFFSET_S);
}

void
child_full_free(struct child_full *f)
{
	vec_free(&f->periods);
	vec_free(&f->guardians);
}

static void
keep_period(const struct child_period_row *p, void *arg)
{
	struct child_period_row *to = vec_push(arg);

	if (to)
		*to = *p;
}

static void
keep_guardian(const struct child_guardian_row *g, void *arg)
{
	struct child_guardian_row *to = vec_push(arg);

	if (to)
		*to = *g;
}

/* Reads the periods and guardians of out->row into out. */
static enum wb_status
load_parts(struct app_ctx *c, struct child_full *out, struct wb_err *err)
{
	enum wb_status rc;

	out->periods = (struct vec)VEC_INIT(struct child_period_row);
	out->guardians = (struct vec)VEC_INIT(struct child_guardian_row);
	rc = store_child_periods(c->st, out->row.id, keep_period, &out->periods, err);
	if (rc == WB_OK)
		rc = store_child_guardians(c->st, out->row.id, keep_guardian, &out->guardians, err);
	if (rc == WB_OK && (out->periods.nomem || out->guardians.nomem))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc != WB_OK)
		child_full_free(out);
	return rc;
}

enum wb_status
app_child_load(struct app_ctx *c, int64_t id, struct child_full *out, struct wb_err *err)
{
	enum wb_status rc = store_child_get(c->st, c->scope, id, &out->row, err);

	out->periods = (struct vec)VEC_INIT(struct child_period_row);
	out->guardians = (struct vec)VEC_INIT(struct child_guardian_row);
	if (rc != WB_OK)
		return rc;
	return load_parts(c, out, err);
}

/* A stored period as core/child.h reads it. */
static struct parent_period
period_of(const struct child_period_row *p)
{
	struct parent_period q = { parent_status_parse(p->status), disability_kind_parse(p->disability),
				   p->grade, { 1900, 1, 1 }, false, { 0, 0, 0 } };

	id_date_parse_iso(p->started_on, &q.start);
	q.ended = id_date_parse_iso(p->ended_on, &q.end);
	return q;
}

void
app_child_facts(const struct child_full *f, struct parent_period *periods,
		struct child_facts *out)
{
	const struct child_row *r = &f->row;
	size_t nf = 0, k = 0;

	memset(out, 0, sizeof(*out));
	out->birth_known = id_date_parse_iso(r->birth_date, &out->birth);
	/* fathers first: the store returns them so */
	for (size_t i = 0; i < f->periods.n; i++) {
		const struct child_period_row *p = vec_at(&f->periods, i);

		periods[k++] = period_of(p);
		nf += strcmp(p->parent, "父亲") == 0;
	}
	out->father = (struct parent_history){ periods, nf };
	out->mother = (struct parent_history){ periods + nf, k - nf };
	out->disability = disability_kind_parse(r->disability);
	if (out->disability == DISABILITY__MAX)
		out->disability = DISABILITY_NONE;
	out->disability_grade = r->disability_grade;
	out->economy = family_economy_parse(r->economy);
	if (out->economy == ECONOMY__MAX)
		out->economy = ECONOMY_NONE;
	out->rural_household = strcmp(r->household, "农业") == 0;
	out->guardianship_lacking = r->guardianship_lacking;
}

void
app_child_category_text(unsigned cats, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned b = 1; b < (1u << CHILD_CATEGORY_BITS); b <<= 1) {
		if (!(cats & b & CHILD_MAIN_CATEGORIES))
			continue;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? "、" : "",
					child_category_name(b));
		if (len >= n)
			break;
	}
	if (out[0] == '\0')
		snprintf(out, n, "无");
}

enum wb_status
app_child_open(const struct app_ctx *c, const char *table, const char *column, int64_t row_id,
	       const char *token, char **out, struct wb_err *err)
{
	*out = NULL;
	if (token == NULL || token[0] == '\0') {
		*out = strdup("");
		return *out ? WB_OK : wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	return fieldcrypt_decrypt(c->keys, table, column, row_id, token, out, NULL, err);
}

enum wb_status
app_child_seal(const struct app_ctx *c, const char *table, const char *column, int64_t id,
	       const char *plain, char *out, size_t n, struct wb_err *err)
{
	char *token = NULL;
	enum wb_status rc;

	out[0] = '\0';
	if (plain == NULL || plain[0] == '\0')
		return WB_OK;
	rc = fieldcrypt_encrypt_str(c->keys, table, column, id, plain, &token, err);
	if (rc != WB_OK)
		return rc;
	if (strlen(token) >= n)
		rc = wb_err_set(err, WB_ERR_INVALID, "加密后的内容过长");
	else
		memcpy(out, token, strlen(token) + 1);
	free(token);
	return rc;
}

/* A temporary number for a child without an ID number: "T", the village
 * code and five random characters of 0-9 and A-Z without I, L, O and U (18
 * characters, as an ID number; 33 million a village, so that a village
 * with hundreds of them rarely draws one twice — and a draw already taken
 * is drawn again: app_child_temporary_free). */
static void
temporary_number(const char *village, char out[IDNUMBER_SIZE])
{
	static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char tail[6];

	for (int i = 0; i < 5; i++)
		tail[i] = digits[randombytes_uniform(sizeof(digits) - 1)];
	tail[5] = '\0';
	snprintf(out, IDNUMBER_SIZE, "T%.12s%s", village, tail);
}

/* Gives r (row id r->id, of village r->village_code) a new temporary number:
 * its blind index and its sealed cell. */
static enum wb_status
temporary_identity(const struct app_ctx *c, struct child_row *r, struct wb_err *err)
{
	char number[IDNUMBER_SIZE];
	enum wb_status rc;

	temporary_number(r->village_code, number);
	r->temporary = true;
	rc = blindindex_compute(c->keys, "tempnumber", number, strlen(number), r->id_index, err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "children", "id_number", r->id, number, r->id_number,
				    sizeof(r->id_number), err);
	sodium_memzero(number, sizeof(number));
	return rc;
}

enum wb_status
app_child_temporary_free(struct app_ctx *c, struct child_prepared *p, size_t n, size_t k,
			 struct wb_err *err)
{
	struct child_row *old = malloc(sizeof(*old));
	enum wb_status rc = WB_OK;

	if (old == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (int tries = 0; tries < 20; tries++) {
		bool found = false;

		rc = store_child_find(c->st, p[k].row.id_index, old, &found, err);
		for (size_t i = 0; rc == WB_OK && !found && i < n; i++)
			found = i != k && p[i].row.temporary &&
				strcmp(p[i].row.id_index, p[k].row.id_index) == 0;
		if (rc != WB_OK || !found)
			break;
		rc = temporary_identity(c, &p[k].row, err);
		if (rc != WB_OK)
			break;
		if (tries == 19)
			rc = wb_err_set(err, WB_ERR_CONFLICT, "no free temporary number");
	}
	free(old);
	return rc;
}

void
app_child_summary(struct app_ctx *c, const struct child_row *r, char *out, size_t n)
{
	char *number = NULL, *name = NULL, mnum[32] = "", mname[CHILD_NAME_MAX] = "";
	struct division d = { 0 };
	struct wb_err ignored = { 0 };

	if (app_child_open(c, "children", "id_number", r->id, r->id_number, &number, &ignored) ==
	    WB_OK)
		mask_idnumber(number, mnum, sizeof(mnum));
	if (app_child_open(c, "children", "name", r->id, r->name, &name, &ignored) == WB_OK)
		mask_name(name, mname, sizeof(mname));
	store_division_get(c->st, r->village_code, &d, &ignored);
	snprintf(out, n, "%s %s（%s）", mnum, mname, d.name[0] ? d.name : r->village_code);
	if (number)
		fieldcrypt_free(number, strlen(number));
	if (name)
		fieldcrypt_free(name, strlen(name));
}

/* The period of a parent's status rec's row gives into *p; false when the
 * row gives none. */
static bool
period_of_input(const char *who, const struct child_parent_input *in,
		const struct child_record *rec, struct child_period_row *p)
{
	struct parent_period q = in->period;

	if (!in->present)
		return false;
	memset(p, 0, sizeof(*p));
	text_copy(p->parent, sizeof(p->parent), who);
	text_copy(p->status, sizeof(p->status), parent_status_name(q.status));
	text_copy(p->disability, sizeof(p->disability), disability_kind_name(q.disability));
	p->grade = q.grade;
	if (q.start.year == 1900 && rec->birth_known)
		q.start = rec->birth;   /* 正常 without a date: since birth */
	id_date_format(q.start, p->started_on);
	if (q.ended)
		id_date_format(q.end, p->ended_on);
	text_copy(p->evidence, sizeof(p->evidence), in->evidence);
	return true;
}

/* The history line of a child: action, detail, reason (may be NULL). */
static enum wb_status
history(struct app_ctx *c, int64_t id, const char *action, const char *detail, const char *reason,
	struct wb_err *err)
{
	struct child_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
				   .action = action, .detail = detail, .reason = reason };

	return store_child_history_add(c->st, id, &ch, err);
}

/* The reasons of every main category in cats, "；"-joined into out. */
static void
reasons_text(const struct child_facts *f, const struct child_result *r,
	     const struct child_rules *rules, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned b = 1; b < (1u << CHILD_CATEGORY_BITS); b <<= 1) {
		char part[512];

		if (!(r->categories & b & CHILD_MAIN_CATEGORIES))
			continue;
		child_reason(f, r, rules, b, part, sizeof(part));
		if (len > 0)
			len += text_copy(out + len, n - len, "；");
		len += text_copy(out + len, n - len, child_category_name(b));
		len += text_copy(out + len, n - len, "：");
		len += text_copy(out + len, n - len, part);
		if (len + 1 >= n)
			break;
	}
}

enum wb_status
app_child_rederive(struct app_ctx *c, int64_t id, bool *changed, struct wb_err *err)
{
	struct child_rules rules = app_child_rules(c);
	struct id_date today = app_today(c), next;
	const struct scope *saved = c->scope;
	struct child_full f;
	struct parent_period *periods = NULL;
	struct child_facts facts;
	struct child_result res;
	char today_s[11], next_s[11] = "", was[256], now_text[256], detail[600], why[2048];
	enum wb_status rc;

	if (changed)
		*changed = false;
	c->scope = scope_system();   /* a round or a write already checked the scope */
	rc = app_child_load(c, id, &f, err);
	c->scope = saved;
	if (rc != WB_OK)
		return rc;
	periods = calloc(f.periods.n + 1, sizeof(*periods));
	if (periods == NULL) {
		child_full_free(&f);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	app_child_facts(&f, periods, &facts);
	res = child_derive(&facts, today, &rules);
	id_date_format(today, today_s);
	if (child_next_change(&facts, today, &rules, &next))
		id_date_format(next, next_s);
	rc = store_child_set_categories(c->st, id, res.categories, today_s, next_s, err);
	if (rc == WB_OK && (res.categories & CHILD_MAIN_CATEGORIES) !=
			       (f.row.categories & CHILD_MAIN_CATEGORIES)) {
		app_child_category_text(f.row.categories, was, sizeof(was));
		app_child_category_text(res.categories, now_text, sizeof(now_text));
		snprintf(detail, sizeof(detail), "类别：%s → %s", was, now_text);
		reasons_text(&facts, &res, &rules, why, sizeof(why));
		if (res.adult)
			snprintf(why, sizeof(why), "年满 %d 周岁", rules.adult_age);
		else if ((f.row.categories & CHILD_LEFT_BEHIND) && !(res.categories & CHILD_LEFT_BEHIND) &&
			 res.age >= rules.left_behind_age)
			snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s年满 %d 周岁，不再计为留守儿童",
				 why[0] ? "；" : "", rules.left_behind_age);
		else if (why[0] == '\0')
			snprintf(why, sizeof(why), "父母状况变化或期满，不再符合原类别");
		rc = history(c, id, "categories", detail, why[0] ? why : NULL, err);
		if (changed)
			*changed = true;
	}
	free(periods);
	child_full_free(&f);
	return rc;
}

/* Derives the categories of a record about to be registered (its facts are
 * all in rec) as of today into r, and the reasons into why[n]. */
static void
derive_record(const struct app_ctx *c, const struct child_record *rec, struct child_row *r,
	      char *why, size_t n)
{
	struct child_rules rules = app_child_rules(c);
	struct id_date today = app_today(c), next;
	struct parent_period father = rec->father.period, mother = rec->mother.period;
	struct child_facts f = {
		.birth_known = rec->birth_known, .birth = rec->birth,
		.father = { &father, rec->father.present },
		.mother = { &mother, rec->mother.present },
		.disability = rec->disability, .disability_grade = rec->disability_grade,
		.economy = rec->economy, .rural_household = strcmp(rec->household, "农业") == 0,
	};
	struct child_result res;

	if (father.start.year == 1900 && rec->birth_known)
		father.start = rec->birth;
	if (mother.start.year == 1900 && rec->birth_known)
		mother.start = rec->birth;
	res = child_derive(&f, today, &rules);
	r->categories = res.categories;
	id_date_format(today, r->derived_on);
	r->recheck_on[0] = '\0';
	if (child_next_change(&f, today, &rules, &next))
		id_date_format(next, r->recheck_on);
	reasons_text(&f, &res, &rules, why, n);
}

enum wb_status
app_child_prepare(const struct app_ctx *c, const struct child_record *rec, const char *id_index,
		  int64_t id, int64_t guardian_id, struct child_prepared *p, struct wb_err *err)
{
	struct child_row *r = &p->row;
	char number[IDNUMBER_SIZE], cats[512];
	enum wb_status rc = WB_OK;

	memset(p, 0, sizeof(*p));
	r->id = id;
	if (rec->id_number[0]) {
		text_copy(number, sizeof(number), rec->id_number);
		if (id_index)
			text_copy(r->id_index, sizeof(r->id_index), id_index);
		else
			rc = blindindex_idnumber(c->keys, number, r->id_index, err);
	}
	if (rec->birth_known)
		id_date_format(rec->birth, r->birth_date);
	text_copy(r->sex, sizeof(r->sex), rec->sex);
	text_copy(r->village_code, sizeof(r->village_code), rec->village);
	snprintf(r->town_code, sizeof(r->town_code), "%.9s", rec->village);
	text_copy(r->household, sizeof(r->household), rec->household);
	text_copy(r->school, sizeof(r->school), rec->school);
	text_copy(r->placement, sizeof(r->placement), placement_name(rec->placement));
	text_copy(r->disability, sizeof(r->disability), disability_kind_name(rec->disability));
	r->disability_grade = rec->disability_grade;
	text_copy(r->economy, sizeof(r->economy), family_economy_name(rec->economy));
	derive_record(c, rec, r, p->why, sizeof(p->why));
	/* the tokens are bound to the row ids, reserved by the caller */
	if (rc == WB_OK && rec->id_number[0])
		rc = app_child_seal(c, "children", "id_number", id, number, r->id_number,
				    sizeof(r->id_number), err);
	else if (rc == WB_OK)
		rc = temporary_identity(c, r, err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "children", "name", id, rec->name, r->name, sizeof(r->name),
				    err);
	if (rc == WB_OK)
		rc = app_child_seal(c, "children", "address", id, rec->address, r->address,
				    sizeof(r->address), err);
	if (rc == WB_OK && rec->guardian_name[0]) {
		struct child_guardian_row *g = &p->guardian;

		g->id = guardian_id;
		g->seq = 1;
		text_copy(g->relation, sizeof(g->relation), rec->guardian_relation);
		rc = app_child_seal(c, "child_guardians", "name", g->id, rec->guardian_name, g->name,
				    sizeof(g->name), err);
		if (rc == WB_OK)
			rc = app_child_seal(c, "child_guardians", "phone", g->id, rec->guardian_phone,
					    g->phone, sizeof(g->phone), err);
	}
	p->nperiods += period_of_input("父亲", &rec->father, rec, &p->periods[p->nperiods]);
	p->nperiods += period_of_input("母亲", &rec->mother, rec, &p->periods[p->nperiods]);
	/* one history line: registered, with the categories it came in with and why */
	app_child_category_text(r->categories, cats, sizeof(cats));
	snprintf(p->history, sizeof(p->history), "%s；类别：%s",
		 r->temporary ? "登记（暂无身份证号，使用临时编号）" : "登记", cats);
	sodium_memzero(number, sizeof(number));
	return rc;
}

enum wb_status
app_child_write_many(struct app_ctx *c, const struct child_prepared *p, size_t n,
		     struct wb_err *err)
{
	const struct child_row **rows = malloc((n + 1) * sizeof(*rows));
	const struct child_guardian_row **gs = malloc((n + 1) * sizeof(*gs));
	const struct child_period_row **ps = malloc((2 * n + 1) * sizeof(*ps));
	const struct child_change **hs = malloc((n + 1) * sizeof(*hs));
	struct child_change *lines = malloc((n + 1) * sizeof(*lines));
	int64_t *gc = malloc((n + 1) * sizeof(*gc)), *pc = malloc((2 * n + 1) * sizeof(*pc));
	int64_t *hc = malloc((n + 1) * sizeof(*hc));
	struct child_bulk b = { .children = rows, .nchildren = n, .guardians = gs,
				.guardian_child = gc, .periods = ps, .period_child = pc,
				.history = hs, .history_child = hc, .nhistory = n,
				.now = c->now, .by = c->user_id };
	enum wb_status rc = WB_OK;

	if (!rows || !gs || !ps || !hs || !lines || !gc || !pc || !hc) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i] = &p[i].row;
		if (p[i].guardian.id) {
			gs[b.nguardians] = &p[i].guardian;
			gc[b.nguardians++] = p[i].row.id;
		}
		for (int k = 0; k < p[i].nperiods; k++) {
			ps[b.nperiods] = &p[i].periods[k];
			pc[b.nperiods++] = p[i].row.id;
		}
		lines[i] = (struct child_change){ .at = c->now, .user_id = c->user_id,
						  .login = c->login, .action = "create",
						  .detail = p[i].history,
						  .reason = p[i].why[0] ? p[i].why : NULL };
		hs[i] = &lines[i];
		hc[i] = p[i].row.id;
	}
	rc = store_child_write_bulk(c->st, &b, err);
out:
	free(rows);
	free(gs);
	free(ps);
	free(hs);
	free(lines);
	free(gc);
	free(pc);
	free(hc);
	return rc;
}

enum wb_status
app_child_register(struct app_ctx *c, const struct child_record *rec, int64_t *id,
		   struct wb_err *err)
{
	struct child_prepared *p = malloc(sizeof(*p));
	struct child_row *old = malloc(sizeof(*old));
	char index[BLINDINDEX_HEX_SIZE] = "", text[1024];
	struct division d = { 0 };
	int64_t child_id = 0, guardian_id = 0;
	bool found = false;
	enum wb_status rc;

	if (p == NULL || old == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = app_keys_refuse_during_rotation(c->st, err)) != WB_OK)
		goto out;
	rc = store_division_get(c->st, rec->village, &d, err);
	if (rc == WB_ERR_NOTFOUND) {
		rc = wb_err_code(err, WB_ERR_INVALID, "unknown_village", "村社区代码 %s 不存在",
				 rec->village);
		goto out;
	}
	if (rc != WB_OK)
		goto out;
	if (!scope_covers_division(c->scope, rec->village)) {
		rc = wb_err_code(err, WB_ERR_DENIED, "out_of_scope", "村社区 %s 不在您的管辖范围内",
				 rec->village);
		goto out;
	}
	if (rec->id_number[0]) {
		rc = app_child_lookup(c, rec->id_number, old, &found, index, err);
		if (rc == WB_OK && found) {
			if (scope_covers_division(c->scope, old->village_code)) {
				app_child_summary(c, old, text, sizeof(text));
				rc = wb_err_code(err, WB_ERR_CONFLICT, "duplicate",
						 "该身份证号已登记：%s", text);
			} else {
				rc = wb_err_code(err, WB_ERR_CONFLICT, "duplicate_elsewhere",
						 "该身份证号已在其他地区登记，请联系办公室");
			}
		}
		if (rc != WB_OK)
			goto out;
	}
	rc = store_child_reserve_ids(c->st, CHILD_ID_CHILD, 1, &child_id, err);
	if (rc == WB_OK && rec->guardian_name[0])
		rc = store_child_reserve_ids(c->st, CHILD_ID_GUARDIAN, 1, &guardian_id, err);
	if (rc == WB_OK)
		rc = app_child_prepare(c, rec, index[0] ? index : NULL, child_id, guardian_id, p, err);
	if (rc == WB_OK && p->row.temporary)
		rc = app_child_temporary_free(c, p, 1, 0, err);
	if (rc == WB_OK)
		rc = app_child_write_many(c, p, 1, err);
	if (rc == WB_OK)
		*id = child_id;
out:
	if (p)
		sodium_memzero(p, sizeof(*p));
	free(p);
	free(old);
	return rc;
}

enum wb_status
app_child_brief(struct app_ctx *c, const struct child_row *r, struct id_date on,
		struct child_brief *out, struct wb_err *err)
{
	char *number = NULL, *name = NULL, on_s[11];
	struct id_date birth;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	out->id = r->id;
	out->temporary = r->temporary;
	text_copy(out->sex, sizeof(out->sex), r->sex);
	text_copy(out->birth_date, sizeof(out->birth_date), r->birth_date);
	text_copy(out->village, sizeof(out->village), r->village_code);
	text_copy(out->town, sizeof(out->town), r->town_code);
	text_copy(out->placement, sizeof(out->placement), r->placement);
	out->age = id_date_parse_iso(r->birth_date, &birth) ? id_date_age(birth, on) : -1;
	rc = app_child_open(c, "children", "id_number", r->id, r->id_number, &number, err);
	if (rc == WB_OK)
		rc = app_child_open(c, "children", "name", r->id, r->name, &name, err);
	if (rc == WB_OK && store_child_purged(r)) {
		/* reduced after the retention period (app/child_purge.h) */
		snprintf(out->id_number_masked, sizeof(out->id_number_masked), "（已按期删减）");
		snprintf(out->name_masked, sizeof(out->name_masked), "（已按期删减）");
	} else if (rc == WB_OK) {
		mask_idnumber(number, out->id_number_masked, sizeof(out->id_number_masked));
		mask_name(name, out->name_masked, sizeof(out->name_masked));
	} else if (rc == WB_ERR_DENIED || rc == WB_ERR_INVALID) {
		/* an altered cell (an edited database file): say so, keep the list */
		snprintf(out->id_number_masked, sizeof(out->id_number_masked), "（无法解密）");
		snprintf(out->name_masked, sizeof(out->name_masked), "（无法解密）");
		rc = WB_OK;
	}
	if (number)
		fieldcrypt_free(number, strlen(number));
	if (name)
		fieldcrypt_free(name, strlen(name));
	if (rc != WB_OK)
		return rc;
	id_date_format(on, on_s);
	if (strcmp(on_s, r->derived_on) == 0 ||
	    (strcmp(on_s, r->derived_on) > 0 && (r->recheck_on[0] == '\0' ||
						 strcmp(on_s, r->recheck_on) < 0) &&
	     r->derived_on[0] != '\0')) {
		out->categories = r->categories;
		return WB_OK;
	}
	{
		struct child_full f = { .row = *r };
		struct child_rules rules = app_child_rules(c);
		struct parent_period *periods;
		struct child_facts facts;

		rc = load_parts(c, &f, err);
		if (rc != WB_OK)
			return rc;
		periods = calloc(f.periods.n + 1, sizeof(*periods));
		if (periods == NULL) {
			child_full_free(&f);
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		}
		app_child_facts(&f, periods, &facts);
		out->categories = child_derive(&facts, on, &rules).categories;
		free(periods);
		child_full_free(&f);
	}
	return WB_OK;
}

enum wb_status
app_child_lookup(const struct app_ctx *c, const char *number, struct child_row *r, bool *found,
		 char index[BLINDINDEX_HEX_SIZE], struct wb_err *err)
{
	char value[IDNUMBER_SIZE], idx[BLINDINDEX_HEX_SIZE];
	const char *domain = "idnumber";
	size_t n = strnlen(number, IDNUMBER_SIZE - 1);
	enum wb_status rc = WB_OK;

	*found = false;
	index[0] = '\0';
	if (number[0] == 'T' || number[0] == 't') {
		/* a temporary number, however its letters were typed */
		domain = "tempnumber";
		for (size_t i = 0; i < n; i++)
			value[i] = (char)(number[i] >= 'a' && number[i] <= 'z' ? number[i] - 32
									     : number[i]);
		value[n] = '\0';
	} else if ((rc = idnumber_normalise(number, value, err)) != WB_OK) {
		return rc;
	}
	n = strlen(value);
	rc = blindindex_compute(c->keys, domain, value, n, index, err);
	if (rc == WB_OK)
		rc = store_child_find(c->st, index, r, found, err);
	/* a rotation still re-indexing leaves rows under an older generation */
	for (int g = c->keys->nindex; rc == WB_OK && !*found && g >= 1; g--) {
		if (g == c->keys->index_gen)
			continue;
		rc = blindindex_compute_gen(c->keys, g, domain, value, n, idx, err);
		if (rc == WB_OK)
			rc = store_child_find(c->st, idx, r, found, err);
	}
	sodium_memzero(value, sizeof(value));
	return rc;
}

enum wb_status
app_child_find(struct app_ctx *c, const char *number, int64_t *id, bool *found,
	       struct wb_err *err)
{
	struct child_row *r = malloc(sizeof(*r));
	char idx[BLINDINDEX_HEX_SIZE];
	enum wb_status rc;

	*found = false;
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = app_child_lookup(c, number, r, found, idx, err);
	if (rc == WB_OK && *found) {
		*found = scope_covers_division(c->scope, r->village_code);
		*id = r->id;
	}
	free(r);
	return rc;
}

void
app_child_adult_cutoff(const struct app_ctx *c, struct id_date on, char out[11])
{
	struct child_rules rules = app_child_rules(c);

	id_date_format(child_adult_cutoff(on, &rules), out);
}

#define EACH_BATCH 256

struct batch {
	struct child_row *rows;
	size_t n;
};

static void
keep_row(const struct child_row *r, void *arg)
{
	struct batch *b = arg;

	if (b->n < EACH_BATCH)
		b->rows[b->n++] = *r;
}

enum wb_status
app_child_each(struct app_ctx *c, const struct child_filter *f, struct id_date on,
	       unsigned category, enum wb_status (*fn)(const struct child_brief *, void *),
	       void *arg, struct wb_err *err)
{
	struct child_filter g = *f;
	struct batch b = { calloc(EACH_BATCH, sizeof(struct child_row)), 0 };
	char village[13] = "", on_s[11], today_s[11], cutoff[11];
	struct child_brief brief;
	enum wb_status rc = WB_OK;
	bool today;

	if (b.rows == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	id_date_format(on, on_s);
	id_date_format(app_today(c), today_s);
	today = strcmp(on_s, today_s) == 0;
	g.scope = c->scope;
	g.category = today ? category : 0;   /* the stored bits are today's */
	if (g.adult_cutoff == NULL) {
		app_child_adult_cutoff(c, on, cutoff);
		g.adult_cutoff = cutoff;
	}
	g.after_village = village;
	g.after_id = 0;
	do {
		b.n = 0;
		rc = store_child_page(c->st, &g, EACH_BATCH, 0, keep_row, &b, NULL, err);
		for (size_t i = 0; i < b.n && rc == WB_OK; i++) {
			rc = app_child_brief(c, &b.rows[i], on, &brief, err);
			if (rc == WB_OK && (category == 0 || (brief.categories & category)))
				rc = fn(&brief, arg);
		}
		if (b.n > 0) {
			text_copy(village, sizeof(village), b.rows[b.n - 1].village_code);
			g.after_id = b.rows[b.n - 1].id;
		}
	} while (rc == WB_OK && b.n == EACH_BATCH);
	free(b.rows);
	return rc;
}
