// 入职查询 (background checks) in the browser against a real server (run by
// run.sh). Independent of the other files: two schools of this run (their
// names carry its number), people whose ID numbers are made of this run's
// time, a registry keeper and an HR user of the first school created through
// the API. In order, sharing one browser: the keeper's menu (记录库导入 and
// no 名单查询), a registry file with a bad row (listed by row and column,
// nothing written), the same file with 跳过错误行 (the totals by category and
// the import history); the HR user's menu (no 记录库导入), a roster .xlsx with
// a hit, a miss and a malformed ID number (有记录 / 无记录 / 无效 on their
// rows, masked, the 无效 row to download), the run in 查询记录 with its Excel
// export, only this school's run and staff (not the other school's, checked
// by admin through the API), 在职人员与复查 with its filters and a 申请复查
// with a reason; admin's menu (no 记录库导入: not even admin reads the
// registry) and 覆盖率 with the school in its table and the chart; then every
// page at 390×844 (cards, no overflow). No page shows English or a raw code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, BASE, apiClient, englishIn, launch, menuTexts, overflowX, shot, signIn, signOut, submitLogin } from './lib.mjs'

const n = Date.now()
// digits only: the names and file names show on pages checked for English
const num = String(n).slice(-6)
const TOWN = '330483004' // 高桥街道
const SCHOOL = `入职测试小学${num}`
const OTHER = `入职测试中学${num}`
const KEEPER = { login: `chk.keeper.${num}`, password: 'Gong-An-2024-tongxiang' }
const HR = { login: `chk.hr.${num}`, password: 'Ren-Shi-2024-tongxiang' }
// a liaison of 市教育局, the schools' supervising unit (check_supervisor_units)
const LIAISON = { login: `chk.edu.${num}`, password: 'Jiao-Yu-2024-tongxiang' }
const DAY = 86400000

// A valid ID number (GB 11643) of address 330483, birth date and sequence.
function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11]
}
// adults born 1980–1997, a date and a sequence of this run, k apart
const birth = (k) => new Date(Date.UTC(1980, 0, 1) + ((Math.floor(n / 1000) + k * 389) % 6500) * DAY).toISOString().slice(0, 10)
const seq = (k) => 100 + ((Math.floor(n / 1000) + k * 7) % 800)
const ID = (k) => gid(birth(k), seq(k))
const masked = (id) => `${id.slice(0, 6)}********${id.slice(-4)}`
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// the registry: the hit person (and an offence of each kind for the totals); a bad row
const HIT = { name: '钱测有记', id: ID(0) }
const MISS = { name: '孙测无记', id: ID(1) }
const OTHER_PERSON = { name: '李测他校', id: ID(2) }
const BAD_ID = ID(3).slice(0, 17) // 17 digits: malformed
const REGISTRY = [
  { 姓名: HIT.name, 身份证号: HIT.id, 类别: '性侵害', 记录日期: '2015-06-01' },
  { 姓名: '周测错行', 身份证号: '33048319800101', 类别: '盗窃', 记录日期: '2015-13-01' },
  { 姓名: '吴测虐待', 身份证号: ID(4), 类别: '虐待', 记录日期: '2018-03-02' },
]

let b
let page
let admin
let dir
let schoolId
let otherId

/** A CSV of the template's columns (header line as downloaded) from rows of {header: value}. */
function csvOf(headerLine, rows) {
  const headers = headerLine.split(',')
  return [headerLine, ...rows.map((r) => headers.map((h) => r[h] || '').join(','))].join('\r\n') + '\r\n'
}

/** Writes an .xlsx of one sheet (tests/helpers/xlsx_write.py) from header and rows of cells. */
function xlsxOf(path, header, rows) {
  const sheet = { name: '名单', rows: [[1, header], ...rows.map((r, i) => [i + 2, r])] }
  execFileSync('python3', [join(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'xlsx_write.py'), path], {
    input: JSON.stringify({ sheets: [sheet] }),
  })
}

/** A school of this run (the registers' API); resolves with its id. */
async function school(name) {
  const r = await admin('POST', '/api/v1/facilities', { type: 'school', name, division_code: TOWN, stage: '小学' })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return r.body.id
}

/**
 * A county-wide registry keeper, through the command line on the server's
 * data directory: nobody may give a role beyond their own permissions
 * through the API, and not even admin holds check.registry.
 */
function keeper(u, display) {
  execFileSync(process.env.WEIBAO_BIN, ['user', 'add', u.login, '--data', process.env.WEIBAO_DATA, '--name', display,
    '--role', 'registry_keeper', '--scope', 'county', '--password-stdin'], { input: `${u.password}\n` })
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  schoolId = await school(SCHOOL)
  otherId = await school(OTHER)
  assert.ok(process.env.WEIBAO_BIN && process.env.WEIBAO_DATA, 'WEIBAO_BIN / WEIBAO_DATA are not set (run tests/browser/run.sh)')
  keeper(KEEPER, '公安记录库管理员')
  const units = await admin('GET', '/api/v1/units')
  const edu = units.body.items.find((u) => u.name === '市教育局')
  assert.ok(edu, 'no 市教育局')
  const l = await admin('POST', '/api/v1/users', { login: LIAISON.login, display_name: '教育局联络员', unit_id: edu.id, roles: ['unit_liaison'],
    scope_kind: 'unit', password: LIAISON.password })
  assert.equal(l.status, 201, JSON.stringify(l.body))
  dir = await mkdtemp(join(tmpdir(), 'weibao-checks-'))
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

/** No English word or raw code on the page (the test users' logins may show as they are). */
async function noEnglish(what, locator = page.locator('#main')) {
  const m = englishIn(await locator.innerText(), [KEEPER.login, HR.login, 'admin'])
  assert.equal(m, null, `English on ${what}: …${m}…`)
}

/** No name or full ID number of this run's people in clear on the page. */
async function noClearPeople(what) {
  const text = await page.locator('#main').innerText()
  for (const s of [HIT.name, HIT.id, MISS.name, MISS.id, OTHER_PERSON.name, OTHER_PERSON.id]) assert.ok(!text.includes(s), `${s} in clear on ${what}`)
}

/** The 入职查询 group's entries of the side menu. */
async function checkMenu() {
  await page.locator('.side-menu').waitFor()
  return (await menuTexts(page)).filter((t) => ['名单查询', '查询记录', '在职人员与复查', '覆盖率', '记录库导入'].includes(t))
}

/** A response's body for an assertion's message ('' when the browser no longer has it). */
const why = (res) => res.text().catch(() => '')

/** Chooses a file in the page's hidden input and waits for its name to show. */
async function pick(inputTest, nameTest, path) {
  await page.locator(`[data-test=${inputTest}]`).setInputFiles(path)
  await page.locator(`[data-test=${nameTest}]`, { hasText: path.slice(path.lastIndexOf('/') + 1) }).waitFor()
}

/** The rows of a problem table as [[行号, 列, 问题], …]. */
async function tableRows(testId) {
  const table = page.locator(`[data-test=${testId}]`)
  await table.locator('.el-table__row').first().waitFor()
  const rows = []
  for (const tr of await table.locator('.el-table__body-wrapper .el-table__row').all()) rows.push((await tr.locator('td').allInnerTexts()).map((s) => s.trim()))
  return rows
}

/** Uploads a roster on 名单查询; resolves with the response. */
async function runRoster(path) {
  await pick('check-file', 'check-file-name', path)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/checks/runs') && r.request().method() === 'POST'),
    page.locator('[data-test=check-submit]').click(),
  ])
  return res
}

let registryHeader
let rosterPath
let runId

test('desktop: admin creates the school\'s HR user through the form: 本机构 and the school', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.goto(`${BASE}/#/users`)
  await page.getByRole('button', { name: '新建用户' }).click()
  const dialog = page.getByRole('dialog', { name: '新建用户' })
  await dialog.waitFor()
  await dialog.getByLabel('登录名').fill(HR.login)
  await dialog.getByLabel('姓名').fill('测试小学人事')
  await dialog.locator('.el-checkbox', { hasText: '用人单位人事' }).click()
  await dialog.locator('.el-radio', { hasText: '本机构' }).click()
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.getByText('请选择所属机构').waitFor()
  await dialog.locator('.el-select[data-test=scope-institution-id]').click()
  await page.locator('.el-select__popper').filter({ visible: true }).locator('.el-select-dropdown__item', { hasText: SCHOOL }).click()
  await dialog.getByLabel('初始密码').fill(HR.password)
  await dialog.getByLabel('确认密码').fill(HR.password)
  assert.equal(englishIn(await dialog.innerText(), [HR.login]), null, 'English in the user form')
  await shot(page, 'checks-user-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: '保存' }).click(),
  ])
  assert.equal(res.status(), 201, await why(res))
  const created = await res.json()
  assert.deepEqual([created.scope.kind, created.scope.institution_id, created.roles], ['institution', schoolId, ['institution_hr']])
  await dialog.waitFor({ state: 'hidden' })
  await signOut(page)
})

test('desktop: the registry keeper has 记录库导入 only; a bad row is listed and nothing written; 跳过错误行 imports the rest', async () => {
  await submitLogin(page, KEEPER.login, KEEPER.password)
  assert.deepEqual(await checkMenu(), ['记录库导入'])
  await page.locator('.side-menu').getByText('入职查询', { exact: true }).waitFor()
  await page.locator('.side-menu .el-menu-item', { hasText: '记录库导入' }).click()
  await page.waitForURL(/#\/checks\/registry$/)
  await page.locator('[data-test=registry-total]').waitFor()
  const before = Number((await page.locator('[data-test=registry-total]').innerText()).match(/\d+/)[0])

  const [tpl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=registry-template]').click()])
  const tplPath = join(dir, 'registry-template.csv')
  await tpl.saveAs(tplPath)
  const tplText = await readFile(tplPath, 'utf8')
  assert.ok(tplText.endsWith('\r\n') && !tplText.includes('\0'), JSON.stringify(tplText))
  registryHeader = tplText.replace(/^\uFEFF/, '').split(/\r?\n/)[0]
  assert.match(registryHeader, /^姓名,身份证号,类别,记录日期/)

  const file = join(dir, `违法犯罪记录${num}.csv`)
  await writeFile(file, csvOf(registryHeader, REGISTRY))
  await pick('registry-file', 'registry-file-name', file)
  let [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/checks/registry/import')),
    page.locator('[data-test=registry-submit]').click(),
  ])
  assert.equal(res.status(), 422, await why(res))
  await page.locator('[data-test=registry-error]', { hasText: '没有导入任何记录' }).waitFor()
  const rows = await tableRows('registry-problems')
  const text = rows.map((r) => r.join('|')).join('\n')
  assert.match(text, /第 3 行\|身份证号\|.+/)
  assert.ok(rows.every((r) => r[0] === '第 3 行' && r[2].length > 1), text)
  await page.locator('[data-test=registry-total]', { hasText: `共 ${before} 条` }).waitFor()
  await noEnglish('the registry import errors')
  await shot(page, 'checks-registry-errors')

  await page.locator('[data-test=registry-skip-bad]').click()
  await pick('registry-file', 'registry-file-name', file)
  ;[res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/checks/registry/import')),
    page.locator('[data-test=registry-submit]').click(),
  ])
  assert.equal(res.status(), 200, await why(res))
  assert.match(res.url(), /skip_bad=1/)
  await page.locator('[data-test=registry-result]', { hasText: '导入 2 条' }).waitFor()
  await page.locator('[data-test=registry-total]', { hasText: `共 ${before + 2} 条` }).waitFor()
  const cats = await page.locator('[data-test=registry-categories]').innerText()
  for (const c of ['性侵害', '虐待', '拐卖', '暴力伤害']) assert.ok(cats.includes(c), `${c} not among the totals`)
  await page.locator('[data-test=registry-imports] .el-table__row', { hasText: `违法犯罪记录${num}.csv` }).first().waitFor()
  const main = await page.locator('#main').innerText()
  for (const s of [HIT.name, HIT.id]) assert.ok(!main.includes(s), `${s} in clear on the registry page`)
  await noEnglish('the registry page')
  await shot(page, 'checks-registry')

  // the keeper cannot reach the rosters: the page is refused, and so is the API
  await page.goto(`${BASE}/#/checks`)
  await page.locator('.el-message', { hasText: '您没有访问该页面的权限' }).waitFor()
  const keeper = await apiClient(KEEPER.login, KEEPER.password)
  assert.equal((await keeper('GET', '/api/v1/checks/runs')).status, 403)
  await signOut(page)
})

test('desktop: the HR user uploads a roster: 有记录, 无记录 and 无效 on their rows, masked; the 无效 row to download', async () => {
  await submitLogin(page, HR.login, HR.password)
  assert.deepEqual(await checkMenu(), ['名单查询', '查询记录', '在职人员与复查'])
  await page.locator('.side-menu .el-menu-item', { hasText: '名单查询' }).click()
  await page.waitForURL(/#\/checks$/)
  // one institution: named, nothing to choose
  await page.locator('[data-test=check-institution-name]', { hasText: SCHOOL }).waitFor()
  assert.equal(await page.locator('[data-test=check-institution]').count(), 0)

  const [tpl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=check-template]').click()])
  const tplPath = join(dir, 'roster-template.csv')
  await tpl.saveAs(tplPath)
  const header = (await readFile(tplPath, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',')
  assert.deepEqual(header.slice(0, 5), ['姓名', '身份证号', '岗位', '同意书编号', '入职日期'])

  // an Excel roster: row 2 the hit (an employee), row 3 the miss (an employee), row 4 a malformed number (an applicant)
  rosterPath = join(dir, `教职工名单${num}.xlsx`)
  xlsxOf(rosterPath, header.slice(0, 5), [
    [HIT.name, HIT.id, '体育教师', `同意${num}1`, { date: '2019-09-01' }],
    [MISS.name, MISS.id, '班主任', `同意${num}2`, { date: '2020-02-15' }],
    ['郑测错号', BAD_ID, '保安', `同意${num}3`, null],
  ])
  const res = await runRoster(rosterPath)
  assert.equal(res.status(), 200, await why(res))
  assert.match(res.url(), new RegExp(`institution=${schoolId}`))
  const summary = page.locator('[data-test=check-summary]')
  await summary.waitFor()
  // the run as stored (newest first; the browser may no longer hold the answer's body after a download)
  const hr = await apiClient(HR.login, HR.password)
  const runs = await hr('GET', '/api/v1/checks/runs')
  assert.equal(runs.status, 200, JSON.stringify(runs.body))
  const stored = runs.body.items[0]
  runId = stored.id
  assert.deepEqual([stored.institution.id, stored.checked, stored.hits, stored.invalid], [schoolId, 2, 1, 1])
  assert.match(await summary.innerText(), /2\s*已查询（人）\s*1\s*有记录（人）\s*1\s*无效（行）/)
  await page.locator('[data-test=check-hit-alert]').waitFor()
  const table = page.locator('[data-test=check-rows-table]')
  const row = (k) => table.locator('.el-table__row', { hasText: `第 ${k} 行` })
  assert.match(await row(2).innerText(), new RegExp(`${esc(masked(HIT.id))}[\\s\\S]*钱\\*+记[\\s\\S]*有记录`))
  assert.match(await row(3).innerText(), new RegExp(`${esc(masked(MISS.id))}[\\s\\S]*孙\\*+记[\\s\\S]*无记录`))
  assert.match(await row(4).innerText(), /无效/)
  // the colours: 有记录 red, 无记录 green, 无效 amber
  assert.match(await row(2).locator('[data-test=check-result]').getAttribute('class'), /el-tag--danger/)
  assert.match(await row(3).locator('[data-test=check-result]').getAttribute('class'), /el-tag--success/)
  assert.match(await row(4).locator('[data-test=check-result]').getAttribute('class'), /el-tag--warning/)
  assert.ok((await row(4).locator('td').last().innerText()).trim().length > 1, 'no message on the 无效 row')
  await noClearPeople('the run\'s result')
  assert.ok(!(await page.locator('[data-test=check-result-card]').innerText()).includes('性侵害'), 'the offence shown to the HR user')
  await noEnglish('the run\'s result')
  await shot(page, 'checks-run')

  // the filter by result
  await page.locator('[data-test=check-rows-filter]').getByText('有记录').click()
  assert.equal(await table.locator('.el-table__row').count(), 1)
  await page.locator('[data-test=check-rows-filter]').getByText('全部').click()
  assert.equal(await table.locator('.el-table__row').count(), 3)

  // the 无效 row, kept encrypted for its submitter: a CSV with that row
  const [rej] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=check-rejected]').click()])
  const rejPath = join(dir, 'rejects.csv')
  await rej.saveAs(rejPath)
  assert.match(await readFile(rejPath, 'utf8'), /郑测错号/)
})

test('desktop: 查询记录 lists this school\'s run only; it opens its rows and exports them', async () => {
  // another school's run, through admin: never shown to this school's HR user
  const other = await fetch(`${BASE}/api/v1/checks/runs?institution=${otherId}&name=other.csv`, {
    method: 'POST',
    headers: await rawHeaders(),
    body: `姓名,身份证号,岗位,同意书编号,入职日期\r\n${OTHER_PERSON.name},${OTHER_PERSON.id},厨师,,2021-01-01\r\n`,
  })
  assert.equal(other.status, 200, await other.clone().text())
  const otherRun = (await other.json()).id

  await page.locator('.side-menu .el-menu-item', { hasText: '查询记录' }).click()
  await page.waitForURL(/#\/checks\/runs$/)
  const table = page.locator('[data-test=runs-table]')
  const line = table.locator('.el-table__row', { hasText: SCHOOL })
  await line.first().waitFor()
  assert.equal(await table.locator('.el-table__row', { hasText: OTHER }).count(), 0, 'another school\'s run shown to this HR user')
  assert.match(await line.first().innerText(), /2[\s\S]*1[\s\S]*1/)
  await noEnglish('查询记录')
  await shot(page, 'checks-runs')
  await line.first().click()
  await page.waitForURL(new RegExp(`#/checks/runs/${runId}$`))
  await page.locator('[data-test=check-rows-table] .el-table__row', { hasText: masked(HIT.id) }).waitFor()
  assert.match(await page.locator('[data-test=run-facts]').innerText(), new RegExp(SCHOOL))
  const [x, req] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForRequest((r) => r.url().includes(`/api/v1/checks/runs/${runId}/export.xlsx`)),
    page.locator('[data-test=run-export]').click(),
  ])
  assert.ok(req)
  assert.match(x.suggestedFilename(), /\.xlsx$/)
  await noClearPeople('a run\'s page')
  await noEnglish('a run\'s page')
  await shot(page, 'checks-run-detail')

  // the other school's run: refused on its page and through the API
  await page.goto(`${BASE}/#/checks/runs/${otherRun}`)
  await page.locator('[data-test=run-error]').waitFor()
  const hr = await apiClient(HR.login, HR.password)
  assert.equal((await hr('GET', `/api/v1/checks/runs/${otherRun}`)).status, 404)
  assert.equal((await hr('GET', '/api/v1/checks/registry')).status, 403)
})

/** Headers of a raw CSV upload as admin (the API client sends JSON only). */
async function rawHeaders() {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  const s = await r.json()
  return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': s.csrf_token, 'Content-Type': 'text/csv', Accept: 'application/json' }
}

test('desktop: 在职人员与复查: the school\'s employees, the filters, 申请复查 with a reason and its record', async () => {
  await page.locator('.side-menu .el-menu-item', { hasText: '在职人员与复查' }).click()
  await page.waitForURL(/#\/checks\/staff/)
  const table = page.locator('[data-test=staff-table]')
  const hit = table.locator('.el-table__row', { hasText: masked(HIT.id) })
  const miss = table.locator('.el-table__row', { hasText: masked(MISS.id) })
  await miss.waitFor()
  assert.match(await hit.innerText(), /体育教师[\s\S]*2019-09-01[\s\S]*有记录/)
  assert.match(await miss.innerText(), /班主任[\s\S]*2020-02-15[\s\S]*无记录/)
  assert.equal(await table.locator('.el-table__row', { hasText: masked(OTHER_PERSON.id) }).count(), 0, 'another school\'s staff')
  // the school's own counts: two employees, both checked today
  assert.match(await page.locator('[data-test=staff-own-summary]').innerText(), new RegExp(`${SCHOOL}：在职 2 人，复查周期内已查询 2 人，应复查 0 人，覆盖率\\s*100\\.0%`))
  // just checked: nobody is due
  await page.locator('[data-test=staff-due]').click()
  const [dueReq] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/checks/staff?') && r.url().includes('due=1')),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  assert.match(dueReq.url(), /applicants=0/)
  await page.waitForURL(/due=1/)
  await table.locator('.el-table__empty-text', { hasText: '没有符合条件的人员' }).waitFor()
  await page.getByRole('button', { name: '重置' }).click()
  await miss.waitFor()

  // the export takes the filters
  const [x, req] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForRequest((r) => r.url().includes('/api/v1/checks/staff/export.xlsx')),
    page.locator('[data-test=staff-export]').click(),
  ])
  assert.match(req.url(), /applicants=0/)
  assert.match(x.suggestedFilename(), /\.xlsx$/)
  await noClearPeople('the staff list')
  await noEnglish('the staff list')
  await shot(page, 'checks-staff')

  // 申请复查: the reason is required; the result and the record
  await miss.locator('[data-test=staff-recheck]').click()
  const form = page.locator('[data-test=recheck-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=recheck-submit]').click()
  await form.locator('.el-form-item__error', { hasText: '请填写复查原因' }).waitFor()
  const reason = `本人申请复查${num}`
  await form.getByLabel('复查原因').fill(reason)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/recheck') && r.request().method() === 'POST'),
    form.locator('[data-test=recheck-submit]').click(),
  ])
  assert.equal(res.status(), 200, await why(res))
  assert.deepEqual(JSON.parse(res.request().postData()), { reason })
  await form.locator('[data-test=recheck-result]', { hasText: '复查结果：无记录' }).waitFor()
  assert.equal(englishIn(await form.innerText()), null)
  await shot(page, 'checks-recheck')
  await form.getByRole('button', { name: '关闭', exact: true }).click()
  await form.waitFor({ state: 'hidden' })

  await miss.click()
  const drawer = page.locator('[data-test=staff-detail]').filter({ visible: true })
  const entry = drawer.locator('[data-test=staff-rechecks] .el-timeline-item', { hasText: reason })
  await entry.waitFor()
  assert.match(await entry.innerText(), /无记录/)
  assert.equal(englishIn(await drawer.innerText(), [HR.login]), null, 'English in the person\'s drawer')
  await shot(page, 'checks-staff-detail')
  await drawer.locator('.el-drawer__close-btn').click()
  await drawer.waitFor({ state: 'hidden' })
  await signOut(page)
})

test('desktop: 市教育局\'s liaison is told of the hit, naming the school only; the notice opens 覆盖率', async () => {
  await submitLogin(page, LIAISON.login, LIAISON.password)
  assert.deepEqual(await checkMenu(), ['覆盖率'])
  const bell = page.locator('[data-test=notification-bell]')
  await bell.click()
  const panel = page.locator('[data-test=notification-panel]')
  await panel.waitFor()
  const item = panel.locator('[data-test=notification-item]', { hasText: SCHOOL }).first()
  await item.waitFor()
  const text = await item.innerText()
  assert.match(text, /入职查询有记录/)
  for (const s of [HIT.name, HIT.id, masked(HIT.id), '性侵害']) assert.ok(!text.includes(s), `${s} in the notice`)
  assert.equal(englishIn(await panel.innerText()), null, 'English in the notices')
  await shot(page, 'checks-notice')
  // the run's page is for those who submit checks: the liaison reads the coverage
  await item.click()
  await page.waitForURL(/#\/checks\/coverage$/)
  await page.locator('[data-test=coverage-institution-table] .el-table__row', { hasText: SCHOOL }).waitFor()
  await signOut(page)
})

test('desktop: admin has no 记录库导入; 覆盖率 shows the school in its table and the chart', async () => {
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  const menu = await checkMenu()
  assert.ok(!menu.includes('记录库导入'), `admin's menu: ${menu.join('、')}`)
  assert.ok(menu.includes('名单查询') && menu.includes('覆盖率'), `admin's menu: ${menu.join('、')}`)
  assert.equal((await admin('GET', '/api/v1/checks/registry')).status, 403, 'admin reads the registry')

  await page.locator('.side-menu .el-menu-item', { hasText: '覆盖率' }).click()
  await page.waitForURL(/#\/checks\/coverage/)
  await page.locator('[data-test=coverage-county-value]').waitFor()
  assert.match(await page.locator('[data-test=coverage-county-value]').innerText(), /^\d+(\.\d)?%$/)
  const types = page.locator('[data-test=coverage-type-table]')
  await types.locator('.el-table__row', { hasText: '学校' }).waitFor()
  await page.locator('[data-test=coverage-chart] canvas').waitFor()
  const label = await page.locator('[data-test=coverage-chart]').getAttribute('aria-label')
  assert.match(label, /学校 \d+(\.\d)?%/)
  const row = page.locator('[data-test=coverage-institution-table] .el-table__row', { hasText: SCHOOL })
  await row.waitFor()
  // two employees, both checked today (the applicant is not counted)
  assert.match(await row.innerText(), new RegExp(`${SCHOOL}[\\s\\S]*学校[\\s\\S]*高桥街道[\\s\\S]*\\b2\\b[\\s\\S]*\\b2\\b[\\s\\S]*\\b0\\b[\\s\\S]*100\\.0%`))
  await noEnglish('覆盖率')
  await shot(page, 'checks-coverage')
  // the school's name opens its staff
  await row.getByRole('button', { name: SCHOOL }).click()
  await page.waitForURL(new RegExp(`#/checks/staff\\?.*institution=${schoolId}`))
  await page.locator('[data-test=staff-table] .el-table__row', { hasText: masked(MISS.id) }).waitFor()
})

test('phone 390×844: the run\'s rows, the staff, the coverage and the registry as cards, within the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/checks/coverage`)
  await page.locator('[data-test=coverage-institution-card]', { hasText: SCHOOL }).waitFor()
  assert.equal(await page.locator('[data-test=coverage-institution-table]').count(), 0)
  await page.locator('[data-test=coverage-chart] canvas').waitFor()
  await noOverflow('覆盖率')
  await noEnglish('覆盖率 on a phone')
  await shot(page, 'checks-phone-coverage')
  await signOut(page)

  await submitLogin(page, HR.login, HR.password)
  await page.locator('[data-test=topbar-user]').waitFor()
  await page.goto(`${BASE}/#/checks`)
  await page.locator('[data-test=check-institution-name]', { hasText: SCHOOL }).waitFor()
  assert.equal((await runRoster(rosterPath)).status(), 200)
  const cards = page.locator('[data-test=check-row-card]')
  await cards.nth(2).waitFor()
  assert.equal(await cards.count(), 3)
  assert.match(await cards.filter({ hasText: '第 2 行' }).innerText(), /有记录/)
  assert.match(await cards.filter({ hasText: '第 3 行' }).innerText(), /无记录/)
  assert.match(await cards.filter({ hasText: '第 4 行' }).innerText(), /无效/)
  assert.equal(await page.locator('[data-test=check-rows-table]').count(), 0)
  await noOverflow('名单查询')
  await noClearPeople('名单查询 on a phone')
  await noEnglish('名单查询 on a phone')
  await shot(page, 'checks-phone-run')

  await page.goto(`${BASE}/#/checks/runs`)
  await page.locator('[data-test=run-card]', { hasText: SCHOOL }).first().waitFor()
  await noOverflow('查询记录')
  await noEnglish('查询记录 on a phone')
  await shot(page, 'checks-phone-runs')

  await page.goto(`${BASE}/#/checks/staff`)
  const card = page.locator('[data-test=staff-card]', { hasText: masked(MISS.id) })
  await card.waitFor()
  await noOverflow('在职人员与复查')
  await noEnglish('在职人员与复查 on a phone')
  await shot(page, 'checks-phone-staff')
  await card.locator('[data-test=staff-recheck]').click()
  const form = page.locator('[data-test=recheck-form]').filter({ visible: true })
  await form.waitFor()
  await page.waitForTimeout(400)
  const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
  assert.ok(box.width <= 390, `the re-check form is ${box.width}px wide`)
  await noOverflow('the re-check form')
  await shot(page, 'checks-phone-recheck')
  await form.getByRole('button', { name: '取消' }).click()
  await form.waitFor({ state: 'hidden' })
  await signOut(page)

  await submitLogin(page, KEEPER.login, KEEPER.password)
  await page.locator('[data-test=topbar-user]').waitFor()
  await page.goto(`${BASE}/#/checks/registry`)
  await page.locator('[data-test=registry-categories]').waitFor()
  await noOverflow('记录库导入')
  await noEnglish('记录库导入 on a phone')
  await shot(page, 'checks-phone-registry')
})

test('no script errors on the checks\' pages', () => {
  assert.deepEqual(b.errors, [])
})
