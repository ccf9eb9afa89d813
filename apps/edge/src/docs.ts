// The /docs page: an interactive reference rendered in the browser from this server's own
// /openapi.json, with a "Try it" form that calls this server. Self-contained (no CDN, no external
// assets), so it works offline and costs about 3 KiB in the Worker bundle.

const script = String.raw`
const $ = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) k === 'text' ? (el.textContent = v) : el.setAttribute(k, v)
  el.append(...children)
  return el
}
const refName = (ref) => ref.split('/').pop()
// Spec prose is hard-wrapped at ~100 columns: join single line breaks, keep paragraph breaks.
const prose = (text) => (text || '').replace(/([^\n])\n(?!\n)/g, '$1 ')
const deref = (spec, node) => (node && node.$ref ? deref(spec, spec.components[ref2kind(node.$ref)][refName(node.$ref)]) : node)
const ref2kind = (ref) => ref.split('/')[2]
const typeOf = (s) => s.$ref ? refName(s.$ref) : s.type === 'array' ? typeOf(s.items) + '[]' : [].concat(s.type || 'any').join(' | ') + (s.enum ? ' (' + s.enum.join(', ') + ')' : '') + (s.format ? ' · ' + s.format : '')

function schemaTable(spec, name, schema) {
  const required = new Set(schema.required || [])
  const rows = Object.entries(schema.properties || {}).map(([field, s]) =>
    $('tr', {}, $('td', {}, $('code', { text: field })), $('td', { text: typeOf(s) }), $('td', { text: required.has(field) ? 'yes' : '' }),
      $('td', { text: (s.description || (s.$ref && deref(spec, s).description) || '') + (s['x-joinlink-secret'] ? ' (empty in the public profile)' : '') })))
  return $('details', { id: 'schema-' + name }, $('summary', {}, $('strong', { text: name }), ' ', schema.description ? schema.description.split('\n')[0] : ''),
    rows.length ? $('table', {}, $('tr', {}, ...['field', 'type', 'required', 'meaning'].map((h) => $('th', { text: h }))), ...rows) : $('p', { text: typeOf(schema) }))
}

function operationView(spec, path, method, op) {
  const reqBody = op.requestBody.content['application/json']
  const example = Object.values(reqBody.examples || {})[0]
  const body = $('textarea', { id: 'try-body', rows: 4, 'aria-label': 'request body' })
  body.value = JSON.stringify(example ? example.value : {}, null, 2)
  const key = $('input', { id: 'try-key', placeholder: 'API key (optional)', 'aria-label': 'API key' })
  const out = $('pre', { id: 'try-result', 'aria-live': 'polite' })
  const send = $('button', { id: 'try-send', text: 'Send' })
  send.onclick = async () => {
    out.textContent = '…'
    const headers = { 'Content-Type': 'application/json' }
    if (key.value) headers.Authorization = 'Bearer ' + key.value
    try {
      const res = await fetch(path, { method: method.toUpperCase(), headers, body: body.value })
      out.textContent = res.status + ' ' + res.statusText + '\n' + JSON.stringify(await res.json(), null, 2)
    } catch (e) { out.textContent = 'Request failed: ' + e.message }
  }
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const res = deref(spec, r)
    const examples = Object.values(res.content['application/json'].examples || {}).map((e) => deref(spec, e))
    return $('details', {}, $('summary', {}, $('code', { text: status }), ' ', res.description),
      ...examples.map((e) => $('pre', { text: JSON.stringify(e.value, null, 2) })))
  })
  return $('section', { class: 'operation', id: op.operationId },
    $('h2', {}, $('span', { class: 'method', text: method.toUpperCase() }), ' ', $('code', { text: path })),
    $('p', {}, $('strong', { text: op.summary }), ' — operationId ', $('code', { text: op.operationId })),
    $('p', { class: 'desc', text: prose(op.description) }),
    $('h3', { text: 'Request body' }), schemaTable(spec, refName(reqBody.schema.$ref), deref(spec, reqBody.schema)),
    $('h3', { text: 'Responses' }), ...responses,
    $('h3', { text: 'Try it' }), body, key, send, out)
}

fetch('/openapi.json').then((r) => r.json()).then((spec) => {
  const main = document.querySelector('main')
  main.replaceChildren()
  document.title = spec.info.title
  main.append($('h1', { text: spec.info.title }), $('p', { class: 'desc', text: prose(spec.info.description) }))
  for (const [path, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item)) main.append(operationView(spec, path, method, op))
  main.append($('h2', { text: 'Schemas' }), ...Object.entries(spec.components.schemas).map(([n, s]) => schemaTable(spec, n, deref(spec, s))))
}).catch((e) => { document.querySelector('main').textContent = 'Could not load /openapi.json: ' + e.message })
`

/** The whole /docs page. */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Joinlink API reference</title><link rel="icon" href="data:,">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#fafbfc}
main{max-width:960px;margin:0 auto;padding:1.5rem}
.desc{white-space:pre-line;color:#3b4558}
.operation{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.method{background:#2f6feb;color:#fff;border-radius:4px;padding:.1rem .45rem;font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-top:1px solid #e6e9ef;padding:.3rem .4rem;text-align:left;vertical-align:top}
pre{background:#0f1523;color:#e6edf7;padding:.75rem;border-radius:6px;overflow:auto;font-size:.85em}
textarea,input{width:100%;box-sizing:border-box;font:13px ui-monospace,monospace;margin:.25rem 0;padding:.4rem}
button{background:#2f6feb;color:#fff;border:0;border-radius:6px;padding:.45rem 1.1rem;cursor:pointer}
details{margin:.35rem 0}summary{cursor:pointer}
</style></head>
<body><main><p>Loading the API reference…</p></main><script>${script}</script></body></html>`
