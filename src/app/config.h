/* Settings of a deployment: defaults, overridden by DATA/weibao.conf. */
#ifndef WB_APP_CONFIG_H
#define WB_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/case_flow.h"
#include "core/supervise.h"
#include "util/err.h"

struct wb_config {
	char listen[80];              /* listen = 127.0.0.1:8080 */
	size_t max_body_bytes;        /* max_body_bytes = 10485760 */
	int session_idle_minutes;     /* session_idle_minutes = 30 */
	int session_max_hours;        /* session_max_hours = 12 */
	int lockout_failures;         /* lockout_failures = 5 */
	int lockout_minutes;          /* lockout_minutes = 15 */
	int login_ip_limit;           /* login_ip_limit = 30 failures per address per lockout window */
	int login_account_limit;      /* login_account_limit = 100 failures per account per lockout
					 window from all addresses together locks the account */
	int threads;                  /* threads = 0 (two per core) */
	int connection_limit;         /* connection_limit = 1024 */
	int connection_timeout_s;     /* connection_timeout_seconds = 60 */
	int address_connection_limit; /* address_connection_limit = 512 open connections per client
					 address (trusted proxies exempt) */
	int header_timeout_s;         /* header_timeout_seconds = 15: a request's head must arrive
					 whole within this, however it trickles */
	char trusted_proxies[512];    /* trusted_proxies = (none): comma-separated IPv4/IPv6
					 addresses whose X-Forwarded-For is believed */
	int audit_refusal_limit;      /* audit_refusal_limit = 60 refusals audited per client
					 address per minute; the rest are counted in one event */
	long long attachment_task_quota; /* attachment_task_quota_bytes = 52428800 */
	long long attachment_unit_quota; /* attachment_unit_quota_bytes = 524288000 */
	int task_warn_days;           /* task_warn_days = 7: yellow light this long before */
	int task_sign_days;           /* task_sign_days = 5: days to sign for a task */
	int report_quarterly;         /* report_period = monthly | quarterly */
	int escalate_days;            /* escalate_days = 15: 督办 level rises this often */
	int supervise_interval_s;     /* supervise_interval_seconds = 600 (0: never by itself) */
	char backup_dir[4096];        /* backup_dir = (none: no scheduled backups); relative to
					 the data directory or absolute */
	int backup_interval_s;        /* backup_interval_seconds = 86400 */
	int backup_keep;              /* backup_keep = 14: the newest this many are kept */
	char log_file[4096];          /* log_file = (none: stderr); relative to the data directory
					 or absolute */
	long long log_max_bytes;      /* log_max_bytes = 104857600: the log file is rotated before
					 it grows past this, and daily (0: daily only) */
	int log_keep_days;            /* log_keep_days = 183: rotated files are kept this long */
	int log_level;                /* log_level = info (debug, info, warn, error: enum
					 log_level of util/log.h) */
	char metrics_listen[80];      /* metrics_listen = (none: no metrics listener) */
	struct score_rules score;     /* score_base, score_sign_late, score_overdue_day,
					 score_overdue_cap, score_missed_report, score_supervision */
	int attachment_max_bytes;     /* attachment_max_bytes = 5242880 */
	int cookie_secure;            /* cookie_secure = 0 (1 behind an HTTPS front end) */
	uint32_t totp_required_perms; /* totp_required_permissions = user.manage,org.manage: a
					 user holding any of these must sign in with TOTP (one
					 bit per enum permission; empty: nobody must) */
	int child_retention_years;    /* child_retention_years = 3: a child's record is reduced
					 to what the statistics need this many years after the
					 18th birthday */
	struct case_rules cases;      /* case_urgent_situations = 1,2,3,4,5,9 (the situations that
					 make a report urgent at intake), case_accept_minutes_urgent
					 = 120, case_accept_minutes = 1440, case_assess_hours_urgent
					 = 24, case_assess_hours = 72, case_close_days = 5,
					 case_transfer_days = 3, case_police_feedback_days = 3,
					 case_warn_percent = 75 (core/case_flow.h) */
	char case_measure_kinds[512]; /* case_measure_kinds = 司法救助,心理疏导,转移安置,经济帮扶,
					 法律援助,家庭教育指导: the kinds of measure a case may
					 assign (comma-separated, each at most 16 characters) */
	int case_measure_warn_days;   /* case_measure_warn_days = 3: a measure turns yellow this
					 many days before its due day */
	char web_root[4096];          /* web_root = (beside the binary: ../web/dist) */
	int check_recheck_months;     /* check_recheck_months = 12: an employee's background
					 check is due again after this many calendar months */
	char check_supervisor_units[1024];  /* check_supervisor_units = school:市教育局,…: the
					 unit told of 有记录 per institution type
					 (core/check.h CHECK_SUPERVISOR_UNITS_DEFAULT) */
};

void config_defaults(struct wb_config *c);

/* True when list is empty or comma-separated IPv4/IPv6 addresses. */
bool config_proxies_valid(const char *list);
/* True when addr (as inet_ntop writes it) is one of c's trusted proxies. */
bool config_is_trusted_proxy(const struct wb_config *c, const char *addr);

/* Parses a comma-separated list of permission codes (spaces around them
 * allowed; empty for none) into one bit per enum permission.  False on an
 * unknown code, which is copied into bad[0..badlen). */
bool config_permission_set(const char *list, uint32_t *bits, char *bad, size_t badlen);

/* Reads `key = value` lines (# comments) from path over c.  A missing file is
 * fine; an unknown key or a bad value is WB_ERR_INVALID naming the line. */
enum wb_status config_load(struct wb_config *c, const char *path, struct wb_err *err);

/* Calls fn for every setting of c — each key config_load knows, in the
 * order of the README — with its value as weibao.conf would write it ("" for
 * an empty list or an unset path). */
void config_each(const struct wb_config *c,
		 void (*fn)(const char *key, const char *value, void *arg), void *arg);

/* Calls fn with the key and line number of every setting written in the file
 * at path (the keys config_load read from it); a missing file has none. */
enum wb_status config_file_keys(const char *path, void (*fn)(const char *key, int line, void *arg),
				void *arg, struct wb_err *err);

#endif
