import { MAX_TICK, MIN_TICK } from '../math/v3/constants.js'
import { getTickAtSqrtRatio } from '../math/v3/getTickAtSqrtRatio.js'

/** Tick spacing of each Uniswap V3 fee tier the factory enables at deployment. */
export const tickSpacings: Record<number, number> = { 500: 10, 3000: 60, 10000: 200 }

/**
 * The price a pool starts at, as sqrt(amount1 / amount0) in Q64.96, for reserves in base units
 * (token order). Exact integer square root.
 */
export function encodeSqrtPriceX96(amount0: bigint, amount1: bigint): bigint {
  return sqrt((amount1 << 192n) / amount0)
}

/**
 * The tick ranges of the devnet's two positions per V3 pool: the full usable range and a concentrated
 * range of about ±2% (at least two tick spacings each side) around the starting price.
 */
export function v3PositionRanges(
  sqrtPriceX96: bigint,
  fee: number,
): { full: { tickLower: number; tickUpper: number }; concentrated: { tickLower: number; tickUpper: number } } {
  const spacing = tickSpacings[fee]
  if (!spacing) throw new Error(`no tick spacing for fee ${fee}`)
  const tick = getTickAtSqrtRatio(sqrtPriceX96)
  const width = Math.max(200, 2 * spacing)
  return {
    full: { tickLower: Math.ceil(MIN_TICK / spacing) * spacing, tickUpper: Math.floor(MAX_TICK / spacing) * spacing },
    concentrated: {
      tickLower: Math.floor((tick - width) / spacing) * spacing,
      tickUpper: Math.ceil((tick + width) / spacing) * spacing,
    },
  }
}

function sqrt(n: bigint): bigint {
  if (n < 2n) return n
  // Newton's method from above converges monotonically to floor(sqrt(n)); the float estimate, padded up,
  // starts it above the root in a handful of steps.
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)) * (1 + 1e-9))) + 1n
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
