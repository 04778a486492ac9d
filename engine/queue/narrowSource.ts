import { ConfigError } from '../errors/ConfigError.js'
import type { HistorySource } from '../sources/types.js'

/**
 * The blocks `from`…`to` of `source` as a source of their own (a job's shard). Closing it leaves `source`
 * open: a worker keeps one source per spec for all its jobs. A range outside the source is a ConfigError.
 */
export function narrowSource(source: HistorySource, from: bigint, to: bigint): HistorySource {
  if (from > to || from < source.fromBlock || to > source.toBlock) {
    throw new ConfigError('job range', `blocks within the source's ${source.fromBlock}–${source.toBlock}`, `${from}–${to}`)
  }
  return {
    name: `${source.name}[${from}-${to}]`,
    rpcUrl: source.rpcUrl,
    chainId: source.chainId,
    manifest: source.manifest,
    fromBlock: from,
    toBlock: to,
    async *blocks(start = from) {
      if (start < from || start > to) throw new ConfigError('start block', `a block within ${from}–${to}`, String(start))
      for await (const block of source.blocks(start)) {
        if (block.number > to) return
        yield block
      }
    },
    close: async () => {},
  }
}
