import type { RpcClient } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import type { Address } from './types.js'

/** A manifest contract that has no code at the block asked about, and what the manifest calls it. */
export type MissingCode = { address: Address; role: string }

/**
 * The contracts a run needs that have no code at `block` (one batched `eth_getCode` round trip): the
 * executor, the Aave pool when flash loans are used, and every pool. A range that starts before they were
 * deployed otherwise fails deep inside a decode ("Cannot decode zero data").
 *
 * @example
 * const missing = await findMissingCode(rpc, manifest, 18_000_000n, { flash: true })
 * if (missing.length) throw new Error(`${missing[0].role} ${missing[0].address} has no code`)
 */
export async function findMissingCode(rpc: RpcClient, manifest: Manifest, block: bigint, options: { flash: boolean }): Promise<MissingCode[]> {
  const wanted: MissingCode[] = []
  if (manifest.executor) wanted.push({ address: manifest.executor as Address, role: 'executor' })
  if (options.flash) wanted.push({ address: manifest.aave.pool as Address, role: 'Aave pool' })
  const symbol = (a: string) => Object.entries(manifest.tokens).find(([, t]) => t.address.toLowerCase() === a.toLowerCase())?.[0] ?? a
  for (const p of manifest.pools) wanted.push({ address: p.address as Address, role: `pool ${symbol(p.token0)}/${symbol(p.token1)} (${p.venue}, fee ${p.fee})` })
  const tag = `0x${block.toString(16)}`
  const codes = await rpc.batch<string[]>(wanted.map((w) => ({ method: 'eth_getCode', params: [w.address, tag] })))
  return wanted.filter((_, i) => !codes[i] || codes[i] === '0x')
}
