import type { GatesConfig } from './gatesConfigSchema.js'

/** Thresholds of the promotion gates (engine/gates/GATES.md). Ratios are 0..1, latencies milliseconds. */
export type GateThresholds = {
  capital: { minTrades: number; minSuccessRate: number; maxLatencyP95Ms: number }
  flash: { minTrades: number; minSimulationAccuracy: number; maxCostShare: number }
  detection: { maxP95Ms: number }
}

/** The defaults: what a run must show before its config may trade real money. */
export const defaultGateThresholds: GateThresholds = {
  capital: { minTrades: 10, minSuccessRate: 0.9, maxLatencyP95Ms: 500 },
  flash: { minTrades: 50, minSimulationAccuracy: 0.95, maxCostShare: 0.05 },
  detection: { maxP95Ms: 50 },
}

/** The defaults with a config's `gates` section laid over them. */
export function gateThresholds(overrides: GatesConfig | undefined): GateThresholds {
  const d = defaultGateThresholds
  return {
    capital: { ...d.capital, ...strip(overrides?.capital) },
    flash: { ...d.flash, ...strip(overrides?.flash) },
    detection: { ...d.detection, ...strip(overrides?.detection) },
  }
}

function strip<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}
