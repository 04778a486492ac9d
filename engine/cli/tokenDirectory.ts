import type { Store } from '../store/openStore.js'

/** Symbols and decimals of the tokens of a run's manifest (`runs.manifest_json`), keyed by lower-case address, for display. */
export async function tokenDirectory(store: Store, runId: string): Promise<Map<string, { symbol: string; decimals: number }>> {
  const [row] = await store.query<{ manifest_json: string | null }>('SELECT manifest_json FROM runs WHERE run_id = ?', [runId])
  const out = new Map<string, { symbol: string; decimals: number }>()
  if (!row?.manifest_json) return out
  const manifest = JSON.parse(row.manifest_json) as { tokens?: Record<string, { address: string; decimals: number }> }
  for (const [symbol, t] of Object.entries(manifest.tokens ?? {})) out.set(t.address.toLowerCase(), { symbol, decimals: t.decimals })
  return out
}
