// Lists when the network fails or is slow (run by run.sh). Independent of
// the other files: it imports a notice of its own with 25 items for 市司法局
// (25 tasks: two pages of the ledger). In order, one browser, admin on a desktop:
//   a page change of the ledger whose request fails keeps the rows, the total
//   and the page shown and says so in Chinese, and the next try works; 用户管理
//   keeps its rows when 查询 fails; a slow list load and a slow page change
//   (the page's code delayed) show the progress bar, which goes once done;
//   the ledger's 紧凑 density survives a reload.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, launch, planWithLiaison, shot, signIn } from './lib.mjs'

const UNIT = '市司法局'
const run = Date.now().toString(36).slice(-5)
const ITEMS = Array.from({ length: 25 }, (_, i) => `开展第${run}轮列表测试第${i + 1}项工作`)
const NETWORK = '无法连接服务器，请检查网络后重试'

let b
let page

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

const isList = (path) => (url) => {
  const u = new URL(url)
  return u.pathname === path && u.searchParams.has('page')
}
// page.unroute() needs the very matcher page.route() was given
const TASKS = isList('/api/v1/tasks')
const USERS = isList('/api/v1/users')
const rows = () => page.locator('[data-test=tasks-table] .el-table__body .el-table__row')
const pager = () => page.locator('.pager .el-pagination')
const firstItem = () => rows().first().locator('.item-text').innerText()

test('admin imports a notice of 25 items through the API', async () => {
  const admin = await apiClient('admin', ADMIN_PASSWORD)
  const s = await planWithLiaison(admin, { year: 2029, unit: UNIT, items: ITEMS, tag: 'lists' })
  assert.equal(Object.keys(s.tasks).length, 25)
})

test('a ledger page that fails to load keeps the rows and the total shown', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.goto(`${BASE}/#/tasks?q=${encodeURIComponent(`第${run}轮列表测试`)}`)
  await rows().nth(19).waitFor()
  await pager().getByText('共 25 条').waitFor()
  const before = await firstItem()
  assert.equal(await rows().count(), 20)

  await page.route(TASKS, (route) => route.abort('internetdisconnected'))
  try {
    await pager().locator('.el-pager li', { hasText: /^2$/ }).click()
    await page.locator('.el-message--error', { hasText: NETWORK }).first().waitFor()
    const err = page.locator('[data-test=list-error]')
    await err.waitFor()
    assert.match(await err.innerText(), /无法连接服务器.*仍显示上次加载的结果/)
    await page.waitForTimeout(300)
    assert.equal(await rows().count(), 20, 'the rows went with the failed load')
    assert.equal(await firstItem(), before)
    await pager().getByText('共 25 条').waitFor()
    assert.equal((await pager().locator('.el-pager li.is-active').innerText()).trim(), '1', 'the pager is on a page not shown')
    await shot(page, 'list-load-failed')
  } finally {
    await page.unroute(TASKS)
  }

  // the next try works and the message goes
  await pager().locator('.el-pager li', { hasText: /^2$/ }).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-test=tasks-table] .el-table__body .el-table__row').length === 5)
  await page.locator('[data-test=list-error]').waitFor({ state: 'detached' })
  assert.equal((await pager().locator('.el-pager li.is-active').innerText()).trim(), '2')
})

test('用户管理 keeps its rows when 查询 fails', async () => {
  await page.goto(`${BASE}/#/users`)
  const users = page.locator('[data-test=users-table] .el-table__body .el-table__row')
  await users.first().waitFor()
  const n = await users.count()
  const total = await page.locator('.pager .el-pagination__total').innerText()
  await page.route(USERS, (route) => route.abort('internetdisconnected'))
  try {
    await page.locator('.search-form').getByRole('button', { name: '查询' }).click()
    await page.locator('[data-test=list-error]').waitFor()
    assert.equal(await users.count(), n)
    assert.equal(await page.locator('.pager .el-pagination__total').innerText(), total)
  } finally {
    await page.unroute(USERS)
  }
})

test('a slow list load and a slow page change show the progress bar', async () => {
  const bar = page.locator('[data-test=progress-bar]')
  await page.goto(`${BASE}/#/tasks?q=${encodeURIComponent(`第${run}轮列表测试`)}`)
  await rows().first().waitFor()
  await page.waitForTimeout(500)
  assert.equal(await bar.count(), 0, 'the bar is shown with nothing under way')

  // the ledger's next page answers after 1.5 s
  const slow = async (route) => {
    await new Promise((r) => setTimeout(r, 1500))
    await route.continue().catch(() => {})
  }
  await page.route(TASKS, slow)
  try {
    await pager().locator('.el-pager li', { hasText: /^2$/ }).click()
    await bar.waitFor({ timeout: 1400 })
    await shot(page, 'progress-list')
    await bar.waitFor({ state: 'detached', timeout: 5000 })
    assert.equal(await rows().count(), 5)
  } finally {
    await page.unroute(TASKS)
  }

  // the 审计日志 page's code (not loaded yet in this browser) arrives after 1.5 s
  const chunk = (url) => /\/assets\/AuditView-[^/]*\.js$/.test(new URL(url).pathname)
  await page.route(chunk, slow)
  try {
    await page.locator('.side-menu .el-menu-item', { hasText: '审计日志' }).click()
    await bar.waitFor({ timeout: 1400 })
    await page.locator('.audit-table').waitFor()
    await bar.waitFor({ state: 'detached', timeout: 5000 })
  } finally {
    await page.unroute(chunk)
  }
})

test('the 紧凑/标准 density of the ledger is remembered in this browser', async () => {
  await page.goto(`${BASE}/#/tasks?q=${encodeURIComponent(`第${run}轮列表测试`)}`)
  await rows().first().waitFor()
  const table = page.locator('[data-test=tasks-table]')
  const density = page.locator('[data-test=ledger-density]')
  const rowHeight = () => rows().first().evaluate((e) => e.getBoundingClientRect().height)
  assert.ok(!(await table.getAttribute('class')).includes('el-table--small'), 'the table starts compact')
  const standard = await rowHeight()
  await density.getByText('紧凑').click()
  await page.waitForFunction(() => document.querySelector('[data-test=tasks-table]').classList.contains('el-table--small'))
  assert.ok((await rowHeight()) < standard, 'compact rows are not lower')
  assert.equal(await page.evaluate(() => localStorage.getItem('weibao.ledger.density')), 'compact')
  await shot(page, 'ledger-compact')
  await page.reload()
  await rows().first().waitFor()
  assert.ok((await table.getAttribute('class')).includes('el-table--small'), 'compact was not remembered')
  await density.getByText('标准').click()
  await page.waitForFunction(() => !document.querySelector('[data-test=tasks-table]').classList.contains('el-table--small'))
  assert.equal(await page.evaluate(() => localStorage.getItem('weibao.ledger.density')), 'standard')
})

test('no script errors', () => {
  assert.deepEqual(b.errors, [])
})
