// Cases (个案, issue 14): the nine situations of mandatory reporting with
// their statutory wording, the lists the forms offer, and which events a
// case's state takes (src/core/case_flow.c, the same table). The titles of
// states and events are the server's (GET /api/v1/meta: case_state,
// case_event); the server decides every event (409 / 403 with its message).
import { reactive, watch } from 'vue'
import { label, meta } from './meta.js'
import { hasPerm, session } from './session.js'

/**
 * The nine situations (《关于建立侵害未成年人案件强制报告制度的意见（试行）》
 * 第四条), numbered 1–9 as the API takes them: { n, title (short, bold), text }.
 */
export const SITUATIONS = [
  { n: 1, title: '隐私部位非正常损伤', text: '未成年人的生殖器官或隐私部位遭受或疑似遭受非正常损伤的' },
  { n: 2, title: '不满十四周岁女性遭受性侵害', text: '不满十四周岁的女性未成年人遭受或疑似遭受性侵害、怀孕、流产的' },
  { n: 3, title: '十四周岁以上女性因性侵害怀孕、流产', text: '十四周岁以上女性未成年人遭受或疑似遭受性侵害所致怀孕、流产的' },
  {
    n: 4,
    title: '多处损伤、严重营养不良、意识不清',
    text: '未成年人身体存在多处损伤、严重营养不良、意识不清，存在或疑似存在受到家庭暴力、欺凌、虐待、殴打或者被人麻醉等情形的',
  },
  { n: 5, title: '非正常原因导致伤残、死亡', text: '未成年人因自杀、自残、工伤、中毒、被人麻醉、殴打等非正常原因导致伤残、死亡情形的' },
  { n: 6, title: '被遗弃或无人照料', text: '未成年人被遗弃或长期处于无人照料状态的' },
  { n: 7, title: '来源不明、失踪或被拐卖', text: '发现未成年人来源不明、失踪或者被拐卖、收买的' },
  { n: 8, title: '被组织乞讨', text: '发现未成年人被组织乞讨的' },
  { n: 9, title: '其他严重侵害或正面临不法侵害危险', text: '其他严重侵害未成年人身心健康的情形或未成年人正在面临不法侵害危险的' },
]

/**
 * The situations that make a report urgent at intake: the server's
 * configuration (case_urgent_situations, GET /api/v1/meta → case_rules) once
 * the labels are loaded, its default until then. Reactive, changed in place.
 */
export const URGENT_SITUATIONS = reactive([1, 2, 3, 4, 5, 9])
watch(
  () => meta.case_rules,
  (rules) => {
    const s = rules && Array.isArray(rules.urgent_situations) ? rules.urgent_situations : null
    if (s) URGENT_SITUATIONS.splice(0, URGENT_SITUATIONS.length, ...s)
  },
  { immediate: true },
)

/**
 * What GET /api/v1/cases/stats counts as overdue now ([key, title] in the
 * order shown), and the list a click on each opens (the red light of it).
 */
export const CASE_OVERDUE = [
  ['accept', '受理逾期'],
  ['assess', '评估逾期'],
  ['close', '结案逾期'],
  ['feedback', '受案反馈逾期'],
  ['follow_up', '回访逾期'],
  ['transfer', '移送接收逾期'],
  ['measures', '救助措施逾期'],
  ['listings', '督办进展逾期'],
  ['guidance', '家庭教育指导逾期'],
]
export const CASE_OVERDUE_LIST = { measures: '/measures', listings: '/listings', guidance: '/guidance' }

/** The short title of situation n ('' outside 1–9). */
export const situationTitle = (n) => (SITUATIONS[n - 1] ? SITUATIONS[n - 1].title : '')

/** The situations of a case as numbers: from an array, or from a bitmask (bit n). */
export function situationNumbers(s) {
  if (Array.isArray(s)) return s.map(Number).filter((n) => n >= 1 && n <= 9)
  if (typeof s === 'number') return SITUATIONS.map((x) => x.n).filter((n) => s & (1 << n))
  return []
}

export const RISKS = ['低', '中', '高', '紧急']
export const POLICE_KINDS = ['治安', '刑事', '移送']
const riskTypes = { 低: 'success', 中: 'warning', 高: 'danger', 紧急: 'danger' }
export const riskType = (r) => riskTypes[r] || 'info'

/** The states in the workflow's order, for the filter: [{ value, label }]. */
export const STATE_CODES = ['new', 'accepted', 'assessing', 'in_care', 'follow_up', 'close_requested', 'closed', 'rejected', 'transferring']
export const stateLabel = (s) => label('case_state', s)
export const stateOptions = () => STATE_CODES.map((value) => ({ value, label: stateLabel(value) }))
const stateTypes = {
  new: 'danger',
  accepted: 'warning',
  assessing: 'warning',
  in_care: 'primary',
  follow_up: 'primary',
  close_requested: 'warning',
  closed: 'success',
  rejected: 'info',
  transferring: 'warning',
}
export const stateType = (s) => stateTypes[s] || 'info'
export const eventLabel = (e) => label('case_event', e)

/** A reporter's status wording (已接收 / 处理中 / 已办结 / 不予受理): its tag type. */
const reportStatusTypes = { 已接收: 'warning', 处理中: 'primary', 已办结: 'success', 不予受理: 'info' }
export const reportStatusType = (s) => reportStatusTypes[s] || 'info'

// Who may take each event in each state (case_flow.c's table): H a handler
// (case.manage), O the office (case.close), R the unit a case is transferred
// to (case.manage in that unit), P the police liaison (case.police).
const FLOW = {
  new: { accept: 'H', reject: 'H', transfer: 'H' },
  accepted: { assess: 'H', transfer: 'H' },
  assessing: { assess: 'H', start_care: 'H', request_close: 'H', transfer: 'H' },
  in_care: { assess: 'H', follow_up: 'H', request_close: 'H' },
  follow_up: { assess: 'H', follow_up: 'H', request_close: 'H' },
  close_requested: { approve_close: 'O', return: 'O' },
  closed: { reopen: 'O' },
  rejected: { reopen: 'O' },
  transferring: { accept_transfer: 'R', return: 'RO' },
}
const OPEN = (s) => s !== 'closed' && s !== 'rejected'

/**
 * What each event asks for, in its dialog: reason (required, its title),
 * note (optional, its title: sent as the reason), risk and assessment,
 * unit, police (the police's handling).
 */
export const EVENT_NEEDS = {
  reject: { reason: '不予受理的理由', hint: '将告知报告人' },
  assess: { risk: true, assessment: true },
  request_close: { reason: '结案小结' },
  approve_close: { note: '告知报告人的处理结果', hint: '报告人在“我的报告”中可见，请勿填写儿童和家庭的个人信息' },
  return: { reason: '退回理由' },
  transfer: { unit: true, reason: '移送理由' },
  reopen: { reason: '重新启动的理由' },
  police_accept: { police: true },
  police_feedback: { note: '反馈情况' },
}

/** The structured assessment (POST …/events "assessment"): its parts. */
export const ASSESSMENT_FIELDS = [
  { key: 'harm', label: '核查情况', required: true, placeholder: '核查到的侵害事实、儿童目前的身心状况' },
  { key: 'guardian', label: '监护情况', required: false, placeholder: '监护人履职情况、家庭支持' },
  { key: 'plan', label: '处置建议', required: false, placeholder: '需要采取的保护和救助措施' },
]

/** [{ label, text }] of an assessment object (its known parts first). */
export function assessmentParts(a) {
  if (!a || typeof a !== 'object') return []
  const out = []
  for (const f of ASSESSMENT_FIELDS) if (typeof a[f.key] === 'string' && a[f.key]) out.push({ label: f.label, text: a[f.key] })
  for (const [k, v] of Object.entries(a)) {
    if (ASSESSMENT_FIELDS.some((f) => f.key === k) || k === 'police_kind' || typeof v !== 'string' || !v) continue
    out.push({ label: '其他', text: v })
  }
  return out
}

/**
 * The events the signed-in user is offered on case c (the buttons), in the
 * workflow's order, from its state and the user's permissions (the same
 * table as the server's; the server still decides each one).
 */
export function caseActions(c) {
  if (!c) return []
  const who = new Set()
  if (hasPerm('case.manage')) who.add('H')
  if (hasPerm('case.close')) who.add('O')
  const me = session.me
  if (hasPerm('case.manage') && me && me.unit && c.transfer_unit && c.transfer_unit.id === me.unit.id) who.add('R')
  const out = Object.entries(FLOW[c.state] || {})
    .filter(([, by]) => [...by].some((x) => who.has(x)))
    .map(([e]) => e)
  if (hasPerm('case.police') && OPEN(c.state) && !c.police_at) out.push('police_accept')
  if (hasPerm('case.police') && c.police_at && !c.feedback_done_at) out.push('police_feedback')
  return out
}

/** The button type of an event (the forward steps primary, the refusals plain). */
const eventTypes = { reject: 'danger', return: 'warning', transfer: 'default', reopen: 'warning', police_accept: 'default', police_feedback: 'default' }
export const eventButtonType = (e) => eventTypes[e] || 'primary'

/** "乌镇镇 · 示例村" of a case (the town and village of its child). */
export function placeText(c) {
  const v = c && c.child && c.child.village_name
  return [c && c.town_name, v].filter(Boolean).join(' · ') || '—'
}

/** The light shown for a case: none once it is closed or not accepted. */
export const caseLight = (c) => (c && OPEN(c.state) ? c.light : '')

/** The hint under a free-text field of the case forms. */
export const CASE_TEXT_HINT = '请如实填写所见所闻，勿填写与本事件无关的他人个人信息'
