// Every route: an allowed role, a forbidden role, and a user of another town
// who must not see or change the record.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, unique, TOWN_A, TOWN_B } from './lib.mjs';

let adm, townA, townB, leader, worker, village, viewerRole;

before(async () => {
  adm = await admin();
  const role = await adm.post('/api/v1/roles', {
    code: unique('town_admin_'), name: '镇街管理员',
    permissions: ['user.manage', 'org.manage', 'audit.read', 'plan.read'],
  });
  assert.equal(role.status, 201);
  viewerRole = unique('viewer_');
  assert.equal((await adm.post('/api/v1/roles', { code: viewerRole, name: '查看工作要点', permissions: ['plan.read'] })).status, 201);
  townA = await userWith(adm, unique('ta'), { roles: [role.data.code], scope_kind: 'town', scope_division: TOWN_A });
  townB = await userWith(adm, unique('tb'), { roles: [role.data.code], scope_kind: 'town', scope_division: TOWN_B });
  leader = await userWith(adm, unique('ld'), { roles: ['leader'] });
  worker = await userWith(adm, unique('wk'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  village = `${TOWN_A}2${String(process.pid % 100).padStart(2, '0')}`;
  const v = await townA.post('/api/v1/divisions', { code: village, name: '测试村', kind: 'village', population: 1500 });
  assert.equal(v.status, 201, JSON.stringify(v.data));
});

const forbidden = (r) => {
  assert.equal(r.status, 403, JSON.stringify(r.data));
  assert.equal(r.data.error.code, 'forbidden');
};

test('GET /api/v1/me: any signed-in user; none without a session', async () => {
  assert.equal((await leader.get('/api/v1/me')).status, 200);
  assert.equal((await new Client().get('/api/v1/me')).status, 401);
});

test('GET /api/v1/users: user.manage; scoped to the manager\'s town', async () => {
  const all = await adm.get('/api/v1/users?per_page=100');
  assert.equal(all.status, 200);
  assert.ok(all.data.items.some((u) => u.id === worker.id));
  forbidden(await leader.get('/api/v1/users'));
  const a = await townA.get('/api/v1/users?per_page=100');
  assert.ok(a.data.items.some((u) => u.id === worker.id));
  assert.ok(a.data.items.every((u) => u.scope.division_code?.startsWith(TOWN_A)));
  const b = await townB.get('/api/v1/users?per_page=100');
  assert.equal(b.status, 200);
  assert.ok(!b.data.items.some((u) => u.id === worker.id), 'another town does not see the user');
  assert.ok(b.data.items.every((u) => u.scope.division_code?.startsWith(TOWN_B)));
});

test('GET /api/v1/users/export.xlsx: user.manage', async () => {
  const r = await adm.get('/api/v1/users/export.xlsx');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.equal(r.data.subarray(0, 2).toString(), 'PK');
  forbidden(await leader.get('/api/v1/users/export.xlsx'));
  const a = await townA.get('/api/v1/users/export.xlsx');
  const b = await townB.get('/api/v1/users/export.xlsx');
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.notEqual(a.data.length, b.data.length, 'each town exports its own users');
});

test('GET /api/v1/users/{id}: user.manage within scope', async () => {
  assert.equal((await adm.get(`/api/v1/users/${worker.id}`)).status, 200);
  assert.equal((await townA.get(`/api/v1/users/${worker.id}`)).status, 200);
  forbidden(await leader.get(`/api/v1/users/${worker.id}`));
  assert.equal((await townB.get(`/api/v1/users/${worker.id}`)).status, 404);
  assert.equal((await adm.get('/api/v1/users/999999')).status, 404);
});

test('POST /api/v1/users: user.manage, only inside the manager\'s town, no wider roles', async () => {
  const body = (login, division) => ({
    login, display_name: '新用户', roles: [viewerRole], scope_kind: 'town',
    scope_division: division, password: 'Good-password-9',
  });
  assert.equal((await townA.post('/api/v1/users', body(unique('na'), TOWN_A))).status, 201);
  forbidden(await leader.post('/api/v1/users', body(unique('nl'), TOWN_A)));
  const out = await townB.post('/api/v1/users', body(unique('nb'), TOWN_A));
  assert.equal(out.status, 403);
  assert.equal(out.data.error.code, 'out_of_scope');
  const escalate = await townA.post('/api/v1/users', { ...body(unique('ne'), TOWN_A), roles: ['admin'] });
  assert.equal(escalate.status, 403, 'cannot grant admin');
  const wider = await townA.post('/api/v1/users', { ...body(unique('nw'), TOWN_A), roles: ['village_director'] });
  assert.equal(wider.status, 403, 'cannot grant child.read, which the manager lacks');
});

test('PATCH /api/v1/users/{id}: user.manage within scope, on users no stronger than the manager', async () => {
  const viewer = await adm.post('/api/v1/users', {
    login: unique('vw'), display_name: '查看员', roles: [viewerRole], scope_kind: 'town',
    scope_division: TOWN_A, password: 'Good-password-9',
  });
  assert.equal(viewer.status, 201);
  const id = viewer.data.id;
  const ok = await townA.patch(`/api/v1/users/${id}`, { display_name: '改名后' });
  assert.equal(ok.status, 200);
  assert.equal(ok.data.display_name, '改名后');
  forbidden(await leader.patch(`/api/v1/users/${id}`, { display_name: 'x' }));
  assert.equal((await townB.patch(`/api/v1/users/${id}`, { display_name: '越权' })).status, 404);
  const stronger = await townA.patch(`/api/v1/users/${worker.id}`, { display_name: '越级' });
  assert.equal(stronger.status, 403, 'the worker holds permissions the manager lacks');
  const after = await adm.get(`/api/v1/users/${id}`);
  assert.equal(after.data.display_name, '改名后');
});

test('GET /api/v1/roles, /permissions and the export: user.manage', async () => {
  const r = await adm.get('/api/v1/roles');
  assert.equal(r.status, 200);
  const admRole = r.data.items.find((x) => x.code === 'admin');
  assert.ok(admRole.builtin && admRole.permissions.includes('audit.read'));
  forbidden(await leader.get('/api/v1/roles'));
  const p = await townA.get('/api/v1/permissions');
  assert.equal(p.status, 200);
  assert.ok(p.data.items.some((x) => x.code === 'pii.reveal' && x.title));
  forbidden(await leader.get('/api/v1/permissions'));
  assert.equal((await adm.get('/api/v1/roles/export.xlsx')).status, 200);
  forbidden(await leader.get('/api/v1/roles/export.xlsx'));
});

test('POST and PATCH /api/v1/roles: county user.manage only; built-in roles stay', async () => {
  const code = unique('r_');
  const c = await adm.post('/api/v1/roles', { code, name: '临时角色', permissions: ['plan.read'] });
  assert.equal(c.status, 201);
  forbidden(await leader.post('/api/v1/roles', { code: unique('r_'), name: 'x', permissions: [] }));
  const town = await townA.post('/api/v1/roles', { code: unique('r_'), name: 'x', permissions: [] });
  assert.equal(town.status, 403, 'a town manager does not define county roles');
  const u = await adm.patch(`/api/v1/roles/${c.data.id}`, { name: '改名角色', permissions: ['plan.read', 'dashboard.read'] });
  assert.equal(u.status, 200);
  assert.deepEqual(u.data.permissions.sort(), ['dashboard.read', 'plan.read']);
  forbidden(await leader.patch(`/api/v1/roles/${c.data.id}`, { name: 'x' }));
  assert.equal((await townB.patch(`/api/v1/roles/${c.data.id}`, { name: 'x' })).status, 403);
  const roles = await adm.get('/api/v1/roles');
  const builtin = roles.data.items.find((x) => x.code === 'leader');
  assert.equal((await adm.patch(`/api/v1/roles/${builtin.id}`, { name: 'x' })).status, 422);
  const unknown = await adm.post('/api/v1/roles', { code: unique('r_'), name: 'x', permissions: ['root.everything'] });
  assert.equal(unknown.status, 400);
});

test('GET /api/v1/divisions: any signed-in user, within their scope', async () => {
  const all = await leader.get('/api/v1/divisions');
  assert.equal(all.status, 200);
  assert.equal(all.data.items.filter((d) => d.level === 'town').length, 11);
  assert.equal(all.data.items[0].population, 1029754);
  const a = await worker.get('/api/v1/divisions');
  assert.deepEqual([...new Set(a.data.items.map((d) => d.code.slice(0, 9)))], [TOWN_A]);
  assert.ok(a.data.items.some((d) => d.code === village));
  const b = await townB.get('/api/v1/divisions');
  assert.ok(!b.data.items.some((d) => d.code === village), 'another town does not see the village');
  assert.equal((await new Client().get('/api/v1/divisions')).status, 401);
  assert.equal((await worker.get('/api/v1/divisions/export.xlsx')).status, 200);
});

test('POST and PATCH /api/v1/divisions: org.manage within scope', async () => {
  const code = `${TOWN_A}3${String(process.pid % 100).padStart(2, '0')}`;
  assert.equal((await adm.post('/api/v1/divisions', { code, name: '新社区', kind: 'community' })).status, 201);
  forbidden(await leader.post('/api/v1/divisions', { code: `${TOWN_A}399`, name: 'x' }));
  assert.equal((await townB.post('/api/v1/divisions', { code: `${TOWN_A}398`, name: 'x' })).status, 403);
  const p = await townA.patch(`/api/v1/divisions/${village}`, { population: 1600 });
  assert.equal(p.status, 200);
  assert.equal(p.data.population, 1600);
  forbidden(await leader.patch(`/api/v1/divisions/${village}`, { population: 1 }));
  assert.equal((await townB.patch(`/api/v1/divisions/${village}`, { population: 1 })).status, 404);
  assert.equal((await adm.post('/api/v1/divisions', { code, name: '重复' })).status, 409);
  assert.equal((await adm.post('/api/v1/divisions', { code: '330483199201', name: '无上级' })).status, 422);
  assert.equal((await adm.post('/api/v1/divisions', { code: '3304831002', name: '坏代码' })).status, 400);
  assert.equal((await adm.post('/api/v1/divisions', { code: `${TOWN_A}397`, name: '错类型', kind: 'street' })).status, 400);
});

test('GET /api/v1/units: any signed-in user', async () => {
  const r = await worker.get('/api/v1/units');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length >= 21, true);
  const edu = r.data.items.find((u) => u.name === '市教育局');
  assert.ok(edu.aliases.includes('教育局'));
  assert.equal((await new Client().get('/api/v1/units')).status, 401);
  assert.equal((await leader.get('/api/v1/units/export.xlsx')).status, 200);
});

test('POST and PATCH /api/v1/units: county org.manage only', async () => {
  const code = unique('u');
  const c = await adm.post('/api/v1/units', { code, name: `市测试局${code}`, kind: 'government', aliases: [`测试局${code}`] });
  assert.equal(c.status, 201, JSON.stringify(c.data));
  forbidden(await leader.post('/api/v1/units', { code: unique('u'), name: 'x', kind: 'government' }));
  assert.equal((await townA.post('/api/v1/units', { code: unique('u'), name: 'y', kind: 'government' })).status, 403);
  const p = await adm.patch(`/api/v1/units/${c.data.id}`, { aliases: [`测试局${code}`, `TEST${code}`] });
  assert.equal(p.status, 200);
  assert.equal(p.data.aliases.length, 2);
  forbidden(await leader.patch(`/api/v1/units/${c.data.id}`, { name: 'x' }));
  assert.equal((await townB.patch(`/api/v1/units/${c.data.id}`, { name: 'x' })).status, 403);
  const dup = await adm.post('/api/v1/units', { code: unique('u'), name: '市民政局', kind: 'government' });
  assert.equal(dup.status, 409);
});

test('GET /api/v1/audit, its export and verify: audit.read; towns see their own people', async () => {
  const r = await adm.get(`/api/v1/audit?user=${townA.user.login}`);
  assert.equal(r.status, 200);
  assert.ok(r.data.total > 0);
  forbidden(await leader.get('/api/v1/audit'));
  forbidden(await leader.get('/api/v1/audit/verify'));
  forbidden(await leader.get('/api/v1/audit/export.xlsx'));
  const own = await townA.get(`/api/v1/audit?user=${townA.user.login}`);
  assert.ok(own.data.total > 0);
  const other = await townB.get(`/api/v1/audit?user=${townA.user.login}`);
  assert.equal(other.status, 200);
  assert.equal(other.data.total, 0, 'another town does not see these events');
  const v = await townA.get('/api/v1/audit/verify');
  assert.equal(v.status, 200);
  assert.equal(v.data.ok, true);
  assert.equal((await adm.get('/api/v1/audit/export.xlsx')).status, 200);
});

test('unknown paths and methods', async () => {
  assert.equal((await adm.get('/api/v1/nothing')).status, 404);
  const m = await adm.req('PUT', '/api/v1/users', {});
  assert.equal(m.status, 405);
});

test('permission changes reach sessions already signed in', async () => {
  const code = unique('live_');
  const role = await adm.post('/api/v1/roles', { code, name: '审计查看', permissions: ['audit.read'] });
  assert.equal(role.status, 201);
  const u = await userWith(adm, unique('lv'), { roles: [code] });
  assert.equal((await u.get('/api/v1/audit')).status, 200);
  assert.equal((await adm.patch(`/api/v1/roles/${role.data.id}`, { permissions: [] })).status, 200);
  forbidden(await u.get('/api/v1/audit'));
  assert.equal((await adm.patch(`/api/v1/roles/${role.data.id}`, { permissions: ['audit.read'] })).status, 200);
  assert.equal((await u.get('/api/v1/audit')).status, 200);
  assert.equal((await adm.patch(`/api/v1/users/${u.id}`, { roles: ['leader'] })).status, 200);
  forbidden(await u.get('/api/v1/audit'));
  const me = await u.get('/api/v1/me');
  assert.deepEqual(me.data.roles, ['leader']);
});

test('role codes with separators or spaces cannot smuggle in a role', async () => {
  for (const roles of [[' admin'], ['useradmin,admin'], ['leader admin'], ['ADMIN']]) {
    const r = await townA.post('/api/v1/users', {
      login: unique('sm'), display_name: '夹带', roles, scope_kind: 'town', scope_division: TOWN_A,
      password: 'Good-password-9',
    });
    assert.equal(r.status, 400, JSON.stringify(roles));
    assert.equal(r.data.error.field, 'roles');
  }
});

test('a user manager cannot change a user stronger than themself', async () => {
  const code = unique('um_');
  assert.equal((await adm.post('/api/v1/roles', { code, name: '用户管理', permissions: ['user.manage'] })).status, 201);
  const mgr = await userWith(adm, unique('um'), { roles: [code] });
  const r = await mgr.patch(`/api/v1/users/${adm.user.id}`, { password: 'Taken-over-2022!' });
  assert.equal(r.status, 403);
  const s = await new Client().signIn('admin', 'Taken-over-2022!');
  assert.equal(s.status, 401, 'the admin password is unchanged');
  const self = await mgr.patch(`/api/v1/users/${mgr.id}`, { roles: ['admin'] });
  assert.equal(self.status, 403, 'nor raise themself');
});

test('a unit scope sees its own unit\'s users and their events, and changes no county data', async () => {
  const code = unique('unitmgr_');
  assert.equal((await adm.post('/api/v1/roles', { code, name: '单位管理', permissions: ['user.manage', 'org.manage', 'audit.read'] })).status, 201);
  const units = await adm.get('/api/v1/units');
  const unitId = units.data.items.find((u) => u.name === '市教育局').id;
  const m = await userWith(adm, unique('us'), { roles: [code], scope_kind: 'unit', unit_id: unitId });
  const list = await m.get('/api/v1/users?per_page=100');
  assert.equal(list.status, 200);
  assert.ok(list.data.total >= 1);
  assert.ok(list.data.items.every((u) => u.unit && u.unit.id === unitId), 'only users of the unit');
  assert.equal((await m.get(`/api/v1/users/${worker.id}`)).status, 404);
  assert.equal((await m.post('/api/v1/roles', { code: unique('x_'), name: 'x', permissions: [] })).status, 403);
  assert.equal((await m.post('/api/v1/units', { code: unique('u'), name: 'y', kind: 'other' })).status, 403);
  const logins = new Set(list.data.items.map((u) => u.login));
  const events = (await m.get('/api/v1/audit?per_page=100')).data.items;
  assert.ok(events.length > 0 && events.every((e) => logins.has(e.login)), 'only events of the unit\'s users');
  const divisions = await m.get('/api/v1/divisions');
  assert.equal(divisions.data.items.filter((d) => d.level === 'town').length, 11, 'the tree itself is visible');
});

test('a null permissions list leaves a role as it is', async () => {
  const code = unique('keep_');
  const role = await adm.post('/api/v1/roles', { code, name: '保留', permissions: ['plan.read'] });
  const r = await adm.patch(`/api/v1/roles/${role.data.id}`, { permissions: null });
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.permissions, ['plan.read']);
});

test('scope_division alone moves a user within the level of its code', async () => {
  const u = await userWith(adm, unique('mv'), { roles: ['town_worker'], scope_kind: 'town', scope_division: TOWN_A });
  const r = await adm.patch(`/api/v1/users/${u.id}`, { scope_division: TOWN_B });
  assert.equal(r.status, 200);
  assert.equal(r.data.scope.kind, 'town');
  assert.equal(r.data.scope.division_code, TOWN_B);
});
