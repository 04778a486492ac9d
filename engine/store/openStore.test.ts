import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { StoreError } from '../errors/StoreError.js'
import { openStore, type Store } from './openStore.js'

const HUGEINT_MAX = 2n ** 127n - 1n
const HUGEINT_MIN = -(2n ** 127n)

let dir: string
const open: Store[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alphapulse-store-'))
})
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close()
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function storeAt(name: string): Promise<Store> {
  const store = await openStore({ path: join(dir, name) })
  open.push(store)
  return store
}

function opportunity(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    run_id: 'run-1',
    opportunity_id: `opp-${i}`,
    block_number: 18_000_000n + BigInt(i >> 4),
    block_hash: `0x${(18_000_000 + (i >> 4)).toString(16).padStart(64, '0')}`,
    strategy: i % 2 === 0 ? 'spatial' : 'triangular',
    kind: 'cycle',
    route: JSON.stringify(['0xpoolA', '0xpoolB']),
    token_in: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
    // Above 2^64 and alternating sign: UBIGINT or DOUBLE would lose these.
    amount_in: 2n ** 100n + BigInt(i) * 1_000_000_007n,
    expected_profit: (i % 2 === 0 ? 1n : -1n) * (2n ** 64n + BigInt(i) * 3n),
    execution_mode: i % 3 === 0 ? 'flash' : 'capital',
    detected_at: new Date(1_700_000_000_000 + i),
    detect_latency_us: i / 7,
    ...overrides,
  }
}

describe('openStore', () => {
  it('creates the parent directory of a new file', async () => {
    const path = join(dir, 'nested', 'deeper', 'db.duckdb')
    const store = await openStore({ path })
    open.push(store)
    expect((await stat(path)).isFile()).toBe(true)
  })

  it('round-trips a 100,000-row batch exactly, amounts above 2^64 and negative ones included', async () => {
    const store = await storeAt('roundtrip.duckdb')
    const rows = Array.from({ length: 100_000 }, (_, i) => opportunity(i))
    await store.append('opportunities', rows)

    const back = await store.query<Record<string, unknown>>(
      "SELECT * FROM opportunities ORDER BY CAST(substr(opportunity_id, 5) AS INTEGER)",
    )
    expect(back).toHaveLength(rows.length)
    for (let i = 0; i < rows.length; i++) {
      if (i % 9973 === 0 || i === rows.length - 1) expect(back[i]).toEqual(rows[i])
      // Every row's money columns, not a sample: these are what must never wrap or round.
      expect(back[i]!.amount_in).toBe(rows[i]!.amount_in)
      expect(back[i]!.expected_profit).toBe(rows[i]!.expected_profit)
    }
    const expectedSum = rows.reduce((s, r) => s + (r.expected_profit as bigint), 0n)
    const [sum] = await store.query<{ total: bigint }>('SELECT sum(expected_profit) AS total FROM opportunities')
    expect(sum!.total).toBe(expectedSum)
  })

  it('stores the HUGEINT extremes and refuses one past them, naming table and column, writing nothing', async () => {
    const store = await storeAt('range.duckdb')
    await store.append('opportunities', [opportunity(0, { expected_profit: HUGEINT_MAX }), opportunity(1, { expected_profit: HUGEINT_MIN })])
    const rows = await store.query<{ p: bigint }>('SELECT expected_profit AS p FROM opportunities ORDER BY opportunity_id')
    expect(rows.map((r) => r.p)).toEqual([HUGEINT_MAX, HUGEINT_MIN])

    for (const bad of [HUGEINT_MAX + 1n, HUGEINT_MIN - 1n]) {
      const error = await store
        .append('opportunities', [opportunity(2), opportunity(3, { expected_profit: bad })])
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StoreError)
      expect((error as StoreError).code).toBe('value-out-of-range')
      expect((error as StoreError).message).toContain('opportunities.expected_profit')
      expect((error as StoreError).message).toContain('row 1')
    }
    const error = await store.append('blocks', [{ run_id: 'r', block_number: -1n, block_timestamp: 1n, processed_at: new Date() }]).catch((e) => e)
    expect((error as StoreError).message).toContain('blocks.block_number (UBIGINT)')
    const [count] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities')
    expect(count!.n).toBe(2n)
  })

  it('refuses a number for a HUGEINT column and an unknown key', async () => {
    const store = await storeAt('types.duckdb')
    const asNumber = await store.append('opportunities', [opportunity(0, { amount_in: 5 })]).catch((e) => e)
    expect(asNumber).toMatchObject({ code: 'invalid-row', table: 'opportunities', column: 'amount_in' })
    const typo = await store.append('opportunities', [opportunity(0, { amountIn: 5n })]).catch((e) => e)
    expect(typo).toMatchObject({ code: 'invalid-row', column: 'amountIn' })
  })

  it('errors on a duplicate primary key, within one call and across calls, and keeps the call all-or-nothing', async () => {
    const store = await storeAt('dup.duckdb')
    await store.append('opportunities', [opportunity(1)])
    const across = await store.append('opportunities', [opportunity(2), opportunity(1)]).catch((e) => e)
    expect(across).toMatchObject({ code: 'constraint', table: 'opportunities' })
    const within = await store.append('opportunities', [opportunity(3), opportunity(3)]).catch((e) => e)
    expect(within).toMatchObject({ code: 'constraint' })
    const ids = await store.query<{ id: string }>('SELECT opportunity_id AS id FROM opportunities')
    expect(ids).toEqual([{ id: 'opp-1' }])
    // The store is still usable after a refused write.
    await store.append('opportunities', [opportunity(4)])
  })

  it('binds bigint and Date query parameters and returns bigint for UBIGINT', async () => {
    const store = await storeAt('params.duckdb')
    await store.append('opportunities', [opportunity(0), opportunity(32)])
    const rows = await store.query<{ id: string; block_number: bigint }>(
      'SELECT opportunity_id AS id, block_number FROM opportunities WHERE block_number > $1 AND detected_at > $2',
      [18_000_000n, new Date(1_700_000_000_000)],
    )
    expect(rows).toEqual([{ id: 'opp-32', block_number: 18_000_002n }])
    const tooBig = await store.query('SELECT $1', [HUGEINT_MAX + 1n]).catch((e) => e)
    expect(tooBig).toMatchObject({ code: 'value-out-of-range' })
    const badSql = await store.query('SELECT * FROM no_such_table').catch((e) => e)
    expect(badSql).toMatchObject({ code: 'query' })
  })

  it('opens read-only without writing and refuses writes', async () => {
    const path = join(dir, 'ro.duckdb')
    const writer = await openStore({ path })
    await writer.append('opportunities', [opportunity(0)])
    await writer.close()
    const reader = await openStore({ path, readOnly: true })
    open.push(reader)
    expect(await reader.query('SELECT opportunity_id FROM opportunities')).toEqual([{ opportunity_id: 'opp-0' }])
    await expect(reader.append('opportunities', [opportunity(1)])).rejects.toBeInstanceOf(StoreError)
  })

  it('refuses a second open of the same file in this process, and use after close', async () => {
    const path = join(dir, 'twice.duckdb')
    const store = await openStore({ path })
    await expect(openStore({ path })).rejects.toMatchObject({ code: 'locked' })
    await store.close()
    await expect(store.query('SELECT 1')).rejects.toMatchObject({ code: 'closed' })
    const again = await openStore({ path })
    open.push(again)
  })

  it('supports :memory:', async () => {
    const store = await openStore({ path: ':memory:' })
    open.push(store)
    await store.append('gate_results', [
      { run_id: 'r', config_hash: 'h', gate: 'min_hit_rate', value: 0.4, threshold: 0.5, passed: false, evaluated_at: new Date(0) },
    ])
    expect(await store.query('SELECT gate, passed, evaluated_at FROM gate_results')).toEqual([
      { gate: 'min_hit_rate', passed: false, evaluated_at: new Date(0) },
    ])
  })
})

describe('transaction', () => {
  it('commits a block atomically across tables', async () => {
    const store = await storeAt('tx-ok.duckdb')
    await store.transaction(async () => {
      await store.append('opportunities', [opportunity(0)])
      await store.append('simulations', [{ run_id: 'run-1', opportunity_id: 'opp-0', success: true, simulated_profit: -3n, gas_used: 210_000n }])
      await store.append('rejections', [{ run_id: 'run-1', opportunity_id: 'opp-1', reason: 'below-min-profit' }])
      await store.append('blocks', [{ run_id: 'run-1', block_number: 18_000_000n, block_timestamp: 1_700_000_000n, base_fee: 30n * 10n ** 9n, processed_at: new Date() }])
    })
    const [n] = await store.query<{ o: bigint; s: bigint; r: bigint; b: bigint }>(
      'SELECT (SELECT count(*) FROM opportunities) o, (SELECT count(*) FROM simulations) s, (SELECT count(*) FROM rejections) r, (SELECT count(*) FROM blocks) b',
    )
    expect(n).toEqual({ o: 1n, s: 1n, r: 1n, b: 1n })
  })

  it('leaves nothing written when fn throws', async () => {
    const store = await storeAt('tx-throw.duckdb')
    const boom = new Error('strategy crashed mid-block')
    await expect(
      store.transaction(async () => {
        await store.append('opportunities', Array.from({ length: 5000 }, (_, i) => opportunity(i)))
        await store.append('blocks', [{ run_id: 'run-1', block_number: 1n, block_timestamp: 1n, processed_at: new Date() }])
        // Inside the transaction the rows are visible...
        expect(await store.query('SELECT count(*) AS n FROM opportunities')).toEqual([{ n: 5000n }])
        throw boom
      }),
    ).rejects.toBe(boom)
    // ...and after the rollback they are gone.
    expect(await store.query('SELECT count(*) AS n FROM opportunities')).toEqual([{ n: 0n }])
    expect(await store.query('SELECT count(*) AS n FROM blocks')).toEqual([{ n: 0n }])
  })

  it('commits nothing when fn swallows a failed write', async () => {
    const store = await storeAt('tx-swallow.duckdb')
    await store.append('opportunities', [opportunity(1)])
    const error = await store
      .transaction(async () => {
        await store.append('opportunities', [opportunity(2)])
        await store.append('opportunities', [opportunity(1)]).catch(() => undefined)
      })
      .catch((e) => e)
    expect(error).toMatchObject({ code: 'transaction-aborted' })
    expect(await store.query('SELECT opportunity_id FROM opportunities')).toEqual([{ opportunity_id: 'opp-1' }])
  })

  it('keeps a validation error inside fn from aborting the rest', async () => {
    const store = await storeAt('tx-validate.duckdb')
    await store.transaction(async () => {
      await store.append('opportunities', [opportunity(1)])
      await expect(store.append('opportunities', [opportunity(2, { amount_in: 2n ** 200n })])).rejects.toMatchObject({ code: 'value-out-of-range' })
    })
    expect(await store.query('SELECT opportunity_id FROM opportunities')).toEqual([{ opportunity_id: 'opp-1' }])
  })

  it('makes calls from outside wait for the transaction to end', async () => {
    const store = await storeAt('tx-order.duckdb')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const tx = store.transaction(async () => {
      await store.append('opportunities', [opportunity(1)])
      await gate
      throw new Error('rolled back')
    })
    // Issued while the transaction is open: must not see, nor join, its uncommitted row.
    const outside = store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities')
    const outsideWrite = store.append('opportunities', [opportunity(9)])
    release()
    await expect(tx).rejects.toThrow('rolled back')
    expect(await outside).toEqual([{ n: 0n }])
    await outsideWrite
    expect(await store.query('SELECT opportunity_id FROM opportunities')).toEqual([{ opportunity_id: 'opp-9' }])
  })

  it('keeps a block, its rows and runs.next_block in step when a block fails (resume)', async () => {
    const store = await storeAt('tx-resume.duckdb')
    await store.append('runs', [
      {
        run_id: 'run-1', started_at: new Date(0), mode: 'backtest', strategies: '["spatial"]', config_json: '{}', config_hash: 'h',
        source: 'historical', chain_id: 1n, from_block: 100n, to_block: 102n, next_block: 100n, status: 'running',
      },
    ])
    const writeBlock = (block: bigint, ids: number[]) =>
      store.transaction(async () => {
        await store.append('opportunities', ids.map((i) => opportunity(i, { block_number: block })))
        await store.append('blocks', [{ run_id: 'run-1', block_number: block, block_timestamp: 1_700_000_000n + block, processed_at: new Date() }])
        await store.run('UPDATE runs SET next_block = $1 WHERE run_id = $2', [block + 1n, 'run-1'])
      })
    await writeBlock(100n, [1, 2])
    // Block 101 repeats opportunity 2: the duplicate fails the whole block, including its blocks row and the cursor.
    await expect(writeBlock(101n, [3, 2])).rejects.toMatchObject({ code: 'constraint' })
    expect(await store.query('SELECT next_block FROM runs')).toEqual([{ next_block: 101n }])
    expect(await store.query('SELECT block_number FROM blocks')).toEqual([{ block_number: 100n }])
    expect(await store.query('SELECT opportunity_id FROM opportunities ORDER BY 1')).toEqual([{ opportunity_id: 'opp-1' }, { opportunity_id: 'opp-2' }])
    // Resuming from next_block succeeds.
    await writeBlock(101n, [3])
    expect(await store.query('SELECT next_block FROM runs')).toEqual([{ next_block: 102n }])
  })

  it('joins a nested transaction into the outer one', async () => {
    const store = await storeAt('tx-nested.duckdb')
    await expect(
      store.transaction(async () => {
        await store.transaction(() => store.append('opportunities', [opportunity(1)]))
        throw new Error('outer fails')
      }),
    ).rejects.toThrow('outer fails')
    expect(await store.query('SELECT count(*) AS n FROM opportunities')).toEqual([{ n: 0n }])
  })
})

describe('a file held by another process', () => {
  let child: ChildProcess | undefined

  afterEach(async () => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      process.kill(child.pid, 'SIGKILL')
      await exited
    }
    child = undefined
  })

  it('gives a StoreError naming the file and the other PID', async () => {
    const path = join(dir, 'held.duckdb')
    const script = [
      "import { DuckDBInstance } from '@duckdb/node-api'",
      'const instance = await DuckDBInstance.create(process.argv[1])',
      "await (await instance.connect()).run('CREATE TABLE held (x INTEGER)')",
      "process.stdout.write('ready\\n')",
      // Exit when the test process goes away (polled by PID), so a crashed test run leaves no holder behind.
      'const parent = Number(process.argv[2])',
      "setInterval(() => { try { process.kill(parent, 0) } catch { process.exit(0) } }, 200)",
    ].join('\n')
    child = spawn(process.execPath, ['--input-type=module', '-e', script, path, String(process.pid)], {
      cwd: process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (d) => String(d).includes('ready') && resolve())
      child!.once('exit', (code) => reject(new Error(`holder exited early (${code}): ${stderr}`)))
    })

    expect(child.exitCode, `the holder exited: ${stderr}`).toBeNull()
    const error = await openStore({ path }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(error).toMatchObject({ code: 'locked', path, holderPid: child.pid, retryable: true })
    expect((error as StoreError).shortMessage).toBe(`Database file ${path} is locked: another process (PID ${child.pid}) holds it open`)
    // (A read-only open is not checked here: whether DuckDB grants it while another process writes depends on
    // timing inside DuckDB, and this test flaked on it.)
  })
})
