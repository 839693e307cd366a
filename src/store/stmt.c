#include "store/stmt.h"

#include <stddef.h>

static const char *const stmt_sqls[STMT__MAX] = {
#define X(name, sql) [STMT_##name] = sql,
#include "store/stmt.def"
#undef X
};

static const char *const stmt_names[STMT__MAX] = {
#define X(name, sql) [STMT_##name] = #name,
#include "store/stmt.def"
#undef X
};

const char *
stmt_sql(enum stmt_id id)
{
	return (unsigned)id < STMT__MAX ? stmt_sqls[id] : NULL;
}

const char *
stmt_name(enum stmt_id id)
{
	return (unsigned)id < STMT__MAX ? stmt_names[id] : "?";
}
