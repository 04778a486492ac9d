import { z } from 'zod'

/**
 * A token amount in base units: a string of digits (or a safe integer number) in JSON, a `bigint` in TS configs.
 * Becomes a `bigint`. Negative, fractional and non-numeric values are rejected.
 */
export const amountSchema = z
  .union([z.bigint(), z.string(), z.number()])
  .transform((v, ctx) => {
    if (typeof v === 'bigint') {
      if (v >= 0n) return v
    } else if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && v >= 0) return BigInt(v)
    } else if (/^\d+$/.test(v.trim())) {
      return BigInt(v.trim())
    }
    ctx.addIssue({ code: 'custom', message: 'a non-negative integer amount in base units (e.g. "1000000")' })
    return z.NEVER
  })
