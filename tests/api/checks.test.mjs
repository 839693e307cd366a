// Background checks (入职查询) through the API: the registry keeper imports
// the offender registry (nobody else reads it, not even admin); an
// institution's HR user runs its roster and sees its own people only (another
// institution's are not found); a hit tells the supervising unit's liaison
// without naming anyone; re-checks at a person's request; who is due a
// re-check and the coverage across the 12-month boundary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

const CSV = { headers: { 'content-type': 'text/csv' } };
const DAY = 86400;
let adm, keeper, hrA, hrB, townB, jyjLiaison, mzjLiaison, nobody;
let instA, instB, instAName, instBName;
let run;   // hrA's first run
const P = {};   // the people: ID numbers

// A valid ID number born in `year` (GB 11643 check character), random sequence.
function idNumber(year = 1985) {
  const body = `330483${year}${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(100 + Math.floor(Math.random() * 900))}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
const masked = (id) => `${id.slice(0, 6)}********${id.slice(14)}`;
// today in China, and the day `months` calendar months from it (day clamped)
function chinaDay(offsetDays = 0) {
  return new Date(Date.now() + offsetDays * DAY * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
function addMonths(day, months) {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12), nm = total % 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
function nextDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY * 1000).toISOString().slice(0, 10);
}

// A user made by the command line (admin cannot hand out check.registry, which it lacks).
function cliUser(login, role) {
  const password = `Cli-${login.split("").reverse().join("")}-Pw-2032`;
  execFileSync(process.env.WEIBAO_BIN, ['user', 'add', login, '--name', '记录库管理员', '--role', role,
    '--password-stdin', '--data', process.env.WEIBAO_DATA, '--db', process.env.WEIBAO_TEST_DB],
  { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  return password;
}

// An HR user of institution id.
async function hrOf(id, prefix) {
  const login = unique(prefix);
  const password = `Hr-${login.split("").reverse().join("")}-Pw-2032`;
  const r = await adm.post('/api/v1/users', { login, display_name: '机构人事', roles: ['institution_hr'],
    scope_kind: 'institution', scope_division: String(id), password });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const c = new Client();
  assert.equal((await c.signIn(login, password)).status, 200);
  c.password = password;
  return c;
}

async function signInAgain(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}

const registryCsv = (rows) => `姓名,身份证号,类别,记录日期\n${rows.map((r) => r.join(',')).join('\n')}\n`;
const rosterCsv = (rows) => `姓名,身份证号,岗位,同意书编号,入职日期\n${rows.map((r) => r.join(',')).join('\n')}\n`;

before(async () => {
  setClock(0);
  adm = await admin();
  instAName = unique('查询测试小学');
  instBName = unique('查询测试医院');
  const a = await adm.post('/api/v1/facilities', { type: 'school', name: instAName, division_code: TOWN_A, stage: '小学' });
  assert.equal(a.status, 201, JSON.stringify(a.data));
  instA = a.data.id;
  const b = await adm.post('/api/v1/facilities', { type: 'hospital', name: instBName, division_code: TOWN_B });
  assert.equal(b.status, 201, JSON.stringify(b.data));
  instB = b.data.id;
  const keeperLogin = unique('rk');
  const keeperPassword = cliUser(keeperLogin, 'registry_keeper');
  keeper = new Client();
  assert.equal((await keeper.signIn(keeperLogin, keeperPassword)).status, 200);
  hrA = await hrOf(instA, 'hra');
  hrB = await hrOf(instB, 'hrb');
  const role = unique('chk_');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '镇入职查询', permissions: ['check.submit'] })).status, 201);
  townB = await userWith(adm, unique('ctb'), { roles: [role], scope_kind: 'town', scope_division: TOWN_B });
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  jyjLiaison = await userWith(adm, unique('cjy'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市教育局'] });
  mzjLiaison = await userWith(adm, unique('cmz'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市民政局'] });
  nobody = await userWith(adm, unique('cno'), { roles: ['leader'] });
  for (const k of ['hit', 'miss', 'applicant', 'twice', 'other']) P[k] = idNumber();
});

after(() => setClock(0));

test('the registry: its keeper imports it; bad rows refuse the file unless skipped; nobody else reads it, not even admin', async () => {
  const bad = await keeper.req('POST', '/api/v1/checks/registry/import?name=registry.csv', registryCsv([
    ['记录甲', P.hit, '性侵害', '2019-05-01'],
    ['记录乙', '330483198501011234', '虐待', '2019-05-01'],
    ['记录丙', P.other, '盗窃', '2019-05-01'],
  ]), CSV);
  assert.equal(bad.status, 422, JSON.stringify(bad.data));
  assert.deepEqual(bad.data.rejected.map((x) => x.row).sort(), [3, 4]);
  for (const x of bad.data.rejected) assert.ok(x.column && /[\u4e00-\u9fff]/.test(x.message), JSON.stringify(x));
  const before = (await keeper.get('/api/v1/checks/registry')).data.total;
  const ok = await keeper.req('POST', '/api/v1/checks/registry/import?name=registry.csv&skip_bad=1', registryCsv([
    ['记录甲', P.hit, '性侵害', '2019-05-01'],
    ['记录乙', '330483198501011234', '虐待', '2019-05-01'],
  ]), CSV);
  assert.equal(ok.status, 200, JSON.stringify(ok.data));
  assert.equal(ok.data.imported, 1);
  assert.equal(ok.data.total, 2);
  assert.deepEqual(ok.data.rejected.map((x) => x.row), [3]);
  const sum = await keeper.get('/api/v1/checks/registry');
  assert.equal(sum.status, 200);
  assert.equal(sum.data.total, before + 1);
  assert.ok(sum.data.by_category.some((c) => c.category === '性侵害' && c.count >= 1));
  assert.equal(sum.data.imports[0].file_name, 'registry.csv');
  assert.doesNotMatch(JSON.stringify(sum.data), new RegExp(`${P.hit}|记录甲`));
  const tpl = await keeper.get('/api/v1/checks/registry/template');
  assert.equal(tpl.status, 200);
  assert.equal(tpl.data.toString('utf8'), '\uFEFF姓名,身份证号,类别,记录日期\r\n');
  // admin (the office), an HR user, a town user, a leader: refused
  for (const c of [adm, hrA, townB, nobody]) {
    assert.equal((await c.get('/api/v1/checks/registry')).status, 403);
    assert.equal((await c.req('POST', '/api/v1/checks/registry/import', registryCsv([['某', P.other, '虐待', '2020-01-01']]), CSV)).status, 403);
    assert.equal((await c.get('/api/v1/checks/registry/template')).status, 403);
  }
  assert.equal((await adm.get('/api/v1/me')).data.permissions.includes('check.registry'), false);
});

test('a roster run: hit and miss, a malformed ID number on its row, a repeat reported, the batch complete', async () => {
  const r = await hrA.req('POST', `/api/v1/checks/runs?institution=${instA}&name=roster.csv`, rosterCsv([
    ['张三丰', P.hit, '体育教师', 'TY-001', '2018-09-01'],
    ['李四光', P.miss, '班主任', 'TY-002', '2015-09-01'],
    ['王五', '33048319850101123', '保安', 'TY-003', '2019-01-01'],
    ['赵六', P.applicant, '应聘教师', 'TY-004', ''],
    ['李四光', P.miss, '班主任', 'TY-002', '2015-09-01'],
  ]), CSV);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  run = r.data;
  assert.deepEqual(run.institution, { id: instA, name: instAName });
  assert.equal(run.checked, 3);
  assert.equal(run.hits, 1);
  assert.equal(run.invalid, 2);
  const byRow = Object.fromEntries(run.rows.map((x) => [x.row, x]));
  assert.equal(byRow[2].result, '有记录');
  assert.equal(byRow[2].id_number_masked, masked(P.hit));
  assert.equal(byRow[2].name_masked, '张*丰');
  assert.equal(byRow[3].result, '无记录');
  assert.equal(byRow[4].result, '无效');
  assert.ok(byRow[4].message, 'the malformed number says why');
  assert.equal(byRow[5].result, '无记录');
  assert.equal(byRow[6].result, '无效');
  assert.match(byRow[6].message, /与第3行重复/);
  const text = JSON.stringify(run);
  assert.doesNotMatch(text, /性侵害|张三丰|李四光/, 'never the offence, never a name in clear');
  assert.doesNotMatch(text, new RegExp(P.hit));
  // an empty file: 422
  const empty = await hrA.req('POST', `/api/v1/checks/runs?institution=${instA}`, '姓名,身份证号,岗位,同意书编号,入职日期\n', CSV);
  assert.equal(empty.status, 422, JSON.stringify(empty.data));
  // the run as listed and read back
  const list = await hrA.get(`/api/v1/checks/runs?institution=${instA}`);
  assert.equal(list.status, 200);
  assert.ok(list.data.items.some((x) => x.id === run.id && x.hits === 1 && x.checked === 3));
  const back = await hrA.get(`/api/v1/checks/runs/${run.id}`);
  assert.equal(back.status, 200, JSON.stringify(back.data));
  assert.deepEqual(back.data.rows.filter((x) => x.result !== '无效').map((x) => [x.row, x.result, x.id_number_masked]),
    [[2, '有记录', masked(P.hit)], [3, '无记录', masked(P.miss)], [5, '无记录', masked(P.applicant)]]);
  assert.equal(back.data.rows_total, 5);
  const hits = await hrA.get(`/api/v1/checks/runs/${run.id}?result=${encodeURIComponent('有记录')}`);
  assert.deepEqual([hits.data.rows_total, hits.data.rows.map((x) => x.row)], [1, [2]]);
  const page2 = await hrA.get(`/api/v1/checks/runs/${run.id}?page=2&per_page=2`);
  assert.deepEqual([page2.data.rows_total, page2.data.rows.map((x) => x.row)], [5, [4, 5]]);
  const x = await hrA.get(`/api/v1/checks/runs/${run.id}/export.xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  // the 无效 rows, kept encrypted for their submitter alone
  assert.ok(run.rejects_id, 'the invalid rows are kept');
  const rej = await hrA.get(`/api/v1/checks/rejects/${run.rejects_id}`);
  assert.equal(rej.status, 200);
  assert.match(rej.headers.get('content-type'), /text\/csv/);
  assert.match(rej.data.toString('utf8'), /王五/);
  for (const c of [hrB, adm, townB]) assert.equal((await c.get(`/api/v1/checks/rejects/${run.rejects_id}`)).status, 404);
  const tpl = await hrA.get('/api/v1/checks/template');
  assert.equal(tpl.data.toString('utf8'), '\uFEFF姓名,身份证号,岗位,同意书编号,入职日期\r\n');
});

test('有记录 tells the supervising unit\'s liaison (education for a school), naming the institution and how many, nobody else', async () => {
  const mine = (await jyjLiaison.get('/api/v1/notifications')).data.items.filter((n) => n.kind === 'check_hit' && n.link === `/checks/runs/${run.id}`);
  assert.equal(mine.length, 1, JSON.stringify(mine));
  assert.match(mine[0].title, new RegExp(instAName));
  assert.match(mine[0].title, /1/);
  assert.doesNotMatch(mine[0].title, /张|性侵害|330483/);
  const other = (await mzjLiaison.get('/api/v1/notifications')).data.items.filter((n) => n.link === `/checks/runs/${run.id}`);
  assert.equal(other.length, 0, 'civil affairs supervises no school');
  assert.equal((await hrA.get('/api/v1/notifications')).data.items.filter((n) => n.kind === 'check_hit').length, 0);
});

test('the registry keeper cannot see rosters; an HR user cannot see another institution (404, not 403)', async () => {
  for (const path of ['/api/v1/checks/staff', `/api/v1/checks/runs/${run.id}`, '/api/v1/checks/institutions', '/api/v1/checks/runs', '/api/v1/checks/template']) {
    assert.equal((await keeper.get(path)).status, 403, path);
  }
  assert.equal((await keeper.req('POST', `/api/v1/checks/runs?institution=${instA}`, rosterCsv([['某', P.other, '', '', '']]), CSV)).status, 403);
  const staffA = (await hrA.get(`/api/v1/checks/staff?institution=${instA}`)).data.items;
  const hit = staffA.find((s) => s.id_number_masked === masked(P.hit));
  assert.ok(hit, JSON.stringify(staffA));
  for (const c of [hrB, townB]) {
    assert.equal((await c.get(`/api/v1/checks/runs/${run.id}`)).status, 404);
    assert.equal((await c.get(`/api/v1/checks/runs/${run.id}/export.xlsx`)).status, 404);
    assert.equal((await c.get(`/api/v1/checks/staff/${hit.id}`)).status, 404);
    assert.equal((await c.post(`/api/v1/checks/staff/${hit.id}/recheck`, { reason: '本人申请' })).status, 404);
    assert.equal((await c.get(`/api/v1/checks/staff?institution=${instA}`)).data.total, 0);
    assert.ok(!(await c.get('/api/v1/checks/runs?per_page=100')).data.items.some((x) => x.id === run.id));
    assert.ok(!(await c.get('/api/v1/checks/institutions')).data.items.some((x) => x.id === instA));
    // running another institution's roster: not found
    assert.equal((await c.req('POST', `/api/v1/checks/runs?institution=${instA}`, rosterCsv([['某人', P.other, '', '', '']]), CSV)).status, 404);
  }
  const mine = (await hrB.get('/api/v1/checks/institutions')).data.items;
  assert.deepEqual(mine.map((x) => x.id), [instB]);
  assert.equal(mine[0].type_name, '医院');
  assert.ok((await townB.get('/api/v1/checks/institutions')).data.items.some((x) => x.id === instB));
  assert.equal((await nobody.get('/api/v1/checks/staff')).status, 403, 'a leader submits nothing');
  // the county office sees it
  assert.equal((await adm.get(`/api/v1/checks/staff/${hit.id}`)).status, 200);
});

test('the staff list: masked, applicants apart, none due yet; the export', async () => {
  const all = await hrA.get(`/api/v1/checks/staff?institution=${instA}`);
  assert.equal(all.status, 200);
  assert.equal(all.data.total, 3);
  const byId = Object.fromEntries(all.data.items.map((s) => [s.id_number_masked, s]));
  const miss = byId[masked(P.miss)];
  assert.deepEqual([miss.name_masked, miss.post, miss.consent_no, miss.hired_on, miss.last_result, miss.due, miss.last_checked_on],
    ['李*光', '班主任', 'TY-002', '2015-09-01', '无记录', false, chinaDay()]);
  assert.equal(byId[masked(P.applicant)].hired_on, null);
  assert.deepEqual((await hrA.get(`/api/v1/checks/staff?institution=${instA}&applicants=1`)).data.items.map((s) => s.id_number_masked), [masked(P.applicant)]);
  assert.equal((await hrA.get(`/api/v1/checks/staff?institution=${instA}&applicants=0`)).data.total, 2);
  assert.equal((await hrA.get(`/api/v1/checks/staff?institution=${instA}&due=1`)).data.total, 0);
  assert.doesNotMatch(JSON.stringify(all.data), /李四光|张三丰|性侵害/);
  const x = await hrA.get(`/api/v1/checks/staff/export.xlsx?institution=${instA}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const one = await hrA.get(`/api/v1/checks/staff/${miss.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.data.rechecks, []);
  assert.equal(one.data.institution_type_name, '学校');
});

test('a re-check at the person\'s request: a reason needed, done at once, recorded', async () => {
  const miss = (await hrA.get(`/api/v1/checks/staff?institution=${instA}`)).data.items.find((s) => s.id_number_masked === masked(P.miss));
  const none = await hrA.post(`/api/v1/checks/staff/${miss.id}/recheck`, { reason: '  ' });
  assert.equal(none.status, 422, JSON.stringify(none.data));
  assert.equal(none.data.error.field, 'reason');
  const r = await hrA.post(`/api/v1/checks/staff/${miss.id}/recheck`, { reason: '本人对结果有异议，申请复查' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data, { result: '无记录', checked_on: chinaDay() });
  const one = (await hrA.get(`/api/v1/checks/staff/${miss.id}`)).data;
  assert.equal(one.rechecks.length, 1);
  assert.equal(one.rechecks[0].reason, '本人对结果有异议，申请复查');
  assert.equal(one.rechecks[0].result, '无记录');
  assert.ok(one.rechecks[0].by);
  // audited: the result, not the person
  const ev = (await adm.get(`/api/v1/audit?action=check.recheck&user=${hrA.user.login}&per_page=1`)).data.items[0];
  assert.equal(ev.object_id, String(miss.id));
  assert.match(ev.detail, /无记录/);
  // a hit re-checked: 有记录 again, and the liaison hears of it
  const hit = (await hrA.get(`/api/v1/checks/staff?institution=${instA}`)).data.items.find((s) => s.id_number_masked === masked(P.hit));
  const h = await hrA.post(`/api/v1/checks/staff/${hit.id}/recheck`, { reason: '本人申请' });
  assert.equal(h.data.result, '有记录');
  const heard = (await jyjLiaison.get('/api/v1/notifications')).data.items.filter((n) => n.kind === 'check_hit');
  assert.ok(heard.length >= 2, JSON.stringify(heard));
  assert.doesNotMatch(JSON.stringify(heard), /张|性侵害|330483/);
});

test('coverage across the 12-month boundary: covered through the anniversary, due the day after', async () => {
  const today = chinaDay();
  const last = addMonths(today, 12), after12 = nextDay(last);
  const mine = (cov) => cov.by_institution.find((x) => x.id === instA);
  const now = await adm.get('/api/v1/checks/coverage');
  assert.equal(now.status, 200, JSON.stringify(now.data));
  assert.equal(now.data.months, 12);
  assert.deepEqual(mine(now.data), { id: instA, name: instAName, type_name: '学校', town: '乌镇镇', type: 'school', staff: 2, covered: 2, due: 0, coverage: 100 });
  const edge = (await adm.get(`/api/v1/checks/coverage?as_of=${last}`)).data;
  assert.equal(mine(edge).covered, 2);
  const past = (await adm.get(`/api/v1/checks/coverage?as_of=${after12}`)).data;
  assert.deepEqual([mine(past).staff, mine(past).covered, mine(past).due, mine(past).coverage], [2, 0, 2, 0]);
  const school = past.by_type.find((t) => t.type === 'school');
  assert.ok(school.institutions >= 1 && school.type_name === '学校');
  assert.ok(past.county.staff >= 2);
  assert.equal((await adm.get('/api/v1/checks/coverage?as_of=2026-02-30')).status, 400);
  // the dashboard's readers only; an HR user holds no dashboard.read
  assert.equal((await hrA.get('/api/v1/checks/coverage')).status, 403);
  assert.equal((await jyjLiaison.get('/api/v1/checks/coverage')).status, 200);
  // the clock a day past the anniversary: both employees due, the applicant not
  const days = Math.round((Date.parse(`${after12}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / (DAY * 1000));
  setClock(days * DAY);
  try {
    const hr = await signInAgain(hrA);
    const due = (await hr.get(`/api/v1/checks/staff?institution=${instA}&due=1`)).data;
    assert.deepEqual(due.items.map((s) => s.id_number_masked).sort(), [masked(P.hit), masked(P.miss)].sort());
    assert.ok(due.items.every((s) => s.due));
    const inst = (await hr.get('/api/v1/checks/institutions')).data.items.find((x) => x.id === instA);
    assert.deepEqual([inst.staff, inst.covered, inst.due, inst.coverage], [2, 0, 2, 0]);
    // a re-check today covers the person again
    const miss = due.items.find((s) => s.id_number_masked === masked(P.miss));
    assert.equal((await hr.post(`/api/v1/checks/staff/${miss.id}/recheck`, { reason: '年度复查' })).status, 200);
    const after = (await hr.get(`/api/v1/checks/staff?institution=${instA}&due=1`)).data;
    assert.deepEqual(after.items.map((s) => s.id_number_masked), [masked(P.hit)]);
    const inst2 = (await hr.get('/api/v1/checks/institutions')).data.items.find((x) => x.id === instA);
    assert.deepEqual([inst2.covered, inst2.due, inst2.coverage], [1, 1, 50]);
  } finally {
    setClock(0);
  }
});

test('plan item 20 binds to the county coverage (indicator check_coverage)', async () => {
  adm = await admin();   // sessions expired while the clock was a year on
  // items 1–19 of no matter, item 20 as the 2022 plan words it (a number no other file draws)
  const no = 1900 + Math.floor(Math.random() * 90);
  const items = Array.from({ length: 19 }, (_, i) => `${i + 1}.开展第${i + 1}项查询测试工作。(责任部门:市关工委)`);
  const text = [`文件编号: 桐未工委办〔2034〕${no}号`, '关于印发《桐乡市未成年人保护工作委员会2034年工作要点》的通知',
    '各成员单位：', '一、查询测试', ...items,
    '20.推进密切接触未成年人单位工作人员违法犯罪记录查询工作,对学校、托育、医院、校外培训、儿童福利、未成年人保护等机构内相关工作人员违法犯罪记录进行全覆盖查询。(责任部门:市法院、市教育局)',
    '桐乡市未成年人保护工作委员会办公室 2034年3月1日'].join('\n');
  const p = await adm.post('/api/v1/plans', { text });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  const t = p.data.items.find((i) => i.number === 20).targets[0];
  assert.equal(t.binding && t.binding.definition, 'check_coverage', JSON.stringify(p.data.items[0]));
  const day = chinaDay();
  const ind = (await adm.get(`/api/v1/indicators?plan=${p.data.id}&as_of=${day}`)).data.indicators.find((i) => i.item === 20);
  const cov = (await adm.get(`/api/v1/checks/coverage?as_of=${day}`)).data;
  assert.equal(ind.source, 'registry');
  assert.equal(ind.actual, cov.county.coverage);
  assert.equal(ind.met, cov.county.coverage === 100);
});
