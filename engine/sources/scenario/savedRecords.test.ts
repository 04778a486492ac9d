import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startAnvil } from '../../chain/startAnvil.js'
import { SCENARIO_GENERATOR_VERSION } from './generateScenario.js'
import { readScenarioRecord } from './scenarioRecord.js'

const dir = join(import.meta.dirname, '../../../datasets/scenarios')

// Regenerating a 2,000-block record takes minutes, so this checks what makes a saved record regenerate to its
// head (`createScenarioSource({ record })` checks the hash itself, and `createScenarioSource.test.ts` checks
// that path on a short record): it parses, it was made by this generator version and by this Anvil version.
describe('datasets/scenarios records', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))

  it('are valid and made by this generator and this Anvil (else regenerate them with `arb history generate --out`)', async () => {
    expect(files.length).toBeGreaterThan(0)
    const anvil = await startAnvil()
    try {
      const version = await anvil.request<string>('web3_clientVersion')
      for (const f of files) {
        const record = await readScenarioRecord(join(dir, f))
        expect({ file: f, generatorVersion: record.generatorVersion, anvilVersion: record.anvilVersion }).toEqual({
          file: f,
          generatorVersion: SCENARIO_GENERATOR_VERSION,
          anvilVersion: version,
        })
        expect(f).toBe(`${record.scenario}-${record.blocks}-seed${record.seed}.json`)
        expect(BigInt(record.head.number)).toBe(BigInt(record.fromBlock) + BigInt(record.blocks) - 1n)
      }
    } finally {
      await anvil.stop()
    }
  }, 60_000)
})
