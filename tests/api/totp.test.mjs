// Two-factor sign-in (TOTP, RFC 6238: HMAC-SHA-1, 6 digits, 30 s): set-up,
// confirmation, sign-in with and without the code, wrong codes counted like
// wrong passwords, replays, recovery codes, turning it off, an
// administrator's reset, and — on a second server of this file's own whose
// weibao.conf requires it for user.manage / org.manage — the forced set-up.
// The shared server of run.sh requires it of nobody (totp_required_permissions
// is empty there), so `admin` signs in with its password in every other file.
//
// The server's clock is moved a whole step (30 s) at a time, to the middle of
// a step, so that the codes computed here are the ones the server expects.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, admin, userWith, setClock, unique } from './lib.mjs';

// --- RFC 6238 in the test (node:crypto HMAC-SHA-1) ---------------------------

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '')) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

// The step the server's clock is in; moved forward only, one step at a time.
let step = 0;
function nextStep() {
  const real = Math.floor(Date.now() / 1000);
  step = Math.max(step + 1, Math.floor(real / 30) + 1);
  setClock(step * 30 + 12 - real);
  return step;
}
const code = (secret, s = step) => hotp(base32Decode(secret), s);

// --- helpers -----------------------------------------------------------------

/** Sets up and enables TOTP for a signed-in client: { secret, recovery }. */
async function enableTotp(c) {
  const s = await c.post('/api/v1/me/totp/setup', {});
  assert.equal(s.status, 200, JSON.stringify(s.data));
  nextStep();
  const e = await c.post('/api/v1/me/totp/enable', { code: code(s.data.secret) });
  assert.equal(e.status, 200, JSON.stringify(e.data));
  return { secret: s.data.secret, recovery: e.data.recovery_codes };
}

async function auditOf(adm, login) {
  const r = await adm.get(`/api/v1/audit?user=${login}&per_page=100`);
  assert.equal(r.status, 200);
  return r.data.items;
}

after(() => setClock(0));

test('the test computes RFC 6238 codes right (the RFC\'s SHA-1 vectors)', () => {
  const key = Buffer.from('12345678901234567890');
  assert.equal(hotp(key, Math.floor(59 / 30), 8), '94287082');
  assert.equal(hotp(key, Math.floor(1111111109 / 30), 8), '07081804');
  assert.equal(hotp(key, Math.floor(2000000000 / 30), 8), '69279037');
});

test('set-up answers a base32 secret and its otpauth URI; nothing is enabled until a code confirms it', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpa'), { roles: ['leader'] });
  const s = await u.post('/api/v1/me/totp/setup', {});
  assert.equal(s.status, 200);
  assert.match(s.data.secret, /^[A-Z2-7]{32}$/);
  assert.equal(s.data.otpauth_uri, `otpauth://totp/weibao:${u.user.login}?secret=${s.data.secret}&issuer=weibao`);
  const me = await u.get('/api/v1/me');
  assert.deepEqual(me.data.totp, { enabled: false, required: false });
  // a pending secret changes nothing at sign-in
  assert.equal((await new Client().signIn(u.user.login, u.password)).status, 200);
  // a second set-up replaces the pending secret
  const again = await u.post('/api/v1/me/totp/setup', {});
  assert.notEqual(again.data.secret, s.data.secret);
  nextStep();
  const old = await u.post('/api/v1/me/totp/enable', { code: code(s.data.secret) });
  assert.equal(old.status, 400);
  assert.equal(old.data.error.code, 'otp_invalid');
  assert.equal(old.data.error.field, 'code');
  const malformed = await u.post('/api/v1/me/totp/enable', { code: '12345' });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.data.error.field, 'code');
  const ok = await u.post('/api/v1/me/totp/enable', { code: code(again.data.secret) });
  assert.equal(ok.status, 200);
  assert.equal(ok.data.enabled, true);
  assert.equal(ok.data.recovery_codes.length, 10);
  assert.equal(new Set(ok.data.recovery_codes).size, 10);
  for (const rc of ok.data.recovery_codes) assert.match(rc, /^[0-9a-z]{5}-[0-9a-z]{5}$/);
  assert.deepEqual((await u.get('/api/v1/me')).data.totp, { enabled: true, required: false });
  // enabled: neither set-up nor confirmation again
  const setup2 = await u.post('/api/v1/me/totp/setup', {});
  assert.equal(setup2.status, 409);
  assert.equal(setup2.data.error.code, 'totp_enabled');
  assert.equal((await u.post('/api/v1/me/totp/enable', { code: code(again.data.secret) })).status, 409);
  // an administrator sees it in the user list
  const listed = await adm.get(`/api/v1/users/${u.id}`);
  assert.equal(listed.data.totp_enabled, true);
});

test('sign-in asks for the code only after the right password, and opens no session without it', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpb'), { roles: ['leader'] });
  const { secret } = await enableTotp(u);
  const login = u.user.login;
  nextStep();
  const wrongPw = await new Client().signIn(login, 'Not-the-password-2022');
  assert.equal(wrongPw.status, 401);
  assert.equal(wrongPw.data.error.code, 'bad_credentials');
  const wrongPwRightCode = await new Client().req('POST', '/api/v1/session', { username: login, password: 'Not-the-password-2022', otp: code(secret) });
  assert.equal(wrongPwRightCode.data.error.code, 'bad_credentials');
  const c = new Client();
  const need = await c.signIn(login, u.password);
  assert.equal(need.status, 401);
  assert.equal(need.data.error.code, 'otp_required');
  assert.equal(need.headers.get('set-cookie'), null);
  assert.equal(c.cookie, null);
  const ok = await c.req('POST', '/api/v1/session', { username: login, password: u.password, otp: code(secret) });
  assert.equal(ok.status, 200);
  assert.equal(ok.data.user.totp.enabled, true);
  c.csrf = ok.data.csrf_token;
  assert.equal((await c.get('/api/v1/me')).status, 200);
  // both kinds of second factor at once, or a code that is not 6 digits: 400
  const both = await new Client().req('POST', '/api/v1/session', { username: login, password: u.password, otp: '123456', recovery_code: 'abcde-fghjk' });
  assert.equal(both.status, 400);
  const short = await new Client().req('POST', '/api/v1/session', { username: login, password: u.password, otp: '12345' });
  assert.equal(short.status, 400);
  assert.equal(short.data.error.field, 'otp');
});

test('a code is accepted once: the same code again is refused, the next step\'s works', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpc'), { roles: ['leader'] });
  const { secret } = await enableTotp(u);
  const login = u.user.login;
  nextStep();
  const first = code(secret);
  const body = { username: login, password: u.password, otp: first };
  assert.equal((await new Client().req('POST', '/api/v1/session', body)).status, 200);
  const replay = await new Client().req('POST', '/api/v1/session', body);
  assert.equal(replay.status, 401);
  assert.equal(replay.data.error.code, 'otp_invalid');
  // the code of the step before the last accepted one is refused as well
  const earlier = await new Client().req('POST', '/api/v1/session', { ...body, otp: code(secret, step - 1) });
  assert.equal(earlier.data.error.code, 'otp_invalid');
  nextStep();
  assert.equal((await new Client().req('POST', '/api/v1/session', { ...body, otp: code(secret) })).status, 200);
  const events = await auditOf(adm, login);
  assert.ok(events.some((e) => e.action === 'session.create' && /动态验证码已使用过（重放）/.test(e.detail || '')), 'the replay is audited');
});

test('wrong codes count like wrong passwords: five lock the account for this address; a password alone counts nothing', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpd'), { roles: ['leader'] });
  const { secret } = await enableTotp(u);
  const login = u.user.login;
  nextStep();
  // the first step of a normal sign-in, many times: never a failure
  for (let i = 0; i < 8; i++) {
    const r = await new Client().signIn(login, u.password);
    assert.equal(r.data.error.code, 'otp_required');
  }
  const wrong = code(secret) === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    const r = await new Client().req('POST', '/api/v1/session', { username: login, password: u.password, otp: wrong });
    assert.equal(r.status, 401);
    assert.equal(r.data.error.code, 'otp_invalid');
  }
  const locked = await new Client().req('POST', '/api/v1/session', { username: login, password: u.password, otp: code(secret) });
  assert.equal(locked.status, 401);
  assert.equal(locked.data.error.code, 'bad_credentials');
  const events = await auditOf(adm, login);
  assert.ok(events.some((e) => /^动态验证码错误$/.test(e.detail || '') && e.outcome === 'unauthenticated'));
  assert.ok(events.some((e) => /此地址已锁定/.test(e.detail || '')));
  // an administrator lifts the lock; the right code then signs in
  assert.equal((await adm.patch(`/api/v1/users/${u.id}`, { unlock: true })).status, 200);
  nextStep();
  assert.equal((await new Client().req('POST', '/api/v1/session', { username: login, password: u.password, otp: code(secret) })).status, 200);
});

test('a recovery code signs in once, typed in any case and with or without its hyphen', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpe'), { roles: ['leader'] });
  const { recovery } = await enableTotp(u);
  const login = u.user.login;
  const first = { username: login, password: u.password, recovery_code: recovery[0] };
  const ok = await new Client().req('POST', '/api/v1/session', first);
  assert.equal(ok.status, 200);
  const again = await new Client().req('POST', '/api/v1/session', first);
  assert.equal(again.status, 401);
  assert.equal(again.data.error.code, 'otp_invalid');
  const typed = recovery[1].replace('-', '').toUpperCase();
  assert.equal((await new Client().req('POST', '/api/v1/session', { ...first, recovery_code: typed })).status, 200);
  const made = await new Client().req('POST', '/api/v1/session', { ...first, recovery_code: 'zzzzz-zzzzz' });
  assert.equal(made.data.error.code, 'otp_invalid');
  const events = await auditOf(adm, login);
  assert.ok(events.some((e) => /恢复码（剩余 9 个）/.test(e.detail || '')));
  assert.ok(events.some((e) => /恢复码（剩余 8 个）/.test(e.detail || '')));
  assert.ok(events.some((e) => /^恢复码错误或已使用$/.test(e.detail || '')));
});

test('turning it off needs the password and a code; then the password alone signs in again', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpf'), { roles: ['leader'] });
  const { secret, recovery } = await enableTotp(u);
  nextStep();
  const noCode = await u.post('/api/v1/me/totp/disable', { password: u.password });
  assert.equal(noCode.status, 400);
  const wrongPw = await u.post('/api/v1/me/totp/disable', { password: 'Not-the-password-2022', code: code(secret) });
  assert.equal(wrongPw.status, 400);
  assert.equal(wrongPw.data.error.code, 'wrong_password');
  const wrongCode = await u.post('/api/v1/me/totp/disable', { password: u.password, recovery_code: 'zzzzz-zzzzz' });
  assert.equal(wrongCode.status, 400);
  assert.equal(wrongCode.data.error.code, 'otp_invalid');
  assert.equal(wrongCode.data.error.field, 'recovery_code');
  const off = await u.post('/api/v1/me/totp/disable', { password: u.password, code: code(secret) });
  assert.equal(off.status, 204);
  assert.deepEqual((await u.get('/api/v1/me')).data.totp, { enabled: false, required: false });
  assert.equal((await new Client().signIn(u.user.login, u.password)).status, 200);
  // the old recovery codes are gone with it
  const again = await enableTotp(u);
  const old = await new Client().req('POST', '/api/v1/session', { username: u.user.login, password: u.password, recovery_code: recovery[5] });
  assert.equal(old.data.error.code, 'otp_invalid');
  assert.notEqual(again.secret, secret);
  const off2 = await u.post('/api/v1/me/totp/disable', { password: u.password, recovery_code: again.recovery[0] });
  assert.equal(off2.status, 204);
  assert.equal((await u.post('/api/v1/me/totp/disable', { password: u.password, code: '123456' })).data.error.code, 'totp_not_enabled');
});

test('every step is audited, and no event carries the secret or a code', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totpg'), { roles: ['leader'] });
  const { secret, recovery } = await enableTotp(u);
  nextStep();
  const used = code(secret);
  await new Client().signIn(u.user.login, u.password);
  await new Client().req('POST', '/api/v1/session', { username: u.user.login, password: u.password, otp: used });
  await new Client().req('POST', '/api/v1/session', { username: u.user.login, password: u.password, recovery_code: recovery[3] });
  const events = await auditOf(adm, u.user.login);
  const details = events.map((e) => `${e.action} ${e.outcome} ${e.detail || ''}`);
  for (const want of [/me\.totp_setup ok 已生成新密钥，尚未确认/, /me\.totp_enable ok 已启用两步验证，发放恢复码 10 个/,
    /session\.create unauthenticated 密码正确，需输入动态验证码/, /session\.create ok 第二因素：动态验证码/,
    /session\.create ok 第二因素：恢复码（剩余 \d+ 个）/]) {
    assert.ok(details.some((d) => want.test(d)), `no event like ${want}: ${details.join(' | ')}`);
  }
  const all = JSON.stringify(events.map((e) => e.detail));
  assert.ok(!all.includes(secret), 'the secret is in the audit log');
  assert.ok(!all.includes(used), 'a code is in the audit log');
  for (const rc of recovery) assert.ok(!all.includes(rc) && !all.includes(rc.replace('-', '')), 'a recovery code is in the audit log');
});

test('an administrator resets another user\'s TOTP; nobody resets their own this way', async () => {
  const adm = await admin();
  const u = await userWith(adm, unique('totph'), { roles: ['leader'] });
  await enableTotp(u);
  assert.equal((await new Client().signIn(u.user.login, u.password)).data.error.code, 'otp_required');
  const r = await adm.patch(`/api/v1/users/${u.id}`, { totp_reset: true });
  assert.equal(r.status, 200);
  assert.equal(r.data.totp_enabled, false);
  assert.equal((await new Client().signIn(u.user.login, u.password)).status, 200);
  const self = await adm.patch(`/api/v1/users/${adm.user.id}`, { totp_reset: true });
  assert.equal(self.status, 422);
  assert.equal(self.data.error.field, 'totp_reset');
  const ev = await adm.get(`/api/v1/audit?action=user.update&object_id=${u.id}`);
  assert.ok(ev.data.items.some((e) => /重置两步验证（验证器遗失）/.test(e.detail || '')));
  // a user without user.manage cannot
  assert.equal((await u.patch(`/api/v1/users/${u.id}`, { totp_reset: true })).status, 403);
});

// --- a second server on the same database that requires TOTP of managers ------

let server2 = null;
let base2 = null;
let dir2 = null;

/** A client of the second server (the same cookie jar logic as lib.mjs). */
class Client2 extends Client {
  async req(method, path, body, { csrf = true, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(base2 + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /wb_session=([^;]*)/.exec(setCookie);
      this.cookie = m && m[1] ? `wb_session=${m[1]}` : null;
    }
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json() : null;
    return { status: res.status, data, headers: res.headers };
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the second server (once): the shared database, a weibao.conf that
 * requires TOTP of user.manage and org.manage, the same moved clock. */
async function startServer2() {
  if (server2) return;
  const data = process.env.WEIBAO_DATA, db = process.env.WEIBAO_TEST_DB;
  assert.ok(data && db && process.env.WEIBAO_BIN, 'run by tests/api/run.sh');
  dir2 = mkdtempSync(join(tmpdir(), 'weibao-totp-'));
  copyFileSync(join(data, 'weibao.key'), join(dir2, 'weibao.key'));
  chmodSync(join(dir2, 'weibao.key'), 0o600);
  writeFileSync(join(dir2, 'weibao.conf'), 'login_ip_limit = 1000\naudit_refusal_limit = 100000\n' +
    'totp_required_permissions = user.manage, org.manage\n');
  const port = await freePort();
  base2 = `http://127.0.0.1:${port}`;
  server2 = spawn(process.env.WEIBAO_BIN, ['serve', '--data', dir2, '--db', db, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server2.stderr.on('data', (b) => { log += b; });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base2}/healthz`)).ok) return;
    } catch { /* not yet */ }
    if (server2.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the second server did not start: ${log}`);
}

after(async () => {
  if (server2 && server2.exitCode === null) {
    const done = new Promise((r) => server2.once('exit', r));
    server2.kill('SIGTERM');
    await done;
  }
  if (dir2) rmSync(dir2, { recursive: true, force: true });
});

test('a bad totp_required_permissions stops serve with the line named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'weibao-totp-conf-'));
  try {
    copyFileSync(join(process.env.WEIBAO_DATA, 'weibao.key'), join(dir, 'weibao.key'));
    chmodSync(join(dir, 'weibao.key'), 0o600);
    writeFileSync(join(dir, 'weibao.conf'), '# one line\ntotp_required_permissions = user.manage, nothing.here\n');
    const p = spawn(process.env.WEIBAO_BIN, ['serve', '--data', dir, '--db', process.env.WEIBAO_TEST_DB, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (b) => { err += b; });
    const status = await new Promise((r) => p.once('exit', r));
    assert.equal(status, 1);
    assert.match(err, /weibao\.conf:2: totp_required_permissions: unknown permission 'nothing\.here'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('where it is required, a manager without TOTP reaches only the set-up until it is enabled', async () => {
  await startServer2();
  const adm = await admin();   // on the shared server, which requires it of nobody
  const login = unique('totpadm');
  const mgr = await userWith(adm, login, { roles: ['admin'] });
  const c = new Client2();
  const s = await c.signIn(login, mgr.password);
  assert.equal(s.status, 200);
  assert.deepEqual(s.data.user.totp, { enabled: false, required: true });
  const events0 = await auditOf(adm, login);
  assert.ok(events0.some((e) => e.action === 'session.create' && /须先启用两步验证才能使用其他功能/.test(e.detail || '')));
  // what stays open
  assert.equal((await c.get('/api/v1/me')).status, 200);
  assert.equal((await c.get('/api/v1/meta')).status, 200);
  // everything else: 403 totp_setup_required, reads and writes alike, audited
  for (const [m, p, b] of [['GET', '/api/v1/users'], ['GET', '/api/v1/tasks'], ['GET', '/api/v1/divisions'],
    ['POST', '/api/v1/roles', { code: unique('r'), name: '角色', permissions: [] }],
    ['POST', '/api/v1/me/password', { old_password: mgr.password, new_password: 'Another-long-phrase-2024' }],
    ['PATCH', `/api/v1/users/${mgr.id}`, { display_name: '改名' }]]) {
    const r = await c.req(m, p, b);
    assert.equal(r.status, 403, `${m} ${p}`);
    assert.equal(r.data.error.code, 'totp_setup_required', `${m} ${p}`);
  }
  const refused = await auditOf(adm, login);
  assert.ok(refused.some((e) => e.action === 'user.list' && e.outcome === 'denied'));
  // a leader on the same server is not held up
  const leader = await userWith(adm, unique('totpldr'), { roles: ['leader'] });
  const lc = new Client2();
  const ls = await lc.signIn(leader.user.login, leader.password);
  assert.deepEqual(ls.data.user.totp, { enabled: false, required: false });
  assert.equal((await lc.get('/api/v1/tasks')).status, 200);
  // set-up, confirmation: the same session then reaches everything
  const setup = await c.post('/api/v1/me/totp/setup', {});
  assert.equal(setup.status, 200);
  nextStep();
  const en = await c.post('/api/v1/me/totp/enable', { code: code(setup.data.secret) });
  assert.equal(en.status, 200);
  assert.equal((await c.get('/api/v1/users')).status, 200);
  assert.deepEqual((await c.get('/api/v1/me')).data.totp, { enabled: true, required: true });
  // they cannot turn it off themselves
  nextStep();
  const off = await c.post('/api/v1/me/totp/disable', { password: mgr.password, code: code(setup.data.secret) });
  assert.equal(off.status, 403);
  assert.equal(off.data.error.code, 'totp_required');
  // signing in again asks for the code
  assert.equal((await new Client2().signIn(login, mgr.password)).data.error.code, 'otp_required');
  const c2 = new Client2();
  const again = await c2.req('POST', '/api/v1/session', { username: login, password: mgr.password, otp: code(setup.data.secret) });
  assert.equal(again.status, 200);
  c2.csrf = again.data.csrf_token;
  // an administrator's reset puts them back to the set-up, sessions and all
  assert.equal((await adm.patch(`/api/v1/users/${mgr.id}`, { totp_reset: true })).status, 200);
  const back = await c2.get('/api/v1/users');
  assert.equal(back.status, 403);
  assert.equal(back.data.error.code, 'totp_setup_required');
  assert.equal((await c2.del('/api/v1/session')).status, 204);
});
