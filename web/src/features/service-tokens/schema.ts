import { z } from 'zod'

// The new-token form, with the messages the server uses.
export const serviceTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
  types: z.array(z.string()).min(1, 'Select at least one key type'),
})

export type ServiceTokenFormValues = z.infer<typeof serviceTokenSchema>
