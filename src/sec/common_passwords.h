/* The embedded list of the most common passwords, for the password policy. */
#ifndef WB_SEC_COMMON_PASSWORDS_H
#define WB_SEC_COMMON_PASSWORDS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when word[0..len) is on the list.  The list is lower-case ASCII, so the
 * caller folds the candidate to lower case first; word need not be
 * NUL-terminated.
 */
bool common_password_listed(const char *word, size_t len);

/* Number of entries on the list. */
size_t common_password_count(void);

/* Entry i (i < common_password_count()), in ascending strcmp order; for tests. */
const char *common_password_entry(size_t i);

#endif
