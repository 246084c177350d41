// A small mark per provider: its initials on a colour of its own, so a column of types scans at
// a glance. Decorative: the type's name is always written beside it.
const palette = ['#1f6f5c', '#7a3e9d', '#b4451f', '#2952cc', '#8a5a00', '#0f6b8f', '#a0235a', '#3d6b21', '#5b4bc4', '#6b5b4b']

function initials(name: string): string {
  const [first = '', second = ''] = name.split(/[\s/-]+/).filter(Boolean)
  return (second ? first.slice(0, 1) + second.slice(0, 1) : name.slice(0, 2)).toUpperCase()
}

export function ProviderMark({ typeId, name }: { typeId: string; name: string }) {
  let hash = 0
  for (const char of typeId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return (
    <span className="provider-mark" aria-hidden="true" style={{ ['--mark' as string]: palette[hash % palette.length] }}>
      {initials(name)}
    </span>
  )
}
