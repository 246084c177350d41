import { CopyButton } from '../../components/CopyButton'
import { Dialog } from '../../components/Dialog'

interface WebhookSecretDialogProps {
  secret: string | null  // null: closed
  url: string
  onClose: () => void  // Done, Escape: the caller forgets the secret there
}

const kSnippet = `import { Webhook } from 'standardwebhooks'

const hook = new Webhook(process.env.KEYWARD_WEBHOOK_SECRET)
// rawBody: the body exactly as received
const event = hook.verify(rawBody, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
}) // throws on a bad signature or an old timestamp`

// The new endpoint's signing secret, shown once with a copy button and how a receiver checks
// a signature with it. It lives only in `secret`; once closed, nothing of it stays on the page.
export function WebhookSecretDialog({ secret, url, onClose }: WebhookSecretDialogProps) {
  return (
    <Dialog title="Copy your webhook signing secret" open={secret !== null} onClose={onClose}>
      <div className="form">
        <p>
          The endpoint <strong className="webhook-url-inline">{url}</strong> is added. This is the only time its
          signing secret is shown: <strong>you won&apos;t see it again</strong>. Store it with your receiver now.
        </p>
        <code className="once">{secret}</code>
        <p className="field-hint">
          Verify each request with the <code>standardwebhooks</code> package (Node.js; other languages have
          one too):
        </p>
        <pre className="snippet" tabIndex={0} role="region" aria-label="Example: verifying a webhook in Node.js">
          <code>{kSnippet}</code>
        </pre>
        <div className="actions">
          <span className="spacer" />
          <CopyButton value={secret ?? ''} label="Copy secret" copiedMessage="Signing secret copied to the clipboard" />
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  )
}
