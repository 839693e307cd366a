/* A growable array of fixed-size entries (rows collected from the store). */
#ifndef WB_UTIL_VEC_H
#define WB_UTIL_VEC_H

#include <stdbool.h>
#include <stddef.h>

struct vec {
	void *items;      /* malloc'd; the owner frees it with vec_free() */
	size_t n, cap;
	size_t size;      /* bytes of one entry: set before the first push */
	bool nomem;       /* a push failed: the array is incomplete */
};

#define VEC_INIT(type) { NULL, 0, 0, sizeof(type), false }

/* A new zeroed entry at the end, or NULL with v->nomem set.  Earlier
 * entries may move (pointers to them do not survive a push). */
void *vec_push(struct vec *v);
/* Entry i. */
void *vec_at(const struct vec *v, size_t i);
/* Frees the entries and empties v. */
void vec_free(struct vec *v);

#endif
