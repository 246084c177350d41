import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../lib/api'
import { QueryErrorState } from './QueryErrorState'

describe('QueryErrorState', () => {
  it('says why, after what failed, as an alert', () => {
    render(
      <QueryErrorState
        error={new ApiError(503, 'Unavailable', 'The database is not answering.')}
        onRetry={vi.fn()}
        prefix="The API keys could not be loaded: "
      />,
    )
    expect(screen.getByRole('alert').textContent).toContain(
      'The API keys could not be loaded: The database is not answering.',
    )
  })

  it('never shows the text of an unexpected error', () => {
    render(<QueryErrorState error={new TypeError('x is undefined')} onRetry={vi.fn()} />)
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong. Try again.')
    expect(screen.getByRole('alert').textContent).not.toContain('x is undefined')
  })

  it('fits in one line inside a panel, with its Retry', () => {
    const onRetry = vi.fn()
    render(
      <QueryErrorState inline error={new ApiError(503, 'Unavailable', 'Try later.')} onRetry={onRetry} prefix="The usage could not be loaded: " />,
    )
    const alert = screen.getByRole('alert')
    expect(alert.tagName).toBe('P')
    expect(alert.textContent).toContain('The usage could not be loaded: Try later.')
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('retries', () => {
    const onRetry = vi.fn()
    // As a caller uses it: a retry that works replaces the error with the data.
    function Owner() {
      const [failed, setFailed] = useState(true)
      const retry = () => {
        onRetry()
        setFailed(false)
      }
      return failed ? <QueryErrorState error={new Error()} onRetry={retry} /> : <p>Loaded</p>
    }
    render(<Owner />)
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByText('Loaded')).toBeTruthy()
  })
})
