import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/** One builder of a run that sent bundles: how many of the bundles it took landed through it. */
export type BuilderInclusion = {
  builder: string
  /** Opportunities sent to it as a bundle (one bundle, for every target block). */
  sent: number
  /** Of those, the ones it took (accepted for at least one target block). */
  accepted: number
  /** Of those, the ones that landed through it at one of their targets. */
  landed: number
  /** landed / accepted; NaN when it took none. */
  inclusionRate: number
  /** Gas paid, in wei, by the trades of these bundles that did not land through any builder: 0 for bundles. */
  notIncludedGasCost: bigint
}

/**
 * Inclusion rate per builder of a run that sent bundles (`submissions`, migration 9), over opportunities still
 * on the canonical chain and target blocks already mined; empty for a run that sent none. What `arb show` and
 * `arb compare` print for bundles. The cost of non-inclusion is read from `executions`: the gas of trades whose
 * bundle landed nowhere (0 unless something paid for a bundle that did not land).
 *
 * @example
 * const rows = await readInclusionRates(store, runId) // [{ builder: 'flashbots', sent: 10, accepted: 10, landed: 4, inclusionRate: 0.4, notIncludedGasCost: 0n }]
 */
export async function readInclusionRates(store: Store, runId: string): Promise<BuilderInclusion[]> {
  const rows = await store.query<{ builder: string; sent: bigint; accepted: bigint; landed: bigint; not_included_gas: bigint | null }>(
    `WITH s AS (
       SELECT s.* FROM submissions s JOIN ${canonicalOpportunities} o USING (run_id, opportunity_id)
       WHERE s.run_id = $1 AND s.landed IS NOT NULL
     ),
     per_opportunity AS (
       SELECT builder, opportunity_id, bool_or(error IS NULL) AS accepted, bool_or(landed) AS landed FROM s GROUP BY builder, opportunity_id
     ),
     nowhere AS (
       SELECT opportunity_id FROM s GROUP BY opportunity_id HAVING NOT bool_or(landed)
     ),
     gas AS (
       SELECT p.builder, sum(e.gas_cost) AS not_included_gas
       FROM per_opportunity p JOIN nowhere n USING (opportunity_id) JOIN executions e ON e.run_id = $1 AND e.opportunity_id = p.opportunity_id
       GROUP BY p.builder
     )
     SELECT p.builder,
            count(*) AS sent,
            count(*) FILTER (WHERE p.accepted) AS accepted,
            count(*) FILTER (WHERE p.landed) AS landed,
            any_value(g.not_included_gas) AS not_included_gas
     FROM per_opportunity p LEFT JOIN gas g USING (builder)
     GROUP BY p.builder ORDER BY p.builder`,
    [runId],
  )
  return rows.map((r) => {
    const accepted = Number(r.accepted)
    const landed = Number(r.landed)
    return {
      builder: r.builder,
      sent: Number(r.sent),
      accepted,
      landed,
      inclusionRate: accepted === 0 ? Number.NaN : landed / accepted,
      notIncludedGasCost: BigInt(r.not_included_gas ?? 0n),
    }
  })
}
