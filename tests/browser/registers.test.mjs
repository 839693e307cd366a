// The registers (阵地台账) in the browser against a real server (run by run.sh).
// Independent of the other files: every record is a 未保站 whose name carries
// this run's tag, and the list is searched by that tag, so others' data does
// not interfere. In order, sharing one browser: a CSV with errors (the error
// table names every row, column and reason; nothing written, checked through
// the API), the same file with 只导入正确的行 (the good rows written), an .xlsx
// with a bad row (named by the sheet's row number), a record
// created and edited through the form (its history in the drawer), the Excel
// export, a town worker who sees only their town's records, and the pages at a
// phone's size (cards, the import's error table, no overflow).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile, mkdtemp, rm, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, BASE, apiClient, gotoLogin, launch, overflowX, shot, signIn, signOut, submitLogin } from './lib.mjs'

const run = Date.now().toString(36).slice(-5)
const TAG = `测${run}`
const TOWN_A = '330483100' // 乌镇镇
const TOWN_B = '330483101' // 濮院镇
const GOOD1 = `${TAG}乌镇甲站`
const GOOD2 = `${TAG}濮院乙站`
const FORM_NAME = `${TAG}表单新增站`
const OTHER_TOWN = `${TAG}濮院丙站`
const WORKER = { login: `reg.worker.${run}`, password: 'Tai-Zhang-2024-tongxiang' }
// a raw code or an English word instead of a Chinese title
const WORD = /\b(station|director|supervisor|town_or_village|yes_no|invalid|bad_rows|bad_header|null|undefined)\b/
// a division code where its name belongs (the import's reasons quote the file's own values)
const RAW = new RegExp(`${WORD.source}|\\b\\d{9}(\\d{3})?\\b`)

// header, two good rows and three bad ones (lines 3, 5 and 6 of the file)
const CSV = [
  '名称,镇街代码,成立日期,状态,备注',
  `${GOOD1},${TOWN_A},2021-03-01,运行,`,
  `${TAG}错码站,330483999,2021-03-01,运行,`,
  `${GOOD2},${TOWN_B},2022/5/6,筹建,`,
  `${TAG}错日站,${TOWN_A},2021-02-30,运行,`,
  `${TAG}错状站,${TOWN_A},2021-03-01,运营,`,
].join('\r\n') + '\r\n'

let b
let page
let admin
let dir
let csvPath
let xlsxPath

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  dir = await mkdtemp(join(tmpdir(), 'weibao-registers-'))
  csvPath = join(dir, `未保站导入-${run}.csv`)
  await writeFile(csvPath, CSV)
  // an Excel workbook: rows 1, 2 and 5 (3 and 4 empty), the code of row 5 unknown
  xlsxPath = join(dir, `未保站导入-${run}.xlsx`)
  const sheet = { name: '未保站', rows: [[1, ['名称', '镇街代码', '成立日期', '状态']],
    [2, [`${TAG}表格站`, Number(TOWN_A), { date: '2021-03-01' }, '运行']], [5, [`${TAG}表格错码站`, 330483999, { date: '2021-03-01' }, '运行']]] }
  execFileSync('python3', [join(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'xlsx_write.py'), xlsxPath],
    { input: JSON.stringify({ sheets: [sheet] }) })
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** The run's 未保站 through the API, by name. */
async function records(client = admin) {
  const r = await client('GET', `/api/v1/facilities?type=station&q=${encodeURIComponent(TAG)}&per_page=100`)
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return new Map(r.body.items.map((x) => [x.name, x]))
}

async function noOverflow(what) {
  const o = await overflowX(page)
  assert.ok(o <= 1, `${what} is ${o}px wider than the screen`)
}

async function noRawText(what) {
  const text = await page.locator('#main').innerText()
  assert.doesNotMatch(text, RAW, `a raw code or English word on ${what}`)
}

/** Opens the 未保站 register searched by this run's tag. */
async function openRegister() {
  await page.goto(`${BASE}/#/facilities?type=station&q=${encodeURIComponent(TAG)}`)
  await page.locator('.register-title', { hasText: '未保站' }).waitFor()
}

async function importFile(skipBad, path = csvPath) {
  await page.locator('[data-test=facility-import]').click()
  const dialog = page.locator('[data-test=facility-import-dialog]').filter({ visible: true })
  await dialog.waitFor()
  await dialog.locator('[data-test=import-file]').setInputFiles(path)
  await dialog.locator('[data-test=import-file-name]', { hasText: path.slice(path.lastIndexOf('.')) }).waitFor()
  if (skipBad) await dialog.locator('[data-test=import-skip-bad]').click()
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/facilities/import') && r.request().method() === 'POST'),
    dialog.locator('[data-test=import-submit]').click(),
  ])
  return { dialog, res }
}

async function closeDialog(dialog) {
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })
}

/** The rows of the import's problem table as [[行号, 列, 问题], …]. */
async function problemRows(dialog) {
  const table = dialog.locator('[data-test=import-problems]')
  await table.locator('.el-table__row').first().waitFor()
  const rows = []
  for (const tr of await table.locator('.el-table__body-wrapper .el-table__row').all()) rows.push((await tr.locator('td').allInnerTexts()).map((s) => s.trim()))
  return rows
}

test('desktop: a CSV with errors lists every problem and writes nothing; 只导入正确的行 writes the good rows', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'admin', ADMIN_PASSWORD)
  // the menu group and its pages
  await page.locator('.side-menu').getByText('阵地与队伍').waitFor()
  await page.locator('.side-menu .el-menu-item', { hasText: '阵地台账' }).click()
  await page.waitForURL(/#\/facilities\?type=station/)
  await page.locator('[data-test=facility-table]').waitFor()
  const headers = (await page.locator('[data-test=facility-table] .el-table__header th').allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(headers.slice(0, 4), ['名称', '镇街代码', '成立日期', '状态'])

  await openRegister()
  const { dialog, res } = await importFile(false)
  assert.equal(res.status(), 422)
  await dialog.locator('[data-test=import-error]').waitFor()
  const rows = await problemRows(dialog)
  const text = rows.map((r) => r.join('|')).join('\n')
  assert.equal(rows.length, 3, text)
  assert.match(text, /第 3 行\|镇街代码\|.+/)
  assert.match(text, /第 5 行\|成立日期\|.+/)
  assert.match(text, /第 6 行\|状态\|.+/)
  for (const r of rows) assert.ok(r[2].length > 1, `a problem without its reason: ${r}`)
  assert.doesNotMatch(await dialog.innerText(), WORD)
  await shot(page, 'registers-import-errors')
  assert.equal((await records()).size, 0, 'a file with errors wrote records')
  await closeDialog(dialog)

  const second = await importFile(true)
  assert.equal(second.res.status(), 200)
  await second.dialog.locator('[data-test=import-result]', { hasText: '新增 2 条' }).waitFor()
  assert.match(await second.dialog.locator('[data-test=import-result]').innerText(), /跳过有误的行 3 行/)
  assert.equal((await problemRows(second.dialog)).length, 3)
  await shot(page, 'registers-import-skip-bad')
  const got = await records()
  assert.deepEqual([...got.keys()].sort(), [GOOD1, GOOD2].sort())
  assert.equal(got.get(GOOD2).values.opened_on, '2022-05-06')
  await closeDialog(second.dialog)

  // the list shows them, divisions by name
  const table = page.locator('[data-test=facility-table]')
  await table.locator('.el-table__row', { hasText: GOOD1 }).waitFor()
  assert.match(await table.locator('.el-table__row', { hasText: GOOD1 }).innerText(), /乌镇镇/)
  await noRawText('the register')
})

test('desktop: an Excel workbook is imported too; its problems name the sheet\'s rows', async () => {
  await openRegister()
  const { dialog, res } = await importFile(false, xlsxPath)
  assert.equal(res.status(), 422)
  await dialog.locator('[data-test=import-error]').waitFor()
  const rows = await problemRows(dialog)
  assert.equal(rows.length, 1, JSON.stringify(rows))
  assert.deepEqual(rows[0].slice(0, 2), ['第 5 行', '镇街代码'])
  assert.equal((await records()).has(`${TAG}表格站`), false, 'nothing written')
  await closeDialog(dialog)
})

test('desktop: create and edit a record through the form; the drawer shows its history', async () => {
  await openRegister()
  await page.locator('[data-test=facility-create]').click()
  const dialog = page.locator('[data-test=facility-form]').filter({ visible: true })
  await dialog.waitFor()
  // the form's own Chinese messages for what is missing
  await dialog.locator('[data-test=form-save]').click()
  await dialog.locator('.el-form-item__error', { hasText: '请填写名称' }).waitFor()
  await dialog.locator('.el-form-item__error', { hasText: '请选择镇街代码' }).waitFor()
  await dialog.getByLabel('名称').fill(FORM_NAME)
  await dialog.locator('.division-picker').click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText('乌镇镇', { exact: true }).click()
  await dialog.getByLabel('成立日期').fill('2023-04-05')
  await dialog.getByLabel('成立日期').press('Enter')
  await dialog.locator('[data-test=field-status] .el-select').click()
  await page.locator('.el-select-dropdown__item', { hasText: '运行' }).filter({ visible: true }).click()
  await shot(page, 'registers-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/facilities') && r.request().method() === 'POST'),
    dialog.locator('[data-test=form-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  let rec = (await records()).get(FORM_NAME)
  assert.ok(rec, 'the form created no record')
  assert.equal(rec.division_code, TOWN_A)
  assert.equal(rec.values.opened_on, '2023-04-05')
  assert.equal(rec.values.status, '运行')

  // edit from the table: only the changed column is sent
  const row = page.locator('[data-test=facility-table] .el-table__row', { hasText: FORM_NAME })
  await row.getByRole('button', { name: '编辑' }).click()
  await dialog.waitFor()
  await dialog.locator('[data-test=field-status] .el-select').click()
  await page.locator('.el-select-dropdown__item', { hasText: '筹建' }).filter({ visible: true }).click()
  const [patch] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/facilities/${rec.id}`) && r.request().method() === 'PATCH'),
    dialog.locator('[data-test=form-save]').click(),
  ])
  assert.equal(patch.status(), 200)
  assert.deepEqual(JSON.parse(patch.request().postData()), { status: '筹建' })
  rec = (await records()).get(FORM_NAME)
  assert.equal(rec.values.status, '筹建')

  // the detail drawer: who, when, what changed
  await row.locator('td').first().click()
  const drawer = page.locator('[data-test=facility-detail]').filter({ visible: true })
  const history = drawer.locator('[data-test=facility-history]')
  await history.waitFor()
  const h = await history.innerText()
  assert.match(h, /修改/)
  assert.match(h, /新增/)
  assert.match(h, /系统管理员（市未保办）/)   // who, by name
  assert.match(h, /状态：运行 → 筹建/)
  assert.match(h, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await shot(page, 'registers-detail')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
})

test('desktop: 导出Excel downloads an .xlsx of the register', async () => {
  await openRegister()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=facility-export]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const file = join(dir, 'export.xlsx')
  await download.saveAs(file)
  const bytes = await readFile(file)
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the export is not an xlsx (zip) file')
})

test('a town worker sees only their own town\'s records', async () => {
  const other = await admin('POST', '/api/v1/facilities', { type: 'station', name: OTHER_TOWN, division_code: TOWN_B, opened_on: '2020-01-01', status: '运行' })
  assert.equal(other.status, 201, JSON.stringify(other.body))
  const u = await admin('POST', '/api/v1/users', {
    login: WORKER.login,
    display_name: '乌镇镇儿童督导员',
    roles: ['town_worker'],
    scope_kind: 'town',
    scope_division: TOWN_A,
    password: WORKER.password,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  await signOut(page)
  await submitLogin(page, WORKER.login, WORKER.password)
  await page.locator('.side-menu').waitFor()
  await openRegister()
  const table = page.locator('[data-test=facility-table]')
  await table.locator('.el-table__row', { hasText: GOOD1 }).waitFor()
  const text = await table.innerText()
  assert.match(text, new RegExp(FORM_NAME))
  assert.doesNotMatch(text, new RegExp(GOOD2), 'a town worker sees another town\'s record')
  assert.doesNotMatch(text, new RegExp(OTHER_TOWN), 'a town worker sees another town\'s record')
  assert.equal(await table.locator('.el-table__row').count(), 2)
  await shot(page, 'registers-town-worker')
  // the vacancies page, within the town
  await page.locator('.side-menu .el-menu-item', { hasText: '队伍空缺' }).click()
  await page.locator('[data-test=vacant-towns] .el-tag', { hasText: '乌镇镇' }).waitFor()
  assert.doesNotMatch(await page.locator('[data-test=vacant-towns]').innerText(), /濮院镇/)
  await noRawText('the vacancies')
  await signOut(page)
})

test('phone 390×844: cards, the import\'s error table, the form, no overflow', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await gotoLogin(page)
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  await page.locator('[data-test=topbar-user]').waitFor()
  await openRegister()
  await page.locator('[data-test=facility-card]', { hasText: GOOD1 }).waitFor()
  assert.equal(await page.locator('[data-test=facility-table]').count(), 0)
  assert.match(await page.locator('[data-test=facility-card]', { hasText: GOOD1 }).innerText(), /乌镇镇/)
  await noOverflow('the register')
  await noRawText('the register on a phone')
  await shot(page, 'registers-phone')

  const { dialog, res } = await importFile(false)
  assert.equal(res.status(), 422)
  assert.equal((await problemRows(dialog)).length, 3)
  // every reason is read without scrolling the table sideways
  const wrap = dialog.locator('[data-test=import-problems] .el-table__body-wrapper .el-scrollbar__wrap')
  assert.ok(await wrap.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), 'the error table scrolls sideways on a phone')
  await noOverflow('the import dialog')
  await shot(page, 'registers-phone-import')
  await closeDialog(dialog)
  await dialog.waitFor({ state: 'hidden' })

  await page.locator('[data-test=facility-card]', { hasText: GOOD1 }).locator('.card-name').click()
  const drawer = page.locator('[data-test=facility-detail]').filter({ visible: true })
  await drawer.locator('[data-test=facility-history]').waitFor()
  await noOverflow('the detail drawer')
  await shot(page, 'registers-phone-detail')
  await drawer.locator('[data-test=detail-edit]').click()
  const form = page.locator('[data-test=facility-form]').filter({ visible: true })
  await form.waitFor()
  await noOverflow('the form')
  await shot(page, 'registers-phone-form')
  await form.getByRole('button', { name: '取消' }).click()

  await page.goto(`${BASE}/#/facilities/vacancies`)
  await page.locator('[data-test=vacant-towns] .el-tag', { hasText: '乌镇镇' }).waitFor()
  await noOverflow('the vacancies')
  await noRawText('the vacancies on a phone')
  await shot(page, 'registers-phone-vacancies')
})

test('no script errors on the register pages', () => {
  assert.deepEqual(b.errors, [])
})
