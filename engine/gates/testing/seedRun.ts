import { canonicalJson, configHash } from '../../config/configHash.js'
import type { Config } from '../../config/configSchema.js'
import type { Store } from '../../store/openStore.js'

export type SeedTrade = {
  strategy?: string
  token: string
  simulated: bigint
  realized: bigint
  success?: boolean
  gasCostToken?: bigint
  latencyMs?: number
  detectUs?: number
  reorged?: boolean
}

/** Writes a run and its trades straight into a store, so gate and report tests control every figure. */
export async function seedRun(store: Store, options: { runId: string; config: Config; mode?: string; chainId?: number; trades: SeedTrade[]; manifestJson?: string }): Promise<void> {
  const { runId, config, trades } = options
  await store.append('runs', [
    {
      run_id: runId,
      started_at: new Date(),
      finished_at: new Date(),
      mode: options.mode ?? 'backtest',
      strategies: JSON.stringify(config.strategies.map((s) => s.name)),
      config_json: canonicalJson(config),
      config_hash: configHash(config),
      source: '{"kind":"test"}',
      chain_id: BigInt(options.chainId ?? 31337),
      from_block: 1n,
      to_block: BigInt(trades.length),
      next_block: BigInt(trades.length + 1),
      status: 'completed',
      manifest_json: options.manifestJson ?? null,
    },
  ])
  const id = (i: number) => `${i + 1}-0`
  await store.append(
    'opportunities',
    trades.map((t, i) => ({
      run_id: runId,
      opportunity_id: id(i),
      block_number: BigInt(i + 1),
      strategy: t.strategy ?? 'spatial',
      kind: t.strategy ?? 'spatial',
      route: '[]',
      token_in: t.token,
      amount_in: 10n ** 18n,
      expected_profit: t.simulated,
      execution_mode: config.execution.mode,
      detected_at: new Date(),
      detect_latency_us: t.detectUs ?? 1_000,
    })),
  )
  for (const [i, t] of trades.entries()) {
    if (t.reorged) await store.run('INSERT INTO reorged_opportunities VALUES (?, ?, ?)', [runId, id(i), '0xdropped'])
  }
  await store.append(
    'simulations',
    trades.map((t, i) => ({ run_id: runId, opportunity_id: id(i), success: true, simulated_profit: t.simulated, gas_used: 200_000n, error: null, net_profit: t.simulated })),
  )
  await store.append(
    'executions',
    trades.map((t, i) => {
      const ok = t.success ?? true
      const gas = t.gasCostToken ?? 0n
      return {
        run_id: runId,
        opportunity_id: id(i),
        tx_hash: `0x${(i + 1).toString(16).padStart(64, '0')}`,
        success: ok,
        realized_profit: ok ? t.realized : 0n,
        gas_used: 200_000n,
        gas_cost: 10n ** 15n,
        flash_fee: 0n,
        priority_fee: 0n,
        latency_ms: t.latencyMs ?? 10,
        error: ok ? null : 'reverted',
        gas_cost_token: gas,
        net_profit: (ok ? t.realized : 0n) - gas,
      }
    }),
  )
}
