// Contrast of text on the ledger (run by run.sh): `.muted` text, primary
// buttons (at rest and hovered) and every el-tag variant shown must reach
// 4.5:1 against what is behind them (WCAG AA), computed from
// getComputedStyle. Independent of the other files: it imports a notice of
// its own whose five tasks fall to 市财政局 (a unit no other file acts for:
// plan.test.mjs opens 市民政局's tasks by item number) and are put by the API
// in five states — 待签收 (info), 已签收 (primary), 申请办结 (warning), 已办结
// (success) and 退回 (the danger mark) — and looks as that unit's liaison, on
// a desktop (the table) and on a phone (the cards).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, gotoLogin, launch, planWithLiaison, shot, submitLogin } from './lib.mjs'

const UNIT = '市财政局'
const run = Date.now().toString(36).slice(-5)
const ITEMS = [1, 2, 3, 4, 5].map((i) => `开展第${run}轮对比度测试第${i}项工作`)

let b
let page
let setup

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

/**
 * In the page: for every element matching `selector` that is shown, its text
 * colour, the colour behind it (the ancestors' backgrounds composited, over
 * white) and their contrast ratio. Resolves with [{ what, text, fg, bg, ratio }].
 */
function contrasts(selector) {
  return page.evaluate((sel) => {
    const parse = (s) => {
      const m = /rgba?\(([^)]+)\)/.exec(s)
      if (!m) return null
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number)
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }
    }
    const over = (top, below) => ({
      r: top.r * top.a + below.r * (1 - top.a),
      g: top.g * top.a + below.g * (1 - top.a),
      b: top.b * top.a + below.b * (1 - top.a),
      a: 1,
    })
    const background = (el) => {
      const layers = []
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor)
        if (c && c.a > 0) {
          layers.push(c)
          if (c.a >= 1) break
        }
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 }
      for (const l of layers.reverse()) bg = over(l, bg)
      return bg
    }
    const lum = (c) => {
      const f = (v) => {
        v /= 255
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
      }
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
    }
    const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')
    const out = []
    for (const el of document.querySelectorAll(sel)) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue
      const text = (el.innerText || '').trim()
      if (!text) continue
      const bg = background(el)
      const fg = over(parse(getComputedStyle(el).color), bg)
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x)
      out.push({ what: el.className, text: text.slice(0, 20), fg: hex(fg), bg: hex(bg), ratio: (hi + 0.05) / (lo + 0.05) })
    }
    return out
  }, selector)
}

async function assertContrast(selector, what, { atLeast = 1 } = {}) {
  const found = await contrasts(selector)
  assert.ok(found.length >= atLeast, `only ${found.length} ${what} on the page (${selector})`)
  for (const c of found) assert.ok(c.ratio >= 4.5, `${what} 「${c.text}」 ${c.fg} on ${c.bg}: ${c.ratio.toFixed(2)}:1, below 4.5:1`)
  return found
}

test('admin imports a notice and the API puts its five tasks in five states', async () => {
  const admin = await apiClient('admin', ADMIN_PASSWORD)
  setup = await planWithLiaison(admin, { year: 2030, unit: UNIT, items: ITEMS, tag: 'contrast' })
  const liaison = await apiClient(setup.liaison.login, setup.liaison.password)
  const id = (n) => setup.tasks[n].id
  const ok = async (p, want = 200) => assert.equal((await p).status, want)
  for (const n of [2, 3, 4, 5]) await ok(liaison('POST', `/api/v1/tasks/${id(n)}/sign`, {}))
  for (const n of [3, 4, 5]) await ok(liaison('POST', `/api/v1/tasks/${id(n)}/request-close`, {}))
  await ok(admin('POST', `/api/v1/tasks/${id(4)}/accept`, {}))
  await ok(admin('POST', `/api/v1/tasks/${id(5)}/return`, { reason: `请补充材料 ${run}` }))
})

for (const [w, h] of [
  [1440, 900],
  [390, 844],
]) {
  test(`text on the ledger reaches 4.5:1 at ${w}×${h}`, async () => {
    await page.setViewportSize({ width: w, height: h })
    await gotoLogin(page)
    await submitLogin(page, setup.liaison.login, setup.liaison.password)
    await page.locator('[data-test=topbar-user]').waitFor()
    await page.goto(`${BASE}/#/tasks?q=${encodeURIComponent(`第${run}轮对比度测试`)}`)
    const rows = w < 768 ? page.locator('[data-test=task-card]') : page.locator('[data-test=tasks-table] .el-table__row')
    await rows.nth(4).waitFor()
    await page.mouse.move(0, 0)
    await page.waitForTimeout(400)

    await assertContrast('#main .muted', 'muted text')
    const primary = await assertContrast('#main .el-button--primary:not(.is-disabled):not(.is-link)', 'a primary button')
    assert.ok(primary.some((c) => c.text.includes('查询')), 'the 查询 button was not checked')
    const tags = await assertContrast('#main .el-tag', 'a tag', { atLeast: 6 })
    // every kind of tag the ledger shows was among them
    const kinds = await page.locator('#main .el-tag').evaluateAll((els) => [
      ...new Set(els.map((e) => [...e.classList].filter((c) => /^el-tag--(primary|success|warning|danger|info|plain|light|dark)$/.test(c)).sort().join(' '))),
    ])
    for (const k of ['el-tag--danger el-tag--plain', 'el-tag--info el-tag--light', 'el-tag--light el-tag--primary', 'el-tag--light el-tag--success', 'el-tag--light el-tag--warning'])
      assert.ok(kinds.includes(k), `no ${k} tag on the ledger (${kinds.join(', ')})`)
    for (const want of ['待签收', '已签收', '申请办结', '已办结', '退回', '牵头']) assert.ok(tags.some((t) => t.text === want), `the tag ${want} was not checked`)

    // a primary button hovered stays readable
    const query = page.locator('#main .el-button--primary', { hasText: '查询' })
    await query.hover()
    await page.waitForTimeout(300)
    const hovered = (await contrasts('#main .el-button--primary')).find((c) => c.text.includes('查询'))
    assert.ok(hovered.ratio >= 4.5, `查询 hovered: ${hovered.fg} on ${hovered.bg}, ${hovered.ratio.toFixed(2)}:1`)
    await page.mouse.move(0, 0)
    await shot(page, `contrast-${w}-ledger`)
    await page.context().clearCookies()
  })
}

test('no script errors', () => {
  assert.deepEqual(b.errors, [])
})
