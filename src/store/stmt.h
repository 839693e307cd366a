/* The closed catalogue of SQL statements (see stmt.def). */
#ifndef WB_STORE_STMT_H
#define WB_STORE_STMT_H

enum stmt_id {
#define X(name, sql) STMT_##name,
#include "store/stmt.def"
#undef X
	STMT__MAX
};

/* The SQL text of a statement, with `?` placeholders. */
const char *stmt_sql(enum stmt_id id);
/* Its name, for error messages ("DIVISION_INSERT"). */
const char *stmt_name(enum stmt_id id);

#endif
