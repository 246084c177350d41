import { errorMessage } from '../lib/api'

interface QueryErrorStateProps {
  error: unknown
  onRetry: () => void
  prefix?: string  // e.g. "The API keys could not be loaded: "
  children?: React.ReactNode  // another way out, e.g. clearing filters the server refused
  // One line inside a form or a panel (a key's usage, its versions) instead of a whole tab's state.
  inline?: boolean
}

// A query that failed with nothing to show: why, and a way to try again.
export function QueryErrorState({ error, onRetry, prefix, children, inline }: QueryErrorStateProps) {
  if (inline) {
    return (
      <p className="field-error" role="alert">
        {prefix}
        {errorMessage(error)}{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Retry
        </button>
        {children}
      </p>
    )
  }
  return (
    <div className="state error-state" role="alert">
      <p>
        {prefix}
        {errorMessage(error)}
      </p>
      <div className="actions centered">
        <button type="button" onClick={onRetry}>
          Retry
        </button>
        {children}
      </div>
    </div>
  )
}
