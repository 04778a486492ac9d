import { z } from 'zod'

const ratio = z.number().min(0).max(1)
const positive = z.number().positive()
const count = z.number().int().min(0)

/**
 * The optional `gates` section of a config file: overrides of the default thresholds (engine/gates/GATES.md).
 * Not part of the config hash: lowering a threshold does not make a new config, it judges the same one.
 *
 * @example
 * { "gates": { "capital": { "minTrades": 1 }, "detection": { "maxP95Ms": 100 } } }
 */
export const gatesConfigSchema = z
  .object({
    capital: z
      .object({ minTrades: count.optional(), minSuccessRate: ratio.optional(), maxLatencyP95Ms: positive.optional() })
      .strict()
      .optional(),
    flash: z
      .object({ minTrades: count.optional(), minSimulationAccuracy: ratio.optional(), maxCostShare: ratio.optional() })
      .strict()
      .optional(),
    detection: z.object({ maxP95Ms: positive.optional() }).strict().optional(),
  })
  .strict()

export type GatesConfig = z.output<typeof gatesConfigSchema>
