import { devnetTokenSymbols, type DevnetToken } from '../../devnet/devnetPlan.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { ScenarioPool, ScenarioVenue } from './scenarioTypes.js'

/**
 * The manifest's Uniswap V2, SushiSwap and V3 pools with token symbols and decimals resolved; every token must
 * be a devnet token. The scenario's traders and liquidity providers act on these; Balancer and V4 pools are
 * left alone, so their prices stay where they were deployed while the market moves around them.
 */
export function toScenarioPools(manifest: Manifest): ScenarioPool[] {
  const bySymbol = new Map<string, { symbol: DevnetToken; decimals: number }>()
  for (const symbol of devnetTokenSymbols) {
    const token = manifest.tokens[symbol]
    if (!token) throw new ScenarioError(`The devnet manifest has no ${symbol}`, { step: 'pools' })
    bySymbol.set(token.address, { symbol, decimals: token.decimals })
  }
  const traded = manifest.pools.filter((p): p is typeof p & { venue: ScenarioVenue } => p.venue === 'uniswap-v2' || p.venue === 'sushiswap' || p.venue === 'uniswap-v3')
  return traded.map((p, index) => {
    const t0 = bySymbol.get(p.token0)
    const t1 = bySymbol.get(p.token1)
    if (!t0 || !t1) throw new ScenarioError(`Pool ${p.address} trades a token that is not a devnet token`, { step: 'pools' })
    return {
      index,
      address: p.address,
      venue: p.venue,
      kind: p.venue === 'uniswap-v3' ? 'v3' : 'v2',
      fee: p.fee,
      token0: p.token0,
      token1: p.token1,
      symbol0: t0.symbol,
      symbol1: t1.symbol,
      decimals0: t0.decimals,
      decimals1: t1.decimals,
    }
  })
}
