import type { Hex } from 'viem'
import { createRpcClient, type RpcClientOptions } from '../../chain/createRpcClient.js'
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
  /** Retries of transient failures (network, 429/5xx, inconsistent headers), with exponential backoff. Default 5. */
  retries?: number
  rpc?: Omit<RpcClientOptions, 'retries'>
}

/**
 * History from a JSON-RPC archive node (mainnet, or anything that speaks it): checks the node answers and
 * that `from ≤ to ≤ head`, then yields the headers of the range in batches, validating each (number, hash,
 * parent continuity) before trusting it. Transient failures are retried with backoff; a wrong range is a
 * ConfigError naming --from/--to; an unreachable node is an RpcError naming the method and the redacted URL.
 *
 * @example
 * const source = await createForkSource({ rpcUrl: process.env.ARCHIVE_URL!, from: 18_937_382n, to: 18_937_400n })
 * for await (const block of source.blocks()) …
 */
export async function createForkSource(options: ForkSourceOptions): Promise<HistorySource> {
  const { rpcUrl, from, to } = options
  const retries = options.retries ?? 5
  const rpc = createRpcClient(rpcUrl, { ...options.rpc, retries })
  const safeUrl = redactUrl(rpcUrl)
  if (from > to) throw new ConfigError('--from/--to', '--from at most --to', `--from ${from} --to ${to}`)
  if (from < 0n) throw new ConfigError('--from', 'a block number ≥ 0', String(from))
  const [chainIdHex, headHex] = await Promise.all([rpc.request<Hex>('eth_chainId'), rpc.request<Hex>('eth_blockNumber')])
  const head = BigInt(headHex)
  if (to > head) throw new ConfigError('--to', `a block at most the node's head ${head}`, String(to))
  const manifest = options.manifest ?? mainnetProfile
  const chainId = Number(BigInt(chainIdHex))
  if (manifest.chainId !== chainId) {
    throw new ConfigError('manifest.chainId', `the node's chain id ${chainId}`, manifest.chainId, { details: `node: ${safeUrl}` })
  }
  const batchSize = BigInt(options.batchSize ?? 100)

  async function fetchBatch(start: bigint, end: bigint, previous: HistoryBlock | undefined): Promise<HistoryBlock[]> {
    let lastError: unknown
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)))
      const requests = []
      for (let b = start; b <= end; b++) requests.push({ method: 'eth_getBlockByNumber', params: [`0x${b.toString(16)}`, false] })
      try {
        return validateHeaders(await rpc.batch<RpcHeader[]>(requests), start, previous)
      } catch (e) {
        if (!(e instanceof BaseError) || !e.retryable) throw e
        lastError = e
      }
    }
    throw new RpcError('eth_getBlockByNumber', rpcUrl, { details: `blocks ${start}–${end}: ${(lastError as BaseError).shortMessage}`, cause: lastError, retryable: true })
  }

  return {
    name: `fork:${safeUrl}#${from}-${to}`,
    rpcUrl,
    chainId,
    manifest,
    fromBlock: from,
    toBlock: to,
    async *blocks(start = from) {
      if (start < from || start > to) throw new ConfigError('--from', `a block within ${from}–${to}`, String(start))
      let previous: HistoryBlock | undefined
      for (let b = start; b <= to; b += batchSize) {
        const end = b + batchSize - 1n < to ? b + batchSize - 1n : to
        const blocks = await fetchBatch(b, end, previous)
        for (const block of blocks) yield block
        previous = blocks[blocks.length - 1]
      }
    },
    close: async () => {},
  }
}
