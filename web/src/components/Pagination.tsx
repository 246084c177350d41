import { ChevronLeft, ChevronRight } from 'lucide-react'
import { Select } from './ui/Select'

interface PaginationProps {
  page: number
  pageSize: number
  total: number
  onPage: (page: number) => void
  onPageSize: (size: number) => void
}

const kPageSizes = [10, 25, 50, 100]

export function Pagination({ page, pageSize, total, onPage, onPageSize }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <nav className="pagination" aria-label="Pages">
      <span aria-live="polite">
        {first}–{last} of {total}
      </span>
      <span className="page-size">
        <span id="rows-per-page">Rows per page</span>
        <Select
          aria-labelledby="rows-per-page"
          className="narrow"
          value={String(pageSize)}
          options={kPageSizes.map((size) => ({ value: String(size), label: String(size) }))}
          onValueChange={(size) => onPageSize(Number(size))}
        />
      </span>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <ChevronLeft aria-hidden size={16} />
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
        <ChevronRight aria-hidden size={16} />
      </button>
    </nav>
  )
}
