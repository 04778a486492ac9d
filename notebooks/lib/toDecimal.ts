import { formatUnits } from 'viem'

/** A token amount in base units as a JS number of whole tokens, for charts only (never for P&L math). */
export function toDecimal(amount: bigint, decimals: number): number {
  return Number(formatUnits(amount, decimals))
}
