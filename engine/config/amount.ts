import { maxUint256 } from 'viem'
import { z } from 'zod'

/** What an amount must look like, as error messages say it. */
export const AMOUNT_FORM = 'a string of digits (base units, e.g. "1000000")'

/**
 * A token amount in base units: a string of digits (or a safe integer number) in JSON, a `bigint` in TS configs.
 * Becomes a `bigint`. Negative, fractional and non-numeric values are rejected, and so is anything above
 * 2^256 − 1: no token balance, fee or gas price on the EVM can exceed it.
 */
export const amountSchema = z
  .union([z.bigint(), z.string(), z.number()])
  .transform((v, ctx) => {
    let amount: bigint | undefined
    if (typeof v === 'bigint') {
      if (v >= 0n) amount = v
    } else if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && v >= 0) amount = BigInt(v)
    } else if (/^\d+$/.test(v.trim())) {
      amount = BigInt(v.trim())
    }
    if (amount === undefined) {
      ctx.addIssue({ code: 'custom', message: AMOUNT_FORM })
      return z.NEVER
    }
    if (amount > maxUint256) {
      ctx.addIssue({ code: 'custom', message: 'an amount below 2^256 (the largest the EVM holds is 2^256 - 1 base units)' })
      return z.NEVER
    }
    return amount
  })
