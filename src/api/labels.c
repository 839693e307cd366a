#include "api/labels.h"

#include <string.h>

#include "core/case_flow.h"
#include "core/case_measure.h"
#include "core/facility.h"
#include "core/guidance.h"
#include "core/tasklight.h"
#include "sec/permissions.h"
#include "sec/scope.h"

struct label {
	const char *code, *title;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Every audit action: the routes' (a test checks each route's is here) and
 * those of the CLI and the background rounds. */
static const struct label audit_actions[] = {
	{ "allowance.approve", "审核确认发放名单" },
	{ "allowance.export", "导出生活费发放名册" }, { "allowance.list", "查看生活费发放名单" },
	{ "allowance.standard", "新增保障标准" }, { "allowance.standards", "查看保障标准" },
	{ "audit.export", "导出审计日志" }, { "audit.list", "查看审计日志" },
	{ "audit.suppressed", "超出频率未逐条记录的拒绝" }, { "audit.verify", "校验审计日志" },
	{ "case.create", "登记个案线索" }, { "case.event", "个案办理操作" },
	{ "case.measure_assign", "安排救助措施" }, { "case.list_supervise", "挂牌督办个案" },
	{ "case.listing_report", "报告督办进展" }, { "case.listing_lift", "摘牌" },
	{ "measure.list", "查看救助措施列表" }, { "measure.export", "导出救助措施" },
	{ "measure.read", "查看救助措施" }, { "measure.event", "救助措施办理操作" },
	{ "listing.list", "查看挂牌督办列表" }, { "listing.export", "导出挂牌督办列表" },
	{ "case.export", "导出个案台账" }, { "case.list", "查看个案列表" },
	{ "case.read", "查看个案" }, { "case.report", "提交强制报告" },
	{ "case.report_list", "查看本人提交的报告" }, { "case.report_read", "查看本人提交的报告详情" },
	{ "case.stats", "查看个案统计" }, { "case.stats_export", "导出个案统计" },
	{ "child.create", "登记儿童" }, { "child.destinations", "查看转移可选的村（社区）" },
	{ "child.export", "导出儿童名册" },
	{ "child.guardian_add", "新增监护人" }, { "child.guardian_remove", "删除监护人" },
	{ "child.import", "导入儿童信息" }, { "child.list", "查看儿童名册" },
	{ "child.lookup", "按身份证号查询儿童" }, { "child.parent_add", "登记父母状况" },
	{ "child.parent_end", "结束父母状况" }, { "child.purge", "按保存期限删减儿童个人信息" },
	{ "child.read", "查看儿童信息" },
	{ "child.rederive", "到期重新判定儿童类别" },
	{ "child.rejects", "取回导入有误的儿童信息行" }, { "child.reveal", "查看儿童的完整个人信息" },
	{ "child.template", "下载儿童信息导入模板" },
	{ "child.transfer", "转移儿童" }, { "child.transfer_accept", "接收转入的儿童" },
	{ "child.transfers", "查看待接收的儿童转移" }, { "child.update", "修改儿童信息" },
	{ "child.visit_add", "登记走访" }, { "child.visits_overdue", "查看走访逾期名单" },
	{ "child.visits_summary", "查看走访逾期统计" },
	{ "check.coverage", "查看入职查询覆盖率" }, { "check.institutions", "查看入职查询机构" },
	{ "check.recheck", "复查从业人员" }, { "check.registry", "查看违法犯罪记录库概况" },
	{ "check.registry_import", "导入违法犯罪记录" },
	{ "check.registry_template", "下载违法犯罪记录导入模板" },
	{ "check.rejects", "取回入职查询名册中的无效行" }, { "check.run", "提交入职查询" },
	{ "check.run_export", "导出入职查询结果" }, { "check.run_read", "查看入职查询结果" },
	{ "check.runs", "查看入职查询批次" }, { "check.staff_export", "导出从业人员名册" },
	{ "check.staff_list", "查看从业人员名册" }, { "check.staff_read", "查看从业人员" },
	{ "check.template", "下载从业人员名册模板" }, { "check.match", "入职查询比对有记录" },
	{ "check.registry.import", "导入违法犯罪记录（比对库）" },
	{ "demo.children", "生成示例儿童" }, { "demo.cases", "生成示例个案" }, { "demo.generate", "生成示例数据" },
	{ "division.create", "新增区划" }, { "division.export", "导出区划" },
	{ "division.import", "导入区划" }, { "division.list", "查看区划" },
	{ "division.update", "修改区划" }, { "health.read", "健康检查" },
	{ "facility.create", "新增阵地台账记录" }, { "facility.delete", "删除阵地台账记录" },
	{ "facility.export", "导出阵地台账" }, { "facility.import", "导入阵地台账" },
	{ "facility.list", "查看阵地台账" }, { "facility.read", "查看阵地台账记录" },
	{ "facility.template", "下载阵地台账导入模板" }, { "facility.types", "查看阵地台账类型" },
	{ "guidance.check", "登记家庭教育指导令履行检查" }, { "guidance.close", "家庭教育指导令结案" },
	{ "guidance.create", "登记家庭教育指导令" }, { "guidance.export", "导出家庭教育指导令台账" },
	{ "guidance.list", "查看家庭教育指导令列表" }, { "guidance.read", "查看家庭教育指导令" },
	{ "guidance.session", "登记家庭教育指导记录" },
	{ "facility.update", "修改阵地台账记录" }, { "facility.vacancies", "查看督导员、儿童主任空缺" },
	{ "http.refused", "拒绝的请求" },
	{ "indicator.definitions", "查看指标定义" }, { "indicator.list", "查看工作要点指标" }, { "indicator.records", "查看指标的台账记录" },
	{ "me.password", "修改本人密码" },
	{ "me.read", "查看本人信息" }, { "me.totp_disable", "停用两步验证" },
	{ "me.totp_enable", "启用两步验证" }, { "me.totp_setup", "获取两步验证密钥" },
	{ "keys.rotate", "轮换加密密钥" }, { "meta.read", "读取界面字典" },
	{ "notification.list", "查看通知" }, { "notification.read", "标记通知已读" },
	{ "notification.read_all", "通知全部标为已读" },
	{ "openapi.read", "读取接口说明" },
	{ "permission.list", "查看权限" }, { "plan.bind", "绑定目标的计算指标" },
	{ "plan.import", "导入工作要点" }, { "plan.unbind", "取消目标的计算指标" },
	{ "plan.list", "查看工作要点" }, { "plan.parse", "解析工作要点" },
	{ "plan.read", "查看工作要点详情" }, { "plan.replace", "替换工作要点" },
	{ "plan.scores", "查看年度考核" }, { "plan.scores_export", "导出年度考核" },
	{ "role.create", "新建角色" }, { "role.export", "导出角色" }, { "role.list", "查看角色" },
	{ "role.update", "修改角色" }, { "session.create", "登录" }, { "session.delete", "退出登录" },
	{ "supervision.export", "导出督办" }, { "supervision.list", "查看督办" },
	{ "supervision.run", "运行督办" }, { "supervision.read", "查看督办通知单" },
	{ "supervision.sign", "签收督办单" }, { "supervision.reply", "回复督办单" },
	{ "task.extension_request", "延期申请" }, { "task.reassign_request", "申请退回交办" },
	{ "task_request.list", "查看延期与退回交办申请" }, { "task_request.decide", "审批延期与退回交办申请" },
	{ "plan.deadline", "调整整份工作要点的办理期限" }, { "system.backup", "备份数据库" },
	{ "system.init", "系统初始化" }, { "system.restore", "恢复数据库" },
	{ "task.accept", "审核办结" }, { "task.batch_deadline", "批量调整办理期限" },
	{ "task.batch_sign", "批量签收" }, { "task.attach", "上传佐证材料" },
	{ "task.attachment_download", "下载佐证材料" }, { "task.detach", "删除佐证材料" }, { "task.export", "导出任务台账" },
	{ "task.list", "查看任务台账" }, { "task.read", "查看任务" }, { "task.report", "反馈进展" },
	{ "task.request_close", "申请办结" }, { "task.return", "退回任务" }, { "task.sign", "签收任务" },
	{ "task.supervise", "下发督办单" }, { "task.update", "修改任务期限" },
	{ "todo.read", "查看待办" },
	{ "unit.create", "新增成员单位" }, { "unit.export", "导出成员单位" },
	{ "unit.import", "导入成员单位" }, { "unit.list", "查看成员单位" },
	{ "unit.update", "修改成员单位" }, { "user.create", "新建用户" }, { "user.export", "导出用户" },
	{ "training.create", "登记培训" }, { "training.list", "查看培训记录" },
	{ "training.read", "查看培训详情" }, { "training.export", "导出培训记录" },
	{ "user.list", "查看用户" }, { "user.read", "查看用户详情" }, { "user.update", "修改用户" },
};

static const struct label outcomes[] = {
	{ "ok", "成功" }, { "unauthenticated", "未登录或认证失败" }, { "denied", "拒绝" },
	{ "not_found", "不存在" }, { "conflict", "冲突" }, { "too_large", "内容过大" },
	{ "locked", "账号锁定" }, { "throttled", "次数过多" }, { "invalid", "输入有误" },
	{ "error", "出错" },
};

static const struct label object_types[] = {
	{ "user", "用户" }, { "role", "角色" }, { "division", "行政区划" }, { "unit", "成员单位" },
	{ "session", "会话" }, { "audit", "审计日志" }, { "system", "系统" }, { "plan", "工作要点" },
	{ "task", "任务" }, { "supervision", "督办" }, { "notification", "通知" },
	{ "facility", "阵地台账" }, { "training", "培训记录" }, { "child", "儿童" },
	{ "allowance", "生活费" }, { "case", "个案" }, { "check", "入职查询" },
	{ "check_import", "入职查询批次" }, { "check_staff", "从业人员" },
	{ "measure", "救助措施" },
	{ "guidance_order", "家庭教育指导令" },
};

static const struct label lights[] = { { "green", "绿灯" }, { "yellow", "黄灯" }, { "red", "红灯" } };
static const struct label user_statuses[] = { { "active", "正常" }, { "disabled", "已停用" } };
static const struct label supervision_kinds[] = { { "auto", "逾期自动督办" }, { "manual", "人工督办" } };
static const struct label notification_kinds[] = {
	{ "assigned", "下发" }, { "due_soon", "临期" }, { "returned", "退回" }, { "supervised", "督办" },
	{ "case_urgent", "紧急报告" }, { "case_feedback", "公安受案反馈" },
	{ "request", "待审批" }, { "reply", "督办回复" }, { "decision", "审批结果" },
	{ "check_hit", "入职查询有记录" }, { "case_measure", "救助措施" },
	{ "case_listing", "挂牌督办" },
};
static const struct label division_levels[] = {
	{ "county", "县级" }, { "town", "乡级（镇、街道）" }, { "village", "村级（村、社区）" },
};
static const struct label division_kinds[] = {
	{ "county", "县（市）" }, { "city", "市" }, { "district", "区" }, { "town", "镇" },
	{ "street", "街道" }, { "township", "乡" }, { "village", "村" }, { "community", "社区" },
};
static const struct label unit_kinds[] = {
	{ "office", "办公室" }, { "party", "党委部门" }, { "government", "政府部门" },
	{ "mass_org", "群团组织" }, { "judicial", "司法机关" }, { "school", "学校" },
	{ "institution", "事业单位" }, { "other", "其他" },
};

/* The title of code in l[0..n), NULL if it is not there. */
static const char *
title_of(const struct label *l, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (code && strcmp(l[i].code, code) == 0)
			return l[i].title;
	return NULL;
}

const char *
label_audit_action(const char *code)
{
	return title_of(audit_actions, COUNT(audit_actions), code);
}

const char *
label_audit_outcome(const char *code)
{
	return title_of(outcomes, COUNT(outcomes), code);
}

const char *
label_object_type(const char *code)
{
	return title_of(object_types, COUNT(object_types), code);
}

static json_t *
object_of(const struct label *l, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, l[i].code, json_string(l[i].title));
	return o;
}

/* A case's states (states true) or events with their titles, in the
 * state machine's order (core/case_flow.h), and the timeline's other lines;
 * a new object. */
static json_t *
case_titles(bool states)
{
	json_t *o = json_object();

	if (states)
		for (int s = 0; s < CASE_STATE__MAX; s++)
			json_object_set_new(o, case_state_code((enum case_state)s),
					    json_string(case_state_title((enum case_state)s)));
	else {
		for (int e = 0; e < CASE_EVENT__MAX; e++)
			json_object_set_new(o, case_event_code((enum case_event)e),
					    json_string(case_event_title((enum case_event)e)));
		/* the timeline's lines that are not state-machine events (app/cases.c) */
		json_object_set_new(o, "report", json_string("报告"));
		json_object_set_new(o, "intake", json_string("登记"));
		json_object_set_new(o, "police_feedback", json_string("反馈报告单位"));
		json_object_set_new(o, "measure", json_string("救助措施"));
		json_object_set_new(o, "listing", json_string("挂牌督办"));
	}
	return o;
}

json_t *
labels_json(void)
{
	json_t *statuses = json_object(), *kinds = json_object(), *perms = json_object();
	json_t *types = json_object(), *o;

	for (int s = 0; s < TASK_STATUS__MAX; s++)
		json_object_set_new(statuses, task_status_name((enum task_status)s),
				    json_string(task_status_title((enum task_status)s)));
	for (int k = 0; k < SCOPE_KIND__MAX; k++)
		json_object_set_new(kinds, scope_kind_code((enum scope_kind)k),
				    json_string(scope_kind_title((enum scope_kind)k)));
	for (int p = 0; p < PERM__MAX; p++)
		json_object_set_new(perms, permission_info((enum permission)p)->code,
				    json_string(permission_info((enum permission)p)->title));
	for (int t = 0; t < FACILITY_TYPE__MAX; t++)
		json_object_set_new(types, facility_spec((enum facility_type)t)->code,
				    json_string(facility_spec((enum facility_type)t)->title));
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "task_status", statuses, "light", object_of(lights, COUNT(lights)),
			 "scope_kind", kinds, "user_status",
			 object_of(user_statuses, COUNT(user_statuses)), "permission", perms,
			 "audit_action", object_of(audit_actions, COUNT(audit_actions)),
			 "audit_outcome", object_of(outcomes, COUNT(outcomes)), "object_type",
			 object_of(object_types, COUNT(object_types)), "supervision_kind",
			 object_of(supervision_kinds, COUNT(supervision_kinds)), "division_level",
			 object_of(division_levels, COUNT(division_levels)), "division_kind",
			 object_of(division_kinds, COUNT(division_kinds)), "unit_kind",
			 object_of(unit_kinds, COUNT(unit_kinds)), "notification_kind",
			 object_of(notification_kinds, COUNT(notification_kinds)));
	json_object_set_new(o, "facility_type", types);
	json_object_set_new(o, "case_state", case_titles(true));
	json_object_set_new(o, "case_event", case_titles(false));
	{
		json_t *ms = json_object(), *me = json_object();

		for (int i = 0; i < MEASURE_STATE__MAX; i++)
			json_object_set_new(ms, measure_state_code((enum measure_state)i),
					    json_string(measure_state_title((enum measure_state)i)));
		for (int i = 0; i < MEASURE_EVENT__MAX; i++)
			json_object_set_new(me, measure_event_code((enum measure_event)i),
					    json_string(measure_event_title((enum measure_event)i)));
		json_object_set_new(me, "assign", json_string("安排"));
		json_object_set_new(o, "measure_state", ms);
		json_object_set_new(o, "measure_event", me);
	}
	{
		json_t *gk = json_array();

		for (int i = 0; i < GUIDANCE_KIND__MAX; i++)
			json_array_append_new(gk, json_string(guidance_kind_title((enum guidance_kind)i)));
		json_object_set_new(o, "guidance_kind", gk);
		json_object_set_new(o, "guidance_state", json_pack("{s:s, s:s}", "active", "执行中",
								   "closed", "已结案"));
		json_object_set_new(o, "guidance_result", json_pack("[s, s, s]", "履行", "部分履行",
								    "未履行"));
	}
	return o;
}
