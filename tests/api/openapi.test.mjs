// GET /api/v1/openapi.json: the OpenAPI document generated from the route
// table describes every route of GET /api/v1/meta, and the server accepts
// what it declares and refuses what it does not (400 unknown_query /
// invalid_query, naming the parameter).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, Client } from './lib.mjs';

let adm, doc, meta;

before(async () => {
  adm = await admin();
  const r = await adm.get('/api/v1/openapi.json');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.match(r.headers.get('content-type'), /application\/json/);
  doc = r.data;
  meta = (await adm.get('/api/v1/meta')).data;
});

const operations = () => Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

test('the document is OpenAPI 3.0 and needs a session', async () => {
  assert.match(doc.openapi, /^3\.0\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.ok(doc.components.schemas.Error.properties.error);
  assert.equal((await new Client().get('/api/v1/openapi.json')).status, 401);
});

test('every route of /api/v1/meta is there, with its title, permission and scope rule', () => {
  assert.ok(meta.routes.length > 40);
  for (const r of meta.routes) {
    const op = doc.paths[r.path] && doc.paths[r.path][r.method.toLowerCase()];
    assert.ok(op, `${r.method} ${r.path} is missing from openapi.json`);
    assert.equal(op.summary, meta.labels.audit_action[r.action], `${r.method} ${r.path}: summary`);
    assert.equal(op['x-weibao-permission'], r.public ? 'public' : r.permission || 'signed_in', `${r.method} ${r.path}: permission`);
    assert.deepEqual(op['x-weibao-permission-also'], r.also, `${r.method} ${r.path}: the permissions also admitted`);
    assert.equal(op['x-weibao-scope'], r.scope, `${r.method} ${r.path}: scope`);
    assert.ok(op.responses['4XX'], `${r.method} ${r.path}: the error answer`);
    for (const name of r.path.match(/\{[^}]+\}/g) || []) {
      assert.ok(op.parameters.some((p) => p.in === 'path' && p.name === name.slice(1, -1) && p.required), `${r.method} ${r.path}: ${name}`);
    }
  }
  assert.equal(operations().length, meta.routes.length, 'no operation that is not a route');
});

test('bodies are objects of exactly the declared fields', () => {
  for (const { path, method, op } of operations()) {
    const schema = op.requestBody && op.requestBody.content['application/json'] && op.requestBody.content['application/json'].schema;
    if (!schema) continue;
    assert.equal(schema.type, 'object', `${method} ${path}`);
    assert.equal(schema.additionalProperties, false, `${method} ${path}`);
    for (const name of schema.required || []) assert.ok(schema.properties[name], `${method} ${path}: ${name}`);
    for (const [name, s] of Object.entries(schema.properties)) {
      assert.ok(['string', 'integer', 'boolean', 'array', 'object'].includes(s.type), `${method} ${path}: ${name} ${s.type}`);
    }
  }
  const binding = doc.paths['/api/v1/plans/{id}/targets/{tid}/binding'].put.requestBody.content['application/json'].schema;
  assert.deepEqual(binding.properties.params, { type: 'object', maxProperties: 8, nullable: true });
  const create = doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(create.properties.login, { type: 'string', maxLength: 32 });
  assert.ok(create.required.includes('password'));
});

// A value of each declared query parameter that the handler must accept.
function goodValues(p) {
  switch (p.schema.type === 'string' && p.schema.enum ? 'enum' : p.schema.type) {
    case 'enum': return p.schema.enum;
    case 'string': return p.schema.format === 'date' ? ['2023-06-30'] : ['未保', 'x'.repeat(p.schema.maxLength)];
    case 'integer': return p.schema.maximum !== undefined ? [String(p.schema.minimum), String(p.schema.maximum)] : ['1'];
    default: return ['未保', 'x'.repeat(p.schema.maxLength)];
  }
}

test('the server accepts every declared value of every list and export', async () => {
  let tried = 0;
  for (const { path, method, op } of operations()) {
    if (method !== 'GET' || path.includes('{')) continue;
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      for (const v of goodValues(p)) {
        const r = await adm.get(`${path}?${p.name}=${encodeURIComponent(v)}`);
        assert.notEqual(r.status, 400, `${path}?${p.name}=${v}: ${JSON.stringify(r.data)}`);
        tried++;
      }
    }
  }
  assert.ok(tried > 40, `${tried} values tried`);
});

test('an undeclared query parameter is refused, naming it', async () => {
  for (const path of ['/api/v1/tasks', '/api/v1/me', '/api/v1/units', '/api/v1/audit/export.xlsx']) {
    const r = await adm.get(`${path}?password_hash=1`);
    assert.equal(r.status, 400, path);
    assert.equal(r.data.error.code, 'unknown_query', path);
    assert.equal(r.data.error.field, 'password_hash', path);
  }
  const body = await adm.post('/api/v1/tasks/1/sign?force=1', {});
  assert.equal(body.data.error.code, 'unknown_query', 'writes too');
});

test('a malformed query parameter is refused, naming it', async () => {
  const cases = [
    ['/api/v1/tasks', 'plan_id=03'], ['/api/v1/tasks', 'unit_id=x'], ['/api/v1/tasks', 'status=done'],
    ['/api/v1/tasks', 'light=purple'], ['/api/v1/tasks', 'sort=password'], ['/api/v1/users', 'order=up'],
    ['/api/v1/users', 'per_page=101'], ['/api/v1/users', 'page=0'], ['/api/v1/audit', 'from=yesterday'],
    ['/api/v1/audit', 'to=-1'], ['/api/v1/supervisions', 'open=yes'], ['/api/v1/users', `q=${'长'.repeat(65)}`],
    ['/api/v1/tasks', 'page=1&page=2'],
  ];
  for (const [path, q] of cases) {
    const r = await adm.get(`${path}?${encodeURI(q)}`);
    assert.equal(r.status, 400, `${path}?${q}`);
    assert.equal(r.data.error.code, 'invalid_query', `${path}?${q}`);
    assert.equal(r.data.error.field, q.split('=')[0], `${path}?${q}`);
    assert.ok(r.data.error.message.length > 0);
  }
  const empty = await adm.get('/api/v1/tasks?plan_id=&status=&per_page=5');
  assert.equal(empty.status, 200, 'an empty value is the same as none');
});

test('the units export takes the units page filters', async () => {
  const all = await adm.get('/api/v1/units/export.xlsx');
  const some = await adm.get('/api/v1/units/export.xlsx?kind=judicial&q=%E6%B3%95');
  assert.equal(all.status, 200);
  assert.equal(some.status, 200);
  assert.ok(some.data.length < all.data.length, 'fewer rows');
});

test('/api/v1/meta gives the forms the configured urgent situations (case_urgent_situations)', () => {
  assert.deepEqual(meta.case_rules.urgent_situations, [1, 2, 3, 4, 5, 9]);
});
