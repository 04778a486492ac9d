import type { Hex } from 'viem'
import type { HistoryTimeline } from '../../../datasets/historyTimeline.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { ConfigError } from '../../errors/ConfigError.js'
import type { HistoryBlock, HistorySource } from '../types.js'
import { reenactHistory, type ReenactOptions, type Reenactment } from './reenactHistory.js'

/** A HistorySource over a re-enacted chain, with the build's details. */
export type ReenactedSource = HistorySource & { readonly reenactment: Reenactment; readonly timeline: HistoryTimeline }

/**
 * Builds a re-enactment of `timeline` (see reenactHistory) and serves it as a HistorySource: `blocks()`
 * reads the headers back from the chain (real numbers and timestamps, the chain's own hashes) in batches.
 *
 * @example
 * const source = await createReenactedSource({ name: 'my-import', timeline })
 * for await (const block of source.blocks()) …
 * await source.close()
 */
export async function createReenactedSource(options: { name: string } & ReenactOptions): Promise<ReenactedSource> {
  const reenactment = await reenactHistory(options)
  const { anvil, manifest } = reenactment
  const { timeline } = options
  const rpc = createRpcClient(anvil.rpcUrl)
  return {
    name: options.name,
    rpcUrl: anvil.rpcUrl,
    chainId: manifest.chainId,
    manifest,
    fromBlock: timeline.from,
    toBlock: timeline.to,
    reenactment,
    timeline,
    async *blocks(from = timeline.from): AsyncIterable<HistoryBlock> {
      if (from < timeline.from || from > timeline.to) {
        throw new ConfigError('--from', `a block within ${timeline.from}–${timeline.to}`, String(from))
      }
      const size = 200n
      for (let start = from; start <= timeline.to; start += size) {
        const end = start + size - 1n < timeline.to ? start + size - 1n : timeline.to
        const requests = []
        for (let b = start; b <= end; b++) requests.push({ method: 'eth_getBlockByNumber', params: [`0x${b.toString(16)}`, false] })
        const headers = await rpc.batch<{ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas?: Hex }[]>(requests)
        for (const h of headers) {
          yield { number: BigInt(h.number), hash: h.hash, timestamp: BigInt(h.timestamp), baseFee: BigInt(h.baseFeePerGas ?? '0x0') }
        }
      }
    },
    close: () => anvil.stop(),
  }
}
