// The home page's 待办 (run by run.sh; independent of the other files): a
// member unit of its own (created through the API) with a plan of two tasks,
// one signed and returned. Its liaison sees the 待办 cards, at desktop size and
// at 390×844, and 待签收 opens the ledger filtered to as many rows as the card
// said; admin sees 待审核办结 and the units; an account administrator without
// plan permissions gets shortcuts, no empty panel. Last, the JavaScript the
// home page loads first (firstload.mjs), reported and kept free of ECharts.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, apiClient, BASE, gotoLogin, launch, shot, signIn, signOut, submitLogin } from './lib.mjs'
import { formatLoad, measureHomeLoad } from './firstload.mjs'

const suffix = Date.now().toString(36).slice(-5)
const N = 100 + (Date.now() % 9000)
const UNIT = `市待办测试${suffix}局`
const LIAISON = { login: `todo.liaison.${suffix}`, password: 'Qiao-Shui-2024-tongxiang' }
const MANAGER = { login: `todo.users.${suffix}`, password: 'Qiao-Shui-2024-tongxiang' }
const notice = (unit) => `桐乡市未成年人保护工作委员会办公室
文件编号: 桐未工委办〔2033〕${N}号
关于印发《桐乡市未成年人保护工作委员会2033年工作要点》的通知
一、待办测试
1.开展第${N}轮待办甲测试工作。(责任单位:${unit})
2.开展第${N}轮待办乙测试工作。(责任单位:${unit})
3.开展第${N}轮待办丙测试工作。(责任单位:${unit})
`

let b
let page


const expect = async (p, status) => {
  const r = await p
  assert.equal(r.status, status, JSON.stringify(r.body))
  return r.body
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  const admin = await apiClient('admin', ADMIN_PASSWORD)
  const unit = await expect(admin('POST', '/api/v1/units', { code: `td${suffix}`, name: UNIT, kind: 'government' }), 201)
  const plan = await expect(admin('POST', '/api/v1/plans', { text: notice(UNIT) }), 201)
  await expect(admin('POST', '/api/v1/users', {
    login: LIAISON.login, display_name: '待办联络员', roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unit.id, password: LIAISON.password,
  }), 201)
  await expect(admin('POST', '/api/v1/roles', { code: `users_${suffix}`, name: '账号管理员', permissions: ['user.manage'] }), 201)
  await expect(admin('POST', '/api/v1/users', {
    login: MANAGER.login, display_name: '账号管理员', roles: [`users_${suffix}`], scope_kind: 'county', password: MANAGER.password,
  }), 201)
  // item 2 signed, asked to close and returned; items 1 and 3 wait to be signed
  const liaison = await apiClient(LIAISON.login, LIAISON.password)
  const tasks = (await expect(liaison('GET', `/api/v1/tasks?plan_id=${plan.id}`), 200)).items
  const second = tasks.find((t) => t.item_number === 2).id
  await expect(liaison('POST', `/api/v1/tasks/${second}/sign`, {}), 200)
  await expect(liaison('POST', `/api/v1/tasks/${second}/request-close`, {}), 200)
  await expect(admin('POST', `/api/v1/tasks/${second}/return`, { reason: '请补充佐证材料' }), 200)
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

/** The count on a 待办 card. */
async function cardCount(key) {
  const card = page.locator(`[data-test=todo-${key}]`)
  await card.waitFor()
  return Number(await card.locator('[data-test=todo-count]').innerText())
}

/** Clicks a 待办 card and checks the ledger shows as many rows as it said. */
async function openCard(key, title, want) {
  assert.equal(await cardCount(key), want, `${title} on the home page`)
  await page.locator(`[data-test=todo-${key}]`).click()
  await page.waitForURL(/#\/tasks\?/)
  // a phone shows the ledger as cards, a desktop as a table
  const sel = page.viewportSize().width < 768 ? '[data-test=task-card]' : '[data-test=tasks-table] .el-table__body-wrapper .el-table__row'
  const rows = page.locator(sel)
  await rows.first().waitFor()
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [sel, want])
  assert.equal(await rows.count(), want, `the ledger behind ${title}`)
  return new URL(page.url().replace('#/', '')).searchParams
}

for (const [w, h] of [
  [1440, 900],
  [390, 844],
]) {
  test(`a liaison's 待办 at ${w}×${h}; 待签收 opens the ledger with as many rows`, async () => {
    await page.setViewportSize({ width: w, height: h })
    await gotoLogin(page)
    await submitLogin(page, LIAISON.login, LIAISON.password)
    await page.locator('[data-test=todo]').waitFor()
    assert.equal(await cardCount('to_sign'), 2)
    assert.equal(await cardCount('returned'), 1)
    assert.equal(await cardCount('supervised'), 0)
    assert.equal(await page.locator('[data-test=todo-to_review]').count(), 0, 'only the office reviews')
    assert.match(await page.locator('[data-test=profile]').innerText(), new RegExp(`所属单位：${UNIT}`))
    // the unit table has the liaison's own unit only
    assert.deepEqual(await page.locator('[data-test=todo-unit] th').allInnerTexts(), [UNIT])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 1, `the home page is ${overflow}px wider than the screen`)
    await shot(page, `home-todo-liaison-${w}`)

    const q = await openCard('to_sign', '待签收', 2)
    assert.equal(q.get('status'), 'pending')
    assert.equal(q.get('archived'), '0')
    await shot(page, `home-todo-ledger-${w}`)
    await page.goto(`${BASE}/#/`)
    await openCard('returned', '被退回', 1)
    assert.equal(await page.locator('[data-test=task-returned]').count(), 1)
    await page.goto(`${BASE}/#/`)
    await page.locator('[data-test=todo]').waitFor()
    await page.context().clearCookies()   // signed out (at 390 the sign-out button is in the menu)
  })
}

test('admin sees closures to review, the lights and the units; the red count opens red tasks', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await cardCount('to_review')
  await page.locator('[data-test=todo-lights]').waitFor()
  assert.ok((await page.locator('[data-test=todo-unit]').count()) >= 1)
  const red = Number(await page.locator('[data-test=todo-light-red] strong').innerText())
  await shot(page, 'home-todo-admin')
  if (red > 0 && red <= 20) {
    await page.locator('[data-test=todo-light-red]').click()
    await page.waitForURL(/light=red/)
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test=tasks-table] .el-table__body-wrapper .el-table__row').length === n,
      red,
    )
  }
  await signOut(page)
})

test('an account administrator without plan permissions gets shortcuts, no empty panel', async () => {
  await signIn(page, MANAGER.login, MANAGER.password)
  await page.locator('[data-test=shortcuts]').getByText('用户管理').waitFor()
  assert.equal(await page.locator('[data-test=todo]').count(), 0)
  assert.equal(await page.locator('[data-test=todo-units]').count(), 0)
  await shot(page, 'home-no-plans')
  await signOut(page)
})

test('the home page loads no chart library first (first-load JS reported)', async (t) => {
  for (const [login, password] of [['admin', ADMIN_PASSWORD], [LIAISON.login, LIAISON.password]]) {
    const m = await measureHomeLoad(login, password, '[data-test=todo]')
    for (const line of formatLoad(login, m).split('\n')) t.diagnostic(line)
    assert.ok(!m.files.some((f) => /ScoreChart|IndicatorTownChart|echarts|installCanvasRenderer/.test(f.name)), 'a chart chunk on the first load')
    assert.ok(m.gzip < 200 * 1024, `${login}: ${(m.gzip / 1024).toFixed(1)} KB of gzip JS on the first load`)
  }
})
