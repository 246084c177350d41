// Webhooks end to end against the real binary (tests/webhooks/run):
//  1. every delivery verifies with the official library: new Webhook(secret).verify(body, headers);
//  2. changes to keys arrive once each, in order per key, carrying no secret;
//  3. the server SIGKILLed while a receiver holds a delivery: after a restart every event arrives
//     at least once, in order per key;
//  4. a receiver that is down for a while gets the retries, then the delivery succeeds;
//  4b. the scheduler's expiry notices become webhooks: keys that expired are told once each, by
//     one server, or on PostgreSQL by two servers on one database with their schedulers racing;
//  5. without the loopback setting, URLs naming 127.0.0.1, 10.0.0.1, 169.254.169.254 or [::1]
//     are refused (422), and an endpoint already pointing at loopback is refused at connect time.
// On SQLite, or on PostgreSQL through scripts/with-postgres (KEYWARD_TEST_POSTGRES_URL).
// Prints "ok"/"FAIL" per check and "N passed, N failed" last.
import { spawn } from 'node:child_process'
import { writeFileSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { workspace, checks, sleep, until as untilEvery, seed, teamApi } from '../support/node_harness.mjs'

const { binary, seedBinary, work, masterKey, database } = workspace('webhooks')
const { check, summary } = checks()
const until = (what, ms) => untilEvery(what, ms, 100)

// The receiver: answers by `mode` ('ok' 204, 'down' 503, 'stall': holds the request unanswered).
const receiver = { mode: 'ok', secret: '', arrivals: [], bad: [], stalled: [] }
const server = createServer((req, res) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    }
    let payload = null
    try {
      payload = new Webhook(receiver.secret).verify(body, headers)
    } catch (e) {
      receiver.bad.push({ id: headers['webhook-id'], error: String(e) })
    }
    const arrival = { id: headers['webhook-id'], payload, body, mode: receiver.mode }
    receiver.arrivals.push(arrival)
    if (receiver.mode === 'stall') {
      receiver.stalled.push(res)
      return
    }
    res.statusCode = receiver.mode === 'down' ? 503 : 204
    res.end()
  })
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const hookUrl = `http://127.0.0.1:${server.address().port}/hook`

// Short scheduler rounds: the lease of a server killed in step 3 ends within seconds (3 rounds).
const serverArgs = ['--webhooks-allow-loopback', '--webhooks-retry-scale', '0.2', '--scheduler-interval', '1']
let keyward = null
let base = ''
async function start(extraArgs) {
  const log = join(work, `server-${Date.now()}.log`)
  const out = []
  keyward = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database-url', database,
    '--web-dir', join(work, 'no-ui'), ...extraArgs], {
    env: { ...process.env, KEYWARD_MASTER_KEY_FILE: masterKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (d) => out.push(d.toString())
  keyward.stdout.on('data', collect)
  keyward.stderr.on('data', collect)
  const up = await until(() => /listening url=http:\/\/127\.0\.0\.1:(\d+)/.test(out.join('')), 10000)
  if (!up) {
    writeFileSync(log, out.join(''))
    throw new Error(`keyward did not start:\n${out.join('')}`)
  }
  base = `http://127.0.0.1:${out.join('').match(/listening url=http:\/\/127\.0\.0\.1:(\d+)/)[1]}`
  keyward.log = out
}
// Another server on the same database (PostgreSQL): its own scheduler and deliverer.
async function startAnother(extraArgs) {
  const out = []
  const other = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--database-url', database,
    '--web-dir', join(work, 'no-ui'), ...extraArgs], {
    env: { ...process.env, KEYWARD_MASTER_KEY_FILE: masterKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  other.stdout.on('data', (d) => out.push(d.toString()))
  other.stderr.on('data', (d) => out.push(d.toString()))
  if (!(await until(() => /listening url=/.test(out.join('')), 10000))) {
    other.kill('SIGKILL')
    throw new Error(`the second keyward did not start:\n${out.join('')}`)
  }
  return other
}
async function stop(signal = 'SIGTERM') {
  if (!keyward) return
  const exited = new Promise((r) => keyward.once('exit', r))
  keyward.kill(signal)
  await exited
  keyward = null
}

// The team and an owner's token from the seed tool.
const { team, owner: token } = seed({ seedBinary, database, masterKey })
const api = teamApi(() => base, team, token)
let serial = 0
async function createKey(description) {
  serial++
  const r = await api('POST', '/api-keys', { type: 'openai', description, key: `sk-e2e-secret-${serial}-${randomBytes(6).toString('hex')}`, labels: ['env:e2e'] })
  if (r.status !== 201) throw new Error(`create key: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.id
}
async function renameKey(id, description) {
  const r = await api('PATCH', `/api-keys/${id}`, { description })
  if (r.status !== 200) throw new Error(`update key: ${r.status} ${JSON.stringify(r.body)}`)
}
// The first arrival of each message id, in arrival order.
function firstArrivals(from = 0) {
  const seen = new Set()
  const out = []
  for (const a of receiver.arrivals.slice(from)) {
    if (seen.has(a.id)) continue
    seen.add(a.id)
    out.push(a)
  }
  return out
}
function eventsOf(arrivals, keyId) {
  return arrivals.filter((a) => a.payload && a.payload.data.target_id === keyId)
    .map((a) => `${a.payload.type}:${a.payload.data.details.description ?? ''}`)
}

try {
  await start(serverArgs)
  console.log(`engine: ${database.startsWith('sqlite') ? 'sqlite' : 'postgresql'}`)

  // 1 and 2: signatures, order per key, no secret.
  const made = await api('POST', '/webhooks', { url: hookUrl, description: 'e2e receiver',
    event_types: ['api_key.created', 'api_key.updated', 'api_key.deleted', 'webhook.test'] })
  check('an endpoint is created with a whsec_ secret shown once', made.status === 201 && /^whsec_/.test(made.body.secret), `status ${made.status}`)
  receiver.secret = made.body.secret
  const endpoint = made.body.id
  const listed = await api('GET', '/webhooks')
  check('the secret is not listed again', !JSON.stringify(listed.body).includes(receiver.secret.slice(6)))

  const keys = []
  for (const name of ['alpha', 'beta', 'gamma']) keys.push(await createKey(name))
  for (const id of keys) {
    await renameKey(id, 'renamed-1')
    await renameKey(id, 'renamed-2')
  }
  const deleted = await api('DELETE', `/api-keys/${keys[2]}`)
  const test = await api('POST', `/webhooks/${endpoint}/test`)
  const expected = 3 + 6 + 1 + 1
  const arrived = await until(() => firstArrivals().length >= expected, 20000)
  check(`${expected} events arrive`, arrived && deleted.status === 204 && test.status === 202,
    `${firstArrivals().length} distinct of ${receiver.arrivals.length} deliveries`)
  check('every delivery verifies with the standardwebhooks library', receiver.bad.length === 0 && receiver.arrivals.length > 0,
    receiver.bad.map((b) => b.error).join('; '))
  check('no delivery carries a key or the signing secret',
    receiver.arrivals.every((a) => !a.body.includes('sk-e2e-secret') && !a.body.includes('whsec_')))
  const firsts = firstArrivals()
  const inOrder = keys.every((id, i) => {
    const want = [`api_key.created:${['alpha', 'beta', 'gamma'][i]}`, 'api_key.updated:renamed-1', 'api_key.updated:renamed-2']
    if (i === 2) want.push('api_key.deleted:renamed-2')
    return JSON.stringify(eventsOf(firsts, id)) === JSON.stringify(want)
  })
  check('events arrive in order per key, with the key type and labels', inOrder &&
    firsts.filter((a) => a.payload?.data?.api_key).every((a) => a.payload.data.api_key.type === 'openai' && a.payload.data.api_key.labels.includes('env:e2e')),
    keys.map((id) => eventsOf(firsts, id).join(',')).join(' | '))

  // 3: SIGKILL while the receiver holds a delivery.
  const before = receiver.arrivals.length
  receiver.mode = 'stall'
  const crashKey = await createKey('crash-0')
  for (let i = 1; i <= 4; i++) await renameKey(crashKey, `crash-${i}`)
  const stalled = await until(() => receiver.stalled.length > 0, 10000)
  await stop('SIGKILL')
  for (const res of receiver.stalled) res.destroy()
  receiver.stalled = []
  receiver.mode = 'ok'
  await start(serverArgs)
  const wanted = ['api_key.created:crash-0', 'api_key.updated:crash-1', 'api_key.updated:crash-2', 'api_key.updated:crash-3', 'api_key.updated:crash-4']
  const recovered = await until(() => eventsOf(firstArrivals(before), crashKey).length >= 5, 45000)
  const afterCrash = eventsOf(firstArrivals(before), crashKey)
  check('after a SIGKILL mid-delivery and a restart every event arrives at least once, in order',
    stalled && recovered && JSON.stringify(afterCrash) === JSON.stringify(wanted), afterCrash.join(','))
  check('deliveries after the restart verify too', receiver.bad.length === 0)

  // 4: a receiver that is down for a while.
  receiver.mode = 'down'
  const downFrom = receiver.arrivals.length
  const downKey = await createKey('while-down')
  const retried = await until(() => receiver.arrivals.slice(downFrom).length >= 2, 15000)
  receiver.mode = 'ok'
  const delivered = await until(async () => {
    const log = await api('GET', `/webhooks/${endpoint}/deliveries?page_size=5`)
    const row = log.body.items.find((d) => d.event_type === 'api_key.created' && receiver.arrivals.some((a) => a.id === d.event_id && a.payload?.data?.target_id === downKey))
    return row && row.status === 'succeeded' ? row : false
  }, 20000)
  const log = await api('GET', `/webhooks/${endpoint}/deliveries?page_size=5`)
  const row = log.body.items.find((d) => receiver.arrivals.some((a) => a.id === d.event_id && a.payload?.data?.target_id === downKey))
  check('a receiver that was down gets the retries and the delivery succeeds', retried && delivered && row.attempts >= 3,
    row ? `attempts ${row.attempts}, last ${row.last_status_code}` : 'no delivery row')

  // 4b: expiry notices from the scheduler, as webhooks; two servers racing on PostgreSQL.
  const postgres = !database.startsWith('sqlite')
  const subscribed = await api('PATCH', `/webhooks/${endpoint}`, {
    event_types: ['api_key.created', 'api_key.updated', 'api_key.deleted', 'webhook.test', 'api_key.expired'] })
  await stop('SIGTERM')
  await start(serverArgs)
  const second = postgres ? await startAnother(serverArgs) : null
  const noticeFrom = receiver.arrivals.length
  const past = new Date(Date.now() - 60_000).toISOString()
  const expired = []
  for (let i = 0; i < 5; i++) {
    serial++
    const r = await api('POST', '/api-keys', { type: 'openai', description: `expired-${i}`,
      key: `sk-e2e-expired-${serial}-${randomBytes(6).toString('hex')}`, expires_at: past })
    if (r.status !== 201) throw new Error(`create expired key: ${r.status} ${JSON.stringify(r.body)}`)
    expired.push(r.body.id)
  }
  const expiredArrivals = () => firstArrivals(noticeFrom).filter((a) => a.payload?.type === 'api_key.expired')
  const told = await until(() => expiredArrivals().length >= 5, 20000)
  await sleep(3500)  // three more rounds of each scheduler: nothing more may come
  const notices = expiredArrivals()
  const perKey = expired.map((id) => notices.filter((a) => a.payload.data.target_id === id).length)
  const audited = await api('GET', '/audit-events?action=api_key.expired&page_size=100')
  check(`each expired key is told once as a signed api_key.expired webhook (${postgres ? 'two servers' : 'one server'})`,
    subscribed.status === 200 && told && notices.length === 5 && perKey.every((n) => n === 1) &&
      audited.body.total === 5 && receiver.bad.length === 0,
    `webhooks per key ${perKey.join(',')}, audit rows ${audited.body.total}`)
  if (second) {
    const exited = new Promise((r) => second.once('exit', r))
    second.kill('SIGTERM')
    await exited
  }

  // 5: without the loopback setting.
  await stop('SIGTERM')
  await start([])
  const refused = []
  for (const url of ['https://127.0.0.1/hook', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', hookUrl]) {
    const r = await api('POST', '/webhooks', { url, event_types: ['webhook.test'] })
    refused.push(`${url} ${r.status}`)
    if (r.status !== 422 || r.body.errors?.[0]?.field !== 'url') refused.push('NOT REFUSED')
  }
  check('URLs naming 127.0.0.1, 10.0.0.1, 169.254.169.254 or [::1] are refused without the loopback setting',
    !refused.includes('NOT REFUSED'), refused.join(', '))
  const quietFrom = receiver.arrivals.length
  const probe = await api('POST', `/webhooks/${endpoint}/test`)
  const attempted = await until(async () => {
    const l = await api('GET', `/webhooks/${endpoint}/deliveries?page_size=1`)
    return l.body.items[0]?.attempts >= 1 ? l.body.items[0] : false
  }, 10000)
  const last = (await api('GET', `/webhooks/${endpoint}/deliveries?page_size=1`)).body.items[0]
  check('an endpoint already pointing at loopback is refused at connect time',
    probe.status === 202 && attempted && receiver.arrivals.length === quietFrom && /not allowed/.test(last.last_error ?? ''),
    `${last?.status}: ${last?.last_error}`)
} catch (e) {
  check('the run completes', false, String(e?.stack ?? e))
} finally {
  await stop('SIGTERM').catch(() => {})
  server.close()
  rmSync(work, { recursive: true, force: true })
}
process.exit(summary())
