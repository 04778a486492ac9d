import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import type { Hex } from 'viem'
import { createRateLimiter } from '../chain/createRateLimiter.js'
import { createRpcClient, type RpcRequest } from '../chain/createRpcClient.js'
import { isLoopbackUrl } from '../chain/isLoopbackUrl.js'
import { startRpcForwarder, type ForwarderCache } from '../chain/startRpcForwarder.js'
import { ConfigError } from '../errors/ConfigError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { createArchiveCache, type ArchiveCache } from './createArchiveCache.js'
import { immutablePin, isImmutableAnswer } from './immutableCall.js'

/** Where the cache lives when `--cache` is not given: one folder per chain id under it. */
export const DEFAULT_CACHE_ROOT = 'data/cache'

export type ArchiveOptions = {
  /**
   * Root folder of the persistent cache of immutable reads (entries go to `<cache>/<chainId>/`), or false for
   * none. Default: `data/cache` for a remote node; none for a loopback one (a local node answers as fast as the
   * cache, and a devnet's history is not a canonical chain's).
   */
  cache?: string | false
  /** Bytes on disk the cache may use (per chain). Default 4 GiB. */
  maxCacheBytes?: number
  /** Calls per second sent upstream, at most (`--rpc-rate`). Default: unlimited. */
  rpcRate?: number
  /** Most calls per upstream HTTP request (the provider's batch cap). Default 1,000. */
  maxBatchSize?: number
  /** Blocks below the node's head before a block's reads are cached (reorgs do not reach deeper). Default 64. */
  finalityDepth?: number
  /**
   * A block whose header is compared with the cache's copy before anything is served from it (a replay passes
   * its last block): a cache filled from another chain with the same id is refused, not trusted.
   */
  checkBlock?: bigint
  /** Transport retries of transient upstream failures. Default 5. */
  retries?: number
  /** Per-request upstream timeout (ms). Default 30 s. */
  timeoutMs?: number
}

/** What a run cost upstream and what the cache saved. */
export type ArchiveUsage = {
  /** HTTP requests sent to the archive (what a per-request plan bills). */
  requests: number
  /** JSON-RPC calls sent to the archive (what a per-call plan bills). */
  calls: number
  /** Bytes sent and received. */
  bytes: number
  /** Calls answered by the local cache (or by an identical call already in flight). */
  cacheHits: number
  /** Answers that were a rate limit. */
  rateLimited: number
}

export type Archive = {
  /** Loopback URL that serves the archive (with the cache in front): give it to every consumer, Anvil included. */
  readonly url: string
  readonly chainId: number
  /** The node's head when opened. */
  readonly head: bigint
  /** The cache folder in use (`<root>/<chainId>`), if any. */
  readonly cacheDir: string | undefined
  usage(): ArchiveUsage
  /** Stops the forwarder and closes the cache. Idempotent. */
  close(): Promise<void>
}

/**
 * Opens an archive endpoint for a replay: probes it (chain id, head; one request), opens the persistent cache
 * of immutable reads for its chain, and starts a loopback forwarder in front of it that adds the real URL's
 * credentials, answers reads pinned to final blocks from the cache, stores new ones, and spaces calls to
 * `rpcRate`. Everything the replay reads (headers, market state, simulations, and every Anvil fork's state)
 * goes through `archive.url`, so a second replay of the same range, a resume, or a sweep's later points send
 * no state reads upstream, and the real URL never leaves this process.
 *
 * @example
 * const archive = await openArchive(process.env.ARCHIVE_URL!, { rpcRate: 25, checkBlock: 18_938_000n })
 * const source = await createForkSource({ rpcUrl: archive.url, from, to })
 */
export async function openArchive(upstreamUrl: string, options: ArchiveOptions = {}): Promise<Archive> {
  const finalityDepth = BigInt(options.finalityDepth ?? 64)
  const upstream = createRpcClient(upstreamUrl, {
    retries: options.retries ?? 5,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBatchSize: options.maxBatchSize ?? 1_000,
    ...(options.rpcRate !== undefined ? { rateLimiter: createRateLimiter(options.rpcRate) } : {}),
  })
  const check = options.checkBlock !== undefined ? ({ method: 'eth_getBlockByNumber', params: [`0x${options.checkBlock.toString(16)}`, false] } as const) : undefined
  const probe: RpcRequest[] = [{ method: 'eth_chainId' }, { method: 'eth_blockNumber' }, ...(check ? [check] : [])]
  const [chainIdHex, headHex, checked] = await upstream.batch<[Hex, Hex, { hash: Hex } | null | undefined]>(probe)
  const chainId = Number(BigInt(chainIdHex))
  const head = BigInt(headHex)
  const finalBlock = () => head - finalityDepth

  const root = options.cache ?? (isLoopbackUrl(upstreamUrl) ? false : DEFAULT_CACHE_ROOT)
  let store: ArchiveCache | undefined
  let cacheDir: string | undefined
  if (root !== false) {
    cacheDir = resolve(join(root, String(chainId)))
    store = createArchiveCache(cacheDir, options.maxCacheBytes !== undefined ? { maxBytes: options.maxCacheBytes } : {})
  }
  const digest = (call: RpcRequest) => createHash('sha256').update(call.method).update('\0').update(JSON.stringify(call.params ?? [])).digest()
  const cache: ForwarderCache | undefined = store && {
    lookup(call) {
      const pin = immutablePin(call)
      if (!pin || ('block' in pin && pin.block > finalBlock())) return undefined
      const key = digest(call)
      const value = store!.get(key)
      return { key: key.toString('latin1'), answer: value?.toString('utf8') }
    },
    store(call, key, answer, text) {
      const pin = immutablePin(call)
      if (pin && isImmutableAnswer(call, pin, answer, finalBlock())) store!.put(Buffer.from(key, 'latin1'), Buffer.from(text, 'utf8'))
    },
  }

  if (cache && check && checked) {
    const look = cache.lookup(check)
    const cached = look?.answer ? (JSON.parse(look.answer) as { result?: { hash?: string } }).result?.hash : undefined
    if (cached !== undefined && cached !== checked.hash) {
      store!.close()
      throw new ConfigError(
        '--cache',
        `a cache filled from this chain (its block ${options.checkBlock} has hash ${checked.hash} on ${redactUrl(upstreamUrl)}, the cache has ${cached})`,
        cacheDir,
        { details: 'the folder was filled from another chain with the same chain id (a devnet?): pass another --cache folder, or remove this one' },
      )
    }
    if (look && !look.answer) cache.store(check, look.key, { result: checked }, JSON.stringify({ result: checked }))
  }

  const forwarder = await startRpcForwarder({ upstream, chainId, ...(cache ? { cache } : {}) })
  let closed: Promise<void> | undefined
  return {
    url: forwarder.url,
    chainId,
    head,
    cacheDir,
    usage() {
      const u = forwarder.usage()
      return { requests: u.upstream.requests, calls: u.upstream.calls, bytes: u.upstream.bytesSent + u.upstream.bytesReceived, cacheHits: u.cacheHits + u.shared, rateLimited: u.upstream.rateLimited }
    },
    close: () =>
      (closed ??= forwarder.close().then(() => {
        store?.close()
      })),
  }
}
