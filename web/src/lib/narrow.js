// Whether the screen is narrow (a phone, ≤ 768 px): the layout then hides
// the side menu behind a button, forms and lists stack.
import { ref } from 'vue'

const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(max-width: 768px)') : null

export const narrow = ref(!!(mq && mq.matches))

if (mq) mq.addEventListener('change', (e) => (narrow.value = e.matches))
