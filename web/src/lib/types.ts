// The JSON shapes of the API, by name. Every shape comes from the OpenAPI document
// (src/api/openapi.json) through openapi.gen.ts, which `npm run generate:api` writes and a test
// keeps up to date: no shape is written by hand here.
import type { components, operations } from './openapi.gen'

type Schemas = components['schemas']
type JsonBody<Operation> = Operation extends {
  requestBody?: { content: { 'application/json': infer Body } }
}
  ? Body
  : never
type JsonAnswer<Operation, Status extends number> = Operation extends {
  responses: { [S in Status]: { content: { 'application/json': infer Answer } } }
}
  ? Answer
  : never

export type Role = Schemas['Role']
export type Permission = Schemas['Permission']
export type User = Schemas['User']
export type TeamMembership = Schemas['Team']
export type Me = Schemas['Me']
export type SignedIn = Schemas['SignedIn']
export type Catalogue = Schemas['Catalogue']
export type KeyCategory = Catalogue['categories'][number]
export type KeyType = Catalogue['types'][number]
export type ApiKey = Schemas['ApiKey']
export type ApiKeyPage = Schemas['ApiKeyPage']
export type SecretVersion = Schemas['SecretVersion']
export type SecretVersionList = Schemas['SecretVersionList']
export type ApiKeyUsage = Schemas['ApiKeyUsage']
export type RecentGatewayUsage = Schemas['RecentGatewayUsage']
export type VerifyResult = Schemas['VerifyResult']
export type Member = Schemas['Member']
export type Invitation = Schemas['Invitation']
export type AuditEvent = Schemas['AuditEvent']
// What happened: an audit action and a live event's name (the server's audit::EventName).
export type EventName = Schemas['EventName']
export type AuditPage = Schemas['AuditPage']
export type ServiceToken = Schemas['ServiceToken']
export type PersonalToken = Schemas['PersonalToken']
export type PersonalTokenGrant = Schemas['PersonalTokenGrant']
// A pending invitation as GET /teams/{team}/invitations lists it (never the token).
export type PendingInvitation = Schemas['PendingInvitation']
export type WebhookEndpoint = Schemas['WebhookEndpoint']
export type WebhookEventType = Schemas['WebhookEventType']
export type WebhookDelivery = Schemas['WebhookDelivery']
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage']

export type SetupStatus = JsonAnswer<operations['getSetupStatus'], 200>
export type RevealedKey = JsonAnswer<operations['revealApiKey'], 200>
export type RevealedVersion = JsonAnswer<operations['revealApiKeyVersion'], 200>
export type MemberList = JsonAnswer<operations['listMembers'], 200>
export type PendingInvitationList = JsonAnswer<operations['listInvitations'], 200>
export type ServiceTokenList = JsonAnswer<operations['listServiceTokens'], 200>
export type PersonalTokenList = JsonAnswer<operations['listPersonalTokens'], 200>
export type WebhookList = JsonAnswer<operations['listWebhooks'], 200>

// Request bodies.
export type SetupRequest = JsonBody<operations['completeSetup']>
export type SignInRequest = JsonBody<operations['signIn']>
export type AcceptInvitationRequest = JsonBody<operations['acceptInvitation']>
export type NewApiKey = JsonBody<operations['createApiKey']>
export type ApiKeyChanges = JsonBody<operations['updateApiKey']>
export type TeamChanges = JsonBody<operations['updateTeam']>
export type NewInvitation = JsonBody<operations['inviteMember']>
export type RoleChange = JsonBody<operations['changeRole']>
export type NewServiceToken = JsonBody<operations['createServiceToken']>
export type NewPersonalToken = JsonBody<operations['createPersonalToken']>
export type NewWebhook = JsonBody<operations['createWebhook']>
export type WebhookChanges = JsonBody<operations['updateWebhook']>
