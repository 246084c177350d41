interface LabelChipsProps {
  labels: readonly string[]
}

// A key's labels as chips on one line under its description. The line never widens the table:
// chips that do not fit are cut off, and the whole list is the line's title and accessible name.
export function LabelChips({ labels }: LabelChipsProps) {
  if (labels.length === 0) return null
  const all = labels.join(', ')
  return (
    <ul className="label-chips" aria-label={`Labels: ${all}`} title={all}>
      {labels.map((label) => (
        <li key={label} className="label-chip">
          <span className="label-chip-text">{label}</span>
        </li>
      ))}
    </ul>
  )
}
