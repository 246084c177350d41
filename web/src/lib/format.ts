const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' })

// "30 Nov 2026" for the table; the full timestamp for its tooltip.
export function readableDate(iso: string): string {
  return dateFormat.format(new Date(iso))
}

export function fullTimestamp(iso: string): string {
  return fullFormat.format(new Date(iso))
}
