import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { childPids } from '../chain/childPids.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startRpcProxy, type RpcProxy } from '../chain/testing/startRpcProxy.js'
import { runArb } from '../cli/runArb.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { openStore } from '../store/openStore.js'
import { immutablePin } from './immutableCall.js'

// An "archive" (a devnet Anvil with a planted mispricing) behind a counting proxy, reached with a URL that
// carries a user, a password and an API key (Anvil ignores them), given to `arb backtest` through ARB_FORK_URL.
let chain: Anvil
let upstream: RpcProxy
let manifest: Manifest
let from: bigint
let to: bigint
let secretUrl: string
const SECRETS = /hunter2pw|topsecretkey0123456789|bob:/
const dir = mkdtempSync(join(tmpdir(), 'arb-archive-cli-'))

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = BigInt(await chain.request<string>('eth_blockNumber')) + 1n
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x3'])
  to = BigInt(await chain.request<string>('eth_blockNumber'))
  await chain.request('anvil_mine', ['0x50']) // the range is now deeper than the finality depth (64): cacheable
  upstream = await startRpcProxy(chain.rpcUrl, { log: true })
  secretUrl = `${upstream.url.replace('http://', 'http://bob:hunter2pw@')}/?apikey=topsecretkey0123456789`
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest))
}, 120_000)
afterAll(async () => {
  await upstream?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Every row a run wrote that must not depend on the cache, without run id and timings. */
async function rows(db: string, runId: string) {
  const store = await openStore({ path: db, readOnly: true })
  try {
    const q = (sql: string) => store.query(sql, [runId])
    return {
      blocks: await q('SELECT block_number, block_timestamp, base_fee FROM blocks WHERE run_id = ? ORDER BY block_number'),
      opportunities: await q('SELECT opportunity_id, block_number, strategy, route, amount_in, expected_profit FROM opportunities WHERE run_id = ? ORDER BY opportunity_id'),
      simulations: await q('SELECT opportunity_id, success, simulated_profit, gas_used, error, net_profit FROM simulations WHERE run_id = ? ORDER BY opportunity_id'),
      executions: await q('SELECT opportunity_id, tx_hash, success, realized_profit, gas_used, gas_cost, flash_fee, net_profit FROM executions WHERE run_id = ? ORDER BY opportunity_id'),
      rejections: await q('SELECT opportunity_id, reason, detail FROM rejections WHERE run_id = ? ORDER BY opportunity_id'),
    }
  } finally {
    await store.close()
  }
}

/** Runs `arb backtest` over the archive, reading every descendant's command line while it runs. */
async function backtest(db: string, extra: string[]) {
  const run = runArb(['backtest', '--from', String(from), '--to', String(to), '--manifest', join(dir, 'manifest.json'), '--strategy', 'spatial', '--workers', '2', '--db', db, ...extra], {
    env: { ARB_FORK_URL: secretUrl },
  })
  const argvs = new Set<string>()
  const scan = () => {
    const seen = new Set<number>()
    const walk = (pid: number) => {
      if (seen.has(pid)) return
      seen.add(pid)
      try {
        argvs.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))
      } catch {}
      for (const c of childPids(pid)) walk(c)
    }
    walk(run.child.pid!)
  }
  const timer = setInterval(scan, 25)
  const r = await run.done
  clearInterval(timer)
  expect(r.code, r.stderr).toBe(0)
  return { runId: /run id: (\S+)/.exec(r.stdout)![1]!, stderr: r.stderr, argvs: [...argvs] }
}

describe('arb backtest over an archive', () => {
  it('keeps the key out of every process, caches immutable reads, and writes the same rows with and without the cache', async () => {
    const cache = join(dir, 'cache')
    const mark = () => upstream.calls.length
    const m0 = mark()
    const first = await backtest(join(dir, 'first.duckdb'), ['--cache', cache])
    const m1 = mark()
    const second = await backtest(join(dir, 'second.duckdb'), ['--cache', cache])
    const m2 = mark()
    const uncached = await backtest(join(dir, 'none.duckdb'), ['--no-cache'])

    // No command line holds the URL's secrets: not the CLI's (the URL came from the environment), not Anvil's.
    for (const run of [first, second, uncached]) {
      expect(run.argvs.some((a) => /anvil/.test(a))).toBe(true)
      expect(run.argvs.filter((a) => SECRETS.test(a))).toEqual([])
      expect(run.stderr).not.toMatch(SECRETS)
    }

    // The second run reads no state upstream: only the probe (chain id, head, the range's last header) and reads
    // at blocks too recent to cache (fork nodes start at the range's first block, a cached one).
    const final = BigInt(await chain.request<string>('eth_blockNumber')) - 64n
    const pinned = (a: number, b: number) =>
      upstream.calls.slice(a, b).filter((c) => {
        const pin = immutablePin(c)
        return pin !== undefined && (!('block' in pin) || pin.block <= final)
      })
    expect(pinned(m0, m1).length).toBeGreaterThan(10)
    expect(pinned(m1, m2)).toEqual([{ method: 'eth_getBlockByNumber', params: [`0x${to.toString(16)}`, false] }])
    expect(second.stderr).toMatch(/archive: [\d.]+ requests\/block \(\d+ requests, \d+ calls, [\d.]+ MB\), [\d,]+ cache hits/)

    const store = await openStore({ path: join(dir, 'second.duckdb'), readOnly: true })
    try {
      const [row] = await store.query<{ archive_requests: bigint; archive_calls: bigint; cache_hits: bigint; archive_bytes: bigint }>(
        'SELECT archive_requests, archive_calls, cache_hits, archive_bytes FROM runs WHERE run_id = ?',
        [second.runId],
      )
      expect(row!.archive_requests).toBeGreaterThan(0n)
      expect(row!.cache_hits).toBeGreaterThan(row!.archive_calls)
    } finally {
      await store.close()
    }

    // `arb show` prints the run's recorded archive cost.
    const shown = await runArb(['show', second.runId, '--db', join(dir, 'second.duckdb')]).done
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/archive: [\d.]+ requests\/block \(\d+ requests, \d+ calls, [\d.]+ MB\), [\d,]+ cache hits/)

    const expected = await rows(join(dir, 'first.duckdb'), first.runId)
    expect((expected.executions as unknown[]).length).toBeGreaterThan(0)
    expect(await rows(join(dir, 'second.duckdb'), second.runId)).toEqual(expected)
    expect(await rows(join(dir, 'none.duckdb'), uncached.runId)).toEqual(expected)
  }, 240_000)
})
