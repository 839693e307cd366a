// Children in difficulty through /api/v1/children: who reads which child
// (a village director their village, a town worker their town, a member unit
// nothing), masking in lists, details and exports, lookups by ID number and
// reveals audited (refused ones too), a category changing when a parent's
// status is added or ended, the import (nothing written with errors;
// skip_bad keeping the bad rows for their importer only) and no name or ID
// number in clear in the SQLite file.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const VA1 = `${TOWN_A}961`, VA2 = `${TOWN_A}962`, VB1 = `${TOWN_B}961`;
const DAY = 86400000;
let adm, townA, townB, directorA1, liaison, revealer, kids = {};

// A valid ID number (GB 11643) of address 330483, birth date and sequence.
function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
// Today in China, and a day n days away, as YYYY-MM-DD.
const day = (n = 0) => new Date(Date.now() + 8 * 3600000 + n * DAY).toISOString().slice(0, 10);
// The birth date of someone who turns 18 in n days.
function turns18In(n) {
  const d = new Date(Date.now() + 8 * 3600000 + n * DAY);
  d.setUTCFullYear(d.getUTCFullYear() - 18);
  return d.toISOString().slice(0, 10);
}

const CHILDREN = {
  orphan: { name: '欧阳晓明', id_number: gid('2012-05-20', 123), village_code: VA1, placement: '亲属抚养',
    guardian_name: '欧阳大山', guardian_relation: '祖父', guardian_phone: '13800138000', address: '幸福里88号',
    father_status: '死亡', father_started_on: '2019-03-02', mother_status: '死亡', mother_started_on: '2020-01-05' },
  left: { name: '司马小红', id_number: gid('2015-03-01', 222), village_code: VA2, placement: '家庭',
    father_status: '外出务工', father_started_on: '2020-01-01', mother_status: '外出务工', mother_started_on: '2021-05-01' },
  townb: { name: '诸葛芳芳', id_number: gid('2011-07-01', 331), village_code: VB1, placement: '家庭',
    father_status: '死亡', father_started_on: '2015-01-01', mother_status: '死亡', mother_started_on: '2016-01-01' },
  soon18: { name: '上官即成', id_number: gid(turns18In(10), 441), village_code: VA1, placement: '家庭' },
  halfOrphan: { name: '东方半晓', id_number: gid('2014-09-09', 552), village_code: VA1, placement: '家庭',
    father_status: '死亡', father_started_on: '2020-02-02' },
};
const clearTexts = () => Object.values(CHILDREN).flatMap((c) => [c.name, c.id_number, c.guardian_name, c.address].filter(Boolean));

before(async () => {
  setClock(0);
  adm = await admin();
  for (const [code, name] of [[VA1, '儿童甲一村'], [VA2, '儿童甲二村'], [VB1, '儿童乙一村']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  townA = await userWith(adm, unique('cta'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  townB = await userWith(adm, unique('ctb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  directorA1 = await userWith(adm, unique('cda'), { roles: ['village_director'], scope_kind: 'village', scope_division: VA1 });
  const units = (await adm.get('/api/v1/units')).data.items;
  liaison = await userWith(adm, unique('cul'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units.find((u) => u.name === '市民政局').id });
  const role = unique('reveal');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '儿童信息查看', permissions: ['child.read', 'pii.reveal'] })).status, 201);
  revealer = await userWith(adm, unique('crv'), { roles: [role], scope_kind: 'town', scope_division: TOWN_A, display_name: '查看人' });
  for (const [key, body] of Object.entries(CHILDREN)) {
    const r = await adm.post('/api/v1/children', body);
    assert.equal(r.status, 201, `${key}: ${JSON.stringify(r.data)}`);
    kids[key] = r.data;
  }
});

const ids = (items) => items.map((x) => x.id).sort();
const list = async (c, q = '') => (await c.get(`/api/v1/children?per_page=100${q}`));
const mine = (items) => items.filter((x) => Object.values(kids).some((k) => k.id === x.id));

test('a child is registered with its categories; the form names each problem by field', async () => {
  const o = kids.orphan;
  assert.deepEqual(o.categories, ['孤儿']);
  assert.equal(o.reasons['孤儿'], '父亲：死亡（2019-03-02起）；母亲：死亡（2020-01-05起）');
  assert.deepEqual(kids.left.categories, ['留守儿童']);
  assert.equal(o.village.name, '儿童甲一村');
  assert.equal(o.history[0].action, 'create');
  const bad = await townA.post('/api/v1/children', { name: '错误', id_number: '123', village_code: VA1, placement: '寄宿', guardian_phone: '0573-88888', father_status: '离异' });
  assert.equal(bad.status, 422, JSON.stringify(bad.data));
  const fields = bad.data.error.problems.map((p) => p.field);
  for (const f of ['id_number', 'placement', 'guardian_phone', 'father_status']) assert.ok(fields.includes(f), `${f} in ${fields}`);
  assert.ok(bad.data.error.problems.every((p) => /[\u4e00-\u9fff]/.test(p.reason)));
  // a town worker cannot register a child in another town
  const out = await townA.post('/api/v1/children', { ...CHILDREN.left, id_number: gid('2016-01-01', 661), village_code: VB1 });
  assert.equal(out.status, 403, JSON.stringify(out.data));
});

test('a duplicate ID number: the masked summary inside the scope, a plain refusal outside it', async () => {
  const inside = await townA.post('/api/v1/children', { ...CHILDREN.left, id_number: CHILDREN.orphan.id_number });
  assert.equal(inside.status, 409);
  assert.equal(inside.data.error.code, 'duplicate');
  assert.match(inside.data.error.message, /330483\*{8}123\d 欧\*+明（儿童甲一村）/);
  const outside = await townB.post('/api/v1/children', { ...CHILDREN.townb, id_number: CHILDREN.orphan.id_number });
  assert.equal(outside.status, 409);
  assert.equal(outside.data.error.code, 'duplicate_elsewhere');
  assert.equal(outside.data.error.message, '该身份证号已在其他地区登记，请联系办公室');
});

test('lists: masked, within the scope; a member unit without the permission is refused', async () => {
  const all = await list(adm);
  assert.equal(all.status, 200);
  assert.equal(mine(all.data.items).length, 5);
  assert.ok(all.data.total >= 5);
  const a = mine((await list(townA)).data.items);
  assert.deepEqual(ids(a), ids([kids.orphan, kids.left, kids.soon18, kids.halfOrphan]));
  const v = (await list(directorA1)).data;
  assert.deepEqual(ids(v.items), ids([kids.orphan, kids.soon18, kids.halfOrphan]));
  assert.equal(v.total, 3);
  assert.deepEqual(ids((await list(townB)).data.items), [kids.townb.id]);
  assert.equal((await list(liaison)).status, 403);
  const row = a.find((x) => x.id === kids.orphan.id);
  assert.match(row.id_number_masked, /^330483\*{8}123\d$/);
  assert.equal(row.name_masked, '欧**明');
  assert.deepEqual(row.categories, ['孤儿']);
  assert.equal(row.village.code, VA1);
  assert.equal(row.town.code, TOWN_A);
  assert.equal(row.placement, '亲属抚养');
  const text = JSON.stringify(all.data);
  for (const s of clearTexts()) assert.ok(!text.includes(s), `${s} in the list`);
  // filters: town, village, category, paging
  assert.deepEqual(ids(mine((await list(adm, `&village=${VA2}`)).data.items)), [kids.left.id]);
  assert.deepEqual(ids(mine((await list(adm, `&town=${TOWN_B}`)).data.items)), [kids.townb.id]);
  assert.deepEqual(ids(mine((await list(townA, '&category=orphan')).data.items)), [kids.orphan.id]);
  assert.deepEqual(ids(mine((await list(townA, '&category=left_behind')).data.items)), [kids.left.id]);
  const p1 = (await directorA1.get('/api/v1/children?per_page=2&page=2')).data;
  assert.equal(p1.total, 3);
  assert.equal(p1.items.length, 1);
  assert.equal((await adm.get('/api/v1/children?category=nope')).status, 400);
});

test('as_of moves ages and categories; turning18 lists who turns 18 in 30 days', async () => {
  const then = (await list(townA, '&as_of=2019-06-01&category=orphan')).data;
  assert.equal(mine(then.items).length, 0, 'not yet an orphan in 2019');
  const old = mine((await list(townA, '&as_of=2019-06-01')).data.items).find((x) => x.id === kids.orphan.id);
  assert.equal(old.age, 7);
  assert.deepEqual(old.categories, []);
  const later = (await list(townA, '&as_of=2020-02-01&category=orphan')).data;
  assert.deepEqual(ids(mine(later.items)), [kids.orphan.id]);
  assert.ok(later.total >= 1);
  const soon = (await list(adm, '&turning18=1')).data;
  assert.deepEqual(ids(mine(soon.items)), [kids.soon18.id]);
  assert.equal(mine(soon.items)[0].age, 17);
  assert.equal(mine((await list(townB, '&turning18=1')).data.items).length, 0);
});

test('ages: age_min and age_max on the date, reached on the birthday; out of range refused', async () => {
  const on = '&as_of=2022-06-01';
  assert.deepEqual(ids(mine((await list(townA, `${on}&age_min=7&age_max=7`)).data.items)), ids([kids.left, kids.halfOrphan]));
  assert.deepEqual(ids(mine((await list(townA, `${on}&age_min=10`)).data.items)), ids([kids.orphan, kids.soon18]));
  assert.deepEqual(ids(mine((await list(townA, `${on}&age_max=9`)).data.items)), ids([kids.left, kids.halfOrphan]));
  // the orphan was born on 2012-05-20: 10 on that day, 9 the day before
  assert.deepEqual(ids(mine((await list(townA, '&as_of=2022-05-20&age_min=10&age_max=10')).data.items)), [kids.orphan.id]);
  assert.equal(mine((await list(townA, '&as_of=2022-05-19&age_min=10&age_max=10')).data.items).length, 0);
  // the total counts the selection, not the page
  const one = await townA.get(`/api/v1/children?per_page=1${on}&age_min=7&age_max=7`);
  assert.equal(one.status, 200, JSON.stringify(one.data));
  assert.equal(one.data.items.length, 1);
  assert.ok(one.data.total >= 2);
  // another town's child of that age is not there
  assert.equal(mine((await list(townA, `${on}&age_min=10&age_max=11`)).data.items).some((x) => x.id === kids.townb.id), false);
  assert.equal((await list(townA, '&age_max=18')).status, 400);
});

// The cells of an exported workbook (xlsx_rows.py).
async function cells(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const dir = mkdtempSync(join(tmpdir(), 'weibao-children-'));
  try {
    writeFileSync(join(dir, 'x.xlsx'), r.data);
    return JSON.parse(execFileSync('python3', [join(here, 'xlsx_rows.py'), join(dir, 'x.xlsx')], { encoding: 'utf8' })).rows;
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('the export: masked, within the scope, audited with its rows', async () => {
  const rows = await cells(townA, `/api/v1/children/export.xlsx?town=${TOWN_A}`);
  assert.match(rows[0][0], /未成年人保护工作委员会/);
  const header = rows[2];
  assert.deepEqual(header.slice(0, 3), ['身份证号', '姓名', '性别']);
  const data = rows.slice(3).filter((r) => r && [VA1, VA2].includes(r[4]));
  assert.equal(data.length, 4);
  const orphan = data.find((r) => r[1] === '欧**明');
  assert.match(orphan[0], /^330483\*{8}123\d$/);
  assert.equal(orphan[5], '儿童甲一村');
  assert.equal(orphan[7], '孤儿');
  const flat = JSON.stringify(rows);
  for (const s of clearTexts()) assert.ok(!flat.includes(s), `${s} in the export`);
  assert.ok(!flat.includes(VB1), 'town B is not in town A\'s export');
  const e = (await adm.get(`/api/v1/audit?action=child.export&user=${townA.user.login}&per_page=1`)).data.items[0];
  assert.match(e.detail, /^导出 \d+ 行$/);
  const v = await cells(directorA1, '/api/v1/children/export.xlsx');
  assert.equal(v.slice(3).filter((r) => r && r[4] === VA2).length, 0, 'a village director exports their village only');
  assert.equal((await liaison.get('/api/v1/children/export.xlsx')).status, 403);
});

test('the detail: masked, with guardians, parents, reasons and history; 404 outside the scope', async () => {
  const r = await townA.get(`/api/v1/children/${kids.orphan.id}`);
  assert.equal(r.status, 200);
  const d = r.data;
  assert.equal(d.guardians.length, 1);
  assert.equal(d.guardians[0].name_masked, '欧**山');
  assert.match(d.guardians[0].phone_masked, /^138\*{4}8000$/);
  assert.equal(d.guardians[0].relation, '祖父');
  assert.notEqual(d.address_masked, CHILDREN.orphan.address);
  assert.deepEqual(d.parents.map((p) => [p.parent, p.status, p.started_on, p.ended_on]),
    [['父亲', '死亡', '2019-03-02', null], ['母亲', '死亡', '2020-01-05', null]]);
  assert.match(d.reasons['孤儿'], /父亲：死亡/);
  assert.ok(d.history.every((h) => typeof h.who === 'string' && h.who.length > 0 && h.at > 0));
  assert.ok(d.history.some((h) => h.action === 'create' && /类别：.*孤儿/.test(h.detail) && /母亲/.test(h.reason)));
  for (const s of clearTexts()) assert.ok(!JSON.stringify(d).includes(s), `${s} in the detail`);
  // as_of: the categories of that day
  const then = (await townA.get(`/api/v1/children/${kids.orphan.id}?as_of=2019-06-01`)).data;
  assert.deepEqual(then.categories, []);
  assert.equal(then.as_of, '2019-06-01');
  // outside the scope: exactly like a child that does not exist
  const outside = await townB.get(`/api/v1/children/${kids.orphan.id}`);
  assert.equal(outside.status, 404);
  assert.deepEqual(outside.data, (await townB.get('/api/v1/children/999999999')).data);
  assert.equal((await directorA1.get(`/api/v1/children/${kids.left.id}`)).status, 404);
  assert.equal((await directorA1.get(`/api/v1/children/${kids.orphan.id}`)).status, 200);
  assert.equal((await liaison.get(`/api/v1/children/${kids.orphan.id}`)).status, 403);
});

test('lookup by ID number: the same 404 unregistered or outside the scope; audited found or not', async () => {
  const ok = await townA.post('/api/v1/children/lookup', { id_number: CHILDREN.orphan.id_number.toLowerCase() });
  assert.equal(ok.status, 200, JSON.stringify(ok.data));
  assert.deepEqual(ok.data, { id: kids.orphan.id });
  const outside = await townB.post('/api/v1/children/lookup', { id_number: CHILDREN.orphan.id_number });
  const none = await townB.post('/api/v1/children/lookup', { id_number: gid('2013-01-01', 999) });
  assert.equal(outside.status, 404);
  assert.deepEqual(outside.data, none.data);
  assert.equal((await liaison.post('/api/v1/children/lookup', { id_number: CHILDREN.orphan.id_number })).status, 403);
  const a = (await adm.get(`/api/v1/audit?action=child.lookup&user=${townA.user.login}&per_page=5`)).data.items;
  assert.equal(a[0].object_id, String(kids.orphan.id));
  const b = (await adm.get(`/api/v1/audit?action=child.lookup&user=${townB.user.login}&per_page=5`)).data.items;
  assert.equal(b.length, 2);
  assert.ok(b.every((e) => e.detail === '按身份证号查询儿童：未找到'));
  for (const e of [...a, ...b]) assert.ok(!JSON.stringify(e).includes(CHILDREN.orphan.id_number.slice(6, 14)), 'no ID number in the audit');
});

test('reveal: pii.reveal and a reason; every reveal and every refusal audited with its reason', async () => {
  const path = `/api/v1/children/${kids.orphan.id}/reveal`;
  const r = await revealer.post(path, { field: 'name', reason: '入户走访核对身份' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.value, CHILDREN.orphan.name);
  assert.equal((await revealer.post(path, { field: 'id_number', reason: '办理补贴' })).data.value, CHILDREN.orphan.id_number);
  assert.equal((await revealer.post(path, { field: 'guardian_phone', reason: '联系监护人' })).data.value, '13800138000');
  assert.equal((await revealer.post(path, { field: 'address', reason: '上门' })).data.value, CHILDREN.orphan.address);
  const noReason = await revealer.post(path, { field: 'name' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.data.error.field, 'reason');
  const refused = await townA.post(path, { field: 'name', reason: '想看看' });
  assert.equal(refused.status, 403);
  assert.ok(!JSON.stringify(refused.data).includes(CHILDREN.orphan.name));
  assert.equal((await revealer.post(`/api/v1/children/${kids.townb.id}/reveal`, { field: 'name', reason: '越权' })).status, 404);
  assert.equal((await revealer.post(path, { field: 'school', reason: '无' })).status, 400);
  const got = (await adm.get(`/api/v1/audit?action=child.reveal&user=${revealer.user.login}&per_page=10`)).data.items;
  const shown = got.find((e) => e.detail === '查看姓名，理由：入户走访核对身份');
  assert.ok(shown, JSON.stringify(got));
  assert.equal(shown.outcome, 'ok');
  assert.equal(shown.object_id, String(kids.orphan.id));
  assert.ok(got.some((e) => e.detail === '查看姓名，理由：（未填写）' && e.outcome !== 'ok'));
  const no = (await adm.get(`/api/v1/audit?action=child.reveal&user=${townA.user.login}&per_page=5`)).data.items;
  assert.equal(no[0].detail, '查看姓名，理由：想看看');
  assert.notEqual(no[0].outcome, 'ok');
  for (const e of [...got, ...no]) assert.ok(!JSON.stringify(e).includes(CHILDREN.orphan.name), 'no clear value in the audit');
  // (that a refused reveal is never summarised over audit_refusal_limit, which
  // this server sets high, is tested in tests/cli/test_child.sh)
});

test('a parent\'s status added and ended: the category changes, in the history with its reason', async () => {
  const k = kids.halfOrphan;
  assert.deepEqual(k.categories, []);
  const start = day(-200), end = day(-1);
  const add = await directorA1.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '重病', started_on: start, evidence: '县医院诊断证明' });
  assert.equal(add.status, 201, JSON.stringify(add.data));
  assert.deepEqual(add.data.categories, ['事实无人抚养儿童']);
  const line = add.data.history.find((h) => h.action === 'categories' && /无 → 事实无人抚养儿童/.test(h.detail));
  assert.ok(line, JSON.stringify(add.data.history));
  assert.match(line.reason, /父亲：死亡（2020-02-02起）/);
  assert.match(line.reason, /母亲：重病/);
  assert.equal(line.login, directorA1.user.login);
  assert.ok(add.data.history.some((h) => h.action === 'status' && h.detail === `母亲状况：重病（${start}起）` && h.reason === '县医院诊断证明'));
  const pid = add.data.parents.find((p) => p.status === '重病').id;
  // outside the scope: not found; bad values: 422 naming the field
  assert.equal((await townB.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '重病', started_on: start })).status, 404);
  assert.equal((await liaison.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '重病', started_on: start })).status, 403);
  const bad = await townA.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '离异', started_on: start });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'status');
  const dis = await townA.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '残疾', started_on: start });
  assert.equal(dis.status, 422);
  assert.equal(dis.data.error.field, 'disability');
  assert.equal((await townA.post(`/api/v1/children/${k.id}/parents`, { parent: '母亲', status: '重病', started_on: day(5) })).status, 422);
  assert.equal((await townB.post(`/api/v1/children/${k.id}/parents/${pid}/end`, { ended_on: end })).status, 404);
  assert.equal((await townA.post(`/api/v1/children/${k.id}/parents/${pid}/end`, { ended_on: '2000-01-01' })).status, 422);
  const e = await townA.post(`/api/v1/children/${k.id}/parents/${pid}/end`, { ended_on: end });
  assert.equal(e.status, 200, JSON.stringify(e.data));
  assert.deepEqual(e.data.categories, []);
  assert.equal(e.data.parents.find((p) => p.id === pid).ended_on, end);
  assert.ok(e.data.history.some((h) => h.action === 'categories' && /事实无人抚养儿童 → 无/.test(h.detail)));
  const audit = (await adm.get(`/api/v1/audit?action=child.parent_add&user=${directorA1.user.login}&per_page=1`)).data.items[0];
  assert.equal(audit.object_id, String(k.id));
});

// A CSV of the template's columns from rows of {header: value}.
async function templateCsv(rows) {
  const t = await townA.get('/api/v1/children/template');
  assert.equal(t.status, 200);
  assert.deepEqual([...t.data.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const headers = t.data.toString('utf8').slice(1).trim().split(',');
  return [headers.join(','), ...rows.map((r) => headers.map((h) => r[h] || '').join(','))].join('\r\n') + '\r\n';
}
const importCsv = (c, body, extra = '') => c.req('POST', `/api/v1/children/import${extra}`, body, { headers: { 'content-type': 'text/csv' } });

test('import: every problem named and nothing written; skip_bad keeps the bad rows for their importer only', async () => {
  const good = { 姓名: '慕容新一', 身份证号: gid('2013-04-04', 771), 村社区代码: VA2, 安置方式: '家庭' };
  const good2 = { 姓名: '慕容新二', 身份证号: gid('2013-05-05', 772), 村社区代码: VA1, 安置方式: '家庭寄养' };
  const bad = { 姓名: '慕容错行', 身份证号: '123', 村社区代码: VA1, 安置方式: '寄宿' };
  const elsewhere = { 姓名: '慕容外镇', 身份证号: gid('2013-06-06', 773), 村社区代码: VB1, 安置方式: '家庭' };
  const body = await templateCsv([good, bad, elsewhere, good2]);
  const before = (await list(adm)).data.total;
  const r = await importCsv(townA, body);
  assert.equal(r.status, 422, JSON.stringify(r.data));
  const p = r.data.error.problems;
  assert.ok(p.some((x) => x.row === 3 && x.column === '身份证号'), JSON.stringify(p));
  assert.ok(p.some((x) => x.row === 3 && x.column === '安置方式'));
  assert.ok(p.some((x) => x.row === 4 && x.column === '村社区代码' && /管辖范围/.test(x.reason)));
  assert.equal((await list(adm)).data.total, before, 'nothing written');
  assert.equal((await importCsv(liaison, body)).status, 403);

  const s = await importCsv(townA, body, `?skip_bad=1&name=${encodeURIComponent('甲镇名单.csv')}`);
  assert.equal(s.status, 200, JSON.stringify(s.data));
  assert.equal(s.data.created, 2);
  assert.equal(s.data.rejected, 2);
  assert.ok(s.data.rejects_id > 0);
  assert.equal((await list(adm)).data.total, before + 2);
  const got = await townA.get(`/api/v1/children/rejects/${s.data.rejects_id}`);
  assert.equal(got.status, 200);
  assert.match(decodeURIComponent(got.headers.get('content-disposition')), /甲镇名单\.csv_有误行\.csv/);
  const text = got.data.toString('utf8');
  assert.match(text, /错误原因/);
  assert.match(text, /慕容错行/);
  assert.ok(!text.includes('慕容新一'));
  assert.equal((await adm.get(`/api/v1/children/rejects/${s.data.rejects_id}`)).status, 404, 'only their importer');
  assert.equal((await townB.get(`/api/v1/children/rejects/${s.data.rejects_id}`)).status, 404);
  const e = (await adm.get(`/api/v1/audit?action=child.rejects&user=${townA.user.login}&per_page=1`)).data.items[0];
  assert.equal(e.object_id, String(s.data.rejects_id));
  const imp = (await adm.get(`/api/v1/audit?action=child.import&user=${townA.user.login}&per_page=1`)).data.items[0];
  assert.match(imp.detail, /新增 2，有误未导入 2/);
  CHILDREN.imported = { name: '慕容新一', id_number: good.身份证号 };
  CHILDREN.rejected = { name: '慕容错行', id_number: elsewhere.身份证号 };
});

test('the database file and its WAL hold no name or ID number in clear', { skip: process.env.WEIBAO_BACKEND !== 'sqlite' }, () => {
  const db = process.env.WEIBAO_TEST_DB;
  const bytes = [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f));
  assert.ok(bytes.length > 0);
  for (const s of clearTexts()) {
    const needle = Buffer.from(s, 'utf8');
    for (const b of bytes) assert.equal(b.indexOf(needle), -1, `${s} in clear in the database`);
  }
});
