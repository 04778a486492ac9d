/**
 * Time to build the full real window (real-usdc-weth-2024-01-05, 7,099 blocks) on a devnet Anvil: CSV
 * import, devnet deployment and stand-in setup, then one mined block + one storage batch per real block.
 * Also checks the last block's number and a sample of reads at old blocks, so the figure is for a usable
 * chain. Writes bench/results/real-history.json.
 *
 *   npx tsx bench/realHistory.ts
 */
import { loadavg } from 'node:os'
import type { Hex } from 'viem'
import { createRpcClient } from '../engine/chain/createRpcClient.js'
import { createReenactedSource } from '../engine/sources/real/createReenactedSource.js'
import { loadRealDataset } from '../engine/sources/real/loadRealDataset.js'
import { writeResult } from './writeResult.js'

const name = 'real-usdc-weth-2024-01-05'
const t0 = performance.now()
const timeline = await loadRealDataset(name)
const importMs = performance.now() - t0
const progress: { blocks: number; ms: number }[] = []
const t1 = performance.now()
const source = await createReenactedSource({
  name,
  timeline,
  onProgress: (done) => {
    if (done % 1000 < 250 || done === timeline.blocks.length) progress.push({ blocks: done, ms: Math.round(performance.now() - t1) })
  },
})
const buildMs = performance.now() - t1
try {
  const rpc = createRpcClient(source.rpcUrl)
  const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
  // Reads at the oldest, middle and newest blocks must be answered (historical state is kept).
  const t2 = performance.now()
  const sample = [timeline.from, (timeline.from + timeline.to) / 2n, timeline.to]
  const reads = await rpc.batch<Hex[]>(sample.map((b) => ({ method: 'eth_call', params: [{ to: source.manifest.pools[0]!.address, data: '0x0902f1ac' }, `0x${b.toString(16)}`] })))
  const readMs = performance.now() - t2
  const results = {
    dataset: name,
    blocks: timeline.blocks.length,
    from: timeline.from,
    to: timeline.to,
    head,
    importMs: Math.round(importMs),
    deployAndSetupMs: source.reenactment.stats.deployMs,
    mineMs: source.reenactment.stats.mineMs,
    totalBuildMs: Math.round(buildMs),
    msPerBlock: Number((source.reenactment.stats.mineMs / timeline.blocks.length).toFixed(2)),
    storageWrites: source.reenactment.stats.storageWrites,
    timestampsExact: timeline.blocks.filter((b) => b.timestampExact).length,
    historicalReadsOk: reads.every((r) => r.length === 2 + 64 * 3),
    historicalReadMs: Math.round(readMs),
    progress,
    loadAverage1m: loadavg()[0],
  }
  const file = writeResult('real-history', results)
  process.stdout.write(`${JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}\n${file}\n`)
} finally {
  await source.close()
}
