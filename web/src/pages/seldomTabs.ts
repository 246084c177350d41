// The tabs owners and admins open seldom (Team, Webhooks, Service tokens with the gateway's
// examples) and the key edit dialog's History and Usage sections, in one chunk loaded on first
// use.
// One chunk for both, not one each: with a third lazily loaded chunk, Rolldown 1.2 moves the
// modules the lazy chunks share with the main one (React, Radix) out into another chunk that is
// loaded at start anyway (rolldown/rolldown#10731), 1.5 KB more to download.
export { TeamSettingsTab } from '../features/team/TeamSettingsTab'
export { WebhooksTab } from '../features/webhooks/WebhooksTab'
export { ServiceTokensTab } from '../features/service-tokens/ServiceTokensTab'
export { HistoryPanel } from '../features/api-keys/HistoryPanel'
export { UsageSection } from '../features/api-keys/UsageSection'
