// No English reaches a user: the audit log's details are Chinese sentences,
// and where a person acted the API gives "姓名（单位）" beside the login (task
// timeline, 督办, attachments, the audit list) and the exports write it.
// This file runs last: its sweep covers every event the other files wrote.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, admin, userWith, unique, TOWN_A } from './lib.mjs';

// English words the details used to be made of.
const ENGLISH = /\b(rows|units|deadline|locked|password|marked|archived|attachment|created|raised|resolved|refused|done|bytes|secret|code|recovery|imported|replaced|items|tasks|login=|roles=|scope=|code=)\b/;

let adm, lili, other, mzjId, jyjId, task;

// The text of every part of an xlsx file (shared strings and sheets).
function xlsxText(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'wb-wording-'));
  const file = join(dir, 'x.xlsx');
  writeFileSync(file, buf);
  return execFileSync('unzip', ['-p', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// Every event of the audit log, newest first.
async function wholeLog() {
  const all = [];
  for (let page = 1; ; page++) {
    const r = await adm.get(`/api/v1/audit?per_page=100&page=${page}`);
    assert.equal(r.status, 200);
    all.push(...r.data.items);
    if (all.length >= r.data.total || r.data.items.length === 0) return all;
  }
}

before(async () => {
  adm = await admin();
  const units = (await adm.get('/api/v1/units')).data.items;
  mzjId = units.find((u) => u.name === '市民政局').id;
  jyjId = units.find((u) => u.name === '市教育局').id;
  lili = await userWith(adm, unique('lili'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: mzjId, display_name: '李丽' });
  other = await userWith(adm, unique('wang'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: jyjId, display_name: '王强' });
  const no = 600 + Math.floor(Math.random() * 300);
  const text = `文件编号: 桐未工委办〔2032〕${no}号
关于印发《桐乡市未成年人保护工作委员会2032年工作要点》的通知
一、测试事项
1.开展困境儿童走访用语测试工作。(责任部门:市民政局)
桐乡市未成年人保护工作委员会办公室 2032年3月1日`;
  const p = await adm.post('/api/v1/plans', { text });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  task = (await lili.get(`/api/v1/tasks?plan_id=${p.data.id}`)).data.items[0];
  assert.ok(task, 'the unit sees its task');
});

test('a task timeline, its 督办 notices and attachments name people as 姓名（单位）', async () => {
  const signed = await lili.post(`/api/v1/tasks/${task.id}/sign`, {});
  assert.equal(signed.status, 200);
  assert.equal(signed.data.event.login, lili.user.login);
  assert.equal(signed.data.event.login_name, '李丽（市民政局）', 'the answer to the action says who');
  const sup = await adm.post(`/api/v1/tasks/${task.id}/supervise`, { reason: '请尽快反馈进展' });
  assert.equal(sup.status, 201);
  const pdf = Buffer.from('%PDF-1.4\n%用语测试\n');
  const up = await lili.req('POST', `/api/v1/tasks/${task.id}/attachments?name=${encodeURIComponent('走访记录.pdf')}`, pdf,
    { headers: { 'content-type': 'application/pdf' } });
  assert.equal(up.status, 201, JSON.stringify(up.data));

  const d = await lili.get(`/api/v1/tasks/${task.id}`);
  assert.equal(d.status, 200);
  const sign = d.data.events.find((e) => e.action === 'sign');
  assert.equal(sign.login, lili.user.login, 'the login stays');
  assert.equal(sign.login_name, '李丽（市民政局）');
  const manual = d.data.events.find((e) => e.action === 'supervise');
  assert.equal(manual.login_name, '系统管理员（市未保办）');
  assert.equal(d.data.supervisions[0].issued_by, 'admin');
  assert.equal(d.data.supervisions[0].issued_by_name, '系统管理员（市未保办）');
  assert.equal(d.data.attachments[0].uploaded_by_name, '李丽（市民政局）');
  // the office reads the same; another unit's liaison does not see the task at all
  assert.equal((await adm.get(`/api/v1/tasks/${task.id}`)).data.events[0].login_name, '李丽（市民政局）');
  assert.equal((await other.get(`/api/v1/tasks/${task.id}`)).status, 404);
});

test('the 督办 list and its export name the issuer; the system is 系统自动', async () => {
  // this file's plan (the other files' notices may fill more than a page)
  const list = await adm.get(`/api/v1/supervisions?plan_id=${task.plan_id}&per_page=100`);
  assert.equal(list.status, 200);
  const mine = list.data.items.find((s) => s.task_id === task.id);
  const all = await adm.get('/api/v1/supervisions?per_page=100');
  assert.equal(mine.issued_by_name, '系统管理员（市未保办）');
  for (const s of [...list.data.items, ...all.data.items]) {
    assert.ok(s.issued_by_name, `notice ${s.id} has a display string`);
    if (s.issued_by === 'system') assert.equal(s.issued_by_name, '系统自动');
  }
  // a liaison's list holds only their unit's notices, named the same way
  const own = await lili.get(`/api/v1/supervisions?plan_id=${task.plan_id}&per_page=100`);
  assert.equal(own.status, 200);
  assert.ok(own.data.items.some((s) => s.task_id === task.id && s.issued_by_name === '系统管理员（市未保办）'));
  assert.ok(!(await other.get(`/api/v1/supervisions?plan_id=${task.plan_id}&per_page=100`)).data.items.some((s) => s.task_id === task.id));
  const x = await adm.get('/api/v1/supervisions/export.xlsx');
  assert.equal(x.status, 200);
  const cells = xlsxText(x.data);
  assert.ok(cells.includes('系统管理员（市未保办）'), 'the export names the issuer');
});

test('the audit list and export give names, titles and Chinese details', async () => {
  const r = await adm.get(`/api/v1/audit?action=task.sign&object_id=${task.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 1);
  const ev = r.data.items[0];
  assert.equal(ev.login, lili.user.login);
  assert.equal(ev.login_name, '李丽（市民政局）');
  assert.equal(ev.detail, '签收 → 已签收');
  // a unit's liaison reads no audit log; an auditor of another unit does not see the event
  assert.equal((await lili.get('/api/v1/audit')).status, 403);
  const role = unique('r_aud');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '单位审计员', permissions: ['audit.read'] })).status, 201);
  const auditor = await userWith(adm, unique('aud'), { roles: [role], scope_kind: 'unit', unit_id: jyjId });
  assert.equal((await auditor.get(`/api/v1/audit?action=task.sign&object_id=${task.id}`)).data.total, 0);

  const created = (await adm.get(`/api/v1/audit?action=user.create&object_id=${lili.id}`)).data.items[0];
  assert.match(created.detail, new RegExp(`^登录名 ${lili.user.login}，角色 [^a-z]+，数据范围 本单位$`));
  const worker = await userWith(adm, unique('wz'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  const made = (await adm.get(`/api/v1/audit?action=user.create&object_id=${worker.id}`)).data.items[0];
  assert.equal(made.detail, `登录名 ${worker.user.login}，角色 镇（街道）儿童督导员，数据范围 本镇（街道）乌镇镇`);
  assert.equal((await adm.patch(`/api/v1/users/${worker.id}`, { status: 'disabled', display_name: '乌镇测试员' })).status, 200);
  const changed = (await adm.get(`/api/v1/audit?action=user.update&object_id=${worker.id}`)).data.items[0];
  assert.equal(changed.detail, '修改：姓名、状态改为已停用');
  const upload = (await adm.get(`/api/v1/audit?action=task.attach&object_id=${task.id}`)).data.items[0];
  assert.match(upload.detail, /^附件编号 \d+，PDF 文件，\d+ 字节$/);
  const sup = (await adm.get(`/api/v1/audit?action=task.supervise&object_id=${task.id}`)).data.items[0];
  assert.equal(sup.detail, '下发 1 级督办单');

  const moved = await adm.patch(`/api/v1/tasks/${task.id}`, { deadline: '2032-12-31' });
  assert.equal(moved.status, 200, JSON.stringify(moved.data));
  const dl = (await adm.get(`/api/v1/audit?action=task.update&object_id=${task.id}`)).data.items[0];
  assert.equal(dl.detail, '截止日期改为 2032-12-31');

  await new Client().signIn(lili.user.login, 'not-the-password');
  const failed = (await adm.get(`/api/v1/audit?action=session.create&user=${lili.user.login}`)).data.items
    .find((e) => e.outcome === 'unauthenticated');
  assert.equal(failed.login_name, '李丽（市民政局）');

  const x = await adm.get(`/api/v1/audit/export.xlsx?object_id=${task.id}`);
  assert.equal(x.status, 200);
  const cells = xlsxText(x.data);
  for (const want of ['李丽（市民政局）', '签收任务', '签收 → 已签收', '成功', '任务']) assert.ok(cells.includes(want), `the export has ${want}`);
  assert.ok(!cells.includes('>task.sign<') && !cells.includes(`>${lili.user.login}<`), 'no codes or logins where titles and names belong');
  const exp = (await adm.get('/api/v1/audit?action=audit.export&per_page=1')).data.items[0];
  assert.match(exp.detail, /^导出 \d+ 行$/);
});

test('no detail in the whole audit log is made of English words', async () => {
  await adm.post('/api/v1/notifications/read-all', {});
  const log = await wholeLog();
  assert.ok(log.length > 50, `the log holds the other files' events too (${log.length})`);
  const english = log.filter((e) => e.detail && ENGLISH.test(e.detail)).map((e) => `${e.id} ${e.action}: ${e.detail}`);
  assert.deepEqual(english, []);
  for (const e of log.filter((x) => x.login === 'system')) assert.equal(e.login_name, '系统自动');
  for (const e of log.filter((x) => x.login && x.login.startsWith('cli:'))) assert.match(e.login_name, /^命令行（.+）$/);
  const init = log.find((e) => e.action === 'system.init');
  assert.match(init.detail, /^载入桐乡市/);
});
