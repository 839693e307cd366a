/* The password policy (password_check_policy) and the common-password list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sec/common_passwords.h"
#include "sec/password.h"

#define MSG_COMMON "密码过于常见"
#define MSG_BLANK "密码不能只由空白组成"
#define MSG_PATTERN "密码规律过于简单"
#define MSG_DISTINCT "4 个不同的字符"

/* Asserts that password passes the policy for login and name. */
static void
accepted(const char *password, const char *login, const char *name)
{
	struct wb_err err = { 0 };

	if (password_check_policy(password, login, name, &err) != WB_OK)
		fail_msg("\"%s\" refused: %s", password, err.msg);
}

/* Asserts that password is refused (for login "zhangsan", name "张三") with a
 * message containing msg, or with any message when msg is NULL. */
static void
refused(const char *password, const char *msg)
{
	struct wb_err err = { 0 };

	if (password_check_policy(password, "zhangsan", "张三", &err) != WB_ERR_INVALID)
		fail_msg("\"%s\" accepted", password);
	if (msg != NULL && strstr(err.msg, msg) == NULL)
		fail_msg("\"%s\": \"%s\" does not say \"%s\"", password, err.msg, msg);
}

static void
test_strong_passwords_pass(void **state)
{
	(void)state;
	accepted("Tongxiang-2022-Weibao", "admin", "未保办管理员");
	accepted("Api-test-Tongxiang-2022", "admin", "未保办管理员");
	accepted("Wuzhen-station-1", "wuzhen01", "乌镇督导员");
	accepted("Xk9#mZ2q-Lw7!", "zhangsan", "张三");
	accepted("correct horse 42", "wangxm", "王小明");
	accepted("桐乡市未成年人保护2022", "zhangsan", "张三");
	accepted("1987052846", "zhangsan", "张三");   /* digits, but no pattern */
}

/* The passwords tests/api/lib.mjs userWith() gives its users:
 * `Pw-<reversed login>-2022!`, login = prefix + (pid % 1000) + counter. */
static void
test_api_test_passwords_pass(void **state)
{
	static const char *const prefixes[] = {
		"al", "ta", "tb", "ld", "wk", "lv", "um", "us", "mv", "pl", "mz", "jy",
		"jc", "nb", "nc", "sc", "lock", "pw", "dis", "gs", "x",
	};
	char login[48], reversed[48], pw[64];
	(void)state;

	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		for (int pid = 0; pid < 1000; pid += 37) {
			for (int counter = 1; counter <= 30; counter++) {
				size_t n = (size_t)snprintf(login, sizeof(login), "%s%d%d",
							    prefixes[p], pid, counter);
				for (size_t i = 0; i < n; i++)
					reversed[i] = login[n - 1 - i];
				reversed[n] = '\0';
				snprintf(pw, sizeof(pw), "Pw-%s-2022!", reversed);
				accepted(pw, login, "测试用户");
			}
		}
	}
}

static void
test_generated_passwords_pass(void **state)
{
	char pw[17];
	(void)state;

	assert_int_equal(sec_init(NULL), WB_OK);
	for (int i = 0; i < 5000; i++) {
		password_generate(pw);
		accepted(pw, "admin", "未保办管理员");
	}
}

/* The existing rules keep their order: text, length, login, name. */
static void
test_length_login_and_name_first(void **state)
{
	struct wb_err err = { 0 };
	char longpw[PASSWORD_MAX_LENGTH + 2];
	(void)state;

	assert_int_equal(password_check_policy(NULL, "zhangsan", NULL, &err), WB_ERR_INVALID);
	assert_int_equal(password_check_policy("bad\xff-password-1", "zhangsan", NULL, &err),
			 WB_ERR_INVALID);
	refused("123456", "至少 10 个字符");
	refused("aaaa", "至少 10 个字符");
	memset(longpw, 'x', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	refused(longpw, "最多 128 个字符");
	refused("my-zhangsan-2022", "登录名");
	refused("ZhangSan2022!", "登录名");
	refused("这是张三的一个长密码", "姓名");
	/* exactly ten characters: the length rule lets it through to the new rules */
	refused("password12", MSG_COMMON);
}

static void
test_all_blank_refused(void **state)
{
	(void)state;
	refused("          ", MSG_BLANK);                              /* ten spaces */
	refused("\t\t\t\t\t\n\n\n\n\n", MSG_BLANK);
	refused("　　　　　　　　　　", MSG_BLANK);   /* U+3000 */
	refused("  \t\xc2\xa0\xe2\x80\x83\xe2\x80\x8b\xef\xbb\xbf  \r\n", MSG_BLANK);
	/* blanks inside a real password are fine */
	accepted("Tongxiang 2022 Weibao", "admin", NULL);
	accepted("  Wuzhen-station-1  ", "wuzhen01", NULL);
}

static void
test_common_passwords_refused(void **state)
{
	(void)state;
	refused("1234567890", MSG_COMMON);
	refused("password12", MSG_COMMON);
	refused("Password123", MSG_COMMON);
	refused("PASSWORD1234", MSG_COMMON);
	refused("qwertyuiop", MSG_COMMON);
	refused("1q2w3e4r5t", MSG_COMMON);
	refused("a123456789", MSG_COMMON);
	refused("woaini1314", MSG_COMMON);
	refused("5201314520", MSG_COMMON);
	refused("Aa123456789", MSG_COMMON);
	refused("P@ssw0rd123", MSG_COMMON);
	refused("qq12345678", MSG_COMMON);
	refused("Aini1314!!", MSG_COMMON);
	refused("iloveyou520", MSG_COMMON);
	/* the core, without trailing (or leading) digits and signs */
	refused("Password2024!", MSG_COMMON);
	refused("Qwerty12345", MSG_COMMON);
	refused("Woaini@1314!!", MSG_COMMON);
	refused("Admin@123456", MSG_COMMON);
	refused("2022-Weibao!", MSG_COMMON);
	refused("  iloveyou  ", MSG_COMMON);
	/* full-width letters typed with a Chinese input method */
	refused("ｐａｓｓｗｏｒｄ１２３", MSG_COMMON);
	/* a common word inside a longer password is fine */
	accepted("Good-password-9", "zhangsan", NULL);
	accepted("New-password-2026", "zhangsan", NULL);
	accepted("my-qwerty-is-Dvorak", "zhangsan", NULL);
}

static void
test_repeated_characters_refused(void **state)
{
	(void)state;
	refused("aaaaaaaaaa", MSG_PATTERN);
	refused("AAAAAaaaaa", MSG_PATTERN);
	refused("7777777777777", MSG_PATTERN);
	refused("!!!!!!!!!!!!", MSG_PATTERN);
	refused("哈哈哈哈哈哈哈哈哈哈", MSG_PATTERN);
}

static void
test_repeated_units_refused(void **state)
{
	(void)state;
	refused("abcabcabcabc", MSG_PATTERN);
	refused("12121212121", MSG_PATTERN);
	refused("xyzzyxyzzy", MSG_PATTERN);
	refused("Tongxiang!Tongxiang!", MSG_PATTERN);
	refused("我爱你我爱你我爱你我爱你", MSG_PATTERN);
	refused("Mama2022!!!", MSG_PATTERN);     /* the core "mama" */
	accepted("Tongxiang!Tongxiang!-8", "zhangsan", NULL);
}

static void
test_runs_refused(void **state)
{
	(void)state;
	refused("abcdefghij", MSG_PATTERN);
	refused("ABCDEFGHIJKLMN", MSG_PATTERN);
	refused("9876543210", NULL);           /* on the list too */
	refused("8765432109", MSG_PATTERN);
	refused("3456789012", MSG_PATTERN);
	refused("zyxwvutsrqpo", MSG_PATTERN);
	refused("bcdefgh123!", MSG_PATTERN);
	refused("Lmnopq2024!", MSG_PATTERN);    /* the core "lmnopq" */
	refused("!@#$%^&*()", MSG_PATTERN);
}

static void
test_keyboard_walks_refused(void **state)
{
	(void)state;
	/* refused as common already (their cores are on the list) */
	refused("asdfghjkl;", NULL);
	refused("1qaz2wsx3edc", NULL);
	refused("zxcvbnm,./", NULL);
	refused("poiuytrewq12", NULL);
	refused("sdfghjkl;'", MSG_PATTERN);
	refused("2wsx3edc4rfv", MSG_PATTERN);
	refused("zaq1xsw2cde3", MSG_PATTERN);
	refused("mnbvcxzlkjhg", MSG_PATTERN);
	refused("QWERTYUIOPasdf", MSG_PATTERN);
	refused("xcvbnm,./;'", MSG_PATTERN);
	refused("1qazxsw23edc", MSG_PATTERN);
	refused("1q2w3e4r5t6y7u", MSG_PATTERN);
	refused("q1w2e3r4t5y6", MSG_PATTERN);
	refused("ｑｗｅｒｔｙｕｉｏｐａ", MSG_PATTERN);
}

static void
test_few_distinct_characters_refused(void **state)
{
	(void)state;
	refused("aabbaabbab", MSG_DISTINCT);
	refused("1011001110", MSG_DISTINCT);
	refused("Xy.Xy..YxYxx", MSG_DISTINCT);
	accepted("1011001132", "zhangsan", NULL);
}

/* bsearch needs the list sorted; entries are lower-case ASCII, and all found. */
static void
test_list_sorted_and_searchable(void **state)
{
	size_t n = common_password_count();
	(void)state;

	assert_true(n >= 300);
	for (size_t i = 0; i < n; i++) {
		const char *w = common_password_entry(i);
		assert_non_null(w);
		if (i > 0 && strcmp(common_password_entry(i - 1), w) >= 0)
			fail_msg("not sorted at \"%s\"", w);
		for (const char *c = w; *c; c++)
			if (*c < 0x21 || *c > 0x7E || (*c >= 'A' && *c <= 'Z'))
				fail_msg("\"%s\" is not lower-case ASCII", w);
		assert_true(common_password_listed(w, strlen(w)));
	}
	assert_null(common_password_entry(n));
	assert_true(common_password_listed("password123xyz", 11));   /* a slice */
	assert_false(common_password_listed("password", 7));
	assert_false(common_password_listed("", 0));
	assert_false(common_password_listed("tongxiang-2022-weibao", 21));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strong_passwords_pass),
		cmocka_unit_test(test_api_test_passwords_pass),
		cmocka_unit_test(test_generated_passwords_pass),
		cmocka_unit_test(test_length_login_and_name_first),
		cmocka_unit_test(test_all_blank_refused),
		cmocka_unit_test(test_common_passwords_refused),
		cmocka_unit_test(test_repeated_characters_refused),
		cmocka_unit_test(test_repeated_units_refused),
		cmocka_unit_test(test_runs_refused),
		cmocka_unit_test(test_keyboard_walks_refused),
		cmocka_unit_test(test_few_distinct_characters_refused),
		cmocka_unit_test(test_list_sorted_and_searchable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
