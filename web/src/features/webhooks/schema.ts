import { z } from 'zod/mini'

// The endpoint form, with the server's limits; the server checks the rest (a public host).
export const webhookSchema = z.object({
  url: z.string().check(
    z.trim(),
    z.minLength(1, 'URL is required'),
    z.maxLength(2048, 'URL must be at most 2048 characters'),
    z.refine((url) => /^https:\/\/[^/?#\s]+/i.test(url), 'Enter an https:// URL'),
  ),
  description: z.string().check(z.trim(), z.maxLength(200, 'Description must be at most 200 characters')),
  event_types: z.array(z.string()).check(z.minLength(1, 'Select at least one event')),
})

export type WebhookFormValues = z.infer<typeof webhookSchema>
