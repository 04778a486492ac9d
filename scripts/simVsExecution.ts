/**
 * The platform's central comparison, run end to end with the real CLI (README: "Sim vs execution"):
 *
 *   1. a config that trades through bundles (`execution.submit: "bundle"`) to the local builder; `arb backtest
 *      --scenario stress` of it and `arb gates` (live mode trades only a config whose gates pass);
 *   2. `arb devnet up --builder --scenario stress --blocks N --block-time S`: the devnet, the local builder in front,
 *      and a generated stress market streaming through it, its rival searchers bundling their backruns;
 *   3. `arb live --mode live` trades those blocks through bundles against the rivals: some land, some are outbid
 *      (`bundle not included`, 0 gas);
 *   4. once the scenario is done, `arb backtest` of the live run's blocks (same config, `inclusion: "priority"`),
 *      `arb compare` and `arb show`: per trade simulated vs realized, inclusion rate per builder.
 *
 * `--accounts N` (default 1) trades from N accounts (`execution.bundleAccounts`): the extra ones are fresh keys, funded
 * and allowed on the ArbExecutor (`setExecutor`) by the devnet's deployer once the devnet is up, and passed to
 * `arb live` in ARB_TRADER_KEYS; the backtests of the config send at most N trades a block too.
 *
 * Run: `npx tsx scripts/simVsExecution.ts [--blocks 30] [--block-time 3] [--seed 1] [--accounts 1] [--keep DIR]`. Needs the
 * contracts built (`npm run build:contracts`). Everything runs on loopback; it stops every process it started and
 * removes its folder (unless --keep). The keys are Anvil's well-known dev key (trading) and a fresh one (bundle
 * signing), passed to `arb live` in its environment, never on a command line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { encodeFunctionData, keccak256, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { arbExecutorAbi } from '../engine/abi/arbExecutor.js'
import { createBundleClient } from '../engine/bundles/createBundleClient.js'

const root = resolve(import.meta.dirname, '..')
const argv = process.argv.slice(2)
const flag = (name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const intFlag = (name: string, fallback: number, min: number, max: number) => {
  const v = Number(flag(name) ?? fallback)
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name}: expected an integer from ${min} to ${max} (got ${flag(name)})`)
  return v
}
const blocks = intFlag('--blocks', 30, 5, 500)
const blockTime = intFlag('--block-time', 3, 1, 60)
const seed = intFlag('--seed', 1, 0, 2 ** 32 - 1)
const accounts = intFlag('--accounts', 1, 1, 16)
const keep = flag('--keep')
const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'arb-sim-vs-exec-'))
const db = join(dir, 'arb.duckdb')
const manifestPath = join(dir, 'manifest.json')
const configPath = join(dir, 'config.json')
// Anvil's dev account 0 (the devnet deployer, owner of ArbExecutor): a well-known test key, never a real one.
const TRADING_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const children: ChildProcess[] = []

const say = (line: string) => process.stdout.write(`\n$ ${line}\n`)
/** Starts `arb …`; `lines` sees every stdout line. Output is echoed, JSON log lines only with ARB_EXAMPLE_LOGS=1. */
function arb(args: string[], options: { env?: NodeJS.ProcessEnv; lines?: (line: string) => void } = {}): { child: ChildProcess; exit: Promise<number> } {
  say(`arb ${args.join(' ')}`)
  const child = spawn(process.execPath, [join(root, 'bin/arb.mjs'), ...args], { cwd: root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  createInterface({ input: child.stdout! }).on('line', (line) => {
    // The human output; the structured JSON logs (scenario blocks, live blocks) are left out unless ARB_EXAMPLE_LOGS=1.
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
/** A port nobody listens on now (the builder's, so the config can name it before the devnet starts). */
const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => res(port))
    })
  })

async function main() {
  // 1. The config, and a backtest of it on a generated stress market to pass the gates on.
  const builderPort = await freePort()
  const builderUrl = `http://127.0.0.1:${builderPort}`
  writeFileSync(
    configPath,
    JSON.stringify(
      {
        name: 'sim-vs-execution',
        // WETH-start cycles pay the builder from the trade's profit (other start tokens pay it as priority fee).
        strategies: [{ name: 'spatial', startTokens: ['WETH'] }],
        execution: {
          mode: 'flash',
          bidBps: 5000,
          inclusion: 'priority',
          submit: 'bundle',
          builders: [{ name: 'local', url: builderUrl }],
          bundleBlocks: 1,
          ...(accounts > 1 ? { bundleAccounts: accounts } : {}),
        },
        // A bundle left out costs nothing and does not count toward the breaker; trades that revert or lose do (in the
        // backtest too: with submit "bundle", a trade a rival got ahead of is left out, as a builder would).
        risk: { maxConsecutiveFailures: 20 },
        // The stress market's rivals take most backruns first: the capture rate is low, but what executes realizes what
        // was simulated (simulation accuracy counts executed trades; bundles left out show in the capture rate).
        gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.9, maxCostShare: 1 }, detection: { maxP95Ms: 5000 } },
      },
      null,
      2,
    ),
  )
  const gated = await arbRun(['backtest', '--scenario', 'stress', '--blocks', '60', '--seed', String(seed + 1), '--config', configPath, '--db', db, '--workers', '1'])
  await arbRun(['gates', runIdOf(gated), '--db', db])

  // 2. The devnet, its builder, and the scenario streaming through them.
  let rpcUrl = ''
  let scenarioBlocks: { from: bigint; to: bigint } | undefined
  let scenarioDone!: () => void
  const finished = new Promise<void>((res) => (scenarioDone = res))
  const ready = new Promise<void>((res) => {
    const devnet = arb(
      ['devnet', 'up', '--builder', '--builder-port', String(builderPort), '--scenario', 'stress', '--seed', String(seed), '--blocks', String(blocks), '--block-time', String(blockTime), '--manifest', manifestPath],
      {
        lines: (l) => {
          if (l.startsWith('ready ')) (rpcUrl = l.split(' ')[1]!), res()
          const m = /^scenario \S+ done: blocks (\d+)-(\d+)/.exec(l)
          if (m) (scenarioBlocks = { from: BigInt(m[1]!), to: BigInt(m[2]!) }), scenarioDone()
        },
      },
    )
    void devnet.exit.then((code) => code !== 0 && !rpcUrl && process.exit(code))
  })
  await ready

  // The extra trading accounts: ETH for gas and the executor's permission, from the deployer, as one bundle to the
  // builder (its blocks hold the scenario's flow and bundles), sent for the next few blocks until it lands.
  const traderKeys = Array.from({ length: accounts - 1 }, () => generatePrivateKey())
  if (traderKeys.length > 0) {
    const executor = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { executor: Hex }).executor
    const deployer = privateKeyToAccount(TRADING_KEY)
    const client = createBundleClient({ builders: [{ name: 'local', url: builderUrl }], signer: privateKeyToAccount(generatePrivateKey()) })
    const until = Date.now() + 120_000
    for (;;) {
      const head = await rpc<{ number: Hex; baseFeePerGas: Hex }>(rpcUrl, 'eth_getBlockByNumber', ['latest', false])
      const nonce = Number(BigInt(await rpc<Hex>(rpcUrl, 'eth_getTransactionCount', [deployer.address, 'latest'])))
      const fees = { type: 'eip1559' as const, chainId: 31337, maxFeePerGas: BigInt(head.baseFeePerGas) * 3n + 2_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n, gas: 200_000n }
      const txs: Hex[] = []
      for (const [k, key] of traderKeys.entries()) {
        const to = privateKeyToAccount(key).address
        txs.push(await deployer.signTransaction({ ...fees, nonce: nonce + 2 * k, to, value: 10n ** 18n }))
        txs.push(await deployer.signTransaction({ ...fees, nonce: nonce + 2 * k + 1, to: executor, data: encodeFunctionData({ abi: arbExecutorAbi, functionName: 'setExecutor', args: [to, true] }) }))
      }
      const target = BigInt(head.number) + 1n
      await client.sendBundle({ txs }, [target])
      while (BigInt(await rpc<Hex>(rpcUrl, 'eth_blockNumber', [])) < target) await new Promise((r) => setTimeout(r, 200))
      const receipt = await rpc<{ status: Hex } | null>(rpcUrl, 'eth_getTransactionReceipt', [keccak256(txs[txs.length - 1]!)])
      if (receipt?.status === '0x1') break
      if (Date.now() > until) throw new Error('setting up the trading accounts: their bundle did not land')
    }
    process.stdout.write(`${traderKeys.length} more trading accounts funded and allowed on the executor\n`)
  }

  // 3. Live, through bundles, against the scenario's rivals.
  let liveRun = ''
  let fromBlock = 0n
  let lastProcessed = 0n
  let liveProcess: ReturnType<typeof arb> | undefined
  const started = new Promise<void>((res) => {
    const live = arb(['live', '--mode', 'live', '--rpc-url', rpcUrl.replace(/^http/, 'ws'), '--http-url', builderUrl, '--config', configPath, '--manifest', manifestPath, '--db', db], {
      env: { ARB_PRIVATE_KEY: TRADING_KEY, ARB_BUNDLE_SIGNING_KEY: generatePrivateKey(), ...(traderKeys.length > 0 ? { ARB_TRADER_KEYS: traderKeys.join(',') } : {}) },
      lines: (l) => {
        const m = /^live run (\S+) from block (\d+)/.exec(l)
        if (m) (liveRun = m[1]!), (fromBlock = BigInt(m[2]!)), res()
        const b = /^block (\d+):/.exec(l)
        if (b) lastProcessed = BigInt(b[1]!)
      },
    })
    liveProcess = live
  })
  await started
  await finished
  // The engine has processed the scenario's last block (its trades then land in the block after, or not).
  const deadline = Date.now() + 60_000
  while (lastProcessed < scenarioBlocks!.to && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  liveProcess!.child.kill('SIGINT')
  if ((await liveProcess!.exit) !== 0) throw new Error('arb live failed')

  // 4. The backtest of the live run's blocks, and the comparison.
  const from = fromBlock > scenarioBlocks!.from ? fromBlock : scenarioBlocks!.from
  const replay = await arbRun(['backtest', '--fork-url', rpcUrl, '--from', String(from), '--to', String(scenarioBlocks!.to), '--manifest', manifestPath, '--config', configPath, '--db', db, '--workers', '1'])
  await arbRun(['compare', runIdOf(replay), liveRun, '--db', db])
  await arbRun(['show', liveRun, '--db', db])
}

/** One JSON-RPC call to the devnet (loopback). */
async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const body = (await res.json()) as { result?: T; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
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
