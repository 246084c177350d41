import { z } from 'zod/mini'
import { maxLabels } from '../api-keys/labels'

// A limit typed as text: '' for none, else whole numbers from 1 to `max`.
function limit(max: number, message: string) {
  return z.string().check(z.refine((value) => value.trim() === '' || (/^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= max), message))
}

// The new-token form, with the messages the server uses.
export const serviceTokenSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(100, 'Name must be at most 100 characters')),
  types: z.array(z.string()).check(z.minLength(1, 'Select at least one key type')),
  labels: z.array(z.string()).check(z.maxLength(maxLabels, 'At most 10 labels are allowed')),
  requests_per_minute: limit(1_000_000, 'Allow 1 to 1000000 requests a minute, or none'),
  requests_per_month: limit(1_000_000_000, 'Allow 1 to 1000000000 requests a month, or none'),
})

export type ServiceTokenFormValues = z.infer<typeof serviceTokenSchema>
