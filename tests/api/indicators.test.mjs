// Plan indicators: the targets of a plan measured from the registers, per
// town, as of a date, within the caller's scope; the 2022 plan's bindings as
// defaults, kept across a re-import; the office binds and unbinds.  Two towns
// that no other test file touches (石门镇 with three villages, 河山镇 with none)
// hold a small synthetic register set with hand-computed figures.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { admin, userWith, unique } from './lib.mjs';

const TOWN_C = '330483103';   // 石门镇
const TOWN_D = '330483104';   // 河山镇
const V = [1, 2, 3].map((i) => `${TOWN_C}96${i}`);
let adm, leader, townC, townD, reader, mzj, plan, targets;
const ids = {};

// A notice whose items 2, 4, 6, 7, 8, 15, 19 say what the 2022 plan's say.
function notice(no) {
  const sp = {
    2: '推进未成年人保护机构建设，设立11个镇(街道)未保站。(责任部门:市关工委)',
    4: '持续推进儿童之家建设,命名11个以上示范型儿童之家(其中嘉兴市级命名3个),每个镇(街道)建有示范型儿童之家占比达到村(社)总数的15%。(责任部门:市关工委)',
    6: '集中供养孤儿最低人均年养育标准达到 2.5 万元。(责任部门:市民政局)',
    7: '提升残疾儿童定点康复机构规范化水平,落实定点康复机构 100%纳入协议管理。(责任部门:市关工委)',
    8: '加大普惠性托育服务供给,每千人托位数达 3.1个以上。(责任部门:市关工委)',
    15: '打造妇女儿童综合服务驿站,首批覆盖 30%的镇(街道)和 5%-10%的村(社区)。(责任部门:市关工委)',
    19: '深入推进“智安校园”建设,力争到年底覆盖 80%以上中小学、幼儿园。(责任部门:市关工委)',
  };
  const items = Array.from({ length: 19 }, (_, i) => `${i + 1}.${sp[i + 1] || `开展第${i + 1}项指标测试工作。(责任部门:市关工委)`}`);
  return ['文件编号: 桐未工委办〔2030〕' + no + '号', '关于印发《桐乡市未成年人保护工作委员会2030年工作要点（指标测试）》的通知',
    '各成员单位：', '一、指标测试', ...items, '桐乡市未成年人保护工作委员会办公室 2030年1月5日'].join('\n');
}
const NO = 700 + Math.floor(Math.random() * 200);

async function facility(type, values) {
  const r = await adm.post('/api/v1/facilities', { type, name: unique(`指标${type}`), ...values });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.id;
}
const byKey = (r) => Object.fromEntries(r.data.indicators.map((i) => [`${i.item}.${i.target_index}`, i]));
const get = async (c, q) => {
  const r = await c.get(`/api/v1/indicators?plan=${plan}&${q}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return byKey(r);
};

before(async () => {
  adm = await admin();
  for (const [i, code] of V.entries()) {
    const r = await adm.post('/api/v1/divisions', { code, name: `指标村${i + 1}`, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  assert.equal((await adm.patch(`/api/v1/divisions/${TOWN_C}`, { population: 50000 })).status, 200);
  leader = await userWith(adm, unique('ild'), { roles: ['leader'] });
  townC = await userWith(adm, unique('itc'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_C });
  townD = await userWith(adm, unique('itd'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_D });
  const role = unique('planonly');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '只读工作要点', permissions: ['plan.read'] })).status, 201);
  reader = await userWith(adm, unique('ird'), { roles: [role] });
  const units = (await adm.get('/api/v1/units')).data.items;
  mzj = await userWith(adm, unique('imz'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units.find((u) => u.name === '市民政局').id });

  // town C: a running station (2023-01-01) and one being set up
  await facility('station', { division_code: TOWN_C, opened_on: '2023-01-01', status: '运行' });
  await facility('station', { division_code: TOWN_C, opened_on: '2023-01-01', status: '筹建' });
  // 示范型 homes: one 嘉兴市级 named 2023-03-01, one named after 2023-06-30; a 基础型
  await facility('children_home', { division_code: V[0], kind: '示范型', level: '嘉兴市级', named_on: '2023-03-01' });
  await facility('children_home', { division_code: V[1], kind: '示范型', named_on: '2023-07-01' });
  await facility('children_home', { division_code: V[2], kind: '基础型' });
  // rehab: an agreement that lapsed on 2023-06-29, an open-ended one, none
  await facility('rehab', { division_code: TOWN_C, agreement_from: '2022-01-01', agreement_to: '2023-06-29' });
  await facility('rehab', { division_code: TOWN_C, agreement_from: '2023-01-01' });
  await facility('rehab', { division_code: TOWN_C });
  // childcare: 30 places, and a place count of zero
  await facility('childcare', { division_code: TOWN_C, places: '30', ownership: '公办', inclusive: '是', opened_on: '2023-01-01' });
  await facility('childcare', { division_code: TOWN_C, places: '0', ownership: '民办', inclusive: '否', opened_on: '2023-01-01' });
  // 驿站: the town's own and one village's
  await facility('post', { division_code: TOWN_C, opened_on: '2023-01-01' });
  await facility('post', { division_code: V[0], opened_on: '2023-01-01' });
  // schools: 小学 built, 初中 built after the date, 幼儿园 not built, 中职 (not counted)
  await facility('school', { division_code: TOWN_C, stage: '小学', smart_on: '2023-01-01' });
  await facility('school', { division_code: TOWN_C, stage: '初中', smart_on: '2023-12-01' });
  await facility('school', { division_code: TOWN_C, stage: '幼儿园' });
  ids.vocational = await facility('school', { division_code: TOWN_C, stage: '中职', smart_on: '2023-01-01' });

  const p = await adm.post('/api/v1/plans', { text: notice(NO), deadline: '2030-12-31' });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  plan = p.data.id;
  targets = Object.fromEntries(p.data.items.flatMap((it) => it.targets.map((t, k) => [`${it.number}.${k + 1}`, t.id])));
});

test('the JSON: plan, as_of, every target in parse order with its source', async () => {
  const r = await leader.get(`/api/v1/indicators?plan=${plan}&as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.plan, { id: plan, year: 2030 });
  assert.equal(r.data.as_of, '2023-06-30');
  assert.deepEqual(r.data.indicators.map((i) => `${i.item}.${i.target_index}`),
    ['2.1', '4.1', '4.2', '4.3', '6.1', '7.1', '8.1', '15.1', '15.2', '19.1']);
  const ind = byKey(r);
  for (const k of ['2.1', '4.1', '4.2', '4.3', '7.1', '8.1', '15.1', '15.2', '19.1']) assert.equal(ind[k].source, 'registry', k);
  // item 6 is bound by default to the allowance standard (no standard of
  // this date reaches 25,000 元 a year in the tests)
  assert.equal(ind['6.1'].source, 'standard');
  assert.equal(ind['6.1'].met, false);
  assert.equal(ind['6.1'].unit, '元');
  assert.equal(ind['15.2'].op, 'range');
  assert.equal(ind['15.2'].value, 5);
  assert.equal(ind['15.2'].value2, 10);
  assert.ok(!('value2' in ind['2.1']));
  assert.equal(ind['8.1'].unit, '个/千人');
  assert.ok(!('towns' in ind['4.1']), 'a county count has no town figures');
  assert.match(ind['4.3'].text, /达标的镇/);
  // what a town's figure is held against: a town's own station (from 1), the target otherwise
  assert.deepEqual([ind['2.1'].town_target, ind['2.1'].town_unit], [1, '个']);
  assert.deepEqual([ind['15.1'].town_target, ind['15.1'].town_unit], [1, '个']);
  assert.deepEqual([ind['4.3'].town_target, ind['4.3'].town_unit], [15, '%']);
  assert.deepEqual([ind['8.1'].town_target, ind['8.1'].town_unit], [3.1, '个/千人']);
  assert.ok(!('town_target' in ind['4.1']) && !('town_target' in ind['6.1']));
});

test('item 6: the 集中供养 orphan standard in force on the date × 12 against 25,000 元', async () => {
  const six = async (c, q) => (await get(c, q))['6.1'];
  // before any standard: unknown, not met
  let i = await six(adm, 'as_of=2000-01-31');
  assert.deepEqual([i.source, i.actual, i.met, i.op, i.value], ['standard', null, false, '>=', 25000]);
  let r = await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '集中供养', effective_from: '2000-03-01', amount: '2000' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.below_floor, true);
  r = await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '集中供养', effective_from: '2000-09-01', amount: '2100' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  // another mode's standard does not count
  r = await adm.post('/api/v1/allowance-standards', { category: '孤儿', mode: '社会散居', effective_from: '2000-10-01', amount: '9999' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  i = await six(adm, 'as_of=2000-08-31');
  assert.deepEqual([i.actual, i.met], [24000, false]);
  i = await six(adm, 'as_of=2000-09-01');
  assert.deepEqual([i.actual, i.met], [25200, true]);
  i = await six(adm, 'as_of=2000-12-31');
  assert.deepEqual([i.actual, i.met], [25200, true]);
  assert.ok(!('towns' in i) && !('town_target' in i), 'one county-wide standard: no town figures');
  // the same county-wide figure for a leader and a town worker (plan.read)
  assert.deepEqual([(await six(leader, 'as_of=2000-09-01')).actual, (await six(townC, 'as_of=2000-09-01')).actual], [25200, 25200]);
  // no register records behind it
  r = await adm.get(`/api/v1/indicators/6/1/records?plan=${plan}&as_of=2000-09-01`);
  assert.equal(r.status, 404);
  assert.match(r.data.error.message, /保障标准/);
  // a user without plan.read sees no indicators
  assert.equal((await mzjNoPlan()).status, 403);
});

// A user whose role holds child.read but not plan.read: the indicators are refused.
async function mzjNoPlan() {
  const role = unique('childonly');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '只读儿童', permissions: ['child.read'] })).status, 201);
  const u = await userWith(adm, unique('ich'), { roles: [role] });
  return u.get(`/api/v1/indicators?plan=${plan}`);
}

test('each 2022 definition on the synthetic registers of one town', async () => {
  const ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  const fig = (k) => [ind[k].actual, ind[k].met];
  assert.deepEqual(fig('2.1'), [1, false]);          // towns with a running station; 11 wanted
  assert.deepEqual(ind['2.1'].towns, [{ code: TOWN_C, name: '石门镇', actual: 1, met: true }]);
  assert.deepEqual(fig('4.1'), [1, false]);          // 示范型 named by the date
  assert.deepEqual(fig('4.2'), [1, false]);          // of them 嘉兴市级 or 省级
  assert.deepEqual(fig('4.3'), [1, true]);           // towns meeting 1 ÷ 3 villages ≥ 15%
  assert.deepEqual(ind['4.3'].towns, [{ code: TOWN_C, name: '石门镇', actual: 33.3, met: true }]);
  assert.deepEqual(fig('7.1'), [33.3, false]);       // the lapsed agreement is not in force
  assert.deepEqual(fig('8.1'), [0.6, false]);        // 30 places ÷ 50,000 × 1,000
  assert.deepEqual(fig('15.1'), [100, true]);        // the town has its own 驿站
  assert.deepEqual(fig('15.2'), [33.3, true]);       // above 10%: exceeded, still met
  assert.deepEqual(fig('19.1'), [33.3, false]);      // 小学 of 小学, 初中, 幼儿园 (中职 not counted)
});

test('the as-of date moves the figures', async () => {
  let ind = await get(adm, `as_of=2022-12-31&town=${TOWN_C}`);
  assert.equal(ind['2.1'].actual, 0);
  assert.equal(ind['4.1'].actual, 0);
  assert.equal(ind['4.3'].actual, 0);
  assert.equal(ind['4.3'].met, false);
  assert.equal(ind['7.1'].actual, 33.3);              // the first agreement alone
  assert.equal(ind['8.1'].actual, 0);
  ind = await get(adm, `as_of=2023-06-29&town=${TOWN_C}`);
  assert.equal(ind['7.1'].actual, 66.7);              // its last day: still in force
  ind = await get(adm, `as_of=2023-12-31&town=${TOWN_C}`);
  assert.equal(ind['4.1'].actual, 2);
  assert.equal(ind['4.3'].towns[0].actual, 66.7);
  assert.equal(ind['19.1'].actual, 66.7);
  const bad = await adm.get(`/api/v1/indicators?plan=${plan}&as_of=2023-02-30`);
  assert.equal(bad.status, 400);
  assert.equal((await adm.get('/api/v1/indicators?plan=999999')).status, 404);
});

test('a town with no villages and no records: shares unknown, not met', async () => {
  const ind = await get(adm, 'as_of=2023-06-30');
  const d = (k) => ind[k].towns.find((t) => t.code === TOWN_D);
  assert.deepEqual(d('4.3'), { code: TOWN_D, name: '河山镇', actual: null, met: false });
  assert.equal(d('7.1').actual, null);                // 0 ÷ 0
  assert.equal(d('8.1').actual, null);                // no population
  assert.equal(ind['4.3'].met, false, 'not every town meets it');
  assert.equal(ind['4.3'].towns.length, 11);
  const c = ind['4.3'].towns.find((t) => t.code === TOWN_C);
  assert.deepEqual(c, { code: TOWN_C, name: '石门镇', actual: 33.3, met: true });
});

test('a town worker sees their own town only; the county line is their town', async () => {
  let ind = await get(townC, 'as_of=2023-06-30');
  assert.deepEqual(ind['7.1'].towns.map((t) => t.code), [TOWN_C]);
  assert.equal(ind['7.1'].actual, 33.3);
  assert.equal(ind['8.1'].actual, 0.6);
  assert.equal(ind['2.1'].actual, 1);
  ind = await get(townD, 'as_of=2023-06-30');
  assert.deepEqual(ind['2.1'].towns, [{ code: TOWN_D, name: '河山镇', actual: 0, met: false }]);
  assert.equal(ind['7.1'].actual, null);
  ind = await get(townD, `as_of=2023-06-30&town=${TOWN_C}`);   // another town's: nothing of it
  assert.deepEqual(ind['7.1'].towns, []);
  assert.equal(ind['2.1'].actual, 0);
  assert.equal((await reader.get(`/api/v1/indicators?plan=${plan}`)).status, 403);
});

test('a manual target carries the latest reported figure', async () => {
  // item 6 made manual (its default binding removed)
  assert.equal((await adm.del(`/api/v1/plans/${plan}/targets/${targets['6.1']}/binding`)).status, 204);
  const tasks = (await mzj.get(`/api/v1/tasks?plan_id=${plan}&per_page=100`)).data.items;
  const task = tasks.find((t) => t.item_number === 6);
  assert.equal((await mzj.post(`/api/v1/tasks/${task.id}/sign`, {})).status, 200);
  for (const value of [20000, 26000]) {
    const r = await mzj.post(`/api/v1/tasks/${task.id}/reports`, { text: '养育标准', figures: [{ target_id: targets['6.1'], value }] });
    assert.equal(r.status, 200, JSON.stringify(r.data));
  }
  const ind = await get(adm, 'as_of=2023-06-30');
  assert.equal(ind['6.1'].actual, 26000);
  assert.equal(ind['6.1'].met, true);
});

test('drill-down: the records behind a figure, paged, within the scope', async () => {
  const names = (r) => r.data.items.map((x) => x.type);
  const path = (item, k, q) => `/api/v1/indicators/${item}/${k}/records?plan=${plan}&${q}`;
  let r = await leader.get(path(7, 1, `as_of=2023-06-30&town=${TOWN_C}`));
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.total, 3, 'every rehab institution of the share');
  assert.deepEqual(names(r), ['rehab', 'rehab', 'rehab']);
  assert.ok('agreement_to' in r.data.items[0].values);
  r = await adm.get(path(19, 1, `as_of=2023-06-30&town=${TOWN_C}`));
  assert.equal(r.data.total, 3);
  assert.ok(!r.data.items.some((x) => x.id === ids.vocational), '中职 is not behind the figure');
  assert.equal((await adm.get(path(2, 1, `as_of=2022-12-31&town=${TOWN_C}`))).data.total, 0);
  r = await adm.get(path(2, 1, `as_of=2023-06-30&town=${TOWN_C}`));
  assert.equal(r.data.total, 1);
  assert.equal(r.data.items[0].values.status, '运行');
  assert.equal((await adm.get(path(4, 1, `as_of=2023-12-31&town=${TOWN_C}`))).data.total, 2);
  assert.equal((await adm.get(path(4, 2, `as_of=2023-12-31&town=${TOWN_C}`))).data.total, 1);
  assert.equal((await adm.get(path(15, 2, `as_of=2023-06-30&town=${TOWN_C}`))).data.total, 1);
  r = await adm.get(path(8, 1, `as_of=2023-06-30&town=${TOWN_C}&per_page=1&page=2`));
  assert.equal(r.data.total, 2);
  assert.equal(r.data.items.length, 1);
  // a town worker: their own town's records; another town's never
  assert.equal((await townC.get(path(7, 1, 'as_of=2023-06-30'))).data.total, 3);
  assert.equal((await townD.get(path(7, 1, `as_of=2023-06-30&town=${TOWN_C}`))).data.total, 0);
  assert.ok(!(await townD.get(path(19, 1, 'as_of=2023-06-30&per_page=100'))).data.items.some((x) => x.town_code === TOWN_C));
  // a manual target, a target that does not exist: 404; no network.read: 403
  assert.equal((await adm.get(path(6, 1, ''))).status, 404);
  assert.equal((await adm.get(path(99, 1, ''))).status, 404);
  assert.equal((await adm.get(path(2, 9, ''))).status, 404);
  assert.equal((await reader.get(path(2, 1, ''))).status, 403);
});

test('the office binds and unbinds a target; others may not; another plan\'s target is not found', async () => {
  const path = `/api/v1/plans/${plan}/targets/${targets['2.1']}/binding`;
  assert.equal((await leader.req('PUT', path, { definition: 'homes_model' })).status, 403);
  assert.equal((await townC.del(path)).status, 403);
  assert.equal((await adm.req('PUT', path, { definition: 'nope' })).status, 400);
  assert.equal((await adm.req('PUT', `/api/v1/plans/${plan}/targets/999999/binding`, { definition: 'homes_model' })).status, 404);
  const other = (await adm.post('/api/v1/plans', { text: notice(NO + 300), deadline: '2030-12-31' })).data;
  assert.equal((await adm.req('PUT', `/api/v1/plans/${other.id}/targets/${targets['2.1']}/binding`, { definition: 'homes_model' })).status, 404);
  assert.equal((await adm.del(`/api/v1/plans/${other.id}/targets/${targets['2.1']}/binding`)).status, 404);
  assert.equal((await adm.del(path)).status, 204);
  assert.equal((await adm.del(path)).status, 404, 'no binding left');
  let ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['2.1'].source, 'manual');
  assert.equal((await adm.req('PUT', path, { definition: 'stations_running' })).status, 200);
  // a target nobody bound: the office binds it
  assert.equal((await adm.req('PUT', `/api/v1/plans/${plan}/targets/${targets['6.1']}/binding`, { definition: 'homes_model' })).status, 200);
  ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['2.1'].source, 'registry');
  assert.equal(ind['6.1'].source, 'registry');
  assert.equal(ind['6.1'].actual, 1);
});

test('a re-import with replace keeps every binding on its target; an unbound default stays unbound', async () => {
  const unbind = `/api/v1/plans/${plan}/targets/${targets['15.1']}/binding`;
  assert.equal((await adm.del(unbind)).status, 204);
  const r = await adm.post('/api/v1/plans', { text: notice(NO), deadline: '2030-12-31', replace: true });
  assert.ok([200, 201].includes(r.status), JSON.stringify(r.data));
  const ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['6.1'].source, 'registry', 'the office\'s binding came along');
  assert.equal(ind['6.1'].actual, 1);
  assert.equal(ind['15.1'].source, 'manual', 'the office unbound it');
  for (const k of ['2.1', '4.1', '4.2', '4.3', '7.1', '8.1', '15.2', '19.1']) assert.equal(ind[k].source, 'registry', k);
  assert.deepEqual([ind['4.3'].actual, ind['19.1'].actual], [1, 33.3]);
});

test('the task detail gives a bound target its computed figure (the county\'s, today) to pre-fill a report', async () => {
  const gwk = (await adm.get(`/api/v1/tasks?plan_id=${plan}&per_page=100`)).data.items;
  const t2 = gwk.find((t) => t.item_number === 2);
  const detail = (await adm.get(`/api/v1/tasks/${t2.id}`)).data;
  const today = byKey(await adm.get(`/api/v1/indicators?plan=${plan}`));
  assert.equal(detail.targets[0].source, 'registry');
  assert.equal(detail.targets[0].actual, today['2.1'].actual);
  assert.ok(detail.targets[0].actual >= 1, 'town C\'s station at least');
  assert.equal(detail.targets[0].met, today['2.1'].met);
  const t7 = gwk.find((t) => t.item_number === 7);
  const d7 = (await adm.get(`/api/v1/tasks/${t7.id}`)).data;
  assert.equal(d7.targets[0].actual, today['7.1'].actual);
  const t1 = gwk.find((t) => t.item_number === 1);
  assert.deepEqual((await adm.get(`/api/v1/tasks/${t1.id}`)).data.targets, []);
});

test('the definitions the office binds to: Chinese names, units, formula kinds, parameters with their allowed values', async () => {
  const r = await adm.get('/api/v1/indicator-definitions');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const defs = Object.fromEntries(r.data.items.map((d) => [d.code, d]));
  assert.deepEqual(Object.keys(defs).sort(), ['case_listings', 'case_reports_ontime', 'check_coverage', 'childcare_places', 'guidance_orders', 'homes_model', 'homes_model_city', 'homes_model_share_each_town',
    'orphan_standard', 'posts_towns', 'posts_villages', 'rehab_agreements', 'smart_schools', 'stations_running']);
  for (const d of r.data.items) {
    assert.match(d.name, /[\u4e00-\u9fff]/, d.code);
    assert.match(d.description, /[\u4e00-\u9fff]/, d.code);
    assert.ok(d.unit && d.kind && d.kind_title, d.code);
  }
  assert.equal(defs.smart_schools.kind, 'status_share');
  assert.equal(defs.childcare_places.unit, '个/千人');
  assert.deepEqual([defs.orphan_standard.name, defs.orphan_standard.unit, defs.orphan_standard.kind],
    ['集中供养孤儿基本生活费年标准', '元', 'standard']);
  assert.deepEqual([defs.check_coverage.unit, defs.check_coverage.kind, defs.check_coverage.kind_title],
    ['%', 'coverage', '期间核查覆盖率']);
  const [stages] = defs.smart_schools.params;
  assert.equal(stages.key, 'stages');
  assert.equal(stages.name, '学段');
  assert.ok(stages.values.includes('中职') && stages.values.includes('特殊教育'));
  assert.deepEqual(stages.default, ['幼儿园', '小学', '初中', '九年一贯制', '完全中学', '高中']);
  assert.deepEqual(defs.homes_model.params, []);
  // plan.manage only: a leader, a town worker are refused
  assert.equal((await leader.get('/api/v1/indicator-definitions')).status, 403);
  assert.equal((await townC.get('/api/v1/indicator-definitions')).status, 403);
});

test('a binding\'s params are checked against the definition (422 naming the parameter) and change the figure', async () => {
  // the re-import above renewed the targets
  const renewed = (await adm.get(`/api/v1/plans/${plan}`)).data.items.find((it) => it.number === 19).targets[0].id;
  const path = `/api/v1/plans/${plan}/targets/${renewed}/binding`;
  let r = await adm.req('PUT', path, { definition: 'smart_schools', params: { stages: ['小学', '中职'] } });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.params, { stages: ['小学', '中职'] });
  // town C: 小学 built, 中职 built → 2 of 2
  let ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['19.1'].actual, 100);
  // the plan's detail shows every target's binding
  const detail = (await adm.get(`/api/v1/plans/${plan}`)).data;
  const t = (n, k) => detail.items.find((it) => it.number === n).targets[k - 1];
  assert.deepEqual(t(19, 1).binding, { definition: 'smart_schools', name: '智安校园建成率', params: { stages: ['小学', '中职'] } });
  assert.equal(t(4, 1).binding.name, '示范型儿童之家数');
  assert.equal(t(1, 1), undefined, 'item 1 has no target');
  const reader1 = (await leader.get(`/api/v1/plans/${plan}`)).data;
  assert.equal(reader1.items.find((it) => it.number === 19).targets[0].binding.definition, 'smart_schools');
  // bad params: nothing changes
  for (const [body, word] of [
    [{ definition: 'smart_schools', params: { stages: ['大学'] } }, '大学'],
    [{ definition: 'smart_schools', params: { stages: [] } }, '学段'],
    [{ definition: 'smart_schools', params: { stages: ['小学', '小学'] } }, '重复'],
    [{ definition: 'smart_schools', params: { stages: '小学' } }, '学段'],
    [{ definition: 'smart_schools', params: { grade: ['一年级'] } }, 'grade'],
    [{ definition: 'homes_model', params: { stages: ['小学'] } }, 'stages'],
    [{ definition: 'smart_schools', params: { ['学段'.repeat(20)]: ['小学'] } }, '过长的参数名'],
  ]) {
    r = await adm.req('PUT', path, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.data.error.code, 'rule_violation');
    assert.ok(r.data.error.message.includes(word), r.data.error.message);
    assert.match(r.data.error.message, /参数/);
  }
  assert.equal((await adm.req('PUT', path, { definition: 'smart_schools', params: 'x' })).status, 400);
  // others may not, with params either
  assert.equal((await leader.req('PUT', path, { definition: 'smart_schools', params: { stages: ['小学'] } })).status, 403);
  assert.equal((await townC.req('PUT', path, { definition: 'smart_schools', params: { stages: ['小学'] } })).status, 403);
  ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['19.1'].actual, 100, 'the refused ones changed nothing');
  // without params: the default stages again
  r = await adm.req('PUT', path, { definition: 'smart_schools' });
  assert.deepEqual(r.data.params, {});
  ind = await get(adm, `as_of=2023-06-30&town=${TOWN_C}`);
  assert.equal(ind['19.1'].actual, 33.3);
});

test('a write by the CLI beside the running server is in the next answer; an update and a delete through the API too', async () => {
  const station = async () => (await get(adm, 'as_of=2023-06-30'))['2.1'];
  const townD_ = (i) => i.towns.find((t) => t.code === TOWN_D);
  const before = await station();   // the server now keeps the figures of this generation
  assert.deepEqual(townD_(before), { code: TOWN_D, name: '河山镇', actual: 0, met: false });
  const csv = `${process.env.WEIBAO_DATA}/../cli-station.csv`;
  writeFileSync(csv, `名称,镇街代码,成立日期,状态\n河山镇命令行未保站,${TOWN_D},2023-01-01,运行\n`);
  execFileSync(process.env.WEIBAO_BIN, ['facility', 'import', 'station', csv, '--data', process.env.WEIBAO_DATA,
    '--db', process.env.WEIBAO_TEST_DB], { stdio: 'pipe' });
  const after = await station();
  assert.deepEqual(townD_(after), { code: TOWN_D, name: '河山镇', actual: 1, met: true });
  assert.equal(after.actual, before.actual + 1);
  // the task detail's pre-fill reads the same figures (today's)
  const t2 = (await adm.get(`/api/v1/tasks?plan_id=${plan}&per_page=100`)).data.items.find((t) => t.item_number === 2);
  const today = byKey(await adm.get(`/api/v1/indicators?plan=${plan}`));
  assert.equal((await adm.get(`/api/v1/tasks/${t2.id}`)).data.targets[0].actual, today['2.1'].actual);
  // the drill-down lists the new record
  const drill = await adm.get(`/api/v1/indicators/2/1/records?plan=${plan}&as_of=2023-06-30&town=${TOWN_D}`);
  assert.equal(drill.data.total, 1);
  const id = drill.data.items[0].id;
  // an update through the API (now 筹建), then a delete
  const u = await adm.patch(`/api/v1/facilities/${id}`, { status: '筹建' });
  assert.equal(u.status, 200, JSON.stringify(u.data));
  assert.deepEqual(townD_(await station()), { code: TOWN_D, name: '河山镇', actual: 0, met: false });
  assert.equal((await adm.patch(`/api/v1/facilities/${id}`, { status: '运行' })).status, 200);
  assert.equal(townD_(await station()).actual, 1);
  assert.equal((await adm.req('DELETE', `/api/v1/facilities/${id}`, { reason: '测试完毕' })).status, 200);
  assert.deepEqual(townD_(await station()), { code: TOWN_D, name: '河山镇', actual: 0, met: false });
  assert.equal((await station()).actual, before.actual);
});
