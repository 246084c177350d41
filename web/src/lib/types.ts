// The JSON shapes of the API (../shared/DESIGN.md).

export type Role = 'owner' | 'admin' | 'developer' | 'viewer'

export type Permission =
  | 'api_keys:read'
  | 'api_keys:create'
  | 'api_keys:update'
  | 'api_keys:delete'
  | 'api_keys:reveal'
  | 'members:read'
  | 'members:manage'
  | 'service_tokens:manage'
  | 'audit:read'
  | 'team:manage'

export interface User {
  id: string
  email: string
  name: string
}

export interface TeamMembership {
  id: string
  name: string
  role: Role
  permissions: Permission[]
  created_at: string
}

export interface Me {
  user: User
  teams: TeamMembership[]
  csrf_token: string
}

export interface KeyCategory {
  id: string
  name: string
}

export interface KeyType {
  id: string
  name: string
  category: string
  description: string
  key_prefix: string | null
  verifiable: boolean
}

export interface Catalogue {
  categories: KeyCategory[]
  types: KeyType[]
}

export interface ApiKey {
  id: string
  team_id: string
  type: string
  description: string
  key_hint: string
  fingerprint: string
  version: number
  is_default: boolean
  created_at: string
  updated_at: string
  created_by: string
  last_used_at: string | null
  verify_status: string | null
  verified_at: string | null
  warnings?: string[]
}

export interface Page<T> {
  items: T[]
  page: number
  page_size: number
  total: number
}

export interface Member {
  user_id: string
  email: string
  name: string
  role: Role
  joined_at: string
}

export interface AuditEvent {
  id: string
  at: string
  actor: { type: string; id: string | null }
  action: string
  target_id: string | null
  ip: string
  user_agent: string
  details: Record<string, unknown>
}

// A pending invitation as GET /teams/{team}/invitations lists it (never the token).
export interface PendingInvitation {
  id: string
  email: string
  role: Role
  invited_by: string | null
  created_at: string
  expires_at: string
}
