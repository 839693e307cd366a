// The unit answers the office: it signs for and replies to a 督办单 (which
// prints as a numbered 督办通知单), asks for a later deadline (延期申请) or
// gives back a task that is not its duty (退回交办); the office decides, and
// may move the deadline of a whole plan at once.  Each step is audited, in
// the task's timeline and told to the other side; outsiders get 404 and
// roles without the permission 403.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, userWith, unique } from './lib.mjs';

let adm, mzj, jyj, gaj, leader, plan, units, mzjTask, jyjTask, gajTask, jcyTask;

function notice(no) {
  return `文件编号: 桐未工委办〔2036〕${no}号
关于印发《桐乡市未成年人保护工作委员会2036年工作要点》的通知
一、答复测试
1.开展答复测试甲工作。(责任部门:市民政局)
2.开展答复测试乙工作。(责任部门:市教育局)
3.开展答复测试丙工作。(责任部门:市公安局、市检察院)
桐乡市未成年人保护工作委员会办公室 2036年3月1日`;
}

const forbidden = (r) => assert.equal(r.status, 403, JSON.stringify(r.data));
const notFound = (r) => assert.equal(r.status, 404, JSON.stringify(r.data));
const task = async (c, id) => (await c.get(`/api/v1/tasks/${id}`)).data;
const notices = async (c, kind) => (await c.get('/api/v1/notifications?per_page=100')).data.items.filter((n) => n.kind === kind);
const audited = async (action) => (await adm.get(`/api/v1/audit?action=${action}&per_page=5`)).data.items;

before(async () => {
  adm = await admin();
  units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  const liaison = (p, unit) => userWith(adm, unique(p), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units[unit] });
  mzj = await liaison('am', '市民政局');
  jyj = await liaison('aj', '市教育局');
  gaj = await liaison('ag', '市公安局');
  leader = await userWith(adm, unique('al'), { roles: ['leader'] });
  const r = await adm.post('/api/v1/plans', { text: notice(100 + Math.floor(Math.random() * 800)), deadline: '2036-12-31' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  plan = r.data;
  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items;
  mzjTask = tasks.find((t) => t.unit.id === units['市民政局']).id;
  jyjTask = tasks.find((t) => t.unit.id === units['市教育局']).id;
  gajTask = tasks.find((t) => t.unit.id === units['市公安局']).id;
  jcyTask = tasks.find((t) => t.unit.id === units['市检察院']).id;
});

test('督办单: numbered in its year, signed for and replied to once by its own unit', async () => {
  const a = await adm.post(`/api/v1/tasks/${mzjTask}/supervise`, { reason: '请加快进度' });
  const b = await adm.post(`/api/v1/tasks/${jyjTask}/supervise`, { reason: '请按期反馈' });
  assert.equal(a.status, 201);
  const first = (await adm.get(`/api/v1/supervisions/${a.data.id}`)).data;
  const second = (await adm.get(`/api/v1/supervisions/${b.data.id}`)).data;
  const [, year, seq] = /^〔(\d{4})〕(\d+)号$/.exec(first.number);
  assert.equal(second.number, `〔${year}〕${Number(seq) + 1}号`, 'the next number of the same year');
  assert.equal(first.task.item_text.includes('答复测试甲'), true);
  assert.equal(first.overdue_days, 0);
  assert.equal(first.unit.name, '市民政局');
  assert.equal(first.signed_at, null);

  notFound(await jyj.post(`/api/v1/supervisions/${a.data.id}/sign`, {}));   // another unit's
  notFound(await jyj.get(`/api/v1/supervisions/${a.data.id}`));
  forbidden(await leader.post(`/api/v1/supervisions/${a.data.id}/sign`, {}));   // reads only
  const signed = await mzj.post(`/api/v1/supervisions/${a.data.id}/sign`, {});
  assert.equal(signed.status, 200, JSON.stringify(signed.data));
  assert.ok(signed.data.signed_at > 0);
  assert.equal(signed.data.signed_by, mzj.user.login);
  assert.equal((await mzj.post(`/api/v1/supervisions/${a.data.id}/sign`, {})).status, 409);

  assert.equal((await mzj.post(`/api/v1/supervisions/${a.data.id}/reply`, { reply: '   ' })).status, 400);
  const replied = await mzj.post(`/api/v1/supervisions/${a.data.id}/reply`, { reply: '已召开专题会议，本月底前完成' });
  assert.equal(replied.status, 200, JSON.stringify(replied.data));
  assert.equal(replied.data.reply, '已召开专题会议，本月底前完成');
  assert.equal((await mzj.post(`/api/v1/supervisions/${a.data.id}/reply`, { reply: '再次回复' })).status, 409);
  // replying signs for a notice not yet signed for
  const r2 = await jyj.post(`/api/v1/supervisions/${b.data.id}/reply`, { reply: '已整改' });
  assert.equal(r2.status, 200);
  assert.ok(r2.data.signed_at > 0);

  const t = await task(mzj, mzjTask);
  assert.deepEqual(t.events.filter((e) => e.action.startsWith('supervision_')).map((e) => e.action_title), ['签收督办单', '回复督办单']);
  assert.equal(t.supervisions[0].number, first.number);
  assert.equal(t.supervisions[0].reply, '已召开专题会议，本月底前完成');
  const told = (await notices(adm, 'reply')).filter((n) => n.task_id === mzjTask);
  assert.equal(told.length, 1, 'the office hears of the reply');
  assert.match(told[0].title, /^督办回复：〔\d{4}〕\d+号督办单（工作要点第 1 条），市民政局已回复$/);
  assert.equal((await audited('supervision.reply'))[0].outcome, 'ok');
});

test('延期申请: a later date with a reason; one at a time; the office approves and the deadline moves', async () => {
  const before = await task(jyj, jyjTask);
  assert.equal((await jyj.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: '需协调', deadline: '2036-06-30' })).status, 400, 'earlier than the deadline');
  assert.equal((await jyj.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: ' ', deadline: '2037-03-31' })).status, 400);
  notFound(await mzj.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: '越权', deadline: '2037-03-31' }));
  forbidden(await leader.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: '越权', deadline: '2037-03-31' }));
  const ask = await jyj.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: '需与乡镇协调场地', deadline: '2037-03-31' });
  assert.equal(ask.status, 201, JSON.stringify(ask.data));
  assert.equal(ask.data.kind_title, '延期申请');
  assert.equal(ask.data.decision, null);
  assert.equal((await jyj.post(`/api/v1/tasks/${jyjTask}/extension`, { reason: '再次', deadline: '2037-04-30' })).status, 409);
  assert.ok((await notices(adm, 'request')).some((n) => n.task_id === jyjTask && n.title.startsWith('延期申请待审批：')));

  const pending = (await adm.get('/api/v1/task-requests?pending=1&per_page=100')).data.items;
  assert.ok(pending.some((q) => q.id === ask.data.id && q.unit.name === '市教育局'));
  forbidden(await jyj.get('/api/v1/task-requests'));
  forbidden(await jyj.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true }));
  const ok = await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true, note: '同意' });
  assert.equal(ok.status, 200, JSON.stringify(ok.data));
  assert.equal(ok.data.decision, 'approved');
  assert.equal((await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: false, note: '改主意' })).status, 409);
  const after = await task(jyj, jyjTask);
  assert.equal(after.deadline, Date.UTC(2037, 2, 31, 15, 59, 59) / 1000);
  assert.notEqual(after.deadline, before.deadline);
  assert.deepEqual(after.events.filter((e) => /extension|deadline/.test(e.action)).map((e) => e.action_title), ['延期申请', '调整办理期限', '同意延期']);
  assert.ok((await notices(jyj, 'decision')).some((n) => n.task_id === jyjTask && n.title.includes('延期申请已同意')));
  assert.ok((await adm.get('/api/v1/task-requests?pending=1&per_page=100')).data.items.every((q) => q.id !== ask.data.id));
});

test('a refusal needs a reason and leaves the deadline where it was', async () => {
  const ask = await mzj.post(`/api/v1/tasks/${mzjTask}/extension`, { reason: '人手不足', deadline: '2037-06-30' });
  assert.equal(ask.status, 201);
  assert.equal((await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: false })).status, 400);
  const no = await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: false, note: '年度任务不宜延后' });
  assert.equal(no.status, 200);
  assert.equal(no.data.decision, 'rejected');
  assert.equal((await task(mzj, mzjTask)).deadline, Date.UTC(2036, 11, 31, 15, 59, 59) / 1000);
  assert.ok((await notices(mzj, 'decision')).some((n) => n.title.includes('延期申请未同意') && n.title.includes('年度任务不宜延后')));
});

test('退回交办: the office gives the task to the right unit, which signs for it anew', async () => {
  const ask = await gaj.post(`/api/v1/tasks/${gajTask}/reassign`, { reason: '该项属于民政职责' });
  assert.equal(ask.status, 201, JSON.stringify(ask.data));
  assert.equal((await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true })).status, 400, 'which unit?');
  assert.equal((await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true, unit_id: units['市公安局'] })).status, 400, 'the same unit');
  const taken = await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true, unit_id: units['市检察院'] });
  assert.equal(taken.status, 409, 'that unit has the item already: ' + JSON.stringify(taken.data));
  const ok = await adm.post(`/api/v1/task-requests/${ask.data.id}/decide`, { approve: true, unit_id: units['市妇联'], note: '请市妇联牵头' });
  assert.equal(ok.status, 200, JSON.stringify(ok.data));
  notFound(await gaj.get(`/api/v1/tasks/${gajTask}`));   // no longer its task
  const fl = await userWith(adm, unique('af'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市妇联'] });
  const t = await task(fl, gajTask);
  assert.equal(t.unit.name, '市妇联');
  assert.equal(t.status, 'pending');
  assert.ok(t.events.some((e) => e.action === 'reassign_request'), 'the earlier unit\'s history stays');
  assert.ok(t.events.some((e) => e.action === 'reassign_approved' && e.note.includes('任务改由市妇联承办')));
  assert.ok((await notices(gaj, 'decision')).some((n) => n.task_id === gajTask && n.title.includes('退回交办已同意')));
  assert.equal((await fl.post(`/api/v1/tasks/${gajTask}/sign`, {})).status, 200);
});

test('a whole plan\'s deadline moves in one call, only for open tasks; archived plans refuse', async () => {
  forbidden(await mzj.post(`/api/v1/plans/${plan.id}/deadline`, { deadline: '2037-12-31' }));
  assert.equal((await adm.post(`/api/v1/plans/${plan.id}/deadline`, { deadline: '2037-02-30' })).status, 400);
  notFound(await adm.post('/api/v1/plans/999999999/deadline', { deadline: '2037-12-31' }));
  const r = await adm.post(`/api/v1/plans/${plan.id}/deadline`, { deadline: '2037-12-31' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.changed, 4);
  for (const id of [mzjTask, jyjTask, gajTask, jcyTask]) assert.equal((await task(adm, id)).deadline, Date.UTC(2037, 11, 31, 15, 59, 59) / 1000);
  assert.match((await audited('plan.deadline'))[0].detail, /4 项未办结任务的办理期限改为 2037-12-31/);

  const old = await adm.post('/api/v1/plans', { text: notice(900 + Math.floor(Math.random() * 99)).replaceAll('2036', '2019'), archived: true });
  assert.equal(old.status, 201, JSON.stringify(old.data));
  assert.equal((await adm.post(`/api/v1/plans/${old.data.id}/deadline`, { deadline: '2037-12-31' })).status, 409);
});
