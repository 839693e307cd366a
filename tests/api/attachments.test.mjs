// Task attachments (报送佐证材料): every accepted kind recognised by its
// content, the refusals (wrong content, too large) with their Chinese
// messages, and the removal of a wrong upload; then the task ledger's Excel
// export read back cell by cell (tests/api/xlsx_rows.py).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, userWith, unique } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DAY = 86400;
let adm, leader, mzj, jyj, jyjCounty, plan, task, jyTask;

function dayString(offsetDays) {
  return new Date(Date.now() + offsetDays * DAY * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// A ZIP archive holding empty files of these names (python3's zipfile).
function zip(names) {
  return execFileSync('python3', ['-c', `
import io, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    for n in sys.argv[1:]:
        z.writestr(n, '<x/>')
sys.stdout.buffer.write(b.getvalue())`, ...names]);
}

// An OLE2 compound file's first sector: the signature and zeros.
const ole2 = () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

const FILES = [
  ['材料.pdf', Buffer.from('%PDF-1.4\n1 0 obj\n%%EOF\n'), 'application/pdf'],
  ['照片.png', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(16)]), 'image/png'],
  ['照片.JPG', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16)]), 'image/jpeg'],
  ['照片.jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.alloc(16)]), 'image/jpeg'],
  ['动图.gif', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(16)]), 'image/gif'],
  ['图片.webp', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(8)]), 'image/webp'],
  ['通知.doc', ole2(), 'application/msword'],
  ['台账.xls', ole2(), 'application/vnd.ms-excel'],
  ['报告.wps', ole2(), 'application/wps-office.wps'],
  ['报告.docx', zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']),
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['统计.xlsx', zip(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['公文.ofd', zip(['OFD.xml', 'Doc_0/Document.xml']), 'application/ofd'],
  ['说明.txt', Buffer.from('工作说明\n'), 'text/plain'],
];

// Uploads as a browser does: the file's bytes, whatever type it guesses.
const up = (client, id, name, body, type = 'application/octet-stream') =>
  client.req('POST', `/api/v1/tasks/${id}/attachments?name=${encodeURIComponent(name)}`, body, { headers: { 'content-type': type } });

before(async () => {
  adm = await admin();
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  leader = await userWith(adm, unique('al'), { roles: ['leader'] });
  mzj = await userWith(adm, unique('am'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市民政局'], display_name: '李丽' });
  jyj = await userWith(adm, unique('aj'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市教育局'] });
  jyjCounty = await userWith(adm, unique('ac'), { roles: ['unit_liaison'], scope_kind: 'county', unit_id: units['市教育局'] });
  const no = 1000 + Math.floor(Math.random() * 900);   // notifications.test.mjs uses 100–999 of 2033
  const r = await adm.post('/api/v1/plans', {
    // three days past its deadline: the tasks are red and overdue
    deadline: dayString(-3),
    text: `文件编号: 桐未工委办〔2033〕${no}号
关于印发《桐乡市未成年人保护工作委员会2033年工作要点》的通知
一、附件测试
1.开展困境儿童附件测试工作。(责任部门:市民政局)
2.开展校园附件测试工作。(责任部门:市教育局)
桐乡市未成年人保护工作委员会办公室 2033年3月1日`,
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  plan = r.data;
  const tasks = (await adm.get(`/api/v1/tasks?plan_id=${plan.id}`)).data.items;
  task = tasks.find((t) => t.unit.id === units['市民政局']).id;
  jyTask = tasks.find((t) => t.unit.id === units['市教育局']).id;
  assert.equal((await mzj.post(`/api/v1/tasks/${task}/sign`, {})).status, 200);
});

test('every accepted kind is recognised by its content and sent back with its own type', async () => {
  const ids = [];
  for (const [name, body, type] of FILES) {
    const r = await up(mzj, task, name, body);
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.content_type, type, name);
    ids.push(r.data.id);
    const back = await adm.get(`/api/v1/tasks/${task}/attachments/${r.data.id}`);
    assert.equal(back.status, 200);
    assert.equal(back.headers.get('content-type'), type, name);
    assert.ok(Buffer.compare(back.data, body) === 0, `${name}: the same bytes come back`);
  }
  const d = (await mzj.get(`/api/v1/tasks/${task}`)).data;
  assert.deepEqual(d.attachments.map((a) => a.filename), FILES.map((f) => f[0]));
  // the task's quota (12000 bytes in the tests) is freed again for the tests below
  for (const id of ids) assert.equal((await mzj.del(`/api/v1/tasks/${task}/attachments/${id}`)).status, 200);
});

test('bytes that are not of the extension\'s kind are refused, naming the kinds accepted', async () => {
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(600)]);
  const cases = [
    ['报告.pdf', exe], ['报告.doc', exe], ['报告.docx', exe], ['照片.jpg', exe], ['公文.ofd', exe],
    ['setup.exe', exe], ['材料.pdf.exe', Buffer.from('%PDF-1.4\n')], ['无扩展名', Buffer.from('%PDF-1.4\n')],
    ['照片.png', Buffer.from('%PDF-1.4\n')],
    // a ZIP that is not what its name says
    ['报告.docx', zip(['readme.txt'])], ['报告.docx', zip(['[Content_Types].xml', 'xl/workbook.xml'])],
    ['统计.xlsx', zip(['[Content_Types].xml', 'word/document.xml'])], ['公文.ofd', zip(['Doc_0/OFD.xml'])],
    ['说明.txt', Buffer.from([0x00, 0x01, 0xff])],
  ];
  for (const [name, body] of cases) {
    const r = await up(mzj, task, name, body, 'application/pdf');
    assert.equal(r.status, 415, `${name}: ${r.status}`);
    assert.equal(r.data.error.code, 'unsupported_file');
    for (const ext of ['.doc', '.docx', '.xls', '.xlsx', '.wps', '.ofd', '.pdf', '.png', '.jpg'])
      assert.ok(r.data.error.message.includes(ext), `the refusal lists ${ext}: ${r.data.error.message}`);
  }
});

test('a file over the limit is refused with the limit in the message', async () => {
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
  const r = await up(mzj, task, '大文件.pdf', big);
  assert.equal(r.status, 413);
  assert.equal(r.data.error.message, '附件不能超过 5 MB');
});

test('the unit removes a wrong upload: gone, in the timeline and the audit log, its room freed', async () => {
  const pdf = (n) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n, 0x41)]);
  const first = await up(mzj, task, '传错的文件.pdf', pdf(5000));
  assert.equal(first.status, 201);
  assert.equal((await up(mzj, task, '第二份.pdf', pdf(5000))).status, 201);
  assert.equal((await up(mzj, task, '第三份.pdf', pdf(5000))).status, 413, 'the task quota is reached');
  const del = await mzj.del(`/api/v1/tasks/${task}/attachments/${first.data.id}`);
  assert.equal(del.status, 200, JSON.stringify(del.data));
  assert.equal(del.data.filename, '传错的文件.pdf');
  assert.equal((await mzj.del(`/api/v1/tasks/${task}/attachments/${first.data.id}`)).status, 404, 'once only');
  assert.equal((await adm.get(`/api/v1/tasks/${task}/attachments/${first.data.id}`)).status, 404);
  assert.equal((await up(mzj, task, '第三份.pdf', pdf(5000))).status, 201, 'the removal frees its room in the quota');
  const d = (await mzj.get(`/api/v1/tasks/${task}`)).data;
  assert.ok(!d.attachments.some((a) => a.id === first.data.id));
  const ev = d.events.at(-1);
  assert.deepEqual([ev.action, ev.action_title, ev.login], ['detach', '删除附件', mzj.user.login]);
  assert.equal(ev.note, '删除附件：传错的文件.pdf');
  const log = (await adm.get(`/api/v1/audit?action=task.detach&user=${mzj.user.login}&per_page=100`)).data.items
    .filter((e) => e.object_id === String(task) && e.detail && e.detail.includes('传错的文件'));
  assert.deepEqual(log.map((e) => e.outcome), ['ok'], 'one event, in Chinese');
  assert.match(log[0].detail, /^删除附件 \d+（5009 字节）：传错的文件\.pdf$/);
  for (const a of d.attachments) assert.equal((await mzj.del(`/api/v1/tasks/${task}/attachments/${a.id}`)).status, 200);
});

test('removal: the office may, another unit finds nothing (404), a reader or another unit\'s county user may not (403)', async () => {
  const a = (await up(mzj, task, '待删除.pdf', Buffer.from('%PDF-1.4\n'))).data.id;
  assert.equal((await jyj.del(`/api/v1/tasks/${task}/attachments/${a}`)).status, 404, 'outside the unit scope');
  const county = await jyjCounty.del(`/api/v1/tasks/${task}/attachments/${a}`);
  assert.equal(county.status, 403, 'sees the task, but it is not its unit\'s');
  assert.equal(county.data.error.code, 'not_your_task');
  assert.equal((await leader.del(`/api/v1/tasks/${task}/attachments/${a}`)).status, 403, 'read-only');
  assert.equal((await mzj.del(`/api/v1/tasks/${jyTask}/attachments/${a}`)).status, 404, 'another task\'s path');
  assert.equal((await adm.del(`/api/v1/tasks/${task}/attachments/${a}`)).status, 200, 'the office');
  const refusals = (await adm.get(`/api/v1/audit?action=task.detach&user=${leader.user.login}`)).data.items;
  assert.equal(refusals[0].outcome, 'denied');
});

test('removal stops once the task is closed (409)', async () => {
  const j = jyj;
  assert.equal((await j.post(`/api/v1/tasks/${jyTask}/sign`, {})).status, 200);
  const a = (await up(j, jyTask, '办结材料.pdf', Buffer.from('%PDF-1.4\n'))).data.id;
  assert.equal((await j.post(`/api/v1/tasks/${jyTask}/request-close`, {})).status, 200);
  const b = (await up(j, jyTask, '补充材料.pdf', Buffer.from('%PDF-1.4\n'))).data.id;
  assert.equal((await j.del(`/api/v1/tasks/${jyTask}/attachments/${b}`)).status, 200, 'still open while closure is asked');
  assert.equal((await adm.post(`/api/v1/tasks/${jyTask}/accept`, {})).status, 200);
  const r = await j.del(`/api/v1/tasks/${jyTask}/attachments/${a}`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.message, '任务已办结，附件不能再删除');
  assert.equal((await adm.del(`/api/v1/tasks/${jyTask}/attachments/${a}`)).status, 409);
  assert.equal((await adm.get(`/api/v1/tasks/${jyTask}/attachments/${a}`)).status, 200, 'kept');
});

// The cells of an exported workbook (see xlsx_rows.py).
function sheet(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'wbx-'));
  writeFileSync(join(dir, 'x.xlsx'), bytes);
  return JSON.parse(execFileSync('python3', [join(here, 'xlsx_rows.py'), join(dir, 'x.xlsx')], { encoding: 'utf8' }));
}

test('the ledger export is a report: title, as-of row, header, lights, overdue days, latest progress', async () => {
  assert.equal((await mzj.post(`/api/v1/tasks/${task}/reports`, { text: '已走访困境儿童 30 户' })).status, 200);
  assert.equal((await mzj.post(`/api/v1/tasks/${task}/reports`, { text: '已走访困境儿童 52 户，建立台账' })).status, 200);
  const x = await mzj.get(`/api/v1/tasks/export.xlsx?plan_id=${plan.id}`);
  assert.equal(x.status, 200);
  const s = sheet(x.data);
  assert.deepEqual(s.rows[0], ['桐乡市未成年人保护工作委员会 任务台账']);
  assert.match(s.rows[1][0], /^导出时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d　导出人：李丽（市民政局）$/);
  const head = s.rows[2];
  assert.deepEqual(head, ['工作要点', '序号', '工作内容', '责任单位', '牵头/配合', '状态', '灯色', '灯色说明',
    '办理期限', '逾期天数', '签收时间', '最近反馈', '最新进展', '办结时间']);
  assert.deepEqual(s.merged, ['A1:N1', 'A2:N2']);
  assert.equal(s.frozen, 'A4', 'the panes are frozen under the header');
  assert.equal(s.autofilter, 'A3:N4', 'the filter covers the header and the one row of the unit');
  assert.ok(s.widths['3'] > 40 && s.widths['2'] < 10, 'widths per column');
  const row = s.rows[3];
  const col = (t) => head.indexOf(t);
  assert.equal(row[col('工作内容')], '开展困境儿童附件测试工作。');
  assert.equal(row[col('责任单位')], '市民政局');
  assert.equal(row[col('最新进展')], '已走访困境儿童 52 户，建立台账', 'the latest report only');
  assert.equal(row[col('灯色')], '红灯');
  assert.equal(s.fills.G4, 'FFC7CE', 'the light on a red fill');
  assert.ok(row[col('逾期天数')] >= 2, `overdue days: ${row[col('逾期天数')]}`);
  assert.equal(typeof row[col('办理期限')], 'number', 'a real date');
  assert.equal(s.formats.I4, 'yyyy-mm-dd');
  assert.equal(s.formats.K4, 'yyyy-mm-dd hh:mm');
  // the office sees both tasks; the closed one is green with no progress text
  const all = sheet((await adm.get(`/api/v1/tasks/export.xlsx?plan_id=${plan.id}`)).data);
  assert.equal(all.rows.length, 5);
  assert.match(all.rows[1][0], /导出人：系统管理员（市未保办）$/);
  const closed = all.rows.find((r) => r[col('责任单位')] === '市教育局');
  assert.deepEqual([closed[col('状态')], closed[col('灯色')], closed[col('最新进展')] ?? null], ['已办结', '绿灯', null]);
});

test('the 督办 export colours each level', async () => {
  assert.equal((await adm.post(`/api/v1/tasks/${task}/supervise`, { reason: '请加快进度' })).status, 201);
  const s = sheet((await adm.get(`/api/v1/supervisions/export.xlsx?plan_id=${plan.id}`)).data);
  assert.equal(s.rows[0][0], '桐乡市未成年人保护工作委员会 督办记录');
  const head = s.rows[2];
  const level = head.indexOf('级别');
  const rows = s.rows.slice(3);
  assert.ok(rows.length >= 1);
  const letter = String.fromCharCode(65 + level);
  rows.forEach((r, i) => {
    assert.match(r[level], /^[一二三]级督办$/);
    assert.ok(['FFEB9C', 'F8CBAD', 'FFC7CE'].includes(s.fills[`${letter}${4 + i}`]), `${r[level]} is coloured`);
  });
});
