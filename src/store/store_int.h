/* Private to src/store: the interface each database backend implements. */
#ifndef WB_STORE_STORE_INT_H
#define WB_STORE_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	bool (*connection_ok)(struct store *st);
	/* Runs a script of statements with no parameters (schema DDL only). */
	enum wb_status (*exec_script)(struct store *st, const char *sql, struct wb_err *err);
	enum wb_status (*query_start)(struct store *st, enum stmt_id id, struct wb_err *err);
	void (*bind_int)(struct store *st, int idx, int64_t v);
	void (*bind_text)(struct store *st, int idx, const char *v);
	/* the same without a copy where the engine allows it (v outlives the
	 * statement's run); NULL: bind_text */
	void (*bind_text_ref)(struct store *st, int idx, const char *v);
	void (*bind_null)(struct store *st, int idx);
	void (*bind_double)(struct store *st, int idx, double v);
	void (*bind_blob)(struct store *st, int idx, const void *p, size_t n);
	enum wb_status (*step)(struct store *st, bool *row, struct wb_err *err);
	const char *(*col_text)(struct store *st, int col);
	int64_t (*col_int)(struct store *st, int col);
	double (*col_double)(struct store *st, int col);
	const void *(*col_blob)(struct store *st, int col, size_t *n);
	bool (*col_is_null)(struct store *st, int col);
	void (*query_end)(struct store *st);
	int64_t (*changes)(struct store *st);
	/* A consistent backup to sink (see store/backup.h). */
	enum wb_status (*backup)(struct store *st, const char *scratch_dir,
				 int (*sink)(const void *, size_t, void *), void *arg,
				 struct wb_err *err);
	/* PostgreSQL: loads backed-up tables from source into the (emptied)
	 * tables of st.  NULL for SQLite, whose backup is the file itself. */
	enum wb_status (*restore_tables)(struct store *st, long (*source)(void *, size_t, void *),
					 void *arg, struct wb_err *err);
	/* Calls fn with the name of every table of the database (schema inspection). */
	enum wb_status (*list_tables)(struct store *st, void (*fn)(const char *, void *), void *arg,
				      struct wb_err *err);
	/* True when the named table exists (schema inspection). */
	enum wb_status (*table_exists)(struct store *st, const char *table, bool *exists,
				       struct wb_err *err);
};

/* The handle of the one active query of a connection. */
struct store_query {
	struct store *st;
};

/* Common head of every backend's connection struct. */
struct store {
	const struct store_ops *ops;
	enum store_backend backend;
	bool in_query;
	int tx_depth;       /* nested store_begin() calls; only the outermost is real */
	bool tx_doomed;     /* an inner level rolled back: the outer commit fails */
	bool bulk;          /* store_bulk_mode() until the transaction ends */
	uint32_t registers_touched;   /* the registers' generations bumped in this
					 transaction (bits of store/meta.c's parts) */
	bool failed;        /* starting or binding failed; the step reports `pending` */
	struct wb_err pending;
	enum stmt_id current;
	struct store_query q;
};

enum wb_status store_sqlite_open(const char *path, enum store_open_mode mode,
				 struct store **out, struct wb_err *err);
enum wb_status store_pg_open(const char *conninfo, enum store_open_mode mode,
			     struct store **out, struct wb_err *err);

/* Schema scripts for version v (1-based) in the backend's dialect. */
const char *migration_script(enum store_backend b, int version);
const char *migration_title(int version);
/* The script to run after version's data step (NULL when none). */
const char *migration_after_script(enum store_backend b, int version);
/* Runs version's data step, if it has one. */
enum wb_status migration_hook(struct store *st, int version, struct wb_err *err);
/* The data step of schema 5: base64 attachment text into blobs. */
enum wb_status store_migrate_attachments_to_blobs(struct store *st, struct wb_err *err);
/* The data step of schema 21: each run's rows of check_results packed into
 * check_result_blocks (store/checks.c). */
enum wb_status store_check_results_migrate(struct store *st, struct wb_err *err);
/* SQLite's data step of schema 21: check_staff's and check_registry's index
 * values of hex digits rewritten as their bytes (store/checks.c). */
enum wb_status store_check_indexes_migrate(struct store *st, struct wb_err *err);
int migration_count(void);

/* An import's rejected rows (child_rejects, check_rejects): statement stmt
 * takes (id, login, now) and yields (sealed payload, file name) for their
 * importer before they expire.  *token is malloc'd (the caller frees it);
 * WB_ERR_NOTFOUND when there is none for this login or it has expired. */
enum wb_status store_reject_get(struct store *st, enum stmt_id stmt, int64_t id, const char *login,
				int64_t now, char **token, char *file_name, size_t name_len,
				struct wb_err *err);

/* Runs stmt with one integer parameter v; *n (may be NULL) gets the rows
 * changed (0 on failure). */
enum wb_status store_exec_counted(struct store *st, enum stmt_id stmt, int64_t v, int64_t *n,
				  struct wb_err *err);

/* Binds id v, or NULL when v is not positive (an optional reference). */
static inline void
store_bind_id_opt(struct store_query *q, int idx, int64_t v)
{
	if (v > 0)
		store_bind_int(q, idx, v);
	else
		store_bind_null(q, idx);
}

/* Column col as an integer, 0 when it is NULL. */
static inline int64_t
store_col_int0(struct store_query *q, int col)
{
	return store_col_is_null(q, col) ? 0 : store_col_int(q, col);
}

/* Column col's text, "" when it is NULL (valid until the next step, like
 * store_col_text's). */
static inline const char *
store_col_text0(struct store_query *q, int col)
{
	const char *s = store_col_text(q, col);

	return s ? s : "";
}

/* Runs a statement whose parameters are bound and that yields one count
 * into *n (0 when no row or on failure); ends q. */
enum wb_status store_count_of(struct store_query *q, int64_t *n, struct wb_err *err);

/* A list's page (store_count_and_page): the count and page statements take
 * the same filter binds, the page statement then limit and offset. */
struct store_pager {
	enum stmt_id count, page;
	/* binds filter from idx; returns the index after */
	int (*bind)(struct store_query *q, int idx, const void *filter);
	const void *filter;
	size_t row_size;        /* the size of each's row */
	/* reads q's current row into row (zeroed first) and hands it on; row
	 * is the pager's and lives only for the call */
	void (*each)(struct store_query *q, void *row, void *arg);
	void *arg;
};

/* Defines struct NAME_cb (a list's callback fn and its arg) and each_NAME,
 * the store_pager each that reads a struct ROW with READ(q, row) and hands
 * it to fn(row, arg): a list's store_pager with .arg a struct NAME_cb. */
#define STORE_PAGER_EACH(name, row, read)                                      \
	struct name##_cb {                                                     \
		void (*fn)(const struct row *, void *);                        \
		void *arg;                                                     \
	};                                                                     \
	static void each_##name(struct store_query *q, void *r, void *arg)     \
	{                                                                      \
		const struct name##_cb *cb = arg;                              \
                                                                               \
		read(q, r);                                                    \
		cb->fn(r, cb->arg);                                            \
	}

/* Counts p's rows into *total (when total is not NULL; no page is read when
 * offset is past them), then calls p->each for each row of the page of
 * limit (< 0: all) rows from offset.  Returns the first failure. */
enum wb_status store_count_and_page(struct store *st, const struct store_pager *p, int64_t limit,
				    int64_t offset, int64_t *total, struct wb_err *err);

#endif
