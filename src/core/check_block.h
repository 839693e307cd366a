/*
 * A roster run's results packed into blocks (check_result_blocks.data, schema
 * 21): a run of a million rows is a few hundred cells instead of a million
 * rows.  Each entry in row order is the unsigned LEB128 varint of
 * (row_no − the previous entry's row_no) << 2 | code (code: 0 无记录, 1 有记录,
 * 2 无效; the first entry's previous row_no is 0), then, unless 无效, the
 * zigzag varint of staff_id − the previous person's staff_id (0 before the
 * first).  A block stands alone.  Pure.
 */
#ifndef WB_CORE_CHECK_BLOCK_H
#define WB_CORE_CHECK_BLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Entries in one block, and the bytes a block of them may need at most. */
#define CHECK_BLOCK_ROWS 4096
#define CHECK_BLOCK_BYTES(n) ((n) * 20)

enum check_code { CHECK_CODE_NONE, CHECK_CODE_HIT, CHECK_CODE_INVALID, CHECK_CODE__MAX };

/* One result: the file's row, the person (0 for 无效), the code. */
struct check_block_entry {
	int64_t row_no, staff_id;
	enum check_code code;
};

/* 无记录, 有记录, 无效 for a code (NULL for another value). */
const char *check_code_text(enum check_code c);
/* The code of a result's text, or CHECK_CODE__MAX. */
enum check_code check_code_of(const char *text);

/* Encodes e[0..n) (row_no ascending) into out of cap bytes (at least
 * CHECK_BLOCK_BYTES(n)); returns the bytes written, 0 when they do not fit
 * or the rows are not ascending. */
size_t check_block_encode(const struct check_block_entry *e, size_t n, unsigned char *out,
			  size_t cap);
/* Decodes the block p[0..len) into out (room for cap entries); returns the
 * entries, or (size_t)-1 when the block is malformed or holds more than cap. */
size_t check_block_decode(const unsigned char *p, size_t len, struct check_block_entry *out,
			  size_t cap);

#endif
