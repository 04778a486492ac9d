// Memory of a long replay (issue target: 10,000 blocks under 2 GiB resident, Anvil included) on a `stress`
// scenario generated while it is replayed, as `arb backtest` runs it. Its speed includes the generation.
//   npx tsx bench/replayStream.ts [blocks=10000] [workers=DEFAULT_WORKERS]
import { DEFAULT_WORKERS } from '../engine/cli/commands/backtest.js'
import { runReplayBench } from './replayBench.js'

await runReplayBench({
  blocks: Number(process.argv[2] ?? 10_000),
  workers: Number(process.argv[3] ?? DEFAULT_WORKERS),
  naiveBlocks: 30,
  mode: 'stream',
})
