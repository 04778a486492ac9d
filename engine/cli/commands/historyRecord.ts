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

/** `arb history record --rpc-url URL --from N --to M [--pools a,b] [--manifest FILE] --out DIR`: a node's range → Parquet. */
export function historyRecordSubcommand(y: Argv): Argv {
  return y.command(
    'record',
    'Record a block range of a JSON-RPC node (headers, pool events, starting state) into Parquet',
    (b) =>
      b
        .option('rpc-url', { type: 'string', demandOption: true, describe: 'JSON-RPC node to read (an archive for old blocks); never stored' })
        .option('from', { type: 'string', demandOption: true, describe: 'first block' })
        .option('to', { type: 'string', demandOption: true, describe: 'last block' })
        .option('pools', { type: 'string', describe: 'comma-separated pool addresses (default: the manifest’s pools)' })
        .option('manifest', { type: 'string', describe: 'manifest naming the venues (default: the mainnet profile, chain 1)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output folder (must not exist)' }),
    async (args) => {
      const from = block('--from')(args.from)!
      const to = block('--to')(args.to)!
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
        onProgress: (stage, n) => process.stderr.write(`${stage} ${n}\n`),
      })
      process.stdout.write(`recorded ${meta.from}-${meta.to} pools=${meta.pools} events=${meta.events} ${out}\n`)
    },
  )
}

/**
 * `arb history import (--dataset NAME | --recording DIR | --v2 FILE --v3 FILE …)`: re-enacts history on a devnet
 * Anvil block by block, prints `ready <rpcUrl> <manifest>` and serves it until Ctrl-C.
 */
export function historyImportSubcommand(y: Argv): Argv {
  return y.command(
    'import',
    'Re-enact history (a named dataset, a recording, or CSV files) on a devnet and serve it until Ctrl-C',
    (b) =>
      b
        .option('dataset', { type: 'string', choices: Object.keys(realDatasets), describe: 'a named dataset from the shared data folder' })
        .option('recording', { type: 'string', describe: 'a folder written by `arb history record`' })
        .option('v2', { type: 'string', array: true, describe: 'V2 reserves CSV (blockNumber,reserve0,reserve1), as [TOKEN0/TOKEN1@FEE=]FILE' })
        .option('v3', { type: 'string', array: true, describe: 'V3 decoded events CSV (demeter-fetch *.tick.csv), as [TOKEN0/TOKEN1@FEE=]FILE' })
        .option('from', { type: 'string', describe: 'first block to re-enact' })
        .option('to', { type: 'string', describe: 'last block to re-enact' })
        .option('base-fee', { type: 'string', describe: `base fee (wei) for blocks without one (default ${DEFAULT_BASE_FEE})` })
        .option('seed', { type: 'number', default: 1, describe: 'devnet seed' })
        .option('manifest', { type: 'string', default: 'data/history/manifest.json', describe: 'where to write the manifest' })
        .check((a) => {
          if (!a.dataset && !a.recording && !a.v2?.length && !a.v3?.length) throw new Error('history import: expected --dataset, --recording, or --v2/--v3 files')
          return true
        }),
    async (args) => {
      const from = block('--from')(args.from)
      const to = block('--to')(args.to)
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
      await writeManifest(args.manifest, source.manifest)
      process.stdout.write(`ready ${source.rpcUrl} ${args.manifest} blocks=${timeline.from}-${timeline.to} built_ms=${Date.now() - t0}\n`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      await source.close()
    },
  )
}
