#include "app/demo_children.h"

#include <stdlib.h>
#include <string.h>

#include "app/child_import.h"
#include "app/children.h"
#include "core/division.h"
#include "store/org.h"
#include "util/rng.h"

#define COUNT_MAX 5000000L

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
static const char *const relations[] = { "祖父", "祖母", "外祖父", "外祖母", "伯父", "姑姑" };
static const char *const disabilities[] = { "视力", "听力", "言语", "肢体", "智力", "精神", "多重" };

/* A parent's status by weight (per 1000): most are at home or away for work. */
static const struct {
	const char *status;
	int weight;
} statuses[] = {
	{ "正常", 520 }, { "外出务工", 330 }, { "死亡", 40 }, { "重病", 25 }, { "残疾", 30 },
	{ "服刑在押", 20 }, { "失联", 15 }, { "强制隔离戒毒", 6 }, { "宣告失踪", 5 },
	{ "被撤销监护资格", 4 }, { "查找不到", 3 }, { "其他限制人身自由", 2 },
};

struct gen {
	uint64_t s;
	char **villages;
	size_t nvillages;
	long today;          /* day number of today */
};

static int
keep_village(const struct division *d, void *arg)
{
	struct gen *g = arg;
	char **v;

	if (division_level_of(d->code) != DIVISION_VILLAGE)
		return 0;
	v = realloc(g->villages, (g->nvillages + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	g->villages = v;
	if ((v[g->nvillages] = strdup(d->code)) == NULL)
		return -1;
	g->nvillages++;
	return 0;
}

static const char *
status_pick(struct gen *g)
{
	int r = rng_pick(&g->s, 1000);

	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (r < statuses[i].weight)
			return statuses[i].status;
		r -= statuses[i].weight;
	}
	return "正常";
}

/* A day between from and to (day numbers), as YYYY-MM-DD. */
static void
day_between(struct gen *g, long from, long to, char out[11])
{
	id_date_format(id_date_from_days(from + (to > from ? rng_pick(&g->s, (int)(to - from + 1))
							 : 0)), out);
}

/* One parent's five columns (status, kind, grade, start, end). */
static void
parent_cols(struct gen *g, FILE *out, long birth)
{
	const char *st = status_pick(g);
	char start[11] = "", end[11] = "";
	const char *kind = "", *grade = "";
	static const char *const grades[] = { "1", "2", "3", "4" };

	if (strcmp(st, "正常") != 0) {
		long from = strcmp(st, "查找不到") == 0 ? birth : birth - 365 * 3;

		day_between(g, from, g->today, start);
	}
	if (strcmp(st, "残疾") == 0) {
		kind = disabilities[rng_pick(&g->s, 7)];
		grade = grades[rng_pick(&g->s, 4)];
	}
	if ((strcmp(st, "服刑在押") == 0 || strcmp(st, "强制隔离戒毒") == 0) && rng_pick(&g->s, 2)) {
		struct id_date s0;

		id_date_parse_iso(start, &s0);
		id_date_format(id_date_add_days(s0, 90 + rng_pick(&g->s, 3000)), end);
	}
	fprintf(out, ",%s,%s,%s,%s,%s", st, kind, grade, start, end);
}

/* i-th of count distinct (birth day, sequence) pairs, spread by a
 * multiplicative permutation of [0, m) shifted by the seed's offset (so
 * that two seeds give different children). */
static long
permute(long i, long m, long a, unsigned long long offset)
{
	return (long)(((unsigned long long)i * (unsigned long long)a + offset) % (unsigned long long)m);
}

static long
gcd(long a, long b)
{
	while (b) {
		long t = a % b;
		a = b;
		b = t;
	}
	return a;
}

enum wb_status
app_demo_children_csv(struct app_ctx *c, uint64_t seed, long count, FILE *out, struct wb_err *err)
{
	struct gen g = { .s = seed };
	struct wb_err ignored = { 0 };
	char header[2048];
	long first, days, m, a = 1000003;
	enum wb_status rc = WB_OK;

	if (count < 0 || count > COUNT_MAX)
		return wb_err_set(err, WB_ERR_INVALID, "--count 应在 0 到 %ld 之间", COUNT_MAX);
	if (store_division_each(c->st, keep_village, &g, &ignored) != WB_OK || g.nvillages == 0) {
		rc = wb_err_set(err, WB_ERR_INVALID,
				"数据库中没有村（社区）区划：请先导入区划（weibao import divisions）"
				"或生成示例数据（weibao gen demo）");
		goto out;
	}
	g.today = id_date_days(app_today(c));
	first = g.today - (18L * 365 - 30);    /* born after this: under 18 today */
	days = g.today - first;
	m = days * 1000;
	while (gcd(a, m) != 1)
		a += 2;
	if (count > m) {
		rc = wb_err_set(err, WB_ERR_INVALID, "--count 过大");
		goto out;
	}
	app_child_template(header, sizeof(header));
	fputs(header, out);
	for (long i = 0; i < count; i++) {
		long p = permute(i, m, a, 7919ull + seed * 2654435761ull), birth = first + 1 + p % days;
		int seq = (int)(p / days);
		char id[IDNUMBER_SIZE];
		struct id_date b = id_date_from_days(birth);
		const char *surname = surnames[rng_pick(&g.s, 40)];
		int r = rng_pick(&g.s, 100);

		if (idnumber_generate("330483", b, seq, id, &ignored) != WB_OK)
			continue;
		fprintf(out, "%s%s%s,%s,%s,%s", surname, given[rng_pick(&g.s, 40)],
			rng_pick(&g.s, 3) ? given[rng_pick(&g.s, 40)] : "", id,
			g.villages[rng_pick(&g.s, (int)g.nvillages)],
			r < 80 ? "家庭" : r < 95 ? "亲属抚养" : r < 98 ? "机构集中养育" : "家庭寄养");
		if (rng_pick(&g.s, 100) < 3)
			fprintf(out, ",%s,%d", disabilities[rng_pick(&g.s, 7)], 1 + rng_pick(&g.s, 4));
		else
			fputs(",,", out);
		r = rng_pick(&g.s, 100);
		fprintf(out, ",%s", r < 8 ? "低保" : r < 12 ? "低边" : r < 13 ? "特困" : "");
		fprintf(out, ",%s%s%s,%s,1%d%09d", surname, given[rng_pick(&g.s, 40)],
			given[rng_pick(&g.s, 40)], relations[rng_pick(&g.s, 6)], 3 + rng_pick(&g.s, 7),
			rng_pick(&g.s, 1000000000));
		parent_cols(&g, out, birth);
		parent_cols(&g, out, birth);
		fprintf(out, ",%s,,,,,,\r\n", rng_pick(&g.s, 10) < 6 ? "农业" : "非农业");
		if (ferror(out)) {
			rc = wb_err_set(err, WB_ERR_IO, "写入失败");
			break;
		}
	}
out:
	for (size_t i = 0; i < g.nvillages; i++)
		free(g.villages[i]);
	free(g.villages);
	return rc;
}
