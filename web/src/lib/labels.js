// Chinese labels for the codes the API uses: the titles are the server's
// (GET /api/v1/meta, see meta.js); only presentation (tag types, which codes
// a form offers) is decided here.
import { label, labelOptions } from './meta.js'

/** The scope kinds a user can be given (the server refuses the others). */
const ASSIGNABLE_SCOPES = ['county', 'town', 'village', 'unit', 'own', 'institution']

/**
 * [{ value, label }] of the scope kinds offered in the user form;
 * `institution` (an institution's HR, 入职查询) only when `withInstitution`.
 */
export function scopeKindOptions(withInstitution = false) {
  return ASSIGNABLE_SCOPES.filter((k) => withInstitution || k !== 'institution').map((value) => ({ value, label: label('scope_kind', value) }))
}

/** "全市", "乌镇镇", "本单位", … — the scope part of "市未保办 · 全市". */
export function scopeText(scope) {
  if (!scope || !scope.kind) return '—'
  if ((scope.kind === 'town' || scope.kind === 'village') && (scope.division_name || scope.division_code))
    return scope.division_name || scope.division_code
  return label('scope_kind', scope.kind)
}

export function scopeKindLabel(kind) {
  return label('scope_kind', kind)
}

/** The division kinds that fit each level (which the form offers). */
export const kindsByLevel = {
  county: ['county', 'city', 'district'],
  town: ['town', 'street', 'township'],
  village: ['village', 'community'],
}

export const divisionKindLabel = (kind) => label('division_kind', kind)
export const divisionKindOptions = () => labelOptions('division_kind')
export const levelLabel = (level) => label('division_level', level)

/** Level implied by a division code's length (6, 9 or 12 digits). */
export function levelOfCode(code) {
  if (/^\d{6}$/.test(code)) return 'county'
  if (/^\d{9}$/.test(code)) return 'town'
  if (/^\d{12}$/.test(code)) return 'village'
  return null
}

export const unitKindLabel = (kind) => label('unit_kind', kind)
export const unitKindOptions = () => labelOptions('unit_kind')

const userStatusTypes = { active: 'success', disabled: 'info' }
export const userStatusLabel = (s) => label('user_status', s)
export const userStatusType = (s) => userStatusTypes[s] || 'info'
export const userStatusOptions = () => labelOptions('user_status')

// audit outcomes: the server derives them from the answer's status
const outcomeTypes = {
  ok: 'success',
  unauthenticated: 'danger',
  denied: 'danger',
  not_found: 'warning',
  conflict: 'warning',
  too_large: 'warning',
  locked: 'danger',
  throttled: 'danger',
  invalid: 'warning',
  error: 'danger',
}
export const outcomeLabel = (o) => label('audit_outcome', o)
export const outcomeType = (o) => outcomeTypes[o] || 'info'

export const auditActionLabel = (a) => label('audit_action', a)
export const auditActionOptions = () => labelOptions('audit_action')
export const objectTypeLabel = (t) => label('object_type', t)
export const objectTypeOptions = () => labelOptions('object_type')

export const permissionLabel = (p) => label('permission', p)
