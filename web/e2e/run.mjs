// End-to-end tests of the web UI in headless Chromium against the real server.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Runner, Server, expect, launchBrowser, root, setupToken } from './harness.mjs'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const runner = new Runner()
const server = new Server()
await server.start()
const browser = await launchBrowser()
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
const page = await context.newPage()
const problems = []
page.on('console', (message) => {
  if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text())
})
page.on('pageerror', (error) => problems.push(String(error)))
let teamId = ''
let serviceToken = ''

// Calls the API from inside the page, with the session cookie and CSRF token of that page.
async function api(target, method, path, body) {
  return target.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/me')).json()
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, body: response.status === 204 ? null : await response.json() }
    },
    { method, path, body },
  )
}

const rows = () => page.locator('table.data-table tbody tr')
const toast = (text) => page.getByText(text, { exact: true }).first().waitFor({ timeout: 5000 })

await runner.step('first-run setup creates the owner and opens the API Keys page', async () => {
  await page.goto(`${server.url}/setup#token=${setupToken}`)
  await page.getByLabel('Your name').fill('Olive Owner')
  await page.getByLabel('Email').fill('olive@example.com')
  await page.getByLabel('Password').fill('olive password 123')
  await page.getByLabel('Team name').fill('Acme')
  await page.getByRole('button', { name: 'Create owner and team' }).click()
  await page.getByRole('heading', { name: 'API Keys' }).waitFor()
  await page.getByText('No API keys yet.').waitFor()
  teamId = page.url().match(/teams\/([^/]+)\/settings\/api-keys/)[1]
  expect(!page.url().includes('token'), 'the setup token stayed in the URL')
})

await runner.step('validation messages appear beside the fields as the user types', async () => {
  await page.getByRole('button', { name: 'Create API Key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create API Key' })
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByText('Select a valid API provider type').waitFor()
  await dialog.getByText('Description is required').waitFor()
  await dialog.getByText('Key is required').waitFor()
  await dialog.getByLabel('Key', { exact: true }).fill('has a space')
  await dialog.getByText('Key must not contain spaces or control characters').waitFor()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

const created = [
  { type: 'openai', label: 'OpenAI', description: 'Production GPT', key: 'sk-proj-e2e-production-0001' },
  { type: 'support_system', label: 'Support System', description: 'Helpdesk tickets', key: 'support-e2e-key-0002' },
  { type: 'exa', label: 'Exa', description: 'Web search', key: 'exa-e2e-key-000000003' },
]
await runner.step('creates a key of each category through the form', async () => {
  for (const key of created) {
    await page.getByRole('button', { name: 'Create API Key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create API Key' })
    await dialog.getByLabel('Type').selectOption(key.type)
    await dialog.getByLabel('Description').fill(key.description)
    await dialog.getByLabel('Key', { exact: true }).fill(key.key)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await toast('API key created successfully')
    await dialog.waitFor({ state: 'hidden' })
  }
  await page.getByRole('cell', { name: 'Web search', exact: true }).waitFor()
  expect((await rows().count()) === 3, `expected 3 rows, saw ${await rows().count()}`)
  const hint = await page.getByRole('row', { name: /Production GPT/ }).locator('code').innerText()
  expect(hint === 'sk-…0001', `hint was ${hint}`)
})

await runner.step('a duplicate key is refused with the name of the stored one', async () => {
  await page.getByRole('button', { name: 'Create API Key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create API Key' })
  await dialog.getByLabel('Type').selectOption('deepseek')
  await dialog.getByLabel('Description').fill('Copy')
  await dialog.getByLabel('Key', { exact: true }).fill(created[0].key)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByText('already stored in this team as "Production GPT"', { exact: false }).waitFor()
  expect((await dialog.getByLabel('Description').inputValue()) === 'Copy', 'the form lost what was typed')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

const varied = [
  { type: 'anthropic', description: 'Claude production', key: 'sk-ant-api03-e2e-claude-prod-7f3a' },
  { type: 'google', description: 'Gemini staging', key: 'AIzaSyE2E-gemini-staging-key-91c2' },
  { type: 'deepseek', description: 'Research notebooks', key: 'sk-e2e-deepseek-research-55d0' },
  { type: 'perplexity', description: 'Answers widget', key: 'pplx-e2e-answers-widget-0c4e' },
  { type: 'google_translate', description: 'Docs translation', key: 'AIzaSyE2E-translate-docs-3b17' },
  { type: 'xai', description: 'Grok experiments', key: 'xai-e2e-grok-experiments-a6d9' },
]
await runner.step('saves the screenshot of the table with keys of every kind', async () => {
  for (const key of varied) {
    const result = await api(page, 'POST', `/teams/${teamId}/api-keys`, key)
    expect(result.status === 201, JSON.stringify(result.body))
  }
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
  await page.getByRole('cell', { name: 'Grok experiments', exact: true }).waitFor()
  mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true })
  await page.screenshot({ path: join(root, 'docs', 'screenshots', 'api-keys-view.png') })
})

await runner.step('search filters by description and is kept in the URL', async () => {
  for (let i = 0; i < 27; i++) {
    const result = await api(page, 'POST', `/teams/${teamId}/api-keys`, {
      type: 'anthropic',
      description: `Batch key ${String(i).padStart(2, '0')}`,
      key: `sk-ant-e2e-batch-${i}-abcdefgh`,
    })
    expect(result.status === 201, `seeding failed: ${JSON.stringify(result.body)}`)
  }
  await page.reload()
  await page.getByLabel('Search by description').fill('helpdesk')
  await page.waitForURL(/search=helpdesk/)
  await page.getByRole('cell', { name: 'Helpdesk tickets', exact: true }).waitFor()
  await page.waitForFunction(() => document.querySelectorAll('table.data-table tbody tr').length === 1)
  await page.getByLabel('Search by description').fill('')
  await page.waitForURL((url) => !url.search.includes('search='))
})

await runner.step('sorts by description and pages through 36 keys', async () => {
  await page.getByRole('button', { name: 'Description' }).click()
  await page.waitForURL(/sort=description/)
  await page.getByRole('columnheader', { name: /Description/ }).and(page.locator('[aria-sort="ascending"]')).waitFor()
  await page.waitForFunction(() => document.querySelector('table.data-table tbody tr td')?.textContent === 'Answers widget')
  await page.getByLabel('Rows per page').selectOption('10')
  await page.getByText('1–10 of 36').waitFor()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByText('11–20 of 36').waitFor()
  await page.getByText('Page 2 of 4').waitFor()
  await page.waitForURL(/page=2/)
})

await runner.step('reveal shows the key, copy needs no display', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=production`)
  await page.getByRole('button', { name: 'Reveal key Production GPT' }).click()
  await page.getByText(created[0].key).waitFor()
  await page.getByRole('button', { name: 'Hide key Production GPT' }).click()
  await page.getByText('sk-…0001').waitFor()
})

await runner.step('keyboard: a row opens with Enter and the dialog closes with Escape', async () => {
  const before = (await api(page, 'GET', `/teams/${teamId}/api-keys?search=production`)).body.items
  const row = page.getByRole('row', { name: 'Edit Production GPT' })
  await row.focus()
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Edit Production GPT')
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
  await dialog.waitFor()
  // The form is open with the focus in it, and the Enter that opened it did not also submit it.
  await page.waitForFunction(() => document.activeElement?.id === 'key-description')
  expect((await dialog.getByLabel('Description').inputValue()) === 'Production GPT', 'the form shows another key')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  const after = (await api(page, 'GET', `/teams/${teamId}/api-keys?search=production`)).body.items
  expect(JSON.stringify(after) === JSON.stringify(before), 'opening the row with Enter changed a key')
})

await runner.step('edit changes the description; a blank key keeps the stored one', async () => {
  await page.getByRole('cell', { name: 'Production GPT', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
  await dialog.getByLabel('Description').fill('Production GPT (main)')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await toast('API key updated successfully')
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=main`)
  await page.getByRole('cell', { name: 'Production GPT (main)', exact: true }).waitFor()
  const hint = await page.getByRole('row', { name: /Production GPT \(main\)/ }).locator('code').innerText()
  expect(hint === 'sk-…0001', `the key changed: ${hint}`)
})

await runner.step('a stale edit is refused and offers to reload', async () => {
  await page.getByRole('cell', { name: 'Production GPT (main)', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
  const list = await api(page, 'GET', `/teams/${teamId}/api-keys?search=main`)
  const id = list.body.items[0].id
  await api(page, 'PATCH', `/teams/${teamId}/api-keys/${id}`, { description: 'Changed elsewhere' })
  await dialog.getByLabel('Description').fill('My change')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByText('Someone else changed this key', { exact: false }).waitFor()
  await dialog.getByRole('button', { name: 'Reload it' }).click()
  await page.waitForFunction(() => document.querySelector('#key-description')?.value === 'Changed elsewhere')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

await runner.step('delete asks for confirmation naming the key', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=web`)
  await page.getByRole('cell', { name: 'Web search', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete API key?' })
  await confirm.getByText('Web search').waitFor()
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await toast('API key deleted successfully')
  await page.getByText('No key matches', { exact: false }).waitFor()
})

await runner.step('the API Keys page has no axe-core violations', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
  await page.getByRole('cell', { name: 'Batch key 26', exact: true }).waitFor()
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses injected scripts.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => (await window.axe.run()).violations)
  expect(violations.length === 0, violations.map((v) => `${v.id}: ${v.help}`).join('; '))
})

await runner.step('marking a key as default shows the Default badge', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=claude`)
  await page.getByRole('cell', { name: 'Claude production', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
  await dialog.getByLabel('Default key for its type', { exact: false }).check()
  await dialog.getByRole('button', { name: 'Update' }).click()
  await toast('API key updated successfully')
  await page.getByRole('row', { name: /Claude production/ }).getByText('Default', { exact: true }).waitFor()
})

await runner.step('a service token is shown once, resolves the default key, and dies when revoked', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/service-tokens`)
  await page.getByText('No service tokens yet.', { exact: false }).waitFor()
  await page.getByLabel('Name').fill('Backend')
  await page.getByLabel('Anthropic').check()
  await page.getByRole('button', { name: 'Create token' }).click()
  const shown = page.getByRole('dialog', { name: 'Copy your new service token' })
  const token = await shown.locator('code').innerText()
  serviceToken = token
  expect(token.startsWith('kw_st_'), `token was ${token}`)
  await shown.getByRole('button', { name: 'Done' }).click()
  // Once the dialog has closed (the list was refetched before it opened), nothing of it remains.
  await shown.waitFor({ state: 'hidden' })
  await page.getByRole('cell', { name: 'Backend', exact: true }).waitFor()
  expect(!(await page.content()).includes(token), 'the token is still on the page')
  const resolved = await fetch(`${server.url}/api/v1/resolve?type=anthropic`, { headers: { Authorization: `Bearer ${token}` } })
  expect(resolved.status === 200, `resolve answered ${resolved.status}`)
  const body = await resolved.json()
  expect(body.key === 'sk-ant-api03-e2e-claude-prod-7f3a', `resolved ${body.description}`)
  const outOfScope = await fetch(`${server.url}/api/v1/resolve?type=openai`, { headers: { Authorization: `Bearer ${token}` } })
  expect(outOfScope.status === 403, `out of scope answered ${outOfScope.status}`)
  await page.getByRole('button', { name: 'Revoke' }).click()
  await page.getByRole('dialog', { name: 'Revoke service token?' }).getByRole('button', { name: 'Revoke' }).click()
  await page.getByRole('cell', { name: 'Revoked', exact: true }).waitFor()
  const after = await fetch(`${server.url}/api/v1/resolve?type=anthropic`, { headers: { Authorization: `Bearer ${token}` } })
  expect(after.status === 401, `revoked token answered ${after.status}`)
})

await runner.step('Test asks the provider and shows the result', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=helpdesk`)
  await page.getByRole('cell', { name: 'Helpdesk tickets', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
  await dialog.getByRole('button', { name: 'Test' }).click()
  await dialog.getByRole('status').getByText('unsupported', { exact: false }).waitFor()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await page.getByLabel('Provider check: unsupported').waitFor()
})

await runner.step('a key created in one page appears in another within a second', async () => {
  const second = await context.newPage()
  await second.goto(`${server.url}/teams/${teamId}/settings/api-keys?search=live`)
  await second.getByText('No key matches', { exact: false }).waitFor()
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
  await page.getByRole('button', { name: 'Create API Key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create API Key' })
  await dialog.getByLabel('Type').selectOption('exa')
  await dialog.getByLabel('Description').fill('Live update')
  await dialog.getByLabel('Key', { exact: true }).fill('exa-e2e-live-update-0007')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await toast('API key created successfully')
  const created = Date.now()
  // No reload: only the event stream can bring it. The time is reported, not asserted.
  await second.getByRole('cell', { name: 'Live update', exact: true }).waitFor({ timeout: 5000 })
  console.log(`     appeared in the other page after ${Date.now() - created} ms`)
  await second.close()
})

await runner.step('a viewer sees no Create button and cannot open the edit form', async () => {
  const invitation = await api(page, 'POST', `/teams/${teamId}/invitations`, { email: 'vera@example.com', role: 'viewer' })
  expect(invitation.status === 201, JSON.stringify(invitation.body))
  const viewer = await browser.newContext()
  const viewerPage = await viewer.newPage()
  await viewerPage.goto(invitation.body.url.replace(/^http:\/\/[^/]+/, server.url))
  await viewerPage.getByLabel('Your name (new accounts)').fill('Vera Viewer')
  await viewerPage.getByLabel('Password').fill('vera password 123')
  await viewerPage.getByRole('button', { name: 'Join' }).click()
  await viewerPage.getByRole('heading', { name: 'API Keys' }).waitFor()
  await viewerPage.getByRole('cell', { name: 'Batch key 26', exact: true }).waitFor()
  expect((await viewerPage.getByRole('button', { name: 'Create API Key' }).count()) === 0, 'viewer sees Create')
  expect((await viewerPage.getByRole('row', { name: /^Edit / }).count()) === 0, 'viewer rows are clickable')
  expect((await viewerPage.getByRole('button', { name: /^Reveal key/ }).count()) === 0, 'viewer can reveal')
  await viewerPage.getByRole('cell', { name: 'Batch key 26', exact: true }).click()
  expect((await viewerPage.getByRole('dialog').count()) === 0 || !(await viewerPage.getByRole('dialog').isVisible()), 'edit opened')
  expect((await viewerPage.getByRole('link', { name: 'Audit log' }).count()) === 0, 'viewer sees the audit tab')
  await viewer.close()
})

await runner.step('the Members tab changes a role and removes a member', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/members`)
  await page.getByRole('cell', { name: 'Vera Viewer', exact: true }).waitFor()
  await page.getByLabel('Role of Vera Viewer').selectOption('developer')
  await toast('Role changed')
  const members = await api(page, 'GET', `/teams/${teamId}/members`)
  expect(members.body.items.some((m) => m.name === 'Vera Viewer' && m.role === 'developer'), 'role not changed')
  await page.getByRole('row', { name: /Vera Viewer/ }).getByRole('button', { name: 'Remove' }).click()
  await page.getByRole('dialog', { name: 'Remove member?' }).getByRole('button', { name: 'Remove' }).click()
  await toast('Member removed')
  await page.getByRole('cell', { name: 'Vera Viewer', exact: true }).waitFor({ state: 'detached' })
})

await runner.step('the Members tab lists a pending invitation and revokes it', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/members`)
  await page.getByLabel('Email').fill('pat.pending@example.com')
  await page.getByRole('button', { name: 'Invite' }).click()
  await page.getByRole('cell', { name: 'pat.pending@example.com', exact: true }).waitFor()
  const link = await page.locator('code.once').textContent()
  await page.getByRole('button', { name: 'Revoke the invitation of pat.pending@example.com' }).click()
  await page.getByRole('dialog', { name: 'Revoke invitation?' }).getByRole('button', { name: 'Revoke' }).click()
  await toast('Invitation revoked')
  await page.getByRole('cell', { name: 'pat.pending@example.com', exact: true }).waitFor({ state: 'detached' })
  const token = (link ?? '').split('#token=')[1] ?? ''
  const accepted = await api(page, 'POST', `/invitations/${token}/accept`, { name: 'Pat', password: 'pat password 1234' })
  expect(accepted.status === 404, `a revoked invitation was accepted: ${accepted.status}`)
})

await runner.step('a user outside the team cannot see it', async () => {
  const outsider = await browser.newContext()
  const outsiderPage = await outsider.newPage()
  // Olive makes a second team and invites the outsider there only.
  const other = await api(page, 'POST', '/teams', { name: 'Other team' })
  const invitation = await api(page, 'POST', `/teams/${other.body.id}/invitations`, { email: 'otto@example.com', role: 'owner' })
  await outsiderPage.goto(invitation.body.url.replace(/^http:\/\/[^/]+/, server.url))
  await outsiderPage.getByLabel('Your name (new accounts)').fill('Otto')
  await outsiderPage.getByLabel('Password').fill('otto password 1234')
  await outsiderPage.getByRole('button', { name: 'Join' }).click()
  await outsiderPage.getByRole('heading', { name: 'API Keys' }).waitFor()
  await outsiderPage.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
  await outsiderPage.getByRole('heading', { name: 'Team not found' }).waitFor()
  const direct = await api(outsiderPage, 'GET', `/teams/${teamId}/api-keys`)
  expect(direct.status === 404, `API answered ${direct.status}`)
  await outsider.close()
})

await runner.step('the server stopped mid-session: the page says so, keeps the form, recovers', async () => {
  await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
  await page.getByRole('cell', { name: 'Batch key 26', exact: true }).waitFor()
  await page.getByRole('button', { name: 'Create API Key' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create API Key' })
  await dialog.getByLabel('Type').selectOption('xai')
  await dialog.getByLabel('Description').fill('Written while offline')
  await dialog.getByLabel('Key', { exact: true }).fill('xai-e2e-offline-key-0005')
  await server.stop()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await page.getByText('keyward cannot be reached', { exact: false }).first().waitFor()
  expect((await dialog.getByLabel('Description').inputValue()) === 'Written while offline', 'lost typing')
  await server.start()
  await page.locator('.offline-banner').waitFor({ state: 'hidden', timeout: 15000 })
  await dialog.getByRole('button', { name: 'Save' }).click()
  await toast('API key created successfully')
})

await runner.step('no secret in localStorage, the URL or the console; no CSP violation', async () => {
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
  for (const key of created) expect(!storage.includes(key.key), 'a key is in web storage')
  expect(!page.url().includes('sk-'), 'a key is in the URL')
  const csp = problems.filter((p) => /Content Security Policy/i.test(p))
  expect(csp.length === 0, csp.join('\n'))
  const errors = problems.filter((p) => !/Content Security Policy/i.test(p) && !/ERR_CONNECTION_REFUSED|Failed to fetch|NetworkError/.test(p))
  expect(errors.length === 0, errors.join('\n'))
})

await runner.step('nothing typed or issued in this run is left in the database, WAL, logs, metrics or backups', async () => {
  // Every key literal of this file (the batch keys by their common prefix), the passwords, the
  // setup token, the session cookie and the service token.
  const source = readFileSync(new URL(import.meta.url), 'utf8')
  const secrets = new Set(source.match(/\b(?:sk|support|exa|pplx|xai|AIzaSy)[A-Za-z0-9-]*(?:e2e|E2E)[A-Za-z0-9-]*/g))
  for (const match of source.matchAll(/'(\w+ password \d+)'/g)) secrets.add(match[1])
  secrets.add(setupToken)
  secrets.add(serviceToken)
  for (const cookie of await context.cookies()) if (cookie.name === 'keyward_session') secrets.add(cookie.value)
  expect(secrets.size >= 15 && !secrets.has(''), `only ${secrets.size} secrets collected`)

  const url = process.env.KEYWARD_E2E_DATABASE_URL ?? `sqlite:${join(server.dir, 'keyward.db')}`
  // The server's master key (its development key unless one is given): the export is signed under it.
  const env = { ...process.env, KEYWARD_DATABASE_URL: url }
  if (!env.KEYWARD_MASTER_KEY && !env.KEYWARD_MASTER_KEY_FILE) env.KEYWARD_MASTER_KEY_FILE = join(server.dir, 'var', 'master.key')
  const binary = join(root, 'build', 'keyward')
  const places = { log: server.log, metrics: await (await fetch(`${server.url}/metrics`)).text() }
  execFileSync(binary, ['backup', '--format', 'export', join(server.dir, 'backup.export')], { env })
  places.export = readFileSync(join(server.dir, 'backup.export'), 'latin1')
  if (url.startsWith('sqlite:')) {
    execFileSync(binary, ['backup', join(server.dir, 'backup.db')], { env })
    for (const file of ['keyward.db', 'keyward.db-wal', 'keyward.db-shm', 'backup.db']) {
      const path = join(server.dir, file)
      if (existsSync(path)) places[file] = readFileSync(path, 'latin1')
    }
    expect(places['keyward.db'].length > 10000, 'the database file was not found')
  }
  // The one exception by design: the setup token is printed for the operator (not logged) while
  // setup is pending, so exactly once here: at the first start, never after setup.
  const printed = server.log.split('\n').filter((line) => line.includes(setupToken))
  expect(printed.length === 2 && printed.every((line) => /^(setup token|first run):/.test(line)), printed.join('\n'))
  places.log = server.log.split('\n').filter((line) => !printed.includes(line)).join('\n')
  for (const [name, text] of Object.entries(places)) {
    for (const secret of secrets) expect(!text.includes(secret), `a secret (${secret.slice(0, 6)}…) is in ${name}`)
  }
})

await browser.close()
await server.cleanup()
process.exit(runner.summary())
