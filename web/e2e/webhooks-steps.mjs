import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'

// Browser steps of the Webhooks tab: an endpoint added from the keyboard with its secret shown
// once, a test event in the delivery log (example.com cannot be reached from the test machine,
// so deliveries stay pending or fail), redelivery, pause and enable, delete, axe in both schemes
// and the 360 px phone; a local receiver (the server runs with KEYWARD_WEBHOOKS_ALLOW_LOOPBACK)
// gets a signed test event that the log shows as succeeded. run.mjs calls webhookSteps() with `page` signed in as an owner of `teamId`.
export async function webhookSteps({ runner, page, browser, context, server, api, teamId, expect, toast, tabTo, axeViolations }) {
  const tab = `${server.url}/teams/${teamId}/settings/webhooks`
  const url = 'https://example.com/hook'
  const focusInside = (selector) => page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector)

  // Keyboard only: opens the endpoint's actions menu and runs one of its items.
  async function menuAction(item) {
    await tabTo(page, `Actions for ${url}`)
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem')
    // One ArrowDown at a time, each waited for as a person watches the highlight move.
    for (let i = 0; i < 8; i++) {
      const before = await page.evaluate(() => document.activeElement?.textContent?.trim())
      if (before === item) break
      await page.keyboard.press('ArrowDown')
      await page.waitForFunction((previous) => document.activeElement?.textContent?.trim() !== previous, before, { timeout: 2000 })
    }
    expect((await page.evaluate(() => document.activeElement?.textContent?.trim())) === item, `the menu has no ${item}`)
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor({ state: 'detached' })
  }

  await runner.step('the Webhooks tab adds an endpoint from the keyboard and shows its secret once', async () => {
    await page.goto(tab)
    await page.getByText('No webhook endpoints yet.', { exact: false }).waitFor()
    await tabTo(page, 'Add endpoint')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Add webhook endpoint' })
    await dialog.waitFor()
    await page.waitForFunction(() => document.activeElement?.id === 'webhook-url')
    // Client-side checks first: plain http and no event are refused beside their fields.
    await page.keyboard.type('http://example.com/hook')
    await dialog.getByRole('button', { name: 'Add endpoint' }).click()
    await dialog.getByText('Enter an https:// URL').waitFor()
    await dialog.getByText('Select at least one event').waitFor()
    await dialog.getByLabel('Endpoint URL').fill(url)
    await dialog.getByLabel('Description (optional)').fill('E2E receiver')
    // A whole group, then one more event, from the keyboard (Space ticks a focused box).
    await tabTo(page, 'All webhooks events')
    await page.keyboard.press('Space')
    await tabTo(page, 'api_key.created')
    await page.keyboard.press('Space')
    // The focus stays in the dialog however far one tabs.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      expect(await focusInside('[role="dialog"]'), `Tab ${i + 1} left the dialog`)
    }
    await dialog.getByRole('button', { name: 'Add endpoint' }).click()
    const shown = page.getByRole('dialog', { name: 'Copy your webhook signing secret' })
    await shown.waitFor()
    const secret = await shown.locator('code.once').innerText()
    expect(/^whsec_[A-Za-z0-9+/=]{40,}$/.test(secret), `the secret looks like ${secret.slice(0, 8)}…`)
    await shown.getByText("you won't see it again").waitFor()
    await shown.getByText("import { Webhook } from 'standardwebhooks'", { exact: false }).waitFor()
    await shown.getByRole('button', { name: 'Done' }).click()
    await shown.waitFor({ state: 'hidden' })
    expect(!(await page.content()).includes(secret), 'the secret stayed on the page')
    const row = page.getByRole('row', { name: new RegExp(url.replace(/[./]/g, '\\$&')) })
    await row.getByText('Enabled').waitFor()
    await row.getByText('5 events').waitFor()
    const listed = await page.evaluate(async (t) => (await fetch(`/api/v1/teams/${t}/webhooks`)).text(), teamId)
    expect(!listed.includes(secret) && !listed.includes('whsec_'), 'the list answers with the secret')
  })

  await runner.step('a test event shows in the delivery log, pending or failed; it can be sent again', async () => {
    // What the page asked and was answered, for the message when the log does not catch up.
    const seen = []
    const record = (response) => {
      if (response.url().includes('/webhooks/')) seen.push(`${response.request().method()} ${response.url().replace(/.*\/webhooks\/[^/]+/, '')} ${response.status()}`)
    }
    page.on('response', record)
    const shows = async (text) => {
      try {
        await log.getByText(text).waitFor({ timeout: 10000 })
      } catch {
        throw new Error(`the log never showed ${text}: it shows "${(await log.locator('.pagination').innerText()).replace(/\s+/g, ' ')}"; requests: ${seen.join(', ')}`)
      }
    }
    const id = (await api(page, 'GET', `/teams/${teamId}/webhooks`)).body.items[0].id
    const total = async () => (await api(page, 'GET', `/teams/${teamId}/webhooks/${id}/deliveries`)).body.total
    const log = page.getByRole('dialog', { name: 'Delivery log' })
    try {
      await page.goto(tab)
      await menuAction('Send test event')
      await toast('Test event queued')
      await menuAction('Delivery log')
      await log.waitFor()
      const row = log.getByRole('row', { name: /webhook\.test/ }).first()
      await row.getByText(/^(Pending|Failed)$/).waitFor({ timeout: 15000 })
      // The endpoint also heard of its own creation (it listens to webhook.created).
      const first = await total()
      expect(first >= 1, 'no delivery listed')
      const counted = (n) => new RegExp(`^1–${n} of ${n}$`)
      await shows(counted(first))
      // The earlier toast gone first, so the next one is this click's.
      await page.getByText('Test event queued', { exact: true }).waitFor({ state: 'detached', timeout: 10000 })
      await log.getByRole('button', { name: 'Send test event' }).click()
      await toast('Test event queued')
      expect((await total()) === first + 1, `the server lists ${await total()} deliveries after the second test`)
      await shows(counted(first + 1))
      await row.getByRole('button', { name: /^Redeliver webhook\.test/ }).click()
      await toast('Delivery queued again')
      expect((await total()) === first + 2, `the server lists ${await total()} deliveries after the redelivery`)
      await shows(counted(first + 2))
      await log.getByRole('button', { name: 'Refresh' }).click()
      await page.keyboard.press('Escape')
      await log.waitFor({ state: 'hidden' })
    } finally {
      page.off('response', record)
    }
  })

  await runner.step('axe passes on the tab, the form and the delivery log, in both schemes', async () => {
    const found = []
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(tab)
      await page.getByRole('row', { name: /example\.com\/hook/ }).waitFor()
      for (const v of await axeViolations(page)) found.push(`${scheme} list: ${v}`)
      await page.getByRole('button', { name: 'Add endpoint' }).click()
      await page.getByRole('dialog', { name: 'Add webhook endpoint' }).waitFor()
      for (const v of await axeViolations(page)) found.push(`${scheme} form: ${v}`)
      await page.keyboard.press('Escape')
      await menuAction('Delivery log')
      await page.getByRole('dialog', { name: 'Delivery log' }).getByRole('row', { name: /webhook\.test/ }).first().waitFor()
      for (const v of await axeViolations(page)) found.push(`${scheme} delivery log: ${v}`)
      await page.keyboard.press('Escape')
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(found.length === 0, found.join('\n     '))
  })

  await runner.step('at 360 px the Webhooks tab and its delivery log are no wider than the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true })
    try {
      await phone.addCookies(await context.cookies())
      const p = await phone.newPage()
      await p.goto(tab)
      await p.getByRole('row', { name: /example\.com\/hook/ }).getByText('Enabled').waitFor()
      let wide = await p.evaluate(() => document.documentElement.scrollWidth)
      expect(wide <= 360, `the page is ${wide} px wide at 360`)
      await p.getByRole('button', { name: `Actions for ${url}` }).click()
      await p.getByRole('menuitem', { name: 'Delivery log' }).click()
      const log = p.getByRole('dialog', { name: 'Delivery log' })
      await log.getByRole('row', { name: /webhook\.test/ }).first().waitFor()
      const box = await log.boundingBox()
      expect(box && box.x >= 0 && box.x + box.width <= 360, `the delivery log is cut off: ${JSON.stringify(box)}`)
      const inner = await log.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth)
      expect(inner, 'the delivery log scrolls sideways')
      wide = await p.evaluate(() => document.documentElement.scrollWidth)
      expect(wide <= 360, `the page is ${wide} px wide at 360 with the log open`)
    } finally {
      await phone.close()
    }
  })

  await runner.step('a local receiver gets a test event signed with the secret shown once; the log says Succeeded, 204', async () => {
    const received = []
    const receiver = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => {
        received.push({ headers: request.headers, body })
        response.writeHead(204).end()
      })
    })
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const local = `http://127.0.0.1:${receiver.address().port}/hook`
    try {
      // Plain http:// to loopback: the form asks for https://, so the API makes it.
      const made = await api(page, 'POST', `/teams/${teamId}/webhooks`, { url: local, event_types: ['webhook.test'], description: 'Local receiver' })
      expect(made.status === 201 && made.body.secret?.startsWith('whsec_'), JSON.stringify(made.body).replace(/whsec_\S+/, 'whsec_…'))
      await page.goto(tab)
      await tabTo(page, `Actions for ${local}`)
      await page.keyboard.press('Enter')
      await page.getByRole('menuitem', { name: 'Delivery log' }).click()
      const log = page.getByRole('dialog', { name: 'Delivery log' })
      await log.getByRole('button', { name: 'Send test event' }).click()
      const row = log.getByRole('row', { name: /webhook\.test/ }).first()
      // The log asks again every 5 s while a delivery is pending.
      await row.getByText('Succeeded', { exact: true }).waitFor({ timeout: 20000 })
      await row.getByRole('cell', { name: '204', exact: true }).waitFor()
      const test = received.find((r) => JSON.parse(r.body).type === 'webhook.test')
      expect(test, `the receiver got ${received.length} requests, none a webhook.test`)
      const key = Buffer.from(made.body.secret.slice('whsec_'.length), 'base64')
      const signed = `${test.headers['webhook-id']}.${test.headers['webhook-timestamp']}.${test.body}`
      const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`
      expect(test.headers['webhook-signature'].split(' ').includes(expected), 'the signature does not verify with the secret shown')
      await page.keyboard.press('Escape')
      await log.waitFor({ state: 'hidden' })
      const removed = await api(page, 'DELETE', `/teams/${teamId}/webhooks/${made.body.id}`)
      expect(removed.status === 204, `delete answered ${removed.status}`)
    } finally {
      receiver.close()
    }
  })

  await runner.step('pause and enable change the badge; delete asks first, then the tab is empty', async () => {
    await page.goto(tab)
    const row = page.getByRole('row', { name: /example\.com\/hook/ })
    await menuAction('Pause')
    await toast('Webhook endpoint paused')
    await row.getByText('Paused').waitFor()
    await menuAction('Enable')
    await toast('Webhook endpoint enabled')
    await row.getByText('Enabled').waitFor()
    await menuAction('Delete')
    const confirm = page.getByRole('dialog', { name: 'Delete webhook endpoint?' })
    await confirm.getByText(url).waitFor()
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await toast('Webhook endpoint deleted')
    await page.getByText('No webhook endpoints yet.', { exact: false }).waitFor()
  })
}
