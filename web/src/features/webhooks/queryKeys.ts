// Every webhook query key starts with the team, so switching teams never shows another team's
// cache. `create` keys the creating mutation, so its answer (the signing secret, shown once) can
// be found and removed from the mutation cache.
export interface DeliveryPageParams {
  page: number
  pageSize: number
}

export const webhookKeys = {
  all: (teamId: string) => ['teams', teamId, 'webhooks'] as const,
  list: (teamId: string) => [...webhookKeys.all(teamId), 'list'] as const,
  deliveries: (teamId: string, id: string) => [...webhookKeys.all(teamId), id, 'deliveries'] as const,
  deliveryPage: (teamId: string, id: string, params: DeliveryPageParams) =>
    [...webhookKeys.deliveries(teamId, id), params] as const,
  create: (teamId: string) => [...webhookKeys.all(teamId), 'create'] as const,
}
