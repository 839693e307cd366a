// 待办 (GET /api/v1/todo) and the ledger filters it links to (returned,
// supervised, due, archived, supervision_level): each count is the ledger's
// total for the query that comes with it; a unit user counts only its own
// unit's tasks, nobody counts what their scope does not show, archived plans
// are left out. Two member units of its own (created here) keep the numbers
// exact whatever the other test files did.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, unique, TOWN_A } from './lib.mjs';

const DAY = 86400;
let adm, plan, archivedPlan, unitU, unitW, liaisonU, liaisonW, leader, town, reporter;
const t = {};   // task ids of unit U by what happened to them, and W's

function dayString(offsetDays) {
  return new Date(Date.now() + offsetDays * DAY * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function notice(year, no, u, w) {
  return `文件编号: 桐未工委办〔${year}〕${no}号
关于印发《桐乡市未成年人保护工作委员会${year}年工作要点》的通知
一、待办测试
1.开展待办测试甲工作。(责任部门:${u})
2.开展待办测试乙工作。(责任部门:${u})
3.开展待办测试丙工作。(责任部门:${u})
4.开展待办测试丁工作。(责任部门:${u})
5.开展待办测试戊工作。(责任部门:${w})
桐乡市未成年人保护工作委员会办公室 ${year}年3月1日`;
}

const ok = (r, status = 200) => { assert.equal(r.status, status, JSON.stringify(r.data)); return r.data; };
const todo = async (c) => ok(await c.get('/api/v1/todo'));
const item = (d, key) => d.items.find((i) => i.key === key);
const counts = (d) => Object.fromEntries(d.items.map((i) => [i.key, i.count]));
const lights = (d) => Object.fromEntries(d.lights.map((l) => [l.light, l.count]));
const ledger = async (c, query) => ok(await c.get(`/api/v1/tasks?${new URLSearchParams({ ...query, per_page: '100' })}`));

async function newUnit(prefix) {
  const code = unique(prefix);
  return ok(await adm.post('/api/v1/units', { code, name: `市待办${code}局`, kind: 'government' }), 201);
}

before(async () => {
  adm = await admin();
  const u = await newUnit('du');
  const w = await newUnit('dw');
  unitU = u.id;
  unitW = w.id;
  const no = 100 + Math.floor(Math.random() * 800);
  plan = ok(await adm.post('/api/v1/plans', { text: notice(2034, no, u.name, w.name), deadline: dayString(3) }), 201);
  // last year's plan as history: its pending tasks are nobody's 待办
  archivedPlan = ok(await adm.post('/api/v1/plans', { text: notice(2019, no, u.name, w.name), archived: true }), 201);
  liaisonU = await userWith(adm, unique('tu'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitU });
  liaisonW = await userWith(adm, unique('tw'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitW });
  leader = await userWith(adm, unique('tl'), { roles: ['leader'] });
  town = await userWith(adm, unique('tt'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  reporter = await userWith(adm, unique('tr'), { roles: ['reporter'] });

  const tasks = (await ledger(adm, { plan_id: String(plan.id) })).items;
  const of = (n, unit) => tasks.find((x) => x.item_number === n && x.unit.id === unit).id;
  [t.pending, t.review, t.returned, t.supervised, t.other] =
    [of(1, unitU), of(2, unitU), of(3, unitU), of(4, unitU), of(5, unitW)];
  for (const id of [t.review, t.returned, t.supervised]) ok(await liaisonU.post(`/api/v1/tasks/${id}/sign`, {}));
  ok(await liaisonU.post(`/api/v1/tasks/${t.review}/request-close`, {}));
  ok(await liaisonU.post(`/api/v1/tasks/${t.returned}/request-close`, {}));
  ok(await adm.post(`/api/v1/tasks/${t.returned}/return`, { reason: '佐证材料不全，请补充' }));
  ok(await adm.post(`/api/v1/tasks/${t.supervised}/supervise`, { reason: '请加快进度' }), 201);
});

test('a unit liaison counts its own unit\'s tasks only, each as its ledger query lists them', async () => {
  const d = await todo(liaisonU);
  assert.deepEqual(counts(d), { to_sign: 1, due: 2, returned: 1, supervised: 1 }, JSON.stringify(d.items));
  assert.equal(item(d, 'to_review'), undefined, 'only the office reviews closures');
  assert.deepEqual(item(d, 'to_sign').query, { status: 'pending', archived: '0' });
  assert.equal(item(d, 'to_sign').title, '待签收');
  // the deadline is 3 days away: every open task is yellow
  assert.deepEqual(lights(d), { red: 0, yellow: 4, green: 0 });
  assert.deepEqual(d.units.map((x) => [x.unit.id, x.yellow, x.count]), [[unitU, 4, 4]]);

  const w = await todo(liaisonW);
  assert.deepEqual(counts(w), { to_sign: 1, due: 0, returned: 0, supervised: 0 });
  assert.deepEqual(d.units.map((x) => x.unit.id).concat(w.units.map((x) => x.unit.id)), [unitU, unitW]);
});

test('the ledger lists exactly the tasks of each count (liaisons, leader, office)', async () => {
  for (const c of [liaisonU, liaisonW, leader, adm, town]) {
    const d = await todo(c);
    for (const x of [...d.items.filter((i) => !i.link), ...d.lights, ...d.units]) {
      const r = await ledger(c, x.query);
      assert.equal(r.total, x.count, `${c.user.login}: ${JSON.stringify(x)} but the ledger has ${r.total}`);
    }
  }
  // and for the liaison the rows are the very tasks
  const ids = async (q) => (await ledger(liaisonU, q)).items.map((x) => x.id).sort();
  const d = await todo(liaisonU);
  assert.deepEqual(await ids(item(d, 'to_sign').query), [t.pending]);
  assert.deepEqual(await ids(item(d, 'returned').query), [t.returned]);
  assert.deepEqual(await ids(item(d, 'supervised').query), [t.supervised]);
  assert.deepEqual(await ids(item(d, 'due').query), [t.returned, t.supervised].sort());
});

test('the office sees closures to review; a leader reads but has nothing to sign or review', async () => {
  const a = await todo(adm);
  const review = item(a, 'to_review');
  assert.ok(review, JSON.stringify(a.items));
  assert.deepEqual(review.query, { status: 'close_requested', archived: '0' });
  const listed = (await ledger(adm, { ...review.query, plan_id: String(plan.id) })).items.map((x) => x.id);
  assert.deepEqual(listed, [t.review]);
  assert.ok(a.units.some((x) => x.unit.id === unitU) && a.units.some((x) => x.unit.id === unitW));
  // most red first, then most yellow
  for (let i = 1; i < a.units.length; i++) {
    const [p, q] = [a.units[i - 1], a.units[i]];
    assert.ok(p.red > q.red || (p.red === q.red && p.yellow >= q.yellow), JSON.stringify([p, q]));
  }

  // requests to decide are listed on the 督办 page, as many as wait there
  ok(await liaisonU.post(`/api/v1/tasks/${t.supervised}/extension`, { reason: '需协调', deadline: '2099-12-31' }), 201);
  const decide = item(await todo(adm), 'to_decide');
  assert.equal(decide.link, '/supervisions');
  assert.equal(decide.query, undefined);
  assert.equal(decide.count, (await adm.get('/api/v1/task-requests?pending=1&per_page=1')).data.total);
  assert.ok(decide.count >= 1);
  assert.equal(item(await todo(liaisonU), 'to_decide'), undefined, 'a unit decides nothing');

  const l = await todo(leader);
  assert.deepEqual(l.items.map((x) => x.key), ['due', 'returned', 'supervised']);
});

test('another town\'s or unit\'s tasks are never counted; without plan.read there is no 待办', async () => {
  const d = await todo(town);   // a town worker without a member unit sees no unit's tasks
  assert.ok(d.items.every((x) => x.count === 0), JSON.stringify(d.items));
  assert.equal(item(d, 'to_sign'), undefined, 'no unit: nothing to sign for');
  assert.deepEqual(d.units, []);
  assert.deepEqual(lights(d), { red: 0, yellow: 0, green: 0 });
  const w = await todo(liaisonW);
  assert.ok(!w.units.some((x) => x.unit.id === unitU));
  assert.equal((await ledger(liaisonW, { returned: '1', plan_id: String(plan.id) })).total, 0);
  assert.equal((await reporter.get('/api/v1/todo')).status, 403);
  assert.equal((await new Client().get('/api/v1/todo')).status, 401);
});

test('ledger filters: returned, supervised, due, archived, and each row\'s open 督办 level', async () => {
  const p = String(plan.id);
  const one = async (q) => (await ledger(adm, { plan_id: p, ...q })).items.map((x) => x.id);
  assert.deepEqual(await one({ returned: '1' }), [t.returned]);
  assert.deepEqual(await one({ supervised: '1' }), [t.supervised]);
  assert.deepEqual((await one({ due: '1' })).sort(), [t.returned, t.supervised].sort());
  assert.deepEqual(await one({ supervised: '1', returned: '1' }), []);
  const rows = (await ledger(adm, { plan_id: p })).items;
  assert.deepEqual(rows.map((x) => [x.id, x.supervision_level]).sort(),
    [[t.pending, null], [t.review, null], [t.returned, null], [t.supervised, 1], [t.other, null]].sort());
  ok(await adm.post(`/api/v1/tasks/${t.supervised}/supervise`, { reason: '再次督办' }), 201);
  assert.equal((await ledger(adm, { plan_id: p, supervised: '1' })).items[0].supervision_level, 2);
  assert.equal(ok(await adm.get(`/api/v1/tasks/${t.supervised}`)).supervision_level, 2);

  // archived: 0 leaves history out, 1 shows only history
  const u = String(unitU);
  assert.equal((await ledger(adm, { unit_id: u, archived: '0' })).total, 4);
  const hist = (await ledger(adm, { unit_id: u, archived: '1' })).items;
  assert.deepEqual([...new Set(hist.map((x) => x.plan_id))], [archivedPlan.id]);
  assert.equal((await ledger(adm, { unit_id: u, status: 'pending' })).total, 1 + hist.length);
  // the export reads the same query
  ok(await adm.get(`/api/v1/tasks/export.xlsx?plan_id=${p}&returned=1`));
  const e = (await adm.get(`/api/v1/audit?action=task.export&user=admin&per_page=1`)).data.items[0];
  assert.match(e.detail, /^导出 1 行/);
  for (const bad of ['returned=2', 'supervised=yes', 'due=true', 'archived=2'])
    assert.equal((await adm.get(`/api/v1/tasks?${bad}`)).status, 400, bad);
});
