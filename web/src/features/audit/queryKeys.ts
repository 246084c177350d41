// Every audit query key starts with the team, so switching teams never shows another team's log.
export interface AuditPageParams {
  page: number
  pageSize: number
  action: string  // an EventName, or '' for every action
  actor: string  // an actor's id, or '' for everyone
}

export const auditKeys = {
  all: (teamId: string) => ['teams', teamId, 'audit-events'] as const,
  page: (teamId: string, params: AuditPageParams) => [...auditKeys.all(teamId), params] as const,
  keyNames: (teamId: string) => [...auditKeys.all(teamId), 'key-names'] as const,
}
