import { Select } from '../../components/ui/Select'
import type { EventName, Member } from '../../lib/types'
import { actionGroups, actionLabels } from './describe'

interface AuditFiltersProps {
  action: string
  actor: string
  members: Member[] | undefined  // undefined: not known (loading, or failed)
  onChange: (changes: { action?: string; actor?: string }) => void
}

const actionOptions = actionGroups.map((group) => ({
  label: group.label,
  options: (Object.keys(actionLabels) as EventName[])
    .filter((action) => action.startsWith(group.prefix))
    .map((action) => ({ value: action, label: actionLabels[action] })),
}))

// Which events to show: by action and by the member who acted.
export function AuditFilters({ action, actor, members, onChange }: AuditFiltersProps) {
  const actorOptions = [
    { value: '', label: 'Everyone' },
    ...(members ?? []).map((member) => ({ value: member.user_id, label: member.name })),
  ]
  // A member who has left stays selectable while the URL names them.
  if (actor && !actorOptions.some((option) => option.value === actor)) {
    actorOptions.push({ value: actor, label: 'A former member' })
  }
  return (
    <div className="filters" role="group" aria-label="Filters">
      <Select
        id="audit-action"
        aria-label="Action"
        value={action}
        onValueChange={(next) => onChange({ action: next })}
        options={[{ value: '', label: 'All actions' }]}
        groups={actionOptions}
      />
      <Select
        id="audit-actor"
        aria-label="Actor"
        value={actor}
        disabled={members === undefined}
        onValueChange={(next) => onChange({ actor: next })}
        options={actorOptions}
      />
      {action || actor ? (
        <button type="button" className="ghost" onClick={() => onChange({ action: '', actor: '' })}>
          Clear filters
        </button>
      ) : null}
    </div>
  )
}
