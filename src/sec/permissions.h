/* The closed list of permissions and the default roles that bundle them. */
#ifndef WB_SEC_PERMISSIONS_H
#define WB_SEC_PERMISSIONS_H

#include <stddef.h>

enum permission {
	PERM_PLAN_READ,
	PERM_PLAN_MANAGE,
	PERM_TASK_REPORT,
	PERM_DASHBOARD_READ,
	PERM_NETWORK_READ,
	PERM_NETWORK_MANAGE,
	PERM_CHILD_READ,
	PERM_CHILD_WRITE,
	PERM_PII_REVEAL,
	PERM_CASE_INTAKE,
	PERM_CASE_READ,
	PERM_CASE_MANAGE,
	PERM_CASE_CLOSE,
	PERM_CASE_POLICE,
	PERM_CASE_MEASURE,
	PERM_CASE_SUPERVISE,
	PERM_GUIDANCE_MANAGE,
	PERM_CHECK_SUBMIT,
	PERM_CHECK_REGISTRY,
	PERM_USER_MANAGE,
	PERM_ORG_MANAGE,
	PERM_AUDIT_READ,
	PERM_ALLOWANCE_FINANCE,
	PERM__MAX
};

struct permission_info {
	const char *code;   /* "plan.read" — stored in role_permissions */
	const char *title;  /* Chinese, for the UI */
};

const struct permission_info *permission_info(enum permission p);
/* PERM__MAX when code names no permission. */
enum permission permission_parse(const char *code);

struct default_role {
	const char *code;
	const char *name;
	const enum permission *perms;
	size_t nperms;
};

/* The roles `weibao init` creates.  `admin` holds every permission: a user
 * manager grants only roles within their own permissions, and the office's
 * administrator must be able to create every kind of account. */
const struct default_role *default_roles(size_t *count);

#endif
