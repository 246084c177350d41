// .env files as `keyward import` reads them (src/client/dotenv.cpp): NAME=value lines, optional
// `export `, # comments, 'single' quotes as they are, "double" quotes with \n \" \\ escapes that
// may span lines; a bare value ends at " #". Pure functions, shared by the import dialog and its
// tests.

export interface EnvEntry {
  name: string
  value: string
  line: number  // 1-based
}

export type ParseResult = { entries: EnvEntry[]; error: null } | { entries: EnvEntry[]; error: string }

const kName = /^[A-Za-z_][A-Za-z0-9_]*$/

// Every assignment in file order; the first line that is not one stops the parse with its message.
export function parseDotenv(text: string): ParseResult {
  const lines = text.split('\n')
  const entries: EnvEntry[] = []
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1
    let line = (lines[i] ?? '').replace(/\r$/, '').trim()
    if (line === '' || line.startsWith('#')) continue
    if (line.startsWith('export ')) line = line.slice(7).trim()
    const eq = line.indexOf('=')
    if (eq < 0) return { entries, error: `Line ${number}: not NAME=value` }
    const name = line.slice(0, eq).trim()
    if (!kName.test(name)) return { entries, error: `Line ${number}: not a variable name` }
    let rest = line.slice(eq + 1).trim()
    let value = ''
    if (rest.startsWith("'")) {
      const close = rest.indexOf("'", 1)
      if (close < 0) return { entries, error: `Line ${number}: unterminated quote` }
      value = rest.slice(1, close)
    } else if (rest.startsWith('"')) {
      let closed = false
      let at = 1
      for (;;) {
        for (; at < rest.length; at++) {
          const c = rest[at]
          if (c === '\\' && at + 1 < rest.length) {
            const next = rest[++at]
            value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next
          } else if (c === '"') {
            closed = true
            break
          } else {
            value += c
          }
        }
        if (closed || i + 1 >= lines.length) break
        i += 1
        value += '\n'
        rest = (lines[i] ?? '').replace(/\r$/, '')
        at = 0
      }
      if (!closed) return { entries, error: `Line ${number}: unterminated quote` }
    } else {
      const comment = rest.indexOf(' #')
      value = (comment < 0 ? rest : rest.slice(0, comment)).trim()
    }
    entries.push({ name, value, line: number })
  }
  return { entries, error: null }
}

// The key type a well-known variable holds, as the CLI maps it (src/client/env_names.cpp).
const kWellKnown: Record<string, string> = {
  OPENAI_API_KEY: 'openai',
  ANTHROPIC_API_KEY: 'anthropic',
  CLAUDE_API_KEY: 'anthropic',
  GEMINI_API_KEY: 'google',
  GOOGLE_API_KEY: 'google',
  GOOGLE_GENERATIVE_AI_API_KEY: 'google',
  DEEPSEEK_API_KEY: 'deepseek',
  FAST_INFERENCE_API_KEY: 'fast_inference',
  XAI_API_KEY: 'xai',
  GROK_API_KEY: 'xai',
  PERPLEXITY_API_KEY: 'perplexity',
  PPLX_API_KEY: 'perplexity',
  DATA_PLATFORM_API_KEY: 'data_platform',
  SUPPORT_SYSTEM_API_KEY: 'support_system',
  GOOGLE_TRANSLATE_API_KEY: 'google_translate',
  EXA_API_KEY: 'exa',
}

export function typeForVariable(name: string): string | undefined {
  return kWellKnown[name]
}

// One row of the review: what the file says and what will happen to it. `type` '' means skip.
export interface ImportRow {
  name: string
  value: string
  type: string
  note: string | null  // why it is skipped by default: repeated, empty, unknown name
}

// The rows to review: well-known names get their type; a name given twice keeps its last value.
export function importRows(entries: EnvEntry[]): ImportRow[] {
  const last = new Map<string, number>()
  entries.forEach((entry, index) => last.set(entry.name, index))
  return entries.map((entry, index) => {
    if (last.get(entry.name) !== index) return { name: entry.name, value: entry.value, type: '', note: 'Repeated later in the file' }
    if (entry.value === '') return { name: entry.name, value: entry.value, type: '', note: 'Empty value' }
    const type = typeForVariable(entry.name)
    return { name: entry.name, value: entry.value, type: type ?? '', note: type ? null : 'Unknown name: choose a type to import it' }
  })
}
