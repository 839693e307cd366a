// The unit answers a 督办单 and asks for more time; the office decides and
// moves a whole plan's deadline — in the browser against a real server (run
// by run.sh). Independent of the other files: a notice of its own (a unique
// 文号 per run) for two units of its own, a liaison and the 督办单 are made
// through the API.
//   the liaison signs for the 督办单 and replies in the task drawer, asks for
//   an extension, and prints the numbered 督办通知单 (desktop and phone);
//   admin finds the request on the 督办 page, approves it in the drawer, and
//   moves the deadline of the whole plan from the 工作要点 page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, apiClient, BASE, launch, shot, signIn, signOut } from './lib.mjs'

const N = 100 + (Date.now() % 9000)
const suffix = Date.now().toString(36).slice(-5)
const ITEM = `开展第${N}轮督办答复测试工作`
// units of this file's own, so that no other file's ledger shows its tasks
const UNIT = `答复测试局${suffix}`
const OTHER = `答复配合局${suffix}`
const NOTICE = `桐乡市未成年人保护工作委员会办公室
文件编号: 桐未工委办〔2037〕${N}号
关于印发《桐乡市未成年人保护工作委员会2037年工作要点》的通知
各成员单位：
一、测试
1.${ITEM}。(牵头单位:${UNIT})
2.开展第${N}轮督办答复配合工作。(牵头单位:${OTHER})
`
const LIAISON = { login: `answer.${suffix}`, name: '答复联络员', password: 'Da-Fu-2024-tongxiang-x' }
const REPLY = `已召开专题会议部署整改，本月底前完成（${suffix}）`
const WHY = `需与各镇街协调场地（${suffix}）`

let b
let page
let admin
let planId
let task
let notice


const drawer = () => page.locator('.el-drawer').filter({ visible: true })
const dialog = () => page.locator('[data-test=task-answer-dialog]').filter({ visible: true })
const endOfDay = (d) => Date.parse(`${d}T23:59:59+08:00`) / 1000

/** The drawer of the task, opened by its link in the ledger (?task=). */
async function openTask() {
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tasks/${task.id}` && r.request().method() === 'GET'),
    page.goto(`${BASE}/#/tasks?plan_id=${planId}&task=${task.id}`),
  ])
  await drawer().waitFor()
  await page.waitForTimeout(300)
  return drawer()
}

/** Types a date into an Element date picker (Enter takes it and closes the panel). */
async function pickDate(input, date) {
  await input.click()
  await input.fill(date)
  await input.press('Enter')
  await page.locator('.el-picker__popper').filter({ visible: true }).waitFor({ state: 'hidden' }).catch(() => {})
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  b = await launch()
  page = b.page
  admin = await apiClient('admin', ADMIN_PASSWORD)
  for (const [i, name] of [UNIT, OTHER].entries()) {
    const u = await admin('POST', '/api/v1/units', { code: `da${i}${suffix}`, name, kind: 'government' })
    assert.equal(u.status, 201, JSON.stringify(u.body))
  }
  const p = await admin('POST', '/api/v1/plans', { text: NOTICE, deadline: '2037-06-30' })
  assert.equal(p.status, 201, JSON.stringify(p.body))
  planId = p.body.id
  const units = (await admin('GET', '/api/v1/units')).body.items
  const unit = units.find((u) => u.name === UNIT)
  const u = await admin('POST', '/api/v1/users', {
    login: LIAISON.login, display_name: LIAISON.name, unit_id: unit.id, roles: ['unit_liaison'], scope_kind: 'unit', password: LIAISON.password,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  task = (await admin('GET', `/api/v1/tasks?plan_id=${planId}&unit_id=${unit.id}`)).body.items[0]
  const s = await admin('POST', `/api/v1/tasks/${task.id}/supervise`, { reason: `请加快推进（${suffix}）` })
  assert.equal(s.status, 201, JSON.stringify(s.body))
  notice = (await admin('GET', `/api/v1/supervisions/${s.body.id}`)).body
  assert.match(notice.number, /^〔\d{4}〕\d+号$/)
})

after(async () => {
  if (b) await b.close()
})

test('the liaison signs for the 督办单, replies and asks for an extension in the drawer', async () => {
  await signIn(page, LIAISON.login, LIAISON.password)
  // the ledger marks the task 督办 — in the table, and on the phone's card
  await page.goto(`${BASE}/#/tasks?plan_id=${planId}`)
  const row = page.locator('[data-test=tasks-table] .el-table__row', { hasText: ITEM })
  await row.locator('[data-test=task-supervision]', { hasText: '一级督办' }).waitFor()
  const vp = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    const card = page.locator('[data-test=task-card]', { hasText: ITEM })
    await card.locator('[data-test=task-supervision]', { hasText: '一级督办' }).waitFor()
  } finally {
    await page.setViewportSize(vp)
  }
  const d = await openTask()
  const sup = d.locator('[data-test=task-supervisions]')
  await sup.getByText(notice.number).waitFor()
  await sup.getByText('待签收').waitFor()
  const [signed] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/supervisions/${notice.id}/sign`)),
    sup.locator('[data-test=task-supervision-sign]').click(),
  ])
  assert.equal(signed.status(), 200, await signed.text())
  await sup.getByText('已签收', { exact: true }).waitFor()

  await sup.locator('[data-test=task-supervision-reply-open]').click()
  await dialog().locator('textarea').fill(REPLY)
  const [replied] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/supervisions/${notice.id}/reply`)),
    dialog().locator('[data-test=task-answer-submit]').click(),
  ])
  assert.equal(replied.status(), 200, await replied.text())
  await sup.locator('[data-test=task-supervision-reply]', { hasText: REPLY }).waitFor()
  await d.locator('[data-test=task-timeline]').getByText('回复督办单', { exact: true }).waitFor()

  await d.locator('[data-test=task-extension]').click()
  await pickDate(dialog().getByPlaceholder('选择日期'), '2037-09-30')
  await dialog().locator('textarea').fill(WHY)
  const [asked] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${task.id}/extension`)),
    dialog().locator('[data-test=task-answer-submit]').click(),
  ])
  assert.equal(asked.status(), 201, await asked.text())
  assert.equal(JSON.parse(asked.request().postData()).deadline, '2037-09-30')
  const reqs = d.locator('[data-test=task-requests]')
  await reqs.getByText('待审批').waitFor()
  assert.ok(await d.locator('[data-test=task-extension]').isDisabled(), 'one extension at a time')
  await shot(page, 'answers-unit-drawer')
})

test('the 督办通知单 prints on A4 with its number, the task, and the reply; it reads on a phone too', async () => {
  await page.goto(`${BASE}/#/print/supervision/${notice.id}`)
  const sheet = page.locator('[data-test=supervision-sheet]')
  await sheet.waitFor()
  assert.equal(await page.locator('[data-test=supervision-sheet-number]').innerText(), `桐未保督${notice.number}`)
  const text = await sheet.innerText()
  assert.ok(text.includes('桐乡市未成年人保护工作委员会办公室'), text)
  assert.ok(text.includes('督 办 通 知 单'))
  assert.ok(text.includes(ITEM))
  assert.ok(text.includes(UNIT))
  assert.ok((await page.locator('[data-test=supervision-sheet-reply]').innerText()).includes(REPLY))
  assert.equal(await page.locator('.side-menu').count(), 0, 'no menu on the sheet')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-test=print-button]').isVisible(), false, 'the toolbar does not print')
  await shot(page, 'answers-supervision-sheet-a4')
  await page.emulateMedia({ media: 'screen' })
  const vp = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 1, `the sheet is ${overflow}px wider than a phone`)
    await shot(page, 'answers-supervision-sheet-phone')
  } finally {
    await page.setViewportSize(vp)
  }
  await page.goto(`${BASE}/#/`)
  await page.locator('.side-menu').waitFor()
  await signOut(page)
})

test('the office finds the request on the 督办 page and approves it in the drawer', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.goto(`${BASE}/#/supervisions`)
  const pending = page.locator('[data-test=pending-requests]')
  const row = pending.locator('.el-table__row', { hasText: WHY })
  await row.waitFor()
  assert.ok((await row.innerText()).includes('延期申请'))
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tasks/${task.id}` && r.request().method() === 'GET'),
    row.locator('[data-test=pending-request-open]').click(),
  ])
  const d = drawer()
  await d.waitFor()
  const reqs = d.locator('[data-test=task-requests]')
  await reqs.getByText(WHY).waitFor()
  await reqs.locator('[data-test=task-request-approve]').click()
  await dialog().locator('textarea').fill('同意延期，请按新期限完成')
  const [decided] = await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/task-requests\/\d+\/decide$/.test(r.url())),
    dialog().locator('[data-test=task-answer-submit]').click(),
  ])
  assert.equal(decided.status(), 200, await decided.text())
  await reqs.getByText('已同意').waitFor()
  assert.equal((await admin('GET', `/api/v1/tasks/${task.id}`)).body.deadline, endOfDay('2037-09-30'))
  await shot(page, 'answers-office-approved')
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
  await pending.locator('.el-table__row', { hasText: WHY }).waitFor({ state: 'detached' })
})

test('the office moves the deadline of the whole plan from the 工作要点 page', async () => {
  await page.goto(`${BASE}/#/plans`)
  await page.locator(`[data-test=plan-deadline-${planId}]`).click()
  const dlg = page.locator('[data-test=plan-deadline-dialog]').filter({ visible: true })
  await pickDate(dlg.getByPlaceholder('新的办理期限'), '2037-11-30')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/plans/${planId}/deadline`)),
    dlg.locator('[data-test=plan-deadline-submit]').click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  assert.equal((await res.json()).changed, 2)
  await page.locator('.el-message--success', { hasText: '已调整 2 项未办结任务的办理期限' }).waitFor()
  const tasks = (await admin('GET', `/api/v1/tasks?plan_id=${planId}`)).body.items
  assert.deepEqual(tasks.map((t) => t.deadline), [endOfDay('2037-11-30'), endOfDay('2037-11-30')])
  assert.deepEqual(b.errors, [])
})
