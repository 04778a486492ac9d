import type { EventSource, HistorySource } from './types.js'

/** A history source as the engine's event stream: its blocks in order, each a `block` event; history has no reorgs. */
export function historyEvents(source: HistorySource): EventSource {
  return {
    name: source.name,
    rpcUrl: source.rpcUrl,
    chainId: source.chainId,
    manifest: source.manifest,
    fromBlock: source.fromBlock,
    toBlock: source.toBlock,
    async *events(from) {
      for await (const block of source.blocks(from)) yield { type: 'block', block, receivedAt: performance.now() }
    },
    close: () => source.close(),
  }
}
