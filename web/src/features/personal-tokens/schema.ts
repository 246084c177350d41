import { z } from 'zod/mini'

// How long a new token lives, in days: the choices the form offers (the server allows up to 366).
export const kLifetimes = [7, 30, 90, 365] as const

// The new-token form, with the messages the server uses. `grants` maps a team id to the
// permissions chosen there; teams with none chosen are left out of the request.
export const personalTokenSchema = z
  .object({
    name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(100, 'Name must be at most 100 characters')),
    days: z.string(),
    grants: z.record(z.string(), z.array(z.string())),
  })
  .check(
    z.refine((values) => Object.values(values.grants).some((permissions) => permissions.length > 0), {
      message: 'Choose at least one team and permission',
      path: ['grants'],
    }),
  )

export type PersonalTokenFormValues = z.infer<typeof personalTokenSchema>
