import { z } from 'zod/mini'
import { maxLabels } from '../api-keys/labels'

// The new-token form, with the messages the server uses.
export const serviceTokenSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(100, 'Name must be at most 100 characters')),
  types: z.array(z.string()).check(z.minLength(1, 'Select at least one key type')),
  labels: z.array(z.string()).check(z.maxLength(maxLabels, 'At most 10 labels are allowed')),
})

export type ServiceTokenFormValues = z.infer<typeof serviceTokenSchema>
