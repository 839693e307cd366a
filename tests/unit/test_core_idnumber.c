/* core/idnumber: GB 11643-1999 validation, normalisation, birth date, sex, age. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/idnumber.h"

/* The standard's own example (not a real person). */
#define STD_EXAMPLE "11010519491231002X"

static const struct id_date today = { 2024, 6, 15 };

/* A synthetic valid number for Tongxiang (330483). */
static void
make(char out[IDNUMBER_SIZE], int y, int m, int d, int seq)
{
	struct id_date b = { y, m, d };

	assert_int_equal(idnumber_generate("330483", b, seq, out, NULL), WB_OK);
}

/* id with its check character recomputed, so only the part under test is wrong. */
static void
fix_check(char id[IDNUMBER_SIZE])
{
	id[17] = idnumber_check_char(id);
	assert_true(id[17] != '\0');
}

static void
test_standard_example_valid(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate(STD_EXAMPLE, today, NULL), WB_OK);
}

static void
test_check_char_of_standard_example(void **state)
{
	(void)state;
	assert_int_equal(idnumber_check_char(STD_EXAMPLE), 'X');
}

static void
test_check_char_needs_17_digits(void **state)
{
	(void)state;
	assert_int_equal(idnumber_check_char("1101051949123100"), '\0');
	assert_int_equal(idnumber_check_char("11010519491231A02"), '\0');
}

static void
test_generate_reproduces_standard_example(void **state)
{
	struct id_date b = { 1949, 12, 31 };
	char id[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_generate("110105", b, 2, id, NULL), WB_OK);
	assert_string_equal(id, STD_EXAMPLE);
}

static void
test_generated_number_valid(void **state)
{
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(strlen(id), 18);
	assert_memory_equal(id, "33048320150601123", 17);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_OK);
}

static void
test_generated_numbers_all_sequences_valid(void **state)
{
	char id[IDNUMBER_SIZE];

	(void)state;
	for (int seq = 0; seq <= 999; seq++) {
		make(id, 2010, 3, 7, seq);
		assert_int_equal(idnumber_validate(id, today, NULL), WB_OK);
	}
}

static void
test_wrong_check_digit_rejected(void **state)
{
	struct wb_err err = { 0 };
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2015, 6, 1, 123);
	id[17] = id[17] == '0' ? '1' : '0';
	assert_int_equal(idnumber_validate(id, today, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "校验位"));
}

static void
test_changed_digit_rejected(void **state)
{
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2015, 6, 1, 123);
	id[15] = id[15] == '9' ? '8' : (char)(id[15] + 1);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_ERR_INVALID);
}

static void
test_feb29_non_leap_year_rejected(void **state)
{
	struct wb_err err = { 0 };
	char id[IDNUMBER_SIZE] = "33048320190229123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "出生日期"));
}

static void
test_feb29_leap_year_accepted(void **state)
{
	char id[IDNUMBER_SIZE] = "33048320200229123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_OK);
}

static void
test_feb29_1900_rejected(void **state)
{
	char id[IDNUMBER_SIZE] = "33048319000229123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_ERR_INVALID);
}

static void
test_feb29_2000_accepted(void **state)
{
	char id[IDNUMBER_SIZE] = "33048320000229123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_OK);
}

static void
test_month_13_rejected(void **state)
{
	char id[IDNUMBER_SIZE] = "33048320151301123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_ERR_INVALID);
}

static void
test_day_zero_rejected(void **state)
{
	char id[IDNUMBER_SIZE] = "33048320150600123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_ERR_INVALID);
}

static void
test_april_31_rejected(void **state)
{
	char id[IDNUMBER_SIZE] = "33048320150431123?";

	(void)state;
	fix_check(id);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_ERR_INVALID);
}

static void
test_birth_after_today_rejected(void **state)
{
	struct wb_err err = { 0 };
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2024, 6, 16, 123);
	assert_int_equal(idnumber_validate(id, today, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "晚于"));
}

static void
test_birth_on_today_accepted(void **state)
{
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2024, 6, 15, 123);
	assert_int_equal(idnumber_validate(id, today, NULL), WB_OK);
}

static void
test_invalid_today_rejected(void **state)
{
	struct id_date bad = { 2024, 2, 30 };

	(void)state;
	assert_int_equal(idnumber_validate(STD_EXAMPLE, bad, NULL), WB_ERR_INVALID);
}

static void
test_17_chars_rejected(void **state)
{
	struct wb_err err = { 0 };

	(void)state;
	assert_int_equal(idnumber_validate("11010519491231002", today, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "18"));
}

static void
test_19_chars_rejected(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate(STD_EXAMPLE "1", today, NULL), WB_ERR_INVALID);
}

static void
test_letters_rejected(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate("1101051949A231002X", today, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_validate("ABCDEFGHIJKLMNOPQR", today, NULL), WB_ERR_INVALID);
}

static void
test_x_before_last_rejected(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate("1101051949123100X2", today, NULL), WB_ERR_INVALID);
}

static void
test_lower_case_x_not_canonical(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate("11010519491231002x", today, NULL), WB_ERR_INVALID);
}

static void
test_null_rejected(void **state)
{
	(void)state;
	assert_int_equal(idnumber_validate(NULL, today, NULL), WB_ERR_INVALID);
}

static void
test_normalise_upper_cases_x(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("11010519491231002x", out, NULL), WB_OK);
	assert_string_equal(out, STD_EXAMPLE);
}

static void
test_normalise_trims_white_space(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise(" \t" STD_EXAMPLE "\r\n", out, NULL), WB_OK);
	assert_string_equal(out, STD_EXAMPLE);
}

static void
test_normalise_trims_ideographic_space(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("\u3000" STD_EXAMPLE "\u3000", out, NULL), WB_OK);
	assert_string_equal(out, STD_EXAMPLE);
}

static void
test_normalise_full_width_digits(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("１１０１０５１９４９１２３１００２Ｘ", out, NULL), WB_OK);
	assert_string_equal(out, STD_EXAMPLE);
}

static void
test_normalise_full_width_lower_x(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("11010519491231002ｘ", out, NULL), WB_OK);
	assert_string_equal(out, STD_EXAMPLE);
}

static void
test_normalise_rejects_inner_space(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("110105 19491231002X", out, NULL), WB_ERR_INVALID);
	assert_string_equal(out, "");
}

static void
test_normalise_rejects_17_chars(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("11010519491231002", out, NULL), WB_ERR_INVALID);
	assert_string_equal(out, "");
}

static void
test_normalise_rejects_19_chars(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise(STD_EXAMPLE "0", out, NULL), WB_ERR_INVALID);
	assert_string_equal(out, "");
}

static void
test_normalise_rejects_letters(void **state)
{
	struct wb_err err = { 0 };
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("11010519491231002Y", out, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "数字"));
	assert_string_equal(out, "");
}

static void
test_normalise_rejects_invalid_utf8(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise("1101051949123100\xff\xfe", out, NULL), WB_ERR_INVALID);
	assert_string_equal(out, "");
}

static void
test_normalise_rejects_null_and_empty(void **state)
{
	char out[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_normalise(NULL, out, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_normalise("", out, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_normalise("   ", out, NULL), WB_ERR_INVALID);
}

static void
test_birth_date_extracted(void **state)
{
	struct id_date d;

	(void)state;
	assert_true(idnumber_birth_date(STD_EXAMPLE, &d));
	assert_int_equal(d.year, 1949);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 31);
}

static void
test_birth_date_invalid_not_extracted(void **state)
{
	struct id_date d = { 1, 2, 3 };

	(void)state;
	assert_false(idnumber_birth_date("33048320190229123X", &d));
	assert_int_equal(d.year, 1);
}

static void
test_even_sequence_is_female(void **state)
{
	(void)state;
	assert_int_equal(idnumber_sex(STD_EXAMPLE), ID_SEX_FEMALE);
}

static void
test_odd_sequence_is_male(void **state)
{
	char id[IDNUMBER_SIZE];

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(idnumber_sex(id), ID_SEX_MALE);
}

static void
test_age_before_birthday(void **state)
{
	char id[IDNUMBER_SIZE];
	struct id_date at = { 2024, 5, 31 };

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(idnumber_age(id, at), 8);
}

static void
test_age_on_birthday(void **state)
{
	char id[IDNUMBER_SIZE];
	struct id_date at = { 2024, 6, 1 };

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(idnumber_age(id, at), 9);
}

static void
test_age_on_birth_day_is_zero(void **state)
{
	char id[IDNUMBER_SIZE];
	struct id_date at = { 2015, 6, 1 };

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(idnumber_age(id, at), 0);
}

static void
test_age_feb29_birth_in_common_year(void **state)
{
	struct id_date birth = { 2008, 2, 29 };
	struct id_date feb28 = { 2026, 2, 28 }, mar1 = { 2026, 3, 1 };
	struct id_date feb27 = { 2026, 2, 27 }, feb29 = { 2028, 2, 29 }, feb28_28 = { 2028, 2, 28 };

	(void)state;

	/* 民法典 第二百零二条: no 29 February, so the month's last day. */
	assert_int_equal(id_date_age(birth, feb27), 17);
	assert_int_equal(id_date_age(birth, feb28), 18);
	assert_int_equal(id_date_age(birth, mar1), 18);
	assert_int_equal(id_date_age(birth, feb28_28), 19);
	assert_int_equal(id_date_age(birth, feb29), 20);
}

static void
test_calendar_reckoning(void **state)
{
	struct id_date aug31 = { 2020, 8, 31 }, jan31 = { 2021, 1, 31 };
	struct id_date r;

	(void)state;
	r = id_date_add_months(aug31, 6);
	assert_int_equal(r.year, 2021);
	assert_int_equal(r.month, 2);
	assert_int_equal(r.day, 28);   /* no 31 February: the month's last day */
	r = id_date_add_months(aug31, 42);
	assert_int_equal(r.year, 2024);
	assert_int_equal(r.month, 2);
	assert_int_equal(r.day, 29);   /* a leap year's last day of February */
	r = id_date_add_months(jan31, -2);
	assert_int_equal(r.year, 2020);
	assert_int_equal(r.month, 11);
	assert_int_equal(r.day, 30);
	r = id_date_add_days(aug31, 1);
	assert_int_equal(r.month, 9);
	assert_int_equal(r.day, 1);
	r = id_date_add_days((struct id_date){ 2024, 3, 1 }, -1);
	assert_int_equal(r.day, 29);
	assert_int_equal(id_date_days((struct id_date){ 1970, 1, 1 }), 0);
	assert_int_equal(id_date_days((struct id_date){ 2000, 3, 1 }), 11017);
	r = id_date_of_time(1669824000, 8 * 3600);       /* 2022-11-30 16:00:00 UTC */
	assert_int_equal(r.day, 1);                         /* already 1 December in China */
	assert_int_equal(r.month, 12);
	r = id_date_of_time(1669824000 - 1, 8 * 3600);
	assert_int_equal(r.day, 30);
	r = id_date_of_time(-1, 0);
	assert_int_equal(r.year, 1969);
	{
		char iso[11];
		struct id_date p = { 0, 0, 0 };

		id_date_format((struct id_date){ 2022, 3, 9 }, iso);
		assert_string_equal(iso, "2022-03-09");
		assert_true(id_date_parse_iso(iso, &p));
		assert_int_equal(p.day, 9);
		assert_false(id_date_parse_iso("2022-02-30", &p));
		assert_false(id_date_parse_iso("2022/03/09", &p));
		assert_false(id_date_parse_iso("2022-3-9", &p));
		assert_false(id_date_parse_iso(NULL, &p));
	}
	for (long n = -80000; n < 80000; n += 97) {
		struct id_date x = id_date_from_days(n);

		assert_true(id_date_valid(x) || x.year < 1800);
		assert_int_equal(id_date_days(x), n);
	}
}

static void
test_age_before_birth_is_minus_one(void **state)
{
	char id[IDNUMBER_SIZE];
	struct id_date at = { 2015, 5, 31 };

	(void)state;
	make(id, 2015, 6, 1, 123);
	assert_int_equal(idnumber_age(id, at), -1);
}

static void
test_generate_rejects_bad_address(void **state)
{
	struct id_date b = { 2015, 6, 1 };
	char id[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_generate("33048", b, 1, id, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_generate("33048a", b, 1, id, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_generate(NULL, b, 1, id, NULL), WB_ERR_INVALID);
}

static void
test_generate_rejects_bad_sequence(void **state)
{
	struct id_date b = { 2015, 6, 1 };
	char id[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_generate("330483", b, -1, id, NULL), WB_ERR_INVALID);
	assert_int_equal(idnumber_generate("330483", b, 1000, id, NULL), WB_ERR_INVALID);
}

static void
test_generate_rejects_bad_date(void **state)
{
	struct id_date b = { 2019, 2, 29 };
	char id[IDNUMBER_SIZE];

	(void)state;
	assert_int_equal(idnumber_generate("330483", b, 1, id, NULL), WB_ERR_INVALID);
}

static void
test_date_compare(void **state)
{
	struct id_date a = { 2020, 1, 31 }, b = { 2020, 2, 1 };

	(void)state;
	assert_true(id_date_compare(a, b) < 0);
	assert_true(id_date_compare(b, a) > 0);
	assert_int_equal(id_date_compare(a, a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_example_valid),
		cmocka_unit_test(test_check_char_of_standard_example),
		cmocka_unit_test(test_check_char_needs_17_digits),
		cmocka_unit_test(test_generate_reproduces_standard_example),
		cmocka_unit_test(test_generated_number_valid),
		cmocka_unit_test(test_generated_numbers_all_sequences_valid),
		cmocka_unit_test(test_wrong_check_digit_rejected),
		cmocka_unit_test(test_changed_digit_rejected),
		cmocka_unit_test(test_feb29_non_leap_year_rejected),
		cmocka_unit_test(test_feb29_leap_year_accepted),
		cmocka_unit_test(test_feb29_1900_rejected),
		cmocka_unit_test(test_feb29_2000_accepted),
		cmocka_unit_test(test_month_13_rejected),
		cmocka_unit_test(test_day_zero_rejected),
		cmocka_unit_test(test_april_31_rejected),
		cmocka_unit_test(test_birth_after_today_rejected),
		cmocka_unit_test(test_birth_on_today_accepted),
		cmocka_unit_test(test_invalid_today_rejected),
		cmocka_unit_test(test_17_chars_rejected),
		cmocka_unit_test(test_19_chars_rejected),
		cmocka_unit_test(test_letters_rejected),
		cmocka_unit_test(test_x_before_last_rejected),
		cmocka_unit_test(test_lower_case_x_not_canonical),
		cmocka_unit_test(test_null_rejected),
		cmocka_unit_test(test_normalise_upper_cases_x),
		cmocka_unit_test(test_normalise_trims_white_space),
		cmocka_unit_test(test_normalise_trims_ideographic_space),
		cmocka_unit_test(test_normalise_full_width_digits),
		cmocka_unit_test(test_normalise_full_width_lower_x),
		cmocka_unit_test(test_normalise_rejects_inner_space),
		cmocka_unit_test(test_normalise_rejects_17_chars),
		cmocka_unit_test(test_normalise_rejects_19_chars),
		cmocka_unit_test(test_normalise_rejects_letters),
		cmocka_unit_test(test_normalise_rejects_invalid_utf8),
		cmocka_unit_test(test_normalise_rejects_null_and_empty),
		cmocka_unit_test(test_birth_date_extracted),
		cmocka_unit_test(test_birth_date_invalid_not_extracted),
		cmocka_unit_test(test_even_sequence_is_female),
		cmocka_unit_test(test_odd_sequence_is_male),
		cmocka_unit_test(test_age_before_birthday),
		cmocka_unit_test(test_age_on_birthday),
		cmocka_unit_test(test_age_on_birth_day_is_zero),
		cmocka_unit_test(test_age_feb29_birth_in_common_year),
		cmocka_unit_test(test_calendar_reckoning),
		cmocka_unit_test(test_age_before_birth_is_minus_one),
		cmocka_unit_test(test_generate_rejects_bad_address),
		cmocka_unit_test(test_generate_rejects_bad_sequence),
		cmocka_unit_test(test_generate_rejects_bad_date),
		cmocka_unit_test(test_date_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
