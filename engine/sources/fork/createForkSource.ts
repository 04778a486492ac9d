import type { Hex } from 'viem'
import { openArchive, type Archive, type ArchiveOptions, type ArchiveUsage } from '../../archive/openArchive.js'
import { createRpcClient, type RpcClientOptions } from '../../chain/createRpcClient.js'
import { withRetry } from '../../chain/withRetry.js'
import type { Manifest } from '../../devnet/manifest.js'
import { mainnetProfile } from '../../devnet/mainnetProfile.js'
import { BaseError } from '../../errors/BaseError.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { RpcError } from '../../errors/RpcError.js'
import type { HistoryBlock, HistorySource } from '../types.js'
import { validateHeaders, type RpcHeader } from './validateHeaders.js'

export type ForkSourceOptions = {
  /** Any JSON-RPC archive node (may carry an API key: it never appears in names, logs or errors). */
  rpcUrl: string
  from: bigint
  to: bigint
  /** Pools and contracts to watch. Default: mainnetProfile. */
  manifest?: Manifest
  /** Headers fetched per JSON-RPC batch. Default 100. */
  batchSize?: number
  /**
   * Retries of transient failures, with exponential backoff: the transport's (network, 5xx) and, on top, a
   * fresh read when the node's headers are inconsistent (behind, or reorging). Default 5.
   */
  retries?: number
  rpc?: Omit<RpcClientOptions, 'retries'>
  /**
   * Serve the range through a loopback forwarder with a persistent cache of immutable reads in front of
   * `rpcUrl` (`openArchive`): the source's `rpcUrl` is then the forwarder's, for every consumer (market reader,
   * simulations, Anvil forks), and the real URL never leaves this process.
   */
  archive?: ArchiveOptions
}

/** A fork source; `usage()` says what it cost upstream when it serves through an archive forwarder. */
export type ForkSource = HistorySource & { usage(): ArchiveUsage | undefined }

/**
 * History from a JSON-RPC archive node (mainnet, or anything that speaks it), optionally served through a
 * caching loopback forwarder (`archive`): checks the node answers and
 * that `from ≤ to ≤ head`, then yields the headers of the range in batches, validating each (number, hash,
 * parent continuity) before trusting it. Transient failures are retried with backoff; a wrong range is a
 * ConfigError naming --from/--to; an unreachable node is an RpcError naming the method and the redacted URL.
 *
 * @example
 * const source = await createForkSource({ rpcUrl: process.env.ARCHIVE_URL!, from: 18_937_382n, to: 18_937_400n })
 * for await (const block of source.blocks()) …
 */
export async function createForkSource(options: ForkSourceOptions): Promise<ForkSource> {
  const { from, to } = options
  const retries = options.retries ?? 5
  const safeUrl = redactUrl(options.rpcUrl)
  if (from > to) throw new ConfigError('--from/--to', '--from at most --to', `--from ${from} --to ${to}`)
  if (from < 0n) throw new ConfigError('--from', 'a block number ≥ 0', String(from))
  let archive: Archive | undefined
  let chainId: number
  let head: bigint
  if (options.archive) {
    archive = await openArchive(options.rpcUrl, { retries, ...(options.rpc?.timeoutMs !== undefined ? { timeoutMs: options.rpc.timeoutMs } : {}), checkBlock: to, ...options.archive })
    chainId = archive.chainId
    head = archive.head
  }
  // Through the archive forwarder, the engine's own retries are for the loopback hop only.
  const rpcUrl = archive?.url ?? options.rpcUrl
  const rpc = createRpcClient(rpcUrl, { ...options.rpc, retries })
  try {
    if (!archive) {
      const [chainIdHex, headHex] = await rpc.batch<[Hex, Hex]>([{ method: 'eth_chainId' }, { method: 'eth_blockNumber' }])
      chainId = Number(BigInt(chainIdHex))
      head = BigInt(headHex)
    }
    if (to > head!) throw new ConfigError('--to', `a block at most the node's head ${head!}`, String(to))
  } catch (e) {
    await archive?.close()
    throw e
  }
  const manifest = options.manifest ?? mainnetProfile
  if (manifest.chainId !== chainId!) {
    await archive?.close()
    throw new ConfigError('manifest.chainId', `the node's chain id ${chainId!}`, manifest.chainId, { details: `node: ${safeUrl}` })
  }
  const batchSize = BigInt(options.batchSize ?? 100)

  const fetchRaw = (start: bigint, end: bigint) => {
    const requests = []
    for (let b = start; b <= end; b++) requests.push({ method: 'eth_getBlockByNumber', params: [`0x${b.toString(16)}`, false] })
    const raw = rpc.batch<RpcHeader[]>(requests)
    raw.catch(() => {}) // awaited by `validated`; a batch read ahead and never used must not go unhandled
    return raw
  }
  /**
   * Validates headers already asked for; an inconsistent answer (the node is behind or reorging) is read
   * again. Transport failures were already retried by the client, so they are not retried here.
   */
  async function validated(raw: Promise<RpcHeader[]>, start: bigint, end: bigint, previous: HistoryBlock | undefined): Promise<HistoryBlock[]> {
    try {
      return await withRetry(async (attempt) => validateHeaders(await (attempt === 0 ? raw : fetchRaw(start, end)), start, previous), {
        retries,
        backoffMs: 100,
        retryable: (e) => e instanceof BaseError && e.retryable && !(e instanceof RpcError),
      })
    } catch (e) {
      if (e instanceof RpcError || !(e instanceof BaseError)) throw e
      throw new RpcError('eth_getBlockByNumber', options.rpcUrl, { details: `blocks ${start}–${end}: ${e.shortMessage}`, cause: e, retryable: true })
    }
  }

  return {
    name: `fork:${safeUrl}#${from}-${to}`,
    rpcUrl,
    chainId: chainId!,
    manifest,
    fromBlock: from,
    toBlock: to,
    async *blocks(start = from) {
      if (start < from || start > to) throw new ConfigError('--from', `a block within ${from}–${to}`, String(start))
      let previous: HistoryBlock | undefined
      const endOf = (b: bigint) => (b + batchSize - 1n < to ? b + batchSize - 1n : to)
      // The next batch of headers is asked for while this one is yielded, so a consumer reading ahead never
      // waits a round trip at a batch boundary.
      let ahead = fetchRaw(start, endOf(start))
      for (let b = start; b <= to; b += batchSize) {
        const current = ahead
        if (b + batchSize <= to) ahead = fetchRaw(b + batchSize, endOf(b + batchSize))
        const blocks = await validated(current, b, endOf(b), previous)
        for (const block of blocks) yield block
        previous = blocks[blocks.length - 1]
      }
    },
    usage: () => archive?.usage(),
    close: async () => {
      await archive?.close()
    },
  }
}
