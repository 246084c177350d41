import { queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { PersonalTokenList } from '../../lib/types'
import { personalTokenKeys } from './queryKeys'

// The user's personal access tokens as the server lists them; never a token itself.
export const personalTokenListOptions = queryOptions({
  queryKey: personalTokenKeys.list(),
  queryFn: ({ signal }) => getJson<PersonalTokenList>('/me/tokens', signal),
})
