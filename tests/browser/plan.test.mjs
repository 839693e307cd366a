// 工作要点督办 in the browser against a real server (run by run.sh; WEIBAO_URL
// and WEIBAO_ADMIN_PASSWORD come from it). Independent of ui.test.mjs: it
// creates its own liaison user through the API. The steps share one browser
// and build on each other, in order:
//   admin imports the 2022 work plan (27 items) through 工作要点导入 → the
//   ledger; a 市民政局 liaison signs for a task and reports progress, and asks
//   to close another; admin sees the first task 办理中 with the report in its
//   timeline and returns the second one.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, apiClient, BASE, launch, menuTexts, shot, signIn, signOut } from './lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')

/** The notice: the repository's test copy, else CI's shared/ beside the repository. */
function noticePath(name) {
  const candidates = [join(repo, 'tests', 'data', 'notices', name), join(repo, '..', 'shared', 'data', name)]
  const p = candidates.find((c) => existsSync(c))
  assert.ok(p, `no ${name} in ${candidates.join(' or ')}`)
  return p
}

const NOTICE = noticePath('tongxiang-2022-workplan.txt')
const GB_NOTICE = join(repo, 'tests', 'data', 'notices', 'gb18030-fullwidth-arabic.txt')
const DOC_NUMBER = '桐未工委办〔2022〕2号'
const UNIT = '市民政局'
// a login of its own on every run, so that a re-run on the same server works
const suffix = Date.now().toString(36).slice(-5)
const LIAISON = { login: `mzj.liaison.${suffix}`, name: '民政局联络员', password: 'Qiao-Shui-2024-tongxiang' }
const REPORT = `已完成全市 11 个镇（街道）未保站挂牌，正在规范运行。（${suffix}）`
const CLOSE_NOTE = `申请办结说明 ${suffix}`
const RETURN_REASON = `请补充各未保站运行台账 ${suffix}`

let b
let page
let planId = null
let reported = null // { id, item_number } of the task signed and reported on
let closing = null // the task the liaison asks to close

/** A signed-in API client (fetch with the session cookie and CSRF token). */

/** Clicks a button inside the visible ElMessageBox. */
async function confirmBox(name) {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

/** A screenshot of a long page: the main area scrolls inside the layout, so
 * the viewport is made taller for the shot. */
async function tallShot(name, height) {
  const vp = page.viewportSize()
  await page.setViewportSize({ width: vp.width, height })
  try {
    await shot(page, name)
  } finally {
    await page.setViewportSize(vp)
  }
}

function drawer() {
  return page.locator('.el-drawer').filter({ visible: true })
}

async function openLedger(query) {
  await page.goto(`${BASE}/#/tasks${query ? `?${query}` : ''}`)
  await page.locator('[data-test=tasks-table] .el-table__row').first().waitFor()
}

/** Opens the detail drawer of the ledger row for item n of the unit, in the
 * ledger of this plan (other test files' plans give the unit items of the
 * same numbers). */
async function openTask(n) {
  if (!new URL(page.url()).hash.includes(`plan_id=${planId}`)) await openLedger(`plan_id=${planId}`)
  const row = page.locator('[data-test=tasks-table] .el-table__row', { hasText: `第 ${n} 条` }).filter({ hasText: UNIT })
  await row.first().waitFor()
  await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/tasks\/\d+$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET'),
    row.first().locator('.item-link').click(),
  ])
  await drawer().waitFor()
  await page.waitForTimeout(300)
  return drawer()
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

test('admin sees the 工作要点督办 menu group', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  const menu = await menuTexts(page)
  for (const m of ['工作要点', '任务台账', '工作要点导入']) assert.ok(menu.includes(m), `menu lacks ${m}: ${menu.join(',')}`)
  // (the 阵地与队伍 group follows it)
  assert.match(await page.locator('.side-menu [data-test=menu-group]').first().innerText(), /工作要点督办/)
})

test('a GB18030 .txt file is read in the browser and previewed', async () => {
  await page.locator('[data-test=menu-plan-import]').click()
  await page.waitForURL(/#\/plans\/import/)
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plans/parse') && r.status() === 200),
    page.locator('input[type=file]').setInputFiles(GB_NOTICE),
  ])
  await page.getByText('（GB18030）').waitFor()
  const preview = page.locator('[data-test=plan-preview]')
  await preview.waitFor()
  assert.equal((await preview.locator('[data-test=preview-doc-number]').innerText()).trim(), '桐未工委办〔2023〕1号')
  assert.match(await page.locator('textarea[data-test=plan-text]').inputValue(), /未成年人保护工作要点/)
  await page.getByRole('button', { name: '清空' }).click()
  await preview.waitFor({ state: 'hidden' })
})

test('admin previews the 2022 work plan: 27 items, units and targets', async () => {
  const text = readFileSync(NOTICE, 'utf8')
  await page.locator('textarea[data-test=plan-text]').fill(text)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plans/parse')),
    page.locator('[data-test=plan-parse]').click(),
  ])
  assert.equal(res.status(), 200, `parse answered ${res.status()}: ${await res.text()}`)
  const preview = page.locator('[data-test=plan-preview]')
  await preview.waitFor()
  assert.equal((await preview.locator('[data-test=preview-doc-number]').innerText()).trim(), DOC_NUMBER)
  assert.match(await preview.locator('[data-test=preview-title]').innerText(), /2022年工作要点/)
  const rows = preview.locator('[data-test=preview-items] .el-table__body-wrapper .el-table__row')
  assert.equal(await rows.count(), 27)
  assert.match(await preview.innerText(), /共 27 条事项/)
  // item 6: the 2.5 万元 standard, as a floor in 元; item 15: a range
  assert.match(await rows.nth(5).innerText(), /≥ 25000 元/)
  assert.match(await rows.nth(14).innerText(), /5%–10%/)
  assert.match(await rows.nth(1).innerText(), new RegExp(UNIT))
  await preview.locator('.sections').waitFor()
  // a plan of a past year: the page warns and offers to archive it, ticked
  await page.locator('[data-test=plan-past-year]').waitFor()
  assert.match(await page.locator('[data-test=plan-past-year]').innerText(), /2022 年度.*办理期限已过/)
  const archive = page.locator('[data-test=plan-archived]')
  assert.match(await archive.getAttribute('class'), /is-checked/)
  await page.mouse.move(0, 0)
  await tallShot('plan-import-preview', 2400)
  // these tests run the 2022 plan as a live one (sign, report, return): untick
  await archive.click()
  assert.doesNotMatch(await archive.getAttribute('class'), /is-checked/)
})

test('saving the plan opens the ledger filtered by it', async () => {
  const save = page.locator('[data-test=plan-save]')
  let [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST'),
    save.click(),
  ])
  let replaced = false
  if (res.status() === 409) {
    replaced = true
    // imported before on this server: the page asks, and replaces on 覆盖
    ;[res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST'),
      confirmBox('覆盖'),
    ])
  }
  // 201 created; a replacement answers 200 or 201
  assert.ok(res.status() === 201 || (replaced && res.status() === 200), `POST /api/v1/plans answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
  const plan = await res.json()
  planId = plan.id
  assert.equal(plan.doc_number, DOC_NUMBER)
  await page.waitForURL(new RegExp(`#/tasks\\?plan_id=${planId}`))
  const rows = page.locator('[data-test=tasks-table] .el-table__row')
  await rows.first().waitFor()
  assert.ok((await rows.count()) > 0)
  // the lights are drawn, with their reason as the label
  const light = page.locator('[data-test=tasks-table] .task-light').first()
  assert.match(await light.getAttribute('data-light'), /^(green|yellow|red)$/)
  assert.match(await light.getAttribute('aria-label'), /^(绿灯|黄灯|红灯)：/)
  assert.match(await page.locator('.el-pagination').innerText(), /共 \d+ 条/)
  // the 2022 deadline has long passed: each open task says by how much
  assert.match(await page.locator('[data-test=task-overdue]').first().innerText(), /^逾期 \d+ 天$/)
  await shot(page, 'ledger')
})

/** Codes the API uses that must never be visible (titles are shown instead). */
const STATUS_CODES = /\b(pending|signed|in_progress|close_requested|closed|green|yellow|red)\b/
const ACTION_CODES = /\b(task|user|plan|session|audit|supervision)\.[a-z_]+\b/
const LIGHT_RANK = { green: 0, yellow: 1, red: 2 }

test('the ledger sorts by 灯色 and shows titles, never codes', async () => {
  const table = page.locator('[data-test=tasks-table]')
  const lights = () => table.locator('.el-table__body .task-light').evaluateAll((els) => els.map((e) => e.dataset.light))
  const header = table.locator('.el-table__header th', { hasText: '灯色' })
  for (const order of ['asc', 'desc']) {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/tasks?') && r.url().includes('sort=light') && r.url().includes(`order=${order}`)),
      header.locator(order === 'asc' ? '.sort-caret.ascending' : '.sort-caret.descending').click(),
    ])
    assert.equal(res.status(), 200, await res.text())
    const body = await res.json()
    await page.waitForTimeout(300)
    const shown = await lights()
    assert.deepEqual(shown, body.items.map((t) => t.light))
    const ranks = shown.map((l) => LIGHT_RANK[l])
    for (let i = 1; i < ranks.length; i++)
      assert.ok(order === 'asc' ? ranks[i - 1] <= ranks[i] : ranks[i - 1] >= ranks[i], `not in ${order} order of lights: ${shown.join(',')}`)
  }
  await shot(page, 'ledger-by-light')
  // the filters, the legend and the rows: titles only
  const text = await page.locator('#main').innerText()
  assert.doesNotMatch(text, STATUS_CODES, 'a raw status or light code on the ledger')
  assert.doesNotMatch(text, ACTION_CODES, 'a raw action code on the ledger')
  // a code without a title reads 其他: none here (tags and lights)
  for (const t of await table.locator('.el-table__body .el-tag').allInnerTexts()) assert.notEqual(t.trim(), '其他')
  for (const l of await table.locator('.el-table__body .task-light').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    assert.match(l, /^(绿灯|黄灯|红灯)：/)
  for (const t of ['绿灯', '黄灯', '红灯', '待签收']) assert.ok(text.includes(t), `the ledger lacks ${t}`)
  for (const [f, want] of [
    ['filter-status', ['待签收', '已签收', '办理中', '申请办结', '已办结']],
    ['filter-light', ['绿灯', '黄灯', '红灯']],
  ]) {
    await page.locator(`[data-test=${f}]`).click()
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).first().waitFor()
    const opts = (await page.locator('.el-select-dropdown__item').filter({ visible: true }).allInnerTexts()).map((o) => o.trim())
    assert.deepEqual(opts, want)
    await page.keyboard.press('Escape')
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).first().waitFor({ state: 'hidden' })
  }
  // back to the default order
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/tasks?') && !r.url().includes('sort=')),
    header.locator('.sort-caret.descending').click(),
  ])
})

test('the plans list shows the plan and links to its ledger', async () => {
  await page.locator('[data-test=menu-plans]').click()
  await page.waitForURL(/#\/plans$/)
  const row = page.locator('[data-test=plans-table] .el-table__row', { hasText: DOC_NUMBER })
  await row.waitFor()
  assert.match(await row.innerText(), /2022/)
  await shot(page, 'plans')
  await row.getByRole('button', { name: '查看台账' }).click()
  await page.waitForURL(new RegExp(`#/tasks\\?plan_id=${planId}`))
  await page.locator('[data-test=tasks-table] .el-table__row').first().waitFor()
})

test('the ledger filters on the server and exports the same filter', async () => {
  await page.locator('[data-test=filter-unit]').click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText(UNIT, { exact: true }).click()
  const [listRes] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/tasks?') && r.url().includes('unit_id=')),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  assert.equal(listRes.status(), 200)
  await page.waitForTimeout(300)
  const texts = await page.locator('[data-test=tasks-table] .el-table__row').allInnerTexts()
  assert.ok(texts.length > 0)
  for (const t of texts) assert.ok(t.includes(UNIT), `row not of ${UNIT}: ${t}`)

  const [download, exportRes] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.url().includes('/api/v1/tasks/export.xlsx')),
    page.getByRole('button', { name: '导出Excel' }).click(),
  ])
  assert.equal(exportRes.status(), 200)
  assert.match(exportRes.url(), new RegExp(`plan_id=${planId}`))
  assert.match(exportRes.url(), /unit_id=\d+/)
  assert.doesNotMatch(exportRes.url(), /[?&]page=/)
  const head = readFileSync(await download.path()).subarray(0, 2).toString('latin1')
  assert.equal(head, 'PK', 'the export is not an xlsx (zip) file')
})

test(`admin creates a liaison of ${UNIT} through the API`, async () => {
  const admin = await apiClient('admin', ADMIN_PASSWORD)
  const units = await admin('GET', '/api/v1/units')
  const unit = units.body.items.find((u) => u.name === UNIT)
  assert.ok(unit, `no unit ${UNIT}`)
  const r = await admin('POST', '/api/v1/users', {
    login: LIAISON.login,
    display_name: LIAISON.name,
    unit_id: unit.id,
    roles: ['unit_liaison'],
    scope_kind: 'unit',
    password: LIAISON.password,
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  // two pending tasks of the unit for the liaison: one to report on, one to close
  const tasks = await admin('GET', `/api/v1/tasks?plan_id=${planId}&unit_id=${unit.id}&status=pending&per_page=100`)
  assert.equal(tasks.status, 200, JSON.stringify(tasks.body))
  assert.ok(tasks.body.items.length >= 2, `fewer than 2 pending tasks of ${UNIT}`)
  reported = tasks.body.items[0]
  closing = tasks.body.items[1]
  await signOut(page)
})

test('the liaison sees only its unit, signs for a task and reports progress', async () => {
  assert.ok(reported, 'no task chosen')
  await signIn(page, LIAISON.login, LIAISON.password)
  const menu = await menuTexts(page)
  assert.ok(menu.includes('任务台账'), menu.join(','))
  assert.ok(!menu.includes('工作要点导入'), `liaison has 工作要点导入: ${menu.join(',')}`)
  await page.locator('[data-test=menu-tasks]').click()
  await page.waitForURL(/#\/tasks/)
  await page.locator('[data-test=tasks-table] .el-table__row').first().waitFor()
  for (const t of await page.locator('[data-test=tasks-table] .el-table__row').allInnerTexts())
    assert.ok(t.includes(UNIT), `liaison sees a task not of ${UNIT}: ${t}`)
  assert.equal(await page.locator('[data-test=filter-unit]').count(), 0)

  const d = await openTask(reported.item_number)
  assert.match(await d.locator('[data-test=task-status]').innerText(), /待签收/)
  const [signRes] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${reported.id}/sign`)),
    (async () => {
      await d.locator('[data-test=task-sign]').click()
      await confirmBox('签收')
    })(),
  ])
  assert.equal(signRes.status(), 200, await signRes.text())
  await d.locator('[data-test=task-status]', { hasText: '已签收' }).waitFor()

  // an empty report is refused in the form
  await d.locator('[data-test=task-report-submit]').click()
  await d.getByText('请填写进展情况').waitFor()
  await d.locator('textarea[data-test=task-report-text]').fill(REPORT)
  const [repRes] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${reported.id}/reports`)),
    (async () => {
      await d.locator('[data-test=task-report-submit]').click()
      await confirmBox('提交')
    })(),
  ])
  assert.equal(repRes.status(), 200, await repRes.text())
  await d.locator('[data-test=task-status]', { hasText: '办理中' }).waitFor()
  const timeline = d.locator('[data-test=task-timeline]')
  await timeline.getByText(REPORT).waitFor()
  assert.match(await timeline.innerText(), /签收[\s\S]*反馈进展/)
  await shot(page, 'task-detail-liaison')
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
})

test('a target measured from the registers is pre-filled in the report form', async () => {
  const liaison = await apiClient(LIAISON.login, LIAISON.password)
  const tasks = await liaison('GET', `/api/v1/tasks?plan_id=${planId}&per_page=100`)
  const t2 = tasks.body.items.find((t) => t.item_number === 2)
  assert.ok(t2, 'no task of item 2 (设立11个未保站)')
  assert.notEqual(t2.id, closing.id, 'the task to close stays pending for the next test')
  if (t2.status === 'pending') assert.equal((await liaison('POST', `/api/v1/tasks/${t2.id}/sign`, {})).status, 200)
  const detail = await liaison('GET', `/api/v1/tasks/${t2.id}`)
  const target = detail.body.targets[0]
  assert.equal(target.source, 'registry', JSON.stringify(target))
  assert.equal(typeof target.actual, 'number')
  const d = await openTask(2)
  await d.locator(`[data-test=task-figure-source-${target.id}]`, { hasText: '按台账计算' }).waitFor()
  assert.equal(Number(await d.locator(`[data-test=task-figure-${target.id}] input`).inputValue()), target.actual)
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
})

test('the liaison asks to close another task', async () => {
  assert.ok(closing, 'no task chosen')
  const d = await openTask(closing.item_number)
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${closing.id}/sign`) && r.status() === 200),
    (async () => {
      await d.locator('[data-test=task-sign]').click()
      await confirmBox('签收')
    })(),
  ])
  await d.locator('[data-test=task-request-close]').click()
  const dialog = page.getByRole('dialog', { name: '申请办结' })
  await dialog.waitFor()
  await dialog.getByLabel('办结说明（可选）').fill(CLOSE_NOTE)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${closing.id}/request-close`)),
    dialog.locator('[data-test=task-note-submit]').click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await d.locator('[data-test=task-status]', { hasText: '申请办结' }).waitFor()
  await d.getByText('已申请办结，等待市未保办审核').waitFor()
  assert.equal(await d.locator('[data-test=task-report-submit]').count(), 0)
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
  await signOut(page)
})

test('admin sees the task 办理中 with the report in its timeline', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await openLedger(`plan_id=${planId}&q=${encodeURIComponent(reported.item_text.slice(0, 12))}`)
  const row = page.locator('[data-test=tasks-table] .el-table__row', { hasText: `第 ${reported.item_number} 条` }).filter({ hasText: UNIT })
  await row.first().waitFor()
  assert.match(await row.first().innerText(), /办理中/)
  const d = await openTask(reported.item_number)
  assert.match(await d.locator('[data-test=task-status]').innerText(), /办理中/)
  const timeline = d.locator('[data-test=task-timeline]')
  await timeline.getByText(REPORT).waitFor()
  const tl = await timeline.innerText()
  assert.match(tl, /反馈进展/)
  assert.ok(tl.includes(`${LIAISON.name}（${UNIT}）`), `timeline lacks ${LIAISON.name}（${UNIT}）: ${tl}`)
  assert.ok(!tl.includes(LIAISON.login), `the timeline shows the login ${LIAISON.login}: ${tl}`)
  // admin (市未保办) may not act for 市民政局, and nothing awaits review here
  assert.equal(await d.locator('[data-test=task-sign], [data-test=task-report-submit], [data-test=task-accept]').count(), 0)
  assert.match(await d.locator('[data-test=task-waiting]').innerText(), /办理中/)
  // the plan's 文号 and the section's title
  await d.getByText(DOC_NUMBER).waitFor()
  await d.getByText('一、强化体系建设', { exact: false }).waitFor()
  const all = await d.innerText()
  assert.doesNotMatch(all, STATUS_CODES, 'a raw status or light code in the drawer')
  assert.doesNotMatch(all, /\b(sign|report|request_close|accept|return)\b/, 'a raw timeline action in the drawer')
  for (const t of await d.locator('.el-tag, .ev-action').allInnerTexts()) assert.notEqual(t.trim(), '其他', 'a code without a title in the drawer')
  await shot(page, 'task-detail')
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
})

test('admin returns the task asked to be closed, with a reason', async () => {
  await openLedger(`plan_id=${planId}&status=close_requested`)
  const d = await openTask(closing.item_number)
  await d.getByText(CLOSE_NOTE).waitFor()
  await d.locator('[data-test=task-return]').click()
  const dialog = page.getByRole('dialog', { name: '退回' })
  await dialog.waitFor()
  // a reason is required
  await dialog.locator('[data-test=task-note-submit]').click()
  await dialog.getByText('请填写退回原因').waitFor()
  await dialog.getByLabel('退回原因').fill(RETURN_REASON)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${closing.id}/return`)),
    dialog.locator('[data-test=task-note-submit]').click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await d.locator('[data-test=task-status]', { hasText: '办理中' }).waitFor()
  await d.getByText(`已被退回：${RETURN_REASON}`).waitFor()
  assert.match(await d.locator('[data-test=task-timeline]').innerText(), /退回/)
  await shot(page, 'task-detail-returned')
})

test('the liaison hears of the return through the bell and opens the task from it', async () => {
  if (await drawer().isVisible()) {
    await page.keyboard.press('Escape')
    await drawer().waitFor({ state: 'hidden' })
  }
  await signOut(page)
  await signIn(page, LIAISON.login, LIAISON.password)
  const bell = page.locator('[data-test=notification-bell]')
  await bell.waitFor()
  // the count arrives with the bell's first fetch, after the bell is drawn
  await page.locator('[data-test=notification-bell][aria-label$="条未读"]').waitFor()
  assert.match(await bell.getAttribute('aria-label'), /通知：\d+ 条未读/)
  const panel = page.locator('[data-test=notification-panel]')
  // the panel closes when the page changes under it
  await bell.click()
  await panel.waitFor()
  await page.goto(`${BASE}/#/tasks`)
  await panel.waitFor({ state: 'hidden' })
  await bell.click()
  await panel.waitFor()
  const item = panel.locator('[data-test=notification-item]', { hasText: RETURN_REASON })
  await item.waitFor()
  assert.match(await item.innerText(), /退回/)
  await shot(page, 'notifications')
  await item.click()
  await page.waitForURL(new RegExp(`#/tasks\\?plan_id=${planId}&task=${closing.id}`))
  const d = drawer()
  await d.getByText(`已被退回：${RETURN_REASON}`).waitFor()
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
  // the ledger marks the returned task
  const returned = page.locator('[data-test=tasks-table] .el-table__row', { hasText: `第 ${closing.item_number} 条` })
  await returned.locator('[data-test=task-returned]').waitFor()
  // and signs for two pending tasks at once
  await openLedger(`plan_id=${planId}&status=pending`)
  const pending = page.locator('[data-test=tasks-table] .el-table__body-wrapper .el-table__row')
  const before = await pending.count()
  assert.ok(before >= 2, `${before} pending tasks`)
  await pending.nth(0).locator('.el-checkbox').click()
  await pending.nth(1).locator('.el-checkbox').click()
  assert.equal(await drawer().isVisible(), false, 'ticking a row does not open it')
  const batch = page.locator('[data-test=batch-sign]')
  assert.match(await batch.innerText(), /批量签收（2）/)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks/batch/sign')),
    batch.click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  assert.equal((await res.json()).done, 2)
  await page.getByText('已签收 2 项任务').waitFor()
  await shot(page, 'ledger-batch-signed')
  await signOut(page)
  await signIn(page, 'admin', ADMIN_PASSWORD)
})

test('a plan of a finished year imported as history: 已归档, no lights, no actions', async () => {
  const doc = `桐未工委办〔2021〕${(Date.now() % 900) + 100}号`
  const notice = `文件编号: ${doc}
关于印发《桐乡市未成年人保护工作委员会2021年工作要点》的通知
一、历史事项
1.开展困境儿童走访工作。(责任部门:${UNIT})
桐乡市未成年人保护工作委员会办公室 2021年3月1日`
  await page.goto(`${BASE}/#/plans/import`)
  await page.locator('textarea[data-test=plan-text]').fill(notice)
  await page.locator('[data-test=plan-parse]').click()
  await page.locator('[data-test=plan-past-year]').waitFor()
  assert.match(await page.locator('[data-test=plan-archived]').getAttribute('class'), /is-checked/)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST'),
    page.locator('[data-test=plan-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  const plan = await res.json()
  assert.equal(plan.archived, true)
  // the ledger of the plan: a grey 已归档 mark where the light would be
  await page.waitForURL(new RegExp(`#/tasks\\?plan_id=${plan.id}`))
  const rows = page.locator('[data-test=tasks-table] .el-table__row')
  await rows.first().waitFor()
  assert.equal(await page.locator('[data-test=tasks-table] .task-light').count(), 0)
  await page.locator('[data-test=tasks-table] [data-test=task-archived]').first().waitFor()
  await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/tasks\/\d+$/.test(new URL(r.url()).pathname)),
    rows.first().locator('.item-link').click(),
  ])
  const d = drawer()
  await d.locator('[data-test=task-archived-note]').waitFor()
  assert.equal(await d.locator('[data-test=task-actions]').count(), 0, 'no actions on history')
  await shot(page, 'task-detail-archived')
  await page.keyboard.press('Escape')
  // the plans list marks it
  await page.goto(`${BASE}/#/plans`)
  const row = page.locator('.el-table__row', { hasText: doc })
  await row.locator('[data-test=plan-archived-tag]').waitFor()
  assert.match(await row.innerText(), /已归档/)
})

test('the office changes the lead of an item in the preview, at phone size, and the saved plan has it', async () => {
  const doc = `桐未工委办〔2033〕${(Date.now() % 900) + 100}号`
  const notice = `文件编号: ${doc}
关于印发《桐乡市未成年人保护工作委员会2033年工作要点》的通知
一、更正测试
1.开展困境儿童救助工作。(责任部门:${UNIT}、市财政局)
2.开展校园安全排查,覆盖率达到90%以上。(责任部门:市教育局)
桐乡市未成年人保护工作委员会办公室 2033年3月1日`
  const vp = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    await page.goto(`${BASE}/#/plans/import`)
    await page.locator('textarea[data-test=plan-text]').fill(notice)
    await page.locator('[data-test=plan-parse]').click()
    const preview = page.locator('[data-test=plan-preview]')
    await preview.waitFor()
    const rows = preview.locator('[data-test=preview-items] .el-table__body-wrapper .el-table__row')
    assert.equal(await rows.count(), 2)
    // not said who leads: the first listed unit does
    assert.match(await rows.nth(0).innerText(), new RegExp(`${UNIT}[\\s\\S]*市财政局`))
    await rows.nth(0).locator('[data-test=item-edit]').click()
    const dlg = page.locator('[data-test=item-editor]').filter({ visible: true })
    await dlg.waitFor()
    // 市财政局 leads instead, and the 90% target becomes 95%
    await dlg.locator('[data-test=item-lead] .el-checkbox', { hasText: UNIT }).click()
    await dlg.locator('[data-test=item-lead] .el-checkbox', { hasText: '市财政局' }).click()
    await shot(page, 'plan-import-correct-phone')
    await dlg.locator('[data-test=item-ok]').click()
    await dlg.waitFor({ state: 'hidden' })
    await rows.nth(0).locator('[data-test=item-changed]').waitFor()
    await rows.nth(1).locator('[data-test=item-edit]').click()
    await dlg.waitFor()
    const value = dlg.locator('[data-test=item-target] [data-test=target-value] input')
    await value.fill('95')
    await shot(page, 'plan-import-correct-target-phone')
    await dlg.locator('[data-test=item-ok]').click()
    await dlg.waitFor({ state: 'hidden' })
    assert.match(await rows.nth(1).innerText(), /≥ 95%/)
    await tallShot('plan-import-corrected-phone', 1600)
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST'),
      page.locator('[data-test=plan-save]').click(),
    ])
    assert.equal(res.status(), 201, await res.text())
    const sent = res.request().postDataJSON()
    assert.equal(sent.items.length, 2)
    const plan = await res.json()
    assert.deepEqual(plan.items[0].units, ['市财政局', UNIT])
    assert.equal(plan.items[1].targets[0].value, 95)
    // the tasks: 市财政局 leads item 1, the unit cooperates
    const call = await apiClient('admin', ADMIN_PASSWORD)
    const tasks = (await call('GET', `/api/v1/tasks?plan_id=${plan.id}&per_page=100`)).body.items
    const lead = Object.fromEntries(tasks.map((t) => [`${t.item_number}:${t.unit.name}`, t.is_lead]))
    assert.deepEqual(lead, { [`1:${UNIT}`]: false, '1:市财政局': true, '2:市教育局': true })
    await page.waitForURL(new RegExp(`#/tasks\\?plan_id=${plan.id}`))
  } finally {
    await page.setViewportSize(vp)
  }
})

test('no script errors on the plan pages', () => {
  assert.deepEqual(b.errors, [])
})
