/*
 * The service-network registers (阵地台账): the closed, table-driven
 * specification of each facility type — its Chinese name, the template
 * headers in order, the stored column each header fills, the kind of value
 * and whether it is required — and the pure validation of one row.  Import,
 * export, templates and the API's field lists are all driven by this table.
 * Pure: the existence of a division code is the service layer's check.
 */
#ifndef WB_CORE_FACILITY_H
#define WB_CORE_FACILITY_H

#include <stdbool.h>
#include <stddef.h>

enum facility_type {
	FACILITY_STATION,        /* 未保站 */
	FACILITY_RESCUE,         /* 未成年人救助保护机构 */
	FACILITY_CHILDREN_HOME,  /* 儿童之家 */
	FACILITY_POST,           /* 妇女儿童驿站 */
	FACILITY_CHILDCARE,      /* 托育机构 */
	FACILITY_REHAB,          /* 残疾儿童定点康复机构 */
	FACILITY_SCHOOL,         /* 学校 */
	FACILITY_ORG,            /* 社会组织 */
	FACILITY_PROJECT,        /* 政府购买服务项目 */
	FACILITY_SUPERVISOR,     /* 儿童督导员 */
	FACILITY_DIRECTOR,       /* 儿童主任 */
	FACILITY_HOSPITAL,       /* 医院 (an institution of background checks; schema 17) */
	FACILITY_TRAINING,       /* 校外培训机构 (the same) */
	FACILITY_WELFARE,        /* 儿童福利机构 (the same) */
	FACILITY_TYPE__MAX
};

/*
 * The stored value columns of table `facilities`, in the order the store's
 * statements list them (FACILITY_VALUE_COLS in store/stmt.def).  Dates are
 * 'YYYY-MM-DD' text (so "as of a date" is a plain text comparison on both
 * databases), closed-list and 是/否 values their Chinese text, counts and
 * money (in 分) integers.
 */
enum facility_col {
	FCOL_NAME,
	FCOL_DIVISION,        /* division_code: 6, 9 or 12 digits */
	FCOL_STATUS,
	FCOL_OPENED_ON,
	FCOL_ENTITY,          /* 实体化运行 是/否 */
	FCOL_KIND,
	FCOL_LEVEL,
	FCOL_NAMED_ON,
	FCOL_PLACES,          /* integer */
	FCOL_OWNERSHIP,       /* 公办/民办 */
	FCOL_INCLUSIVE,       /* 普惠 是/否 */
	FCOL_AGREEMENT_FROM,
	FCOL_AGREEMENT_TO,
	FCOL_STAGE,
	FCOL_SMART_ON,
	FCOL_CREDIT_CODE,
	FCOL_FIELD,
	FCOL_CONTRACTOR,
	FCOL_AMOUNT,          /* integer, 分 */
	FCOL_STARTS_ON,
	FCOL_ENDS_ON,
	FCOL_PHONE,           /* encrypted at rest */
	FCOL_APPOINTED_ON,
	FCOL_NOTE,
	FCOL__MAX
};

enum facility_value_kind {
	FV_TEXT,
	FV_TOWN,              /* a 9-digit town code */
	FV_VILLAGE,           /* a 12-digit village or community code */
	FV_TOWN_OR_VILLAGE,
	FV_DIVISION,          /* county, town or village */
	FV_DATE,              /* YYYY-MM-DD (YYYY/M/D and YYYY.M.D accepted) */
	FV_LIST,              /* one of the field's values */
	FV_YESNO,             /* 是/否 */
	FV_COUNT,             /* integer >= 0 */
	FV_MONEY,             /* yuan with at most 2 decimals, stored in 分 */
	FV_PHONE,             /* an 11-digit mobile number */
	FV_CREDIT_CODE,       /* 统一社会信用代码, GB 32100 with its check character */
};

struct facility_field {
	const char *header;              /* the Chinese template header */
	enum facility_col col;
	enum facility_value_kind kind;
	const char *const *values;       /* FV_LIST: NULL-terminated */
	bool required;                   /* a value must be given */
	bool optional_header;            /* the column may be left out of a file */
};

struct facility_spec {
	const char *code;                /* "station", … */
	const char *title;               /* "未保站", … */
	size_t nfields;
	const struct facility_field *fields;
};

/* The type codes in enum order, NULL-terminated (query declarations). */
extern const char *const facility_type_codes[FACILITY_TYPE__MAX + 1];

/* The spec of type t; NULL when t is out of range. */
const struct facility_spec *facility_spec(enum facility_type t);
/* The type named by code ("station"), FACILITY_TYPE__MAX when unknown. */
enum facility_type facility_type_parse(const char *code);
/* The stored column name of c ("division_code"); "" when out of range. */
const char *facility_col_name(enum facility_col c);
/* True when column c is stored as an integer (FCOL_PLACES, FCOL_AMOUNT). */
bool facility_col_is_int(enum facility_col c);
/* The field of spec s filling column c, or NULL when the type has none. */
const struct facility_field *facility_field_of(const struct facility_spec *s,
					       enum facility_col c);

#define FACILITY_REASON_MAX 160

/* One problem of a row: the header it concerns ("" for the row as a whole)
 * and a Chinese reason. */
struct facility_problem {
	const char *header;
	char reason[FACILITY_REASON_MAX];
};

typedef void (*facility_problem_fn)(const struct facility_problem *p, void *arg);

/*
 * Maps a file's header row to the type's fields: map[i] receives the index
 * in s->fields of header i, or -1.  Every unknown (or misspelt) header,
 * repeated header and missing non-optional header is reported through fn
 * (an empty header is not: the caller refuses values under it);
 * returns the number of problems (0: the header is good).  Headers are
 * compared after trimming white space and a UTF-8 BOM.
 */
int facility_map_header(const struct facility_spec *s, const char *const *headers, size_t n,
			int *map, facility_problem_fn fn, void *arg);

/*
 * Validates and normalises one row.  in[c] is the raw text of column c (NULL
 * or "" for none); out[c] receives the canonical stored form in a buffer of
 * FACILITY_VALUE_MAX bytes (dates YYYY-MM-DD, money in 分, "" for none);
 * columns the type does not use come out "".  Text is NFKC-normalised and
 * trimmed.  Every problem is reported through fn; returns their number.
 * Whether a division code exists is not checked here.
 */
#define FACILITY_VALUE_MAX 512
int facility_validate(const struct facility_spec *s, const char *const in[FCOL__MAX],
		      char out[FCOL__MAX][FACILITY_VALUE_MAX], facility_problem_fn fn, void *arg);

/* The display form of canonical stored value v of field f into out: money
 * in yuan with two decimals ("12345.60"), everything else as stored. */
void facility_format(const struct facility_field *f, const char *v, char *out, size_t n);

/* True when s is a valid 统一社会信用代码 (GB 32100-2015): 18 characters of
 * 0-9 and A-Z without I, O, Z, S and V, whose last is the check character of
 * the first 17. */
bool facility_credit_code_valid(const char *s);

/* A date as Y-M-D, Y/M/D or Y.M.D into out "YYYY-MM-DD" (11 bytes); false
 * when it is not a real date of 1900–2099. */
bool facility_parse_date(const char *s, char out[11]);

/* The 9-digit town part of a town or village code into out (10 bytes), ""
 * for a county code or anything else. */
void facility_town_of(const char *division, char out[10]);

#endif
