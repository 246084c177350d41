import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { makeQueryClient } from '../lib/queryClient'

// Renders `ui` with the app's own QueryClient (its defaults and error toasts); returns the client
// so a test can look into its caches.
export function renderWithClient(ui: ReactElement) {
  const client = makeQueryClient()
  client.setDefaultOptions({ ...client.getDefaultOptions(), queries: { ...client.getDefaultOptions().queries, retry: false } })
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) }
}
