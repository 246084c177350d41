// The form's expiry is a calendar date; the API's is a moment. A date means the end of that day
// in the user's time zone (23:59:59 local time), so "expires on 31 January" holds all that day
// wherever the user is, and the same date shows again when the key is edited.

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0')
}

// "2027-01-31" → the RFC 3339 moment of 23:59:59 that day, local time, in UTC without
// milliseconds; null for an empty date (never expires).
export function endOfLocalDay(date: string): string | null {
  const match = datePattern.exec(date)
  if (!match) return null
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59)
  return end.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// The calendar date (YYYY-MM-DD, the user's time zone) of a moment; '' for none.
export function localDate(iso: string | null): string {
  if (!iso) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

// Whether a YYYY-MM-DD string names a real date ("2027-02-30" does not).
export function isDate(date: string): boolean {
  const match = datePattern.exec(date)
  if (!match) return false
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return at.getFullYear() === Number(match[1]) && at.getMonth() === Number(match[2]) - 1 && at.getDate() === Number(match[3])
}

// The form's rotation field ("" or digits) as the API's value: null for the team's period.
export function rotationDays(text: string): number | null {
  return text.trim() === '' ? null : Number(text)
}

// Whether a moment is in the past (false for none).
export function hasPassed(iso: string | null): boolean {
  return iso !== null && Date.parse(iso) <= Date.now()
}
