#include "app/demo_checks.h"

#include <string.h>

#include "core/check.h"
#include "core/idnumber.h"
#include "util/rng.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"沈", "钱", "蒋", "姚", "陆", "范", "金", "屠", "费", "褚",
};
static const char *const given[] = {
	"子", "涵", "浩", "宇", "欣", "怡", "梓", "轩", "雨", "泽", "佳", "琪", "晨", "思", "博",
	"文", "若", "悦", "一", "诺", "俊", "杰", "嘉", "瑶", "依", "辰", "铭", "可", "昕", "彤",
	"安", "乐", "明", "晓", "婷", "睿", "航", "语", "桐", "蕊",
};
static const char *const posts[] = { "教师", "保育员", "医生", "护士", "教练", "保安", "厨师",
				     "司机", "行政", "社工" };

#define DAYS 14600   /* birth dates over 40 years from 1960 */

/* The ID number of person k of seed into out: k → (birth day, sequence)
 * is one-to-one (7919 is prime to DAYS), so every person differs. */
static void
person_id(uint64_t seed, long k, char out[IDNUMBER_SIZE])
{
	static const char *const places[] = { "330483", "330411", "330402", "330481" };
	long day = (long)(((uint64_t)k * 7919u + seed) % DAYS);
	int seq = (int)(k / DAYS);
	struct id_date birth = id_date_from_days(id_date_days((struct id_date){ 1960, 1, 1 }) + day);

	idnumber_generate(places[(seed + (uint64_t)k) % 4], birth, seq % 1000, out, NULL);
}

/* A name for person k (the same for every file of the seed). */
static void
person_name(uint64_t seed, long k, FILE *out)
{
	uint64_t s = seed * 1000003u + (uint64_t)k;

	fputs(surnames[rng_pick(&s, 40)], out);
	fputs(given[rng_pick(&s, 40)], out);
	if (rng_pick(&s, 3))
		fputs(given[rng_pick(&s, 40)], out);
}

enum wb_status
app_demo_registry_csv(uint64_t seed, long count, FILE *out, struct wb_err *err)
{
	uint64_t s = seed;
	char id[IDNUMBER_SIZE];

	if (count < 0 || count > DEMO_CHECKS_MAX)
		return wb_err_set(err, WB_ERR_INVALID, "count must be 0 to %ld", DEMO_CHECKS_MAX);
	fputs("\xEF\xBB\xBF姓名,身份证号,类别,记录日期\r\n", out);
	for (long k = 0; k < count; k++) {
		person_name(seed, k, out);
		person_id(seed, k, id);
		fprintf(out, ",%s,%s,%04d-%02d-%02d\r\n", id, check_categories[rng_pick(&s, 4)],
			2000 + rng_pick(&s, 25), 1 + rng_pick(&s, 12), 1 + rng_pick(&s, 28));
	}
	return ferror(out) ? wb_err_set(err, WB_ERR_IO, "cannot write the registry") : WB_OK;
}

enum wb_status
app_demo_roster_csv(uint64_t seed, long count, long registry_count, int share_pct, FILE *out,
		    struct wb_err *err)
{
	uint64_t s = seed ^ 0x5eedu;
	long every = share_pct > 0 ? 100 / share_pct : 0;
	char id[IDNUMBER_SIZE];

	if (count < 0 || count > DEMO_CHECKS_MAX || registry_count < 0 ||
	    registry_count > DEMO_CHECKS_MAX || share_pct < 0 || share_pct > 100)
		return wb_err_set(err, WB_ERR_INVALID, "count must be 0 to %ld, the share 0 to 100",
				  DEMO_CHECKS_MAX);
	fputs("\xEF\xBB\xBF姓名,身份证号,岗位,同意书编号,入职日期\r\n", out);
	for (long i = 0; i < count; i++) {
		/* a person of the registry, or one past it (never on it) */
		long k = every > 0 && registry_count > 0 && i % every == 0
				 ? (i / every * 7L) % registry_count
				 : registry_count + i;

		person_name(seed, k, out);
		person_id(seed, k, id);
		fprintf(out, ",%s,%s,TY%08ld,", id, posts[rng_pick(&s, 10)], i + 1);
		if (rng_pick(&s, 10))
			fprintf(out, "%04d-%02d-%02d", 2005 + rng_pick(&s, 20), 1 + rng_pick(&s, 12),
				1 + rng_pick(&s, 28));
		fputs("\r\n", out);
	}
	return ferror(out) ? wb_err_set(err, WB_ERR_IO, "cannot write the roster") : WB_OK;
}
