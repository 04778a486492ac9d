import type { PrestateStorage } from '../readPrestateStorage.js'

/** Storage seeds together; where both name a slot, the first one's value (it comes from earlier state). */
export function mergeStorage(...seeds: (PrestateStorage | null)[]): PrestateStorage {
  const out: PrestateStorage = {}
  for (const seed of seeds) {
    for (const [address, slots] of Object.entries(seed ?? {}) as [keyof PrestateStorage, Record<`0x${string}`, `0x${string}`>][]) {
      const into = (out[address] ??= {})
      for (const [slot, value] of Object.entries(slots) as [`0x${string}`, `0x${string}`][]) if (!(slot in into)) into[slot] = value
    }
  }
  return out
}
