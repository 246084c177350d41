// Every api-keys query key starts with the team, so switching teams never shows another team's
// cache, and invalidating a team's list never touches another team's.
// The provider check's outcomes, and 'unchecked' for a key never checked (the API's `status`
// filter values).
export const statusFilters = ['valid', 'invalid', 'limited', 'unreachable', 'unsupported', 'unchecked'] as const
export type StatusFilter = (typeof statusFilters)[number]

// The derived expiry and rotation status (the API's `lifecycle` filter values);
// needs_attention is every one but ok.
export const lifecycleFilters = ['needs_attention', 'expiring', 'expired', 'rotation_due', 'ok'] as const
export type LifecycleFilter = (typeof lifecycleFilters)[number]

export interface ListParams {
  search: string
  type: string  // a catalogue type id, or '' for every type
  status: StatusFilter | ''
  labels: string[]  // keys carrying every one; [] for no label filter
  lifecycle: LifecycleFilter | ''
  sort: 'description' | 'type' | 'created_at' | 'lifecycle'  // lifecycle: most urgent first with asc
  order: 'asc' | 'desc'
  page: number
  pageSize: number
}

export const apiKeyKeys = {
  all: (teamId: string) => ['teams', teamId, 'api-keys'] as const,
  lists: (teamId: string) => [...apiKeyKeys.all(teamId), 'list'] as const,
  list: (teamId: string, params: ListParams) => [...apiKeyKeys.lists(teamId), params] as const,
  detail: (teamId: string, id: string) => [...apiKeyKeys.all(teamId), 'detail', id] as const,
  versions: (teamId: string, id: string) => [...apiKeyKeys.all(teamId), 'versions', id] as const,
  usage: (teamId: string, id: string) => [...apiKeyKeys.all(teamId), 'usage', id] as const,
  recentUsage: (teamId: string) => [...apiKeyKeys.all(teamId), 'recent-usage'] as const,
}

export const catalogueKey = ['api-key-types'] as const
