import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { ApiError, errorMessage } from './api'

// Puts the field messages of a problem+json answer (`errors`) on the form's fields of the same
// name. Whether any landed: when none did, the caller shows the error another way.
export function setServerFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  if (!(error instanceof ApiError)) return false
  let placed = false
  for (const field of error.fields) {
    const name = fields.find((known) => known === field.field)
    if (name === undefined) continue
    setError(name, { message: field.message })
    placed = true
  }
  return placed
}

// The message for the whole form (beside the submit button), or null when there is no error or
// it is one of field messages, which are shown beside their fields instead.
export function formErrorMessage(error: unknown): string | null {
  if (error === null || error === undefined) return null
  if (error instanceof ApiError && error.fields.length > 0) return null
  return errorMessage(error)
}
