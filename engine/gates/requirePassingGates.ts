import { GateError, type FailedGate } from '../errors/GateError.js'
import type { Store } from '../store/openStore.js'

/**
 * Live mode's precondition: a backtest ("forked simulation") run of the same chain id whose stored gate
 * evaluation for `configHash` passed every gate. Resolves with that run's id; otherwise throws a GateError
 * saying that none was run, or which gates failed in the latest evaluation.
 */
export async function requirePassingGates(store: Store, configHash: string, chainId: number | bigint): Promise<string> {
  const rows = await store.query<{ run_id: string; gate: string; value: number | null; threshold: number | null; passed: boolean; evaluated_at: Date }>(
    `SELECT g.run_id, g.gate, g.value, g.threshold, g.passed, g.evaluated_at
     FROM gate_results g JOIN runs r USING (run_id)
     WHERE g.config_hash = ? AND r.chain_id = ? AND r.mode = 'backtest'
     ORDER BY g.evaluated_at DESC, g.run_id, g.gate`,
    [configHash, BigInt(chainId)],
  )
  const byRun = new Map<string, typeof rows>()
  for (const r of rows) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r])
  for (const [runId, gates] of byRun) if (gates.every((g) => g.passed)) return runId
  if (byRun.size === 0) {
    throw new GateError(`Live mode refused: no gate evaluation was run for config ${configHash} on chain ${chainId}`, [], {
      details: 'run a backtest of this config (`arb backtest`), then `arb gates <run_id>`; live needs every gate to pass',
    })
  }
  const [latestRun, latest] = [...byRun][0]!
  const failed: FailedGate[] = latest
    .filter((g) => !g.passed)
    .map((g) => ({ gate: g.gate, value: g.value, threshold: g.threshold ?? Number.NaN, comparison: '' }))
  throw new GateError(`Live mode refused: gates failed for config ${configHash} (latest evaluation: run ${latestRun})`, failed, {
    details: 'improve the backtest or adjust the config `gates` section, then re-run `arb gates <run_id>`',
  })
}
