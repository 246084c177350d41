import { kEventGroups } from './eventTypes'

interface EventTypesFieldProps {
  value: string[]
  onChange: (value: string[]) => void
  invalid: boolean
  errorId: string
}

// The events to send, under their groups; each group's first box selects or clears all of it.
export function EventTypesField({ value, onChange, invalid, errorId }: EventTypesFieldProps) {
  const toggle = (events: readonly string[], on: boolean) =>
    onChange(on ? [...new Set([...value, ...events])] : value.filter((event) => !events.includes(event)))
  return (
    <fieldset className="event-groups" aria-describedby={errorId}>
      <legend>Events to send</legend>
      {kEventGroups.map((group) => {
        const chosen = group.events.filter((event) => value.includes(event)).length
        return (
          <div key={group.label} className="event-group">
            <label className="event-group-all">
              <input
                type="checkbox"
                checked={chosen === group.events.length}
                ref={(box) => {
                  if (box) box.indeterminate = chosen > 0 && chosen < group.events.length
                }}
                onChange={(event) => toggle(group.events, event.target.checked)}
              />{' '}
              {`All ${group.label.toLowerCase()} events`}
            </label>
            <div className="checkboxes">
              {group.events.map((event) => (
                <label key={event}>
                  <input
                    type="checkbox"
                    checked={value.includes(event)}
                    aria-invalid={invalid ? true : undefined}
                    onChange={(change) => toggle([event], change.target.checked)}
                  />{' '}
                  <code>{event}</code>
                </label>
              ))}
            </div>
          </div>
        )
      })}
    </fieldset>
  )
}
