import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Config } from '../config/configSchema.js'
import type { Manifest } from '../devnet/manifest.js'
import type { Address } from '../market/types.js'

/** The executor's balances of the configured start tokens at `block` (what capital two-step may trade), in one batch. */
export async function readInventory(rpc: RpcClient, config: Config, manifest: Manifest, block: bigint | 'latest'): Promise<Record<Address, bigint>> {
  if (!manifest.executor) return {}
  const refs = [...new Set(config.strategies.flatMap((s) => s.startTokens ?? ['WETH', 'USDC']))]
  const tokens = refs
    .map((ref) => (ref.startsWith('0x') ? ref.toLowerCase() : manifest.tokens[ref]?.address.toLowerCase()))
    .filter((t): t is string => !!t) as Address[]
  const tag = block === 'latest' ? 'latest' : `0x${block.toString(16)}`
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [manifest.executor as Address] })
  const raw = await rpc.batch<Hex[]>(tokens.map((to) => ({ method: 'eth_call', params: [{ to, data }, tag] })))
  return Object.fromEntries(tokens.map((t, i) => [t, decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: raw[i]! }) as bigint]))
}
