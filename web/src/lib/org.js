// Divisions, units and roles: fetched once per page visit, shared by pickers.
import { api } from './api.js'
import { levelOfCode } from './labels.js'

/** "county" / "town" / "village" of a division item. */
export function divisionLevel(d) {
  if (d && ['county', 'town', 'village'].includes(d.level)) return d.level
  return levelOfCode(d && d.code)
}

/** Builds a tree from the flat list (in tree order) by parent_code. */
export function buildDivisionTree(items) {
  const byCode = new Map()
  const roots = []
  for (const d of items) byCode.set(d.code, { ...d, children: [] })
  for (const d of items) {
    const node = byCode.get(d.code)
    const parent = d.parent_code ? byCode.get(d.parent_code) : null
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

export async function fetchDivisions() {
  const r = await api('/api/v1/divisions')
  return (r && r.items) || []
}

export async function fetchUnits() {
  const r = await api('/api/v1/units')
  return (r && r.items) || []
}

export async function fetchRoles() {
  const r = await api('/api/v1/roles')
  return (r && r.items) || []
}
