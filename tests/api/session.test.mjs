// Sign-in, sessions, CSRF, lockout, expiry, password change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, userWith, setClock, unique, ADMIN_PASSWORD } from './lib.mjs';

test('healthz answers without a session', async () => {
  const r = await new Client().get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'ok');
  assert.equal(r.data.db, process.env.WEIBAO_BACKEND);
  assert.equal(r.data.schema, 21);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy'), /default-src/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('sign-in sets an HttpOnly SameSite=Strict cookie and returns the CSRF token', async () => {
  const c = new Client();
  const r = await c.req('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /wb_session=[A-Za-z0-9_-]{40,}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(r.data.csrf_token.length >= 40);
  assert.equal(r.data.user.login, 'admin');
  assert.ok(r.data.user.permissions.includes('user.manage'));
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.data.scope.division_name, '桐乡市');
  assert.equal(me.data.unit.name, '市未保办');
  assert.equal(me.data.csrf_token, r.data.csrf_token);
});

test('a wrong password and an unknown user get the same answer', async () => {
  const a = await new Client().signIn('admin', 'not-the-password');
  const b = await new Client().signIn('nobody-here', 'not-the-password');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.data.error.code, 'bad_credentials');
  assert.match(a.data.error.message, /^用户名或密码错误/);
  assert.deepEqual(a.data, b.data);
});

test('requests without a session are refused', async () => {
  const r = await new Client().get('/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'unauthenticated');
  const forged = new Client();
  forged.cookie = 'wb_session=forged-token-value';
  assert.equal((await forged.get('/api/v1/me')).status, 401);
});

test('state-changing requests need the CSRF token', async () => {
  const c = await admin();
  const body = { name: '角色甲', code: unique('csrf_'), permissions: [] };
  const none = await c.req('POST', '/api/v1/roles', body, { csrf: false });
  assert.equal(none.status, 403);
  assert.equal(none.data.error.code, 'csrf');
  const wrong = await c.req('POST', '/api/v1/roles', body, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
  assert.equal(wrong.status, 403);
  const roles = await c.get('/api/v1/roles');
  assert.ok(!roles.data.items.some((r) => r.code === body.code), 'nothing was created');
  const ok = await c.post('/api/v1/roles', body);
  assert.equal(ok.status, 201);
});

test('sign-out ends the session', async () => {
  const c = await admin();
  const saved = c.cookie;
  assert.equal((await c.del('/api/v1/session')).status, 204);
  c.cookie = saved;
  assert.equal((await c.get('/api/v1/me')).status, 401);
});

test('five wrong passwords lock the account for this address for 15 minutes, answered like a wrong password', async (t) => {
  t.after(() => setClock(0));
  const a = await admin();
  const u = await userWith(a, unique('lock'), { roles: ['leader'] });
  const login = u.user.login;
  for (let i = 1; i <= 5; i++) {
    const r = await new Client().signIn(login, 'wrong-password-1');
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const locked = await new Client().signIn(login, u.password);
  const unknown = await new Client().signIn(unique('nobody'), 'wrong-password-1');
  assert.equal(locked.status, 401, 'even the right password');
  assert.deepEqual(locked.data, unknown.data, 'a locked login is answered like an unknown one');
  const other = await new Client().signIn(login, u.password, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(other.status, 401, 'X-Forwarded-For from an untrusted peer is ignored');
  setClock(14 * 60);
  assert.equal((await new Client().signIn(login, u.password)).status, 401, 'still locked at 14 min');
  setClock(16 * 60);
  assert.equal((await new Client().signIn(login, u.password)).status, 200, 'unlocked after 15 min');
  const log = await a.get(`/api/v1/audit?action=session.create&user=${login}&per_page=100`);
  assert.ok(log.data.items.some((e) => /此地址已锁定：失败 \d+ 次/.test(e.detail || '')),
    'the administrator sees the lock in the audit log');
});

test('parallel wrong passwords cannot pass the per-address limit', async () => {
  const a = await admin();
  const u = await userWith(a, unique('par'), { roles: ['leader'] });
  const tries = await Promise.all(Array.from({ length: 20 }, () => new Client().signIn(u.user.login, 'wrong-password-2')));
  assert.ok(tries.every((r) => r.status === 401));
  const log = await a.get(`/api/v1/audit?action=session.create&user=${u.user.login}&per_page=100`);
  const checked = log.data.items.filter((e) => e.outcome === 'unauthenticated' && !/已锁定/.test(e.detail || ''));
  assert.equal(checked.length, 5, 'exactly lockout_failures passwords were checked, however parallel');
});

test('a session expires after 30 minutes idle', async (t) => {
  t.after(() => setClock(0));
  const c = await admin();
  setClock(29 * 60);
  assert.equal((await c.get('/api/v1/me')).status, 200, 'used at 29 min');
  setClock(29 * 60 + 31 * 60);
  const r = await c.get('/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'session_expired');
  setClock(0);
  assert.equal((await c.get('/api/v1/me')).status, 401, 'an expired session is gone');
});

test('a session ends after 12 hours however active', async (t) => {
  t.after(() => setClock(0));
  const c = await admin();
  let status = 200;
  let minutes = 0;
  while (status === 200 && minutes <= 13 * 60) {
    minutes += 25;
    setClock(minutes * 60);
    status = (await c.get('/api/v1/me')).status;
  }
  assert.equal(status, 401);
  assert.ok(minutes > 12 * 60 && minutes <= 12 * 60 + 25, `ended at ${minutes} min`);
});

test('changing one\'s password checks the old one and the policy, and ends other sessions', async () => {
  const a = await admin();
  const u = await userWith(a, unique('pw'), { roles: ['leader'], display_name: '张伟' });
  const other = new Client();
  assert.equal((await other.signIn(u.user.login, u.password)).status, 200);
  let r = await u.post('/api/v1/me/password', { old_password: 'wrong-old-pass', new_password: 'A-new-good-one-1' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'old_password');
  r = await u.post('/api/v1/me/password', { old_password: u.password, new_password: 'short' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'new_password');
  r = await u.post('/api/v1/me/password', { old_password: u.password, new_password: `x${u.user.login}x-long` });
  assert.equal(r.status, 400, 'containing the login');
  r = await u.post('/api/v1/me/password', { old_password: u.password, new_password: 'A-new-good-one-1' });
  assert.equal(r.status, 204);
  assert.equal((await u.get('/api/v1/me')).status, 200, 'this session goes on');
  assert.equal((await other.get('/api/v1/me')).status, 401, 'the other session ended');
  assert.equal((await new Client().signIn(u.user.login, 'A-new-good-one-1')).status, 200);
});

test('a disabled user is signed out and cannot sign in', async () => {
  const a = await admin();
  const u = await userWith(a, unique('dis'), { roles: ['leader'] });
  const r = await a.patch(`/api/v1/users/${u.id}`, { status: 'disabled' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'disabled');
  assert.equal((await u.get('/api/v1/me')).status, 401);
  const s = await new Client().signIn(u.user.login, u.password);
  assert.equal(s.status, 403);
  assert.equal(s.data.error.code, 'account_disabled');
  const self = await a.patch(`/api/v1/users/${a.user.id}`, { status: 'disabled' });
  assert.equal(self.status, 422, 'an administrator cannot disable themself');
});

test('guessing the old password through a session ends it and locks the account for that address', async (t) => {
  t.after(() => setClock(0));
  const a = await admin();
  const u = await userWith(a, unique('gs'), { roles: ['leader'] });
  for (let i = 0; i < 5; i++) {
    const r = await u.post('/api/v1/me/password', { old_password: `guess-${i}-abcdef`, new_password: 'A-new-good-one-1' });
    assert.equal(r.status, 400);
  }
  const sixth = await u.post('/api/v1/me/password', { old_password: 'guess-6-abcdef', new_password: 'A-new-good-one-1' });
  assert.equal(sixth.status, 401);
  assert.equal((await u.get('/api/v1/me')).status, 401, 'the session ended');
  assert.equal((await new Client().signIn(u.user.login, u.password)).status, 401);
  const unlock = await a.patch(`/api/v1/users/${u.id}`, { password: 'Reset-by-office-2022' });
  assert.equal(unlock.status, 200, 'the office can reset the password');
  assert.equal((await new Client().signIn(u.user.login, 'Reset-by-office-2022')).status, 200,
    'which lifts the lock');
});
