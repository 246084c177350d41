// Copy-ready code for calling a provider through keyward's gateway (docs/gateway.md): each SDK
// keeps its own calls and only takes the gateway's base URL and the service token as its key.
export interface GatewaySnippet {
  id: string
  label: string
  language: string
  code: (gateway: string) => string
}

const openaiPython: GatewaySnippet = {
  id: 'openai-python',
  label: 'OpenAI (Python)',
  language: 'python',
  code: (gateway) => `import os
from openai import OpenAI

client = OpenAI(api_key=os.environ["KEYWARD_SERVICE_TOKEN"],
                base_url="${gateway}/openai/v1")
reply = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Hello"}])
print(reply.choices[0].message.content)`,
}

// The one shown first.
export const firstSnippet = openaiPython

export const gatewaySnippets: GatewaySnippet[] = [
  openaiPython,
  {
    id: 'openai-js',
    label: 'OpenAI (JavaScript)',
    language: 'javascript',
    code: (gateway) => `import OpenAI from 'openai'

const openai = new OpenAI({
  apiKey: process.env.KEYWARD_SERVICE_TOKEN,
  baseURL: '${gateway}/openai/v1',
})
const stream = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'Hello' }],
})
for await (const part of stream) process.stdout.write(part.choices[0]?.delta?.content ?? '')`,
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    language: 'javascript',
    code: (gateway) => `import Anthropic from '@anthropic-ai/sdk'

const claude = new Anthropic({
  apiKey: process.env.KEYWARD_SERVICE_TOKEN,
  baseURL: '${gateway}/anthropic',
})
const message = await claude.messages.create({
  model: 'claude-3-5-haiku-latest',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Hello' }],
})`,
  },
  {
    id: 'google',
    label: 'Google',
    language: 'javascript',
    code: (gateway) => `import { GoogleGenAI } from '@google/genai'

const genai = new GoogleGenAI({
  apiKey: process.env.KEYWARD_SERVICE_TOKEN,
  httpOptions: { baseUrl: '${gateway}/google' },
})
const result = await genai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Hello' })
console.log(result.text)`,
  },
  {
    id: 'curl',
    label: 'curl',
    language: 'shell',
    code: (gateway) => `curl ${gateway}/openai/v1/chat/completions \\
  -H "Authorization: Bearer $KEYWARD_SERVICE_TOKEN" \\
  -H 'content-type: application/json' \\
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'`,
  },
]
