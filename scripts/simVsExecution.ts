/**
 * The platform's central comparison, run end to end with the real CLI (README: "Sim vs execution"):
 *
 *   1. `arb devnet up --builder --block-time 2`: a devnet with the local block builder in front (blocks every 2 s);
 *   2. a trader opens WETH mispricings through the public mempool; `arb backtest` of those blocks, `arb gates`;
 *   3. `arb live --mode live` with `execution.submit: "bundle"` trades new mispricings through bundles, while a
 *      rival searcher backruns every other one with a far higher coinbase payment (some of ours are outbid);
 *   4. `arb backtest` of the live run's blocks (same config, `inclusion: "priority"`), then `arb compare` and
 *      `arb show`: per trade simulated vs realized, inclusion rate per builder, cost of non-inclusion 0.
 *
 * Run: `npx tsx scripts/simVsExecution.ts [--rounds 6] [--keep DIR]`. Needs the contracts built
 * (`node scripts/forge.mjs build`). Everything runs on loopback; it stops every process it started and removes its
 * folder (unless --keep). The keys are Anvil's well-known dev key (trading) and a fresh one (bundle signing),
 * passed to `arb live` in its environment, never on a command line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { devAccount } from '../engine/builder/testing/bundleFixtures.js'
import { createBundleClient } from '../engine/bundles/createBundleClient.js'
import { createRpcClient } from '../engine/chain/createRpcClient.js'
import { readManifest } from '../engine/devnet/manifest.js'
import { signRivalBackrun } from '../engine/live/testing/signRivalBackrun.js'

const root = resolve(import.meta.dirname, '..')
const argv = process.argv.slice(2)
const flag = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const rounds = Number(flag('--rounds') ?? 6)
if (!Number.isInteger(rounds) || rounds < 2) throw new Error(`--rounds: expected an integer >= 2 (got ${flag('--rounds')})`)
const keep = flag('--keep')
const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'arb-sim-vs-exec-'))
const db = join(dir, 'arb.duckdb')
const manifestPath = join(dir, 'manifest.json')
const configPath = join(dir, 'config.json')
// Anvil's dev account 0 (the devnet deployer, owner of ArbExecutor): a well-known test key, never a real one.
const TRADING_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const GWEI = 1_000_000_000n
const children: ChildProcess[] = []

const say = (line: string) => process.stdout.write(`\n$ ${line}\n`)
/** Starts `arb …`; `lines` sees every stdout line. Output is echoed, JSON log lines only with ARB_EXAMPLE_LOGS=1. */
function arb(args: string[], options: { env?: NodeJS.ProcessEnv; lines?: (line: string) => void } = {}): { child: ChildProcess; exit: Promise<number> } {
  say(`arb ${args.join(' ')}`)
  const child = spawn(process.execPath, [join(root, 'bin/arb.mjs'), ...args], { cwd: root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  createInterface({ input: child.stdout! }).on('line', (line) => {
    // The human output; the structured JSON logs (builder blocks, live blocks) are left out unless ARB_EXAMPLE_LOGS=1.
    if (!line.startsWith('{') || process.env.ARB_EXAMPLE_LOGS === '1') process.stdout.write(`${line}\n`)
    options.lines?.(line)
  })
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('{') || process.env.ARB_EXAMPLE_LOGS === '1') process.stderr.write(`${line}\n`)
  })
  const exit = new Promise<number>((res) => child.on('exit', (code) => res(code ?? 1)))
  return { child, exit }
}
/** Runs `arb …` to the end; its stdout. Throws when it fails. */
async function arbRun(args: string[]): Promise<string> {
  const out: string[] = []
  const { exit } = arb(args, { lines: (l) => out.push(l) })
  const code = await exit
  if (code !== 0) throw new Error(`arb ${args[0]} exited with ${code}`)
  return out.join('\n')
}
const runIdOf = (out: string) => /run id: (\S+)/.exec(out)?.[1] ?? (() => { throw new Error('no run id in the output') })()

async function main() {
  // 1. The devnet and its builder.
  let builderUrl = ''
  let rpcUrl = ''
  const ready = new Promise<void>((res) => {
    const devnet = arb(['devnet', 'up', '--builder', '--block-time', '2', '--manifest', manifestPath], {
      lines: (l) => {
        if (l.startsWith('builder ')) builderUrl = l.split(' ')[1]!
        if (l.startsWith('ready ')) (rpcUrl = l.split(' ')[1]!), res()
      },
    })
    void devnet.exit.then((code) => code !== 0 && !rpcUrl && process.exit(code))
  })
  await ready
  const manifest = await readManifest(manifestPath)
  const rpc = createRpcClient(builderUrl, { retries: 2 })
  const head = async () => BigInt(await rpc.request<Hex>('eth_blockNumber'))
  const nextBlock = async (after: bigint) => {
    while ((await head()) <= after) await new Promise((r) => setTimeout(r, 100))
  }
  const rivalClient = createBundleClient({ builders: [{ name: 'local', url: builderUrl }], signer: privateKeyToAccount(generatePrivateKey()) })
  /** A trader dumps WETH on Uniswap V2 (public mempool); on rival rounds a rival backruns it in the next block, paying far more. */
  const round = async (rival: boolean) => {
    const before = await head()
    for (const tx of await signRivalBackrun(rpc, manifest, { account: devAccount(1), sellVenue: 'uniswap-v2', symbol: 'USDC', wethIn: 300n * 10n ** 18n, tip: 2n * GWEI })) {
      await rpc.request('eth_sendRawTransaction', [tx])
    }
    await nextBlock(before)
    const dumped = await head()
    if (rival) {
      const txs = await signRivalBackrun(rpc, manifest, { account: devAccount(3), sellVenue: 'sushiswap', buyVenue: 'uniswap-v2', symbol: 'USDC', wethIn: 150n * 10n ** 18n, tip: 200_000n * GWEI })
      await rivalClient.sendBundle({ txs }, [dumped + 1n])
    }
    await nextBlock(dumped + 2n)
  }

  writeFileSync(
    configPath,
    JSON.stringify(
      {
        name: 'sim-vs-execution',
        strategies: [{ name: 'spatial' }],
        execution: { mode: 'flash', bidBps: 5000, inclusion: 'priority', submit: 'bundle', builders: [{ name: 'local', url: builderUrl }], bundleBlocks: 1 },
        // An outbid bundle is a failed trade that cost nothing: it should not stop the run.
        risk: { maxConsecutiveFailures: 100 },
        gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 5000 } },
      },
      null,
      2,
    ),
  )

  // 2. History to pass the gates on: a backtest of a few mispricings, then the gates.
  const warmFrom = (await head()) + 1n
  for (let i = 0; i < 2; i++) await round(false)
  const warm = await arbRun(['backtest', '--fork-url', rpcUrl, '--from', String(warmFrom), '--to', String((await head()) - 1n), '--manifest', manifestPath, '--config', configPath, '--db', db, '--workers', '1'])
  await arbRun(['gates', runIdOf(warm), '--db', db])

  // 3. Live, through bundles, against the rival.
  let liveRun = ''
  let fromBlock = 0n
  let liveProcess: ReturnType<typeof arb> | undefined
  const started = new Promise<void>((res) => {
    const live = arb(['live', '--mode', 'live', '--rpc-url', rpcUrl.replace(/^http/, 'ws'), '--http-url', builderUrl, '--config', configPath, '--manifest', manifestPath, '--db', db], {
      env: { ARB_PRIVATE_KEY: TRADING_KEY, ARB_BUNDLE_SIGNING_KEY: generatePrivateKey() },
      lines: (l) => {
        const m = /^live run (\S+) from block (\d+)/.exec(l)
        if (m) (liveRun = m[1]!), (fromBlock = BigInt(m[2]!)), res()
      },
    })
    liveProcess = live
  })
  await started
  for (let i = 0; i < rounds; i++) await round(i % 2 === 1)
  liveProcess!.child.kill('SIGINT')
  if ((await liveProcess!.exit) !== 0) throw new Error('arb live failed')
  const lastBlock = (await head()) - 1n

  // 4. The backtest of the live run's blocks, and the comparison.
  const replay = await arbRun(['backtest', '--fork-url', rpcUrl, '--from', String(fromBlock), '--to', String(lastBlock), '--manifest', manifestPath, '--config', configPath, '--db', db, '--workers', '1'])
  await arbRun(['compare', runIdOf(replay), liveRun, '--db', db])
  await arbRun(['show', liveRun, '--db', db])
}

async function stopAll() {
  for (const c of children.reverse()) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGINT')
      await new Promise((r) => c.once('exit', r))
    }
  }
  if (!keep) rmSync(dir, { recursive: true, force: true })
}

main().then(
  () => stopAll(),
  async (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`)
    await stopAll()
    process.exitCode = 1
  },
)
