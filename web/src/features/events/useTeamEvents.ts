import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { apiKeyKeys } from '../api-keys/queryKeys'

const keyEvents = ['api_key.created', 'api_key.updated', 'api_key.deleted']
const memberEvents = ['member.joined', 'member.role_changed', 'member.removed']

// Subscribes to the team's change stream; every change another person makes refetches what it
// touched, so it shows here within a second. The browser reconnects by itself (Last-Event-ID).
// An empty teamId subscribes to nothing (a role without api_keys:read gets no stream).
export function useTeamEvents(teamId: string): void {
  const client = useQueryClient()
  useEffect(() => {
    if (!teamId) return
    const source = new EventSource(`/api/v1/teams/${encodeURIComponent(teamId)}/events`)
    const onKey = () => void client.invalidateQueries({ queryKey: apiKeyKeys.all(teamId) })
    const onMember = () => void client.invalidateQueries({ queryKey: ['teams', teamId, 'members'] })
    keyEvents.forEach((name) => source.addEventListener(name, onKey))
    memberEvents.forEach((name) => source.addEventListener(name, onMember))
    return () => source.close()
  }, [client, teamId])
}
