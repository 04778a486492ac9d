import type { Hex } from 'viem'
import { createRpcClient } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { redactUrl } from '../errors/redactUrl.js'
import type { HistoryBlock, HistorySource } from './types.js'

/**
 * The plainest history source: blocks `from`..`to` of any JSON-RPC node that keeps their state (an archive
 * node, or an Anvil), with a given manifest. `onClose` stops whatever the caller started for it.
 */
export function createRpcRangeSource(options: {
  rpcUrl: string
  manifest: Manifest
  from: bigint
  to: bigint
  chainId?: number
  name?: string
  onClose?: () => Promise<void>
}): HistorySource {
  const rpc = createRpcClient(options.rpcUrl)
  let closed = false
  return {
    name: options.name ?? `rpc:${redactUrl(options.rpcUrl)}`,
    rpcUrl: options.rpcUrl,
    chainId: options.chainId ?? options.manifest.chainId,
    manifest: options.manifest,
    fromBlock: options.from,
    toBlock: options.to,
    async *blocks(from = options.from) {
      // Headers are fetched a batch ahead so the pipeline never waits a round trip per block.
      const BATCH = 64n
      for (let start = from; start <= options.to; start += BATCH) {
        const end = start + BATCH - 1n < options.to ? start + BATCH - 1n : options.to
        const requests = []
        for (let n = start; n <= end; n++) requests.push({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] })
        const headers = await rpc.batch<({ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas?: Hex } | null)[]>(requests)
        for (const [i, h] of headers.entries()) {
          const n = start + BigInt(i)
          if (!h || BigInt(h.number) !== n) throw new Error(`block ${n} missing or wrong from ${redactUrl(options.rpcUrl)}`)
          const block: HistoryBlock = { number: n, hash: h.hash, timestamp: BigInt(h.timestamp), baseFee: BigInt(h.baseFeePerGas ?? '0x0') }
          yield block
        }
      }
    },
    async close() {
      if (closed) return
      closed = true
      await options.onClose?.()
    },
  }
}
