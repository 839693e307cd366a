/* Notice parser: the unit dictionary (canonical names, aliases, lookup). */
#include "core/notice_int.h"

#include <stdlib.h>

struct dict_unit {
	char *name;
	bool member;
};

struct dict_slot {
	char *key;                 /* NULL: empty; the key is owned by the slot */
	size_t len;
	uint32_t hash;
	size_t unit;
};

struct notice_dict {
	struct dict_unit *units;
	size_t nunits, capunits;
	struct dict_slot *slots;   /* open addressing, power of two */
	size_t nslots, nkeys;
};

#define KEY_MAX 256

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Copies s[0..n) without whitespace into key (KEY_MAX bytes); returns its
 * length, or 0 when empty or too long. */
static size_t
make_key(const char *s, size_t n, char *key)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i]))
			continue;
		if (k == KEY_MAX)
			return 0;
		key[k++] = s[i];
	}
	return k;
}

static long
find(const struct notice_dict *d, const char *key, size_t n)
{
	uint32_t h;

	if (d->nslots == 0 || n == 0)
		return -1;
	h = hash(key, n);
	for (size_t i = h & (d->nslots - 1);; i = (i + 1) & (d->nslots - 1)) {
		const struct dict_slot *s = &d->slots[i];
		if (s->key == NULL)
			return -1;
		if (s->hash == h && s->len == n && memcmp(s->key, key, n) == 0)
			return (long)s->unit;
	}
}

static bool
grow(struct notice_dict *d)
{
	size_t n = d->nslots ? d->nslots * 2 : 64;
	struct dict_slot *slots = calloc(n, sizeof(*slots));

	if (slots == NULL)
		return false;
	for (size_t i = 0; i < d->nslots; i++) {
		struct dict_slot *s = &d->slots[i];
		size_t j;
		if (s->key == NULL)
			continue;
		for (j = s->hash & (n - 1); slots[j].key; j = (j + 1) & (n - 1))
			;
		slots[j] = *s;
	}
	free(d->slots);
	d->slots = slots;
	d->nslots = n;
	return true;
}

/* Adds the normalised form of text as a key of unit; WB_ERR_CONFLICT when it
 * names another unit. */
static enum wb_status
add_key(struct notice_dict *d, const char *text, size_t unit, struct wb_err *err)
{
	char key[KEY_MAX], *norm;
	size_t nlen, klen;
	enum wb_status rc = WB_OK;
	long have;

	norm = notice_nfkc(text, strlen(text), &nlen, err);
	if (norm == NULL)
		return err ? err->status : WB_ERR_INVALID;
	klen = make_key(norm, nlen, key);
	free(norm);
	if (klen == 0)
		return wb_err_set(err, WB_ERR_INVALID, "unit name '%s' is empty or too long", text);
	have = find(d, key, klen);
	if (have >= 0) {
		if ((size_t)have != unit)
			rc = wb_err_set(err, WB_ERR_CONFLICT, "'%s' already names the unit %s", text,
					d->units[have].name);
		return rc;
	}
	if ((d->nkeys + 1) * 2 > d->nslots && !grow(d))
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	uint32_t h = hash(key, klen);
	size_t i;
	for (i = h & (d->nslots - 1); d->slots[i].key; i = (i + 1) & (d->nslots - 1))
		;
	if ((d->slots[i].key = malloc(klen)) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	memcpy(d->slots[i].key, key, klen);
	d->slots[i].len = klen;
	d->slots[i].hash = h;
	d->slots[i].unit = unit;
	d->nkeys++;
	return WB_OK;
}

struct notice_dict *
notice_dict_new(void)
{
	return calloc(1, sizeof(struct notice_dict));
}

void
notice_dict_free(struct notice_dict *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nunits; i++)
		free(d->units[i].name);
	for (size_t i = 0; i < d->nslots; i++)
		free(d->slots[i].key);
	free(d->units);
	free(d->slots);
	free(d);
}

enum wb_status
notice_dict_add(struct notice_dict *d, const char *name, bool member, size_t *index,
		struct wb_err *err)
{
	char key[KEY_MAX], *norm;
	size_t nlen, klen;
	enum wb_status rc;

	norm = notice_nfkc(name, strlen(name), &nlen, err);
	if (norm == NULL)
		return err ? err->status : WB_ERR_INVALID;
	klen = make_key(norm, nlen, key);
	if (klen == 0) {
		free(norm);
		return wb_err_set(err, WB_ERR_INVALID, "unit name '%s' is empty or too long", name);
	}
	if (find(d, key, klen) >= 0) {
		free(norm);
		return wb_err_set(err, WB_ERR_CONFLICT, "the unit '%s' is already in the dictionary",
				  name);
	}
	if (d->nunits == d->capunits) {
		size_t cap = d->capunits ? d->capunits * 2 : 32;
		struct dict_unit *u = realloc(d->units, cap * sizeof(*u));
		if (u == NULL) {
			free(norm);
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		}
		d->units = u;
		d->capunits = cap;
	}
	/* the canonical name is stored as its key: normalised, no spaces */
	memcpy(norm, key, klen);
	norm[klen] = '\0';
	d->units[d->nunits].name = norm;
	d->units[d->nunits].member = member;
	rc = add_key(d, norm, d->nunits, err);
	if (rc != WB_OK) {
		free(norm);
		return rc;
	}
	if (index)
		*index = d->nunits;
	d->nunits++;
	return WB_OK;
}

enum wb_status
notice_dict_add_alias(struct notice_dict *d, size_t index, const char *alias, struct wb_err *err)
{
	if (index >= d->nunits)
		return wb_err_set(err, WB_ERR_INVALID, "no unit %zu in the dictionary", index);
	return add_key(d, alias, index, err);
}

size_t
notice_dict_count(const struct notice_dict *d)
{
	return d->nunits;
}

const char *
notice_dict_name(const struct notice_dict *d, size_t i)
{
	return i < d->nunits ? d->units[i].name : NULL;
}

bool
dict_is_member(const struct notice_dict *d, size_t i)
{
	return i < d->nunits && d->units[i].member;
}

#define SHI "\xE5\xB8\x82"   /* 市 */

long
dict_resolve(const struct notice_dict *d, const char *s, size_t n)
{
	char key[KEY_MAX + 3];
	size_t k = make_key(s, n, key + 3), p;
	long u;

	if (k == 0)
		return -1;
	if ((u = find(d, key + 3, k)) >= 0)
		return u;
	/* 教育局 → 市教育局 */
	if (!starts(key + 3, k, SHI)) {
		memcpy(key, SHI, 3);
		if ((u = find(d, key, k + 3)) >= 0)
			return u;
	}
	/* 桐乡市教育局 → 市教育局, 教育局: a place name of up to four
	 * characters before 市 (or 县, 区) */
	for (p = 3; p <= 12 && p + 3 < k && !starts(key + 3, k, SHI); p += 3) {
		const char *c = key + 3 + p;
		if (memcmp(c - 3, "\xE5\x92\x8C", 3) == 0 || memcmp(c - 3, "\xE5\x8F\x8A", 3) == 0 ||
		    memcmp(c - 3, "\xE4\xB8\x8E", 3) == 0)
			break;             /* 和 及 与: two names, not a place name */
		if (memcmp(c, SHI, 3) == 0 || memcmp(c, "\xE5\x8E\xBF", 3) == 0 ||
		    memcmp(c, "\xE5\x8C\xBA", 3) == 0) {
			memcpy(key + 3 + p, SHI, 3);
			if ((u = find(d, key + 3 + p, k - p)) >= 0)
				return u;
			if ((u = find(d, key + 3 + p + 3, k - p - 3)) >= 0)
				return u;
			break;
		}
	}
	return -1;
}

const char *
notice_dict_lookup(const struct notice_dict *d, const char *s, size_t len)
{
	long u = dict_resolve(d, s, len);

	return u >= 0 ? d->units[u].name : NULL;
}
