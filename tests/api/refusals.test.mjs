// Every refusal leaves an audit event; HTTP oddities are refused cleanly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, userWith, unique, Client, BASE } from './lib.mjs';

let adm;
before(async () => { adm = await admin(); });

// The newest audit events of an action (chained events only).
async function events(action) {
  const r = await adm.get(`/api/v1/audit?action=${encodeURIComponent(action)}&per_page=100`);
  assert.equal(r.status, 200);
  return r.data.items;
}

async function newest(action, since) {
  return (await events(action)).filter((e) => e.id > since);
}

async function lastId() {
  return (await adm.get('/api/v1/audit?per_page=1')).data.items[0].id;
}

test('refusals are audited: CSRF, writes without a session, too large, 403 and 404 on reads, bad sign-in bodies', async () => {
  const since = await lastId();
  const body = { code: unique('rf_'), name: '拒绝测试', permissions: [] };
  assert.equal((await adm.req('POST', '/api/v1/roles', body, { csrf: false })).status, 403);
  assert.equal((await new Client().post('/api/v1/divisions', { code: '330483100999', name: '无会话' })).status, 401);
  // refused as soon as the head declares it: the client may see the 413 or,
  // still sending, a closed connection
  const big = await adm.req('POST', '/api/v1/plans/parse', JSON.stringify({ text: 'x'.repeat(11 * 1024 * 1024) }))
    .catch(() => ({ status: 413 }));
  assert.equal(big.status, 413);
  const leader = await userWith(adm, unique('rfl'), { roles: ['leader'] });
  assert.equal((await leader.get('/api/v1/users')).status, 403);
  assert.equal((await adm.get('/api/v1/tasks/999999')).status, 404);
  assert.equal((await new Client().post('/api/v1/session', { username: 5, password: 'x' })).status, 400);

  const csrf = (await newest('role.create', since)).find((e) => e.outcome === 'denied');
  assert.ok(csrf, 'the CSRF refusal');
  const anon = (await newest('division.create', since)).find((e) => e.outcome === 'unauthenticated');
  assert.ok(anon, 'the write without a session');
  assert.equal(anon.login, null);
  assert.ok((await newest('plan.parse', since)).some((e) => e.outcome === 'too_large'), 'the 413');
  const denied = (await newest('user.list', since)).find((e) => e.outcome === 'denied');
  assert.equal(denied.login, leader.user.login, 'the 403 on a read');
  const missing = (await newest('task.read', since)).find((e) => e.outcome === 'not_found');
  assert.equal(missing.object_id, '999999', 'the 404 on a read');
  assert.ok((await newest('session.create', since)).some((e) => e.outcome === 'invalid'), 'the bad sign-in body');
});

test('reads without a session are not audited (the UI asks /me before signing in)', async () => {
  const since = await lastId();
  assert.equal((await new Client().get('/api/v1/me')).status, 401);
  assert.equal((await newest('me.read', since)).length, 0);
});

test('unknown paths and methods are refused and audited', async () => {
  const since = await lastId();
  assert.equal((await adm.get('/api/v1/no-such-thing')).status, 404);
  assert.equal((await adm.req('PUT', '/api/v1/users', {})).status, 405);
  const e = await newest('http.refused', since);
  assert.equal(e.length, 2);
});

test('only canonical ids reach a record', async () => {
  const tasks = (await adm.get('/api/v1/tasks?per_page=1')).data.items;
  const id = tasks.length ? tasks[0].id : 1;
  for (const bad of [`0${id}`, `+${id}`, `%20${id}`, `${id}%20`, `${id}.0`, `-${id}`, '99999999999999999999']) {
    assert.equal((await adm.get(`/api/v1/tasks/${bad}`)).status, 404, bad);
  }
});

test('HEAD answers like GET without a body', async () => {
  const res = await fetch(`${BASE}/api/v1/me`, { method: 'HEAD', headers: { cookie: adm.cookie } });
  assert.equal(res.status, 200);
  assert.equal((await res.arrayBuffer()).byteLength, 0);
  assert.match(res.headers.get('content-type'), /json/);
});

test('creating users (slow password hashing) does not block other writes', async () => {
  const names = Array.from({ length: 4 }, () => unique('par'));
  const divisions = Array.from({ length: 12 }, (_, i) => `3304831029${String(i).padStart(2, '0')}`);
  const results = await Promise.all([
    ...names.map((login) => adm.post('/api/v1/users', {
      login, display_name: '并发', roles: ['leader'], scope_kind: 'county', password: 'Parallel-user-2022',
    })),
    ...divisions.map((code) => adm.post('/api/v1/divisions', { code, name: `并发村${code.slice(-2)}` })),
  ]);
  const statuses = results.map((r) => r.status);
  assert.ok(statuses.every((s) => s === 201), statuses.join(' '));
});

test('a user manager of a town cannot bind a user to another unit', async () => {
  const units = (await adm.get('/api/v1/units')).data.items;
  const town = await userWith(adm, unique('tm'), {
    roles: ['admin'], scope_kind: 'town', scope_division: '330483100', unit_id: units[1].id,
  });
  const victim = await userWith(adm, unique('tv'), { roles: ['leader'], scope_kind: 'town', scope_division: '330483100' });
  const r = await town.patch(`/api/v1/users/${victim.id}`, { unit_id: units[2].id });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.field, 'unit_id');
  const own = await town.patch(`/api/v1/users/${victim.id}`, { unit_id: units[1].id });
  assert.equal(own.status, 200, 'their own unit is fine');
  const c = await town.post('/api/v1/users', {
    login: unique('tn'), display_name: '新人', roles: ['leader'], scope_kind: 'town',
    scope_division: '330483100', unit_id: units[3].id, password: 'Town-new-user-2022',
  });
  assert.equal(c.status, 403);
});
