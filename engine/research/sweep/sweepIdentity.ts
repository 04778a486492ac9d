import { createHash, randomBytes } from 'node:crypto'
import { canonicalJson } from '../../config/configHash.js'
import type { SweepGrid } from './sweepGrid.js'

/**
 * A sweep's id: the grid's name and a hash of the grid, the source and `extra` (how it is split into jobs),
 * so running the same sweep again finds it and resumes; `fresh` appends a random suffix to start over.
 *
 * @example sweepIdentity(grid, { kind: 'scenario', scenario: 'volatile', blocks: 300, seed: 1 }).sweepId // 'fees-3f9a0c2b71de'
 */
export function sweepIdentity(grid: SweepGrid, sourceSpec: Record<string, unknown>, options: { fresh?: boolean; extra?: Record<string, unknown> } = {}) {
  const gridJson = canonicalJson({ name: grid.name, base: grid.base, axes: grid.axes })
  const sourceJson = canonicalJson(sourceSpec)
  const extra = options.extra ? `\n${canonicalJson(options.extra)}` : ''
  const identity = createHash('sha256').update(`${gridJson}\n${sourceJson}${extra}`).digest('hex').slice(0, 12)
  const sweepId = options.fresh ? `${grid.name}-${identity}-${randomBytes(3).toString('hex')}` : `${grid.name}-${identity}`
  return { sweepId, gridJson, sourceJson }
}
