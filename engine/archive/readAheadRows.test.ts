import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../backtest/runBacktest.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startRpcProxy, type RpcProxy } from '../chain/testing/startRpcProxy.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { createForkSource, type ForkSource } from '../sources/fork/createForkSource.js'
import type { HistorySource } from '../sources/types.js'
import { openStore, type Store } from '../store/openStore.js'

// A devnet "archive" with two planted mispricings, its range final (cacheable), behind a proxy that adds latency
// so reads of later blocks overtake earlier ones; replayed through the archive forwarder.
let chain: Anvil
let upstream: RpcProxy
let manifest: Manifest
let store: Store
let from: bigint
let to: bigint
const dir = mkdtempSync(join(tmpdir(), 'arb-readahead-rows-'))
const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode: 'flash' } })

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = BigInt(await chain.request<string>('eth_blockNumber')) + 1n
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x3'])
  await dumpWethOnV2(chain, manifest, 'sushiswap', 'USDT', 150n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x3'])
  to = BigInt(await chain.request<string>('eth_blockNumber'))
  await chain.request('anvil_mine', ['0x50']) // deeper than the finality depth (64): the range's reads are cached
  upstream = await startRpcProxy(chain.rpcUrl, { latencyMs: 3 })
  store = await openStore({ path: join(dir, 'rows.duckdb') })
}, 120_000)
afterAll(async () => {
  await store?.close()
  await upstream?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Options = { depth?: number; cache: string | false; wrap?: (s: ForkSource) => HistorySource; signal?: AbortController }
async function replay(o: Options) {
  const source = await createForkSource({ rpcUrl: upstream.url, manifest, from, to, archive: { cache: o.cache } })
  const executors = await Promise.all([0, 1].map(() => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest, chainId: source.chainId, forkBlock: from })))
  try {
    const result = await runBacktest({
      source: o.wrap ? o.wrap(source) : source,
      config,
      store,
      executor: executors,
      sourceSpec: { kind: 'test', depth: o.depth ?? 'adaptive', cache: o.cache !== false },
      ...(o.depth !== undefined ? { readAheadDepth: o.depth } : {}),
      archiveUsage: () => source.usage(),
      ...(o.signal ? { signal: o.signal.signal, onProgress: () => o.signal!.abort() } : {}),
    })
    return { runId: result.runId, status: result.status, usage: source.usage()! }
  } finally {
    await Promise.all(executors.map((e) => e.close()))
    await source.close()
  }
}

/** Every row of a run that must not depend on the cache or the read-ahead depth. */
async function rows(runId: string) {
  const q = (sql: string) => store.query(sql, [runId])
  return {
    blocks: await q('SELECT block_number, block_timestamp, base_fee FROM blocks WHERE run_id = ? ORDER BY block_number'),
    opportunities: await q('SELECT opportunity_id, block_number, strategy, route, amount_in, expected_profit FROM opportunities WHERE run_id = ? ORDER BY opportunity_id'),
    simulations: await q('SELECT opportunity_id, success, simulated_profit, gas_used, error, net_profit FROM simulations WHERE run_id = ? ORDER BY opportunity_id'),
    executions: await q('SELECT opportunity_id, tx_hash, success, realized_profit, gas_used, gas_cost, flash_fee, net_profit FROM executions WHERE run_id = ? ORDER BY opportunity_id'),
    rejections: await q('SELECT opportunity_id, reason, detail FROM rejections WHERE run_id = ? ORDER BY opportunity_id'),
  }
}
const recorded = async (runId: string) =>
  (await store.query<{ status: string; archive_requests: bigint | null; archive_calls: bigint | null; cache_hits: bigint | null }>('SELECT status, archive_requests, archive_calls, cache_hits FROM runs WHERE run_id = ?', [runId]))[0]!

describe('a replay read ahead over an archive', () => {
  it('writes the same rows with and without the cache and at every read-ahead depth', async () => {
    const cache = join(dir, 'cache')
    const first = await replay({ cache })
    const expected = await rows(first.runId)
    expect(expected.blocks).toHaveLength(Number(to - from + 1n))
    expect((expected.executions as unknown[]).length).toBeGreaterThan(1)
    const warm = await replay({ cache, depth: 1 })
    expect(warm.usage.cacheHits).toBeGreaterThan(warm.usage.calls)
    expect(await rows(warm.runId)).toEqual(expected)
    for (const depth of [4, 32]) {
      const run = await replay({ cache: false, depth })
      expect(run.usage.cacheHits, `depth ${depth}`).toBeLessThan(first.usage.calls)
      expect(await rows(run.runId), `depth ${depth} without the cache`).toEqual(expected)
    }
    // The engine recorded each run's archive cost in its row.
    const row = await recorded(warm.runId)
    expect([row.status, Number(row.archive_calls), Number(row.cache_hits)]).toEqual(['completed', warm.usage.calls, warm.usage.cacheHits])
  }, 300_000)

  it('records the archive cost of a run that was interrupted or failed', async () => {
    const stopped = await replay({ cache: false, signal: new AbortController() })
    expect(stopped.status).toBe('interrupted')
    const interrupted = await recorded(stopped.runId)
    expect(Number(interrupted.archive_requests)).toBe(stopped.usage.requests)
    expect(stopped.usage.requests).toBeGreaterThan(0)

    // A source that breaks after three blocks: the run fails, and what it read is still on its row.
    const breaking = (s: ForkSource): HistorySource => ({
      ...s,
      async *blocks(start) {
        let n = 0
        for await (const b of s.blocks(start)) {
          if (n++ === 3) throw new Error('archive went away')
          yield b
        }
      },
    })
    const before = (await store.query<{ run_id: string }>('SELECT run_id FROM runs')).map((r) => r.run_id)
    await expect(replay({ cache: false, wrap: breaking })).rejects.toThrow('archive went away')
    const [failedId] = (await store.query<{ run_id: string }>('SELECT run_id FROM runs')).map((r) => r.run_id).filter((id) => !before.includes(id))
    const failed = await recorded(failedId!)
    expect(failed.status).toBe('failed')
    expect(Number(failed.archive_requests)).toBeGreaterThan(0)
  }, 180_000)
})
