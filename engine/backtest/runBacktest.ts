import { randomBytes } from 'node:crypto'
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { erc20Abi } from '../abi/erc20.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { configHash, canonicalJson } from '../config/configHash.js'
import type { Config } from '../config/configSchema.js'
import { ethToTokenRate } from '../costs/ethToTokenRate.js'
import { netProfit } from '../costs/netProfit.js'
import { convertUp } from '../costs/price.js'
import { BaseError } from '../errors/BaseError.js'
import { describeRoute } from '../executors/encodeRoute.js'
import type { Executor } from '../executors/createForkExecutor.js'
import type { Logger } from '../log/createLogger.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Address } from '../market/types.js'
import { createRiskManager, type RiskLimits } from '../risk/createRiskManager.js'
import type { HistorySource } from '../sources/types.js'
import type { Store } from '../store/openStore.js'
import { emptyRecords, type BlockRecords } from './blockRecords.js'
import { detect } from './detect.js'
import { resolveStrategies } from './resolveStrategies.js'
import { writeBlocks } from './writeBlock.js'

export type BacktestProgress = { block: bigint; processed: number; total: number; opportunities: number; executed: number }

export type BacktestOptions = {
  source: HistorySource
  config: Config
  store: Store
  /** Simulates and executes on a fork of the source (created by the caller so it can be reused). */
  executor: Executor
  /** Continue this run at its first unprocessed block instead of starting a new one. */
  resumeRunId?: string
  /** Printable description of the source for `runs.source` (JSON spec; never a key). */
  sourceSpec: Record<string, unknown>
  /** Most opportunities simulated per block (best first). Default 8. */
  maxPerBlock?: number
  /** Blocks written per DuckDB transaction when they hold no opportunity. Default 50. */
  writeEvery?: number
  onProgress?: (p: BacktestProgress) => void
  /** Aborting stops after the current block; the run is marked interrupted and can be resumed. */
  signal?: AbortSignal
  log?: Logger
}

export type BacktestResult = { runId: string; status: 'completed' | 'interrupted'; blocks: number }

/**
 * The backtest pipeline: for each block of the source, read the market at that block, run the strategies,
 * check risk, simulate each candidate on a fork of that block and execute it there, and record everything.
 * Strategies, risk and executor are the code live mode runs; only the source and the fork executor are
 * backtest-specific.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { source, config, store, executor } = options
  const manifest = source.manifest
  const maxPerBlock = options.maxPerBlock ?? 8
  const writeEvery = options.writeEvery ?? 50
  const hash = configHash(config)
  const rpc = createRpcClient(source.rpcUrl)
  const weth = manifest.tokens.WETH?.address.toLowerCase() as Address | undefined
  if (!weth) throw new BaseError('The manifest has no WETH token', { details: 'gas is priced through WETH pools' })
  const symbolOf = new Map(Object.entries(manifest.tokens).map(([s, t]) => [t.address.toLowerCase(), s]))
  const symbol = (a: string) => symbolOf.get(a.toLowerCase()) ?? a

  // The run row: new, or the one being resumed.
  let runId: string
  let next: bigint
  if (options.resumeRunId) {
    const [row] = await store.query<{ next_block: bigint; to_block: bigint; config_hash: string; status: string }>(
      'SELECT next_block, to_block, config_hash, status FROM runs WHERE run_id = ?',
      [options.resumeRunId],
    )
    if (!row) throw new BaseError(`No run ${options.resumeRunId} to resume`, { details: 'see `arb runs`' })
    if (row.config_hash !== hash) throw new BaseError(`Run ${options.resumeRunId} was made with another config (hash ${row.config_hash}, now ${hash})`)
    if (row.status === 'completed') return { runId: options.resumeRunId, status: 'completed', blocks: 0 }
    runId = options.resumeRunId
    next = row.next_block
    await store.run("UPDATE runs SET status = 'running', finished_at = NULL WHERE run_id = ?", [runId])
  } else {
    runId = newRunId()
    next = source.fromBlock
    await store.append('runs', [
      {
        run_id: runId,
        started_at: new Date(),
        finished_at: null,
        mode: 'backtest',
        strategies: config.strategies.map((s) => s.name).join(','),
        config_json: canonicalJson(config),
        config_hash: hash,
        source: JSON.stringify(options.sourceSpec),
        chain_id: BigInt(source.chainId),
        from_block: source.fromBlock,
        to_block: source.toBlock,
        next_block: source.fromBlock,
        status: 'running',
        manifest_json: JSON.stringify(manifest),
      },
    ])
  }

  // Executor inventory (two-step) at the first block of the range.
  const starts = [...new Set(config.strategies.flatMap((s) => s.startTokens ?? ['WETH', 'USDC']))]
  const inventory: Record<Address, bigint> = {}
  if (manifest.executor) {
    for (const ref of starts) {
      const t = ref.startsWith('0x') ? ref.toLowerCase() : manifest.tokens[ref]?.address.toLowerCase()
      if (!t) continue
      const raw = await rpc.request<Hex>('eth_call', [{ to: t, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [manifest.executor as Address] }) }, `0x${source.fromBlock.toString(16)}`])
      inventory[t as Address] = decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: raw }) as bigint
    }
  }
  const strategies = resolveStrategies(config, manifest, inventory)
  const risk = createRiskManager(riskLimits(config, manifest))
  const mode = config.execution.mode
  const reader = createMarketReader({ rpc, manifest })

  const total = Number(source.toBlock - source.fromBlock + 1n)
  let processed = Number(next - source.fromBlock)
  let opportunities = 0
  let executed = 0
  let pending: BlockRecords[] = []
  let interrupted = false

  try {
    for await (const block of source.blocks(next)) {
      if (options.signal?.aborted) {
        interrupted = true
        break
      }
      const state = await reader.read(block)
      const ready = performance.now()
      const found = detect(state, strategies, ready, maxPerBlock)
      const records = emptyRecords({ run_id: runId, block_number: block.number, block_timestamp: block.timestamp, base_fee: block.baseFee, processed_at: new Date() })
      let forked = false
      for (const [i, { opportunity: o, detectLatencyUs }] of found.entries()) {
        const id = `${block.number}-${i}`
        opportunities++
        records.opportunities.push({
          run_id: runId,
          opportunity_id: id,
          block_number: block.number,
          strategy: o.strategy,
          kind: o.kind,
          route: describeRoute(o.route, symbol),
          token_in: o.route.startToken,
          amount_in: o.amountIn,
          expected_profit: o.expectedProfit,
          execution_mode: mode,
          detected_at: new Date(),
          detect_latency_us: detectLatencyUs,
        })
        const rate = ethToTokenRate(state, weth, o.route.startToken)
        if (!rate) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'no-gas-price', detail: `no WETH pool prices ${symbol(o.route.startToken)}` })
          continue
        }
        if (!forked) {
          await executor.moveTo(block.number)
          await executor.checkpoint()
          forked = true
        } else {
          await executor.rollback()
        }
        const sim = await executor.simulate(o, mode)
        if (!sim.success) {
          records.simulations.push({ run_id: runId, opportunity_id: id, success: false, simulated_profit: null, gas_used: null, error: sim.error, net_profit: null })
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'simulation-reverted', detail: sim.error })
          continue
        }
        const estimate = netProfit({ grossProfit: sim.profit, gasUsed: sim.gasUsed, baseFee: block.baseFee, priorityFee: config.execution.priorityFee, flashFee: 0n, ethToStart: rate })
        records.simulations.push({ run_id: runId, opportunity_id: id, success: true, simulated_profit: sim.profit, gas_used: sim.gasUsed, error: null, net_profit: estimate.netProfit })
        const decision = risk.check({
          startToken: o.route.startToken,
          amountIn: o.amountIn,
          netProfit: estimate.netProfit,
          effectiveGasPrice: block.baseFee + config.execution.priorityFee,
          mode,
          timestamp: block.timestamp,
        })
        if (!decision.ok) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: reasonCode(decision.reason), detail: decision.reason })
          continue
        }
        const ex = await executor.execute(o, mode)
        executed++
        const gasCostToken = convertUp(ex.gasUsed * ex.effectiveGasPrice, rate)
        const realizedNet = ex.realizedProfit - gasCostToken
        records.executions.push({
          run_id: runId,
          opportunity_id: id,
          tx_hash: ex.txHash,
          success: ex.success,
          realized_profit: ex.realizedProfit,
          gas_used: ex.gasUsed,
          gas_cost: ex.gasUsed * ex.effectiveGasPrice,
          flash_fee: ex.flashFee,
          priority_fee: ex.priorityFee,
          latency_ms: ex.latencyMs,
          error: ex.error,
          gas_cost_token: gasCostToken,
          net_profit: realizedNet,
        })
        risk.record({ startToken: o.route.startToken, realizedProfit: realizedNet, success: ex.success, timestamp: block.timestamp })
      }
      pending.push(records)
      processed++
      if (found.length > 0 || pending.length >= writeEvery || block.number === source.toBlock) {
        await writeBlocks(store, runId, pending, block.number + 1n)
        pending = []
      }
      options.onProgress?.({ block: block.number, processed, total, opportunities, executed })
    }
    if (pending.length > 0) {
      const last = pending[pending.length - 1]!.block.block_number as bigint
      await writeBlocks(store, runId, pending, last + 1n)
      pending = []
    }
  } catch (e) {
    await store.run("UPDATE runs SET status = 'failed', finished_at = ? WHERE run_id = ?", [new Date(), runId]).catch(() => {})
    throw e
  }
  const status = interrupted ? 'interrupted' : 'completed'
  await store.run('UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?', [status, new Date(), runId])
  return { runId, status, blocks: processed }
}

function newRunId(): string {
  const d = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `r${d}-${randomBytes(3).toString('hex')}`
}

function reasonCode(reason: string): string {
  if (reason.startsWith('net profit')) return 'below-min-profit'
  if (reason.startsWith('circuit breaker')) return 'circuit-breaker'
  if (reason.startsWith('daily loss')) return 'daily-loss-limit'
  if (reason.startsWith('gas price')) return 'max-gas-price'
  if (reason.includes('max notional')) return 'max-notional'
  if (reason.includes('max position')) return 'max-position'
  return 'risk'
}

/** The config's risk section with token symbols resolved through the manifest. */
function riskLimits(config: Config, manifest: HistorySource['manifest']): RiskLimits {
  const resolve = (v: bigint | Record<string, bigint> | undefined): Map<Address, bigint> | undefined => {
    if (v === undefined) return undefined
    if (typeof v === 'bigint') return new Map(Object.values(manifest.tokens).map((t) => [t.address.toLowerCase() as Address, v]))
    return new Map(Object.entries(v).map(([k, amount]) => [(k.startsWith('0x') ? k : manifest.tokens[k]?.address ?? k).toLowerCase() as Address, amount]))
  }
  const r = config.risk
  return {
    maxNotional: resolve(r.maxNotional),
    maxPositionPerToken: resolve(r.maxPositionPerToken),
    minNetProfit: resolve(r.minNetProfit),
    maxGasPrice: r.maxGasPrice,
    dailyLossLimit: resolve(r.dailyLossLimit),
    maxConsecutiveFailures: r.maxConsecutiveFailures,
  }
}
