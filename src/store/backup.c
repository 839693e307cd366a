#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/meta.h"
#include "store/store_int.h"

const char *const store_backup_tables[] = {
	"weibao_meta", "divisions", "units", "unit_aliases", "roles", "role_permissions", "users",
	"user_roles", "user_totp", "totp_recovery_codes", "audit_head", "audit_events", "plans",
	"plan_sections", "plan_items", "item_targets", "tasks", "task_events", "supervisions",
	"report_figures", "attachments", "notifications", "task_requests", "facilities",
	"facility_history", "trainings", "training_attendees", "target_bindings", "children",
	"child_guardians", "child_parent_periods", "child_history", "child_visits", "child_rejects",
	"allowance_standards", "allowance_months", "allowance_lines", "check_imports",
	"check_registry", "check_staff", "check_results", "check_rejects", "check_rechecks",
	"cases", "case_events", "case_measures", "case_measure_events", "case_listings",
	"case_listing_reports",
	"guidance_orders", "guidance_children", "guidance_sessions", "guidance_checks",
	NULL,
};

/* Volatile: who is signed in, failure counters, which server ran a job. */
const char *const store_backup_skipped[] = { "sessions", "signin_counters", "job_leases", NULL };

enum wb_status
store_backup(struct store *st, const char *scratch_dir, store_sink sink, void *arg,
	     struct wb_err *err)
{
	return st->ops->backup(st, scratch_dir, sink, arg, err);
}

/* Writes the SQLite file of a backup from source to path, which must not
 * exist: through path.restore (0600, O_EXCL), synced, then renamed. */
static enum wb_status
restore_sqlite_file(const char *path, store_source source, void *arg, struct wb_err *err)
{
	char tmp[4096], buf[65536];
	enum wb_status rc = WB_OK;
	struct stat sb;
	long n;
	int fd;

	if (stat(path, &sb) == 0 && sb.st_size > 0)
		return wb_err_set(err, WB_ERR_CONFLICT, "%s exists: restore only into an empty place",
				  path);
	snprintf(tmp, sizeof(tmp), "%s.restore", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return wb_err_set(err, WB_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
	while ((n = source(buf, sizeof(buf), arg)) > 0)
		if (write(fd, buf, (size_t)n) != n) {
			rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
			break;
		}
	if (rc == WB_OK && n < 0)
		rc = wb_err_set(err, WB_ERR_INVALID, "the backup is damaged or cut short");
	if (rc == WB_OK && fsync(fd) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
	close(fd);
	if (rc == WB_OK && rename(tmp, path) != 0)
		rc = wb_err_set(err, WB_ERR_IO, "cannot rename %s: %s", tmp, strerror(errno));
	if (rc != WB_OK)
		unlink(tmp);
	return rc;
}

/* Empties the volatile tables of a restored database and gives the
 * registers' generation a new value. */
static enum wb_status
clear_volatile(struct store *st, struct wb_err *err)
{
	enum wb_status rc = store_begin(st, err);

	for (const enum stmt_id *s = (const enum stmt_id[]){ STMT_RESTORE_CLEAR_SESSIONS,
							      STMT_RESTORE_CLEAR_SIGNIN,
							      STMT_RESTORE_CLEAR_JOBS, STMT__MAX };
	     rc == WB_OK && *s != STMT__MAX; s++)
		rc = store_exec_done(store_query(st, *s), err);
	/* another history of the registers from here: a process that kept
	 * figures of the database before (or of the backup's source) must not
	 * take them for current */
	if (rc == WB_OK)
		rc = store_registers_regen(st, err);
	if (rc == WB_OK)
		return store_commit(st, err);
	store_rollback_all(st);
	return rc;
}

enum wb_status
store_restore(const char *url, enum store_backend backend, int version, store_source source,
	      void *arg, struct wb_err *err)
{
	bool pg = store_url_is_postgresql(url);
	struct store *st = NULL;
	int have = 0, from, to;
	enum wb_status rc;

	if (pg != (backend == STORE_POSTGRESQL))
		return wb_err_set(err, WB_ERR_INVALID, "the backup is of a %s database; restore it into "
				  "one of the same kind", backend == STORE_POSTGRESQL ? "PostgreSQL"
										     : "SQLite");
	if (version < 1 || version > store_schema_latest())
		return wb_err_set(err, WB_ERR_SCHEMA_NEWER, "the backup has schema %d; this weibao "
				  "knows up to %d: restore it with a newer weibao", version,
				  store_schema_latest());
	if (!pg) {
		rc = restore_sqlite_file(strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url, source, arg,
					 err);
		if (rc == WB_OK)
			rc = store_open(url, STORE_OPEN_EXISTING, &st, err);
	} else {
		rc = store_open(url, STORE_OPEN_CREATE, &st, err);
		if (rc == WB_OK)
			rc = store_schema_version(st, &have, err);
		if (rc == WB_OK && have > 0)
			rc = wb_err_set(err, WB_ERR_CONFLICT, "the PostgreSQL database already holds "
					"weibao data: restore only into an empty database");
		/* the backup's schema, then its rows over the empty tables */
		if (rc == WB_OK)
			rc = store_migrate_to(st, version, &from, &to, err);
		if (rc == WB_OK)
			rc = st->ops->restore_tables(st, source, arg, err);
	}
	if (rc == WB_OK)
		rc = store_schema_version(st, &have, err);
	if (rc == WB_OK && have != version)
		rc = wb_err_set(err, WB_ERR_INVALID, "the backup says schema %d but holds %d", version,
				have);
	if (rc == WB_OK)
		rc = clear_volatile(st, err);
	if (rc == WB_OK)
		rc = store_migrate(st, &from, &to, err);
	if (rc != WB_OK && pg && st && rc != WB_ERR_CONFLICT) {
		/* leave the database as empty as it was */
		struct wb_err ignored;
		st->ops->exec_script(st, "DROP TABLE IF EXISTS weibao_meta, divisions, units, "
				     "unit_aliases, roles, role_permissions, users, user_roles, sessions, "
				     "audit_head, audit_events, plans, plan_sections, plan_items, "
				     "item_targets, tasks, task_events, supervisions, report_figures, "
				     "attachments, signin_counters, job_leases, user_totp, "
				     "totp_recovery_codes, notifications, task_requests, facilities, "
				     "facility_history, trainings, training_attendees, "
				     "target_bindings, children, child_guardians, "
				     "child_parent_periods, child_history, child_visits, child_rejects, "
				     "allowance_standards, allowance_months, allowance_lines, "
				     "check_imports, check_registry, check_staff, check_results, "
				     "check_rejects, check_rechecks, cases, case_events, case_measures, "
				     "case_measure_events, case_listings, case_listing_reports, "
				     "guidance_orders, guidance_children, guidance_sessions, "
				     "guidance_checks CASCADE",
				     &ignored);
	}
	store_close(st);
	if (rc != WB_OK && !pg && rc != WB_ERR_CONFLICT) {
		/* leave the place as empty as it was */
		const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
		char side[4096];
		unlink(path);
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	return rc;
}
