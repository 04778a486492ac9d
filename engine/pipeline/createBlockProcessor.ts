import type { Config } from '../config/configSchema.js'
import { ethToTokenRate } from '../costs/ethToTokenRate.js'
import { gasFloor } from '../costs/gasFloor.js'
import { netProfit } from '../costs/netProfit.js'
import { convertUp } from '../costs/price.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { describeRoute } from '../executors/encodeRoute.js'
import type { Executor } from '../executors/Executor.js'
import type { Address, MarketState } from '../market/types.js'
import type { RiskManager } from '../risk/createRiskManager.js'
import type { HistoryBlock } from '../sources/types.js'
import { emptyRecords, type BlockRecords } from './blockRecords.js'
import { detect } from './detect.js'
import type { ResolvedStrategy } from './resolveStrategies.js'

export type BlockOutcome = { records: BlockRecords; opportunities: number; executed: number }

export type BlockProcessor = {
  /**
   * One block through the pipeline: strategies on the block's state → gas pricing → simulation → cost model
   * and risk → execution (unless `send` is false: paper mode) → rows to record. The same code runs in
   * backtest (fork executor), paper and live (chain executor). `riskTurn`, when given, is awaited before the
   * block's first risk decision (blocks processed in parallel decide in block order).
   */
  process(block: HistoryBlock, state: MarketState, riskTurn?: () => Promise<void>): Promise<BlockOutcome>
}

export type BlockProcessorOptions = {
  runId: string
  config: Config
  manifest: Manifest
  strategies: readonly ResolvedStrategy[]
  risk: RiskManager
  /** Net profit below which a candidate is not worth simulating, per start token (the risk limit's; default 1). */
  minNetProfit?: (token: Address) => bigint
  executor: Executor
  /** False in paper mode: everything but the send. Default true. */
  send?: boolean
  /** Most opportunities simulated per block (best first). Default 8. */
  maxPerBlock?: number
}

/** Builds the per-block pipeline shared by every mode. */
export function createBlockProcessor(options: BlockProcessorOptions): BlockProcessor {
  const { runId, config, manifest, strategies, risk, executor } = options
  const send = options.send ?? true
  const maxPerBlock = options.maxPerBlock ?? 8
  const minNetProfit = options.minNetProfit ?? (() => 1n)
  const mode = config.execution.mode
  const weth = manifest.tokens.WETH?.address.toLowerCase() as Address | undefined
  if (!weth) throw new BaseError('The manifest has no WETH token', { details: 'gas is priced through WETH pools' })
  const symbolOf = new Map(Object.entries(manifest.tokens).map(([s, t]) => [t.address.toLowerCase(), s]))
  const symbol = (a: string) => symbolOf.get(a.toLowerCase()) ?? a

  return {
    async process(block, state, riskTurn) {
      const ready = performance.now()
      const found = detect(state, strategies, ready, maxPerBlock)
      const records = emptyRecords({ run_id: runId, block_number: block.number, block_hash: block.hash, block_timestamp: block.timestamp, base_fee: block.baseFee, processed_at: new Date() })
      let executed = 0
      let forked = false
      let waited = !riskTurn
      for (const [i, { opportunity: o, detectLatencyUs }] of found.entries()) {
        const id = `${block.number}-${i}`
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
        const minNet = minNetProfit(o.route.startToken)
        if (floor.netProfit < minNet) {
          records.rejections.push({
            run_id: runId,
            opportunity_id: id,
            reason: 'below-min-profit',
            detail: `expected profit ${o.expectedProfit} minus gas floor ${floor.gasCost + floor.priorityCost} is below ${minNet} (not simulated)`,
          })
          continue
        }
        // Candidates run best first on one state: each one sees the trades executed before it in this block,
        // so two routes through the same mispriced pool are not both counted (the second re-simulates and
        // usually fails or shrinks).
        if (!forked) {
          await executor.moveTo(block)
          forked = true
        }
        const sim = await executor.simulate(o, mode)
        if (!sim.success) {
          records.simulations.push({ run_id: runId, opportunity_id: id, success: false, simulated_profit: null, gas_used: null, error: sim.error, net_profit: null })
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'simulation-reverted', detail: sim.error })
          continue
        }
        const estimate = netProfit({ grossProfit: sim.profit, gasUsed: sim.gasUsed, baseFee: block.baseFee, priorityFee: config.execution.priorityFee, flashFee: 0n, ethToStart: rate })
        records.simulations.push({ run_id: runId, opportunity_id: id, success: true, simulated_profit: sim.profit, gas_used: sim.gasUsed, error: null, net_profit: estimate.netProfit })
        if (!waited) {
          await riskTurn!()
          waited = true
        }
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
        if (!send) {
          records.rejections.push({ run_id: runId, opportunity_id: id, reason: 'paper', detail: 'paper mode: validated, not sent' })
          continue
        }
        const ex = await executor.execute(o, mode, sim.gasUsed)
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
          // Opportunity → mined transaction, as the gates measure it.
          latency_ms: performance.now() - detectedAt,
          error: ex.error,
          gas_cost_token: gasCostToken,
          net_profit: realizedNet,
        })
        risk.record({ startToken: o.route.startToken, realizedProfit: realizedNet, success: ex.success, timestamp: block.timestamp })
      }
      return { records, opportunities: found.length, executed }
    },
  }
}

/** Machine-readable code of a risk rejection (`rejections.reason`); the sentence goes to `detail`. */
export function reasonCode(reason: string): string {
  if (reason.startsWith('net profit')) return 'below-min-profit'
  if (reason.startsWith('circuit breaker')) return 'circuit-breaker'
  if (reason.startsWith('daily loss')) return 'daily-loss-limit'
  if (reason.startsWith('gas price')) return 'max-gas-price'
  if (reason.includes('max notional')) return 'max-notional'
  if (reason.includes('max position')) return 'max-position'
  return 'risk'
}
