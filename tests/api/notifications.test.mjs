// The in-app notification list: 下发, 退回, 督办 and 临期 reach the users of
// the task's unit who report on it, and nobody else; each user reads and
// marks only their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, unique, setClock } from './lib.mjs';

const DAY = 86400;
let adm, mzj, mzj2, jyj, leader, plan, mzjTask;

function notice(no) {
  return `文件编号: 桐未工委办〔2033〕${no}号
关于印发《桐乡市未成年人保护工作委员会2033年工作要点》的通知
一、通知测试
1.开展通知测试甲工作。(责任部门:市民政局)
2.开展通知测试乙工作。(责任部门:市教育局)
桐乡市未成年人保护工作委员会办公室 2033年3月1日`;
}

function dayString(offsetDays) {
  return new Date(Date.now() + offsetDays * DAY * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

async function again(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}

const list = async (c, q = '') => (await c.get(`/api/v1/notifications${q}`)).data;
const ofPlan = (items, kind) => items.filter((n) => n.kind === kind && n.link.startsWith(`/tasks?plan_id=${plan.id}`));

before(async () => {
  adm = await admin();
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  const liaison = (p, unit) => userWith(adm, unique(p), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units[unit] });
  mzj = await liaison('nm', '市民政局');
  mzj2 = await liaison('nn', '市民政局');
  jyj = await liaison('nj', '市教育局');
  leader = await userWith(adm, unique('nl'), { roles: ['leader'] });
  const r = await adm.post('/api/v1/plans', { text: notice(100 + Math.floor(Math.random() * 800)), deadline: dayString(20) });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  plan = r.data;
  mzjTask = (await mzj.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items[0];
});

after(() => setClock(0));

test('下发: the liaisons of each unit of a new plan hear of it, once; others do not', async () => {
  const mine = ofPlan((await list(mzj)).items, 'assigned');
  assert.equal(mine.length, 1, JSON.stringify(mine));
  assert.match(mine[0].title, /^下发：2033年工作要点 1 项任务$/);
  assert.equal(mine[0].read_at, null);
  assert.equal(ofPlan((await list(mzj2)).items, 'assigned').length, 1, 'every liaison of the unit');
  assert.equal(ofPlan((await list(jyj)).items, 'assigned').length, 1);
  assert.equal(ofPlan((await list(leader)).items, 'assigned').length, 0, 'a leader reports on no task');
  // replacing the plan does not tell them again
  const again2 = await adm.post('/api/v1/plans', { text: notice(Number(/〔2033〕(\d+)号/.exec(plan.doc_number)[1])), replace: true, deadline: dayString(20) });
  assert.equal(again2.status, 200, JSON.stringify(again2.data));
  assert.equal(ofPlan((await list(mzj)).items, 'assigned').length, 1);
});

test('退回 and 督办 reach the task\'s unit with a link to the task', async () => {
  assert.equal((await mzj.post(`/api/v1/tasks/${mzjTask.id}/sign`, {})).status, 200);
  assert.equal((await mzj.post(`/api/v1/tasks/${mzjTask.id}/request-close`, {})).status, 200);
  assert.equal((await adm.post(`/api/v1/tasks/${mzjTask.id}/return`, { reason: '请补充走访台账' })).status, 200);
  assert.equal((await adm.post(`/api/v1/tasks/${mzjTask.id}/supervise`, { reason: '请加快进度' })).status, 201);
  const items = (await list(mzj)).items;
  const ret = ofPlan(items, 'returned');
  assert.equal(ret.length, 1);
  assert.match(ret[0].title, /退回：工作要点第 1 条任务被退回，原因：请补充走访台账/);
  assert.equal(ret[0].link, `/tasks?plan_id=${plan.id}&task=${mzjTask.id}`);
  assert.equal(ret[0].task_id, mzjTask.id);
  const sup = ofPlan(items, 'supervised');
  assert.equal(sup.length, 1);
  assert.match(sup[0].title, /^督办（1 级）：工作要点第 1 条，请加快进度$/);
  assert.equal(ofPlan((await list(jyj)).items, 'returned').length, 0, 'another unit hears nothing of it');
  assert.equal(ofPlan((await list(jyj)).items, 'supervised').length, 0);
});

test('临期 from the round, once per task and moment; an archived plan tells nobody', async () => {
  const jt = (await jyj.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items[0];
  assert.equal((await jyj.post(`/api/v1/tasks/${jt.id}/sign`, {})).status, 200);
  setClock(14 * DAY);     // signed, 6 days before the deadline: yellow
  const a = await admin();
  assert.equal((await a.post('/api/v1/supervisions/run', {})).status, 200);
  assert.equal((await a.post('/api/v1/supervisions/run', {})).status, 200);
  const j = await again(jyj);
  const due = ofPlan((await list(j)).items, 'due_soon');
  assert.equal(due.length, 1, JSON.stringify(due));
  assert.match(due[0].title, /^临期提醒：2033年工作要点第 2 条任务即将逾期/);
  setClock(0);

  adm = await admin();
  const arch = await adm.post('/api/v1/plans', { text: notice(900 + Math.floor(Math.random() * 99)).replace('通知测试甲', '归档测试'), archived: true, deadline: dayString(-10) });
  assert.equal(arch.status, 201, JSON.stringify(arch.data));
  const m = await again(mzj);
  assert.equal((await list(m)).items.filter((n) => n.link === `/tasks?plan_id=${arch.data.id}`).length, 0);
});

test('each user reads and marks only their own notices', async () => {
  const m = await again(mzj);
  const before = await list(m);
  assert.ok(before.unread >= 3, JSON.stringify(before));
  assert.equal(before.total, before.items.length);
  const first = before.items[0];
  // another user, even the administrator, cannot touch it: 404, not 403
  const other = await again(mzj2);
  assert.equal((await other.post(`/api/v1/notifications/${first.id}/read`, {})).status, 404);
  assert.equal((await (await admin()).post(`/api/v1/notifications/${first.id}/read`, {})).status, 404);
  assert.equal((await m.post('/api/v1/notifications/999999999/read', {})).status, 404);
  assert.equal((await m.get('/api/v1/notifications?unread=2')).status, 400);
  // marked read: once counted, then idempotent
  assert.equal((await m.post(`/api/v1/notifications/${first.id}/read`, {})).status, 200);
  assert.equal((await m.post(`/api/v1/notifications/${first.id}/read`, {})).status, 200);
  const after1 = await list(m);
  assert.equal(after1.unread, before.unread - 1);
  assert.ok(after1.items.find((n) => n.id === first.id).read_at > 0);
  const unreadOnly = await list(m, '?unread=1&per_page=100');
  assert.equal(unreadOnly.total, after1.unread);
  assert.ok(unreadOnly.items.every((n) => n.read_at === null));
  // the other liaison's list is untouched
  assert.ok((await list(other)).unread >= 1);
  const all = await m.post('/api/v1/notifications/read-all', {});
  assert.equal(all.status, 200);
  assert.equal(all.data.read, after1.unread);
  assert.equal((await list(m)).unread, 0);
  assert.ok((await list(other)).unread >= 1, "read-all touches the caller's notices only");
  // signed out: 401
  assert.equal((await new Client().get('/api/v1/notifications')).status, 401);
});
