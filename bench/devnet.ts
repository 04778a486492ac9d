// Devnet deployment time: deployDevnet on a fresh Anvil (median of 3), plus what it sends.
import { startAnvil } from '../engine/chain/startAnvil.js'
import { DEVNET_DEPLOYER, deployDevnet } from '../engine/devnet/deployDevnet.js'
import { percentile, writeResult } from './writeResult.js'

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

const runs: { startMs: number; deployMs: number; transactions: number; blocks: number; gasUsed: bigint }[] = []
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint()
  const anvil = await startAnvil()
  const startMs = ms(t0)
  try {
    const t1 = process.hrtime.bigint()
    const manifest = await deployDevnet(anvil, { seed: 1 })
    const deployMs = ms(t1)
    const transactions = await anvil.publicClient.getTransactionCount({ address: DEVNET_DEPLOYER })
    let gasUsed = 0n
    for (let b = 1; b <= manifest.createdAt!; b++) gasUsed += (await anvil.publicClient.getBlock({ blockNumber: BigInt(b) })).gasUsed
    runs.push({ startMs, deployMs, transactions, blocks: manifest.createdAt!, gasUsed })
  } finally {
    await anvil.stop()
  }
}

const deploy = runs.map((r) => r.deployMs)
const results = {
  deployDevnet: { n: runs.length, medianMs: percentile(deploy, 50), minMs: Math.min(...deploy), maxMs: Math.max(...deploy) },
  // The first run also reads and parses the artifacts; later runs in the process reuse them.
  firstRunMs: deploy[0],
  anvilStartMedianMs: percentile(runs.map((r) => r.startMs), 50),
  transactions: runs[0]!.transactions,
  blocks: runs[0]!.blocks,
  gasUsed: runs[0]!.gasUsed,
  runs,
}
const file = writeResult('devnet', results)
console.log(JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2))
console.log(`wrote ${file}`)
