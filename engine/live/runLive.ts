import { randomBytes } from 'node:crypto'
import type { Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import type { Logger } from 'pino'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { canonicalJson, configHash } from '../config/configHash.js'
import { storableConfig } from '../config/storableConfig.js'
import type { Config } from '../config/configSchema.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { ConfigError } from '../errors/ConfigError.js'
import { LiveError } from '../errors/LiveError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { requirePassingGates } from '../gates/requirePassingGates.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Alerter } from '../monitoring/createAlerter.js'
import type { Metrics } from '../monitoring/createMetrics.js'
import type { BlockRecords } from '../pipeline/blockRecords.js'
import { createBlockProcessor } from '../pipeline/createBlockProcessor.js'
import { readInventory } from '../pipeline/readInventory.js'
import { resolveStrategies } from '../pipeline/resolveStrategies.js'
import { riskLimits } from '../pipeline/riskLimits.js'
import { writeBlocks } from '../pipeline/writeBlocks.js'
import { createRiskManager } from '../risk/createRiskManager.js'
import type { HistoryBlock } from '../sources/types.js'
import type { Store } from '../store/openStore.js'
import { createChainExecutor, type ChainExecutor, type TradeTiming } from './createChainExecutor.js'
import { createKillSwitch } from './createKillSwitch.js'
import { createNewHeadSource } from './createNewHeadSource.js'
import { encodeFunctionData, decodeFunctionResult } from 'viem'
import { liveOpportunityId, markReorged } from './markReorged.js'

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
  onBlock?: (report: LiveBlockReport) => void
  onTiming?: (t: TradeTiming) => void
  /** Called when a block's processing starts, with when its head arrived (performance.now() ms). */
  onHead?: (block: HistoryBlock, receivedAt: number) => void
  /** Called once the run row exists and heads are followed. */
  onStart?: (info: { runId: string; fromBlock: bigint }) => void
}

export type LiveResult = { runId: string; status: 'interrupted' | 'failed'; blocks: number; executed: number }

/** Consecutive failed executions that open the breaker when the config sets none: live never runs without one. */
export const DEFAULT_LIVE_MAX_CONSECUTIVE_FAILURES = 3

/**
 * Paper and live trading: the same strategies, sizing, risk manager and block processor as the backtest, fed
 * by new heads over WebSocket and executed by the chain executor (paper: everything but the send). Live mode
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

  const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
  if (chainId !== manifest.chainId) throw new ConfigError('--manifest', `a manifest of chain ${chainId} (the node's)`, `chain ${manifest.chainId}`)
  if (mode === 'live') {
    const gateRun = await requirePassingGates(store, hash, chainId)
    logger?.info({ configHash: hash, gateRun }, 'gates passed')
    if (!options.account) throw new LiveError('no-key', 'Live mode needs a key: set ARB_PRIVATE_KEY or pass --keystore FILE with ARB_KEYSTORE_PASSWORD')
    const owner = decodeFunctionResult({
      abi: arbExecutorAbi,
      functionName: 'owner',
      data: await rpc.request<Hex>('eth_call', [{ to: manifest.executor, data: encodeFunctionData({ abi: arbExecutorAbi, functionName: 'owner' }) }, 'latest']),
    }) as string
    if (owner.toLowerCase() !== options.account.address.toLowerCase()) {
      throw new LiveError('not-owner', `The key's address ${options.account.address} does not own the executor ${manifest.executor} (owner ${owner})`)
    }
  }

  const runId = `${mode}-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`
  let runIdForAlerts = runId
  const alert = (kind: Parameters<Alerter['send']>[0]['kind'], message: string, block?: bigint, details?: Record<string, unknown>) =>
    alerter?.send({ kind, runId: runIdForAlerts, message, block, details })

  const source = await createNewHeadSource({
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
  const storable = storableConfig(config)
  await store.append('runs', [
    {
      run_id: runId,
      started_at: new Date(),
      finished_at: null,
      mode,
      strategies: JSON.stringify(config.strategies.map((s) => s.name)),
      config_json: canonicalJson(storable),
      config_hash: hash,
      source: JSON.stringify({ kind: 'live', rpc: redactUrl(options.wsUrl) }),
      chain_id: BigInt(chainId),
      from_block: fromBlock,
      to_block: null,
      next_block: fromBlock,
      status: 'running',
      manifest_json: JSON.stringify(manifest),
    },
  ])
  runIdForAlerts = runId

  const limits = riskLimits(config, manifest)
  const risk = createRiskManager({ ...limits, maxConsecutiveFailures: limits.maxConsecutiveFailures ?? DEFAULT_LIVE_MAX_CONSECUTIVE_FAILURES })
  const executor: ChainExecutor = createChainExecutor({
    rpc,
    manifest,
    chainId,
    account: options.account,
    priorityFee: config.execution.priorityFee,
    maxGasPrice: config.risk.maxGasPrice,
    stuckAfterMs: options.stuckAfterMs,
    onTiming: options.onTiming,
  })
  const inventory = await readInventory(rpc, config, manifest, 'latest')
  const strategies = resolveStrategies(config, manifest, inventory)
  const common = { runId, config, manifest, strategies, risk, executor, maxPerBlock: options.maxPerBlock }
  const sending = createBlockProcessor({ ...common, send: mode === 'live' })
  const paper = createBlockProcessor({ ...common, send: false })
  const reader = createMarketReader({ rpc, manifest })
  const kill = createKillSwitch({ file: options.killFile, signal: options.killSignal })
  const tokens = new Map(Object.entries(manifest.tokens).map(([symbol, t]) => [t.address.toLowerCase(), { symbol, decimals: t.decimals }]))

  let blocks = 0
  let executed = 0
  let killed = false
  let breakerOpen = false
  const lossAlerted = new Set<string>()
  let status: LiveResult['status'] = 'interrupted'
  logger?.info({ runId, mode, configHash: hash, chainId, fromBlock, rpc: redactUrl(options.wsUrl) }, 'live run started')
  options.onStart?.({ runId, fromBlock })
  try {
    for await (const ev of source.events()) {
      if (options.signal?.aborted) break
      if (ev.type === 'finalize') continue
      if (ev.type === 'reorg') {
        const marked = await markReorged(store, runId, ev.commonAncestor, ev.dropped)
        metrics?.reorg(ev.dropped.length)
        // Our pending transactions may have left with the dropped blocks: count nonces again from the node.
        await executor.nonces?.resync()
        logger?.warn({ runId, commonAncestor: ev.commonAncestor.number, dropped: ev.dropped.map((b) => b.number), opportunitiesMarked: marked }, 'reorg')
        continue
      }
      const block = ev.block
      if (!killed && kill.active()) {
        killed = true
        executor.halt()
        metrics?.setKillSwitch(true)
        logger?.warn({ runId, block: block.number, reason: kill.reason() }, 'kill switch: sending stopped')
        void alert('kill-switch', `kill switch: sending stopped (${kill.reason()})`, block.number)
      }
      executor.setHead(block)
      options.onHead?.(block, ev.receivedAt)
      let outcome
      try {
        const state = await reader.read(block)
        outcome = await (killed ? paper : sending).process(block, state)
      } catch (e) {
        // A node that stopped answering is not a reason to stop: log, count, and take the next head.
        if (e instanceof BaseError && e.retryable) {
          metrics?.rpcError(e instanceof BaseError && 'method' in e ? String((e as { method: string }).method) : 'unknown')
          logger?.error({ runId, block: block.number, error: e.shortMessage }, 'block skipped')
          continue
        }
        throw e
      }
      const records = relabel(outcome.records, block, killed && mode === 'live')
      await writeBlocks(store, runId, [records], block.number + 1n)
      blocks++
      executed += outcome.executed
      metrics?.observeBlock(records, tokens)
      if (risk.isTripped() && !breakerOpen) {
        breakerOpen = true
        metrics?.setBreaker(true)
        void alert('circuit-breaker', `circuit breaker open: ${risk.state().consecutiveFailures} consecutive failed executions`, block.number)
      }
      for (const r of records.rejections) {
        if (r.reason === 'daily-loss-limit') {
          const key = `${risk.state().day}`
          if (!lossAlerted.has(key)) {
            lossAlerted.add(key)
            void alert('daily-loss-limit', String(r.detail), block.number)
          }
        }
      }
      logger?.info({ runId, block: block.number, opportunities: outcome.opportunities, executed: outcome.executed }, 'block')
      options.onBlock?.({ block, receivedAt: ev.receivedAt, opportunities: outcome.opportunities, executed: outcome.executed, killed, records })
    }
  } catch (e) {
    status = 'failed'
    throw e
  } finally {
    kill.close()
    await source.close()
    await executor.close()
    await store.run('UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?', [status, new Date(), runId]).catch(() => {})
    logger?.info({ runId, status, blocks, executed }, 'live run stopped')
    await alert('stopped', `run ${status} after ${blocks} blocks`)
  }
  return { runId, status, blocks, executed }
}

/** Opportunity ids with the block hash (a reorg brings the same height again); kill-switch rejections named so. */
function relabel(records: BlockRecords, block: HistoryBlock, killed: boolean): BlockRecords {
  const ids = new Map<string, string>()
  for (const [i, o] of records.opportunities.entries()) {
    const id = liveOpportunityId(block, i)
    ids.set(String(o.opportunity_id), id)
    o.opportunity_id = id
  }
  for (const rows of [records.simulations, records.executions, records.rejections]) {
    for (const r of rows) r.opportunity_id = ids.get(String(r.opportunity_id)) ?? r.opportunity_id
  }
  if (killed) {
    for (const r of records.rejections) {
      if (r.reason === 'paper') {
        r.reason = 'kill-switch'
        r.detail = 'kill switch active: validated, not sent'
      }
    }
  }
  return records
}
