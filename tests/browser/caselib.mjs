// What the case browser files (cases.test.mjs, cases2.test.mjs) do alike on
// their one page: the width check, the English/raw-code check, signing in
// at a phone's or a desktop's size, the menu's entries, a case event taken
// through its button and dialog, the report form filled in, and an export. Not a test file (run.sh runs *.test.mjs).
import assert from 'node:assert/strict'
import { gotoLogin, overflowX, submitLogin } from './lib.mjs'

/** Text allowed among the Chinese: Excel, .xlsx, tracking numbers. */
export const ALLOWED = /Excel|\.xlsx|\b[A-Z]{1,4}\d{8,}\b/g
export const ENGLISH = /[A-Za-z]{2,}/

/**
 * caseHelpers(getPage, code): the helpers, on the page getPage() returns
 * (set in the file's before()); `code` is the file's raw-code pattern.
 */
export function caseHelpers(getPage, code) {
  async function noOverflow(what) {
    const o = await overflowX(getPage())
    assert.ok(o <= 1, `${what} is ${o}px wider than the screen`)
  }

  async function noEnglish(what, scope = getPage().locator('#main')) {
    const text = await scope.innerText()
    assert.doesNotMatch(text, code, `a raw code on ${what}`)
    const clean = text.replace(ALLOWED, '')
    const m = ENGLISH.exec(clean)
    assert.equal(m, null, `English on ${what}: …${m ? clean.slice(Math.max(0, m.index - 30), m.index + 30) : ''}…`)
  }

  async function signInAs(u, width) {
    const page = getPage()
    await page.setViewportSize(width < 768 ? { width: 390, height: 844 } : { width: 1440, height: 900 })
    // a fresh document: nothing of the previous user stays in memory
    await page.context().clearCookies()
    await page.goto('about:blank')
    await gotoLogin(page)
    await submitLogin(page, u.login, u.password)
    await page.locator('[data-test=topbar-user]').waitFor()
  }

  /** The menu's entries (a phone opens it from the top bar, then closes it). */
  async function menuEntries() {
    const page = getPage()
    if (await page.locator('[data-test=menu-button]').count()) {
      await page.locator('[data-test=menu-button]').click()
      const drawer = page.locator('[data-test=menu-drawer]').filter({ visible: true })
      await drawer.locator('.el-menu-item').first().waitFor()
      const t = (await drawer.locator('.el-menu-item').allTextContents()).map((s) => s.trim())
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })
      return t
    }
    return (await page.locator('.side-menu .el-menu-item').allTextContents()).map((s) => s.trim())
  }

  /** Takes an event on the page of case `id` through its button and dialog; resolves with { res, dialog }. */
  async function takeEventOn(id, event, fill = async () => {}) {
    const page = getPage()
    await page.locator(`[data-test=case-action-${event}]`).click()
    const dialog = page.locator('[data-test=event-form]').filter({ visible: true })
    await dialog.waitFor()
    await fill(dialog)
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${id}/events`) && r.request().method() === 'POST'),
      dialog.locator('[data-test=event-submit]').click(),
    ])
    return { res, dialog }
  }

  /**
   * Fills the report form (/#/report) from 发现时间 on: r = { seenAt, place,
   * description, child, sex, age, villageName, contact }.
   */
  async function fillReport(r) {
    const page = getPage()
    await page.getByLabel('发现时间').fill(r.seenAt)
    await page.getByLabel('发现时间').press('Enter')
    await page.getByLabel('地点').fill(r.place)
    await page.getByLabel('情况描述').fill(r.description)
    await page.getByLabel('儿童姓名').fill(r.child)
    await page.locator('[data-test=field-sex]').getByText(r.sex, { exact: true }).click()
    await page.getByLabel('儿童年龄').fill(r.age)
    await page.locator('.el-select[data-test=field-village]').click()
    await page.locator('.division-picker-popper').filter({ visible: true }).getByText(r.villageName, { exact: true }).click()
    await page.getByLabel('报告人联系方式').fill(r.contact)
  }

  /**
   * Clicks the export button `testId` and waits for the workbook (an .xlsx)
   * and its request to `path`; resolves with that request's URL.
   */
  async function exportXlsx(testId, path) {
    const page = getPage()
    const [x, req] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForRequest((r) => r.url().includes(path)),
      page.locator(`[data-test=${testId}]`).click(),
    ])
    assert.match(x.suggestedFilename(), /\.xlsx$/)
    return req.url()
  }

  return { noOverflow, noEnglish, signInAs, menuEntries, takeEventOn, fillReport, exportXlsx }
}
