#include "app/config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/case_measure.h"
#include "core/check.h"
#include "sec/permissions.h"
#include "util/log.h"

void
config_defaults(struct wb_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8080");
	c->max_body_bytes = 10u << 20;
	c->session_idle_minutes = 30;
	c->session_max_hours = 12;
	c->lockout_failures = 5;
	c->lockout_minutes = 15;
	c->login_ip_limit = 30;
	c->login_account_limit = 100;
	c->threads = 0;
	c->connection_limit = 1024;
	c->connection_timeout_s = 60;
	c->address_connection_limit = 512;
	c->header_timeout_s = 15;
	c->audit_refusal_limit = 60;
	c->attachment_task_quota = 50LL << 20;
	c->attachment_unit_quota = 500LL << 20;
	c->task_warn_days = 7;
	c->task_sign_days = 5;
	c->escalate_days = 15;
	c->attachment_max_bytes = 5 << 20;
	c->supervise_interval_s = 600;
	c->backup_interval_s = 86400;
	c->backup_keep = 14;
	c->child_retention_years = 3;
	c->check_recheck_months = 12;
	snprintf(c->check_supervisor_units, sizeof(c->check_supervisor_units), "%s",
		 CHECK_SUPERVISOR_UNITS_DEFAULT);
	c->log_max_bytes = 100LL << 20;
	c->log_keep_days = 183;
	c->log_level = WB_LOG_INFO;
	score_rules_defaults(&c->score);
	case_rules_defaults(&c->cases);
	snprintf(c->case_measure_kinds, sizeof(c->case_measure_kinds), "%s",
		 CASE_MEASURE_KINDS_DEFAULT);
	c->case_measure_warn_days = 3;
	c->totp_required_perms = (1u << PERM_USER_MANAGE) | (1u << PERM_ORG_MANAGE);
}

bool
config_permission_set(const char *list, uint32_t *bits, char *bad, size_t badlen)
{
	char one[64];

	*bits = 0;
	if (badlen > 0)
		bad[0] = '\0';
	while (*list) {
		size_t n = strcspn(list, ",");
		const char *p = list;
		size_t m = n;
		enum permission perm;
		while (m > 0 && *p == ' ') {
			p++;
			m--;
		}
		while (m > 0 && p[m - 1] == ' ')
			m--;
		snprintf(one, sizeof(one), "%.*s", (int)(m < sizeof(one) ? m : sizeof(one) - 1), p);
		perm = m > 0 && m < sizeof(one) ? permission_parse(one) : PERM__MAX;
		if (perm == PERM__MAX) {
			snprintf(bad, badlen, "%s", one);
			return false;
		}
		*bits |= 1u << perm;
		list += n + (list[n] == ',');
	}
	return true;
}

bool
config_proxies_valid(const char *list)
{
	char one[64];

	if (strlen(list) >= sizeof(((struct wb_config *)0)->trusted_proxies))
		return false;
	while (*list) {
		size_t n = strcspn(list, ",");
		unsigned char buf[16];
		while (n > 0 && *list == ' ') {
			list++;
			n--;
		}
		if (n == 0 || n >= sizeof(one))
			return false;
		memcpy(one, list, n);
		one[n] = '\0';
		for (size_t k = n; k > 0 && one[k - 1] == ' '; k--)
			one[k - 1] = '\0';
		if (inet_pton(AF_INET, one, buf) != 1 && inet_pton(AF_INET6, one, buf) != 1)
			return false;
		list += n + (list[n] == ',');
	}
	return true;
}

bool
config_is_trusted_proxy(const struct wb_config *c, const char *addr)
{
	const char *list = c->trusted_proxies;
	size_t alen = strlen(addr);

	while (*list) {
		size_t n = strcspn(list, ",");
		const char *p = list;
		size_t m = n;
		while (m > 0 && *p == ' ') {
			p++;
			m--;
		}
		while (m > 0 && p[m - 1] == ' ')
			m--;
		if (m == alen && memcmp(p, addr, m) == 0)
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Parses a whole number in [min, max]. */
static bool
parse_int(const char *v, long min, long max, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *v == '\0' || *end != '\0' || n < min || n > max)
		return false;
	*out = n;
	return true;
}

/* Parses "1,2,9" (spaces allowed; empty for none) into bit n per situation
 * n; false on anything else. */
static bool
parse_situations(const char *v, unsigned *bits)
{
	unsigned b = 0;

	while (*v) {
		char *end;
		long n;

		while (*v == ' ' || *v == '\t')
			v++;
		if (*v == '\0')
			break;
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || n < 1 || n > CASE_SITUATIONS)
			return false;
		b |= 1u << n;
		v = end;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v == ',')
			v++;
		else if (*v != '\0')
			return false;
	}
	*bits = b;
	return true;
}

enum wb_status
config_load(struct wb_config *c, const char *path, struct wb_err *err)
{
	static const struct {
		const char *key;
		size_t offset;
		long min, max;
	} ints[] = {
		{ "session_idle_minutes", offsetof(struct wb_config, session_idle_minutes), 1, 1440 },
		{ "session_max_hours", offsetof(struct wb_config, session_max_hours), 1, 720 },
		{ "lockout_failures", offsetof(struct wb_config, lockout_failures), 1, 100 },
		{ "lockout_minutes", offsetof(struct wb_config, lockout_minutes), 1, 1440 },
		{ "login_ip_limit", offsetof(struct wb_config, login_ip_limit), 1, 100000 },
		{ "login_account_limit", offsetof(struct wb_config, login_account_limit), 1, 100000 },
		{ "threads", offsetof(struct wb_config, threads), 0, 256 },
		{ "connection_limit", offsetof(struct wb_config, connection_limit), 1, 100000 },
		{ "connection_timeout_seconds", offsetof(struct wb_config, connection_timeout_s), 1, 3600 },
		{ "address_connection_limit", offsetof(struct wb_config, address_connection_limit), 1, 100000 },
		{ "header_timeout_seconds", offsetof(struct wb_config, header_timeout_s), 1, 3600 },
		{ "audit_refusal_limit", offsetof(struct wb_config, audit_refusal_limit), 0, 100000 },
		{ "cookie_secure", offsetof(struct wb_config, cookie_secure), 0, 1 },
		{ "task_warn_days", offsetof(struct wb_config, task_warn_days), 0, 90 },
		{ "task_sign_days", offsetof(struct wb_config, task_sign_days), 0, 90 },
		{ "escalate_days", offsetof(struct wb_config, escalate_days), 1, 365 },
		{ "attachment_max_bytes", offsetof(struct wb_config, attachment_max_bytes), 1024, 104857600 },
		{ "supervise_interval_seconds", offsetof(struct wb_config, supervise_interval_s), 0, 86400 },
		{ "backup_interval_seconds", offsetof(struct wb_config, backup_interval_s), 1, 2678400 },
		{ "backup_keep", offsetof(struct wb_config, backup_keep), 1, 1000 },
		{ "log_keep_days", offsetof(struct wb_config, log_keep_days), 1, 36500 },
		{ "child_retention_years", offsetof(struct wb_config, child_retention_years), 1, 100 },
		{ "case_accept_minutes_urgent", offsetof(struct wb_config, cases.accept_minutes[1]), 1, 10080 },
		{ "case_accept_minutes", offsetof(struct wb_config, cases.accept_minutes[0]), 1, 43200 },
		{ "case_assess_hours_urgent", offsetof(struct wb_config, cases.assess_hours[1]), 1, 720 },
		{ "case_assess_hours", offsetof(struct wb_config, cases.assess_hours[0]), 1, 2160 },
		{ "case_close_days", offsetof(struct wb_config, cases.close_days), 1, 90 },
		{ "case_transfer_days", offsetof(struct wb_config, cases.transfer_days), 1, 90 },
		{ "case_police_feedback_days", offsetof(struct wb_config, cases.police_feedback_days), 1, 90 },
		{ "case_warn_percent", offsetof(struct wb_config, cases.warn_percent), 0, 100 },
		{ "case_measure_warn_days", offsetof(struct wb_config, case_measure_warn_days), 0, 90 },
		{ "check_recheck_months", offsetof(struct wb_config, check_recheck_months), 1, 120 },
	};
	char line[4200];
	int lineno = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return errno == ENOENT ? WB_OK
				       : wb_err_set(err, WB_ERR_IO, "cannot read %s: %s", path,
						    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *key, *value, *eq;
		long n;
		size_t i;

		lineno++;
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			fclose(f);
			return wb_err_set(err, WB_ERR_INVALID, "%s:%d: expected key = value", path, lineno);
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
			if (strcmp(key, ints[i].key) == 0)
				break;
		if (i < sizeof(ints) / sizeof(ints[0])) {
			if (!parse_int(value, ints[i].min, ints[i].max, &n)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: %s must be %ld to %ld",
						  path, lineno, key, ints[i].min, ints[i].max);
			}
			*(int *)((char *)c + ints[i].offset) = (int)n;
		} else if (strcmp(key, "max_body_bytes") == 0) {
			if (!parse_int(value, 1024, 1L << 30, &n)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: max_body_bytes must be "
						  "1024 to 1073741824", path, lineno);
			}
			c->max_body_bytes = (size_t)n;
		} else if (strncmp(key, "score_", 6) == 0) {
			static const struct { const char *key; size_t offset; } scores[] = {
				{ "score_base", offsetof(struct score_rules, base) },
				{ "score_sign_late", offsetof(struct score_rules, sign_late) },
				{ "score_overdue_day", offsetof(struct score_rules, overdue_day) },
				{ "score_overdue_cap", offsetof(struct score_rules, overdue_cap) },
				{ "score_missed_report", offsetof(struct score_rules, missed_report) },
				{ "score_supervision", offsetof(struct score_rules, supervision) },
				{ "score_target_missed", offsetof(struct score_rules, target_missed) },
			};
			char *end;
			double v = strtod(value, &end);
			size_t k;
			for (k = 0; k < sizeof(scores) / sizeof(scores[0]); k++)
				if (strcmp(key, scores[k].key) == 0)
					break;
			if (k == sizeof(scores) / sizeof(scores[0]) || *value == '\0' || *end != '\0' ||
			    v < 0 || v > 1000) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: %s: unknown score or a value "
						  "outside 0 to 1000", path, lineno, key);
			}
			*(double *)((char *)&c->score + scores[k].offset) = v;
		} else if (strcmp(key, "report_period") == 0) {
			if (strcmp(value, "monthly") != 0 && strcmp(value, "quarterly") != 0) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: report_period must be "
						  "monthly or quarterly", path, lineno);
			}
			c->report_quarterly = strcmp(value, "quarterly") == 0;
		} else if (strcmp(key, "attachment_task_quota_bytes") == 0 ||
			   strcmp(key, "attachment_unit_quota_bytes") == 0) {
			if (!parse_int(value, 1024, 1L << 40, &n)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: %s must be 1024 to "
						  "1099511627776", path, lineno, key);
			}
			if (key[11] == 't')
				c->attachment_task_quota = n;
			else
				c->attachment_unit_quota = n;
		} else if (strcmp(key, "case_urgent_situations") == 0) {
			if (!parse_situations(value, &c->cases.urgent_situations)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: case_urgent_situations must "
						  "be situation numbers 1 to 9, comma-separated, or nothing",
						  path, lineno);
			}
		} else if (strcmp(key, "case_measure_kinds") == 0) {
			if (strlen(value) >= sizeof(c->case_measure_kinds) ||
			    !case_measure_kinds_valid(value)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: case_measure_kinds must "
						  "be one or more names of at most 16 characters, "
						  "comma-separated", path, lineno);
			}
			snprintf(c->case_measure_kinds, sizeof(c->case_measure_kinds), "%s", value);
		} else if (strcmp(key, "trusted_proxies") == 0) {
			if (!config_proxies_valid(value)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: trusted_proxies must be "
						  "comma-separated IP addresses", path, lineno);
			}
			snprintf(c->trusted_proxies, sizeof(c->trusted_proxies), "%s", value);
		} else if (strcmp(key, "totp_required_permissions") == 0) {
			char bad[64];
			if (!config_permission_set(value, &c->totp_required_perms, bad, sizeof(bad))) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: totp_required_permissions: "
						  "unknown permission '%s' (want codes such as "
						  "user.manage, comma-separated, or nothing)", path,
						  lineno, bad);
			}
		} else if (strcmp(key, "check_supervisor_units") == 0) {
			if (strlen(value) >= sizeof(c->check_supervisor_units) ||
			    !check_supervisor_units_valid(value)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: check_supervisor_units must "
						  "be TYPE:单位名 pairs separated by commas (types: school, "
						  "childcare, rescue, hospital, training, welfare)", path, lineno);
			}
			snprintf(c->check_supervisor_units, sizeof(c->check_supervisor_units), "%s", value);
		} else if (strcmp(key, "backup_dir") == 0) {
			if (strlen(value) >= sizeof(c->backup_dir) - 64) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: backup_dir is too long",
						  path, lineno);
			}
			snprintf(c->backup_dir, sizeof(c->backup_dir), "%s", value);
		} else if (strcmp(key, "log_file") == 0) {
			if (strlen(value) >= sizeof(c->log_file)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: log_file is too long",
						  path, lineno);
			}
			snprintf(c->log_file, sizeof(c->log_file), "%s", value);
		} else if (strcmp(key, "log_max_bytes") == 0) {
			if (!parse_int(value, 0, 1L << 40, &n) || (n > 0 && n < 1024)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: log_max_bytes must be 0 "
						  "(daily rotation only) or 1024 to 1099511627776",
						  path, lineno);
			}
			c->log_max_bytes = n;
		} else if (strcmp(key, "log_level") == 0) {
			enum log_level level;
			if (!log_level_parse(value, &level)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: log_level must be debug, "
						  "info, warn or error", path, lineno);
			}
			c->log_level = (int)level;
		} else if (strcmp(key, "metrics_listen") == 0) {
			if (strlen(value) >= sizeof(c->metrics_listen)) {
				fclose(f);
				return wb_err_set(err, WB_ERR_INVALID, "%s:%d: metrics_listen is too long",
						  path, lineno);
			}
			snprintf(c->metrics_listen, sizeof(c->metrics_listen), "%s", value);
		} else if (strcmp(key, "listen") == 0) {
			snprintf(c->listen, sizeof(c->listen), "%s", value);
		} else if (strcmp(key, "web_root") == 0) {
			snprintf(c->web_root, sizeof(c->web_root), "%s", value);
		} else {
			fclose(f);
			return wb_err_set(err, WB_ERR_INVALID, "%s:%d: unknown setting '%s'", path, lineno,
					  key);
		}
	}
	fclose(f);
	return WB_OK;
}

/* One setting for config_each: the value formatted into a buffer. */
static void
emit(void (*fn)(const char *, const char *, void *), void *arg, const char *key,
     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
emit(void (*fn)(const char *, const char *, void *), void *arg, const char *key,
     const char *fmt, ...)
{
	char value[4200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	fn(key, value, arg);
}

void
config_each(const struct wb_config *c, void (*fn)(const char *key, const char *value, void *arg),
	    void *arg)
{
	static const char *const levels[] = { "debug", "info", "warn", "error" };
	char perms[512];
	size_t used = 0;

	perms[0] = '\0';
	for (int p = 0; p < PERM__MAX; p++) {
		int n;
		if (!(c->totp_required_perms & (1u << p)))
			continue;
		n = snprintf(perms + used, sizeof(perms) - used, "%s%s", used ? "," : "",
			     permission_info((enum permission)p)->code);
		if (n < 0 || (size_t)n >= sizeof(perms) - used)
			break;
		used += (size_t)n;
	}
	emit(fn, arg, "listen", "%s", c->listen);
	emit(fn, arg, "max_body_bytes", "%zu", c->max_body_bytes);
	emit(fn, arg, "session_idle_minutes", "%d", c->session_idle_minutes);
	emit(fn, arg, "session_max_hours", "%d", c->session_max_hours);
	emit(fn, arg, "lockout_failures", "%d", c->lockout_failures);
	emit(fn, arg, "lockout_minutes", "%d", c->lockout_minutes);
	emit(fn, arg, "login_ip_limit", "%d", c->login_ip_limit);
	emit(fn, arg, "login_account_limit", "%d", c->login_account_limit);
	emit(fn, arg, "totp_required_permissions", "%s", perms);
	emit(fn, arg, "threads", "%d", c->threads);
	emit(fn, arg, "connection_limit", "%d", c->connection_limit);
	emit(fn, arg, "connection_timeout_seconds", "%d", c->connection_timeout_s);
	emit(fn, arg, "address_connection_limit", "%d", c->address_connection_limit);
	emit(fn, arg, "header_timeout_seconds", "%d", c->header_timeout_s);
	emit(fn, arg, "trusted_proxies", "%s", c->trusted_proxies);
	emit(fn, arg, "audit_refusal_limit", "%d", c->audit_refusal_limit);
	emit(fn, arg, "attachment_task_quota_bytes", "%lld", c->attachment_task_quota);
	emit(fn, arg, "attachment_unit_quota_bytes", "%lld", c->attachment_unit_quota);
	emit(fn, arg, "task_sign_days", "%d", c->task_sign_days);
	emit(fn, arg, "task_warn_days", "%d", c->task_warn_days);
	emit(fn, arg, "report_period", "%s", c->report_quarterly ? "quarterly" : "monthly");
	emit(fn, arg, "escalate_days", "%d", c->escalate_days);
	emit(fn, arg, "supervise_interval_seconds", "%d", c->supervise_interval_s);
	emit(fn, arg, "backup_dir", "%s", c->backup_dir);
	emit(fn, arg, "backup_interval_seconds", "%d", c->backup_interval_s);
	emit(fn, arg, "backup_keep", "%d", c->backup_keep);
	emit(fn, arg, "child_retention_years", "%d", c->child_retention_years);
	{
		char sit[32] = "";
		size_t len = 0;
		for (int n = 1; n <= CASE_SITUATIONS; n++)
			if (c->cases.urgent_situations & (1u << n))
				len += (size_t)snprintf(sit + len, sizeof(sit) - len, "%s%d",
							len ? "," : "", n);
		emit(fn, arg, "case_urgent_situations", "%s", sit);
	}
	emit(fn, arg, "case_accept_minutes_urgent", "%d", c->cases.accept_minutes[1]);
	emit(fn, arg, "case_accept_minutes", "%d", c->cases.accept_minutes[0]);
	emit(fn, arg, "case_assess_hours_urgent", "%d", c->cases.assess_hours[1]);
	emit(fn, arg, "case_assess_hours", "%d", c->cases.assess_hours[0]);
	emit(fn, arg, "case_close_days", "%d", c->cases.close_days);
	emit(fn, arg, "case_transfer_days", "%d", c->cases.transfer_days);
	emit(fn, arg, "case_police_feedback_days", "%d", c->cases.police_feedback_days);
	emit(fn, arg, "case_warn_percent", "%d", c->cases.warn_percent);
	emit(fn, arg, "case_measure_kinds", "%s", c->case_measure_kinds);
	emit(fn, arg, "case_measure_warn_days", "%d", c->case_measure_warn_days);
	emit(fn, arg, "check_recheck_months", "%d", c->check_recheck_months);
	emit(fn, arg, "check_supervisor_units", "%s", c->check_supervisor_units);
	emit(fn, arg, "score_base", "%g", c->score.base);
	emit(fn, arg, "score_sign_late", "%g", c->score.sign_late);
	emit(fn, arg, "score_overdue_day", "%g", c->score.overdue_day);
	emit(fn, arg, "score_overdue_cap", "%g", c->score.overdue_cap);
	emit(fn, arg, "score_missed_report", "%g", c->score.missed_report);
	emit(fn, arg, "score_supervision", "%g", c->score.supervision);
	emit(fn, arg, "score_target_missed", "%g", c->score.target_missed);
	emit(fn, arg, "attachment_max_bytes", "%d", c->attachment_max_bytes);
	emit(fn, arg, "cookie_secure", "%d", c->cookie_secure);
	emit(fn, arg, "log_file", "%s", c->log_file);
	emit(fn, arg, "log_max_bytes", "%lld", c->log_max_bytes);
	emit(fn, arg, "log_keep_days", "%d", c->log_keep_days);
	emit(fn, arg, "log_level", "%s",
	     c->log_level >= 0 && c->log_level < 4 ? levels[c->log_level] : "info");
	emit(fn, arg, "metrics_listen", "%s", c->metrics_listen);
	emit(fn, arg, "web_root", "%s", c->web_root);
}

enum wb_status
config_file_keys(const char *path, void (*fn)(const char *key, int line, void *arg), void *arg,
		 struct wb_err *err)
{
	char line[4200];
	int lineno = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return errno == ENOENT ? WB_OK
				       : wb_err_set(err, WB_ERR_IO, "cannot read %s: %s", path,
						    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *key = trim(line), *eq;
		lineno++;
		if (*key == '\0' || *key == '#' || (eq = strchr(key, '=')) == NULL)
			continue;
		*eq = '\0';
		fn(trim(key), lineno, arg);
	}
	fclose(f);
	return WB_OK;
}
