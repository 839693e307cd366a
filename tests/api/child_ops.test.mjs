// A child's transfer and the change of its facts through /api/v1/children:
// the office moves a child at once; a town worker of the child's town starts
// a transfer to another town that a worker of that town accepts (the child
// stays with the old town until then, and only with the new one after; a
// third town never sees it); village directors may not transfer.  PATCH
// changes the facts with the template's rules, encrypted where personal,
// the history naming the fields (never their values) and the categories
// derived again.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, userWith, unique, setClock } from './lib.mjs';

// towns of their own: other files count what theirs hold
const TOWN_A = '330483107', TOWN_B = '330483001', TOWN_C = '330483003';
const VA1 = `${TOWN_A}981`, VA2 = `${TOWN_A}982`, VB1 = `${TOWN_B}981`, VC1 = `${TOWN_C}981`;
let adm, townA, townB, townC, directorA1;

function gid(birth, seq) {
  const body = `330483${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}
let seq = 700;
async function child(village, extra = {}) {
  const r = await adm.post('/api/v1/children', {
    name: '转移测试', id_number: gid('2013-08-08', ++seq), village_code: village, placement: '家庭',
    father_status: '死亡', father_started_on: '2018-03-02', mother_status: '死亡', mother_started_on: '2019-01-05', ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data.id;
}
const seen = async (c, id) => (await c.get(`/api/v1/children/${id}`)).status;

before(async () => {
  setClock(0);
  adm = await admin();
  for (const [code, name] of [[VA1, '转移甲一村'], [VA2, '转移甲二村'], [VB1, '转移乙一村'], [VC1, '转移丙一村']]) {
    const r = await adm.post('/api/v1/divisions', { code, name, kind: 'village' });
    assert.ok([201, 409].includes(r.status), JSON.stringify(r.data));
  }
  townA = await userWith(adm, unique('ota'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A, display_name: '甲镇督导员' });
  townB = await userWith(adm, unique('otb'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_B });
  townC = await userWith(adm, unique('otc'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_C });
  directorA1 = await userWith(adm, unique('oda'), { roles: ['village_director'], scope_kind: 'village', scope_division: VA1 });
});

test('the office transfers a child at once; the history keeps from, to and why; categories unchanged', async () => {
  const id = await child(VA1);
  const r = await adm.post(`/api/v1/children/${id}/transfer`, { village: VB1, reason: '随祖父母迁居' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.village.code, VB1);
  assert.equal(r.data.town.code, TOWN_B);
  assert.equal(r.data.transfer, null);
  assert.deepEqual(r.data.categories, ['孤儿']);
  const h = r.data.history.filter((x) => x.action === 'transfer');
  assert.equal(h.length, 1);
  assert.equal(h[0].detail, '转移：转移甲一村（崇福镇） → 转移乙一村（梧桐街道）');
  assert.equal(h[0].reason, '随祖父母迁居');
  assert.ok(!r.data.history.some((x) => x.action === 'categories'), 'a move derives nothing');
  assert.equal(await seen(townA, id), 404);
  assert.equal(await seen(townB, id), 200);
  const e = (await adm.get(`/api/v1/audit?action=child.transfer&object_id=${id}&per_page=1`)).data.items[0];
  assert.equal(e.detail, `转移儿童至 ${VB1}`);
});

test('two towns: A starts, B accepts; A sees it until then and not after; C never', async () => {
  const id = await child(VA1);
  assert.equal(await seen(townC, id), 404);
  const start = await townA.post(`/api/v1/children/${id}/transfer`, { village: VB1, reason: '父亲生前户籍地' });
  assert.equal(start.status, 200, JSON.stringify(start.data));
  assert.equal(start.data.village.code, VA1, 'still with town A');
  assert.equal(start.data.transfer.village.code, VB1);
  assert.equal(start.data.transfer.reason, '父亲生前户籍地');
  assert.ok(start.data.history.some((x) => x.action === 'transfer' && /^发起转移：转移甲一村（崇福镇） → 转移乙一村（梧桐街道），待转入地镇（街道）接收$/.test(x.detail)));
  assert.equal(await seen(townA, id), 200);
  assert.equal(await seen(townB, id), 404, 'not B\'s until accepted');
  assert.equal(await seen(townC, id), 404);
  // the pending lists: A's outgoing, B's incoming (masked), none of C's
  const la = (await townA.get('/api/v1/children/transfers')).data.items.find((x) => x.id === id);
  assert.equal(la.incoming, false);
  const lb = (await townB.get('/api/v1/children/transfers')).data.items.find((x) => x.id === id);
  assert.equal(lb.incoming, true);
  assert.match(lb.id_number_masked, /^330483\*{8}\d{3}[\dX]$/);
  assert.equal(lb.name_masked, '转**试');
  assert.equal(lb.to_village.name, '转移乙一村');
  // both ends by name: the village and its town, for both lists
  assert.deepEqual(lb.from_village, { code: VA1, name: '转移甲一村' });
  assert.deepEqual(lb.from_town, { code: TOWN_A, name: '崇福镇' });
  assert.deepEqual(lb.to_town, { code: TOWN_B, name: '梧桐街道' });
  assert.deepEqual(la.to_town, { code: TOWN_B, name: '梧桐街道' });
  assert.deepEqual(start.data.transfer.town, { code: TOWN_B, name: '梧桐街道' });
  assert.equal(lb.requested_by_name, '甲镇督导员');
  assert.ok(!(await townC.get('/api/v1/children/transfers')).data.items.some((x) => x.id === id));
  // only the destination accepts; C cannot even find it
  assert.equal((await townC.post(`/api/v1/children/${id}/transfer/accept`, {})).status, 404);
  const own = await townA.post(`/api/v1/children/${id}/transfer/accept`, {});
  assert.equal(own.status, 403, JSON.stringify(own.data));
  const ok = await townB.post(`/api/v1/children/${id}/transfer/accept`, {});
  assert.equal(ok.status, 200, JSON.stringify(ok.data));
  assert.equal(ok.data.village.code, VB1);
  assert.equal(ok.data.transfer, null);
  const moved = ok.data.history.filter((x) => x.action === 'transfer').at(-1);
  assert.equal(moved.detail, '转移：转移甲一村（崇福镇） → 转移乙一村（梧桐街道）');
  assert.equal(moved.reason, '父亲生前户籍地');
  assert.equal(await seen(townA, id), 404, 'A no longer sees it');
  assert.equal(await seen(townB, id), 200);
  assert.equal(await seen(townC, id), 404);
  assert.equal((await townB.post(`/api/v1/children/${id}/transfer/accept`, {})).status, 409, 'nothing pending any more');
  assert.ok(!(await townB.get('/api/v1/children/transfers')).data.items.some((x) => x.id === id));
});

test('a town worker moves a child within the town at once; C gets 404 for a transfer', async () => {
  const id = await child(VA1);
  const r = await townA.post(`/api/v1/children/${id}/transfer`, { village: VA2, reason: '搬家' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.village.code, VA2);
  assert.equal(r.data.transfer, null);
  assert.equal((await townC.post(`/api/v1/children/${id}/transfer`, { village: VC1, reason: '搬家' })).status, 404);
});

test('refused: a village director (403), an unknown village or no reason (422), a member of no town (404)', async () => {
  const id = await child(VA1);
  const d = await directorA1.post(`/api/v1/children/${id}/transfer`, { village: VA2, reason: '搬家' });
  assert.equal(d.status, 403, JSON.stringify(d.data));
  assert.match(d.data.error.message, /[\u4e00-\u9fff]/);
  assert.equal((await directorA1.post(`/api/v1/children/${id}/transfer/accept`, {})).status, 409, 'nothing pending: in the village');
  const unknown = await adm.post(`/api/v1/children/${id}/transfer`, { village: `${TOWN_A}999`, reason: '搬家' });
  assert.equal(unknown.status, 422, JSON.stringify(unknown.data));
  assert.equal(unknown.data.error.field, 'village');
  assert.equal((await townA.post(`/api/v1/children/${id}/transfer`, { village: 'x', reason: '搬家' })).status, 422);
  const noReason = await townA.post(`/api/v1/children/${id}/transfer`, { village: VB1, reason: '  ' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.data.error.field, 'reason');
  assert.equal((await adm.post(`/api/v1/children/${id}/transfer`, { village: VA1, reason: '同村' })).status, 422);
  // a pending transfer: the destination's village director cannot accept it
  const dirB = await userWith(adm, unique('odb'), { roles: ['village_director'], scope_kind: 'village', scope_division: VB1 });
  assert.equal((await townA.post(`/api/v1/children/${id}/transfer`, { village: VB1, reason: '搬家' })).status, 200);
  assert.equal((await dirB.post(`/api/v1/children/${id}/transfer/accept`, {})).status, 403);
  assert.equal(await seen(townA, id), 200);
});

test('PATCH: facts changed by the template\'s rules, encrypted, the history naming fields only; a category change with its reason', async () => {
  const id = await child(VA1, { father_status: '外出务工', father_started_on: '2020-01-01', mother_status: '正常',
    guardian_name: '欧阳大山', guardian_relation: '祖父', guardian_phone: '13800138000' });
  let d = (await townA.get(`/api/v1/children/${id}`)).data;
  assert.deepEqual(d.categories, []);
  const r = await townA.patch(`/api/v1/children/${id}`, {
    economy: '低保', school: '崇福小学', address: '崇福镇幸福路 1 号', bank_account: '6222 0212 3456 7890 123',
    guardian_name: '欧阳小山', guardian_phone: '13900139000', reason: '民政核定低保',
  });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  d = r.data;
  assert.equal(d.economy, '低保');
  assert.equal(d.school, '崇福小学');
  assert.deepEqual(d.categories, ['困境儿童']);
  assert.equal(d.bank_account_masked, '622202*********0123');
  assert.equal(d.guardians[0].name_masked, '欧**山');
  assert.equal(d.guardians[0].relation, '祖父');
  assert.match(d.guardians[0].phone_masked, /^139\*{4}9000$/);
  const upd = d.history.filter((x) => x.action === 'update');
  assert.equal(upd.length, 1);
  assert.equal(upd[0].detail, '修改：就读学校、家庭经济、住址、银行账号、监护人姓名、监护人手机');
  assert.equal(upd[0].reason, '民政核定低保');
  const ev = (await adm.get(`/api/v1/audit?action=child.update&object_id=${id}&per_page=1`)).data.items[0];
  assert.equal(ev.detail, '修改儿童信息：就读学校、家庭经济、住址、银行账号、监护人姓名、监护人手机');
  const cat = d.history.filter((x) => x.action === 'categories').at(-1);
  assert.equal(cat.detail, '类别：无 → 困境儿童');
  assert.match(cat.reason, /低保/);
  const text = JSON.stringify(d);
  for (const s of ['6222021234567890123', '崇福镇幸福路 1 号', '欧阳小山', '13900139000']) assert.ok(!text.includes(s), `${s} in clear`);
  // the clear values through the audited reveal
  const addr = await adm.post(`/api/v1/children/${id}/reveal`, { field: 'address', reason: '核对' });
  assert.equal(addr.data.value, '崇福镇幸福路 1 号');
  const gn = await adm.post(`/api/v1/children/${id}/reveal`, { field: 'guardian_name', reason: '核对' });
  assert.equal(gn.data.value, '欧阳小山');
  // the same again: nothing changes, no new history line
  const same = await townA.patch(`/api/v1/children/${id}`, { economy: '低保' });
  assert.equal(same.status, 200);
  assert.equal(same.data.history.filter((x) => x.action === 'update').length, 1);
  // a disability cleared without its grade: the grade goes with it
  const noDis = await townA.patch(`/api/v1/children/${id}`, { disability: '' });
  assert.equal(noDis.status, 200, JSON.stringify(noDis.data));
  // back: economy cleared, the category goes with its reason
  const back = await townA.patch(`/api/v1/children/${id}`, { economy: '', reason: '退出低保' });
  assert.deepEqual(back.data.categories, []);
  assert.equal(back.data.history.filter((x) => x.action === 'categories').at(-1).detail, '类别：困境儿童 → 无');
  // a disability of the child's own, placement changed
  const dis = await townA.patch(`/api/v1/children/${id}`, { disability: '肢体', disability_grade: '二级', placement: '家庭寄养' });
  assert.equal(dis.status, 200, JSON.stringify(dis.data));
  assert.deepEqual(dis.data.categories, ['困境儿童', '残疾儿童']);
  assert.equal(dis.data.disability_grade, 2);
  assert.equal(dis.data.placement, '家庭寄养');
});

test('PATCH refused: each problem by field (422); 404 outside the scope; 403 without child.write', async () => {
  const id = await child(VA1);
  const bad = await townA.patch(`/api/v1/children/${id}`, { placement: '寄宿', economy: '富裕', disability_grade: '五级',
    guardian_phone: '0573-1', bank_account: '12ab', household: '城镇' });
  assert.equal(bad.status, 422, JSON.stringify(bad.data));
  assert.equal(bad.data.error.code, 'invalid_record');
  const fields = bad.data.error.problems.map((p) => p.field);
  for (const f of ['placement', 'economy', 'disability', 'guardian_phone', 'bank_account', 'household']) assert.ok(fields.includes(f), `${f} in ${fields}`);
  assert.ok(bad.data.error.problems.every((p) => /[\u4e00-\u9fff]/.test(p.reason)));
  const after = (await adm.get(`/api/v1/children/${id}`)).data;
  assert.equal(after.placement, '家庭', 'nothing written');
  assert.ok(!after.history.some((x) => x.action === 'update'));
  assert.equal((await townB.patch(`/api/v1/children/${id}`, { school: '外镇' })).status, 404);
  assert.equal((await townC.patch(`/api/v1/children/999999999`, { school: '无' })).status, 404);
  const leader = await userWith(adm, unique('old'), { roles: ['leader'], scope_kind: 'county' });
  assert.equal((await leader.patch(`/api/v1/children/${id}`, { school: '领导' })).status, 403);
  assert.equal((await leader.post(`/api/v1/children/${id}/transfer`, { village: VB1, reason: '搬家' })).status, 403);
  assert.equal((await directorA1.patch(`/api/v1/children/${id}`, { school: '村里小学' })).status, 200, 'a village director edits their village\'s child');
});

test('destinations: a town worker picks any town or village of the county by name; child.write needed', async () => {
  // their own divisions list holds their town only
  const own = (await townA.get('/api/v1/divisions')).data.items;
  assert.ok(!own.some((d) => d.code === VB1));
  const r = await townA.get('/api/v1/children/destinations');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const by = new Map(r.data.items.map((d) => [d.code, d]));
  assert.equal(by.get(VB1).name, '转移乙一村');
  assert.equal(by.get(VB1).parent_code, TOWN_B);
  assert.equal(by.get(TOWN_B).name, '梧桐街道');
  assert.equal(by.get(TOWN_C).level, 'town');
  assert.ok(by.has(VA2) && by.has(VC1));
  assert.ok(!r.data.items.some((d) => d.level === 'county'), 'towns and villages only');
  // the same list for the office and a village director (names and codes are not personal data)
  assert.equal((await directorA1.get('/api/v1/children/destinations')).data.items.length, r.data.items.length);
  const leader = await userWith(adm, unique('odl'), { roles: ['leader'], scope_kind: 'county' });
  assert.equal((await leader.get('/api/v1/children/destinations')).status, 403);
});

test('PATCH "" clears an encrypted field (address, bank account, guardian\'s phone) and the school; the history names them', async () => {
  const id = await child(VA1, { address: '崇福镇清空路 2 号', school: '清空小学',
    guardian_name: '清空监护', guardian_relation: '祖母', guardian_phone: '13700137000' });
  let r = await townA.patch(`/api/v1/children/${id}`, { bank_account: '6222021234567890123' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.notEqual(r.data.address_masked, '');
  r = await townA.patch(`/api/v1/children/${id}`, { address: '', bank_account: '', guardian_phone: '', school: '', reason: '搬离原址' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.address_masked, '');
  assert.equal(r.data.bank_account_masked, '');
  assert.equal(r.data.school, '');
  assert.equal(r.data.guardians[0].phone_masked, '');
  assert.equal(r.data.guardians[0].relation, '祖母', 'the guardian stays');
  const line = r.data.history.filter((x) => x.action === 'update').at(-1);
  assert.equal(line.detail, '修改：就读学校、住址、银行账号、监护人手机');
  assert.equal(line.reason, '搬离原址');
  for (const field of ['address', 'guardian_phone']) {
    const v = await adm.post(`/api/v1/children/${id}/reveal`, { field, reason: '核对' });
    assert.equal(v.data.value, '', field);
  }
  // cleared again: nothing changes, no new line
  const again = await townA.patch(`/api/v1/children/${id}`, { address: '', bank_account: '' });
  assert.equal(again.data.history.filter((x) => x.action === 'update').length, 2);
  // the payee's name cannot be cleared
  const noName = await townA.patch(`/api/v1/children/${id}`, { guardian_name: '' });
  assert.equal(noName.status, 422, JSON.stringify(noName.data));
});

test('guardians: a further one added; any but the first removed with a reason kept in the history', async () => {
  const id = await child(VA1, { guardian_name: '第一监护', guardian_relation: '祖父', guardian_phone: '13800138001' });
  const add = await directorA1.post(`/api/v1/children/${id}/guardians`, { name: '第二监护', relation: '姑妈', phone: '13900139002', reason: '共同照料' });
  assert.equal(add.status, 201, JSON.stringify(add.data));
  assert.equal(add.data.guardians.length, 2);
  const [first, second] = add.data.guardians;
  assert.equal(second.relation, '姑妈');
  assert.equal(second.name_masked, '第**护');
  assert.match(second.phone_masked, /^139\*{4}9002$/);
  assert.ok(!JSON.stringify(add.data).includes('第二监护'));
  const added = add.data.history.filter((x) => x.action === 'update').at(-1);
  assert.equal(added.detail, '新增监护人：姑妈');
  assert.equal(added.reason, '共同照料');
  // refused: bad phone and no relation (by field), nothing written
  const bad = await townA.post(`/api/v1/children/${id}/guardians`, { name: '第三', relation: '', phone: '0573-1' });
  assert.equal(bad.status, 422, JSON.stringify(bad.data));
  const fields = bad.data.error.problems.map((p) => p.field);
  assert.ok(fields.includes('phone') && fields.includes('relation'), fields.join());
  // the first (the payee) cannot go; no reason, no removal; another town's worker finds nothing
  const payee = await townA.req('DELETE', `/api/v1/children/${id}/guardians/${first.id}`, { reason: '外出' });
  assert.equal(payee.status, 422, JSON.stringify(payee.data));
  assert.equal(payee.data.error.field, 'guardian');
  assert.match(payee.data.error.message, /收款人/);
  const noReason = await townA.req('DELETE', `/api/v1/children/${id}/guardians/${second.id}`, { reason: ' ' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.data.error.field, 'reason');
  assert.equal((await townB.req('DELETE', `/api/v1/children/${id}/guardians/${second.id}`, { reason: '外镇' })).status, 404);
  const other = await child(VA1, { guardian_name: '别家监护', guardian_relation: '祖父' });
  const wrong = await townA.req('DELETE', `/api/v1/children/${other}/guardians/${second.id}`, { reason: '错号' });
  assert.equal(wrong.status, 404, 'a guardian of another child');
  const gone = await townA.req('DELETE', `/api/v1/children/${id}/guardians/${second.id}`, { reason: '姑妈已迁居外省' });
  assert.equal(gone.status, 200, JSON.stringify(gone.data));
  assert.deepEqual(gone.data.guardians.map((g) => g.id), [first.id]);
  const line = gone.data.history.filter((x) => x.action === 'update').at(-1);
  assert.equal(line.detail, '删除监护人：姑妈（第 2 监护人）');
  assert.equal(line.reason, '姑妈已迁居外省');
  const ev = (await adm.get(`/api/v1/audit?action=child.guardian_remove&object_id=${id}&per_page=1`)).data.items[0];
  assert.equal(ev.detail, `删除监护人（记录 ${second.id}）`);
  assert.equal((await townA.req('DELETE', `/api/v1/children/${id}/guardians/${second.id}`, { reason: '再删' })).status, 404);
});
