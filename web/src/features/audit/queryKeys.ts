// Every audit query key starts with the team, so switching teams never shows another team's log.
export interface AuditPageParams {
  page: number
  pageSize: number
}

export const auditKeys = {
  all: (teamId: string) => ['teams', teamId, 'audit-events'] as const,
  page: (teamId: string, params: AuditPageParams) => [...auditKeys.all(teamId), params] as const,
}
