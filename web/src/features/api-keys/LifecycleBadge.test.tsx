import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TooltipProvider } from '../../components/ui/Tooltip'
import type { ApiKey } from '../../lib/types'
import { LifecycleBadge } from './LifecycleBadge'

const day = 24 * 60 * 60 * 1000
const at = (days: number) => new Date(Date.now() + days * day + 60_000).toISOString()
const apiKey: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0001', fingerprint: 'f',
  version: 1, secret_version: 1, is_default: false, created_at: '', updated_at: '', created_by: '', last_used_at: null,
  verify_status: null, verified_at: null, labels: [],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
}

function renderBadge(key: ApiKey) {
  return render(
    <TooltipProvider>
      <LifecycleBadge apiKey={key} />
    </TooltipProvider>,
  )
}

describe('LifecycleBadge', () => {
  it('says how long ago an expired key expired', () => {
    renderBadge({ ...apiKey, lifecycle_status: 'expired', expires_at: at(-3) })
    expect(screen.getByText('Expired 3 days ago')).toBeTruthy()
  })

  it('says when an expiring key expires', () => {
    renderBadge({ ...apiKey, lifecycle_status: 'expiring', expires_at: at(5) })
    expect(screen.getByText('Expires in 5 days')).toBeTruthy()
  })

  it('says a rotation is due', () => {
    renderBadge({ ...apiKey, lifecycle_status: 'rotation_due', rotation_due_at: at(-10) })
    expect(screen.getByText('Rotation due')).toBeTruthy()
  })

  it('is focusable, so the exact time is reachable from the keyboard', () => {
    renderBadge({ ...apiKey, lifecycle_status: 'expired', expires_at: at(-3) })
    expect(screen.getByText('Expired 3 days ago').tabIndex).toBe(0)
  })

  it('shows nothing for a key that is ok', () => {
    const { container } = renderBadge({ ...apiKey, expires_at: at(200) })
    expect(container.textContent).toBe('')
  })
})
