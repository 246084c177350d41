// Every service-token key starts with the team, so switching teams never shows another team's
// cache. `create` keys the creating mutation, so its answer (the token, shown once) can be
// found and removed from the mutation cache.
export const serviceTokenKeys = {
  all: (teamId: string) => ['teams', teamId, 'service-tokens'] as const,
  list: (teamId: string) => [...serviceTokenKeys.all(teamId), 'list'] as const,
  create: (teamId: string) => [...serviceTokenKeys.all(teamId), 'create'] as const,
}
