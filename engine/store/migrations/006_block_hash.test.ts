import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../openStore.js'
import { migrations } from './migrations.js'

describe('migration 006 (block_hash)', () => {
  it('adds block_hash to blocks and opportunities; opportunities already marked reorged get the dropped hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arb-006-'))
    try {
      const path = join(dir, 'v5.duckdb')
      const v5 = await openStore({ path, migrations: migrations.filter((m) => m.version < 6) })
      const opp = (id: string) =>
        `('r', '${id}', 7, 'spatial', 'spatial', '[]', '0xaa', 1, 1, 'flash', TIMESTAMP '2024-01-01 00:00:00', NULL)`
      await v5.run(`INSERT INTO opportunities VALUES ${opp('7-abcdef01-0')}, ${opp('7-12345678-0')}`)
      await v5.run("INSERT INTO reorged_opportunities VALUES ('r', '7-abcdef01-0', '0xabcdef01ff')")
      await v5.run("INSERT INTO blocks VALUES ('r', 7, 1, NULL, TIMESTAMP '2024-01-01 00:00:00')")
      await v5.close()

      const v6 = await openStore({ path })
      expect(await v6.query('SELECT opportunity_id, block_hash FROM opportunities ORDER BY opportunity_id')).toEqual([
        { opportunity_id: '7-12345678-0', block_hash: null },
        { opportunity_id: '7-abcdef01-0', block_hash: '0xabcdef01ff' },
      ])
      expect(await v6.query('SELECT block_number, block_hash FROM blocks')).toEqual([{ block_number: 7n, block_hash: null }])
      await v6.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
