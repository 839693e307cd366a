// The record a detail page shows (a case, a measure, a family-education
// order): loaded from the API when the page opens or its id changes, a 404
// said in the page's own words, and 返回 going back or to its list.
import { computed, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api } from './api.js'

/**
 * useRecord({ routeName, path, notFound, list, onRoute })
 *   path(id):  the API path of the record
 *   notFound:  the message for a 404 (not there, or not in the scope)
 *   list():    the route name 返回 goes to without a history entry
 *   onRoute(): called before each load the route causes (optional)
 * Returns { id, rec, loading, loadError, load, back }; rec is null until
 * loaded and after a failed load.
 */
export function useRecord({ routeName, path, notFound, list, onRoute }) {
  const route = useRoute()
  const router = useRouter()
  const rec = ref(null)
  const loading = ref(false)
  const loadError = ref('')
  const id = computed(() => route.params.id)

  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      rec.value = await api(path(id.value), { silent: true })
    } catch (e) {
      rec.value = null
      loadError.value = e.status === 404 ? notFound : e.message
    } finally {
      loading.value = false
    }
  }

  function back() {
    if (window.history.state && window.history.state.back) router.back()
    else router.push({ name: list() })
  }

  watch(
    () => route.params.id,
    () => {
      if (route.name !== routeName) return
      if (onRoute) onRoute()
      load()
    },
    { immediate: true },
  )
  return { id, rec, loading, loadError, load, back }
}

/** The state of a page's ActionDialog: opened by Object.assign(dlg, { title, fields, send, done, danger, open: true }). */
export const actionDialog = () => reactive({ open: false, title: '', fields: [], send: async () => {}, danger: false, done: () => {} })
