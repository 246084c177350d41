import { useState } from 'react'
import { CopyButton } from '../../components/CopyButton'
import { firstSnippet, gatewaySnippets } from './snippets'

// "Use from your application": the snippet of the chosen SDK, filled with this server's gateway
// URL. The buttons act as tabs; the code scrolls inside its box on a narrow screen.
export function GatewaySnippets({ origin }: { origin: string }) {
  const [chosen, setChosen] = useState(firstSnippet.id)
  const gateway = `${origin}/gateway`
  const snippet = gatewaySnippets.find((s) => s.id === chosen) ?? firstSnippet
  const code = snippet.code(gateway)
  return (
    <div className="gateway-snippets">
      <p>
        Call a provider through keyward: the application sets its SDK&apos;s base URL to the gateway and uses a
        service token as its API key. It never holds the provider&apos;s key. The gateway is at{' '}
        <code>{gateway}</code>.
      </p>
      <div className="snippet-choices" role="group" aria-label="Language and SDK">
        {gatewaySnippets.map((s) => (
          <button
            key={s.id}
            type="button"
            className={s.id === chosen ? 'secondary chosen' : 'secondary'}
            aria-pressed={s.id === chosen}
            onClick={() => setChosen(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <pre className="snippet" tabIndex={0} aria-label={`${snippet.label} example`}>
        <code>{code}</code>
      </pre>
      <CopyButton value={code} label={`Copy the ${snippet.label} example`} copiedMessage="Example copied to the clipboard" />
    </div>
  )
}
