import { ConfigError } from '../../errors/ConfigError.js'

type Segment = { key: string; select?: { all: true } | { index: number } | { field: string; equals: string } }

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\*|\d+|[A-Za-z_][A-Za-z0-9_]*=[^\]]+)\])?$/

/** Parses `a.b[0].c`, `a[*].b`, `a[name=x].b` into segments, or throws a ConfigError naming `field`. */
export function parsePath(path: string, field: string): Segment[] {
  return path.split('.').map((part) => {
    const m = SEGMENT.exec(part)
    if (!m) throw new ConfigError(field, 'a path like `execution.mode`, `strategies[0].maxHops`, `strategies[*].minProfit` or `strategies[name=spatial].minProfit`', path)
    const [, key, sel] = m
    if (sel === undefined) return { key: key! }
    if (sel === '*') return { key: key!, select: { all: true } }
    if (/^\d+$/.test(sel)) return { key: key!, select: { index: Number(sel) } }
    const eq = sel.indexOf('=')
    return { key: key!, select: { field: sel.slice(0, eq), equals: sel.slice(eq + 1) } }
  })
}

/**
 * A deep copy of `target` with `value` written at `path` (see parsePath). Missing object keys are created;
 * an array selector that matches nothing, or a path through a non-object, throws a ConfigError naming `field`.
 *
 * @example
 * setPath({ strategies: [{ name: 'spatial' }] }, 'strategies[*].minProfit', '1000', 'axes[0].path')
 * // → { strategies: [{ name: 'spatial', minProfit: '1000' }] }
 */
export function setPath<T>(target: T, path: string, value: unknown, field: string): T {
  const segments = parsePath(path, field)
  const copy = structuredClone(target) as unknown
  const walk = (node: unknown, i: number): void => {
    const seg = segments[i]!
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new ConfigError(field, `a path through objects (\`${segments.slice(0, i).map((s) => s.key).join('.')}\` is not an object)`, path)
    }
    const obj = node as Record<string, unknown>
    const last = i === segments.length - 1
    if (!seg.select) {
      if (last) obj[seg.key] = structuredClone(value)
      else {
        obj[seg.key] ??= {}
        walk(obj[seg.key], i + 1)
      }
      return
    }
    const list = obj[seg.key]
    if (!Array.isArray(list)) throw new ConfigError(field, `\`${seg.key}\` to be an array in the base config`, path)
    const sel = seg.select
    const indexes = list
      .map((_, j) => j)
      .filter((j) => ('all' in sel ? true : 'index' in sel ? j === sel.index : String((list[j] as Record<string, unknown>)?.[sel.field]) === sel.equals))
    if (indexes.length === 0) throw new ConfigError(field, `a selector matching an element of \`${seg.key}\` in the base config`, path)
    for (const j of indexes) {
      if (last) list[j] = structuredClone(value)
      else walk(list[j], i + 1)
    }
  }
  walk(copy, 0)
  return copy as T
}
