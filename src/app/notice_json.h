/* The one JSON form of a parsed work-plan notice, for `weibao plan parse`
 * and POST /api/v1/plans/parse alike. */
#ifndef WB_APP_NOTICE_JSON_H
#define WB_APP_NOTICE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/notice.h"

/* Takes size bytes of output; 0 on success, -1 to stop. */
typedef int (*notice_json_sink)(const char *buf, size_t size, void *arg);

/*
 * Writes {"title", "doc_number", "issuer", "date", "year", "sections",
 * "items", "warnings"} of n to sink in blocks of up to about 1 MiB.  Absent
 * values are null (a year not found too); a warning's "item" is the number of
 * the item it is about, left out when it is about none.  False when the sink
 * or memory failed.
 */
bool notice_json_write(const struct notice *n, notice_json_sink sink, void *arg);

#endif
