// The first-load JavaScript of the home page (#/) after sign-in: the entry
// chunk, MainLayout, DashboardView and every chunk they pull in while the page
// settles (lazy components included), as the browser actually fetched them.
// Sizes: gzip -9 of each file's bytes (what web/dist/*.gz hold and the server
// sends to a browser that accepts gzip) and the bytes transferred.
//
//   WEIBAO_URL=http://127.0.0.1:8080 node tests/browser/firstload.mjs LOGIN PASSWORD
//
// home.test.mjs uses measureHomeLoad and reports the figure; bench/RESULTS.md
// has the before/after of the 待办 home page.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { BASE, launch } from './lib.mjs'

/**
 * Signs in through the API in a fresh browser profile (empty cache), opens
 * #/ and waits until the home page is shown and the network is idle. Returns
 * { files: [{ name, raw, gzip, transferred }], raw, gzip, transferred }.
 */
export async function measureHomeLoad(login, password, ready = '[data-test=welcome]') {
  const b = await launch()
  try {
    const r = await b.context.request.post(`${BASE}/api/v1/session`, { data: { username: login, password } })
    if (r.status() !== 200) throw new Error(`sign-in of ${login}: ${r.status()}`)
    const responses = []
    b.page.on('response', (res) => {
      if (res.request().resourceType() === 'script') responses.push(res)
    })
    await b.page.goto(`${BASE}/#/`)
    await b.page.locator(ready).first().waitFor()
    await b.page.waitForLoadState('networkidle')
    await b.page.waitForTimeout(500)
    const files = []
    for (const res of responses) {
      const body = await res.body()
      const sizes = await res.request().sizes()
      files.push({
        name: new URL(res.url()).pathname.replace(/^.*\//, ''),
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        transferred: sizes.responseBodySize,
      })
    }
    files.sort((a, b2) => b2.gzip - a.gzip)
    const sum = (k) => files.reduce((a, f) => a + f[k], 0)
    return { files, raw: sum('raw'), gzip: sum('gzip'), transferred: sum('transferred') }
  } finally {
    await b.close()
  }
}

export function formatLoad(login, m) {
  const kb = (n) => (n / 1024).toFixed(1)
  const lines = [`home page first load as ${login}: ${m.files.length} JS files, ${kb(m.raw)} KB raw, ${kb(m.gzip)} KB gzip, ${kb(m.transferred)} KB transferred`]
  for (const f of m.files) lines.push(`  ${f.name.padEnd(36)} ${kb(f.raw).padStart(8)} raw ${kb(f.gzip).padStart(7)} gzip`)
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [login, password] = process.argv.slice(2)
  if (!BASE || !login || !password) {
    console.error('usage: WEIBAO_URL=… node firstload.mjs LOGIN PASSWORD')
    process.exit(2)
  }
  console.log(formatLoad(login, await measureHomeLoad(login, password)))
}
