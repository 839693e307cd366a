/* The registers on SQLite and PostgreSQL: every column stored and read back,
 * scopes (a town its subtree, a member unit reads all but changes none, own
 * what it made), filters, the import (all or nothing, skip-bad, re-import
 * unchanged, GB18030), history, the phone encrypted, vacancies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/facilities.h"
#include "app/keys.h"
#include "helpers/registers.h"
#include "helpers/testdb.h"
#include "sec/scope.h"
#include "store/facilities.h"
#include "store/org.h"

#define NOW 1700000000
#define TOWN_A REG_TOWN_A
#define TOWN_B REG_TOWN_B
#define VILLAGE_A1 REG_VILLAGE_A1
#define VILLAGE_A2 REG_VILLAGE_A2
#define VILLAGE_B1 REG_VILLAGE_B1

static int
setup(void **state)
{
	*state = reg_fixture_new(NOW);
	return 0;
}

static int
teardown(void **state)
{
	reg_fixture_free(*state);
	return 0;
}

/* Imports csv as type t with the fixture's (or c's) context inside a
 * transaction committed on success; returns the status. */
static enum wb_status
import(struct app_ctx *c, enum facility_type t, const char *csv, bool skip_bad,
       struct facility_import_report *rep)
{
	struct facility_import_opts o = { .skip_bad = skip_bad };
	struct wb_err err = { 0 };
	enum wb_status rc;

	assert_int_equal(store_begin(c->st, &err), WB_OK);
	rc = app_facility_import(c, t, csv, strlen(csv), &o, rep, &err);
	if (rc == WB_OK)
		assert_int_equal(store_commit(c->st, &err), WB_OK);
	else
		store_rollback_all(c->st);
	return rc;
}

struct count {
	int n;
	int64_t last_id;
};

static void
count_row(const struct facility_row *r, void *arg)
{
	struct count *c = arg;

	c->n++;
	c->last_id = r->id;
}

static int
count_in(struct reg_fixture *f, const struct scope *s, enum facility_type t, const char *town,
	 const char *q)
{
	struct facility_filter fl = { .scope = s, .type = t, .town = town, .q = q };
	struct wb_err err = { 0 };
	struct count c = { 0 };
	int64_t total;

	assert_int_equal(store_facility_page(f->st, &fl, -1, 0, count_row, &c, &total, &err), WB_OK);
	assert_int_equal(total, c.n);
	return c.n;
}

static void
test_every_column_round_trips(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_row *in = calloc(1, sizeof(*in)), *out = calloc(1, sizeof(*out));
	struct wb_err err = { 0 };
	int64_t id;

	in->type = FACILITY_PROJECT;
	for (int c = 0; c < FCOL__MAX; c++) {
		if (facility_col_is_int((enum facility_col)c))
			snprintf(in->v[c], sizeof(in->v[c]), "%d", 1000 + c);
		else
			snprintf(in->v[c], sizeof(in->v[c]), "值%s", facility_col_name((enum facility_col)c));
	}
	snprintf(in->v[FCOL_DIVISION], sizeof(in->v[0]), "%s", VILLAGE_A1);
	snprintf(in->town_code, sizeof(in->town_code), "%s", TOWN_A);
	assert_int_equal(store_facility_insert(f->st, in, NOW, 0, &id, &err), WB_OK);
	assert_int_equal(store_facility_get(f->st, &f->county, id, out, &err), WB_OK);
	assert_int_equal(out->type, FACILITY_PROJECT);
	for (int c = 0; c < FCOL__MAX; c++)
		assert_string_equal(out->v[c], in->v[c]);
	assert_string_equal(out->town_code, TOWN_A);
	assert_int_equal(out->created_by, 0);
	/* the same type, name and division twice is refused */
	assert_int_equal(store_facility_insert(f->st, in, NOW, 0, &id, &err), WB_ERR_CONFLICT);
	free(in);
	free(out);
}

static const char stations[] =
	"\xEF\xBB\xBF名称,镇街代码,成立日期,状态\r\n"
	"梧桐街道未保站," TOWN_A ",2021-03-01,运行\r\n"
	"凤鸣街道未保站," TOWN_B ",2022/5/1,筹建\r\n";

static void
test_scopes(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	struct scope town_a = scope_make(SCOPE_RULE_REGISTER, SCOPE_TOWN, TOWN_A, 0, 7, 0);
	struct scope village_a1 = scope_make(SCOPE_RULE_REGISTER, SCOPE_VILLAGE, VILLAGE_A1, 0, 7, 0);
	struct scope unit_read = scope_make(SCOPE_RULE_REGISTER, SCOPE_UNIT, NULL, 3, 7, 0);
	struct scope unit_write = scope_make(SCOPE_RULE_DIVISION, SCOPE_UNIT, NULL, 3, 7, 0);
	struct scope own = scope_make(SCOPE_RULE_REGISTER, SCOPE_OWN, NULL, 0, 1, 0);
	struct facility_row *r = malloc(sizeof(*r));
	struct wb_err err = { 0 };
	struct count c = { 0 };

	assert_int_equal(import(&f->app, FACILITY_STATION, stations, false, &rep), WB_OK);
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, "", ""), 2);
	assert_int_equal(count_in(f, &town_a, FACILITY_STATION, "", ""), 1);
	assert_int_equal(count_in(f, &village_a1, FACILITY_STATION, "", ""), 0);
	assert_int_equal(count_in(f, &unit_read, FACILITY_STATION, "", ""), 2);
	assert_int_equal(count_in(f, &unit_write, FACILITY_STATION, "", ""), 0);
	assert_int_equal(count_in(f, &own, FACILITY_STATION, "", ""), 0);   /* made by the CLI */
	/* filters: town, name, type */
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, TOWN_B, ""), 1);
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, "", "梧桐"), 1);
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, "", "%"), 0);
	assert_int_equal(count_in(f, &f->county, FACILITY_TYPE__MAX, "", ""), 2);
	assert_int_equal(count_in(f, &f->county, FACILITY_SCHOOL, "", ""), 0);
	/* get by id: another town's record is not found */
	assert_int_equal(store_facility_page(f->st, &(struct facility_filter){ .scope = &f->county,
		.type = FACILITY_STATION, .town = TOWN_B }, -1, 0, count_row, &c, NULL, &err), WB_OK);
	assert_int_equal(store_facility_get(f->st, &town_a, c.last_id, r, &err), WB_ERR_NOTFOUND);
	assert_int_equal(store_facility_get(f->st, &unit_read, c.last_id, r, &err), WB_OK);
	assert_int_equal(store_facility_get(f->st, &unit_write, c.last_id, r, &err), WB_ERR_NOTFOUND);
	free(r);
}

static void
test_town_user_writes_only_its_town(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	struct scope town_a = scope_make(SCOPE_RULE_DIVISION, SCOPE_TOWN, TOWN_A, 0, 0, 0);
	struct app_ctx a = f->app;
	struct vec issues = VEC_INIT(struct facility_issue);
	struct wb_err err = { 0 };
	const char *in[FCOL__MAX] = { 0 };
	int64_t id;

	a.scope = &town_a;
	/* a file with a row in another town: that row refused, nothing written */
	assert_int_equal(import(&a, FACILITY_STATION, stations, false, &rep), WB_ERR_INVALID);
	assert_int_equal(rep.issues.n, 1);
	assert_int_equal(((struct facility_issue *)vec_at(&rep.issues, 0))->row, 3);
	assert_non_null(strstr(((struct facility_issue *)vec_at(&rep.issues, 0))->reason,
			       "不在您的管辖范围内"));
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, "", ""), 0);
	/* a single record in another town: refused */
	in[FCOL_NAME] = "乙站";
	in[FCOL_DIVISION] = TOWN_B;
	in[FCOL_OPENED_ON] = "2020-01-01";
	in[FCOL_STATUS] = "运行";
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_create(&a, FACILITY_STATION, in, &id, &issues, &err),
			 WB_ERR_DENIED);
	in[FCOL_DIVISION] = TOWN_A;
	assert_int_equal(app_facility_create(&a, FACILITY_STATION, in, &id, &issues, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	vec_free(&issues);
}

static void
test_import_all_or_nothing_then_skip_bad(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	static const char csv[] =
		"名称,村社区代码,类型,命名级别,命名日期\n"
		"甲一儿童之家," VILLAGE_A1 ",示范型,省级,2021-06-01\n"
		"坏一," VILLAGE_A1 ",高级型,,\n"            /* outside the closed list */
		"坏二,330483001999,基础型,,\n"              /* unknown village */
		"坏三," TOWN_A ",基础型,,2021-13-01\n"      /* a town code, a bad date */
		"甲一儿童之家," VILLAGE_A1 ",基础型,,\n";   /* the same record again */
	const struct facility_issue *is;

	assert_int_equal(import(&f->app, FACILITY_CHILDREN_HOME, csv, false, &rep), WB_ERR_INVALID);
	assert_int_equal(rep.rejected, 4);
	assert_int_equal(rep.issues.n, 5);
	is = vec_at(&rep.issues, 0);
	assert_int_equal(is->row, 3);
	assert_string_equal(is->header, "类型");
	is = vec_at(&rep.issues, 1);
	assert_int_equal(is->row, 4);
	assert_non_null(strstr(is->reason, "不存在"));
	is = vec_at(&rep.issues, 4);
	assert_int_equal(is->row, 6);
	assert_non_null(strstr(is->reason, "第 2 行"));
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_CHILDREN_HOME, "", ""), 0);

	assert_int_equal(import(&f->app, FACILITY_CHILDREN_HOME, csv, true, &rep), WB_OK);
	assert_int_equal(rep.created, 1);
	assert_int_equal(rep.rejected, 4);
	assert_non_null(rep.rejected_csv);
	assert_non_null(strstr(rep.rejected_csv, "名称,村社区代码,类型,命名级别,命名日期,错误原因"));
	assert_non_null(strstr(rep.rejected_csv, "坏二,330483001999"));
	assert_null(strstr(rep.rejected_csv, "2021-06-01"));   /* the good row is not in it */
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_CHILDREN_HOME, "", ""), 1);
}

static void
test_header_problems_stop_everything(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;

	assert_int_equal(import(&f->app, FACILITY_STATION,
				"名称,镇街代码,成立时间,状态\n甲站," TOWN_A ",2020-01-01,运行\n", true,
				&rep),
			 WB_ERR_INVALID);
	assert_int_equal(rep.issues.n, 2);
	assert_int_equal(((struct facility_issue *)vec_at(&rep.issues, 0))->row, 1);
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_STATION, "", ""), 0);
}

static void
test_values_without_a_header_refused(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;

	/* trailing empty columns (as Excel saves them) are fine */
	assert_int_equal(import(&f->app, FACILITY_POST,
				"名称,区划代码,建成日期,,\n甲驿站," TOWN_A ",2022-01-01,,\n", false, &rep),
			 WB_OK);
	assert_int_equal(rep.created, 1);
	facility_import_report_free(&rep);
	/* a value under no header, or beyond the header, is never dropped silently */
	assert_int_equal(import(&f->app, FACILITY_POST,
				"名称,区划代码,建成日期,\n乙驿站," TOWN_A ",2022-01-01,x\n"
				"丙驿站," TOWN_A ",2022-01-01,,y\n", false, &rep),
			 WB_ERR_INVALID);
	assert_int_equal(rep.issues.n, 2);
	assert_non_null(strstr(((struct facility_issue *)vec_at(&rep.issues, 0))->reason, "第 4 列"));
	assert_non_null(strstr(((struct facility_issue *)vec_at(&rep.issues, 1))->reason, "第 5 列"));
	facility_import_report_free(&rep);
}

struct changes {
	int n;
	char actions[8][16];
	char after[8][512];
};

static void
keep_change(const struct facility_change *c, void *arg)
{
	struct changes *ch = arg;

	if (ch->n < 8) {
		snprintf(ch->actions[ch->n], sizeof(ch->actions[0]), "%s", c->action);
		snprintf(ch->after[ch->n], sizeof(ch->after[0]), "%s", c->after ? c->after : "");
	}
	ch->n++;
}

static void
test_reimport_unchanged_update_history_phone(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	static const char v1[] = "姓名,村社区代码,手机,任职日期\n"
				 "王小明," VILLAGE_A1 ",13800138000,2022-01-05\n"
				 "李小红," VILLAGE_A2 ",13900139000,2022-02-01\n";
	static const char v2[] = "姓名,村社区代码,手机,任职日期\n"
				 "王小明," VILLAGE_A1 ",13700137000,2022-01-05\n"
				 "李小红," VILLAGE_A2 ",13900139000,2022-02-01\n";
	char (*shown)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct facility_row *r = malloc(sizeof(*r));
	struct changes ch = { 0 };
	struct wb_err err = { 0 };
	bool found;

	assert_int_equal(import(&f->app, FACILITY_DIRECTOR, v1, false, &rep), WB_OK);
	assert_int_equal(rep.created, 2);
	facility_import_report_free(&rep);
	assert_int_equal(import(&f->app, FACILITY_DIRECTOR, v1, false, &rep), WB_OK);
	assert_int_equal(rep.created + rep.updated, 0);
	assert_int_equal(rep.unchanged, 2);
	facility_import_report_free(&rep);
	assert_int_equal(import(&f->app, FACILITY_DIRECTOR, v2, false, &rep), WB_OK);
	assert_int_equal(rep.updated, 1);
	assert_int_equal(rep.unchanged, 1);
	facility_import_report_free(&rep);

	assert_int_equal(store_facility_find(f->st, FACILITY_DIRECTOR, "王小明", VILLAGE_A1, r, &found,
					     &err), WB_OK);
	assert_true(found);
	/* the phone is a token, not the number; shown masked or in clear */
	assert_null(strstr(r->v[FCOL_PHONE], "13700137000"));
	assert_true(strncmp(r->v[FCOL_PHONE], "v1:", 3) == 0);
	assert_int_equal(app_facility_display(&f->app, r, true, shown, &err), WB_OK);
	assert_string_equal(shown[FCOL_PHONE], "137****7000");
	assert_int_equal(app_facility_display(&f->app, r, false, shown, &err), WB_OK);
	assert_string_equal(shown[FCOL_PHONE], "13700137000");
	/* history: created, then updated; phones in it only masked */
	assert_int_equal(store_facility_history(f->st, r->id, keep_change, &ch, &err), WB_OK);
	assert_int_equal(ch.n, 2);
	assert_string_equal(ch.actions[0], "create");
	assert_string_equal(ch.actions[1], "update");
	assert_non_null(strstr(ch.after[1], "137****7000"));
	assert_null(strstr(ch.after[1], "13700137000"));
	/* a delete needs a reason and keeps the history */
	assert_int_equal(store_begin(f->st, &err), WB_OK);
	assert_int_equal(app_facility_delete(&f->app, r->id, "  ", r, &err), WB_ERR_INVALID);
	assert_int_equal(app_facility_delete(&f->app, r->id, "离任", r, &err), WB_OK);
	assert_int_equal(store_commit(f->st, &err), WB_OK);
	memset(&ch, 0, sizeof(ch));
	assert_int_equal(store_facility_history(f->st, r->id, keep_change, &ch, &err), WB_OK);
	assert_int_equal(ch.n, 3);
	assert_string_equal(ch.actions[2], "delete");
	assert_int_equal(count_in(f, &f->county, FACILITY_DIRECTOR, "", ""), 1);
	free(shown);
	free(r);
}

static void
test_gb18030_file(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	static const char utf8[] = "名称,区划代码,学段,智安校园建成日期\n"
				   "桐乡市实验小学," TOWN_A ",小学,2022-09-01\n";
	char gb[512], *in = (char *)utf8, *out = gb;
	size_t inleft = strlen(utf8), outleft = sizeof(gb) - 1;
	iconv_t cd = iconv_open("GB18030", "UTF-8");

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	*out = '\0';
	assert_int_equal(import(&f->app, FACILITY_SCHOOL, gb, false, &rep), WB_OK);
	assert_int_equal(rep.created, 1);
	facility_import_report_free(&rep);
	assert_int_equal(count_in(f, &f->county, FACILITY_SCHOOL, "", "实验小学"), 1);
}

static void
test_key_rotation_reencrypts_phones(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	char (*shown)[FACILITY_VALUE_MAX] = malloc(sizeof(char[FCOL__MAX][FACILITY_VALUE_MAX]));
	struct facility_row *r = malloc(sizeof(*r));
	struct wb_err err = { 0 };
	struct rotation rot;
	bool found;

	assert_int_equal(import(&f->app, FACILITY_SUPERVISOR,
				"姓名,镇街代码,手机,任职日期\n钱督导," TOWN_B ",13312345678,2021-01-01\n",
				false, &rep), WB_OK);
	facility_import_report_free(&rep);
	assert_int_equal(app_keys_rotate(f->st, f->key_path, &f->keys, 0, 10, 0, &rot, &err), WB_OK);
	assert_int_equal(store_facility_find(f->st, FACILITY_SUPERVISOR, "钱督导", TOWN_B, r, &found,
					     &err), WB_OK);
	assert_true(found);
	assert_true(strncmp(r->v[FCOL_PHONE], "k2:", 3) == 0);   /* under the new generation */
	assert_int_equal(app_facility_display(&f->app, r, false, shown, &err), WB_OK);
	assert_string_equal(shown[FCOL_PHONE], "13312345678");
	free(shown);
	free(r);
}

struct vacant {
	int n;
	char codes[8][16];
};

static void
keep_vacant(const char *code, const char *name, const char *parent, void *arg)
{
	struct vacant *v = arg;

	(void)name;
	(void)parent;
	if (v->n < 8)
		snprintf(v->codes[v->n], sizeof(v->codes[0]), "%s", code);
	v->n++;
}

static void
test_vacancies(void **state)
{
	struct reg_fixture *f = *state;
	struct facility_import_report rep;
	struct scope town_a = scope_make(SCOPE_RULE_REGISTER, SCOPE_TOWN, TOWN_A, 0, 0, 0);
	struct vacant towns = { 0 }, villages = { 0 };
	struct wb_err err = { 0 };

	assert_int_equal(import(&f->app, FACILITY_SUPERVISOR,
				"姓名,镇街代码,手机,任职日期\n张督导," TOWN_A ",13600136000,2021-01-01\n",
				false, &rep), WB_OK);
	facility_import_report_free(&rep);
	assert_int_equal(import(&f->app, FACILITY_DIRECTOR,
				"姓名,村社区代码,手机,任职日期\n赵主任," VILLAGE_A1 ",13500135000,2021-01-01\n",
				false, &rep), WB_OK);
	facility_import_report_free(&rep);
	assert_int_equal(store_facility_vacancies(f->st, &town_a, false, keep_vacant, &towns, &err),
			 WB_OK);
	assert_int_equal(towns.n, 0);      /* town A has its 督导员 */
	assert_int_equal(store_facility_vacancies(f->st, &town_a, true, keep_vacant, &villages, &err),
			 WB_OK);
	assert_int_equal(villages.n, 1);
	assert_string_equal(villages.codes[0], VILLAGE_A2);
	memset(&towns, 0, sizeof(towns));
	assert_int_equal(store_facility_vacancies(f->st, &f->county, false, keep_vacant, &towns, &err),
			 WB_OK);
	assert_true(towns.n >= 10);        /* the other towns of 桐乡 */
	for (int i = 0; i < towns.n && i < 8; i++)
		assert_string_not_equal(towns.codes[i], TOWN_A);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_column_round_trips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_town_user_writes_only_its_town, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_all_or_nothing_then_skip_bad, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_header_problems_stop_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_without_a_header_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_unchanged_update_history_phone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gb18030_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vacancies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_rotation_reencrypts_phones, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	testdb_cleanup();
	return rc;
}
