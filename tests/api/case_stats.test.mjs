// Case statistics (issue 14, GET /api/v1/cases/stats): known cases in a town
// no other test puts cases in give known counts by situation, source, town and month, the
// median hours to acceptance and days to closure, and the overdue counts;
// another town's station and a member unit count none of them; the period
// defaults to this year; dashboard.read or case.read may read it, nobody
// else; the export carries the same figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, unique, setClock, TOWN_B } from './lib.mjs';

const TOWN = '330483004';    // 高桥街道: no other test's cases
const V1 = `${TOWN}977`;
const V2 = `${TOWN}978`;
const TOWN2 = '330483102';   // 屠甸镇: the mandated reports of the indicator
const V3 = `${TOWN2}977`;
const HOUR = 3600;
let adm, station, station2, other, unitUser, dashOnly, reporter, court;
let c1, c2, c3, r1, r2, r3;
// the day (and month) in China when the cases come in, and n hours later
const dayAt = (hours) => new Date(Date.now() + (8 + hours) * HOUR * 1000).toISOString().slice(0, 10);
const day = dayAt(0);

// a new session of c's user (moving the clock ends the idle ones)
async function again(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}
async function at(hours) {
  setClock(hours * HOUR);
  adm = await admin();
  station = await again(station);
  station2 = await again(station2);
}
const event = (c, id, body) => c.post(`/api/v1/cases/${id}/events`, body);
const stats = (c, q = '') => c.get(`/api/v1/cases/stats${q}`);

before(async () => {
  adm = await admin();
  for (const [code, name, kind] of [[V1, '统计甲村', 'village'], [V2, '统计乙村', 'village'], [V3, '报告甲村', 'village']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  station = await userWith(adm, unique('ss'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN });
  station2 = await userWith(adm, unique('s2'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN2 });
  other = await userWith(adm, unique('so'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  unitUser = await userWith(adm, unique('su'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市民政局'] });
  const role = unique('dash_');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '统计查看', permissions: ['dashboard.read'] })).status, 201);
  dashOnly = await userWith(adm, unique('sd'), { roles: [role], scope_kind: 'county' });
  reporter = await userWith(adm, unique('sr'), { roles: ['reporter'], scope_kind: 'own' });
  const add = async (source, situations, village) => {
    const r = await station.post('/api/v1/cases', { source, situations, description: '统计测试', child: { village } });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    return r.data.id;
  };
  c1 = await add('12345', [6], V1);
  c2 = await add('来访', [4, 6], V1);      // urgent (situation 4)
  c3 = await add('排查', [9], V2);         // urgent (situation 9)
  // mandated reports in town 2: one accepted in time, one late, one never
  const file = async (situations) => {
    const r = await reporter.post('/api/v1/reports', { situations, description: '报告测试', child: { village: V3 } });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    return r.data.id;
  };
  r1 = await file([6]);      // 24 hours to accept
  r2 = await file([4]);      // urgent: 2 hours
  r3 = await file([1]);      // urgent: 2 hours
  // town 2 also holds a 家庭教育指导令 whose daily session is overdue from the start
  court = await userWith(adm, unique('sc'), { roles: ['guidance_worker'], unit_id: units['市法院'] });
  const g = await court.post('/api/v1/guidance-orders', {
    kind: '家庭教育指导令', issuer_unit_id: units['市法院'], doc_no: `（${day.slice(0, 4)}）浙0483家指${unique('')}号`,
    issued_on: day, period_from: dayAt(-72), period_to: dayAt(30 * 24), village: V3,
    guardians: [{ name: '统计家长', relation: '母亲' }], children: [{ name: '统计儿童' }],
    obligations: [{ text: '每日与孩子沟通', every_days: 1 }], provider: '屠甸镇家长学校' });
  assert.equal(g.status, 201, JSON.stringify(g.data));
  await at(2);
  assert.equal((await event(station, c1, { event: 'accept' })).status, 200);
  assert.equal((await event(station2, r1, { event: 'accept' })).status, 200);
  await at(4);
  assert.equal((await event(station, c2, { event: 'accept' })).status, 200);
  assert.equal((await event(station2, r2, { event: 'accept' })).status, 200);
  // r1 assessed, a measure due today and a 挂牌督办 whose deadline is today:
  // both red two days on
  assert.equal((await event(station2, r1, { event: 'assess', risk: '中', assessment: { harm: '统计' } })).status, 200);
  const m = await station2.post(`/api/v1/cases/${r1}/measures`, { kind: '心理疏导', unit_id: units['市教育局'], due_on: dayAt(4) });
  assert.equal(m.status, 201, JSON.stringify(m.data));
  const l = await adm.post(`/api/v1/cases/${r1}/listing`, { leader: '副市长 统计', deadline: dayAt(4), period_days: 1, reason: '统计测试' });
  assert.equal(l.status, 201, JSON.stringify(l.data));
  assert.equal((await event(station, c1, { event: 'assess', risk: '低', assessment: { harm: '统计' } })).status, 200);
  assert.equal((await event(station, c1, { event: 'request_close', reason: '统计结案' })).status, 200);
  await at(48);
  assert.equal((await event(adm, c1, { event: 'approve_close', reason: '同意' })).status, 200);
});

after(() => setClock(0));

test('a town of known cases: counts by situation, source, town and month, medians, overdue', async () => {
  const r = await stats(station, `?from=${day}&to=${day}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const s = r.data;
  assert.equal(s.from, day);
  assert.equal(s.to, day);
  assert.equal(s.total, 3);
  assert.equal(s.urgent, 2);
  assert.equal(s.closed, 1);
  assert.deepEqual(s.by_situation.map((x) => x.count), [0, 0, 0, 1, 0, 2, 0, 0, 1]);
  assert.equal(s.by_situation[3].situation, 4);
  assert.match(s.by_situation[5].title, /无人照料/);
  assert.deepEqual(s.by_source.map((x) => [x.source, x.count]).sort(), [['12345', 1], ['排查', 1], ['来访', 1]]);
  assert.deepEqual(s.by_town, [{ town: TOWN, town_name: '高桥街道', count: 3 }]);
  assert.deepEqual(s.by_month, [{ month: day.slice(0, 7), count: 3 }]);
  assert.equal(s.median_accept_hours, 3);     // 2 and 4 hours
  assert.equal(s.median_close_days, 2);       // approved 48 hours after intake
  // at +48 h: c3 (urgent, 2 hours to accept) never accepted; c2 (urgent,
  // accepted at +4 h) not assessed within 24 hours; c1 closed
  assert.deepEqual(s.overdue, { accept: 1, assess: 1, follow_up: 0, close: 0, transfer: 0, feedback: 0, measures: 0, listings: 0, guidance: 0 });
  // the office: the same town through the filter; the county holds more
  const county = (await stats(adm, `?from=${day}&to=${day}&town=${TOWN}`)).data;
  assert.deepEqual({ ...county }, { ...s });
  const all = (await stats(adm, `?from=${day}&to=${day}`)).data;
  assert.ok(all.total >= 3);
  assert.ok(all.by_town.some((t) => t.town === TOWN && t.count === 3));
});

test('overdue measures, 挂牌督办 and family-education orders: counted in their town', async () => {
  await at(48);
  const s = (await stats(station2, `?from=${day}&to=${day}`)).data;
  assert.equal(s.total, 3);
  // r3 never accepted; r2 (urgent) accepted, not assessed within 24 hours
  assert.deepEqual(s.overdue, { accept: 1, assess: 1, follow_up: 0, close: 0, transfer: 0, feedback: 0, measures: 1, listings: 1, guidance: 1 });
  assert.deepEqual((await stats(adm, `?town=${TOWN2}`)).data.overdue, s.overdue);
  const o = (await stats(station)).data.overdue;
  assert.deepEqual([o.measures, o.listings, o.guidance], [0, 0, 0], 'town 1 sees none of town 2');
});

test('another town, a member unit: none of them; a period before them: none', async () => {
  await at(0);
  [other, unitUser] = await Promise.all([other, unitUser].map(again));
  for (const c of [other, unitUser]) {
    const s = (await stats(c, `?from=${day}&to=${day}&town=${TOWN}`)).data;
    assert.equal(s.total, 0);
    assert.deepEqual(s.by_town, []);
    assert.equal(s.median_accept_hours, null);
    assert.equal(s.median_close_days, null);
    assert.equal(s.overdue.accept, 0);
    assert.ok(!(await stats(c)).data.by_town.some((t) => t.town === TOWN));
  }
  const before = new Date(Date.parse(day) - 86400000).toISOString().slice(0, 10);
  await at(48);
  const s = (await stats(station, `?from=2020-01-01&to=${before}`)).data;
  assert.equal(s.total, 0);
  assert.equal(s.by_month.length, Number(before.slice(0, 4)) * 12 + Number(before.slice(5, 7)) - (2020 * 12 + 1) + 1);
  assert.ok(s.by_month.every((m) => m.count === 0));
  // overdue is now (+48 h), whatever the period
  assert.equal(s.overdue.accept, 1);
  assert.equal(s.overdue.assess, 1);
});

test('the period defaults to this year; bad periods are refused in Chinese', async () => {
  await at(0);
  const s = (await stats(station)).data;
  const year = day.slice(0, 4);
  assert.equal(s.from, `${year}-01-01`);
  assert.equal(s.to, `${year}-12-31`);
  assert.equal(s.by_month.length, 12);
  assert.equal(s.total, 3);
  for (const q of ['?from=2026-13-01', '?to=yesterday', '?from=2026-05-01&to=2026-04-30', '?from=2000-01-01&to=2026-01-01']) {
    const r = await stats(station, q);
    assert.equal(r.status, 400, q);
    assert.match(r.data.error.message, /[\u4e00-\u9fff]/, q);
  }
});

test('dashboard.read or case.read may read it; a reporter may not', async () => {
  await at(0);
  [dashOnly, reporter] = await Promise.all([dashOnly, reporter].map(again));
  const d = await stats(dashOnly, `?from=${day}&to=${day}&town=${TOWN}`);
  assert.equal(d.status, 200);
  assert.equal(d.data.total, 3);
  const r = await stats(reporter);
  assert.equal(r.status, 403);
  assert.equal((await reporter.get('/api/v1/cases/stats/export.xlsx')).status, 403);
});

test('the export carries the figures and is audited', async () => {
  await at(0);
  const r = await station.get(`/api/v1/cases/stats/export.xlsx?from=${day}&to=${day}`);
  assert.equal(r.status, 200);
  const e = (await adm.get(`/api/v1/audit?action=case.stats_export&user=${station.user.login}&per_page=1`)).data.items[0];
  assert.equal(e.detail, `导出个案统计 ${day} 至 ${day}`);
});

test('plan items 23, 26, 27 worded with figures bind to the cases\' indicators', async () => {
  await at(48);
  const year = day.slice(0, 4);
  const no = 2000 + Math.floor(Math.random() * 900);
  const items = Array.from({ length: 26 }, (_, i) => `${i + 1}.开展第${i + 1}项统计测试工作。(责任部门:市关工委)`);
  items[22] = '23.贯彻落实《家庭教育促进法》,依法发出家庭教育指导令3份以上。(责任部门:市法院、市检察院、市妇联)';
  items[25] = '26.进一步落实挂牌督办重大敏感侵害未成年人犯罪,挂牌督办重大案件2件以上。(责任部门:市公安局、市检察院、市法院)';
  const text = [`文件编号: 桐未工委办〔${year}〕${no}号`, `关于印发《桐乡市未成年人保护工作委员会${year}年工作要点》的通知`,
    '各成员单位：', '一、统计测试', ...items,
    '27.深化侵害未成年人案件强制报告制度,强制报告按时受理率达到90%以上。(责任部门:市检察院)',
    `桐乡市未成年人保护工作委员会办公室 ${year}年3月1日`].join('\n');
  // as history: no other test's "latest open plan" becomes this one
  const p = await adm.post('/api/v1/plans', { text, archived: true });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  const t = p.data.items.find((i) => i.number === 27).targets[0];
  assert.equal(t.binding && t.binding.definition, 'case_reports_ontime', JSON.stringify(p.data.items[26]));
  const ind = async (c, q = '') => (await c.get(`/api/v1/indicators?plan=${p.data.id}${q}`)).data.indicators.find((i) => i.item === 27);
  // town 2: r1 accepted in 2 of its 24 hours; r2 in 4 of its 2; r3 never, past its 2
  const mine = await ind(adm, `&town=${TOWN2}`);
  assert.equal(mine.source, 'registry');
  assert.equal(mine.actual, 33.3);
  assert.equal(mine.met, false);
  assert.equal((await ind(station2)).actual, 33.3, 'the town station: its own town');
  // the day before the reports: none due, no figure
  const before = new Date(Date.parse(day) - 86400000).toISOString().slice(0, 10);
  if (before.slice(0, 4) === year) assert.equal((await ind(adm, `&town=${TOWN2}&as_of=${before}`)).actual, null);
  // town 1 took no mandated report
  assert.equal((await ind(adm, `&town=${TOWN}`)).actual, null);
  // item 26: the 挂牌督办 of the year; item 23: the orders issued
  const bound = (n) => p.data.items.find((i) => i.number === n).targets[0].binding;
  assert.equal(bound(26) && bound(26).definition, 'case_listings');
  assert.equal(bound(23) && bound(23).definition, 'guidance_orders');
  const all = (await adm.get(`/api/v1/indicators?plan=${p.data.id}&town=${TOWN2}`)).data.indicators;
  const fig = (n) => all.find((i) => i.item === n);
  assert.deepEqual([fig(26).actual, fig(26).met], [1, false]);
  assert.deepEqual([fig(23).actual, fig(23).met], [1, false]);
  assert.equal((await ind(adm, `&town=${TOWN}`)).actual, null);
  const t1 = (await adm.get(`/api/v1/indicators?plan=${p.data.id}&town=${TOWN}`)).data.indicators;
  assert.deepEqual([t1.find((i) => i.item === 26).actual, t1.find((i) => i.item === 23).actual], [0, 0]);
  const defs = Object.fromEntries((await adm.get('/api/v1/indicator-definitions')).data.items.map((x) => [x.code, x]));
  const d = defs.case_reports_ontime;
  assert.deepEqual([d.name, d.unit, d.kind], ['强制报告按时受理率', '%', 'status_share']);
  assert.deepEqual([defs.case_listings.name, defs.case_listings.unit, defs.case_listings.kind], ['挂牌督办重大案件数', '件', 'count']);
  assert.deepEqual([defs.guidance_orders.name, defs.guidance_orders.unit, defs.guidance_orders.kind], ['发出家庭教育指导令（督促监护令）数', '份', 'count']);
});
