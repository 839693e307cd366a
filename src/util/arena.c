#include "util/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 16384

struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;   /* the current block; older ones follow */
	struct block *first;  /* the block arena_new() made, kept by arena_reset() */
	size_t total;
};

static struct block *
block_new(size_t size)
{
	struct block *b = malloc(sizeof(*b) + size);

	if (b == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->head = block_new(BLOCK);
	if (a->head == NULL) {
		free(a);
		return NULL;
	}
	a->first = a->head;
	a->total = BLOCK;
	return a;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct block *keep = a->first;

	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		if (b != keep)
			free(b);
	}
	a->head = keep;
	keep->next = NULL;
	keep->used = 0;
	a->total = keep->size;
}

/* n bytes at a multiple of align (a power of two) from a. */
static void *
alloc_aligned(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->head;
	size_t at = (b->used + align - 1) & ~(align - 1);

	if (n > ((size_t)-1) / 2)
		return NULL;
	if (at + n > b->size) {
		size_t size = n > BLOCK / 4 ? n : BLOCK;
		struct block *nb = block_new(size);
		if (nb == NULL)
			return NULL;
		a->total += size;
		if (size > BLOCK) {
			/* a large one goes behind the current block, which keeps its room */
			nb->next = b->next;
			b->next = nb;
			nb->used = n;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return alloc_aligned(a, n, alignof(max_align_t));
}

char *
arena_memdup(struct arena *a, const void *p, size_t n)
{
	char *s = n < ((size_t)-1) / 2 ? alloc_aligned(a, n + 1, 1) : NULL;   /* text: no alignment */

	if (s == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_memdup(a, s, strlen(s)) : NULL;
}

bool
arena_keep_strings(struct arena *a, const char **const strs[], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (*strs[i] && (*strs[i] = arena_strdup(a, *strs[i])) == NULL)
			return false;
	return true;
}

size_t
arena_size(const struct arena *a)
{
	return a->total;
}
