// Every example in the OpenAPI document (src/api/openapi.json) matches its own schema.
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import openapiText from '../../src/api/openapi.json?raw'

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object; example?: unknown }> }>
  requestBody?: { content: Record<string, { schema: object; example?: unknown }> }
}

const doc = JSON.parse(openapiText) as {
  components: { schemas: Record<string, object> }
  paths: Record<string, Record<string, Operation>>
}

function validator() {
  const ajv = new Ajv2020({ strict: false, validateFormats: false })
  ajv.addSchema({ $id: 'keyward', components: doc.components })
  // References are written against the document root: point them at the registered copy.
  return (schema: object) =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"keyward#/components/')))
}

describe('the OpenAPI document', () => {
  const compile = validator()
  const examples: [string, object, unknown][] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.example !== undefined) examples.push([`${method} ${path} ${status}`, media.schema, media.example])
        }
      }
    }
  }

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(4)
  })

  it.each(examples)('%s: the example matches the schema', (_name, schema, example) => {
    const validate = compile(schema)
    const valid = validate(example)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('rejects a response that breaks the schema', () => {
    const validate = compile({ $ref: '#/components/schemas/ApiKey' })
    expect(validate({ id: 'x' })).toBe(false)
  })
})
