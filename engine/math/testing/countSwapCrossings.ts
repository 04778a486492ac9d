import type { V3Tick } from '../../market/types.js'
import { getSqrtRatioAtTick } from '../v3/getSqrtRatioAtTick.js'

/**
 * Test oracle: how many initialized ticks UniswapV3Pool.swap crosses when the price moves from
 * (`tickBefore`, `sqrtBefore`) to `sqrtAfter`, from prices alone (no step loop). Moving down, tick t is crossed
 * when t <= tickBefore and sqrtAfter <= sqrt(t) <= sqrtBefore; moving up, when t > tickBefore and
 * sqrt(t) <= sqrtAfter. (A swap that ends exactly on a tick's price crosses it, as the pool does.)
 */
export function countSwapCrossings(ticks: readonly V3Tick[], zeroForOne: boolean, tickBefore: number, sqrtBefore: bigint, sqrtAfter: bigint): number {
  return ticks.filter(({ index }) => {
    const price = getSqrtRatioAtTick(index)
    return zeroForOne ? index <= tickBefore && sqrtAfter <= price && price <= sqrtBefore : index > tickBefore && price <= sqrtAfter
  }).length
}
