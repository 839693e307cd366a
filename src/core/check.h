/*
 * Background checks (入职查询): the pure rules of one row of the offender
 * registry's file and of an institution's roster, the institution types,
 * the supervising unit of a type, and the plaintext form of a person's
 * sealed cell.  Pure: today's date is a parameter.
 */
#ifndef WB_CORE_CHECK_H
#define WB_CORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/facility.h"
#include "core/idnumber.h"

/* The results a person gets (check_results.result, check_staff.last_result). */
#define CHECK_NONE "无记录"
#define CHECK_HIT "有记录"
#define CHECK_INVALID "无效"

/* The registry's columns, in the template's order. */
enum check_registry_col { CHKREG_NAME, CHKREG_ID, CHKREG_CATEGORY, CHKREG_DATE, CHKREG__MAX };
extern const char *const check_registry_headers[CHKREG__MAX];   /* 姓名, 身份证号, 类别, 记录日期 */
/* 性侵害, 虐待, 拐卖, 暴力伤害, NULL */
extern const char *const check_categories[];

/* A roster's columns, in the template's order; 入职日期 may be left out of
 * a file (every row an applicant). */
enum check_roster_col { CHKROS_NAME, CHKROS_ID, CHKROS_POST, CHKROS_CONSENT, CHKROS_HIRED,
			CHKROS__MAX };
extern const char *const check_roster_headers[CHKROS__MAX];   /* 姓名, 身份证号, 岗位, 同意书编号, 入职日期 */

/* The longest name, post and consent number in characters. */
#define CHECK_TEXT_CHARS 40
#define CHECK_TEXT_SIZE (CHECK_TEXT_CHARS * 4 + 1)
/* A masked name (core/mask.h) of a name of at most CHECK_TEXT_CHARS characters. */
#define CHECK_MASKED_NAME_SIZE 64

/* One problem of a row: the column's header ("" for the row) and a Chinese
 * message. */
struct check_problem {
	const char *column;
	char message[160];
};
typedef void (*check_problem_fn)(const struct check_problem *p, void *arg);

/*
 * Maps a file's header row to the columns of the registry (registry true)
 * or a roster: map[i] receives the column of header i, or -1.  Every
 * unknown, repeated or missing header is reported through fn; returns the
 * number of problems (0: good).
 */
int check_map_header(bool registry, const char *const *headers, size_t n, int *map,
		     check_problem_fn fn, void *arg);

/* A registry row as stored: the canonical ID number (to be blind-indexed
 * and forgotten), the category (one of check_categories) and the date. */
struct check_registry_row {
	char id[IDNUMBER_SIZE];
	const char *category;
	char recorded_on[11];
};

/*
 * Checks one registry row: in[c] the raw text of column c (NULL or "" for
 * none).  The name must be given and is then thrown away; the ID number
 * must be valid (GB 11643, born on or before today), the category one of
 * the four, the date a real date not after today.  Every problem is
 * reported through fn (may be NULL); returns their number.
 */
int check_registry_row(const char *const in[CHKREG__MAX], struct id_date today,
		       struct check_registry_row *out, check_problem_fn fn, void *arg);

/* A roster row: canonical ID number, the name, post and consent number
 * normalised (NFKC, trimmed), hired_on "YYYY-MM-DD" or "" for an applicant. */
struct check_roster_row {
	char id[IDNUMBER_SIZE];
	char name[CHECK_TEXT_SIZE];
	char post[CHECK_TEXT_SIZE];
	char consent[CHECK_TEXT_SIZE];
	char hired_on[11];
};

/*
 * Checks one roster row (in as above).  A missing name or a malformed ID
 * number makes the row 无效, as do an over-long text or an 入职日期 that is
 * not a date or lies after today.  Returns true when the row is good; else
 * false with the first problem's message in *why (the column in
 * why->column).
 */
bool check_roster_row(const char *const in[CHKROS__MAX], struct id_date today,
		      struct check_roster_row *out, struct check_problem *why);

/* True for the facility types whose staff are checked: school, childcare,
 * rescue, hospital, training, welfare. */
bool check_institution_type(enum facility_type t);

/* The default of configuration check_supervisor_units. */
#define CHECK_SUPERVISOR_UNITS_DEFAULT \
	"school:市教育局,training:市教育局,childcare:市卫生健康局,hospital:市卫生健康局," \
	"welfare:市民政局,rescue:市民政局"

/* The supervising unit of institution type `type` (a facility type code) in
 * a check_supervisor_units value ("type:单位名,…") into out; false (out "")
 * when the type is not named or the value is malformed there. */
bool check_supervisor_unit(const char *config, const char *type, char *out, size_t n);

/* True when value is "type:单位名" pairs separated by commas, each type an
 * institution type (check_institution_type) and each unit name non-empty. */
bool check_supervisor_units_valid(const char *value);

/* The plaintext of a person's sealed cell (check_staff.person): the ID
 * number, a TAB, the name.  check_person_join writes it into out (n bytes,
 * IDNUMBER_SIZE + CHECK_TEXT_SIZE suffice) and returns its length, or 0 when
 * it does not fit; check_person_split finds the parts of a decrypted cell of
 * len bytes: false when it is not of that form. */
#define CHECK_PERSON_SIZE (IDNUMBER_SIZE + CHECK_TEXT_SIZE)
size_t check_person_join(const char *id, const char *name, char *out, size_t n);
bool check_person_split(const char *plain, size_t len, char id[IDNUMBER_SIZE], char *name,
			size_t name_size);

#endif
