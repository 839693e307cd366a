#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

void *
vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 32;
		void *p = realloc(v->items, cap * v->size);
		if (p == NULL) {
			v->nomem = true;
			return NULL;
		}
		v->items = p;
		v->cap = cap;
	}
	return memset((char *)v->items + v->n++ * v->size, 0, v->size);
}

void *
vec_at(const struct vec *v, size_t i)
{
	return (char *)v->items + i * v->size;
}

void
vec_free(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}
