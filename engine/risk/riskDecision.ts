/** Why the risk manager refused a candidate: a closed set, stored in `rejections.reason` (engine/store/SCHEMA.md). */
export type RiskRejectionCode = 'circuit-breaker' | 'max-notional' | 'max-position' | 'below-min-profit' | 'max-gas-price' | 'daily-loss-limit'

/** The risk manager's answer: data, never a sentence to parse back. `detail` is the human-readable why. */
export type RiskDecision = { ok: true } | { ok: false; code: RiskRejectionCode; detail: string }
