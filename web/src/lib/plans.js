// Work plans and supervised tasks（工作要点督办）: labels and display helpers
// for the codes of doc/api.md "Work plans and supervised tasks".

import { label, labelOptions, serverTitle } from './meta.js'

// Titles come from the server (GET /api/v1/meta); the tag types, colours and
// the legend's explanations are presentation and stay here, keyed by code.

const statusTypes = {
  pending: 'info',
  signed: 'primary',
  in_progress: 'primary',
  close_requested: 'warning',
  closed: 'success',
}
export const statusLabel = (s) => label('task_status', s)
export const statusType = (s) => statusTypes[s] || 'info'
/** [{ value, label }] of the task statuses, in the order of the status machine. */
export const statusOptions = () => labelOptions('task_status')

const lightStyles = {
  green: { desc: '正常', color: '#22a06b' },
  yellow: { desc: '临近期限', color: '#e6a23c' },
  red: { desc: '已逾期或未按时反馈', color: '#d93026' },
}
const NO_LIGHT = { desc: '', color: '#c0c4cc' }
/** { label, desc, color } of a light code. */
export function lightInfo(code) {
  return { label: label('light', code), ...(lightStyles[code] || NO_LIGHT) }
}
/** [{ value, label, desc, color }] of the lights, in the server's order. */
export const lightOptions = () => labelOptions('light').map((o) => ({ ...o, ...(lightStyles[o.value] || NO_LIGHT) }))

/** A timeline event's title: the server's action_title. */
export const eventTitle = (ev) => serverTitle(ev && ev.action_title, ev && ev.action, 'task_event')

/** 督办 levels (1–3): tag presentation. */
export const supervisionLevels = {
  1: { label: '一级', type: 'warning' },
  2: { label: '二级', type: 'danger' },
  3: { label: '三级', type: 'danger', effect: 'dark' },
}

export const supervisionKindLabel = (k) => label('supervision_kind', k)

/** "1.2 MB" from a byte count. */
export function fileSize(n) {
  n = Number(n)
  if (!Number.isFinite(n) || n < 0) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Plan label for selects: 文号 and title. */
export function planLabel(p) {
  return p.doc_number ? `${p.doc_number} ${p.title || ''}` : p.title || `#${p.id}`
}

/** Warning codes of the notice parser. */
export const parseWarnings = {
  unknown_unit: '未识别的责任单位（已按原文保留）',
  no_marker: '该条没有标注责任单位',
  no_units: '责任单位标注中没有单位名称',
  numbering: '序号不连续',
  no_year: '未能识别工作要点的年度',
  truncated: '提示过多，其余已省略',
  too_many_targets: '量化指标过多，其余未读取',
}

export const targetScopes = {
  county: '',
  each_town: '每个镇（街道）',
  each_village: '每个村（社区）',
  each_school: '每所学校',
}

const opSymbols = { '>=': '≥', '<=': '≤', '=': '' }

function num(v) {
  if (v === null || v === undefined || v === '') return '?'
  const n = Number(v)
  if (!Number.isFinite(n)) return String(v)
  // 3.1 stays 3.1, 25000 stays 25000 (no grouping: the figure as a target)
  return String(Math.round(n * 1e6) / 1e6)
}

function withUnit(v, unit) {
  if (!unit) return num(v)
  return unit === '%' || unit === '‰' ? `${num(v)}${unit}` : `${num(v)} ${unit}`
}

/**
 * A target as people write it: "≥ 25000 元", "5%–10%", "≤ 3 个",
 * "11 个"; the scope (每个镇（街道）) in front when it is not the whole city.
 */
export function targetText(t) {
  if (!t) return ''
  let s
  if (t.op === 'range') {
    s =
      t.unit === '%' || t.unit === '‰'
        ? `${num(t.value)}${t.unit}–${num(t.value2)}${t.unit}`
        : `${num(t.value)}–${withUnit(t.value2, t.unit)}`
  } else {
    const sym = t.op in opSymbols ? opSymbols[t.op] : t.op
    s = sym ? `${sym} ${withUnit(t.value, t.unit)}` : withUnit(t.value, t.unit)
  }
  const scope = targetScopes[t.scope]
  if (scope) s = `${scope} ${s}`
  else if (t.scope && !(t.scope in targetScopes)) {
    // a scope this page does not know: never its code
    console.warn(`weibao: no title for target scope "${t.scope}"`)
    s = `其他范围 ${s}`
  }
  return s
}

/**
 * What is wrong with a target edited in the import preview (the server's
 * rules), in Chinese, or '' when it is well formed.
 */
export function targetFault(t) {
  const v = Number(t && t.value)
  if (t.value === null || t.value === undefined || t.value === '' || !Number.isFinite(v) || v < 0) return '目标值应为不小于 0 的数'
  if (t.op === 'range') {
    const v2 = Number(t.value2)
    if (t.value2 === null || t.value2 === undefined || t.value2 === '' || !Number.isFinite(v2) || v2 <= v) return '区间的上限应大于下限'
  }
  if (!t.unit || !String(t.unit).trim()) return '请填写计量单位'
  return ''
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 1 → 一, 12 → 十二, 23 → 二十三 (section numbers). */
export function chineseNumber(n) {
  n = Number(n)
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n)
  if (n <= 10) return CN_DIGITS[n]
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return (tens > 1 ? CN_DIGITS[tens] : '') + '十' + (ones ? CN_DIGITS[ones] : '')
}

/** "2022-12-31" from a YYYY-MM-DD string, Unix seconds or milliseconds. */
export function formatDate(v) {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10)
  let d
  if (typeof v === 'number' || /^\d+$/.test(String(v))) {
    const n = Number(v)
    d = new Date(n < 1e12 ? n * 1000 : n)
  } else d = new Date(v)
  if (Number.isNaN(d.getTime())) return String(v)
  const p = (x) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Lead units and cooperating units of a parsed item (units: lead first). */
export function splitUnits(item) {
  const all = (item && item.units) || []
  const lead = (item && item.lead_units) || []
  return { lead, coop: all.filter((u) => !lead.includes(u)) }
}
