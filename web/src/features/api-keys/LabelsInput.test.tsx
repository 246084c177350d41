import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { addLabels, labelProblem } from './labels'
import { LabelsInput } from './LabelsInput'

function Harness({ initial = [], onChange = vi.fn() }: { initial?: string[]; onChange?: (labels: string[]) => void }) {
  const [labels, setLabels] = useState(initial)
  return (
    <LabelsInput
      id="labels"
      label="Labels"
      value={labels}
      onChange={(next) => {
        setLabels(next)
        onChange(next)
      }}
    />
  )
}

function chips(): string[] {
  return screen.queryAllByRole('listitem').map((item) => item.textContent ?? '')
}

describe('LabelsInput', () => {
  it('turns a label into a chip on Enter or a comma, sorted and without repeats', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    render(<Harness onChange={onChange} />)
    const input = screen.getByRole('textbox', { name: 'Labels' })
    await user.type(input, 'team:search{Enter}')
    await user.type(input, 'env:prod,')
    expect(chips()).toEqual(['env:prod', 'team:search'])
    expect(input).toHaveProperty('value', '')
    await user.type(input, 'env:prod{Enter}')
    expect(chips()).toEqual(['env:prod', 'team:search'])
    expect(onChange).toHaveBeenLastCalledWith(['env:prod', 'team:search'])
  })

  it('makes two chips of a pasted "a, b" and keeps what is still typed when focus leaves', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByRole('textbox', { name: 'Labels' })
    input.focus()
    await user.paste('env:prod, team:search')
    expect(chips()).toEqual(['env:prod'])
    expect(input).toHaveProperty('value', 'team:search')
    await user.tab()
    expect(chips()).toEqual(['env:prod', 'team:search'])
  })

  it('removes a chip with its own button, reached with the keyboard, or the last with Backspace', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['a', 'b', 'c']} />)
    const input = screen.getByRole('textbox', { name: 'Labels' })
    screen.getByRole('button', { name: 'Remove label a' }).focus()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove label b' }))
    await user.keyboard('{Enter}')
    expect(chips()).toEqual(['a', 'c'])
    await user.click(input)
    await user.keyboard('{Backspace}')
    expect(chips()).toEqual(['a'])
  })

  it('keeps an invalid label in the input with the reason beside it', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const input = screen.getByRole('textbox', { name: 'Labels' })
    await user.type(input, 'env prod{Enter}')
    expect(chips()).toEqual([])
    expect(input).toHaveProperty('value', 'env prod')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByRole('alert').textContent).toBe('A label may contain only letters, digits and . _ : / - (no spaces)')
  })
})

describe('labels', () => {
  it("follows the server's rule and messages", () => {
    expect(labelProblem('env:prod')).toBeNull()
    expect(labelProblem('a/b_c.d-9')).toBeNull()
    expect(labelProblem('')).toBe('A label cannot be empty')
    expect(labelProblem('x'.repeat(65))).toBe('A label must be at most 64 characters')
    expect(labelProblem('été')).toBe('A label may contain only letters, digits and . _ : / - (no spaces)')
    const ten = 'abcdefghij'.split('')
    expect(addLabels(ten, 'a').problem).toBeNull()
    expect(addLabels(ten, 'k')).toEqual({ labels: ten, problem: 'At most 10 labels are allowed' })
  })
})
