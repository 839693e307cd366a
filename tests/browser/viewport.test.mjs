// The main pages at a phone's size (390×844) and at desktop size, for the
// screenshots (run by run.sh, after the other files: the server has a plan,
// tasks, notices and audit events by then). Checks that no page is wider
// than the screen, that no code shows instead of its title, and that on a
// phone the menu opens from the top bar.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD, BASE, gotoLogin, launch, shot, submitLogin } from './lib.mjs'

let b
let page

const PAGES = [
  ['home', '#/', '[data-test=welcome]'],
  ['users', '#/users', '[data-test=users-table] .el-table__row'],
  // a phone shows the ledger as cards, a desktop as a table
  ['tasks', '#/tasks', (w) => (w < 768 ? '[data-test=task-card]' : '[data-test=tasks-table] .el-table__row')],
  ['supervisions', '#/supervisions', '[data-test=supervisions-table] .el-table__row'],
  ['audit', '#/audit', '.audit-table .el-table__row'],
  ['divisions', '#/divisions', '.el-tree-node'],
  // the children's register (cards on a phone; it may be empty) and the payments
  ['children', '#/children', (w) => (w < 768 ? '[data-test=child-cards]' : '[data-test=children-table]')],
  ['allowances', '#/allowances', '[data-test=allowance-summary]'],
  // 个案管理: the report form and the workbench (cards on a phone; it may be empty)
  ['report', '#/report', '[data-test=report-page]'],
  ['cases', '#/cases', (w) => (w < 768 ? '[data-test=case-cards]' : '[data-test=cases-table]')],
]
const CODE = /\b(task|user|plan|session|audit|http|meta|supervision)\.[a-z_]+\b/
const STATUS = /\b(pending|in_progress|close_requested|unauthenticated|not_found|too_large|auto|manual)\b/
// English words audit details used to be made of (the audit page's 详情 column)
const DETAIL = /\b(rows|units|deadline|locked|password|marked|archived|attachment|refusals|created|raised|resolved|login=|roles=|scope=)\b/

before(async () => {
  assert.ok(BASE, 'WEIBAO_URL is not set (run tests/browser/run.sh)')
  assert.ok(ADMIN_PASSWORD, 'WEIBAO_ADMIN_PASSWORD is not set')
  b = await launch()
  page = b.page
})

after(async () => {
  if (b) await b.close()
})

async function noOverflow(name) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `${name} is ${overflow}px wider than the screen`)
}

for (const [w, h] of [
  [390, 844],
  [1440, 900],
]) {
  test(`the main pages at ${w}×${h}`, async () => {
    await page.setViewportSize({ width: w, height: h })
    await gotoLogin(page)
    await noOverflow('the sign-in page')
    await shot(page, `vp-${w}-login`)
    await submitLogin(page, 'admin', ADMIN_PASSWORD)
    await page.locator('[data-test=topbar-user]').waitFor()
    for (const [name, hash, ready] of PAGES) {
      await page.goto(`${BASE}/${hash}`)
      await page.locator(typeof ready === 'function' ? ready(w) : ready).first().waitFor()
      await page.waitForTimeout(400)
      const text = await page.locator('#main').innerText()
      assert.doesNotMatch(text, CODE, `a raw action code on ${name}`)
      assert.doesNotMatch(text, STATUS, `a raw code on ${name}`)
      if (name === 'audit') {
        assert.doesNotMatch(text, DETAIL, 'an English detail on the audit page')
        assert.match(text, /系统管理员（市未保办）/, 'the audit page names people, not logins')
      }
      await noOverflow(name)
      await shot(page, `vp-${w}-${name}`)
    }

    // a task's drawer and the user form fit the screen
    await page.goto(`${BASE}/#/tasks`)
    await page.locator(w < 768 ? '[data-test=task-card] .card-text' : '[data-test=tasks-table] .el-table__row .item-link').first().click()
    const drawer = page.locator('.el-drawer').filter({ visible: true })
    await drawer.locator('[data-test=task-item-text]').waitFor()
    await page.waitForTimeout(500)
    const box = await drawer.boundingBox()
    assert.ok(box.width <= w, `the task drawer is ${box.width}px wide`)
    if (w < 768) assert.ok(box.width >= w - 1, `the task drawer is ${box.width}px wide, not the full width`)
    await shot(page, `vp-${w}-task-detail`)
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await page.goto(`${BASE}/#/users`)
    await page.locator('[data-test=user-create]').click()
    const dialog = page.getByRole('dialog', { name: '新建用户' })
    await dialog.waitFor()
    await page.waitForTimeout(400)
    const dbox = await dialog.boundingBox()
    assert.ok(dbox.width <= w, `the user form is ${dbox.width}px wide`)
    if (w < 768) {
      const fbox = await page.locator('.el-dialog').filter({ visible: true }).boundingBox()
      assert.ok(fbox.width >= w - 1, `the user form is ${fbox.width}px wide, not the full width`)
    }
    await shot(page, `vp-${w}-user-form`)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    if (w < 768) {
      // the menu is behind a button in the top bar
      assert.equal(await page.locator('.aside').count(), 0)
      await page.locator('[data-test=menu-button]').click()
      const menu = page.locator('[data-test=menu-drawer]').filter({ visible: true })
      await menu.locator('[data-test=menu-supervisions]').waitFor()
      await shot(page, `vp-${w}-menu`)
      await menu.locator('[data-test=menu-supervisions]').click()
      await page.waitForURL(/#\/supervisions/)
      await menu.waitFor({ state: 'hidden' })
    } else {
      await page.locator('.aside [data-test=menu-supervisions]').waitFor()
      assert.equal(await page.locator('[data-test=menu-button]').count(), 0)
    }
    await page.context().clearCookies()
  })
}

test('no script errors at either size', () => {
  assert.deepEqual(b.errors, [])
})
