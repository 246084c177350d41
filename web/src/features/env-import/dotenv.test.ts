import { describe, expect, it } from 'vitest'
import { importRows, parseDotenv } from './dotenv'

describe('parseDotenv', () => {
  it('reads bare, quoted, exported and commented lines as the CLI does', () => {
    const parsed = parseDotenv("# c\n\nexport A=1\nB = two words # note\nC='single $kept'\nD=\"x\\\"y\\n\"\r\nE=\"one\ntwo\"\n")
    expect(parsed.error).toBeNull()
    expect(parsed.entries.map((e) => [e.name, e.value])).toEqual([
      ['A', '1'], ['B', 'two words'], ['C', 'single $kept'], ['D', 'x"y\n'], ['E', 'one\ntwo'],
    ])
  })
  it('names the line that is not an assignment', () => {
    expect(parseDotenv('A=1\nnot one\n').error).toBe('Line 2: not NAME=value')
    expect(parseDotenv('A="open\n').error).toBe('Line 1: unterminated quote')
  })
})

describe('importRows', () => {
  it('maps well-known names, keeps the last of a repeated name and skips empty or unknown ones', () => {
    const rows = importRows(parseDotenv('OPENAI_API_KEY=a\nGEMINI_API_KEY=b\nOPENAI_API_KEY=c\nPORT=8080\nXAI_API_KEY=\n').entries)
    expect(rows.map((r) => [r.name, r.type, r.note])).toEqual([
      ['OPENAI_API_KEY', '', 'Repeated later in the file'],
      ['GEMINI_API_KEY', 'google', null],
      ['OPENAI_API_KEY', 'openai', null],
      ['PORT', '', 'Unknown name: choose a type to import it'],
      ['XAI_API_KEY', '', 'Empty value'],
    ])
  })
})
