import { z } from 'zod/mini'
import { isDate } from './expiry'
import { labelProblem, maxLabels } from './labels'

function hasSpaceOrControl(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (code <= 0x20 || code === 0x7f || /\s/.test(char)) return true
  }
  return false
}

// A base URL as the server stores it: trimmed, without trailing slashes; '' for the type's.
export function normalBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '')
}

// What is wrong with a base URL, in the server's words; null when it will do.
function baseUrlProblem(value: string): string | null {
  if (value === '') return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Enter a valid URL like https://example-resource.openai.azure.com/openai'
  }
  if (url.protocol !== 'https:') return 'The base URL must start with https://'
  if (url.username || url.password) return 'The base URL must not carry a user name or password'
  if (url.search || value.includes('?')) return 'The base URL must not have a ?query'
  if (url.hash || value.includes('#')) return 'The base URL must not have a #fragment'
  return null
}

// The rules of DESIGN.md with the messages the server uses, so the form and the server agree.
// Editing (`current` given): a key moves to another type or base URL only with the key entered
// again.
// (zod/mini: the same checks as zod's chained API at a third of its size in the bundle.)
export function apiKeySchema(typeIds: string[], keyRequired: boolean, current?: { type: string; base_url: string | null }) {
  const key = z.string().check(
    z.maxLength(4096, 'Key must be at most 4096 characters'),
    z.refine((value) => !hasSpaceOrControl(value), 'Key must not contain spaces or control characters'),
  )
  return z
    .object({
      type: z.string().check(z.refine((value) => typeIds.includes(value), 'Select a valid API provider type')),
      description: z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'Description is required'),
          z.maxLength(200, 'Description must be at most 200 characters'),
        ),
      key: keyRequired ? key.check(z.minLength(1, 'Key is required')) : key,
      is_default: z.boolean(),
      labels: z.array(z.string()).check(
        z.maxLength(maxLabels, 'At most 10 labels are allowed'),
        z.refine((labels) => labels.every((label) => labelProblem(label) === null), 'A label may contain only letters, digits and . _ : / - (no spaces)'),
      ),
      // A date (YYYY-MM-DD, the end of that day in the user's time zone), or '' for never.
      expires_on: z.string().check(z.refine((value) => value === '' || isDate(value), 'Enter a date, or leave it empty for never')),
      // Whole days, or '' for the team's period.
      rotate_every_days: z.string().check(
        z.refine((value) => {
          const text = value.trim()
          if (text === '') return true
          const days = Number(text)
          return /^\d+$/.test(text) && days >= 1 && days <= 3650
        }, "Rotate every 1 to 3650 days, or leave it empty for the team's period"),
      ),
      base_url: z.string().check(z.maxLength(2048, 'The base URL must be at most 2048 characters')),
    })
    .check(
      z.superRefine((values, context) => {
        const baseUrl = normalBaseUrl(values.base_url)
        const problem = baseUrlProblem(baseUrl)
        if (problem) context.addIssue({ code: 'custom', path: ['base_url'], message: problem })
        if (current === undefined || values.key !== '') return
        if (values.type !== current.type) {
          context.addIssue({ code: 'custom', path: ['key'], message: 'Enter the key again to change its type' })
        } else if (baseUrl !== (current.base_url ?? '')) {
          context.addIssue({ code: 'custom', path: ['key'], message: 'Enter the key again to change its base URL' })
        }
      }),
    )
}

export type ApiKeyFormValues = z.infer<ReturnType<typeof apiKeySchema>>
