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
