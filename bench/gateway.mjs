// The gateway against calling the same fake provider directly, in one run (make bench; alone:
// node bench/gateway.mjs [seconds]). Needs the release build (build/keyward, build/bench/
// keyward_seed). The fake provider runs in a process of its own; this process is the client.
//   added latency   p50 of 2,000 sequential small answers, through the gateway minus direct
//   first byte      p50 of 500 sequential streamed answers: time to the first chunk, difference
//   throughput      200 clients for `seconds` against a provider that answers in 20 ms; ratio
//   1,000 streams   1,000 streamed answers open at once through the gateway (each 5 s long):
//                   keyward's peak resident memory, and that all of them ended whole
//   failover        upstream attempts per request when the default key answers 500: at most 2
// Prints one line per measure and writes bench/results/gateway.txt.
import { spawn, execFileSync } from 'node:child_process'
import { createServer, Agent, request as httpRequest } from 'node:http'
import { mkdtempSync, writeFileSync, readFileSync, chmodSync, mkdirSync, openSync } from 'node:fs'
import { tmpdir, availableParallelism } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'

if (process.argv[2] === 'provider') {
  // The fake provider: /fast answers at once, /slow after 20 ms, /stream sends 10 chunks (the
  // first at once), /long sends a chunk every 500 ms for 5 s, /fail answers 500 for key "bad".
  let attempts = 0
  const server = createServer((req, res) => {
    attempts++
    const body = []
    req.on('data', (c) => body.push(c))
    req.on('end', () => {
      const json = '{"object":"list","data":[{"id":"model-a","object":"model"}]}'
      if (req.url === '/attempts') return res.end(String(attempts))
      if (req.url.startsWith('/fast')) return res.end(json)
      if (req.url.startsWith('/slow')) return setTimeout(() => res.end(json), 20)
      if (req.url.startsWith('/fail')) {
        res.statusCode = req.headers.authorization === 'Bearer sk-bench-bad' ? 500 : 200
        return res.end(json)
      }
      if (req.url.startsWith('/stream') || req.url.startsWith('/long')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        const long = req.url.startsWith('/long')
        let i = 0
        const chunk = () => res.write(`data: {"i":${i++}}\n\n`)
        chunk()
        const timer = setInterval(() => {
          if (i >= 10) {
            clearInterval(timer)
            return res.end('data: [DONE]\n\n')
          }
          chunk()
        }, long ? 500 : 0)
        res.on('close', () => clearInterval(timer))
        return
      }
      res.statusCode = 404
      res.end('{}')
    })
  })
  server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`))
} else {
  await main()
}

async function main() {
  const seconds = Number(process.argv[2] ?? 10)
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const work = mkdtempSync(join(tmpdir(), 'keyward-gateway-bench-'))
  const masterKey = join(work, 'master.key')
  writeFileSync(masterKey, randomBytes(32).toString('base64') + '\n')
  chmodSync(masterKey, 0o600)
  const database = `sqlite:${join(work, 'k.db')}`
  const children = []
  const started = (child, pattern) => new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`did not start: ${out}`)), 10000)
    const look = (d) => {
      out += d
      const m = out.match(pattern)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    }
    child.stdout.on('data', look)
    child.stderr.on('data', look)
  })
  const provider = spawn(process.execPath, [fileURLToPath(import.meta.url), 'provider'], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(provider)
  const providerUrl = `http://127.0.0.1:${await started(provider, /port (\d+)/)}`
  const seeded = execFileSync(join(root, 'build/bench/keyward_seed'), ['--database-url', database,
    '--master-key-file', masterKey, '--teams', '1', '--keys', '0'], { encoding: 'utf8' }).trim().split(/\s+/)
  const [team, owner] = [seeded[1], seeded[3]]
  // keyward's log lines (one per request) go to a file, as they would to a journal: through a
  // pipe this process would have to read them, and the client's work would be the logs'.
  const logFile = join(work, 'keyward.log')
  const logFd = openSync(logFile, 'w')
  const keyward = spawn(join(root, 'build/keyward'), ['serve', '--listen', '127.0.0.1:0', '--database-url', database,
    '--web-dir', join(work, 'none'), '--log-format', 'json'], {
    env: { ...process.env, KEYWARD_MASTER_KEY_FILE: masterKey, KEYWARD_GATEWAY_ALLOWED_CIDRS: '127.0.0.0/8',
      KEYWARD_PROVIDER_OPENAI_URL: providerUrl },
    stdio: ['ignore', logFd, logFd],
  })
  children.push(keyward)
  let port = null
  for (let waited = 0; port === null && waited < 10000; waited += 50) {
    port = readFileSync(logFile, 'utf8').match(/listening.*http:\/\/127\.0\.0\.1:(\d+)/)?.[1] ?? null
    if (port === null) await new Promise((r) => setTimeout(r, 50))
  }
  if (port === null) throw new Error(`keyward did not start: ${readFileSync(logFile, 'utf8')}`)
  const base = `http://127.0.0.1:${port}`
  const api = async (method, path, body) => {
    const res = await fetch(`${base}/api/v1/teams/${team}${path}`, { method,
      headers: { Authorization: `Bearer ${owner}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    return res.json()
  }
  const bad = await api('POST', '/api-keys', { type: 'openai', description: 'bench-bad', key: 'sk-bench-bad' })
  await api('POST', '/api-keys', { type: 'openai', description: 'bench-good', key: 'sk-bench-good' })
  await api('PATCH', `/api-keys/${bad.id}`, { is_default: true })
  const token = (await api('POST', '/service-tokens', { name: 'bench', types: ['openai'] })).token
  const gateway = `${base}/gateway/openai`

  const agent = new Agent({ keepAlive: true, maxSockets: 1100 })
  // One request; resolves with [status, ms to the head, ms to the first body chunk, ms to the end].
  const call = (url, headers = {}) => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6
    const req = httpRequest(url, { agent, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const head = ms()
      let first = null
      res.on('data', () => { if (first === null) first = ms() })
      res.on('end', () => resolve([res.statusCode, head, first ?? head, ms()]))
    })
    req.on('error', reject)
    req.end()
  })
  const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const lines = []
  const say = (line) => { console.log(line); lines.push(line) }
  say(`gateway bench ${new Date().toISOString()} (node ${process.version}, ${seconds} s throughput runs)`)

  const warm = async (url, n) => { for (let i = 0; i < n; i++) await call(url) }
  await warm(`${providerUrl}/fast`, 200)
  await warm(`${gateway}/fast`, 200)
  const sequential = async (url, n, pick) => {
    const out = []
    for (let i = 0; i < n; i++) out.push(pick(await call(url)))
    return out
  }
  // Alternating rounds, so drift of the machine touches both sides alike.
  let direct = []
  let through = []
  for (let round = 0; round < 4; round++) {
    direct = direct.concat(await sequential(`${providerUrl}/fast`, 500, (r) => r[3]))
    through = through.concat(await sequential(`${gateway}/fast`, 500, (r) => r[3]))
  }
  const added = p50(through) - p50(direct)
  say(`added latency p50: ${added.toFixed(3)} ms (direct ${p50(direct).toFixed(3)} ms, gateway ${p50(through).toFixed(3)} ms; target <= 0.3 ms)`)

  direct = []
  through = []
  for (let round = 0; round < 2; round++) {
    direct = direct.concat(await sequential(`${providerUrl}/stream`, 250, (r) => r[2]))
    through = through.concat(await sequential(`${gateway}/stream`, 250, (r) => r[2]))
  }
  const firstByte = p50(through) - p50(direct)
  say(`added time to first streamed byte p50: ${firstByte.toFixed(3)} ms (direct ${p50(direct).toFixed(3)} ms, gateway ${p50(through).toFixed(3)} ms; target <= 1 ms)`)

  const throughput = async (url) => {
    let done = 0
    const end = Date.now() + seconds * 1000
    await Promise.all(Array.from({ length: 200 }, async () => {
      while (Date.now() < end) {
        const [status] = await call(url)
        if (status === 200) done++
      }
    }))
    return done / seconds
  }
  // CPU seconds of a process so far (utime + stime, in the kernel's 100 Hz ticks).
  const cpu = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
  const cpuOf = async (run) => {
    const k0 = cpu(keyward.pid)
    const p0 = cpu(provider.pid)
    const c0 = process.cpuUsage()
    const rate = await run()
    const c1 = process.cpuUsage(c0)
    return { rate, keyward: (cpu(keyward.pid) - k0) / seconds, provider: (cpu(provider.pid) - p0) / seconds,
      client: (c1.user + c1.system) / 1e6 / seconds }
  }
  const share = (m) => `keyward ${m.keyward.toFixed(2)}, provider ${m.provider.toFixed(2)}, client ${m.client.toFixed(2)} cores`
  const directRun = await cpuOf(() => throughput(`${providerUrl}/slow`))
  const gatewayRun = await cpuOf(() => throughput(`${gateway}/slow`))
  const [directRate, gatewayRate] = [directRun.rate, gatewayRun.rate]
  say(`throughput, provider answering in 20 ms, 200 clients: gateway ${gatewayRate.toFixed(0)}/s, direct ${directRate.toFixed(0)}/s, ratio ${(gatewayRate / directRate).toFixed(2)} (target >= 0.6)`)
  say(`  CPU in use: direct ${share(directRun)}; through the gateway ${share(gatewayRun)} (of ${availableParallelism()} cores)`)

  const rss = () => Number(readFileSync(`/proc/${keyward.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024
  const before = rss()
  let peak = before
  const sampler = setInterval(() => { peak = Math.max(peak, rss()) }, 100)
  const streams = await Promise.all(Array.from({ length: 1000 }, () => call(`${gateway}/long`).catch(() => [0])))
  clearInterval(sampler)
  const whole = streams.filter((r) => r[0] === 200).length
  say(`1,000 concurrent streamed answers: ${whole} ended whole; keyward resident memory ${before.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB (target < 150 MB)`)

  const attemptsBefore = Number(await (await fetch(`${providerUrl}/attempts`)).text())
  const failing = await sequential(`${gateway}/fail`, 100, (r) => r[0])
  const attemptsAfter = Number(await (await fetch(`${providerUrl}/attempts`)).text())
  const perRequest = (attemptsAfter - attemptsBefore - 1) / 100
  say(`failover: 100 requests whose default key answers 500: ${failing.filter((s) => s === 200).length} served by the other key, ${perRequest.toFixed(2)} upstream attempts per request (at most 2)`)

  for (const child of children) child.kill('SIGTERM')
  agent.destroy()
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  writeFileSync(join(root, 'bench/results/gateway.txt'), lines.join('\n') + '\n')
}
