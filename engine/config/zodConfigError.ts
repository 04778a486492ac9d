import type { z } from 'zod'
import { ConfigError } from '../errors/ConfigError.js'

/**
 * Turns a failed zod parse into a ConfigError: the first problem names the field path (e.g.
 * `config.strategies[0].name`) and the expected form; all problems are listed in its details.
 */
export function zodConfigError(error: z.ZodError, raw: unknown, origin: string): ConfigError {
  const issues = error.issues.map(resolveUnion)
  const first = issues[0]!
  const details = issues.map((i) => `${fieldPath(origin, i.path)}: ${describeIssue(i.issue)}`).join('\n')
  return new ConfigError(fieldPath(origin, first.path), describeIssue(first.issue), valueAt(raw, first.path), {
    details: issues.length > 1 ? details : undefined,
  })
}

type Located = { path: readonly PropertyKey[]; issue: z.core.$ZodIssue }

/**
 * The issue to report for a value that matched no branch of a union, with its full path: the branch that got
 * furthest, i.e. whose issue is not a plain type mismatch, deepest first. `{"WETH": "abc"}` as a per-token
 * amount then reports `….WETH` and the amount's form, not "expected a bigint" for the whole object.
 */
function resolveUnion(issue: z.core.$ZodIssue): Located {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, issue }
  const candidates = issue.errors
    .flat()
    .map((i) => resolveUnion(i))
    .map((l) => ({ path: [...issue.path, ...l.path], issue: l.issue }))
  if (candidates.length === 0) return { path: issue.path, issue }
  const score = (l: Located) => (l.issue.code === 'invalid_type' ? 0 : 1000) + l.path.length
  return candidates.reduce((best, l) => (score(l) > score(best) ? l : best))
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
  // zod's own bound messages ("Too big: expected number to be <=16") become the bound in words; custom ones stay.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && /^Too (big|small)/.test(issue.message)) return describeBound(issue)
  return issue.message.replace(/^Invalid input: expected /, '')
}

function describeBound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big'
  const limit = big ? issue.maximum : issue.minimum
  const word = big ? (issue.inclusive === false ? 'below' : 'at most') : issue.inclusive === false ? 'above' : 'at least'
  const unit = issue.origin === 'array' || issue.origin === 'set' ? ' entries' : issue.origin === 'string' ? ' characters' : ''
  return issue.origin === 'number' || issue.origin === 'bigint' ? `a number ${word} ${String(limit)}` : `${word} ${String(limit)}${unit}`
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}
