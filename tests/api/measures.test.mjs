// Measures of cases across member units, 挂牌督办, and the child's
// 监护缺失或不当 found by an assessment (issue 14, second part).  A unit
// assigned a measure sees it and nothing else of the case (not the reporter,
// the contact or the description); another unit's measure is 404; an event
// its state does not take is 409 and changes nothing; only the office lifts
// a listing; a progress report moves the next due day; the notes are never
// stored in clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, admin, userWith, unique, setClock, TOWN_A, TOWN_B } from './lib.mjs';

const VILLAGE_A = `${TOWN_A}943`;
const NOTE = `每周两次心理疏导-${Date.now()}`;
const DELIVERED = `已完成六次心理辅导-${Date.now()}`;
const PROGRESS = `已移送检察机关审查起诉-${Date.now()}`;
const DESCRIPTION = `孩子说继父经常打他-${Date.now()}`;
let adm, school, station, stationB, eduUser, civilUser, eduNoMeasure;
let edu, civil, caseId, tracking, measureId;

function idNumber(year, seq) {
  const body = `330483${year}0606${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
const today = () => new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
const daysFrom = (n) => new Date(Date.now() + 8 * 3600000 + n * 86400000).toISOString().slice(0, 10);
const event = (c, id, body) => c.post(`/api/v1/cases/${id}/events`, body);
const measureEvent = (c, id, body) => c.post(`/api/v1/measures/${id}/events`, body);

// A new session of c's user (moving the clock ends the idle sessions).
async function again(c) {
  const n = new Client();
  assert.equal((await n.signIn(c.user.login, c.password)).status, 200);
  n.password = c.password;
  return n;
}
// The clock at `seconds` from now, the administrator signed in at it.
async function clockAt(seconds) {
  setClock(seconds);
  adm = await admin();
}
// The clock back to now and every user signed in again (a sign-in at a later
// time removed the sessions that had expired by then).
async function rewind() {
  await clockAt(0);
  [school, station, stationB, eduUser, civilUser, eduNoMeasure] = await Promise.all(
    [school, station, stationB, eduUser, civilUser, eduNoMeasure].map(again));
}

before(async () => {
  adm = await admin();
  const v = await adm.post('/api/v1/divisions', { code: VILLAGE_A, name: '措施甲村', kind: 'village' });
  assert.ok([201, 409].includes(v.status), JSON.stringify(v.data));
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  edu = units['市教育局'];
  civil = units['市民政局'];
  school = await userWith(adm, unique('mr'), { roles: ['reporter'], scope_kind: 'own' });
  station = await userWith(adm, unique('ms'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  stationB = await userWith(adm, unique('mb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  eduUser = await userWith(adm, unique('me'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: edu });
  civilUser = await userWith(adm, unique('mc'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: civil });
  // a unit user who reads cases but records no measure
  const role = unique('case_reader_');
  assert.equal((await adm.post('/api/v1/roles', { code: role, name: '个案只读', permissions: ['case.read'] })).status, 201);
  eduNoMeasure = await userWith(adm, unique('mn'), { roles: [role], scope_kind: 'unit', unit_id: edu });
  const r = await school.post('/api/v1/reports', { situations: [6], description: DESCRIPTION, place: '家中',
    child: { name: '陈小军', sex: '男', age: 10, village: VILLAGE_A }, reporter_contact: '13912345678' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  caseId = r.data.id;
  tracking = r.data.tracking_no;
});

after(() => setClock(0));

test('the built-in unit liaison holds case.measure', async () => {
  const roles = (await adm.get('/api/v1/roles')).data.items;
  assert.ok(roles.find((x) => x.code === 'unit_liaison').permissions.includes('case.measure'));
});

test('GET /api/v1/meta lists the configured measure kinds in their order (the UI offers them)', async () => {
  const m = (await station.get('/api/v1/meta')).data;
  assert.deepEqual(m.measure_kinds, ['司法救助', '心理疏导', '转移安置', '经济帮扶', '法律援助', '家庭教育指导']);
});

test('a measure is assigned only to an assessed case, by its handlers, of a listed kind', async () => {
  const body = { kind: '心理疏导', unit_id: edu, due_on: daysFrom(10), note: NOTE };
  const early = await station.post(`/api/v1/cases/${caseId}/measures`, body);
  assert.equal(early.status, 409, JSON.stringify(early.data));
  for (const b of [{ event: 'accept' }, { event: 'assess', risk: '高' }])
    assert.equal((await event(station, caseId, b)).status, 200);
  assert.equal((await stationB.post(`/api/v1/cases/${caseId}/measures`, body)).status, 404);
  assert.equal((await eduUser.post(`/api/v1/cases/${caseId}/measures`, body)).status, 403);
  const bad = await station.post(`/api/v1/cases/${caseId}/measures`, { ...body, kind: '心理咨询' });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, 'kind');
  assert.equal((await station.post(`/api/v1/cases/${caseId}/measures`, { ...body, due_on: daysFrom(-1) })).status, 422);
  const r = await station.post(`/api/v1/cases/${caseId}/measures`, body);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  measureId = r.data.id;
  // the unit's liaison is told, linking to the measure
  const n = (await eduUser.get('/api/v1/notifications?per_page=100')).data.items;
  assert.ok(n.some((x) => x.kind === 'case_measure' && x.link === `/measures/${measureId}`));
  assert.ok(!(await civilUser.get('/api/v1/notifications?per_page=100')).data.items.some((x) => x.link === `/measures/${measureId}`));
});

test('the unit sees its measure and nothing else of the case; another unit gets 404', async () => {
  const m = await eduUser.get(`/api/v1/measures/${measureId}`);
  assert.equal(m.status, 200, JSON.stringify(m.data));
  assert.equal(m.data.kind, '心理疏导');
  assert.equal(m.data.state, 'assigned');
  assert.equal(m.data.state_title, '待接收');
  assert.equal(m.data.unit_name, '市教育局');
  assert.equal(m.data.light, 'green');
  assert.equal(m.data.note, NOTE);
  assert.equal(m.data.tracking_no, tracking);
  assert.equal(m.data.child_name_masked, '陈*军');
  assert.equal(m.data.case.child_age, 10);
  assert.equal(m.data.case.risk, '高');
  assert.deepEqual(m.data.case.situations, [6]);
  const text = JSON.stringify(m.data);
  for (const secret of [DESCRIPTION, '13912345678', '家中', school.user.login])
    assert.equal(text.includes(secret), false, `the unit must not see ${secret}`);
  const list = (await eduUser.get('/api/v1/measures?per_page=100')).data;
  assert.ok(list.items.some((x) => x.id === measureId));
  assert.ok(list.items.every((x) => x.unit_id === edu), 'only its own unit');
  // another unit, and a unit user without case.measure: as if it did not exist
  const other = await civilUser.get(`/api/v1/measures/${measureId}`);
  const missing = await civilUser.get('/api/v1/measures/999999999');
  assert.equal(other.status, 404);
  assert.deepEqual(other.data, missing.data);
  assert.equal((await eduNoMeasure.get(`/api/v1/measures/${measureId}`)).status, 404);
  assert.ok(!(await civilUser.get('/api/v1/measures?per_page=100')).data.items.some((x) => x.id === measureId));
  assert.equal((await measureEvent(civilUser, measureId, { event: 'accept' })).status, 404);
  // a unit sees no case through the cases' routes
  assert.equal((await eduUser.get(`/api/v1/cases/${caseId}`)).status, 404);
  assert.equal((await eduUser.get('/api/v1/cases?per_page=100')).data.total, 0);
  assert.equal((await eduUser.get('/api/v1/listings?per_page=100')).data.total, 0);
  // the station sees the measure in the case and in its list
  const c = (await station.get(`/api/v1/cases/${caseId}`)).data;
  assert.ok(c.measures.some((x) => x.id === measureId && x.unit_name === '市教育局'));
  assert.equal(c.listing, null);
  assert.ok((await station.get(`/api/v1/measures?case_id=${caseId}`)).data.items.some((x) => x.id === measureId));
  assert.equal((await stationB.get(`/api/v1/measures/${measureId}`)).status, 404);
});

test('a user with none of case.read, case.measure, case.manage is refused at the route (403)', async () => {
  for (const r of [await school.get('/api/v1/measures'), await school.get('/api/v1/measures/export.xlsx'),
    await school.get(`/api/v1/measures/${measureId}`), await measureEvent(school, measureId, { event: 'accept' })]) {
    assert.equal(r.status, 403);
    assert.equal(r.data.error.code, 'forbidden');
  }
});

test('an event its state does not take is 409 and changes nothing; the wrong actor 403', async () => {
  const before = (await station.get(`/api/v1/measures/${measureId}`)).data;
  const r = await measureEvent(eduUser, measureId, { event: 'deliver', note: '提前', delivered_on: today() });
  assert.equal(r.status, 409, JSON.stringify(r.data));
  assert.equal((await measureEvent(eduUser, measureId, { event: 'close' })).status, 409);
  assert.equal((await measureEvent(station, measureId, { event: 'accept' })).status, 403);
  assert.equal((await measureEvent(eduUser, measureId, { event: 'cancel', note: '不做' })).status, 403);
  assert.equal((await measureEvent(eduUser, measureId, { event: 'decline' })).status, 422);
  assert.equal((await measureEvent(eduUser, measureId, { event: 'fly' })).status, 400);
  const after = (await station.get(`/api/v1/measures/${measureId}`)).data;
  assert.deepEqual(after, before);
});

test('the unit accepts, delivers and closes; the handler is told; the timeline keeps each step', async () => {
  let r = await measureEvent(eduUser, measureId, { event: 'accept' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.state_title, '实施中');
  r = await measureEvent(eduUser, measureId, { event: 'deliver', note: DELIVERED });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, 'delivered_on');
  r = await measureEvent(eduUser, measureId, { event: 'deliver', note: DELIVERED, delivered_on: today() });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.state, 'delivered');
  assert.equal(r.data.light, 'none');
  assert.equal(r.data.delivered_on, today());
  assert.deepEqual(r.data.events.map((e) => e.event), ['assign', 'accept', 'deliver']);
  assert.equal(r.data.events[2].note, DELIVERED);
  assert.ok((await station.get('/api/v1/notifications?per_page=100')).data.items
    .some((x) => x.kind === 'case_measure' && x.link === `/cases/${caseId}` && x.title.includes('已落实')));
  assert.equal((await measureEvent(station, measureId, { event: 'cancel', note: '撤销' })).status, 409);
  r = await measureEvent(eduUser, measureId, { event: 'close' });
  assert.equal(r.status, 200);
  assert.equal(r.data.state_title, '已办结');
  const c = (await station.get(`/api/v1/cases/${caseId}`)).data;
  const titles = c.timeline.filter((e) => e.event === 'measure').map((e) => e.title);
  assert.ok(titles.includes('心理疏导：已落实（市教育局）'), JSON.stringify(titles));
  assert.ok(titles.includes('心理疏导：已办结（市教育局）'));
  const audit = (await adm.get('/api/v1/audit?action=measure.event&per_page=100')).data.items;
  assert.ok(audit.filter((e) => e.object_id === String(measureId)).length >= 3, 'every event audited');
});

test('a declined measure goes back to the handler, who assigns it again; a cancel needs a reason', async () => {
  const r = await station.post(`/api/v1/cases/${caseId}/measures`, { kind: '经济帮扶', unit_id: civil, due_on: daysFrom(5) });
  assert.equal(r.status, 201);
  const d = await measureEvent(civilUser, r.data.id, { event: 'decline', note: '不属于本单位职责' });
  assert.equal(d.status, 200);
  assert.equal(d.data.state_title, '退回');
  assert.ok((await station.get('/api/v1/notifications?per_page=100')).data.items
    .some((x) => x.kind === 'case_measure' && x.title.includes('退回')));
  const again = await station.post(`/api/v1/cases/${caseId}/measures`, { kind: '经济帮扶', unit_id: edu, due_on: daysFrom(5) });
  assert.equal(again.status, 201);
  assert.equal((await measureEvent(station, again.data.id, { event: 'cancel' })).status, 422);
  const c = await measureEvent(station, again.data.id, { event: 'cancel', note: '家庭已自行解决' });
  assert.equal(c.status, 200);
  assert.equal(c.data.state, 'cancelled');
  assert.ok((await station.get(`/api/v1/measures?case_id=${caseId}&state=cancelled`)).data.items.some((x) => x.id === again.data.id));
});

test('lights: yellow days before the due day, red after it; the list filters by light', async () => {
  const r = await station.post(`/api/v1/cases/${caseId}/measures`, { kind: '法律援助', unit_id: edu, due_on: daysFrom(4) });
  assert.equal(r.status, 201);
  const id = r.data.id;
  const lightAt = async (days) => {
    await clockAt(days * 86400);
    const c = await userWith(adm, unique('ml'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: edu });
    const m = (await c.get(`/api/v1/measures/${id}`)).data;
    const listed = (await c.get(`/api/v1/measures?light=${m.light}&per_page=100`)).data.items.some((x) => x.id === id);
    return [m.light, listed];
  };
  assert.deepEqual(await lightAt(0), ['green', true]);
  assert.deepEqual(await lightAt(2), ['yellow', true]);
  assert.deepEqual(await lightAt(6), ['red', true]);
  await rewind();
});

test('挂牌督办: the office lists a case; the station reports progress; only the office lifts it', async () => {
  const office = adm;   // signed in again by rewind() above
  const body = { leader: '副市长 王某', deadline: daysFrom(60), period_days: 7, reason: '重大个案，挂牌督办' };
  assert.equal((await station.post(`/api/v1/cases/${caseId}/listing`, body)).status, 403);
  assert.equal((await office.post(`/api/v1/cases/${caseId}/listing`, { ...body, deadline: daysFrom(-1) })).status, 422);
  const r = await office.post(`/api/v1/cases/${caseId}/listing`, body);
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal((await office.post(`/api/v1/cases/${caseId}/listing`, body)).status, 409);
  assert.ok((await station.get('/api/v1/notifications?per_page=100')).data.items
    .some((x) => x.kind === 'case_listing' && x.link === `/cases/${caseId}`));
  let c = (await station.get(`/api/v1/cases/${caseId}`)).data;
  assert.equal(c.listing.id, r.data.id);
  assert.equal(c.listing.leader, '副市长 王某');
  assert.equal(c.listing.next_report_due, daysFrom(7));
  assert.equal(c.listing.light, 'green');
  assert.ok((await station.get('/api/v1/listings?active=1&per_page=100')).data.items.some((x) => x.id === r.data.id && x.reports === 0));
  assert.ok(!(await stationB.get('/api/v1/listings?per_page=100')).data.items.some((x) => x.id === r.data.id));
  // ten days on the report is overdue; a report moves the next due day a period on
  await clockAt(10 * 86400);
  const later = await userWith(adm, unique('mt'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  assert.equal((await later.get(`/api/v1/cases/${caseId}`)).data.listing.light, 'red');
  assert.ok((await later.get('/api/v1/listings?light=red&per_page=100')).data.items.some((x) => x.id === r.data.id));
  const p = await later.post(`/api/v1/cases/${caseId}/listing/reports`, { progress: PROGRESS });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  assert.equal(p.data.next_report_due, daysFrom(17));
  assert.equal(p.data.light, 'green');
  assert.equal(p.data.reports[0].progress, PROGRESS);
  // a station cannot lift it; the office can, once
  assert.equal((await later.post(`/api/v1/cases/${caseId}/listing/lift`, { reason: '已办结' })).status, 403);
  await rewind();
  const l = await adm.post(`/api/v1/cases/${caseId}/listing/lift`, { reason: '案件已办结' });
  assert.equal(l.status, 200, JSON.stringify(l.data));
  assert.ok(l.data.lifted_at > 0);
  assert.equal(l.data.lift_reason, '案件已办结');
  assert.equal(l.data.light, 'none');
  assert.equal((await adm.post(`/api/v1/cases/${caseId}/listing/lift`, { reason: '再次' })).status, 409);
  c = (await adm.get(`/api/v1/cases/${caseId}`)).data;
  assert.ok(c.timeline.some((e) => e.event === 'listing' && e.title === '摘牌'));
  assert.ok(!(await adm.get('/api/v1/listings?active=1&per_page=100')).data.items.some((x) => x.id === r.data.id));
  const x = await adm.get('/api/v1/listings/export.xlsx?active=0');
  assert.equal(x.status, 200);
  const m = await eduUser.get('/api/v1/measures/export.xlsx');
  assert.equal(m.status, 200);
});

test('an assessment finding 监护缺失或不当 marks the registry child; clearing it removes the category', async () => {
  const number = idNumber(new Date().getUTCFullYear() - 9, 100 + Math.floor(Math.random() * 800));
  const k = await adm.post('/api/v1/children', { name: '监护儿童', id_number: number, village_code: VILLAGE_A, placement: '家庭' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  // the registry shows the main category 困境儿童 with its reason (the sub-category
  // 困境儿童（监护缺失或不当） is the stored bit behind it)
  const cat = '困境儿童';
  assert.ok(!(k.data.categories || []).includes(cat));
  const r = await school.post('/api/v1/reports', { situations: [6], description: '长期无人照料', child: { id_number: number, village: VILLAGE_A } });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const id = r.data.id;
  assert.equal((await event(station, id, { event: 'accept' })).status, 200);
  let e = await event(station, id, { event: 'assess', risk: '中', assessment: { guardianship_lacking: true, summary: '父母外出，祖母卧病' } });
  assert.equal(e.status, 200, JSON.stringify(e.data));
  let child = (await adm.get(`/api/v1/children/${k.data.id}`)).data;
  assert.ok(child.categories.includes(cat), JSON.stringify(child.categories));
  assert.match(child.reasons[cat], /监护缺失或不当/);
  assert.ok(JSON.stringify(child).includes(`个案 ${r.data.tracking_no} 评估认定监护缺失或不当`));
  e = await event(station, id, { event: 'assess', risk: '低', assessment: { guardianship_lacking: false } });
  assert.equal(e.status, 200);
  child = (await adm.get(`/api/v1/children/${k.data.id}`)).data;
  assert.ok(!child.categories.includes(cat), JSON.stringify(child.categories));
});

test('the notes, progress and reasons are not in the database in clear', { skip: process.env.WEIBAO_BACKEND !== 'sqlite' }, () => {
  const db = process.env.WEIBAO_TEST_DB;
  const all = Buffer.concat([db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  assert.equal(all.includes(Buffer.from(tracking)), true, 'the live files are read');
  for (const f of [db, `${db}-wal`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const secret of [NOTE, DELIVERED, PROGRESS, '重大个案，挂牌督办', '不属于本单位职责'])
      assert.equal(bytes.includes(Buffer.from(secret)), false, `${f} holds ${secret}`);
  }
});
