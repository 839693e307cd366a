/* The unit dictionary of the notice parser, built from the member-units CSV. */
#ifndef WB_APP_NOTICE_UNITS_H
#define WB_APP_NOTICE_UNITS_H

#include <stddef.h>

#include "core/notice.h"

/*
 * Builds a dictionary from member-units CSV text (columns code,name,kind
 * [,aliases], aliases separated by '|'; UTF-8).  Units of kind "office" (the
 * committee office) are not members: 各成员单位 does not include them.
 * Returns a dictionary the caller frees with notice_dict_free(), or NULL with
 * the reason in err.
 */
struct notice_dict *notice_units_from_csv(const char *buf, size_t len, struct wb_err *err);

/* The same from the member units embedded in the binary (data/member-units.csv). */
struct notice_dict *notice_units_embedded(struct wb_err *err);

#endif
