import { X } from 'lucide-react'
import { useState } from 'react'
import { addLabels } from './labels'

interface LabelsInputProps {
  id: string
  value: string[]
  onChange: (labels: string[]) => void
  label: string  // the accessible name of the text input
  placeholder?: string
  error?: string  // a message from the form or the server, shown when the input has none of its own
  invalid?: boolean
}

// Labels as removable chips and a text input: "env:prod" then Enter or a comma makes a chip
// (a pasted "a, b" makes two), Backspace in the empty input removes the last one, and each chip's
// remove button is reached with Tab. What is still typed becomes a chip when the input loses focus,
// so a label typed but not confirmed is not lost on save. Invalid text stays in the input with
// the server's message beside it.
export function LabelsInput({ id, value, onChange, label, placeholder, error, invalid }: LabelsInputProps) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const commit = (input: string): boolean => {
    if (input.trim() === '') {
      setText('')
      return true
    }
    const next = addLabels(value, input)
    setProblem(next.problem)
    if (next.problem) return false
    setText('')
    if (next.labels.join('\n') !== value.join('\n')) onChange(next.labels)
    return true
  }
  const remove = (gone: string) => {
    setProblem(null)
    onChange(value.filter((l) => l !== gone))
  }
  const message = problem ?? error
  return (
    <div className="labels-input">
      {value.length > 0 ? (
        <ul className="label-chips editable" aria-label={`${label}: chosen`}>
          {value.map((l) => (
            <li key={l} className="label-chip">
              <span className="label-chip-text">{l}</span>
              <button type="button" className="label-chip-remove" aria-label={`Remove label ${l}`} onClick={() => remove(l)}>
                <X aria-hidden size={12} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        aria-label={label}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={text}
        aria-invalid={problem || invalid ? true : undefined}
        aria-describedby={`${id}-error`}
        onChange={(event) => {
          const typed = event.target.value
          setProblem(null)
          // A comma (typed or pasted) ends a label.
          if (typed.includes(',')) {
            const last = typed.lastIndexOf(',')
            if (commit(typed.slice(0, last))) setText(typed.slice(last + 1).trimStart())
            else setText(typed)
            return
          }
          setText(typed)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim() !== '') {
            event.preventDefault()  // a label, not the form's submit
            commit(text)
          } else if (event.key === 'Backspace' && text === '') {
            const last = value.at(-1)
            if (last !== undefined) remove(last)
          }
        }}
        onBlur={() => commit(text)}
      />
      <p id={`${id}-error`} className="field-error" role="alert">{message}</p>
    </div>
  )
}
