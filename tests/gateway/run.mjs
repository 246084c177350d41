// The gateway end to end against the real binary (tests/gateway/run). A fake provider on
// loopback answers as OpenAI, Anthropic, Google, Google Translate and Exa do, records every
// request it gets, and answers by the key it received (ok, 401, 429, 500, held). Unmodified
// official SDKs call it through keyward with only their base URL changed and a service token as
// their key:
//  1. openai chat completion, plain and streamed; @anthropic-ai/sdk messages, plain and
//     streamed; @google/genai generateContent; curl for Google Translate (?key=) and Exa;
//  2. the provider gets the team's real key where the SDK puts one, never the service token;
//  3. 1,000 SSE chunks reach the client one by one (the provider holds the rest until the
//     client has the first); request bodies stream too: the provider has the start of one before
//     the client sends the rest, a 30 MiB upload leaves the server's memory as it was, curl's
//     Expect: 100-continue is answered, a chunked body over the limit is 413;
//  4. failover on 429 and 500 (one extra attempt at most, the body sent again whole; a body past
//     the replay bound is sent once), the 429 cool-down, Keyward-Key-Id;
//  5. a client that disconnects mid-stream cancels the upstream request within 100 ms;
//  6. label and type scope of the token;
//  7. provider URLs resolving to 127.0.0.1, 10.0.0.1, 169.254.169.254 and [::1] are refused at
//     connect time unless the operator allows the range;
//  8. no token or key in the server's logs or /metrics, which counts the requests;
//  9. usage per key and day, with the providers' token counts from plain and streamed answers;
// 10. a key's own https:// base URL (needing the key again to change), refused at connect time
//     when it points off the public internet;
// 11. per-token limits: requests a minute and a month (429 with Retry-After).
// Prints "ok"/"FAIL" per check and "N passed, N failed" last.
import { spawn, execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { workspace, checks, sleep, until, seed, teamApi } from '../support/node_harness.mjs'
import OpenAI from 'openai'
import Anthropic from '@anthropic-ai/sdk'
import { GoogleGenAI } from '@google/genai'

const { binary, seedBinary, work, masterKey, database } = workspace('gateway')
const { check, summary } = checks()
// curl runs beside the fake provider, which lives in this process: never synchronously.
const curl = async (...args) => (await promisify(execFile)('curl', args, { encoding: 'utf8' })).stdout

// ---- The fake provider ----------------------------------------------------------------------
const provider = {
  received: [],          // { method, url, headers, body, key }
  modes: new Map(),      // real key -> 'ok' | '401' | '403' | '429' | '500' | 'hold'
  gate: null,            // a promise the 1,000-chunk stream waits on after its first chunk
  bodyPieces: 0,         // request body pieces received so far, over all requests
  closedAt: null,        // when a held request's connection closed
}
function keyOf(req, url) {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7)
  return req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? ''
}
function sse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
}
function answer(req, res) {
  const chunks = []
  req.on('data', (c) => { chunks.push(c); provider.bodyPieces++ })
  req.on('end', async () => {
    const url = new URL(req.url, 'http://provider')
    const body = Buffer.concat(chunks)
    const key = keyOf(req, url)
    provider.received.push({ method: req.method, url: req.url, headers: req.headers, body, key })
    const mode = provider.modes.get(key) ?? 'ok'
    const json = (status, value, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'provider=1', ...headers })
      res.end(JSON.stringify(value))
    }
    if (mode === '401') return json(401, { error: { message: 'bad key', type: 'invalid_request_error' } })
    if (mode === '403') return json(403, { error: { message: 'not allowed', type: 'permission_error' } })
    if (mode === '429') return json(429, { error: { message: 'slow down', type: 'rate_limit' } }, { 'retry-after': '2' })
    if (mode === '500') return json(500, { error: { message: 'boom', type: 'server_error' } })
    let parsed = {}
    try { parsed = body.length && req.headers['content-type']?.includes('json') ? JSON.parse(body) : {} } catch { }
    const path = url.pathname
    if (path === '/v1/chat/completions') {
      const content = parsed.messages?.[0]?.content ?? ''
      if (!parsed.stream) {
        return json(200, { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: parsed.model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hello from openai' } }],
          usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })
      }
      sse(res)
      const chunk = (i) => `data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: parsed.model,
        choices: [{ index: 0, delta: { content: `t${i} ` }, finish_reason: null }] })}\n\n`
      if (mode === 'hold' || content === 'hold') {
        res.write(chunk(0))
        res.on('close', () => { provider.closedAt = Date.now() })
        return  // never ends: the client leaves
      }
      const count = content === 'thousand' ? 1000 : 3
      res.write(chunk(0))
      if (content === 'thousand' && provider.gate) await provider.gate
      for (let i = 1; i < count; i++) res.write(chunk(i))
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: parsed.model,
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: count } })}\n\n`)
      res.end('data: [DONE]\n\n')
      return
    }
    if (path === '/v1/messages') {
      const message = { id: 'msg_1', type: 'message', role: 'assistant', model: parsed.model,
        content: [{ type: 'text', text: 'hello from anthropic' }], stop_reason: 'end_turn', stop_sequence: null,
        usage: { input_tokens: 4, output_tokens: 6 } }
      if (!parsed.stream) return json(200, message)
      sse(res)
      const event = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
      event('message_start', { message: { ...message, content: [], usage: { input_tokens: 4, output_tokens: 0 } } })
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
      for (const piece of ['hello ', 'from ', 'anthropic']) {
        event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } })
      }
      event('content_block_stop', { index: 0 })
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 6 } })
      event('message_stop', {})
      return res.end()
    }
    if (/^\/v1beta\/models\/[^/]+:generateContent$/.test(path)) {
      return json(200, { candidates: [{ content: { role: 'model', parts: [{ text: 'hello from google' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 } })
    }
    if (path === '/language/translate/v2') {
      return json(200, { data: { translations: [{ translatedText: 'hola', detectedSourceLanguage: 'en' }] } })
    }
    if (path === '/search') return json(200, { results: [{ title: 'keyward', url: 'https://example.com' }] })
    if (path === '/upload') return json(200, { bytes: body.length })
    json(404, { error: { message: `no route ${path}` } })
  })
}
const upstream = createServer(answer)
await new Promise((r) => upstream.listen(0, '127.0.0.1', r))
const providerUrl = `http://127.0.0.1:${upstream.address().port}`
// The same provider over TLS, for keys' own base URLs (https:// only): a certificate for
// 127.0.0.1 and localhost that keyward trusts through KEYWARD_GATEWAY_CA_FILE.
const tlsCert = join(work, 'provider.pem')
const tlsKey = join(work, 'provider.key')
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', tlsKey, '-out', tlsCert, '-days', '2', '-subj', '/CN=keyward test provider',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' })
const tlsUpstream = createHttpsServer({ cert: readFileSync(tlsCert), key: readFileSync(tlsKey) }, answer)
await new Promise((r) => tlsUpstream.listen(0, '127.0.0.1', r))
const tlsPort = tlsUpstream.address().port

// ---- keyward --------------------------------------------------------------------------------
const servers = []
async function start(env, name) {
  const out = []
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database-url', database,
    '--web-dir', join(work, 'no-ui'), '--log-format', 'json'], {
    env: { ...process.env, KEYWARD_MASTER_KEY_FILE: masterKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d) => out.push(d.toString()))
  child.stderr.on('data', (d) => out.push(d.toString()))
  if (!(await until(() => /listening.*http:\/\/127\.0\.0\.1:(\d+)/.test(out.join('')), 10000))) {
    child.kill('SIGKILL')
    throw new Error(`keyward (${name}) did not start:\n${out.join('')}`)
  }
  const port = out.join('').match(/listening.*http:\/\/127\.0\.0\.1:(\d+)/)[1]
  const server = { child, out, base: `http://127.0.0.1:${port}`, name }
  servers.push(server)
  return server
}
const providerEnv = {
  KEYWARD_GATEWAY_ALLOWED_CIDRS: '127.0.0.0/8',
  KEYWARD_GATEWAY_CA_FILE: tlsCert,
  KEYWARD_PROVIDER_OPENAI_URL: providerUrl,
  KEYWARD_PROVIDER_ANTHROPIC_URL: providerUrl,
  KEYWARD_PROVIDER_GOOGLE_URL: providerUrl,
  KEYWARD_PROVIDER_GOOGLE_TRANSLATE_URL: providerUrl,
  KEYWARD_PROVIDER_EXA_URL: providerUrl,
}

const { team, owner: ownerToken } = seed({ seedBinary, database, masterKey })
let keyward = null
const api = teamApi(() => keyward.base, team, ownerToken)
const secrets = []  // every real key and token: none may appear where it must not
async function createKey(type, description, { is_default, ...extra } = {}) {
  const key = `${type === 'anthropic' ? 'sk-ant-' : 'sk-'}real-${description}-${randomBytes(8).toString('hex')}`
  const r = await api('POST', '/api-keys', { type, description, key, ...extra })
  if (r.status !== 201) throw new Error(`create key: ${r.status} ${JSON.stringify(r.body)}`)
  if (is_default) {
    const d = await api('PATCH', `/api-keys/${r.body.id}`, { is_default: true })
    if (d.status !== 200) throw new Error(`make default: ${d.status} ${JSON.stringify(d.body)}`)
  }
  secrets.push(key)
  return { id: r.body.id, key }
}
async function createToken(name, types, labels) {
  const r = await api('POST', '/service-tokens', { name, types, ...(labels ? { labels } : {}) })
  if (r.status !== 201) throw new Error(`create token: ${r.status} ${JSON.stringify(r.body)}`)
  secrets.push(r.body.token)
  return r.body.token
}
const tokenNowhere = (token) => provider.received.every((r) =>
  !JSON.stringify(r.headers).includes(token) && !r.url.includes(token) && !r.body.toString('latin1').includes(token))

try {
  keyward = await start(providerEnv, 'main')
  console.log(`engine: ${database.startsWith('sqlite') ? 'sqlite' : 'postgresql'}`)
  const openaiA = await createKey('openai', 'openai-a', { is_default: true })
  const openaiB = await createKey('openai', 'openai-b')
  const anthropic = await createKey('anthropic', 'anthropic')
  const google = await createKey('google', 'google')
  const translate = await createKey('google_translate', 'translate')
  const exa = await createKey('exa', 'exa')
  const token = await createToken('gateway-e2e', ['openai', 'anthropic', 'google', 'google_translate', 'exa'])
  const gw = `${keyward.base}/gateway`

  // 1 and 2: the SDKs, unmodified, with the base URL changed.
  const openai = new OpenAI({ apiKey: token, baseURL: `${gw}/openai/v1`, maxRetries: 0 })
  let before = provider.received.length
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
  let got = provider.received[before]
  check('openai SDK: a chat completion through the gateway', completion.choices[0].message.content === 'hello from openai' &&
    got.url === '/v1/chat/completions' && got.headers.authorization === `Bearer ${openaiA.key}`,
    `${got?.headers?.authorization} A=${openaiA.key} B=${openaiB.key}`)
  const { data: raw, response } = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  check('the answer names the key that served it (Keyward-Key-Id) and drops provider cookies',
    response.headers.get('keyward-key-id') === openaiA.id && !response.headers.get('set-cookie') && raw.id === 'chatcmpl-1')

  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] })
  let text = ''
  for await (const part of stream) text += part.choices[0]?.delta?.content ?? ''
  check('openai SDK: a streamed chat completion', text === 't0 t1 t2 ', JSON.stringify(text))

  const claude = new Anthropic({ apiKey: token, baseURL: `${gw}/anthropic`, maxRetries: 0 })
  before = provider.received.length
  const message = await claude.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] })
  got = provider.received[before]
  check('anthropic SDK: messages through the gateway, the key in x-api-key',
    message.content[0].text === 'hello from anthropic' && got.headers['x-api-key'] === anthropic.key &&
    got.headers['anthropic-version'] !== undefined)
  const streamed = claude.messages.stream({ model: 'claude-3-5-haiku-latest', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] })
  const final = await streamed.finalMessage()
  check('anthropic SDK: a streamed message', final.content[0].text === 'hello from anthropic', JSON.stringify(final.content))

  const genai = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: `${gw}/google` } })
  before = provider.received.length
  const generated = await genai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' })
  got = provider.received[before]
  check('google genai SDK: generateContent, the key in x-goog-api-key',
    generated.text === 'hello from google' && got.headers['x-goog-api-key'] === google.key, got?.url)

  before = provider.received.length
  const translated = JSON.parse(await curl('-sS', '--fail-with-body',
    `${gw}/google_translate/language/translate/v2?q=hello&target=es&key=${token}`))
  got = provider.received[before]
  check('curl: Google Translate with ?key=, the key swapped in the query',
    translated.data.translations[0].translatedText === 'hola' && new URL(got.url, 'http://x').searchParams.get('key') === translate.key &&
    new URL(got.url, 'http://x').searchParams.get('q') === 'hello')
  before = provider.received.length
  const searched = JSON.parse(await curl('-sS', '--fail-with-body', '-H', `x-api-key: ${token}`,
    '-H', 'content-type: application/json', '-d', '{"query":"keyward"}', `${gw}/exa/search`))
  got = provider.received[before]
  check('curl: Exa with x-api-key', searched.results[0].title === 'keyward' && got.headers['x-api-key'] === exa.key)
  // Usage: written within a second or so; tokens as the provider counted them, streamed or not.
  const today = new Date().toISOString().slice(0, 10)
  const usageOf = async (id) => (await api('GET', `/api-keys/${id}/usage?from=${today}&to=${today}`)).body
  let openaiUsage = null
  let anthropicUsage = null
  let googleUsage = null
  await until(async () => {
    ;[openaiUsage, anthropicUsage, googleUsage] = await Promise.all([usageOf(openaiA.id), usageOf(anthropic.id), usageOf(google.id)])
    return openaiUsage.total.requests >= 3 && anthropicUsage.total.requests >= 2 && googleUsage.total.requests >= 1
  }, 5000)
  check('usage per key and day: requests, status classes, bytes and the providers\' token counts (plain and streamed)',
    openaiUsage.days[0].requests === 3 && openaiUsage.days[0].status_2xx === 3 && openaiUsage.total.input_tokens === 15 &&
    openaiUsage.total.output_tokens === 7 + 7 + 3 && openaiUsage.total.bytes_out > 0 && openaiUsage.total.bytes_in > 0 &&
    anthropicUsage.total.input_tokens === 8 && anthropicUsage.total.output_tokens === 12 &&
    googleUsage.total.input_tokens === 3 && googleUsage.total.output_tokens === 4 &&
    openaiUsage.service_tokens.length === 1 && openaiUsage.service_tokens[0].requests === 3,
    JSON.stringify([openaiUsage.total, anthropicUsage.total, googleUsage.total]))
  const resolvedRows = (await api('GET', '/audit-events?action=api_key.resolved')).body.items
  check('gateway calls are audited, counted apart as gateway_calls',
    resolvedRows.some((row) => row.target_id === openaiA.id && row.details.gateway_calls >= 1 &&
      row.details.gateway_calls === row.details.count), JSON.stringify(resolvedRows.map((r) => r.details)))
  const recent = await api('GET', '/gateway-usage')
  check('the key list gets each key\'s calls over 24 hours', recent.status === 200 &&
    recent.body.items.find((i) => i.api_key_id === openaiA.id)?.requests === 3, JSON.stringify(recent.body))

  // Put where no SDK puts it too: a header of another name, another query parameter.
  const misplaced = await fetch(`${gw}/openai/v1/chat/completions?api_key=${token}&stream=false`, { method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-extra-auth': `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
  got = provider.received.at(-1)
  check('the provider never received the service token', misplaced.status === 200 && tokenNowhere(token) &&
    new URL(got.url, 'http://x').searchParams.get('stream') === 'false', got.url.replace(token, '<token>'))

  // 3: chunk by chunk, and a large upload.
  let release
  provider.gate = new Promise((r) => { release = r })
  const thousand = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'thousand' }] })
  let pieces = 0
  let firstBeforeRest = false
  for await (const part of thousand) {
    if (part.choices[0]?.delta?.content) pieces++
    if (pieces === 1 && release) {
      firstBeforeRest = true  // the provider holds the other 999 until this point
      release()
      release = null
    }
  }
  provider.gate = null
  check('1,000 SSE chunks stream through, the first before the provider sent the rest', firstBeforeRest && pieces === 1000, `${pieces} chunks`)
  const big = randomBytes(8 << 20)
  const uploaded = await fetch(`${gw}/openai/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: big })
  const uploadedBody = await uploaded.json()
  check('an 8 MiB upload reaches the provider whole', uploaded.status === 200 && uploadedBody.bytes === big.length, `${uploaded.status} ${JSON.stringify(uploadedBody)}`)
  // A body streams: the provider gets its first part while the client still holds the rest.
  const piecesBefore = provider.bodyPieces
  const streamedUp = await new Promise((resolve, reject) => {
    const req = httpRequest(`${gw}/openai/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream' } }, (res) => {
      let text = ''
      res.on('data', (d) => { text += d })
      res.on('end', () => resolve({ status: res.statusCode, body: text, earlyArrival }))
    })
    let earlyArrival = false
    req.on('error', reject)
    req.write(Buffer.alloc(1000, 'a'))
    until(() => provider.bodyPieces > piecesBefore, 5000).then((arrived) => {
      earlyArrival = arrived
      req.end(Buffer.alloc(500, 'b'))
    })
  })
  check('a request body streams: the provider has its first part before the client sends the rest',
    streamedUp.earlyArrival && streamedUp.status === 200 && JSON.parse(streamedUp.body).bytes === 1500, JSON.stringify(streamedUp))
  const hwm = () => Number(readFileSync(`/proc/${keyward.child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1]) / 1024
  const peakBefore = hwm()
  const huge = randomBytes(30 << 20)
  const hugeUp = await fetch(`${gw}/openai/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: huge })
  const hugeBody = await hugeUp.json()
  const peakGrowth = hwm() - peakBefore
  check('a 30 MiB upload arrives whole without the server holding it: peak memory grows < 10 MB',
    hugeUp.status === 200 && hugeBody.bytes === huge.length && peakGrowth < 10, `${hugeUp.status} ${hugeBody.bytes} bytes, peak +${peakGrowth.toFixed(1)} MB`)
  const bodyFile = join(work, 'upload.bin')
  writeFileSync(bodyFile, randomBytes(2 << 20))
  const curled = await promisify(execFile)('curl', ['-sS', '-v', '--data-binary', `@${bodyFile}`,
    '-H', `authorization: Bearer ${token}`, '-H', 'content-type: application/octet-stream', `${gw}/openai/upload`], { encoding: 'utf8' })
  check('curl\'s Expect: 100-continue is answered at once, and its 2 MiB body arrives',
    /< HTTP\/1.1 100 Continue/.test(curled.stderr) && JSON.parse(curled.stdout).bytes === 2 << 20, curled.stdout)
  const overLimit = await new Promise((resolve, reject) => {
    const req = httpRequest(`${gw}/openai/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = ''
      res.on('data', (d) => { text += d })
      res.on('end', () => resolve({ status: res.statusCode, body: text }))
      res.on('error', (e) => resolve({ status: res.statusCode, body: `${text} (then ${e.message})` }))
    })
    req.on('error', (e) => resolve({ status: 0, body: e.message }))
    const piece = Buffer.alloc(1 << 20, 'x')
    let sent = 0
    const more = () => {
      while (sent < 40) {
        sent++
        if (!req.write(piece)) return req.once('drain', more)
      }
      req.end()
    }
    more()
  })
  check('a chunked body over the gateway\'s 32 MiB limit is 413', overLimit.status === 413 && /32768 KiB/.test(overLimit.body),
    `${overLimit.status} ${overLimit.body.slice(0, 200)}`)

  // 4: failover and the cool-down.
  provider.modes.set(openaiA.key, '500')
  before = provider.received.length
  const afterError = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  let attempts = provider.received.slice(before)
  check('a 500 from the default key fails over to the next key, once, with the same body',
    afterError.response.headers.get('keyward-key-id') === openaiB.id && attempts.length === 2 &&
    attempts[0].key === openaiA.key && attempts[1].key === openaiB.key && attempts[1].body.length > 0 &&
    attempts[1].body.equals(attempts[0].body), attempts.map((a) => a.key.slice(0, 14)).join(','))
  before = provider.received.length
  const pastBound = await fetch(`${gw}/openai/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`,
    'content-type': 'application/octet-stream' }, body: randomBytes(2 << 20) })
  attempts = provider.received.slice(before)
  check('a body past the 1 MiB replay bound is sent once: the default key\'s 500 is passed on',
    pastBound.status === 500 && attempts.length === 1 && pastBound.headers.get('keyward-key-id') === openaiA.id,
    `${pastBound.status}, ${attempts.length} attempts`)
  provider.modes.set(openaiA.key, '429')
  before = provider.received.length
  const afterLimit = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  attempts = provider.received.slice(before)
  check('a 429 fails over to the next key', afterLimit.response.headers.get('keyward-key-id') === openaiB.id && attempts.length === 2)
  before = provider.received.length
  const cooled = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  attempts = provider.received.slice(before)
  check('a key answered 429 is skipped for its Retry-After', cooled.response.headers.get('keyward-key-id') === openaiB.id &&
    attempts.length === 1 && attempts[0].key === openaiB.key)
  await sleep(2100)
  provider.modes.set(openaiA.key, 'ok')
  before = provider.received.length
  const back = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  check('after its Retry-After the key is used again', back.response.headers.get('keyward-key-id') === openaiA.id)
  provider.modes.set(openaiA.key, '500')
  provider.modes.set(openaiB.key, '500')
  before = provider.received.length
  const bothDown = await fetch(`${gw}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"model":"m","messages":[]}' })
  attempts = provider.received.slice(before)
  check('when both keys fail the second answer is passed on: one extra attempt at most',
    bothDown.status === 500 && attempts.length === 2 && bothDown.headers.get('keyward-key-id') === openaiB.id, `${bothDown.status}, ${attempts.length} attempts`)
  provider.modes.delete(openaiA.key)
  provider.modes.delete(openaiB.key)

  // 4b: a key its provider keeps rejecting is disabled, passed over, and re-enabled.
  provider.modes.set(openaiA.key, '401')
  const rejected = []
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`${gw}/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } })
    rejected.push(r.status)
  }
  const disabledKey = await until(async () => (await api('GET', `/api-keys/${openaiA.id}`)).body.disabled_at !== null, 5000)
  const viewed = (await api('GET', `/api-keys/${openaiA.id}`)).body
  check('three 401s in a row disable the key, with the reason on it',
    rejected.join() === '401,401,401' && disabledKey && /3 times in a row \(HTTP 401\)/.test(viewed.disabled_reason ?? ''),
    `${rejected} ${viewed.disabled_reason}`)
  before = provider.received.length
  const afterDisable = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  attempts = provider.received.slice(before)
  const resolved = await (await fetch(`${keyward.base}/api/v1/resolve?type=openai`, { headers: { authorization: `Bearer ${token}` } })).json()
  const byId = await fetch(`${keyward.base}/api/v1/resolve?id=${openaiA.id}`, { headers: { authorization: `Bearer ${token}` } })
  check('a disabled key is passed over by the gateway and by resolve (409 by id)',
    afterDisable.response.headers.get('keyward-key-id') === openaiB.id && attempts.length === 1 &&
    attempts[0].key === openaiB.key && resolved.id === openaiB.id && byId.status === 409,
    `${afterDisable.response.headers.get('keyward-key-id')} ${attempts.length} ${resolved.id} ${byId.status}`)
  const audit = (await api('GET', '/audit-events?action=api_key.disabled')).body
  check('the disabling is audited as api_key.disabled by the server',
    audit.items.length === 1 && audit.items[0].target_id === openaiA.id && audit.items[0].actor.type === 'system',
    JSON.stringify(audit.items[0]?.actor))
  provider.modes.delete(openaiA.key)
  const enabled = await api('POST', `/api-keys/${openaiA.id}/enable`)
  const afterEnable = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  check('re-enabled, the default key serves again', enabled.status === 200 && enabled.body.disabled_at === null &&
    afterEnable.response.headers.get('keyward-key-id') === openaiA.id)
  provider.modes.set(openaiA.key, '401')
  for (let i = 0; i < 2; i++) await fetch(`${gw}/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } })
  provider.modes.delete(openaiA.key)
  await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
  provider.modes.set(openaiA.key, '401')
  for (let i = 0; i < 2; i++) await fetch(`${gw}/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } })
  provider.modes.delete(openaiA.key)
  await sleep(300)
  check('a 2xx between rejections starts the count again', (await api('GET', `/api-keys/${openaiA.id}`)).body.disabled_at === null)
  const streakSet = await fetch(`${keyward.base}/api/v1/teams/${team}`, { method: 'PATCH',
    headers: { Authorization: `Bearer ${ownerToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ gateway_disable_after: 1 }) })
  await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })  // the 2 above forgiven
  provider.modes.set(openaiA.key, '403')
  const once = await fetch(`${gw}/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } })
  provider.modes.delete(openaiA.key)
  const disabledOnce = await until(async () => (await api('GET', `/api-keys/${openaiA.id}`)).body.disabled_at !== null, 5000)
  check('the streak is the team\'s setting: with gateway_disable_after 1, one 403 disables the key',
    streakSet.status === 200 && once.status === 403 && disabledOnce &&
    (await api('GET', `/api-keys/${openaiA.id}`)).body.disabled_reason === 'The provider rejected the key (HTTP 403).',
    `${streakSet.status} ${once.status} ${(await api('GET', `/api-keys/${openaiA.id}`)).body.disabled_reason}`)
  await api('POST', `/api-keys/${openaiA.id}/enable`)

  // 5: a client that leaves mid-stream cancels the upstream request.
  provider.closedAt = null
  const abort = new AbortController()
  const held = await fetch(`${gw}/openai/v1/chat/completions`, { method: 'POST', signal: abort.signal,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hold' }] }) })
  const reader = held.body.getReader()
  const first = await reader.read()
  const abortedAt = Date.now()
  abort.abort()
  const cancelled = await until(() => provider.closedAt !== null, 2000)
  const cancelMs = cancelled ? provider.closedAt - abortedAt : -1
  check('a client that disconnects mid-stream cancels the upstream request within 100 ms',
    !first.done && cancelled && cancelMs <= 100, `${cancelMs} ms`)

  // 6: scope.
  const prodKey = await createKey('openai', 'openai-prod', { labels: ['env:prod'] })
  const prodToken = await createToken('gateway-prod', ['openai'], ['env:prod'])
  const scoped = new OpenAI({ apiKey: prodToken, baseURL: `${gw}/openai/v1`, maxRetries: 0 })
  const labelled = await scoped.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  check('a token restricted to labels is served only keys carrying them', labelled.response.headers.get('keyward-key-id') === prodKey.id)
  const otherType = await fetch(`${gw}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': prodToken, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: '{}' })
  check('a token is refused a type it does not hold (403)', otherType.status === 403)
  const noToken = await fetch(`${gw}/openai/v1/models`)
  const badToken = await fetch(`${gw}/openai/v1/models`, { headers: { authorization: 'Bearer kw_st_not-a-token' } })
  check('no token or an unknown one is 401, and nothing reaches the provider', noToken.status === 401 && badToken.status === 401)
  const unknownType = await fetch(`${gw}/nosuch/v1/models`, { headers: { authorization: `Bearer ${token}` } })
  // curl --path-as-is: fetch would resolve the dots before sending.
  const dotStatus = []
  for (const path of ['v1/../admin', 'v1/%2e%2e/admin', 'v1/./models']) {
    dotStatus.push((await curl('-s', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', '-H', `authorization: Bearer ${token}`, `${gw}/openai/${path}`)).trim())
  }
  check('an unknown type is 404 and a dot-segment path 400', unknownType.status === 404 && dotStatus.every((s) => s === '400'), `${unknownType.status} ${dotStatus}`)

  // 7: addresses off the public internet are refused at connect time.
  for (const [label, url, env] of [
    ['127.0.0.1', providerUrl, {}],
    ['10.0.0.1', 'https://10.0.0.1', {}],
    ['169.254.169.254', 'https://169.254.169.254', {}],
    ['[::1]', `https://[::1]:${upstream.address().port}`, {}],
    ['[::1] with 127.0.0.0/8 allowed', `https://[::1]:${upstream.address().port}`, { KEYWARD_GATEWAY_ALLOWED_CIDRS: '127.0.0.0/8' }],
  ]) {
    const strict = await start({ KEYWARD_PROVIDER_OPENAI_URL: url, ...env }, label)
    before = provider.received.length
    const refused = await fetch(`${strict.base}/gateway/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } })
    const problem = await refused.json().catch(() => ({}))
    check(`a provider URL at ${label} is refused`, refused.status === 502 && /not allowed/.test(problem.detail ?? '') &&
      provider.received.length === before, `${refused.status} ${problem.detail}`)
    strict.child.kill('SIGTERM')
  }

  // 7b: a key's own base URL: https:// only, for a type without a public endpoint too; changing
  // it needs the key again; an address off the public internet is refused when connecting.
  const fastToken = await createToken('fast', ['fast_inference', 'openai'])
  const fastKey = `fi-real-${randomBytes(8).toString('hex')}`
  secrets.push(fastKey)
  const plainHttp = await api('POST', '/api-keys', { type: 'fast_inference', description: 'fast', key: fastKey,
    base_url: providerUrl })
  const fast = await api('POST', '/api-keys', { type: 'fast_inference', description: 'fast', key: fastKey,
    base_url: `https://127.0.0.1:${tlsPort}/` })
  check('a base URL must be https:// (422 naming base_url); the key keeps it, trailing slash dropped',
    plainHttp.status === 422 && JSON.stringify(plainHttp.body.errors).includes('base_url') &&
    fast.status === 201 && fast.body.base_url === `https://127.0.0.1:${tlsPort}`, `${plainHttp.status} ${fast.status} ${fast.body.base_url}`)
  const fastClient = new OpenAI({ apiKey: fastToken, baseURL: `${gw}/fast_inference/v1`, maxRetries: 0 })
  before = provider.received.length
  const viaOwnUrl = await fastClient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withResponse()
  got = provider.received[before]
  check('a type without a public endpoint works through the key\'s own https:// base URL',
    viaOwnUrl.data.choices[0].message.content === 'hello from openai' && got?.headers.authorization === `Bearer ${fastKey}` &&
    viaOwnUrl.response.headers.get('keyward-key-id') === fast.body.id)
  const movedWithoutKey = await api('PATCH', `/api-keys/${fast.body.id}`, { base_url: `https://localhost:${tlsPort}/relay` })
  const moved = await api('PATCH', `/api-keys/${fast.body.id}`, { base_url: `https://localhost:${tlsPort}/relay`, key: fastKey })
  before = provider.received.length
  await fastClient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch(() => null)
  got = provider.received[before]
  check('changing the base URL needs the key again (422 on key), then the path prefix is kept',
    movedWithoutKey.status === 422 && JSON.stringify(movedWithoutKey.body.errors).includes('"key"') &&
    moved.status === 200 && got?.url === '/relay/v1/chat/completions', `${movedWithoutKey.status} ${moved.status} ${got?.url}`)
  const noUrl = await api('POST', '/api-keys', { type: 'fast_inference', description: 'no url', key: `fi-${randomBytes(8).toString('hex')}` })
  await api('DELETE', `/api-keys/${fast.body.id}`)
  const withoutUrl = await fetch(`${gw}/fast_inference/v1/models`, { headers: { authorization: `Bearer ${fastToken}` } })
  check('a type without a public endpoint and a key without a base URL is 503, naming what to set',
    withoutUrl.status === 503 && /base URL/.test((await withoutUrl.json()).detail), `${withoutUrl.status}`)
  await api('DELETE', `/api-keys/${noUrl.body.id}`)
  const strictKeys = await start({}, 'no private ranges')
  for (const [label, url] of [['127.0.0.1', `https://127.0.0.1:${tlsPort}`], ['localhost', `https://localhost:${tlsPort}`],
    ['10.0.0.1', 'https://10.0.0.1'], ['169.254.169.254', 'https://169.254.169.254'], ['[::1]', `https://[::1]:${tlsPort}`]]) {
    const k = await api('POST', '/api-keys', { type: 'fast_inference', description: `at ${label}`, key: `fi-${randomBytes(8).toString('hex')}`, base_url: url })
    before = provider.received.length
    const refused = await fetch(`${strictKeys.base}/gateway/fast_inference/v1/models`, { headers: { authorization: `Bearer ${fastToken}` } })
    const problem = await refused.json().catch(() => ({}))
    check(`a key's base URL at ${label} is refused at connect time`, k.status === 201 && refused.status === 502 &&
      /not allowed/.test(problem.detail ?? '') && provider.received.length === before, `${k.status} ${refused.status} ${problem.detail}`)
    await api('DELETE', `/api-keys/${k.body.id}`)
  }
  strictKeys.child.kill('SIGTERM')

  // 7c: a token's limits: requests a minute and a month, 429 with Retry-After past them; the
  // month's count is the store's, so another server refuses too.
  const chat = (base, bearer) => fetch(`${base}/gateway/openai/v1/chat/completions`, { method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
  const limitedMinute = (await api('POST', '/service-tokens', { name: 'per minute', types: ['openai'], requests_per_minute: 2 })).body
  secrets.push(limitedMinute.token)
  const minuteStatuses = []
  // All three within one clock minute (the window is the minute of the server's clock).
  if (new Date().getUTCSeconds() >= 55) await sleep((61 - new Date().getUTCSeconds()) * 1000)
  for (let i = 0; i < 3; i++) {
    minuteStatuses.push((await chat(keyward.base, limitedMinute.token)).status)
  }
  const overMinute = await chat(keyward.base, limitedMinute.token)
  const minuteWait = Number(overMinute.headers.get('retry-after'))
  check('a token with requests_per_minute 2 gets 429 with Retry-After (at most a minute) on its third request',
    limitedMinute.requests_per_minute === 2 && minuteStatuses.join() === '200,200,429' && overMinute.status === 429 &&
    minuteWait >= 1 && minuteWait <= 60, `${minuteStatuses} ${minuteWait}`)
  const limitedMonth = (await api('POST', '/service-tokens', { name: 'per month', types: ['openai'], requests_per_month: 2 })).body
  secrets.push(limitedMonth.token)
  const monthStatuses = []
  for (let i = 0; i < 3; i++) {
    monthStatuses.push((await chat(keyward.base, limitedMonth.token)).status)
  }
  await sleep(1500)  // the usage written
  const other = await start(providerEnv, 'another server')
  const elsewhere = await chat(other.base, limitedMonth.token)
  other.child.kill('SIGTERM')
  const badLimit = await api('POST', '/service-tokens', { name: 'bad', types: ['openai'], requests_per_minute: 0 })
  check('a token with requests_per_month 2 is refused the third, on another server too; a limit of 0 is 422',
    monthStatuses.join() === '200,200,429' && elsewhere.status === 429 && Number(elsewhere.headers.get('retry-after')) > 0 &&
    badLimit.status === 422 && JSON.stringify(badLimit.body.errors).includes('requests_per_minute'),
    `${monthStatuses} ${elsewhere.status} ${badLimit.status}`)

  // 8: hygiene and metrics.
  const metrics = await (await fetch(`${keyward.base}/metrics`)).text()
  check('/metrics counts gateway requests by type and status class',
    /keyward_gateway_requests_total\{type="openai",status_class="2xx"\} \d+/.test(metrics) &&
    /keyward_gateway_failovers_total\{type="openai"\} [1-9]/.test(metrics) &&
    /keyward_gateway_upstream_seconds_count\{type="anthropic"\} \d+/.test(metrics))
  const logs = servers.map((s) => s.out.join('')).join('')
  const leaked = secrets.filter((s) => logs.includes(s) || metrics.includes(s))
  check('no key or token in the server logs or /metrics', leaked.length === 0 && /"gateway"/.test(logs), `${leaked.length} leaked`)
} catch (e) {
  failed++
  console.log(`FAIL the run stopped: ${e.stack ?? e}`)
  if (keyward) console.log(keyward.out.join('').split('\n').slice(-15).join('\n'))
} finally {
  const exits = servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r() : s.child.once('exit', r))))
  for (const s of servers) s.child.kill('SIGTERM')
  await Promise.all(exits)
  // KEYWARD_SERVER_LOGS=FILE keeps what the servers printed (a sanitizer's report, say).
  if (process.env.KEYWARD_SERVER_LOGS) writeFileSync(process.env.KEYWARD_SERVER_LOGS, servers.map((s) => s.out.join('')).join('\n'))
  for (const server of [upstream, tlsUpstream]) {
    server.closeAllConnections?.()
    server.close()
  }
}
process.exit(summary())
