import type { Store } from './openStore.js'

/** A token as reports name it. */
export type RunToken = { symbol: string; decimals: number }

/**
 * Symbols and decimals of the tokens of a run's manifest (`runs.manifest_json`), keyed by lower-case
 * address: how reports, gates and summaries turn base units into named decimal amounts.
 */
export async function readRunTokens(store: Store, runId: string): Promise<Map<string, RunToken>> {
  const [row] = await store.query<{ manifest_json: string | null }>('SELECT manifest_json FROM runs WHERE run_id = ?', [runId])
  const out = new Map<string, RunToken>()
  if (!row?.manifest_json) return out
  const manifest = JSON.parse(row.manifest_json) as { tokens?: Record<string, { address: string; decimals: number }> }
  for (const [symbol, t] of Object.entries(manifest.tokens ?? {})) out.set(t.address.toLowerCase(), { symbol, decimals: t.decimals })
  return out
}
