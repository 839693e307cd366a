// The scope walk: every route that returns or changes scoped records is tried
// by users inside and outside the record's scope — another town, another
// unit, `own` of another user.  The routes come from the server's own table
// (GET /api/v1/meta): a scoped route without a case here fails the test.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, userWith, unique, Client, TOWN_A, TOWN_B } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const PERMS = ['plan.read', 'plan.manage', 'task.report', 'user.manage', 'audit.read', 'network.read', 'network.manage',
  'child.read', 'child.write', 'pii.reveal', 'case.read', 'case.manage', 'case.measure', 'case.supervise',
  'check.submit', 'dashboard.read', 'guidance.manage'];
let child, childNumber, childPeriod, childGuardian;
let caseId, measureId, listedCase, listingId, guidanceId;
let institution, institutionB, checkRun, checkPerson, checkNumber;
// a roster of one employee (an ID number of 1985 with its check character)
function checkRoster() {
  if (!checkNumber) {
    const body = `33048319850505${String(100 + Math.floor(Math.random() * 800))}`;
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    checkNumber = body + '10X98765432'[[...body].reduce((t, c, i) => t + Number(c) * w[i], 0) % 11];
  }
  return `姓名,身份证号,岗位,同意书编号,入职日期\n范围职工,${checkNumber},教师,FW-1,2020-09-01\n`;
}
let adm, routes, unitA, unitB, plan, task, taskB, target, attachment, user, userLogin, event, notice1, request1, facility, facilityName, training;
const SCOPE_VILLAGE = `${TOWN_A}952`;
let day = 0;   // a new date for each whole-plan deadline probe
const who = {};   // name → signed-in client

function notice(no) {
  return `文件编号: 桐未工委办〔2032〕${no}号
关于印发《桐乡市未成年人保护工作委员会2032年工作要点》的通知
一、范围测试
1.开展范围测试甲工作,覆盖率达到90%以上。(责任部门:市教育局)
2.开展范围测试乙工作。(责任部门:市民政局)
桐乡市未成年人保护工作委员会办公室 2032年3月1日`;
}

before(async () => {
  adm = await admin();
  ({ data: { routes } } = await adm.get('/api/v1/meta'));
  const units = (await adm.get('/api/v1/units')).data.items;
  unitA = units.find((u) => u.name === '市教育局').id;
  unitB = units.find((u) => u.name === '市民政局').id;
  const role = unique('probe_');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '范围探针', permissions: PERMS })).status, 201);
  const make = (name, spec) => userWith(adm, unique(name), { roles: [role], ...spec });
  who.county = adm;
  who.unitA = await make('sua', { scope_kind: 'unit', unit_id: unitA });
  who.unitB = await make('sub', { scope_kind: 'unit', unit_id: unitB });
  who.townA = await make('sta', { scope_kind: 'town', scope_division: TOWN_A });
  who.townB = await make('stb', { scope_kind: 'town', scope_division: TOWN_B });
  who.ownX = await make('sox', { scope_kind: 'own' });
  who.ownY = await make('soy', { scope_kind: 'own' });

  // unit-keyed records: a task of unit A (and one of unit B), signed, with an
  // attachment and a 督办 notice
  // a number no other file uses (plans.test.mjs 100–530, wording.test.mjs 600–899): a taken one is refused
  const p = await adm.post('/api/v1/plans', { text: notice(1000 + Math.floor(Math.random() * 900)) });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  plan = p.data;
  target = plan.items[0].targets[0].id;
  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items;
  task = tasks.find((t) => t.unit.id === unitA).id;
  taskB = tasks.find((t) => t.unit.id === unitB).id;
  assert.equal((await who.unitA.post(`/api/v1/tasks/${task}/sign`, {})).status, 200);
  const pdf = Buffer.from('%PDF-1.4\nscope walk\n%%EOF\n');
  const up = await who.unitA.req('POST', `/api/v1/tasks/${task}/attachments?name=scope.pdf`, pdf,
    { headers: { 'content-type': 'application/pdf' } });
  assert.equal(up.status, 201, JSON.stringify(up.data));
  attachment = up.data.id;
  const sup = await adm.post(`/api/v1/tasks/${task}/supervise`, { reason: '范围测试督办' });
  assert.equal(sup.status, 201);
  notice1 = sup.data.id;
  const ext = await who.unitA.post(`/api/v1/tasks/${task}/extension`, { reason: '范围测试延期', deadline: '2033-03-31' });
  assert.equal(ext.status, 201, JSON.stringify(ext.data));
  request1 = ext.data.id;

  // division-keyed records: a user in town A created by ownX, and an audit
  // event of townA's
  userLogin = unique('sx');
  const u = await who.ownX.post('/api/v1/users', {
    login: userLogin, display_name: '范围用户', roles: [role], scope_kind: 'own', password: 'Scope-walk-user-2032',
  });
  assert.equal(u.status, 201, JSON.stringify(u.data));
  user = u.data.id;
  assert.equal((await adm.patch(`/api/v1/users/${user}`, { scope_kind: 'town', scope_division: TOWN_A })).status, 200);
  const log = (await adm.get(`/api/v1/audit?action=session.create&user=${who.townA.user.login}&per_page=1`)).data.items;
  event = log[0].id;

  // a register record in town A (made by the county), and a village of town A
  // without a 儿童主任
  const v = await adm.post('/api/v1/divisions', { code: SCOPE_VILLAGE, name: '范围村', kind: 'village' });
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.data));
  facilityName = unique('范围未保站');
  const f = await adm.post('/api/v1/facilities', { type: 'station', name: facilityName, division_code: TOWN_A, opened_on: '2021-01-01', status: '运行' });
  assert.equal(f.status, 201, JSON.stringify(f.data));
  facility = f.data.id;
  const t = await adm.post('/api/v1/trainings', { name: '范围培训', held_on: '2022-06-01', organiser: '市民政局', division_code: TOWN_A });
  assert.equal(t.status, 201, JSON.stringify(t.data));
  training = t.data.id;
  // a child of the village of town A, registered by the county, with a parent's status
  childNumber = (() => {
    const body = `330483${new Date().getUTCFullYear() - 8}0303${String(100 + Math.floor(Math.random() * 800))}`;
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
  })();
  const k = await adm.post('/api/v1/children', { name: '范围儿童', id_number: childNumber, village_code: SCOPE_VILLAGE, placement: '家庭',
    father_status: '外出务工', father_started_on: '2022-01-01', mother_status: '外出务工', mother_started_on: '2022-01-01' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  child = k.data.id;
  // a 留守儿童 last visited four months ago: overdue (quarterly)
  const visited = new Date(Date.now() + 8 * 3600000 - 122 * 86400000).toISOString().slice(0, 10);
  const kv = await adm.post(`/api/v1/children/${child}/visits`, { visited_on: visited, findings: '范围走访' });
  assert.equal(kv.status, 201, JSON.stringify(kv.data));
  childPeriod = k.data.parents[0].id;
  // two guardians: the first is the payee, the second may be removed
  for (const [name, relation] of [['范围监护甲', '祖父'], ['范围监护乙', '祖母']]) {
    const g = await adm.post(`/api/v1/children/${child}/guardians`, { name, relation });
    assert.equal(g.status, 201, JSON.stringify(g.data));
    childGuardian = g.data.guardians.at(-1).id;
  }
  // a case of the village of town A (entered by the county: a hotline call)
  const cs = await adm.post('/api/v1/cases', { source: '12345', situations: [6], description: '范围个案', child: { village: SCOPE_VILLAGE } });
  assert.equal(cs.status, 201, JSON.stringify(cs.data));
  caseId = cs.data.id;
  // assessed, with a measure for unit A (市教育局); a second case listed for 挂牌督办
  for (const body of [{ event: 'accept' }, { event: 'assess', risk: '中' }]) {
    const e = await adm.post(`/api/v1/cases/${caseId}/events`, body);
    assert.equal(e.status, 200, JSON.stringify(e.data));
  }
  const ms = await adm.post(`/api/v1/cases/${caseId}/measures`, { kind: '心理疏导', unit_id: unitA, due_on: '2099-12-31' });
  assert.equal(ms.status, 201, JSON.stringify(ms.data));
  measureId = ms.data.id;
  const cs2 = await adm.post('/api/v1/cases', { source: '12345', situations: [6], description: '范围督办个案', child: { village: SCOPE_VILLAGE } });
  assert.equal(cs2.status, 201, JSON.stringify(cs2.data));
  listedCase = cs2.data.id;
  const li = await adm.post(`/api/v1/cases/${listedCase}/listing`, { leader: '范围领导', deadline: '2099-12-31', period_days: 7, reason: '范围督办' });
  assert.equal(li.status, 201, JSON.stringify(li.data));
  listingId = li.data.id;
  // a family-education order of the court for a family of that village
  const court = (await adm.get('/api/v1/units')).data.items.find((u) => u.name === '市法院').id;
  const go = await adm.post('/api/v1/guidance-orders', { kind: '家庭教育指导令', issuer_unit_id: court, doc_no: unique('范围家指'),
    issued_on: '2026-01-05', period_from: '2026-01-05', period_to: '2026-12-31', village: SCOPE_VILLAGE,
    guardians: [{ name: '范围家长', relation: '母亲' }], children: [{ name: '范围孩子' }],
    obligations: [{ text: '每月参加指导', every_days: 30 }], provider: '范围家长学校' });
  assert.equal(go.status, 201, JSON.stringify(go.data));
  guidanceId = go.data.id;
  // background checks: a school of town A with a person on its roster (run by
  // the county), a hospital of town B; an HR user of each
  const inst = await adm.post('/api/v1/facilities', { type: 'school', name: unique('范围学校'), division_code: TOWN_A, stage: '小学' });
  assert.equal(inst.status, 201, JSON.stringify(inst.data));
  institution = inst.data.id;
  const instB = await adm.post('/api/v1/facilities', { type: 'hospital', name: unique('范围医院'), division_code: TOWN_B });
  assert.equal(instB.status, 201, JSON.stringify(instB.data));
  institutionB = instB.data.id;
  who.instA = await make('sia', { scope_kind: 'institution', scope_division: String(institution) });
  who.instB = await make('sib', { scope_kind: 'institution', scope_division: String(institutionB) });
  const run = await adm.req('POST', `/api/v1/checks/runs?institution=${institution}`, checkRoster(), { headers: { 'content-type': 'text/csv' } });
  assert.equal(run.status, 200, JSON.stringify(run.data));
  checkRun = run.data.id;
  checkPerson = (await adm.get(`/api/v1/checks/staff?institution=${institution}`)).data.items[0].id;
  // the plan's first target measured from the registers (town A's running station)
  const b = await adm.req('PUT', `/api/v1/plans/${plan.id}/targets/${target}/binding`, { definition: 'stations_running' });
  assert.equal(b.status, 200, JSON.stringify(b.data));
});

// Who must see each kind of record, and who must not.
const INSIDE = {
  task: ['county', 'unitA'],
  user: ['county', 'townA', 'ownX'],
  audit: ['county', 'townA'],
  facility: ['county', 'townA', 'unitA', 'unitB'],   // member units read every register
  facility_write: ['county', 'townA'],
  child: ['county', 'townA'],
  case: ['county', 'townA'],
  measure: ['county', 'townA', 'unitA'],   // the case's handlers and the unit it is assigned to
  check: ['county', 'townA', 'instA'],
  check_register: ['county', 'townA', 'unitA', 'unitB'],
};
const OUTSIDE = {
  task: ['unitB', 'townA', 'townB', 'ownX', 'ownY'],
  user: ['unitA', 'unitB', 'townB', 'ownY'],
  audit: ['unitA', 'unitB', 'townB', 'ownX', 'ownY'],
  facility: ['townB', 'ownX', 'ownY'],
  facility_write: ['unitA', 'unitB', 'townB', 'ownX', 'ownY'],
  child: ['unitA', 'unitB', 'townB', 'ownX', 'ownY'],
  case: ['unitA', 'unitB', 'townB', 'ownX', 'ownY'],
  measure: ['unitB', 'townB', 'ownX', 'ownY'],
  check: ['unitA', 'unitB', 'townB', 'ownX', 'ownY', 'instB'],
  check_register: ['townB', 'ownX', 'ownY', 'instA', 'instB'],
};

const listed = (items, id) => (items || []).some((x) => x.id === id);
const found = (r) => r.status !== 404;

// Exports are zipped: the rows a caller got are read from the export's audit
// event ("导出 N 行", the scores "导出 N 个单位").
async function exported(c, path, action) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const e = (await adm.get(`/api/v1/audit?action=${action}&user=${c.user.login}&per_page=1`)).data.items[0];
  return Number(/^导出 (\d+) (行|个单位)$/.exec(e.detail)[1]);
}

// One case per scoped route: the record kind and a probe that says whether the
// caller reached the record.
const CASES = {
  'GET /api/v1/users': ['user', async (c) => listed((await c.get(`/api/v1/users?per_page=100&q=${userLogin}`)).data.items, user)],
  'GET /api/v1/users/export.xlsx': ['user', async (c) => await exported(c, `/api/v1/users/export.xlsx?q=${userLogin}`, 'user.export') === 1],
  'POST /api/v1/users': null,   // creates: what a creator sees is the rows above
  'GET /api/v1/users/{id}': ['user', async (c) => found(await c.get(`/api/v1/users/${user}`))],
  'PATCH /api/v1/users/{id}': ['user', async (c) => found(await c.patch(`/api/v1/users/${user}`, { display_name: '范围用户' }))],
  'GET /api/v1/audit': ['audit', async (c) => listed((await c.get(`/api/v1/audit?per_page=100&action=session.create&user=${who.townA.user.login}`)).data.items, event)],
  'GET /api/v1/audit/export.xlsx': ['audit', async (c) => await exported(c, `/api/v1/audit/export.xlsx?action=session.create&user=${who.townA.user.login}`, 'audit.export') > 0],
  'GET /api/v1/plans': ['task', async (c) => {
    const p = (await c.get('/api/v1/plans')).data.items.find((x) => x.id === plan.id);
    return p.task_count === 2 || (p.task_count === 1 && c === who.unitA);
  }],
  'GET /api/v1/plans/{id}/scores': ['task', async (c) => (await c.get(`/api/v1/plans/${plan.id}/scores`)).data.items.some((s) => s.unit.id === unitA)],
  'GET /api/v1/plans/{id}/scores/export.xlsx': ['task', async (c) => await exported(c, `/api/v1/plans/${plan.id}/scores/export.xlsx`, 'plan.scores_export') > 0
    && (await c.get(`/api/v1/plans/${plan.id}/scores`)).data.items.some((s) => s.unit.id === unitA)],
  'GET /api/v1/todo': ['task', async (c) => (await c.get('/api/v1/todo')).data.units.some((u) => u.unit.id === unitA)],
  'GET /api/v1/tasks': ['task', async (c) => listed((await c.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items, task)],
  'GET /api/v1/tasks/export.xlsx': ['task', async (c) => await exported(c, `/api/v1/tasks/export.xlsx?plan_id=${plan.id}&unit_id=${unitA}`, 'task.export') === 1],
  'GET /api/v1/tasks/{id}': ['task', async (c) => found(await c.get(`/api/v1/tasks/${task}`))],
  'PATCH /api/v1/tasks/{id}': ['task', async (c) => found(await c.patch(`/api/v1/tasks/${task}`, { deadline: '2032-12-31' }))],
  'POST /api/v1/tasks/{id}/attachments': ['task', async (c) => found(await c.req('POST', `/api/v1/tasks/${task}/attachments?name=x.txt`, 'text', { headers: { 'content-type': 'text/plain' } }))],
  'GET /api/v1/tasks/{id}/attachments/{aid}': ['task', async (c) => found(await c.get(`/api/v1/tasks/${task}/attachments/${attachment}`))],
  'DELETE /api/v1/tasks/{id}/attachments/{aid}': ['task', async (c) => {
    const up = await who.unitA.req('POST', `/api/v1/tasks/${task}/attachments?name=gone.txt`, 'gone', { headers: { 'content-type': 'text/plain' } });
    assert.equal(up.status, 201, JSON.stringify(up.data));
    return found(await c.del(`/api/v1/tasks/${task}/attachments/${up.data.id}`));
  }],
  'POST /api/v1/tasks/{id}/supervise': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/supervise`, { reason: '范围' }))],
  'GET /api/v1/supervisions': ['task', async (c) => (await c.get(`/api/v1/supervisions?plan_id=${plan.id}&per_page=100`)).data.items.some((s) => s.task_id === task)],
  'GET /api/v1/supervisions/export.xlsx': ['task', async (c) => await exported(c, `/api/v1/supervisions/export.xlsx?plan_id=${plan.id}`, 'supervision.export') > 0],
  'GET /api/v1/supervisions/{id}': ['task', async (c) => found(await c.get(`/api/v1/supervisions/${notice1}`))],
  'POST /api/v1/supervisions/{id}/sign': ['task', async (c) => found(await c.post(`/api/v1/supervisions/${notice1}/sign`, {}))],
  'POST /api/v1/supervisions/{id}/reply': ['task', async (c) => found(await c.post(`/api/v1/supervisions/${notice1}/reply`, { reply: '范围回复' }))],
  'POST /api/v1/tasks/{id}/extension': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/extension`, { reason: '范围', deadline: '2033-06-30' }))],
  'POST /api/v1/tasks/{id}/reassign': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/reassign`, { reason: '范围' }))],
  'GET /api/v1/task-requests': ['task', async (c) => listed((await c.get('/api/v1/task-requests?per_page=100')).data.items, request1)],
  'POST /api/v1/task-requests/{id}/decide': ['task', async (c) => found(await c.post(`/api/v1/task-requests/${request1}/decide`, { approve: false, note: '范围' }))],
  'POST /api/v1/plans/{id}/deadline': ['task', async (c) => {
    const before = (await adm.get(`/api/v1/tasks/${task}`)).data.deadline;
    const date = `2034-01-${String(++day).padStart(2, '0')}`;
    const r = await c.post(`/api/v1/plans/${plan.id}/deadline`, { deadline: date });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    return (await adm.get(`/api/v1/tasks/${task}`)).data.deadline !== before;
  }],
  'POST /api/v1/supervisions/run': null,   // acts on what the caller sees: covered by the list above
  'POST /api/v1/tasks/batch/sign': ['task', async (c) => {
    const r = await c.post('/api/v1/tasks/batch/sign', { ids: [task] });
    return r.status === 200 && r.data.results[0].code !== 'not_found';
  }],
  'POST /api/v1/tasks/batch/deadline': ['task', async (c) => {
    const r = await c.post('/api/v1/tasks/batch/deadline', { ids: [task], deadline: '2032-12-31' });
    return r.status === 200 && r.data.results[0].code !== 'not_found';
  }],
  'POST /api/v1/tasks/{id}/sign': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/sign`, {}))],
  'POST /api/v1/tasks/{id}/reports': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/reports`, { text: '范围', figures: [{ target_id: target, value: 1 }] }))],
  'POST /api/v1/tasks/{id}/request-close': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/request-close`, {}))],
  'POST /api/v1/tasks/{id}/accept': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/accept`, {}))],
  'POST /api/v1/tasks/{id}/return': ['task', async (c) => found(await c.post(`/api/v1/tasks/${task}/return`, { reason: '范围' }))],
  'GET /api/v1/facilities': ['facility', async (c) => listed((await c.get(`/api/v1/facilities?type=station&q=${encodeURIComponent(facilityName)}`)).data.items, facility)],
  'GET /api/v1/facilities/export.xlsx': ['facility', async (c) => await exported(c, `/api/v1/facilities/export.xlsx?type=station&q=${encodeURIComponent(facilityName)}`, 'facility.export') === 1],
  'GET /api/v1/facilities/vacancies': ['facility', async (c) => (await c.get('/api/v1/facilities/vacancies')).data.villages_without_director.some((v) => v.code === SCOPE_VILLAGE)],
  'GET /api/v1/facilities/{id}': ['facility', async (c) => found(await c.get(`/api/v1/facilities/${facility}`))],
  // the figures of town A's station: its row among the towns of the bound target
  'GET /api/v1/indicators': ['facility', async (c) => {
    const r = await c.get(`/api/v1/indicators?plan=${plan.id}&as_of=2032-06-01`);
    const ind = (r.data.indicators || []).find((i) => i.item === 1 && i.target_index === 1);
    return r.status === 200 && (ind.towns || []).some((t) => t.code === TOWN_A && t.actual >= 1);
  }],
  'GET /api/v1/indicators/{item}/{tidx}/records': ['facility', async (c) =>
    listed((await c.get(`/api/v1/indicators/1/1/records?plan=${plan.id}&as_of=2032-06-01&per_page=100`)).data.items, facility)],
  'GET /api/v1/trainings': ['facility', async (c) => listed((await c.get('/api/v1/trainings?per_page=100')).data.items, training)],
  'GET /api/v1/trainings/export.xlsx': ['facility', async (c) => await exported(c, `/api/v1/trainings/export.xlsx?town=${TOWN_A}`, 'training.export') > 0],
  'GET /api/v1/trainings/{id}': ['facility', async (c) => found(await c.get(`/api/v1/trainings/${training}`))],
  // creates in the caller's division: inside 201, outside 403 out_of_scope (own: allowed, like a register record)
  'POST /api/v1/trainings': null,
  'POST /api/v1/facilities': null,   // creates: a town's users in their town (facilities.test.mjs); what they see is the rows above
  'PATCH /api/v1/facilities/{id}': ['facility_write', async (c) => found(await c.patch(`/api/v1/facilities/${facility}`, { note: '范围' }))],
  // without a reason: inside the scope 400 (the reason is asked for), outside 404
  'DELETE /api/v1/facilities/{id}': ['facility_write', async (c) => found(await c.req('DELETE', `/api/v1/facilities/${facility}`, {}))],
  // the same record again: inside unchanged (200); outside the row is refused (422) or,
  // for `own`, the record is someone else's (403)
  'POST /api/v1/facilities/import': ['facility_write', async (c) => (await c.req('POST', '/api/v1/facilities/import?type=station',
    `名称,镇街代码,成立日期,状态\n${facilityName},${TOWN_A},2021-01-01,运行\n`, { headers: { 'content-type': 'text/csv' } })).status === 200],
  'GET /api/v1/children': ['child', async (c) => listed((await c.get(`/api/v1/children?village=${SCOPE_VILLAGE}`)).data.items, child)],
  'GET /api/v1/children/export.xlsx': ['child', async (c) => await exported(c, `/api/v1/children/export.xlsx?village=${SCOPE_VILLAGE}`, 'child.export') === 1],
  'GET /api/v1/children/{id}': ['child', async (c) => found(await c.get(`/api/v1/children/${child}`))],
  'POST /api/v1/children/lookup': ['child', async (c) => (await c.post('/api/v1/children/lookup', { id_number: childNumber })).status === 200],
  'POST /api/v1/children/{id}/reveal': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/reveal`, { field: 'name', reason: '范围' }))],
  // a status outside its list: inside 422, outside 404 (nothing changes either way)
  'POST /api/v1/children/{id}/visits': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/visits`, { visited_on: '2999-01-01', findings: '范围' }))],
  'GET /api/v1/children/visits/overdue': ['child', async (c) => listed((await c.get(`/api/v1/children/visits/overdue?per_page=100&village=${SCOPE_VILLAGE}`)).data.items, child)],
  'GET /api/v1/children/visits/overdue/summary': ['child', async (c) => ((await c.get(`/api/v1/children/visits/overdue/summary?village=${SCOPE_VILLAGE}`)).data.villages || []).some((v) => v.code === SCOPE_VILLAGE && v.count >= 1)],
  'POST /api/v1/children/{id}/parents': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/parents`, { parent: '父亲', status: '离异', started_on: '2022-01-01' }))],
  // a phone that is no mobile number: inside 422, outside 404 (nothing added either way)
  'POST /api/v1/children/{id}/guardians': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/guardians`, { name: '范围', relation: '舅舅', phone: '1' }))],
  // the second guardian without a reason: inside 422, outside 404 (nothing removed either way)
  'DELETE /api/v1/children/{id}/guardians/{gid}': ['child', async (c) => found(await c.req('DELETE', `/api/v1/children/${child}/guardians/${childGuardian}`, {}))],
  'POST /api/v1/children/{id}/parents/{pid}/end': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/parents/${childPeriod}/end`, { ended_on: '2021-01-01' }))],
  // the same child again: inside, the row says it is registered (found in the list);
  // outside, the village is not the caller's
  'POST /api/v1/children/import': ['child', async (c) => {
    const r = await c.req('POST', '/api/v1/children/import', `姓名,身份证号,村社区代码,安置方式,残疾类别,残疾等级,家庭经济,监护人姓名,监护人关系,监护人手机,父亲状况,父亲残疾类别,父亲残疾等级,父亲状况开始日期,父亲状况结束日期,母亲状况,母亲残疾类别,母亲残疾等级,母亲状况开始日期,母亲状况结束日期\n范围儿童,${childNumber},${SCOPE_VILLAGE},家庭,,,,,,,,,,,,,,,,\n`,
      { headers: { 'content-type': 'text/csv' } });
    return r.status === 422 && r.data.error.problems.some((p) => /已登记：330483\*{8}/.test(p.reason));
  }],
  'PATCH /api/v1/children/{id}': ['child', async (c) => found(await c.patch(`/api/v1/children/${child}`, { school: '范围学校' }))],
  // an unknown village: inside 422 (after the child is found), outside 404
  'POST /api/v1/children/{id}/transfer': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/transfer`, { village: `${TOWN_A}999`, reason: '范围' }))],
  // nothing pending: inside 409, outside (and not on its way in) 404
  'POST /api/v1/children/{id}/transfer/accept': ['child', async (c) => found(await c.post(`/api/v1/children/${child}/transfer/accept`, {}))],
  'GET /api/v1/children/transfers': null,   // out of or into the caller's towns only (child_ops.test.mjs: town C sees none of A → B)
  'GET /api/v1/allowances/{month}': null,   // a town's list holds its own children only (allowances.test.mjs)
  'GET /api/v1/allowances/{month}/export.xlsx': null,   // the same lines as the list: another town's absent (allowances.test.mjs)
  'POST /api/v1/allowances/{month}/approve': null,   // county-wide users only (allowances.test.mjs)
  'POST /api/v1/children': null,   // creates: in the caller's villages (children.test.mjs); what they see is the rows above
  'GET /api/v1/children/rejects/{id}': null,   // only their importer, whatever the scope (children.test.mjs)
  'GET /api/v1/cases': ['case', async (c) => listed((await c.get(`/api/v1/cases?village=${SCOPE_VILLAGE}&per_page=100`)).data.items, caseId)],
  'GET /api/v1/cases/export.xlsx': ['case', async (c) => await exported(c, `/api/v1/cases/export.xlsx?village=${SCOPE_VILLAGE}`, 'case.export') >= 1],
  // the statistics count every case of town A the county counts (the probe
  // case among them) inside the scope; outside it fewer (a unit: those sent
  // to it; another town, own: none)
  'GET /api/v1/cases/stats': ['case', async (c) => {
    const all = (await adm.get(`/api/v1/cases/stats?town=${TOWN_A}`)).data.total;
    return all >= 1 && (await c.get(`/api/v1/cases/stats?town=${TOWN_A}`)).data.total === all;
  }],
  'GET /api/v1/cases/stats/export.xlsx': ['case', async (c) => {
    const all = (await adm.get(`/api/v1/cases/stats?town=${TOWN_A}`)).data.total;
    const r = await c.get(`/api/v1/cases/stats/export.xlsx?town=${TOWN_A}`);
    assert.equal(r.status, 200);
    const { rows } = JSON.parse(execFileSync('python3', [join(here, 'xlsx_rows.py'), '-'], { input: Buffer.from(r.data), encoding: 'utf8' }));
    return all >= 1 && rows.some((x) => x[0] === '合计' && x[1] === '报告（登记）个案' && Number(x[2]) === all);
  }],
  'GET /api/v1/cases/{id}': ['case', async (c) => found(await c.get(`/api/v1/cases/${caseId}`))],
  // an event the state does not take: inside 409, outside 404 (nothing changes either way)
  'POST /api/v1/cases/{id}/events': ['case', async (c) => found(await c.post(`/api/v1/cases/${caseId}/events`, { event: 'approve_close' }))],
  'POST /api/v1/cases': null,   // creates: in the caller's villages (cases.test.mjs: another town's is 403)
  // a kind outside the list: inside 422 (after the case is found), outside 404
  'POST /api/v1/cases/{id}/measures': ['case', async (c) => found(await c.post(`/api/v1/cases/${caseId}/measures`, { kind: '范围', unit_id: unitA, due_on: '2099-12-31' }))],
  'GET /api/v1/measures': ['measure', async (c) => listed((await c.get(`/api/v1/measures?case_id=${caseId}&per_page=100`)).data.items, measureId)],
  'GET /api/v1/measures/export.xlsx': ['measure', async (c) => await exported(c, `/api/v1/measures/export.xlsx?case_id=${caseId}`, 'measure.export') >= 1],
  'GET /api/v1/measures/{id}': ['measure', async (c) => found(await c.get(`/api/v1/measures/${measureId}`))],
  // an event its state does not take: inside 409, outside 404 (nothing changes either way)
  'POST /api/v1/measures/{id}/events': ['measure', async (c) => found(await c.post(`/api/v1/measures/${measureId}/events`, { event: 'close' }))],
  // a period of 0 days: inside 422 (after the case is found), outside 404
  'POST /api/v1/cases/{id}/listing': ['case', async (c) => found(await c.post(`/api/v1/cases/${caseId}/listing`, { leader: '范围', deadline: '2099-12-31', period_days: 0, reason: '范围' }))],
  // the case is not listed: inside 409, outside 404
  'POST /api/v1/cases/{id}/listing/reports': ['case', async (c) => found(await c.post(`/api/v1/cases/${caseId}/listing/reports`, { progress: '范围' }))],
  'POST /api/v1/cases/{id}/listing/lift': ['case', async (c) => found(await c.post(`/api/v1/cases/${caseId}/listing/lift`, { reason: '范围' }))],
  'GET /api/v1/listings': ['case', async (c) => listed((await c.get('/api/v1/listings?active=1&per_page=100')).data.items, listingId)],
  'GET /api/v1/listings/export.xlsx': ['case', async (c) => await exported(c, '/api/v1/listings/export.xlsx?active=1', 'listing.export') >= 1],
  // a reporter's own reports only, whatever the scope (cases.test.mjs: another reporter's is 404)
  'POST /api/v1/reports': null,
  'GET /api/v1/reports': null,
  'GET /api/v1/reports/{id}': null,
  'GET /api/v1/guidance-orders': ['case', async (c) => listed((await c.get(`/api/v1/guidance-orders?town=${TOWN_A}&per_page=100`)).data.items, guidanceId)],
  'GET /api/v1/guidance-orders/export.xlsx': ['case', async (c) => await exported(c, `/api/v1/guidance-orders/export.xlsx?town=${TOWN_A}`, 'guidance.export') >= 1],
  'GET /api/v1/guidance-orders/{id}': ['case', async (c) => found(await c.get(`/api/v1/guidance-orders/${guidanceId}`))],
  // a date in the future: inside 400, outside 404 (nothing recorded either way)
  'POST /api/v1/guidance-orders/{id}/sessions': ['case', async (c) => found(await c.post(`/api/v1/guidance-orders/${guidanceId}/sessions`, { held_on: '2999-01-01', attended: true }))],
  'POST /api/v1/guidance-orders/{id}/checks': ['case', async (c) => found(await c.post(`/api/v1/guidance-orders/${guidanceId}/checks`, { checked_on: '2999-01-01', result: '履行' }))],
  // a blank note: inside 422, outside 404 (nothing closed either way)
  'POST /api/v1/guidance-orders/{id}/close': ['case', async (c) => found(await c.post(`/api/v1/guidance-orders/${guidanceId}/close`, { note: ' ' }))],
  'POST /api/v1/guidance-orders': null,   // creates: in the caller's villages, or its own unit's instruments (guidance.test.mjs)
  'GET /api/v1/checks/institutions': ['check', async (c) => listed((await c.get('/api/v1/checks/institutions')).data.items, institution)],
  // the same person again: inside a new run (200), outside the institution is not found
  'POST /api/v1/checks/runs': ['check', async (c) => found(await c.req('POST', `/api/v1/checks/runs?institution=${institution}`, checkRoster(), { headers: { 'content-type': 'text/csv' } }))],
  'GET /api/v1/checks/runs': ['check', async (c) => listed((await c.get(`/api/v1/checks/runs?institution=${institution}&per_page=100`)).data.items, checkRun)],
  'GET /api/v1/checks/runs/{id}': ['check', async (c) => found(await c.get(`/api/v1/checks/runs/${checkRun}`))],
  'GET /api/v1/checks/runs/{id}/export.xlsx': ['check', async (c) => found(await c.get(`/api/v1/checks/runs/${checkRun}/export.xlsx`))],
  'GET /api/v1/checks/rejects/{id}': null,   // only their submitter, whatever the scope (checks.test.mjs)
  'GET /api/v1/checks/staff': ['check', async (c) => listed((await c.get(`/api/v1/checks/staff?institution=${institution}`)).data.items, checkPerson)],
  'GET /api/v1/checks/staff/export.xlsx': ['check', async (c) => await exported(c, `/api/v1/checks/staff/export.xlsx?institution=${institution}`, 'check.staff_export') === 1],
  'GET /api/v1/checks/staff/{id}': ['check', async (c) => found(await c.get(`/api/v1/checks/staff/${checkPerson}`))],
  // without a reason: inside 422 (nothing done), outside 404
  'POST /api/v1/checks/staff/{id}/recheck': ['check', async (c) => found(await c.post(`/api/v1/checks/staff/${checkPerson}/recheck`, { reason: ' ' }))],
  'GET /api/v1/checks/coverage': ['check_register', async (c) => ((await c.get('/api/v1/checks/coverage')).data.by_institution || []).some((x) => x.id === institution && x.staff === 1)],
};

test('every route declares a scope rule, and every scoped route has a case here', () => {
  assert.ok(routes.length > 40);
  for (const r of routes) {
    assert.ok(['none', 'division', 'unit', 'register'].includes(r.scope), `${r.method} ${r.path}: ${r.scope}`);
    if (r.scope !== 'none') assert.ok(`${r.method} ${r.path}` in CASES, `no scope case for ${r.method} ${r.path}`);
  }
});

test('inside the scope the record is reached; outside it is not there at all', async () => {
  for (const [key, c] of Object.entries(CASES)) {
    if (!c) continue;
    const [kind, probe] = c;
    for (const name of INSIDE[kind]) assert.equal(await probe(who[name]), true, `${key}: ${name} must reach the ${kind}`);
    for (const name of OUTSIDE[kind]) assert.equal(await probe(who[name]), false, `${key}: ${name} must not see the ${kind}`);
  }
});

// Unscoped on purpose: a transfer's destination may be any town or village of
// the county (division names and codes are not personal data), for those who
// may transfer (child.write) only.
test('transfer destinations: the whole county for child.write, whatever the scope', async () => {
  const r = (await adm.get('/api/v1/meta')).data.routes.find((x) => x.path === '/api/v1/children/destinations');
  assert.equal(r.scope, 'none');
  for (const name of ['county', 'townA', 'townB', 'unitA', 'ownX']) {
    const d = await who[name].get('/api/v1/children/destinations');
    assert.equal(d.status, 200, name);
    assert.ok(d.data.items.some((x) => x.code === SCOPE_VILLAGE) && d.data.items.some((x) => x.code === TOWN_B), name);
  }
  const reader = await userWith(adm, unique('sdr'), { roles: ['leader'], scope_kind: 'county' });
  assert.equal((await reader.get('/api/v1/children/destinations')).status, 403, 'no child.write');
});

test('an own-scoped reader sees no task and no score of any unit', async () => {
  const r = await who.ownY.get('/api/v1/tasks?per_page=100');
  assert.equal(r.data.total, 0);
  assert.equal((await who.ownY.get(`/api/v1/plans/${plan.id}/scores`)).data.items.length, 0);
  assert.equal((await who.ownY.get(`/api/v1/tasks/${taskB}`)).status, 404);
});

test('a record outside the scope answers exactly like one that does not exist', async () => {
  const outside = await who.unitB.get(`/api/v1/tasks/${task}`);
  const missing = await who.unitB.get('/api/v1/tasks/999999999');
  assert.equal(outside.status, 404);
  assert.deepEqual(outside.data, missing.data);
});

test('a user without a session reaches nothing', async () => {
  assert.equal((await new Client().get(`/api/v1/tasks/${task}`)).status, 401);
});
