/*
 * The most common passwords (leaked-password top lists, keyboard walks, and
 * the favourites of Chinese users: 5201314, woaini, qq123456 ...), lower-case
 * ASCII.  The array must stay sorted in strcmp order: it is searched with
 * bsearch (tests/unit/test_sec_password.c checks the order).
 */
#include "sec/common_passwords.h"

#include <stdlib.h>
#include <string.h>

static const char *const common_passwords[] = {
	"!@#$%^", "!@#$%^&*", "!@#123", "!qaz2wsx", "!qaz@wsx", "000000", "0000000",
	"00000000", "000000000", "0000000000", "09876543", "0987654321", "111111", "1111111",
	"11111111", "111111111", "1111111111", "112233", "11223344", "112233445566", "121212",
	"12121212", "123!@#", "123123", "123123123", "123123123123", "123321", "1234!@#$",
	"12341234", "12344321", "12345123", "1234554321", "123456", "123456!", "123456654321",
	"1234567", "12345678", "123456789", "1234567890", "12345678910", "123456789a",
	"123456789q", "12345678a", "1234567a", "123456a", "123456aa", "123456abc", "123456q",
	"123456qq", "12345qwert", "1234qwer", "123654", "123654789", "123qaz", "123qwe",
	"123qwe123", "123qweasd", "123qweasdzxc", "1314", "1314520", "13145200", "131452000",
	"1314521", "135246", "135792468", "1357924680", "147258", "147258369", "147852",
	"147852369", "159357", "159753", "159753456", "1a2b3c4d", "1q2w3e", "1q2w3e4r",
	"1q2w3e4r5t", "1q2w3e4r5t6y", "1qa2ws3ed", "1qaz", "1qaz!qaz", "1qaz2wsx",
	"1qaz2wsx3edc", "1qazxsw2", "1qw23e", "1qwe2asd", "246810", "321321", "456456",
	"456789", "5201314", "520131400", "5201314520", "52013145201314", "520520", "5211314",
	"521521", "584520", "654321", "666666", "6666666", "66666666", "7758258", "7758520",
	"7758521", "87654321", "888888", "8888888", "88888888", "987654", "987654321",
	"9876543210", "999999", "99999999", "a123456", "a1234567", "a12345678", "a123456789",
	"a1a1a1a1", "a1b2c3", "a1b2c3d4", "a1b2c3d4e5", "a1s2d3f4", "aa", "aa123456",
	"aa12345678", "aaa", "aaa111", "aaa111222", "aaa123", "aaaa1111", "aaaaaa", "aaaaaaaa",
	"aabbcc", "aabbccdd", "abc", "abc123", "abc1234", "abc12345", "abc123456",
	"abc123456789", "abc@123", "abcabc", "abcabc123", "abcd1234", "abcd123456",
	"abcd@1234", "abcde12345", "abcdef", "abcdefg", "abcdefgh", "admin", "admin1",
	"admin12", "admin123", "admin1234", "admin12345", "admin123456", "admin666",
	"admin888", "admin@123", "admin@1234", "administrator", "administrator1", "ai1314",
	"aini", "aini1314", "alipay", "andrew", "apple", "asd123", "asd123456", "asdasd",
	"asdasdasd", "asdf", "asdf!@#$", "asdf1234", "asdfasdf", "asdfgh", "asdfghjk",
	"asdfghjkl", "ashley", "asshole", "baidu", "baobao", "baobei", "baobei520", "baseball",
	"basketball", "batman", "beibei", "beijing", "caonima", "changeme", "changeme123",
	"charlie", "chen", "china", "china123", "company", "computer", "daniel", "dearbook",
	"default", "dingding", "dragon", "flower", "football", "freedom", "fuck", "fuckyou",
	"george", "gongzuo", "google", "guest", "guest123", "haha", "hahaha", "hangzhou",
	"hehe", "hehehe", "hello", "hello123", "hello1234", "helloworld", "hi123456",
	"hiworld", "hockey", "huang", "huawei", "hunter", "hunter2", "ilovechina", "iloveu",
	"iloveyou", "iloveyou1", "iloveyou123", "iloveyou520", "internet", "jessica", "jordan",
	"jordan23", "kaixin", "killer", "kuaile", "laogong", "laopo", "laopo520", "laoshi",
	"letmein", "letmein123", "linux", "liu", "liuyang", "lixiang", "lkjhgfdsa", "login",
	"love", "love123", "love1314", "lovely", "loveme", "lover", "loveyou", "manager",
	"manager123", "master", "master1", "master123", "michael", "michelle", "microsoft",
	"mima", "mima123", "mima123456", "mimamima", "mnbvcxz", "monkey", "mypassword",
	"mysql", "naruto", "nicai", "nihao", "nihao123", "ninja", "office", "oracle",
	"p@55w0rd", "p@ssw0rd", "p@ssword", "pa55w0rd", "pa55word", "pass123", "pass1234",
	"pass12345", "pass@123", "pass@word1", "passpass", "passw0rd", "passwd", "password",
	"password!", "password1", "password12", "password123", "password1234", "pingan",
	"poiuytrewq", "pokemon", "postgres", "princess", "q123456", "q1q1q1q1", "q1w2e3r4",
	"q1w2e3r4t5", "qaz123", "qaz123wsx", "qazwsx", "qazwsx123", "qazwsxedc", "qq",
	"qq123456", "qq12345678", "qq123456789", "qqq", "qqqqqq", "qwaszx", "qwe!@#", "qwe123",
	"qwe123456", "qweasd", "qweasd123", "qweasdzxc", "qweqwe", "qweqweqwe", "qwer!234",
	"qwer1234", "qwert", "qwerty", "qwerty1", "qwerty12", "qwerty123", "qwerty1234",
	"qwerty12345", "qwertyasdf", "qwertyu", "qwertyui", "qwertyuiop", "qwertyuiop123",
	"qwertyuiopasdfghjkl", "root", "root123", "root1234", "root123456", "samsung",
	"sb123456", "school", "secret", "secret123", "shabi", "shadow", "shanghai", "soccer",
	"sqlserver", "starwars", "student", "sunshine", "super", "superman", "superman1",
	"superuser", "system", "system123", "taobao", "teacher", "test", "test123", "test1234",
	"test123456", "test@123", "testtest", "thomas", "tiantian", "tiger", "tongxiang",
	"toor", "trustno1", "ubuntu", "user", "user123", "user1234", "wang", "wangjian",
	"wanglei", "wangwei", "wangyang", "wechat", "weibao", "weibao123", "weibaoban",
	"weixin", "welcome", "welcome1", "welcome123", "whatever", "windows", "woaini",
	"woaini123", "woaini1314", "woaini520", "woaini5201314", "woaini521", "woainia",
	"woainima", "woaiwojia", "wocao", "wodemima", "woshimima", "woshiniba", "woshishui",
	"wsx123", "xiaobai", "xiaomi", "xiaoming", "xiaoxiao", "xingfu", "xuesheng", "xuexi",
	"z1x2c3v4", "zaq12wsx", "zaq1xsw2", "zaqxswcde", "zhang", "zhanglei", "zhangwei",
	"zhejiang", "zhimakaimen", "zhongguo", "zxc123", "zxcv1234", "zxcvb", "zxcvbn",
	"zxcvbnm", "zxcvbnm123", "zxcvbnmasdfghjkl", "zxczxc",
};

#define COMMON_PASSWORDS_COUNT (sizeof(common_passwords) / sizeof(common_passwords[0]))

/* The bsearch key: a slice of the candidate. */
struct slice {
	const char *s;
	size_t len;
};

/* Orders a slice against a NUL-terminated entry as strcmp would order them. */
static int
compare_slice(const void *key, const void *member)
{
	const struct slice *k = key;
	const char *entry = *(const char *const *)member;
	size_t elen = strlen(entry);
	int c = memcmp(k->s, entry, k->len < elen ? k->len : elen);

	if (c != 0)
		return c;
	return (k->len > elen) - (k->len < elen);
}

bool
common_password_listed(const char *word, size_t len)
{
	struct slice k = { word, len };

	if (word == NULL || len == 0)
		return false;
	return bsearch(&k, common_passwords, COMMON_PASSWORDS_COUNT, sizeof(common_passwords[0]),
		       compare_slice) != NULL;
}

size_t
common_password_count(void)
{
	return COMMON_PASSWORDS_COUNT;
}

const char *
common_password_entry(size_t i)
{
	return i < COMMON_PASSWORDS_COUNT ? common_passwords[i] : NULL;
}
