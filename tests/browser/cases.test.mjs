// Case management (issue 14) in the browser against a real server (run by
// run.sh). Independent of the other files: its own village under 河山镇 (a
// town no other browser test writes in), reporters of two schools, a
// 河山镇 station worker and a 屠甸镇 one, all made through the API with this
// run's tag. In order, sharing one browser: a school reporter files an urgent
// report on a phone (the form's own messages first, the red urgent note, the
// tracking number) and finds it in 我的报告 beside nothing of another
// school's; a station of another town does not see the case (list and page);
// the 河山镇 station finds it by light and urgency, sees the masked child and
// the reporter's contact, accepts it — a second 受理 from a stale page is
// refused with the server's message and changes nothing — and assesses it
// (风险 高); the police liaison, not shown the reporter, records 公安受案
// and the feedback to the reporting unit; the station, on a phone, starts
// care, follows up and requests closure; the office approves with the
// outcome the reporter is told; the reporter's list shows 已办结 and the
// outcome, and the feedback notice opens the report. The other school's
// report: 不予受理 with its reason told to that reporter, 重新启动 by the
// office, 移送 to 市民政局 whose worker declines it (退回) and, sent again,
// accepts it (接收移送). The station enters a 12355 hotline case through
// 登记线索. No page shows English or a raw code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, launch, shot } from './lib.mjs'
import { caseHelpers } from './caselib.mjs'

const n = Date.now()
const run = n.toString(36).slice(-5)
const TOWN = '330483104' // 河山镇
const VILLAGE = `${TOWN}953`
const VILLAGE_NAME = '河山个案测村'
const OTHER_TOWN = '330483102' // 屠甸镇
const PASSWORD = 'He-Shan-2024-tongxiang'
const REPORTER = { login: `cs.school.${run}`, password: PASSWORD }
const REPORTER_B = { login: `cs.schoolb.${run}`, password: PASSWORD }
const STATION = { login: `cs.station.${run}`, password: PASSWORD }
const OTHER = { login: `cs.other.${run}`, password: PASSWORD }
const POLICE = { login: `cs.police.${run}`, password: PASSWORD }
const UNIT = { login: `cs.civil.${run}`, password: PASSWORD }
const REJECTED = '经核实系家长委托亲属接送，不属于强制报告情形'
const CHILD = '童测个案'
const CONTACT = `139${String(n % 100000000).padStart(8, '0')}`
const DESCRIPTION = `体育课换衣时发现该生手臂和背部多处淤青，称在家被打（${n % 1000000}）`
const PLACE = '河山镇中心小学医务室'
const HARM = '入户核查属实，儿童手臂和背部多处软组织挫伤'
const OUTCOME = '经核查属实，已落实监护和保护措施，本案办结。感谢您的报告。'

// English words or codes where Chinese belongs (the file format is named as it
// is; a tracking number is letters and digits)
const CODE = /\b(new|accepted|assessing|in_care|follow_up|close_requested|closed|rejected|transferring|accept|assess|start_care|request_close|approve_close|police_accept)\b/

let b
let page
let admin
let reportB
let report // { id, tracking_no, case_id } of the browser's report
let caseId
let civil // 市民政局

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  const v = await admin('POST', '/api/v1/divisions', { code: VILLAGE, name: VILLAGE_NAME, kind: 'village' })
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.body))
  // a reporter of each of two schools (role reporter, scope 仅本人: a reporter
  // reads only what they filed)
  for (const [u, name] of [[REPORTER, '河山个案测试小学'], [REPORTER_B, '河山个案测试中学']]) {
    const r = await admin('POST', '/api/v1/users', { login: u.login, display_name: `${name}德育处`, roles: ['reporter'],
      scope_kind: 'own', password: u.password })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  for (const [u, town, name] of [[STATION, TOWN, '河山镇未保工作站'], [OTHER, OTHER_TOWN, '屠甸镇未保工作站']]) {
    const r = await admin('POST', '/api/v1/users', { login: u.login, display_name: name, roles: ['town_worker'],
      scope_kind: 'town', scope_division: town, password: u.password })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  // a 市民政局 worker who handles the cases sent to the bureau
  civil = (await admin('GET', '/api/v1/units')).body.items.find((u) => u.name === '市民政局')
  assert.ok(civil, 'no 市民政局 among the units')
  const cu = await admin('POST', '/api/v1/users', { login: UNIT.login, display_name: '市民政局个案专员', unit_id: civil.id, roles: ['town_worker'],
    scope_kind: 'unit', password: UNIT.password })
  assert.equal(cu.status, 201, JSON.stringify(cu.body))
  // the other school's report (not urgent: situation 6)
  const rb = await apiClient(REPORTER_B.login, REPORTER_B.password)
  const x = await rb('POST', '/api/v1/reports', { situations: [6], seen_at: '2026-12-01 07:40', place: '校门口', description: `儿童连续多日无人接送（${n % 1000000}）`,
    child: { name: '童测另案', sex: '男', age: 11, village: VILLAGE }, reporter_contact: '0573-88000000' })
  assert.equal(x.status, 201, JSON.stringify(x.body))
  reportB = x.body
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

const { noOverflow, noEnglish, signInAs, menuEntries, takeEventOn, fillReport, exportXlsx } = caseHelpers(() => page, CODE)
const takeEvent = (event, fill) => takeEventOn(caseId, event, fill)

async function stateIs(title) {
  await page.locator('[data-test=case-state]', { hasText: title }).waitFor()
}

test('phone: a school reporter files an urgent report, gets its tracking number and sees it in 我的报告, not another school\'s', async () => {
  await signInAs(REPORTER, 390)
  const menu = await menuEntries()
  assert.ok(menu.includes('强制报告') && menu.includes('我的报告'), menu.join(','))
  assert.ok(!menu.includes('个案工作台'), 'a reporter has the workbench in the menu')
  await page.goto(`${BASE}/#/report`)
  await page.locator('[data-test=report-page]').waitFor()
  // the form's own messages first
  await page.locator('[data-test=report-submit]').click()
  for (const m of ['请至少选择一种情形', '请选择发现时间', '请填写地点', '请填写情况描述', '请选择儿童所在村（社区）', '请填写联系方式']) {
    await page.locator('.el-form-item__error', { hasText: m }).waitFor()
  }
  assert.equal(await page.locator('[data-test=report-urgent]').count(), 0)
  // situation 6 is not urgent; 4 is: the red note
  await page.locator('[data-test=situation-6]').click()
  await page.waitForTimeout(200)
  assert.equal(await page.locator('[data-test=report-urgent]').count(), 0, 'situation 6 alone is not urgent')
  await page.locator('[data-test=situation-4]').click()
  await page.locator('[data-test=report-urgent]', { hasText: '立即通知' }).waitFor()
  assert.match(await page.locator('[data-test=situation-4]').innerText(), /多处损伤[\s\S]*家庭暴力、欺凌、虐待、殴打/)
  await fillReport({ seenAt: '2026-12-04 08:30', place: PLACE, description: DESCRIPTION, child: CHILD, sex: '女', age: '9', villageName: VILLAGE_NAME, contact: CONTACT })
  await noOverflow('the report form')
  await noEnglish('the report form')
  await shot(page, 'cases-phone-report-form')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST'),
    page.locator('[data-test=report-submit]').click(),
  ])
  assert.equal(res.status(), 201)
  const sent = JSON.parse(res.request().postData())
  assert.deepEqual(sent, { situations: [4, 6], seen_at: '2026-12-04 08:30', place: PLACE, description: DESCRIPTION,
    child: { name: CHILD, sex: '女', age: 9, village: VILLAGE }, reporter_contact: CONTACT })
  report = await res.json()
  caseId = report.case_id
  await page.locator('[data-test=report-tracking]', { hasText: report.tracking_no }).waitFor()
  await page.locator('[data-test=report-sent-urgent]').waitFor()
  await noOverflow('the tracking number')
  await noEnglish('the tracking number')
  await shot(page, 'cases-phone-report-sent')

  await page.locator('[data-test=report-mine]').click()
  await page.waitForURL(/#\/reports$/)
  const card = page.locator('[data-test=report-card]', { hasText: report.tracking_no })
  await card.waitFor()
  assert.match(await card.innerText(), /已接收/)
  assert.match(await card.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  const all = await page.locator('#main').innerText()
  assert.ok(!all.includes(reportB.tracking_no), 'another school\'s report in 我的报告')
  for (const s of [CHILD, DESCRIPTION, CONTACT]) assert.ok(!all.includes(s), `${s} in 我的报告`)
  await noOverflow('我的报告')
  await noEnglish('我的报告')
  await shot(page, 'cases-phone-my-reports')
  // nor through the address bar: the workbench is not a reporter's
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await page.locator('.el-message', { hasText: '您没有访问该页面的权限' }).waitFor()
})

test('desktop: a station of another town sees neither the case in its list nor its page', async () => {
  await signInAs(OTHER, 1440)
  await page.goto(`${BASE}/#/cases`)
  await page.locator('[data-test=cases-table]').waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-test=cases-table] .el-loading-mask'))
  await page.waitForTimeout(300)
  assert.ok(!(await page.locator('#main').innerText()).includes(report.tracking_no), 'another town\'s case in the list')
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await page.locator('[data-test=case-error]', { hasText: '未找到该个案' }).waitFor()
  assert.equal(await page.locator('[data-test=case-no]').count(), 0)
  await noEnglish('another town\'s case')
})

test('desktop: the station finds the case by light and urgency, accepts it (a stale 受理 is refused, nothing changed) and assesses it 高', async () => {
  await signInAs(STATION, 1440)
  const menu = await menuEntries()
  assert.ok(menu.includes('个案工作台'), menu.join(','))
  // the urgent report is in the station's notifications at once, and opens the case
  await page.locator('[data-test=notification-bell]').click()
  const notice = page.locator('[data-test=notification-item]', { hasText: report.tracking_no })
  await notice.waitFor()
  assert.match(await notice.innerText(), /紧急报告/)
  await notice.click()
  await page.waitForURL(new RegExp(`#/cases/${caseId}$`))
  await stateIs('新报告')
  await page.locator('.side-menu .el-menu-item', { hasText: '个案工作台' }).click()
  await page.waitForURL(/#\/cases/)
  const table = page.locator('[data-test=cases-table]')
  const row = table.locator('.el-table__row', { hasText: report.tracking_no })
  await row.waitFor()
  assert.match(await row.innerText(), /紧急/)
  assert.match(await row.innerText(), /新报告/)
  assert.match(await row.innerText(), /多处损伤/)
  assert.match(await row.innerText(), /河山镇 · 河山个案测村/)
  assert.match(await row.innerText(), /童\*+案/)
  assert.ok(!(await page.locator('#main').innerText()).includes(CHILD), 'the child\'s name in clear in the list')
  // a fresh urgent report is green; the red tab does not list it, the green one does
  const [redReq] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/cases?') && r.url().includes('light=red')),
    page.locator('[data-test=light-red]').click(),
  ])
  assert.ok(redReq)
  await page.waitForURL(/light=red/)
  await page.waitForFunction((t) => !document.querySelector('[data-test=cases-table]').innerText.includes(t), report.tracking_no)
  await page.locator('[data-test=light-green]').click()
  await page.waitForURL(/light=green/)
  await row.waitFor()
  await page.locator('[data-test=filter-urgent]').click()
  const [urgReq] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/cases?') && r.url().includes('urgent=1')),
    page.getByRole('button', { name: '查询' }).click(),
  ])
  assert.match(urgReq.url(), /light=green/)
  await row.waitFor()
  assert.ok(!(await table.innerText()).includes(reportB.tracking_no), 'a report that is not urgent under 仅紧急报告')
  await noEnglish('the workbench')
  await shot(page, 'cases-workbench')
  assert.match(await exportXlsx('cases-export', '/api/v1/cases/export.xlsx'), /urgent=1/)

  await row.click()
  await page.waitForURL(new RegExp(`#/cases/${caseId}$`))
  await stateIs('新报告')
  const facts = await page.locator('[data-test=case-facts]').innerText()
  assert.match(facts, new RegExp(CONTACT), 'the handler is not shown the reporter\'s contact')
  assert.match(facts, /河山个案测试小学/, 'the handler is not shown the reporting school')
  assert.match(facts, /河山镇中心小学医务室/)
  assert.match(facts, /镇（街道）\s*河山镇[\s\S]*村（社区）\s*河山个案测村/)
  assert.equal(await page.locator('[data-test=case-facts] .case-reporter-contact').innerText(), CONTACT)
  assert.match(await page.locator('[data-test=case-child]').innerText(), /童\*+案[\s\S]*女[\s\S]*9 岁/)
  assert.ok(!(await page.locator('#main').innerText()).includes(CHILD), 'the child\'s name in clear on the case page')
  assert.match(await page.locator('[data-test=case-situations]').innerText(), /4\. 多处损伤[\s\S]*6\. 被遗弃或无人照料/)
  for (const e of ['accept', 'reject', 'transfer']) await page.locator(`[data-test=case-action-${e}]`).waitFor()
  assert.equal(await page.locator('[data-test=case-action-approve_close]').count(), 0, 'a station is offered 批准结案')
  await noEnglish('a new case')
  await shot(page, 'cases-case-new')

  // 不予受理 asks its reason (nothing sent without one)
  await page.locator('[data-test=case-action-reject]').click()
  const reject = page.locator('[data-test=event-form]').filter({ visible: true })
  await reject.waitFor()
  await reject.locator('[data-test=event-submit]').click()
  await reject.locator('.el-form-item__error', { hasText: '请填写不予受理的理由' }).waitFor()
  await reject.getByRole('button', { name: '取消' }).click()
  await reject.waitFor({ state: 'hidden' })

  // someone else accepts it meanwhile: this page's 受理 is refused (409) with the server's message
  const station = await apiClient(STATION.login, STATION.password)
  const first = await station('POST', `/api/v1/cases/${caseId}/events`, { event: 'accept' })
  assert.ok([200, 201].includes(first.status), JSON.stringify(first.body))
  const { res } = await takeEvent('accept')
  assert.equal(res.status(), 409)
  const message = (await res.json()).error.message
  await page.locator('[data-test=case-action-error]', { hasText: message }).waitFor()
  assert.match(message, /[\u4e00-\u9fa5]/, 'the refusal is not in Chinese')
  await stateIs('已受理')
  const after = await station('GET', `/api/v1/cases/${caseId}`)
  const events = after.body.timeline || after.body.events
  assert.equal(events.filter((e) => e.event === 'accept').length, 1, 'the refused 受理 changed the case')
  await noEnglish('the refused event')
  await shot(page, 'cases-refused')

  // 核查评估: risk and assessment are asked for, then 高
  await page.locator('[data-test=case-action-assess]').click()
  const dialog = page.locator('[data-test=event-form]').filter({ visible: true })
  await dialog.waitFor()
  await dialog.locator('[data-test=event-submit]').click()
  await dialog.locator('.el-form-item__error', { hasText: '请选择风险等级' }).waitFor()
  await dialog.locator('.el-form-item__error', { hasText: '请填写核查情况' }).waitFor()
  await dialog.locator('[data-test=event-risk]').getByText('高', { exact: true }).click()
  await dialog.getByLabel('核查情况').fill(HARM)
  await dialog.getByLabel('监护情况').fill('父亲饮酒后殴打，母亲长期在外务工')
  await noEnglish('the assessment dialog', dialog)
  await shot(page, 'cases-assess')
  const [assessed] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${caseId}/events`) && r.request().method() === 'POST'),
    dialog.locator('[data-test=event-submit]').click(),
  ])
  assert.ok([200, 201].includes(assessed.status()), await assessed.text())
  assert.deepEqual(JSON.parse(assessed.request().postData()), { event: 'assess', risk: '高', assessment: { harm: HARM, guardian: '父亲饮酒后殴打，母亲长期在外务工' } })
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('核查评估')
  await page.locator('[data-test=case-risk]', { hasText: '高' }).waitFor()
  const parts = page.locator('[data-test=case-assessment]')
  await parts.getByText(HARM).waitFor()
  assert.match(await parts.innerText(), /核查情况\s*入户核查属实[\s\S]*监护情况\s*父亲饮酒后殴打/)
  const timeline = page.locator('[data-test=case-timeline]')
  const line = timeline.locator('.el-timeline-item', { hasText: '核查评估' }).first()
  await line.waitFor()
  assert.match(await line.innerText(), /河山镇未保工作站|cs\.station/)
  assert.match(await line.innerText(), /风险等级：高/)
  assert.match(await line.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await timeline.locator('.el-timeline-item', { hasText: '受理' }).first().waitFor()
  await noEnglish('an assessed case')
  await shot(page, 'cases-case-assessed')
})

test('desktop: the police liaison sees the case without the reporter, records 公安受案 (刑事) and the feedback to the reporting unit', async () => {
  const units = await admin('GET', '/api/v1/units')
  const police = units.body.items.find((u) => u.name === '市公安局')
  assert.ok(police, 'no 市公安局 among the units')
  const r = await admin('POST', '/api/v1/users', { login: POLICE.login, display_name: '市公安局联络员', unit_id: police.id, roles: ['police_liaison'],
    scope_kind: 'county', password: POLICE.password })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  await signInAs(POLICE, 1440)
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await stateIs('核查评估')
  const facts = await page.locator('[data-test=case-facts]').innerText()
  assert.ok(!facts.includes(CONTACT), 'the police liaison is shown the reporter\'s contact')
  assert.doesNotMatch(facts, /报告人/, 'the police liaison is shown the reporter')
  const line = page.locator('[data-test=case-timeline] .el-timeline-item', { hasText: '报告' }).last()
  assert.match(await line.innerText(), /报告人（保密）/)
  assert.ok(!(await page.locator('#main').innerText()).includes('河山个案测试小学'), 'the police liaison is shown the reporting school')
  // the police record their acceptance only; the workflow's buttons are the station's
  for (const e of ['start_care', 'request_close', 'assess']) assert.equal(await page.locator(`[data-test=case-action-${e}]`).count(), 0, `${e} offered to the police`)
  let { res, dialog } = await takeEvent('police_accept', async (d) => {
    await d.locator('[data-test=event-submit]').click()
    await d.locator('.el-form-item__error', { hasText: '请选择公安处理方式' }).waitFor()
    await d.locator('[data-test=event-police]').getByText('刑事立案', { exact: true }).click()
    await noEnglish('the police dialog', d)
  })
  assert.ok([200, 201].includes(res.status()), await res.text())
  assert.deepEqual(JSON.parse(res.request().postData()), { event: 'police_accept', police_kind: '刑事' })
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('核查评估')
  await page.locator('[data-test=case-facts]', { hasText: '刑事立案' }).waitFor()
  await page.locator('[data-test=case-facts] .case-feedback-due', { hasText: '待反馈' }).waitFor()
  assert.equal(await page.locator('[data-test=case-action-police_accept]').count(), 0, '公安受案 offered twice')
  await noEnglish('the case with the police\'s acceptance')
  await shot(page, 'cases-police')
  ;({ res, dialog } = await takeEvent('police_feedback', async (d) => {
    await d.getByLabel('反馈情况').fill('已电话告知报告学校立案情况')
  }))
  assert.ok([200, 201].includes(res.status()), await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await page.locator('[data-test=case-facts]', { hasText: '已反馈' }).waitFor()
  await page.locator('[data-test=case-timeline] .el-timeline-item', { hasText: '反馈报告单位' }).waitFor()
  assert.equal(await page.locator('[data-test=case-action-police_feedback]').count(), 0)
})

test('phone: the station starts care, follows up and requests closure from the case page', async () => {
  await signInAs(STATION, 390)
  await page.goto(`${BASE}/#/cases?urgent=1`)
  const card = page.locator('[data-test=case-card]', { hasText: report.tracking_no })
  await card.waitFor()
  assert.equal(await page.locator('[data-test=cases-table]').count(), 0)
  assert.match(await card.innerText(), /核查评估[\s\S]*高/)
  await noOverflow('the workbench\'s cards')
  await noEnglish('the workbench on a phone')
  await shot(page, 'cases-phone-workbench')
  await card.locator('.card-name').click()
  await page.waitForURL(new RegExp(`#/cases/${caseId}$`))
  await stateIs('核查评估')
  await noOverflow('the case page')

  let { res, dialog } = await takeEvent('start_care')
  assert.ok([200, 201].includes(res.status()), await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('处置中')

  ;({ res, dialog } = await takeEvent('follow_up', async (d) => {
    await page.waitForTimeout(400)
    const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
    assert.ok(box.width <= 390 && box.width >= 389, `the event dialog is ${box.width}px wide`)
    await d.getByLabel('说明').fill('电话回访，儿童已由祖母照料，情绪稳定')
    await noEnglish('the follow-up dialog', d)
    await shot(page, 'cases-phone-follow-up')
  }))
  assert.ok([200, 201].includes(res.status()), await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('跟踪回访')

  ;({ res, dialog } = await takeEvent('request_close', async (d) => {
    await d.getByLabel('结案小结').fill('已落实监护，家庭教育指导完成，风险解除')
  }))
  assert.ok([200, 201].includes(res.status()), await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('申请结案')
  assert.equal(await page.locator('[data-test=case-action-approve_close]').count(), 0, 'a station may approve its own closure request')
  await page.locator('[data-test=case-timeline] .el-timeline-item', { hasText: '结案小结：已落实监护' }).waitFor()
  await noOverflow('the case page with its timeline')
  await noEnglish('the case page on a phone')
  await shot(page, 'cases-phone-case')
})

test('desktop: the office approves the closure', async () => {
  await signInAs({ login: 'admin', password: ADMIN_PASSWORD }, 1440)
  await page.goto(`${BASE}/#/cases/${caseId}`)
  await stateIs('申请结案')
  assert.match(await page.locator('[data-test=case-facts]').innerText(), new RegExp(CONTACT), 'the office is not shown the reporter\'s contact')
  const { res, dialog } = await takeEvent('approve_close', async (d) => {
    await d.getByLabel('告知报告人的处理结果').fill(OUTCOME)
  })
  assert.ok([200, 201].includes(res.status()), await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('已结案')
  await page.locator('[data-test=case-action-reopen]').waitFor()
  await page.locator('[data-test=case-facts] .case-outcome', { hasText: OUTCOME }).waitFor()
  const t = await page.locator('[data-test=case-timeline]').innerText()
  for (const e of ['受理', '核查评估', '开始处置', '跟踪回访', '申请结案', '批准结案']) assert.ok(t.includes(e), `${e} not in the timeline`)
  await noEnglish('a closed case')
  await shot(page, 'cases-case-closed')
})

test('phone: the reporter\'s list shows 已办结', async () => {
  await signInAs(REPORTER, 390)
  // the police's acceptance told through the notifications, opening the report
  await page.locator('[data-test=notification-bell]').click()
  const notice = page.locator('[data-test=notification-item]', { hasText: report.tracking_no })
  await notice.waitFor()
  assert.match(await notice.innerText(), /受案反馈[\s\S]*公安机关已受案（刑事）/)
  await notice.click()
  await page.waitForURL(new RegExp(`#/reports/${report.id}$`))
  const detail = page.locator('[data-test=report-detail]').filter({ visible: true })
  await detail.getByText('已受案（刑事）', { exact: false }).waitFor()
  await noOverflow('the report\'s detail')
  await noEnglish('the report\'s detail', detail)
  await shot(page, 'cases-phone-report-detail')
  await detail.getByRole('button', { name: '关闭', exact: true }).click()
  await page.waitForURL(/#\/reports$/)
  await page.goto(`${BASE}/#/reports`)
  const card = page.locator('[data-test=report-card]', { hasText: report.tracking_no })
  await card.waitFor()
  assert.match(await card.innerText(), /已办结/)
  assert.ok((await card.innerText()).includes(OUTCOME), 'the outcome the reporter is told')
  assert.ok(!(await page.locator('#main').innerText()).includes(reportB.tracking_no))
  await noEnglish('我的报告 after closure')
  await shot(page, 'cases-phone-my-reports-closed')
})

test('desktop: the other report: 不予受理 (told to the reporter), 重新启动 by the office, 移送 returned by the unit, sent again and accepted', async () => {
  const id = reportB.case_id
  const unitCase = async (u) => (await apiClient(u.login, u.password))('GET', `/api/v1/cases/${id}`)
  await signInAs(STATION, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await stateIs('新报告')
  assert.equal(await page.locator('[data-test=case-urgent]').count(), 0)
  let { res, dialog } = await takeEventOn(id, 'reject', async (d) => {
    await d.getByLabel('不予受理的理由').fill(REJECTED)
  })
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('不予受理')
  assert.equal(await page.locator('[data-test=case-actions]').count(), 0, 'a station is offered 重新启动')
  // the reporter is told
  const rb = await apiClient(REPORTER_B.login, REPORTER_B.password)
  const mine = (await rb('GET', '/api/v1/reports')).body.items.find((x) => x.tracking_no === reportB.tracking_no)
  assert.equal(mine.status, '不予受理')
  assert.equal(mine.outcome, REJECTED)

  await signInAs({ login: 'admin', password: ADMIN_PASSWORD }, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await stateIs('不予受理')
  ;({ res, dialog } = await takeEventOn(id, 'reopen', async (d) => {
    await d.locator('[data-test=event-submit]').click()
    await d.locator('.el-form-item__error', { hasText: '请填写重新启动的理由' }).waitFor()
    await d.getByLabel('重新启动的理由').fill('学校再次反映儿童连续多日无人接送')
  }))
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('已受理')

  // the station sends it to 市民政局, whose worker declines it, then takes it when sent again
  await signInAs(STATION, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await stateIs('已受理')
  ;({ res, dialog } = await takeEventOn(id, 'transfer', async (d) => {
    await d.locator('[data-test=event-submit]').click()
    await d.locator('.el-form-item__error', { hasText: '请选择移送单位' }).waitFor()
    await d.locator('.el-form-item__error', { hasText: '请填写移送理由' }).waitFor()
    await d.locator('.el-select[data-test=event-unit]').click()
    await page.locator('.el-select__popper').filter({ visible: true }).getByText('市民政局', { exact: true }).click()
    await d.getByLabel('移送理由').fill('涉及监护缺失，需民政部门临时监护')
    await noEnglish('the transfer dialog', d)
    await shot(page, 'cases-transfer')
  }))
  assert.equal(res.status(), 200, await res.text())
  assert.equal(JSON.parse(res.request().postData()).unit_id, civil.id)
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('移送中')
  await page.locator('[data-test=case-facts]', { hasText: '市民政局' }).waitFor()

  await signInAs(UNIT, 1440)
  await page.goto(`${BASE}/#/cases/${id}`)
  await stateIs('移送中')
  // the unit handles the case without learning who reported it
  const seen = await page.locator('#main').innerText()
  assert.ok(!seen.includes('0573-88000000') && !seen.includes('河山个案测试中学'), 'the receiving unit is shown the reporter')
  await page.locator('[data-test=case-timeline] .el-timeline-item', { hasText: '报告人（保密）' }).waitFor()
  await page.locator('[data-test=case-action-accept_transfer]').waitFor()
  ;({ res, dialog } = await takeEventOn(id, 'return', async (d) => {
    await d.getByLabel('退回理由').fill('不属于本单位职责，请属地继续处置')
  }))
  assert.equal(res.status(), 200, await res.text())
  assert.deepEqual(await res.json(), { id, visible: false })
  await dialog.waitFor({ state: 'hidden' })
  // back with the station: no longer the unit's to see; the unit is back on its list
  await page.locator('.el-message', { hasText: '该个案已不在您的办理范围内' }).waitFor()
  await page.waitForURL(/#\/cases$/)
  assert.equal((await unitCase(UNIT)).status, 404, 'a declined case stays visible to the unit')
  assert.equal((await admin('GET', `/api/v1/cases/${id}`)).body.state, 'accepted', 'the unit\'s 退回 did not stand')
  const again = await (await apiClient(STATION.login, STATION.password))('POST', `/api/v1/cases/${id}/events`,
    { event: 'transfer', unit_id: civil.id, reason: '经协调由民政部门接收' })
  assert.equal(again.status, 200, JSON.stringify(again.body))
  // sent again: on the unit's list (reloaded), from which it opens
  await page.reload()
  await page.locator('[data-test=cases-table] .el-table__row', { hasText: reportB.tracking_no }).click()
  await page.waitForURL(new RegExp(`#/cases/${id}$`))
  ;({ res, dialog } = await takeEventOn(id, 'accept_transfer'))
  assert.equal(res.status(), 200, await res.text())
  await dialog.waitFor({ state: 'hidden' })
  await stateIs('已受理')
  await page.locator('[data-test=case-action-assess]').waitFor()
  const t = await page.locator('[data-test=case-timeline]').innerText()
  for (const e of ['不予受理', '重新启动', '移送', '退回', '接收移送']) assert.ok(t.includes(e), `${e} not in the timeline`)
  assert.match(t, /退回理由：不属于本单位职责/)
  await noEnglish('a transferred case')
  await shot(page, 'cases-transferred')
})

test('desktop and phone: the station enters a 12355 hotline case through 登记线索 and lands on its page', async () => {
  await signInAs(STATION, 1440)
  await page.goto(`${BASE}/#/cases`)
  await page.locator('[data-test=cases-intake]').click()
  const form = page.locator('[data-test=intake-form]').filter({ visible: true })
  await form.waitFor()
  await form.locator('[data-test=intake-save]').click()
  for (const m of ['请选择线索来源', '请填写情况描述', '请选择儿童所在村（社区）']) await form.locator('.el-form-item__error', { hasText: m }).waitFor()
  await form.locator('.el-select[data-test=intake-source]').click()
  await page.locator('.el-select__popper').filter({ visible: true }).getByText('12355 青少年服务热线', { exact: true }).click()
  await form.getByLabel('情况描述').fill(`来电反映邻居家儿童常独自在家（${n % 1000000}）`)
  await form.getByLabel('儿童姓名').fill('童测热线')
  await form.locator('.el-select[data-test=intake-village]').click()
  await page.locator('.division-picker-popper').filter({ visible: true }).getByText(VILLAGE_NAME, { exact: true }).click()
  await form.getByLabel('反映人联系方式').fill('0573-88123456')
  await noEnglish('the intake form', form)
  await shot(page, 'cases-intake')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST'),
    form.locator('[data-test=intake-save]').click(),
  ])
  assert.equal(res.status(), 201, await res.text())
  const made = await res.json()
  assert.deepEqual(JSON.parse(res.request().postData()), { source: '12355', description: `来电反映邻居家儿童常独自在家（${n % 1000000}）`,
    child: { name: '童测热线', village: VILLAGE }, reporter_contact: '0573-88123456' })
  await page.waitForURL(new RegExp(`#/cases/${made.id}$`))
  await stateIs('新报告')
  assert.match(await page.locator('[data-test=case-facts]').innerText(), /来源\s*12355/)
  await page.locator('[data-test=case-timeline] .el-timeline-item', { hasText: '登记' }).waitFor()
  await noEnglish('a hotline case')

  // the same form on a phone: the whole width, nothing wider than the screen
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/cases`)
  await page.locator('[data-test=case-card]').first().waitFor()
  await page.locator('[data-test=cases-intake]').click()
  await form.waitFor()
  await page.waitForTimeout(400)
  const box = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
  assert.ok(box.width <= 390 && box.width >= 389, `the intake form is ${box.width}px wide`)
  await noOverflow('the intake form')
  await shot(page, 'cases-phone-intake')
  await form.getByRole('button', { name: '取消' }).click()
  await form.waitFor({ state: 'hidden' })
})

test('no script errors on the case pages', () => {
  assert.deepEqual(b.errors, [])
})
