/*
 * libFuzzer target of the work-plan notice parser: any bytes go through
 * notice_parse() as `weibao plan parse` does (UTF-8 as it is, else the
 * GB18030 conversion), and every string of a result must be valid UTF-8 and
 * every count consistent.  A violation aborts, which the fuzzer reports.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/notice_units.h"
#include "core/notice.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_str(const char *s, int nullable)
{
	if (s == NULL) {
		if (!nullable)
			abort();
		return;
	}
	if (!notice_is_utf8(s, strlen(s)))
		abort();
}

static void
check(const struct notice *n)
{
	check_str(n->title, 1);
	check_str(n->doc_number, 1);
	check_str(n->issuer, 1);
	if (n->nitems == 0 || strlen(n->date) > 10)
		abort();
	for (size_t i = 0; i < n->nsections; i++)
		check_str(n->sections[i].title, 0);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct notice_item *it = &n->items[i];
		check_str(it->text, 0);
		check_str(it->marker, 1);
		if (it->nlead > it->nunits || it->section > n->nsections)
			abort();
		for (size_t k = 0; k < it->nunits; k++)
			check_str(it->units[k], 0);
		for (size_t k = 0; k < it->ntargets; k++) {
			check_str(it->targets[k].text, 0);
			check_str(it->targets[k].unit, 0);
			if (it->targets[k].value != it->targets[k].value)
				abort();   /* NaN */
		}
	}
	for (size_t i = 0; i < n->nunits; i++)
		check_str(n->units[i], 0);
	for (size_t i = 0; i < n->nwarnings; i++) {
		check_str(n->warnings[i].message, 0);
		if (n->warnings[i].item > n->nitems)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct notice_dict *dict;
	struct wb_err err = { 0 };
	struct notice *n = NULL;
	size_t len;
	char *text;

	if (dict == NULL && (dict = notice_units_embedded(&err)) == NULL)
		abort();
	if (notice_parse((const char *)data, size, dict, &n, &err) == WB_OK) {
		check(n);
		notice_free(n);
		return 0;
	}
	if (n != NULL || err.msg[0] == '\0')
		abort();
	if (notice_is_utf8((const char *)data, size))
		return 0;
	text = text_to_utf8((const char *)data, size, &len, &err);
	if (text != NULL && notice_parse(text, len, dict, &n, &err) == WB_OK) {
		check(n);
		notice_free(n);
	}
	free(text);
	return 0;
}
