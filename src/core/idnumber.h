/* Resident identity numbers (GB 11643-1999, 18 characters).  Pure: the
 * current date is always a parameter, never read from the clock. */
#ifndef WB_CORE_IDNUMBER_H
#define WB_CORE_IDNUMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

#define IDNUMBER_LEN 18
#define IDNUMBER_SIZE (IDNUMBER_LEN + 1)   /* with the terminating NUL */

/* A calendar date (proleptic Gregorian); month 1-12, day 1-31. */
struct id_date {
	int year;
	int month;
	int day;
};

enum id_sex {
	ID_SEX_FEMALE = 0,   /* even sequence number */
	ID_SEX_MALE = 1      /* odd sequence number */
};

/* True when d is a real date between 1800-01-01 and 9999-12-31
 * (29 February only in leap years). */
bool id_date_valid(struct id_date d);

/* <0, 0, >0 as a is before, equal to or after b. */
int id_date_compare(struct id_date a, struct id_date b);

/* Age in whole years on date `at` of someone born on `birth`: the age goes up
 * on the birthday itself, reckoned as id_date_add_months does (for
 * 29 February births, on 28 February in common years: 民法典 第二百零二条).
 * -1 when either date is invalid or at is before birth. */
int id_date_age(struct id_date birth, struct id_date at);

/* The date n months after d (n may be negative) by calendar reckoning: the
 * same day of the month, or the month's last day where that day does not
 * exist (31 August + 6 months = 28 or 29 February).  d must be valid. */
struct id_date id_date_add_months(struct id_date d, int n);

/* The date n days after d (n may be negative).  d must be valid. */
struct id_date id_date_add_days(struct id_date d, int n);

/* Days since 1970-01-01 (negative before it) of a valid date. */
long id_date_days(struct id_date d);

/* The date of day number n (as id_date_days counts). */
struct id_date id_date_from_days(long n);

/* The calendar date of Unix time t at utc_offset_s east of UTC (China:
 * 8 hours). */
struct id_date id_date_of_time(int64_t t, int utc_offset_s);

/* d as "YYYY-MM-DD" into out (11 bytes). */
void id_date_format(struct id_date d, char out[11]);

/* "YYYY-MM-DD" (exactly) into *d; false when s is not a valid date so
 * written. */
bool id_date_parse_iso(const char *s, struct id_date *d);

/*
 * Writes the canonical form of a typed-in ID number into out: surrounding
 * white space (ASCII and U+3000) trimmed, full-width digits and letters
 * mapped to ASCII, x upper-cased.  WB_ERR_INVALID (Chinese message) when the
 * input is not UTF-8, holds anything but digits and X, or is not 18
 * characters long; out is then "".  Checks nothing else: call
 * idnumber_validate on the result.
 */
enum wb_status idnumber_normalise(const char *in, char out[IDNUMBER_SIZE], struct wb_err *err);

/*
 * WB_OK when id is an 18-character canonical ID number (as written by
 * idnumber_normalise): 17 ASCII digits then a digit or upper-case X, a valid
 * birth date not after `today`, and the right check character.  Otherwise
 * WB_ERR_INVALID with a Chinese message saying which part is wrong.
 */
enum wb_status idnumber_validate(const char *id, struct id_date today, struct wb_err *err);

/* The check character ('0'-'9' or 'X') for the first 17 characters of id,
 * which must be ASCII digits; '\0' when they are not. */
char idnumber_check_char(const char *id);

/* Birth date encoded in id (characters 7-14).  False (and *out untouched)
 * when those are not digits forming a valid date. */
bool idnumber_birth_date(const char *id, struct id_date *out);

/* Sex from the sequence number (character 17): odd is male.  Only meaningful
 * for a validated id. */
enum id_sex idnumber_sex(const char *id);

/* Age in whole years on date `at` (see id_date_age); -1 when id has no valid
 * birth date or at is before it. */
int idnumber_age(const char *id, struct id_date at);

/*
 * Writes a synthetic, valid ID number for tests and benchmarks into out:
 * address (6 ASCII digits), birth date, sequence 0-999, then the check
 * character.  WB_ERR_INVALID when an argument is out of range.
 */
enum wb_status idnumber_generate(const char *address, struct id_date birth, int sequence,
				 char out[IDNUMBER_SIZE], struct wb_err *err);

#endif
