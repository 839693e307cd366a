// 督办, 年度考核, figures and attachments in the browser against a real server
// (run by run.sh). Independent of the other files: it imports a small notice
// of its own (a unique 文号 per run) and creates a 市教育局 liaison through the
// API. The steps share one browser and build on each other, in order:
//   the liaison signs for the task, reports with a figure that meets the
//   target and uploads a PDF; admin issues a 督办单 from the drawer, sees it on
//   the 督办 page, and sees 市教育局 with 1 target met on 年度考核.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, apiClient, BASE, launch, shot, signIn, signOut } from './lib.mjs'

const UNIT = '市教育局'
const N = 100 + (Date.now() % 9000)
const suffix = Date.now().toString(36).slice(-5)
const DOC_NUMBER = `桐未工委办〔2032〕${N}号`
const ITEM = `开展第${N}轮校园安全测试工作`
const NOTICE = `桐乡市未成年人保护工作委员会办公室
文件编号: ${DOC_NUMBER}
关于印发《桐乡市未成年人保护工作委员会2032年工作要点》的通知
各成员单位：
一、测试
1.${ITEM},覆盖率达到90%以上。(牵头单位:市教育局;配合单位:市民政局)
2.开展第${N}轮家庭教育测试工作。(牵头单位:市民政局)
`
const LIAISON = { login: `jyj.liaison.${suffix}`, name: '教育局联络员', password: 'Qiao-Shui-2024-tongxiang' }
const REPORT = `已完成全市学校安全测试，覆盖率 95%。（${suffix}）`
const REASON = `请加快推进并按月报送进展 ${suffix}`
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1')
const PDF_NAME = `测试佐证材料-${suffix}.pdf`

let b
let page
let admin
let planId = null
let task = null // 市教育局's task of item 1
let target = null


async function confirmBox(name) {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

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

/** The ledger searched for this run's item, then the drawer of 市教育局's task. */
async function openTask() {
  await page.goto(`${BASE}/#/tasks?q=${encodeURIComponent(ITEM)}`)
  const row = page.locator('[data-test=tasks-table] .el-table__row', { hasText: UNIT })
  await row.first().waitFor()
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tasks/${task.id}` && r.request().method() === 'GET'),
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

test('admin imports a small notice and creates a 市教育局 liaison through the API', async () => {
  admin = await apiClient('admin', ADMIN_PASSWORD)
  const p = await admin('POST', '/api/v1/plans', { text: NOTICE })
  assert.equal(p.status, 201, JSON.stringify(p.body))
  planId = p.body.id
  assert.equal(p.body.doc_number, DOC_NUMBER)
  const units = await admin('GET', '/api/v1/units')
  const unit = units.body.items.find((u) => u.name === UNIT)
  assert.ok(unit, `no unit ${UNIT}`)
  const u = await admin('POST', '/api/v1/users', {
    login: LIAISON.login,
    display_name: LIAISON.name,
    unit_id: unit.id,
    roles: ['unit_liaison'],
    scope_kind: 'unit',
    password: LIAISON.password,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  const tasks = await admin('GET', `/api/v1/tasks?plan_id=${planId}&unit_id=${unit.id}`)
  assert.equal(tasks.status, 200, JSON.stringify(tasks.body))
  task = tasks.body.items.find((t) => t.item_number === 1)
  assert.ok(task, `no task of ${UNIT} for item 1`)
  const detail = await admin('GET', `/api/v1/tasks/${task.id}`)
  target = detail.body.targets[0]
  assert.ok(target, 'item 1 has no target')
  assert.equal(target.op, '>=')
})

test('the liaison signs, reports with a figure and uploads a PDF', async () => {
  await signIn(page, LIAISON.login, LIAISON.password)
  const d = await openTask()
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${task.id}/sign`) && r.status() === 200),
    (async () => {
      await d.locator('[data-test=task-sign]').click()
      await confirmBox('签收')
    })(),
  ])
  await d.locator('[data-test=task-status]', { hasText: '已签收' }).waitFor()

  // one number input per target, labelled by the target's words and value
  const figures = d.locator('[data-test=task-figures]')
  await figures.waitFor()
  await figures.getByText('覆盖率达到90%以上 ≥ 90%').waitFor()
  await d.locator('textarea[data-test=task-report-text]').fill(REPORT)
  await figures.getByLabel('覆盖率达到90%以上 ≥ 90%').fill('95')
  const [repRes] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${task.id}/reports`)),
    (async () => {
      await d.locator('[data-test=task-report-submit]').click()
      await confirmBox('提交')
    })(),
  ])
  assert.equal(repRes.status(), 200, await repRes.text())
  assert.deepEqual(JSON.parse(repRes.request().postData()).figures, [{ target_id: target.id, value: 95 }])
  const timeline = d.locator('[data-test=task-timeline]')
  await timeline.getByText(REPORT).waitFor()
  const fig = timeline.locator('[data-test=task-event-figures]')
  await fig.waitFor()
  assert.match(await fig.innerText(), /覆盖率达到90%以上：95%[\s\S]*达标/)

  // the attachment: read in the browser, POSTed raw with its type
  const [upRes] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${task.id}/attachments?name=`) && r.request().method() === 'POST'),
    d.locator('[data-test=task-attachment-input]').setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF }),
  ])
  assert.equal(upRes.status(), 201, await upRes.text())
  assert.equal(upRes.request().headers()['content-type'], 'application/pdf')
  assert.ok(upRes.request().headers()['x-csrf-token'], 'no X-CSRF-Token on the upload')
  const list = d.locator('[data-test=task-attachment-list]')
  await list.getByText(PDF_NAME).waitFor()
  assert.ok((await list.innerText()).includes(`${LIAISON.name}（${UNIT}）`), 'the uploader is not shown by name')

  // a file of a type the server refuses: its message is shown
  const [badRes] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${task.id}/attachments?name=`) && r.request().method() === 'POST'),
    d.locator('[data-test=task-attachment-input]').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') }),
  ])
  assert.equal(badRes.status(), 415)
  const msg = (await badRes.json()).error.message
  await page.locator('.el-message--error', { hasText: msg }).first().waitFor()

  // a wrong upload (a type the browser does not name: the server goes by the
  // name and the bytes) is removed again after a confirmation, at a phone's size
  const WRONG = `传错的文件-${suffix}.pdf`
  const [wrongRes] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${task.id}/attachments?name=`) && r.request().method() === 'POST'),
    d.locator('[data-test=task-attachment-input]').setInputFiles({ name: WRONG, mimeType: '', buffer: PDF }),
  ])
  assert.equal(wrongRes.status(), 201, await wrongRes.text())
  await list.getByText(WRONG).waitFor()
  const vp = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    const del = list.getByRole('button', { name: `删除 ${WRONG}` })
    await del.scrollIntoViewIfNeeded()
    await shot(page, 'task-attachment-delete-phone')
    const [delRes] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${task.id}/attachments/`) && r.request().method() === 'DELETE'),
      (async () => {
        await del.click()
        await confirmBox('删除')
      })(),
    ])
    assert.equal(delRes.status(), 200, await delRes.text())
    await list.getByText(WRONG).waitFor({ state: 'detached' })
    await d.locator('[data-test=task-timeline]').getByText(`删除附件：${WRONG}`).waitFor()
    await list.getByText(PDF_NAME).waitFor()
  } finally {
    await page.setViewportSize(vp)
  }

  await page.mouse.move(0, 0)
  await page.locator('.el-message').last().waitFor({ state: 'hidden', timeout: 8000 }).catch(() => {}) // the toasts fade
  await tallShot('task-figures', 1500)
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
  await signOut(page)
})

test('admin downloads the attachment and issues a 督办单 from the drawer', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  const d = await openTask()
  const list = d.locator('[data-test=task-attachment-list]')
  const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: `下载 ${PDF_NAME}` }).click()])
  const { readFileSync } = await import('node:fs')
  assert.equal(readFileSync(await download.path()).subarray(0, 8).toString('latin1'), '%PDF-1.4')

  await d.locator('[data-test=task-supervise]').click()
  const dialog = page.getByRole('dialog', { name: '下发督办单' })
  await dialog.waitFor()
  await dialog.locator('[data-test=task-note-submit]').click()
  await dialog.getByText('请填写督办事由').waitFor()
  await dialog.getByLabel('督办事由').fill(REASON)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${task.id}/supervise`)),
    (async () => {
      await dialog.locator('[data-test=task-note-submit]').click()
      await confirmBox('下发')
    })(),
  ])
  assert.equal(res.status(), 201, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  // the drawer lists the notice, open, and the timeline records it
  const notices = d.locator('[data-test=task-supervisions]')
  await notices.getByText(REASON).waitFor()
  assert.match(await notices.innerText(), /一级督办[\s\S]*人工督办[\s\S]*督办中/)
  await d.locator('[data-test=task-timeline]').getByText('下发督办单').waitFor()

  // 调整期限, confirmed
  await d.locator('[data-test=task-deadline-date] input').fill('2032-10-31')
  await d.locator('[data-test=task-deadline-date] input').press('Enter')
  const [pRes] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/tasks/${task.id}` && r.request().method() === 'PATCH'),
    (async () => {
      await d.locator('[data-test=task-deadline]').click()
      await confirmBox('调整')
    })(),
  ])
  assert.equal(pRes.status(), 200, await pRes.text())
  assert.deepEqual(JSON.parse(pRes.request().postData()), { deadline: '2032-10-31' })
  await d.getByText('2032-10-31').first().waitFor()
  await d.locator('[data-test=task-timeline]').getByText(/办理期限由 \d{4}-\d{2}-\d{2} 调整为 2032-10-31/).waitFor()
  await shot(page, 'task-detail-supervisions')
  await page.keyboard.press('Escape')
  await d.waitFor({ state: 'hidden' })
})

test('the 督办 page lists the notice, exports and runs a round', async () => {
  await page.locator('[data-test=menu-supervisions]').click()
  await page.waitForURL(/#\/supervisions/)
  await page.locator('[data-test=filter-plan]').click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText(DOC_NUMBER).click()
  await page.locator('[data-test=filter-open]').click()
  const row = page.locator('[data-test=supervisions-table] .el-table__row', { hasText: REASON })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /一级/)
  assert.match(text, /人工督办/)
  assert.match(text, new RegExp(UNIT))
  assert.match(text, /第 1 条/)
  assert.match(text, /系统管理员（市未保办）/, 'the issuer by name and unit')
  assert.match(text, /未解除/)

  const [download, exportRes] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.url().includes('/api/v1/supervisions/export.xlsx')),
    page.getByRole('button', { name: '导出Excel' }).click(),
  ])
  assert.equal(exportRes.status(), 200)
  assert.match(exportRes.url(), new RegExp(`plan_id=${planId}`))
  assert.match(exportRes.url(), /open=1/)
  const { readFileSync } = await import('node:fs')
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK')

  const [runRes] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/supervisions/run')),
    page.locator('[data-test=supervise-run]').click(),
  ])
  assert.equal(runRes.status(), 200, await runRes.text())
  await page.locator('.el-message--success', { hasText: '巡查完成' }).first().waitFor()

  // the link opens the task's drawer
  await row.locator('[data-test=supervision-task]').click()
  await drawer().waitFor()
  await drawer().locator('[data-test=task-item-text]', { hasText: ITEM }).waitFor()
  await page.keyboard.press('Escape')
  await drawer().waitFor({ state: 'hidden' })
  await page.mouse.move(0, 0)
  await page.waitForTimeout(2500) // the toast fades
  await shot(page, 'supervisions')
})

test('the 督办 page pages through the notices on the server', async () => {
  // a second notice, already overdue: 11 items for two units, 22 tasks, and
  // so 22 automatic notices after a round
  const doc = `桐未工委办〔2031〕${N}号`
  let items = ''
  for (let i = 1; i <= 11; i++) items += `${i}.开展第${i}项分页测试工作（${suffix}）。(牵头单位:市教育局;配合单位:市民政局)\n`
  const p = await admin('POST', '/api/v1/plans', {
    text: `桐乡市未成年人保护工作委员会办公室\n文件编号: ${doc}\n关于印发《桐乡市未成年人保护工作委员会2031年工作要点》的通知\n各成员单位：\n一、分页测试\n${items}`,
    deadline: '2020-06-30',
  })
  assert.equal(p.status, 201, JSON.stringify(p.body))
  const run = await admin('POST', '/api/v1/supervisions/run', {})
  assert.equal(run.status, 200, JSON.stringify(run.body))
  const all = await admin('GET', `/api/v1/supervisions?plan_id=${p.body.id}&per_page=100`)
  assert.equal(all.body.total, 22, JSON.stringify(all.body).slice(0, 300))

  // a fresh page (the previous test left a plan chosen and 仅未解除 ticked)
  await page.goto(`${BASE}/#/`)
  await page.locator('[data-test=menu-supervisions]').click()
  await page.waitForURL(/#\/supervisions/)
  await page.locator('[data-test=supervisions-table]').waitFor()
  assert.equal(await page.locator('[data-test=filter-open] input').isChecked(), false)
  await page.locator('[data-test=filter-plan]').click()
  const [first] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/supervisions?') && r.url().includes(`plan_id=${p.body.id}`) && !r.url().includes('open=1')),
    page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText(doc).click(),
  ])
  assert.match(first.url(), /[?&]page=1\b/)
  assert.match(first.url(), /[?&]per_page=20\b/)
  const rows = page.locator('[data-test=supervisions-table] .el-table__body .el-table__row')
  const pager = page.locator('[data-test=supervisions-pager]')
  await pager.getByText('共 22 条').waitFor()
  await page.locator('[data-test=supervisions-count]', { hasText: '共 22 份督办单，其中 22 份未解除' }).waitFor()
  assert.equal(await rows.count(), 20)
  const page1 = (await first.json()).items.map((x) => x.id)

  const [second] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/supervisions?') && /[?&]page=2\b/.test(r.url())),
    pager.locator('.btn-next').click(),
  ])
  assert.equal(second.status(), 200)
  const page2 = (await second.json()).items.map((x) => x.id)
  assert.equal(page2.length, 2)
  assert.ok(page2.every((id) => !page1.includes(id)), 'page 2 repeats page 1')
  await page.waitForTimeout(300)
  assert.equal(await rows.count(), 2)
  for (const t of await rows.allInnerTexts()) {
    assert.match(t, /逾期自动督办/)
    assert.match(t, /系统/)
    assert.doesNotMatch(t, /\b(auto|manual|system)\b/)
  }
  await page.mouse.move(0, 0)
  await shot(page, 'supervisions-page-2')

  // 10 a page: back to page 1 of 3
  await pager.locator('.el-select').click()
  const [third] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/supervisions?') && /[?&]per_page=10\b/.test(r.url())),
    page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText('10条/页', { exact: true }).click(),
  ])
  assert.match(third.url(), /[?&]page=1\b/)
  await page.waitForTimeout(300)
  assert.equal(await rows.count(), 10)
  assert.equal((await pager.locator('.el-pager .number').allInnerTexts()).join(','), '1,2,3')
})

test('年度考核 ranks the units and counts the met target', async () => {
  await page.locator('[data-test=menu-scores]').click()
  await page.waitForURL(/#\/scores/)
  // the latest plan is chosen at first; choose this run's plan (the same one
  // when nothing newer was imported meanwhile)
  await page.locator('[data-test=scores-table] .el-table__row').first().waitFor()
  await page.locator('[data-test=scores-plan]').click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText(DOC_NUMBER).click()
  await page.waitForURL(new RegExp(`#/scores\\?plan_id=${planId}`))
  await page.locator('[data-test=scores-table] .el-table__row', { hasText: UNIT }).waitFor()
  assert.match(await page.locator('[data-test=scores-plan]').innerText(), new RegExp(DOC_NUMBER.replace(/[〔〕]/g, '.')))
  const row = page.locator('[data-test=scores-table] .el-table__row', { hasText: UNIT })
  await row.waitFor()
  assert.equal((await row.locator('[data-test=score-targets]').innerText()).trim(), '1 / 1')
  const rows = await page.locator('[data-test=scores-table] .el-table__row').allInnerTexts()
  assert.equal(rows.length, 2)
  assert.match(rows[0], /^\s*第 1\/2 名/)
  // each row says what it lost points on, per task
  assert.match(await page.locator('[data-test=scores-table]').innerText(), /逾期签收 −\d|缺报 −\d|督办 −\d|未扣分/)
  await page.locator('[data-test=scores-rubric]').getByText('基础分').waitFor()
  await page.locator('[data-test=scores-rubric]').getByText('逾期签收扣分').waitFor()
  await page.locator('[data-test=score-chart] canvas').waitFor()

  const [download, exportRes] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.url().includes(`/api/v1/plans/${planId}/scores/export.xlsx`)),
    page.getByRole('button', { name: '导出Excel' }).click(),
  ])
  assert.equal(exportRes.status(), 200)
  const { readFileSync } = await import('node:fs')
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK')
  await page.mouse.move(0, 0)
  await page.waitForTimeout(600)
  await tallShot('scores', 1100)
})

test('no script errors on the 督办 pages', () => {
  assert.deepEqual(b.errors, [])
})
