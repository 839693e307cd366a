// End-to-end scenarios of the weibao web UI against a real server
// (run by run.sh: WEIBAO_URL and WEIBAO_ADMIN_PASSWORD come from it).
// The steps share one browser and build on each other, in order.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import {
  ADMIN_PASSWORD,
  BASE,
  gotoLogin,
  launch,
  menuTexts,
  openMenu,
  shot,
  signIn,
  signOut,
  submitLogin,
} from './lib.mjs'

const WORKER = {
  login: 'wuzhen.worker',
  name: '乌镇督导员',
  password: 'Qiao-Liu-2024-shui',
  role: '镇（街道）儿童督导员',
  town: '乌镇镇',
  townCode: '330483100',
}

let b // { context, page, errors, close }
let page
let createdUser = null

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

// The user list is paged and other test files add users before this one:
// find a user through the list's keyword filter (the server's q=).
async function findUser(login) {
  await page.getByLabel('关键词').fill(login)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.url().includes(`q=${encodeURIComponent(login)}`)),
    page.getByRole('button', { name: '查询' }).click(),
  ])
}

test('an unsigned visitor is sent to the sign-in page', async () => {
  await page.goto(`${BASE}/`)
  await page.waitForURL(/#\/login/)
  await page.getByText('桐乡市未成年人保护信息平台').first().waitFor()
  assert.equal(await page.title(), '登录 - 桐乡市未成年人保护信息平台')
  // every input has a label
  assert.equal(await page.getByLabel('用户名').count(), 1)
  assert.equal(await page.getByLabel('密码', { exact: true }).count(), 1)
  await shot(page, '01-login')
})

test('a wrong password shows 用户名或密码错误', async () => {
  await gotoLogin(page)
  await submitLogin(page, 'admin', 'not-the-password-1')
  const alert = page.locator('.login-alert')
  await alert.waitFor()
  assert.match(await alert.innerText(), /用户名或密码错误/)
  assert.match(page.url(), /#\/login/)
  await shot(page, '02-login-wrong-password')
})

test('the sign-in form checks required fields inline', async () => {
  await gotoLogin(page)
  await page.getByLabel('用户名').fill('')
  await page.getByLabel('密码', { exact: true }).fill('')
  await page.locator('.login-card button[type=submit]').click()
  await page.getByText('请输入用户名').waitFor()
  await page.getByText('请输入密码').waitFor()
})

test('admin signs in and sees the full menu, name, unit and scope', async () => {
  await signIn(page, 'admin', ADMIN_PASSWORD)
  const menu = await menuTexts(page)
  for (const m of ['首页', '用户管理', '角色与权限', '行政区划', '成员单位', '审计日志', '修改密码'])
    assert.ok(menu.includes(m), `menu lacks ${m}: ${menu.join(',')}`)
  const scope = await page.locator('[data-test=topbar-scope]').innerText()
  assert.match(scope, /· 全市$/)
  // the home page says what to do (待办, home.test.mjs checks it in depth)
  await page.locator('[data-test=todo-to_review]').waitFor()
  await shot(page, '03-dashboard-admin')
})

test('the menu is usable from the keyboard, with visible focus', async () => {
  await page.locator('[data-test=logout]').focus()
  await page.keyboard.press('Tab')
  const focused = () => page.evaluate(() => document.activeElement.textContent.trim())
  assert.equal(await focused(), '首页')
  await page.keyboard.press('ArrowDown')
  assert.equal(await focused(), '用户管理')
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)
  assert.equal(outline, 'solid', 'focused menu item has no visible outline')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await page.waitForURL(/#\/roles/)
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Enter')
  await page.waitForURL(/#\/users/)
})

test('admin creates a town worker scoped to 乌镇镇 through the form', async () => {
  await openMenu(page, '用户管理')
  await page.waitForURL(/#\/users/)
  await page.locator('.el-table__body').first().waitFor()
  await shot(page, '04-users')

  await page.getByRole('button', { name: '新建用户' }).click()
  const dialog = page.getByRole('dialog', { name: '新建用户' })
  await dialog.waitFor()

  // inline validation before anything is sent
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.getByText('请输入登录名').waitFor()
  await dialog.getByLabel('登录名').fill('_bad')
  await dialog.getByLabel('姓名').click()
  await dialog.getByText('登录名须以字母或数字开头').waitFor()

  await dialog.getByLabel('登录名').fill(WORKER.login)
  await dialog.getByLabel('姓名').fill(WORKER.name)
  await dialog.locator('.el-checkbox', { hasText: WORKER.role }).click()
  await dialog.locator('.el-radio', { hasText: '镇（街道）' }).click()
  await dialog.locator('.division-picker').click()
  const popper = page.locator('.division-picker-popper').filter({ visible: true })
  await popper.getByText(WORKER.town, { exact: true }).click()
  await dialog.getByLabel('初始密码').fill('short')
  await dialog.getByLabel('姓名').click()
  await dialog.getByText('密码至少 10 个字符').waitFor()
  // a common password passes the form's own checks; the server's message
  // is shown next to the field
  await dialog.getByLabel('初始密码').fill('Password2024!')
  await dialog.getByLabel('确认密码').fill('Password2024!')
  const [weak] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: '保存' }).click(),
  ])
  assert.equal(weak.status(), 400)
  const weakErr = (await weak.json()).error
  assert.equal(weakErr.field, 'password')
  const pwItem = dialog.locator('.el-form-item', { has: page.getByLabel('初始密码') })
  await pwItem.locator('.el-form-item__error', { hasText: weakErr.message }).waitFor()
  assert.match(weakErr.message, /[\u4e00-\u9fff]/)
  await shot(page, '05a-user-form-common-password')

  await dialog.getByLabel('初始密码').fill(WORKER.password)
  await dialog.getByLabel('确认密码').fill(WORKER.password)
  await shot(page, '05-user-form')

  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: '保存' }).click(),
  ])
  assert.equal(res.status(), 201, `POST /api/v1/users answered ${res.status()}: ${await res.text()}`)
  createdUser = await res.json()
  assert.equal(createdUser.login, WORKER.login)
  assert.equal(createdUser.scope.kind, 'town')
  assert.equal(createdUser.scope.division_code, WORKER.townCode)
  assert.deepEqual(createdUser.roles, ['town_worker'])

  await dialog.waitFor({ state: 'hidden' })
  await findUser(WORKER.login)
  const row = page.locator('.el-table__row', { hasText: WORKER.login })
  await row.waitFor()
  assert.match(await row.innerText(), new RegExp(WORKER.town))
  await shot(page, '06-users-after-create')
})

test('the user list filters on the server and exports the same filter to Excel', async () => {
  await page.getByLabel('关键词').fill('wuzhen')
  const [listRes] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.url().includes('q=wuzhen')),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  assert.equal(listRes.status(), 200)
  await page.waitForTimeout(300)
  const rows = await page.locator('.el-table__row').allInnerTexts()
  assert.equal(rows.length, 1, rows.join('\n'))
  assert.match(rows[0], new RegExp(WORKER.login.replace('.', '\\.')))

  const [download, exportRes] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.url().includes('/api/v1/users/export.xlsx')),
    page.getByRole('button', { name: '导出Excel' }).click(),
  ])
  assert.equal(exportRes.status(), 200)
  assert.match(exportRes.url(), /q=wuzhen/)
  assert.doesNotMatch(exportRes.url(), /[?&]page=/)
  const path = await download.path()
  const head = (await import('node:fs')).readFileSync(path).subarray(0, 2).toString('latin1')
  assert.equal(head, 'PK', 'the export is not an xlsx (zip) file')
  assert.match(download.suggestedFilename(), /\.xlsx$/)
})

test('admin signs out', async () => {
  await signOut(page)
  await page.getByText('您已安全退出').waitFor()
  // the session is gone on the server too
  await page.goto(`${BASE}/#/users`)
  await page.waitForURL(/#\/login/)
})

test('the town worker sees only what its role and scope allow', async () => {
  await signIn(page, WORKER.login, WORKER.password)
  const menu = await menuTexts(page)
  assert.ok(!menu.includes('用户管理'), `town worker has 用户管理: ${menu.join(',')}`)
  assert.ok(!menu.includes('角色与权限'))
  assert.ok(!menu.includes('审计日志'))
  assert.ok(menu.includes('行政区划'))
  assert.equal(await page.locator('[data-test=topbar-scope]').innerText().then((s) => s.trim()), `未设单位 · ${WORKER.town}`)
  await shot(page, '07-dashboard-town-worker')

  await openMenu(page, '行政区划')
  await page.waitForURL(/#\/divisions/)
  const tree = page.locator('.el-tree')
  await tree.locator('.el-tree-node').first().waitFor()
  const top = await tree.locator(':scope > .el-tree-node > .el-tree-node__content .node-name').allTextContents()
  assert.deepEqual(top, [WORKER.town])
  const names = await tree.locator('.node-name').allTextContents()
  for (const other of ['桐乡市', '濮院镇', '梧桐街道', '崇福镇'])
    assert.ok(!names.includes(other), `town worker sees ${other}`)
  assert.equal(await page.getByRole('button', { name: '新增区划' }).count(), 0)
  await shot(page, '08-divisions-town-worker')

  // a trivially patterned new password: the server's message under 新密码
  await openMenu(page, '修改密码')
  await page.waitForURL(/#\/password/)
  await page.getByLabel('当前密码').fill(WORKER.password)
  await page.getByLabel('新密码', { exact: true }).fill('1qaz2wsx3edc')
  await page.getByLabel('确认新密码').fill('1qaz2wsx3edc')
  const [pw] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password')),
    page.getByRole('button', { name: '确认修改' }).click(),
  ])
  assert.equal(pw.status(), 400)
  const pwErr = (await pw.json()).error
  assert.equal(pwErr.field, 'new_password')
  await page.locator('[data-test=new-password] .el-form-item__error', { hasText: pwErr.message }).waitFor()
  await shot(page, '08a-password-pattern')

  // a page the role does not allow is refused
  await page.goto(`${BASE}/#/users`)
  await page.waitForURL((u) => !u.hash.startsWith('#/users'))
  assert.ok(!(await menuTexts(page)).includes('用户管理'))
  await signOut(page)
})

test('admin sees the user creation in the audit log, with the chain verified', async () => {
  assert.ok(createdUser, 'the user was not created')
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '审计日志')
  await page.waitForURL(/#\/audit/)
  const verify = page.locator('[data-test=audit-verify][data-ok]')
  await verify.waitFor()
  assert.equal(await verify.getAttribute('data-ok'), 'true', `verify tag: ${await verify.innerText()}`)
  assert.match(await verify.innerText(), /完整/)

  const rows = page.locator('.audit-table .el-table__row')
  await rows.first().waitFor()
  const texts = await rows.allInnerTexts()
  const creation = texts.find((t) => /新建用户/.test(t) && t.includes(`#${createdUser.id}`) && /系统管理员（市未保办）/.test(t))
  assert.ok(creation, `no audit row for the creation of user ${createdUser.id}:\n${texts.join('\n')}`)
  await shot(page, '09-audit')

  // filter by user: only the town worker's entries (its sign-ins and sign-outs)
  await page.getByLabel('用户', { exact: true }).fill(WORKER.login)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes(`user=${WORKER.login}`)),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  await page.waitForTimeout(300)
  // (the user column names the person: 姓名 and unit, not the login)
  for (const t of await rows.allInnerTexts()) assert.ok(t.includes(WORKER.name), `row not by ${WORKER.name}: ${t}`)
})

/** POSTs JSON from a given loopback address (the server sees it as the client's). */
function postFrom(localAddress, path, json) {
  const u = new URL(BASE + path)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(json))
  })
}

test('a locked account is answered like a wrong password; admin sees 已锁定 and lifts it', async () => {
  assert.ok(createdUser, 'the user was not created')
  // more than login_account_limit (100) wrong passwords from all addresses
  // lock the account for everyone (26 from each of four addresses: under
  // login_ip_limit, 30, so none is throttled)
  const addrs = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']
  for (let i = 0; i < 26; i++) {
    const st = await Promise.all(addrs.map((a) => postFrom(a, '/api/v1/session', { username: WORKER.login, password: `wrong-password-${i}-x` })))
    for (const x of st) assert.equal(x, 401)
  }
  // the right password now gets the same answer as a wrong one: no 423
  await gotoLogin(page)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    submitLogin(page, WORKER.login, WORKER.password),
  ])
  assert.equal(res.status(), 401)
  const body = await res.json()
  assert.equal(body.error.code, 'bad_credentials')
  const alert = page.locator('.login-alert')
  await alert.waitFor()
  assert.equal((await alert.innerText()).trim(), body.error.message)
  assert.match(body.error.message, /用户名或密码错误/)
  assert.match(page.url(), /#\/login/)
  await shot(page, '12-login-locked')

  // admin: 已锁定 with the time in the list, and 解除锁定
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '用户管理')
  await page.waitForURL(/#\/users/)
  await findUser(WORKER.login)
  const row = page.locator('[data-test=users-table] .el-table__row', { hasText: WORKER.login })
  await row.waitFor()
  const locked = row.locator('[data-test=user-locked]')
  await locked.waitFor()
  assert.match(await locked.innerText(), /已锁定\s*至\s*(今天 )?(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}/)
  await shot(page, '13-users-locked')
  await row.locator('[data-test=user-unlock]').click()
  const box = page.locator('.el-message-box').filter({ visible: true })
  await box.waitFor()
  const [patch] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${createdUser.id}`) && r.request().method() === 'PATCH'),
    box.getByRole('button', { name: '解除锁定' }).click(),
  ])
  assert.equal(patch.status(), 200, await patch.text())
  assert.deepEqual(JSON.parse(patch.request().postData()), { unlock: true })
  await locked.waitFor({ state: 'detached' })
  assert.equal(await row.locator('[data-test=user-unlock]').count(), 0)
  await signOut(page)

  // unlocked: the worker signs in again
  await signIn(page, WORKER.login, WORKER.password)
  await signOut(page)
})

test('the audit page shows titles, never codes', async () => {
  // refusals of several kinds, so that their outcomes and actions are listed:
  // an unknown path (http.refused), a body too large (too_large), a body
  // that is not JSON (invalid), a page the role may not read (denied)
  await fetch(`${BASE}/api/v1/no-such-thing`)
  await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(11 * 1024 * 1024) }).catch(() => {})
  await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })
  const s = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: WORKER.login, password: WORKER.password }),
  })
  assert.equal(s.status, 200)
  await fetch(`${BASE}/api/v1/users`, { headers: { Cookie: s.headers.get('set-cookie').split(';')[0] } })

  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.goto(`${BASE}/#/audit`)
  const rows = page.locator('.audit-table .el-table__row')
  await rows.first().waitFor()
  // 100 a page: the whole run's events
  await page.locator('.el-pagination .el-select').click()
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('per_page=100')),
    page.locator('.el-select-dropdown__item').filter({ visible: true }).getByText('100条/页').click(),
  ])
  await page.waitForTimeout(300)
  const table = await page.locator('.audit-table').innerText()
  // what the server listed, so that the check covers these codes
  const listed = await page.evaluate(async () => (await (await fetch('/api/v1/audit?per_page=100')).json()).items)
  const actions = new Set(listed.map((e) => e.action))
  const outcomes = new Set(listed.map((e) => e.outcome))
  for (const a of ['session.create', 'user.update', 'http.refused']) assert.ok(actions.has(a), `no ${a} event: ${[...actions]}`)
  for (const o of ['ok', 'unauthenticated', 'too_large', 'invalid', 'denied']) assert.ok(outcomes.has(o), `no ${o} event: ${[...outcomes]}`)
  // no code in the table: the columns but 详情 (the server's free text)
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, -1).map((td) => td.innerText).join(' | ')),
  )
  const CODE = /\b(task|user|plan|session|audit|http|meta|division|unit|role|supervision|system|me)\.[a-z_]+\b/
  const OUTCOME = /\b(ok|unauthenticated|denied|not_found|conflict|too_large|locked|throttled|invalid|error)\b/
  for (const c of cells) {
    assert.doesNotMatch(c, CODE, `a raw action code: ${c}`)
    assert.doesNotMatch(c, OUTCOME, `a raw outcome code: ${c}`)
    assert.doesNotMatch(c, /其他/, `an action or outcome without a title: ${c}`)
  }
  for (const t of ['登录', '修改用户', '拒绝的请求', '内容过大', '输入有误', '未登录或认证失败']) assert.ok(table.includes(t), `audit table lacks ${t}`)
  // the filter choices are titles too
  await page.locator('[data-test=audit-filter-action]').click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).first().waitFor()
  const opts = await page.locator('.el-select-dropdown__item').filter({ visible: true }).allInnerTexts()
  assert.ok(opts.length >= 40, `only ${opts.length} actions to choose from`)
  for (const o of opts) assert.doesNotMatch(o, /[a-z]{3,}/, `a code in the action filter: ${o}`)
  await page.keyboard.press('Escape')
  await page.locator('.el-select-dropdown__item').filter({ visible: true }).first().waitFor({ state: 'hidden' })
  await shot(page, '09b-audit-titles')
})

test('a lost session sends the user to sign-in and back to the page', async () => {
  await openMenu(page, '成员单位')
  await page.waitForURL(/#\/units/)
  await page.locator('.el-table__row').first().waitFor()
  await shot(page, '10-units')
  await b.context.clearCookies()
  await openMenu(page, '角色与权限')
  await page.waitForURL(/#\/login/)
  assert.match(decodeURIComponent(page.url()), /redirect=\/roles/)
  await page.getByText(/登录状态已失效|登录已超时/).first().waitFor()
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  await page.waitForURL(/#\/roles$/)
  await page.locator('.el-table__row').first().waitFor()
  await shot(page, '11-roles')
})

test('no script errors on any page', () => {
  assert.deepEqual(b.errors, [])
})
