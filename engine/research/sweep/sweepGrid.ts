import { z } from 'zod'

/** One axis of a grid: a JSON path into the config and the values it takes. */
export const sweepAxisSchema = z.strictObject({
  /**
   * Where the value goes: dot-separated keys, `[n]` for an array index, `[*]` for every element,
   * `[name=spatial]` for the elements whose `name` is `spatial`. E.g. `execution.mode`,
   * `strategies[*].minProfit`, `strategies[name=multi-hop].maxHops`.
   */
  path: z.string().min(1),
  values: z.array(z.unknown()).min(1, { message: 'at least one value' }),
})

/**
 * A sweep file (research/sweeps/*.json): a base config and axes; the sweep runs the base with every
 * combination of axis values (the cartesian product, first axis slowest).
 */
export const sweepGridSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'letters, digits, ".", "_" or "-" (at most 64)' }),
  description: z.string().optional(),
  /** A config object, or the path of a config JSON file relative to the sweep file. */
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** No axes: one point, the base config (a long single replay, split into shards with `arb sweep --queue`). */
  axes: z.array(sweepAxisSchema).default([]),
  /** Token whose net P&L ranks the runs (symbol or address). Default WETH. */
  rankToken: z.string().default('WETH'),
})

export type SweepAxis = z.output<typeof sweepAxisSchema>
/** A validated sweep file with `base` resolved to a raw config object. */
export type SweepGrid = Omit<z.output<typeof sweepGridSchema>, 'base'> & { base: Record<string, unknown> }
