import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { Address, Hex } from 'viem'
import { createRpcClient } from '../../chain/createRpcClient.js'
import type { Manifest } from '../../devnet/manifest.js'
import { mainnetProfile } from '../../devnet/mainnetProfile.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { createForkSource } from '../fork/createForkSource.js'
import { describePools } from './describePools.js'
import { fetchPoolEvents } from './fetchPoolEvents.js'
import { eventColumns, headerColumns, poolColumns, RECORDING_FILES, type HeaderRow, type RecordingMeta } from './recordingFormat.js'
import { writeParquet } from './writeParquet.js'

export type RecordHistoryOptions = {
  rpcUrl: string
  from: bigint
  to: bigint
  /** Pools to record; default: every pool of the manifest. */
  pools?: Address[]
  /** Names venues; default mainnetProfile on chain 1. */
  manifest?: Manifest
  /** Output folder; must not exist yet. */
  out: string
  /** Blocks per eth_getLogs call. Default 2,000. */
  logChunk?: bigint
  onProgress?: (stage: 'headers' | 'events', block: bigint) => void
}

/**
 * Records a block range of a JSON-RPC node for offline replay (`arb history record`): validated headers
 * (number, hash, parent, timestamp, base fee), the pools' V2 Sync/Swap/Mint/Burn and V3 Swap/Mint/Burn
 * events, and each pool's state at the end of `from`, as Parquet files (see RECORDING_FILES). Everything is
 * written into a temporary folder next to `out` and renamed to `out` only when complete, so a failed
 * recording never leaves a folder that looks valid.
 *
 * @example
 * await recordHistory({ rpcUrl, from: 18_937_382n, to: 18_937_481n, out: 'data/recordings/usdc-weth' })
 */
export async function recordHistory(options: RecordHistoryOptions): Promise<{ out: string; meta: RecordingMeta }> {
  const out = resolve(options.out)
  if (existsSync(out)) throw new ConfigError('--out', 'a folder that does not exist yet (recordings are never overwritten)', out)
  if (options.from > options.to) throw new ConfigError('--from/--to', '--from at most --to', `--from ${options.from} --to ${options.to}`)
  const rpc = createRpcClient(options.rpcUrl)
  const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
  const manifest = options.manifest ?? (chainId === 1 ? mainnetProfile : undefined)
  const pools = options.pools ?? manifest?.pools.map((p) => p.address)
  if (!pools || pools.length === 0) throw new ConfigError('--pools', 'pool addresses to record (comma-separated)', undefined)
  // Range checks (from ≤ to ≤ head) and header validation are the fork source's.
  const source = await createForkSource({ rpcUrl: options.rpcUrl, from: options.from, to: options.to, manifest: manifest ?? { ...mainnetProfile, chainId } })

  const poolRows = await describePools(rpc, pools, options.from, manifest)
  const headers: HeaderRow[] = []
  for await (const b of source.blocks()) {
    headers.push({ number: b.number, hash: b.hash, parent_hash: '', timestamp: b.timestamp, base_fee: String(b.baseFee) })
    if (headers.length % 500 === 0) options.onProgress?.('headers', b.number)
  }
  // Parent hashes: the fork source checked the links, so each block's parent is the previous row.
  const parent = await rpc.request<{ parentHash: Hex }>('eth_getBlockByNumber', [`0x${options.from.toString(16)}`, false])
  headers.forEach((h, i) => (h.parent_hash = i === 0 ? parent.parentHash : headers[i - 1]!.hash))
  const events = await fetchPoolEvents(rpc, {
    pools: poolRows.map((p) => p.pool as Address),
    v3: new Set(poolRows.filter((p) => p.kind === 'v3').map((p) => p.pool)),
    from: options.from,
    to: options.to,
    chunk: options.logChunk,
    onChunk: (b) => options.onProgress?.('events', b),
  })

  const meta: RecordingMeta = {
    from: String(options.from),
    to: String(options.to),
    chainId,
    source: redactUrl(options.rpcUrl),
    recordedAt: new Date().toISOString(),
    pools: poolRows.length,
    events: events.length,
  }
  const tmp = join(dirname(out), `.${RECORDING_FILES.meta}.${process.pid}.${Date.now()}.tmp`)
  await mkdir(tmp, { recursive: true })
  try {
    await writeParquet(join(tmp, RECORDING_FILES.headers), headers, headerColumns)
    await writeParquet(join(tmp, RECORDING_FILES.events), events, eventColumns)
    await writeParquet(join(tmp, RECORDING_FILES.pools), poolRows, poolColumns)
    await writeFile(join(tmp, RECORDING_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`)
    await rename(tmp, out)
  } catch (e) {
    await rm(tmp, { recursive: true, force: true })
    throw e
  }
  return { out, meta }
}
