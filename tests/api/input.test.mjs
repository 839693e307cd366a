// Bad input: every malformed body gets a clear 400 (or 413) and changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { admin, unique, BASE } from './lib.mjs';

let adm;
const userCount = async () => (await adm.get('/api/v1/users?per_page=1')).data.total;
const good = () => ({
  login: unique('in'), display_name: '输入测试', roles: ['leader'], scope_kind: 'county',
  password: 'Input-test-pass-1',
});

before(async () => { adm = await admin(); });

async function refused(body, { status = 400, code, field } = {}) {
  const before = await userCount();
  const r = await adm.post('/api/v1/users', body);
  assert.equal(r.status, status, JSON.stringify(r.data));
  assert.equal(typeof r.data.error.message, 'string');
  assert.ok(r.data.error.message.length > 0);
  if (code) assert.equal(r.data.error.code, code);
  if (field) assert.equal(r.data.error.field, field);
  assert.equal(await userCount(), before, 'nothing was created');
  return r;
}

test('malformed JSON', async () => {
  await refused('{"login": "x", ', { code: 'invalid_json' });
  await refused('not json at all', { code: 'invalid_json' });
  await refused('[1,2,3]', { code: 'invalid_json' });
  await refused('', { code: 'missing_body' });
});

test('duplicate keys', async () => {
  await refused('{"login":"a1234","login":"b1234"}', { code: 'invalid_json' });
});

test('wrong types', async () => {
  await refused({ ...good(), login: 42 }, { code: 'wrong_type', field: 'login' });
  await refused({ ...good(), roles: 'leader' }, { code: 'wrong_type', field: 'roles' });
  await refused({ ...good(), roles: [1] }, { code: 'wrong_type', field: 'roles' });
  await refused({ ...good(), unit_id: '3' }, { code: 'wrong_type', field: 'unit_id' });
  await refused({ ...good(), unit_id: -3 }, { code: 'wrong_type', field: 'unit_id' });
});

test('unknown and missing fields', async () => {
  await refused({ ...good(), is_admin: true }, { code: 'unknown_field', field: 'is_admin' });
  const { password, ...nopw } = good();
  assert.ok(password);
  await refused(nopw, { code: 'missing_field', field: 'password' });
});

test('overlong strings', async () => {
  await refused({ ...good(), display_name: '长'.repeat(33) }, { field: 'display_name' });
  await refused({ ...good(), login: 'a'.repeat(33) }, { field: 'login' });
  await refused({ ...good(), password: 'p'.repeat(257) }, { field: 'password' });
});

test('invalid UTF-8', async () => {
  const bytes = Buffer.concat([Buffer.from('{"login":"utf8x","display_name":"'), Buffer.from([0xc3, 0x28, 0xff]),
    Buffer.from('","roles":["leader"],"scope_kind":"county","password":"Input-test-pass-1"}')]);
  await refused(bytes, { code: 'invalid_json' });
});

test('NUL bytes, raw and escaped, and control characters', async () => {
  const raw = Buffer.concat([Buffer.from('{"login":"nul'), Buffer.from([0]), Buffer.from('x"}')]);
  await refused(raw, { code: 'invalid_json' });
  await refused(`{"login":"nul\\u0000x","display_name":"x","roles":["leader"],"scope_kind":"county","password":"Input-test-pass-1"}`,
    { code: 'invalid_json' });
  await refused({ ...good(), display_name: 'bell\u0007' }, { field: 'display_name' });
});

test('rule violations name the field', async () => {
  await refused({ ...good(), login: 'Bad Login' }, { field: 'login' });
  await refused({ ...good(), password: 'short' }, { field: 'password' });
  await refused({ ...good(), roles: ['no_such_role'] }, { field: 'roles' });
  await refused({ ...good(), scope_kind: 'town', scope_division: '330483199' }, { field: 'scope_division' });
  await refused({ ...good(), scope_kind: 'planet' }, { field: 'scope_kind' });
  await refused({ ...good(), unit_id: 99999 }, { field: 'unit_id' });
});

test('a duplicate login is a conflict', async () => {
  const body = good();
  assert.equal((await adm.post('/api/v1/users', body)).status, 201);
  await refused({ ...body }, { status: 409, code: 'conflict' });
});

// Sends the head of a request declaring `length` bytes of body and none of
// them; resolves with everything the server answers until it closes.  (A
// client that keeps sending a body the server has refused may see the
// connection reset before it reads the answer: the head alone is enough.)
function headOnly(path, length) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(url.port), url.hostname, () => {
      sock.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${adm.cookie}\r\n` +
        `X-CSRF-Token: ${adm.csrf}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${length}\r\n\r\n`);
    });
    let got = '';
    sock.setTimeout(5000, () => { sock.destroy(); reject(new Error(`no answer; got ${got}`)); });
    sock.on('data', (d) => { got += d.toString('utf8'); if (/\r\n\r\n[\s\S]*\}/.test(got)) sock.end(); });
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
}

test('an oversized body is refused with 413 at once, from its declared length', async () => {
  const before = await userCount();
  const answer = await headOnly('/api/v1/users', 11 * 1024 * 1024);
  assert.match(answer, /^HTTP\/1\.1 413 /, answer.slice(0, 200));
  assert.match(answer, /"code":"body_too_large"/);
  assert.equal(await userCount(), before);
});

test('bad paging arguments', async () => {
  for (const q of ['page=0', 'page=x', 'per_page=101', 'sort=password_hash', 'order=sideways']) {
    const r = await adm.get(`/api/v1/users?${q}`);
    assert.equal(r.status, 400, q);
  }
  const sorted = await adm.get('/api/v1/users?sort=login&order=desc&per_page=100');
  const logins = sorted.data.items.map((u) => u.login);
  assert.deepEqual(logins, [...logins].sort().reverse());
});

test('query arguments must be text', async () => {
  for (const q of ['q=%FF', 'q=%C3%28', 'q=a%00b', `q=${'x'.repeat(300)}`]) {
    const r = await adm.get(`/api/v1/users?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.data.error.code, 'invalid_query');
  }
  const big = await adm.get('/api/v1/audit?from=9999999999');
  assert.equal(big.status, 200, 'a large time is a number, not an error');
});

test('bodies must be declared JSON', async () => {
  const before = await userCount();
  const r = await adm.req('POST', '/api/v1/users', JSON.stringify(good()), { headers: { 'content-type': 'text/plain' } });
  assert.equal(r.status, 415);
  const form = await adm.req('POST', '/api/v1/users', 'login=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  assert.equal(await userCount(), before);
});

test('search ignores letter case', async () => {
  const body = good();
  assert.equal((await adm.post('/api/v1/users', body)).status, 201);
  const r = await adm.get(`/api/v1/users?q=${body.login.toUpperCase()}`);
  assert.equal(r.data.total, 1);
});
