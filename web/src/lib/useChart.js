// The life of one ECharts chart in a component: drawn on mount at the
// height given, redrawn (new height, option replaced) when `source`
// changes, resized with the window, disposed on unmount. The component
// registers the ECharts pieces it uses (echarts.use) itself.
import { onBeforeUnmount, onMounted, watch } from 'vue'
import { init } from 'echarts/core'

/**
 * useChart(el, { option, height, source, onInit })
 *   el:     the ref of the chart's element
 *   option: () => the ECharts option
 *   height: a computed of the height in px
 *   source: what a watch follows (a getter)
 *   onInit: (chart) => void, once after the first draw (e.g. click handlers)
 */
export function useChart(el, { option, height, source, onInit }) {
  let chart = null
  const resize = () => {
    if (chart) chart.resize()
  }
  onMounted(() => {
    el.value.style.height = `${height.value}px`
    chart = init(el.value)
    chart.setOption(option())
    if (onInit) onInit(chart)
    window.addEventListener('resize', resize)
  })
  watch(source, () => {
    if (!chart) return
    el.value.style.height = `${height.value}px`
    chart.resize()
    chart.setOption(option(), true)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize)
    if (chart) chart.dispose()
  })
}
