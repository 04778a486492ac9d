import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { childPids } from '../chain/childPids.js'
import { openStore } from '../store/openStore.js'
import { runArb } from './runArb.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-backtest-cli-'))
const leftovers: number[] = []
afterAll(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true })
})

const BLOCKS = 24
const scenario = ['--scenario', 'stress', '--blocks', String(BLOCKS), '--seed', '5', '--strategy', 'spatial', '--strategy', 'triangular']

/** Every recorded row of a run, without run id, wall-clock times and latencies: what must be identical. */
async function tables(db: string, runId: string) {
  const store = await openStore({ path: db, readOnly: true })
  try {
    const q = (sql: string) => store.query(sql, [runId])
    return {
      blocks: await q('SELECT block_number, block_timestamp, base_fee FROM blocks WHERE run_id = ? ORDER BY block_number'),
      opportunities: await q('SELECT opportunity_id, block_number, strategy, kind, route, token_in, amount_in, expected_profit FROM opportunities WHERE run_id = ? ORDER BY opportunity_id'),
      simulations: await q('SELECT opportunity_id, success, simulated_profit, gas_used, error, net_profit FROM simulations WHERE run_id = ? ORDER BY opportunity_id'),
      executions: await q('SELECT opportunity_id, tx_hash, success, realized_profit, gas_used, gas_cost, flash_fee, net_profit FROM executions WHERE run_id = ? ORDER BY opportunity_id'),
      rejections: await q('SELECT opportunity_id, reason, detail FROM rejections WHERE run_id = ? ORDER BY opportunity_id'),
    }
  } finally {
    await store.close()
  }
}

describe('arb backtest', () => {
  it('after kill -9 in the middle of a run, --resume gives the same tables as an uninterrupted run', async () => {
    const full = join(dir, 'full.duckdb')
    const a = await runArb(['backtest', ...scenario, '--db', full]).done
    expect(a.code, a.stderr).toBe(0)
    const runA = /run id: (\S+)/.exec(a.stdout)![1]!

    const crashed = join(dir, 'crashed.duckdb')
    const b = runArb(['backtest', ...scenario, '--db', crashed, '--log-every', '1'], { env: { ARB_LOG_LEVEL: 'silent' } })
    // Wait until some blocks are recorded, then kill without warning.
    await new Promise<void>((resolve, reject) => {
      let seen = ''
      b.child.stderr!.on('data', (d) => {
        seen += d
        if ((seen.match(/^block \d+/gm) ?? []).length >= BLOCKS / 3) resolve()
      })
      b.done.then(() => reject(new Error(`finished before it could be killed: ${seen}`)))
    })
    const anvils = childPids(b.child.pid!)
    leftovers.push(...anvils)
    b.child.kill('SIGKILL')
    await b.done
    for (const pid of anvils) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }

    const store = await openStore({ path: crashed, readOnly: true })
    const [row] = await store.query<{ run_id: string; status: string; next_block: bigint; to_block: bigint }>('SELECT run_id, status, next_block, to_block FROM runs')
    await store.close()
    expect(row!.status).toBe('running')
    expect(row!.next_block).toBeLessThan(row!.to_block + 1n)

    const c = await runArb(['backtest', '--resume', row!.run_id, '--db', crashed]).done
    expect(c.code, c.stderr).toBe(0)
    expect(c.stdout).toContain(`run id: ${row!.run_id}`)

    expect(await tables(crashed, row!.run_id)).toEqual(await tables(full, runA))
  }, 300_000)

  it('rejects bad arguments naming them, without a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['--fork-url', 'http://127.0.0.1:1', '--from', '10', '--to', '5'], /--to: expected a block >= --from \(10\), got 5/],
      [['--strategy', 'zigzag'], /--strategy: expected one of spatial, triangular, multi-hop, two-step \(got "zigzag"\)/],
      [['--dataset', 'no-such-dataset'], /--dataset: expected one of real-usdc-weth-2024-01-05/],
      [['--blocks', '0'], /--blocks: expected an integer >= 1/],
      [['--fork-url', 'http://127.0.0.1:9'], /--fork-url needs --from and --to/],
    ]
    for (const [args, re] of cases) {
      const r = await runArb(['backtest', ...args, '--db', join(dir, 'bad.duckdb')]).done
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr).toMatch(re)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  }, 120_000)

  it('gives a clear error for an unreachable RPC, naming the method and the redacted URL', async () => {
    const r = await runArb(['backtest', '--fork-url', 'http://127.0.0.1:9/v2/abcdefghijklmnopqrstuvwxyz123456', '--from', '1', '--to', '2', '--db', join(dir, 'rpc.duckdb')]).done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/RPC \S+ to http:\/\/127\.0\.0\.1:9\/v2\/\*\*\* failed/)
    expect(r.stderr).not.toContain('abcdefghijklmnopqrstuvwxyz123456')
  }, 120_000)

  it('loads a config file and refuses an invalid one naming the field', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ strategies: [{ name: 'spatial', minProfit: '-1' }] }))
    const r = await runArb(['backtest', '--config', bad, '--db', join(dir, 'cfg.duckdb')]).done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/strategies\[0\]\.minProfit: expected a string of digits \(base units/)
  }, 60_000)
})
