// What the Node end-to-end suites (tests/webhooks/run.mjs, tests/gateway/run.mjs) share: a work
// directory with a master key and a database, the checks and their closing "N passed, N failed"
// line, waiting for a condition, the seed tool, and the team API as the seeded owner.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

// A fresh work directory `keyward-<name>-…` with a master key (mode 0600), and the database:
// SQLite in it, or PostgreSQL under scripts/with-postgres (KEYWARD_TEST_POSTGRES_URL, a throw-away
// server whose database the run uses as it is). KEYWARD_BINARY: another build of the server,
// e.g. build/debug/keyward (ASan and UBSan).
export function workspace(name) {
  const work = mkdtempSync(join(tmpdir(), `keyward-${name}-`))
  const masterKey = join(work, 'master.key')
  writeFileSync(masterKey, randomBytes(32).toString('base64') + '\n')
  chmodSync(masterKey, 0o600)
  return {
    root,
    binary: process.env.KEYWARD_BINARY || join(root, 'build/keyward'),
    seedBinary: join(root, 'build/bench/keyward_seed'),
    work,
    masterKey,
    database: process.env.KEYWARD_TEST_POSTGRES_URL || `sqlite:${join(work, 'k.db')}`,
  }
}

// check(name, ok, detail) prints "ok"/"FAIL" per check; summary() prints the closing line and
// returns the exit code.
export function checks() {
  let passed = 0
  let failed = 0
  return {
    check(name, ok, detail = '') {
      if (ok) passed++
      else failed++
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`)
    },
    summary() {
      console.log(`${passed} passed, ${failed} failed`)
      return failed === 0 ? 0 : 1
    },
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// True once `what()` is, false after `ms`; asks every `step` ms.
export async function until(what, ms, step = 20) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await what()) return true
    await sleep(step)
  }
  return false
}

// One team and an owner's API token from the seed tool (Bearer: no CSRF header needed).
export function seed({ seedBinary, database, masterKey }) {
  const seeded = execFileSync(seedBinary, ['--database-url', database, '--master-key-file', masterKey,
    '--teams', '1', '--keys', '0'], { encoding: 'utf8' }).trim().split(/\s+/)
  return { team: seeded[1], owner: seeded[3] }
}

// api(method, path, body) on /api/v1/teams/{team}, against the server baseOf() names now (a suite
// may restart it): { status, body } with the body parsed.
export function teamApi(baseOf, team, token) {
  return async (method, path, body) => {
    const res = await fetch(`${baseOf()}/api/v1/teams/${team}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
}
