// The thin progress bar at the top of the window (components/ProgressBar.vue):
// shown while something the user waits for — a page change, a list's page —
// has taken longer than DELAY_MS; quick ones never flash it.
import { ref } from 'vue'

export const DELAY_MS = 300
export const progressVisible = ref(false)

let pending = 0
let timer = null

/**
 * Counts one piece of work as under way; returns its done() (calling it more
 * than once counts once). The bar shows DELAY_MS after the first piece starts
 * if any is still under way, and hides when the last one is done.
 */
export function startProgress() {
  pending++
  if (!timer && !progressVisible.value) {
    timer = setTimeout(() => {
      timer = null
      if (pending > 0) progressVisible.value = true
    }, DELAY_MS)
  }
  let finished = false
  return () => {
    if (finished) return
    finished = true
    pending--
    if (pending > 0) return
    if (timer) clearTimeout(timer)
    timer = null
    progressVisible.value = false
  }
}
