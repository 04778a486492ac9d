// Replay speed (issue target: >= 100 blocks/s) on a prebuilt `stress` scenario (many trades: the market `volatile` was before calibration), with `arb backtest`'s
// default worker count, next to a fresh Anvil fork per block.
//   npx tsx bench/replay.ts [blocks=2000] [workers=DEFAULT_WORKERS] [naiveBlocks=30]
import { DEFAULT_WORKERS } from '../engine/cli/commands/backtest.js'
import { runReplayBench } from './replayBench.js'

await runReplayBench({
  blocks: Number(process.argv[2] ?? 2000),
  workers: Number(process.argv[3] ?? DEFAULT_WORKERS),
  naiveBlocks: Number(process.argv[4] ?? 30),
  mode: 'full',
})
