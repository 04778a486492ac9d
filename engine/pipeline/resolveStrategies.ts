import type { Config } from '../config/configSchema.js'
import type { Manifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Address } from '../market/types.js'
import { configureStrategy, type StrategyConfigs, type StrategyName } from '../strategies/registry.js'

/** A strategy ready to run: its registry name and its config with token symbols resolved to addresses. */
export type ResolvedStrategy = { [N in StrategyName]: { name: N; config: StrategyConfigs[N] } }[StrategyName]

/** Default start tokens: profit is counted in WETH and the main stablecoin when a config names none. */
const DEFAULT_START = ['WETH', 'USDC']

/**
 * Turns the validated config into runnable strategy configs: token symbols become the manifest's addresses,
 * per-token amounts become address-keyed records; each strategy's registry definition makes its config from
 * those and its own options. `inventory` is the executor's holdings (two-step trades it).
 */
export function resolveStrategies(config: Config, manifest: Manifest, inventory: Record<Address, bigint>): ResolvedStrategy[] {
  const token = (ref: string, field: string): Address => {
    if (ref.startsWith('0x')) return ref.toLowerCase() as Address
    const t = manifest.tokens[ref] ?? manifest.tokens[ref.toUpperCase()]
    if (!t) throw new ConfigError(field, `a token of the manifest (${Object.keys(manifest.tokens).join(', ')}) or an address`, ref)
    return t.address.toLowerCase() as Address
  }
  const perToken = (v: bigint | Record<string, bigint> | undefined, field: string): bigint | Record<Address, bigint> | undefined => {
    if (v === undefined || typeof v === 'bigint') return v
    return Object.fromEntries(Object.entries(v).map(([k, amount]) => [token(k, `${field}.${k}`), amount]))
  }
  const capRecord = (v: bigint | Record<string, bigint> | undefined, start: Address[], field: string): Record<Address, bigint> | undefined => {
    const r = perToken(v, field)
    if (r === undefined) return undefined
    return typeof r === 'bigint' ? Object.fromEntries(start.map((t) => [t, r])) : r
  }

  return config.strategies.map((s, i): ResolvedStrategy => {
    const field = `strategies[${i}]`
    const startTokens = (s.startTokens ?? DEFAULT_START.filter((sym) => manifest.tokens[sym])).map((r, j) => token(r, `${field}.startTokens[${j}]`))
    const minProfit = perToken(s.minProfit, `${field}.minProfit`)
    const maxAmountIn = capRecord(s.maxAmountIn, startTokens, `${field}.maxAmountIn`)
    return { name: s.name, config: configureStrategy(s.name, { startTokens, minProfit, maxAmountIn, inventory }, s) } as ResolvedStrategy
  })
}
