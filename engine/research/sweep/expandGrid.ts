import { configHash } from '../../config/configHash.js'
import type { Config } from '../../config/configSchema.js'
import { parseConfig } from '../../config/parseConfig.js'
import { setPath } from './setPath.js'
import type { SweepGrid } from './sweepGrid.js'

/**
 * One combination of axis values: its position, the values by path, the raw config JSON (what a queue job
 * carries) and the resulting validated config.
 */
export type SweepPoint = { point: number; params: Record<string, unknown>; raw: Record<string, unknown>; config: Config; configHash: string }

/**
 * The grid's points: the cartesian product of the axes (first axis slowest), each applied to the base
 * config and validated. A value the config refuses throws a ConfigError naming the point's parameters.
 */
export function expandGrid(grid: SweepGrid): SweepPoint[] {
  let combos: Record<string, unknown>[] = [{}]
  for (const axis of grid.axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.path]: v })))
  return combos.map((params, point) => {
    let raw: Record<string, unknown> = grid.base
    grid.axes.forEach((axis, i) => {
      raw = setPath(raw, axis.path, params[axis.path], `axes[${i}].path`)
    })
    const named = { ...raw, name: `${grid.name}#${point}` }
    const config = parseConfig(named, `sweep ${grid.name} point ${point} ${JSON.stringify(params)}`)
    return { point, params, raw: named, config, configHash: configHash(config) }
  })
}
