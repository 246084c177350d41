// Browser steps of the gateway's parts of the UI: a key's own base URL (the form's Advanced
// part), a key the gateway disabled (its badge, the note and Re-enable), and the key's calls in
// the list and in its Usage chart. run.mjs starts the server with "Data Platform" pointed at
// startRejectingProvider(), which answers every call 401.
import { createServer } from 'node:http'
import { join } from 'node:path'
import { root } from './harness.mjs'

export async function startRejectingProvider() {
  const received = []
  const server = createServer((req, res) => {
    received.push({ url: req.url, authorization: req.headers.authorization })
    req.resume()
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: { message: 'bad key' } }))
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => server.close() }
}

export async function gatewaySteps({ runner, page, server, api, teamId, expect, toast, provider }) {
  const keysPage = (search) => `${server.url}/teams/${teamId}/settings/api-keys?search=${encodeURIComponent(search)}`

  await runner.step("a key's own base URL is under Advanced, and changing it asks for the key again", async () => {
    const made = await api(page, 'POST', `/teams/${teamId}/api-keys`, { type: 'openai', description: 'Azure deployment', key: 'sk-e2e-azure-base-url-0031' })
    expect(made.status === 201, JSON.stringify(made.body))
    await page.goto(keysPage('Azure deployment'))
    await page.getByRole('cell', { name: 'Azure deployment', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
    await dialog.getByText('Advanced', { exact: true }).click()
    await dialog.getByLabel('Base URL').fill('http://example-resource.openai.azure.com/openai')
    await dialog.getByText('The base URL must start with https://').waitFor()
    await dialog.getByLabel('Base URL').fill('https://example-resource.openai.azure.com/openai/')
    await dialog.getByRole('button', { name: 'Update', exact: true }).click()
    await dialog.getByText('Enter the key again to change its base URL').waitFor()
    expect(await dialog.isVisible(), 'the dialog closed without the key')
    await dialog.getByLabel('Key', { exact: true }).fill('sk-e2e-azure-base-url-0031')
    await dialog.getByRole('button', { name: 'Update', exact: true }).click()
    await toast('API key updated successfully')
    const stored = await api(page, 'GET', `/teams/${teamId}/api-keys/${made.body.id}`)
    expect(stored.body.base_url === 'https://example-resource.openai.azure.com/openai', stored.body.base_url)
    await page.getByRole('cell', { name: 'Azure deployment', exact: true }).click()
    // Open on a key that has one, with the URL in it.
    expect((await dialog.getByLabel('Base URL').inputValue()) === 'https://example-resource.openai.azure.com/openai', 'the form lost the base URL')
    await page.keyboard.press('Escape')
  })

  let rejected = null
  await runner.step('a key its provider rejects is shown Disabled; Re-enable brings it back on screen', async () => {
    const team = await api(page, 'PATCH', `/teams/${teamId}`, { gateway_disable_after: 1 })
    expect(team.status === 200 && team.body.gateway_disable_after === 1, JSON.stringify(team.body))
    const made = await api(page, 'POST', `/teams/${teamId}/api-keys`, { type: 'data_platform', description: 'Warehouse', key: 'dp-e2e-rejected-0032' })
    expect(made.status === 201, JSON.stringify(made.body))
    rejected = made.body
    const token = await api(page, 'POST', `/teams/${teamId}/service-tokens`, { name: 'Warehouse app', types: ['data_platform'] })
    // The application's call, from outside the browser.
    const call = await fetch(`${server.url}/gateway/data_platform/v1/query`, { headers: { authorization: `Bearer ${token.body.token}` } })
    expect(call.status === 401 && provider.received.at(-1)?.authorization === 'Bearer dp-e2e-rejected-0032', `${call.status}`)
    const start = Date.now()
    while ((await api(page, 'GET', `/teams/${teamId}/api-keys/${rejected.id}`)).body.disabled_at === null) {
      expect(Date.now() - start < 5000, 'the key was not disabled')
      await page.waitForTimeout(100)
    }
    await page.goto(keysPage('Warehouse'))
    const row = page.getByRole('row', { name: /Warehouse/ })
    await row.getByText('Disabled', { exact: true }).waitFor()
    await page.getByRole('cell', { name: 'Warehouse', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
    await dialog.getByText('The provider rejected the key (HTTP 401).', { exact: false }).waitFor()
    await dialog.getByRole('button', { name: 'Re-enable' }).click()
    await toast('Key re-enabled: the gateway and resolve use it again')
    // What the person then sees: the note is gone from the dialog, the badge from the row.
    await dialog.getByRole('button', { name: 'Re-enable' }).waitFor({ state: 'detached', timeout: 5000 })
    await page.keyboard.press('Escape')
    await row.getByText('Disabled', { exact: true }).waitFor({ state: 'detached', timeout: 5000 })
    await api(page, 'PATCH', `/teams/${teamId}`, { gateway_disable_after: 3 })
  })

  await runner.step("the list shows a key's gateway calls, and its Usage chart fits a phone screen", async () => {
    // The call is written within a second or so; the list asks for the counts when it loads.
    const row = page.getByRole('row', { name: /Warehouse/ })
    let shown = ''
    for (let tries = 0; tries < 5 && !/1 call, 1 error in 24 h/.test(shown); tries++) {
      if (tries > 0) await page.waitForTimeout(1000)
      const answered = page.waitForResponse((response) => response.url().includes('/gateway-usage'))
      await page.goto(keysPage('Warehouse'))
      await answered
      await row.waitFor()
      await page.waitForTimeout(200)  // rendered
      shown = (await row.textContent()) ?? ''
    }
    const counts = await api(page, 'GET', `/teams/${teamId}/gateway-usage`)
    expect(/1 call, 1 error in 24 h/.test(shown), `the row says "${shown}"; the API: ${JSON.stringify(counts.body)}`)
    await page.setViewportSize({ width: 390, height: 800 })
    try {
      await page.getByRole('cell', { name: 'Warehouse', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
      await dialog.getByRole('button', { name: 'Usage' }).click()
      await dialog.getByRole('img', { name: /Calls per day from/ }).waitFor()
      await dialog.getByText('1 call', { exact: true }).waitFor()
      await dialog.getByRole('cell', { name: 'Warehouse app' }).waitFor()
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }))
      expect(widths.page <= widths.screen, `the page is ${widths.page}px wide on a ${widths.screen}px screen`)
      await dialog.getByRole('img', { name: /Calls per day from/ }).scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(root, 'docs', 'screenshots', 'key-usage-phone.png') })
      await page.keyboard.press('Escape')
    } finally {
      await page.setViewportSize({ width: 1920, height: 1080 })
    }
  })
}
