import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors/ConfigError.js'
import type { SweepPlan } from './planSweep.js'
import { resultPaths } from './resultPaths.js'

/** Reads a queued sweep's plan from `DIR/<sweepId>/sweep.json`; a missing one is a ConfigError naming both. */
export async function readSweepPlan(results: string, sweepId: string): Promise<SweepPlan> {
  const path = resultPaths.plan(results, sweepId)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new ConfigError('SWEEP_ID', `a sweep queued with --results ${results} (no ${path})`, sweepId)
  }
  const plan = JSON.parse(text) as SweepPlan
  if (plan.version !== 1 || plan.sweepId !== sweepId || !Array.isArray(plan.points)) throw new ConfigError(path, 'a sweep plan written by `arb sweep --queue`')
  return plan
}
