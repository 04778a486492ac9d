import { describe, expect, it } from 'vitest'
import type { HistoryBlock } from '../sources/types.js'
import { openStore } from '../store/openStore.js'
import { opportunityId } from '../store/opportunityId.js'
import { markReorged } from './markReorged.js'

const block = (number: bigint, hash: `0x${string}`): HistoryBlock => ({ number, hash, timestamp: 1_700_000_000n + number, baseFee: 1n })

describe('markReorged', () => {
  it('marks the opportunities of the dropped block by (run, height, hash), not those of the block that replaced it', async () => {
    const store = await openStore({ path: ':memory:' })
    try {
      const ancestor = block(9n, '0x09')
      const dropped = block(10n, '0x10aa')
      const replacement = block(10n, '0x10bb')
      const opp = (b: HistoryBlock, i: number, generation: number, runId = 'r') => ({
        run_id: runId, opportunity_id: opportunityId(b.number, i, generation), block_number: b.number, block_hash: b.hash, strategy: 'spatial',
        kind: 'spatial', route: '[]', token_in: '0xaa', amount_in: 1n, expected_profit: 1n, execution_mode: 'flash', detected_at: new Date(), detect_latency_us: 1,
      })
      await store.append('runs', [
        { run_id: 'r', started_at: new Date(), mode: 'paper', strategies: '[]', config_json: '{}', config_hash: 'h', source: '{}', chain_id: 1n, from_block: 9n, next_block: 11n, status: 'running' },
      ])
      await store.append('opportunities', [opp(ancestor, 0, 0), opp(dropped, 0, 0), opp(dropped, 1, 0), opp(dropped, 0, 0, 'other-run')])
      await store.append('blocks', [{ run_id: 'r', block_number: 10n, block_hash: dropped.hash, block_timestamp: dropped.timestamp, processed_at: new Date() }])

      expect(await markReorged(store, 'r', ancestor, [dropped])).toBe(2)
      // The replacement block of that height is processed next: generation 1, its own ids and hash.
      await store.append('opportunities', [opp(replacement, 0, 1)])
      expect(await markReorged(store, 'r', ancestor, [dropped])).toBe(2) // marking twice changes nothing

      expect(await store.query('SELECT opportunity_id, block_hash FROM reorged_opportunities ORDER BY ALL')).toEqual([
        { opportunity_id: '10-0', block_hash: '0x10aa' },
        { opportunity_id: '10-1', block_hash: '0x10aa' },
      ])
      expect(await store.query('SELECT block_number, block_hash FROM reorged_blocks')).toEqual([{ block_number: 10n, block_hash: '0x10aa' }])
      expect(await store.query('SELECT count(*) AS n FROM blocks')).toEqual([{ n: 0n }])
      expect(await store.query("SELECT next_block FROM runs WHERE run_id = 'r'")).toEqual([{ next_block: 10n }])
    } finally {
      await store.close()
    }
  })
})
