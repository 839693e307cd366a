#include "core/guidance.h"

#include <stdio.h>
#include <string.h>

#include "core/idnumber.h"
#include "core/tasklight.h"

static const char *const kind_titles[GUIDANCE_KIND__MAX] = {
	[GUIDANCE_ORDER] = "家庭教育指导令",
	[GUIDANCE_SUPERVISE] = "督促监护令",
	[GUIDANCE_INSTRUCT] = "责令接受家庭教育指导",
};

const char *
guidance_kind_title(enum guidance_kind k)
{
	return (unsigned)k < GUIDANCE_KIND__MAX ? kind_titles[k] : "";
}

enum guidance_kind
guidance_kind_parse(const char *title)
{
	for (int k = 0; title && k < GUIDANCE_KIND__MAX; k++)
		if (strcmp(title, kind_titles[k]) == 0)
			return (enum guidance_kind)k;
	return GUIDANCE_KIND__MAX;
}

enum guidance_issuer
guidance_issuer_of(const char *unit_name)
{
	if (unit_name == NULL)
		return ISSUER_OTHER;
	if (strstr(unit_name, "法院"))
		return ISSUER_COURT;
	if (strstr(unit_name, "检察院"))
		return ISSUER_PROCURATORATE;
	if (strstr(unit_name, "公安"))
		return ISSUER_POLICE;
	return ISSUER_OTHER;
}

bool
guidance_may_issue(enum guidance_kind k, enum guidance_issuer i)
{
	switch (k) {
	case GUIDANCE_ORDER:
		return i == ISSUER_COURT;
	case GUIDANCE_SUPERVISE:
		return i == ISSUER_PROCURATORATE;
	case GUIDANCE_INSTRUCT:
		return i == ISSUER_COURT || i == ISSUER_PROCURATORATE || i == ISSUER_POLICE;
	default:
		return false;
	}
}

const char *
guidance_issuers_title(enum guidance_kind k)
{
	switch (k) {
	case GUIDANCE_ORDER:
		return "人民法院";
	case GUIDANCE_SUPERVISE:
		return "人民检察院";
	case GUIDANCE_INSTRUCT:
		return "公安机关、人民检察院或人民法院";
	default:
		return "";
	}
}

bool
guidance_result_valid(const char *result)
{
	return result && (strcmp(result, "履行") == 0 || strcmp(result, "部分履行") == 0 ||
			  strcmp(result, "未履行") == 0);
}

bool
guidance_next_due(const char *period_from, const char *period_to, const char *last_session,
		  int every_days, char due[11])
{
	struct id_date from, to, last, d;

	due[0] = '\0';
	if (every_days < 1 || every_days > GUIDANCE_EVERY_DAYS_MAX ||
	    !id_date_parse_iso(period_from ? period_from : "", &from) ||
	    !id_date_parse_iso(period_to ? period_to : "", &to))
		return false;
	d = from;
	if (last_session && last_session[0]) {
		if (!id_date_parse_iso(last_session, &last))
			return false;
		if (id_date_compare(last, from) > 0)
			d = last;
	}
	d = id_date_add_days(d, every_days);
	if (id_date_compare(d, to) > 0)
		return false;
	id_date_format(d, due);
	return true;
}

bool
guidance_light_moments(const char *due, int64_t *yellow_at, int64_t *red_at)
{
	int64_t end = due && due[0] ? calendar_day_end(due, CHINA_UTC_OFFSET_S) : -1;

	*yellow_at = *red_at = 0;
	if (end < 0)
		return false;
	*red_at = end + 1;
	*yellow_at = *red_at - (int64_t)(GUIDANCE_WARN_DAYS + 1) * 86400;
	return true;
}

int64_t
guidance_period_end(const char *period_to)
{
	int64_t end = calendar_day_end(period_to ? period_to : "", CHINA_UTC_OFFSET_S);

	return end < 0 ? -1 : end + 1;
}
