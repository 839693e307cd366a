// Allowances through /api/v1/allowance-standards and /api/v1/allowances: the
// standards read by whoever reads children and set by a county-wide user
// only; a month's payment list within the caller's scope (a town worker sees
// their town's lines, another town's never), masked; approving the county's
// list (once; county only) and a re-run's differences.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, userWith, unique, setClock } from './lib.mjs';

// towns of their own: the children's tests count what towns A and B hold
const TOWN_A = '330483105', TOWN_B = '330483106';
const VA = `${TOWN_A}971`, VB = `${TOWN_B}971`;
let adm, townA, townB, liaison, childA, childB;

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
  let r = await adm.post('/api/v1/children', orphan('补贴甲', '2013-04-04', 611, VA));
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
});
