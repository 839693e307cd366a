// The audit log records sign-ins, writes and refusals, in an intact chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, unique } from './lib.mjs';

test('sign-ins, failures and writes are in the audit log', async () => {
  const adm = await admin();
  const login = unique('au');
  const u = await userWith(adm, login, { roles: ['leader'] });
  await new Client().signIn(login, 'wrong-password-2');
  const r = await adm.get(`/api/v1/audit?user=${login}&per_page=100`);
  assert.equal(r.status, 200);
  const actions = r.data.items.map((e) => `${e.action}:${e.outcome}`);
  assert.ok(actions.includes('session.create:ok'), actions.join());
  assert.ok(actions.includes('session.create:unauthenticated'), actions.join());
  const created = await adm.get(`/api/v1/audit?action=user.create&object_id=${u.id}`);
  assert.equal(created.data.total, 1);
  const ev = created.data.items[0];
  assert.equal(ev.login, 'admin');
  assert.equal(ev.client_addr, '127.0.0.1');
  assert.equal(ev.outcome, 'ok');
  assert.ok(Math.abs(ev.at - Date.now() / 1000) < 3600);
  assert.ok(!JSON.stringify(ev).includes(u.password), 'no password in the log');
});

test('a refused write is recorded as denied', async () => {
  const adm = await admin();
  const leader = await userWith(adm, unique('al'), { roles: ['leader'] });
  const r = await leader.post('/api/v1/units', { code: 'zz', name: '越权单位', kind: 'other' });
  assert.equal(r.status, 403);
  const log = await adm.get(`/api/v1/audit?user=${leader.user.login}&action=unit.create`);
  assert.equal(log.data.total, 1);
  assert.equal(log.data.items[0].outcome, 'denied');
});

test('the chain verifies and the filters work', async () => {
  const adm = await admin();
  const v = await adm.get('/api/v1/audit/verify');
  assert.equal(v.status, 200);
  assert.equal(v.data.ok, true);
  assert.ok(v.data.events > 5);
  const now = Math.floor(Date.now() / 1000);
  const none = await adm.get(`/api/v1/audit?from=${now + 86400 * 365}`);
  assert.equal(none.data.total, 0);
  const some = await adm.get(`/api/v1/audit?from=${now - 86400}&to=${now + 86400}&per_page=5`);
  assert.ok(some.data.total >= 5);
  assert.equal(some.data.items.length, 5);
  const ids = some.data.items.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  assert.equal((await adm.get('/api/v1/audit?from=yesterday')).status, 400);
});
