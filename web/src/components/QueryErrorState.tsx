import { errorMessage } from '../lib/api'

interface QueryErrorStateProps {
  error: unknown
  onRetry: () => void
  prefix?: string  // e.g. "The API keys could not be loaded: "
}

// A query that failed with nothing to show: why, and a way to try again.
export function QueryErrorState({ error, onRetry, prefix }: QueryErrorStateProps) {
  return (
    <div className="state error-state" role="alert">
      <p>
        {prefix}
        {errorMessage(error)}
      </p>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}
