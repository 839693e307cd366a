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
#include "util/text.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
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

struct xlsx *
xlsx_begin(struct request *r, const char *sheet, const char *const *headers, int ncols)
{
	struct xlsx *x = calloc(1, sizeof(*x));
	const char *dir = r->ctx->tmp_dir;
	lxw_workbook_options opts = { .constant_memory = 0, .tmpdir = (char *)dir };
	lxw_format *bold;
	int fd;

	if (x == NULL) {
		export_failed(r, ENOMEM);
		return NULL;
	}
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
	x->ws = workbook_add_worksheet(x->wb, sheet);
	bold = workbook_add_format(x->wb);
	format_set_bold(bold);
	for (int c = 0; c < ncols; c++) {
		worksheet_write_string(x->ws, 0, (lxw_col_t)c, headers[c], bold);
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, 18, NULL);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	return x;
}

void
xlsx_str(struct xlsx *x, int64_t row, int col, const char *s)
{
	if (s && *s)
		worksheet_write_string(x->ws, (lxw_row_t)(row + 1), (lxw_col_t)col, s, NULL);
}

void
xlsx_int(struct xlsx *x, int64_t row, int col, int64_t v)
{
	worksheet_write_number(x->ws, (lxw_row_t)(row + 1), (lxw_col_t)col, (double)v, NULL);
}

void
xlsx_time(struct xlsx *x, int64_t row, int col, int64_t t)
{
	char buf[32];

	calendar_format(t, CHINA_UTC_OFFSET_S, "%Y-%m-%d %H:%M:%S", buf, sizeof(buf));
	xlsx_str(x, row, col, buf);
}

void
xlsx_finish(struct xlsx *x, struct request *r, const char *name)
{
	char file[160];
	struct wb_err err = { 0 };
	size_t len = 0;
	char *data = NULL;

	lxw_error rc;
	int errnum = 0;

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
	/* "<name>_YYYYmmdd.xlsx", the date in China */
	snprintf(file, sizeof(file) - 16, "%s", name);
	calendar_format(r->app.now, CHINA_UTC_OFFSET_S, "_%Y%m%d.xlsx", file + strlen(file), 16);
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
