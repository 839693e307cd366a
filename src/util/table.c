#include "util/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xlsx_table.h"

enum wb_status
table_parse(const char *buf, size_t len, struct csv_table *out, struct wb_err *err)
{
	enum wb_status rc;
	size_t textlen;
	char *text;

	memset(out, 0, sizeof(*out));
	if (xlsx_is_zip(buf, len))
		return xlsx_table_parse(buf, len, NULL, out, err);
	if (xlsx_is_ole(buf, len))
		return wb_err_code(err, WB_ERR_INVALID, "xlsx_unsupported",
				   "这是旧版 Excel（.xls）文件或设有密码的工作簿，无法读取："
				   "请在 Excel 中另存为 .xlsx（不设密码）或 CSV 后再导入");
	text = text_to_utf8(buf, len, &textlen, err);
	if (text == NULL)
		return err ? err->status : WB_ERR_INVALID;
	rc = csv_table_parse(text, textlen, out, err);
	free(text);
	return rc;
}
