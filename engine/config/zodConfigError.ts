import type { z } from 'zod'
import { ConfigError } from '../errors/ConfigError.js'

/**
 * Turns a failed zod parse into a ConfigError: the first problem names the field path (e.g.
 * `config.strategies[0].name`) and the expected form; all problems are listed in its details.
 */
export function zodConfigError(error: z.ZodError, raw: unknown, origin: string): ConfigError {
  const issues = error.issues
  const first = issues[0]!
  const details = issues.map((i) => `${fieldPath(origin, i.path)}: ${describeIssue(i)}`).join('\n')
  return new ConfigError(fieldPath(origin, first.path), describeIssue(first), valueAt(raw, first.path), {
    details: issues.length > 1 ? details : undefined,
  })
}

function fieldPath(origin: string, path: readonly PropertyKey[]): string {
  let out = origin
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`
  return out
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest: the one whose issue is not a plain type mismatch.
    const branch = issue.errors.find((b) => b.length > 0 && b[0]!.code !== 'invalid_type') ?? issue.errors[0]!
    if (branch[0]) return describeIssue(branch[0])
  }
  if (issue.code === 'unrecognized_keys') return `no unknown keys (unknown: ${issue.keys.join(', ')})`
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `a value (${issue.expected}) — it is missing`
  if (issue.code === 'invalid_type') return `a ${issue.expected}`
  return issue.message.replace(/^Invalid input: expected /, '')
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}
