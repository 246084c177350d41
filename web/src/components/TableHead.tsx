interface TableHeadProps {
  columns: readonly string[]
  actions?: boolean  // a last column of row buttons, named for screen readers only
}

// The header row of a plain data table (the API keys table, which sorts, has its own).
export function TableHead({ columns, actions = false }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions ? (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  )
}
