/* The Chinese titles of every closed code the API answers with: the web UI
 * takes them from GET /api/v1/meta, so no code ever shows in English. */
#ifndef WB_API_LABELS_H
#define WB_API_LABELS_H

#include <jansson.h>

/* The title of an audit action ("task.sign" → "签收任务"), NULL if unknown. */
const char *label_audit_action(const char *code);
/* The title of an audit outcome ("denied" → "拒绝"), NULL if unknown. */
const char *label_audit_outcome(const char *code);
/* The title of an audited object type ("task" → "任务"), NULL if unknown. */
const char *label_object_type(const char *code);

/* {"task_status":{code:title}, "light":…, "scope_kind":…, "user_status":…,
 *  "permission":…, "audit_action":…, "audit_outcome":…, "object_type":…,
 *  "supervision_kind":…, "division_level":…, "division_kind":…, "unit_kind":…}
 * (a new reference). */
json_t *labels_json(void);

#endif
