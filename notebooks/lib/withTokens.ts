import { readRunTokens } from '../../engine/store/readRunTokens.js'
import type { Store } from '../../engine/store/openStore.js'

export type TokenFields = { token: string; decimals: number }

/**
 * Adds `token` (symbol from the run's manifest, else the address) and `decimals` (18 when unknown) to rows
 * keyed by a token address column, so plots can label tokens and convert amounts.
 */
export async function withTokens<R extends { token_in: string }>(store: Store, runId: string, rows: R[]): Promise<(R & TokenFields)[]> {
  const tokens = await readRunTokens(store, runId)
  return rows.map((r) => {
    const t = tokens.get(r.token_in.toLowerCase())
    return { ...r, token: t?.symbol ?? r.token_in, decimals: t?.decimals ?? 18 }
  })
}
