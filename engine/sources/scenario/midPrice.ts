const Q96 = 2 ** 96

/** Price of token0 in whole token1 units for a V2 pair's reserves (model float, for deciding trades only). */
export function v2MidPrice(reserve0: bigint, reserve1: bigint, decimals0: number, decimals1: number): number {
  return (Number(reserve1) / Number(reserve0)) * 10 ** (decimals0 - decimals1)
}

/** Price of token0 in whole token1 units for a V3 pool's sqrtPriceX96 (model float, for deciding trades only). */
export function v3MidPrice(sqrtPriceX96: bigint, decimals0: number, decimals1: number): number {
  const s = Number(sqrtPriceX96) / Q96
  return s * s * 10 ** (decimals0 - decimals1)
}

/**
 * A V3 pool's virtual reserves at its current price, x = L/√P and y = L·√P in base units: the depth a V2
 * pair would need for the same price impact of a small trade.
 */
export function v3VirtualReserves(liquidity: bigint, sqrtPriceX96: bigint): { reserve0: bigint; reserve1: bigint } {
  if (sqrtPriceX96 === 0n) return { reserve0: 0n, reserve1: 0n }
  return { reserve0: (liquidity << 96n) / sqrtPriceX96, reserve1: (liquidity * sqrtPriceX96) >> 96n }
}

/**
 * Spot price of token0 in whole token1 units of a two-token weighted pool, (b1/w1)/(b0/w0), without the fee
 * (model float, for deciding trades only).
 */
export function weightedMidPrice(
  s: { balance0: bigint; balance1: bigint; weight0: bigint; weight1: bigint },
  decimals0: number,
  decimals1: number,
): number {
  return ((Number(s.balance1) * Number(s.weight0)) / (Number(s.balance0) * Number(s.weight1))) * 10 ** (decimals0 - decimals1)
}
