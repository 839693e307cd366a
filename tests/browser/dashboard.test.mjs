// The committee dashboard (首页 · 工作要点指标) and the office's binding of a
// target (工作要点 · 指标绑定), in the browser against a real server (run by
// run.sh). Independent of the other files: a plan of this run (year 2031, its
// own 文号) whose items 2 and 7 say what the 2022 plan's say (so they are
// bound by default) and whose item 3 (智安校园, not a 2022 position) is manual
// until the office binds it here; the facilities are created through the API
// in two towns no other browser test uses (洲泉镇 meets every target, 大麻镇
// lags), dated before the as-of date 2031-06-30, so every figure of these two
// towns is known. In order, sharing one browser: the office at desktop size
// (actual vs target, the per-town chart and table with the lagging town in
// red, a drill-down listing exactly the expected records), binding item 3
// through the plan view (source and actual change, checked through the API),
// the same dashboard at 390×844, and a town worker who sees only their town.
// The 走访逾期 card: two children of this run, one in 崇福镇 and one in 高桥街道
// (towns no other browser test uses), visited about 100 days ago, so their
// monthly visit is overdue; the card's counts, a town's list in the drawer
// (masked) at 1440 and the whole list as cards at 390×844; the town worker
// of 洲泉镇 sees none of them. The 个案 card: the year's case figures as the
// statistics give them, a count opening its red-light list; the town worker's
// card has their town's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, apiClient, launch, overflowX, shot, signIn, signOut } from './lib.mjs'

const run = Date.now().toString(36).slice(-5)
const TAG = `看板${run}`
const TOWN_OK = '330483105' // 洲泉镇
const TOWN_LAG = '330483106' // 大麻镇
const AS_OF = '2031-06-30'
const WORKER = { login: `dash.worker.${run}`, password: 'Tai-Zhang-2024-tongxiang' }
// a raw code or an English word where a Chinese title belongs
const RAW = /\b(registry|manual|stations_running|rehab_agreements|smart_schools|range|true|false|null|undefined|NaN)\b|\b\d{9}(\d{3})?\b/

const NOTICE = `桐乡市未成年人保护工作委员会办公室
文件编号: 桐未工委办〔2031〕${100 + (Date.now() % 800)}号
关于印发《桐乡市未成年人保护工作委员会2031年工作要点（${TAG}）》的通知
各成员单位：
一、看板测试
1.开展看板测试工作。(责任部门:市关工委)
2.推进未成年人保护机构建设，设立11个镇(街道)未保站。(责任部门:市关工委)
3.推进“智安校园”建设，建成智安校园的学校达到50%以上。(责任部门:市关工委)
4.开展看板测试工作。(责任部门:市关工委)
5.开展看板测试工作。(责任部门:市关工委)
6.开展看板测试工作。(责任部门:市关工委)
7.提升残疾儿童定点康复机构规范化水平,落实定点康复机构 100%纳入协议管理。(责任部门:市关工委)
桐乡市未成年人保护工作委员会办公室 2031年1月5日
`

let b, page, admin, planId
const names = {}
// the children of the 走访逾期 card: towns, villages, names (their masked form)
const KIDS = [
  { town: '330483107', townName: '崇福镇', village: '330483107971', name: `逾期${run.slice(-2)}甲`, seq: 801 },
  { town: '330483004', townName: '高桥街道', village: '330483004971', name: `逾期${run.slice(-2)}乙`, seq: 802 },
]
const DAY = 86400000
// today in China, and n days away, as YYYY-MM-DD
const day = (n = 0) => new Date(Date.now() + 8 * 3600000 + n * DAY).toISOString().slice(0, 10)
// a valid ID number (GB 11643) of address 330483, a birth date and a sequence
function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  return body + '10X98765432'[[...body].reduce((t, c, i) => t + Number(c) * w[i], 0) % 11]
}
// 张三丰 → 张*丰, as the server masks a name
const masked = (name) => `${name[0]}${'*'.repeat(name.length - 2)}${name[name.length - 1]}`

/** A facility of this run through the API; resolves with its name. */
async function facility(type, key, values) {
  const name = `${TAG}${key}`
  const r = await admin('POST', '/api/v1/facilities', { type, name, ...values })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  names[key] = name
  return name
}

async function indicators(client, q = '') {
  const r = await client('GET', `/api/v1/indicators?plan=${planId}&as_of=${AS_OF}${q}`)
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return Object.fromEntries(r.body.indicators.map((i) => [`${i.item}.${i.target_index}`, i]))
}

/** The dashboard of this run's plan as of AS_OF. */
async function openDashboard() {
  await page.goto(`${BASE}/#/`)
  await page.reload()   // a fresh page: today's date and the default plan again
  const panel = page.locator('[data-test=indicators]')
  // the plan: chosen in the selector (another file's plan may be the latest)
  const select = panel.locator('[data-test=indicator-plan]')
  await select.locator('option', { hasText: TAG }).waitFor({ state: 'attached' })
  const value = await select.locator('option', { hasText: TAG }).getAttribute('value')
  assert.equal(value, String(planId))
  await select.selectOption(value)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/indicators?plan=${planId}&as_of=${AS_OF}`)),
    panel.locator('[data-test=indicator-date]').fill(AS_OF),
  ])
  await panel.locator('[data-test=indicator][data-key="2.1"]').waitFor()
  return panel
}

async function rowTexts(locator) {
  return (await locator.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  admin = await apiClient('admin', ADMIN_PASSWORD)
  const p = await admin('POST', '/api/v1/plans', { text: NOTICE, deadline: '2031-12-31' })
  assert.equal(p.status, 201, JSON.stringify(p.body))
  planId = p.body.id
  // 洲泉镇: a running station, a rehab institution with an open-ended
  // agreement, a 小学 with 智安校园 built; 大麻镇: a station being set up, an
  // agreement that lapsed the day before the date and none, a 小学 not built
  await facility('station', '甲站', { division_code: TOWN_OK, opened_on: '2031-01-01', status: '运行' })
  await facility('station', '乙站', { division_code: TOWN_LAG, opened_on: '2031-01-01', status: '筹建' })
  await facility('rehab', '甲康复', { division_code: TOWN_OK, agreement_from: '2031-01-01' })
  await facility('rehab', '乙过期康复', { division_code: TOWN_LAG, agreement_from: '2030-01-01', agreement_to: '2031-06-29' })
  await facility('rehab', '乙无协议康复', { division_code: TOWN_LAG })
  await facility('school', '甲小学', { division_code: TOWN_OK, stage: '小学', smart_on: '2031-01-01' })
  await facility('school', '乙小学', { division_code: TOWN_LAG, stage: '小学' })
  // two orphans, one per town, whose monthly visit is long overdue
  for (const k of KIDS) {
    const v = await admin('POST', '/api/v1/divisions', { code: k.village, name: `${k.townName}逾期村${run}`, kind: 'village' })
    assert.ok([201, 409].includes(v.status), JSON.stringify(v.body))
    const c = await admin('POST', '/api/v1/children', {
      name: k.name, id_number: gid(`2014-0${(Date.now() % 9) + 1}-1${k.seq % 10}`, k.seq), village_code: k.village, placement: '亲属抚养',
      father_status: '死亡', father_started_on: '2019-03-02', mother_status: '死亡', mother_started_on: '2020-01-05',
    })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    k.id = c.body.id
    const visit = await admin('POST', `/api/v1/children/${k.id}/visits`, { visited_on: day(-100), findings: '生活正常，需继续关注' })
    assert.equal(visit.status, 201, JSON.stringify(visit.body))
  }
  const w = await admin('POST', '/api/v1/users', {
    login: WORKER.login,
    display_name: '洲泉镇儿童督导员',
    roles: ['town_worker'],
    scope_kind: 'town',
    scope_division: TOWN_OK,
    password: WORKER.password,
  })
  assert.equal(w.status, 201, JSON.stringify(w.body))
  b = await launch()
  page = b.page
  await signIn(page, 'admin', ADMIN_PASSWORD)
})

after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no page errors')
    await b.close()
  }
})

test('the office\'s dashboard: every target with actual vs target, status and source', async () => {
  const panel = await openDashboard()
  const ind = await indicators(admin)
  const item = (k) => panel.locator(`[data-test=indicator][data-key="${k}"]`)
  // item 2: towns with a running station, against 11 (the county's figure as the API gives it)
  assert.equal(await item('2.1').locator('[data-test=indicator-target]').innerText(), '11 个')
  assert.equal((await item('2.1').locator('[data-test=indicator-actual]').innerText()).trim(), `${ind['2.1'].actual} 个`)
  assert.equal(await item('2.1').locator('[data-test=indicator-status]').innerText(), ind['2.1'].met ? '已达成' : '未达成')
  assert.equal(await item('2.1').locator('[data-test=indicator-source]').innerText(), '台账自动计算')
  // item 3: not a 2022 position, so manual, with nothing reported yet
  assert.equal(await item('3.1').locator('[data-test=indicator-target]').innerText(), '≥ 50%')
  assert.equal((await item('3.1').locator('[data-test=indicator-actual]').innerText()).trim(), '暂无数据')
  assert.equal(await item('3.1').locator('[data-test=indicator-source]').innerText(), '单位填报')
  assert.equal(await item('3.1').locator('[data-test=indicator-status]').innerText(), '未达成')
  assert.equal(await item('7.1').locator('[data-test=indicator-target]').innerText(), '100%')
  // the 待办 panel and the vacancies card stay on the page
  await page.locator('[data-test=todo]').waitFor()
  await page.locator('[data-test=vacancies] [data-test=vacant-towns-count]').waitFor()
  const text = await page.locator('main, .page').first().innerText()
  assert.doesNotMatch(text, RAW, 'a raw code or English word on the dashboard')
  await shot(page, 'dashboard-indicators')
})

test('the per-town chart and table: the lagging town in red; a drill-down lists exactly the records behind it', async () => {
  const panel = page.locator('[data-test=indicators]')
  const item = panel.locator('[data-test=indicator][data-key="7.1"]')
  await item.locator('[data-test=indicator-towns]').click()
  const section = panel.locator('[data-test=indicator-town-section]')
  await section.locator('[data-test=indicator-chart] canvas').waitFor()
  const ok = section.locator(`[data-test=indicator-town-row][data-town="${TOWN_OK}"]`)
  const lag = section.locator(`[data-test=indicator-town-row][data-town="${TOWN_LAG}"]`)
  assert.deepEqual(await rowTexts(ok), ['洲泉镇 100% 达标 查看'])
  assert.deepEqual(await rowTexts(lag), ['大麻镇 0% 未达标 查看'])
  const red = 'rgb(217, 48, 38)'
  assert.equal(await lag.locator('th').evaluate((e) => getComputedStyle(e).color), red, 'the lagging town in red')
  assert.notEqual(await ok.locator('th').evaluate((e) => getComputedStyle(e).color), red)
  assert.match(await section.locator('[data-test=indicator-chart]').getAttribute('aria-label'), /大麻镇 0%，未达标/)
  await shot(page, 'dashboard-town-chart')

  // 大麻镇's records behind item 7: both institutions of the denominator
  await lag.locator('[data-test=indicator-town-records]').click()
  const drawer = page.locator('.el-drawer').filter({ visible: true })
  await drawer.locator('[data-test=indicator-record]').first().waitFor()
  assert.match(await drawer.locator('.el-drawer__title, header').first().innerText(), /大麻镇/)
  const listed = (await drawer.locator('[data-test=indicator-record]').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(listed, [names['乙无协议康复'], names['乙过期康复']].sort())
  const headers = await drawer.locator('.el-table__header th').allInnerTexts()
  for (const h of ['名称', '所在区划', '协议开始日期', '协议结束日期']) assert.ok(headers.some((x) => x.includes(h)), `column ${h}`)
  const dtext = await drawer.innerText()
  assert.match(dtext, /共 2 条/)
  assert.doesNotMatch(dtext, RAW, 'a raw code in the drill-down')
  await shot(page, 'dashboard-drilldown')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })

  // item 2 through the chart's own table: 洲泉镇's one running station
  await panel.locator('[data-test=indicator][data-key="2.1"] [data-test=indicator-towns]').click()
  await section.locator(`[data-test=indicator-town-row][data-town="${TOWN_LAG}"].lag`).waitFor()
  await section.locator(`[data-test=indicator-town-row][data-town="${TOWN_OK}"] [data-test=indicator-town-records]`).click()
  await drawer.locator('[data-test=indicator-record]').first().waitFor()
  assert.deepEqual((await drawer.locator('[data-test=indicator-record]').allInnerTexts()).map((s) => s.trim()), [names['甲站']])
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
})

test('the office binds item 3 in the plan view: its source and actual change', async () => {
  let ind = await indicators(admin, `&town=${TOWN_OK}`)
  assert.equal(ind['3.1'].source, 'manual')
  assert.equal(ind['3.1'].actual, null)
  await page.locator('[data-test=menu-plans]').click()
  await page.waitForURL(/#\/plans$/)
  await page.locator(`[data-test=plan-targets-${planId}]`).click()
  const t3 = page.locator('[data-test=plan-target][data-key="3.1"]')
  await t3.waitFor()
  assert.equal((await t3.locator('[data-test=plan-target-binding]').innerText()).trim(), '单位填报')
  assert.match(await page.locator('[data-test=plan-target][data-key="2.1"] [data-test=plan-target-binding]').innerText(), /台账自动计算：运行中的未保站/)
  await t3.locator('[data-test=plan-target-bind]').click()
  const dialog = page.locator('.el-dialog').filter({ visible: true, hasText: '绑定指标' })
  await dialog.locator('[data-test=bind-definition]').click()
  await page.locator('.el-select-dropdown__item').filter({ visible: true, hasText: '智安校园建成率' }).click()
  await dialog.locator('[data-test=bind-description]').waitFor()
  // the stages: 小学 only (the default six are preselected)
  const stages = dialog.locator('[data-test=bind-param-stages]')
  for (const s of ['幼儿园', '初中', '九年一贯制', '完全中学', '高中']) {
    await stages.locator('.el-tag', { hasText: s }).locator('.el-tag__close').click()
  }
  assert.deepEqual((await stages.locator('.el-tag').allInnerTexts()).map((s) => s.trim()).filter(Boolean), ['小学'])
  // close the stages' dropdown by clicking the dialog's text
  await dialog.locator('[data-test=bind-description]').click()
  assert.doesNotMatch(await dialog.innerText(), RAW, 'a raw code in the binding dialog')
  await shot(page, 'dashboard-bind-dialog')
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/binding') && r.request().method() === 'PUT' && r.status() === 200),
    dialog.locator('[data-test=bind-submit]').click(),
  ])
  await t3.locator('[data-test=plan-target-binding]', { hasText: '智安校园建成率（学段：小学）' }).waitFor()
  assert.doesNotMatch(await page.locator('.el-drawer').filter({ visible: true }).innerText(), RAW, 'a raw code in the plan\'s targets')
  await shot(page, 'dashboard-plan-targets')
  ind = await indicators(admin, `&town=${TOWN_OK}`)
  assert.equal(ind['3.1'].source, 'registry')
  assert.equal(ind['3.1'].actual, 100)
  assert.equal(ind['3.1'].met, true)
  const lag = await indicators(admin, `&town=${TOWN_LAG}`)
  assert.equal(lag['3.1'].actual, 0)
  await page.keyboard.press('Escape')
  // the dashboard shows it so
  const panel = await openDashboard()
  const item = panel.locator('[data-test=indicator][data-key="3.1"]')
  assert.equal(await item.locator('[data-test=indicator-source]').innerText(), '台账自动计算')
  const all = await indicators(admin)
  assert.equal((await item.locator('[data-test=indicator-actual]').innerText()).trim(), `${all['3.1'].actual}%`)
})

test('at a phone\'s size: cards stack, the chart fits, no horizontal overflow', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  const panel = await openDashboard()
  assert.equal(await overflowX(page), 0, 'horizontal overflow on the dashboard')
  await panel.locator('[data-test=indicator][data-key="7.1"] [data-test=indicator-towns]').click()
  const chart = panel.locator('[data-test=indicator-chart]')
  await chart.locator('canvas').waitFor()
  const box = await chart.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the chart fits: ${JSON.stringify(box)}`)
  const lag = panel.locator(`[data-test=indicator-town-row][data-town="${TOWN_LAG}"]`)
  assert.equal(await lag.locator('th').evaluate((e) => getComputedStyle(e).color), 'rgb(217, 48, 38)')
  assert.equal(await overflowX(page), 0, 'horizontal overflow with the chart')
  await shot(page, 'dashboard-phone')
  await lag.locator('[data-test=indicator-town-records]').click()
  const drawer = page.locator('.el-drawer').filter({ visible: true })
  await drawer.locator('[data-test=indicator-record]').first().waitFor()
  const listed = (await drawer.locator('[data-test=indicator-record] strong').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(listed, [names['乙无协议康复'], names['乙过期康复']].sort())
  assert.equal(await overflowX(page), 0, 'horizontal overflow with the drawer')
  assert.doesNotMatch(await drawer.innerText(), RAW)
  await shot(page, 'dashboard-phone-drilldown')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await page.setViewportSize({ width: 1440, height: 900 })
})

test('the 走访逾期 card: the count in scope and per town; a town opens its masked list', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${BASE}/#/`)
  await page.reload()
  const summary = await admin('GET', '/api/v1/children/visits/overdue/summary')
  assert.equal(summary.status, 200, JSON.stringify(summary.body))
  const card = page.locator('[data-test=visits-overdue]')
  await card.locator('[data-test=visits-overdue-count]').waitFor()
  assert.match(await card.innerText(), /走访逾期/)
  assert.equal(await card.locator('[data-test=visits-overdue-count]').innerText(), String(summary.body.total))
  assert.ok(summary.body.total >= KIDS.length)
  for (const k of KIDS) {
    const row = card.locator(`[data-test=visits-overdue-town][data-town="${k.town}"]`)
    const want = summary.body.towns.find((t) => t.code === k.town)
    assert.equal(want.count, 1, `${k.townName}: this run's child alone`)
    assert.deepEqual(await rowTexts(row), [`${k.townName} 1`])
  }
  assert.doesNotMatch(await card.innerText(), RAW, 'a raw code on the card')
  await card.scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-visits-overdue')

  // 崇福镇's list: exactly its child, masked, with the days overdue
  const [k] = KIDS
  await card.locator(`[data-test=visits-overdue-town][data-town="${k.town}"]`).click()
  const drawer = page.locator('.el-drawer').filter({ visible: true })
  await drawer.locator('[data-test=visits-overdue-row]').first().waitFor()
  assert.match(await drawer.locator('.el-drawer__title, header').first().innerText(), /崇福镇/)
  assert.deepEqual((await drawer.locator('[data-test=visits-overdue-row]').allInnerTexts()).map((x) => x.trim()), [masked(k.name)])
  const list = await admin('GET', `/api/v1/children/visits/overdue?town=${k.town}`)
  assert.equal(list.status, 200)
  const [item] = list.body.items
  const headers = await drawer.locator('.el-table__header th').allInnerTexts()
  for (const h of ['姓名', '身份证号', '村（社区）', '类别', '上次走访', '应走访日期', '逾期天数']) assert.ok(headers.some((x) => x.includes(h)), `column ${h}`)
  const text = await drawer.innerText()
  for (const v of [item.id_number_masked, '孤儿', day(-100), item.due, String(item.days_overdue)]) assert.ok(text.includes(v), `the drawer shows ${v}`)
  assert.ok(!text.includes(k.name), 'the name in clear')
  // every column visible: the table fits the drawer
  const fits = await drawer.locator('.el-table').evaluate((t) => {
    const w = t.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') || t
    return w.scrollWidth <= w.clientWidth + 1
  })
  assert.ok(fits, 'the table scrolls sideways in the drawer')
  assert.doesNotMatch(text, RAW, 'a raw code in the drawer')
  await shot(page, 'dashboard-visits-overdue-list')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
})

test('the 走访逾期 card at a phone\'s size: the whole list as cards, no horizontal overflow', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/`)
  await page.reload()
  const card = page.locator('[data-test=visits-overdue]')
  await card.locator('[data-test=visits-overdue-count]').waitFor()
  await card.scrollIntoViewIfNeeded()
  assert.equal(await overflowX(page), 0, 'horizontal overflow with the card')
  const box = await card.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the card fits: ${JSON.stringify(box)}`)
  await shot(page, 'dashboard-visits-overdue-phone')
  await card.locator('[data-test=visits-overdue-total]').click()
  const drawer = page.locator('.el-drawer').filter({ visible: true })
  const cards = drawer.locator('[data-test=visits-overdue-cards] [data-test=visits-overdue-row]')
  await cards.first().waitFor()
  const texts = await cards.allInnerTexts()
  for (const k of KIDS) assert.ok(texts.some((x) => x.includes(masked(k.name)) && x.includes('逾期') && x.includes(k.townName)), `${k.townName}'s child as a card`)
  assert.equal(await drawer.locator('[data-test=visits-overdue-table]').count(), 0, 'no table on a phone')
  assert.equal(await overflowX(page), 0, 'horizontal overflow with the drawer')
  assert.doesNotMatch(await drawer.innerText(), RAW)
  await shot(page, 'dashboard-visits-overdue-phone-list')
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })
  await page.setViewportSize({ width: 1440, height: 900 })
})

test('the 个案 card: this year\'s figures and overdue counts as the statistics give them; a count opens its red list', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  // an urgent report of this run, so the year has at least one case
  const r = await admin('POST', '/api/v1/cases', {
    source: '12345', situations: [4], seen_at: day(0), place: '看板测试地点', description: `看板测试线索${run}`,
    child: { name: `看板${run.slice(-2)}童`, sex: '男', age: 9, village: KIDS[0].village }, reporter_contact: '',
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  await page.goto(`${BASE}/#/`)
  await page.reload()
  const stats = await admin('GET', '/api/v1/cases/stats')
  assert.equal(stats.status, 200, JSON.stringify(stats.body))
  const card = page.locator('[data-test=case-overview]')
  await card.locator('[data-test=case-overview-total]').waitFor()
  const num = async (key) => (await card.locator(`[data-test=case-overview-${key}] span`).first().innerText()).trim()
  assert.ok(stats.body.total >= 1 && stats.body.urgent >= 1)
  assert.equal(await num('total'), String(stats.body.total))
  assert.equal(await num('urgent'), String(stats.body.urgent))
  assert.equal(await num('closed'), String(stats.body.closed))
  for (const [key, count] of Object.entries(stats.body.overdue))
    assert.equal((await card.locator(`[data-test=case-overview-overdue-${key}] strong`).innerText()).trim(), String(count), `overdue ${key}`)
  const text = await card.innerText()
  for (const w of ['今年个案', '紧急报告', '受理逾期', '救助措施逾期', '家庭教育指导逾期']) assert.ok(text.includes(w), w)
  assert.doesNotMatch(text, RAW, 'a raw code on the card')
  await card.scrollIntoViewIfNeeded()
  await shot(page, 'dashboard-cases')
  await card.locator('[data-test=case-overview-overdue-accept]').click()
  await page.waitForURL(/#\/cases\?light=red/)
  await page.goto(`${BASE}/#/`)
  await card.locator('[data-test=case-overview-stats]').click()
  await page.waitForURL(/#\/cases\/stats/)
  // at a phone's size the card fits
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`${BASE}/#/`)
  await card.locator('[data-test=case-overview-total]').waitFor()
  await card.scrollIntoViewIfNeeded()
  assert.equal(await overflowX(page), 0, 'horizontal overflow with the card')
  await shot(page, 'dashboard-cases-phone')
  await page.setViewportSize({ width: 1440, height: 900 })
})

test('a town worker sees only their town', async () => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await signOut(page)
  await signIn(page, WORKER.login, WORKER.password)
  const panel = await openDashboard()
  // none of the overdue children of the other towns
  const card = page.locator('[data-test=visits-overdue]')
  await card.locator('[data-test=visits-overdue-count]').waitFor()
  assert.equal(await card.locator('[data-test=visits-overdue-count]').innerText(), '0')
  assert.equal(await card.locator('[data-test=visits-overdue-town]').count(), 0)
  await panel.locator('[data-test=indicator][data-key="7.1"] [data-test=indicator-towns]').click()
  const rows = panel.locator('[data-test=indicator-town-row]')
  await rows.first().waitFor()
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.town)), [TOWN_OK])
  // their county line is their town's figure
  assert.equal((await panel.locator('[data-test=indicator][data-key="7.1"] [data-test=indicator-actual]').innerText()).trim(), '100%')
  assert.equal(await panel.locator('[data-test=indicator][data-key="7.1"] [data-test=indicator-status]').innerText(), '已达成')
  const worker = await apiClient(WORKER.login, WORKER.password)
  const ind = await indicators(worker)
  assert.deepEqual(ind['7.1'].towns.map((t) => t.code), [TOWN_OK])
  assert.deepEqual((await indicators(worker, `&town=${TOWN_LAG}`))['7.1'].towns, [])
  // the count's drill-down: their town's record only
  await panel.locator('[data-test=indicator][data-key="7.1"] [data-test=indicator-records]').click()
  const drawer = page.locator('.el-drawer').filter({ visible: true })
  await drawer.locator('[data-test=indicator-record]').first().waitFor()
  const listed = (await drawer.locator('[data-test=indicator-record]').allInnerTexts()).map((s) => s.trim())
  assert.ok(listed.includes(names['甲康复']))
  assert.ok(!listed.some((n) => n.includes(`${TAG}乙`)), 'another town\'s record')
  await shot(page, 'dashboard-town-worker')
  await page.keyboard.press('Escape')
  // the 个案 card: their town's figures (this run's case lies in 崇福镇, not theirs)
  const mine = await worker('GET', '/api/v1/cases/stats')
  assert.equal(mine.status, 200, JSON.stringify(mine.body))
  const cases = page.locator('[data-test=case-overview]')
  await cases.locator('[data-test=case-overview-total]').waitFor()
  assert.equal((await cases.locator('[data-test=case-overview-total] span').first().innerText()).trim(), String(mine.body.total))
  assert.equal(await cases.locator('[data-test=case-overview-overdue-measures]').evaluate((e) => e.tagName), 'SPAN', 'a station has no measures list to open')
  await signOut(page)
})
