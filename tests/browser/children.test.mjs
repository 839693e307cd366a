// Children in difficulty and their allowances in the browser against a real
// server (run by run.sh). Independent of the other files: its own village
// under 崇福镇 (a town no other browser test writes in) and children whose ID
// numbers are made of this run's time. In order, sharing one browser: the
// import page (a CSV with errors: every row, column and reason listed and
// nothing written, checked through the API; the same file with 跳过错误行 and
// its rejected rows; then a good file), the register (filters, masked rows,
// 查找 by the full ID number), a category changing on the child's page when a
// parent's status is added (the tag and the history line), ending a period,
// a visit, a reveal with a reason and its audit entry (API and 审计日志 page),
// a town worker without pii.reveal (no button), the standards (the plan's
// floor warning) and the month's payment list approved, then every page at a
// phone's size; then 修改信息 (economy to 低保: 困境儿童 and the history
// lines), 清空 of the address and bank account, a guardian added and
// removed with a reason, a town worker's transfer to another town's village
// picked by name and accepted there through 待接收的转移 (both ends by village
// and town), and those dialogs and the panel at a phone's size. No page
// shows English or a raw code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_PASSWORD, BASE, apiClient, gotoLogin, launch, overflowX, shot, signIn, signOut, submitLogin } from './lib.mjs'

const n = Date.now()
const run = n.toString(36).slice(-5)
const TOWN = '330483107' // 崇福镇
const VILLAGE = `${TOWN}951`
const WORKER = { login: `chd.worker.${run}`, password: 'Chong-Fu-2024-tongxiang' }
const DAY = 86400000

// A valid ID number (GB 11643) of address 330483, birth date and sequence.
function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11]
}
// a birth date between 2013 and 2014 and a sequence of this run, k apart
const birth = (k) => new Date(Date.UTC(2013, 0, 1) + ((Math.floor(n / 1000) + k * 37) % 700) * DAY).toISOString().slice(0, 10)
const seq = (k) => 100 + ((Math.floor(n / 1000) + k) % 800)
const ID = (k) => gid(birth(k), seq(k))
const masked = (id) => `${id.slice(0, 6)}********${id.slice(-4)}`

// the child whose category changes: father dead, mother working away → 留守儿童
const LEFT = { name: '童测留守', id_number: ID(0), village_code: VILLAGE, placement: '家庭',
  father_status: '死亡', father_started_on: '2020-02-02', mother_status: '外出务工', mother_started_on: '2021-05-01' }
const GOOD1 = { 姓名: '童测导入一', 身份证号: ID(1), 村社区代码: VILLAGE, 安置方式: '家庭' }
const GOOD2 = { 姓名: '童测导入二', 身份证号: ID(2), 村社区代码: VILLAGE, 安置方式: '家庭寄养' }
const BAD = { 姓名: '童测错行', 身份证号: '123', 村社区代码: VILLAGE, 安置方式: '寄宿' }
const GOOD3 = { 姓名: '童测导入三', 身份证号: ID(3), 村社区代码: VILLAGE, 安置方式: '亲属抚养', 父亲状况: '死亡', 父亲状况开始日期: '2019-01-01', 母亲状况: '死亡', 母亲状况开始日期: '2019-06-01' }

// English words or codes where Chinese belongs (the file formats are named as they are)
const ALLOWED = /Excel|CSV|UTF-8|GBK|\.xlsx|\.xls|\.csv/g
const ENGLISH = /[A-Za-z]{2,}/

let b
let page
let admin
let dir
let leftId

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  const v = await admin('POST', '/api/v1/divisions', { code: VILLAGE, name: '崇福童测村', kind: 'village' })
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.body))
  const c = await admin('POST', '/api/v1/children', LEFT)
  assert.equal(c.status, 201, JSON.stringify(c.body))
  assert.deepEqual(c.body.categories, ['留守儿童'])
  leftId = c.body.id
  dir = await mkdtemp(join(tmpdir(), 'weibao-children-'))
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function noOverflow(what) {
  const o = await overflowX(page)
  assert.ok(o <= 1, `${what} is ${o}px wider than the screen`)
}

async function noEnglish(what) {
  const text = (await page.locator('#main').innerText()).replace(ALLOWED, '')
  const m = ENGLISH.exec(text)
  assert.equal(m, null, `English on ${what}: …${m ? text.slice(Math.max(0, m.index - 30), m.index + 30) : ''}…`)
}

/** The child registered under an ID number (through the API), or null. */
async function lookup(idNumber) {
  const r = await admin('POST', '/api/v1/children/lookup', { id_number: idNumber })
  return r.status === 200 ? r.body.id : null
}

/** A CSV of the template's columns (header line as downloaded) from rows of {header: value}. */
function csvOf(headerLine, rows) {
  const headers = headerLine.split(',')
  return [headerLine, ...rows.map((r) => headers.map((h) => r[h] || '').join(','))].join('\r\n') + '\r\n'
}

async function importFile(path, skipBad) {
  await page.locator('[data-test=import-file]').setInputFiles(path)
  await page.locator('[data-test=import-file-name]', { hasText: path.slice(path.lastIndexOf('/') + 1) }).waitFor()
  const box = page.locator('[data-test=import-skip-bad] input')
  if ((await box.isChecked()) !== skipBad) await page.locator('[data-test=import-skip-bad]').click()
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/children/import') && r.request().method() === 'POST'),
    page.locator('[data-test=import-submit]').click(),
  ])
  return res
}

/** The rows of the import's problem table as [[行号, 列, 问题], …]. */
async function problemRows() {
  const table = page.locator('[data-test=import-problems]')
  await table.locator('.el-table__row').first().waitFor()
  const rows = []
  for (const tr of await table.locator('.el-table__body-wrapper .el-table__row').all()) rows.push((await tr.locator('td').allInnerTexts()).map((s) => s.trim()))
  return rows
}

/** Waits until no select's drop-down is showing (a closing one still is for a moment). */
async function noDropdownOpen() {
  for (let i = 0; i < 50 && (await page.locator('.el-select__popper').filter({ visible: true }).count()) > 0; i++) {
    await page.waitForTimeout(100)
  }
}

/** Picks `option` (exact text) in the el-select inside `scope`. */
async function choose(scope, option) {
  await noDropdownOpen()   // else the option may be found in the previous select's closing list
  await scope.locator('.el-select').click()
  await page.locator('.el-select__popper').filter({ visible: true }).locator('.el-select-dropdown__item')
    .getByText(option, { exact: true }).click()
  await noDropdownOpen()
}

test('desktop: an import with errors lists each one and writes nothing; 跳过错误行, then a good file', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.locator('.side-menu').getByText('困境儿童', { exact: true }).waitFor()
  await page.locator('.side-menu .el-menu-item', { hasText: '儿童信息导入' }).click()
  await page.waitForURL(/#\/children\/import/)
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=import-template]').click()])
  const tpl = join(dir, 'template.csv')
  await download.saveAs(tpl)
  const headerLine = (await readFile(tpl, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/)[0]
  assert.match(headerLine, /^姓名,身份证号,村社区代码,安置方式/)

  const bad = join(dir, `儿童导入有误-${n}.csv`)
  await writeFile(bad, csvOf(headerLine, [GOOD1, BAD, GOOD2]))
  let res = await importFile(bad, false)
  assert.equal(res.status(), 422)
  await page.locator('[data-test=import-error]', { hasText: '没有导入任何儿童' }).waitFor()
  const rows = await problemRows()
  const text = rows.map((r) => r.join('|')).join('\n')
  assert.match(text, /第 3 行\|身份证号\|.+/)
  assert.match(text, /第 3 行\|安置方式\|.+/)
  assert.ok(rows.every((r) => r[0].startsWith('第 ') && r[2].length > 1), text)
  assert.equal(await lookup(GOOD1.身份证号), null, 'a file with errors wrote a child')
  await noEnglish('the import errors')
  await shot(page, 'children-import-errors')

  res = await importFile(bad, true)
  assert.equal(res.status(), 200)
  await page.locator('[data-test=import-result]', { hasText: '新增 2 人' }).waitFor()
  assert.match(await page.locator('[data-test=import-result]').innerText(), /有误未导入 1 行/)
  assert.match(await page.locator('[data-test=import-rejects]').innerText(), /7 天/)
  const [rej] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=import-rejected]').click()])
  const rejFile = join(dir, 'rejects.csv')
  await rej.saveAs(rejFile)
  assert.match(await readFile(rejFile, 'utf8'), /童测错行/)
  assert.ok(await lookup(GOOD1.身份证号), 'the good rows were not written')
  assert.ok(await lookup(GOOD2.身份证号))
  await shot(page, 'children-import-skip-bad')

  const good = join(dir, `儿童导入-${n}.csv`)
  await writeFile(good, csvOf(headerLine, [GOOD3]))
  res = await importFile(good, false)
  assert.equal(res.status(), 200)
  await page.locator('[data-test=import-result]', { hasText: '新增 1 人' }).waitFor()
  assert.equal(await page.locator('[data-test=import-problems]').count(), 0)
  assert.ok(await lookup(GOOD3.身份证号))
})

test('desktop: the register is masked and filtered; 查找 by the full ID number opens the child', async () => {
  await page.locator('.side-menu .el-menu-item', { hasText: '困境儿童名册' }).click()
  await page.waitForURL(/#\/children$/)
  await page.goto(`${BASE}/#/children?village=${VILLAGE}&category=orphan`)
  const table = page.locator('[data-test=children-table]')
  const orphanRow = table.locator('.el-table__row', { hasText: masked(GOOD3.身份证号) })
  await orphanRow.waitFor()
  assert.match(await orphanRow.innerText(), /童\*+三/)
  assert.match(await orphanRow.innerText(), /孤儿/)
  assert.match(await orphanRow.innerText(), /崇福镇 · 崇福童测村/)
  assert.equal(await table.locator('.el-table__row', { hasText: masked(LEFT.id_number) }).count(), 0, 'a 留守儿童 under the 孤儿 filter')
  const all = await page.locator('#main').innerText()
  for (const s of [GOOD3.姓名, GOOD3.身份证号, LEFT.name]) assert.ok(!all.includes(s), `${s} in clear in the register`)
  await noEnglish('the register')
  await shot(page, 'children-list')

  // the export takes the same filters
  const [x, req] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForRequest((r) => r.url().includes('/api/v1/children/export.xlsx')),
    page.locator('[data-test=children-export]').click(),
  ])
  assert.match(x.suggestedFilename(), /\.xlsx$/)
  assert.match(req.url(), new RegExp(`village=${VILLAGE}.*|category=orphan`))
  assert.match(req.url(), /category=orphan/)

  // an age range: the 12-year-old orphan is outside 0–5, inside 10–14; the range goes to the API and the URL
  await page.getByLabel('年龄不小于（周岁）').fill('0')
  await page.getByLabel('年龄不大于（周岁）').fill('5')
  const [ageReq] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/children?') && r.url().includes('age_max=5')),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  assert.match(ageReq.url(), /age_min=0/)
  await page.waitForURL(/age_max=5/)
  await page.waitForFunction(() => !document.querySelector('[data-test=children-table] .el-table__body-wrapper')?.innerText.includes('孤儿'))
  await page.getByLabel('年龄不小于（周岁）').fill('10')
  await page.getByLabel('年龄不大于（周岁）').fill('14')
  await page.getByRole('button', { name: '查询' }).click()
  await orphanRow.waitFor()
  await noEnglish('the register with an age range')
  await page.getByRole('button', { name: '重置' }).click()
  await page.waitForURL((u) => !u.href.includes('age_'))

  await page.getByLabel('身份证号', { exact: true }).fill(gid('2013-01-01', 999))
  await page.locator('[data-test=lookup-submit]').click()
  await page.locator('[data-test=lookup-error]', { hasText: '未找到' }).waitFor()
  await page.getByLabel('身份证号', { exact: true }).fill(LEFT.id_number)
  await page.locator('[data-test=lookup-submit]').click()
  await page.waitForURL(new RegExp(`#/children/${leftId}$`))
  await page.locator('[data-test=child-categories]', { hasText: '留守儿童' }).waitFor()
})

test('desktop: 新增儿童 through the form: the server\'s problems by column, then the child\'s page', async () => {
  await page.goto(`${BASE}/#/children`)
  await page.locator('[data-test=child-create]').click()
  const form = page.locator('[data-test=child-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=child-form-save]').click()
  await form.locator('.el-form-item__error', { hasText: '请填写姓名' }).waitFor()
  await form.locator('.el-form-item__error', { hasText: '请选择村（社区）' }).waitFor()
  const id = ID(4)
  const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1')
  await form.getByLabel('姓名', { exact: true }).fill('童测表单')
  await form.getByLabel('身份证号', { exact: true }).fill(wrong)
  await form.locator('.division-picker').click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText('崇福童测村', { exact: true }).click()
  await choose(form.locator('.el-form-item', { hasText: '安置方式' }), '亲属抚养')
  await choose(form.locator('.el-form-item', { hasText: '父亲状况' }).first(), '死亡')
  await form.getByLabel('父亲状况开始日期').fill('2018-03-02')
  await form.getByLabel('父亲状况开始日期').press('Enter')
  await choose(form.locator('.el-form-item', { hasText: '母亲状况' }).first(), '宣告失踪')
  await form.getByLabel('母亲状况开始日期').fill('2019-04-01')
  await form.getByLabel('母亲状况开始日期').press('Enter')
  let [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/children') && r.request().method() === 'POST'),
    form.locator('[data-test=child-form-save]').click(),
  ])
  assert.equal(res.status(), 422)
  await form.locator('[data-test=child-form-problems]', { hasText: '身份证号：' }).waitFor()
  await noEnglish('the child form')
  await shot(page, 'children-form-problems')
  await form.getByLabel('身份证号', { exact: true }).fill(id)
  ;[res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/children') && r.request().method() === 'POST'),
    form.locator('[data-test=child-form-save]').click(),
  ])
  assert.equal(res.status(), 201)
  const created = await res.json()
  await page.waitForURL(new RegExp(`#/children/${created.id}`))
  await page.locator('[data-test=child-categories]', { hasText: '孤儿' }).waitFor()
  assert.match(await page.locator('[data-test=child-reasons]').innerText(), /母亲：宣告失踪（2019-04-01起）/)
})

test('desktop: adding a parent\'s status changes the category, with its history line; ending a period; a visit', async () => {
  await page.goto(`${BASE}/#/children/${leftId}`)
  const cats = page.locator('[data-test=child-categories]')
  await cats.getByText('留守儿童').waitFor()
  assert.match(await page.locator('[data-test=child-reasons]').innerText(), /为什么：父亲：死亡（2020-02-02起）；母亲：外出务工/)
  assert.match(await page.locator('[data-test=child-facts]').innerText(), new RegExp(masked(LEFT.id_number).replaceAll('*', '\\*')))

  await page.locator('[data-test=parent-add]').click()
  const form = page.locator('[data-test=parent-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=parent-save]').click()
  await form.locator('.el-form-item__error', { hasText: '请选择状况' }).waitFor()
  await choose(form.locator('[data-test=field-status]'), '残疾')
  await form.locator('[data-test=field-disability]').waitFor()
  await choose(form.locator('[data-test=field-status]'), '死亡')
  assert.equal(await form.locator('[data-test=field-disability]').count(), 0)
  await form.getByLabel('开始日期').fill('2024-06-01')
  await form.getByLabel('开始日期').press('Enter')
  await form.getByLabel('依据').fill('死亡医学证明')
  await shot(page, 'children-parent-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${leftId}/parents`) && r.request().method() === 'POST'),
    form.locator('[data-test=parent-save]').click(),
  ])
  assert.equal(res.status(), 201)
  assert.deepEqual(JSON.parse(res.request().postData()), { parent: '母亲', status: '死亡', started_on: '2024-06-01', evidence: '死亡医学证明' })
  await form.waitFor({ state: 'hidden' })
  await cats.getByText('孤儿').waitFor()
  assert.doesNotMatch(await cats.innerText(), /留守儿童/)
  assert.match(await page.locator('[data-test=child-reasons]').innerText(), /孤儿\s*为什么：父亲：死亡（2020-02-02起）；母亲：死亡（2024-06-01起）/)
  const history = page.locator('[data-test=child-history]')
  const line = history.locator('.el-timeline-item', { hasText: '留守儿童 → 孤儿' })
  await line.waitFor()
  assert.match(await line.innerText(), /类别变化/)
  assert.match(await line.innerText(), /系统管理员/)
  assert.match(await line.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  assert.match(await history.innerText(), /母亲状况：死亡（2024-06-01起）[\s\S]*依据：死亡医学证明/)
  assert.equal(await page.locator('[data-test=periods-母亲] .el-table__row').count(), 2)
  await noEnglish('the child\'s page')
  await shot(page, 'children-category-changed')

  // ending the mother's 外出务工: the period shows its end; still 孤儿
  const away = page.locator('[data-test=periods-母亲] .el-table__row', { hasText: '外出务工' })
  await away.locator('[data-test=period-end]').click()
  const end = page.locator('[data-test=end-form]').filter({ visible: true })
  await end.waitFor()
  const yesterday = new Date(Date.now() + 8 * 3600000 - DAY).toISOString().slice(0, 10)
  await end.getByLabel('结束日期').fill(yesterday)
  await end.getByLabel('结束日期').press('Enter')
  const [ended] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/children/${leftId}/parents/`) && r.request().method() === 'POST'),
    end.locator('[data-test=end-save]').click(),
  ])
  assert.equal(ended.status(), 200)
  await end.waitFor({ state: 'hidden' })
  await away.getByText(yesterday).waitFor()
  assert.equal(await away.locator('[data-test=period-end]').count(), 0)
  await cats.getByText('孤儿').waitFor()

  // a visit: listed with the next one due
  await page.locator('[data-test=visit-add]').click()
  const visit = page.locator('[data-test=visit-form]').filter({ visible: true })
  await visit.waitFor()
  await visit.getByLabel('走访日期', { exact: true }).fill(yesterday)
  await visit.getByLabel('走访日期', { exact: true }).press('Enter')
  await visit.getByLabel('走访情况').fill('生活正常，由祖父照料')
  const [v] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${leftId}/visits`) && r.request().method() === 'POST'),
    visit.locator('[data-test=visit-save]').click(),
  ])
  assert.equal(v.status(), 201)
  await page.locator('[data-test=visits-table] .el-table__row', { hasText: '生活正常，由祖父照料' }).waitFor()
  await page.locator('[data-test=next-visit]', { hasText: '下次走访' }).waitFor()
})

test('desktop: 查看完整信息 asks a reason, shows the value, and the reveal is in the audit log', async () => {
  const reason = `入户核对身份${n}`
  await page.goto(`${BASE}/#/children/${leftId}`)
  await page.locator('[data-test=child-reveal]').click()
  const dialog = page.locator('[data-test=reveal-form]').filter({ visible: true })
  await dialog.waitFor()
  await choose(dialog, '姓名')
  await dialog.locator('[data-test=reveal-submit]').click()
  await dialog.locator('.el-form-item__error', { hasText: '请填写查看理由' }).waitFor()
  await dialog.getByLabel('查看理由').fill(reason)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${leftId}/reveal`)),
    dialog.locator('[data-test=reveal-submit]').click(),
  ])
  assert.equal(res.status(), 200)
  await page.locator('[data-test=reveal-value]', { hasText: `姓名：${LEFT.name}` }).waitFor()
  await shot(page, 'children-revealed')
  await page.locator('[data-test=reveal-value] .el-alert__close-btn').click()
  await page.locator('[data-test=reveal-value]').waitFor({ state: 'hidden' })

  const events = await admin('GET', '/api/v1/audit?action=child.reveal&user=admin&per_page=10')
  const e = events.body.items.find((x) => x.detail === `查看姓名，理由：${reason}`)
  assert.ok(e, JSON.stringify(events.body.items))
  assert.equal(e.outcome, 'ok')
  assert.equal(e.object_id, String(leftId))
  await page.locator('.side-menu .el-menu-item', { hasText: '审计日志' }).click()
  await page.locator('.audit-table .el-table__row', { hasText: `查看姓名，理由：${reason}` }).waitFor()
  assert.ok(!(await page.locator('#main').innerText()).includes(LEFT.name), 'the clear name on the audit page')
  await shot(page, 'children-reveal-audit')
})

test('desktop: a town worker without pii.reveal has no 查看完整信息 and no standards form', async () => {
  const u = await admin('POST', '/api/v1/users', {
    login: WORKER.login,
    display_name: '崇福镇儿童督导员',
    roles: ['town_worker'],
    scope_kind: 'town',
    scope_division: TOWN,
    password: WORKER.password,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  await signOut(page)
  await submitLogin(page, WORKER.login, WORKER.password)
  await page.locator('.side-menu').waitFor()
  await page.goto(`${BASE}/#/children/${leftId}`)
  await page.locator('[data-test=child-categories]', { hasText: '孤儿' }).waitFor()
  assert.equal(await page.locator('[data-test=child-reveal]').count(), 0)
  assert.equal(await page.locator('[data-test=parent-add]').count(), 1, 'a town worker records parents\' statuses')
  await page.goto(`${BASE}/#/allowances/standards`)
  await page.locator('[data-test=standards-table]').waitFor()
  assert.equal(await page.locator('[data-test=standard-form]').count(), 0)
  await page.goto(`${BASE}/#/allowances`)
  await page.locator('[data-test=allowance-summary]').waitFor()
  assert.equal(await page.locator('[data-test=allowance-approve]').count(), 0)
  await signOut(page)
})

test('desktop: a standard below the floor is flagged; the month\'s list is approved and shows 已确认', async () => {
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  await page.locator('.side-menu').waitFor()
  await page.locator('.side-menu .el-menu-item', { hasText: '补贴标准' }).click()
  await page.waitForURL(/#\/allowances\/standards/)
  const form = page.locator('[data-test=standard-form]')
  await form.waitFor()
  // a date of this run's own (the same category, mode and date twice is refused)
  const k = Math.floor(n / 1000)
  const from = `2001-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (Math.floor(k / 12) % 28)).padStart(2, '0')}`
  await form.getByLabel('执行日期').fill(from)
  await form.getByLabel('执行日期').press('Enter')
  await form.getByLabel('每月标准（元）').fill('2000')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/allowance-standards') && r.request().method() === 'POST'),
    form.locator('[data-test=standard-save]').click(),
  ])
  assert.equal(res.status(), 201)
  await form.locator('[data-test=standard-below-floor]', { hasText: '集中供养孤儿标准×12 低于 25,000 元' }).waitFor()
  const row = page.locator('[data-test=standards-table] .el-table__row', { hasText: from })
  await row.waitFor()
  assert.match(await row.innerText(), /孤儿[\s\S]*集中供养[\s\S]*2,000\.00 元/)
  // a 社会散居 standard of the same day pays the dispersed orphans
  await choose(form.locator('.el-form-item', { hasText: '供养方式' }), '社会散居')
  await form.getByLabel('每月标准（元）').fill('1950.5')
  await form.locator('[data-test=standard-save]').click()
  await page.locator('[data-test=standards-table] .el-table__row', { hasText: '1,950.50 元' }).waitFor()
  await noEnglish('the standards')
  await shot(page, 'children-standards')

  await page.locator('.side-menu .el-menu-item', { hasText: '月度发放' }).click()
  await page.waitForURL(/#\/allowances/)
  await page.locator('[data-test=allowance-summary]').waitFor()
  const table = page.locator('[data-test=allowance-table]')
  assert.match(await page.locator('[data-test=allowance-summary]').innerText(), /共 \d+ 人，合计 [\d,]+\.\d{2} 元/)
  if (await page.locator('[data-test=allowance-approve]').count()) {
    const line = table.locator('.el-table__row', { hasText: masked(GOOD3.身份证号) })
    await line.waitFor()
    assert.match(await line.innerText(), /孤儿[\s\S]*社会散居[\s\S]*亲属抚养[\s\S]*\d\.\d{2} 元/)
    await noEnglish('the payment list')
    await shot(page, 'children-allowances')
    await page.locator('[data-test=allowance-approve]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确认' }).click()
    await page.locator('[data-test=allowance-approved]').waitFor()
    assert.equal(await page.locator('[data-test=allowance-approve]').count(), 0)
  } else {
    // this server's month was approved by an earlier run
    await page.locator('[data-test=allowance-approved]').waitFor()
  }
  await page.locator('[data-test=allowance-differences]').waitFor()
  await noEnglish('the approved payment list')
  await shot(page, 'children-allowances-approved')
})

test('phone 390×844: the register as cards, the child\'s page, the import, the standards and the payments fit the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await gotoLogin(page)
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  await page.locator('[data-test=topbar-user]').waitFor()
  await page.goto(`${BASE}/#/children?village=${VILLAGE}`)
  const card = page.locator('[data-test=child-card]', { hasText: masked(LEFT.id_number) })
  await card.waitFor()
  assert.equal(await page.locator('[data-test=children-table]').count(), 0)
  assert.match(await card.innerText(), /孤儿/)
  await noOverflow('the register')
  await noEnglish('the register on a phone')
  await shot(page, 'children-phone-list')

  await card.locator('.card-name').click()
  await page.waitForURL(new RegExp(`#/children/${leftId}`))
  await page.locator('[data-test=child-history]').waitFor()
  await noOverflow('the child\'s page')
  await noEnglish('the child\'s page on a phone')
  await shot(page, 'children-phone-child')
  await page.locator('[data-test=parent-add]').click()
  const form = page.locator('[data-test=parent-form]').filter({ visible: true })
  await form.waitFor()
  await page.waitForTimeout(400)
  const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
  assert.ok(box.width <= 390 && box.width >= 389, `the form is ${box.width}px wide`)
  await shot(page, 'children-phone-parent-form')
  await form.getByRole('button', { name: '取消' }).click()
  await form.waitFor({ state: 'hidden' })
  await page.locator('[data-test=child-reveal]').click()
  await page.locator('[data-test=reveal-form]').filter({ visible: true }).waitFor()
  await noOverflow('the reveal dialog')
  await shot(page, 'children-phone-reveal')
  await page.locator('[data-test=reveal-form]').filter({ visible: true }).getByRole('button', { name: '取消' }).click()

  await page.goto(`${BASE}/#/children/import`)
  await page.locator('[data-test=child-import]').waitFor()
  const bad = join(dir, `儿童导入有误-${n}.csv`)
  assert.equal((await importFile(bad, false)).status(), 422)
  await problemRows()
  await noOverflow('the import page')
  await noEnglish('the import page on a phone')
  await shot(page, 'children-phone-import')

  await page.goto(`${BASE}/#/allowances/standards`)
  await page.locator('[data-test=standards-table] .el-table__row').first().waitFor()
  await noOverflow('the standards')
  await noEnglish('the standards on a phone')
  await shot(page, 'children-phone-standards')

  await page.goto(`${BASE}/#/allowances`)
  await page.locator('[data-test=allowance-summary]').waitFor()
  await page.locator('[data-test=allowance-card]').first().waitFor()
  await noOverflow('the payment list')
  await noEnglish('the payment list on a phone')
  await shot(page, 'children-phone-allowances')
})

// ---- 修改信息, 转移 and 待接收的转移 (issue 11): children of their own, a second
// town (梧桐街道, where no other browser test writes) and its worker.
const TOWN_B = '330483001' // 梧桐街道
const VILLAGE_B = `${TOWN_B}952`
const WORKER_B = { login: `chd.townb.${run}`, password: 'Wu-Tong-2024-tongxiang' }
const EDITED = { name: '童测修改', id_number: ID(5), village_code: VILLAGE, placement: '家庭', guardian_name: '童测祖父', guardian_relation: '祖父',
  guardian_phone: '13800138000', father_status: '外出务工', father_started_on: '2020-01-01', mother_status: '正常', mother_started_on: '2020-01-01' }
const MOVED = { name: '童测转移', id_number: ID(6), village_code: VILLAGE, placement: '家庭' }
const CLEARED = { name: '童测清空', id_number: ID(7), village_code: VILLAGE, placement: '家庭', address: '崇福镇童测路 9 号', guardian_name: '童测外婆',
  guardian_relation: '外祖母', guardian_phone: '13800138009' }
const PII_HINT = '请勿在此填写他人姓名、身份证号等个人信息'

/** Picks village `name` in the transfer form's county-wide picker (typed to filter). */
async function pickVillage(form, name) {
  await form.locator('[data-test=transfer-village] .division-picker').click()
  await form.locator('[data-test=transfer-village] .division-picker input').fill(name)
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText(name, { exact: true }).click()
}

/** No English or raw code in the open dialog (dialogs are outside #main). */
async function dialogNoEnglish(dialog, what) {
  const text = (await dialog.innerText()).replace(ALLOWED, '')
  const m = ENGLISH.exec(text)
  assert.equal(m, null, `English in ${what}: …${m ? text.slice(Math.max(0, m.index - 30), m.index + 30) : ''}…`)
}

test('desktop: 修改信息 to 低保: the server\'s problems by field, then 困境儿童, the facts and the history lines', async () => {
  const c = await admin('POST', '/api/v1/children', EDITED)
  assert.equal(c.status, 201, JSON.stringify(c.body))
  assert.deepEqual(c.body.categories, [])
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${BASE}/#/children/${c.body.id}`)
  const cats = page.locator('[data-test=child-categories]')
  await cats.getByText('暂无类别').waitFor()
  assert.match(await page.locator('[data-test=child-facts]').innerText(), /银行账号\s*—/)

  await page.locator('[data-test=child-edit]').click()
  const form = page.locator('[data-test=edit-form]').filter({ visible: true })
  await form.waitFor()
  assert.equal(await form.getByText(PII_HINT).count(), 3, 'the hint under 学校, 住址 and 修改原因')
  assert.match(await form.getByLabel('监护人姓名').getAttribute('placeholder'), /童\*+父（不修改请留空）/)
  await choose(form.locator('[data-test=edit-economy]'), '低保')
  await form.getByLabel('银行账号').fill('12ab')
  await form.locator('[data-test=edit-save]').click()
  await form.locator('.el-form-item__error', { hasText: '请填写修改原因' }).waitFor()
  await form.getByLabel('修改原因').fill('民政核定低保')
  let [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${c.body.id}`) && r.request().method() === 'PATCH'),
    form.locator('[data-test=edit-save]').click(),
  ])
  assert.equal(res.status(), 422)
  // the bank account's problem under its field and in the list; nothing written
  const bankItem = form.locator('.el-form-item', { has: page.getByLabel('银行账号') })
  await bankItem.locator('.el-form-item__error').waitFor()
  await form.locator('[data-test=edit-problems]', { hasText: '银行账号：' }).waitFor()
  await dialogNoEnglish(form, 'the edit form\'s problems')
  await shot(page, 'children-edit-problems')
  await form.getByLabel('银行账号').fill('6222 0212 3456 7890 123')
  ;[res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${c.body.id}`) && r.request().method() === 'PATCH'),
    form.locator('[data-test=edit-save]').click(),
  ])
  assert.equal(res.status(), 200)
  assert.deepEqual(JSON.parse(res.request().postData()), { economy: '低保', bank_account: '6222 0212 3456 7890 123', reason: '民政核定低保' })
  await form.waitFor({ state: 'hidden' })
  await cats.getByText('困境儿童').waitFor()
  const facts = await page.locator('[data-test=child-facts]').innerText()
  assert.match(facts, /家庭经济\s*低保/)
  assert.match(facts, /622202\*{9}0123/)
  assert.ok(!facts.includes('6222021234567890123'), 'the bank account in clear')
  const history = page.locator('[data-test=child-history]')
  const upd = history.locator('.el-timeline-item', { hasText: '修改：家庭经济、银行账号' })
  await upd.waitFor()
  assert.match(await upd.innerText(), /信息修改[\s\S]*原因：民政核定低保/)
  await history.locator('.el-timeline-item', { hasText: '类别：无 → 困境儿童' }).waitFor()
  await noEnglish('the child\'s page after 修改信息')
  await shot(page, 'children-edited')
})

test('desktop: 修改信息 clears the address and bank account (清空); a guardian added, then removed with a reason', async () => {
  const c = await admin('POST', '/api/v1/children', CLEARED)
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const id = c.body.id
  assert.equal((await admin('PATCH', `/api/v1/children/${id}`, { bank_account: '6222021234567890129' })).status, 200)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${BASE}/#/children/${id}`)
  await page.locator('[data-test=child-history]').waitFor()
  assert.match(await page.locator('[data-test=child-facts]').innerText(), /622202\*{9}0129/)

  await page.locator('[data-test=child-edit]').click()
  const form = page.locator('[data-test=edit-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=clear-address]').click()
  await form.locator('[data-test=clear-bank_account]').click()
  assert.equal(await form.getByLabel('住址').getAttribute('placeholder'), '保存后清空')
  assert.ok(await form.getByLabel('银行账号').isDisabled())
  await form.getByLabel('修改原因').fill('户籍迁出，账户注销')
  await dialogNoEnglish(form, 'the edit form with 清空')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}`) && r.request().method() === 'PATCH'),
    form.locator('[data-test=edit-save]').click(),
  ])
  assert.equal(res.status(), 200)
  assert.deepEqual(JSON.parse(res.request().postData()), { address: '', bank_account: '', reason: '户籍迁出，账户注销' })
  await form.waitFor({ state: 'hidden' })
  const facts = await page.locator('[data-test=child-facts]').innerText()
  assert.match(facts, /住址\s*—/)
  assert.match(facts, /银行账号\s*—/)
  const history = page.locator('[data-test=child-history]')
  await history.locator('.el-timeline-item', { hasText: '修改：住址、银行账号' }).waitFor()

  // a second guardian, then removed: the first (收款人) has no 删除
  const guardians = page.locator('[data-test=child-guardians]')
  assert.match(await guardians.innerText(), /童\*+婆\s*收款人/)
  await page.locator('[data-test=guardian-add]').click()
  const add = page.locator('[data-test=guardian-form]').filter({ visible: true })
  await add.waitFor()
  await add.getByLabel('新监护人姓名').fill('童测姨妈')
  await add.getByLabel('新监护人与儿童关系').fill('姨妈')
  await add.getByLabel('新监护人手机').fill('0573-1')
  let [r2] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}/guardians`)),
    add.locator('[data-test=guardian-save]').click(),
  ])
  assert.equal(r2.status(), 422)
  await add.locator('[data-test=guardian-problems]', { hasText: '监护人手机' }).waitFor()
  await dialogNoEnglish(add, 'the guardian form\'s problems')
  await add.getByLabel('新监护人手机').fill('13900139009')
  ;[r2] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}/guardians`)),
    add.locator('[data-test=guardian-save]').click(),
  ])
  assert.equal(r2.status(), 201)
  await add.waitFor({ state: 'hidden' })
  await guardians.locator('.el-table__row', { hasText: '姨妈' }).waitFor()
  assert.ok(!(await guardians.innerText()).includes('童测姨妈'), 'the guardian\'s name in clear')
  assert.equal(await guardians.locator('[data-test=guardian-remove]').count(), 1, '删除 on the second guardian only')
  await history.locator('.el-timeline-item', { hasText: '新增监护人：姨妈' }).waitFor()
  // on a phone the guardians' table keeps 删除 on the screen
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(400)
  const del = await guardians.locator('[data-test=guardian-remove]').boundingBox()
  assert.ok(del && del.x + del.width <= 390, `删除 ends at ${del && del.x + del.width}px on a phone`)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.waitForTimeout(400)
  await guardians.locator('[data-test=guardian-remove]').click()
  const rm = page.locator('[data-test=guardian-remove-form]').filter({ visible: true })
  await rm.waitFor()
  await rm.locator('[data-test=guardian-remove-save]').click()
  await rm.locator('[data-test=guardian-remove-error]', { hasText: '请填写删除原因' }).waitFor()
  await rm.getByLabel('删除原因').fill('姨妈已迁居外省')
  await dialogNoEnglish(rm, 'the guardian removal')
  await shot(page, 'children-guardian-remove')
  const [r3] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes(`/api/v1/children/${id}/guardians/`)),
    rm.locator('[data-test=guardian-remove-save]').click(),
  ])
  assert.equal(r3.status(), 200)
  await rm.waitFor({ state: 'hidden' })
  await guardians.locator('.el-table__row', { hasText: '姨妈' }).waitFor({ state: 'detached' })
  const line = history.locator('.el-timeline-item', { hasText: '删除监护人：姨妈（第 2 监护人）' })
  await line.waitFor()
  assert.match(await line.innerText(), /原因：姨妈已迁居外省/)
  await noEnglish('the child\'s page after the guardians changed')
  await shot(page, 'children-guardians')
})

test('desktop: a town worker starts a transfer to another town; that town\'s worker accepts it in 待接收的转移', async () => {
  const v = await admin('POST', '/api/v1/divisions', { code: VILLAGE_B, name: '梧桐童测村', kind: 'village' })
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.body))
  const u = await admin('POST', '/api/v1/users', { login: WORKER_B.login, display_name: '梧桐街道儿童督导员', roles: ['town_worker'],
    scope_kind: 'town', scope_division: TOWN_B, password: WORKER_B.password })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  const c = await admin('POST', '/api/v1/children', MOVED)
  assert.equal(c.status, 201, JSON.stringify(c.body))
  const id = c.body.id

  await page.setViewportSize({ width: 1440, height: 900 })
  await signOut(page)
  await submitLogin(page, WORKER.login, WORKER.password)
  await page.locator('.side-menu').waitFor()
  await page.goto(`${BASE}/#/children/${id}`)
  await page.locator('[data-test=child-name]').waitFor()
  await page.locator('[data-test=child-transfer]').click()
  const form = page.locator('[data-test=transfer-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=transfer-save]').click()
  await form.locator('.el-form-item__error', { hasText: '请选择转入的村（社区）' }).waitFor()
  await form.locator('.el-form-item__error', { hasText: '请填写转移原因' }).waitFor()
  // another town's village picked by name from the county's list (no code typed)
  await pickVillage(form, '梧桐童测村')
  await form.locator('[data-test=transfer-elsewhere]', { hasText: '由梧桐街道接收后完成转移' }).waitFor()
  await form.getByLabel('转移原因').fill('随祖父母迁居')
  assert.equal(await form.getByText(PII_HINT).count(), 1)
  await dialogNoEnglish(form, 'the transfer form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}/transfer`)),
    form.locator('[data-test=transfer-save]').click(),
  ])
  assert.equal(res.status(), 200)
  await form.waitFor({ state: 'hidden' })
  await page.locator('.el-message', { hasText: '已发起转移，待转入地接收' }).waitFor()
  const pending = page.locator('[data-test=child-transfer-pending]')
  await pending.waitFor()
  assert.match(await pending.innerText(), /待转入：梧桐童测村（梧桐街道），原因：随祖父母迁居/)
  await page.locator('[data-test=child-history] .el-timeline-item', { hasText: '发起转移' }).waitFor()
  await noEnglish('the child\'s page with a pending transfer')
  await shot(page, 'children-transfer-pending')
  // the sending town sees it as 转出, without 接收
  await page.goto(`${BASE}/#/children`)
  const out = page.locator('[data-test=transfer-item]', { hasText: masked(MOVED.id_number) })
  await out.waitFor()
  assert.match(await out.innerText(), /转出[\s\S]*崇福童测村（崇福镇） → 梧桐童测村（梧桐街道），原因：随祖父母迁居/)
  assert.equal(await out.locator('[data-test=transfer-accept]').count(), 0)
  await signOut(page)

  // the receiving town: 接收, then the child is in its register
  await submitLogin(page, WORKER_B.login, WORKER_B.password)
  await page.locator('.side-menu').waitFor()
  await page.goto(`${BASE}/#/children`)
  const item = page.locator('[data-test=transfer-item]', { hasText: masked(MOVED.id_number) })
  await item.waitFor()
  assert.match(await item.innerText(), /转入[\s\S]*崇福童测村（崇福镇） → 梧桐童测村（梧桐街道）/)
  assert.ok(!(await item.innerText()).includes(MOVED.name), 'the name in clear in 待接收的转移')
  await page.locator('[data-test=transfers-incoming]').waitFor()
  const table = page.locator('[data-test=children-table]')
  assert.equal(await table.locator('.el-table__row', { hasText: masked(MOVED.id_number) }).count(), 0, 'in B\'s register before it is accepted')
  await noEnglish('待接收的转移')
  await shot(page, 'children-transfers-incoming')
  const [acc] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}/transfer/accept`)),
    item.locator('[data-test=transfer-accept]').click(),
  ])
  assert.equal(acc.status(), 200)
  await item.waitFor({ state: 'detached' })
  await table.locator('.el-table__row', { hasText: masked(MOVED.id_number) }).waitFor()
  assert.match(await table.locator('.el-table__row', { hasText: masked(MOVED.id_number) }).innerText(), /梧桐街道 · 梧桐童测村/)
  const after = await admin('GET', `/api/v1/children/${id}`)
  assert.equal(after.body.village.code, VILLAGE_B)
  assert.equal(after.body.transfer, null)
})

test('phone 390×844: 修改信息, 转移 and 待接收的转移 fit the screen, in Chinese', async () => {
  // B's worker (signed in): the accepted child, and a pending transfer back to 崇福镇 for the panel
  const id = await lookup(MOVED.id_number)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/children/${id}`)
  await page.locator('[data-test=child-history]').waitFor()
  await noOverflow('the child\'s page with its buttons')
  for (const [button, dialogTest, what] of [['child-edit', 'edit-form', 'the edit form'], ['child-transfer', 'transfer-form', 'the transfer form']]) {
    await page.locator(`[data-test=${button}]`).click()
    const dialog = page.locator(`[data-test=${dialogTest}]`).filter({ visible: true })
    await dialog.waitFor()
    await page.waitForTimeout(400)
    const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
    assert.ok(box.width <= 390, `${what} is ${box.width}px wide`)
    await noOverflow(what)
    await dialogNoEnglish(dialog, `${what} on a phone`)
    await shot(page, `children-phone-${dialogTest}`)
    if (dialogTest === 'transfer-form') {
      await pickVillage(dialog, '崇福童测村')
      await noOverflow('the transfer form with its destination')
      await dialog.getByLabel('转移原因').fill('返回原籍')
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/children/${id}/transfer`)),
        dialog.locator('[data-test=transfer-save]').click(),
      ])
      assert.equal(res.status(), 200)
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('[data-test=child-transfer-pending]').waitFor()
      await noOverflow('the pending transfer')
    } else {
      await dialog.getByRole('button', { name: '取消' }).click()
      await dialog.waitFor({ state: 'hidden' })
    }
  }
  await page.goto(`${BASE}/#/children`)
  await page.locator('[data-test=transfer-item]', { hasText: masked(MOVED.id_number) }).waitFor()
  await noOverflow('待接收的转移')
  await noEnglish('待接收的转移 on a phone')
  await shot(page, 'children-phone-transfers')

  // a town worker has no allowance.finance: the export is masked, and the page says so
  await page.goto(`${BASE}/#/allowances`)
  await page.locator('[data-test=allowance-export-note]', { hasText: '您没有财务权限，导出的收款人和银行账号已部分隐藏' }).waitFor()
  await noOverflow('the payment list with the export note')
  await noEnglish('the payment list with the export note')
})

test('a village director: no town or village filter, an incoming transfer without 接收; the standards\' amounts on a phone', async () => {
  const login = `chd.village.${run}`
  const u = await admin('POST', '/api/v1/users', { login, display_name: '崇福童测村儿童主任', roles: ['village_director'],
    scope_kind: 'village', scope_division: VILLAGE, password: 'Cun-Zhu-Ren-2024-tx' })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  await page.setViewportSize({ width: 1440, height: 900 })
  await signOut(page)
  await submitLogin(page, login, 'Cun-Zhu-Ren-2024-tx')
  await page.locator('.side-menu').waitFor()
  await page.goto(`${BASE}/#/children`)
  await page.locator('[data-test=filter-category]').waitFor()
  assert.equal(await page.locator('[data-test=filter-town]').count(), 0, 'a town filter for one village')
  assert.equal(await page.locator('[data-test=filter-village]').count(), 0, 'a village filter for one village')
  // the transfer back to 崇福童测村 started by 梧桐街道 (the phone test): the town accepts it, not the director
  const item = page.locator('[data-test=transfer-item]', { hasText: masked(MOVED.id_number) })
  await item.waitFor()
  assert.match(await item.innerText(), /梧桐童测村（梧桐街道） → 崇福童测村（崇福镇）[\s\S]*待镇（街道）接收/)
  assert.equal(await item.locator('[data-test=transfer-accept]').count(), 0)
  assert.match(await page.locator('[data-test=transfers-incoming]').innerText(), /名待转入本村（社区）/)
  await noEnglish('the register of a village director')
  await shot(page, 'children-village-director')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/allowances/standards`)
  const amount = page.locator('[data-test=standards-table] .el-table__row').first().locator('td', { hasText: '元' })
  await amount.waitFor()
  const box = await amount.boundingBox()
  assert.ok(box.x + box.width <= 390, `the monthly amount ends at ${box.x + box.width}px, off the screen`)
  await noOverflow('the standards on a phone')
  await shot(page, 'children-phone-standards-director')
})

test('no script errors on the children\'s pages', () => {
  assert.deepEqual(b.errors, [])
})
