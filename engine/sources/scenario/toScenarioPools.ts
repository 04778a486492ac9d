import type { Address, Hex } from 'viem'
import { devnetTokenSymbols } from '../../devnet/devnetPlan.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { manifestTransferTaxes } from '../../devnet/manifestTransferTaxes.js'
import type { ScenarioPool, ScenarioToken } from './scenarioTypes.js'

/**
 * The manifest's pools (Uniswap V2, SushiSwap, V3, V4 and two-token Balancer V2) with token symbols and decimals resolved;
 * every token must be a devnet token, or TAX (the taxed screening case) when the manifest lists it, with its
 * `transferTaxBps` on its V2 pairs. The scenario's traders and rivals act on all of them; its liquidity
 * provider on the V2 and V3 ones.
 */
export function toScenarioPools(manifest: Manifest): ScenarioPool[] {
  const bySymbol = new Map<string, { symbol: ScenarioToken; decimals: number }>()
  for (const symbol of devnetTokenSymbols) {
    const token = manifest.tokens[symbol]
    if (!token) throw new ScenarioError(`The devnet manifest has no ${symbol}`, { step: 'pools' })
    bySymbol.set(token.address, { symbol, decimals: token.decimals })
  }
  const tax = manifest.tokens.TAX
  if (tax) {
    if (!tax.transferTaxBps) throw new ScenarioError('The devnet manifest lists TAX without its tokens.TAX.transferTaxBps', { step: 'pools' })
    bySymbol.set(tax.address, { symbol: 'TAX', decimals: tax.decimals })
  }
  const taxOf = manifestTransferTaxes(manifest)
  // The scenario's actors trade two-token pools (token0/token1); Balancer pools of more than two tokens are left
  // out, so a replay does not watch them either (see `watched` in generateScenario).
  return manifest.pools.flatMap((p, index) => (p.tokens ? [] : [scenarioPool(manifest, p, index, bySymbol, taxOf)]))
}

function scenarioPool(
  manifest: Manifest,
  p: Manifest['pools'][number],
  index: number,
  bySymbol: Map<string, { symbol: ScenarioToken; decimals: number }>,
  taxOf: ReturnType<typeof manifestTransferTaxes>,
): ScenarioPool {
  {
    const t0 = bySymbol.get(p.token0)
    const t1 = bySymbol.get(p.token1)
    if (!t0 || !t1) throw new ScenarioError(`Pool ${p.address} trades a token that is not a devnet token`, { step: 'pools' })
    const taxed = taxOf(p)
    if (taxed.transferTaxBps && p.venue !== 'uniswap-v2' && p.venue !== 'sushiswap') {
      throw new ScenarioError(`Pool ${p.address} (${p.venue}) trades the taxed TAX: scenario actors trade taxed tokens on V2 pairs only`, { step: 'pools' })
    }
    return {
      index,
      address: p.address,
      venue: p.venue,
      kind: p.venue === 'uniswap-v3' || p.venue === 'uniswap-v4' ? 'v3' : p.venue === 'balancer-v2' ? 'weighted' : 'v2',
      fee: p.fee,
      ...(p.id === undefined ? {} : { id: p.id as Hex }),
      ...(p.tickSpacing === undefined ? {} : { tickSpacing: p.tickSpacing }),
      ...(p.venue === 'balancer-v2' ? { vault: vault(manifest) } : {}),
      token0: p.token0,
      token1: p.token1,
      symbol0: t0.symbol,
      symbol1: t1.symbol,
      decimals0: t0.decimals,
      decimals1: t1.decimals,
      ...taxed,
    }
  }
}

function vault(manifest: Manifest): Address {
  const v = manifest.venues['balancer-v2']?.vault
  if (!v) throw new ScenarioError('The devnet manifest lists Balancer pools but no venues["balancer-v2"].vault', { step: 'pools' })
  return v
}
