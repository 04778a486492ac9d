import type { ArchiveOptions } from '../archive/openArchive.js'

/** Highest `--rpc-rate` (calls per second): far above any provider's plan, a bound against typos. */
export const MAX_RPC_RATE = 100_000
/** Highest `--rpc-batch` (calls per HTTP request). */
export const MAX_RPC_BATCH = 10_000

/** The archive flags of `arb backtest` and `arb sweep`, as yargs options. */
export const archiveFlagOptions = {
  cache: { type: 'string', describe: 'folder of the cache of immutable archive reads (entries in DIR/<chainId>/; default data/cache for a remote --fork-url, none for a loopback one); --no-cache for none' },
  'rpc-rate': { type: 'number', describe: `most JSON-RPC calls per second sent to the --fork-url node (default: unlimited; at most ${MAX_RPC_RATE.toLocaleString('en-US')})` },
  'rpc-batch': { type: 'number', describe: `most calls per batch request to the --fork-url node (default 1000; lower it to the provider’s cap; at most ${MAX_RPC_BATCH.toLocaleString('en-US')})` },
} as const

type ArchiveFlags = { cache?: string | boolean; 'rpc-rate'?: number; 'rpc-batch'?: number }

/**
 * Checks `--cache`, `--rpc-rate` and `--rpc-batch` (a yargs `.check`): throws an Error naming the flag and
 * the expected form.
 */
export function checkArchiveFlags(a: ArchiveFlags): void {
  const batch = a['rpc-batch']
  if (batch !== undefined && (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1 || batch > MAX_RPC_BATCH)) {
    throw new Error(`--rpc-batch: expected an integer from 1 to ${MAX_RPC_BATCH} (got ${String(batch)})`)
  }
  const rate = a['rpc-rate']
  if (rate !== undefined && !(typeof rate === 'number' && rate > 0 && rate <= MAX_RPC_RATE)) {
    throw new Error(`--rpc-rate: expected a number of calls per second > 0 and at most ${MAX_RPC_RATE} (got ${String(rate)})`)
  }
  if (a.cache === '') throw new Error('--cache: expected a folder (or --no-cache)')
}

/** The archive options the flags ask for (only those given; openArchive's defaults for the rest). */
export function archiveOptionsOf(a: ArchiveFlags): ArchiveOptions {
  return {
    ...(a.cache !== undefined ? { cache: a.cache === false ? (false as const) : String(a.cache) } : {}),
    ...(a['rpc-rate'] !== undefined ? { rpcRate: a['rpc-rate'] } : {}),
    ...(a['rpc-batch'] !== undefined ? { maxBatchSize: a['rpc-batch'] } : {}),
  }
}
