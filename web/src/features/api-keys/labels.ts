// The server's label rule (docs/api.md): 1 to 64 characters, letters, digits and . _ : / -
// only, at most 10 per key, repeats counted once, kept sorted. Same messages as the server's.
export const maxLabels = 10
export const maxLabelLength = 64
const labelCharacters = /^[A-Za-z0-9._:/-]*$/

// Why `label` cannot be a label, or null when it can.
export function labelProblem(label: string): string | null {
  if (label === '') return 'A label cannot be empty'
  if (label.length > maxLabelLength) return 'A label must be at most 64 characters'
  if (!labelCharacters.test(label)) return 'A label may contain only letters, digits and . _ : / - (no spaces)'
  return null
}

// `current` with the comma-separated labels of `text` added (trimmed, empty parts skipped),
// sorted and without repeats; or the first problem, leaving `current` as it was.
export function addLabels(current: readonly string[], text: string): { labels: string[]; problem: string | null } {
  const added = text.split(',').map((part) => part.trim()).filter((part) => part !== '')
  for (const label of added) {
    const problem = labelProblem(label)
    if (problem) return { labels: [...current], problem }
  }
  const labels = [...new Set([...current, ...added])].sort()
  if (labels.length > maxLabels) return { labels: [...current], problem: 'At most 10 labels are allowed' }
  return { labels, problem: null }
}
