import type { ApiKey, ApiKeyChanges } from '../../lib/types'
import { endOfLocalDay, localDate, rotationDays } from './expiry'
import { normalBaseUrl, type ApiKeyFormValues } from './schema'

// The PATCH body of an edit: only what differs from the key as loaded, so changing its expiry or
// rotation alone sends just those. A date that still names the same day keeps the stored moment
// (one set through the API may not be the end of a day). Nothing changed: the description alone,
// a no-op the server still checks against the version.
export function editChanges(current: ApiKey, values: ApiKeyFormValues): ApiKeyChanges {
  const changes: ApiKeyChanges = {}
  if (values.type !== current.type) changes.type = values.type
  if (values.description !== current.description) changes.description = values.description
  if (values.is_default !== current.is_default) changes.is_default = values.is_default
  if (JSON.stringify([...values.labels].sort()) !== JSON.stringify([...current.labels].sort())) changes.labels = values.labels
  if (values.key) changes.key = values.key
  if (values.expires_on !== localDate(current.expires_at)) changes.expires_at = endOfLocalDay(values.expires_on)
  const rotation = rotationDays(values.rotate_every_days)
  if (rotation !== current.rotate_every_days) changes.rotate_every_days = rotation
  const baseUrl = normalBaseUrl(values.base_url) || null
  if (baseUrl !== current.base_url) changes.base_url = baseUrl
  if (Object.keys(changes).length === 0) changes.description = values.description
  return changes
}
