import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { quoterV2Abi } from '../../abi/quoterV2.js'
import { createRpcClient, type RpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { createSeededRandom, type SeededRandom } from '../../devnet/createSeededRandom.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { createMarketReader } from '../../market/createMarketReader.js'
import type { MarketState, V3Pool } from '../../market/types.js'
import { MathRevertError } from '../MathRevertError.js'
import { addNarrowPositions } from '../testing/addNarrowPositions.js'
import { countInitializedTicksCrossed } from '../testing/countInitializedTicksCrossed.js'
import { countSwapCrossings } from '../testing/countSwapCrossings.js'
import { fundDeployer } from '../testing/fundDeployer.js'
import { randomAmount } from '../testing/randomAmount.js'
import { swapExactInputV3 } from '../testing/swapExactInputV3.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'
import { quoteExactInput, type V3Quote } from './quoteExactInput.js'

/**
 * quoteExactInput over the MarketReader's state against the devnet's real QuoterV2 (eth_call), with seeded
 * fuzzed amounts from 1 base unit to far past every position (price limit reached), both directions, every
 * V3 pool: amountOut and sqrtPriceX96After must be equal to the base unit; the Quoter's
 * initializedTicksCrossed must equal a port of its PoolTicksCounter over the reader's ticks and our tickAfter;
 * our ticksCrossed must equal the crossings implied by the prices, and the Quoter's figure wherever its
 * counter is exact (neither end of the swap sits on an initialized tick's bitmap position).
 */

let anvil: Anvil
let m: Manifest
let rpc: RpcClient

type QuoterResult = { ok: true; amountOut: bigint; sqrtPriceX96After: bigint; ticksCrossed: number } | { ok: false; error: string }

async function quoter(pool: V3Pool, zeroForOne: boolean, amountIn: bigint, block: bigint): Promise<QuoterResult> {
  const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
  const data = encodeFunctionData({
    abi: quoterV2Abi,
    functionName: 'quoteExactInputSingle',
    args: [{ tokenIn, tokenOut, amountIn, fee: pool.fee, sqrtPriceLimitX96: 0n }],
  })
  try {
    const raw = await anvil.request<Hex>('eth_call', [{ to: m.venues['uniswap-v3'].quoter, data, gas: '0x5f5e100' }, `0x${block.toString(16)}`])
    const [amountOut, sqrtPriceX96After, ticksCrossed] = decodeFunctionResult({ abi: quoterV2Abi, functionName: 'quoteExactInputSingle', data: raw })
    return { ok: true, amountOut, sqrtPriceX96After, ticksCrossed }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}

async function readState(): Promise<MarketState> {
  const b = await anvil.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  return createMarketReader({ rpc, manifest: m }).read({ number: BigInt(b.number), timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) })
}

/** Figures reported at the end of the file. */
const figures: Record<string, number> = {}
const bump = (key: string, by = 1) => (figures[key] = (figures[key] ?? 0) + by)
const most = (key: string, value: number) => (figures[key] = Math.max(figures[key] ?? 0, value))

/** True when the QuoterV2 counter's rounding cannot matter: no initialized tick at either end's bitmap position. */
function counterIsExact(pool: V3Pool, tickBefore: number, tickAfter: number): boolean {
  const initialized = new Set(pool.ticks.map((t) => t.index / pool.tickSpacing))
  return [tickBefore, tickAfter].every((t) => !initialized.has(Math.floor(t / pool.tickSpacing)) && !initialized.has(Math.trunc(t / pool.tickSpacing)))
}

async function fuzz(label: string, state: MarketState, rng: SeededRandom, cases: number) {
  const pools = state.pools.filter((p): p is V3Pool => p.kind === 'v3')
  const balance = new Map<string, bigint>()
  for (const p of pools) {
    for (const token of [p.token0, p.token1]) {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [p.address] })
      balance.set(`${p.address}:${token}`, BigInt(await anvil.request<Hex>('eth_call', [{ to: token, data }, 'latest'])))
    }
  }
  const inputs = Array.from({ length: cases }, (_, i) => {
    const pool = pools[i % pools.length]!
    const zeroForOne = rng.int(0, 1) === 1
    const held = balance.get(`${pool.address}:${zeroForOne ? pool.token0 : pool.token1}`)!
    // Mostly up to 64x what the pool holds (crosses every narrow position and several bitmap words); one case
    // in eight up to 2^200 (past the full-range position, through empty words to the price limit).
    const amountIn = randomAmount(rng, rng.int(0, 7) === 0 ? 1n << 200n : held * 64n)
    return { pool, zeroForOne, amountIn }
  })
  for (let i = 0; i < inputs.length; i += 8) {
    const chunk = inputs.slice(i, i + 8)
    const onChain = await Promise.all(chunk.map((c) => quoter(c.pool, c.zeroForOne, c.amountIn, state.blockNumber)))
    chunk.forEach(({ pool, zeroForOne, amountIn }, j) => {
      const where = `${label} case ${i + j}: pool ${pool.address} (fee ${pool.fee}, tick ${pool.tick}) zeroForOne=${zeroForOne} amountIn=${amountIn}`
      const chain = onChain[j]!
      let ours: V3Quote
      try {
        ours = quoteExactInput(pool, zeroForOne, amountIn)
      } catch (e) {
        if (!(e instanceof MathRevertError)) throw e
        expect(chain.ok, `${where}: we revert (${e.message}) but the Quoter answers`).toBe(false)
        bump('reverts')
        return
      }
      if (!chain.ok) throw new Error(`${where}: the Quoter reverts (${chain.error}) but we quote ${ours.amountOut}`)
      expect({ amountOut: ours.amountOut, sqrtPriceX96After: ours.sqrtPriceX96After }, where).toEqual({
        amountOut: chain.amountOut,
        sqrtPriceX96After: chain.sqrtPriceX96After,
      })
      expect(countInitializedTicksCrossed(pool.ticks, pool.tickSpacing, pool.tick, ours.tickAfter), `${where}: Quoter's counter`).toBe(chain.ticksCrossed)
      expect(ours.ticksCrossed, `${where}: crossings`).toBe(countSwapCrossings(pool.ticks, zeroForOne, pool.tick, pool.sqrtPriceX96, ours.sqrtPriceX96After))
      if (counterIsExact(pool, pool.tick, ours.tickAfter)) {
        expect(ours.ticksCrossed, `${where}: Quoter's initializedTicksCrossed`).toBe(chain.ticksCrossed)
        bump('ticksCrossedComparable')
      } else if (ours.ticksCrossed !== chain.ticksCrossed) {
        bump('ticksCrossedQuoterQuirk')
      }
      bump('cases')
      if (ours.amountInUsed < amountIn) bump('priceLimitReached')
      if (ours.amountOut === 0n) bump('zeroOut')
      const words = Math.abs(Math.floor(ours.tickAfter / pool.tickSpacing / 256) - Math.floor(pool.tick / pool.tickSpacing / 256))
      most('maxTicksCrossed', ours.ticksCrossed)
      most('maxBitmapWordsMoved', words)
      if (ours.ticksCrossed >= 5) bump('casesCrossing5+')
    })
  }
}

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 11 })
  rpc = createRpcClient(anvil.rpcUrl)
  await fundDeployer(anvil, m, 10n ** 32n, [m.venues['uniswap-v3'].router])
})
afterAll(async () => {
  console.log(JSON.stringify({ event: 'quoteExactInput.fork', ...figures }))
  await anvil?.stop()
})

describe('quoteExactInput against QuoterV2 on the devnet', () => {
  it('devnet pools as deployed (full-range and ±2% positions)', async () => {
    await fuzz('devnet', await readState(), createSeededRandom(101), 140)
  })

  it('pools with narrow positions in several bitmap words, after swaps', async () => {
    const v3 = m.pools.filter((p) => p.venue === 'uniswap-v3')
    for (const p of v3) await addNarrowPositions(anvil, m, p)
    await swapExactInputV3(anvil, m, v3[0]!, true, 10n ** 18n)
    await swapExactInputV3(anvil, m, v3[3]!, false, 10n ** 17n)
    await fuzz('narrow', await readState(), createSeededRandom(202), 280)
    expect(figures.maxTicksCrossed).toBeGreaterThanOrEqual(10)
    expect(figures.priceLimitReached).toBeGreaterThan(0)
  })

  it('price exactly on an initialized tick (after a swap stopped there, each direction)', async () => {
    const before = await readState()
    const v3 = before.pools.filter((p): p is V3Pool => p.kind === 'v3')
    for (const [i, pool] of v3.entries()) {
      const up = i % 2 === 0
      // The nearest initialized tick a few ranges away in the swap's direction; the router stops on its price.
      const candidates = pool.ticks.filter((t) => (up ? t.index > pool.tick : t.index < pool.tick))
      const target = up ? candidates[2]! : candidates[candidates.length - 3]!
      const manifestPool = m.pools.find((p) => p.address === pool.address)!
      await swapExactInputV3(anvil, m, manifestPool, !up, 1n << 120n, getSqrtRatioAtTick(target.index))
    }
    const state = await readState()
    for (const pool of state.pools.filter((p): p is V3Pool => p.kind === 'v3')) {
      expect(pool.ticks.some((t) => getSqrtRatioAtTick(t.index) === pool.sqrtPriceX96), `${pool.address} on a tick`).toBe(true)
    }
    await fuzz('on-tick', state, createSeededRandom(303), 140)
  })
})
