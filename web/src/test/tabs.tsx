// Helpers for the tab tests: the providers the app puts around a tab, and what Radix Select
// needs of jsdom to open its listbox.
import type { ReactElement } from 'react'
import { MemoryRouter } from 'react-router'
import { TooltipProvider } from '../components/ui/Tooltip'
import { renderWithClient } from './render'

// A tab as the app shows it: with the query client, tooltips and a router at `url`.
export function renderTab(ui: ReactElement, url = '/') {
  return renderWithClient(
    <MemoryRouter initialEntries={[url]}>
      <TooltipProvider>{ui}</TooltipProvider>
    </MemoryRouter>,
  )
}

// Radix Select calls these, which jsdom lacks.
export function polyfillRadixSelect(): void {
  const proto = Element.prototype as unknown as Record<string, unknown>
  proto.scrollIntoView ??= () => undefined
  proto.hasPointerCapture ??= () => false
  proto.releasePointerCapture ??= () => undefined
}
