/*
 * What the office sees of the indicator definitions when it binds a target
 * (src/app/indicators.c holds the formulas): each definition's Chinese
 * name, description, unit and parameters with their allowed values; the
 * check of a binding's parameters; and the bindings of a plan's targets for
 * the plan's detail.
 */
#include "app/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/facility.h"
#include "store/indicators.h"

/* A parameter of a definition: a set of values out of a closed list (the
 * register column's list, so the two never drift apart). */
struct ind_param {
	const char *key, *name, *description;
	enum facility_type type;    /* the register whose column gives the values */
	enum facility_col col;
	const char *const *defaults;   /* NULL-terminated: the set when not given */
};

static const char *const smart_stages[] = { "幼儿园", "小学", "初中", "九年一贯制", "完全中学",
					    "高中", NULL };

static const struct ind_param stage_param = {
	"stages", "学段", "计入的学校学段（默认：幼儿园、小学、初中、九年一贯制、完全中学、高中）",
	FACILITY_SCHOOL, FCOL_STAGE, smart_stages,
};

/* One line per definition of src/app/indicators.c (the API test binds each). */
static const struct {
	const char *code, *name, *description, *unit;
	const struct ind_param *param;   /* NULL: none */
} infos[] = {
	{ "stations_running", "运行中的未保站",
	  "统计日有状态为“运行”、成立日期不晚于统计日的未保站的镇（街道）数", "个", NULL },
	{ "homes_model", "示范型儿童之家数", "统计日前命名的示范型儿童之家数", "个", NULL },
	{ "homes_model_city", "嘉兴市级以上示范型儿童之家数",
	  "统计日前命名为嘉兴市级或省级的示范型儿童之家数", "个", NULL },
	{ "homes_model_share_each_town", "各镇（街道）示范型儿童之家占比",
	  "每个镇（街道）示范型儿童之家数 ÷ 村（社区）数；全市数字为达标的镇（街道）数，全部达标才算完成",
	  "%", NULL },
	{ "rehab_agreements", "定点康复机构协议签订率",
	  "统计日协议有效的残疾儿童定点康复机构 ÷ 全部定点康复机构", "%", NULL },
	{ "childcare_places", "每千人口托位数", "统计日前备案的托育机构托位数 ÷ 常住人口 × 1000",
	  "个/千人", NULL },
	{ "posts_towns", "建有镇级妇女儿童驿站的镇（街道）占比",
	  "统计日前建成镇级妇女儿童驿站的镇（街道） ÷ 全部镇（街道）", "%", NULL },
	{ "posts_villages", "建有妇女儿童驿站的村（社区）占比",
	  "统计日前建成妇女儿童驿站的村（社区） ÷ 全部村（社区）", "%", NULL },
	{ "smart_schools", "智安校园建成率", "所选学段中统计日前建成智安校园的学校 ÷ 这些学段的全部学校",
	  "%", &stage_param },
	{ "orphan_standard", "集中供养孤儿基本生活费年标准",
	  "统计日执行的集中供养孤儿基本生活费标准（元/月）× 12（全市统一标准，不分镇（街道））", "元",
	  NULL },
	{ "check_coverage", "密切接触未成年人单位从业人员违法犯罪记录查询覆盖率",
	  "统计日学校、托育机构、医院、校外培训机构、儿童福利机构、未成年人救助保护机构的在职人员中，"
	  "在复查周期（默认 12 个月）内查询过的人数 ÷ 在职人员数", "%", NULL },
	{ "case_reports_ontime", "强制报告按时受理率",
	  "工作要点年度内至统计日，受理时限已到的强制报告中，在时限内（紧急 2 小时、一般 24 小时，"
	  "按配置）受理、不予受理或移送的 ÷ 受理时限已到的强制报告数", "%", NULL },
	{ "case_listings", "挂牌督办重大案件数", "工作要点年度内至统计日挂牌督办的个案数（含已摘牌的）",
	  "件", NULL },
	{ "guidance_orders", "发出家庭教育指导令（督促监护令）数",
	  "工作要点年度内至统计日签发的家庭教育指导令和督促监护令份数（以签发日期计）", "份", NULL },
};
enum { NINFOS = sizeof(infos) / sizeof(infos[0]) };

static const char *const kind_titles[IND_KIND__MAX] = {
	[IND_COUNT] = "计数", [IND_DIVISION_SHARE] = "区划覆盖率", [IND_STATUS_SHARE] = "状态占比",
	[IND_PER_THOUSAND] = "每千人数量", [IND_STANDARD] = "标准与底线比较",
	[IND_COVERAGE] = "期间核查覆盖率",
};

static int
info_find(const char *code)
{
	for (int i = 0; code && i < NINFOS; i++)
		if (strcmp(infos[i].code, code) == 0)
			return i;
	return -1;
}

/* The allowed values of p (the register column's closed list). */
static const char *const *
param_values(const struct ind_param *p)
{
	const struct facility_field *f = facility_field_of(facility_spec(p->type), p->col);

	return f ? f->values : NULL;
}

static json_t *
strings_json(const char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
app_indicator_definitions(void)
{
	json_t *list = json_array();

	for (int i = 0; i < NINFOS; i++) {
		enum indicator_kind k = IND_KIND__MAX;
		json_t *params = json_array(), *o;
		const struct ind_param *p = infos[i].param;

		app_indicator_kind(infos[i].code, &k);
		if (p)
			json_array_append_new(
				params, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "key", p->key,
						  "name", p->name, "description", p->description,
						  "multiple", 1, "values", strings_json(param_values(p)),
						  "default", strings_json(p->defaults)));
		o = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:o}", "code", infos[i].code, "name",
			      infos[i].name, "description", infos[i].description, "unit",
			      infos[i].unit, "kind", indicator_kind_name(k), "kind_title",
			      (unsigned)k < IND_KIND__MAX ? kind_titles[k] : NULL, "params", params);
		json_array_append_new(list, o);
	}
	return list;
}

/* True when s is one of the NULL-terminated values. */
static bool
listed(const char *const *values, const char *s)
{
	for (size_t i = 0; values && values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return true;
	return false;
}

enum wb_status
app_indicator_params_check(const char *definition, const char *params, char **canonical,
			   struct wb_err *err)
{
	int d = info_find(definition);
	json_error_t jerr;
	json_t *in = params && *params ? json_loads(params, 0, &jerr) : json_object();
	json_t *out = json_object(), *v;
	const char *key;
	enum wb_status rc = WB_OK;

	*canonical = NULL;
	if (!json_is_object(in))
		rc = wb_err_field(err, WB_ERR_RULE, "params", "参数应为对象");
	json_object_foreach(rc == WB_OK ? in : NULL, key, v) {
		const struct ind_param *p = d >= 0 ? infos[d].param : NULL;
		const char *const *allowed;
		json_t *set = json_array(), *s;
		size_t i;
		if (p == NULL || strcmp(p->key, key) != 0) {
			/* a long name is not echoed (nor cut inside a character) */
			json_decref(set);
			rc = wb_err_field(err, WB_ERR_RULE, "params", "指标“%s”没有参数“%s”",
					  d >= 0 ? infos[d].name : definition,
					  strlen(key) <= 40 ? key : "（过长的参数名）");
			break;
		}
		allowed = param_values(p);
		if (!json_is_array(v) || json_array_size(v) == 0)
			rc = wb_err_field(err, WB_ERR_RULE, "params", "参数“%s”应至少选择一项",
					  p->name);
		json_array_foreach(rc == WB_OK ? v : NULL, i, s) {
			const char *t = json_string_value(s);
			if (t == NULL || !listed(allowed, t)) {
				if (t && strlen(t) <= 30)   /* jansson: valid UTF-8 */
					rc = wb_err_field(err, WB_ERR_RULE, "params",
							  "参数“%s”中的“%s”不是可选的%s", p->name,
							  t, p->name);
				else
					rc = wb_err_field(err, WB_ERR_RULE, "params",
							  "参数“%s”的第 %zu 项不是可选的%s", p->name,
							  i + 1, p->name);
				break;
			}
			for (size_t j = 0; j < i; j++)
				if (strcmp(json_string_value(json_array_get(v, j)), t) == 0) {
					rc = wb_err_field(err, WB_ERR_RULE, "params",
							  "参数“%s”中“%s”重复", p->name, t);
					break;
				}
			if (rc != WB_OK)
				break;
			json_array_append_new(set, json_string(t));
		}
		if (rc != WB_OK) {
			json_decref(set);
			break;
		}
		json_object_set_new(out, p->key, set);
	}
	if (rc == WB_OK && (*canonical = json_dumps(out, JSON_COMPACT)) == NULL)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	json_decref(in);
	json_decref(out);
	return rc;
}

struct plan_bindings {
	json_t *items;
};

/* The target of id among the items' targets, NULL when none. */
static json_t *
target_of(json_t *items, int64_t id)
{
	json_t *item, *t;
	size_t i, k;

	json_array_foreach(items, i, item)
		json_array_foreach(json_object_get(item, "targets"), k, t)
			if (json_integer_value(json_object_get(t, "id")) == id)
				return t;
	return NULL;
}

static void
add_binding(const struct bound_target *b, void *arg)
{
	json_t *t = target_of(((struct plan_bindings *)arg)->items, b->target_id), *params;
	int d = info_find(b->definition);

	if (t == NULL || !b->definition[0] || !app_indicator_known(b->definition))
		return;
	params = json_loads(b->params, 0, NULL);
	json_object_set_new(t, "binding",
			    json_pack("{s:s, s:s, s:o}", "definition", b->definition, "name",
				      d >= 0 ? infos[d].name : b->definition, "params",
				      json_is_object(params) ? params : json_object()));
	if (!json_is_object(params))
		json_decref(params);
}

enum wb_status
app_indicator_plan_bindings(struct app_ctx *c, int64_t plan_id, json_t *items,
			    struct wb_err *err)
{
	struct plan_bindings x = { items };
	json_t *item, *t;
	size_t i, k;

	json_array_foreach(items, i, item)
		json_array_foreach(json_object_get(item, "targets"), k, t)
			json_object_set_new(t, "binding", json_null());
	return store_plan_bound_targets(c->st, plan_id, add_binding, &x, err);
}
