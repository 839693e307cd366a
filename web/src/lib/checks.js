// 入职查询 (background checks): what the pages share. The results and the
// registry's categories are the server's own Chinese words (无记录, 有记录,
// 无效; 性侵害, …), shown as they come; only their colours are decided here.
import { api } from './api.js'

/** The three results of a roster row, in the order a summary names them. */
export const RESULTS = ['有记录', '无记录', '无效']

const resultTypes = { 无记录: 'success', 有记录: 'danger', 无效: 'warning' }
/** The tag type of a result (无记录 green, 有记录 red, 无效 amber). */
export const resultType = (r) => resultTypes[r] || 'info'

/** "87.5%" of the API's percent (one decimal), "—" when there is no staff to count. */
export function coverageText(v) {
  if (v === null || v === undefined || v === '') return '—'
  const n = Number(v)
  return Number.isNaN(n) ? '—' : `${n.toFixed(1)}%`
}

/** The tag type of a coverage: full green, ≥ 90 % amber, below red; none info. */
export function coverageType(v) {
  if (v === null || v === undefined || v === '') return 'info'
  const n = Number(v)
  if (n >= 100) return 'success'
  return n >= 90 ? 'warning' : 'danger'
}

/** The file's media type for a raw upload (the server tells them apart by content too). */
export function uploadType(file) {
  return /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv'
}

/**
 * The rows an import or run refused, from an answer or an ApiError:
 * [{ row, column, message }] whether the server put them in `rejected` (the
 * registry import), in `problems` or in error.problems (`reason`).
 */
export function refusedRows(x) {
  if (!x) return []
  const list = (Array.isArray(x.rejected) && x.rejected) || (Array.isArray(x.problems) && x.problems) || (x.body && Array.isArray(x.body.rejected) && x.body.rejected) || []
  return list.map((p) => ({ row: p.row || 0, column: p.column || '', message: p.message || p.reason || '' }))
}

/**
 * The institutions the caller may check ([{ id, name, type, type_name, town,
 * staff, covered, due, coverage }]); `q` narrows by name. Rejects with the
 * ApiError (shown unless silent).
 */
export async function fetchInstitutions(q = '', type = '') {
  const r = await api('/api/v1/checks/institutions', { query: { q, type } })
  return (r && r.items) || []
}
