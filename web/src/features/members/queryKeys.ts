// Every members query key starts with the team, so switching teams never shows another team's
// cache, and invalidating one team's members never touches another team's.
export const memberKeys = {
  all: (teamId: string) => ['teams', teamId, 'members'] as const,
  list: (teamId: string) => [...memberKeys.all(teamId), 'list'] as const,
}

// Pending invitations (never their tokens).
export const invitationKeys = {
  all: (teamId: string) => ['teams', teamId, 'invitations'] as const,
  list: (teamId: string) => [...invitationKeys.all(teamId), 'list'] as const,
}
