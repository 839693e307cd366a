// 督办 on a phone (390×844) against a real server (run by run.sh).
// Independent of the other files: it imports a small notice of its own (a
// unique 文号 per run, every item for 市卫生健康局) and creates that unit's
// liaison through the API. The steps share one browser and build on each
// other, in order: the ledger as a card list (batch sign-for of item 2 by its
// card's checkbox), then item 1's drawer at the full width: 签收, 提交反馈 with a
// figure and a PDF attachment, 申请办结 — each step checked through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, gotoLogin, launch, overflowX, planWithLiaison, shot, submitLogin } from './lib.mjs'

const W = 390
const H = 844
const UNIT = '市卫生健康局'
const run = Date.now().toString(36).slice(-5)
const ITEMS = [`开展第${run}轮手机端儿童健康测试工作`, `开展第${run}轮手机端批量签收测试工作`]
const REPORT = `已在全市开展儿童健康筛查，覆盖率 96%。（${run}）`
const CLOSE_NOTE = `任务已完成，佐证材料已上传（${run}）`
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1')
const PDF_NAME = `手机上传佐证-${run}.pdf`

let b
let page
let admin
let setup // { planId, unit, liaison, tasks }
let target

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
  await page.setViewportSize({ width: W, height: H })
})

after(async () => {
  if (b) await b.close()
})

async function noOverflow(what) {
  const o = await overflowX(page)
  assert.ok(o <= 1, `${what} is ${o}px wider than the screen`)
}

async function confirmBox(name) {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await box.waitFor()
  const bb = await box.boundingBox()
  assert.ok(bb.x >= 0 && bb.x + bb.width <= W, `the confirmation box (${bb.x}+${bb.width}) leaves the screen`)
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

/** A button inside the screen's width once scrolled to (it can be reached and tapped). */
async function reachable(locator, what) {
  await locator.scrollIntoViewIfNeeded()
  const bb = await locator.boundingBox()
  assert.ok(bb, `${what} is not shown`)
  assert.ok(bb.x >= 0 && bb.x + bb.width <= W && bb.y >= 0 && bb.y + bb.height <= H, `${what} is outside the screen: ${JSON.stringify(bb)}`)
}

const taskOf = async (n) => (await admin('GET', `/api/v1/tasks/${setup.tasks[n].id}`)).body

function ledgerUrl() {
  return `${BASE}/#/tasks?q=${encodeURIComponent(`第${run}轮手机端`)}`
}

function card(n) {
  return page.locator('[data-test=task-card]', { hasText: ITEMS[n - 1] })
}

function drawer() {
  return page.locator('.el-drawer').filter({ visible: true })
}

test('admin imports a notice for 市卫生健康局 and creates its liaison through the API', async () => {
  admin = await apiClient('admin', ADMIN_PASSWORD)
  setup = await planWithLiaison(admin, { year: 2031, unit: UNIT, items: ITEMS, tag: 'phone' })
  assert.ok(setup.tasks[1] && setup.tasks[2], 'the unit has no task of items 1 and 2')
  assert.equal(setup.tasks[1].status, 'pending')
  target = (await taskOf(1)).targets[0]
  assert.ok(target, 'item 1 has no target')
})

test('the liaison sees the ledger as cards on the phone and signs for item 2 from its checkbox', async () => {
  await gotoLogin(page)
  await submitLogin(page, setup.liaison.login, setup.liaison.password)
  await page.locator('[data-test=topbar-user]').waitFor()
  await page.goto(ledgerUrl())
  await card(1).waitFor()
  await card(2).waitFor()
  assert.equal(await page.locator('[data-test=tasks-table]').count(), 0, 'the table is shown on a phone')
  assert.equal(await page.locator('[data-test=task-card]').count(), 2)

  // what a card shows: light, item number and text, unit (牵头), status
  const c1 = card(1)
  assert.equal(await c1.locator('.task-light').count(), 1, 'no light on the card')
  const text = await c1.innerText()
  for (const want of ['第 1 条', ITEMS[0], UNIT, '牵头', '待签收', '期限']) assert.ok(text.includes(want), `the card lacks ${want}: ${text}`)
  assert.doesNotMatch(text, /\b(pending|green|yellow|red)\b/, 'a raw code on the card')
  // the text is clamped, the card fits the screen
  const cb = await c1.boundingBox()
  assert.ok(cb.x >= 0 && cb.x + cb.width <= W, `the card is ${cb.width}px wide at x ${cb.x}`)
  const clamp = await c1.locator('.card-text').evaluate((e) => getComputedStyle(e).webkitLineClamp)
  assert.equal(clamp, '3')
  // the filter form fits too: every field within the screen
  for (const f of await page.locator('.search-form .el-form-item').all()) {
    const fb = await f.boundingBox()
    if (fb) assert.ok(fb.x >= 0 && fb.x + fb.width <= W + 1, `a filter field leaves the screen: ${JSON.stringify(fb)}`)
  }
  await noOverflow('the ledger')
  await shot(page, 'phone-ledger')

  // the checkbox selects without opening the drawer; 批量签收 signs
  const batch = page.locator('[data-test=batch-sign]')
  assert.ok(await batch.isDisabled(), '批量签收 is enabled with nothing selected')
  await card(2).locator('[data-test=task-card-check]').click()
  await page.waitForTimeout(300)
  assert.equal(await drawer().count(), 0, 'the checkbox opened the drawer')
  await page.locator('[data-test=batch-sign]', { hasText: '批量签收（1）' }).waitFor()
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks/batch/sign')),
    batch.click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  assert.deepEqual(JSON.parse(res.request().postData()).ids, [setup.tasks[2].id])
  await card(2).getByText('已签收').waitFor()
  assert.equal((await taskOf(2)).status, 'signed')
  assert.equal((await taskOf(1)).status, 'pending', 'item 1 was signed too')
})

test('the liaison opens item 1 at the full width and signs for it', async () => {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tasks/${setup.tasks[1].id}` && r.request().method() === 'GET'),
    card(1).click(),
  ])
  assert.equal(res.status(), 200)
  const d = drawer()
  await d.locator('[data-test=task-item-text]').waitFor()
  await page.waitForTimeout(400)
  const db = await d.boundingBox()
  assert.ok(Math.abs(db.width - W) <= 1 && db.x >= -1, `the drawer is ${db.width}px wide at x ${db.x}, not the full width`)
  await noOverflow('the page under the drawer')
  const inner = await d.locator('.el-drawer__body').evaluate((e) => e.scrollWidth - e.clientWidth)
  assert.ok(inner <= 1, `the drawer's content is ${inner}px wider than the drawer`)
  await shot(page, 'phone-task')

  const sign = d.locator('[data-test=task-sign]')
  await reachable(sign, '签收')
  const [sres] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${setup.tasks[1].id}/sign`)),
    (async () => {
      await sign.click()
      await confirmBox('签收')
    })(),
  ])
  assert.equal(sres.status(), 200, await sres.text())
  await d.locator('[data-test=task-status]', { hasText: '已签收' }).waitFor()
  const t = await taskOf(1)
  assert.equal(t.status, 'signed')
  assert.ok(t.events.some((e) => e.action === 'sign' && e.login === setup.liaison.login), 'no sign event of the liaison')
  await shot(page, 'phone-task-signed')
})

test('the liaison reports with a figure and uploads a PDF on the phone', async () => {
  const d = drawer()
  const textarea = d.locator('textarea[data-test=task-report-text]')
  await textarea.scrollIntoViewIfNeeded()
  await textarea.fill(REPORT)
  const figure = d.locator('[data-test=task-figures]').getByLabel('覆盖率达到90%以上 ≥ 90%')
  await figure.scrollIntoViewIfNeeded()
  await figure.fill('96')
  const submit = d.locator('[data-test=task-report-submit]')
  await reachable(submit, '提交反馈')
  await shot(page, 'phone-report-filled')
  const [rres] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${setup.tasks[1].id}/reports`)),
    (async () => {
      await submit.click()
      await confirmBox('提交')
    })(),
  ])
  assert.equal(rres.status(), 200, await rres.text())
  await d.locator('[data-test=task-timeline]').getByText(REPORT).waitFor()
  let t = await taskOf(1)
  assert.equal(t.status, 'in_progress')
  const ev = t.events.find((e) => e.action === 'report' && e.note === REPORT)
  assert.ok(ev, 'the report is not in the timeline')
  assert.deepEqual(ev.figures.map((f) => [f.target_id, Number(f.value)]), [[target.id, 96]])

  // 上传附件 can be reached; the file goes through its input
  const upload = d.locator('[data-test=task-attachment-upload]')
  await reachable(upload, '上传附件')
  const [ures] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${setup.tasks[1].id}/attachments?name=`) && r.request().method() === 'POST'),
    d.locator('[data-test=task-attachment-input]').setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF }),
  ])
  assert.equal(ures.status(), 201, await ures.text())
  await d.locator('[data-test=task-attachments]').getByText(PDF_NAME).waitFor()
  t = await taskOf(1)
  const att = t.attachments.find((a) => a.filename === PDF_NAME)
  assert.ok(att, 'the attachment is not on the task')
  assert.equal(att.size, PDF.length)
  await noOverflow('the page under the drawer')
  await shot(page, 'phone-reported')
})

test('the liaison asks to close item 1 on the phone', async () => {
  const d = drawer()
  const ask = d.locator('[data-test=task-request-close]')
  await reachable(ask, '申请办结')
  await ask.click()
  const dialog = page.locator('[data-test=task-note-dialog]').filter({ visible: true })
  await dialog.locator('textarea').waitFor()
  await page.waitForTimeout(400)
  const nb = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
  assert.ok(Math.abs(nb.width - W) <= 1, `the dialog is ${nb.width}px wide, not the full width`)
  await dialog.locator('textarea').fill(CLOSE_NOTE)
  await shot(page, 'phone-request-close')
  const submit = page.locator('[data-test=task-note-submit]')
  await reachable(submit, '申请办结 in the dialog')
  const [cres] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${setup.tasks[1].id}/request-close`)),
    submit.click(),
  ])
  assert.equal(cres.status(), 200, await cres.text())
  await d.locator('[data-test=task-status]', { hasText: '申请办结' }).waitFor()
  const t = await taskOf(1)
  assert.equal(t.status, 'close_requested')
  assert.ok(t.events.some((e) => e.action === 'request_close' && e.note === CLOSE_NOTE), 'no request_close event with the note')
  await shot(page, 'phone-close-requested')

  // back on the ledger the card says so
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
  await card(1).getByText('申请办结').waitFor()
  await noOverflow('the ledger')
})

test('no script errors on the phone', () => {
  assert.deepEqual(b.errors, [])
})
