import type { Address } from '../market/types.js'
import type { RiskDecision } from './riskDecision.js'

export type { RiskDecision, RiskRejectionCode } from './riskDecision.js'

export type RiskLimits = {
  /** Largest input of one trade, per start token (base units). Missing token: no limit. */
  maxNotional?: ReadonlyMap<Address, bigint>
  /** Largest amount of a token the executor may put at risk at once (capital mode). */
  maxPositionPerToken?: ReadonlyMap<Address, bigint>
  /** Net profit below which a trade is rejected, per start token (default 1 base unit: must be > 0). */
  minNetProfit?: ReadonlyMap<Address, bigint>
  /** Highest effective gas price (wei) a trade may pay. */
  maxGasPrice?: bigint
  /** Realized loss per token per UTC day after which trading in it stops. */
  dailyLossLimit?: ReadonlyMap<Address, bigint>
  /**
   * Failed executions in a row after which the circuit breaker opens: trades that reached the chain and reverted
   * or lost money (`countsAsFailure`). A trade that never landed (a bundle outbid, a transaction not sent) cost
   * nothing: it neither counts nor resets the count.
   */
  maxConsecutiveFailures?: number
}

export type RiskCandidate = {
  startToken: Address
  amountIn: bigint
  /** Net profit predicted after gas, tip and premium, start-token units. */
  netProfit: bigint
  /** baseFee + priorityFee, wei. */
  effectiveGasPrice: bigint
  mode: 'capital' | 'flash'
  /** Block timestamp, seconds: decides the UTC day of the daily loss limit. */
  timestamp: bigint
}

export type RiskManager = {
  /** Accepts or rejects a candidate; a rejection names the limit (`code`, stored in `rejections.reason`) and says why (`detail`). */
  check(c: RiskCandidate): RiskDecision
  /** Net profit a trade in `token` must reach (the configured minimum, else 1 base unit): the pre-simulation filter uses it too. */
  minNetProfit(token: Address): bigint
  /** Feeds back an execution's outcome: realized net profit (negative for a loss), success, and whether it was mined. */
  record(outcome: ExecutionOutcome): void
  /** True once the consecutive-failure breaker has opened. */
  isTripped(): boolean
  /** Snapshot of the counters (for metrics and resume). */
  state(): RiskState
}

/**
 * What the breakers learn from one execution: `realizedProfit` net of gas (negative for a loss), `success`, and
 * `mined` (the transaction reached a block and paid gas; false for a bundle that did not land or a trade not sent).
 */
export type ExecutionOutcome = { startToken: Address; realizedProfit: bigint; success: boolean; mined: boolean; timestamp: bigint }

export type RiskState = { consecutiveFailures: number; tripped: boolean; day: bigint; dailyPnl: Record<string, string> }

const DAY = 86_400n

/**
 * The risk manager: every limit is checked before simulation, and outcomes feed the circuit breakers.
 * Deterministic: the day of the daily loss limit comes from block timestamps, not the wall clock, so a
 * replay decides the same way every time.
 */
export function createRiskManager(limits: RiskLimits, initial?: RiskState): RiskManager {
  let consecutiveFailures = initial?.consecutiveFailures ?? 0
  let tripped = initial?.tripped ?? false
  let day = initial?.day ?? -1n
  const dailyPnl = new Map<Address, bigint>(Object.entries(initial?.dailyPnl ?? {}).map(([k, v]) => [k as Address, BigInt(v)]))

  const minNetProfit = (token: Address) => limits.minNetProfit?.get(token) ?? 1n
  const rollDay = (timestamp: bigint) => {
    const d = timestamp / DAY
    if (d !== day) {
      day = d
      dailyPnl.clear()
    }
  }

  return {
    check(c) {
      if (tripped) return { ok: false, code: 'circuit-breaker', detail: `circuit breaker open: ${consecutiveFailures} consecutive failed executions` }
      rollDay(c.timestamp)
      const maxNotional = limits.maxNotional?.get(c.startToken)
      if (maxNotional !== undefined && c.amountIn > maxNotional) {
        return { ok: false, code: 'max-notional', detail: `amount_in ${c.amountIn} exceeds max notional ${maxNotional}` }
      }
      const maxPosition = limits.maxPositionPerToken?.get(c.startToken)
      if (c.mode === 'capital' && maxPosition !== undefined && c.amountIn > maxPosition) {
        return { ok: false, code: 'max-position', detail: `amount_in ${c.amountIn} exceeds max position ${maxPosition}` }
      }
      const minNet = minNetProfit(c.startToken)
      if (c.netProfit < minNet) return { ok: false, code: 'below-min-profit', detail: `net profit ${c.netProfit} below minimum ${minNet}` }
      if (limits.maxGasPrice !== undefined && c.effectiveGasPrice > limits.maxGasPrice) {
        return { ok: false, code: 'max-gas-price', detail: `gas price ${c.effectiveGasPrice} above max ${limits.maxGasPrice}` }
      }
      const lossLimit = limits.dailyLossLimit?.get(c.startToken)
      const pnl = dailyPnl.get(c.startToken) ?? 0n
      if (lossLimit !== undefined && -pnl >= lossLimit) {
        return { ok: false, code: 'daily-loss-limit', detail: `daily loss limit reached: lost ${-pnl} of ${lossLimit}` }
      }
      return { ok: true }
    },
    minNetProfit,
    record(o) {
      rollDay(o.timestamp)
      dailyPnl.set(o.startToken, (dailyPnl.get(o.startToken) ?? 0n) + o.realizedProfit)
      // Not landing is not a loss: only a mined trade moves the breaker's count, one way or the other.
      if (o.mined) consecutiveFailures = countsAsFailure(o) ? consecutiveFailures + 1 : 0
      if (limits.maxConsecutiveFailures !== undefined && consecutiveFailures >= limits.maxConsecutiveFailures) tripped = true
    },
    isTripped: () => tripped,
    state: () => ({
      consecutiveFailures,
      tripped,
      day,
      dailyPnl: Object.fromEntries([...dailyPnl].map(([k, v]) => [k, v.toString()])),
    }),
  }
}

/**
 * Whether an execution counts toward the consecutive-failure breaker: it was mined and reverted, or it was mined
 * and lost money after gas. A trade that never landed (outbid bundle, not sent) cost nothing and does not count.
 *
 * @example countsAsFailure({ success: false, mined: false, realizedProfit: 0n }) // false: an outbid bundle
 */
export function countsAsFailure(o: Pick<ExecutionOutcome, 'success' | 'mined' | 'realizedProfit'>): boolean {
  return o.mined && (!o.success || o.realizedProfit < 0n)
}
