// Children in difficulty and their allowances: the closed lists the forms
// offer and the filters' codes. The values are the server's own Chinese
// words (src/core/child.c, src/core/allowance.c): the API takes and gives
// them as they are, except the list's category filter, which takes a code.
import { session } from './session.js'

/** The list's category filter: [{ value: API code, label }] (GET /api/v1/children?category=). */
export const CATEGORY_FILTERS = [
  { value: 'orphan', label: '孤儿' },
  { value: 'de_facto', label: '事实无人抚养儿童' },
  { value: 'left_behind', label: '留守儿童' },
  { value: 'difficulty', label: '困境儿童' },
  { value: 'disabled', label: '残疾儿童' },
]
export const CATEGORY_CODES = CATEGORY_FILTERS.map((c) => c.value)

/** The main categories a child or an allowance standard can have, in the server's order. */
export const CATEGORIES = CATEGORY_FILTERS.map((c) => c.label)

const categoryTypes = { 孤儿: 'danger', 事实无人抚养儿童: 'warning', 留守儿童: 'primary', 困境儿童: 'success', 残疾儿童: 'info' }
/** The tag type of a category's tag. */
export const categoryType = (c) => categoryTypes[c] || 'info'

/** A parent's status (closed list, DOMAIN.md "Children"). */
export const PARENT_STATUSES = [
  '正常',
  '死亡',
  '宣告死亡',
  '宣告失踪',
  '查找不到',
  '残疾',
  '重病',
  '服刑在押',
  '强制隔离戒毒',
  '其他限制人身自由',
  '失联',
  '被撤销监护资格',
  '被遣送出境',
  '外出务工',
]
export const PARENTS = ['父亲', '母亲']
export const DISABILITY_KINDS = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重']
/** [{ value, label }] of a disability's grade (the API takes 1–4). */
export const GRADES = [
  { value: '1', label: '一级' },
  { value: '2', label: '二级' },
  { value: '3', label: '三级' },
  { value: '4', label: '四级' },
]
export const gradeText = (g) => (g >= 1 && g <= 4 ? GRADES[g - 1].label : '')
/** 安置方式, 户籍类型 and 家庭经济 of a child. */
export const PLACEMENTS = ['家庭', '亲属抚养', '机构集中养育', '家庭寄养']
export const HOUSEHOLDS = ['农业', '非农业']
export const ECONOMIES = ['低保', '低边', '特困']
/** 供养方式 of an allowance standard. */
export const SUPPORT_MODES = ['集中供养', '社会散居']

// the child's history: what kind of change each line is
const historyActions = {
  create: ['登记', 'success'],
  categories: ['类别变化', 'warning'],
  status: ['父母状况', 'primary'],
  update: ['信息修改', 'primary'],
  transfer: ['转移', 'primary'],
  purge: ['按期删减', 'info'],
}
export const childHistoryLabel = (a) => (historyActions[a] ? historyActions[a][0] : '其他')
export const childHistoryType = (a) => (historyActions[a] ? historyActions[a][1] : 'info')

/** Whether the signed-in user's scope is the whole county (standards, approving). */
export function countyWide() {
  const s = session.me && session.me.scope
  return !!(s && s.kind === 'county')
}

/** "2026-12" of today in China. */
export function thisMonth() {
  return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 7)
}

/** "1,950.00 元" of the API's "1950.00". */
export function yuanText(amount) {
  if (amount === null || amount === undefined || amount === '') return '—'
  const n = Number(amount)
  if (Number.isNaN(n)) return String(amount)
  return `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`
}

/** The hint under a free-text field of a child's forms. */
export const PII_HINT = '请勿在此填写他人姓名、身份证号等个人信息'
