import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foundryBinary } from '../chain/foundryBinary.js'
import { openStore } from '../store/openStore.js'
import { runArb, type ArbProcess } from './runArb.js'

/**
 * Issue 12: the CLI attacked with bad input, crashes and signals, run as a user runs it (`bin/arb.mjs`,
 * spawned). Every run here gets a private HOME and TMPDIR: the Anvils it starts put their private folders
 * (and anything they would persist) there, which lets the test find them by command line and check that
 * nothing is left behind.
 */
const dir = mkdtempSync(join(tmpdir(), 'arb-hardening-'))
const home = join(dir, 'home')
const tmp = join(dir, 'tmp')
mkdirSync(home)
mkdirSync(tmp)
const env = { HOME: home, TMPDIR: tmp, ARB_LOG_LEVEL: 'silent' }
const arb = (args: string[], more: { env?: NodeJS.ProcessEnv; ownGroup?: boolean } = {}) => runArb(args, { env: { ...env, ...more.env }, ownGroup: more.ownGroup })
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const defineConfigPath = fileURLToPath(new URL('../config/defineConfig.ts', import.meta.url))

/** PIDs of processes whose command line names this test's temp folder: the Anvils its runs started. */
function ourProcesses(): number[] {
  const out: number[] = []
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(tmp)) out.push(Number(p))
    } catch {}
  }
  return out
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
async function waitUntil(check: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return check()
}
/** Resolves once `arb` has printed `n` progress lines (`--log-every 1`). */
function blocksLogged(p: ArbProcess, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    p.child.stderr!.on('data', (d) => {
      seen += d
      if ((seen.match(/^block \d+/gm) ?? []).length >= n) resolve()
    })
    void p.done.then((r) => reject(new Error(`arb ended (${r.code}) before ${n} blocks: ${r.stderr}`)))
  })
}
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /)

let devnet: ArbProcess
let rpcUrl: string
let manifestPath: string
let manifest: { createdAt: number; executor: string }
/** The shared devnet's Anvil, alive until the test that kills its owner. */
let devnetAnvils: number[] = []
/** Anvils of this file's runs other than the shared devnet's. */
const strays = () => ourProcesses().filter((pid) => !devnetAnvils.includes(pid))

beforeAll(async () => {
  manifestPath = join(dir, 'manifest.json')
  devnet = arb(['devnet', 'up', '--manifest', manifestPath])
  rpcUrl = (await devnet.waitFor(/^ready (\S+) /m, 120_000))[1]!
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  devnetAnvils = ourProcesses()
}, 180_000)

afterAll(async () => {
  devnet?.child.kill('SIGKILL')
  for (const pid of ourProcesses()) process.kill(pid, 'SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('arb under attack (issue 12)', () => {
  it('refuses bad arguments and configs by name before it creates a database (#2, #7, #8, #9, #10, #11, #14, bad config)', async () => {
    const big = (2n ** 256n).toString()
    const cases: [string, string[], RegExp][] = [
      ['#8', ['backtest', '--resume'], /--resume: expected a value/],
      ['#2', ['backtest', '--workers', '10000'], /--workers: expected an integer from 1 to \d+, the limit for 4 per CPU core on this machine/],
      ['#9', ['backtest', '--config', file('big.json', JSON.stringify({ strategies: [{ name: 'spatial', minProfit: big }] }))], /strategies\[0\]\.minProfit: expected an amount below 2\^256/],
      ['#9', ['backtest', '--config', file('risk.json', JSON.stringify({ strategies: [{ name: 'spatial' }], risk: { maxNotional: { WETH: big } } }))], /risk\.maxNotional\.WETH: expected an amount below 2\^256/],
      ['#9 #10', ['backtest', '--config', file('fee.ts', `import { defineConfig } from ${JSON.stringify(defineConfigPath)}\nexport default defineConfig({ strategies: [{ name: 'spatial' }], execution: { priorityFee: 2n ** 300n } })\n`)], /execution\.priorityFee: expected an amount below 2\^256/],
      ['#11', ['backtest', '--config', file('token.json', JSON.stringify({ strategies: [{ name: 'spatial', minProfit: { WETH: 'abc' } }] }))], /strategies\[0\]\.minProfit\.WETH: expected a string of digits \(base units.*\(got "abc"\)/],
      ['#10', ['backtest', '--config', file('syntax.ts', 'export default {\n  strategies: [{ name: "spatial" }\n')], /syntax\.ts:3:\d+: Expected "\]" but found end of file/],
      ['#10', ['backtest', '--config', file('throws.ts', 'const x: number = 1\nthrow new Error("boom at import " + x)\nexport default {}\n')], /throws\.ts:2:\d+: boom at import 1/],
      ['#7', ['backtest', '--config', file('dataset.json', JSON.stringify({ strategies: [{ name: 'spatial' }], source: { kind: 'dataset', name: 'no-such-set' } }))], /dataset\.json\.source\.name: expected one of real-usdc-weth-2024-01-05 \(got "no-such-set"\)/],
      ['#14', ['runs', '--limit', '-5'], /--limit: expected an integer >= 1 \(got -5\)/],
      ['#14', ['runs', '--limit', 'abc'], /--limit: expected a number/],
    ]
    // Four at a time: each is a whole CLI start, and they are independent.
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ([item, args, re], j) => {
          const db = join(dir, `refused-${i + j}.duckdb`)
          const r = await arb([...args, '--db', db]).done
          expect(r.code, `${item} ${args.join(' ')}: ${r.stderr}`).toBe(1)
          expect(r.stderr, item).toMatch(re)
          noStack(r.stderr)
          expect(existsSync(db), `${item} created ${db}`).toBe(false)
        }),
      )
    }
    // A .ts config outside the repository loads.
    const ok = await arb(['config', 'check', file('good.ts', `import { defineConfig } from ${JSON.stringify(defineConfigPath)}\nexport default defineConfig({ strategies: [{ name: 'spatial', minProfit: 5n }] })\n`)]).done
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^ok default strategies=spatial hash=/)
  }, 240_000)

  it('refuses a private key at or above the curve order without echoing it in any form (#13)', async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const key = n + 7n
    const config = file('live.json', JSON.stringify({ strategies: [{ name: 'spatial' }] }))
    const r = await arb(['live', '--mode', 'live', '--config', config, '--rpc-url', 'ws://127.0.0.1:9', '--manifest', manifestPath, '--db', join(dir, 'live.duckdb')], {
      env: { ARB_PRIVATE_KEY: `0x${key.toString(16)}`, ARB_DEBUG: '1' },
    }).done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/not a valid secp256k1 key/)
    for (const form of [key.toString(16), key.toString(), key.toString(16).toUpperCase()]) expect(r.stdout + r.stderr).not.toContain(form)
  }, 60_000)

  it('names the contract without code when a fork range starts before the manifest exists, and records nothing (#12)', async () => {
    const db = join(dir, 'early.duckdb')
    const r = await arb(['backtest', '--fork-url', rpcUrl, '--from', '1', '--to', '2', '--manifest', manifestPath, '--workers', '1', '--db', db]).done
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`executor ${manifest.executor} has no code at block 1`)
    expect(r.stderr).toMatch(/Invalid --from/)
    expect(r.stderr).toContain(`exist from block ${manifest.createdAt}`)
    noStack(r.stderr)
    expect(existsSync(db)).toBe(false)
  }, 120_000)

  it("replays a config's fork source and stores no RPC URL or secret of it, nor exports one (#6, #7)", async () => {
    const secretFork = new URL(rpcUrl)
    secretFork.username = 'forkuser'
    secretFork.password = 'forkpassword'
    secretFork.search = '?apikey=FORKSECRET'
    const config = file(
      'secret.json',
      JSON.stringify({
        strategies: [{ name: 'spatial' }],
        rpcUrl: 'wss://liveuser:livepassword@node.example/ws?apikey=LIVESECRET',
        source: { kind: 'fork', rpcUrl: secretFork.toString(), from: manifest.createdAt, to: manifest.createdAt },
      }),
    )
    const db = join(dir, 'secret.duckdb')
    const r = await arb(['backtest', '--config', config, '--manifest', manifestPath, '--workers', '1', '--db', db]).done
    expect(r.code, r.stderr).toBe(0)
    const runId = /run id: (\S+)/.exec(r.stdout)![1]!
    const store = await openStore({ path: db, readOnly: true })
    const [row] = await store.query<{ source: string; config_json: string; from_block: bigint }>('SELECT source, config_json, from_block FROM runs WHERE run_id = ?', [runId])
    await store.close()
    expect(JSON.parse(row!.source)).toMatchObject({ kind: 'fork', from: manifest.createdAt })
    expect(row!.from_block).toBe(BigInt(manifest.createdAt))
    const out = join(dir, 'export')
    const e = await arb(['export', runId, '--format', 'parquet', '--out', out, '--db', db]).done
    expect(e.code, e.stderr).toBe(0)
    const exported = readdirSync(out).map((f) => readFileSync(join(out, f)).toString('latin1')).join('\n')
    for (const secret of ['forkuser', 'forkpassword', 'FORKSECRET', 'liveuser', 'livepassword', 'LIVESECRET', 'node.example']) {
      expect(row!.config_json + row!.source, secret).not.toContain(secret)
      expect(exported, secret).not.toContain(secret)
      expect(r.stdout + r.stderr + e.stdout + e.stderr, secret).not.toContain(secret)
    }
  }, 180_000)

  it('exits with an error, and leaves no process, when a worker Anvil fails to start (#1)', async () => {
    const wrapper = file('anvil-no-fork.sh', `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--fork-url" ] && { echo "this anvil refuses to fork" >&2; exit 1; }; done\nexec ${foundryBinary('anvil')} "$@"\n`)
    chmodSync(wrapper, 0o755)
    const db = join(dir, 'nofork.duckdb')
    const r = await arb(['backtest', '--blocks', '3', '--workers', '1', '--db', db], { env: { ALPHAPULSE_ANVIL_BIN: wrapper } }).done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Anvil exited \(code 1\) before it was ready/)
    expect(r.stderr).toContain('this anvil refuses to fork')
    expect(await waitUntil(() => strays().length === 0)).toBe(true)
    expect(existsSync(db)).toBe(false)
  }, 180_000)

  it('lets readers see the run while it writes, and Ctrl-C gives interrupted, every processed block written, exit 130 (#3, #15)', async () => {
    const db = join(dir, 'ctrlc.duckdb')
    // Long enough that it is still running after the readers, however loaded the machine.
    const run = arb(['backtest', '--blocks', '5000', '--strategy', 'spatial', '--workers', '2', '--log-every', '1', '--db', db], { ownGroup: true })
    try {
      await blocksLogged(run, 5)
      const runs = await arb(['runs', '--db', db]).done
      expect(runs.code, runs.stderr).toBe(0)
      expect(runs.stderr).toContain(`note: a run in process ${run.child.pid} is writing ${db}`)
      expect(runs.stderr).not.toMatch(/for writing/)
      const [, runId] = /^(r\S+)\s+backtest\s+running/m.exec(runs.stdout) ?? []
      expect(runId, runs.stdout).toBeDefined()
      const show = await arb(['show', runId!, '--db', db]).done
      expect(show.code, show.stderr).toBe(0)
      expect(show.stdout).toContain(`run id: ${runId}`)

      process.kill(-run.child.pid!, 'SIGINT') // what the terminal sends to the foreground job on Ctrl-C
      const r = await run.done
      expect(r.code, r.stderr).toBe(130)
      expect(r.stderr).toContain(`interrupted: resume with  arb backtest --resume ${runId}`)
      expect(r.stderr).not.toMatch(/socket hang up|Anvil exited/)
      const store = await openStore({ path: db, readOnly: true })
      const [row] = await store.query<{ status: string; next_block: bigint; from_block: bigint; blocks: bigint }>(
        'SELECT status, next_block, from_block, (SELECT count(*) FROM blocks b WHERE b.run_id = r.run_id) AS blocks FROM runs r',
      )
      await store.close()
      const logged = (r.stderr.match(/^block \d+/gm) ?? []).length
      expect(row!.status).toBe('interrupted')
      expect(row!.blocks).toBe(row!.next_block - row!.from_block)
      expect(Number(row!.blocks)).toBeGreaterThanOrEqual(logged)
      expect(existsSync(`${db}.snapshot`)).toBe(false)
      expect(await waitUntil(() => strays().length === 0)).toBe(true)
    } finally {
      if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL')
    }
  }, 300_000)

  it('takes its Anvils down with it on kill -9 of arb backtest, and the database opens again (#4)', async () => {
    const db = join(dir, 'kill9.duckdb')
    const run = arb(['backtest', '--blocks', '300', '--strategy', 'spatial', '--workers', '2', '--log-every', '1', '--db', db])
    await blocksLogged(run, 3)
    const anvils = strays()
    expect(anvils.length).toBeGreaterThanOrEqual(3) // the scenario's devnet and two forks
    run.child.kill('SIGKILL')
    await run.done
    expect(await waitUntil(() => anvils.every((pid) => !alive(pid)))).toBe(true)
    const runs = await arb(['runs', '--db', db]).done
    expect(runs.code, runs.stderr).toBe(0)
    expect(runs.stdout).toMatch(/backtest\s+running/)
  }, 300_000)

  it('takes its Anvil down with it on kill -9 of arb devnet up, and the same port starts again (#4)', async () => {
    const port = new URL(rpcUrl).port
    expect(devnetAnvils).toHaveLength(1)
    expect(readFileSync(`/proc/${devnetAnvils[0]}/cmdline`, 'utf8')).toContain(`\0${port}\0`)
    devnet.child.kill('SIGKILL')
    await devnet.done
    expect(await waitUntil(() => !alive(devnetAnvils[0]!))).toBe(true)
    const again = arb(['devnet', 'up', '--port', port, '--manifest', join(dir, 'manifest-2.json')])
    try {
      await again.waitFor(new RegExp(`^ready http://127\\.0\\.0\\.1:${port} `, 'm'), 120_000)
      again.child.kill('SIGINT')
      expect((await again.done).code).toBe(0)
    } finally {
      again.child.kill('SIGKILL')
    }
  }, 240_000)

  it("replays a config's dataset source and leaves no Anvil state on disk: ~/.foundry/anvil/tmp and the private folders end empty (#7, #16)", async () => {
    const config = file('real.json', JSON.stringify({ strategies: [{ name: 'spatial' }], source: { kind: 'dataset', name: 'real-usdc-weth-2024-01-05' } }))
    const db = join(dir, 'real.duckdb')
    const r = await arb(['backtest', '--config', config, '--from', '18937900', '--to', '18937905', '--workers', '1', '--db', db]).done
    expect(r.code, r.stderr).toBe(0)
    const store = await openStore({ path: db, readOnly: true })
    const [row] = await store.query<{ source: string; from_block: bigint; to_block: bigint }>('SELECT source, from_block, to_block FROM runs')
    await store.close()
    expect(JSON.parse(row!.source)).toEqual({ kind: 'dataset', name: 'real-usdc-weth-2024-01-05', from: 18937900, to: 18937905 })
    expect([row!.from_block, row!.to_block]).toEqual([18937900n, 18937905n])
    // Every run of this file used this HOME and TMPDIR, the ones killed with -9 included (swept since).
    const anvilTmp = join(home, '.foundry', 'anvil', 'tmp')
    expect(existsSync(anvilTmp) ? readdirSync(anvilTmp) : []).toEqual([])
    // (The shared devnet's folder stays while it runs, when the kill -9 test before this one was skipped.)
    const devnetOwner = devnet.child.exitCode === null && devnet.child.signalCode === null ? `"ownerPid":${devnet.child.pid},` : undefined
    const left = readdirSync(tmp).filter((n) => n.startsWith('alphapulse-anvil-node-') && !(devnetOwner && readFileSync(join(tmp, n, 'owner.json'), 'utf8').includes(devnetOwner)))
    expect(left).toEqual([])
    expect(await waitUntil(() => strays().length === 0)).toBe(true)
  }, 240_000)
})
