#include "api/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/tasklight.h"
#include "store/org.h"
#include "util/text.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* the sheet's rows: title, as-of line, header, then the data */
#define TITLE_ROW 0
#define ASOF_ROW 1
#define HEADER_ROW 2
#define FIRST_ROW 3
#define MAX_COLS 32

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	const struct xlsx_col *cols;
	int ncols;
	int64_t rows;                  /* data rows laid out so far (bordered, maybe blank) */
	lxw_format *cell[MAX_COLS];    /* each column's format */
	lxw_format *tone[XLSX_RED + 1];
	char name[64];
	char path[PATH_MAX];
};

/* Sets the reply of an export that could not be written: 503 when the
 * scratch directory is full or not writable (the operator must act, the
 * user may retry), 500 otherwise. */
static void
export_failed(struct request *r, int errnum)
{
	if (errnum == ENOSPC || errnum == EDQUOT || errnum == EROFS || errnum == EACCES ||
	    errnum == EIO || errnum == EFBIG)
		request_error(r, 503, "storage_unavailable",
			      "服务器存储空间不足或不可写，暂时无法生成文件，请稍后重试或联系管理员");
	else
		request_error(r, 500, "export_failed", "导出 Excel 失败");
}

/* Keeps the first division of the tree (its root: the county) and stops. */
static int
take_root(const struct division *d, void *arg)
{
	snprintf(arg, sizeof(((struct division *)0)->name), "%s", d->name);
	return 1;
}

/* Writes the title row "<county>未成年人保护工作委员会 <name>" and the row
 * "导出时间：2026年12月4日 14:05　导出人：李丽（市民政局）"; false (reply set)
 * when the division tree cannot be read. */
static bool
write_heading(struct xlsx *x, struct request *r)
{
	struct wb_err err = { 0 };
	char county[sizeof(((struct division *)0)->name)] = "", title[320], asof[480], when[32];
	int y = 0, mo = 0, d = 0, h = 0, mi = 0;
	const struct session_user *u = &r->user;
	lxw_format *big = workbook_add_format(x->wb), *small = workbook_add_format(x->wb);
	lxw_col_t last = (lxw_col_t)(x->ncols - 1);

	if (store_division_each(r->store, take_root, county, &err) != WB_OK) {
		request_fail_err(r, &err);
		return false;
	}
	snprintf(title, sizeof(title), "%s未成年人保护工作委员会 %s", county, x->name);
	calendar_format(r->app.now, CHINA_UTC_OFFSET_S, "%Y %m %d %H %M", when, sizeof(when));
	sscanf(when, "%d %d %d %d %d", &y, &mo, &d, &h, &mi);
	snprintf(asof, sizeof(asof), "导出时间：%d年%d月%d日 %02d:%02d　导出人：%s%s%s%s", y, mo, d, h,
		 mi, u->display_name[0] ? u->display_name : u->login, u->unit_name[0] ? "（" : "",
		 u->unit_name, u->unit_name[0] ? "）" : "");
	format_set_bold(big);
	format_set_font_size(big, 16);
	format_set_align(big, LXW_ALIGN_CENTER);
	format_set_align(big, LXW_ALIGN_VERTICAL_CENTER);
	format_set_font_size(small, 10);
	format_set_font_color(small, 0x595959);
	format_set_align(small, LXW_ALIGN_LEFT);
	format_set_align(small, LXW_ALIGN_VERTICAL_CENTER);
	worksheet_set_row(x->ws, TITLE_ROW, 32, NULL);
	worksheet_set_row(x->ws, ASOF_ROW, 20, NULL);
	if (last == 0) {
		worksheet_write_string(x->ws, TITLE_ROW, 0, title, big);
		worksheet_write_string(x->ws, ASOF_ROW, 0, asof, small);
	} else {
		worksheet_merge_range(x->ws, TITLE_ROW, 0, TITLE_ROW, last, title, big);
		worksheet_merge_range(x->ws, ASOF_ROW, 0, ASOF_ROW, last, asof, small);
	}
	return true;
}

/* A bordered, vertically centred format of the workbook. */
static lxw_format *
cell_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

/* The formats of the header, of each column's cells and of the tones. */
static void
make_formats(struct xlsx *x)
{
	static const struct { uint32_t fill, font; } tones[] = {
		[XLSX_GREEN] = { 0xC6EFCE, 0x006100 }, [XLSX_YELLOW] = { 0xFFEB9C, 0x7F4F00 },
		[XLSX_ORANGE] = { 0xF8CBAD, 0x843C0C }, [XLSX_RED] = { 0xFFC7CE, 0x9C0006 },
	};
	lxw_format *head = cell_format(x->wb);

	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_text_wrap(head);
	worksheet_set_row(x->ws, HEADER_ROW, 24, NULL);
	for (int c = 0; c < x->ncols; c++) {
		const struct xlsx_col *col = &x->cols[c];
		lxw_format *f = cell_format(x->wb);
		switch (col->kind) {
		case XLSX_WRAP:
			format_set_text_wrap(f);
			break;
		case XLSX_REAL:
			format_set_num_format(f, "0.0");
			break;
		case XLSX_MONEY:
			format_set_num_format(f, "#,##0.00");
			break;
		case XLSX_DATE:
			format_set_num_format(f, "yyyy-mm-dd");
			format_set_align(f, LXW_ALIGN_CENTER);
			break;
		case XLSX_TIME:
			format_set_num_format(f, "yyyy-mm-dd hh:mm");
			format_set_align(f, LXW_ALIGN_CENTER);
			break;
		case XLSX_TEXT:
		case XLSX_INT:
			break;
		}
		x->cell[c] = f;
		worksheet_write_string(x->ws, HEADER_ROW, (lxw_col_t)c, col->title, head);
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, col->width, NULL);
	}
	for (int t = XLSX_GREEN; t <= XLSX_RED; t++) {
		lxw_format *f = cell_format(x->wb);
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_bg_color(f, tones[t].fill);
		format_set_font_color(f, tones[t].font);
		x->tone[t] = f;
	}
}

/* Printing: A4 landscape, one page wide, the header row on every page. */
static void
page_setup(struct xlsx *x)
{
	worksheet_set_landscape(x->ws);
	worksheet_set_paper(x->ws, 9);
	worksheet_fit_to_pages(x->ws, 1, 0);
	worksheet_repeat_rows(x->ws, HEADER_ROW, HEADER_ROW);
	worksheet_set_footer(x->ws, "&C第 &P 页，共 &N 页");
	worksheet_freeze_panes(x->ws, FIRST_ROW, 0);
}

struct xlsx *
xlsx_begin(struct request *r, const char *name, const struct xlsx_col *cols, int ncols)
{
	struct xlsx *x = calloc(1, sizeof(*x));
	const char *dir = r->ctx->tmp_dir;
	lxw_workbook_options opts = { .constant_memory = 0, .tmpdir = (char *)dir };
	int fd;

	if (x == NULL || ncols < 1 || ncols > MAX_COLS) {
		free(x);
		export_failed(r, ENOMEM);
		return NULL;
	}
	x->cols = cols;
	x->ncols = ncols;
	snprintf(x->name, sizeof(x->name), "%s", name);
	/* the workbook and libxlsxwriter's own scratch files stay inside the
	 * data directory (mode 0700): mkstemp makes the file 0600 */
	snprintf(x->path, sizeof(x->path), "%s/export.XXXXXX", dir);
	fd = mkstemp(x->path);
	if (fd < 0) {
		int errnum = errno;
		fprintf(stderr, "weibao: cannot create an export file in %s: %s\n", dir,
			strerror(errnum));
		free(x);
		export_failed(r, errnum);
		return NULL;
	}
	close(fd);
	x->wb = workbook_new_opt(x->path, &opts);
	if (x->wb == NULL) {
		unlink(x->path);
		free(x);
		export_failed(r, ENOMEM);
		return NULL;
	}
	x->ws = workbook_add_worksheet(x->wb, name);
	if (!write_heading(x, r)) {
		xlsx_discard(x);
		return NULL;
	}
	make_formats(x);
	page_setup(x);
	return x;
}

/* Lays out data rows up to `row` as bordered blank cells (a value written
 * next replaces its blank), so that cells left empty keep the grid. */
static void
reach(struct xlsx *x, int64_t row)
{
	for (; x->rows <= row; x->rows++)
		for (int c = 0; c < x->ncols; c++)
			worksheet_write_blank(x->ws, (lxw_row_t)(FIRST_ROW + x->rows), (lxw_col_t)c,
					      x->cell[c]);
}

void
xlsx_str(struct xlsx *x, int64_t row, int col, const char *s)
{
	reach(x, row);
	if (s && *s)
		worksheet_write_string(x->ws, (lxw_row_t)(FIRST_ROW + row), (lxw_col_t)col, s,
				       x->cell[col]);
}

void
xlsx_int(struct xlsx *x, int64_t row, int col, int64_t v)
{
	reach(x, row);
	worksheet_write_number(x->ws, (lxw_row_t)(FIRST_ROW + row), (lxw_col_t)col, (double)v,
			       x->cell[col]);
}

void
xlsx_real(struct xlsx *x, int64_t row, int col, double v)
{
	reach(x, row);
	worksheet_write_number(x->ws, (lxw_row_t)(FIRST_ROW + row), (lxw_col_t)col, v, x->cell[col]);
}

void
xlsx_time(struct xlsx *x, int64_t row, int col, int64_t t)
{
	reach(x, row);
	/* Excel dates have no zone: the China wall clock is written */
	worksheet_write_unixtime(x->ws, (lxw_row_t)(FIRST_ROW + row), (lxw_col_t)col,
				 t + CHINA_UTC_OFFSET_S, x->cell[col]);
}

void
xlsx_marked(struct xlsx *x, int64_t row, int col, const char *s, enum xlsx_tone tone)
{
	reach(x, row);
	worksheet_write_string(x->ws, (lxw_row_t)(FIRST_ROW + row), (lxw_col_t)col, s,
			       x->tone[(unsigned)tone <= XLSX_RED ? tone : XLSX_RED]);
}

void
xlsx_finish(struct xlsx *x, struct request *r)
{
	char file[160];
	struct wb_err err = { 0 };
	size_t len = 0;
	char *data = NULL;

	lxw_error rc;
	int errnum = 0;

	worksheet_autofilter(x->ws, HEADER_ROW, 0, (lxw_row_t)(HEADER_ROW + x->rows),
			     (lxw_col_t)(x->ncols - 1));
	/* "<name>_YYYYmmdd.xlsx", the date in China */
	snprintf(file, sizeof(file) - 16, "%s", x->name);
	calendar_format(r->app.now, CHINA_UTC_OFFSET_S, "_%Y%m%d.xlsx", file + strlen(file), 16);
	errno = 0;
	rc = workbook_close(x->wb);
	if (rc == LXW_NO_ERROR)
		data = text_read_file(x->path, 256u << 20, &len, &err);
	else
		/* libxlsxwriter leaves errno from the write or rename that failed;
		 * ENOMEM when it did not say */
		errnum = errno ? errno : ENOMEM;
	unlink(x->path);
	free(x);
	if (data == NULL) {
		fprintf(stderr, "weibao: cannot write an export: %s\n",
			rc != LXW_NO_ERROR ? lxw_strerror(rc) : err.msg);
		export_failed(r, errnum ? errnum : EIO);
		return;
	}
	request_reply_raw(r, data, len, XLSX_TYPE, file);
}

void
xlsx_discard(struct xlsx *x)
{
	if (x == NULL)
		return;
	workbook_close(x->wb);
	unlink(x->path);
	free(x);
}
