import { weightedSwapGivenIn } from '../../math/balancer/weightedSwapGivenIn.js'
import { MathRevertError } from '../../math/MathRevertError.js'
import { getAmountOut } from '../../math/v2/getAmountOut.js'
import { tickSpacings } from '../../devnet/v3PositionRanges.js'
import { actionGasBudget } from './actionGas.js'
import type { Random } from './createRandom.js'
import { v2MidPrice, v3MidPrice, v3VirtualReserves, weightedMidPrice } from './midPrice.js'
import { priceRatio, sqrtPriceX96At, v2InputToPrice, weightedInputToPrice } from './priceTarget.js'
import { backrunProfitUsd, MIN_RIVAL_TIP, rivalBid } from './rivalBid.js'
import { venueFollow, type ScenarioProfile } from './scenarioProfiles.js'
import { afterTransferTax } from '../../math/transferTax.js'
import { referencePrice, type Action, type LpBook, type PoolState, type ReferencePrices, type Role, type ScenarioPool } from './scenarioTypes.js'
import { usdToAmount } from './usdToAmount.js'

export type PlanBlockInput = {
  pools: readonly ScenarioPool[]
  /** Pool states at the start of the block (index-aligned with `pools`). */
  states: readonly PoolState[]
  /** Reference USD price of each token at this block (TAX's too when a pool trades it). */
  reference: ReferencePrices
  profile: ScenarioProfile
  regime: 0 | 1
  rng: Random
  /** Gas the block's actions may be counted for in total (its gas limit). */
  gasBudget: bigint
  /** Multiplier of trade demand (below 1 when gas is expensive): scales noise counts, and informed traders' odds when below 1. */
  demandScale: number
  /** One-sided trades to plant in this block (pool = index). */
  plants: readonly { pool: number; sizeBps: number; zeroForOne: boolean }[]
  /** The LP's holdings; removals planned here are taken out of it. */
  lp: LpBook
  /** Base fee of the block (wei): rivals bid out of their profit after it. */
  baseFee: bigint
  /** Draws the rivals' bid shares: a stream of its own, so bids never shift the trades. */
  bidRng: Random
  /**
   * Rivals forced on pools in this block (planted by tests, pool = index): a bid in wei per gas (at least
   * `MIN_RIVAL_TIP`) backruns the pool whatever the odds, null leaves it to nobody.
   */
  rivals?: readonly { pool: number; priorityFee: bigint | null }[]
}

/**
 * A planned action and the gas it is counted for (`actionGasBudget`); a rival's backrun also carries its bid,
 * the priority fee per gas its transaction offers.
 */
export type PlannedAction = Action & { gas: bigint; priorityFee?: bigint }

/** TickMath's bounds on a sqrtPriceX96 (a swap's limit must lie strictly between them). */
const MIN_SQRT_RATIO = 4295128739n
const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n


/**
 * Plans one block of the scenario, in execution order, as a builder orders it by priority fee: first the
 * rivals' backruns (role 'competitor'), highest bid first, each taking a pool the previous block left outside
 * its fee band back to the band's edge (see `Rivals`); then the ordinary flow, in the order it was planned:
 * planted trades, informed traders pulling pools towards the reference price at their venue's speed, noise
 * trades with log-normal sizes on pools weighted by depth, at most one liquidity event. Rivals and plants never
 * share a pool in a block, and rivals are planned before the flow that follows them, so V2 reserves and
 * Balancer balances tracked through the plan make every V2 and Balancer swap's output exact for the state it
 * executes on; V3 and V4 swaps are exact-input (noise) or bounded by a price limit (rivals, informed), so they
 * never revert on price. The LP adds and removes liquidity on V2 and V3 pools only. Rivals' bids are
 * strictly decreasing (a tie gives the later one 1 wei less), from `MIN_RIVAL_TIP` (less a few wei on ties) up.
 * Pure: all randomness comes from `rng` and `bidRng`.
 */
export function planBlock(input: PlanBlockInput): PlannedAction[] {
  const { pools, reference, profile, rng, lp } = input
  const states = input.states.map((s) => ({ ...s }))
  const out: PlannedAction[] = []
  let gasLeft = input.gasBudget
  const push = (action: Action): boolean => {
    const gas = actionGasBudget(action)
    if (gas > gasLeft) return false
    gasLeft -= gas
    out.push({ ...action, gas })
    return true
  }

  const ref = (symbol: ScenarioPool['symbol0']) => referencePrice(reference, symbol)
  const refPrice = (p: ScenarioPool) => ref(p.symbol0) / ref(p.symbol1)
  const poolPrice = (i: number) => {
    const p = pools[i]!
    const s = states[i]!
    if (s.kind === 'weighted') return weightedMidPrice(s, p.decimals0, p.decimals1)
    return s.kind === 'v2' ? v2MidPrice(s.reserve0, s.reserve1, p.decimals0, p.decimals1) : v3MidPrice(s.sqrtPriceX96, p.decimals0, p.decimals1)
  }
  // V3 and V4 pools share the concentrated-liquidity model; only the transaction differs.
  const clSwap = (i: number): 'v3-swap' | 'v4-swap' => (pools[i]!.venue === 'uniswap-v4' ? 'v4-swap' : 'v3-swap')
  const band = (p: ScenarioPool) => p.fee / 1e6
  const gap = (i: number) => Math.log(poolPrice(i) / refPrice(pools[i]!))

  const v2Swap = (role: Role, i: number, zeroForOne: boolean, amountIn: bigint): boolean => {
    const s = states[i] as Extract<PoolState, { kind: 'v2' }>
    const [rIn, rOut] = zeroForOne ? [s.reserve0, s.reserve1] : [s.reserve1, s.reserve0]
    if (amountIn <= 0n) return false
    // A taxed token loses its tax on the way into the pair and on the way out to the trader (the router's
    // fee-on-transfer swap pays out what the pair received; `amountOut` is what the trader gets).
    const [taxIn, taxOut] = taxesOf(pools[i]!, zeroForOne)
    const received = afterTransferTax(amountIn, taxIn)
    const sent = getAmountOut(received, rIn, rOut, pools[i]!.fee / 100)
    const amountOut = afterTransferTax(sent, taxOut)
    if (amountOut <= 0n || sent >= rOut) return false
    if (!push({ type: 'v2-swap', role, pool: i, zeroForOne, amountIn, amountOut })) return false
    if (zeroForOne) states[i] = { kind: 'v2', reserve0: s.reserve0 + received, reserve1: s.reserve1 - sent }
    else states[i] = { kind: 'v2', reserve0: s.reserve0 - sent, reserve1: s.reserve1 + received }
    return true
  }
  // A weighted pool's GIVEN_IN swap, its output computed exactly as the pool does (the Vault checks it as the
  // limit), at most a quarter of the input balance (the pool reverts past 30%).
  const weightedSwap = (role: Role, i: number, zeroForOne: boolean, amountIn: bigint): boolean => {
    const p = pools[i]!
    const s = states[i] as Extract<PoolState, { kind: 'weighted' }>
    const [bIn, bOut] = zeroForOne ? [s.balance0, s.balance1] : [s.balance1, s.balance0]
    if (amountIn > bIn / 4n) amountIn = bIn / 4n
    if (amountIn <= 0n) return false
    let amountOut: bigint
    try {
      amountOut = weightedSwapGivenIn(amountIn, {
        balanceIn: bIn,
        balanceOut: bOut,
        weightIn: zeroForOne ? s.weight0 : s.weight1,
        weightOut: zeroForOne ? s.weight1 : s.weight0,
        scalingIn: scaling(zeroForOne ? p.decimals0 : p.decimals1),
        scalingOut: scaling(zeroForOne ? p.decimals1 : p.decimals0),
        swapFee: BigInt(p.fee) * 10n ** 12n,
        powShortcuts: true,
      })
    } catch (error) {
      if (error instanceof MathRevertError) return false
      throw error
    }
    if (amountOut <= 0n || amountOut >= bOut) return false
    if (!push({ type: 'balancer-swap', role, pool: i, zeroForOne, amountIn, amountOut })) return false
    states[i] = zeroForOne ? { ...s, balance0: s.balance0 + amountIn, balance1: s.balance1 - amountOut } : { ...s, balance0: s.balance0 - amountOut, balance1: s.balance1 + amountIn }
    return true
  }
  // Moves pool i to the model price `target` (token0 in whole token1 units).
  const moveTo = (role: Role, i: number, target: number): boolean => {
    const p = pools[i]!
    const s = states[i]!
    const ratio = priceRatio(target, p.decimals0, p.decimals1)
    if (s.kind === 'v2') {
      const move = v2InputToPrice(s.reserve0, s.reserve1, ratio, p.fee / 100)
      if (!move) return false
      const reserveIn = move.zeroForOne ? s.reserve0 : s.reserve1
      return v2Swap(role, i, move.zeroForOne, move.amountIn > reserveIn / 2n ? reserveIn / 2n : move.amountIn)
    }
    if (s.kind === 'weighted') {
      const move = weightedInputToPrice(s, ratio, p.fee)
      return move !== null && weightedSwap(role, i, move.zeroForOne, move.amountIn)
    }
    const limit = sqrtPriceX96At(ratio)
    if (limit === s.sqrtPriceX96 || s.liquidity === 0n) return false
    const zeroForOne = limit < s.sqrtPriceX96
    // Enough input to reach the limit in the current range, times 3 for ranges crossed; the pool stops at
    // the limit and the router pulls only what was used.
    const need = zeroForOne
      ? (s.liquidity * (s.sqrtPriceX96 - limit) << 96n) / (s.sqrtPriceX96 * limit)
      : (s.liquidity * (limit - s.sqrtPriceX96)) >> 96n
    const amountIn = (need * 3n * 1_000_000n) / BigInt(1_000_000 - p.fee) + 1n
    if (!push({ type: clSwap(i), role, pool: i, zeroForOne, amountIn, sqrtPriceLimitX96: limit })) return false
    states[i] = { ...s, sqrtPriceX96: limit }
    return true
  }

  // Gas kept for the liquidity event and the plants, decided up front so noise cannot crowd them out.
  const lpEvent = rng.chance(profile.liquidityEventProbability) ? rng.int(0, pools.length - 1) : -1
  // The LP provides on V2 and V3 pools only: a draw that lands on a V4 or Balancer pool is a quiet block.
  const lpIndex = lpEvent < 0 || input.plants.some((pl) => pl.pool === lpEvent) || !providesLiquidity(pools[lpEvent]!) ? -1 : lpEvent
  let reserved = 0n
  if (lpIndex >= 0) reserved += actionGasBudget({ type: pools[lpIndex]!.kind === 'v2' ? 'v2-add' : 'v3-add' } as Action)
  gasLeft -= reserved

  // Planted trades go first (top of block, so they always fit), and nobody else trades those pools in
  // that block: the skew is left for the backtest to find.
  const planted = new Set(input.plants.map((pl) => pl.pool))
  for (const pl of input.plants) {
    const s = states[pl.pool]!
    if (s.kind === 'v2') {
      v2Swap('planter', pl.pool, pl.zeroForOne, ((pl.zeroForOne ? s.reserve0 : s.reserve1) * BigInt(pl.sizeBps)) / 10_000n)
    } else if (s.kind === 'weighted') {
      weightedSwap('planter', pl.pool, pl.zeroForOne, ((pl.zeroForOne ? s.balance0 : s.balance1) * BigInt(pl.sizeBps)) / 10_000n)
    } else {
      const v = v3VirtualReserves(s.liquidity, s.sqrtPriceX96)
      const amountIn = ((pl.zeroForOne ? v.reserve0 : v.reserve1) * BigInt(pl.sizeBps)) / 10_000n
      push({ type: clSwap(pl.pool), role: 'planter', pool: pl.pool, zeroForOne: pl.zeroForOne, amountIn, sqrtPriceLimitX96: 0n })
    }
  }

  // Rival searchers backrun what the previous block left outside the fee band, if it pays them (or always,
  // in a profile that does not ask it to pay); each bids a share of its profit after the base fee.
  const forced = new Map((input.rivals ?? []).map((r) => [r.pool, r.priorityFee]))
  const rivals = profile.rivals
  pools.forEach((p, i) => {
    if (planted.has(i)) return
    const force = forced.get(i)
    if (force === null) return
    // Rivals leave taxed pairs alone (their bids model untaxed backruns): the engine meets no rival there.
    if (p.transferTaxBps && force === undefined) return
    const excess = Math.abs(gap(i)) - band(p)
    if (force === undefined ? excess <= rivals.minExcess || !rng.chance(rivals.probability) : excess <= 0) return
    const before = states[i]!
    if (!moveTo('competitor', i, refPrice(p) * Math.exp(Math.sign(gap(i)) * band(p)))) return
    const action = out.at(-1)!
    if (force !== undefined) {
      action.priorityFee = force
      return
    }
    const share = input.bidRng.beta(rivals.bidShare.mean, rivals.bidShare.concentration)
    const profitUsd = backrunProfitUsd(p, before, states[i]!, reference)
    const bid = rivalBid({ profitUsd, ethUsd: reference.WETH, gas: action.gas, baseFee: input.baseFee, share })
    if (bid !== null || !rivals.onlyProfitable) {
      action.priorityFee = bid ?? MIN_RIVAL_TIP
      return
    }
    // Not worth sending: the pool stays where it was.
    out.pop()
    gasLeft += action.gas
    states[i] = before
  })

  // Informed traders: each venue follows the reference at its own speed.
  pools.forEach((p, i) => {
    const follow = venueFollow[p.venue]
    if (planted.has(i)) return
    if (!rng.chance(follow.probability * Math.min(1, input.demandScale))) return
    const g = gap(i)
    const b = band(p)
    if (Math.abs(g) <= b) return
    const edge = Math.sign(g) * b
    moveTo('informed', i, refPrice(p) * Math.exp(edge + (g - edge) * (1 - follow.fraction)))
  })

  // Noise traders: Poisson count, pools weighted by depth, log-normal sizes (many small, few large).
  const depthUsd = pools.map((p, i) => {
    const s = states[i]!
    const r0 = s.kind === 'v2' ? s.reserve0 : s.kind === 'weighted' ? s.balance0 : v3VirtualReserves(s.liquidity, s.sqrtPriceX96).reserve0
    return (Number(r0) / 10 ** p.decimals0) * ref(p.symbol0)
  })
  const weights = depthUsd.map((d) => Math.pow(Math.max(d, 1), 0.7))
  const noise = profile.noise
  // With a slippage limit, the k-th V3 noise swap on a pool in the block stops slippage + k bp beyond the
  // prices the pool can be at when it runs (its price at the block's start, and where rivals and informed
  // traders take it): every earlier swap stopped closer, so the pool is always on the right side of the
  // limit and the swap never reverts.
  const v3NoiseCount = new Map<number, number>()
  const noiseLimit = (i: number, zeroForOne: boolean): bigint => {
    if (noise.slippage === undefined) return 0n
    const a = (input.states[i] as Extract<PoolState, { kind: 'v3' }>).sqrtPriceX96
    const b = (states[i] as Extract<PoolState, { kind: 'v3' }>).sqrtPriceX96
    const k = v3NoiseCount.get(i) ?? 0
    v3NoiseCount.set(i, k + 1)
    const move = noise.slippage + k * 1e-4
    const factor = BigInt(Math.round(Math.sqrt(zeroForOne ? 1 - move : 1 + move) * 1e12))
    const limit = ((zeroForOne ? (a < b ? a : b) : a > b ? a : b) * factor) / 10n ** 12n
    return zeroForOne ? (limit > MIN_SQRT_RATIO ? limit : MIN_SQRT_RATIO + 1n) : limit < MAX_SQRT_RATIO ? limit : MAX_SQRT_RATIO - 1n
  }
  const trades = rng.poisson(profile.regimes[input.regime].tradesPerBlock * input.demandScale)
  for (let n = 0; n < trades; n++) {
    const i = rng.weighted(weights)
    const p = pools[i]!
    if (planted.has(i)) continue
    const zeroForOne = rng.chance(0.5)
    // A weighted pool's balances are real reserves, like a V2 pair's: it takes V2-sized trades.
    const curve = p.kind === 'v3' ? 'v3' : 'v2'
    const usd = Math.min(Math.max(rng.logNormal(depthUsd[i]! * noise.medianOfDepth[curve], noise.sigma), 5), depthUsd[i]! * noise.maxOfDepth[curve])
    const symbolIn = zeroForOne ? p.symbol0 : p.symbol1
    const amountIn = usdToAmount(usd, ref(symbolIn), zeroForOne ? p.decimals0 : p.decimals1)
    if (amountIn === 0n) continue
    const gasBefore = gasLeft
    if (p.kind === 'v2') v2Swap('noise', i, zeroForOne, amountIn)
    else if (p.kind === 'weighted') weightedSwap('noise', i, zeroForOne, amountIn)
    else push({ type: clSwap(i), role: 'noise', pool: i, zeroForOne, amountIn, sqrtPriceLimitX96: noiseLimit(i, zeroForOne) })
    if (gasLeft === gasBefore && gasLeft < actionGasBudget({ type: 'v2-swap' } as Action)) break
  }

  gasLeft += reserved
  if (lpIndex >= 0) planLiquidity(lpIndex)
  return byPriority(out)

  function planLiquidity(i: number): void {
    const p = pools[i]!
    const s = states[i]!
    const bps = BigInt(rng.int(100, 800))
    if (s.kind === 'v2') {
      const held = lp.v2.get(i)
      if (held && rng.chance(0.5)) {
        if (push({ type: 'v2-remove', pool: i, liquidity: held })) lp.v2.delete(i)
        return
      }
      push({ type: 'v2-add', pool: i, amount0: (s.reserve0 * bps) / 10_000n + 1n, amount1: (s.reserve1 * bps) / 10_000n + 1n })
      return
    }
    if (s.kind !== 'v3') return
    const positions = lp.v3.get(i)
    if (positions && positions.length > 0 && rng.chance(0.5)) {
      const [first] = positions
      if (push({ type: 'v3-remove', pool: i, tokenId: first!.tokenId, liquidity: first!.liquidity })) positions.shift()
      return
    }
    const spacing = tickSpacings[p.fee]!
    const width = spacing * rng.int(2, 30)
    const v = v3VirtualReserves(s.liquidity, s.sqrtPriceX96)
    push({
      type: 'v3-add',
      pool: i,
      tickLower: Math.floor((s.tick - width) / spacing) * spacing,
      tickUpper: Math.ceil((s.tick + width) / spacing) * spacing,
      amount0: (v.reserve0 * bps) / 10_000n + 1n,
      amount1: (v.reserve1 * bps) / 10_000n + 1n,
    })
  }
}

/** Whether the scenario's LP adds and removes liquidity on this pool (V2 pairs of untaxed tokens and V3 pools). */
function providesLiquidity(pool: ScenarioPool): boolean {
  return (pool.kind === 'v2' && !pool.transferTaxBps) || pool.venue === 'uniswap-v3'
}

/** The transfer taxes (bps) of a swap's input and output token on `pool` (0 for untaxed tokens). */
function taxesOf(pool: ScenarioPool, zeroForOne: boolean): [number, number] {
  const [t0, t1] = pool.transferTaxBps ?? [0, 0]
  return zeroForOne ? [t0, t1] : [t1, t0]
}

/** A Balancer scaling factor for a token without a rate provider: 10^(18 − decimals) · 1e18. */
function scaling(decimals: number): bigint {
  return 10n ** BigInt(18 - decimals) * 10n ** 18n
}

// Rivals first, highest bid first (ties in plan order), bids made strictly decreasing so a fee-ordered
// mempool has one order to mine; then the rest in plan order.
function byPriority(actions: PlannedAction[]): PlannedAction[] {
  const rivals = actions.filter((a) => a.priorityFee !== undefined).sort((a, b) => (b.priorityFee! > a.priorityFee! ? 1 : b.priorityFee! < a.priorityFee! ? -1 : 0))
  for (let k = 1; k < rivals.length; k++) {
    if (rivals[k]!.priorityFee! >= rivals[k - 1]!.priorityFee!) rivals[k]!.priorityFee = rivals[k - 1]!.priorityFee! - 1n
  }
  return [...rivals, ...actions.filter((a) => a.priorityFee === undefined)]
}
