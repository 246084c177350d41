// Browser steps of the Account page: personal access tokens made, used and revoked as a person
// would. run.mjs calls accountSteps() with `page` signed in as an owner of `teamId`; it returns
// the token it made, for the plaintext-hygiene step.
export async function accountSteps({ runner, page, server, teamId, expect, toast }) {
  let issued = ''
  const asToken = (token, method, path, body) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  await runner.step('the Account page makes a personal access token that reaches only its grant; revoked, it dies', async () => {
    await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
    await page.getByRole('link', { name: 'Account' }).click()
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor()
    await page.getByLabel('Name').fill('e2e laptop')
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByText('Choose at least one team and permission').waitFor()

    const group = page.getByRole('group').filter({ hasText: 'owner' }).first()
    await group.getByLabel('List and read keys').check()
    await page.getByLabel('Expires after').selectOption('7')
    await page.getByRole('button', { name: 'Create token' }).click()
    const dialog = page.getByRole('dialog', { name: 'Copy your new personal access token' })
    issued = (await dialog.locator('code.once').textContent()) ?? ''
    expect(issued.startsWith('kw_pat_'), `token ${issued.slice(0, 8)}`)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect((await page.locator('body').textContent()).includes(issued) === false, 'the token stays on the page')
    const row = page.getByRole('row', { name: /e2e laptop/ })
    await row.getByText('List and read keys').waitFor()

    const listed = await asToken(issued, 'GET', `/teams/${teamId}/api-keys`)
    expect(listed.status === 200, `list with the token: ${listed.status}`)
    const made = await asToken(issued, 'POST', `/teams/${teamId}/api-keys`, { type: 'openai', description: 'x', key: 'sk-e2e-not-allowed-0000' })
    expect(made.status === 403, `create beyond the grant: ${made.status}`)
    await page.reload()
    await row.getByText('Active').waitFor()

    await row.getByRole('button', { name: 'Revoke e2e laptop' }).click()
    await page.getByRole('dialog', { name: 'Revoke personal access token?' }).getByRole('button', { name: 'Revoke' }).click()
    await toast('Personal access token revoked')
    await row.getByText('Revoked').waitFor()
    const after = await asToken(issued, 'GET', `/teams/${teamId}/api-keys`)
    expect(after.status === 401, `after revoking: ${after.status}`)
  })

  await runner.step('the Account page at 390 px: no wider than the screen, the form usable', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      await page.goto(`${server.url}/account`)
      await page.getByRole('row', { name: /e2e laptop/ }).waitFor()
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width <= 390, `the page is ${width} px wide`)
      const button = await page.getByRole('button', { name: 'Create token' }).boundingBox()
      expect(button !== null && button.x >= 0 && button.x + button.width <= 390, 'Create token is cut off')
    } finally {
      await page.setViewportSize({ width: 1920, height: 1080 })
    }
  })
  await runner.step('Import .env: paste a file, review the mapping, import; a held key is skipped', async () => {
    await page.goto(`${server.url}/teams/${teamId}/settings/api-keys`)
    await page.getByRole('button', { name: 'Import .env' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import a .env file' })
    await dialog.getByLabel('Paste a .env file or drop one here').fill('not an assignment')
    await dialog.getByRole('button', { name: 'Review' }).click()
    await dialog.getByText('Line 1: not NAME=value').waitFor()
    await dialog.getByLabel('Paste a .env file or drop one here').fill(
      [
        '# pasted from a project',
        'ANTHROPIC_API_KEY=sk-ant-envimport-0000000001',
        'export GEMINI_API_KEY="AIzaSy-envimport-00000002"',
        'SEARCH_TOKEN=exa-envimport-000000000003',
        'PORT=8080',
        'ANTHROPIC_API_KEY=sk-ant-envimport-0000000004',
      ].join('\n'),
    )
    await dialog.getByRole('button', { name: 'Review' }).click()
    // The pasted text is gone once reviewed; values show as hints only.
    expect((await dialog.textContent()).includes('envimport-0000000004') === false, 'a value is shown whole')
    await dialog.getByRole('button', { name: 'Import 2 keys' }).waitFor()
    await dialog.getByLabel('Type of SEARCH_TOKEN').selectOption('exa')
    await dialog.getByRole('button', { name: 'Import 3 keys' }).click()
    await dialog.getByText('3 created, 2 skipped, 0 failed').waitFor({ timeout: 10000 })
    await dialog.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('searchbox', { name: 'Search by description' }).fill('SEARCH_TOKEN')
    await page.getByRole('cell', { name: 'SEARCH_TOKEN', exact: true }).waitFor()

    // The same file again: every key is already held, so nothing new.
    await page.getByRole('button', { name: 'Import .env' }).click()
    await dialog.getByLabel('Paste a .env file or drop one here').fill('GEMINI_API_KEY=AIzaSy-envimport-00000002')
    await dialog.getByRole('button', { name: 'Review' }).click()
    await dialog.getByRole('button', { name: 'Import 1 key' }).click()
    await dialog.getByText('0 created, 1 skipped, 0 failed').waitFor({ timeout: 10000 })
    await dialog.getByText('The team already holds this key').waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
  })
  return () => issued
}
