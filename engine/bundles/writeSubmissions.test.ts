import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/openStore.js'
import type { BundleSubmission } from './createBundleClient.js'
import { recordInclusion } from './recordInclusion.js'
import { resolveSubmissions } from './trackInclusion.js'
import { writeSubmissions } from './writeSubmissions.js'

const HASH = `0x${'ab'.repeat(32)}` as const
let store: Store
beforeEach(async () => {
  store = await openStore({ path: ':memory:' })
})
afterEach(async () => {
  await store.close()
})

describe('submissions table', () => {
  it('records what was sent, then where it landed, per builder and target block', async () => {
    const submissions: BundleSubmission[] = [
      { builder: 'flashbots', targetBlock: 101n, bundleHash: HASH, acceptedHash: HASH },
      { builder: 'titan', targetBlock: 101n, bundleHash: HASH, acceptedHash: HASH },
      { builder: 'flashbots', targetBlock: 102n, bundleHash: HASH, acceptedHash: HASH },
      { builder: 'titan', targetBlock: 102n, bundleHash: HASH, error: 'eth_sendBundle to https://titan.example/ failed: rate limited' },
    ]
    await writeSubmissions(store, { runId: 'r1', opportunityId: 'o1', submissions })
    const pending = await store.query<{ landed: boolean | null }>('SELECT landed FROM submissions')
    expect(pending.map((r) => r.landed)).toEqual([null, null, null, null])

    // Block 101 was built by titan's fee recipient: the bundle landed there at index 3.
    const builders = [
      { name: 'flashbots', url: 'https://relay.flashbots.net', feeRecipient: '0xdafea492d9c6733ae3d56b7ed1adb60692c98bc5' as const },
      { name: 'titan', url: 'https://rpc.titanbuilder.xyz', feeRecipient: '0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97' as const },
    ]
    const at101 = resolveSubmissions(
      submissions,
      { status: 'known', targetBlock: 101n, landed: true, landedBlock: 101n, landedIndex: 3, blockMiner: '0x4838B106FCe9647Bdf1E7877BF73cE8B0BAD5f97' },
      builders,
    )
    const at102 = resolveSubmissions(submissions, { status: 'known', targetBlock: 102n, landed: false, landedBlock: 101n, landedIndex: 3, blockMiner: builders[0]!.feeRecipient }, builders)
    await recordInclusion(store, { runId: 'r1', opportunityId: 'o1', tracked: [...at101, ...at102] })

    const rows = await store.query<{ builder: string; target_block: bigint; landed: boolean; landed_block: bigint | null; landed_index: number | null; error: string | null }>(
      'SELECT builder, target_block, landed, landed_block, landed_index, error FROM submissions ORDER BY target_block, builder',
    )
    expect(rows).toEqual([
      { builder: 'flashbots', target_block: 101n, landed: false, landed_block: 101n, landed_index: 3, error: null },
      { builder: 'titan', target_block: 101n, landed: true, landed_block: 101n, landed_index: 3, error: null },
      { builder: 'flashbots', target_block: 102n, landed: false, landed_block: 101n, landed_index: 3, error: null },
      { builder: 'titan', target_block: 102n, landed: false, landed_block: 101n, landed_index: 3, error: 'eth_sendBundle to https://titan.example/ failed: rate limited' },
    ])
  })
})
