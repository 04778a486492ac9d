import type { Config } from '../config/configSchema.js'

/**
 * The config's risk limits whose decisions depend on earlier outcomes (the day's realized loss, the run of
 * failed executions). A shard starts with fresh counters, so a config with any of these is never split: its
 * block range runs as one job, in order, and decides exactly as an unsplit run.
 */
export function outcomeDependentLimits(config: Config): string[] {
  const out: string[] = []
  if (config.risk.dailyLossLimit !== undefined) out.push('risk.dailyLossLimit')
  if (config.risk.maxConsecutiveFailures !== undefined) out.push('risk.maxConsecutiveFailures')
  return out
}
