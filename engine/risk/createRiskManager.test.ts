import { describe, expect, it } from 'vitest'
import type { Address } from '../market/types.js'
import { countsAsFailure, createRiskManager, type RiskCandidate } from './createRiskManager.js'

const WETH = '0x00000000000000000000000000000000000000aa' as Address
const base: RiskCandidate = { startToken: WETH, amountIn: 10n ** 18n, netProfit: 10n ** 15n, effectiveGasPrice: 10n ** 9n, mode: 'capital', timestamp: 1_700_000_000n }

describe('createRiskManager', () => {
  it('accepts a candidate inside every limit', () => {
    const risk = createRiskManager({ maxNotional: new Map([[WETH, 10n ** 19n]]), maxGasPrice: 10n ** 10n })
    expect(risk.check(base)).toEqual({ ok: true })
  })

  it('rejects over max notional, max position (capital only), min net profit and max gas price, saying why', () => {
    const risk = createRiskManager({
      maxNotional: new Map([[WETH, 5n * 10n ** 17n]]),
      minNetProfit: new Map([[WETH, 2n * 10n ** 15n]]),
      maxGasPrice: 10n ** 8n,
    })
    expect(risk.check(base)).toMatchObject({ ok: false, code: 'max-notional', detail: expect.stringMatching(/max notional/) })
    const pos = createRiskManager({ maxPositionPerToken: new Map([[WETH, 1n]]) })
    expect(pos.check(base)).toMatchObject({ ok: false, code: 'max-position', detail: expect.stringMatching(/max position/) })
    expect(pos.check({ ...base, mode: 'flash' })).toEqual({ ok: true })
    const minNet = createRiskManager({ minNetProfit: new Map([[WETH, 2n * 10n ** 15n]]) })
    expect(minNet.check(base)).toMatchObject({ ok: false, code: 'below-min-profit', detail: expect.stringMatching(/below minimum/) })
    const gas = createRiskManager({ maxGasPrice: 10n ** 8n })
    expect(gas.check(base)).toMatchObject({ ok: false, code: 'max-gas-price', detail: expect.stringMatching(/gas price/) })
  })

  it('rejects a zero or negative net profit by default', () => {
    const risk = createRiskManager({})
    expect(risk.check({ ...base, netProfit: 0n }).ok).toBe(false)
    expect(risk.check({ ...base, netProfit: -5n }).ok).toBe(false)
  })

  it('stops a token for the rest of the UTC day once the daily loss limit is reached, and resets the next day', () => {
    const risk = createRiskManager({ dailyLossLimit: new Map([[WETH, 100n]]) })
    risk.record({ startToken: WETH, realizedProfit: -60n, success: true, mined: true, timestamp: base.timestamp })
    expect(risk.check(base).ok).toBe(true)
    risk.record({ startToken: WETH, realizedProfit: -40n, success: true, mined: true, timestamp: base.timestamp })
    expect(risk.check(base)).toMatchObject({ ok: false, code: 'daily-loss-limit', detail: expect.stringMatching(/daily loss/) })
    expect(risk.check({ ...base, timestamp: base.timestamp + 86_400n }).ok).toBe(true)
  })

  it('opens the circuit breaker after N consecutive failures; a success in between resets the count', () => {
    const risk = createRiskManager({ maxConsecutiveFailures: 2 })
    const fail = { startToken: WETH, realizedProfit: 0n, success: false, mined: true, timestamp: base.timestamp }
    risk.record(fail)
    risk.record({ ...fail, success: true })
    risk.record(fail)
    expect(risk.isTripped()).toBe(false)
    risk.record(fail)
    expect(risk.isTripped()).toBe(true)
    expect(risk.check(base)).toMatchObject({ ok: false, code: 'circuit-breaker', detail: expect.stringMatching(/circuit breaker/) })
  })

  it('counts only mined trades that reverted or lost money; an outbid bundle (not mined, cost nothing) neither counts nor resets', () => {
    const risk = createRiskManager({ maxConsecutiveFailures: 2 })
    const reverted = { startToken: WETH, realizedProfit: -5n, success: false, mined: true, timestamp: base.timestamp }
    const outbid = { startToken: WETH, realizedProfit: 0n, success: false, mined: false, timestamp: base.timestamp }
    for (let i = 0; i < 10; i++) risk.record(outbid)
    expect(risk.state().consecutiveFailures).toBe(0)
    expect(risk.isTripped()).toBe(false)
    risk.record(reverted)
    risk.record(outbid) // does not reset the reverted trade's count either
    expect(risk.state().consecutiveFailures).toBe(1)
    // Mined and successful, but lost money after gas: a real loss.
    risk.record({ ...reverted, success: true, realizedProfit: -1n })
    expect(risk.isTripped()).toBe(true)
    expect(countsAsFailure(outbid)).toBe(false)
    expect(countsAsFailure({ ...reverted, success: true, realizedProfit: 0n })).toBe(false)
  })

  it('restores from a saved state (resume)', () => {
    const a = createRiskManager({ maxConsecutiveFailures: 3 })
    a.record({ startToken: WETH, realizedProfit: -7n, success: false, mined: true, timestamp: base.timestamp })
    const b = createRiskManager({ maxConsecutiveFailures: 3 }, a.state())
    expect(b.state()).toEqual(a.state())
  })
})
