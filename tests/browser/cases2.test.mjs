// Case management, second part (issue 14: measures, 挂牌督办, family-education
// orders, statistics) in the browser against a real server (run by run.sh).
// Independent of the other files: its own village under 石门镇 (a town no
// other browser test writes in), a school reporter, a 石门镇 station worker,
// a 市卫生健康局 liaison, a 市法院 guidance worker, all made through the API
// with this run's tag. In order, sharing one browser: the reporter files a
// report on a phone; the station accepts it, assesses it 高 with
// 监护缺失或不当, starts care and assigns 心理疏导 to 市卫生健康局; the
// unit's liaison, on a phone, opens the measure from the notice, sees the
// case only as far as the measure (not the reporter, the contact, the
// description), accepts it, records its delivery and closes it, and finds no
// case on the workbench; the station follows up and requests closure; the
// office approves. The office lists another case for 挂牌督办; a station
// user reports progress and is offered no 解除督办 (and is refused it by the
// server); the office lifts it. A guidance worker records a 家庭教育指导令
// and a session; the statistics page shows its charts. No page shows English
// or a raw code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, launch, shot } from './lib.mjs'
import { caseHelpers } from './caselib.mjs'

const n = Date.now()
const run = n.toString(36).slice(-5)
const TOWN = '330483103' // 石门镇
const VILLAGE = `${TOWN}954`
const VILLAGE_NAME = '石门措施测村'
const PASSWORD = 'Shi-Men-2024-tongxiang'
const ADMIN = { login: 'admin', password: ADMIN_PASSWORD }
const REPORTER = { login: `c2.school.${run}`, password: PASSWORD }
const STATION = { login: `c2.station.${run}`, password: PASSWORD }
const LIAISON = { login: `c2.health.${run}`, password: PASSWORD }
const JUDGE = { login: `c2.court.${run}`, password: PASSWORD }
const CHILD = '童测措施'
const CONTACT = `138${String(n % 100000000).padStart(8, '0')}`
const DESCRIPTION = `课间发现该生脸部淤青，称被继父殴打（${n % 1000000}）`
const PLACE = '石门镇中心小学'
const HARM = '入户核查属实，儿童面部软组织挫伤，继父有饮酒后打骂行为'
const DELIVERED = '已安排心理咨询师开展两次面谈，儿童情绪稳定'
const SCHOOL = '石门措施测试小学'

// English words or codes where Chinese belongs (the file format is named as it
// is; a tracking number is letters and digits)
const CODE = /\b(assigned|accepted|delivered|closed|cancelled|declined|active|accept|decline|deliver|cancel|in_care|follow_up|guardianship_lacking|none)\b/

/** YYYY-MM-DD of today plus `days` (China time). */
function day(days = 0) {
  return new Date(Date.now() + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10)
}

let b
let page
let admin
let report // { id, tracking_no, case_id } of the browser's report
let caseId
let other // the second case: { case_id, tracking_no }
let health // 市卫生健康局
let measureId
let orderId

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  const v = await admin('POST', '/api/v1/divisions', { code: VILLAGE, name: VILLAGE_NAME, kind: 'village' })
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.body))
  const units = (await admin('GET', '/api/v1/units')).body.items
  health = units.find((u) => u.name === '市卫生健康局')
  const court = units.find((u) => u.name === '市法院')
  assert.ok(health && court, 'no 市卫生健康局 or 市法院 among the units')
  const users = [
    [REPORTER, { display_name: `${SCHOOL}德育处`, roles: ['reporter'], scope_kind: 'own' }],
    [STATION, { display_name: '石门镇未保工作站', roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN }],
    [LIAISON, { display_name: '市卫生健康局联络员', unit_id: health.id, roles: ['unit_liaison'], scope_kind: 'unit' }],
    [JUDGE, { display_name: '市法院家事法官', unit_id: court.id, roles: ['guidance_worker'], scope_kind: 'county' }],
  ]
  for (const [u, rest] of users) {
    const r = await admin('POST', '/api/v1/users', { login: u.login, password: u.password, ...rest })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  // the second case (挂牌督办), filed and accepted through the API
  const rp = await apiClient(REPORTER.login, REPORTER.password)
  const x = await rp('POST', '/api/v1/reports', { situations: [6], seen_at: '2026-12-02 07:30', place: '校门口', description: `儿童连续多日无人照料（${n % 1000000}）`,
    child: { name: '童测督办', sex: '男', age: 10, village: VILLAGE }, reporter_contact: '0573-88111111' })
  assert.equal(x.status, 201, JSON.stringify(x.body))
  other = x.body
  const st = await apiClient(STATION.login, STATION.password)
  const acc = await st('POST', `/api/v1/cases/${other.case_id}/events`, { event: 'accept' })
  assert.equal(acc.status, 200, JSON.stringify(acc.body))
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

const { noOverflow, noEnglish, signInAs, menuEntries, takeEventOn, fillReport, exportXlsx } = caseHelpers(() => page, CODE)

/** Takes case event `event` through its button and dialog (200, the dialog closed); resolves with the answer. */
async function caseEvent(id, event, fill) {
  const { res, dialog } = await takeEventOn(id, event, fill)
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  return res
}

/**
 * Submits the visible ActionDialog `testId` after `fill`; resolves with the
 * answer to the POST whose path ends with `path`.
 */
async function actionDialog(testId, path, fill) {
  const d = page.locator(`[data-test=${testId}]`).filter({ visible: true })
  await d.waitFor()
  await fill(d)
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'POST'),
    d.locator('[data-test=action-submit]').click(),
  ])
  assert.ok([200, 201].includes(res.status()), await res.text())
  await d.waitFor({ state: 'hidden' })
  return res
}

/** Picks `text` in the el-select `sel` (the options open in a popper). */
async function pick(sel, text) {
  await sel.click()
  await page.locator('.el-select__popper').filter({ visible: true }).getByText(text, { exact: true }).click()
}

/** Fills a date picker found by its label and closes its panel. */
async function fillDate(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true })
  await input.fill(value)
  await input.press('Enter')
}

const stateIs = (title) => page.locator('[data-test=case-state]', { hasText: title }).waitFor()

test('phone: a school reporter files a report', async () => {
  await signInAs(REPORTER, 390)
  await page.goto(`${BASE}/#/report`)
  await page.locator('[data-test=report-page]').waitFor()
  await page.locator('[data-test=situation-4]').click()
  await fillReport({ seenAt: '2026-12-04 09:10', place: PLACE, description: DESCRIPTION, child: CHILD, sex: '男', age: '8', villageName: VILLAGE_NAME, contact: CONTACT })
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST'),
    page.locator('[data-test=report-submit]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  report = await res.json()
  caseId = report.case_id
  await page.locator('[data-test=report-tracking]', { hasText: report.tracking_no }).waitFor()
})

test('desktop: the station accepts, assesses 高 with 监护缺失或不当, starts care and assigns 心理疏导 to a unit', async () => {
  await signInAs(STATION, 1440)
  const menu = await menuEntries()
  for (const m of ['个案工作台', '挂牌督办', '家庭教育指导令', '个案统计']) assert.ok(menu.includes(m), `${m} not in the station's menu: ${menu.join(',')}`)
  assert.ok(!menu.includes('我的措施'), 'a station has 我的措施 (a unit\'s list) in the menu')
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await stateIs('新报告')
  // no measures before the case is assessed
  await page.locator('[data-test=case-measures]').waitFor()
  assert.equal(await page.locator('[data-test=measure-assign]').count(), 0, '分派措施 offered on a new case')
  await caseEvent(caseId, 'accept')
  await stateIs('已受理')
  const res = await caseEvent(caseId, 'assess', async (d) => {
    await d.locator('[data-test=event-risk]').getByText('高', { exact: true }).click()
    await d.getByLabel('核查情况').fill(HARM)
    await d.locator('[data-test=event-guardianship]').click()
    await noEnglish('the assessment dialog', d)
    await shot(page, 'cases2-assess-guardianship')
  })
  assert.deepEqual(JSON.parse(res.request().postData()), { event: 'assess', risk: '高', assessment: { harm: HARM, guardianship_lacking: true } })
  await stateIs('核查评估')
  await page.locator('[data-test=case-guardianship]', { hasText: '监护缺失或不当' }).waitFor()
  await caseEvent(caseId, 'start_care')
  await stateIs('处置中')

  // 分派措施: the dialog's own messages first, then 心理疏导 to 市卫生健康局
  await page.locator('[data-test=measure-assign]').click()
  const due = day(10)
  const assigned = await actionDialog('measure-form', `/api/v1/cases/${caseId}/measures`, async (d) => {
    await d.locator('[data-test=action-submit]').click()
    for (const m of ['请选择措施', '请选择承办单位', '请选择落实期限']) await d.locator('.el-form-item__error', { hasText: m }).waitFor()
    await pick(d.locator('.el-select[data-test=action-kind]'), '心理疏导')
    await pick(d.locator('.el-select[data-test=action-unit_id]'), '市卫生健康局')
    await fillDate(d, '落实期限', due)
    await d.getByLabel('工作要求').fill('请安排心理咨询师面谈，每周不少于一次')
    await noEnglish('the assignment dialog', d)
    await shot(page, 'cases2-assign')
  })
  assert.equal(assigned.status(), 201)
  assert.deepEqual(JSON.parse(assigned.request().postData()), { kind: '心理疏导', unit_id: health.id, due_on: due, note: '请安排心理咨询师面谈，每周不少于一次' })
  measureId = (await assigned.json()).id
  const row = page.locator('[data-test=case-measure-table] .el-table__row', { hasText: '心理疏导' })
  await row.waitFor()
  assert.match(await row.innerText(), /市卫生健康局[\s\S]*待接收/)
  assert.ok((await row.innerText()).includes(due))
  await page.locator(`[data-test=measure-cancel-${measureId}]`).waitFor()
  // a second measure, 法律援助 to 市司法局, withdrawn (撤销 asks its reason)
  await page.locator('[data-test=measure-assign]').click()
  const second = await actionDialog('measure-form', `/api/v1/cases/${caseId}/measures`, async (d) => {
    await pick(d.locator('.el-select[data-test=action-kind]'), '法律援助')
    await pick(d.locator('.el-select[data-test=action-unit_id]'), '市司法局')
    await fillDate(d, '落实期限', day(20))
  })
  const secondId = (await second.json()).id
  await page.locator(`[data-test=measure-cancel-${secondId}]`).click()
  const cancelled = await actionDialog('measure-form', `/api/v1/measures/${secondId}/events`, async (d) => {
    await d.locator('[data-test=action-submit]').click()
    await d.locator('.el-form-item__error', { hasText: '请填写撤销理由' }).waitFor()
    await d.getByLabel('撤销理由').fill('家庭已自行委托律师')
  })
  assert.deepEqual(JSON.parse(cancelled.request().postData()), { event: 'cancel', note: '家庭已自行委托律师' })
  await page.locator('[data-test=case-measure-table] .el-table__row', { hasText: '法律援助' }).filter({ hasText: '已撤销' }).waitFor()
  assert.equal(await page.locator(`[data-test=measure-cancel-${secondId}]`).count(), 0)
  await noEnglish('the case with its measure')
  await page.locator('[data-test=case-measures]').scrollIntoViewIfNeeded()
  await shot(page, 'cases2-case-measure')
})

test('phone: the unit\'s liaison opens the measure from the notice, sees the case only as far as it, accepts, records delivery and closes it', async () => {
  await signInAs(LIAISON, 390)
  const menu = await menuEntries()
  assert.ok(menu.includes('我的措施'), menu.join(','))
  await page.locator('[data-test=notification-bell]').click()
  const notice = page.locator('[data-test=notification-item]', { hasText: '心理疏导' }).first()
  await notice.waitFor()
  await noEnglish('the notices', page.locator('[data-test=notification-panel]'))
  await notice.click()
  await page.waitForURL(new RegExp(`#/measures/${measureId}$`))
  await page.locator('[data-test=measure-state]', { hasText: '待接收' }).waitFor()

  await page.goto(`${BASE}/#/measures`)
  const card = page.locator('[data-test=measure-card]', { hasText: report.tracking_no })
  await card.waitFor()
  assert.match(await card.innerText(), /心理疏导[\s\S]*待接收/)
  assert.match(await card.innerText(), /童\*+施/)
  await noOverflow('我的措施')
  await noEnglish('我的措施')
  await shot(page, 'cases2-phone-measures')
  await exportXlsx('measures-export', '/api/v1/measures/export.xlsx')
  await card.locator('.card-name').click()
  await page.waitForURL(new RegExp(`#/measures/${measureId}$`))
  const caseBox = page.locator('[data-test=measure-case]')
  await caseBox.getByText(report.tracking_no).waitFor()
  assert.match(await caseBox.innerText(), /4\. 多处损伤/)
  assert.match(await caseBox.innerText(), /童\*+施[\s\S]*8 岁/)
  assert.match(await caseBox.innerText(), /高/)
  const all = await page.locator('#main').innerText()
  for (const s of [CONTACT, DESCRIPTION, PLACE, SCHOOL, CHILD]) assert.ok(!all.includes(s), `the unit is shown ${s}`)
  assert.equal(await page.locator('[data-test=measure-open-case]').count(), 0, 'a unit is offered the case page')
  assert.equal(await page.locator('[data-test=measure-action-cancel]').count(), 0, 'a unit is offered 撤销')
  await noOverflow('the measure page')
  await noEnglish('the measure page')
  await shot(page, 'cases2-phone-measure')

  await page.locator('[data-test=measure-action-accept]').click()
  let res = await actionDialog('measure-step', `/api/v1/measures/${measureId}/events`, async () => {})
  assert.deepEqual(JSON.parse(res.request().postData()), { event: 'accept' })
  await page.locator('[data-test=measure-state]', { hasText: '实施中' }).waitFor()

  await page.locator('[data-test=measure-action-deliver]').click()
  const today = day(0)
  res = await actionDialog('measure-step', `/api/v1/measures/${measureId}/events`, async (d) => {
    await d.locator('[data-test=action-submit]').click()
    for (const m of ['请选择落实日期', '请填写落实情况']) await d.locator('.el-form-item__error', { hasText: m }).waitFor()
    await fillDate(d, '落实日期', today)
    await d.getByLabel('落实情况').fill(DELIVERED)
    await page.waitForTimeout(400)
    const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
    assert.ok(box.width <= 390 && box.width >= 389, `the dialog is ${box.width}px wide`)
    await noEnglish('the delivery dialog', d)
    await shot(page, 'cases2-phone-deliver')
  })
  assert.deepEqual(JSON.parse(res.request().postData()), { event: 'deliver', delivered_on: today, note: DELIVERED })
  await page.locator('[data-test=measure-state]', { hasText: '已落实' }).waitFor()
  await page.locator('[data-test=measure-timeline]', { hasText: DELIVERED }).waitFor()

  await page.locator('[data-test=measure-action-close]').click()
  await actionDialog('measure-step', `/api/v1/measures/${measureId}/events`, async () => {})
  await page.locator('[data-test=measure-state]', { hasText: '已办结' }).waitFor()
  assert.equal(await page.locator('[data-test=measure-actions]').count(), 0)
  await noEnglish('a closed measure')
  await shot(page, 'cases2-phone-measure-closed')

  // the unit sees no case on the workbench, nor the case's page
  await page.goto(`${BASE}/#/cases`)
  await page.locator('[data-test=case-cards]').waitFor()
  await page.locator('[data-test=case-cards] .cards-empty').waitFor()
  assert.equal(await page.locator('[data-test=case-card]').count(), 0, 'a unit sees cases on the workbench')
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await page.locator('[data-test=case-error]', { hasText: '未找到该个案' }).waitFor()
  // nor another unit's measure
  const lc = await apiClient(LIAISON.login, LIAISON.password)
  assert.equal((await lc('GET', `/api/v1/cases/${other.case_id}`)).status, 404)
})

test('desktop: the station sees the measure done, follows up and requests closure; the office approves', async () => {
  await signInAs(STATION, 1440)
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await stateIs('处置中')
  const row = page.locator('[data-test=case-measure-table] .el-table__row', { hasText: '心理疏导' })
  await row.waitFor()
  assert.match(await row.innerText(), /已办结/)
  assert.equal(await page.locator(`[data-test=measure-cancel-${measureId}]`).count(), 0, '撤销 offered on a closed measure')
  assert.match(await page.locator('[data-test=case-timeline]').innerText(), /心理疏导/)
  await caseEvent(caseId, 'follow_up', async (d) => {
    await d.getByLabel('说明').fill('电话回访，儿童情绪稳定')
  })
  await stateIs('跟踪回访')
  await caseEvent(caseId, 'request_close', async (d) => {
    await d.getByLabel('结案小结').fill('心理疏导已落实，监护已调整')
  })
  await stateIs('申请结案')
  await noEnglish('the case page with its measures')
  await page.locator('[data-test=case-timeline]').scrollIntoViewIfNeeded()
  await shot(page, 'cases2-case-follow-up')

  await signInAs(ADMIN, 1440)
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await stateIs('申请结案')
  await caseEvent(caseId, 'approve_close', async (d) => {
    await d.getByLabel('告知报告人的处理结果').fill('经核查属实，已落实保护和救助措施，本案办结。')
  })
  await stateIs('已结案')
  assert.equal(await page.locator('[data-test=measure-assign]').count(), 0)
})

test('desktop: the office lists another case for 挂牌督办; the station reports progress and is offered no 解除督办; the office lifts it', async () => {
  const id = other.case_id
  await signInAs(ADMIN, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await stateIs('已受理')
  await page.locator('[data-test=listing-create]').click()
  const deadline = day(30)
  const listed = await actionDialog('listing-form', `/api/v1/cases/${id}/listing`, async (d) => {
    await d.locator('[data-test=action-submit]').click()
    for (const m of ['请填写责任领导', '请选择办结期限', '请填写督办事由']) await d.locator('.el-form-item__error', { hasText: m }).waitFor()
    await d.getByLabel('责任领导').fill('石门镇党委副书记')
    await fillDate(d, '办结期限', deadline)
    await d.getByLabel('督办事由').fill('儿童长期无人照料，需多部门联动')
    await noEnglish('the listing dialog', d)
    await shot(page, 'cases2-listing-form')
  })
  assert.equal(listed.status(), 201)
  assert.deepEqual(JSON.parse(listed.request().postData()), { leader: '石门镇党委副书记', deadline, period_days: 7, reason: '儿童长期无人照料，需多部门联动' })
  await page.locator('[data-test=listing-active]').waitFor()
  assert.match(await page.locator('[data-test=listing-facts]').innerText(), new RegExp(`石门镇党委副书记[\\s\\S]*${deadline}[\\s\\S]*每 7 天`))
  await page.locator('[data-test=listing-lift]').waitFor()

  // the list of listings, its export
  await page.locator('.side-menu .el-menu-item', { hasText: '挂牌督办' }).click()
  await page.waitForURL(/#\/listings/)
  const row = page.locator('[data-test=listings-table] .el-table__row', { hasText: other.tracking_no })
  await row.waitFor()
  assert.match(await row.innerText(), /石门镇党委副书记/)
  assert.match(await row.innerText(), /督办中/)
  await noEnglish('挂牌督办')
  await shot(page, 'cases2-listings')
  assert.match(await exportXlsx('listings-export', '/api/v1/listings/export.xlsx'), /active=1/)

  // the station: told through its bell; progress, and no 解除督办 (the server refuses it too)
  await signInAs(STATION, 1440)
  await page.locator('[data-test=notification-bell]').click()
  const notice = page.locator('[data-test=notification-item]', { hasText: '挂牌督办' }).first()
  await notice.waitFor()
  await noEnglish('the station\'s notices', page.locator('[data-test=notification-panel]'))
  await notice.click()
  await page.waitForURL(new RegExp(`#/cases/${id}$`))
  await page.locator('[data-test=listing-active]').waitFor()
  assert.equal(await page.locator('[data-test=listing-lift]').count(), 0, 'a station is offered 解除督办')
  assert.equal(await page.locator('[data-test=listing-create]').count(), 0)
  await page.locator('[data-test=listing-report]').click()
  const progress = await actionDialog('listing-form', `/api/v1/cases/${id}/listing/reports`, async (d) => {
    await d.getByLabel('工作进展').fill('已联系民政部门落实临时照料')
  })
  assert.equal(progress.status(), 201)
  await page.locator('[data-test=listing-reports]', { hasText: '已联系民政部门落实临时照料' }).waitFor()
  const st = await apiClient(STATION.login, STATION.password)
  const lift = await st('POST', `/api/v1/cases/${id}/listing/lift`, { reason: '试图解除' })
  assert.equal(lift.status, 403, JSON.stringify(lift.body))
  await noEnglish('a listed case')
  await page.locator('[data-test=case-listing]').scrollIntoViewIfNeeded()
  await shot(page, 'cases2-listing-station')

  await signInAs(ADMIN, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await page.locator('[data-test=listing-lift]').click()
  await actionDialog('listing-form', `/api/v1/cases/${id}/listing/lift`, async (d) => {
    await d.getByLabel('解除理由').fill('已落实长期照料，风险解除')
  })
  await page.locator('[data-test=listing-lifted]').waitFor()
  assert.match(await page.locator('[data-test=listing-facts]').innerText(), /已落实长期照料/)
  // on a phone: 挂牌督办 as cards, 已解除 under its filter
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/listings?active=0`)
  const card = page.locator('[data-test=listing-card]', { hasText: other.tracking_no })
  await card.waitFor()
  assert.match(await card.innerText(), /已解除[\s\S]*石门镇党委副书记[\s\S]*1 次/)
  await noOverflow('挂牌督办')
  await noEnglish('挂牌督办 on a phone')
  await shot(page, 'cases2-phone-listings')
})

test('desktop and phone: a court\'s guidance worker records a 家庭教育指导令 and a session', async () => {
  await signInAs(JUDGE, 1440)
  const menu = await menuEntries()
  assert.ok(menu.includes('家庭教育指导令'), menu.join(','))
  await page.goto(`${BASE}/#/guidance`)
  await page.locator('[data-test=guidance-new]').click()
  const form = page.locator('[data-test=guidance-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=guidance-save]').click()
  for (const m of ['请选择文书类型', '请选择发出单位', '请填写文书编号', '请选择发出日期', '请选择指导期限', '请选择家庭所在村（社区）', '请填写指导机构']) {
    await form.locator('.el-form-item__error', { hasText: m }).waitFor()
  }
  await form.locator('[data-test=guidance-kind]').getByText('家庭教育指导令', { exact: true }).click()
  await pick(form.locator('.el-select[data-test=guidance-issuer]'), '市法院')
  const docNo = `（2026）浙0483民初${n % 100000}号`
  await form.getByLabel('文书编号').fill(docNo)
  await fillDate(form, '发出日期', day(-1))
  await fillDate(form, '指导开始日期', day(-1))
  await fillDate(form, '指导结束日期', day(90))
  await form.locator('.el-select[data-test=guidance-village]').click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText(VILLAGE_NAME, { exact: true }).click()
  await form.getByLabel('指导机构').fill('桐乡市家庭教育指导中心')
  await form.getByLabel('监护人1姓名').fill('童测父亲')
  await pick(form.locator('[data-test=guidance-guardian] .el-select').first(), '父亲')
  await form.getByLabel('子女1姓名').fill('童测子女')
  await form.getByLabel('义务1内容').fill('每两周参加一次家庭教育指导课程')
  await noEnglish('the order form', form)
  await shot(page, 'cases2-guidance-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/guidance-orders') && r.request().method() === 'POST'),
    form.locator('[data-test=guidance-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  const sent = JSON.parse(res.request().postData())
  assert.equal(sent.kind, '家庭教育指导令')
  assert.equal(sent.village, VILLAGE)
  assert.deepEqual(sent.guardians, [{ name: '童测父亲', relation: '父亲' }])
  assert.deepEqual(sent.obligations, [{ text: '每两周参加一次家庭教育指导课程', every_days: 14 }])
  orderId = (await res.json()).id
  await page.waitForURL(new RegExp(`#/guidance/${orderId}$`))
  await page.locator('[data-test=guidance-state]', { hasText: '执行中' }).waitFor()
  const facts = await page.locator('[data-test=guidance-facts]').innerText()
  assert.ok(facts.includes(docNo) && facts.includes('市法院'), facts)
  const family = await page.locator('[data-test=guidance-family]').innerText()
  assert.ok(!family.includes('童测父亲') && !family.includes('童测子女'), 'names in clear on the order page')
  assert.match(family, /每 14 天一次/)

  await page.locator('[data-test=guidance-session]').click()
  const s = await actionDialog('guidance-step', `/api/v1/guidance-orders/${orderId}/sessions`, async (d) => {
    await d.getByLabel('指导情况').fill('父亲按时参加，学习正面管教方法')
  })
  assert.deepEqual(JSON.parse(s.request().postData()), { held_on: day(0), provider: '桐乡市家庭教育指导中心', attended: true, note: '父亲按时参加，学习正面管教方法' })
  await page.locator('[data-test=guidance-session-table] .el-table__row', { hasText: '父亲按时参加' }).waitFor()
  await page.locator('[data-test=guidance-check]').click()
  await actionDialog('guidance-step', `/api/v1/guidance-orders/${orderId}/checks`, async (d) => {
    await d.locator('[data-test=action-result]').getByText('履行', { exact: true }).click()
  })
  await page.locator('[data-test=guidance-check-table] .el-table__row', { hasText: '履行' }).waitFor()
  await noEnglish('the order page')
  await shot(page, 'cases2-guidance-order')
  await page.locator('[data-test=guidance-close]').click()
  await actionDialog('guidance-step', `/api/v1/guidance-orders/${orderId}/close`, async (d) => {
    await d.getByLabel('结案说明').fill('指导期内监护人均按时参加，履行良好')
  })
  await page.locator('[data-test=guidance-state]', { hasText: '已结案' }).waitFor()
  await page.locator('[data-test=guidance-facts]', { hasText: '履行良好' }).waitFor()
  assert.equal(await page.locator('[data-test=guidance-actions]').count(), 0)

  // on a phone: the list's card, within the screen
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/guidance`)
  const card = page.locator('[data-test=guidance-card]', { hasText: docNo })
  await card.waitFor()
  assert.match(await card.innerText(), /市法院[\s\S]*1 次/)
  await noOverflow('家庭教育指导令')
  await noEnglish('家庭教育指导令 on a phone')
  await shot(page, 'cases2-phone-guidance')
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${BASE}/#/guidance`)
  await page.locator('[data-test=guidance-table] .el-table__row', { hasText: docNo }).waitFor()
  await exportXlsx('guidance-export', '/api/v1/guidance-orders/export.xlsx')
})

test('desktop: the office records a 督促监护令 from a case (its village the case\'s); the case page lists it', async () => {
  const id = other.case_id
  await signInAs(ADMIN, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  const card = page.locator('[data-test=guidance-orders]')
  await card.getByText('本案尚未发出家庭教育指导令').waitFor()
  await card.locator('[data-test=guidance-orders-new]').click()
  const form = page.locator('[data-test=guidance-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=guidance-kind]').getByText('督促监护令', { exact: true }).click()
  await pick(form.locator('.el-select[data-test=guidance-issuer]'), '市检察院')
  const docNo = `桐检督监〔2026〕${n % 10000}号`
  await form.getByLabel('文书编号').fill(docNo)
  await fillDate(form, '发出日期', day(0))
  await fillDate(form, '指导开始日期', day(0))
  await fillDate(form, '指导结束日期', day(60))
  await form.getByLabel('指导机构').fill('石门镇家长学校')
  await form.getByLabel('监护人1姓名').fill('童测母亲')
  await pick(form.locator('[data-test=guidance-guardian] .el-select').first(), '母亲')
  await form.getByLabel('子女1姓名').fill('童测督办')
  await form.getByLabel('义务1内容').fill('每周电话报告儿童照料情况')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/guidance-orders') && r.request().method() === 'POST'),
    form.locator('[data-test=guidance-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  const sent = JSON.parse(res.request().postData())
  assert.equal(sent.case_id, id)
  assert.equal(sent.village, undefined, 'a village sent though none was chosen')
  const made = await res.json()
  await page.waitForURL(new RegExp(`#/guidance/${made.id}$`))
  assert.match(await page.locator('[data-test=guidance-facts]').innerText(), new RegExp(`石门镇 · ${VILLAGE_NAME}`))
  await page.goto(`${BASE}/#/cases/${id}`)
  await card.locator('.el-table__row', { hasText: docNo }).waitFor()
  assert.match(await card.innerText(), /督促监护令[\s\S]*市检察院[\s\S]*执行中/)
  await noEnglish('a case with its order')
  await card.scrollIntoViewIfNeeded()
  await shot(page, 'cases2-case-guidance')
})

test('desktop and phone: the statistics page shows its charts', async () => {
  await signInAs(ADMIN, 1440)
  await page.goto(`${BASE}/#/cases/stats`)
  await page.locator('[data-test=stats-summary]').waitFor()
  for (const c of ['situation', 'source', 'town', 'month']) await page.locator(`[data-test=stats-chart-${c}] canvas`).waitFor()
  assert.ok(Number(await page.locator('[data-test=stats-total]').innerText()) >= 2)
  assert.match(await page.locator('[data-test=stats-chart-situation]').getAttribute('aria-label'), /多处损伤/)
  assert.match(await page.locator('[data-test=stats-chart-town]').getAttribute('aria-label'), /石门镇/)
  await fillDate(page.locator('#main'), '开始日期', day(-30))
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/cases/stats?')),
    page.locator('[data-test=stats-submit]').click(),
  ])
  assert.ok(req.url().includes(`from=${day(-30)}`), req.url())
  await page.waitForURL(/from=/)
  const xurl = await exportXlsx('stats-export', '/api/v1/cases/stats/export.xlsx')
  assert.ok(xurl.includes(`from=${day(-30)}`), xurl)
  await noEnglish('个案统计')
  await shot(page, 'cases2-stats')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await page.locator('[data-test=stats-chart-month] canvas').waitFor()
  await noOverflow('个案统计')
  await shot(page, 'cases2-phone-stats')
})

test('no script errors on these pages', () => {
  assert.deepEqual(b.errors, [])
})
