import { describe, expect, it } from 'vitest'
import type { HistoryBlock } from '../types.js'
import { createScenarioSource } from './createScenarioSource.js'
import { createStreamingScenarioSource } from './createStreamingScenarioSource.js'

async function collect(blocks: AsyncIterable<HistoryBlock>, delayMs = 0): Promise<HistoryBlock[]> {
  const out: HistoryBlock[] = []
  for await (const b of blocks) {
    out.push(b)
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
  }
  return out
}

describe('createStreamingScenarioSource', () => {
  it('serves the same blocks as the full-history source, generating only as fast as they are consumed', async () => {
    const options = { scenario: 'volatile', blocks: 30, seed: 4 } as const
    const full = await createScenarioSource(options)
    const expected = await collect(full.blocks()).finally(() => full.close())
    const stream = await createStreamingScenarioSource(options)
    try {
      expect(stream.fromBlock).toBe(expected[0]!.number)
      expect(stream.toBlock).toBe(expected.at(-1)!.number)
      // A slow consumer: generation must wait, not run ahead of the node's short history.
      const got = await collect(stream.blocks(), 20)
      expect(got).toEqual(expected)
      await expect(collect(stream.blocks())).rejects.toThrow(/replayed once/)
    } finally {
      await stream.close()
    }
  }, 120_000)

  it('skips to the resume block and stops generating when closed early', async () => {
    const stream = await createStreamingScenarioSource({ scenario: 'calm', blocks: 200, seed: 2 })
    const from = stream.fromBlock + 5n
    const seen: bigint[] = []
    for await (const b of stream.blocks(from)) {
      seen.push(b.number)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([from, from + 1n, from + 2n])
    await stream.close()
    // Closed long before 200 blocks: the node is gone and generation stopped.
    await expect(fetch(stream.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow()
  }, 120_000)
})
