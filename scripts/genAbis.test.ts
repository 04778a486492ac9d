import { readFileSync, existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderAbis } from './genAbis.js'

describe('genAbis', () => {
  it('regenerates engine/abi byte for byte (the committed ABIs match the artifacts)', () => {
    for (const { path, text } of renderAbis()) {
      expect(existsSync(path), `${path} is missing: run npx tsx scripts/genAbis.ts`).toBe(true)
      expect(readFileSync(path, 'utf8'), `${path} drifted: run npx tsx scripts/genAbis.ts`).toBe(text)
    }
  })
})
