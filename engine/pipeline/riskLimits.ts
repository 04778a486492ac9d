import type { Config } from '../config/configSchema.js'
import type { Manifest } from '../devnet/manifest.js'
import type { Address } from '../market/types.js'
import type { RiskLimits } from '../risk/createRiskManager.js'

/** The config's risk section with token symbols resolved through the manifest (one amount = every token). */
export function riskLimits(config: Config, manifest: Manifest): RiskLimits {
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
