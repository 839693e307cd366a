// Allowances through /api/v1/allowance-standards and /api/v1/allowances: the
// standards read by whoever reads children and set by a county-wide user
// only; a month's payment list within the caller's scope (a town worker sees
// their town's lines, another town's never), masked; approving the county's
// list (once; county only) and a re-run's differences.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, userWith, unique, setClock } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// towns of their own: the children's tests count what towns A and B hold
const TOWN_A = '330483105', TOWN_B = '330483106';
const VA = `${TOWN_A}971`, VB = `${TOWN_B}971`;
let adm, townA, townB, liaison, finance, childA, childB;

function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
// This month in China, YYYY-MM.
const month = () => new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 7);
const orphan = (name, birth, seq, village, placement = '家庭') => ({
  name, id_number: gid(birth, seq), village_code: village, placement,
  father_status: '死亡', father_started_on: '2018-03-02', mother_status: '死亡', mother_started_on: '2019-01-05',
});

before(async () => {
  setClock(0);
  adm = await admin();
  for (const [code, name] of [[VA, '补贴甲村'], [VB, '补贴乙村']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  townA = await userWith(adm, unique('ata'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  townB = await userWith(adm, unique('atb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  const units = (await adm.get('/api/v1/units')).data.items;
  liaison = await userWith(adm, unique('aul'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units.find((u) => u.name === '市民政局').id });
  finance = await userWith(adm, unique('afi'), { roles: ['finance'], scope_kind: 'county', display_name: '财政经办' });
  let r = await adm.post('/api/v1/children', { ...orphan('补贴甲', '2013-04-04', 611, VA),
    guardian_name: '补贴监护', guardian_relation: '祖母', guardian_phone: '13700137000' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  childA = r.data.id;
  r = await adm.post('/api/v1/children', orphan('补贴乙', '2013-05-05', 612, VB, '机构集中养育'));
  assert.equal(r.status, 201, JSON.stringify(r.data));
  childB = r.data.id;
});

test('standards: read with child.read, set only by a county-wide user; the floor of plan item 6 flagged', async () => {
  let r = await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '社会散居', effective_from: '2001-02-03', amount: '1950' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.below_floor, false);
  r = await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '集中供养', effective_from: '2001-02-03', amount: '2000' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.below_floor, true, '2000 × 12 < 25,000');
  assert.equal((await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '集中供养', effective_from: '2001-02-03', amount: '2500' })).status, 409);
  r = await adm.post('/api/v1/allowance-standards', { category: '孤独', mode: '集中供养', effective_from: '2001-02-04', amount: '1' });
  assert.equal(r.status, 422);
  assert.match(r.data.error.message, /类别/);
  assert.equal((await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '集中供养', effective_from: '2001-02-04', amount: '1.234' })).status, 422);
  // a town worker holds child.write but is not county-wide; a member unit has no child.read
  assert.equal((await townA.post('/api/v1/allowance-standards', { category: '孤儿', mode: '社会散居', effective_from: '2001-02-05', amount: '9' })).status, 403);
  assert.equal((await liaison.get('/api/v1/allowance-standards')).status, 403);
  const list = (await townA.get('/api/v1/allowance-standards')).data.items;
  assert.ok(list.some((s) => s.category === '孤儿' && s.mode === '集中供养' && s.effective_from === '2001-02-03' && s.amount === '2000.00'));
  const e = (await adm.get('/api/v1/audit?action=allowance.standard&per_page=5')).data.items;
  assert.ok(e.some((x) => /集中供养.*底线/.test(x.detail)), JSON.stringify(e));
});

test('the month\'s list within the caller\'s scope, masked; another town\'s lines never shown', async () => {
  const m = month();
  const county = (await adm.get(`/api/v1/allowances/${m}`)).data;
  const line = (d, id) => d.rows.find((x) => x.child_id === id);
  assert.ok(line(county, childA) && line(county, childB), JSON.stringify(county).slice(0, 300));
  assert.equal(line(county, childA).mode, '社会散居');
  assert.equal(line(county, childB).mode, '集中供养');
  assert.match(line(county, childA).id_number_masked, /^330483\*{8}\d{3}[\dX]$/);
  assert.ok(!JSON.stringify(county).includes(gid('2013-04-04', 611)), 'no ID number in clear');
  const a = (await townA.get(`/api/v1/allowances/${m}`)).data;
  assert.ok(line(a, childA));
  assert.equal(line(a, childB), undefined, 'town B\'s child is not in town A\'s list');
  assert.ok(a.rows.every((x) => x.child_id !== childB));
  const b = (await townB.get(`/api/v1/allowances/${m}`)).data;
  assert.equal(line(b, childA), undefined);
  assert.ok(line(b, childB));
  assert.equal((await liaison.get(`/api/v1/allowances/${m}`)).status, 403);
  assert.equal((await adm.get('/api/v1/allowances/2026-13')).status, 404);
});

test('approving: the county\'s list once, by a county-wide user; a re-run shows what changed since', async () => {
  const m = month();
  assert.equal((await townA.post(`/api/v1/allowances/${m}/approve`, {})).status, 403);
  assert.equal((await liaison.post(`/api/v1/allowances/${m}/approve`, {})).status, 403);
  const r = await adm.post(`/api/v1/allowances/${m}/approve`, {});
  assert.equal(r.status, 200, JSON.stringify(r.data).slice(0, 300));
  assert.equal(r.data.approved, true);
  assert.equal((await adm.post(`/api/v1/allowances/${m}/approve`, {})).status, 409);
  const events = (await adm.get('/api/v1/audit?action=allowance.approve&per_page=10')).data.items;
  assert.ok(events.some((e) => e.outcome === 'ok' && new RegExp(`^审核确认 ${m} 发放名单：\\d+ 人，合计 [\\d.]+ 元$`).test(e.detail)), JSON.stringify(events));
  assert.ok(events.some((e) => e.outcome !== 'ok' && e.detail === `审核确认 ${m} 发放名单`), 'the refused ones too');
  // a new orphan after the approval: a difference, not in the frozen list
  const k = await adm.post('/api/v1/children', orphan('补贴丙', '2014-06-06', 613, VA));
  assert.equal(k.status, 201, JSON.stringify(k.data));
  const again = (await adm.get(`/api/v1/allowances/${m}`)).data;
  assert.equal(again.approved, true);
  assert.deepEqual(again.differences.filter((d) => d.child_id === k.data.id).map((d) => [d.change, d.category_after, d.amount_after]),
    [['新增', '孤儿', '1950.00']]);
  assert.ok(!again.differences.some((d) => d.child_id === childA), 'unchanged lines are no difference');
  // a town worker compares within their town: another town's frozen lines are not "cancelled" for them
  const mine = (await townA.get(`/api/v1/allowances/${m}`)).data;
  assert.equal(mine.approved, true);
  assert.deepEqual(mine.differences.map((d) => [d.child_id, d.change]), [[k.data.id, '新增']], JSON.stringify(mine.differences));
  assert.ok(!JSON.stringify(mine).includes(`"child_id":${childB}`), 'town B\'s child never named to town A');
});

// The cells of the month's export (xlsx_rows.py reads the workbook from stdin).
async function exportRows(c, m) {
  const r = await c.get(`/api/v1/allowances/${m}/export.xlsx`);
  assert.equal(r.status, 200, `${r.status} ${JSON.stringify(r.data).slice(0, 200)}`);
  return JSON.parse(execFileSync('python3', [join(here, 'xlsx_rows.py'), '-'], { input: Buffer.from(r.data), encoding: 'utf8' }));
}

test('the finance export: masked for a town worker, clear for finance and the office; scoped; audited', async () => {
  const m = month();
  const p = await adm.patch(`/api/v1/children/${childA}`, { bank_account: '6217000012345678' });
  assert.equal(p.status, 200, JSON.stringify(p.data));
  const header = ['序号', '姓名', '身份证号', '村（社区）', '镇（街道）', '类别', '供养方式', '金额（元）', '收款人（监护人）', '银行账号'];
  // a town worker: their town's lines only, every personal cell masked
  const a = await exportRows(townA, m);
  assert.match(a.rows[0][0], /未成年人保护工作委员会 生活费发放名册/);
  assert.deepEqual(a.rows[2], header);
  const mine = a.rows.slice(3).filter((x) => x && x[3] === '补贴甲村' && x[1] === '补*甲');
  assert.equal(mine.length, 1);
  const [no, name, idn, village, town, category, mode, amount, payee, bank] = mine[0];
  assert.equal(typeof no, 'number');
  assert.equal(name, '补*甲');
  assert.match(idn, /^330483\*{8}\d{3}[\dX]$/);
  assert.deepEqual([village, town, category, mode, amount], ['补贴甲村', '洲泉镇', '孤儿', '社会散居', 1950]);
  assert.equal(payee, '补**护');
  assert.equal(bank, '621700******5678');
  assert.equal(a.formats[`H${3 + a.rows.slice(3).indexOf(mine[0]) + 1}`], '#,##0.00');
  assert.ok(!a.rows.slice(3).some((x) => x && x[3] === '补贴乙村'), 'another town\'s children absent');
  const flat = JSON.stringify(a.rows);
  for (const s of ['补贴甲', '6217000012345678', gid('2013-04-04', 611), '补贴监护']) assert.ok(!flat.includes(`"${s}"`), `${s} in clear`);
  let e = (await adm.get(`/api/v1/audit?action=allowance.export&user=${townA.user.login}&per_page=1`)).data.items[0];
  assert.match(e.detail, new RegExp(`^导出 ${m} 发放名册（已审核）\\d+ 行（脱敏）$`));
  // the month is approved: the file is the frozen list (补贴丙 came after the approval)
  assert.match(a.rows[0][0], /生活费发放名册.*（已审核）/);
  assert.ok(!a.rows.slice(3).some((x) => x && x[1] === '补*丙'), 'a child added after the approval is not paid from this file');
  // finance (county): both towns, in clear
  const f = await exportRows(finance, m);
  const fa = f.rows.slice(3).find((x) => x && x[1] === '补贴甲');
  assert.deepEqual([fa[1], fa[2], fa[8], fa[9]], ['补贴甲', gid('2013-04-04', 611), '补贴监护', '6217000012345678']);
  assert.ok(f.rows.slice(3).some((x) => x && x[3] === '补贴乙村' && x[6] === '集中供养'));
  e = (await adm.get(`/api/v1/audit?action=allowance.export&user=${finance.user.login}&per_page=1`)).data.items[0];
  assert.match(e.detail, new RegExp(`^导出 ${m} 发放名册（已审核）\\d+ 行（含姓名、身份证号和银行账号）$`));
  assert.equal(e.outcome, 'ok');
  // the office's administrator holds allowance.finance too
  const o = await exportRows(adm, m);
  assert.ok(o.rows.slice(3).some((x) => x && x[2] === gid('2013-04-04', 611)));
  // a member unit without child.read: refused, and that is on record
  assert.equal((await liaison.get(`/api/v1/allowances/${m}/export.xlsx`)).status, 403);
  e = (await adm.get(`/api/v1/audit?action=allowance.export&user=${liaison.user.login}&per_page=1`)).data.items[0];
  assert.notEqual(e.outcome, 'ok');
  assert.equal((await finance.get('/api/v1/allowances/2026-13/export.xlsx')).status, 404);
  // finance reads the list but changes nothing
  assert.equal((await finance.post(`/api/v1/allowances/${m}/approve`, {})).status, 403);
});
