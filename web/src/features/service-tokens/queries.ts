import { queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { ServiceTokenList } from '../../lib/types'
import { serviceTokenKeys } from './queryKeys'

// The team's tokens as the server lists them: names, scopes, dates; never a token itself.
export function serviceTokenListOptions(teamId: string) {
  return queryOptions({
    queryKey: serviceTokenKeys.list(teamId),
    queryFn: ({ signal }) =>
      getJson<ServiceTokenList>(`/teams/${encodeURIComponent(teamId)}/service-tokens`, signal),
  })
}
