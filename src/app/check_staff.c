#include "app/check_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_run.h"
#include "core/check.h"
#include "core/idnumber.h"
#include "core/indicator.h"
#include "core/tasklight.h"
#include "store/notifications.h"
#include "store/org.h"

/* The institution types of background checks, in the order lists show them. */
static const char *const check_types[CHECK_TYPES_MAX] = {
	"school", "childcare", "hospital", "training", "welfare", "rescue",
};

void
app_check_today(const struct app_ctx *c, char out[11])
{
	id_date_format(id_date_of_time(c->now, CHINA_UTC_OFFSET_S), out);
}

bool
app_check_period_start(const struct app_ctx *c, const char *on, char out[11])
{
	int months = c->config && c->config->check_recheck_months > 0
			     ? c->config->check_recheck_months : 12;
	struct id_date d;

	if (on == NULL || !id_date_parse_iso(on, &d))
		return false;
	id_date_format(id_date_add_months(d, -months), out);
	return true;
}

double
check_percent_shown(double p)
{
	return indicator_shown(p);
}

/* Tells the users of the supervising unit of person staff_id's institution
 * (configuration check_supervisor_units) that a re-check found a record:
 * the institution's name only, never the person or the offence.  A type
 * with no unit configured, or a unit that does not exist, tells nobody. */
static enum wb_status
notify_recheck_hit(struct app_ctx *c, int64_t institution_id, int64_t staff_id,
		   struct wb_err *err)
{
	char name[404], type[16], unit_name[164], title[600], link[64];
	struct unit u;
	enum wb_status rc = store_check_institution_get(c->st, scope_system(), institution_id, name,
							type, err);

	if (rc != WB_OK)
		return rc;
	if (!check_supervisor_unit(c->config ? c->config->check_supervisor_units
					   : CHECK_SUPERVISOR_UNITS_DEFAULT, type, unit_name,
				   sizeof(unit_name)))
		return WB_OK;
	rc = store_unit_find(c->st, unit_name, &u, err);
	if (rc == WB_ERR_NOTFOUND)
		return WB_OK;
	if (rc != WB_OK)
		return rc;
	store_copy_text(unit_name, 150, name);   /* whole characters: the title stays short */
	snprintf(title, sizeof(title), "入职查询：%s 复查 1 人，结果为有记录，请督促处理", unit_name);
	snprintf(link, sizeof(link), "/checks/staff/%lld", (long long)staff_id);
	return store_notify_unit(c->st, u.id, "check_hit", title, link, 0, NULL, c->now, NULL, err);
}

/* The cover of staff and covered counts. */
static struct check_cover
cover_of(int64_t staff, int64_t covered)
{
	struct indicator_value v = indicator_compute(IND_COVERAGE, (double)covered, (double)staff);

	return (struct check_cover){ staff, covered, v.known, v.actual };
}

/* The masked ID number and name of a sealed person cell into p (app/
 * check_run.h opens it); "（无法解密）" when it does not open. */
static void
person_masked(const struct app_ctx *c, int64_t staff_id, const char *person,
	      struct check_person *p)
{
	p->id_number_masked[0] = p->name_masked[0] = '\0';
	if (person == NULL || person[0] == '\0')
		return;
	if (!app_check_person_masked(c, staff_id, person, p->id_number_masked, p->name_masked)) {
		snprintf(p->id_number_masked, sizeof(p->id_number_masked), "（无法解密）");
		snprintf(p->name_masked, sizeof(p->name_masked), "（无法解密）");
	}
}

/* Whether row is an employee due a re-check on day today (period from). */
static bool
is_due(const struct check_staff_entry *row, const char *today, const char *from)
{
	return row->hired_on[0] && strcmp(row->hired_on, today) <= 0 &&
	       strcmp(row->last_checked_on, from) < 0;
}

struct page_state {
	const struct app_ctx *c;
	char today[11], from[11];
	void (*fn)(const struct check_person *, void *);
	void *arg;
};

static void
each_person(const struct check_staff_entry *row, void *arg)
{
	struct page_state *s = arg;
	struct check_person p = { .row = row };

	person_masked(s->c, row->id, row->person, &p);
	p.due = is_due(row, s->today, s->from);
	s->fn(&p, s->arg);
}

enum wb_status
app_check_staff_page(struct app_ctx *c, const struct check_staff_query *q, int64_t limit,
		     int64_t offset, void (*fn)(const struct check_person *, void *), void *arg,
		     int64_t *total, struct wb_err *err)
{
	struct page_state s = { .c = c, .fn = fn, .arg = arg };
	struct check_staff_filter f = { .scope = c->scope, .institution_id = q->institution_id,
					.applicants = q->applicants };

	app_check_today(c, s.today);
	app_check_period_start(c, s.today, s.from);
	if (q->due) {
		f.due_today = s.today;
		f.due_from = s.from;
	}
	return store_check_staff_page(c->st, &f, limit > 0 ? limit : INT64_MAX / 2, offset,
				      each_person, &s, total, err);
}

enum wb_status
app_check_staff_get(struct app_ctx *c, int64_t id, struct check_staff_entry *row,
		    struct check_person *out, struct wb_err *err)
{
	char today[11], from[11];
	enum wb_status rc = store_check_staff_get(c->st, c->scope, id, row, err);

	memset(out, 0, sizeof(*out));
	out->row = row;
	if (rc != WB_OK)
		return rc;
	app_check_today(c, today);
	app_check_period_start(c, today, from);
	person_masked(c, row->id, row->person, out);
	out->due = is_due(row, today, from);
	return WB_OK;
}

/* True when s holds something other than white space. */
static bool
has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return true;
	return false;
}

enum wb_status
app_check_recheck(struct app_ctx *c, int64_t id, const char *reason, const char **result,
		  char checked_on[11], struct wb_err *err)
{
	struct check_staff_entry *row = malloc(sizeof(*row));
	int64_t institution = 0;
	bool hit = false;
	enum wb_status rc;

	*result = NULL;
	checked_on[0] = '\0';
	if (row == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_check_staff_get(c->st, c->scope, id, row, err);
	if (rc == WB_OK && !has_text(reason))
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "请填写复查的原因（本人申请的事由）");
	else if (rc == WB_OK && strlen(reason) > 1500)
		rc = wb_err_field(err, WB_ERR_RULE, "reason", "复查原因过长");
	if (rc == WB_OK) {
		app_check_today(c, checked_on);
		rc = store_check_recheck(c->st, id, checked_on, c->now, c->user_id, c->login, reason,
					 &hit, &institution, err);
	}
	if (rc == WB_OK && hit)
		rc = notify_recheck_hit(c, institution, id, err);
	if (rc == WB_OK)
		*result = hit ? "有记录" : "无记录";
	free(row);
	return rc;
}

/* ---- coverage ---- */

static int
type_index(const char *type)
{
	for (int i = 0; i < CHECK_TYPES_MAX; i++)
		if (strcmp(check_types[i], type) == 0)
			return i;
	return -1;
}

struct cover_state {
	struct check_coverage *cov;
	int64_t type_staff[CHECK_TYPES_MAX], type_covered[CHECK_TYPES_MAX];
	int64_t staff, covered;
	size_t cap;
	bool nomem;
};

static void
each_institution(const struct check_coverage_row *r, void *arg)
{
	struct cover_state *s = arg;
	struct check_coverage *cov = s->cov;
	struct check_cover_institution *in;
	int t = type_index(r->type);

	if (t < 0 || s->nomem)
		return;
	if (cov->ninstitutions == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		void *p = realloc(cov->institutions, cap * sizeof(*cov->institutions));
		if (p == NULL) {
			s->nomem = true;
			return;
		}
		cov->institutions = p;
		s->cap = cap;
	}
	in = &cov->institutions[cov->ninstitutions];
	*in = (struct check_cover_institution){ .id = r->id, .name = strdup(r->name),
						.type = strdup(r->type), .town = strdup(r->town),
						.c = cover_of(r->staff, r->covered) };
	if (in->name == NULL || in->type == NULL || in->town == NULL) {
		free(in->name);
		free(in->type);
		free(in->town);
		s->nomem = true;
		return;
	}
	cov->ninstitutions++;
	cov->types[t].institutions++;
	s->type_staff[t] += r->staff;
	s->type_covered[t] += r->covered;
	s->staff += r->staff;
	s->covered += r->covered;
}

void
check_coverage_free(struct check_coverage *cov)
{
	for (size_t i = 0; i < cov->ninstitutions; i++) {
		free(cov->institutions[i].name);
		free(cov->institutions[i].type);
		free(cov->institutions[i].town);
	}
	free(cov->institutions);
	cov->institutions = NULL;
	cov->ninstitutions = 0;
}

enum wb_status
app_check_coverage(struct app_ctx *c, const char *as_of, struct check_coverage *out,
		   struct wb_err *err)
{
	return app_check_coverage_in(c, c->scope, as_of, out, err);
}

enum wb_status
app_check_coverage_in(struct app_ctx *c, const struct scope *scope, const char *as_of,
		      struct check_coverage *out, struct wb_err *err)
{
	struct cover_state s = { .cov = out };
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	if (as_of == NULL || as_of[0] == '\0')
		app_check_today(c, out->as_of);
	else if (strlen(as_of) == 10 && app_check_period_start(c, as_of, out->from))
		memcpy(out->as_of, as_of, 11);
	else
		return wb_err_field(err, WB_ERR_INVALID, "as_of", "日期应为 YYYY-MM-DD 格式");
	app_check_period_start(c, out->as_of, out->from);
	out->months = c->config && c->config->check_recheck_months > 0
			      ? c->config->check_recheck_months : 12;
	out->ntypes = CHECK_TYPES_MAX;
	for (int t = 0; t < CHECK_TYPES_MAX; t++)
		out->types[t].type = check_types[t];
	rc = store_check_coverage(c->st, scope, out->as_of, out->from, each_institution, &s,
				  err);
	if (rc == WB_OK && s.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc != WB_OK) {
		check_coverage_free(out);
		return rc;
	}
	for (int t = 0; t < CHECK_TYPES_MAX; t++)
		out->types[t].c = cover_of(s.type_staff[t], s.type_covered[t]);
	out->county = cover_of(s.staff, s.covered);
	return WB_OK;
}
