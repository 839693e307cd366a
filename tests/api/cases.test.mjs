// Cases (issue 14): a mandated reporter's report from intake to closure.
// Reporters see only their own reports; a station of another town does not
// see the case at all; events outside the state machine are refused and
// change nothing; an urgent report reaches the town's station and the police
// liaison at once; the narrative is never stored in clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

const VILLAGE_A = `${TOWN_A}941`;
const VILLAGE_B = `${TOWN_B}941`;
const SECRET = `操场边看到孩子手臂多处淤青-${Date.now()}`;
let mzj, mzjHandler;
let adm, schoolX, schoolY, stationA, stationB, police, leader;
let urgentCase, urgentTracking, plainCase;

function idNumber(year, seq) {
  const body = `330483${year}0505${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}

const report = (c, extra = {}) => c.post('/api/v1/reports', {
  situations: [6], seen_at: '2026-12-01 08:30', place: '学校操场', description: '孩子长期无人照料',
  child: { name: '王小明', sex: '男', age: 9, village: VILLAGE_A }, reporter_contact: '13800138000', ...extra,
});
// A new session of c's user: moving the clock hours ahead ends the idle
// sessions, so the probes at a later time sign in again (and the earlier
// clients are not used until the clock is back).
async function again(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}
// The clock back to now, and every user signed in again (a sign-in at the
// later time removed the sessions that had expired by then).
async function rewind() {
  setClock(0);
  adm = await admin();
  [schoolX, schoolY, stationA, stationB, police, leader] = await Promise.all(
    [schoolX, schoolY, stationA, stationB, police, leader].map(again));
}
const event = (c, id, body) => c.post(`/api/v1/cases/${id}/events`, body);

before(async () => {
  adm = await admin();
  for (const [code, name] of [[VILLAGE_A, '个案甲村'], [VILLAGE_B, '个案乙村']]) {
    const v = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(v.status), JSON.stringify(v.data));
  }
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  schoolX = await userWith(adm, unique('rx'), { roles: ['reporter'], scope_kind: 'own' });
  schoolY = await userWith(adm, unique('ry'), { roles: ['reporter'], scope_kind: 'own' });
  stationA = await userWith(adm, unique('ca'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  stationB = await userWith(adm, unique('cb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  police = await userWith(adm, unique('cp'), { roles: ['police_liaison'], unit_id: units['市公安局'] });
  leader = await userWith(adm, unique('cl'), { roles: ['leader'] });
  // a member unit that handles the cases sent to it (a role of its own)
  mzj = units['市民政局'];
  const role = unique('case_unit_');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '个案承办单位', permissions: ['case.read', 'case.manage'] })).status, 201);
  mzjHandler = await userWith(adm, unique('cm'), { roles: [role], scope_kind: 'unit', unit_id: mzj });
});

after(() => setClock(0));

test('a school files a report: a tracking number, and only the school sees it', async () => {
  const r = await report(schoolX, { situations: [4, 6], description: SECRET });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.match(r.data.tracking_no, /^BG\d{8}\d{5,}$/);
  assert.equal(r.data.case_id, r.data.id);
  urgentCase = r.data.id;
  urgentTracking = r.data.tracking_no;
  const own = await schoolX.get(`/api/v1/reports/${urgentCase}`);
  assert.equal(own.status, 200);
  assert.equal(own.data.tracking_no, r.data.tracking_no);
  assert.equal(own.data.status, '已接收');
  assert.equal(own.data.description, undefined, 'the reporter view holds no narrative');
  const other = await schoolY.get(`/api/v1/reports/${urgentCase}`);
  const missing = await schoolY.get('/api/v1/reports/999999999');
  assert.equal(other.status, 404);
  assert.deepEqual(other.data, missing.data);
  assert.ok((await schoolX.get('/api/v1/reports')).data.items.some((x) => x.id === urgentCase));
  assert.ok(!(await schoolY.get('/api/v1/reports')).data.items.some((x) => x.id === urgentCase));
  // a reporter holds no case.read
  assert.equal((await schoolX.get(`/api/v1/cases/${urgentCase}`)).status, 403);
});

test('the station of the town sees the case and the reporter; another town does not see it', async () => {
  const a = await stationA.get(`/api/v1/cases/${urgentCase}`);
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.equal(a.data.state, 'new');
  assert.equal(a.data.urgent, true);
  assert.equal(a.data.description, SECRET);
  assert.equal(a.data.child.name, '王*明');
  assert.equal(a.data.reporter.contact, '13800138000');
  assert.equal(a.data.timeline.length, 1);
  assert.equal(a.data.timeline[0].event, 'report');
  assert.equal((await stationB.get(`/api/v1/cases/${urgentCase}`)).status, 404);
  assert.ok(!(await stationB.get('/api/v1/cases?per_page=100')).data.items.some((x) => x.id === urgentCase));
  assert.ok((await stationA.get(`/api/v1/cases?town=${TOWN_A}&state=new&per_page=100`)).data.items.some((x) => x.id === urgentCase));
  // the police liaison reads the county's cases, never the reporter
  const p = await police.get(`/api/v1/cases/${urgentCase}`);
  assert.equal(p.status, 200);
  assert.equal(p.data.reporter, undefined);
  assert.equal(JSON.stringify(p.data).includes('13800138000'), false);
  const l = await leader.get(`/api/v1/cases/${urgentCase}`);
  assert.equal(l.status, 200);
  assert.equal(l.data.reporter, undefined);
});

test('an urgent report reaches the station and the police liaison at once', async () => {
  const link = `/cases/${urgentCase}`;
  const has = async (c) => (await c.get('/api/v1/notifications?per_page=100')).data.items
    .some((n) => n.kind === 'case_urgent' && n.link === link);
  assert.equal(await has(stationA), true);
  assert.equal(await has(police), true);
  assert.equal(await has(stationB), false);
  assert.equal(await has(schoolX), false);
  // a report of situation 6 alone is not urgent and tells nobody
  const r = await report(schoolX);
  assert.equal(r.status, 201);
  plainCase = r.data.id;
  assert.equal((await stationA.get(`/api/v1/cases/${plainCase}`)).data.urgent, false);
  assert.equal((await stationA.get('/api/v1/notifications?per_page=100')).data.items
    .some((n) => n.link === `/cases/${plainCase}`), false);
});

test('an illegal event is 409 and changes nothing; a role without the permission is 403', async () => {
  const before = (await stationA.get(`/api/v1/cases/${plainCase}`)).data;
  const r = await event(stationA, plainCase, { event: 'start_care' });
  assert.equal(r.status, 409, JSON.stringify(r.data));
  assert.equal((await event(adm, plainCase, { event: 'approve_close' })).status, 409);
  const after2 = (await stationA.get(`/api/v1/cases/${plainCase}`)).data;
  assert.equal(after2.state, 'new');
  assert.deepEqual(after2.timeline, before.timeline);
  // the police may not accept a case for the station; a reporter holds no case.read
  assert.equal((await event(police, plainCase, { event: 'accept' })).status, 403);
  assert.equal((await event(schoolX, plainCase, { event: 'accept' })).status, 403);
  assert.equal((await event(stationB, plainCase, { event: 'accept' })).status, 404);
  // a reason is required to refuse
  const noReason = await event(stationA, plainCase, { event: 'reject' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.data.error.field, 'reason');
  assert.equal((await event(stationA, plainCase, { event: 'fly' })).status, 400);
});

test('a transfer: the unit it goes to sees the case, not the reporter, and accepts it', async () => {
  const r = await report(schoolY, { reporter_contact: '13700137000' });
  assert.equal(r.status, 201);
  const id = r.data.id;
  assert.equal((await mzjHandler.get(`/api/v1/cases/${id}`)).status, 404);
  assert.equal((await event(stationA, id, { event: 'transfer', reason: '属民政职责' })).status, 422);
  const t = await event(stationA, id, { event: 'transfer', unit_id: mzj, reason: '属民政职责' });
  assert.equal(t.status, 200, JSON.stringify(t.data));
  assert.equal(t.data.state, 'transferring');
  assert.equal(t.data.transfer_unit.name, '市民政局');
  const seen = await mzjHandler.get(`/api/v1/cases/${id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.data.reporter, undefined);
  assert.equal(JSON.stringify(seen.data).includes('13700137000'), false);
  assert.equal((await event(stationA, id, { event: 'accept_transfer' })).status, 403, 'only the unit it goes to');
  const a = await event(mzjHandler, id, { event: 'accept_transfer' });
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.equal(a.data.state, 'accepted');
  assert.equal(a.data.reporter, undefined);
});

test('police_accept once, with its 3-day feedback light; the feedback tells the reporter', async () => {
  const r = await event(police, urgentCase, { event: 'police_accept', police_kind: '刑事' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.police_kind, '刑事');
  assert.equal(r.data.feedback_red_at - r.data.police_at, 3 * 86400);
  assert.ok(r.data.feedback_yellow_at > r.data.police_at && r.data.feedback_yellow_at < r.data.feedback_red_at);
  assert.equal(r.data.state, 'new', 'the state stays');
  const twice = await event(police, urgentCase, { event: 'police_accept', police_kind: '治安' });
  assert.equal(twice.status, 409);
  assert.equal(twice.data.error.code, 'police_recorded');
  // three days and a second later the case is red by its feedback deadline too
  setClock(3 * 86400 + 1);
  const later = await again(police);
  assert.ok((await later.get('/api/v1/cases?light=red&per_page=100')).data.items.some((x) => x.id === urgentCase));
  assert.ok(!(await later.get('/api/v1/cases?light=green&per_page=100')).data.items.some((x) => x.id === urgentCase));
  await rewind();
  const fb = await event(police, urgentCase, { event: 'police_feedback' });
  assert.equal(fb.status, 200, JSON.stringify(fb.data));
  assert.equal(fb.data.feedback_red_at, null);
  assert.equal((await event(police, urgentCase, { event: 'police_feedback' })).status, 409);
  const told = (await schoolX.get('/api/v1/notifications?per_page=100')).data.items
    .find((n) => n.kind === 'case_feedback' && n.link === `/reports/${urgentCase}`);
  assert.ok(told, 'the reporter hears of the police acceptance');
  assert.equal((await schoolX.get(`/api/v1/reports/${urgentCase}`)).data.police.kind, '刑事');
});

test('lights: an urgent report not accepted within 2 hours is red; accepting it starts the next stage', async () => {
  const r = await report(schoolY, { situations: [1] });
  assert.equal(r.status, 201);
  const id = r.data.id;
  const inList = async (c, light) => (await c.get(`/api/v1/cases?light=${light}&urgent=1&per_page=100`)).data.items.some((x) => x.id === id);
  assert.equal(await inList(stationA, 'green'), true);
  assert.equal(await inList(stationA, 'red'), false);
  setClock(2 * 3600 - 600);
  assert.equal(await inList(await again(stationA), 'yellow'), true);
  setClock(2 * 3600 + 1);
  const later = await again(stationA);
  assert.equal(await inList(later, 'red'), true);
  const a = await event(later, id, { event: 'accept' });
  assert.equal(a.status, 200);
  assert.equal(a.data.state, 'accepted');
  assert.equal(a.data.light, 'green');
  assert.equal(a.data.red_at - a.data.state_since, 24 * 3600, 'urgent: assessed within 24 hours');
  await rewind();
});

test('the full path: report → accept → assess → start_care → follow_up → request_close → approve_close', async () => {
  const steps = [
    [stationA, { event: 'accept' }, 'accepted'],
    [stationA, { event: 'assess', risk: '中', assessment: { harm: '长期无人照料', guardian: '祖母年迈' } }, 'assessing'],
    [stationA, { event: 'start_care' }, 'in_care'],
    [stationA, { event: 'follow_up', reason: '第一次回访' }, 'follow_up'],
    [stationA, { event: 'request_close', reason: '已落实监护' }, 'close_requested'],
  ];
  for (const [c, body, state] of steps) {
    const r = await event(c, plainCase, body);
    assert.equal(r.status, 200, `${body.event}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.state, state);
  }
  // the station may not approve its own closure request: the office does
  assert.equal((await event(stationA, plainCase, { event: 'approve_close' })).status, 403);
  const done = await event(adm, plainCase, { event: 'approve_close', reason: '监护已落实，结案' });
  assert.equal(done.status, 200, JSON.stringify(done.data));
  assert.equal(done.data.state, 'closed');
  assert.equal(done.data.risk, '中');
  assert.deepEqual(done.data.assessment, { guardian: '祖母年迈', harm: '长期无人照料' });
  assert.deepEqual(done.data.timeline.map((e) => e.event),
    ['report', 'accept', 'assess', 'start_care', 'follow_up', 'request_close', 'approve_close']);
  assert.equal(done.data.timeline[4].reason, '第一次回访');
  assert.equal(done.data.yellow_at, null);
  const mine = (await schoolX.get(`/api/v1/reports/${plainCase}`)).data;
  assert.equal(mine.status, '已办结');
  assert.equal(mine.outcome, '监护已落实，结案');
  const audit = (await adm.get(`/api/v1/audit?action=case.event&per_page=100`)).data.items;
  assert.ok(audit.filter((e) => e.object_id === String(plainCase)).length >= 6, 'every event audited');
});

test('a child known to the registry is matched by ID number; staff enter other sources in their towns', async () => {
  const number = idNumber(new Date().getUTCFullYear() - 10, 100 + Math.floor(Math.random() * 800));
  const k = await adm.post('/api/v1/children', { name: '登记儿童', id_number: number, village_code: VILLAGE_A, placement: '家庭' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  const r = await report(schoolX, { child: { id_number: number, village: VILLAGE_B } });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const c = (await stationA.get(`/api/v1/cases/${r.data.id}`)).data;
  assert.equal(c.child.matched, true);
  assert.equal(c.child.village, VILLAGE_A, 'the registry says where the child lives');
  assert.equal(c.child.name, '登**童');
  assert.match(c.child.id_number, /^330483\*{8}\d{3}[\dX]$/);
  assert.equal((await report(schoolX, { child: { id_number: '330483201001011234', village: VILLAGE_A } })).status, 400);
  const hot = await stationA.post('/api/v1/cases', { source: '12345', situations: [9], description: '热线来电',
    child: { name: '李四', village: VILLAGE_A }, reporter_contact: '匿名' });
  assert.equal(hot.status, 201, JSON.stringify(hot.data));
  assert.equal((await stationA.get(`/api/v1/cases/${hot.data.id}`)).data.source, '12345');
  const far = await stationA.post('/api/v1/cases', { source: '来访', description: '来访', child: { village: VILLAGE_B } });
  assert.equal(far.status, 403);
  assert.equal((await schoolX.post('/api/v1/cases', { source: '来访', description: 'x', child: { village: VILLAGE_A } })).status, 403);
});

test('each filter shape of the list (its own statement) answers what the whole list filtered does', async () => {
  // a village scope, a reporter's own list and a member unit besides the
  // county and the town stations: every key of store/cases.c's statements
  const villager = await userWith(adm, unique('cv'), { roles: ['town_worker'], scope_kind: 'village', scope_division: VILLAGE_A });
  const all = (await adm.get('/api/v1/cases?per_page=100')).data;
  assert.equal(all.total, all.items.length, 'the whole list fits one page');
  const states = [...new Set(all.items.map((x) => x.state))];
  const lights = ['', 'green', 'yellow', 'red'];
  const seen = (c, q) => c.get(`/api/v1/cases?per_page=100&${q}`);
  const expect = (items, q) => {
    const p = new URLSearchParams(q);
    return items.filter((x) => (!p.get('state') || x.state === p.get('state'))
      && (!p.get('light') || x.light === p.get('light'))
      && (!p.get('town') || x.child.village.startsWith(p.get('town')))
      && (!p.get('village') || x.child.village === p.get('village'))
      && (!p.get('urgent') || x.urgent === (p.get('urgent') === '1'))).map((x) => x.id);
  };
  const queries = [];
  for (const place of ['', `town=${TOWN_A}`, `town=${TOWN_B}`, `village=${VILLAGE_A}`, `village=${VILLAGE_B}`])
    for (const state of ['', ...states])
      for (const light of lights)
        queries.push([place, state && `state=${state}`, light && `light=${light}`].filter(Boolean).join('&'));
  queries.push(`town=${TOWN_A}&village=${VILLAGE_B}`, 'urgent=1', `town=${TOWN_A}&urgent=0`);
  for (const [who, c, base] of [
    ['county', adm, all.items],
    ['town A', stationA, all.items.filter((x) => x.child.village.startsWith(TOWN_A))],
    ['village A', villager, all.items.filter((x) => x.child.village === VILLAGE_A)],
    ['unit', await again(mzjHandler), null],
  ]) {
    const mine = base ?? (await seen(c, '')).data.items;
    for (const q of queries) {
      const r = await seen(c, q);
      assert.equal(r.status, 200, `${who} ${q}`);
      const want = expect(mine, q);
      assert.deepEqual(r.data.items.map((x) => x.id), want, `${who} ${q}`);
      assert.equal(r.data.total, want.length, `${who} ${q}: total`);
    }
  }
  assert.ok(expect(all.items, `town=${TOWN_A}`).length >= 2, 'town A has cases to find');
  // a page past the first, and past the end
  const two = (await adm.get('/api/v1/cases?per_page=1&page=2')).data;
  assert.deepEqual(two.items.map((x) => x.id), [all.items[1].id]);
  assert.equal(two.total, all.total);
  const past = (await adm.get(`/api/v1/cases?per_page=5&page=${all.total + 1}`)).data;
  assert.deepEqual(past.items, []);
  assert.equal(past.total, all.total);
  // a reporter's own list: their reports only, newest first
  const own = (await schoolX.get('/api/v1/reports?per_page=100')).data;
  assert.ok(own.items.length >= 1);
  assert.deepEqual(own.items.map((x) => x.id), [...own.items.map((x) => x.id)].sort((a, b) => b - a));
});

test('the export lists the scope cases with the child masked', async () => {
  const r = await stationA.get(`/api/v1/cases/export.xlsx?town=${TOWN_A}`);
  assert.equal(r.status, 200);
  const e = (await adm.get(`/api/v1/audit?action=case.export&user=${stationA.user.login}&per_page=1`)).data.items[0];
  assert.ok(Number(/^导出 (\d+) 行$/.exec(e.detail)[1]) >= 3);
});

test('the database holds no narrative in clear', { skip: process.env.WEIBAO_BACKEND !== 'sqlite' }, () => {
  const db = process.env.WEIBAO_TEST_DB;
  // the files read are the live ones: the tracking number (in clear) is there
  const all = Buffer.concat([db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  assert.equal(all.includes(Buffer.from(urgentTracking)), true);
  for (const f of [db, `${db}-wal`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    assert.equal(bytes.includes(Buffer.from(SECRET)), false, `${f} holds the description`);
    assert.equal(bytes.includes(Buffer.from('13800138000')), false, `${f} holds the contact`);
    assert.equal(bytes.includes(Buffer.from('王小明')), false, `${f} holds the child's name`);
  }
});
