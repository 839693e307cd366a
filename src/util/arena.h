/*
 * A bump allocator: many small allocations freed together (a request's rows,
 * strings and replies are freed when its response has been sent).
 */
#ifndef WB_UTIL_ARENA_H
#define WB_UTIL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* A new, empty arena; NULL when out of memory.  Free it with arena_free(). */
struct arena *arena_new(void);
/* Frees the arena and everything allocated from it; NULL is fine. */
void arena_free(struct arena *a);
/* Forgets every allocation but keeps the first block for reuse. */
void arena_reset(struct arena *a);

/* n bytes aligned for any type, owned by the arena; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of s owned by the arena; NULL for NULL or when out of memory. */
char *arena_strdup(struct arena *a, const char *s);
/* A copy of n bytes plus a NUL owned by the arena. */
char *arena_memdup(struct arena *a, const void *p, size_t n);

/* Replaces each string *strs[i] (i < n) that is not NULL by a copy owned
 * by the arena: the strings of a row read from a statement, kept after it
 * ends.  False when out of memory (the strings before the failing one are
 * copies then, the rest untouched). */
bool arena_keep_strings(struct arena *a, const char **const strs[], size_t n);

/* Bytes the arena holds from the system (tests, statistics). */
size_t arena_size(const struct arena *a);

#endif
