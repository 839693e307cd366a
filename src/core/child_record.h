/*
 * A child in difficulty as typed into the register's template (CSV, .xlsx
 * or the form): the columns, and one row checked and turned into canonical
 * values.  Pure: today is a parameter; whether the village exists is the
 * caller's to check (against the division tree).
 */
#ifndef WB_CORE_CHILD_RECORD_H
#define WB_CORE_CHILD_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/allowance.h"
#include "core/child.h"
#include "core/sheet.h"

/* The template's columns, required first (the list), then the
 * optional ones. */
enum child_col {
	CC_NAME, CC_ID_NUMBER, CC_VILLAGE, CC_PLACEMENT, CC_DISABILITY, CC_DISABILITY_GRADE,
	CC_ECONOMY, CC_GUARDIAN_NAME, CC_GUARDIAN_RELATION, CC_GUARDIAN_PHONE,
	CC_FATHER_STATUS, CC_FATHER_DISABILITY, CC_FATHER_GRADE, CC_FATHER_START, CC_FATHER_END,
	CC_MOTHER_STATUS, CC_MOTHER_DISABILITY, CC_MOTHER_GRADE, CC_MOTHER_START, CC_MOTHER_END,
	CC_HOUSEHOLD, CC_SCHOOL, CC_ADDRESS, CC_SEX, CC_BIRTH_DATE, CC_FATHER_EVIDENCE,
	CC_MOTHER_EVIDENCE,
	CC__MAX
};

/* Chinese header of each column ("姓名", …) and whether a file may leave
 * the column out. */
extern const char *const child_headers[CC__MAX];
extern const bool child_header_optional[CC__MAX];

#define CHILD_NAME_MAX 151       /* 50 characters of 3 bytes and a NUL */
#define CHILD_ADDRESS_MAX 601    /* 200 characters */
#define CHILD_SCHOOL_MAX 256
#define CHILD_EVIDENCE_MAX 256

/* One parent's status as given in the row; present false when the row
 * leaves the status empty (nothing known). */
struct child_parent_input {
	bool present;
	struct parent_period period;
	char evidence[CHILD_EVIDENCE_MAX];
};

/* A checked row: canonical values. */
struct child_record {
	char name[CHILD_NAME_MAX];
	char id_number[19];          /* canonical, "" for a temporary number */
	bool birth_known;
	struct id_date birth;        /* from the ID number, or 出生日期 */
	char sex[4];                 /* 男/女, "" unknown */
	char village[13];
	enum placement placement;
	enum disability_kind disability;
	int disability_grade;        /* 0 with DISABILITY_NONE */
	enum family_economy economy;
	char guardian_name[CHILD_NAME_MAX];
	char guardian_relation[32];
	char guardian_phone[12];
	struct child_parent_input father, mother;
	char household[16];          /* 农业/非农业, "" unknown */
	char school[CHILD_SCHOOL_MAX];
	char address[CHILD_ADDRESS_MAX];
};

/*
 * Checks one row: in[c] is the raw text of column c (NULL or "" for none).
 * Fills *out with the canonical values and reports every problem through fn
 * (the column's header and a Chinese reason); returns their number.  The ID
 * number must be valid (GB 11643) and the child under 18 on today; without
 * one the child gets a temporary number (out->id_number "") and 出生日期 /
 * 性别 may be given.  A parent's status other than 正常 needs its start
 * date, 残疾 its kind and grade; an end before the start, a start after
 * today and values outside their lists are refused.
 */
int child_record_validate(const char *const in[CC__MAX], struct id_date today,
			  struct child_record *out, sheet_header_fn fn, void *arg);

/* A bank account number as typed (full-width digits, spaces and hyphens
 * allowed) into out[33]: 6 to 32 digits; false when it is not one. */
bool child_bank_account_parse(const char *in, char out[33]);

/* "1"–"4", "1级"–"4级" and "一级"–"四级" as 1–4; 0 for anything else. */
int child_grade_parse(const char *s);

#endif
