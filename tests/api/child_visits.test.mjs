// The 儿童主任's visits through /api/v1/children/{id}/visits: recorded by a
// village director or town worker within their scope (a member unit liaison
// refused, another town's worker not finding the child), the next visit due
// by calendar months (孤儿 monthly, other categories quarterly), the
// child's page with its visits and next due day, the overdue list and its
// counts per village and town within the scope, and the findings never in
// clear in the SQLite file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

// no child in town B here: children.test.mjs lists all of town B's
const VA1 = `${TOWN_A}971`, VA2 = `${TOWN_A}972`;
const DAY = 86400000;
let adm, townA, townB, directorA1, liaison, kids = {};

// A valid ID number (GB 11643) of address 330483, birth date and sequence.
function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
// Today in China, and a day n days away, as YYYY-MM-DD.
const day = (n = 0) => new Date(Date.now() + 8 * 3600000 + n * DAY).toISOString().slice(0, 10);
// iso plus n calendar months (the month's last day where the day does not exist).
function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

const ORPHAN = { father_status: '死亡', father_started_on: '2019-03-02', mother_status: '死亡', mother_started_on: '2020-01-05' };
const LEFT = { father_status: '外出务工', father_started_on: '2020-01-01', mother_status: '外出务工', mother_started_on: '2021-05-01' };
const CHILDREN = {
  orphan: { name: '走访甲孤', id_number: gid('2012-06-11', 711), village_code: VA1, placement: '亲属抚养', ...ORPHAN },
  fresh: { name: '走访新孤', id_number: gid('2013-02-14', 712), village_code: VA1, placement: '家庭', ...ORPHAN },
  left: { name: '走访留守', id_number: gid('2015-08-08', 713), village_code: VA2, placement: '家庭', ...LEFT },
  plain: { name: '走访无类', id_number: gid('2014-04-04', 715), village_code: VA1, placement: '家庭' },
};
const FINDINGS = '孩子与祖父同住，学习用品短缺走访记录甲';
const NEEDS = '需要助学金申请材料乙';

before(async () => {
  setClock(0);
  adm = await admin();
  for (const [code, name] of [[VA1, '走访甲一村'], [VA2, '走访甲二村']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  townA = await userWith(adm, unique('vta'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  townB = await userWith(adm, unique('vtb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  directorA1 = await userWith(adm, unique('vda'), { roles: ['village_director'], scope_kind: 'village', scope_division: VA1 });
  const units = (await adm.get('/api/v1/units')).data.items;
  liaison = await userWith(adm, unique('vul'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units.find((u) => u.name === '市民政局').id });
  for (const [key, body] of Object.entries(CHILDREN)) {
    const r = await adm.post('/api/v1/children', body);
    assert.equal(r.status, 201, `${key}: ${JSON.stringify(r.data)}`);
    kids[key] = r.data;
  }
});

after(() => setClock(0));

const overdue = async (c, q = '') => (await c.get(`/api/v1/children/visits/overdue?per_page=100${q}`));
const mine = (items) => (items || []).filter((x) => Object.values(kids).some((k) => k.id === x.id));

test('a village director records a visit; the next one is due a calendar month later for an orphan', async () => {
  const visited = day(-40);
  const r = await directorA1.post(`/api/v1/children/${kids.orphan.id}/visits`, { visited_on: visited, findings: FINDINGS, needs: NEEDS });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.next_due, addMonths(visited, 1));
  assert.ok(r.data.next_due < day(0));
  // quarterly for a 留守儿童, recorded by the town's worker
  const l = await townA.post(`/api/v1/children/${kids.left.id}/visits`, { visited_on: visited, findings: '一切正常' });
  assert.equal(l.status, 201, JSON.stringify(l.data));
  assert.equal(l.data.next_due, addMonths(visited, 3));
  // a next due day given by the visitor, no later than the interval allows
  const g = await townA.post(`/api/v1/children/${kids.left.id}/visits`, { visited_on: visited, findings: '复访', next_due: addMonths(visited, 2) });
  assert.equal(g.status, 201, JSON.stringify(g.data));
  assert.equal(g.data.next_due, addMonths(visited, 2));
  const audit = (await adm.get(`/api/v1/audit?action=child.visit_add&user=${directorA1.user.login}&per_page=1`)).data.items[0];
  assert.equal(audit.object_id, String(kids.orphan.id));
  assert.ok(!audit.detail.includes(FINDINGS), 'the findings stay out of the audit');
});

test('a visit is checked: no future day, findings required, next due within the interval', async () => {
  const url = `/api/v1/children/${kids.orphan.id}/visits`;
  const future = await directorA1.post(url, { visited_on: day(1), findings: '未来' });
  assert.equal(future.status, 422, JSON.stringify(future.data));
  assert.equal(future.data.error.field, 'visited_on');
  assert.match(future.data.error.message, /[\u4e00-\u9fff]/);
  const late = await directorA1.post(url, { visited_on: day(-1), findings: '过晚', next_due: addMonths(day(-1), 2) });
  assert.equal(late.status, 422, JSON.stringify(late.data));
  assert.equal(late.data.error.field, 'next_due');
  const before = await directorA1.post(url, { visited_on: day(-1), findings: '过早', next_due: day(-2) });
  assert.equal(before.status, 422);
  assert.equal((await directorA1.post(url, { visited_on: day(-1) })).status, 400);   // findings required by the route
  assert.equal((await directorA1.post(url, { visited_on: 'yesterday', findings: '无日期' })).status, 422);
});

test('who may record a visit: a member unit liaison is refused, another town does not find the child', async () => {
  const body = { visited_on: day(-1), findings: '越权' };
  assert.equal((await liaison.post(`/api/v1/children/${kids.orphan.id}/visits`, body)).status, 403);
  assert.equal((await townB.post(`/api/v1/children/${kids.orphan.id}/visits`, body)).status, 404);
  assert.equal((await directorA1.post(`/api/v1/children/${kids.left.id}/visits`, body)).status, 404);   // another village
  assert.equal((await directorA1.post('/api/v1/children/999999999/visits', body)).status, 404);
});

test("the child's page lists its visits, newest first, and when the next one is due", async () => {
  const o = (await directorA1.get(`/api/v1/children/${kids.orphan.id}`)).data;
  assert.equal(o.visits.length, 1);
  assert.equal(o.visits[0].visited_on, day(-40));
  assert.equal(o.visits[0].findings, FINDINGS);
  assert.equal(o.visits[0].needs, NEEDS);
  assert.equal(o.next_visit_due.due, addMonths(day(-40), 1));
  assert.ok(o.next_visit_due.days_overdue > 0);
  const l = (await townA.get(`/api/v1/children/${kids.left.id}`)).data;
  assert.equal(l.visits.length, 2);
  assert.equal(l.visits[0].findings, '复访');   // the same day: the later record first
  assert.equal(l.next_visit_due.due, addMonths(day(-40), 2));
  assert.equal(l.next_visit_due.days_overdue, 0);
  // never visited: due one interval after registration; no category, no visits due
  const f = (await townA.get(`/api/v1/children/${kids.fresh.id}`)).data;
  assert.deepEqual(f.visits, []);
  assert.equal(f.next_visit_due.due, addMonths(day(0), 1));
  assert.equal((await townA.get(`/api/v1/children/${kids.plain.id}`)).data.next_visit_due, null);
});

test('the overdue list: masked, within the scope, with the days overdue', async () => {
  const v = await overdue(directorA1);
  assert.equal(v.status, 200, JSON.stringify(v.data));
  const rows = mine(v.data.items);
  assert.deepEqual(rows.map((x) => x.id), [kids.orphan.id]);
  const row = rows[0];
  assert.equal(row.name_masked, '走**孤');
  assert.match(row.id_number_masked, /^330483\*{8}711\d$/);
  assert.equal(row.last_visit, day(-40));
  assert.equal(row.due, addMonths(day(-40), 1));
  assert.equal(row.days_overdue, Math.round((Date.parse(day(0)) - Date.parse(row.due)) / DAY));
  assert.equal(row.village.name, '走访甲一村');
  assert.ok(!JSON.stringify(v.data).includes(CHILDREN.orphan.name));
  assert.deepEqual(mine((await overdue(townA)).data.items).map((x) => x.id), [kids.orphan.id]);
  assert.deepEqual(mine((await overdue(townA, `&village=${VA2}`)).data.items), []);
  assert.deepEqual(mine((await overdue(townB)).data.items), []);
  assert.deepEqual(mine((await overdue(adm, `&town=${TOWN_A}`)).data.items).map((x) => x.id), [kids.orphan.id]);
  assert.equal((await overdue(liaison)).status, 403);
});

test('the counts per village and per town', async () => {
  const s = (await townA.get('/api/v1/children/visits/overdue/summary')).data;
  const va1 = s.villages.find((x) => x.code === VA1);
  assert.equal(va1.count, 1);
  assert.equal(va1.name, '走访甲一村');
  assert.equal(va1.town, TOWN_A);
  assert.equal(s.villages.find((x) => x.code === VA2), undefined);
  assert.ok(s.towns.find((x) => x.code === TOWN_A).count >= 1);
  assert.equal(s.towns.find((x) => x.code === TOWN_B), undefined);
  assert.equal(s.total, s.villages.reduce((n, x) => n + x.count, 0));
  const b = (await townB.get('/api/v1/children/visits/overdue/summary')).data;
  assert.equal(b.villages.find((x) => x.code === VA1), undefined);
  assert.equal((await directorA1.get(`/api/v1/children/visits/overdue/summary?village=${VA1}`)).data.total, 1);
  assert.equal((await liaison.get('/api/v1/children/visits/overdue/summary')).status, 403);
});

test('a visit today clears the overdue; a child never visited is overdue one interval after registration', async () => {
  assert.equal((await directorA1.post(`/api/v1/children/${kids.orphan.id}/visits`, { visited_on: day(0), findings: '已补访' })).status, 201);
  assert.deepEqual(mine((await overdue(directorA1)).data.items), []);
  setClock(45 * 86400);   // 45 days on: both orphans of VA1 are due
  try {
    const later = new Client();   // the session has expired by then
    assert.equal((await later.signIn(directorA1.user.login, directorA1.password)).status, 200);
    const rows = mine((await overdue(later)).data.items);
    assert.deepEqual(rows.map((x) => x.id).sort(), [kids.orphan.id, kids.fresh.id].sort());
    const fresh = rows.find((x) => x.id === kids.fresh.id);
    assert.equal(fresh.last_visit, null);
  } finally {
    setClock(0);
  }
});

test('the database file and its WAL hold no findings or needs in clear', { skip: process.env.WEIBAO_BACKEND !== 'sqlite' }, () => {
  const db = process.env.WEIBAO_TEST_DB;
  const bytes = [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f));
  assert.ok(bytes.length > 0);
  for (const s of [FINDINGS, NEEDS]) {
    const needle = Buffer.from(s, 'utf8');
    for (const b of bytes) assert.equal(b.indexOf(needle), -1, `${s} in clear in the database`);
  }
});
