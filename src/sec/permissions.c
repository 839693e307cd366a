#include "sec/permissions.h"

#include <string.h>

static const struct permission_info permissions[PERM__MAX] = {
	[PERM_PLAN_READ] = { "plan.read", "查看工作要点与任务" },
	[PERM_PLAN_MANAGE] = { "plan.manage", "管理工作要点、审核督办" },
	[PERM_TASK_REPORT] = { "task.report", "签收并反馈本单位任务" },
	[PERM_DASHBOARD_READ] = { "dashboard.read", "查看驾驶舱与统计" },
	[PERM_NETWORK_READ] = { "network.read", "查看阵地与队伍" },
	[PERM_NETWORK_MANAGE] = { "network.manage", "维护阵地与队伍" },
	[PERM_CHILD_READ] = { "child.read", "查看儿童档案" },
	[PERM_CHILD_WRITE] = { "child.write", "登记和维护儿童档案" },
	[PERM_PII_REVEAL] = { "pii.reveal", "查看完整个人信息（留痕）" },
	[PERM_CASE_INTAKE] = { "case.intake", "报告侵害未成年人线索" },
	[PERM_CASE_READ] = { "case.read", "查看个案" },
	[PERM_CASE_MANAGE] = { "case.manage", "个案受理、核查评估与处置" },
	[PERM_CASE_CLOSE] = { "case.close", "批准结案、退回与重新启动个案" },
	[PERM_CASE_POLICE] = { "case.police", "登记公安受案（公安联络员）" },
	[PERM_CASE_MEASURE] = { "case.measure", "记录个案救助措施的落实" },
	[PERM_CASE_SUPERVISE] = { "case.supervise", "挂牌督办重大个案" },
	[PERM_GUIDANCE_MANAGE] = { "guidance.manage", "登记和跟踪家庭教育指导令、督促监护令" },
	[PERM_CHECK_SUBMIT] = { "check.submit", "提交入职查询" },
	[PERM_CHECK_REGISTRY] = { "check.registry", "维护违法犯罪记录库" },
	[PERM_USER_MANAGE] = { "user.manage", "管理用户与角色" },
	[PERM_ORG_MANAGE] = { "org.manage", "管理行政区划与成员单位" },
	[PERM_AUDIT_READ] = { "audit.read", "查看审计日志" },
	[PERM_ALLOWANCE_FINANCE] = { "allowance.finance", "导出发放名册（含银行账号，留痕）" },
};

const struct permission_info *
permission_info(enum permission p)
{
	return (unsigned)p < PERM__MAX ? &permissions[p] : NULL;
}

enum permission
permission_parse(const char *code)
{
	for (int p = 0; p < PERM__MAX; p++)
		if (code && strcmp(code, permissions[p].code) == 0)
			return (enum permission)p;
	return PERM__MAX;
}

#define ROLE(code, name, ...) \
	{ code, name, (const enum permission[]){ __VA_ARGS__ }, \
	  sizeof((const enum permission[]){ __VA_ARGS__ }) / sizeof(enum permission) }

/* The administrator lacks check.registry (the office cannot read the
 * offender registry; migration 17 takes it from databases made before). */
static const struct default_role roles[] = {
	ROLE("admin", "未保办管理员",
	     PERM_PLAN_READ, PERM_PLAN_MANAGE, PERM_TASK_REPORT, PERM_DASHBOARD_READ,
	     PERM_NETWORK_READ, PERM_NETWORK_MANAGE, PERM_CHILD_READ, PERM_CHILD_WRITE,
	     PERM_PII_REVEAL, PERM_CASE_INTAKE, PERM_CASE_READ, PERM_CASE_MANAGE,
	     PERM_CASE_CLOSE, PERM_CASE_POLICE, PERM_CASE_MEASURE, PERM_CASE_SUPERVISE,
	     PERM_GUIDANCE_MANAGE, PERM_CHECK_SUBMIT, PERM_USER_MANAGE, PERM_ORG_MANAGE,
	     PERM_AUDIT_READ, PERM_ALLOWANCE_FINANCE),
	ROLE("unit_liaison", "成员单位联络员",
	     PERM_PLAN_READ, PERM_TASK_REPORT, PERM_DASHBOARD_READ, PERM_NETWORK_READ,
	     PERM_CASE_READ, PERM_CASE_MEASURE),
	ROLE("town_worker", "镇（街道）儿童督导员",
	     PERM_PLAN_READ, PERM_TASK_REPORT, PERM_DASHBOARD_READ, PERM_NETWORK_READ,
	     PERM_NETWORK_MANAGE, PERM_CHILD_READ, PERM_CHILD_WRITE, PERM_CASE_INTAKE,
	     PERM_CASE_READ, PERM_CASE_MANAGE),
	ROLE("village_director", "村（社区）儿童主任",
	     PERM_NETWORK_READ, PERM_CHILD_READ, PERM_CHILD_WRITE, PERM_CASE_INTAKE,
	     PERM_CASE_READ),
	ROLE("reporter", "强制报告责任单位", PERM_CASE_INTAKE),
	ROLE("institution_hr", "用人单位人事（入职查询）", PERM_CHECK_SUBMIT),
	ROLE("registry_keeper", "公安违法犯罪记录管理员", PERM_CHECK_REGISTRY),
	ROLE("leader", "领导（只读）",
	     PERM_PLAN_READ, PERM_DASHBOARD_READ, PERM_NETWORK_READ, PERM_CHILD_READ,
	     PERM_CASE_READ),
	/* the finance bureau: reads children, exports the payment list in clear
	 * (migration 16 adds it to databases made before it) */
	ROLE("finance", "财政发放经办", PERM_CHILD_READ, PERM_ALLOWANCE_FINANCE),
	/* the public-security liaison (a user of 市公安局 with the county's scope):
	 * reads the county's cases, records the police's acceptance (migration 18) */
	ROLE("police_liaison", "公安联络员", PERM_CASE_READ, PERM_CASE_POLICE),
	/* court, procuratorate, police and women's federation users who record
	 * family-education orders, their sessions and checks (migration 20) */
	ROLE("guidance_worker", "家庭教育指导工作人员", PERM_GUIDANCE_MANAGE),
};

const struct default_role *
default_roles(size_t *count)
{
	*count = sizeof(roles) / sizeof(roles[0]);
	return roles;
}
