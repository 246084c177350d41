import type { InputHTMLAttributes } from 'react'
import { formErrorMessage } from '../lib/serverFieldErrors'

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string
  label: string
  error?: string
}

// A labelled input with its message beside it, wired for screen readers.
export function TextField({ id, label, error, ...input }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={`${id}-error`} {...input} />
      <p id={`${id}-error`} className="field-error" role="alert">
        {error}
      </p>
    </div>
  )
}

// The message of a failed submit that belongs to no field, beside the submit button.
export function FormError({ error }: { error: unknown }) {
  const message = formErrorMessage(error)
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null
}

// A token passed in the link's fragment (#token=…), which never reaches a server log.
export function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? ''
}
