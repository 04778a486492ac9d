import { MAX_INCLUSION_K, type InclusionModel } from './InclusionModel.js'

/** What `parseInclusion` accepts, for error messages. */
export const INCLUSION_FORMS = `top, delay:K (1 ≤ K ≤ ${MAX_INCLUSION_K}), priority, index:K (0 ≤ K ≤ ${MAX_INCLUSION_K}) or end`

/** Parses `top`, `delay:K`, `priority`, `index:K` or `end`; undefined when the text is none of them. */
export function parseInclusion(text: string): InclusionModel | undefined {
  if (text === 'top' || text === 'priority' || text === 'end') return { kind: text }
  const m = /^(delay|index):(\d{1,5})$/.exec(text)
  if (!m) return undefined
  const k = Number(m[2])
  if (k > MAX_INCLUSION_K) return undefined
  if (m[1] === 'delay') return k >= 1 ? { kind: 'delay', blocks: k } : undefined
  return { kind: 'index', index: k }
}
