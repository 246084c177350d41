// Browser steps of the Members, Audit log and Service tokens tabs and of the offline banner.
// run.mjs calls tabSteps() with `page` signed in as an owner of `teamId`; the steps make the
// people and tokens they need (their own names and emails) and leave `page` on the Audit log.
export async function tabSteps({ runner, page, browser, server, api, teamId, expect, toast }) {
  const me = (await api(page, 'GET', '/me')).body.user
  const settings = (tab, query = '') => `${server.url}/teams/${teamId}/settings/${tab}${query}`

  await runner.step("a member's new role shows in their open page without a reload", async () => {
    const invitation = await api(page, 'POST', `/teams/${teamId}/invitations`, { email: 'tara.tabs@example.com', role: 'viewer' })
    expect(invitation.status === 201, JSON.stringify(invitation.body))
    const context = await browser.newContext()
    try {
      const tara = await context.newPage()
      await tara.goto(invitation.body.url.replace(/^http:\/\/[^/]+/, server.url))
      await tara.getByLabel('Your name (new accounts)').fill('Tara Tabs')
      await tara.getByLabel('Password').fill('tara password 123')
      await tara.getByRole('button', { name: 'Join' }).click()
      await tara.getByRole('heading', { name: 'API Keys' }).waitFor()
      await tara.getByText('Tara Tabs · viewer').waitFor()
      expect((await tara.getByRole('button', { name: 'Create API Key' }).count()) === 0, 'a viewer sees Create API Key')

      await page.goto(settings('members'))
      await page.getByRole('cell', { name: 'Tara Tabs', exact: true }).waitFor()
      await page.getByRole('combobox', { name: 'Role of Tara Tabs' }).click()
      await page.getByRole('option', { name: 'developer', exact: true }).click()
      await toast('Role changed')
      // No reload in Tara's page: the team's event stream refetches her session.
      await tara.getByRole('button', { name: 'Create API Key' }).waitFor({ timeout: 5000 })
      await tara.getByText('Tara Tabs · developer').waitFor()
    } finally {
      await context.close()
    }
  })

  await runner.step('the Members table has a label on each cell for the phone layout', async () => {
    await page.goto(settings('members'))
    const row = page.getByRole('row', { name: /Tara Tabs/ })
    await row.waitFor()
    const labels = await row.locator('td[data-label]').evaluateAll((cells) => cells.map((cell) => cell.dataset.label))
    expect(JSON.stringify(labels) === JSON.stringify(['Name', 'Email', 'Role', 'Joined']), `labels ${labels}`)
    expect((await page.locator('.table-box table.cards-on-phone').count()) >= 1, 'the members table is not in a table box')
  })

  await runner.step('the service tokens table names who created each token', async () => {
    const created = await api(page, 'POST', `/teams/${teamId}/service-tokens`, { name: 'Tabs token', types: ['anthropic'] })
    expect(created.status === 201, JSON.stringify(created.body))
    await page.goto(settings('service-tokens'))
    const row = page.getByRole('row', { name: /Tabs token/ })
    await row.getByRole('cell', { name: me.name, exact: true }).waitFor()
    const cells = await row.locator('td[data-label]').evaluateAll((tds) => tds.map((td) => `${td.dataset.label}: ${td.textContent}`))
    expect(cells.includes('Scope: Anthropic'), cells.join(' | '))
    expect(cells.includes('Expires: Never') && cells.includes('Last used: Never'), cells.join(' | '))
    expect(cells.includes('Status: Active'), cells.join(' | '))
    const revoked = await api(page, 'DELETE', `/teams/${teamId}/service-tokens/${created.body.id}`)
    expect(revoked.status === 204, `revoke answered ${revoked.status}`)
  })

  await runner.step('the gateway examples name this server and stay inside a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 })
    try {
      await page.goto(settings('service-tokens'))
      await page.getByText('Use from your application').click()
      const python = page.getByLabel('OpenAI (Python) example')
      await python.waitFor()
      expect((await python.textContent()).includes(`${server.url}/gateway/openai/v1`), await python.textContent())
      await page.getByRole('button', { name: 'curl', exact: true }).click()
      const curl = page.getByLabel('curl example')
      await curl.waitFor()
      expect((await curl.textContent()).includes(`curl ${server.url}/gateway/openai/v1/chat/completions`), await curl.textContent())
      // The long lines scroll inside the code box; the page itself is no wider than the screen.
      const widths = await page.evaluate(() => {
        const box = document.querySelector('pre.snippet')
        return { page: document.documentElement.scrollWidth, screen: window.innerWidth, box: box.scrollWidth, shown: box.clientWidth }
      })
      expect(widths.page <= widths.screen, `the page is ${widths.page}px wide on a ${widths.screen}px screen`)
      expect(widths.box > widths.shown, `the code box does not scroll: ${JSON.stringify(widths)}`)
      await page.getByRole('button', { name: 'Copy the curl example' }).waitFor()
    } finally {
      await page.setViewportSize({ width: 1920, height: 1080 })
    }
  })

  await runner.step("the audit log says who did what in a sentence and filters by action", async () => {
    await page.goto(settings('audit'))
    const sentence = `${me.name} changed the role of Tara Tabs to developer`
    await page.getByText(sentence, { exact: true }).waitFor()
    await page.getByText(`${me.name} created the service token "Tabs token"`, { exact: true }).waitFor()
    // The details open as a list of fields, never JSON.
    await page.getByText(sentence, { exact: true }).click()
    const details = page.locator('details[open] dl.details-list')
    await details.getByText('New role', { exact: true }).waitFor()
    expect(!(await details.innerText()).includes('{'), 'the details are JSON')

    await page.getByRole('combobox', { name: 'Action' }).click()
    await page.getByRole('option', { name: 'Role changed', exact: true }).click()
    await page.waitForURL(/[?&]action=member\.role_changed/)
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table.audit-table tbody tr summary')].map((s) => s.textContent)
      return rows.length > 0 && rows.every((text) => text.includes(' changed the role of '))
    }, undefined, { timeout: 5000 })
    expect(!page.url().includes('page='), 'a new filter did not go back to page 1')

    await page.getByRole('combobox', { name: 'Actor' }).click()
    await page.getByRole('option', { name: me.name, exact: true }).click()
    await page.waitForURL(/[?&]actor=/)
    await page.getByText(sentence, { exact: true }).waitFor()
  })

  await runner.step('the offline banner counts down while the server is down and goes when it is back', async () => {
    await page.goto(settings('audit'))
    await page.getByText(`${me.name} changed the role of Tara Tabs to developer`, { exact: true }).waitFor()
    await server.stop()
    try {
      // A new filter asks the server, which is gone.
      await page.getByRole('combobox', { name: 'Action' }).click()
      await page.getByRole('option', { name: 'Signed out', exact: true }).click()
      const banner = page.locator('.offline-banner')
      await banner.getByText('keyward cannot be reached', { exact: false }).waitFor({ timeout: 10000 })
      await banner.getByText(/^Retrying in \d+ s$/).waitFor()
      await banner.getByRole('button', { name: 'Retry now' }).waitFor()
    } finally {
      await server.start()
    }
    // Back by itself, without Retry now: the next probe (at most 15 s away) finds it.
    await page.locator('.offline-banner').waitFor({ state: 'hidden', timeout: 20000 })
    // The queries refetch: the filtered log (or its empty state) replaces the error.
    await page.locator('table.audit-table').or(page.getByText('No event matches these filters.')).first().waitFor()
  })
}
