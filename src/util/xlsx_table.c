/*
 * .xlsx reader: the parts are inflated by libzip (counting the bytes actually
 * read, never the sizes the archive claims) and streamed through expat, which
 * gets no DTD (refused) and keeps its billion-laughs protection.  Parts read:
 * xl/workbook.xml (first sheet, date1904), xl/_rels/workbook.xml.rels (where
 * that sheet is), xl/sharedStrings.xml, xl/styles.xml (which cell styles are
 * dates), then the sheet itself.
 */
#include "util/xlsx_table.h"

#include <expat.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

const struct xlsx_limits xlsx_default_limits = {
	.part_bytes = 64u << 20,
	.rows = 1048576,
	.cols = 16384,
	.cells = 4000000,
};

#define CELL_MAX_BYTES (128u << 10)   /* Excel holds 32,767 characters in a cell */
#define PATH_MAX_BYTES 512

#define MSG_CORRUPT "文件不是有效的 .xlsx 工作簿（已损坏或不完整）：请在 Excel 中另存为 .xlsx 或 CSV 后再导入"
#define MSG_ENCRYPTED "工作簿设有密码或经过加密，无法读取：请在 Excel 中另存为不设密码的 .xlsx 或 CSV 后再导入"

/* A growable byte string; nomem is sticky. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool nomem;
};

static void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->nomem = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

enum numkind { NUM_PLAIN, NUM_DATE, NUM_TIME };

struct numfmt {
	unsigned id;
	enum numkind kind;
};

enum celltype { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_ERROR, CELL_DATE };

/* Everything one parse holds; rc is the first failure (sticky). */
struct reader {
	zip_t *zip;
	const struct xlsx_limits *lim;
	struct wb_err *err;
	enum wb_status rc;
	XML_Parser xp;

	/* workbook */
	bool date1904, have_sheet;
	char sheet_rid[128];
	char sheet_path[PATH_MAX_BYTES];

	/* shared strings: one buffer of NUL-terminated strings and their offsets */
	struct sbuf ss;
	size_t *ss_off, ss_n, ss_cap;
	bool in_si;

	/* styles */
	struct numfmt *fmts;
	size_t nfmts, fmts_cap;
	unsigned *xf_fmt;            /* numFmtId of each cellXfs entry */
	size_t nxf, xf_cap;
	enum numkind *xf_kind;
	bool in_numfmts, in_cellxfs;

	/* the sheet */
	struct csv_table *out;
	size_t rows_cap, cells;
	bool in_data;
	size_t row, last_row;        /* 1-based; 0 before the first */
	char **fields;
	size_t nfields, fields_cap;
	size_t col, last_col;        /* 1-based within the row */
	enum celltype type;
	size_t style;
	bool in_cell, in_v, in_is;

	/* text inside <t> (shared or inline strings) or <v> */
	int rph;                     /* depth inside <rPh> (phonetic runs: not text) */
	bool in_t;
	struct sbuf text;
};

/* Records the first failure and stops the XML parser if one is running. */
static void __attribute__((format(printf, 4, 5)))
fail(struct reader *rd, enum wb_status st, const char *code, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(rd->err->msg)];

	if (rd->rc == WB_OK) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		rd->rc = wb_err_code(rd->err, st, code, "%s", msg);
	}
	if (rd->xp)
		XML_StopParser(rd->xp, XML_FALSE);
}

static void
fail_nomem(struct reader *rd)
{
	fail(rd, WB_ERR_NOMEM, "", "out of memory");
}

static void
fail_corrupt(struct reader *rd)
{
	fail(rd, WB_ERR_INVALID, "xlsx_corrupt", "%s", MSG_CORRUPT);
}

/* The local part of an element or attribute name ("r:id" → "id"). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

/* The value of the attribute whose local name is name (any prefix), or NULL.
 * prefixed: only one with a namespace prefix (r:id, not id). */
static const char *
attr(const char **atts, const char *name, bool prefixed)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0 && (!prefixed || strchr(atts[i], ':')))
			return atts[i + 1];
	return NULL;
}

/* Parses a whole unsigned decimal; false on anything else or over max. */
static bool
parse_uint(const char *s, size_t max, size_t *out)
{
	size_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (size_t)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	   int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	fail_corrupt(ud);
}

/* Collects character data while inside <t> (outside <rPh>) or <v>. */
static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct reader *rd = ud;

	if (!(rd->in_t && rd->rph == 0) && !rd->in_v)
		return;
	if (rd->text.len + (size_t)len > CELL_MAX_BYTES) {
		fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large", "工作表中有单元格内容过长（超过 %u 字节）",
		     CELL_MAX_BYTES);
		return;
	}
	sbuf_add(&rd->text, s, (size_t)len);
	if (rd->text.nomem)
		fail_nomem(rd);
}

/*
 * Inflates the part name (case-insensitive, as OOXML part names are) and
 * streams it through a fresh expat parser with the given handlers; on_text
 * collects character data.  A missing part is WB_OK when !required.  Returns
 * rd->rc.
 */
static enum wb_status
read_part(struct reader *rd, const char *name, bool required, XML_StartElementHandler start,
	  XML_EndElementHandler end)
{
	char *buf = NULL;
	zip_file_t *f = NULL;
	zip_stat_t zs;
	zip_int64_t idx, n;
	size_t total = 0;

	if (rd->rc != WB_OK)
		return rd->rc;
	idx = zip_name_locate(rd->zip, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (required)
			fail_corrupt(rd);
		return rd->rc;
	}
	zip_stat_init(&zs);
	if (zip_stat_index(rd->zip, (zip_uint64_t)idx, 0, &zs) != 0) {
		fail_corrupt(rd);
		return rd->rc;
	}
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
		fail(rd, WB_ERR_INVALID, "xlsx_unsupported", "%s", MSG_ENCRYPTED);
		return rd->rc;
	}
	rd->xp = XML_ParserCreate(NULL);
	buf = malloc(64 << 10);
	if (rd->xp == NULL || buf == NULL) {
		fail_nomem(rd);
		goto out;
	}
	XML_SetUserData(rd->xp, rd);
	XML_SetElementHandler(rd->xp, start, end);
	XML_SetCharacterDataHandler(rd->xp, on_text);
	XML_SetStartDoctypeDeclHandler(rd->xp, on_doctype);
	f = zip_fopen_index(rd->zip, (zip_uint64_t)idx, 0);
	if (f == NULL) {
		if (zip_error_code_zip(zip_get_error(rd->zip)) == ZIP_ER_ENCRNOTSUPP ||
		    zip_error_code_zip(zip_get_error(rd->zip)) == ZIP_ER_NOPASSWD)
			fail(rd, WB_ERR_INVALID, "xlsx_unsupported", "%s", MSG_ENCRYPTED);
		else
			fail_corrupt(rd);
		goto out;
	}
	for (;;) {
		n = zip_fread(f, buf, 64 << 10);
		if (n < 0) {
			fail_corrupt(rd);   /* bad data or CRC */
			goto out;
		}
		total += (size_t)n;
		if (total > rd->lim->part_bytes) {
			fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large",
			     "工作簿解压后过大（%s 超过 %zu MiB），请拆分后再导入", name,
			     rd->lim->part_bytes >> 20);
			goto out;
		}
		if (XML_Parse(rd->xp, buf, (int)n, n == 0) != XML_STATUS_OK) {
			if (rd->rc == WB_OK)
				fail_corrupt(rd);
			goto out;
		}
		if (rd->rc != WB_OK || n == 0)
			break;
	}
out:
	if (f)
		zip_fclose(f);
	if (rd->xp)
		XML_ParserFree(rd->xp);
	rd->xp = NULL;
	free(buf);
	return rd->rc;
}

/* ---- xl/workbook.xml ---- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *n = local(name), *v;

	if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904", false)) != NULL)
		rd->date1904 = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0;
	if (strcmp(n, "sheet") == 0 && !rd->have_sheet) {
		v = attr(atts, "id", true);
		if (v == NULL || strlen(v) >= sizeof(rd->sheet_rid)) {
			fail_corrupt(rd);
			return;
		}
		strcpy(rd->sheet_rid, v);
		rd->have_sheet = true;
	}
}

static void XMLCALL
no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

/* ---- xl/_rels/workbook.xml.rels ---- */

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *id, *target, *mode;

	if (strcmp(local(name), "Relationship") != 0 || rd->sheet_path[0])
		return;
	id = attr(atts, "Id", false);
	target = attr(atts, "Target", false);
	mode = attr(atts, "TargetMode", false);
	if (id == NULL || strcmp(id, rd->sheet_rid) != 0)
		return;
	if (target == NULL || (mode && strcmp(mode, "External") == 0) || strstr(target, "..")) {
		fail_corrupt(rd);
		return;
	}
	while (strncmp(target, "./", 2) == 0)
		target += 2;
	/* "/xl/worksheets/sheet1.xml" is absolute; "worksheets/sheet1.xml" relative to xl/ */
	if (snprintf(rd->sheet_path, sizeof(rd->sheet_path), "%s%s",
		     target[0] == '/' ? "" : "xl/", target + (target[0] == '/')) >=
	    (int)sizeof(rd->sheet_path))
		fail_corrupt(rd);
}

/* ---- OOXML strings ---- */

/* Appends the UTF-8 encoding of code point cp to s. */
static size_t
utf8_put(unsigned long cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	s[0] = (char)(0xE0 | (cp >> 12));
	s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	s[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Decodes OOXML's _xHHHH_ escapes (e.g. _x000D_ for a carriage return) of the
 * NUL-terminated s in place; NUL, surrogates and malformed ones stay as written. */
static void
unescape_ooxml(char *s)
{
	char *w = s;

	for (const char *p = s; *p;) {
		unsigned long cp;
		char hex[5];
		if (p[0] == '_' && p[1] == 'x' && strspn(p + 2, "0123456789abcdefABCDEF") >= 4 &&
		    p[6] == '_') {
			memcpy(hex, p + 2, 4);
			hex[4] = '\0';
			cp = strtoul(hex, NULL, 16);
			if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				w += utf8_put(cp, w);
				p += 7;
				continue;
			}
		}
		*w++ = *p++;
	}
	*w = '\0';
}

/* ---- xl/sharedStrings.xml ---- */

static void XMLCALL
ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		rd->in_si = true;
		rd->text.len = 0;
		if (rd->text.p)
			rd->text.p[0] = '\0';
	} else if (strcmp(n, "rPh") == 0) {
		rd->rph++;
	} else if (strcmp(n, "t") == 0 && rd->in_si) {
		rd->in_t = true;
	}
}

static void XMLCALL
ss_end(void *ud, const XML_Char *name)
{
	struct reader *rd = ud;
	const char *n = local(name);

	if (strcmp(n, "t") == 0) {
		rd->in_t = false;
	} else if (strcmp(n, "rPh") == 0) {
		rd->rph -= rd->rph > 0;
	} else if (strcmp(n, "si") == 0 && rd->in_si) {
		rd->in_si = false;
		if (rd->ss_n >= rd->lim->cells) {
			fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large", "工作簿的文字超过 %zu 段",
			     rd->lim->cells);
			return;
		}
		if (rd->ss_n == rd->ss_cap) {
			size_t cap = rd->ss_cap ? rd->ss_cap * 2 : 256;
			size_t *o = realloc(rd->ss_off, cap * sizeof(*o));
			if (o == NULL) {
				fail_nomem(rd);
				return;
			}
			rd->ss_off = o;
			rd->ss_cap = cap;
		}
		rd->ss_off[rd->ss_n++] = rd->ss.len;
		sbuf_add(&rd->ss, rd->text.p ? rd->text.p : "", rd->text.len);
		sbuf_add(&rd->ss, "", 1);   /* the NUL that ends it inside the buffer */
		if (rd->ss.nomem)
			fail_nomem(rd);
		else
			unescape_ooxml(rd->ss.p + rd->ss_off[rd->ss_n - 1]);
		rd->text.len = 0;
	}
}

/* ---- xl/styles.xml ---- */

/* What a number format code shows: a date (y, d, or m without h/s), a time
 * (h, s, or elapsed [h] [mm] [ss]) or a plain number.  Quoted text, escaped
 * characters and [colour]/[$-804] sections do not count. */
static enum numkind
classify_format(const char *code)
{
	bool date = false, time = false, month = false;

	if (strcasecmp(code, "General") == 0)
		return NUM_PLAIN;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			if (p == NULL)
				return date ? NUM_DATE : time ? NUM_TIME : NUM_PLAIN;
			break;
		case '\\': case '_': case '*':
			if (p[1])
				p++;
			break;
		case '[': {
			const char *e = strchr(p, ']');
			if (e == NULL)
				return NUM_PLAIN;
			if (strchr("hHmMsS", p[1]) && strspn(p + 1, "hHmMsS") == (size_t)(e - p - 1))
				time = true;
			p = e;
			break;
		}
		case 'y': case 'Y': case 'd': case 'D':
			date = true;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = true;
			break;
		case 'm': case 'M':
			month = true;
			break;
		}
	}
	if (date)
		return NUM_DATE;
	if (time)
		return NUM_TIME;
	return month ? NUM_DATE : NUM_PLAIN;
}

/* The kind of a built-in format id: 14–17 and 22 dates, 18–21 and 45–47
 * times, and the East Asian built-ins Chinese Excel writes without a code
 * (27–31, 36, 50–54, 57–58 dates such as yyyy"年"m"月"d"日"; 32–35, 55–56 times). */
static enum numkind
builtin_kind(unsigned id)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return NUM_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47) || (id >= 32 && id <= 35) ||
	    id == 55 || id == 56)
		return NUM_TIME;
	return NUM_PLAIN;
}

static void XMLCALL
st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *n = local(name), *id, *code;
	size_t v;

	if (strcmp(n, "numFmts") == 0) {
		rd->in_numfmts = true;
	} else if (strcmp(n, "cellXfs") == 0) {
		rd->in_cellxfs = true;
	} else if (strcmp(n, "numFmt") == 0 && rd->in_numfmts) {
		id = attr(atts, "numFmtId", false);
		code = attr(atts, "formatCode", false);
		if (!parse_uint(id, 0xFFFFFF, &v) || code == NULL)
			return;
		if (rd->nfmts == rd->fmts_cap) {
			size_t cap = rd->fmts_cap ? rd->fmts_cap * 2 : 16;
			struct numfmt *f;
			if (cap > rd->lim->cells) {
				fail_corrupt(rd);
				return;
			}
			f = realloc(rd->fmts, cap * sizeof(*f));
			if (f == NULL) {
				fail_nomem(rd);
				return;
			}
			rd->fmts = f;
			rd->fmts_cap = cap;
		}
		rd->fmts[rd->nfmts++] = (struct numfmt){ (unsigned)v, classify_format(code) };
	} else if (strcmp(n, "xf") == 0 && rd->in_cellxfs) {
		if (!parse_uint(attr(atts, "numFmtId", false), 0xFFFFFF, &v))
			v = 0;
		if (rd->nxf == rd->xf_cap) {
			size_t cap = rd->xf_cap ? rd->xf_cap * 2 : 16;
			unsigned *x;
			if (cap > rd->lim->cells) {
				fail_corrupt(rd);
				return;
			}
			x = realloc(rd->xf_fmt, cap * sizeof(*x));
			if (x == NULL) {
				fail_nomem(rd);
				return;
			}
			rd->xf_fmt = x;
			rd->xf_cap = cap;
		}
		rd->xf_fmt[rd->nxf++] = (unsigned)v;
	}
}

static void XMLCALL
st_end(void *ud, const XML_Char *name)
{
	struct reader *rd = ud;
	const char *n = local(name);

	if (strcmp(n, "numFmts") == 0)
		rd->in_numfmts = false;
	else if (strcmp(n, "cellXfs") == 0)
		rd->in_cellxfs = false;
}

/* Resolves each cell style to its kind: the file's own code for its id, else the built-in. */
static void
resolve_styles(struct reader *rd)
{
	if (rd->rc != WB_OK || rd->nxf == 0)
		return;
	rd->xf_kind = malloc(rd->nxf * sizeof(*rd->xf_kind));
	if (rd->xf_kind == NULL) {
		fail_nomem(rd);
		return;
	}
	for (size_t i = 0; i < rd->nxf; i++) {
		rd->xf_kind[i] = builtin_kind(rd->xf_fmt[i]);
		for (size_t k = 0; k < rd->nfmts; k++)
			if (rd->fmts[k].id == rd->xf_fmt[i])
				rd->xf_kind[i] = rd->fmts[k].kind;
	}
}

/* ---- values ---- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The civil date of z days since 1970-01-01 as YYYY-MM-DD into out[n]. */
static void
civil_from_days(long z, char *out, size_t n)
{
	long era, y;
	unsigned doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, n, "%04ld-%02u-%02u", y + (m <= 2), m, d);
}

/* A number as Excel's General format would show it, without float noise:
 * integers without ".0" (written digits kept as they are), others with at
 * most 15 significant digits. */
static void
format_number(const char *raw, double v, char *out, size_t n)
{
	const char *p = raw + (raw[0] == '-');

	if (*p && strspn(p, "0123456789") == strlen(p) && strlen(raw) < n) {
		snprintf(out, n, "%s", raw);
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v == 0 ? 0.0 : v);
	else
		snprintf(out, n, "%.15g", v);
}

/* Writes the value of a numeric cell of kind k into out. */
static void
format_numeric(const struct reader *rd, const char *raw, enum numkind k, char *out, size_t n)
{
	char *end;
	double v = strtod(raw, &end);

	if (end == raw || *end != '\0' || !isfinite(v)) {
		snprintf(out, n, "%s", raw);
		return;
	}
	/* serial 1 is 1900-01-01 (or 1904-01-02); Excel counts a 1900-02-29 that never was */
	if (k == NUM_DATE && v >= (rd->date1904 ? 0 : 1) && v < 2958466) {
		long days = (long)floor(v);
		if (rd->date1904)
			civil_from_days(days_from_civil(1904, 1, 1) + days, out, n);
		else if (days == 60)
			snprintf(out, n, "1900-02-29");
		else
			civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, out,
					n);
		return;
	}
	if (k == NUM_TIME && v >= 0 && v < 2958466) {
		long s = lround((v - floor(v)) * 86400.0) % 86400;
		snprintf(out, n, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
		return;
	}
	format_number(raw, v, out, n);
}

/* ---- the worksheet ---- */

/* Parses a cell reference "C5" into column 3 and row 5; false when malformed. */
static bool
parse_ref(const char *ref, size_t *col, size_t *row)
{
	size_t c = 0;
	const char *p = ref;

	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		c = c * 26 + (size_t)((*p | 0x20) - 'a' + 1);
		if (c > 1u << 20)
			return false;
	}
	if (p == ref || !parse_uint(p, 1u << 24, row))
		return false;
	*col = c;
	return true;
}

static void
free_fields(struct reader *rd)
{
	for (size_t i = 0; i < rd->nfields; i++)
		free(rd->fields[i]);
	rd->nfields = 0;
}

/* Puts value (copied) at column col (1-based) of the current row, padding the
 * columns in between with "". */
static void
put_field(struct reader *rd, size_t col, const char *value)
{
	if (col > rd->lim->cols) {
		fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large", "工作表超过 %zu 列（第 %zu 行）",
		     rd->lim->cols, rd->row);
		return;
	}
	if (rd->cells + (col - rd->nfields) > rd->lim->cells) {
		fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large", "工作表超过 %zu 个单元格",
		     rd->lim->cells);
		return;
	}
	if (col > rd->fields_cap) {
		size_t cap = rd->fields_cap ? rd->fields_cap : 16;
		char **f;
		while (cap < col)
			cap *= 2;
		f = realloc(rd->fields, cap * sizeof(*f));
		if (f == NULL) {
			fail_nomem(rd);
			return;
		}
		rd->fields = f;
		rd->fields_cap = cap;
	}
	while (rd->nfields < col) {
		const char *v = rd->nfields + 1 == col ? value : "";
		char *copy = strdup(v);
		if (copy == NULL) {
			fail_nomem(rd);
			return;
		}
		rd->fields[rd->nfields++] = copy;
		rd->cells++;
	}
}

/* Appends the current row (when it holds a value) to the table, which takes over its fields. */
static void
end_row(struct reader *rd)
{
	struct csv_table *t = rd->out;

	if (rd->nfields == 0)
		return;
	if (t->nrows == rd->rows_cap) {
		size_t cap = rd->rows_cap ? rd->rows_cap * 2 : 64;
		struct csv_row *r = realloc(t->rows, cap * sizeof(*r));
		size_t *l;
		if (r == NULL) {
			fail_nomem(rd);
			return;
		}
		t->rows = r;
		l = realloc(t->lines, cap * sizeof(*l));
		if (l == NULL) {
			fail_nomem(rd);
			return;
		}
		t->lines = l;
		rd->rows_cap = cap;
	}
	t->rows[t->nrows] = (struct csv_row){ rd->nfields, rd->fields };
	t->lines[t->nrows++] = rd->row;
	rd->fields = NULL;
	rd->nfields = rd->fields_cap = 0;
}

static void XMLCALL
sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *rd = ud;
	const char *n = local(name), *v;
	size_t col, row;

	if (strcmp(n, "sheetData") == 0) {
		rd->in_data = true;
		return;
	}
	if (!rd->in_data)
		return;
	if (strcmp(n, "row") == 0) {
		v = attr(atts, "r", false);
		if (v == NULL)
			row = rd->last_row + 1;
		else if (!parse_uint(v, SIZE_MAX / 2, &row) || row <= rd->last_row) {
			fail_corrupt(rd);
			return;
		}
		if (row > rd->lim->rows) {
			fail(rd, WB_ERR_TOO_LARGE, "xlsx_too_large", "工作表超过 %zu 行",
			     rd->lim->rows);
			return;
		}
		rd->row = rd->last_row = row;
		rd->last_col = 0;
		free_fields(rd);
	} else if (strcmp(n, "c") == 0 && rd->row > 0) {
		v = attr(atts, "r", false);
		if (v == NULL) {
			col = rd->last_col + 1;
		} else if (!parse_ref(v, &col, &row) || row != rd->row || col <= rd->last_col) {
			fail_corrupt(rd);
			return;
		}
		rd->col = rd->last_col = col;
		v = attr(atts, "t", false);
		rd->type = v == NULL || strcmp(v, "n") == 0 ? CELL_NUMBER
			 : strcmp(v, "s") == 0		 ? CELL_SHARED
			 : strcmp(v, "inlineStr") == 0	 ? CELL_INLINE
			 : strcmp(v, "str") == 0	 ? CELL_STR
			 : strcmp(v, "b") == 0		 ? CELL_BOOL
			 : strcmp(v, "e") == 0		 ? CELL_ERROR
			 : strcmp(v, "d") == 0		 ? CELL_DATE
						 : CELL_STR;
		if (!parse_uint(attr(atts, "s", false), SIZE_MAX / 2, &rd->style))
			rd->style = 0;
		rd->in_cell = true;
		rd->text.len = 0;
		if (rd->text.p)
			rd->text.p[0] = '\0';
	} else if (rd->in_cell && strcmp(n, "v") == 0) {
		rd->in_v = true;
	} else if (rd->in_cell && strcmp(n, "is") == 0) {
		rd->in_is = true;
	} else if (rd->in_is && strcmp(n, "rPh") == 0) {
		rd->rph++;
	} else if (rd->in_is && strcmp(n, "t") == 0) {
		rd->in_t = true;
	}
}

/* Puts the value of the finished cell, as shown, into the current row (an
 * empty value leaves the cell out). */
static void
end_cell(struct reader *rd)
{
	char num[64];
	const char *raw = rd->text.p ? rd->text.p : "", *value = raw;
	enum numkind k;
	size_t i;

	switch (rd->type) {
	case CELL_SHARED:
		if (raw[0] == '\0')
			return;
		if (!parse_uint(raw, SIZE_MAX / 2, &i) || i >= rd->ss_n) {
			fail_corrupt(rd);
			return;
		}
		value = rd->ss.p + rd->ss_off[i];
		break;
	case CELL_INLINE:
		if (rd->text.p == NULL)
			return;
		unescape_ooxml(rd->text.p);
		break;
	case CELL_BOOL:
		if (raw[0] == '\0')
			return;
		value = strcmp(raw, "1") == 0 || strcasecmp(raw, "true") == 0 ? "TRUE" : "FALSE";
		break;
	case CELL_DATE:   /* ISO 8601 text; the date part */
		if (strlen(raw) >= 10 && raw[4] == '-' && raw[7] == '-') {
			snprintf(num, sizeof(num), "%.10s", raw);
			value = num;
		}
		break;
	case CELL_NUMBER:
		if (raw[0] == '\0')
			return;
		k = rd->style < rd->nxf && rd->xf_kind ? rd->xf_kind[rd->style] : NUM_PLAIN;
		format_numeric(rd, raw, k, num, sizeof(num));
		value = num;
		break;
	case CELL_STR:
	case CELL_ERROR:
		break;
	}
	if (value[0] != '\0')
		put_field(rd, rd->col, value);
}

static void XMLCALL
sh_end(void *ud, const XML_Char *name)
{
	struct reader *rd = ud;
	const char *n = local(name);

	if (strcmp(n, "sheetData") == 0) {
		rd->in_data = false;
	} else if (!rd->in_data) {
		return;
	} else if (strcmp(n, "v") == 0) {
		rd->in_v = false;
	} else if (strcmp(n, "t") == 0) {
		rd->in_t = false;
	} else if (strcmp(n, "rPh") == 0) {
		rd->rph -= rd->rph > 0;
	} else if (strcmp(n, "is") == 0) {
		rd->in_is = false;
	} else if (strcmp(n, "c") == 0 && rd->in_cell) {
		rd->in_cell = rd->in_v = rd->in_is = rd->in_t = false;
		rd->rph = 0;
		end_cell(rd);
	} else if (strcmp(n, "row") == 0 && rd->row > 0) {
		end_row(rd);
		rd->row = 0;
	}
}

bool
xlsx_is_zip(const char *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0;
}

bool
xlsx_is_ole(const char *buf, size_t len)
{
	return len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

enum wb_status
xlsx_table_parse(const char *buf, size_t len, const struct xlsx_limits *lim,
		 struct csv_table *out, struct wb_err *err)
{
	struct reader rd = { .lim = lim ? lim : &xlsx_default_limits, .err = err, .out = out };
	zip_source_t *src;
	zip_error_t ze;

	memset(out, 0, sizeof(*out));
	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	rd.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (rd.zip == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return wb_err_code(err, WB_ERR_INVALID, "xlsx_corrupt", "%s", MSG_CORRUPT);
	}
	zip_error_fini(&ze);

	read_part(&rd, "xl/workbook.xml", true, wb_start, no_end);
	if (rd.rc == WB_OK && !rd.have_sheet)
		fail(&rd, WB_ERR_INVALID, "xlsx_corrupt", "工作簿中没有工作表");
	read_part(&rd, "xl/_rels/workbook.xml.rels", true, rels_start, no_end);
	if (rd.rc == WB_OK && rd.sheet_path[0] == '\0')
		fail_corrupt(&rd);
	read_part(&rd, "xl/sharedStrings.xml", false, ss_start, ss_end);
	rd.text.len = 0;
	rd.in_t = false;
	rd.rph = 0;
	read_part(&rd, "xl/styles.xml", false, st_start, st_end);
	resolve_styles(&rd);
	read_part(&rd, rd.sheet_path, true, sh_start, sh_end);

	zip_discard(rd.zip);
	free_fields(&rd);
	free(rd.fields);
	free(rd.text.p);
	free(rd.ss.p);
	free(rd.ss_off);
	free(rd.fmts);
	free(rd.xf_fmt);
	free(rd.xf_kind);
	if (rd.rc != WB_OK)
		csv_table_free(out);
	return rd.rc;
}
