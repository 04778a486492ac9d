import type { Config } from '../config/configSchema.js'
import { ethToTokenRate } from '../costs/ethToTokenRate.js'
import { gasFloor } from '../costs/gasFloor.js'
import { netProfit } from '../costs/netProfit.js'
import { convertUp } from '../costs/price.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { describeRoute } from '../executors/encodeRoute.js'
import { onChainMinProfit } from '../executors/arbExecutor/onChainMinProfit.js'
import { tradeGas } from '../executors/arbExecutor/tradeGas.js'
import { bidAsPriorityFee } from '../costs/bidAsPriorityFee.js'
import type { ExecutionResult, Executor } from '../executors/Executor.js'
import { failedExecution } from '../executors/arbExecutor/failedExecution.js'
import type { ExecutionRow } from '../store/rows/ExecutionRow.js'
import type { Address, MarketState } from '../market/types.js'
import type { RiskManager } from '../risk/createRiskManager.js'
import type { HistoryBlock } from '../sources/types.js'
import { emptyRecords, type BlockRecords } from './blockRecords.js'
import { detect } from './detect.js'
import { createDetectionCache, type DetectionCache } from '../strategies/createDetectionCache.js'
import { opportunityId } from '../store/opportunityId.js'
import type { HoldCode } from './rejectionCode.js'
import type { ResolvedStrategy } from './resolveStrategies.js'

export type BlockOutcome = {
  records: BlockRecords
  opportunities: number
  executed: number
  /**
   * Execution rows of trades sent through `Executor.send`, resolved once each outcome is known (the risk manager
   * has recorded it by then). The engine writes them with a later block, and awaits them before the run ends.
   */
  late?: Promise<ExecutionRow>[]
}

export type ProcessOptions = {
  /** Awaited before the block's first risk decision (blocks processed in parallel decide in block order). */
  riskTurn?: () => Promise<void>
  /**
   * Validate but do not send: each candidate that passes every check is recorded as a rejection with this code
   * (`paper` in paper mode, `kill-switch` once a live run's kill switch is on).
   */
  hold?: HoldCode
  /** Reorg generation of this height in the run (see `opportunityId`). Default 0. */
  generation?: number
}

export type BlockProcessor = {
  /**
   * One block through the pipeline: strategies on the block's state → gas pricing → simulation → cost model
   * and risk → execution (unless held) → rows to record. The same code runs in every mode; only the executor
   * behind it differs.
   */
  process(block: HistoryBlock, state: MarketState, options?: ProcessOptions): Promise<BlockOutcome>
}

export type BlockProcessorOptions = {
  runId: string
  config: Config
  manifest: Manifest
  strategies: readonly ResolvedStrategy[]
  /** Decides every candidate and gives the minimum net profit the pre-simulation filter uses. */
  risk: RiskManager
  executor: Executor
  /** Most opportunities simulated per block (best first). Default 8. */
  maxPerBlock?: number
  /**
   * One detection cache per strategy, in `strategies` order, so a block re-scores only the cycles through pools
   * that changed. Processors of one run may share them (detection is synchronous). Default: this processor's own.
   */
  detectionCaches?: readonly DetectionCache[]
}

/** Builds the per-block pipeline shared by every mode. */
export function createBlockProcessor(options: BlockProcessorOptions): BlockProcessor {
  const { runId, config, manifest, strategies, risk, executor } = options
  const maxPerBlock = options.maxPerBlock ?? 8
  const caches = options.detectionCaches ?? strategies.map(() => createDetectionCache())
  if (caches.length !== strategies.length) throw new BaseError('detectionCaches must hold one cache per strategy', { details: `${caches.length} caches for ${strategies.length} strategies` })
  const mode = config.execution.mode
  const accounts = config.execution.submit === 'bundle' ? (config.execution.bundleAccounts ?? 1) : undefined
  const weth = manifest.tokens.WETH?.address.toLowerCase() as Address | undefined
  if (!weth) throw new BaseError('The manifest has no WETH token', { details: 'gas is priced through WETH pools' })
  const symbolOf = new Map(Object.entries(manifest.tokens).map(([s, t]) => [t.address.toLowerCase(), s]))
  const symbol = (a: string) => symbolOf.get(a.toLowerCase()) ?? a

  return {
    async process(block, state, { riskTurn, hold, generation } = {}) {
      const ready = performance.now()
      const found = detect(state, strategies, ready, maxPerBlock, caches)
      const records = emptyRecords({ run_id: runId, block_number: block.number, block_hash: block.hash, block_timestamp: block.timestamp, base_fee: block.baseFee, processed_at: new Date() })
      let executed = 0
      // Trades sent (or, held, that would have been) in this block, against the bundle accounts.
      let sent = 0
      let forked = false
      // Pools the block's trades so far used (see Executor.landsApart).
      const taken = new Set<string>()
      let waited = !riskTurn
      const late: Promise<ExecutionRow>[] = []
      for (const [i, { opportunity: o, detectLatencyUs }] of found.entries()) {
        const id = opportunityId(block.number, i, generation)
        const detectedAt = performance.now()
        records.opportunities.push({
          run_id: runId,
          opportunity_id: id,
          block_number: block.number,
          block_hash: block.hash,
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
        // Cheap pre-filter: a candidate whose expected profit cannot pay a floor on its gas never reaches the fork.
        const floor = netProfit({ grossProfit: o.expectedProfit, gasUsed: gasFloor(o.route, mode), baseFee: block.baseFee, priorityFee: config.execution.priorityFee, flashFee: 0n, ethToStart: rate })
        const minNet = risk.minNetProfit(o.route.startToken)
        if (floor.netProfit < minNet) {
          records.rejections.push({
            run_id: runId,
            opportunity_id: id,
            reason: 'below-min-profit',
            detail: `expected profit ${o.expectedProfit} minus gas floor ${floor.gasCost + floor.priorityCost} is below ${minNet} (not simulated)`,
          })
          continue
        }
        // Bundles: one trade per trading account and head can land (a builder simulates each bundle alone at the
        // top of its block, so one account's trades of a head share a nonce). Every mode sends no more than live can.
        if (accounts !== undefined && sent >= accounts) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'accounts-busy', detail: `all ${accounts} trading accounts (execution.bundleAccounts) send a trade of this block` })
          continue
        }
        if (executor.landsApart) {
          const used = o.route.hops.find((h) => taken.has(h.pool.address.toLowerCase()))
          if (used) {
            records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'pool-taken', detail: `an earlier trade of this block used pool ${used.pool.address}` })
            continue
          }
        }
        // Candidates run best first on one state: each one sees the trades executed before it in this block,
        // so two routes through the same mispriced pool are not both counted (the second re-simulates and
        // usually fails or shrinks).
        if (!forked) {
          await executor.moveTo(block)
          forked = true
        }
        // The builder's cut: WETH-start trades pay it from ArbExecutor (the simulation sees the payment), other
        // start tokens as priority fee on top of the configured tip.
        const payInContract = o.route.startToken === weth
        const bidBps = payInContract ? config.execution.bidBps : 0
        const simulation = await executor.simulate(o, mode, bidBps)
        if (!simulation.success) {
          records.simulations.push({ run_id: runId, opportunity_id: id, success: false, simulated_profit: null, gas_used: null, error: simulation.error, net_profit: null, simulated_payment: null })
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'simulation-reverted', detail: simulation.error })
          continue
        }
        // The trade keeps its simulated profit less the configured tolerance; its gas is the simulation's, with
        // the calldata of that minimum (the simulation asked for 1).
        const minProfit = onChainMinProfit(simulation.profit, config.execution.profitToleranceBps)
        const sim = { profit: simulation.profit, payment: simulation.payment, gasUsed: tradeGas(o, mode, simulation.gasUsed, minProfit, bidBps) }
        const tip = config.execution.priorityFee + (payInContract ? 0n : bidAsPriorityFee(sim.profit, config.execution.bidBps, rate, sim.gasUsed))
        const estimate = netProfit({ grossProfit: sim.profit, gasUsed: sim.gasUsed, baseFee: block.baseFee, priorityFee: tip, flashFee: 0n, ethToStart: rate })
        records.simulations.push({ run_id: runId, opportunity_id: id, success: true, simulated_profit: sim.profit, gas_used: sim.gasUsed, error: null, net_profit: estimate.netProfit, simulated_payment: sim.payment })
        if (!waited) {
          await riskTurn!()
          waited = true
        }
        const decision = risk.check({
          startToken: o.route.startToken,
          amountIn: o.amountIn,
          netProfit: estimate.netProfit,
          effectiveGasPrice: block.baseFee + tip,
          mode,
          timestamp: block.timestamp,
        })
        if (!decision.ok) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: decision.code, detail: decision.detail })
          continue
        }
        sent++
        if (hold) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: hold, detail: HOLD_DETAIL[hold] })
          continue
        }
        const order = { opportunity: o, mode, simulated: sim, minProfit, bidBps, priorityFee: tip, bundle: config.execution.submit === 'bundle', ref: { runId, opportunityId: id } }
        executed++
        for (const h of o.route.hops) taken.add(h.pool.address.toLowerCase())
        // One row and one risk outcome per trade, whenever its outcome is known.
        const settle = (ex: ExecutionResult): ExecutionRow => {
          const row = executionRow({ runId, opportunityId: id, ex, rate, flashSource: mode === 'flash' ? (o.flash?.source ?? 'aave-v3') : null, latencyMs: performance.now() - detectedAt })
          risk.record({ startToken: o.route.startToken, realizedProfit: row.net_profit as bigint, success: ex.success, mined: ex.gasUsed > 0n, timestamp: block.timestamp })
          return row
        }
        if (executor.send) {
          // Sent now, followed in the background (bundles wait for their target blocks): the block goes on with its
          // next trade and the engine with the next head; the row comes when the outcome is known.
          const started = performance.now()
          const { settled } = await executor.send(order)
          late.push(settled.catch((e: unknown) => failedExecution(started, `outcome not followed: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`)).then(settle))
        } else {
          records.executions.push(settle(await executor.execute(order)))
        }
      }
      return { records, opportunities: found.length, executed, ...(late.length > 0 ? { late } : {}) }
    },
  }
}

/** The `executions` row of a trade's outcome; its net profit is the realized profit less gas, in start-token units. */
function executionRow(a: { runId: string; opportunityId: string; ex: ExecutionResult; rate: Parameters<typeof convertUp>[1]; flashSource: string | null; latencyMs: number }): ExecutionRow {
  const { ex } = a
  const gasCostToken = convertUp(ex.gasUsed * ex.effectiveGasPrice, a.rate)
  const landing = ex.landing
  return {
    run_id: a.runId,
    opportunity_id: a.opportunityId,
    tx_hash: ex.txHash,
    success: ex.success,
    realized_profit: ex.realizedProfit,
    gas_used: ex.gasUsed,
    gas_cost: ex.gasUsed * ex.effectiveGasPrice,
    flash_fee: ex.flashFee,
    flash_source: a.flashSource,
    priority_fee: ex.priorityFee,
    // Opportunity → mined transaction (or known outcome), as the gates measure it.
    latency_ms: a.latencyMs,
    error: ex.error,
    gas_cost_token: gasCostToken,
    net_profit: ex.realizedProfit - gasCostToken,
    builder_payment: ex.builderPayment,
    inclusion_model: landing?.model ?? null,
    landed_block: landing?.block ?? null,
    position: landing?.position ?? null,
    txs_ahead: landing?.ahead ?? null,
    rival_tx: landing?.rival ?? null,
    outcome: landing?.outcome ?? null,
    replay_failures: landing?.replayFailures ?? null,
    replay_error: landing?.replayError ?? null,
  }
}

const HOLD_DETAIL: Record<HoldCode, string> = {
  paper: 'paper mode: validated, not sent',
  'kill-switch': 'kill switch active: validated, not sent',
}
