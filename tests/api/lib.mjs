// A small client for the API tests: a cookie jar, the CSRF token, JSON.
import { writeFileSync } from 'node:fs';

export const BASE = process.env.WEIBAO_URL;
export const ADMIN_PASSWORD = 'Api-test-Tongxiang-2022';
export const TOWN_A = '330483100'; // 乌镇镇
export const TOWN_B = '330483101'; // 濮院镇

export class Client {
  constructor() { this.cookie = null; this.csrf = null; this.user = null; }

  // Sends a request; body is JSON-encoded unless it is a string or Buffer.
  async req(method, path, body, { csrf = true, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    }
    const res = await fetch(BASE + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /wb_session=([^;]*)/.exec(setCookie);
      this.cookie = m && m[1] ? `wb_session=${m[1]}` : null;
    }
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, data, headers: res.headers };
  }

  async signIn(username, password, opts = {}) {
    const r = await this.req('POST', '/api/v1/session', { username, password }, opts);
    if (r.status === 200) { this.csrf = r.data.csrf_token; this.user = r.data.user; }
    return r;
  }

  get(path) { return this.req('GET', path); }
  post(path, body) { return this.req('POST', path, body); }
  patch(path, body) { return this.req('PATCH', path, body); }
  del(path) { return this.req('DELETE', path); }
}

export async function admin() {
  const c = new Client();
  const r = await c.signIn('admin', ADMIN_PASSWORD);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(r.data)}`);
  return c;
}

// Creates (through the API, as admin) a user and returns a signed-in client.
export async function userWith(adminClient, login, { roles, scope_kind = 'county', scope_division, unit_id, display_name = '测试用户' }) {
  const password = `Pw-${login}-2022!`.replace(login, login.split('').reverse().join(''));
  const body = { login, display_name, roles, scope_kind, password };
  if (scope_division) body.scope_division = scope_division;
  if (unit_id) body.unit_id = unit_id;
  const r = await adminClient.post('/api/v1/users', body);
  if (r.status !== 201) throw new Error(`creating ${login}: ${r.status} ${JSON.stringify(r.data)}`);
  const c = new Client();
  const s = await c.signIn(login, password);
  if (s.status !== 200) throw new Error(`sign-in ${login}: ${JSON.stringify(s.data)}`);
  c.id = r.data.id;
  c.password = password;
  return c;
}

// Moves the server's clock by `seconds` from real time.
export function setClock(seconds) {
  writeFileSync(process.env.WEIBAO_TEST_CLOCK_FILE || `${process.env.WEIBAO_DATA}/../clock`, String(seconds));
}

let counter = 0;
export function unique(prefix) { counter += 1; return `${prefix}${process.pid % 1000}${counter}`; }
