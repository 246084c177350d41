// Fails when src/lib/openapi.gen.ts is not what openapi-typescript makes of the OpenAPI document
// (../src/api/openapi.json) today: run `npm run generate:api` after changing the document.
// `npm run typecheck` runs this first, so the web types can never drift from the contract.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = join(dirname(fileURLToPath(import.meta.url)), '..')
const committed = join(web, 'src/lib/openapi.gen.ts')
const dir = mkdtempSync(join(tmpdir(), 'keyward-openapi-'))
try {
  const fresh = join(dir, 'openapi.gen.ts')
  execFileSync(
    process.execPath,
    [join(web, 'node_modules/openapi-typescript/bin/cli.js'), join(web, '../src/api/openapi.json'), '-o', fresh],
    { stdio: 'pipe' },
  )
  if (readFileSync(committed, 'utf8') !== readFileSync(fresh, 'utf8')) {
    console.error('web/src/lib/openapi.gen.ts is out of date with src/api/openapi.json: run `npm run generate:api` in web/')
    process.exit(1)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
