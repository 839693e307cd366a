// 两步验证 (TOTP) in the browser, at a phone's size (390×844) and at desktop
// size (run by run.sh; WEIBAO_URL, WEIBAO_ADMIN_PASSWORD, WEIBAO_BIN and
// WEIBAO_DATA come from it). Independent of the other files: it creates its
// own users through the API. For each size, in order: a user sets up two-factor
// sign-in on the 修改密码 page (QR code, secret, confirming code), sees the
// recovery codes once and copies them, then signs in with a code (a wrong one
// first) and with a recovery code. Then, on a second server of this file's own
// on the same database whose weibao.conf requires it of administrators, a new
// administrator is taken to the set-up after signing in and reaches the other
// pages only once it is enabled. The server runs on the real clock: codes are
// computed here for the step after the last one used.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, apiClient, BASE, gotoLogin, launch, shot, submitLogin } from './lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')
const suffix = Date.now().toString(36).slice(-5)

let b
let page
let server2 = null
let base2 = null
let dir2 = null

// --- RFC 6238 (HMAC-SHA-1, 6 digits, 30 s) -----------------------------------

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of s) {
    value = (value << 5) | alphabet.indexOf(ch)
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

function hotp(secret, counter) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest()
  const off = h[h.length - 1] & 0x0f
  const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3]
  return String(bin % 1000000).padStart(6, '0')
}

/** A code the server accepts now: the step after the last one used (the
 * server takes one step either side of its own), remembered as used. */
function freshCode(user) {
  const now = Math.floor(Date.now() / 1000 / 30)
  const s = Math.max(now, (user.lastStep ?? -1) + 1)
  assert.ok(s <= now + 1, 'two sign-ins in one step: wait for the next')
  user.lastStep = s
  return hotp(user.secret, s)
}

// --- helpers -------------------------------------------------------------------

async function createUser(login, roles) {
  const api = await apiClient('admin', ADMIN_PASSWORD)
  const user = { login, password: `Lu-Shan-Qiao-${suffix}-2024`, name: '两步验证测试' }
  const r = await api('POST', '/api/v1/users', {
    login, display_name: user.name, roles, scope_kind: 'county', password: user.password,
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return user
}

/** Waits for the signed-in layout (at a phone's size the menu is folded away). */
async function signedIn() {
  await page.waitForURL((u) => !u.hash.startsWith('#/login'))
  await page.locator('[data-test=logout]').waitFor()
}

async function noOverflow(what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `${what} is ${overflow}px wider than the screen`)
}

/** Clicks a button inside the visible ElMessageBox. */
async function confirmBox(name) {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await box.waitFor()
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

/** On the 修改密码 page: set up, confirm, keep the recovery codes. */
async function setUpTotp(user, w, prefix) {
  await page.locator('[data-test=totp-card]').waitFor()
  await page.locator('[data-test=totp-start]').click()
  await page.locator('[data-test=totp-qr]').waitFor()
  const qrSrc = await page.locator('[data-test=totp-qr]').getAttribute('src')
  assert.match(qrSrc, /^data:image\/png;base64,/)
  user.secret = await page.locator('[data-test=totp-secret]').getAttribute('data-secret')
  assert.match(user.secret, /^[A-Z2-7]{32}$/)
  assert.equal((await page.locator('[data-test=totp-secret]').innerText()).replace(/\s/g, ''), user.secret)
  await noOverflow(`the set-up at ${w}`)
  await shot(page, `${prefix}-setup-${w}`)
  // a wrong code first: the form says so next to the field
  const right = freshCode(user)
  await page.locator('[data-test=totp-code]').fill(right === '000000' ? '111111' : '000000')
  await page.locator('[data-test=totp-enable]').click()
  await page.locator('[data-test=totp-setup] .el-form-item__error').waitFor()
  await page.locator('[data-test=totp-code]').fill(right)
  await page.locator('[data-test=totp-enable]').click()
  const box = page.locator('[data-test=totp-recovery]')
  await box.waitFor()
  const codes = (await box.locator('li code').allInnerTexts()).map((s) => s.trim())
  assert.equal(codes.length, 10)
  for (const c of codes) assert.match(c, /^[0-9a-z]{5}-[0-9a-z]{5}$/)
  user.recovery = codes
  await page.locator('[data-test=totp-copy]').click()
  await page.locator('.el-message').filter({ hasText: '复制' }).first().waitFor()
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null))
  if (copied !== null) assert.equal(copied, codes.join('\n'))
  await noOverflow(`the recovery codes at ${w}`)
  await shot(page, `${prefix}-recovery-${w}`)
  await page.locator('[data-test=totp-saved]').click()
  await confirmBox('已保存')
  await box.waitFor({ state: 'detached' })
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** A second server on the shared database whose weibao.conf requires
 * two-factor sign-in of user.manage and org.manage. */
async function startServer2() {
  const data = process.env.WEIBAO_DATA
  assert.ok(data && process.env.WEIBAO_BIN, 'WEIBAO_DATA / WEIBAO_BIN are not set (run tests/browser/run.sh)')
  dir2 = mkdtempSync(join(tmpdir(), 'weibao-totp-ui-'))
  copyFileSync(join(data, 'weibao.key'), join(dir2, 'weibao.key'))
  chmodSync(join(dir2, 'weibao.key'), 0o600)
  writeFileSync(join(dir2, 'weibao.conf'), 'totp_required_permissions = user.manage,org.manage\n')
  const port = await freePort()
  base2 = `http://127.0.0.1:${port}`
  server2 = spawn(process.env.WEIBAO_BIN, ['serve', '--data', dir2, '--db', join(data, 'weibao.db'),
    '--listen', `127.0.0.1:${port}`, '--web', join(repo, 'web', 'dist')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  server2.stderr.on('data', (d) => { log += d })
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base2}/healthz`)).ok) return
    } catch { /* not yet */ }
    if (server2.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the second server did not start: ${log}`)
}

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  b = await launch()
  page = b.page
  const origin = new URL(BASE).origin
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
})

after(async () => {
  if (b) await b.close()
  if (server2 && server2.exitCode === null) {
    const done = new Promise((r) => server2.once('exit', r))
    server2.kill('SIGTERM')
    await done
  }
  if (dir2) rmSync(dir2, { recursive: true, force: true })
})

for (const [w, h] of [
  [390, 844],
  [1440, 900],
]) {
  test(`a user sets up 两步验证 and signs in with a code and a recovery code (${w}×${h})`, async () => {
    await page.setViewportSize({ width: w, height: h })
    await page.context().clearCookies()
    const user = await createUser(`totp.${w}.${suffix}`, ['leader'])
    await gotoLogin(page)
    await submitLogin(page, user.login, user.password)
    await signedIn()
    await page.goto(`${BASE}/#/password`)
    await page.locator('[data-test=totp-state]').filter({ hasText: '未启用' }).waitFor()
    await setUpTotp(user, w, 'totp')
    await page.locator('[data-test=totp-state]').filter({ hasText: '已启用' }).waitFor()
    await page.locator('[data-test=totp-enabled]').waitFor()

    // signing in again: the password, then the code (a wrong one first)
    await page.context().clearCookies()
    await gotoLogin(page)
    await submitLogin(page, user.login, user.password)
    const otp = page.locator('[data-test=login-otp]')
    await otp.waitFor()
    assert.match(await page.locator('[data-test=otp-note]').innerText(), /6 位验证码/)
    await noOverflow(`the code step at ${w}`)
    await shot(page, `totp-login-code-${w}`)
    const code = freshCode(user)
    await otp.fill(code === '000000' ? '111111' : '000000')
    await page.locator('.login-card button[type=submit]').click()
    await page.locator('.login-alert').filter({ hasText: '验证码不正确' }).waitFor()
    await otp.fill(code)
    await page.locator('.login-card button[type=submit]').click()
    await signedIn()

    // and with a recovery code instead
    await page.context().clearCookies()
    await gotoLogin(page)
    await submitLogin(page, user.login, user.password)
    await page.locator('[data-test=login-otp]').waitFor()
    await page.locator('[data-test=use-recovery]').click()
    await page.locator('[data-test=login-recovery]').fill(user.recovery[0].toUpperCase())
    await shot(page, `totp-login-recovery-${w}`)
    await page.locator('.login-card button[type=submit]').click()
    await signedIn()
    await page.context().clearCookies()
  })
}

test('where administrators must use it, a new administrator is taken to the set-up first', async () => {
  await startServer2()
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.context().clearCookies()
  const user = await createUser(`totp.adm.${suffix}`, ['admin'])
  await page.goto(`${base2}/#/login`)
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
  await submitLogin(page, user.login, user.password)
  await page.waitForURL(/#\/password/)
  await page.locator('[data-test=totp-required]').waitFor()
  await shot(page, 'totp-forced-1440')
  // the other pages stay closed until it is enabled
  await page.goto(`${base2}/#/users`)
  await page.waitForURL(/#\/password/)
  await setUpTotp(user, 1440, 'totp-forced')
  // the recovery codes saved, the app opens
  await page.waitForURL((u) => !u.hash.startsWith('#/password'))
  await page.goto(`${base2}/#/users`)
  await page.locator('[data-test=users-table] .el-table__row').first().waitFor()
  // an administrator cannot turn it off: the page says so
  await page.goto(`${base2}/#/password`)
  await page.locator('[data-test=totp-enabled]').getByText('不能自行停用').waitFor()
  await page.context().clearCookies()
})

test('no script errors', () => {
  assert.deepEqual(b.errors, [])
})
