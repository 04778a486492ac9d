import type { Argv } from 'yargs'
import type { Address } from 'viem'
import { buildTimeline } from '../../../datasets/buildTimeline.js'
import { importCsvHistory, type PoolFileSpec } from '../../../datasets/importCsvHistory.js'
import { readManifest, writeManifest } from '../../devnet/manifest.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { createReenactedSource } from '../../sources/real/createReenactedSource.js'
import { DEFAULT_BASE_FEE, loadRealDataset } from '../../sources/real/loadRealDataset.js'
import { realDatasets } from '../../sources/real/realDatasets.js'
import { readRecording } from '../../sources/record/readRecording.js'
import { recordHistory } from '../../sources/record/recordHistory.js'

const block = (name: string) => (v: unknown) => {
  if (v === undefined) return undefined
  const s = String(v)
  if (!/^\d+$/.test(s)) throw new ConfigError(name, 'a block number', s)
  return BigInt(s)
}

/** `SPEC=FILE` or `FILE`, where SPEC is TOKEN0/TOKEN1@FEE[:VENUE]. */
function poolFile(text: string): PoolFileSpec {
  const m = /^([A-Za-z0-9]+\/[A-Za-z0-9]+(?:@\d+)?(?::[a-z0-9-]+)?)=(.+)$/.exec(text)
  return m ? { pool: m[1], path: m[2]! } : { path: text }
}

/**
 * `arb history record` (pull a block range of a JSON-RPC node into Parquet for offline replay) and
 * `arb history import` (re-enact CSV files, a recording or a named dataset on a devnet Anvil, print
 * `ready <rpcUrl> <manifest>` and serve it until Ctrl-C).
 */
export function historyRecordCommand(cli: Argv): Argv {
  return cli.command('history <action>', 'Record chain history to Parquet, or re-enact history on a devnet', (y) =>
    y
      .positional('action', { choices: ['record', 'import'] as const, describe: 'record: node → Parquet folder; import: files → running devnet' })
      .option('rpc-url', { type: 'string', describe: 'record: JSON-RPC node to read (archive for old blocks)' })
      .option('from', { type: 'string', describe: 'first block' })
      .option('to', { type: 'string', describe: 'last block' })
      .option('pools', { type: 'string', describe: 'record: comma-separated pool addresses (default: the manifest’s pools)' })
      .option('manifest', { type: 'string', describe: 'record: manifest naming the venues (default: mainnet profile on chain 1); import: where to write the manifest' })
      .option('out', { type: 'string', describe: 'record: output folder (must not exist)' })
      .option('v2', { type: 'string', array: true, describe: 'import: V2 reserves CSV (blockNumber,reserve0,reserve1), as [TOKEN0/TOKEN1@FEE=]FILE' })
      .option('v3', { type: 'string', array: true, describe: 'import: V3 decoded events CSV (demeter-fetch *.tick.csv), as [TOKEN0/TOKEN1@FEE=]FILE' })
      .option('recording', { type: 'string', describe: 'import: a folder written by `history record`' })
      .option('dataset', { type: 'string', choices: Object.keys(realDatasets), describe: 'import: a named dataset from the shared data folder' })
      .option('base-fee', { type: 'string', describe: `import: base fee (wei) for blocks without one (default ${DEFAULT_BASE_FEE})` })
      .option('seed', { type: 'number', default: 1, describe: 'import: devnet seed' }),
    async (args) => {
      const from = block('--from')(args.from)
      const to = block('--to')(args.to)
      if (args.action === 'record') {
        if (!args['rpc-url']) throw new ConfigError('--rpc-url', 'the JSON-RPC URL to record from')
        if (from === undefined || to === undefined) throw new ConfigError('--from/--to', 'both block numbers')
        if (!args.out) throw new ConfigError('--out', 'an output folder')
        const pools = args.pools?.split(',').map((p) => {
          if (!/^0x[0-9a-fA-F]{40}$/.test(p.trim())) throw new ConfigError('--pools', 'comma-separated 0x addresses', p)
          return p.trim().toLowerCase() as Address
        })
        const manifest = args.manifest ? await readManifest(args.manifest) : undefined
        const { out, meta } = await recordHistory({
          rpcUrl: args['rpc-url'],
          from,
          to,
          pools,
          manifest,
          out: args.out,
          onProgress: (stage, b) => process.stderr.write(`${stage} ${b}\n`),
        })
        process.stdout.write(`recorded ${meta.from}-${meta.to} pools=${meta.pools} events=${meta.events} ${out}\n`)
        return
      }
      const baseFee = args['base-fee'] === undefined ? DEFAULT_BASE_FEE : block('--base-fee')(args['base-fee'])!
      let timeline
      let name: string
      if (args.dataset) {
        timeline = await loadRealDataset(args.dataset, { from, to, baseFee })
        name = args.dataset
      } else if (args.recording) {
        const rec = await readRecording(args.recording)
        timeline = buildTimeline({ series: rec.series, timestamps: rec.timestamps, baseFees: rec.baseFees, defaultBaseFee: baseFee, from, to })
        name = `recording:${args.recording}`
      } else {
        const { series, timestamps } = await importCsvHistory({ v2: (args.v2 ?? []).map(poolFile), v3: (args.v3 ?? []).map(poolFile) })
        timeline = buildTimeline({ series, timestamps, defaultBaseFee: baseFee, from, to })
        name = `import:${[...(args.v2 ?? []), ...(args.v3 ?? [])].join(',')}`
      }
      const t0 = Date.now()
      const source = await createReenactedSource({ name, timeline, seed: args.seed, onProgress: (d, n) => process.stderr.write(`block ${d}/${n}\n`) })
      const manifestPath = args.manifest ?? 'data/history/manifest.json'
      await writeManifest(manifestPath, source.manifest)
      process.stdout.write(`ready ${source.rpcUrl} ${manifestPath} blocks=${timeline.from}-${timeline.to} built_ms=${Date.now() - t0}\n`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      await source.close()
    },
  )
}
