import type { z } from 'zod'
import { ConfigError } from '../errors/ConfigError.js'
import { configSchema, type Config } from './configSchema.js'

/**
 * Validates a raw config object. The first problem becomes a ConfigError naming the field path
 * (e.g. `strategies[0].name`) and the expected form; all problems are listed in its details.
 */
export function parseConfig(raw: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(raw)
  if (result.success) return result.data
  const issues = result.error.issues
  const first = issues[0]!
  const details = issues.map((i) => `${fieldPath(origin, i.path)}: ${describeIssue(i)}`).join('\n')
  throw new ConfigError(fieldPath(origin, first.path), describeIssue(first), receivedAt(raw, first.path), {
    details: issues.length > 1 ? details : undefined,
  })
}

function fieldPath(origin: string, path: readonly PropertyKey[]): string {
  let out = origin
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`
  return out
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `no unknown keys (unknown: ${issue.keys.join(', ')})`
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `a value (${issue.expected}) — it is missing`
  if (issue.code === 'invalid_type') return `a ${issue.expected}`
  return issue.message.replace(/^Invalid input: expected /, '')
}

function receivedAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}
