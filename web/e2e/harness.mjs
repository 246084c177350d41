// Starts the real keyward binary on a fresh SQLite file and headless Chromium for the browser
// tests; reports "N passed, N failed" like every other suite.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

export const root = resolve(import.meta.dirname, '..', '..')
export const setupToken = 'e2e-setup-token-0123456789-abcdefghijklmnop'

export class Server {
  // `env`: more settings for the server (the gateway steps' provider).
  constructor(env = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'keyward-e2e-'))
    this.port = 0
    this.env = env
  }

  // Starts (or restarts, on the same port and database) the server.
  async start() {
    const listen = `127.0.0.1:${this.port}`
    this.process = spawn(join(root, 'build', 'keyward'), ['serve', '--listen', listen], {
      cwd: this.dir,
      env: {
        ...process.env,
        KEYWARD_SETUP_TOKEN: setupToken,
        KEYWARD_WEB_DIR: join(root, 'web', 'dist'),
        // The Webhooks steps' receiver listens on 127.0.0.1 over plain HTTP: a setting for tests.
        KEYWARD_WEBHOOKS_ALLOW_LOOPBACK: '1',
        ...this.env,
        // KEYWARD_E2E_DATABASE_URL runs the browser tests on another (empty) database, e.g.
        // a PostgreSQL one; by default each run gets a fresh SQLite file.
        KEYWARD_DATABASE_URL:
          process.env.KEYWARD_E2E_DATABASE_URL ?? `sqlite:${join(this.dir, 'keyward.db')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.output = ''
    await new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 20000)
      const onData = (chunk) => {
        this.output += chunk.toString()
        this.log = (this.log ?? '') + chunk.toString() // every start's output, for the leak check
        const match = this.output.match(/listening url=http:\/\/127\.0\.0\.1:(\d+)/)
        if (match) {
          this.port = Number(match[1])
          clearTimeout(timer)
          resolvePromise()
        }
      }
      this.process.stdout.on('data', onData)
      this.process.stderr.on('data', onData)
      this.process.on('exit', (code) => reject(new Error(`server exited ${code}:\n${this.output}`)))
    })
    this.url = `http://127.0.0.1:${this.port}`
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return
    const exited = new Promise((r) => this.process.once('exit', r))
    this.process.kill('SIGTERM')
    await exited
  }

  async cleanup() {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

// Runs named steps in order; a failed step is reported and the run goes on where it can.
export class Runner {
  constructor() {
    this.passed = 0
    this.failed = 0
  }

  async step(name, body) {
    const started = Date.now()
    try {
      await body()
      this.passed += 1
      console.log(`ok   ${name} (${Date.now() - started} ms)`)
    } catch (error) {
      this.failed += 1
      console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n     ')}`)
    }
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`)
    return this.failed === 0 ? 0 : 1
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message)
}
