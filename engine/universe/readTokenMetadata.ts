import { decodeAbiParameters, encodeFunctionData, hexToString, parseAbi, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Address } from '../market/types.js'
import { staticCalls } from './staticCalls.js'

/** Token metadata as the token reports it; null where a getter is missing or unreadable. */
export type TokenMetadata = { address: Address; symbol: string | null; name: string | null; decimals: number | null }

const abi = parseAbi(['function symbol() view returns (string)', 'function name() view returns (string)', 'function decimals() view returns (uint8)'])
const SYMBOL = encodeFunctionData({ abi, functionName: 'symbol' })
const NAME = encodeFunctionData({ abi, functionName: 'name' })
const DECIMALS = encodeFunctionData({ abi, functionName: 'decimals' })

/**
 * Reads `symbol`, `name` and `decimals` of every token at `block` in a few deployless lens calls. Accepts the
 * `string` getters of ERC-20 and the `bytes32` ones of older tokens (MKR, SAI); a getter that reverts, is
 * missing, or answers garbage gives null. Strings are cut to 64 characters and stripped of control characters.
 *
 * @example
 * const [weth] = await readTokenMetadata(rpc, ['0xc02a…'], 'latest')
 */
export async function readTokenMetadata(rpc: RpcClient, tokens: readonly Address[], block: Hex | 'latest'): Promise<TokenMetadata[]> {
  const calls = tokens.flatMap((to) => [
    { to, data: SYMBOL },
    { to, data: NAME },
    { to, data: DECIMALS },
  ])
  const results = await staticCalls(rpc, calls, { block, maxReturn: 192, gasPerCall: 100_000 })
  return tokens.map((address, i) => {
    const [symbol, name, decimals] = [results[3 * i]!, results[3 * i + 1]!, results[3 * i + 2]!]
    return {
      address,
      symbol: symbol.ok ? decodeText(symbol.data) : null,
      name: name.ok ? decodeText(name.data) : null,
      decimals: decimals.ok ? decodeDecimals(decimals.data) : null,
    }
  })
}

/** An ABI `string`, or a `bytes32` right-padded with zeros. */
export function decodeText(data: Hex): string | null {
  let text: string | null = null
  if (data.length >= 2 + 128) {
    try {
      text = decodeAbiParameters([{ type: 'string' }], data)[0]
    } catch {
      text = null
    }
  }
  if (text === null && data.length === 2 + 64) {
    try {
      text = hexToString(data, { size: 32 }).replace(/\0+$/, '')
    } catch {
      text = null
    }
  }
  if (text === null) return null
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64)
  return clean.length > 0 ? clean : null
}

function decodeDecimals(data: Hex): number | null {
  if (data.length !== 2 + 64) return null
  const value = BigInt(data)
  return value <= 255n ? Number(value) : null
}
