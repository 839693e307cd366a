// Family-education orders (issue 14): a procuratorate issues a 督促监护令, a
// police unit may not issue a 家庭教育指导令, a station of another town does
// not see the order, an attended session moves the next one, an overdue
// session lights red, closure ends the light, an order from a case enters
// the case's timeline, and nothing personal is stored in clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

const VILLAGE_A = `${TOWN_A}961`;
const VILLAGE_B = `${TOWN_B}961`;
const DAY = 86400;
const GUARDIAN = `褚监护${Date.now() % 100000}`;
const CHILD = '褚小军';
const DUTY = `每周与班主任联系一次-${Date.now()}`;
const NOTE = `家长按时到场，态度转变-${Date.now()}`;
const CLOSING = `期满履行良好-${Date.now()}`;
let adm, procurator, policeman, stationA, stationB, leader, reporter;
let units;
let order;

// The day in China, days from today.
function day(days = 0) {
  return new Date(Date.now() + 8 * 3600000 + days * DAY * 1000).toISOString().slice(0, 10);
}
function idNumber(year, seq) {
  const body = `330483${year}0606${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
const docNo = (prefix) => `${prefix}〔2026〕${unique('')}号`;
const body = (extra = {}) => ({
  kind: '督促监护令', issuer_unit_id: units['市检察院'], doc_no: docNo('桐检未'),
  issued_on: day(-6), period_from: day(-5), period_to: day(360), village: VILLAGE_A,
  guardians: [{ name: GUARDIAN, relation: '父亲' }], children: [{ name: CHILD }],
  obligations: [{ text: DUTY, every_days: 7 }, { text: '每月参加家长课堂', every_days: 30 }],
  provider: '乌镇镇家长学校', ...extra,
});
async function again(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}
async function rewind() {
  setClock(0);
  adm = await admin();
  [procurator, stationA, stationB] = await Promise.all([procurator, stationA, stationB].map(again));
}
const inList = async (c, query, id) => (await c.get(`/api/v1/guidance-orders?per_page=100&${query}`)).data.items.some((x) => x.id === id);

before(async () => {
  adm = await admin();
  for (const [code, name] of [[VILLAGE_A, '指导甲村'], [VILLAGE_B, '指导乙村']]) {
    const v = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(v.status), JSON.stringify(v.data));
  }
  units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  procurator = await userWith(adm, unique('gj'), { roles: ['guidance_worker'], scope_kind: 'unit', unit_id: units['市检察院'] });
  policeman = await userWith(adm, unique('gp'), { roles: ['guidance_worker'], scope_kind: 'unit', unit_id: units['市公安局'] });
  stationA = await userWith(adm, unique('ga'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  stationB = await userWith(adm, unique('gb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  leader = await userWith(adm, unique('gl'), { roles: ['leader'] });
  reporter = await userWith(adm, unique('gr'), { roles: ['reporter'], scope_kind: 'own' });
});

after(() => setClock(0));

test('a procuratorate issues a 督促监护令; it sees it and the station of the town does', async () => {
  const r = await procurator.post('/api/v1/guidance-orders', body());
  assert.equal(r.status, 201, JSON.stringify(r.data));
  order = r.data.id;
  const g = await procurator.get(`/api/v1/guidance-orders/${order}`);
  assert.equal(g.status, 200, JSON.stringify(g.data));
  assert.equal(g.data.kind, '督促监护令');
  assert.equal(g.data.issuer_name, '市检察院');
  assert.equal(g.data.state, 'active');
  assert.equal(g.data.state_title, '执行中');
  // the shortest obligation: a session within 7 days of the period's start
  assert.equal(g.data.next_session_due, day(2));
  assert.equal(g.data.light, 'yellow', 'due in two days');
  assert.equal(g.data.guardians[0].name.includes('*'), true);
  assert.equal(g.data.guardians[0].relation, '父亲');
  assert.equal(g.data.children[0].name, '褚*军');
  assert.deepEqual(g.data.obligations.map((o) => o.every_days), [7, 30]);
  assert.equal(g.data.obligations[0].text, DUTY);
  assert.equal(JSON.stringify(g.data).includes(GUARDIAN), false, 'the guardian is masked');
  const s = await stationA.get(`/api/v1/guidance-orders/${order}`);
  assert.equal(s.status, 200);
  assert.ok(await inList(stationA, `town=${TOWN_A}&state=active`, order));
  const item = (await stationA.get('/api/v1/guidance-orders?per_page=100')).data.items.find((x) => x.id === order);
  assert.equal(item.guardian_names_masked, g.data.guardians[0].name);
  assert.equal(item.sessions, 0);
  assert.equal(item.town_name, '乌镇镇');
  assert.equal((await leader.get(`/api/v1/guidance-orders/${order}`)).status, 200, 'case.read reads orders');
  assert.equal((await reporter.get(`/api/v1/guidance-orders/${order}`)).status, 403);
  assert.equal((await reporter.get('/api/v1/guidance-orders')).status, 403);
  assert.equal((await stationA.post(`/api/v1/guidance-orders/${order}/close`, { note: 'x' })).status, 403, 'no guidance.manage');
  const audit = (await adm.get('/api/v1/audit?action=guidance.create&per_page=5')).data.items;
  assert.ok(audit.some((e) => e.object_id === String(order)), 'audited');
});

test('a station of another town does not see the order; another unit does not either', async () => {
  const out = await stationB.get(`/api/v1/guidance-orders/${order}`);
  const missing = await stationB.get('/api/v1/guidance-orders/999999999');
  assert.equal(out.status, 404);
  assert.deepEqual(out.data, missing.data);
  assert.equal(await inList(stationB, '', order), false);
  assert.equal((await policeman.get(`/api/v1/guidance-orders/${order}`)).status, 404);
  assert.equal((await policeman.post(`/api/v1/guidance-orders/${order}/sessions`, { held_on: day(0), attended: true })).status, 404);
});

test('the issuing body must fit the instrument; the input is checked', async () => {
  const r = await policeman.post('/api/v1/guidance-orders', body({ kind: '家庭教育指导令', issuer_unit_id: units['市公安局'], doc_no: docNo('桐公') }));
  assert.equal(r.status, 422, JSON.stringify(r.data));
  assert.equal(r.data.error.field, 'issuer_unit_id');
  assert.match(r.data.error.message, /家庭教育指导令只能由人民法院发出/);
  // the police may order guidance while handling a case (第四十九条)
  const ok = await policeman.post('/api/v1/guidance-orders', body({ kind: '责令接受家庭教育指导', issuer_unit_id: units['市公安局'], doc_no: docNo('桐公') }));
  assert.equal(ok.status, 201, JSON.stringify(ok.data));
  // a unit records its own instruments only
  const court = await procurator.post('/api/v1/guidance-orders', body({ kind: '家庭教育指导令', issuer_unit_id: units['市法院'], doc_no: docNo('浙0483家指') }));
  assert.equal(court.status, 403, JSON.stringify(court.data));
  const checks = [
    [{ period_to: day(-10) }, 422, 'period_to'],
    [{ obligations: [{ text: '每周联系', every_days: 0 }] }, 400, 'obligations'],
    [{ obligations: [{ text: '每周联系', every_days: 367 }] }, 400, 'obligations'],
    [{ guardians: [{ name: '', relation: '母亲' }] }, 400, 'guardians'],
    [{ children: [{ name: ' '.trim() }] }, 400, 'children'],
    [{ issued_on: '2026-02-30' }, 400, 'issued_on'],
    [{ village: TOWN_A }, 400, 'village'],
    [{ kind: '指导令' }, 400, 'kind'],
    [{ guardians: [{ name: '某某', phone: '1' }] }, 400, 'guardians'],
  ];
  for (const [extra, status, field] of checks) {
    const x = await procurator.post('/api/v1/guidance-orders', body(extra));
    assert.equal(x.status, status, `${JSON.stringify(extra)}: ${JSON.stringify(x.data)}`);
    assert.equal(x.data.error.field, field, JSON.stringify(extra));
    assert.match(x.data.error.message, /[\u4e00-\u9fff]/, 'a Chinese message');
  }
  const taken = (await procurator.get(`/api/v1/guidance-orders/${order}`)).data.doc_no;
  const twice = await procurator.post('/api/v1/guidance-orders', body({ doc_no: taken }));
  assert.equal(twice.status, 409, JSON.stringify(twice.data));
});

test('an attended session moves the next one; an overdue session is red', async () => {
  // a session the guardians missed moves nothing
  const missed = await procurator.post(`/api/v1/guidance-orders/${order}/sessions`, { held_on: day(-1), attended: false, note: '未到场' });
  assert.equal(missed.status, 201, JSON.stringify(missed.data));
  assert.equal(missed.data.next_session_due, day(2));
  const s = await procurator.post(`/api/v1/guidance-orders/${order}/sessions`, { held_on: day(0), provider: '市妇联', attended: true, note: NOTE });
  assert.equal(s.status, 201, JSON.stringify(s.data));
  assert.equal(s.data.next_session_due, day(7));
  assert.equal(s.data.light, 'green');
  assert.equal(s.data.sessions.length, 2);
  assert.deepEqual(s.data.sessions.map((x) => x.attended), [false, true]);
  assert.equal(s.data.sessions[1].note, NOTE);
  assert.equal(s.data.sessions[1].provider, '市妇联');
  assert.equal(s.data.sessions[0].provider, '乌镇镇家长学校', 'the order\'s provider by default');
  assert.equal((await procurator.post(`/api/v1/guidance-orders/${order}/sessions`, { held_on: day(1), attended: true })).status, 400, 'not in the future');
  const k = await procurator.post(`/api/v1/guidance-orders/${order}/checks`, { checked_on: day(0), result: '部分履行', note: '仍需督促' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  assert.equal(k.data.checks[0].result, '部分履行');
  assert.equal((await procurator.post(`/api/v1/guidance-orders/${order}/checks`, { checked_on: day(0), result: '好' })).status, 400);
  assert.ok(await inList(stationA, 'light=green', order));
  // five days on: yellow (two days before the session is due)
  setClock(5 * DAY + 3600);
  assert.ok(await inList(await again(stationA), 'light=yellow', order));
  // eight days on: the session of day 7 was not held — red
  setClock(8 * DAY + 3600);
  const later = await again(stationA);
  assert.ok(await inList(later, 'light=red', order));
  assert.equal(await inList(later, 'light=green', order), false);
  assert.equal((await later.get(`/api/v1/guidance-orders/${order}`)).data.light, 'red');
  await rewind();
});

test('closing ends the light; a closed order takes no more sessions', async () => {
  assert.equal((await procurator.post(`/api/v1/guidance-orders/${order}/close`, {})).status, 400, 'a note is required');
  const c = await procurator.post(`/api/v1/guidance-orders/${order}/close`, { note: CLOSING });
  assert.equal(c.status, 200, JSON.stringify(c.data));
  assert.equal(c.data.state, 'closed');
  assert.equal(c.data.light, 'none');
  assert.equal(c.data.closing_note, CLOSING);
  assert.equal(c.data.red_at, null);
  assert.equal((await procurator.post(`/api/v1/guidance-orders/${order}/close`, { note: '再次' })).status, 409);
  assert.equal((await procurator.post(`/api/v1/guidance-orders/${order}/sessions`, { held_on: day(0), attended: true })).status, 409);
  setClock(8 * DAY + 3600);
  const later = await again(stationA);
  assert.equal(await inList(later, 'light=red', order), false);
  assert.ok(await inList(later, 'light=none&state=closed', order));
  await rewind();
});

test('an order from a case enters its timeline; a registry child is matched', async () => {
  const number = idNumber(new Date().getUTCFullYear() - 12, 100 + Math.floor(Math.random() * 800));
  const k = await adm.post('/api/v1/children', { name: '指导儿童', id_number: number, village_code: VILLAGE_A, placement: '家庭' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  const cs = await stationA.post('/api/v1/cases', { source: '法院', situations: [6], description: '监护不力', child: { village: VILLAGE_A } });
  assert.equal(cs.status, 201, JSON.stringify(cs.data));
  const outside = await stationB.post('/api/v1/cases', { source: '来访', description: '乙镇', child: { village: VILLAGE_B } });
  assert.equal(outside.status, 201);
  // a station of town A may not link town B's case
  const far = await adm.post('/api/v1/guidance-orders', body({ kind: '家庭教育指导令', issuer_unit_id: units['市法院'], doc_no: docNo('浙0483家指'), case_id: 999999999 }));
  assert.equal(far.status, 422);
  assert.equal(far.data.error.field, 'case_id');
  const r = await adm.post('/api/v1/guidance-orders', body({
    kind: '家庭教育指导令', issuer_unit_id: units['市法院'], doc_no: docNo('浙0483家指'), case_id: cs.data.id,
    village: undefined, children: [{ id_number: number, name: '指导儿童' }],
  }));
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const g = (await stationA.get(`/api/v1/guidance-orders/${r.data.id}`)).data;
  assert.equal(g.case_id, cs.data.id);
  assert.equal(g.tracking_no, cs.data.tracking_no);
  assert.equal(g.village, VILLAGE_A, 'the case\'s village');
  assert.equal(g.children[0].child_id, k.data.id);
  assert.match(g.children[0].id_number, /^330483\*{8}\d{3}[\dX]$/);
  assert.ok(await inList(stationA, `child_id=${k.data.id}`, r.data.id));
  assert.ok(await inList(stationA, `case_id=${cs.data.id}`, r.data.id));
  assert.equal(await inList(stationA, `case_id=${outside.data.id}`, r.data.id), false);
  // the case's page and the child's list the order briefly
  const onCase = (await stationA.get(`/api/v1/cases/${cs.data.id}`)).data.guidance_orders;
  assert.deepEqual(onCase.map((x) => [x.id, x.kind, x.state]), [[r.data.id, '家庭教育指导令', 'active']]);
  const onChild = (await stationA.get(`/api/v1/children/${k.data.id}`)).data.guidance_orders;
  assert.deepEqual(onChild.map((x) => x.id), [r.data.id]);
  assert.equal((await stationB.get(`/api/v1/cases/${outside.data.id}`)).data.guidance_orders.length, 0);
  const t = (await stationA.get(`/api/v1/cases/${cs.data.id}`)).data.timeline;
  const e = t.find((x) => x.event === 'guidance');
  assert.ok(e, JSON.stringify(t));
  assert.equal(e.title, '家庭教育指导');
  assert.match(e.reason, /市法院发出家庭教育指导令/);
});

test('the export lists the scope\'s orders', async () => {
  const r = await stationA.get(`/api/v1/guidance-orders/export.xlsx?town=${TOWN_A}`);
  assert.equal(r.status, 200);
  const e = (await adm.get(`/api/v1/audit?action=guidance.export&user=${stationA.user.login}&per_page=1`)).data.items[0];
  assert.ok(Number(/^导出 (\d+) 行$/.exec(e.detail)[1]) >= 2);
  await stationB.get('/api/v1/guidance-orders/export.xlsx');
  const b = (await adm.get(`/api/v1/audit?action=guidance.export&user=${stationB.user.login}&per_page=1`)).data.items[0];
  assert.equal(b.detail, '导出 0 行');
});

test('the database holds no guardian, child, obligation or note in clear', { skip: process.env.WEIBAO_BACKEND !== 'sqlite' }, () => {
  const db = process.env.WEIBAO_TEST_DB;
  for (const f of [db, `${db}-wal`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const secret of [GUARDIAN, CHILD, DUTY, NOTE, CLOSING, '仍需督促'])
      assert.equal(bytes.includes(Buffer.from(secret)), false, `${f} holds ${secret}`);
  }
});
