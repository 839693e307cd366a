#include "core/case_flow.h"

#include <stddef.h>
#include <string.h>

/* Every event a state takes: where it leads, who may take it, what it
 * needs.  A (state, event) pair not listed is refused with 409. */
struct flow_line {
	enum case_state from;
	enum case_event event;
	enum case_state to;
	unsigned actors;
	unsigned needs;
};

#define H CASE_BY_HANDLER
#define O CASE_BY_OFFICE
#define R CASE_BY_RECEIVER
#define P CASE_BY_POLICE
#define REASON CASE_NEED_REASON

static const struct flow_line flow[] = {
	{ CASE_NEW, CASE_EV_ACCEPT, CASE_ACCEPTED, H, 0 },
	{ CASE_NEW, CASE_EV_REJECT, CASE_REJECTED, H, REASON },
	{ CASE_NEW, CASE_EV_TRANSFER, CASE_TRANSFERRING, H, CASE_NEED_UNIT | REASON },

	{ CASE_ACCEPTED, CASE_EV_ASSESS, CASE_ASSESSING, H, CASE_NEED_RISK },
	{ CASE_ACCEPTED, CASE_EV_TRANSFER, CASE_TRANSFERRING, H, CASE_NEED_UNIT | REASON },

	{ CASE_ASSESSING, CASE_EV_ASSESS, CASE_ASSESSING, H, CASE_NEED_RISK },
	{ CASE_ASSESSING, CASE_EV_START_CARE, CASE_IN_CARE, H, 0 },
	/* assessed and nothing to do (e.g. 低 risk, no harm found) */
	{ CASE_ASSESSING, CASE_EV_REQUEST_CLOSE, CASE_CLOSE_REQUESTED, H, REASON },
	{ CASE_ASSESSING, CASE_EV_TRANSFER, CASE_TRANSFERRING, H, CASE_NEED_UNIT | REASON },

	{ CASE_IN_CARE, CASE_EV_ASSESS, CASE_IN_CARE, H, CASE_NEED_RISK },
	{ CASE_IN_CARE, CASE_EV_FOLLOW_UP, CASE_FOLLOW_UP, H, 0 },
	{ CASE_IN_CARE, CASE_EV_REQUEST_CLOSE, CASE_CLOSE_REQUESTED, H, REASON },

	{ CASE_FOLLOW_UP, CASE_EV_ASSESS, CASE_FOLLOW_UP, H, CASE_NEED_RISK },
	{ CASE_FOLLOW_UP, CASE_EV_FOLLOW_UP, CASE_FOLLOW_UP, H, 0 },
	{ CASE_FOLLOW_UP, CASE_EV_REQUEST_CLOSE, CASE_CLOSE_REQUESTED, H, REASON },

	{ CASE_CLOSE_REQUESTED, CASE_EV_APPROVE_CLOSE, CASE_CLOSED, O, 0 },
	{ CASE_CLOSE_REQUESTED, CASE_EV_RETURN, CASE_IN_CARE, O, REASON },

	{ CASE_CLOSED, CASE_EV_REOPEN, CASE_IN_CARE, O, REASON },
	{ CASE_REJECTED, CASE_EV_REOPEN, CASE_ACCEPTED, O, REASON },

	{ CASE_TRANSFERRING, CASE_EV_ACCEPT_TRANSFER, CASE_ACCEPTED, R, 0 },
	/* the unit declines; the office may take a transfer back too */
	{ CASE_TRANSFERRING, CASE_EV_RETURN, CASE_ACCEPTED, R | O, REASON },
};

#undef H
#undef O
#undef R
#undef P
#undef REASON

enum case_verdict
case_event_check(enum case_state s, enum case_event e, unsigned actors, bool police_recorded,
		 struct case_step *step)
{
	if ((unsigned)s >= CASE_STATE__MAX || (unsigned)e >= CASE_EVENT__MAX)
		return CASE_WRONG_STATE;
	if (e == CASE_EV_POLICE_ACCEPT) {
		/* the police record their acceptance on any open case; the state stays */
		if (!case_state_open(s))
			return CASE_WRONG_STATE;
		if (step)
			*step = (struct case_step){ s, CASE_NEED_POLICE_KIND, CASE_BY_POLICE };
		if (!(actors & CASE_BY_POLICE))
			return CASE_WRONG_ACTOR;
		return police_recorded ? CASE_ALREADY : CASE_ALLOWED;
	}
	for (size_t i = 0; i < sizeof(flow) / sizeof(flow[0]); i++) {
		if (flow[i].from != s || flow[i].event != e)
			continue;
		if (step)
			*step = (struct case_step){ flow[i].to, flow[i].needs, flow[i].actors };
		return (actors & flow[i].actors) ? CASE_ALLOWED : CASE_WRONG_ACTOR;
	}
	return CASE_WRONG_STATE;
}

static const struct {
	const char *code, *title;
} states[CASE_STATE__MAX] = {
	[CASE_NEW] = { "new", "新报告" },
	[CASE_ACCEPTED] = { "accepted", "已受理" },
	[CASE_ASSESSING] = { "assessing", "核查评估" },
	[CASE_IN_CARE] = { "in_care", "处置中" },
	[CASE_FOLLOW_UP] = { "follow_up", "跟踪回访" },
	[CASE_CLOSE_REQUESTED] = { "close_requested", "申请结案" },
	[CASE_CLOSED] = { "closed", "已结案" },
	[CASE_REJECTED] = { "rejected", "不予受理" },
	[CASE_TRANSFERRING] = { "transferring", "移送中" },
};

static const struct {
	const char *code, *title;
} events[CASE_EVENT__MAX] = {
	[CASE_EV_ACCEPT] = { "accept", "受理" },
	[CASE_EV_REJECT] = { "reject", "不予受理" },
	[CASE_EV_ASSESS] = { "assess", "核查评估" },
	[CASE_EV_START_CARE] = { "start_care", "开始处置" },
	[CASE_EV_FOLLOW_UP] = { "follow_up", "跟踪回访" },
	[CASE_EV_REQUEST_CLOSE] = { "request_close", "申请结案" },
	[CASE_EV_APPROVE_CLOSE] = { "approve_close", "批准结案" },
	[CASE_EV_RETURN] = { "return", "退回" },
	[CASE_EV_TRANSFER] = { "transfer", "移送" },
	[CASE_EV_ACCEPT_TRANSFER] = { "accept_transfer", "接收移送" },
	[CASE_EV_REOPEN] = { "reopen", "重新启动" },
	[CASE_EV_POLICE_ACCEPT] = { "police_accept", "公安受案" },
};

const char *
case_state_code(enum case_state s)
{
	return (unsigned)s < CASE_STATE__MAX ? states[s].code : "";
}

const char *
case_state_title(enum case_state s)
{
	return (unsigned)s < CASE_STATE__MAX ? states[s].title : "";
}

enum case_state
case_state_parse(const char *code)
{
	for (int s = 0; code && s < CASE_STATE__MAX; s++)
		if (strcmp(code, states[s].code) == 0)
			return (enum case_state)s;
	return CASE_STATE__MAX;
}

const char *
case_event_code(enum case_event e)
{
	return (unsigned)e < CASE_EVENT__MAX ? events[e].code : "";
}

const char *
case_event_title(enum case_event e)
{
	return (unsigned)e < CASE_EVENT__MAX ? events[e].title : "";
}

enum case_event
case_event_parse(const char *code)
{
	for (int e = 0; code && e < CASE_EVENT__MAX; e++)
		if (strcmp(code, events[e].code) == 0)
			return (enum case_event)e;
	return CASE_EVENT__MAX;
}

bool
case_state_open(enum case_state s)
{
	return (unsigned)s < CASE_STATE__MAX && s != CASE_CLOSED && s != CASE_REJECTED;
}

static const char *const situations[CASE_SITUATIONS + 1] = {
	NULL,
	"生殖器官或隐私部位遭受或疑似遭受非正常损伤",
	"不满十四周岁的女性未成年人遭受或疑似遭受性侵害、怀孕、流产",
	"十四周岁以上女性未成年人遭受或疑似遭受性侵害所致怀孕、流产",
	"身体存在多处损伤、严重营养不良、意识不清，存在或疑似存在家庭暴力、欺凌、虐待、殴打或被人麻醉等情形",
	"因自杀、自残、工伤、中毒、被人麻醉、殴打等非正常原因导致伤残、死亡",
	"被遗弃或长期处于无人照料状态",
	"来源不明、失踪或被拐卖、收买",
	"被组织乞讨",
	"其他严重侵害未成年人身心健康的情形或未成年人正在面临不法侵害危险",
};

const char *
case_situation_title(int n)
{
	return n >= 1 && n <= CASE_SITUATIONS ? situations[n] : NULL;
}

static const char *const risks[CASE_RISK__MAX] = { "", "低", "中", "高", "紧急" };

const char *
case_risk_title(enum case_risk r)
{
	return (unsigned)r < CASE_RISK__MAX ? risks[r] : "";
}

enum case_risk
case_risk_parse(const char *title)
{
	for (int r = CASE_RISK_LOW; title && r < CASE_RISK__MAX; r++)
		if (strcmp(title, risks[r]) == 0)
			return (enum case_risk)r;
	return CASE_RISK__MAX;
}

static const char *const police_kinds[POLICE_KIND__MAX] = { "治安", "刑事", "移送" };

const char *
police_kind_title(enum police_kind k)
{
	return (unsigned)k < POLICE_KIND__MAX ? police_kinds[k] : "";
}

enum police_kind
police_kind_parse(const char *title)
{
	for (int k = 0; title && k < POLICE_KIND__MAX; k++)
		if (strcmp(title, police_kinds[k]) == 0)
			return (enum police_kind)k;
	return POLICE_KIND__MAX;
}

void
case_rules_defaults(struct case_rules *r)
{
	*r = (struct case_rules){
		.urgent_situations = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) |
				     (1u << 9),
		.accept_minutes = { 24 * 60, 2 * 60 },
		.assess_hours = { 72, 24 },
		.care_hours = { [CASE_RISK_NONE] = 7 * 24, [CASE_RISK_LOW] = 15 * 24,
				[CASE_RISK_MEDIUM] = 7 * 24, [CASE_RISK_HIGH] = 72,
				[CASE_RISK_URGENT] = 24 },
		.follow_days = { [CASE_RISK_NONE] = 15, [CASE_RISK_LOW] = 30, [CASE_RISK_MEDIUM] = 15,
				 [CASE_RISK_HIGH] = 7, [CASE_RISK_URGENT] = 7 },
		.close_days = 5,
		.transfer_days = 3,
		.police_feedback_days = 3,
		.warn_percent = 75,
	};
}

bool
case_urgent(unsigned situations_bits, const struct case_rules *r)
{
	return (situations_bits & r->urgent_situations) != 0;
}

/* Yellow once warn_percent of [since, since + span) has passed, red at its end. */
static void
moments(int64_t since, int64_t span, int warn_percent, int64_t *yellow_at, int64_t *red_at)
{
	if (warn_percent < 0)
		warn_percent = 0;
	if (warn_percent > 100)
		warn_percent = 100;
	*red_at = since + span;
	*yellow_at = since + span * warn_percent / 100;
}

bool
case_stage_moments(const struct case_clock *c, const struct case_rules *r, int64_t *yellow_at,
		   int64_t *red_at)
{
	enum case_risk risk = (unsigned)c->risk < CASE_RISK__MAX ? c->risk : CASE_RISK_NONE;
	int u = c->urgent ? 1 : 0;
	int64_t span;

	*yellow_at = *red_at = 0;
	switch (c->state) {
	case CASE_NEW:
		span = (int64_t)r->accept_minutes[u] * 60;
		break;
	case CASE_ACCEPTED:
		span = (int64_t)r->assess_hours[u] * 3600;
		break;
	case CASE_ASSESSING:
		span = (int64_t)r->care_hours[risk] * 3600;
		break;
	case CASE_IN_CARE:
	case CASE_FOLLOW_UP:
		span = (int64_t)r->follow_days[risk] * 86400;
		break;
	case CASE_CLOSE_REQUESTED:
		span = (int64_t)r->close_days * 86400;
		break;
	case CASE_TRANSFERRING:
		span = (int64_t)r->transfer_days * 86400;
		break;
	default:
		return false;
	}
	moments(c->since, span, r->warn_percent, yellow_at, red_at);
	return true;
}

void
case_feedback_moments(int64_t police_at, const struct case_rules *r, int64_t *yellow_at,
		      int64_t *red_at)
{
	moments(police_at, (int64_t)r->police_feedback_days * 86400, r->warn_percent, yellow_at,
		red_at);
}
