// 培训记录 and the register's village filter in the browser against a real
// server (run by run.sh). Independent of the other files: its own villages
// under 洲泉镇 and 大麻镇 (towns no other browser test writes in), roster people
// and trainings whose names carry this run's tag. In order, sharing one
// browser: a training created through the form with attendees searched from
// both rosters (the drawer lists them, phones masked), the town filter and the
// Excel export, the 儿童主任 register filtered by village through the picker, a
// town worker who sees only their town's trainings and people, and the pages
// at a phone's size (cards, drawer, form, no overflow).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_PASSWORD, BASE, apiClient, gotoLogin, launch, overflowX, shot, signIn, signOut, submitLogin } from './lib.mjs'

const run = Date.now().toString(36).slice(-5)
const TAG = `训${run}`
const TOWN_A = '330483105' // 洲泉镇
const TOWN_B = '330483106' // 大麻镇
const VILLAGE_A = `${TOWN_A}981`
const VILLAGE_B = `${TOWN_B}981`
const DIRECTOR_A = `${TAG}甲主任`
const SUPERVISOR_A = `${TAG}甲督导`
const DIRECTOR_B = `${TAG}乙主任`
const TRAINING = `${TAG}儿童主任业务培训`
const TRAINING_B = `${TAG}大麻镇培训`
const WORKER = { login: `trn.worker.${run}`, password: 'Zhou-Quan-2024-tongxiang' }
// a raw code or English word instead of a Chinese title, a phone in clear
const RAW = /\b(supervisor|director|null|undefined|invalid)\b|\b\d{9}(\d{3})?\b|1[3-9]\d{9}/

let b
let page
let admin
let dir

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  for (const [code, name] of [[VILLAGE_A, '洲泉培训村'], [VILLAGE_B, '大麻培训村']]) {
    const r = await admin('POST', '/api/v1/divisions', { code, name, kind: 'village' })
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.body))
  }
  for (const body of [
    { type: 'director', name: DIRECTOR_A, division_code: VILLAGE_A, phone: '13712340001', appointed_on: '2022-01-05' },
    { type: 'supervisor', name: SUPERVISOR_A, division_code: TOWN_A, phone: '13712340002', appointed_on: '2021-03-01' },
    { type: 'director', name: DIRECTOR_B, division_code: VILLAGE_B, phone: '13712340003', appointed_on: '2022-02-01' },
  ]) {
    const r = await admin('POST', '/api/v1/facilities', body)
    assert.equal(r.status, 201, JSON.stringify(r.body))
    if (body.name === DIRECTOR_B) {
      const t = await admin('POST', '/api/v1/trainings', { name: TRAINING_B, held_on: '2023-03-03', organiser: '大麻镇社会事务办', division_code: TOWN_B, attendee_ids: [r.body.id] })
      assert.equal(t.status, 201, JSON.stringify(t.body))
    }
  }
  const u = await admin('POST', '/api/v1/users', {
    login: WORKER.login,
    display_name: '洲泉镇儿童督导员',
    roles: ['town_worker'],
    scope_kind: 'town',
    scope_division: TOWN_A,
    password: WORKER.password,
  })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  dir = await mkdtemp(join(tmpdir(), 'weibao-trainings-'))
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

async function noRawText(what) {
  const text = await page.locator('#main').innerText()
  assert.doesNotMatch(text, RAW, `a raw code, English word or phone in clear on ${what}`)
}

/** The run's trainings through the API, by name. */
async function trainings(client = admin) {
  const r = await client('GET', '/api/v1/trainings?per_page=100')
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return new Map(r.body.items.filter((x) => x.name.startsWith(TAG)).map((x) => [x.name, x]))
}

/** The visible options of the attendee picker after typing text. */
async function searchAttendees(dialog, text) {
  await dialog.locator('[data-test=attendee-select] input').fill(text)
  const opts = page.locator('.attendee-popper .el-select-dropdown__item').filter({ visible: true })
  await opts.first().waitFor()
  return opts
}

test('desktop: a training created through the form, attendees from both rosters; the drawer masks their phones', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'admin', ADMIN_PASSWORD)
  await page.locator('.side-menu').getByText('阵地与队伍').waitFor()
  await page.locator('.side-menu .el-menu-item', { hasText: '培训记录' }).click()
  await page.waitForURL(/#\/trainings/)
  await page.locator('[data-test=training-table]').waitFor()
  const headers = (await page.locator('[data-test=training-table] .el-table__header th').allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(headers, ['培训名称', '培训日期', '组织单位', '区划', '参训人数'])

  await page.locator('[data-test=training-create]').click()
  const dialog = page.locator('[data-test=training-form]').filter({ visible: true })
  await dialog.waitFor()
  // the form's own Chinese messages for what is missing
  await dialog.locator('[data-test=training-save]').click()
  await dialog.locator('.el-form-item__error', { hasText: '请填写培训名称' }).waitFor()
  await dialog.locator('.el-form-item__error', { hasText: '请选择培训日期' }).waitFor()
  await dialog.getByLabel('培训名称').fill(TRAINING)
  await dialog.getByLabel('培训日期').fill('2024-05-06')
  await dialog.getByLabel('培训日期').press('Enter')
  await dialog.getByLabel('组织单位').fill('洲泉镇社会事务办')
  await dialog.locator('[data-test=field-division_code] .division-picker').click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText('洲泉镇', { exact: true }).click()
  // search by the run's tag: the people of both rosters, named with their roster and place
  const opts = await searchAttendees(dialog, TAG)
  const texts = (await opts.allInnerTexts()).map((s) => s.trim())
  assert.ok(texts.includes(`${DIRECTOR_A}（儿童主任 · 洲泉培训村）`), texts.join(' / '))
  assert.ok(texts.includes(`${SUPERVISOR_A}（儿童督导员 · 洲泉镇）`), texts.join(' / '))
  await opts.filter({ hasText: DIRECTOR_A }).click()
  await searchAttendees(dialog, SUPERVISOR_A)
  await page.locator('.attendee-popper .el-select-dropdown__item', { hasText: SUPERVISOR_A }).filter({ visible: true }).click()
  await dialog.locator('.el-dialog__title').click()   // closes the list
  await page.locator('.attendee-popper .el-select-dropdown__item').filter({ visible: true }).first().waitFor({ state: 'hidden' })
  await shot(page, 'trainings-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/trainings') && r.request().method() === 'POST'),
    dialog.locator('[data-test=training-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  const sent = JSON.parse(res.request().postData())
  assert.equal(sent.attendee_ids.length, 2)
  await dialog.waitFor({ state: 'hidden' })
  const t = (await trainings()).get(TRAINING)
  assert.ok(t, 'the form created no training')
  assert.equal(t.held_on, '2024-05-06')
  assert.equal(t.division_code, TOWN_A)
  assert.equal(t.attendee_count, 2)

  // the drawer opens on the new training: the attendees, phones masked
  const drawer = page.locator('[data-test=training-detail]').filter({ visible: true })
  await drawer.locator('[data-test=training-attendee]', { hasText: DIRECTOR_A }).waitFor()
  const people = await drawer.locator('[data-test=training-attendees]').innerText()
  assert.match(people, new RegExp(`${DIRECTOR_A}[\\s\\S]*儿童主任[\\s\\S]*洲泉培训村[\\s\\S]*137\\*\\*\\*\\*0001`))
  assert.match(people, /儿童督导员/)
  assert.doesNotMatch(await drawer.innerText(), RAW)
  await shot(page, 'trainings-detail')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  const row = page.locator('[data-test=training-table] .el-table__row', { hasText: TRAINING })
  assert.match(await row.innerText(), /2024-05-06[\s\S]*洲泉镇社会事务办[\s\S]*洲泉镇[\s\S]*2 人/)
  await noRawText('the trainings')
})

test('desktop: the town filter, kept in the URL, and 导出Excel', async () => {
  await page.goto(`${BASE}/#/trainings`)
  await page.locator('[data-test=training-table] .el-table__row', { hasText: TRAINING }).waitFor()
  await page.locator('[data-test=filter-town]').first().click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText('大麻镇', { exact: true }).click()
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForURL(new RegExp(`town=${TOWN_B}`))
  const table = page.locator('[data-test=training-table]')
  await table.locator('.el-table__row', { hasText: TRAINING_B }).waitFor()
  assert.doesNotMatch(await table.innerText(), new RegExp(TRAINING))
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=training-export]').click()])
  assert.match(download.suggestedFilename(), /^培训记录.*\.xlsx$/)
  const file = join(dir, 'trainings.xlsx')
  await download.saveAs(file)
  assert.equal((await readFile(file)).subarray(0, 2).toString('latin1'), 'PK', 'the export is not an xlsx (zip) file')
  await shot(page, 'trainings-town-filter')
})

test('desktop: the 儿童主任 register filtered by a village chosen in the picker', async () => {
  await page.goto(`${BASE}/#/facilities?type=director&q=${encodeURIComponent(TAG)}`)
  const table = page.locator('[data-test=facility-table]')
  await table.locator('.el-table__row', { hasText: DIRECTOR_B }).waitFor()
  await page.locator('[data-test=filter-village]').first().click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText('洲泉培训村', { exact: true }).click()
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForURL(new RegExp(`village=${VILLAGE_A}`))
  await table.locator('.el-table__row', { hasText: DIRECTOR_A }).waitFor()
  await table.locator('.el-table__row', { hasText: DIRECTOR_B }).waitFor({ state: 'detached' })
  assert.equal(await table.locator('.el-table__row').count(), 1)
  await shot(page, 'registers-village-filter')
  await signOut(page)
})

test("a town worker sees only their town's trainings and picks only their town's people", async () => {
  await submitLogin(page, WORKER.login, WORKER.password)
  await page.locator('.side-menu').waitFor()
  await page.goto(`${BASE}/#/trainings`)
  const table = page.locator('[data-test=training-table]')
  await table.locator('.el-table__row', { hasText: TRAINING }).waitFor()
  assert.doesNotMatch(await table.innerText(), new RegExp(TRAINING_B), "a town worker sees another town's training")
  await page.locator('[data-test=training-create]').click()
  const dialog = page.locator('[data-test=training-form]').filter({ visible: true })
  await dialog.waitFor()
  const texts = (await (await searchAttendees(dialog, TAG)).allInnerTexts()).join(' / ')
  assert.match(texts, new RegExp(DIRECTOR_A))
  assert.doesNotMatch(texts, new RegExp(DIRECTOR_B), "another town's 儿童主任 is offered")
  await dialog.locator('.el-dialog__title').click()
  await dialog.getByRole('button', { name: '取消' }).click()
  assert.equal((await trainings()).size, 2)
  await signOut(page)
})

test('phone 390×844: cards, the drawer and the form, no overflow', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await gotoLogin(page)
  await submitLogin(page, 'admin', ADMIN_PASSWORD)
  await page.locator('[data-test=topbar-user]').waitFor()
  await page.goto(`${BASE}/#/trainings?town=${TOWN_A}`)
  const card = page.locator('[data-test=training-card]', { hasText: TRAINING })
  await card.waitFor()
  assert.equal(await page.locator('[data-test=training-table]').count(), 0)
  assert.match(await card.innerText(), /洲泉镇[\s\S]*2024-05-06[\s\S]*2 人/)
  await noOverflow('the trainings')
  await noRawText('the trainings on a phone')
  await shot(page, 'trainings-phone')
  await card.locator('.card-name').click()
  const drawer = page.locator('[data-test=training-detail]').filter({ visible: true })
  await drawer.locator('[data-test=training-attendee]', { hasText: SUPERVISOR_A }).waitFor()
  await noOverflow('the training drawer')
  await shot(page, 'trainings-phone-detail')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await page.locator('[data-test=training-create]').click()
  const form = page.locator('[data-test=training-form]').filter({ visible: true })
  await form.waitFor()
  await noOverflow('the training form')
  await shot(page, 'trainings-phone-form')
  await form.getByRole('button', { name: '取消' }).click()
})

test('no script errors on the training pages', () => {
  assert.deepEqual(b.errors, [])
})
