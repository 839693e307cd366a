// The service-network registers (阵地台账): who reads and changes which
// records, imports (every error named, nothing written; skip_bad; re-import
// unchanged; GB18030; .xlsx), history, exports, phones masked and encrypted.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, userWith, unique, TOWN_A, TOWN_B } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const VILLAGE_A = `${TOWN_A}951`;
const VILLAGE_B = `${TOWN_B}951`;
let adm, townA, townB, leader, liaison, unitManager, unitId, station;
const csv = (lines) => `${lines.join('\r\n')}\r\n`;
const importCsv = (c, type, body, extra = '') =>
  c.req('POST', `/api/v1/facilities/import?type=${type}${extra}`, body, { headers: { 'content-type': 'text/csv' } });

// The rows of an export, from its audit event ("导出 N 行").
async function exported(c, path, action = 'facility.export') {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const e = (await adm.get(`/api/v1/audit?action=${action}&user=${c.user.login}&per_page=1`)).data.items[0];
  return Number(/^导出 (\d+) 行$/.exec(e.detail)[1]);
}

before(async () => {
  adm = await admin();
  for (const [code, name] of [[VILLAGE_A, '台账甲村'], [VILLAGE_B, '台账乙村']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  townA = await userWith(adm, unique('fta'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  townB = await userWith(adm, unique('ftb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  leader = await userWith(adm, unique('fld'), { roles: ['leader'] });
  const units = (await adm.get('/api/v1/units')).data.items;
  unitId = units.find((u) => u.name === '市教育局').id;
  liaison = await userWith(adm, unique('ful'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: unitId });
  // a member unit given the manage permission still changes no record
  const role = unique('netmgr');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '台账维护探针', permissions: ['network.read', 'network.manage'] })).status, 201);
  unitManager = await userWith(adm, unique('fum'), { roles: [role], scope_kind: 'unit', unit_id: unitId });
  const r = await townA.post('/api/v1/facilities', { type: 'station', name: unique('乌镇未保站'), division_code: TOWN_A, opened_on: '2021/3/1', status: '运行' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  station = r.data;
});

test('the types and the template come from one specification', async () => {
  const types = (await leader.get('/api/v1/facilities/types')).data.items;
  assert.equal(types.length, 14);   // with hospital, training, welfare (schema 17)
  const dir = types.find((t) => t.code === 'director');
  assert.deepEqual(dir.fields.map((f) => f.header), ['姓名', '村社区代码', '手机', '任职日期', '备注']);
  const t = await adm.get('/api/v1/facilities/template?type=children_home');
  assert.equal(t.status, 200);
  assert.match(t.headers.get('content-type'), /text\/csv/);
  assert.deepEqual([...t.data.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(t.data.toString('utf8').slice(1).trim(), '名称,村社区代码,类型,命名级别,命名日期,备注');
  assert.equal((await adm.get('/api/v1/facilities/template?type=nope')).status, 400);
  const meta = (await adm.get('/api/v1/meta')).data;
  assert.equal(meta.labels.facility_type.rescue, '未成年人救助保护机构');
});

test('a record is created with its history, normalised, and read back', async () => {
  assert.equal(station.values.opened_on, '2021-03-01');
  assert.equal(station.town_code, TOWN_A);
  assert.equal(station.history.length, 1);
  assert.equal(station.history[0].action, 'create');
  const p = await townA.patch(`/api/v1/facilities/${station.id}`, { status: '撤销' });
  assert.equal(p.status, 200, JSON.stringify(p.data));
  assert.equal(p.data.values.status, '撤销');
  assert.equal(p.data.history.length, 2);
  assert.equal(p.data.history[1].before.status, '运行');
  // who changed it, by name (a town worker without a member unit: the name alone)
  assert.equal(p.data.history[1].login, townA.user.login);
  assert.equal(p.data.history[1].login_name, '测试用户');
  assert.equal(station.history[0].login_name, '测试用户');
  assert.equal(p.data.history[1].after.status, '撤销');
  const bad = await townA.patch(`/api/v1/facilities/${station.id}`, { status: '运营', opened_on: '2021-02-30' });
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.code, 'invalid_record');
  assert.deepEqual(bad.data.error.problems.map((x) => x.column).sort(), ['状态', '成立日期'].sort());
  const dup = await adm.post('/api/v1/facilities', { type: 'station', name: station.name, division_code: TOWN_A, opened_on: '2021-03-01', status: '运行' });
  assert.equal(dup.status, 409);
});

test('a town worker sees and changes only their town; another town gets 404', async () => {
  const list = (c) => c.get(`/api/v1/facilities?type=station&q=${encodeURIComponent(station.name)}`);
  assert.equal((await list(townA)).data.total, 1);
  assert.equal((await list(townB)).data.total, 0);
  assert.equal((await townB.get(`/api/v1/facilities/${station.id}`)).status, 404);
  assert.equal((await townB.patch(`/api/v1/facilities/${station.id}`, { note: 'x' })).status, 404);
  assert.equal((await townB.req('DELETE', `/api/v1/facilities/${station.id}`, { reason: '越权' })).status, 404);
  assert.equal(await exported(townB, `/api/v1/facilities/export.xlsx?type=station&q=${encodeURIComponent(station.name)}`), 0);
  assert.equal(await exported(townA, `/api/v1/facilities/export.xlsx?type=station&q=${encodeURIComponent(station.name)}`), 1);
  // creating in another town is refused
  const r = await townB.post('/api/v1/facilities', { type: 'station', name: unique('越界站'), division_code: TOWN_A, opened_on: '2021-03-01', status: '运行' });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'out_of_scope');
});

test('leaders and member units read every register but change none', async () => {
  for (const c of [leader, liaison, unitManager]) {
    assert.equal((await c.get(`/api/v1/facilities/${station.id}`)).status, 200);
    assert.equal((await c.get(`/api/v1/facilities?type=station&q=${encodeURIComponent(station.name)}`)).data.total, 1);
  }
  // without network.manage: 403; a member unit that holds it: the record is not there (404)
  assert.equal((await leader.patch(`/api/v1/facilities/${station.id}`, { note: 'x' })).status, 403);
  assert.equal((await liaison.patch(`/api/v1/facilities/${station.id}`, { note: 'x' })).status, 403);
  assert.equal((await unitManager.patch(`/api/v1/facilities/${station.id}`, { note: 'x' })).status, 404);
  assert.equal((await unitManager.req('DELETE', `/api/v1/facilities/${station.id}`, { reason: 'x' })).status, 404);
  const c = await unitManager.post('/api/v1/facilities', { type: 'post', name: unique('驿站'), division_code: TOWN_A, opened_on: '2022-01-01' });
  assert.equal(c.status, 403);
  const i = await importCsv(leader, 'post', csv(['名称,区划代码,建成日期', `x,${TOWN_A},2022-01-01`]));
  assert.equal(i.status, 403);
});

test('a bad import names every error and writes nothing', async () => {
  const name = unique('坏之家');
  const body = csv([
    '名称,村社区代码,类型,命名级别,命名日期',
    `${name}甲,${VILLAGE_A},示范型,县级,2022-05-01`,
    `${name}乙,${TOWN_A}999,基础型,,`,
    `${name}丙,${VILLAGE_A},基础型,省级,2022-02-30`,
    `${name}丁,${VILLAGE_A},高级型,,`,
  ]);
  const r = await importCsv(adm, 'children_home', body);
  assert.equal(r.status, 422, JSON.stringify(r.data));
  assert.equal(r.data.error.code, 'bad_rows');
  const p = r.data.error.problems;
  assert.ok(p.some((x) => x.row === 3 && x.column === '村社区代码' && /不存在/.test(x.reason)), 'unknown division');
  assert.ok(p.some((x) => x.row === 4 && x.column === '命名日期' && /不是有效日期/.test(x.reason)), 'bad date');
  assert.ok(p.some((x) => x.row === 5 && x.column === '类型' && /不在可选值中/.test(x.reason)), 'outside the list');
  assert.equal((await adm.get(`/api/v1/facilities?type=children_home&q=${encodeURIComponent(name)}`)).data.total, 0);
  const h = await importCsv(adm, 'children_home', csv(['名称,村社区代码,类型,命名级别,命名时间', `${name},${VILLAGE_A},基础型,,`]));
  assert.equal(h.status, 422);
  assert.equal(h.data.error.code, 'bad_header');
  assert.ok(h.data.error.problems.some((x) => /未知列「命名时间」/.test(x.reason)), 'unknown header');
  assert.ok(h.data.error.problems.some((x) => /缺少必需的列「命名日期」/.test(x.reason)), 'missing header');
  // skip_bad: the good row written, the others returned
  const s = await importCsv(adm, 'children_home', body, '&skip_bad=1');
  assert.equal(s.status, 200, JSON.stringify(s.data));
  assert.equal(s.data.created, 1);
  assert.equal(s.data.rejected, 3);
  assert.match(s.data.rejected_csv, /错误原因/);
  assert.equal((await adm.get(`/api/v1/facilities?type=children_home&q=${encodeURIComponent(name)}`)).data.total, 1);
});

test("a town worker's import of a row in another town refuses that row", async () => {
  const name = unique('驿站');
  const r = await importCsv(townB, 'post', csv(['名称,区划代码,建成日期', `${name}一,${TOWN_B},2022-01-01`, `${name}二,${VILLAGE_A},2022-01-01`]));
  assert.equal(r.status, 422);
  assert.ok(r.data.error.problems.some((x) => x.row === 3 && /不在您的管辖范围内/.test(x.reason)));
  assert.equal((await adm.get(`/api/v1/facilities?type=post&q=${encodeURIComponent(name)}`)).data.total, 0);
});

test('re-importing the same file changes nothing; GB18030 is accepted', async () => {
  const name = unique('托育');
  const lines = ['名称,区划代码,托位数,性质,普惠,备案日期', `${name}园,${TOWN_A},0,民办,是,2022-03-01`, `${name}所,${VILLAGE_A},40,公办,否,2021/9/1`];
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: csv(lines) });
  assert.notDeepEqual(gb, Buffer.from(csv(lines)));
  const a = await importCsv(adm, 'childcare', gb);
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.equal(a.data.created, 2);
  const b = await importCsv(adm, 'childcare', csv(lines));
  assert.deepEqual([b.data.created, b.data.updated, b.data.unchanged], [0, 0, 2]);
  lines[2] = `${name}所,${VILLAGE_A},45,公办,否,2021/9/1`;
  const c = await importCsv(adm, 'childcare', csv(lines));
  assert.deepEqual([c.data.created, c.data.updated, c.data.unchanged], [0, 1, 1]);
  const items = (await adm.get(`/api/v1/facilities?type=childcare&q=${encodeURIComponent(name)}`)).data.items;
  const so = items.find((x) => x.name === `${name}所`);
  assert.equal(so.values.places, '45');
  const d = (await adm.get(`/api/v1/facilities/${so.id}`)).data;
  assert.deepEqual(d.history.map((h) => h.action), ['create', 'update']);
});

// An .xlsx written as Excel lays it out (tests/helpers/xlsx_write.py; see its spec).
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
function xlsx(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'wb-xlsx-'));
  try {
    execFileSync('python3', [join(here, '..', 'helpers', 'xlsx_write.py'), join(dir, 'x.xlsx')],
      { input: JSON.stringify({ sheets: [{ name: '台账', rows }, { name: '说明', rows: [[1, ['不读']]] }] }) });
    return readFileSync(join(dir, 'x.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const importXlsx = (c, type, body, extra = '') =>
  c.req('POST', `/api/v1/facilities/import?type=${type}${extra}`, body, { headers: { 'content-type': XLSX_TYPE } });

test('an .xlsx register: rows named as in the sheet, dates and codes from their cells, scope per row', async () => {
  const name = unique('表格驿站');
  const head = [1, ['名称', '区划代码', '建成日期']];
  const bad = xlsx([head, [2, [`${name}一`, Number(TOWN_A), { date: '2022-03-01' }]],
    [6, [`${name}二`, Number(`${TOWN_A}999`), { date: '2022-03-02' }]], [8, [`${name}三`, Number(VILLAGE_A), null]]]);
  const r = await importXlsx(adm, 'post', bad);
  assert.equal(r.status, 422, JSON.stringify(r.data));
  const p = r.data.error.problems;
  assert.ok(p.some((x) => x.row === 6 && x.column === '区划代码' && /不存在/.test(x.reason)), JSON.stringify(p));
  assert.ok(p.some((x) => x.row === 8 && x.column === '建成日期'), JSON.stringify(p));
  assert.equal((await adm.get(`/api/v1/facilities?type=post&q=${encodeURIComponent(name)}`)).data.total, 0);
  // a reader may not import; a town worker of another town has every row refused
  assert.equal((await importXlsx(leader, 'post', bad)).status, 403);
  const good = xlsx([head, [3, [`${name}一`, Number(TOWN_A), { date: '2022-03-01' }]], [4, [`${name}四`, Number(VILLAGE_A), { date: '2023-12-31' }]]]);
  const o = await importXlsx(townB, 'post', good);
  assert.equal(o.status, 422);
  assert.deepEqual(o.data.error.problems.map((x) => x.row), [3, 4]);
  assert.ok(o.data.error.problems.every((x) => /不在您的管辖范围内/.test(x.reason)));
  // the town's own worker imports it; application/octet-stream is read by content too
  const a = await importXlsx(townA, 'post', good);
  assert.equal(a.status, 200, JSON.stringify(a.data));
  assert.deepEqual([a.data.rows, a.data.created], [2, 2]);
  const items = (await townA.get(`/api/v1/facilities?type=post&q=${encodeURIComponent(name)}`)).data.items;
  const four = items.find((x) => x.name === `${name}四`);
  assert.equal(four.division_code, VILLAGE_A);
  assert.equal(four.values.opened_on, '2023-12-31');
  const again = await townA.req('POST', '/api/v1/facilities/import?type=post', good, { headers: { 'content-type': 'application/octet-stream' } });
  assert.deepEqual([again.data.created, again.data.updated, again.data.unchanged], [0, 0, 2]);
  // what is not an .xlsx says so in Chinese
  const xls = await importXlsx(adm, 'post', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
  assert.equal(xls.status, 400);
  assert.equal(xls.data.error.code, 'xlsx_unsupported');
  assert.match(xls.data.error.message, /另存为 \.xlsx/);
  const cut = await importXlsx(adm, 'post', good.subarray(0, good.length - 30));
  assert.equal(cut.status, 400);
  assert.equal(cut.data.error.code, 'xlsx_corrupt');
  assert.equal((await adm.req('POST', '/api/v1/facilities/import?type=post', good, { headers: { 'content-type': 'image/png' } })).status, 415);
});

test('phones are masked in lists and never stored in clear', async () => {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const name = unique('主任');
  const r = await townA.post('/api/v1/facilities', { type: 'director', name, division_code: VILLAGE_A, phone, appointed_on: '2022-01-01' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.values.phone, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  const l = await townA.get(`/api/v1/facilities?type=director&q=${encodeURIComponent(name)}`);
  assert.equal(l.data.items[0].values.phone, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  assert.ok(!JSON.stringify(l.data).includes(phone));
  assert.ok(!JSON.stringify(r.data.history).includes(phone));
  if (process.env.WEIBAO_BACKEND === 'sqlite') {
    const db = process.env.WEIBAO_TEST_DB;
    for (const f of [db, `${db}-wal`]) if (existsSync(f)) assert.ok(!readFileSync(f).includes(phone), `${f} holds the phone in clear`);
  }
});

test('a delete needs a reason and keeps the history', async () => {
  const r = await townA.post('/api/v1/facilities', { type: 'post', name: unique('待删驿站'), division_code: VILLAGE_A, opened_on: '2022-01-01' });
  assert.equal(r.status, 201);
  assert.equal((await townA.req('DELETE', `/api/v1/facilities/${r.data.id}`, { reason: ' ' })).status, 400);
  const d = await townA.req('DELETE', `/api/v1/facilities/${r.data.id}`, { reason: '已撤并' });
  assert.equal(d.status, 200);
  assert.equal((await townA.get(`/api/v1/facilities/${r.data.id}`)).status, 404);
  const ev = (await adm.get(`/api/v1/audit?action=facility.delete&user=${townA.user.login}&per_page=1`)).data.items[0];
  assert.equal(ev.object_id, String(r.data.id));
});

test('vacancies: towns without a 督导员, villages without a 儿童主任, within the scope', async () => {
  const v = await townB.get('/api/v1/facilities/vacancies');
  assert.equal(v.status, 200);
  assert.ok(v.data.villages_without_director.some((x) => x.code === VILLAGE_B));
  assert.ok(!v.data.villages_without_director.some((x) => x.code === VILLAGE_A));   // another town's
  const all = (await leader.get('/api/v1/facilities/vacancies')).data;
  assert.ok(!all.villages_without_director.some((x) => x.code === VILLAGE_A));   // it has one now
  assert.ok(all.towns_without_supervisor.length > 0);
});

test('trainings of the rosters: attendees from the caller\'s own rosters only', async () => {
  const sup = await townA.post('/api/v1/facilities', { type: 'supervisor', name: unique('督导员'), division_code: TOWN_A, phone: '13600136000', appointed_on: '2021-01-01' });
  assert.equal(sup.status, 201, JSON.stringify(sup.data));
  const dirB = await townB.post('/api/v1/facilities', { type: 'director', name: unique('主任'), division_code: VILLAGE_B, phone: '13500135000', appointed_on: '2021-01-01' });
  assert.equal(dirB.status, 201, JSON.stringify(dirB.data));
  const name = unique('儿童督导员培训');
  const body = { name, held_on: '2022/6/1', organiser: '市民政局', division_code: TOWN_A, attendee_ids: [sup.data.id] };
  const t = await townA.post('/api/v1/trainings', body);
  assert.equal(t.status, 201, JSON.stringify(t.data));
  assert.equal(t.data.held_on, '2022-06-01');
  assert.deepEqual(t.data.attendees.map((a) => a.id), [sup.data.id]);
  assert.equal(t.data.attendees[0].type_title, '儿童督导员');
  // another town's roster person, a record that is not a person, a bad date
  const other = await townA.post('/api/v1/trainings', { ...body, attendee_ids: [dirB.data.id] });
  assert.equal(other.status, 400);
  assert.equal(other.data.error.field, 'attendee_ids');
  assert.equal((await townA.post('/api/v1/trainings', { ...body, attendee_ids: [station.id] })).status, 400);
  assert.equal((await townA.post('/api/v1/trainings', { ...body, held_on: '2022-13-01' })).status, 400);
  assert.equal((await townB.post('/api/v1/trainings', body)).status, 403);
  assert.equal((await leader.post('/api/v1/trainings', body)).status, 403);
  // read: the town and the county; not another town
  assert.equal((await townB.get(`/api/v1/trainings/${t.data.id}`)).status, 404);
  assert.equal((await leader.get(`/api/v1/trainings/${t.data.id}`)).status, 200);
  const l = await townA.get(`/api/v1/trainings?town=${TOWN_A}`);
  assert.ok(l.data.items.some((x) => x.id === t.data.id && x.attendee_count === 1));
  assert.ok(!(await townB.get('/api/v1/trainings')).data.items.some((x) => x.id === t.data.id));
});

// The cells of an exported workbook (xlsx_rows.py, the file on its standard input).
const XLSX_ROWS = decodeURIComponent(new URL('xlsx_rows.py', import.meta.url).pathname);
function sheet(bytes) {
  return JSON.parse(execFileSync('python3', [XLSX_ROWS, '-'], { input: bytes, encoding: 'utf8' }));
}

test('a training shows its attendees with masked phones; the export lists the scope\'s trainings', async () => {
  const dir = await townA.post('/api/v1/facilities', { type: 'director', name: unique('培训主任'), division_code: VILLAGE_A, phone: '13712345678', appointed_on: '2021-05-01' });
  assert.equal(dir.status, 201, JSON.stringify(dir.data));
  const name = unique('儿童主任导出培训');
  const t = await townA.post('/api/v1/trainings', { name, held_on: '2022-07-01', organiser: '乌镇镇社会事务办', division_code: VILLAGE_A, attendee_ids: [dir.data.id] });
  assert.equal(t.status, 201, JSON.stringify(t.data));
  const a = (await leader.get(`/api/v1/trainings/${t.data.id}`)).data.attendees;
  assert.equal(a.length, 1);
  assert.equal(a[0].values.phone, '137****5678');
  assert.ok(!JSON.stringify(a).includes('13712345678'));
  // the export: the town's trainings with their counts; another town's has none of them
  const x = await townA.get(`/api/v1/trainings/export.xlsx?town=${TOWN_A}`);
  assert.equal(x.status, 200);
  const s = sheet(x.data);
  assert.deepEqual(s.rows[0], ['桐乡市未成年人保护工作委员会 培训记录']);
  assert.deepEqual(s.rows[2], ['培训名称', '培训日期', '组织单位', '区划代码', '镇街代码', '参训人数']);
  const row = s.rows.find((r) => r[0] === name);
  assert.deepEqual(row, [name, '2022-07-01', '乌镇镇社会事务办', VILLAGE_A, TOWN_A, 1]);
  const listed = (await townA.get(`/api/v1/trainings?town=${TOWN_A}&per_page=100`)).data.total;
  assert.equal(await exported(townA, `/api/v1/trainings/export.xlsx?town=${TOWN_A}`, 'training.export'), listed);
  assert.equal(await exported(townB, `/api/v1/trainings/export.xlsx?town=${TOWN_A}`, 'training.export'), 0);
  const other = sheet((await townB.get('/api/v1/trainings/export.xlsx')).data);
  assert.ok(!other.rows.some((r) => r[0] === name));
  // a role without network.read: 403
  const noRead = await userWith(adm, unique('fnr'), { roles: ['reporter'], scope_kind: 'own' });
  assert.equal((await noRead.get('/api/v1/trainings/export.xlsx')).status, 403);
  assert.equal((await noRead.get(`/api/v1/trainings/${t.data.id}`)).status, 403);
});

test('the register list and its export filter by village, within the scope', async () => {
  const home = await townA.post('/api/v1/facilities', { type: 'post', name: unique('村驿站'), division_code: VILLAGE_A, opened_on: '2022-03-01' });
  assert.equal(home.status, 201, JSON.stringify(home.data));
  const townPost = await townA.post('/api/v1/facilities', { type: 'post', name: unique('镇驿站'), division_code: TOWN_A, opened_on: '2022-03-01' });
  assert.equal(townPost.status, 201, JSON.stringify(townPost.data));
  const inVillage = (await townA.get(`/api/v1/facilities?type=post&village=${VILLAGE_A}&per_page=100`)).data;
  assert.ok(inVillage.items.some((x) => x.id === home.data.id));
  assert.ok(!inVillage.items.some((x) => x.id === townPost.data.id), 'a town-level record is not in the village');
  assert.ok(inVillage.items.every((x) => x.division_code === VILLAGE_A));
  assert.equal(await exported(townA, `/api/v1/facilities/export.xlsx?type=post&village=${VILLAGE_A}`), inVillage.total);
  // the leader reads it too; another town's worker gets an empty list, not an error
  assert.ok((await leader.get(`/api/v1/facilities?village=${VILLAGE_A}&per_page=100`)).data.items.some((x) => x.id === home.data.id));
  const b = await townB.get(`/api/v1/facilities?village=${VILLAGE_A}`);
  assert.equal(b.status, 200);
  assert.equal(b.data.total, 0);
  assert.deepEqual(b.data.items, []);
  assert.equal(await exported(townB, `/api/v1/facilities/export.xlsx?village=${VILLAGE_A}`), 0);
  // a code longer than a village's is refused
  assert.equal((await townA.get(`/api/v1/facilities?village=${VILLAGE_A}0`)).status, 400);
});
