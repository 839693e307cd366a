// The server's titles of every code (GET /api/v1/meta → labels), loaded once
// after sign-in (or on a reload with a session) and kept in memory. Every
// label the UI shows for a code comes from here; colours and tag types stay
// in the UI, keyed by code. A code the server gave no title for is never
// shown as it is: it reads 其他 and is logged on the console once.
import { reactive } from 'vue'
import { api } from './api.js'

/** The neutral word shown for a code without a title. */
export const OTHER = '其他'

export const meta = reactive({
  // { task_status: {code: title}, light: {…}, scope_kind: {…}, user_status: {…},
  //   permission: {…}, audit_action: {…}, audit_outcome: {…}, object_type: {…},
  //   supervision_kind: {…}, division_level: {…}, division_kind: {…}, unit_kind: {…} }
  labels: null,
  // { urgent_situations: [1, 2, 3, 4, 5, 9] } — the server's configuration
  case_rules: null,
  // the configured kinds of a case's measures (救助措施), when the server sends them
  measureKinds: null,
})

let pending = null

/**
 * Loads the labels unless they are loaded already; concurrent calls share
 * one request. Rejects with the ApiError (silently: the caller decides).
 */
export function loadMeta() {
  if (meta.labels) return Promise.resolve(meta.labels)
  if (!pending) {
    pending = api('/api/v1/meta', { silent: true, noRedirect: true })
      .then((r) => {
        meta.labels = (r && r.labels) || {}
        meta.case_rules = (r && r.case_rules) || null
        meta.measureKinds = r && Array.isArray(r.measure_kinds) ? r.measure_kinds : null
        return meta.labels
      })
      .finally(() => {
        pending = null
      })
  }
  return pending
}

export function metaLoaded() {
  return !!meta.labels
}

const warned = new Set()

function unknown(kind, code) {
  const key = `${kind}:${code}`
  if (warned.has(key)) return
  warned.add(key)
  console.warn(`weibao: no title for ${kind} "${code}"${meta.labels ? '' : ' (labels not loaded)'}`)
}

/** The server's title of a code of one kind ("task_status", "in_progress" → 办理中). */
export function label(kind, code) {
  if (code === null || code === undefined || code === '') return '—'
  const table = meta.labels && meta.labels[kind]
  const t = table && Object.prototype.hasOwnProperty.call(table, code) ? table[code] : null
  if (typeof t === 'string' && t) return t
  unknown(kind, code)
  return OTHER
}

/** Whether the server has a title for the code. */
export function hasLabel(kind, code) {
  const table = meta.labels && meta.labels[kind]
  return !!(table && Object.prototype.hasOwnProperty.call(table, code))
}

/** [{ value: code, label: title }] of one kind, in the server's order. */
export function labelOptions(kind) {
  const table = (meta.labels && meta.labels[kind]) || {}
  return Object.keys(table).map((value) => ({ value, label: table[value] }))
}

/**
 * A title the server sent inside a record (e.g. a timeline event's
 * action_title): used when it is a title, not the code echoed back.
 */
export function serverTitle(title, code, kind) {
  if (typeof title === 'string' && title && title !== code && !/^[a-z][a-z0-9_.]*$/.test(title)) return title
  unknown(kind, code)
  return OTHER
}
