// Server-side paged list: page, per_page, sort, order and filters go to the
// API; the same filters (without paging) go to <path>/export.xlsx.
import { ref, shallowRef } from 'vue'
import { api, download } from './api.js'
import { startProgress } from './progress.js'

/**
 * useList(path, { params, defaultSort, exportName })
 *   params():    the current filters as API query parameters
 *   defaultSort: { prop, order: 'asc'|'desc' } or null (server default)
 */
export function useList(path, { params = () => ({}), defaultSort = null, exportName = '导出.xlsx' } = {}) {
  const items = shallowRef([])
  const total = ref(0)
  const page = ref(1)
  const perPage = ref(20)
  const sort = ref(defaultSort ? defaultSort.prop : '')
  const order = ref(defaultSort ? defaultSort.order : '')
  const loading = ref(false)
  const exporting = ref(false)
  // the Chinese message of the last failed load ('' after a good one)
  const error = ref('')
  let seq = 0
  // the page and size of the rows shown (a failed load goes back to them)
  let shown = { page: 1, perPage: 20 }

  function filterQuery() {
    const q = { ...params() }
    if (sort.value) {
      q.sort = sort.value
      q.order = order.value || 'asc'
    }
    return q
  }

  /**
   * Loads the current page. A failed load (its message shown by api()) keeps
   * the rows, the total and the pager of the last good one, so the pager never
   * counts rows that are not shown; `error` holds the message until a load works.
   */
  async function load() {
    const mine = ++seq
    loading.value = true
    const done = startProgress()
    try {
      const r = await api(path, { query: { ...filterQuery(), page: page.value, per_page: perPage.value } })
      if (mine !== seq) return
      items.value = (r && r.items) || []
      total.value = r && typeof r.total === 'number' ? r.total : items.value.length
      shown = { page: page.value, perPage: perPage.value }
      error.value = ''
    } catch (e) {
      if (mine !== seq) return
      error.value = (e && e.message) || '加载失败，请稍后重试'
      page.value = shown.page
      perPage.value = shown.perPage
    } finally {
      done()
      if (mine === seq) loading.value = false
    }
  }

  function search() {
    page.value = 1
    return load()
  }

  /** el-table @sort-change */
  function onSortChange({ prop, order: o }) {
    sort.value = o ? prop : ''
    order.value = o === 'ascending' ? 'asc' : o === 'descending' ? 'desc' : ''
    page.value = 1
    load()
  }

  /** el-table :default-sort */
  function tableSort() {
    if (!sort.value) return undefined
    return { prop: sort.value, order: order.value === 'desc' ? 'descending' : 'ascending' }
  }

  function onPageChange(p) {
    page.value = p
    load()
  }

  function onSizeChange(n) {
    perPage.value = n
    page.value = 1
    load()
  }

  async function exportXlsx() {
    exporting.value = true
    try {
      await download(`${path}/export.xlsx`, filterQuery(), exportName)
    } catch {
      /* the wrapper showed the message */
    } finally {
      exporting.value = false
    }
  }

  return {
    items,
    total,
    page,
    perPage,
    sort,
    order,
    loading,
    exporting,
    error,
    load,
    search,
    onSortChange,
    tableSort,
    onPageChange,
    onSizeChange,
    exportXlsx,
  }
}
