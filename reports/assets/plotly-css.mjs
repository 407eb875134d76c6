// Writes plotly.js's own base styles as a stylesheet (reports/static/reports/plotly.css).
//
// plotly.js injects these rules as an inline <style> when it loads, which our content security
// policy refuses (style-src 'self'). Pages that draw charts link this file instead, with
// id="plotly.js-style-global" and class="no-inline-styles": plotly.js then skips the injection.
// `make plotly-css` runs this after a plotly.js upgrade; tests/reports/test_charts.py checks that
// the committed file matches the installed bundle.
import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'

const bundle = new URL('../../node_modules/plotly.js-strict-dist-min/plotly-strict.min.js', import.meta.url)
const source = readFileSync(bundle, 'utf8')
const start = source.indexOf('{"X,X div"')
if (start < 0) throw new Error('plotly.js base styles not found in the bundle')

// The rules are one object literal: walk to its closing brace, honouring quoted strings.
let depth = 0
let end = start
let quote = null
for (; end < source.length; end++) {
  const c = source[end]
  if (quote) {
    if (c === '\\') end++
    else if (c === quote) quote = null
  } else if (c === '"' || c === "'") quote = c
  else if (c === '{') depth++
  else if (c === '}' && --depth === 0) break
}
const rules = runInNewContext(`(${source.slice(start, end + 1)})`)
const version = source.match(/plotly\.js[^\n]*?v(\d+\.\d+\.\d+)/)[1]

let css = `/* plotly.js ${version} base styles, written by reports/assets/plotly-css.mjs: do not edit. */\n`
for (const [selector, body] of Object.entries(rules)) {
  // The same substitutions plotly.js makes before it inserts each rule.
  const full = selector.replace(/^,/, ' ,').replace(/X/g, '.js-plotly-plot .plotly').replace(/Y/g, '.plotly-notifier')
  css += `${full}{${body}}\n`
}
process.stdout.write(css)
