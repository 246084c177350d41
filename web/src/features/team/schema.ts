import { z } from 'zod/mini'

// Whole numbers typed into text fields, checked against the ranges and with the messages of
// the API (PATCH /teams/{team}).
function wholeNumber(min: number, max: number, message: string, optional: boolean) {
  return z.string().check(
    z.refine((value) => {
      const text = value.trim()
      if (text === '') return optional
      return /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max
    }, message),
  )
}

export const teamSettingsSchema = z.object({
  rotate_every_days: wholeNumber(1, 3650, 'Rotate every 1 to 3650 days, or leave it empty for no rotation period', true),
  expiry_warning_days: wholeNumber(1, 365, 'Warn 1 to 365 days before a key expires', false),
  expired_key_policy: z.enum(['warn', 'refuse']),
  reverify_every_days: wholeNumber(1, 365, 'Check keys every 1 to 365 days, or leave it empty for never', true),
  secret_versions_kept: wholeNumber(1, 100, 'Keep 1 to 100 secret versions', false),
  gateway_disable_after: wholeNumber(1, 100, 'Disable a key after 1 to 100 rejections in a row', false),
})

export type TeamSettingsValues = z.infer<typeof teamSettingsSchema>
