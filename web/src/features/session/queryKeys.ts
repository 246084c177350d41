// The session is not a team's: its keys are the only ones that do not start with ['teams', id].
export const sessionKeys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
}
