// A list page whose filters live in the URL: the filters read from the
// route's query, 查询 writes them back (router.replace) and loads page one,
// a change of the URL (back, a link) reads them again; useList does the
// paging and the export. One piece for MeasuresView, GuidanceView,
// ListingsView and CasesView.
import { onMounted, reactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useList } from './useList.js'

/** A query value as a string ('' for none, an array or a number). */
export const str = (v) => (typeof v === 'string' ? v : '')

/** v when it is one of `allowed`, else `fallback`. */
export const oneOf = (v, allowed, fallback = '') => (allowed.includes(str(v)) ? str(v) : fallback)

/** The codes of the three lights, as the list filters take them. */
export const LIGHT_CODES = ['red', 'yellow', 'green']

/** The non-empty filters named by `keys`, as a query object. */
export function pickQuery(f, keys) {
  const q = {}
  for (const k of keys) if (f[k]) q[k] = f[k]
  return q
}

/**
 * useListPage(path, { routeName, fromQuery, toQuery, apiQuery, exportName })
 *   fromQuery(q): the filters from a route query (every key, defaults for
 *                 what is missing or wrong; fromQuery({}) is the reset)
 *   toQuery(f):   the filters as the URL's query
 *   apiQuery(f):  the filters as the API's query (default: toQuery)
 * Returns { filters (reactive), list (useList), submit, resetFilters };
 * loads the first page when the page is mounted.
 */
export function useListPage(path, { routeName, fromQuery, toQuery, apiQuery = toQuery, exportName }) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(fromQuery(route.query))
  const keys = Object.keys(fromQuery({}))
  const sameQuery = (a, b) => keys.every((k) => str(a[k]) === str(b[k]))
  const list = useList(path, { params: () => apiQuery(filters), exportName })

  function submit() {
    const q = toQuery(filters)
    if (!sameQuery(q, route.query)) router.replace({ query: q })
    list.search()
  }
  function resetFilters() {
    Object.assign(filters, fromQuery({}))
    submit()
  }
  watch(
    () => route.query,
    (q) => {
      if (route.name !== routeName || sameQuery(q, toQuery(filters))) return
      Object.assign(filters, fromQuery(q))
      list.search()
    },
  )
  onMounted(() => list.search())
  return { filters, list, submit, resetFilters }
}
