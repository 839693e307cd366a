// Cases (issue 14) as an attacker and a careless user would use them: a
// moment seen in the future or half-parsed, names with hidden or control
// characters, a narrative of blanks, an `own`-scoped handler reading the
// case behind their own report, a timeline title forged through an
// assessment, and a flood of reports from one account.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, userWith, unique, TOWN_A } from './lib.mjs';

// A 督促监护令 of the procuratorate for the village, with extra members.
const order = (units, extra = {}) => ({
  kind: '督促监护令', issuer_unit_id: units['市检察院'], doc_no: `桐检刁${unique('')}号`,
  issued_on: day(-2), period_from: day(-1), period_to: day(90), village: VILLAGE,
  guardians: [{ name: '王大明', relation: '父亲' }], children: [{ name: '王小明' }],
  obligations: [{ text: '每周参加一次家庭教育指导', every_days: 7 }], provider: '家长学校', ...extra,
});

const VILLAGE = `${TOWN_A}951`;
// another village of the town: the registry children the tests add stay in
// TOWN_A (children.test.mjs counts TOWN_B's)
const VILLAGE_2 = `${TOWN_A}956`;
let adm, reporter, station, ownHandler;

const body = (extra = {}) => ({
  situations: [6], description: '孩子长期无人照料', child: { name: '王小明', village: VILLAGE }, ...extra,
});
// The day in China, days from today.
const day = (days = 0) => new Date(Date.now() + 8 * 3600000 + days * 86400000).toISOString().slice(0, 10);

before(async () => {
  adm = await admin();
  for (const [code, name] of [[VILLAGE, '刁难村'], [VILLAGE_2, '刁难二村']]) {
    const v = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(v.status), JSON.stringify(v.data));
  }
  reporter = await userWith(adm, unique('hr'), { roles: ['reporter'], scope_kind: 'own' });
  station = await userWith(adm, unique('hs'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  // a station worker whose scope is what they created: files reports, handles nothing
  ownHandler = await userWith(adm, unique('ho'), { roles: ['town_worker'], scope_kind: 'own' });
});

test('a moment seen in the future or written loosely is refused; today and the past are taken', async () => {
  for (const seen of [day(2), `${day(1)} 23:59`, '2099-01-01', '2026-12-01 08:3x', '2026-12-01  8: 5',
    '2026-12-01 +8:05', '2026-12-01T8:05 ', '2026-02-30']) {
    const r = await reporter.post('/api/v1/reports', body({ seen_at: seen }));
    assert.equal(r.status, 400, `${seen}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, 'seen_at', seen);
    assert.match(r.data.error.message, /[\u4e00-\u9fa5]/);
  }
  for (const seen of [day(0), `${day(-1)} 23:59`, `${day(-3)}T07:05`]) {
    const r = await reporter.post('/api/v1/reports', body({ seen_at: seen }));
    assert.equal(r.status, 201, `${seen}: ${JSON.stringify(r.data)}`);
  }
});

test('the child\'s name may hold no control or hidden character; a narrative of blanks is no narrative', async () => {
  for (const name of ['王\u202E明小', '王\u200B明', '王\u0007明', '王\n明', '\u2066王明\u2069']) {
    const r = await reporter.post('/api/v1/reports', body({ child: { name, village: VILLAGE } }));
    assert.equal(r.status, 400, `${JSON.stringify(name)}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, 'child.name');
  }
  const sex = await reporter.post('/api/v1/reports', body({ child: { sex: '男\u0000', village: VILLAGE } }));
  assert.equal(sex.status, 400);
  for (const description of ['   ', '\u200B\u200B', '\n\t \u3000']) {
    const r = await reporter.post('/api/v1/reports', body({ description }));
    assert.equal(r.status, 400, `${JSON.stringify(description)}: ${JSON.stringify(r.data)}`);
    assert.equal(r.data.error.field, 'description');
  }
  const contact = await reporter.post('/api/v1/reports', body({ reporter_contact: '1380013\u202E8000' }));
  assert.equal(contact.status, 400);
  assert.equal(contact.data.error.field, 'reporter_contact');
  const ok = await reporter.post('/api/v1/reports', body({ child: { name: '欧阳·小明', village: VILLAGE } }));
  assert.equal(ok.status, 201, JSON.stringify(ok.data));
  // a refusal's reason of blanks is no reason
  const refuse = await station.post(`/api/v1/cases/${ok.data.id}/events`, { event: 'reject', reason: ' \u3000\u200B' });
  assert.equal(refuse.status, 422, JSON.stringify(refuse.data));
  assert.equal(refuse.data.error.field, 'reason');
});

test('an own-scoped handler who filed a report reads it as a reporter, never the case behind it', async () => {
  const r = await ownHandler.post('/api/v1/reports', body({ description: '自己报告的情况' }));
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const id = r.data.id;
  assert.equal((await station.post(`/api/v1/cases/${id}/events`, { event: 'accept' })).status, 200);
  const secret = `评估意见-${Date.now()}`;
  assert.equal((await station.post(`/api/v1/cases/${id}/events`, { event: 'assess', risk: '高', assessment: { summary: secret } })).status, 200);
  assert.equal((await ownHandler.get(`/api/v1/reports/${id}`)).status, 200, 'the reporter view stays');
  const got = await ownHandler.get(`/api/v1/cases/${id}`);
  assert.equal(got.status, 404, JSON.stringify(got.data).slice(0, 200));
  const list = await ownHandler.get('/api/v1/cases?per_page=100');
  assert.equal(list.status, 200);
  assert.equal(list.data.total, 0);
  assert.ok(!JSON.stringify(list.data).includes(r.data.tracking_no));
  const x = await ownHandler.get('/api/v1/cases/export.xlsx');
  assert.equal(x.status, 200);
  assert.ok(!x.data.toString('latin1').includes(r.data.tracking_no.slice(2)));
  assert.equal((await ownHandler.post(`/api/v1/cases/${id}/events`, { event: 'start_care' })).status, 404);
  // nor its 挂牌督办
  const day30 = day(30);
  assert.equal((await adm.post(`/api/v1/cases/${id}/listing`, { leader: '副市长', deadline: day30, period_days: 7, reason: '重大' })).status, 201);
  const listings = await ownHandler.get('/api/v1/listings?per_page=100');
  assert.equal(listings.status, 200);
  assert.equal(listings.data.total, 0, JSON.stringify(listings.data).slice(0, 200));
  const lx = await ownHandler.get('/api/v1/listings/export.xlsx');
  assert.ok(!lx.data.toString('latin1').includes(r.data.tracking_no.slice(2)));
  // the station still sees both
  assert.equal((await station.get(`/api/v1/cases/${id}`)).status, 200);
  assert.ok((await station.get('/api/v1/listings?per_page=100')).data.items.some((x) => x.tracking_no === r.data.tracking_no));
});

test('an assessment cannot put a title of its own on the timeline', async () => {
  const r = await reporter.post('/api/v1/reports', body());
  assert.equal(r.status, 201);
  const id = r.data.id;
  assert.equal((await station.post(`/api/v1/cases/${id}/events`, { event: 'accept' })).status, 200);
  const a = await station.post(`/api/v1/cases/${id}/events`, { event: 'assess', risk: '低', assessment: { title: '已结案（伪造）', summary: '正常' } });
  assert.equal(a.status, 200);
  const ev = a.data.timeline.find((e) => e.event === 'assess');
  assert.equal(ev.title, '核查评估');
  assert.equal(a.data.assessment.title, '已结案（伪造）', 'the assessment itself is kept as written');
});

test('a flood of reports from one account is stopped with 429 and a Chinese message; others still report', async () => {
  const flooder = await userWith(adm, unique('hf'), { roles: ['reporter'], scope_kind: 'own' });
  const codes = [];
  let refusal;
  for (let i = 0; i < 45; i++) {
    const r = await flooder.post('/api/v1/reports', body({ situations: [1] }));
    codes.push(r.status);
    if (r.status !== 201) { refusal = r; break; }
  }
  assert.equal(codes.filter((c) => c === 201).length, 30, codes.join(','));
  assert.equal(refusal.status, 429);
  assert.equal(refusal.data.error.code, 'too_many_reports');
  assert.match(refusal.data.error.message, /110/);
  assert.equal((await flooder.get('/api/v1/reports?per_page=100')).data.total, 30, 'nothing of the refused one is kept');
  const other = await userWith(adm, unique('hg'), { roles: ['reporter'], scope_kind: 'own' });
  assert.equal((await other.post('/api/v1/reports', body())).status, 201);
});

test('family-education orders: no hidden characters in names, no blank duty, no session or check before the order', async () => {
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  for (const [label, extra] of [
    ['guardian RTL', { guardians: [{ name: '王\u202E明大', relation: '父亲' }] }],
    ['guardian BEL', { guardians: [{ name: '王\u0007明', relation: '父亲' }] }],
    ['guardian blank', { guardians: [{ name: '\u3000', relation: '父亲' }] }],
    ['relation zero-width', { guardians: [{ name: '王大明', relation: '父\u200B亲' }] }],
    ['child RTL', { children: [{ name: '\u202E明小王' }] }],
    ['duty blank', { obligations: [{ text: ' \u200B ', every_days: 7 }] }],
  ]) {
    const r = await adm.post('/api/v1/guidance-orders', order(units, extra));
    assert.equal(r.status, 400, `${label}: ${JSON.stringify(r.data)}`);
    assert.match(r.data.error.message, /[\u4e00-\u9fa5]/);
  }
  const long = await adm.post('/api/v1/guidance-orders', order(units, { guardians: [{ name: '王'.repeat(40), relation: '父亲' }] }));
  assert.equal(long.status, 400);
  assert.doesNotMatch(long.data.error.message, /不能为空/, 'a long name is not called empty');
  const made = await adm.post('/api/v1/guidance-orders', order(units));
  assert.equal(made.status, 201, JSON.stringify(made.data));
  const id = made.data.id;
  const early = await adm.post(`/api/v1/guidance-orders/${id}/sessions`, { held_on: day(-30), attended: true });
  assert.equal(early.status, 400, JSON.stringify(early.data));
  assert.equal(early.data.error.field, 'held_on');
  const earlyCheck = await adm.post(`/api/v1/guidance-orders/${id}/checks`, { checked_on: '2001-01-01', result: '履行' });
  assert.equal(earlyCheck.status, 400, JSON.stringify(earlyCheck.data));
  assert.equal(earlyCheck.data.error.field, 'checked_on');
  const got = await adm.get(`/api/v1/guidance-orders/${id}`);
  assert.equal(got.data.sessions.length, 0, 'nothing of the refused session is kept');
  assert.equal((await adm.post(`/api/v1/guidance-orders/${id}/sessions`, { held_on: day(-2), attended: true })).status, 201);
});

test('measures and 挂牌督办: no delivery dated before the assignment, no blank note or progress, no hidden leader', async () => {
  const units = Object.fromEntries((await adm.get('/api/v1/units')).data.items.map((u) => [u.name, u.id]));
  const civil = await userWith(adm, unique('hc'), { roles: ['unit_liaison'], scope_kind: 'unit', unit_id: units['市民政局'] });
  const r = await reporter.post('/api/v1/reports', body());
  assert.equal(r.status, 201);
  const id = r.data.id;
  for (const e of [{ event: 'accept' }, { event: 'assess', risk: '中' }, { event: 'start_care' }])
    assert.equal((await station.post(`/api/v1/cases/${id}/events`, e)).status, 200);
  const m = await station.post(`/api/v1/cases/${id}/measures`, { kind: '心理疏导', unit_id: units['市民政局'], due_on: day(10) });
  assert.equal(m.status, 201, JSON.stringify(m.data));
  const ev = (b) => civil.post(`/api/v1/measures/${m.data.id}/events`, b);
  assert.equal((await ev({ event: 'accept' })).status, 200);
  const early = await ev({ event: 'deliver', note: '已完成', delivered_on: day(-5) });
  assert.equal(early.status, 422, JSON.stringify(early.data));
  assert.equal(early.data.error.field, 'delivered_on');
  const blank = await ev({ event: 'deliver', note: ' \u3000', delivered_on: day(0) });
  assert.equal(blank.status, 422, JSON.stringify(blank.data));
  assert.equal(blank.data.error.field, 'note');
  assert.equal((await civil.get(`/api/v1/measures/${m.data.id}`)).data.state, 'accepted', 'the refusals changed nothing');
  assert.equal((await ev({ event: 'deliver', note: '已完成六次辅导', delivered_on: day(0) })).status, 200);

  const list = (b) => adm.post(`/api/v1/cases/${id}/listing`, { leader: '张副市长', deadline: day(30), period_days: 7, reason: '重大案件', ...b });
  for (const [label, b, field] of [['leader RTL', { leader: '张\u202E长市副' }, 'leader'], ['leader blank', { leader: '\u3000' }, 'leader'],
    ['reason blank', { reason: '  ' }, 'reason']]) {
    const x = await list(b);
    assert.equal(x.status, 422, `${label}: ${JSON.stringify(x.data)}`);
    assert.equal(x.data.error.field, field);
  }
  assert.equal((await list({})).status, 201);
  const progress = await station.post(`/api/v1/cases/${id}/listing/reports`, { progress: ' \u200B' });
  assert.equal(progress.status, 422, JSON.stringify(progress.data));
  assert.equal(progress.data.error.field, 'progress');
  const lift = await adm.post(`/api/v1/cases/${id}/listing/lift`, { reason: '\u3000' });
  assert.equal(lift.status, 422, JSON.stringify(lift.data));
});

function idNumber(year, seq) {
  const b = `330483${year}0707${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return b + '10X98765432'[[...b].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}

test('staff entering a case learn nothing of a registry child outside their scope', async () => {
  const year = new Date().getUTCFullYear() - 9;
  const seq = 100 + Math.floor(Math.random() * 800);
  const far = idNumber(year, seq), unknown = idNumber(year, seq + 1);
  const k = await adm.post('/api/v1/children', { name: '外村儿童', id_number: far, village_code: VILLAGE_2, placement: '家庭' });
  assert.equal(k.status, 201, JSON.stringify(k.data));
  // a handler of one village (the child is registered in the next one)
  const here = await userWith(adm, unique('hv'), { roles: ['town_worker'], scope_kind: 'village', scope_division: VILLAGE });
  // the registry's own look-up answers the same for both
  assert.equal((await here.post('/api/v1/children/lookup', { id_number: far })).status, 404);
  const answers = [];
  for (const number of [far, unknown]) {
    const r = await here.post('/api/v1/cases', { source: '排查', situations: [6], description: '走访发现',
      child: { id_number: number, name: '某儿童', village: VILLAGE } });
    assert.equal(r.status, 201, `${number}: ${JSON.stringify(r.data)}`);
    const c = (await here.get(`/api/v1/cases/${r.data.id}`)).data;
    answers.push([c.child.matched, c.child.village, c.child.name]);
  }
  assert.deepEqual(answers[0], answers[1], 'a child registered in another village looks like an unknown one');
  assert.deepEqual(answers[0], [false, VILLAGE, '某*童']);
  // a report (any village, no scope) is still matched to the registry
  const rep = await reporter.post('/api/v1/reports', body({ child: { id_number: far, village: VILLAGE } }));
  assert.equal(rep.status, 201);
  assert.equal((await adm.get(`/api/v1/cases/${rep.data.id}`)).data.child.village, VILLAGE_2);
});
