// Browser steps of key expiry and rotation: the lifecycle badge, the Needs attention count on
// the tab and its quick filter, the lifecycle filter and sort in the URL, the dialog's Expires and
// Rotate every fields from the keyboard, axe in both schemes and the 360 px phone. run.mjs calls
// lifecycleSteps() with `page` signed in as an owner of `teamId` on a team whose other keys are ok.
export async function lifecycleSteps({ runner, page, browser, context, server, api, teamId, expect, toast, choose, tabTo, axeViolations }) {
  const keysPage = (query = '') => `${server.url}/teams/${teamId}/settings/api-keys${query}`
  const rowCount = () => page.locator('table.data-table tbody tr').count()
  const description = 'Lapsed search'
  // Three days ago, as the date field shows it (the user's time zone).
  const past = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000)
  const pad = (n) => String(n).padStart(2, '0')
  const pastDate = `${past.getFullYear()}-${pad(past.getMonth() + 1)}-${pad(past.getDate())}`
  let id = ''

  await runner.step('a key made with an expiry in the past shows Expired, and the tab counts 1 needing attention', async () => {
    const before = (await api(page, 'GET', `/teams/${teamId}/api-keys?page_size=1`)).body
    expect(before.needs_attention === 0, `needs_attention was ${before.needs_attention} before`)
    await page.goto(keysPage())
    await page.getByRole('button', { name: 'Create API Key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create API Key' })
    await choose(dialog, page, 'Type', 'Exa')
    await dialog.getByLabel('Description').fill(description)
    await dialog.getByLabel('Key', { exact: true }).fill('exa-e2e-lapsed-search-0021')
    // The date from the keyboard alone: Tab to it, type its parts (month, day, year in en-US).
    await tabTo(page, 'Expires')
    await page.keyboard.type(`${pad(past.getMonth() + 1)}${pad(past.getDate())}${past.getFullYear()}`, { delay: 20 })
    const typed = await dialog.getByLabel('Expires', { exact: true }).inputValue()
    expect(typed === pastDate, `the date field holds ${typed}, not ${pastDate}`)
    await dialog.getByText('At the end of that day, your time zone.').waitFor()
    await dialog.getByRole('button', { name: 'Save', exact: true }).click()
    await toast('API key created successfully')
    await dialog.waitFor({ state: 'hidden' })

    const row = page.getByRole('row', { name: `Edit ${description}` })
    await row.getByText(/^Expired \d+ days ago$/).waitFor()
    await page.getByRole('link', { name: /^API Keys\s*, 1 key needs attention$/ }).waitFor()
    await page.getByRole('button', { name: 'Needs attention (1)' }).waitFor()
    const made = (await api(page, 'GET', `/teams/${teamId}/api-keys?lifecycle=expired`)).body
    expect(made.items.length === 1 && made.items[0].description === description, JSON.stringify(made.items.map((k) => k.description)))
    id = made.items[0].id
    const end = new Date(made.items[0].expires_at)
    expect(end.getHours() === 23 && end.getMinutes() === 59, `the expiry is not the end of the day: ${made.items[0].expires_at}`)
    // The count shows on the tab from another tab too.
    await page.getByRole('link', { name: 'Members' }).click()
    await page.getByRole('link', { name: /^API Keys\s*, 1 key needs attention$/ }).waitFor()
  })

  await runner.step('filters and sorts by lifecycle, kept in the URL and cleared with the others', async () => {
    await page.goto(keysPage())
    await page.getByRole('row', { name: `Edit ${description}` }).waitFor()
    await choose(page, page, 'Filter by lifecycle', 'Expired')
    await page.waitForURL(/lifecycle=expired/)
    await page.waitForFunction(() => document.querySelectorAll('table.data-table tbody tr').length === 1)
    await page.getByRole('row', { name: `Edit ${description}` }).waitFor()
    await choose(page, page, 'Filter by lifecycle', 'OK')
    await page.waitForURL(/lifecycle=ok/)
    await page.getByRole('row', { name: `Edit ${description}` }).waitFor({ state: 'detached' })
    expect((await rowCount()) > 1, 'the OK filter shows no key')
    await page.reload()
    expect((await page.getByRole('combobox', { name: 'Filter by lifecycle' }).innerText()).includes('OK'), 'the lifecycle filter was lost on reload')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.waitForURL((url) => !url.search.includes('lifecycle='))
    await page.getByRole('button', { name: 'Needs attention (1)' }).click()
    await page.waitForURL(/lifecycle=needs_attention/)
    await page.waitForFunction(() => document.querySelectorAll('table.data-table tbody tr').length === 1)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.waitForURL((url) => !url.search.includes('lifecycle='))
    // The Status header sorts by urgency: the expired key first.
    await page.getByRole('button', { name: 'Status', exact: true }).click()
    await page.waitForURL(/sort=lifecycle/)
    await page.getByRole('columnheader', { name: /Status/ }).and(page.locator('[aria-sort="ascending"]')).waitFor()
    await page.waitForFunction((name) => document.querySelector('table.data-table tbody tr td.cell-primary')?.textContent?.startsWith(name), description)
  })

  await runner.step('axe passes with the badge and the dialog date field, in both schemes; at 360 px nothing scrolls sideways', async () => {
    const found = []
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(keysPage('?lifecycle=needs_attention'))
      await page.getByRole('row', { name: `Edit ${description}` }).waitFor()
      for (const v of await axeViolations(page)) found.push(`${scheme} list: ${v}`)
      await page.getByRole('cell', { name: description, exact: true }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
      await dialog.getByText(/^Expired \d+ days ago\./).waitFor()
      for (const v of await axeViolations(page)) found.push(`${scheme} edit dialog: ${v}`)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(found.length === 0, found.join('\n     '))

    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true })
    try {
      await phone.addCookies(await context.cookies())
      const p = await phone.newPage()
      await p.goto(keysPage())
      await p.getByRole('row', { name: `Edit ${description}` }).getByText(/^Expired /).waitFor()
      const wide = await p.evaluate(() => document.documentElement.scrollWidth)
      expect(wide <= 360, `the page is ${wide} px wide at 360`)
      const badge = await p.getByRole('row', { name: `Edit ${description}` }).getByText(/^Expired /).boundingBox()
      expect(badge && badge.x >= 0 && badge.x + badge.width <= 360, `the badge is cut off: ${JSON.stringify(badge)}`)
      await p.getByRole('cell', { name: description, exact: true }).click()
      const expires = p.getByRole('dialog', { name: 'Edit API Key' }).getByLabel('Expires', { exact: true })
      const box = await expires.boundingBox()
      expect(box && box.x >= 0 && box.x + box.width <= 360, `the date field is cut off: ${JSON.stringify(box)}`)
    } finally {
      await phone.close()
    }
  })

  await runner.step('the edit dialog changes the rotation period alone, then clears the expiry', async () => {
    const before = (await api(page, 'GET', `/teams/${teamId}/api-keys/${id}`)).body
    await page.goto(keysPage(`?search=${encodeURIComponent(description)}`))
    await page.getByRole('cell', { name: description, exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit API Key' })
    expect((await dialog.getByLabel('Expires', { exact: true }).inputValue()) === pastDate, 'the edit form shows another date')
    await tabTo(page, 'Rotate every (days)')
    await page.keyboard.type('30')
    await dialog.getByRole('button', { name: 'Update', exact: true }).click()
    await toast('API key updated successfully')
    const after = (await api(page, 'GET', `/teams/${teamId}/api-keys/${id}`)).body
    expect(after.rotate_every_days === 30 && after.expires_at === before.expires_at, JSON.stringify(after))
    expect(after.version > before.version && after.secret_version === before.secret_version, `versions ${before.version}/${before.secret_version} → ${after.version}/${after.secret_version}`)

    await page.getByRole('cell', { name: description, exact: true }).click()
    await dialog.getByRole('button', { name: 'Never (clear the expiry date)' }).click()
    expect((await dialog.getByLabel('Expires', { exact: true }).inputValue()) === '', 'the date was not cleared')
    await dialog.getByRole('button', { name: 'Update', exact: true }).click()
    await toast('API key updated successfully')
    await page.getByRole('row', { name: `Edit ${description}` }).getByText(/^Expired /).waitFor({ state: 'detached' })
    await page.getByRole('link', { name: 'API Keys', exact: true }).waitFor()
    expect((await page.getByRole('button', { name: /^Needs attention/ }).count()) === 0, 'the quick filter stayed')
  })
}

// The owner's Team tab: the rotation period saved, its audit sentence, axe in both schemes.
export async function teamSettingsSteps({ runner, page, server, teamId, expect, toast, axeViolations }) {
  await runner.step("the Team tab saves the team's rotation period; the audit log says so in a sentence", async () => {
    const me = (await page.evaluate(async () => (await fetch('/api/v1/me')).json())).user
    await page.goto(`${server.url}/teams/${teamId}/settings/team`)
    await page.getByRole('heading', { name: 'Team settings' }).waitFor()
    const found = []
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const v of await axeViolations(page)) found.push(`${scheme} team: ${v}`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(found.length === 0, found.join('\n     '))
    await page.getByLabel('Rotate keys every (days)').fill('90')
    await page.getByRole('button', { name: 'Save team settings' }).click()
    await toast('Team settings saved')
    const team = await page.evaluate(async (id) => (await (await fetch(`/api/v1/teams/${id}`)).json()), teamId)
    expect(team.rotate_every_days === 90, JSON.stringify(team))
    await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
    await page.getByRole('button', { name: 'Create API Key' }).click()
    await page.getByRole('dialog', { name: 'Create API Key' }).getByText("Empty: the team's period, every 90 days.").waitFor()
    await page.keyboard.press('Escape')
    await page.goto(`${server.url}/teams/${teamId}/settings/audit`)
    await page.getByText(`${me.name} changed the team settings: rotation every 90 days`, { exact: true }).waitFor()
  })
}
