/* Store access to the training records of the 儿童督导员 and 儿童主任
 * rosters: a training located in a division, its attendees roster records. */
#ifndef WB_STORE_TRAININGS_H
#define WB_STORE_TRAININGS_H

#include <stdint.h>

#include "sec/scope.h"
#include "store/facilities.h"

struct training_row {
	int64_t id;
	char name[256], held_on[11], organiser[256], division_code[16], town_code[10];
	int64_t created_at, attendees;
};

enum wb_status store_training_insert(struct store *st, const struct training_row *t, int64_t now,
				     int64_t by, int64_t *id, struct wb_err *err);
enum wb_status store_training_attendee_add(struct store *st, int64_t training_id,
					   int64_t facility_id, struct wb_err *err);
/* Training id within the scope; WB_ERR_NOTFOUND outside it. */
enum wb_status store_training_get(struct store *st, const struct scope *scope, int64_t id,
				  struct training_row *out, struct wb_err *err);
/* A page of the trainings the scope sees (town "" for all), newest first;
 * *total their count; fn must not use st. */
enum wb_status store_training_page(struct store *st, const struct scope *scope, const char *town,
				   int64_t limit, int64_t offset,
				   void (*fn)(const struct training_row *, void *), void *arg,
				   int64_t *total, struct wb_err *err);
/* fn(the roster record) for each attendee of training_id, by division and
 * name; the row is valid during the call, which must not use st. */
enum wb_status store_training_attendees(struct store *st, int64_t training_id,
					void (*fn)(const struct facility_row *, void *), void *arg,
					struct wb_err *err);

#endif
