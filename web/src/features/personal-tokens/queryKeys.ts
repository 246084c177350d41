// The signed-in user's own tokens: not a team's, so not under 'teams'. `create` keys the creating
// mutation, so its answer (the token, shown once) can be found and removed from the cache.
export const personalTokenKeys = {
  all: ['me', 'tokens'] as const,
  list: () => [...personalTokenKeys.all, 'list'] as const,
  create: () => [...personalTokenKeys.all, 'create'] as const,
}
