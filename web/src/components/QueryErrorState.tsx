import { errorMessage } from '../lib/api'

interface QueryErrorStateProps {
  error: unknown
  onRetry: () => void
  prefix?: string  // e.g. "The API keys could not be loaded: "
  children?: React.ReactNode  // another way out, e.g. clearing filters the server refused
}

// A query that failed with nothing to show: why, and a way to try again.
export function QueryErrorState({ error, onRetry, prefix, children }: QueryErrorStateProps) {
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
