// The service-network registers (阵地台账): every register's fields come from
// GET /api/v1/facilities/types (src/core/facility.c), so no page keeps its
// own copy of a register's columns.
import { api } from './api.js'

let typesPromise = null

/**
 * The registers [{ code, title, fields: [{ header, column, kind, required, values? }] }],
 * fetched once per page load; a failed fetch is tried again next time.
 */
export function fetchFacilityTypes() {
  if (!typesPromise) {
    typesPromise = api('/api/v1/facilities/types')
      .then((r) => (r && r.items) || [])
      .catch((e) => {
        typesPromise = null
        throw e
      })
  }
  return typesPromise
}

/** The value kinds that name a division (shown by name, picked in DivisionPicker). */
export const DIVISION_KINDS = ['town', 'village', 'town_or_village', 'division']

/** The DivisionPicker level of a division kind ('' = any level). */
export function pickerLevel(kind) {
  if (kind === 'town') return 'town'
  if (kind === 'village') return 'village'
  return ''
}

const actionLabels = { create: '新增', update: '修改', delete: '删除' }

/** 新增 / 修改 / 删除 of a history entry. */
export function historyActionLabel(a) {
  return actionLabels[a] || '变更'
}

const actionTypes = { create: 'success', update: 'primary', delete: 'danger' }
export function historyActionType(a) {
  return actionTypes[a] || 'info'
}

/**
 * The columns a history entry changed: [{ column, before, after }] in the
 * register's field order (every column with a value for a creation).
 */
export function historyChanges(entry, fields) {
  const before = entry.before || {}
  const after = entry.after || {}
  const out = []
  for (const f of fields) {
    const b = before[f.column] ?? ''
    const a = after[f.column] ?? ''
    if (entry.action === 'delete') continue
    if (b !== a) out.push({ column: f.column, header: f.header, kind: f.kind, before: b, after: a })
  }
  return out
}
