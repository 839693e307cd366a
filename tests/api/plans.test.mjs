// Work plans and supervised tasks: import, ledger, lifecycle, lights, authorization.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, admin, userWith, unique, setClock, TOWN_A } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PLAN_2022 = readFileSync(join(here, '../data/notices/tongxiang-2022-workplan.txt'), 'utf8');
const DAY = 86400;

// A small notice of its own per run; deadline in `days` from now.
function miniNotice(no) {
  return `文件编号: 桐未工委办〔2031〕${no}号
关于印发《桐乡市未成年人保护工作委员会2031年工作要点》的通知
一、测试事项
1.开展困境儿童走访测试工作。(责任部门:市民政局)
2.开展校园安全测试工作,覆盖率达到90%以上。(牵头单位:市教育局;配合单位:市民政局)
桐乡市未成年人保护工作委员会办公室 2031年3月1日`;
}

// Distinct notice numbers for the tests of one run (two equal numbers would
// be the same notice, refused with 409).
let lastNoticeNo = 100 + Math.floor(Math.random() * 400);
function nextNoticeNo() {
  lastNoticeNo += 1;
  return lastNoticeNo;
}

function dayString(offsetDays) {
  const d = new Date(Date.now() + offsetDays * DAY * 1000 + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

let adm, leader, mzj, jyj, jyjCounty, unitIds, plan2022;
const forbidden = (r) => assert.equal(r.status, 403, JSON.stringify(r.data));

// Signs a user in again (tests that move the clock end everyone's sessions).
async function again(user) {
  const c = new Client();
  const r = await c.signIn(user.user.login, user.password);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  c.id = user.id;
  c.password = user.password;
  return c;
}

before(async () => {
  adm = await admin();
  leader = await userWith(adm, unique('pl'), { roles: ['leader'] });
  const units = (await adm.get('/api/v1/units')).data.items;
  unitIds = Object.fromEntries(units.map((u) => [u.name, u.id]));
  mzj = await userWith(adm, unique('mz'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitIds['市民政局'] });
  jyj = await userWith(adm, unique('jy'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitIds['市教育局'] });
  jyjCounty = await userWith(adm, unique('jc'), { roles: ['unit_liaison'], scope_kind: 'county', unit_id: unitIds['市教育局'] });
  const r = await adm.post('/api/v1/plans', { text: PLAN_2022, deadline: dayString(60) });
  assert.ok(r.status === 201 || r.status === 409, JSON.stringify(r.data));
  const list = await adm.get('/api/v1/plans');
  plan2022 = list.data.items.find((p) => p.doc_number === '桐未工委办〔2022〕2号');
});

test('POST /api/v1/plans/parse: plan.manage previews without storing', async () => {
  const r = await adm.post('/api/v1/plans/parse', { text: PLAN_2022 });
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 27);
  assert.equal(r.data.sections.length, 3);
  assert.equal(r.data.doc_number, '桐未工委办〔2022〕2号');
  const item6 = r.data.items[5];
  assert.deepEqual(item6.units, ['市民政局', '市财政局']);
  assert.deepEqual(item6.targets.map((t) => [t.op, t.value, t.unit]), [['>=', 25000, '元']]);
  forbidden(await leader.post('/api/v1/plans/parse', { text: PLAN_2022 }));
  forbidden(await mzj.post('/api/v1/plans/parse', { text: PLAN_2022 }));
  const none = await adm.post('/api/v1/plans/parse', { text: '这是一段没有编号事项的文字。' });
  assert.equal(none.status, 400);
  assert.equal(none.data.error.code, 'no_items');
});

test('POST /api/v1/plans/parse answers exactly what `weibao plan parse` prints', async () => {
  // (units come from the database for the API and are built in for the CLI:
  // notices naming 各成员单位 differ once the tests have added units)
  const shapes = ['dun-unlabelled.txt', 'no-markers.txt', 'yishi.txt', 'first-leads.txt']
    .map((f) => readFileSync(join(here, '../data/notices', f), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'weibao-parse-'));
  for (const text of [miniNotice(1), ...shapes]) {
    const file = join(dir, 'notice.txt');
    writeFileSync(file, text);
    const cli = JSON.parse(execFileSync(process.env.WEIBAO_BIN, ['plan', 'parse', file], { encoding: 'utf8' }));
    const api = await adm.post('/api/v1/plans/parse', { text });
    assert.equal(api.status, 200);
    assert.deepEqual(api.data, cli);
  }
});

test('POST /api/v1/plans: one task per responsible unit; a second import is refused', async () => {
  const p = await adm.get(`/api/v1/plans/${plan2022.id}`);
  assert.equal(p.status, 200);
  assert.equal(p.data.items.length, 27);
  // 87 on the default units; 各成员单位 also reaches units other tests added
  assert.ok(plan2022.task_count >= 87, String(plan2022.task_count));
  assert.equal(p.data.items[7].targets[0].unit, '个/千人');
  const again = await adm.post('/api/v1/plans', { text: PLAN_2022 });
  assert.equal(again.status, 409);
  forbidden(await leader.post('/api/v1/plans', { text: PLAN_2022 }));
  forbidden(await mzj.post('/api/v1/plans', { text: PLAN_2022 }));
  const bad = await adm.post('/api/v1/plans', { text: miniNotice(90), deadline: '2031-02-30' });
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.field, 'deadline');
});

test('GET /api/v1/plans and /plans/{id}: plan.read', async () => {
  assert.equal((await leader.get('/api/v1/plans')).status, 200);
  assert.equal((await leader.get(`/api/v1/plans/${plan2022.id}`)).status, 200);
  assert.equal((await mzj.get('/api/v1/plans')).status, 200, 'liaisons read the plan');
  const b = await userWith(adm, unique('nb'), { roles: ['institution_hr'] });
  forbidden(await b.get('/api/v1/plans'));
  forbidden(await b.get(`/api/v1/plans/${plan2022.id}`));
  assert.equal((await adm.get('/api/v1/plans/999999')).status, 404);
});

test('GET /api/v1/tasks: the whole ledger for the office, its own tasks for a unit', async () => {
  const all = await adm.get(`/api/v1/tasks?plan_id=${plan2022.id}&per_page=100`);
  assert.equal(all.status, 200);
  assert.equal(all.data.total, plan2022.task_count);
  const own = await mzj.get(`/api/v1/tasks?plan_id=${plan2022.id}&per_page=100`);
  assert.equal(own.status, 200);
  assert.ok(own.data.total > 0);
  assert.ok(own.data.items.every((t) => t.unit.name === '市民政局'));
  const other = await mzj.get(`/api/v1/tasks?unit_id=${unitIds['市教育局']}`);
  assert.equal(other.data.total, 0, 'another unit\'s tasks stay hidden');
  const jyTask = all.data.items.find((t) => t.unit.name === '市教育局');
  assert.equal((await mzj.get(`/api/v1/tasks/${jyTask.id}`)).status, 404);
  const b = await userWith(adm, unique('nc'), { roles: ['institution_hr'] });
  forbidden(await b.get('/api/v1/tasks'));
  const sorted = await adm.get(`/api/v1/tasks?plan_id=${plan2022.id}&sort=unit&order=desc&per_page=100`);
  const names = sorted.data.items.map((t) => t.unit.name);
  assert.deepEqual(names, [...names].sort().reverse());
  assert.equal((await adm.get('/api/v1/tasks?light=purple')).status, 400);
  assert.equal((await adm.get('/api/v1/tasks?status=done')).status, 400);
  const x = await adm.get(`/api/v1/tasks/export.xlsx?plan_id=${plan2022.id}`);
  assert.equal(x.status, 200);
  assert.equal(x.data.subarray(0, 2).toString(), 'PK');
  // a Chinese file name with the date (China), and an ASCII fallback
  const disp = x.headers.get('content-disposition');
  const star = /filename\*=UTF-8''([^;]+)/.exec(disp);
  assert.ok(star, disp);
  assert.equal(decodeURIComponent(star[1]), `任务台账_${dayString(0).replaceAll('-', '')}.xlsx`);
  assert.match(disp, /^attachment; filename="[\x20-\x7e]+";/);
});

test('the task lifecycle: sign, report, request close, return, accept; nothing after closure', async () => {
  const own = await mzj.get(`/api/v1/tasks?plan_id=${plan2022.id}&status=pending&per_page=1`);
  const id = own.data.items[0].id;
  forbidden(await leader.post(`/api/v1/tasks/${id}/sign`, {}));
  const stranger = await jyjCounty.post(`/api/v1/tasks/${id}/sign`, {});
  assert.equal(stranger.status, 403, 'a unit cannot sign for another unit\'s task');
  assert.equal(stranger.data.error.code, 'not_your_task');
  assert.equal((await jyj.post(`/api/v1/tasks/${id}/sign`, {})).status, 404, 'nor see it with a unit scope');
  assert.equal((await adm.post(`/api/v1/tasks/${id}/sign`, {})).status, 403, 'the office does not sign for units');

  let r = await mzj.post(`/api/v1/tasks/${id}/reports`, { text: '尚未签收就反馈' });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'wrong_status');
  r = await mzj.post(`/api/v1/tasks/${id}/sign`, {});
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'signed');
  assert.ok(r.data.signed_at > 0);
  r = await mzj.post(`/api/v1/tasks/${id}/reports`, { text: '已完成 11 个镇（街道）未保站挂牌。' });
  assert.equal(r.data.status, 'in_progress');
  assert.equal((await mzj.post(`/api/v1/tasks/${id}/reports`, { text: '   ' })).status, 400);
  forbidden(await mzj.post(`/api/v1/tasks/${id}/accept`, {}));
  assert.equal((await adm.post(`/api/v1/tasks/${id}/accept`, {})).status, 409, 'not asked to close yet');
  r = await mzj.post(`/api/v1/tasks/${id}/request-close`, { note: '申请办结' });
  assert.equal(r.data.status, 'close_requested');
  assert.equal((await adm.post(`/api/v1/tasks/${id}/return`, {})).status, 400, 'a return needs a reason');
  r = await adm.post(`/api/v1/tasks/${id}/return`, { reason: '请补充佐证材料' });
  assert.equal(r.data.status, 'in_progress');
  assert.equal(r.data.return_reason, '请补充佐证材料');
  await mzj.post(`/api/v1/tasks/${id}/request-close`, {});
  r = await adm.post(`/api/v1/tasks/${id}/accept`, { note: '同意办结' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'closed');
  assert.equal(r.data.light, 'green');
  const late = await mzj.post(`/api/v1/tasks/${id}/reports`, { text: '办结后又反馈' });
  assert.equal(late.status, 409, 'a report after closure');
  const detail = await mzj.get(`/api/v1/tasks/${id}`);
  assert.deepEqual(detail.data.events.map((e) => e.action),
    ['sign', 'report', 'request_close', 'return', 'request_close', 'accept']);
  assert.equal(detail.data.events[1].note, '已完成 11 个镇（街道）未保站挂牌。');
  const audit = await adm.get(`/api/v1/audit?object_type=task&object_id=${id}&per_page=50`);
  assert.ok(audit.data.total >= 6, 'every transition is audited');
});

test('re-importing with replace keeps the tasks and their history', async () => {
  const own = await mzj.get(`/api/v1/tasks?plan_id=${plan2022.id}&status=closed`);
  const before = own.data.items[0];
  const r = await adm.post('/api/v1/plans', { text: PLAN_2022, replace: true, deadline: dayString(60) });
  assert.equal(r.status, 200);
  const after = await mzj.get(`/api/v1/tasks/${before.id}`);
  assert.equal(after.status, 200);
  assert.equal(after.data.status, 'closed');
  assert.equal(after.data.events.length, 6);
});

test('lights move with the clock: sign-for deadline, report period, deadline', async (t) => {
  t.after(() => setClock(0));
  // sessions end after 30 idle minutes, so each step signs in again
  const liaison = async () => {
    const c = new Client();
    assert.equal((await c.signIn(mzj.user.login, mzj.password)).status, 200);
    return c;
  };
  const no = nextNoticeNo();
  const r = await adm.post('/api/v1/plans', { text: miniNotice(no), deadline: dayString(120) });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const q = `/api/v1/tasks?plan_id=${r.data.id}&per_page=10`;
  const tasks = (await mzj.get(q)).data.items;
  assert.equal(tasks.length, 2);
  const task = tasks.find((x) => x.item_number === 1);
  assert.equal(task.light, 'green');
  assert.equal(tasks.find((x) => x.item_number === 2).is_lead, false, '配合单位 is not lead');
  setClock(6 * DAY);
  let c = await liaison();
  let cur = (await c.get(`/api/v1/tasks/${task.id}`)).data;
  assert.equal(cur.light, 'red');
  assert.equal(cur.light_reason, '逾期未签收');
  const reds = await (await admin()).get(`/api/v1/tasks?plan_id=${r.data.id}&light=red`);
  assert.equal(reds.data.total, 3, 'all three tasks of the notice');
  await c.post(`/api/v1/tasks/${task.id}/sign`, {});
  cur = (await c.get(`/api/v1/tasks/${task.id}`)).data;
  assert.notEqual(cur.light, 'red', 'signed and nothing owed yet');
  // 65 days after signing at least one whole month has passed: its report is owed
  setClock(71 * DAY);
  c = await liaison();
  cur = (await c.get(`/api/v1/tasks/${task.id}`)).data;
  assert.equal(cur.light, 'red');
  assert.equal(cur.light_reason, '上期未报送进展');
  await c.post(`/api/v1/tasks/${task.id}/reports`, { text: '本月走访 32 户。' });
  assert.notEqual((await c.get(`/api/v1/tasks/${task.id}`)).data.light, 'red');
  setClock(117 * DAY);
  c = await liaison();
  await c.post(`/api/v1/tasks/${task.id}/reports`, { text: '本月走访 28 户。' });
  cur = (await c.get(`/api/v1/tasks/${task.id}`)).data;
  assert.equal(cur.light, 'yellow', 'three days before the deadline');
  assert.equal(cur.light_reason, '临近办理期限');
  setClock(121 * DAY);
  c = await liaison();
  cur = (await c.get(`/api/v1/tasks/${task.id}`)).data;
  assert.equal(cur.light, 'red');
  assert.equal(cur.light_reason, '已超过办理期限');
  const plans = (await (await admin()).get('/api/v1/plans')).data.items;
  assert.equal(plans.find((p) => p.id === r.data.id).red_count, 3);
});

test('督办: overdue tasks get notices that rise with time; closing resolves them', async (t) => {
  t.after(() => setClock(0));
  adm = await admin();
  mzj = await again(mzj);
  leader = await again(leader);
  const no = nextNoticeNo();
  const plan = await adm.post('/api/v1/plans', { text: miniNotice(no), deadline: dayString(30) });
  assert.equal(plan.status, 201);
  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items;
  const task = tasks.find((x) => x.item_number === 1);
  forbidden(await leader.post('/api/v1/supervisions/run', {}));
  forbidden(await mzj.post('/api/v1/supervisions/run', {}));
  let run = await adm.post('/api/v1/supervisions/run', {});
  assert.equal(run.status, 200);
  let open = (await adm.get(`/api/v1/supervisions?plan_id=${plan.data.id}&open=1`)).data.items;
  assert.equal(open.length, 0, 'nothing overdue yet');

  setClock(6 * DAY);           // past the sign-for period
  let a = await admin();
  run = await a.post('/api/v1/supervisions/run', {});
  assert.ok(run.data.created >= 3, 'this plan\'s three tasks, and others overdue by now');
  open = (await a.get(`/api/v1/supervisions?plan_id=${plan.data.id}&open=1`)).data.items;
  assert.equal(open.length, 3);
  assert.ok(open.every((s) => s.level === 1 && s.kind === 'auto'));
  assert.equal((await a.post('/api/v1/supervisions/run', {})).data.created, 0, 'one notice per task');

  setClock(6 * DAY + 31 * DAY);   // 31 days overdue: level 3
  a = await admin();
  run = await a.post('/api/v1/supervisions/run', {});
  assert.ok(run.data.raised >= 3);
  open = (await a.get(`/api/v1/supervisions?plan_id=${plan.data.id}&open=1`)).data.items;
  assert.ok(open.every((s) => s.level === 3), JSON.stringify(open.map((s) => s.level)));

  // the unit sees its own notices only
  const c = new Client();
  await c.signIn(mzj.user.login, mzj.password);
  const mine = (await c.get(`/api/v1/supervisions?plan_id=${plan.data.id}`)).data.items;
  assert.equal(mine.length, 2);
  assert.ok(mine.every((s) => s.unit.name === '市民政局'));
  assert.equal((await c.get(`/api/v1/supervisions/export.xlsx?plan_id=${plan.data.id}`)).status, 200);

  // a manual 督办单 from the office
  forbidden(await c.post(`/api/v1/tasks/${task.id}/supervise`, { reason: '请尽快签收' }));
  assert.equal((await a.post(`/api/v1/tasks/${task.id}/supervise`, {})).status, 400);
  const manual = await a.post(`/api/v1/tasks/${task.id}/supervise`, { reason: '请于三日内签收并反馈' });
  assert.equal(manual.status, 201);
  assert.equal(manual.data.kind, 'manual');

  // closing the task resolves its notices
  await c.post(`/api/v1/tasks/${task.id}/sign`, {});
  await c.post(`/api/v1/tasks/${task.id}/request-close`, {});
  assert.equal((await a.post(`/api/v1/tasks/${task.id}/accept`, {})).status, 200);
  open = (await a.get(`/api/v1/supervisions?plan_id=${plan.data.id}&open=1`)).data.items;
  assert.ok(!open.some((s) => s.task_id === task.id));
  assert.equal((await a.post(`/api/v1/tasks/${task.id}/supervise`, { reason: 'x' })).status, 409);
});

test('a plan imported as archived history: no lights, no 督办, no actions; importing again revives it', async () => {
  adm = await admin();
  mzj = await again(mzj);
  const no = nextNoticeNo();
  const past = dayString(-400);
  forbidden(await mzj.post('/api/v1/plans', { text: miniNotice(no), deadline: past, archived: true }));
  assert.equal((await adm.post('/api/v1/plans', { text: miniNotice(no), archived: 'yes' })).status, 400);
  const plan = await adm.post('/api/v1/plans', { text: miniNotice(no), deadline: past, archived: true });
  assert.equal(plan.status, 201, JSON.stringify(plan.data));
  assert.equal(plan.data.archived, true);
  const listed = (await adm.get('/api/v1/plans')).data.items.find((p) => p.id === plan.data.id);
  assert.equal(listed.archived, true);
  assert.equal(listed.red_count, 0, 'a year-old deadline, yet no red light');
  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items;
  assert.equal(tasks.length, 3);
  assert.ok(tasks.every((x) => x.plan_archived === true && x.light === 'green'), JSON.stringify(tasks));
  assert.equal((await adm.get(`/api/v1/tasks?plan_id=${plan.data.id}&light=red`)).data.total, 0);

  await adm.post('/api/v1/supervisions/run', {});
  const notices = (await adm.get(`/api/v1/supervisions?plan_id=${plan.data.id}`)).data.items;
  assert.equal(notices.length, 0, 'no automatic 督办 on history');

  const own = (await mzj.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items[0];
  const sign = await mzj.post(`/api/v1/tasks/${own.id}/sign`, {});
  assert.equal(sign.status, 409);
  assert.equal(sign.data.error.code, 'plan_archived');
  assert.match(sign.data.error.message, /已归档/);
  assert.equal((await adm.patch(`/api/v1/tasks/${own.id}`, { deadline: dayString(30) })).status, 409);
  assert.equal((await adm.post(`/api/v1/tasks/${own.id}/supervise`, { reason: '历史任务' })).status, 409);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x41), Buffer.from('\n%%EOF\n')]);
  const up = await mzj.req('POST', `/api/v1/tasks/${own.id}/attachments?name=${encodeURIComponent('材料.pdf')}`, pdf,
    { headers: { 'content-type': 'application/pdf' } });
  assert.equal(up.status, 409, JSON.stringify(up.data));
  // another unit's liaison still does not see the archived plan's tasks
  const other = await userWith(adm, unique('ar'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitIds['市公安局'] });
  assert.equal((await other.get(`/api/v1/tasks/${own.id}`)).status, 404);

  // imported again without archived: the plan lives, its overdue tasks are red
  const revived = await adm.post('/api/v1/plans', { text: miniNotice(no), deadline: past, replace: true });
  assert.equal(revived.status, 200, JSON.stringify(revived.data));
  assert.equal(revived.data.archived, false);
  const live = (await adm.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items;
  assert.ok(live.every((x) => x.plan_archived === false && x.light === 'red'), JSON.stringify(live.map((x) => x.light)));
  assert.equal((await mzj.post(`/api/v1/tasks/${own.id}/sign`, {})).status, 200);
});

test('traceable 督办: notices, deadline changes and lifts are timeline events; a moved deadline re-checks at once', async () => {
  adm = await admin();
  mzj = await again(mzj);
  const plan = await adm.post('/api/v1/plans', { text: miniNotice(nextNoticeNo()), deadline: dayString(30) });
  assert.equal(plan.status, 201, JSON.stringify(plan.data));
  const task = (await mzj.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items[0];
  const detail = async () => (await adm.get(`/api/v1/tasks/${task.id}`)).data;
  const last = (d) => d.events[d.events.length - 1];

  assert.equal((await adm.post(`/api/v1/tasks/${task.id}/supervise`, { reason: '请尽快签收' })).status, 201);
  let d = await detail();
  assert.equal(last(d).action, 'supervise');
  assert.equal(last(d).action_title, '下发督办单');
  assert.equal(last(d).note, '1 级督办单：请尽快签收');
  assert.deepEqual(d.supervisions.map((x) => [x.kind, x.level, x.resolved_at]), [['manual', 1, null]]);

  // into the past: 20 days overdue, the automatic notice comes at once
  const past = dayString(-20);
  assert.equal((await adm.patch(`/api/v1/tasks/${task.id}`, { deadline: past })).status, 200);
  d = await detail();
  const moved = d.events.find((e) => e.action === 'deadline');
  assert.equal(moved.action_title, '调整办理期限');
  assert.equal(moved.note, `办理期限由 ${dayString(30)} 调整为 ${past}`);
  assert.equal(last(d).action, 'supervise_auto');
  assert.match(last(d).note, /已逾期 \d+ 天（2 级督办）/);
  const auto = d.supervisions.find((x) => x.kind === 'auto');
  assert.ok(auto && auto.level === 2 && auto.resolved_at === null, JSON.stringify(d.supervisions));

  // back into the future: no longer overdue, the automatic notice is lifted with its reason
  assert.equal((await adm.patch(`/api/v1/tasks/${task.id}`, { deadline: dayString(40) })).status, 200);
  d = await detail();
  assert.equal(last(d).action, 'lift');
  assert.equal(last(d).action_title, '解除督办');
  assert.match(last(d).note, /不再逾期/);
  assert.ok(d.supervisions.find((x) => x.kind === 'auto').resolved_at > 0);
  assert.equal(d.supervisions.find((x) => x.kind === 'manual').resolved_at, null, 'a 督办单 stays until the task closes');
  // the unit sees the same timeline; another unit does not see the task at all
  assert.equal((await mzj.get(`/api/v1/tasks/${task.id}`)).data.supervisions.length, 2);
  jyj = await again(jyj);
  assert.equal((await jyj.get(`/api/v1/tasks/${task.id}`)).status, 404);
});

test('batches: a unit signs for several tasks at once, the office moves several deadlines; each task answers for itself', async () => {
  adm = await admin();
  mzj = await again(mzj);
  jyj = await again(jyj);
  const plan = await adm.post('/api/v1/plans', { text: miniNotice(nextNoticeNo()), deadline: dayString(30) });
  assert.equal(plan.status, 201, JSON.stringify(plan.data));
  const all = (await adm.get(`/api/v1/tasks?plan_id=${plan.data.id}`)).data.items;
  const mine = all.filter((t) => t.unit.name === '市民政局').map((t) => t.id);
  const theirs = all.find((t) => t.unit.name === '市教育局').id;
  assert.equal(mine.length, 2);

  assert.equal((await mzj.post('/api/v1/tasks/batch/sign', { ids: [] })).status, 400);
  assert.equal((await mzj.post('/api/v1/tasks/batch/sign', { ids: [mine[0], mine[0]] })).status, 400);
  assert.equal((await mzj.post('/api/v1/tasks/batch/sign', { ids: ['1'] })).status, 400);
  assert.equal((await mzj.post('/api/v1/tasks/batch/sign', { ids: Array.from({ length: 101 }, (_, i) => i + 1) })).status, 400);
  leader = await again(leader);
  forbidden(await leader.post('/api/v1/tasks/batch/sign', { ids: mine }));
  const r = await mzj.post('/api/v1/tasks/batch/sign', { ids: [...mine, theirs] });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.done, 2);
  assert.equal(r.data.failed, 1);
  assert.deepEqual(r.data.results.map((x) => [x.id, x.ok, x.code || x.status]),
    [[mine[0], true, 'signed'], [mine[1], true, 'signed'], [theirs, false, 'not_found']]);
  // again: each already signed is refused on its own
  const again2 = await mzj.post('/api/v1/tasks/batch/sign', { ids: mine });
  assert.deepEqual(again2.data.results.map((x) => x.code), ['wrong_status', 'wrong_status']);

  forbidden(await mzj.post('/api/v1/tasks/batch/deadline', { ids: mine, deadline: dayString(60) }));
  assert.equal((await adm.post('/api/v1/tasks/batch/deadline', { ids: mine, deadline: '2031-02-30' })).status, 400);
  const moved = await adm.post('/api/v1/tasks/batch/deadline', { ids: [...mine, 999999999], deadline: dayString(60) });
  assert.equal(moved.status, 200, JSON.stringify(moved.data));
  assert.equal(moved.data.done, 2);
  assert.equal(moved.data.results[2].code, 'not_found');
  for (const id of mine) {
    const d = (await adm.get(`/api/v1/tasks/${id}`)).data;
    assert.equal(d.events[d.events.length - 1].action, 'deadline');
    assert.equal(new Date((d.deadline + 8 * 3600) * 1000).toISOString().slice(0, 10), dayString(60));
  }
  assert.equal((await adm.get(`/api/v1/tasks/${theirs}`)).data.deadline, all.find((t) => t.id === theirs).deadline);
});

test("a task's deadline can be moved by the office", async () => {
  adm = await admin();
  mzj = await again(mzj);
  const own = (await mzj.get(`/api/v1/tasks?plan_id=${plan2022.id}&status=pending&per_page=1`)).data.items[0];
  forbidden(await mzj.patch(`/api/v1/tasks/${own.id}`, { deadline: '2031-06-30' }));
  const r = await adm.patch(`/api/v1/tasks/${own.id}`, { deadline: '2031-06-30' });
  assert.equal(r.status, 200);
  assert.equal(r.data.deadline, Date.UTC(2031, 5, 30, 15, 59, 59) / 1000);
  assert.equal((await adm.patch(`/api/v1/tasks/${own.id}`, { deadline: 'June 30' })).status, 400);
  assert.equal((await adm.patch('/api/v1/tasks/999999', { deadline: '2031-06-30' })).status, 404);
});

test('year-end scores per unit follow the rubric', async () => {
  adm = await admin();
  mzj = await again(mzj);
  const r = await adm.get(`/api/v1/plans/${plan2022.id}/scores`);
  assert.equal(r.status, 200);
  assert.equal(r.data.rubric.base, 100);
  assert.ok(r.data.items.length >= 21);
  const units = r.data.items.map((u) => u.unit.name);
  assert.ok(units.includes('市民政局'));
  const scores = r.data.items.map((u) => u.score);
  assert.deepEqual(scores, [...scores].sort((x, y) => y - x), 'best first');
  for (const u of r.data.items) {
    assert.ok(u.score >= 0 && u.score <= 100);
    assert.equal(u.tasks >= u.closed, true);
  }
  const mz = r.data.items.find((u) => u.unit.name === '市民政局');
  assert.ok(mz.closed >= 1, 'the task closed earlier counts');
  // normalised: base minus the average deduction per task, part by part
  for (const u of r.data.items) {
    const parts = Object.values(u.deductions).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(100 - parts - u.score) < 0.35 || u.score === 0, JSON.stringify(u));
    assert.equal(u.rank_of, r.data.items.length);
    assert.equal(u.rank, 1 + r.data.items.filter((o) => o.score > u.score).length);
  }
  const own = await mzj.get(`/api/v1/plans/${plan2022.id}/scores`);
  assert.deepEqual(own.data.items.map((u) => u.unit.name), ['市民政局'], 'a unit sees its own score');
  assert.deepEqual([own.data.items[0].rank, own.data.items[0].rank_of], [mz.rank, r.data.items.length],
    'and its real rank among all the units');
  const b = await userWith(adm, unique('sc'), { roles: ['institution_hr'] });
  forbidden(await b.get(`/api/v1/plans/${plan2022.id}/scores`));
  const x = await adm.get(`/api/v1/plans/${plan2022.id}/scores/export.xlsx`);
  assert.equal(x.status, 200);
  assert.equal(x.data.subarray(0, 2).toString(), 'PK');
});

test('reports carry figures for the item\'s targets; the score counts targets met', async () => {
  adm = await admin();
  const j = await again(jyj);
  const no = nextNoticeNo();
  const plan = await adm.post('/api/v1/plans', { text: miniNotice(no), deadline: dayString(90) });
  const ledger = await j.get(`/api/v1/tasks?plan_id=${plan.data.id}`);
  assert.equal(ledger.status, 200, JSON.stringify(ledger.data));
  const task = ledger.data.items[0];
  assert.equal(task.item_number, 2);
  const detail = (await j.get(`/api/v1/tasks/${task.id}`)).data;
  const target = detail.targets[0];
  assert.equal(target.op, '>=');
  assert.equal(target.value, 90);
  await j.post(`/api/v1/tasks/${task.id}/sign`, {});
  let r = await j.post(`/api/v1/tasks/${task.id}/reports`, { text: '覆盖率', figures: [{ target_id: 999999, value: 1 }] });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'figures');
  r = await j.post(`/api/v1/tasks/${task.id}/reports`, { text: '覆盖率', figures: [{ target_id: target.id, value: 'high' }] });
  assert.equal(r.status, 400);
  r = await j.post(`/api/v1/tasks/${task.id}/reports`, { text: '覆盖率达到 85%', figures: [{ target_id: target.id, value: 85 }] });
  assert.equal(r.status, 200);
  let scores = (await adm.get(`/api/v1/plans/${plan.data.id}/scores`)).data.items;
  let edu = scores.find((u) => u.unit.name === '市教育局');
  assert.deepEqual([edu.targets, edu.targets_met], [1, 0]);
  r = await j.post(`/api/v1/tasks/${task.id}/reports`, { text: '覆盖率达到 92%', figures: [{ target_id: target.id, value: 92 }] });
  assert.equal(r.data.events, undefined, 'an action answers with its own event, not the whole timeline');
  assert.equal(r.data.event.action, 'report');
  assert.deepEqual(r.data.event.figures, [{ target_id: target.id, value: 92 }]);
  const events = (await j.get(`/api/v1/tasks/${task.id}`)).data.events.filter((e) => e.action === 'report');
  assert.deepEqual(events.map((e) => e.figures[0].value), [85, 92]);
  scores = (await adm.get(`/api/v1/plans/${plan.data.id}/scores`)).data.items;
  edu = scores.find((u) => u.unit.name === '市教育局');
  assert.deepEqual([edu.targets, edu.targets_met], [1, 1], 'the latest figure counts');
  const mz = scores.find((u) => u.unit.name === '市民政局');
  assert.equal(mz.targets, 0, 'a cooperating unit answers for no target');
});

test('attachments: typed by content, limited in size, kept per task', async () => {
  adm = await admin();
  const m = await again(mzj);
  const task = (await m.get(`/api/v1/tasks?plan_id=${plan2022.id}&status=pending&per_page=1`)).data.items[0];
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
  const up = (client, body, type, name = '佐证材料.pdf') =>
    client.req('POST', `/api/v1/tasks/${task.id}/attachments?name=${encodeURIComponent(name)}`, body, { headers: { 'content-type': type } });
  let r = await up(m, pdf, 'application/pdf');
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const aid = r.data.id;
  assert.equal(r.data.size, pdf.length);
  assert.equal((await up(m, pdf, 'image/png', '佐证材料.png')).status, 415, 'the bytes must match the extension');
  const declared = await up(m, pdf, 'image/png');
  assert.equal(declared.status, 201, 'the declared type is not trusted: the name and the bytes decide');
  assert.equal(declared.data.content_type, 'application/pdf');
  assert.equal((await m.del(`/api/v1/tasks/${task.id}/attachments/${declared.data.id}`)).status, 200);
  assert.equal((await up(m, Buffer.from('MZ\x90\x00'), 'application/octet-stream')).status, 415);
  assert.equal((await up(m, Buffer.alloc(6 * 1024 * 1024, 0x20), 'text/plain')).status, 413);
  assert.equal((await up(m, pdf, 'application/pdf', '../../etc/passwd')).status, 400);
  const bidi = await up(m, pdf, 'application/pdf', '报告\u202Efdp.exe');
  assert.equal(bidi.status, 400, 'a right-to-left override in a file name is refused');
  assert.equal(bidi.data.error.field, 'name');
  assert.equal((await up(m, pdf, 'application/pdf', 'a\u200Bb.pdf')).status, 400, 'zero-width characters too');
  const quota = [];
  for (let i = 0; i < 6; i++) quota.push((await up(m, pdf, 'application/pdf', `第${i}份.pdf`)).status);
  assert.deepEqual(quota, [201, 201, 201, 201, 413, 413], 'the task quota (12000 bytes in the tests) holds');
  const j = await again(jyj);
  assert.equal((await up(j, pdf, 'application/pdf')).status, 404, 'another unit cannot see the task');
  forbidden(await up(await again(leader), pdf, 'application/pdf'));
  const d = await m.get(`/api/v1/tasks/${task.id}`);
  assert.equal(d.data.attachments.length, 5);
  assert.equal(d.data.attachments[0].filename, '佐证材料.pdf');
  const file = await adm.get(`/api/v1/tasks/${task.id}/attachments/${aid}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.ok(Buffer.compare(file.data, pdf) === 0, 'the same bytes come back');
  assert.equal((await j.get(`/api/v1/tasks/${task.id}/attachments/${aid}`)).status, 404);
  assert.equal((await adm.get(`/api/v1/tasks/${task.id}/attachments/999999`)).status, 404);
});

// A notice whose first item does not say who leads (the first listed does),
// corrected in the preview before saving.
function splitNotice(no) {
  return `文件编号: 桐未工委办〔2032〕${no}号
关于印发《桐乡市未成年人保护工作委员会2032年工作要点》的通知
一、测试事项
1.开展困境儿童救助测试工作。(责任部门:市民政局、市财政局)
2.开展校园安全测试工作,覆盖率达到90%以上。(牵头单位:市教育局;配合单位:市民政局)
桐乡市未成年人保护工作委员会办公室 2032年3月1日`;
}

test('POST /api/v1/plans/parse: where the notice does not say who leads, the first listed unit does', async () => {
  const r = await adm.post('/api/v1/plans/parse', { text: splitNotice(1) });
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items[0].units, ['市民政局', '市财政局']);
  assert.deepEqual(r.data.items[0].lead_units, ['市民政局']);
  assert.deepEqual(r.data.items[1].lead_units, ['市教育局']);
});

test('POST /api/v1/plans with items: the office corrects units, lead and targets in the preview', async () => {
  const no = nextNoticeNo();
  const text = splitNotice(no);
  const preview = (await adm.post('/api/v1/plans/parse', { text })).data;
  const items = structuredClone(preview.items);
  // item 1: 市财政局 leads instead of 市民政局
  items[0].lead_units = ['市财政局'];
  // item 2: 团市委 cooperates too; 95% instead of 90%; one more target
  items[1].units = [...items[1].units, '团市委'];
  items[1].targets[0].value = 95;
  items[1].targets.push({ op: '>=', value: 3, unit: '次', scope: 'each_town', text: '每个镇（街道）开展演练不少于3次' });
  // the preview's own shape is taken back as it is (section and text unchanged)
  assert.equal(items[0].text, preview.items[0].text);

  forbidden(await leader.post('/api/v1/plans', { text, items }));
  forbidden(await mzj.post('/api/v1/plans', { text, items }));
  // plan.manage within a town only: plans are imported by the county office
  const role = await adm.post('/api/v1/roles', { code: unique('town_plan_'), name: '镇街计划管理', permissions: ['plan.manage', 'plan.read'] });
  assert.equal(role.status, 201, JSON.stringify(role.data));
  const townManager = await userWith(adm, unique('pt'), { roles: [role.data.code], scope_kind: 'town', scope_division: TOWN_A });
  forbidden(await townManager.post('/api/v1/plans', { text, items }));

  const r = await adm.post('/api/v1/plans', { text, items });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.deepEqual(r.data.items[0].units, ['市财政局', '市民政局'], 'the lead first');
  assert.deepEqual(r.data.items[1].units, ['市教育局', '市民政局', '团市委']);
  assert.deepEqual(r.data.items[1].targets.map((t) => [t.op, t.value, t.unit, t.scope]),
    [['>=', 95, '%', 'county'], ['>=', 3, '次', 'each_town']]);

  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${r.data.id}&per_page=100`)).data.items;
  const lead = Object.fromEntries(tasks.map((t) => [`${t.item_number}:${t.unit.name}`, t.is_lead]));
  assert.deepEqual(lead, {
    '1:市财政局': true, '1:市民政局': false, '2:市教育局': true, '2:市民政局': false, '2:团市委': false,
  });
  // a unit sees its own tasks of the corrected plan, not another unit's
  const own = (await mzj.get(`/api/v1/tasks?plan_id=${r.data.id}&per_page=100`)).data.items;
  assert.deepEqual(own.map((t) => [t.item_number, t.unit.name, t.is_lead]), [[1, '市民政局', false], [2, '市民政局', false]]);
  const czTask = tasks.find((t) => t.unit.name === '市财政局');
  assert.equal((await mzj.get(`/api/v1/tasks/${czTask.id}`)).status, 404);

  const log = await adm.get(`/api/v1/audit?action=plan.import&object_id=${r.data.id}`);
  assert.equal(log.status, 200);
  assert.match(log.data.items[0].detail, /导入时修改了 2 项/);
});

test('POST /api/v1/plans with items: a bad correction is 422 naming the item, and nothing is stored', async () => {
  const no = nextNoticeNo();
  const text = splitNotice(no);
  const preview = (await adm.post('/api/v1/plans/parse', { text })).data;
  const fix = (k, change) => {
    const items = structuredClone(preview.items);
    change(items[k]);
    return items;
  };
  const cases = [
    [fix(0, (i) => { i.units = ['市民政局', '市交通运输局']; }), /第 1 条.*市交通运输局.*不在成员单位名录中/],
    [fix(1, (i) => { i.lead_units = []; }), /第 2 条.*至少要有一个牵头单位/],
    [fix(0, (i) => { i.units = []; i.lead_units = []; }), /第 1 条.*责任单位/],
    [fix(0, (i) => { i.lead_units = ['团市委']; }), /第 1 条.*团市委.*不在该项的责任单位中/],
    [fix(0, (i) => { i.units = ['市民政局', '民政局']; }), /第 1 条.*重复/],
    [fix(1, (i) => { i.targets[0].op = 'about'; }), /第 2 条.*第 1 个指标/],
    [fix(1, (i) => { i.targets[0].op = 'range'; }), /第 2 条.*第 1 个指标.*value2/],
    [fix(1, (i) => { i.targets[0].value = -5; }), /第 2 条第 1 个指标.*不小于 0/],
    [fix(1, (i) => { i.targets[0].unit = ''; }), /第 2 条第 1 个指标.*计量单位/],
    [fix(1, (i) => { i.targets.push({ op: '>=', value: 1 }); }), /第 2 条.*第 2 个指标/],
    [fix(1, (i) => { i.text = '改过的事项内容'; }), /第 2 条.*以通知原文为准/],
    [fix(1, (i) => { i.units = '市教育局'; }), /第 2 条/],
    [fix(1, (i) => { i.extra = 1; }), /第 2 条/],
    [fix(0, (i) => { i.number = 7; }), /第 7 条.*序号与通知不符/],
    [preview.items.slice(0, 1), /修改后的事项有 1 条，通知中识别出 2 条/],
  ];
  for (const [items, message] of cases) {
    const r = await adm.post('/api/v1/plans', { text, items });
    assert.equal(r.status, 422, JSON.stringify(r.data));
    assert.equal(r.data.error.field, 'items');
    assert.match(r.data.error.message, message);
  }
  const bad = await adm.post('/api/v1/plans', { text, items: 'x' });
  assert.equal(bad.status, 400);
  const plans = (await adm.get('/api/v1/plans')).data.items;
  assert.ok(!plans.some((p) => p.doc_number === `桐未工委办〔2032〕${no}号`), 'nothing stored');
  // the preview as it came: accepted, nothing counted as changed
  const ok = await adm.post('/api/v1/plans', { text, items: preview.items });
  assert.equal(ok.status, 201, JSON.stringify(ok.data));
  const log = await adm.get(`/api/v1/audit?action=plan.import&object_id=${ok.data.id}`);
  assert.match(log.data.items[0].detail, /导入时修改了 0 项/);
});
