// Placeholder rows while a tab loads for the first time: the shape of what is coming.
export function SkeletonRows({ rows = 5, columns = 4, label }: { rows?: number; columns?: number; label: string }) {
  return (
    <div className="skeleton-list" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row">
          {Array.from({ length: columns }, (_, j) => (
            <span key={j} className="skeleton" />
          ))}
        </div>
      ))}
    </div>
  )
}

// A thin bar over a list whose next page or search result is on its way; the old rows stay.
export function ProgressBar({ active, label }: { active: boolean; label: string }) {
  return active ? <div className="progress" role="progressbar" aria-label={label} /> : <div className="progress-space" />
}
