// Issue 14's second part: a case's measures (救助措施) delivered by member
// units, 挂牌督办 of a major case and family-education orders
// (家庭教育指导令). The server decides every step (409 / 403 with its
// message); these tables only choose which buttons to show and how codes read.
import { meta, hasLabel, label } from './meta.js'
import { hasPerm, session } from './session.js'
import { lightInfo } from './plans.js'

/** The measure kinds of the default configuration (case_measure_kinds). */
const DEFAULT_MEASURE_KINDS = ['司法救助', '心理疏导', '转移安置', '经济帮扶', '法律援助', '家庭教育指导']

/** The configured measure kinds (GET /api/v1/meta → measure_kinds), else the defaults. */
export function measureKinds() {
  const k = meta.measureKinds
  return Array.isArray(k) && k.length ? k : DEFAULT_MEASURE_KINDS
}

// A measure's states with the contract's titles (the server's labels
// measure_state, when it sends them, take precedence).
const MEASURE_STATES = {
  assigned: '待接收',
  accepted: '实施中',
  delivered: '已落实',
  closed: '已办结',
  cancelled: '已撤销',
  declined: '退回',
}
export const MEASURE_STATE_CODES = Object.keys(MEASURE_STATES)
/** The title of a measure's state: the item's state_title, the server's label, the contract's. */
export function measureStateLabel(code, title) {
  if (typeof title === 'string' && title && title !== code) return title
  if (hasLabel('measure_state', code)) return label('measure_state', code)
  return MEASURE_STATES[code] || '其他'
}
export const measureStateOptions = () => MEASURE_STATE_CODES.map((value) => ({ value, label: measureStateLabel(value) }))
const measureStateTypes = { assigned: 'danger', accepted: 'warning', delivered: 'primary', closed: 'success', cancelled: 'info', declined: 'info' }
export const measureStateType = (s) => measureStateTypes[s] || 'info'

/** A light as the lists show it: '' for none (closed, cancelled, lifted). */
export const shownLight = (l) => (l === 'red' || l === 'yellow' || l === 'green' ? l : '')
/** The three lights for a filter: [{ value, label, color }]. */
export const lightFilter = () => ['red', 'yellow', 'green'].map((value) => ({ value, ...lightInfo(value) }))

/** The reason shown beside a measure's light. */
export function measureLightReason(m) {
  const l = shownLight(m && m.light)
  if (!l) return '已落实、办结或撤销，不再计时'
  if (l === 'red') return `已超过落实期限（${m.due_on}）`
  if (l === 'yellow') return `临近落实期限（${m.due_on}）`
  return `落实期限 ${m.due_on}`
}

/** Whether the signed-in user belongs to the unit the measure is assigned to. */
export function isMeasureUnit(m) {
  const me = session.me
  return !!(m && me && me.unit && me.unit.id === m.unit_id && hasPerm('case.measure'))
}

/**
 * The steps offered on a measure: the assigned unit's (接收 / 退回 from
 * 待接收, 记录落实 from 实施中, 办结 from 已落实) and the handler's 撤销
 * (case.manage, from 待接收 or 实施中).
 */
export function measureActions(m) {
  if (!m) return []
  const out = []
  if (isMeasureUnit(m)) {
    if (m.state === 'assigned') out.push('accept', 'decline')
    if (m.state === 'accepted') out.push('deliver')
    if (m.state === 'delivered') out.push('close')
  }
  if (hasPerm('case.manage') && (m.state === 'assigned' || m.state === 'accepted')) out.push('cancel')
  return out
}
export const MEASURE_ACTION_TITLES = { accept: '接收', decline: '退回', deliver: '记录落实', close: '办结', cancel: '撤销' }

/** The case states in which measures may be assigned (the contract's). */
export const MEASURE_CASE_STATES = ['assessing', 'in_care', 'follow_up']

/** The reason shown beside a listing's light. */
export function listingLightReason(x) {
  const l = shownLight(x && x.light)
  if (!x || x.lifted_at) return '已解除督办'
  if (l === 'red') return '进展报告或督办期限已逾期'
  if (l === 'yellow') return `临近报送进展（${x.next_report_due || '—'}）`
  return `下次报送进展 ${x.next_report_due || '—'}`
}

// ---- family-education orders

/**
 * The three instruments and who issues each (家庭教育促进法 第四十九条):
 * the issuing unit's name must contain one of `issuers`.
 */
export const GUIDANCE_KINDS = [
  { value: '家庭教育指导令', issuers: ['法院'], hint: '人民法院以裁定、决定发出' },
  { value: '督促监护令', issuers: ['检察院'], hint: '人民检察院发出' },
  { value: '责令接受家庭教育指导', issuers: ['公安', '检察院', '法院'], hint: '公安机关、人民检察院、人民法院在办理案件中发出' },
]
/** The member units that may issue an order of `kind`. */
export function issuersOf(kind, units) {
  const k = GUIDANCE_KINDS.find((x) => x.value === kind)
  if (!k) return []
  return units.filter((u) => k.issuers.some((w) => (u.name || '').includes(w)))
}
const guidanceStateTitles = { active: '执行中', closed: '已结案' }
export const guidanceStateLabel = (code, title) => (typeof title === 'string' && title && title !== code ? title : guidanceStateTitles[code] || '其他')
export const guidanceStateType = (s) => (s === 'active' ? 'primary' : 'success')
export const CHECK_RESULTS = ['履行', '部分履行', '未履行']
const checkTypes = { 履行: 'success', 部分履行: 'warning', 未履行: 'danger' }
export const checkResultType = (r) => checkTypes[r] || 'info'
export const GUARDIAN_RELATIONS = ['父亲', '母亲', '祖父母', '外祖父母', '其他监护人']

/** The reason shown beside an order's light. */
export function guidanceLightReason(o) {
  const l = shownLight(o && o.light)
  if (!l) return o && o.state === 'closed' ? '已结案' : '不在指导期内'
  if (l === 'red') return `指导已逾期（应于 ${o.next_session_due} 前开展）`
  if (l === 'yellow') return `临近下次指导（${o.next_session_due}）`
  return `下次指导 ${o.next_session_due || '—'}`
}

/** "每 7 天一次" of an obligation's frequency. */
export const everyText = (d) => (d ? `每 ${d} 天一次` : '—')
