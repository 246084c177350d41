import { z } from 'zod/mini'
import type { Role } from '../../lib/types'

const roles = ['owner', 'admin', 'developer', 'viewer'] as const satisfies readonly Role[]

// The roles `myRole` may give: only an owner gives the owner role.
export function assignableRoles(myRole: Role): Role[] {
  return myRole === 'owner' ? [...roles] : roles.filter((role) => role !== 'owner')
}

// The invitation form, with the messages the server uses.
export const inviteSchema = z.object({
  email: z.string().check(z.trim(), z.minLength(1, 'Email is required'), z.regex(z.regexes.email, 'Enter a valid email address')),
  role: z.enum(roles, 'Select a role: owner, admin, developer or viewer'),
})

export type InviteFormValues = z.infer<typeof inviteSchema>
