#!/usr/bin/env node
// Reports every built JS/CSS file's raw and gzip size, and the gzip total of
// the JavaScript the sign-in page needs on first load (the entry chunk, the
// sign-in view and everything they import statically). Exits 1 when that
// total is over the budget (300 KB), 2 when dist/ is missing.
//
//   node scripts/bundle-size.mjs [--budget KB] [--json]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join, relative, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const manifestPath = join(dist, '.vite', 'manifest.json')
const args = process.argv.slice(2)
const budgetKB = args.includes('--budget') ? Number(args[args.indexOf('--budget') + 1]) : 300
const asJson = args.includes('--json')
const SIGN_IN_VIEW = 'src/views/LoginView.vue'

if (!existsSync(manifestPath)) {
  console.error(`bundle-size: ${relative(process.cwd(), manifestPath)} not found; run "npm run build" first`)
  process.exit(2)
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}

const sizes = new Map() // "assets/x.js" -> { raw, gzip }
for (const p of walk(dist)) {
  if (!/\.(js|css)$/.test(p)) continue
  const buf = readFileSync(p)
  sizes.set(relative(dist, p).split('\\').join('/'), { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length })
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
if (!entryKey || !manifest[SIGN_IN_VIEW]) {
  console.error('bundle-size: manifest has no entry or no sign-in view chunk')
  process.exit(2)
}

// static closure of the entry and the sign-in view
const firstJs = new Set()
const firstCss = new Set()
const seen = new Set()
;(function visit(keys) {
  for (const k of keys) {
    if (seen.has(k)) continue
    seen.add(k)
    const c = manifest[k]
    firstJs.add(c.file)
    for (const css of c.css || []) firstCss.add(css)
    visit(c.imports || [])
  }
})([entryKey, SIGN_IN_VIEW])

const kb = (n) => (n / 1024).toFixed(1)
const sum = (files, field) => [...files].reduce((a, f) => a + (sizes.get(f) ? sizes.get(f)[field] : 0), 0)
const rows = [...sizes.entries()].sort((a, b) => a[0].localeCompare(b[0]))
const allJs = rows.filter(([f]) => f.endsWith('.js')).map(([f]) => f)
const allCss = rows.filter(([f]) => f.endsWith('.css')).map(([f]) => f)

const result = {
  budget_kb: budgetKB,
  sign_in_first_load: {
    js_files: [...firstJs],
    js_raw: sum(firstJs, 'raw'),
    js_gzip: sum(firstJs, 'gzip'),
    css_files: [...firstCss],
    css_gzip: sum(firstCss, 'gzip'),
  },
  totals: {
    js_raw: sum(allJs, 'raw'),
    js_gzip: sum(allJs, 'gzip'),
    css_raw: sum(allCss, 'raw'),
    css_gzip: sum(allCss, 'gzip'),
  },
  files: rows.map(([file, s]) => ({ file, ...s, first_load: firstJs.has(file) || firstCss.has(file) })),
}

if (asJson) {
  console.log(JSON.stringify(result, null, 2))
} else {
  const w = Math.max(...rows.map(([f]) => f.length), 10)
  console.log(`${'file'.padEnd(w)}  ${'raw KB'.padStart(9)}  ${'gzip KB'.padStart(9)}  sign-in`)
  for (const [f, s] of rows) {
    const mark = firstJs.has(f) || firstCss.has(f) ? '  *' : ''
    console.log(`${f.padEnd(w)}  ${kb(s.raw).padStart(9)}  ${kb(s.gzip).padStart(9)}${mark}`)
  }
  const t = result.totals
  const f = result.sign_in_first_load
  console.log('')
  console.log(`all JS:  ${kb(t.js_raw)} KB raw, ${kb(t.js_gzip)} KB gzip (${allJs.length} files)`)
  console.log(`all CSS: ${kb(t.css_raw)} KB raw, ${kb(t.css_gzip)} KB gzip (${allCss.length} files)`)
  console.log(`sign-in first load (* above): JS ${kb(f.js_raw)} KB raw, ${kb(f.js_gzip)} KB gzip in ${firstJs.size} files; CSS ${kb(f.css_gzip)} KB gzip`)
}

const over = result.sign_in_first_load.js_gzip > budgetKB * 1024
if (over) {
  console.error(`bundle-size: FAIL: sign-in page needs ${kb(result.sign_in_first_load.js_gzip)} KB of gzip JavaScript, over the ${budgetKB} KB budget`)
  process.exit(1)
}
if (!asJson) console.log(`bundle-size: OK (budget ${budgetKB} KB gzip JS for the sign-in page)`)
