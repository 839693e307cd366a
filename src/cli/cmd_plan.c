/* weibao plan parse FILE: a work-plan notice as JSON, without the database. */
#include "cli/cli.h"

#include <getopt.h>

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/clock.h"
#include "app/config.h"
#include "app/plan_import.h"
#include "app/supervise.h"
#include "util/text.h"
#include "app/notice_units.h"
#include "core/notice.h"
#include "util/text.h"

#define PLAN_MAX_BYTES (64u << 20)

/*
 * JSON output.  The layout (one section, item or warning a line) is written
 * here; jansson escapes strings and prints reals (JSON_REAL_PRECISION(15)).
 * Building one jansson tree for a whole large notice cost more than parsing
 * it, and jansson's escaping of every string twice as much again, so values
 * are dumped one by one from two reused jansson values, and strings with
 * nothing to escape are copied as they are.  Output is buffered and written
 * to stdout in large blocks.
 */
struct out {
	char *p;
	size_t n, cap;
	bool failed;
	json_t *str, *real;        /* reused for every string and real */
};

#define OUT_BLOCK (1u << 20)

/* Writes out the buffer and makes room for size bytes; -1 on failure. */
static int
out_flush(struct out *o, size_t size)
{
	if (o->failed)
		return -1;
	if (o->n > 0 && fwrite(o->p, 1, o->n, stdout) != o->n) {
		o->failed = true;
		return -1;
	}
	o->n = 0;
	if (o->cap < size) {
		size_t cap = size > OUT_BLOCK ? size : OUT_BLOCK;
		char *np = realloc(o->p, cap);
		if (np == NULL) {
			o->failed = true;
			return -1;
		}
		o->p = np;
		o->cap = cap;
	}
	return 0;
}

/* Appends buf[0..size); a json_dump_callback_t for jansson too. */
static int
out_write(const char *buf, size_t size, void *data)
{
	struct out *o = data;

	if (size == 0)
		return 0;
	if (o->cap - o->n < size && out_flush(o, size) != 0)
		return -1;
	memcpy(o->p + o->n, buf, size);
	o->n += size;
	return 0;
}

/* A literal (its size is known), and any other string. */
#define out_lit(o, s) out_write("" s, sizeof(s) - 1, (o))

static void
out_cstr(struct out *o, const char *s)
{
	out_write(s, strlen(s), o);
}

/* True when the 8 bytes of w hold a byte below 0x20, '"' or '\\'. */
static inline bool
needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* A string value (null for NULL).  The parser's strings are valid UTF-8:
 * one with nothing to escape (no '"', '\\' or control character) is its
 * own JSON form between quotes; any other is escaped by jansson. */
static void
out_str(struct out *o, const char *s)
{
	size_t n, i = 0;

	if (s == NULL) {
		out_lit(o, "null");
		return;
	}
	n = strlen(s);
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (needs_escape(w))
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	if (i == n) {
		if (o->cap - o->n < n + 2 && out_flush(o, n + 2) != 0)
			return;
		o->p[o->n] = '"';
		memcpy(o->p + o->n + 1, s, n);
		o->p[o->n + n + 1] = '"';
		o->n += n + 2;
		return;
	}
	if (json_string_setn_nocheck(o->str, s, n) != 0 ||
	    json_dump_callback(o->str, out_write, o, JSON_ENCODE_ANY) != 0)
		o->failed = true;
}

static void
out_int(struct out *o, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	out_write(p, (size_t)(buf + sizeof(buf) - p), o);
}

/* An integer when v is whole (11, 25000), else a real (3.1) printed by
 * jansson with 15 significant digits. */
static void
out_num(struct out *o, double v)
{
	if (v > -9007199254740992.0 && v < 9007199254740992.0 && (double)(long long)v == v) {
		out_int(o, (long long)v);
		return;
	}
	if (json_real_set(o->real, v) != 0 ||
	    json_dump_callback(o->real, out_write, o, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) != 0)
		o->failed = true;
}

static void
out_str_array(struct out *o, const char *const *v, size_t n)
{
	out_lit(o, "[");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out_lit(o, ", ");
		out_str(o, v[i]);
	}
	out_lit(o, "]");
}

static void
out_item(struct out *o, const struct notice_item *it)
{
	out_lit(o, "{\"number\": ");
	out_int(o, it->number);
	out_lit(o, ", \"section\": ");
	out_int(o, (long long)it->section);
	out_lit(o, ", \"text\": ");
	out_str(o, it->text);
	out_lit(o, ", \"lead_units\": ");
	out_str_array(o, it->units, it->nlead);
	out_lit(o, ", \"units\": ");
	out_str_array(o, it->units, it->nunits);
	out_lit(o, ", \"targets\": [");
	for (size_t k = 0; k < it->ntargets; k++) {
		const struct notice_target *t = &it->targets[k];
		out_cstr(o, k > 0 ? ", {\"op\": " : "{\"op\": ");
		out_str(o, notice_op_name(t->op));
		out_lit(o, ", \"value\": ");
		out_num(o, t->value);
		if (t->op == NOTICE_OP_RANGE) {
			out_lit(o, ", \"value2\": ");
			out_num(o, t->value2);
		}
		out_lit(o, ", \"unit\": ");
		out_str(o, t->unit);
		out_lit(o, ", \"scope\": ");
		out_str(o, notice_scope_name(t->scope));
		out_lit(o, ", \"text\": ");
		out_str(o, t->text);
		out_lit(o, "}");
	}
	out_lit(o, "]}");
}

/*
 * Writes the JSON form of a parsed notice on stdout: {"title", "doc_number",
 * "issuer", "date", "year", "sections", "items", "warnings"}.  False when
 * writing failed.
 */
static bool
notice_write_json(const struct notice *n)
{
	struct out o = { NULL, 0, 0, false, json_string(""), json_real(0) };
	bool ok;

	if (o.str == NULL || o.real == NULL)
		o.failed = true;
	out_lit(&o, "{\n  \"title\": ");
	out_str(&o, n->title);
	out_lit(&o, ",\n  \"doc_number\": ");
	out_str(&o, n->doc_number);
	out_lit(&o, ",\n  \"issuer\": ");
	out_str(&o, n->issuer);
	out_lit(&o, ",\n  \"date\": ");
	out_str(&o, n->date[0] ? n->date : NULL);
	out_lit(&o, ",\n  \"year\": ");
	if (n->year)
		out_int(&o, n->year);
	else
		out_lit(&o, "null");
	out_lit(&o, ",\n  \"sections\": [");
	for (size_t i = 0; i < n->nsections; i++) {
		out_cstr(&o, i > 0 ? ",\n    {\"number\": " : "\n    {\"number\": ");
		out_int(&o, n->sections[i].number);
		out_lit(&o, ", \"title\": ");
		out_str(&o, n->sections[i].title);
		out_lit(&o, "}");
	}
	out_cstr(&o, n->nsections ? "\n  ],\n  \"items\": [" : "],\n  \"items\": [");
	for (size_t i = 0; i < n->nitems && !o.failed; i++) {
		out_cstr(&o, i > 0 ? ",\n    " : "\n    ");
		out_item(&o, &n->items[i]);
	}
	out_cstr(&o, n->nitems ? "\n  ],\n  \"warnings\": [" : "],\n  \"warnings\": [");
	for (size_t i = 0; i < n->nwarnings; i++) {
		const struct notice_warning *w = &n->warnings[i];
		out_cstr(&o, i > 0 ? ",\n    {\"code\": " : "\n    {\"code\": ");
		out_str(&o, notice_warning_name(w->code));
		if (w->item > 0) {
			out_lit(&o, ", \"item\": ");
			out_int(&o, n->items[w->item - 1].number);
		}
		out_lit(&o, ", \"message\": ");
		out_str(&o, w->message);
		out_lit(&o, "}");
	}
	out_cstr(&o, n->nwarnings ? "\n  ]\n}\n" : "]\n}\n");
	ok = !o.failed && (o.n == 0 || fwrite(o.p, 1, o.n, stdout) == o.n) && fflush(stdout) == 0;
	free(o.p);
	json_decref(o.str);
	json_decref(o.real);
	return ok;
}

/*
 * Maps FILE read-only into memory (a large notice is neither copied nor
 * faulted in page by page).  Returns the mapping (munmap it, *len bytes) or
 * NULL with the reason printed; an empty file is an error.
 */
static char *
map_file(const char *file, size_t *len)
{
	struct stat sb;
	void *p;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		cli_error("cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		cli_error("%s is not a regular file", file);
		close(fd);
		return NULL;
	}
	if (sb.st_size == 0 || (uint64_t)sb.st_size > PLAN_MAX_BYTES) {
		if (sb.st_size == 0)
			cli_error("%s: the file is empty", file);
		else
			cli_error("%s is too large (%lld bytes; the limit is %u)", file,
				  (long long)sb.st_size, PLAN_MAX_BYTES);
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		cli_error("cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	*len = (size_t)sb.st_size;
	return p;
}

/*
 * Reads FILE (UTF-8 or GB18030) and parses it as a notice with the embedded
 * member units.  Prints the error and returns EXIT_FAIL, or EXIT_OK with *out
 * set (the caller frees it with notice_free()).
 */
static int
plan_read(const char *file, struct notice **out)
{
	struct wb_err err = { 0 };
	struct notice_dict *dict = NULL;
	char *buf, *text = NULL;
	size_t len = 0, tlen;
	int rc = EXIT_FAIL;

	*out = NULL;
	if ((buf = map_file(file, &len)) == NULL)
		return EXIT_FAIL;
	if ((dict = notice_units_embedded(&err)) == NULL) {
		cli_error("member units: %s", err.msg);
		goto out;
	}
	/* UTF-8 is parsed as it is (the parser checks it); anything else is
	 * converted from GB18030, or refused as binary */
	if (notice_parse(buf, len, dict, out, &err) != WB_OK) {
		if (err.status != WB_ERR_INVALID || notice_is_utf8(buf, len)) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
		if ((text = text_to_utf8(buf, len, &tlen, &err)) == NULL) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
		if (notice_parse(text, tlen, dict, out, &err) != WB_OK) {
			cli_error("%s: %s", file, err.msg);
			goto out;
		}
	}
	rc = EXIT_OK;
out:
	notice_dict_free(dict);
	free(text);
	munmap(buf, len);
	return rc;
}

static int
plan_parse(int argc, char **argv)
{
	struct notice *n;
	int rc;

	if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return cli_usage("plan");
	if ((rc = plan_read(argv[1], &n)) != EXIT_OK)
		return rc;
	rc = notice_write_json(n) ? EXIT_OK : EXIT_FAIL;
	if (rc != EXIT_OK)
		cli_error("cannot write the result");
	notice_free(n);
	return rc;
}

/* weibao plan import FILE [--deadline YYYY-MM-DD] [--replace]: the notice
 * stored with its items, targets and one task per responsible unit. */
static int
plan_import_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ "deadline", required_argument, NULL, 'l' },
		{ "replace", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL, *deadline = NULL;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct plan_import res;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	bool replace = false;
	char id[24], login[64], *text;
	size_t len;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		case 'l': deadline = optarg; break;
		case 'r': replace = true; break;
		default: return cli_usage("plan");
		}
	}
	if (argc - optind != 1)
		return cli_usage("plan");
	text = text_read_file(argv[optind], 64u << 20, &len, &err);
	if (text == NULL) {
		cli_error("%s", err.msg);
		return EXIT_FAIL;
	}
	cli_locate(&loc, data, db);
	if ((rc = cli_load_config(&loc, &config)) != EXIT_OK ||
	    (rc = cli_open_store(&loc, &st)) != EXIT_OK) {
		free(text);
		return rc;
	}
	cli_app(&app, st, &config, login);
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK) {
		cli_error("%s", err.msg);
	} else if (plan_import(&app, text, len, deadline, replace, &res, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s: %s", argv[optind], err.msg);
	} else {
		snprintf(id, sizeof(id), "%lld", (long long)res.plan_id);
		if (!cli_audit(&loc, st, replace ? "plan.replace" : "plan.import", "plan", id, NULL) ||
		    store_commit(st, &err) != WB_OK) {
			store_rollback_all(st);
			cli_error("%s", err.msg[0] ? err.msg : "the import was not saved");
		} else {
			printf("%s plan %lld: %d items, %d tasks", res.replaced ? "replaced" : "imported",
			       (long long)res.plan_id, res.items, res.tasks);
			if (res.unknown_units)
				printf("; %d responsible units are not in the unit table and got no task",
				       res.unknown_units);
			if (res.warnings)
				printf("; %d warnings (see 'weibao plan parse')", res.warnings);
			printf("\n");
			rc = EXIT_OK;
		}
	}
	free(text);
	store_close(st);
	return rc;
}

/* weibao plan supervise: one round of 督办 (what `serve` does by itself). */
static int
plan_supervise_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data = NULL, *db = NULL;
	struct supervise_result res;
	struct wb_err err = { 0 };
	struct wb_config config;
	struct app_ctx app;
	struct cli_loc loc;
	struct store *st;
	char detail[96], login[64];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'b': db = optarg; break;
		default: return cli_usage("plan");
		}
	}
	if (optind != argc)
		return cli_usage("plan");
	cli_locate(&loc, data, db);
	if ((rc = cli_load_config(&loc, &config)) != EXIT_OK ||
	    (rc = cli_open_store(&loc, &st)) != EXIT_OK)
		return rc;
	cli_app(&app, st, &config, login);
	rc = EXIT_FAIL;
	if (store_begin(st, &err) != WB_OK || supervise_run(&app, &res, &err) != WB_OK) {
		store_rollback_all(st);
		cli_error("%s", err.msg);
	} else {
		snprintf(detail, sizeof(detail), "%lld created, %lld raised, %lld resolved",
			 (long long)res.created, (long long)res.raised, (long long)res.resolved);
		if (!cli_audit(&loc, st, "supervision.run", "supervision", NULL, detail) ||
		    store_commit(st, &err) != WB_OK) {
			store_rollback_all(st);
		} else {
			printf("督办: %s\n", detail);
			rc = EXIT_OK;
		}
	}
	store_close(st);
	return rc;
}

/* The subcommands of `weibao plan`. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} plan_commands[] = {
	{ "parse", plan_parse },
	{ "import", plan_import_cmd },
	{ "supervise", plan_supervise_cmd },
	{ NULL, NULL },
};

int
cmd_plan(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("plan");
	for (size_t i = 0; plan_commands[i].name; i++)
		if (strcmp(plan_commands[i].name, argv[1]) == 0)
			return plan_commands[i].run(argc - 1, argv + 1);
	cli_error("unknown subcommand 'plan %s'; see 'weibao help plan'", argv[1]);
	return EXIT_USAGE;
}
