import { encodeDeployData, type Hex } from 'viem'
import { tickBitmapLensAbi } from '../abi/tickBitmapLens.js'
import type { Address } from './types.js'

/**
 * The `data` of a TickBitmapLens call: every initialized tick of `pool` in tick-bitmap words `fromWord..toWord`
 * (inclusive) with its liquidityNet.
 *
 * @example
 * const data = encodeTickLens(loadArtifact('TickBitmapLens').bytecode, pool, 60, -58, 57)
 */
export function encodeTickLens(bytecode: Hex, pool: Address, tickSpacing: number, fromWord: number, toWord: number): Hex {
  return encodeDeployData({ abi: tickBitmapLensAbi, bytecode, args: [pool, tickSpacing, fromWord, toWord] })
}
