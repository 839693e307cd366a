/* The work-plan notice parser (core/notice.h): the 2022 plan exactly, a
 * corpus of synthetic notices in every published shape, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/notice_units.h"
#include "core/notice.h"
#include "util/text.h"

#define NOTICES WEIBAO_SOURCE_DIR "/tests/data/notices/"
#define PLAN_2022 "tongxiang-2022-workplan.txt"

static struct notice_dict *dict;

static int
setup(void **state)
{
	struct wb_err err = { 0 };
	(void)state;

	dict = notice_units_embedded(&err);
	return dict ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	notice_dict_free(dict);
	return 0;
}

/* Reads a corpus file (converted to UTF-8); the caller frees it. */
static char *
load(const char *path, size_t *len)
{
	struct wb_err err = { 0 };
	size_t n;
	char *raw = text_read_file(path, 64u << 20, &n, &err), *text;

	if (raw == NULL)
		return NULL;
	text = text_to_utf8(raw, n, len, &err);
	free(raw);
	return text;
}

/* Parses a corpus file, failing the test when it does not parse. */
static struct notice *
parse_file(const char *name)
{
	struct wb_err err = { 0 };
	struct notice *n = NULL;
	char path[512];
	size_t len;
	char *text;

	snprintf(path, sizeof(path), "%s%s", NOTICES, name);
	text = load(path, &len);
	assert_non_null(text);
	if (notice_parse(text, len, dict, &n, &err) != WB_OK)
		fail_msg("%s: %s", name, err.msg);
	free(text);
	return n;
}

static struct notice *
parse_str(const char *s)
{
	struct wb_err err = { 0 };
	struct notice *n = NULL;

	if (notice_parse(s, strlen(s), dict, &n, &err) != WB_OK)
		fail_msg("%s", err.msg);
	return n;
}

/* Number of warnings with the given code. */
static size_t
nwarn(const struct notice *n, enum notice_warning_code code)
{
	size_t k = 0;

	for (size_t i = 0; i < n->nwarnings; i++)
		k += n->warnings[i].code == code;
	return k;
}

/* Asserts units[0..n) equal the NULL-terminated list want. */
static void
assert_units(const char *const *units, size_t n, const char *const *want, int item)
{
	size_t k = 0;

	for (; want[k]; k++) {
		if (k >= n)
			fail_msg("item %d: %zu units, wanted more (%s…)", item, n, want[k]);
		if (strcmp(units[k], want[k]) != 0)
			fail_msg("item %d: unit %zu is %s, wanted %s", item, k, units[k], want[k]);
	}
	if (k != n)
		fail_msg("item %d: %zu units, wanted %zu (extra: %s)", item, n, k, units[k]);
}

struct want_target {
	const char *op;
	double value, value2;
	const char *unit, *scope, *text;
};

static void
assert_target(const struct notice_target *t, const struct want_target *w, int item)
{
	if (strcmp(notice_op_name(t->op), w->op) != 0 || t->value != w->value ||
	    (t->op == NOTICE_OP_RANGE && t->value2 != w->value2) || strcmp(t->unit, w->unit) != 0 ||
	    strcmp(notice_scope_name(t->scope), w->scope) != 0 ||
	    (w->text && strcmp(t->text, w->text) != 0))
		fail_msg("item %d: target {%s %g %g %s %s \"%s\"}, wanted {%s %g %g %s %s \"%s\"}", item,
			 notice_op_name(t->op), t->value, t->value2, t->unit,
			 notice_scope_name(t->scope), t->text, w->op, w->value, w->value2, w->unit,
			 w->scope, w->text ? w->text : "*");
}

static void
assert_targets(const struct notice_item *it, const struct want_target *w)
{
	size_t k = 0;

	for (; w[k].op; k++) {
		if (k >= it->ntargets)
			fail_msg("item %d: %zu targets, wanted more", it->number, it->ntargets);
		assert_target(&it->targets[k], &w[k], it->number);
	}
	if (k != it->ntargets)
		fail_msg("item %d: %zu targets, wanted %zu (extra: %s)", it->number, it->ntargets, k,
			 it->targets[k].text);
}

/* ---- the 2022 plan ------------------------------------------------------- */

#define MAXU 24
#define MAXT 4

static const struct want_item {
	int number;
	size_t section;
	const char *lead[MAXU];
	const char *units[MAXU];
	struct want_target targets[MAXT];
} plan2022[27] = {
	{ 1, 1, { "市委政法委" }, { "市委政法委", "市委宣传部" }, { { 0 } } },
	{ 2, 1, { "市民政局" }, { "市民政局" },
	  { { "=", 11, 0, "个", "county", "设立11个镇(街道)未保站" } } },
	{ 3, 1, { "市教育局" },
	  { "市教育局", "市财政局", "市建设局", "市发改局", "市公安局" }, { { 0 } } },
	{ 4, 1, { "市委宣传部" }, { "市委宣传部", "市妇联", "市民政局" },
	  { { ">=", 11, 0, "个", "county", "命名11个以上示范型儿童之家(其中嘉兴市级命名3个)" },
	    { "=", 3, 0, "个", "county", "其中嘉兴市级命名3个" },
	    { ">=", 15, 0, "%", "each_town",
	      "每个镇(街道)建有示范型儿童之家占比达到村(社)总数的15%" } } },
	{ 5, 1, { "市民政局" }, { "市民政局", "市妇联" }, { { 0 } } },
	{ 6, 2, { "市民政局" }, { "市民政局", "市财政局" },
	  { { ">=", 25000, 0, "元", "county", "集中供养孤儿最低人均年养育标准达到 2.5 万元" } } },
	{ 7, 2, { "市残联" }, { "市残联" },
	  { { "=", 100, 0, "%", "county", "落实定点康复机构 100%纳入协议管理" } } },
	{ 8, 2, { "市卫生健康局" }, { "市卫生健康局", "市建设局" },
	  { { ">=", 3.1, 0, "个/千人", "county", "每千人托位数达 3.1个以上" } } },
	{ 9, 2, { "市妇联" }, { "市妇联" }, { { 0 } } },
	{ 10, 2, { "团市委" }, { "团市委", "市教育局", "市卫生健康局" },
	  { { 0 } } },
	{ 11, 2, { "市教育局" },
	  { "市教育局", "市公安局", "市司法局", "市检察院", "市法院" }, { { 0 } } },
	{ 12, 2, { "市医保局" }, { "市医保局" }, { { 0 } } },
	{ 13, 2, { "市关工委" }, { "市关工委" }, { { 0 } } },
	{ 14, 2, { "团市委" }, { "团市委" }, { { 0 } } },
	{ 15, 2, { "市妇联" }, { "市妇联", "团市委" },
	  { { "=", 30, 0, "%", "county", "首批覆盖 30%的镇(街道)和 5%-10%的村(社区)" },
	    { "range", 5, 10, "%", "county", "首批覆盖 30%的镇(街道)和 5%-10%的村(社区)" } } },
	{ 16, 2, { "市民政局" }, { "市民政局", "市财政局" }, { { 0 } } },
	/* 市未保办,各成员单位: the office (first listed: it leads), then every member unit */
	{ 17, 3,
	  { "市未保办" },
	  { "市未保办", "市委政法委", "市委宣传部", "市民政局", "市教育局", "市财政局", "市建设局",
	    "市发改局", "市公安局", "市妇联", "市残联", "市卫生健康局", "团市委", "市司法局",
	    "市检察院", "市法院", "市医保局", "市关工委", "市文广局", "市人力社保局",
	    "市市场监管局" },
	  { { 0 } } },
	/* “清朗·2022年暑期…” is a programme name, not a target */
	{ 18, 3, { "市委宣传部" }, { "市委宣传部", "市文广局" }, { { 0 } } },
	{ 19, 3, { "市教育局" }, { "市教育局", "市公安局" },
	  { { ">=", 80, 0, "%", "county", "力争到年底覆盖 80%以上中小学、幼儿园”" } } },
	{ 20, 3,
	  { "市法院" },
	  { "市法院", "市检察院", "市公安局", "市教育局", "市民政局", "市卫生健康局" },
	  { { "=", 100, 0, "%", "county",
	      "对学校、托育、医院、校外培训、儿童福利、未成年人保护等机构内相关工作人员违法犯罪记录进行全覆盖查询" } } },
	{ 21, 3, { "市人力社保局" }, { "市人力社保局" }, { { 0 } } },
	/* 责任单位 instead of 责任部门 */
	{ 22, 3, { "市未保办" },
	  { "市未保办", "市市场监管局", "市卫生健康局", "市检察院" }, { { 0 } } },
	{ 23, 3, { "市法院" }, { "市法院", "市检察院", "市妇联" }, { { 0 } } },
	{ 24, 3, { "市司法局" }, { "市司法局", "团市委", "市检察院" },
	  { { 0 } } },
	{ 25, 3, { "市检察院" }, { "市检察院" }, { { 0 } } },
	{ 26, 3, { "市公安局" }, { "市公安局", "市检察院", "市法院" },
	  { { 0 } } },
	{ 27, 3,
	  { "市委政法委" },
	  { "市委政法委", "市检察院", "市法院", "市公安局", "市教育局", "市民政局", "市司法局" },
	  { { 0 } } },
};

static void
check_2022(const struct notice *n)
{
	assert_int_equal(n->nitems, 27);
	for (size_t i = 0; i < 27; i++) {
		const struct notice_item *it = &n->items[i];
		const struct want_item *w = &plan2022[i];
		assert_int_equal(it->number, w->number);
		assert_int_equal(it->section, w->section);
		assert_units(it->units, it->nlead, w->lead, it->number);
		assert_units(it->units, it->nunits, w->units, it->number);
		assert_targets(it, w->targets);
		assert_non_null(it->marker);
		assert_null(strstr(it->text, "责任"));
	}
}

static void
test_2022_header(void **state)
{
	struct notice *n = parse_file(PLAN_2022);
	(void)state;

	assert_string_equal(n->title, "关于印发《桐乡市未成年人保护工作委员会2022年工作要点》的通知");
	assert_string_equal(n->doc_number, "桐未工委办〔2022〕2号");
	assert_string_equal(n->issuer, "桐乡市未成年人保护工作委员会办公室");
	assert_string_equal(n->date, "2022-05-24");
	assert_int_equal(n->year, 2022);
	assert_int_equal(n->nsections, 3);
	assert_int_equal(n->sections[0].number, 1);
	assert_string_equal(n->sections[0].title, "强化体系建设,进一步完善未成年人保护工作机制");
	assert_string_equal(n->sections[1].title, "聚焦精准保障,进一步提升未成年人关爱服务能力");
	assert_int_equal(n->sections[2].number, 3);
	assert_string_equal(n->sections[2].title, "深化权益维护,进一步营造未成年人健康成长环境");
	notice_free(n);
}

static void
test_2022_items(void **state)
{
	struct notice *n = parse_file(PLAN_2022);
	(void)state;

	check_2022(n);
	assert_string_equal(n->items[0].text, "将未成年人保护工作开展情况纳入平安建设考核重要内容,"
					      "细化文明创建中未成年人保护相关要求。");
	assert_string_equal(n->items[21].marker,
			    "(责任单位:市未保办、市市场监管局、市卫生健康局、市检察院)");
	/* the text after the last marker is not part of item 27 */
	assert_string_equal(n->items[26].text + strlen(n->items[26].text) - strlen("多元综合救助。"),
			    "多元综合救助。");
	notice_free(n);
}

static void
test_2022_units_and_warnings(void **state)
{
	struct notice *n = parse_file(PLAN_2022);
	size_t targets = 0;
	(void)state;

	assert_int_equal(n->nunits, 21);
	assert_int_equal(n->nwarnings, 0);
	for (size_t i = 0; i < n->nitems; i++)
		targets += n->items[i].ntargets;
	assert_int_equal(targets, 11);
	notice_free(n);
}

/* The copy in tests/data is the plan in ../shared/data. */
static void
test_2022_shared_copy(void **state)
{
	struct wb_err err = { 0 };
	struct notice *n = NULL;
	size_t len;
	char *text = load(WEIBAO_SHARED_DIR "/data/" PLAN_2022, &len);
	(void)state;

	if (text == NULL)
		skip();
	assert_int_equal(notice_parse(text, len, dict, &n, &err), WB_OK);
	check_2022(n);
	notice_free(n);
	free(text);
}

/* ---- synthetic corpus ------------------------------------------------------ */

static void
check_fullwidth_arabic(const struct notice *n)
{
	static const char *const office[] = { "市未保办", NULL }, *const mz_cz[] = { "市民政局", "市财政局", NULL },
				 *const fl_mz[] = { "市妇联", "市民政局", NULL },
				 *const jy_sc[] = { "市教育局", "市市场监管局", NULL };
	static const struct want_target t1[] = { { ">=", 4, 0, "次", "county", "全年召开联络员会议不少于4次" }, { 0 } },
		t2[] = { { ">=", 2, 0, "名", "each_town", "每个镇(街道)配备儿童督导员不少于2名" }, { 0 } },
		t3[] = { { ">=", 1980, 0, "元", "county", "达到每人每月1,980元" }, { 0 } },
		t4[] = { { ">=", 95, 0, "%", "county", "全市儿童之家覆盖率达到95%以上" },
			 { "=", 100, 0, "%", "county", "困境儿童走访率100%" }, { 0 } },
		t5[] = { { "<=", 20, 0, "件", "county", "年均投诉不超过20件" }, { 0 } };

	assert_string_equal(n->title, "桐乡市未成年人保护工作委员会办公室关于印发《2023年未成年人保护工作要点》的通知");
	assert_string_equal(n->doc_number, "桐未工委办〔2023〕1号");
	assert_string_equal(n->issuer, "桐乡市未成年人保护工作委员会办公室");
	assert_string_equal(n->date, "2023-03-15");
	assert_int_equal(n->year, 2023);
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[1].title, "强化关爱服务");
	assert_int_equal(n->nitems, 5);
	assert_int_equal(n->items[2].section, 2);
	/* full-width punctuation is normalised: （）：，→ ( ) : , */
	assert_string_equal(n->items[1].text, "推进镇(街道)未成年人保护工作站规范化建设,"
					      "每个镇(街道)配备儿童督导员不少于2名。");
	assert_units(n->items[0].units, n->items[0].nunits, office, 1);
	assert_units(n->items[1].units, n->items[1].nunits, mz_cz, 2);
	assert_units(n->items[2].units, n->items[2].nunits, mz_cz, 3);  /* 民政局，财政局； */
	assert_units(n->items[3].units, n->items[3].nunits, fl_mz, 4);  /* ； as separator */
	assert_units(n->items[4].units, n->items[4].nunits, jy_sc, 5);  /* trailing 等 */
	assert_targets(&n->items[0], t1);
	assert_targets(&n->items[1], t2);
	assert_targets(&n->items[2], t3);
	assert_targets(&n->items[3], t4);
	assert_targets(&n->items[4], t5);  /* 15个工作日以内 is a deadline */
	assert_int_equal(n->nwarnings, 0);
}

static void
test_fullwidth_arabic(void **state)
{
	struct notice *n = parse_file("fullwidth-arabic.txt");
	(void)state;

	check_fullwidth_arabic(n);
	notice_free(n);
}

/* The same notice saved as GB18030: converted, then parsed alike. */
static void
test_gb18030(void **state)
{
	struct notice *n = parse_file("gb18030-fullwidth-arabic.txt");
	char path[512];
	size_t len;
	char *raw;
	(void)state;

	snprintf(path, sizeof(path), "%s%s", NOTICES, "gb18030-fullwidth-arabic.txt");
	raw = text_read_file(path, 1 << 20, &len, NULL);
	assert_non_null(raw);
	assert_false(notice_is_utf8(raw, len));
	free(raw);
	check_fullwidth_arabic(n);
	notice_free(n);
}

static void
test_paren_lead_coop(void **state)
{
	struct notice *n = parse_file("paren-lead-coop.txt");
	static const char *const l1[] = { "市未保办", NULL },
				 *const u1[] = { "市未保办", "市委政法委", "市民政局", NULL },
				 *const l3[] = { "市卫生健康局", NULL },
				 *const u3[] = { "市卫生健康局", "市教育局", "市建设局", NULL },
				 *const l4[] = { "市教育局", NULL },
				 *const u4[] = { "市教育局", "团市委", "市卫生健康局", NULL };
	static const struct want_target t3[] = { { "=", 5, 0, "家", "county", "新建普惠性托育机构5家" },
						  { "=", 300, 0, "个", "county", "新增托位300个" }, { 0 } },
					t4[] = { { "range", 2, 3, "个", "county", NULL }, { 0 } };
	(void)state;

	assert_string_equal(n->title, "关于印发2024年未成年人保护重点工作任务分工方案的通知");
	assert_null(n->doc_number);
	assert_null(n->issuer);
	assert_string_equal(n->date, "");
	assert_int_equal(n->year, 2024);
	assert_int_equal(n->nsections, 2);
	assert_int_equal(n->nitems, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(n->items[i].number, i + 1);   /* (一) … (四) */
	/* 牵头单位: and 配合单位: on lines of their own */
	assert_string_equal(n->items[0].text, "建立健全未成年人保护工作专班,完善例会制度。");
	assert_units(n->items[0].units, n->items[0].nlead, l1, 1);
	assert_units(n->items[0].units, n->items[0].nunits, u1, 1);
	/* 牵头单位:…;配合单位:各成员单位 — the lead is not repeated */
	assert_int_equal(n->items[1].nlead, 1);
	assert_string_equal(n->items[1].units[0], "市委政法委");
	assert_int_equal(n->items[1].nunits, 20);
	for (size_t k = 0; k < n->items[1].nunits; k++)
		assert_string_not_equal(n->items[1].units[k], "市未保办");
	assert_units(n->items[2].units, n->items[2].nlead, l3, 3);
	assert_units(n->items[2].units, n->items[2].nunits, u3, 3);
	assert_targets(&n->items[2], t3);
	/* (市教育局牵头，团市委、市卫健局配合) */
	assert_units(n->items[3].units, n->items[3].nlead, l4, 4);
	assert_units(n->items[3].units, n->items[3].nunits, u4, 4);
	assert_targets(&n->items[3], t4);
	assert_int_equal(n->nwarnings, 0);
	notice_free(n);
}

static void
test_dun_unlabelled(void **state)
{
	struct notice *n = parse_file("dun-unlabelled.txt");
	static const char *const u1[] = { "市教育局", "市司法局", NULL },
				 *const u2[] = { "市教育局", "市公安局", "市交通委(市道运局)", NULL },
				 *const u3[] = { "市应急管理局", "市水利局", "各镇(街道)", NULL },
				 *const u4[] = { "市文广局", "市公安局", NULL };
	static const struct want_target t2[] = { { ">=", 1, 0, "次", "county", NULL }, { 0 } },
					t3[] = { { ">=", 200, 0, "处", "county", NULL }, { 0 } },
					t4[] = { { "=", 100, 0, "%", "county", "检查覆盖率100%" }, { 0 } };
	(void)state;

	assert_string_equal(n->title, "2023年度未成年人保护工作要点");
	assert_int_equal(n->year, 2023);
	assert_int_equal(n->nsections, 0);    /* 一、 numbers the items here */
	assert_int_equal(n->nitems, 4);
	assert_int_equal(n->items[0].section, 0);
	/* 镇(街道) in the text is not a marker */
	assert_string_equal(n->items[0].text, "深入开展未成年人保护法宣传进校园活动,覆盖全市各镇(街道)中小学。");
	/* not distinguished: the first listed leads, the others cooperate */
	assert_int_equal(n->items[0].nlead, 1);
	assert_units(n->items[0].units, n->items[0].nunits, u1, 1);
	/* the bracket inside the marker stays with its unit */
	assert_units(n->items[1].units, n->items[1].nunits, u2, 2);
	assert_units(n->items[2].units, n->items[2].nunits, u3, 3);
	assert_units(n->items[3].units, n->items[3].nunits, u4, 4);
	assert_targets(&n->items[1], t2);
	assert_targets(&n->items[2], t3);
	assert_targets(&n->items[3], t4);
	/* unknown units are kept, and flagged once each */
	assert_int_equal(n->nwarnings, 4);
	for (size_t i = 0; i < n->nwarnings; i++)
		assert_int_equal(n->warnings[i].code, NOTICE_W_UNKNOWN_UNIT);
	assert_int_equal(n->warnings[0].item, 2);
	assert_non_null(strstr(n->warnings[0].message, "市交通委(市道运局)"));
	notice_free(n);
}

static void
test_yishi(void **state)
{
	struct notice *n = parse_file("yishi.txt");
	static const struct want_target t2[] = { { ">=", 500, 0, "人次", "county", NULL }, { 0 } },
		t3[] = { { ">=", 1, 0, "名", "each_village", "每个村(社区)至少配备1名儿童主任" }, { 0 } },
		t4[] = { { ">=", 90, 0, "%", "county", "查办案件结案率不低于90%" }, { 0 } };
	static const int numbers[] = { 1, 2, 1, 2 };
	static const size_t sections[] = { 1, 1, 2, 2 };
	(void)state;

	assert_string_equal(n->doc_number, "桐未保委〔2023〕5号");
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[0].title, "夯实基础");
	assert_int_equal(n->nitems, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(n->items[i].number, numbers[i]);   /* 一是 restarts */
		assert_int_equal(n->items[i].section, sections[i]);
	}
	assert_string_equal(n->items[0].text, "完善工作机制,建立季度例会制度");
	assert_string_equal(n->items[0].units[0], "市未保办");
	assert_int_equal(n->items[1].nunits, 2);
	assert_int_equal(n->items[3].nunits, 3);
	assert_int_equal(n->items[0].ntargets, 0);
	assert_targets(&n->items[1], t2);
	assert_targets(&n->items[2], t3);
	assert_targets(&n->items[3], t4);      /* “护苗2023” is a name */
	notice_free(n);
}

static void
test_flat_mixed(void **state)
{
	struct notice *n = parse_file("flat-mixed.txt");
	static const struct want_target t1[] = {
		{ ">=", 25000, 0, "元", "county", "提高孤儿养育标准至每人每年2.5万元以上" },
		{ "<=", 35000, 0, "元", "county", "残疾儿童康复救助每人不超过3.5万元" }, { 0 } },
		t2[] = { { ">=", 3.1, 0, "个/千人", "county", "每千人口拥有3岁以下婴幼儿托位数达到3.1个" },
			 { ">=", 60, 0, "%", "county", "普惠托位占比达60%以上" }, { 0 } },
		t3[] = { { "=", 100, 0, "%", "county", "实现全覆盖" }, { 0 } };
	(void)state;

	assert_string_equal(n->title, "关于印发《桐乡市2023年未成年人保护工作要点》的通知");
	assert_string_equal(n->doc_number, "桐未工委办〔2023〕3号");
	assert_string_equal(n->issuer, "桐乡市未成年人保护工作委员会办公室");
	assert_string_equal(n->date, "2023-04-01");
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[0].title, "强化保障");
	/* 2.5万元 and 3.1个 inside items do not start items */
	assert_int_equal(n->nitems, 3);
	assert_int_equal(n->items[1].number, 2);             /* 2． */
	assert_int_equal(n->items[2].section, 2);
	assert_targets(&n->items[0], t1);
	assert_targets(&n->items[1], t2);
	assert_targets(&n->items[2], t3);   /* not “清朗·2023年…”, 《…法》, 第六十二条 */
	assert_string_equal(n->items[1].units[0], "市卫生健康局");
	notice_free(n);
}

static void
test_no_markers(void **state)
{
	struct notice *n = parse_file("no-markers.txt");
	(void)state;

	assert_int_equal(n->nitems, 3);
	assert_int_equal(n->nwarnings, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(n->items[i].nunits, 0);
		assert_null(n->items[i].marker);
		assert_int_equal(n->warnings[i].code, NOTICE_W_NO_MARKER);
		assert_int_equal(n->warnings[i].item, i + 1);
	}
	assert_string_equal(n->items[2].text, "做好困境儿童走访。");
	notice_free(n);
}

static void
test_first_leads(void **state)
{
	struct notice *n = parse_file("first-leads.txt");
	(void)state;

	assert_int_equal(n->nitems, 2);
	assert_int_equal(n->items[0].nlead, 1);
	assert_int_equal(n->items[0].nunits, 3);
	assert_string_equal(n->items[0].units[0], "市未保办");
	assert_int_equal(n->items[1].nlead, 1);
	assert_string_equal(n->items[1].units[0], "市公安局");
	notice_free(n);
}

/* A notice stating that every listed unit leads overrides the convention. */
static void
test_all_lead(void **state)
{
	struct notice *n = parse_file("all-lead.txt");
	static const char *const u1[] = { "市公安局", "市市场监管局", "市文广局", NULL };
	static const struct want_target t1[] = { { ">=", 200, 0, "家", "county", NULL }, { 0 } };
	(void)state;

	assert_int_equal(n->nitems, 2);
	assert_int_equal(n->items[0].nlead, 3);
	assert_units(n->items[0].units, n->items[0].nunits, u1, 1);
	assert_targets(&n->items[0], t1);
	assert_int_equal(n->items[1].nlead, 2);
	assert_int_equal(n->nwarnings, 0);
	notice_free(n);
}

static void
test_brackets_joined(void **state)
{
	struct notice *n = parse_file("brackets-joined.txt");
	static const char *const u1[] = { "市检察院", "市法院", "市公安局", NULL },
				 *const u2[] = { "市妇联", "市教育局", "市交通运输局", NULL };
	static const struct want_target t2[] = { { ">=", 10000, 0, "户", "county", NULL }, { 0 } };
	(void)state;

	assert_int_equal(n->nitems, 2);          /* 1、 2、 */
	/* 【责任单位:A;配合单位:B和C】: A leads, 和 joins two units */
	assert_int_equal(n->items[0].nlead, 1);
	assert_units(n->items[0].units, n->items[0].nunits, u1, 1);
	assert_int_equal(n->items[1].nlead, 1);
	assert_units(n->items[1].units, n->items[1].nunits, u2, 2);
	assert_targets(&n->items[1], t2);
	assert_int_equal(n->nwarnings, 1);
	assert_int_equal(n->warnings[0].code, NOTICE_W_UNKNOWN_UNIT);
	notice_free(n);
}

/* A collective party written with 、 is one party, not two. */
static void
test_collective_parties(void **state)
{
	struct notice *n = parse_file("collective-parties.txt");
	static const char *const u1[] = { "市应急管理局", "各镇(街道)、村(社区)", NULL },
				 *const u2[] = { "市教育局", "团市委", "各镇(街道)", NULL },
				 *const u3[] = { "市民政局", "各镇(街道)、村(社区)", "市妇联", NULL },
				 *const u4[] = { "市未保办", "各区、县级市未保办", NULL };
	static const struct want_target t1[] = { { ">=", 300, 0, "处", "county", NULL }, { 0 } },
		t2[] = { { ">=", 1, 0, "个", "each_town", NULL }, { 0 } };
	(void)state;

	assert_string_equal(n->doc_number, "桐未工委办〔2025〕4号");
	assert_string_equal(n->date, "2025-06-20");
	assert_int_equal(n->nsections, 2);
	assert_int_equal(n->nitems, 4);
	assert_units(n->items[0].units, n->items[0].nunits, u1, 1);
	assert_units(n->items[1].units, n->items[1].nunits, u2, 2);
	assert_units(n->items[2].units, n->items[2].nunits, u3, 3);
	/* 县级市未保办 after 各区、 is not 市未保办 of a place 县级 */
	assert_units(n->items[3].units, n->items[3].nunits, u4, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(n->items[i].nlead, 1);
	assert_targets(&n->items[0], t1);
	assert_targets(&n->items[1], t2);
	/* one warning per unknown party: 市应急管理局 and the collectives */
	assert_int_equal(nwarn(n, NOTICE_W_UNKNOWN_UNIT), 5);
	assert_int_equal(n->nwarnings, 5);
	notice_free(n);

	/* a unit after a collective stays a unit of its own */
	n = parse_str("1.工作。(责任单位:各镇(街道)、市民政局、各区、县级市、教育局)");
	static const char *const u5[] = { "各镇(街道)", "市民政局", "各区、县级市", "市教育局", NULL };
	assert_units(n->items[0].units, n->items[0].nunits, u5, 1);
	notice_free(n);
}

/* An excerpt: sections and items start mid-way ((八), 二、), and an item
 * without units of its own is the heading of numbered sub-items. */
static void
test_excerpt_midway(void **state)
{
	struct notice *n = parse_file("excerpt-midway.txt");
	static const int numbers[] = { 8, 1, 2, 10, 11, 1, 2 };
	static const size_t sections[] = { 1, 1, 1, 1, 2, 2, 2 };
	static const char *const u2[] = { "市教育局", "市卫生健康局", NULL },
				 *const u5[] = { "市委宣传部", "市公安局", "市文广局", NULL };
	static const struct want_target t1[] = { { ">=", 2200, 0, "元", "county", NULL }, { 0 } },
		t2[] = { { ">=", 95, 0, "%", "county", NULL }, { 0 } },
		t3[] = { { ">=", 1, 0, "名", "each_school", NULL }, { 0 } },
		t4[] = { { ">=", 12, 0, "次", "each_town", NULL }, { 0 } };
	(void)state;

	assert_string_equal(n->title, "桐乡市2025年未成年人保护工作要点(摘录)");
	assert_int_equal(n->year, 2025);
	assert_int_equal(n->nsections, 2);
	assert_int_equal(n->sections[0].number, 2);
	assert_string_equal(n->sections[0].title, "聚焦精准保障,提升关爱服务水平");
	assert_int_equal(n->sections[1].number, 3);
	assert_int_equal(n->nitems, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(n->items[i].number, numbers[i]);
		assert_int_equal(n->items[i].section, sections[i]);
		assert_non_null(n->items[i].marker);
		assert_int_equal(n->items[i].nlead, 1);
	}
	/* (九) and (十二) are headings: their text is no item's */
	for (size_t i = 0; i < 7; i++)
		assert_null(strstr(n->items[i].text, "心理健康服务。"));
	assert_string_equal(n->items[1].text, "开展中小学生心理健康测评,测评覆盖率达到95%以上。");
	assert_units(n->items[1].units, n->items[1].nunits, u2, 2);
	assert_units(n->items[4].units, n->items[4].nunits, u5, 11);
	assert_targets(&n->items[0], t1);
	assert_targets(&n->items[1], t2);
	assert_targets(&n->items[2], t3);
	assert_targets(&n->items[3], t4);
	assert_int_equal(n->nwarnings, 1);   /* 各镇(街道) */
	assert_int_equal(nwarn(n, NOTICE_W_NUMBERING), 0);
	notice_free(n);
}

static void
test_excerpt_arabic(void **state)
{
	struct notice *n = parse_file("excerpt-arabic.txt");
	static const int numbers[] = { 5, 6, 7, 9 };
	(void)state;

	assert_string_equal(n->issuer, "桐乡市未成年人保护工作委员会办公室");
	assert_string_equal(n->date, "2025-03-10");
	assert_int_equal(n->nsections, 0);
	assert_int_equal(n->nitems, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(n->items[i].number, numbers[i]);
	assert_string_equal(n->items[1].units[0], "市发改局");
	assert_int_equal(n->items[1].nunits, 3);
	assert_int_equal(n->items[1].nlead, 1);
	/* 8 is not in the excerpt: flagged */
	assert_int_equal(n->nwarnings, 1);
	assert_int_equal(nwarn(n, NOTICE_W_NUMBERING), 1);
	assert_int_equal(n->warnings[0].item, 4);
	notice_free(n);

	/* an item 1 later on is not swallowed by a stray number before it */
	n = parse_str("附:3.见下表\n1.甲。(责任部门:民政局)\n2.乙。(责任部门:教育局)\n");
	assert_int_equal(n->nitems, 2);
	assert_int_equal(n->items[0].number, 1);
	notice_free(n);
}

/* Sub-items that do not name their own units stay in the item above. */
static void
test_sub_items_kept_in_item(void **state)
{
	struct notice *n = parse_str("(一)做好以下工作:\n1.甲项;\n2.乙项。(责任单位:民政局、教育局)\n"
				     "(二)丙项工作。(责任单位:妇联)\n(三)丁项工作。(责任单位:团市委)\n");
	(void)state;

	assert_int_equal(n->nitems, 3);
	assert_int_equal(n->items[0].number, 1);
	assert_non_null(strstr(n->items[0].text, "乙项"));
	assert_int_equal(n->items[0].nunits, 2);
	assert_int_equal(n->items[1].number, 2);
	notice_free(n);
}

/* A table flattened with | between the cells: the 责任单位 cell. */
static void
test_table_flattened(void **state)
{
	struct notice *n = parse_file("table-flattened.txt");
	static const char *const u2[] = { "市民政局", "市教育局", "市公安局", NULL },
				 *const u3[] = { "市妇联", "市民政局", "各镇(街道)", NULL };
	static const struct want_target t1[] = { { ">=", 2, 0, "次", "county", NULL }, { 0 } },
		t3[] = { { ">=", 2, 0, "个", "each_town", NULL }, { 0 } };
	(void)state;

	assert_string_equal(n->title, "桐乡市2025年未成年人保护重点工作任务清单");
	assert_string_equal(n->doc_number, "桐未工委办〔2025〕6号");
	assert_string_equal(n->issuer, "桐乡市未成年人保护工作委员会办公室");
	assert_string_equal(n->date, "2025-02-28");
	assert_int_equal(n->year, 2025);
	assert_int_equal(n->nsections, 2);
	assert_string_equal(n->sections[1].title, "强化关爱服务");
	assert_int_equal(n->nitems, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(n->items[i].number, (int)i + 1);
	assert_int_equal(n->items[1].section, 1);
	assert_int_equal(n->items[2].section, 2);
	/* the 工作内容 cell only: not the deadline cell */
	assert_string_equal(n->items[1].text, "建立困境儿童信息动态更新机制,信息更新率达到100%");
	assert_string_equal(n->items[0].units[0], "市未保办");
	assert_int_equal(n->items[0].nunits, 21);    /* 市未保办、各成员单位 */
	assert_int_equal(n->items[0].nlead, 1);
	assert_units(n->items[1].units, n->items[1].nunits, u2, 2);
	assert_units(n->items[2].units, n->items[2].nunits, u3, 3);
	assert_targets(&n->items[0], t1);
	assert_targets(&n->items[2], t3);
	assert_int_equal(n->items[3].ntargets, 0);  /* 护苗2025 is a name */
	/* an empty 责任单位 cell */
	assert_int_equal(n->items[4].nunits, 0);
	assert_null(n->items[4].marker);
	assert_int_equal(nwarn(n, NOTICE_W_NO_MARKER), 1);
	assert_int_equal(nwarn(n, NOTICE_W_UNKNOWN_UNIT), 1);
	notice_free(n);

	/* bars around the rows, 编号 (一), 牵头单位 as the column */
	n = parse_str("| 编号 | 工作任务 | 牵头单位 |\n| (一) | 开展宣传 | 民政局、财政局 |\n"
		      "| (二) | 开展培训 | 教育局 |\n");
	assert_int_equal(n->nitems, 2);
	assert_int_equal(n->items[1].number, 2);
	assert_string_equal(n->items[0].text, "开展宣传");
	assert_int_equal(n->items[0].nunits, 2);
	assert_int_equal(n->items[0].nlead, 1);
	assert_string_equal(n->items[1].units[0], "市教育局");
	notice_free(n);
}

/* ---- small cases ------------------------------------------------------- */

static void
test_numbering_shapes(void **state)
{
	static const char *const texts[] = {
		"1.甲项工作。(责任部门:民政局)\n2.乙项工作。(责任部门:教育局)\n",
		"1．甲项工作。（责任部门：民政局）\n2．乙项工作。（责任部门：教育局）\n",
		"1、甲项工作。(责任部门:民政局)\n2、乙项工作。(责任部门:教育局)\n",
		"（一）甲项工作。（责任部门：民政局）\n（二）乙项工作。（责任部门：教育局）\n",
		"一、甲项工作。(责任部门:民政局)\n二、乙项工作。(责任部门:教育局)\n",
		"工作要求:一是甲项工作(责任部门:民政局);二是乙项工作(责任部门:教育局)。",
		"1.甲项工作。(责任部门:民政局) 2.乙项工作。(责任部门:教育局)",
		"1.甲项工作。(责任部门:民政局)2.乙项工作。(责任部门:教育局)",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct notice *n = parse_str(texts[i]);
		if (n->nitems != 2)
			fail_msg("shape %zu: %zu items", i, n->nitems);
		assert_int_equal(n->items[0].number, 1);
		assert_int_equal(n->items[1].number, 2);
		assert_non_null(strstr(n->items[0].text, "甲项工作"));
		assert_null(strstr(n->items[0].text, "乙"));
		assert_string_equal(n->items[0].units[0], "市民政局");
		assert_string_equal(n->items[1].units[0], "市教育局");
		notice_free(n);
	}
}

/* A number followed by '.' inside an item is not a new item. */
static void
test_decimals_are_not_items(void **state)
{
	struct notice *n = parse_str("1.标准提高到 2.5 万元,托位数达 3.1个以上,覆盖率提高 2.5%。"
				     "(责任部门:民政局)\n2.第二项。(责任部门:教育局)");
	(void)state;

	assert_int_equal(n->nitems, 2);
	assert_int_equal(n->items[0].ntargets, 3);
	assert_true(n->items[0].targets[0].value == 25000);
	assert_true(n->items[0].targets[1].value == 3.1);
	assert_true(n->items[0].targets[2].value == 2.5);
	assert_string_equal(n->items[1].text, "第二项。");
	notice_free(n);
}

/* Skipped numbers are tolerated after a line break, and flagged. */
static void
test_numbering_gap(void **state)
{
	struct notice *n = parse_str("1.甲。(责任部门:民政局)\n2.乙。(责任部门:民政局)\n"
				     "4.丁。(责任部门:民政局)\n");
	(void)state;

	assert_int_equal(n->nitems, 3);
	assert_int_equal(n->items[2].number, 4);
	assert_int_equal(nwarn(n, NOTICE_W_NUMBERING), 1);
	assert_int_equal(nwarn(n, NOTICE_W_NO_YEAR), 1);      /* no title, no date */
	notice_free(n);
}

static void
test_marker_variants(void **state)
{
	static const struct {
		const char *text;
		size_t nlead;
		const char *units[6];
	} cases[] = {
		{ "1.工作。(责任部门:民政局、财政局)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。（责任单位：民政局，财政局；教育局）", 1, { "市民政局", "市财政局", "市教育局" } },
		{ "1.工作。(牵头单位:民政局;配合单位:财政局、教育局)", 1,
		  { "市民政局", "市财政局", "市教育局" } },
		{ "1.工作。(配合单位:财政局;牵头单位:民政局)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(民政局牵头,财政局、教育局配合)", 1, { "市民政局", "市财政局", "市教育局" } },
		{ "1.工作。(民政局、财政局按照职责分工负责)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(民政局、财政局)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(由民政局负责)", 1, { "市民政局" } },
		{ "1.工作。(责任部门:民政局、财政局等)。", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(责任部门:民政局、财政局等部门)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。【责任单位：民政局】", 1, { "市民政局" } },
		{ "1.工作。\n责任单位：民政局、财政局", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(责任部门:桐乡市民政局、市 财政局)", 1, { "市民政局", "市财政局" } },
		{ "1.工作。(责任部门:民政局、民政局、市民政局)", 1, { "市民政局" } },
		{ "1.工作。(责任部门:市人力资源和社会保障局)", 1, { "市人力社保局" } },
		{ "1.工作。(责任部门:市民政局和市财政局)", 1, { "市民政局", "市财政局" } },
		/* A、B共同牵头: the notice says both lead */
		{ "1.工作。(民政局、财政局共同牵头)", 2, { "市民政局", "市财政局" } },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct notice *n = parse_str(cases[i].text);
		size_t k = 0;
		if (n->nitems != 1 || n->items[0].nlead != cases[i].nlead)
			fail_msg("case %zu: %zu items, %zu lead", i, n->nitems,
				 n->nitems ? n->items[0].nlead : 0);
		while (cases[i].units[k])
			k++;
		assert_units(n->items[0].units, n->items[0].nunits, cases[i].units, (int)i);
		assert_string_equal(n->items[0].text, "工作。");
		assert_int_equal(nwarn(n, NOTICE_W_UNKNOWN_UNIT), 0);
		notice_free(n);
	}
}

/* 各成员单位 is every member: the committee office is not one of them. */
static void
test_all_members(void **state)
{
	struct notice *n = parse_str("1.宣传。(责任单位:各成员单位)\n2.总结。(责任单位:市未保办、各成员单位)");
	(void)state;

	assert_int_equal(n->items[0].nunits, 20);
	for (size_t k = 0; k < 20; k++)
		assert_string_not_equal(n->items[0].units[k], "市未保办");
	assert_int_equal(n->items[1].nunits, 21);
	assert_string_equal(n->items[1].units[0], "市未保办");
	assert_int_equal(n->nunits, 21);
	notice_free(n);
}

static void
test_unknown_units_kept(void **state)
{
	struct notice *n = parse_str("1.工作。(责任部门:市民政局、市交通运输局、各镇(街道))");
	(void)state;

	assert_int_equal(n->items[0].nunits, 3);
	assert_string_equal(n->items[0].units[1], "市交通运输局");
	assert_string_equal(n->items[0].units[2], "各镇(街道)");
	assert_int_equal(nwarn(n, NOTICE_W_UNKNOWN_UNIT), 2);
	assert_int_equal(n->warnings[1].code, NOTICE_W_UNKNOWN_UNIT);
	assert_int_equal(n->warnings[1].item, 1);
	assert_string_equal(notice_warning_name(n->warnings[1].code), "unknown_unit");
	notice_free(n);
}

static void
test_targets(void **state)
{
	static const struct {
		const char *text;
		struct want_target t[3];
	} cases[] = {
		{ "建成2022 年度项目,在 2023-05-24 前完成", { { 0 } } },
		{ "开展“护苗2022·100天”行动,学习《未成年人保护法》第62条", { { 0 } } },
		{ "为0—3岁婴幼儿和6至12周岁儿童服务,畅通12345热线", { { 0 } } },
		{ "办结时限15个工作日,每6个月复查", { { 0 } } },
		{ "实现全覆盖", { { "=", 100, 0, "%", "county", "实现全覆盖" } } },
		{ "覆盖率100%,实现全覆盖", { { "=", 100, 0, "%", "county", "覆盖率100%" },
					{ "=", 100, 0, "%", "county", "实现全覆盖" } } },
		{ "实现100%全覆盖", { { "=", 100, 0, "%", "county", "实现100%全覆盖" } } },
		{ "比例控制在5%以内", { { "<=", 5, 0, "%", "county", NULL } } },
		{ "不超过 20 人", { { "<=", 20, 0, "人", "county", NULL } } },
		{ "至少 3 家", { { ">=", 3, 0, "家", "county", NULL } } },
		{ "资助1,200元", { { "=", 1200, 0, "元", "county", NULL } } },
		{ "投入1000万元", { { "=", 10000000, 0, "元", "county", NULL } } },
		{ "提高2个百分点", { { "=", 2, 0, "个百分点", "county", NULL } } },
		{ "覆盖5%～10%的村", { { "range", 5, 10, "%", "county", NULL } } },
		{ "每万人拥有社工3名以上", { { ">=", 3, 0, "名/万人", "county", NULL } } },
		{ "每所学校配备1名心理教师", { { "=", 1, 0, "名", "each_school", NULL } } },
		{ "每个村(社区)至少1名儿童主任", { { ">=", 1, 0, "名", "each_village", NULL } } },
		{ "各镇(街道)建成3个儿童之家", { { "=", 3, 0, "个", "each_town", NULL } } },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[512];
		struct notice *n;
		size_t k = 0;
		snprintf(buf, sizeof(buf), "1.%s。(责任部门:民政局)", cases[i].text);
		n = parse_str(buf);
		assert_int_equal(n->nitems, 1);
		for (; cases[i].t[k].op; k++) {
			if (k >= n->items[0].ntargets)
				fail_msg("case %zu (%s): %zu targets", i, cases[i].text, n->items[0].ntargets);
			assert_target(&n->items[0].targets[k], &cases[i].t[k], (int)i);
		}
		if (k != n->items[0].ntargets)
			fail_msg("case %zu (%s): %zu targets, wanted %zu (%s)", i, cases[i].text,
				 n->items[0].ntargets, k, n->items[0].targets[k].text);
		notice_free(n);
	}
}

/* A line broken inside Chinese text is joined; a space between words stays. */
static void
test_hard_wrapped_text(void **state)
{
	struct notice *n = parse_str("1.加强未成年人\n保护工作,落实 2.5 万元\n资金。\n(责任部门:\n民政局、财\n政局)");
	(void)state;

	assert_string_equal(n->items[0].text, "加强未成年人保护工作,落实 2.5 万元资金。");
	assert_int_equal(n->items[0].nunits, 2);
	assert_string_equal(n->items[0].units[1], "市财政局");
	notice_free(n);
}

static void
test_header_variants(void **state)
{
	struct notice *n = parse_str("发文机关:桐乡市民政局\n成文日期:2021年12月3日\n"
				     "桐民〔2021〕88号\n关于做好2022年儿童关爱工作的通知\n"
				     "1.工作。(责任部门:民政局)\n"
				     "桐乡市民政局\n二〇二一年十二月三日\n");
	(void)state;

	assert_string_equal(n->title, "关于做好2022年儿童关爱工作的通知");
	assert_string_equal(n->doc_number, "桐民〔2021〕88号");
	assert_string_equal(n->date, "2021-12-03");
	assert_int_equal(n->year, 2022);
	/* the signature after the items */
	assert_string_equal(n->issuer, "桐乡市民政局");
	assert_int_equal(n->nitems, 1);
	assert_string_equal(n->items[0].text, "工作。");
	notice_free(n);

	n = parse_str("1.工作。(责任部门:民政局)");
	assert_null(n->title);
	assert_int_equal(n->year, 0);
	assert_int_equal(n->nwarnings, 1);
	assert_int_equal(n->warnings[0].code, NOTICE_W_NO_YEAR);
	notice_free(n);
}

/* ---- the dictionary -------------------------------------------------------- */

static void
test_dictionary(void **state)
{
	struct wb_err err = { 0 };
	struct notice_dict *d = notice_dict_new();
	size_t a, b;
	(void)state;

	assert_int_equal(notice_dict_add(d, "市民政局", true, &a, &err), WB_OK);
	assert_int_equal(notice_dict_add(d, "团市委", true, &b, &err), WB_OK);
	assert_int_equal(notice_dict_add_alias(d, a, "民政部门", &err), WB_OK);
	assert_int_equal(notice_dict_add_alias(d, a, "民政部门", &err), WB_OK);
	assert_int_equal(notice_dict_add_alias(d, b, "民政部门", &err), WB_ERR_CONFLICT);
	assert_int_equal(notice_dict_add(d, "市民政局", true, NULL, &err), WB_ERR_CONFLICT);
	assert_int_equal(notice_dict_add(d, "  ", true, NULL, &err), WB_ERR_INVALID);
	assert_int_equal(notice_dict_add_alias(d, 99, "x", &err), WB_ERR_INVALID);
	assert_int_equal(notice_dict_count(d), 2);
	assert_string_equal(notice_dict_name(d, 1), "团市委");
	assert_null(notice_dict_name(d, 2));

	assert_string_equal(notice_dict_lookup(d, "民政局", strlen("民政局")), "市民政局");
	assert_string_equal(notice_dict_lookup(d, "桐乡市民政局", strlen("桐乡市民政局")), "市民政局");
	assert_string_equal(notice_dict_lookup(d, "嘉兴县民政局", strlen("嘉兴县民政局")), "市民政局");
	assert_string_equal(notice_dict_lookup(d, "市 民政局", strlen("市 民政局")), "市民政局");
	assert_string_equal(notice_dict_lookup(d, "民政部门", strlen("民政部门")), "市民政局");
	assert_string_equal(notice_dict_lookup(d, "团市委", strlen("团市委")), "团市委");
	assert_null(notice_dict_lookup(d, "市财政局", strlen("市财政局")));
	assert_null(notice_dict_lookup(d, "市民政局和团市委", strlen("市民政局和团市委")));
	assert_null(notice_dict_lookup(d, "", 0));
	notice_dict_free(d);

	/* names are normalised: a full-width entry matches half-width text */
	d = notice_dict_new();
	assert_int_equal(notice_dict_add(d, "市交通委（市道运局）", true, &a, &err), WB_OK);
	assert_string_equal(notice_dict_name(d, a), "市交通委(市道运局)");
	assert_non_null(notice_dict_lookup(d, "市交通委(市道运局)", strlen("市交通委(市道运局)")));
	notice_dict_free(d);
}

static void
test_embedded_dictionary(void **state)
{
	(void)state;

	assert_int_equal(notice_dict_count(dict), 21);
	assert_string_equal(notice_dict_lookup(dict, "卫健局", strlen("卫健局")), "市卫生健康局");
	assert_string_equal(notice_dict_lookup(dict, "共青团桐乡市委", strlen("共青团桐乡市委")),
			    "团市委");
	assert_null(notice_units_from_csv("code,kind\nx,office\n", 18, NULL));
	assert_null(notice_units_from_csv("name,kind,aliases\n市甲,government,甲\n市乙,government,甲\n",
					  strlen("name,kind,aliases\n市甲,government,甲\n市乙,government,甲\n"),
					  NULL));
}

/* ---- bad input --------------------------------------------------------------- */

static void
expect_error(const char *text, size_t len, const char *fragment)
{
	struct wb_err err = { 0 };
	struct notice *n = (struct notice *)1;

	assert_int_equal(notice_parse(text, len, dict, &n, &err), WB_ERR_INVALID);
	assert_null(n);
	if (strstr(err.msg, fragment) == NULL)
		fail_msg("error '%s' does not say '%s'", err.msg, fragment);
}

static void
test_bad_input(void **state)
{
	static const char binary[] = "1.工作\0(责任部门:民政局)";
	(void)state;

	expect_error("", 0, "empty");
	expect_error(" \n\t\r\n　", strlen(" \n\t\r\n　"), "empty");
	expect_error(binary, sizeof(binary) - 1, "NUL");
	expect_error("1.\xC3\x28工作", 6, "UTF-8");
	expect_error("\xE4\xB8", 2, "UTF-8");
	expect_error("\xED\xA0\x80", 3, "UTF-8");       /* a surrogate */
	expect_error("\xC0\xAF", 2, "UTF-8");           /* overlong */
	expect_error("关于做好工作的通知\n请认真贯彻落实。", strlen("关于做好工作的通知\n请认真贯彻落实。"),
		     "no numbered items");
	expect_error("2022年5月24日 3.1个 2.5万元", strlen("2022年5月24日 3.1个 2.5万元"),
		     "no numbered items");
	assert_true(notice_is_utf8("", 0));
	assert_true(notice_is_utf8("abc中文", strlen("abc中文")));
	assert_false(notice_is_utf8("a\0b", 3));
	assert_false(notice_is_utf8("\xFF", 1));
}

/* xorshift: reproducible pseudo-random numbers */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 10 MiB of random text made of the notice's own pieces: parsed (or
 * refused) quickly, never a crash. */
static void
test_random_text(void **state)
{
	static const char *const pieces[] = {
		"1.", "2.", "12.", "3.1", "2.5", "一、", "二、", "(一)", "一是", "二是", "(", ")", "（",
		"）", "【", "】", "责任部门:", "责任单位：", "牵头单位:", "配合单位:", "、", ",", ";",
		"。", "\n", " ", "市民政局", "教育局", "各成员单位", "等", "按照职责分工负责", "牵头",
		"配合", "个", "%", "万元", "以上", "不低于", "每千人", "每个镇(街道)", "全覆盖", "“",
		"”", "《", "》", "2022年", "关于", "通知", "〔2022〕", "号", "工作", "推进", "未成年人",
		"0", "9", "—", "-", "~", "\t", "镇(街道)", "第", "年", "月", "日", "\xF0\x9F\x98\x80",
	};
	const size_t target = 10u << 20, npieces = sizeof(pieces) / sizeof(pieces[0]);
	struct wb_err err = { 0 };
	struct notice *n = NULL;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	char *buf = malloc(target + 64);
	size_t len = 0;
	double t0;
	enum wb_status rc;
	(void)state;

	assert_non_null(buf);
	while (len < target) {
		const char *p = pieces[rnd(&seed) % npieces];
		size_t k = strlen(p);
		memcpy(buf + len, p, k);
		len += k;
	}
	t0 = seconds();
	rc = notice_parse(buf, len, dict, &n, &err);
	print_message("10 MiB of random notice text: %s, %zu items, %.2f s\n",
		      rc == WB_OK ? "parsed" : err.msg, n ? n->nitems : 0, seconds() - t0);
	assert_true(rc == WB_OK || rc == WB_ERR_INVALID);
	if (rc == WB_OK) {
		assert_true(n->nwarnings <= 1000);
		for (size_t i = 0; i < n->nitems; i++)
			assert_non_null(n->items[i].text);
	}
	notice_free(n);

	/* random bytes: refused as binary or not UTF-8, at once */
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)rnd(&seed);
	n = NULL;
	assert_int_equal(notice_parse(buf, len, dict, &n, &err), WB_ERR_INVALID);
	assert_null(n);
	free(buf);
}

/* Pathological shapes: deep brackets, a long line of digits, a huge marker. */
static void
test_pathological(void **state)
{
	size_t len = 1u << 20;
	char *buf = malloc(len + 1);
	struct wb_err err = { 0 };
	struct notice *n = NULL;
	size_t i, o;
	(void)state;

	assert_non_null(buf);
	o = (size_t)snprintf(buf, len, "1.工作");
	for (i = 0; o < len / 2; i++)
		buf[o++] = '(';
	while (o < len - 64)
		buf[o++] = ')';
	o += (size_t)snprintf(buf + o, len - o, "(责任部门:民政局)");
	assert_int_equal(notice_parse(buf, o, dict, &n, &err), WB_OK);
	assert_int_equal(n->nitems, 1);
	assert_string_equal(n->items[0].units[0], "市民政局");
	notice_free(n);

	o = (size_t)snprintf(buf, len, "1.工作");
	for (i = 0; o < len - 64; i++)
		buf[o++] = (char)('0' + i % 10);
	o += (size_t)snprintf(buf + o, len - o, "个(责任部门:民政局)");
	assert_int_equal(notice_parse(buf, o, dict, &n, &err), WB_OK);
	notice_free(n);

	/* a run of unclosed quotes, and numbers with no punctuation between
	 * them: linear time, and target texts do not outgrow the notice */
	o = (size_t)snprintf(buf, len, "1.工作");
	while (o < len - 64)
		o += (size_t)snprintf(buf + o, len - o, "“");
	o += (size_t)snprintf(buf + o, len - o, "(责任部门:民政局)");
	assert_int_equal(notice_parse(buf, o, dict, &n, &err), WB_OK);
	assert_int_equal(n->items[0].nunits, 1);
	notice_free(n);
	o = (size_t)snprintf(buf, len, "1.工作");
	while (o < len - 64)
		o += (size_t)snprintf(buf + o, len - o, "1个");
	o += (size_t)snprintf(buf + o, len - o, "(责任部门:民政局)");
	assert_int_equal(notice_parse(buf, o, dict, &n, &err), WB_OK);
	assert_int_equal(nwarn(n, NOTICE_W_TOO_MANY_TARGETS), 1);
	assert_true(n->items[0].ntargets > 100);
	notice_free(n);

	/* a marker naming 2000 unknown units: kept, 1000 warnings at most */
	o = (size_t)snprintf(buf, len, "1.工作。(责任部门:");
	for (i = 0; i < 2000; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s单位%zu", i ? "、" : "", i);
	o += (size_t)snprintf(buf + o, len - o, ")");
	assert_int_equal(notice_parse(buf, o, dict, &n, &err), WB_OK);
	assert_int_equal(n->items[0].nunits, 2000);
	assert_int_equal(n->nwarnings, 1000);
	assert_int_equal(n->warnings[999].code, NOTICE_W_TRUNCATED);
	notice_free(n);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2022_header),
		cmocka_unit_test(test_2022_items),
		cmocka_unit_test(test_2022_units_and_warnings),
		cmocka_unit_test(test_2022_shared_copy),
		cmocka_unit_test(test_fullwidth_arabic),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_paren_lead_coop),
		cmocka_unit_test(test_dun_unlabelled),
		cmocka_unit_test(test_yishi),
		cmocka_unit_test(test_flat_mixed),
		cmocka_unit_test(test_no_markers),
		cmocka_unit_test(test_first_leads),
		cmocka_unit_test(test_all_lead),
		cmocka_unit_test(test_brackets_joined),
		cmocka_unit_test(test_collective_parties),
		cmocka_unit_test(test_excerpt_midway),
		cmocka_unit_test(test_excerpt_arabic),
		cmocka_unit_test(test_sub_items_kept_in_item),
		cmocka_unit_test(test_table_flattened),
		cmocka_unit_test(test_numbering_shapes),
		cmocka_unit_test(test_decimals_are_not_items),
		cmocka_unit_test(test_numbering_gap),
		cmocka_unit_test(test_marker_variants),
		cmocka_unit_test(test_all_members),
		cmocka_unit_test(test_unknown_units_kept),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_hard_wrapped_text),
		cmocka_unit_test(test_header_variants),
		cmocka_unit_test(test_dictionary),
		cmocka_unit_test(test_embedded_dictionary),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_text),
		cmocka_unit_test(test_pathological),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
