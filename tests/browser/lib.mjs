// Helpers for the browser tests: Debian's chromium through playwright-core
// (never a downloaded browser), a fresh profile per launch, screenshots.
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))

export const BASE = (process.env.WEIBAO_URL || '').replace(/\/$/, '')
export const ADMIN_PASSWORD = process.env.WEIBAO_ADMIN_PASSWORD || ''
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || join(here, 'screenshots')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'weibao-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15000)
  const page = context.pages()[0] || (await context.newPage())
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export async function shot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true })
  // let transitions (dialogs, messages) settle
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** Fills and submits the sign-in form (the page must show it). */
export async function submitLogin(page, username, password) {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.locator('.login-card button[type=submit]').click()
}

export async function gotoLogin(page) {
  await page.goto(`${BASE}/#/login`)
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
}

export async function signIn(page, username, password) {
  await gotoLogin(page)
  await submitLogin(page, username, password)
  await page.locator('.side-menu').waitFor()
}

export async function signOut(page) {
  await page.locator('[data-test=logout]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '退出' }).click()
  await page.getByRole('heading', { name: '用户登录' }).waitFor()
}

export async function menuTexts(page) {
  const t = await page.locator('.side-menu .el-menu-item').allTextContents()
  return t.map((s) => s.trim())
}

export async function openMenu(page, title) {
  await page.locator('.side-menu .el-menu-item', { hasText: title }).click()
}

/**
 * A signed-in API client for setting up and checking data beside the
 * browser: resolves with call(method, path, json) → { status, body }.
 */
export async function apiClient(username, password) {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = await r.json()
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${JSON.stringify(body)}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  return async (method, path, json) => {
    const headers = { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, Accept: 'application/json' }
    if (json !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(`${BASE}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
}

/**
 * Imports a small work-plan notice of this run (its own 文号, year `year`)
 * whose items all fall to `unit` (a member unit of the defaults), and
 * creates a liaison of that unit. `items` are the items' texts; the first
 * gets the target "覆盖率达到90%以上". Resolves with { planId, unit, liaison:
 * { login, password }, tasks } (tasks: the unit's tasks by item number).
 */
export async function planWithLiaison(admin, { year, unit, items, tag }) {
  const n = 100 + (Date.now() % 9000)
  const suffix = `${tag}${Date.now().toString(36).slice(-5)}`
  const lines = items.map((t, i) => `${i + 1}.${t}${i === 0 ? ',覆盖率达到90%以上' : ''}。(牵头单位:${unit})`)
  const notice = `桐乡市未成年人保护工作委员会办公室
文件编号: 桐未工委办〔${year}〕${n}号
关于印发《桐乡市未成年人保护工作委员会${year}年工作要点》的通知
各成员单位：
一、测试
${lines.join('\n')}
`
  const p = await admin('POST', '/api/v1/plans', { text: notice })
  if (p.status !== 201) throw new Error(`plan import: ${p.status} ${JSON.stringify(p.body)}`)
  const units = await admin('GET', '/api/v1/units')
  const u = units.body.items.find((x) => x.name === unit)
  if (!u) throw new Error(`no unit ${unit}`)
  const liaison = { login: `${tag}.liaison.${suffix}`, password: 'Qiao-Shui-2024-tongxiang' }
  const created = await admin('POST', '/api/v1/users', {
    login: liaison.login,
    display_name: `${unit}联络员`,
    unit_id: u.id,
    roles: ['unit_liaison'],
    scope_kind: 'unit',
    password: liaison.password,
  })
  if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`)
  const t = await admin('GET', `/api/v1/tasks?plan_id=${p.body.id}&unit_id=${u.id}&per_page=100`)
  if (t.status !== 200) throw new Error(`tasks: ${t.status} ${JSON.stringify(t.body)}`)
  const tasks = {}
  for (const x of t.body.items) tasks[x.item_number] = x
  return { planId: p.body.id, unit: u, liaison, tasks }
}

/** How many pixels the page is wider than the window (0 when it fits). */
export async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

// The wording check of every page: no English word or raw code where Chinese
// belongs. The file formats are named as they are; `allowed` lists other
// words a page may show as they are (e.g. a test user's login).
const FORMAT_WORDS = /Excel|CSV|UTF-8|GBK|\.xlsx|\.xls|\.csv/g
const ENGLISH_WORD = /[A-Za-z]{2,}/

/**
 * The first English word in `text` with 30 characters either side, or null
 * when there is none (once the format names and `allowed` are taken out).
 */
export function englishIn(text, allowed = []) {
  let t = text.replace(FORMAT_WORDS, '')
  for (const w of allowed) t = t.replaceAll(w, '')
  const m = ENGLISH_WORD.exec(t)
  return m ? t.slice(Math.max(0, m.index - 30), m.index + 30) : null
}
