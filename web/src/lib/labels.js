// Chinese labels for the codes the API uses.

export const scopeKinds = [
  { value: 'county', label: '全市' },
  { value: 'town', label: '镇（街道）' },
  { value: 'village', label: '村（社区）' },
  { value: 'unit', label: '本单位' },
  { value: 'own', label: '仅本人' },
]

/** "全市", "乌镇镇", "本单位", … — the scope part of "市未保办 · 全市". */
export function scopeText(scope) {
  if (!scope) return '—'
  switch (scope.kind) {
    case 'county':
      return '全市'
    case 'town':
    case 'village':
      return scope.division_name || scope.division_code || '—'
    case 'unit':
      return '本单位'
    case 'own':
      return '仅本人'
    default:
      return scope.kind || '—'
  }
}

export function scopeKindLabel(kind) {
  const k = scopeKinds.find((s) => s.value === kind)
  return k ? k.label : kind
}

export const divisionKinds = {
  county: '县（市）',
  city: '市',
  district: '区',
  town: '镇',
  street: '街道',
  township: '乡',
  village: '村',
  community: '社区',
}

export const kindsByLevel = {
  county: ['county', 'city', 'district'],
  town: ['town', 'street', 'township'],
  village: ['village', 'community'],
}

export const levelNames = { county: '县级', town: '乡级（镇、街道）', village: '村级（村、社区）' }

/** Level implied by a division code's length (6, 9 or 12 digits). */
export function levelOfCode(code) {
  if (/^\d{6}$/.test(code)) return 'county'
  if (/^\d{9}$/.test(code)) return 'town'
  if (/^\d{12}$/.test(code)) return 'village'
  return null
}

export const unitKinds = {
  office: '办公室',
  party: '党委部门',
  government: '政府部门',
  mass_org: '群团组织',
  judicial: '司法机关',
  school: '学校',
  institution: '事业单位',
  other: '其他',
}

export const userStatus = {
  active: { label: '正常', type: 'success' },
  disabled: { label: '已停用', type: 'info' },
  locked: { label: '已锁定', type: 'danger' },
}

// audit outcomes: the server derives them from the answer's status
export const outcomes = {
  ok: { label: '成功', type: 'success' },
  unauthenticated: { label: '未登录/认证失败', type: 'danger' },
  denied: { label: '拒绝', type: 'danger' },
  not_found: { label: '不存在', type: 'warning' },
  conflict: { label: '冲突', type: 'warning' },
  locked: { label: '账号锁定', type: 'danger' },
  throttled: { label: '次数过多', type: 'danger' },
  invalid: { label: '输入有误', type: 'warning' },
  error: { label: '出错', type: 'danger' },
}

/** Audit actions (route table of the server); unknown ones show their code. */
export const auditActions = {
  'system.init': '系统初始化',
  'session.create': '登录',
  'session.delete': '退出登录',
  'me.password': '修改本人密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.export': '导出用户',
  'role.create': '新建角色',
  'role.update': '修改角色',
  'role.export': '导出角色',
  'division.create': '新增区划',
  'division.update': '修改区划',
  'division.export': '导出区划',
  'division.import': '导入区划',
  'unit.create': '新增成员单位',
  'unit.update': '修改成员单位',
  'unit.export': '导出成员单位',
  'unit.import': '导入成员单位',
  'audit.export': '导出审计日志',
  'pii.reveal': '查看完整个人信息',
}

export const objectTypes = {
  user: '用户',
  role: '角色',
  division: '行政区划',
  unit: '成员单位',
  session: '会话',
  audit: '审计日志',
  system: '系统',
}
