import type { Hex } from 'viem'
import type { LocalAccount, PrivateKeyAccount } from 'viem/accounts'
import type { Logger } from 'pino'
import { createRpcClient } from '../chain/createRpcClient.js'
import { configHash } from '../config/configHash.js'
import type { Config } from '../config/configSchema.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { ConfigError } from '../errors/ConfigError.js'
import { LiveError } from '../errors/LiveError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { requirePassingGates } from '../gates/requirePassingGates.js'
import type { Alerter } from '../monitoring/createAlerter.js'
import type { Metrics } from '../monitoring/createMetrics.js'
import type { BlockRecords } from '../pipeline/blockRecords.js'
import type { RiskManager } from '../risk/createRiskManager.js'
import { runEngine } from '../run/runEngine.js'
import type { EventSource, HistoryBlock } from '../sources/types.js'
import type { Store } from '../store/openStore.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import type { Executor } from '../executors/Executor.js'
import { resolveInclusion } from '../executors/inclusion/defaultInclusion.js'
import { parseInclusion } from '../executors/inclusion/parseInclusion.js'
import { createBundleExecutor } from './createBundleExecutor.js'
import { createChainExecutor, type ChainExecutor, type TradeTiming } from './createChainExecutor.js'
import { createKillSwitch } from './createKillSwitch.js'
import { createNewHeadSource } from './createNewHeadSource.js'
import type { Address } from '../market/types.js'
import { checkTradingAccounts } from './checkTradingAccounts.js'

export type LiveMode = 'paper' | 'live'

/** What a processed block produced, for tests, benchmarks and progress output. */
export type LiveBlockReport = { block: HistoryBlock; receivedAt: number; opportunities: number; executed: number; killed: boolean; records: BlockRecords }

export type LiveOptions = {
  mode: LiveMode
  /** ws:// or wss:// URL for new heads. */
  wsUrl: string
  /** HTTP JSON-RPC URL for state reads and sends; default the WebSocket URL with http(s)://. */
  httpUrl?: string
  config: Config
  manifest: Manifest
  store: Store
  /** Signs in live mode (never stored or logged). Paper mode simulates from it, or from the executor owner. */
  account?: PrivateKeyAccount
  /**
   * Live mode with execution.submit 'bundle': the trading accounts after `account` (ARB_TRADER_KEYS or
   * --trader-keystore), execution.bundleAccounts − 1 of them are used. Never stored or logged.
   */
  traders?: readonly PrivateKeyAccount[]
  /** Signs the X-Flashbots-Signature of bundles (live mode with execution.submit 'bundle'); never the trading key. */
  bundleSigner?: LocalAccount
  /** The kill switch file; SIGUSR2 works too (pass killSignal: false to leave SIGUSR2 alone). */
  killFile?: string
  killSignal?: NodeJS.Signals | false
  metrics?: Metrics
  alerter?: Alerter
  logger?: Logger
  /** Aborting (SIGINT/SIGTERM in the CLI) finishes the current block's bookkeeping and marks the run interrupted. */
  signal?: AbortSignal
  maxPerBlock?: number
  /** Replace a transaction not mined after this long. Default 12 s. */
  stuckAfterMs?: number
  /**
   * Paper mode: execute each validated trade in a shadow fork of the next block (default true); false records it as
   * held (`paper` rejection) without an outcome.
   */
  shadow?: boolean
  /** Paper mode: how long a shadow trade waits for the next block to land in. Default 36 s (three slots). */
  shadowWaitMs?: number
  onBlock?: (report: LiveBlockReport) => void
  onTiming?: (t: TradeTiming) => void
  /** Called when a block's processing starts, with when its head arrived (performance.now() ms). */
  onHead?: (block: HistoryBlock, receivedAt: number) => void
  /** Called once the run row exists and heads are followed. */
  onStart?: (info: { runId: string; fromBlock: bigint }) => void
}

export type LiveResult = { runId: string; status: 'interrupted' | 'failed'; blocks: number; executed: number }

/** Paper mode's shadow trades wait this long for the block they land in (three 12-second slots). */
export const DEFAULT_SHADOW_WAIT_MS = 36_000

/** Consecutive failed executions that open the breaker when the config sets none: live never runs without one. */
export const DEFAULT_LIVE_MAX_CONSECUTIVE_FAILURES = 3

/**
 * Paper and live trading: the same strategies, sizing, risk manager and block processor as the backtest, fed
 * by new heads over WebSocket. Live mode sends through the chain executor; paper mode executes the same trades in a
 * shadow fork of the next block (the inclusion model decides where they land) and sends nothing. Live mode
 * first requires a passing gate evaluation of the config on a backtest of the same chain id. Reorgs roll the
 * records back (markReorged) and the market reader re-reads state; the kill switch and the circuit breakers
 * stop sending within the block and alert. Runs until the signal aborts.
 */
export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const { mode, config, manifest, store, logger, metrics, alerter } = options
  if (!/^wss?:\/\//.test(options.wsUrl)) throw new ConfigError('--rpc-url', 'a ws:// or wss:// URL (new heads come over WebSocket)', redactUrl(options.wsUrl))
  const httpUrl = options.httpUrl ?? options.wsUrl.replace(/^ws/, 'http')
  const rpc = createRpcClient(httpUrl, { retries: 4, backoffMs: 100, timeoutMs: 10_000 })
  const hash = configHash(config)

  // Preflight: the node's chain is the manifest's; live mode needs passing gates and its keys, each allowed to trade
  // through the executor (its owner or an allowed executor) and holding ETH for gas.
  const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
  let traders: PrivateKeyAccount[] = []
  if (chainId !== manifest.chainId) throw new ConfigError('--manifest', `a manifest of chain ${chainId} (the node's)`, `chain ${manifest.chainId}`)
  if (mode === 'live') {
    const gateRun = await requirePassingGates(store, hash, chainId)
    logger?.info({ configHash: hash, gateRun }, 'gates passed')
    if (!options.account) throw new LiveError('no-key', 'Live mode needs a key: set ARB_PRIVATE_KEY or pass --keystore FILE with ARB_KEYSTORE_PASSWORD')
    if (!manifest.executor) throw new ConfigError('--manifest', 'a manifest with the executor address (manifest.executor)', 'none')
    const required = config.execution.submit === 'bundle' ? (config.execution.bundleAccounts ?? 1) : 1
    traders = (await checkTradingAccounts({ rpc, executor: manifest.executor as Address, accounts: [options.account, ...(options.traders ?? [])], required })).slice(1)
    if (config.execution.submit === 'bundle' && !options.bundleSigner) {
      throw new LiveError('no-key', 'execution.submit "bundle" needs a bundle signing key: set ARB_BUNDLE_SIGNING_KEY or pass --bundle-keystore FILE with ARB_BUNDLE_KEYSTORE_PASSWORD')
    }
  }

  let runId: string | undefined
  const alert = (kind: Parameters<Alerter['send']>[0]['kind'], message: string, block?: bigint, details?: Record<string, unknown>) =>
    alerter?.send({ kind, runId: runId ?? 'starting', message, block, details })

  const heads = await createNewHeadSource({
    url: options.wsUrl,
    logger,
    signal: options.signal,
    onStatus: (status, error) => {
      if (status === 'down') {
        metrics?.rpcError('eth_subscribe')
        void alert('rpc-down', `WebSocket to ${redactUrl(options.wsUrl)} dropped: ${error ?? ''}; reconnecting`)
      } else void alert('rpc-restored', `WebSocket to ${redactUrl(options.wsUrl)} reconnected`)
    },
  })
  const fromBlock = BigInt(await rpc.request<Hex>('eth_blockNumber'))
  const source: EventSource = {
    name: `live ${redactUrl(options.wsUrl)}`,
    rpcUrl: httpUrl,
    chainId,
    manifest,
    fromBlock,
    toBlock: null,
    events: () => heads.events(),
    close: () => heads.close(),
  }
  // Live trades go out as the config says: public transactions, or bundles to the builders (never both). Paper mode
  // is a shadow: the same simulation on the head, and when the next block arrives, that block replayed on a fork with
  // the would-be trade inserted by the inclusion model — the outcome a live run would have recorded, sending nothing.
  const shadow = mode === 'paper' && options.shadow !== false
  // Paper mode's inclusion model: the config's, else a live node's default (its blocks carry their transactions).
  const paperInclusion = resolveInclusion(config.execution.inclusion, 'live')
  const chain: ChainExecutor | undefined = shadow
    ? undefined
    : mode === 'live' && config.execution.submit === 'bundle'
      ? createBundleExecutor({
          rpc,
          manifest,
          chainId,
          account: options.account!,
          traders,
          bundleSigner: options.bundleSigner!,
          builders: config.execution.builders!,
          bundleBlocks: config.execution.bundleBlocks,
          store,
          maxGasPrice: config.risk.maxGasPrice,
          onTiming: options.onTiming,
          // On stop, bundles still waiting for their blocks get a little time, then are recorded as unknown.
          ...(options.signal ? { signal: options.signal } : {}),
        })
      : createChainExecutor({ rpc, manifest, chainId, account: options.account, maxGasPrice: config.risk.maxGasPrice, stuckAfterMs: options.stuckAfterMs, onTiming: options.onTiming })
  const executor: Executor =
    chain ??
    (await createForkExecutor({
      sourceRpcUrl: httpUrl,
      manifest,
      chainId,
      inclusion: parseInclusion(paperInclusion)!,
      landingWaitMs: options.shadowWaitMs ?? DEFAULT_SHADOW_WAIT_MS,
    }))
  const kill = createKillSwitch({ file: options.killFile, signal: options.killSignal })
  const tokens = new Map(Object.entries(manifest.tokens).map(([symbol, t]) => [t.address.toLowerCase(), { symbol, decimals: t.decimals }]))

  let risk: RiskManager | undefined
  let killed = false
  let breakerOpen = false
  const lossAlerted = new Set<string>()
  let status: LiveResult['status'] = 'interrupted'
  let blocks = 0
  let executed = 0
  try {
    const result = await runEngine({
      mode,
      source,
      // Paper runs record the inclusion model their shadow trades landed by (part of the config and its hash).
      config: shadow ? { ...config, execution: { ...config.execution, inclusion: paperInclusion } } : config,
      store,
      executors: [executor],
      sourceSpec: { kind: 'live', rpc: redactUrl(options.wsUrl) },
      maxPerBlock: options.maxPerBlock,
      writeEvery: 1,
      readAhead: false,
      defaultMaxConsecutiveFailures: DEFAULT_LIVE_MAX_CONSECUTIVE_FAILURES,
      signal: options.signal,
      onStart: (info) => {
        runId = info.runId
        risk = info.risk
        logger?.info({ runId, mode, configHash: hash, chainId, fromBlock, rpc: redactUrl(options.wsUrl) }, 'live run started')
        options.onStart?.({ runId, fromBlock })
      },
      beforeBlock: (block, receivedAt) => {
        if (!killed && kill.active()) {
          killed = true
          chain?.halt()
          metrics?.setKillSwitch(true)
          logger?.warn({ runId, block: block.number, reason: kill.reason() }, 'kill switch: sending stopped')
          void alert('kill-switch', `kill switch: sending stopped (${kill.reason()})`, block.number)
        }
        chain?.setHead(block)
        options.onHead?.(block, receivedAt)
      },
      holdFor: () => (mode === 'paper' && !shadow ? 'paper' : killed ? 'kill-switch' : undefined),
      // A node that stopped answering is not a reason to stop: log, count, and take the next head.
      skipBlockOn: (e, block) => {
        if (!(e instanceof BaseError && e.retryable)) return false
        metrics?.rpcError('method' in e ? String((e as { method: string }).method) : 'unknown')
        logger?.error({ runId, block: block.number, error: e.shortMessage }, 'block skipped')
        return true
      },
      onReorg: async (ev, marked) => {
        metrics?.reorg(ev.dropped.length)
        // Our pending transactions may have left with the dropped blocks: count nonces again from the node.
        await chain?.nonces?.resync()
        logger?.warn({ runId, commonAncestor: ev.commonAncestor.number, dropped: ev.dropped.map((b) => b.number), opportunitiesMarked: marked }, 'reorg')
      },
      onBlock: (r) => {
        blocks++
        executed += r.executed
        metrics?.observeBlock(r.records, tokens)
        if (risk?.isTripped() && !breakerOpen) {
          breakerOpen = true
          metrics?.setBreaker(true)
          void alert('circuit-breaker', `circuit breaker open: ${risk.state().consecutiveFailures} consecutive failed executions`, r.block.number)
        }
        for (const rej of r.records.rejections) {
          if (rej.reason !== 'daily-loss-limit') continue
          const key = `${risk?.state().day}`
          if (!lossAlerted.has(key)) {
            lossAlerted.add(key)
            void alert('daily-loss-limit', String(rej.detail), r.block.number)
          }
        }
        logger?.info({ runId, block: r.block.number, opportunities: r.opportunities, executed: r.executed }, 'block')
        options.onBlock?.({ block: r.block, receivedAt: r.receivedAt, opportunities: r.opportunities, executed: r.executed, killed: r.held === 'kill-switch', records: r.records })
      },
    })
    runId = result.runId
  } catch (e) {
    status = 'failed'
    throw e
  } finally {
    kill.close()
    await source.close()
    await executor.close()
    logger?.info({ runId, status, blocks, executed }, 'live run stopped')
    await alert('stopped', `run ${status} after ${blocks} blocks`)
  }
  return { runId: runId!, status, blocks, executed }
}
